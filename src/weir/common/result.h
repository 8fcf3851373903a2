// Result<T>: either a value of type T or the Status saying why there is none.
#pragma once

#include <optional>
#include <type_traits>
#include <utility>

#include "weir/common/check.h"
#include "weir/common/status.h"

namespace weir {

template <typename T>
class [[nodiscard]] Result {
 public:
  using ValueType = T;

  /// Holds a value.
  Result(const T& value) : value_(value) {}  // NOLINT(runtime/explicit)
  Result(T&& value) : value_(std::move(value)) {}  // NOLINT(runtime/explicit)
  template <typename U>
    requires(std::is_convertible_v<U &&, T> && !std::is_same_v<std::decay_t<U>, T> &&
             !std::is_same_v<std::decay_t<U>, Status>)
  Result(U&& value) : value_(std::forward<U>(value)) {}  // NOLINT(runtime/explicit)

  /// Holds an error; `status` must not be OK.
  Result(Status status) : status_(std::move(status)) {  // NOLINT(runtime/explicit)
    if (status_.IsOkUnchecked()) {
      status_.IgnoreError();
      status_ = Status::Internal("Result constructed from an OK Status without a value");
    }
  }

  Result(Result&&) noexcept = default;
  Result& operator=(Result&&) noexcept = default;
  Result(const Result&) = default;
  Result& operator=(const Result&) = default;

  bool ok() const { return status_.ok(); }
  const Status& status() const& { return status_; }
  Status status() && { return std::move(status_); }

  /// Returns the value; aborts with the error if there is none.
  const T& ValueOrDie() const& {
    CheckHasValue();
    return *value_;
  }
  T& ValueOrDie() & {
    CheckHasValue();
    return *value_;
  }
  T ValueOrDie() && {
    CheckHasValue();
    return std::move(*value_);
  }
  /// Returns the value (the caller has checked ok()).
  const T& operator*() const& { return ValueOrDie(); }
  T& operator*() & { return ValueOrDie(); }
  T operator*() && { return std::move(*this).ValueOrDie(); }
  const T* operator->() const { return &ValueOrDie(); }
  T* operator->() { return &ValueOrDie(); }

  /// Returns the value or `fallback` when there is an error.
  T ValueOr(T fallback) && {
    if (!status_.ok()) return fallback;
    return std::move(*value_);
  }

  /// Moves the value out; the caller has checked ok(). Used by WEIR_ASSIGN_OR_RAISE.
  T MoveValueUnsafe() { return std::move(*value_); }

 private:
  void CheckHasValue() const {
    if (!status_.IsOkUnchecked()) {
      internal::CheckFailed(__FILE__, __LINE__, "Result has no value", status_.ToString());
    }
  }

  Status status_;
  std::optional<T> value_;
};

namespace internal {
inline Status GenericToStatus(const Status& st) { return st; }
inline Status GenericToStatus(Status&& st) { return std::move(st); }
template <typename T>
Status GenericToStatus(const Result<T>& r) {
  return r.status();
}
template <typename T>
Status GenericToStatus(Result<T>&& r) {
  return std::move(r).status();
}
}  // namespace internal

}  // namespace weir

#define WEIR_CONCAT_IMPL(a, b) a##b
#define WEIR_CONCAT(a, b) WEIR_CONCAT_IMPL(a, b)

#define WEIR_ASSIGN_OR_RAISE_IMPL(result_name, lhs, rexpr)     \
  auto&& result_name = (rexpr);                                \
  if (__builtin_expect(!(result_name).ok(), 0)) {              \
    return std::move(result_name).status();                    \
  }                                                            \
  lhs = std::move(result_name).MoveValueUnsafe();

/// Evaluates `rexpr` (a Result<T>); on error returns its Status, else assigns the value to `lhs`.
/// `lhs` may declare a variable: WEIR_ASSIGN_OR_RAISE(auto batch, Decode(bytes));
#define WEIR_ASSIGN_OR_RAISE(lhs, rexpr) \
  WEIR_ASSIGN_OR_RAISE_IMPL(WEIR_CONCAT(_weir_result_, __COUNTER__), lhs, rexpr)
