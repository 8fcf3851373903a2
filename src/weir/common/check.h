// WEIR_CHECK (always on) and WEIR_DCHECK (checked builds) invariant macros that print both operands.
#pragma once

#include <string>

#include "weir/common/str_cat.h"

namespace weir::internal {

/// Prints "Check failed: <condition> <detail> at <file>:<line>" and aborts.
[[noreturn]] void CheckFailed(const char* file, int line, const char* condition,
                              const std::string& detail);

template <typename A, typename B>
[[noreturn]] void CheckOpFailed(const char* file, int line, const char* condition, const A& a,
                                const B& b) {
  CheckFailed(file, line, condition, StrCat("(", a, " vs. ", b, ")"));
}

}  // namespace weir::internal

#define WEIR_CHECK(cond)                                                 \
  do {                                                                   \
    if (__builtin_expect(!(cond), 0)) {                                  \
      ::weir::internal::CheckFailed(__FILE__, __LINE__, #cond, "");      \
    }                                                                    \
  } while (false)

#define WEIR_CHECK_MSG(cond, ...)                                                      \
  do {                                                                                 \
    if (__builtin_expect(!(cond), 0)) {                                                \
      ::weir::internal::CheckFailed(__FILE__, __LINE__, #cond, ::weir::StrCat(__VA_ARGS__)); \
    }                                                                                  \
  } while (false)

#define WEIR_CHECK_OP(op, a, b)                                                   \
  do {                                                                            \
    const auto& _weir_a = (a);                                                    \
    const auto& _weir_b = (b);                                                    \
    if (__builtin_expect(!(_weir_a op _weir_b), 0)) {                             \
      ::weir::internal::CheckOpFailed(__FILE__, __LINE__, #a " " #op " " #b, _weir_a, \
                                      _weir_b);                                   \
    }                                                                             \
  } while (false)

#define WEIR_CHECK_EQ(a, b) WEIR_CHECK_OP(==, a, b)
#define WEIR_CHECK_NE(a, b) WEIR_CHECK_OP(!=, a, b)
#define WEIR_CHECK_LT(a, b) WEIR_CHECK_OP(<, a, b)
#define WEIR_CHECK_LE(a, b) WEIR_CHECK_OP(<=, a, b)
#define WEIR_CHECK_GT(a, b) WEIR_CHECK_OP(>, a, b)
#define WEIR_CHECK_GE(a, b) WEIR_CHECK_OP(>=, a, b)

/// Aborts if `expr` (a Status) is not OK. For tests, tools and impossible failures.
#define WEIR_CHECK_OK(expr)                                                          \
  do {                                                                               \
    ::weir::Status _weir_st = (expr);                                                \
    if (!_weir_st.ok()) {                                                            \
      ::weir::internal::CheckFailed(__FILE__, __LINE__, #expr " is OK", _weir_st.ToString()); \
    }                                                                                \
  } while (false)

#ifdef WEIR_DCHECK_ENABLED
#define WEIR_DCHECK(cond) WEIR_CHECK(cond)
#define WEIR_DCHECK_EQ(a, b) WEIR_CHECK_EQ(a, b)
#define WEIR_DCHECK_NE(a, b) WEIR_CHECK_NE(a, b)
#define WEIR_DCHECK_LT(a, b) WEIR_CHECK_LT(a, b)
#define WEIR_DCHECK_LE(a, b) WEIR_CHECK_LE(a, b)
#define WEIR_DCHECK_GT(a, b) WEIR_CHECK_GT(a, b)
#define WEIR_DCHECK_GE(a, b) WEIR_CHECK_GE(a, b)
#else
#define WEIR_DCHECK(cond) \
  do {                    \
    (void)sizeof(cond);   \
  } while (false)
#define WEIR_DCHECK_EQ(a, b) WEIR_DCHECK((a) == (b))
#define WEIR_DCHECK_NE(a, b) WEIR_DCHECK((a) != (b))
#define WEIR_DCHECK_LT(a, b) WEIR_DCHECK((a) < (b))
#define WEIR_DCHECK_LE(a, b) WEIR_DCHECK((a) <= (b))
#define WEIR_DCHECK_GT(a, b) WEIR_DCHECK((a) > (b))
#define WEIR_DCHECK_GE(a, b) WEIR_DCHECK((a) >= (b))
#endif
