// Arithmetic operators: + - * / % (MOD), unary minus and plus, ABS.
#include <cmath>

#include "weir/sql/functions/builtin_functions.h"
#include "weir/sql/functions/decimal_ops.h"
#include "weir/sql/functions/kernel_loops.h"
#include "weir/sql/functions/type_inference.h"

namespace weir::sql {

namespace {

// Fails when a row where both operands are non-null has a zero divisor (Java's
// ArithmeticException); rows with a NULL operand yield NULL without evaluating.
template <typename T>
Status CheckNoZeroDivisor(const std::vector<Datum>& args, int64_t n) {
  const Datum& d = args[1];
  const Datum& a = args[0];
  if (d.type().id() == TypeId::kNull || a.type().id() == TypeId::kNull) return Status::OK();
  if (a.scalar && a.IsNull(0)) return Status::OK();
  const T* v = d.column->values<T>();
  int64_t count = d.scalar ? 1 : n;
  bool no_nulls = d.NoNulls() && a.NoNulls();
  for (int64_t i = 0; i < count; ++i) {
    if (v[i] != T{0}) continue;
    if (no_nulls) return Status::Invalid("Division by zero");
    if (d.IsNull(i)) continue;
    if (!d.scalar) {
      if (!a.IsNull(i)) return Status::Invalid("Division by zero");
      continue;
    }
    for (int64_t k = 0; k < n; ++k) {  // scalar zero divisor: any non-null dividend fails
      if (!a.IsNull(k)) return Status::Invalid("Division by zero");
    }
  }
  return Status::OK();
}

template <typename T>
KernelFn IntegerKernel(ArithmeticOp op, LogicalType out) {
  switch (op) {
    case ArithmeticOp::kAdd:
      return [out](const EvalContext& c, const std::vector<Datum>& a, int64_t n) {
        return BinaryLoop<T, T, T>(c, a, n, out, [](T x, T y) { return WrapAdd(x, y); });
      };
    case ArithmeticOp::kSubtract:
      return [out](const EvalContext& c, const std::vector<Datum>& a, int64_t n) {
        return BinaryLoop<T, T, T>(c, a, n, out, [](T x, T y) { return WrapSub(x, y); });
      };
    case ArithmeticOp::kMultiply:
      return [out](const EvalContext& c, const std::vector<Datum>& a, int64_t n) {
        return BinaryLoop<T, T, T>(c, a, n, out, [](T x, T y) { return WrapMul(x, y); });
      };
    case ArithmeticOp::kDivide:
      return
          [out](const EvalContext& c, const std::vector<Datum>& a, int64_t n) -> Result<ColumnPtr> {
            WEIR_RETURN_NOT_OK(CheckNoZeroDivisor<T>(a, n));
            // y == 0 only on null rows (checked above); -1 avoids MIN / -1 trapping.
            return BinaryLoop<T, T, T>(c, a, n, out, [](T x, T y) {
              return y == T{-1} ? WrapNeg(x) : (y == 0 ? T{0} : static_cast<T>(x / y));
            });
          };
    case ArithmeticOp::kModulo:
      return
          [out](const EvalContext& c, const std::vector<Datum>& a, int64_t n) -> Result<ColumnPtr> {
            WEIR_RETURN_NOT_OK(CheckNoZeroDivisor<T>(a, n));
            return BinaryLoop<T, T, T>(c, a, n, out, [](T x, T y) {
              return (y == T{-1} || y == 0) ? T{0} : static_cast<T>(x % y);
            });
          };
  }
  return nullptr;
}

template <typename T>
KernelFn FloatKernel(ArithmeticOp op, LogicalType out) {
  return [op, out](const EvalContext& c, const std::vector<Datum>& a, int64_t n) {
    switch (op) {
      case ArithmeticOp::kAdd:
        return BinaryLoop<T, T, T>(c, a, n, out, [](T x, T y) { return x + y; });
      case ArithmeticOp::kSubtract:
        return BinaryLoop<T, T, T>(c, a, n, out, [](T x, T y) { return x - y; });
      case ArithmeticOp::kMultiply:
        return BinaryLoop<T, T, T>(c, a, n, out, [](T x, T y) { return x * y; });
      case ArithmeticOp::kDivide:
        return BinaryLoop<T, T, T>(c, a, n, out, [](T x, T y) { return x / y; });
      case ArithmeticOp::kModulo:
        return BinaryLoop<T, T, T>(c, a, n, out, [](T x, T y) { return std::fmod(x, y); });
    }
    return BinaryLoop<T, T, T>(c, a, n, out, [](T x, T) { return x; });
  };
}

// DECIMAL operands keep their own scales; results that do not fit the result precision are
// NULL (Flink's DecimalData overflow behaviour).
KernelFn DecimalKernel(ArithmeticOp op, LogicalType out, int32_t s1, int32_t s2) {
  const int32_t s = out.scale();
  const int32_t p = out.precision();
  return [=](const EvalContext& c, const std::vector<Datum>& a, int64_t n) -> Result<ColumnPtr> {
    using D = __int128;
    if (op == ArithmeticOp::kDivide || op == ArithmeticOp::kModulo) {
      WEIR_RETURN_NOT_OK(CheckNoZeroDivisor<D>(a, n));
    }
    switch (op) {
      case ArithmeticOp::kAdd:
      case ArithmeticOp::kSubtract: {
        bool sub = op == ArithmeticOp::kSubtract;
        return BinaryNullableLoop<D, D, D>(c, a, n, out, [=](D x, D y, D* r) {
          D xs, ys;
          if (!RescaleDecimal(x, s1, s, &xs) || !RescaleDecimal(y, s2, s, &ys)) return false;
          bool ovf = sub ? __builtin_sub_overflow(xs, ys, r) : __builtin_add_overflow(xs, ys, r);
          return !ovf && FitsDecimal(*r, p);
        });
      }
      case ArithmeticOp::kMultiply:
        return BinaryNullableLoop<D, D, D>(c, a, n, out, [=](D x, D y, D* r) {
          D prod;
          if (__builtin_mul_overflow(x, y, &prod)) return false;
          if (!RescaleDecimal(prod, s1 + s2, s, r)) return false;
          return FitsDecimal(*r, p);
        });
      case ArithmeticOp::kDivide:
        return BinaryNullableLoop<D, D, D>(c, a, n, out, [=](D x, D y, D* r) {
          if (y == 0) return false;  // null rows only
          // x / 10^s1 / (y / 10^s2) * 10^s = x * 10^(s + s2 - s1) / y
          int32_t shift = s + s2 - s1;
          D num = x, den = y;
          if (shift >= 0) {
            if (!RescaleDecimal(x, 0, shift, &num)) return false;
          } else if (!RescaleDecimal(y, 0, -shift, &den)) {
            return false;
          }
          *r = DivideHalfUp(num, den);
          return FitsDecimal(*r, p);
        });
      case ArithmeticOp::kModulo:
        return BinaryNullableLoop<D, D, D>(c, a, n, out, [=](D x, D y, D* r) {
          if (y == 0) return false;
          D xs, ys;
          if (!RescaleDecimal(x, s1, s, &xs) || !RescaleDecimal(y, s2, s, &ys)) return false;
          *r = xs % ys;
          return FitsDecimal(*r, p);
        });
    }
    return Status::Internal("unknown decimal operator");
  };
}

BindFn ArithmeticBinder(const char* name, ArithmeticOp op) {
  return [name, op](const BindInput& in) -> Result<BoundFunction> {
    WEIR_RETURN_NOT_OK(CheckArity(name, in, 2));
    if (IsIntervalArithmetic(in.types)) return BindIntervalArithmetic(name, op, in);
    LogicalType a = in.types[0], b = in.types[1];
    // An untyped NULL takes the other operand's type.
    if (a.id() == TypeId::kNull) a = b.WithNullable(true);
    if (b.id() == TypeId::kNull) b = a.WithNullable(true);
    if (a.id() == TypeId::kNull) a = b = LogicalType::Int();
    auto out = InferArithmeticType(op, a, b);
    if (!out.ok()) return NoMatchingSignature(name, in.types);
    LogicalType rt = *out;
    BoundFunction f;
    f.return_type = rt;
    switch (rt.id()) {
      case TypeId::kDecimal: {
        LogicalType da = DecimalOfInteger(a), db = DecimalOfInteger(b);
        f.operand_types = {da, db};
        f.kernel = DecimalKernel(op, rt, da.scale(), db.scale());
        return f;
      }
      case TypeId::kFloat:
        f.operand_types = {rt, rt};
        f.kernel = FloatKernel<float>(op, rt);
        return f;
      case TypeId::kDouble:
        f.operand_types = {rt, rt};
        f.kernel = FloatKernel<double>(op, rt);
        return f;
      default:
        f.operand_types = {rt, rt};
        if (op == ArithmeticOp::kModulo) {
          // Calcite types integer MOD as its second operand; compute wide, then narrow.
          f.return_type = b.WithNullable(rt.nullable());
        }
        f.kernel = DispatchFixed(rt.id(), [&](auto tag) -> KernelFn {
          using T = decltype(tag);
          if constexpr (std::is_integral_v<T> && !std::is_same_v<T, __int128>) {
            KernelFn wide = IntegerKernel<T>(op, rt);
            if (f.return_type.id() == rt.id()) return wide;
            LogicalType narrow = f.return_type;
            return [wide, narrow](const EvalContext& c, const std::vector<Datum>& a,
                                  int64_t n) -> Result<ColumnPtr> {
              WEIR_ASSIGN_OR_RAISE(ColumnPtr w, wide(c, a, n));
              return DispatchFixed(narrow.id(), [&](auto rtag) {
                using R = decltype(rtag);
                return UnaryLoop<T, R>(c, Datum{w, false}, n, narrow,
                                       [](T x) { return static_cast<R>(x); });
              });
            };
          } else {
            return nullptr;
          }
        });
        return f;
    }
  };
}

// Unary minus / ABS over any numeric type (unary minus on intervals: interval_arithmetic.cc).
template <bool kAbs>
Result<BoundFunction> BindNegate(std::string_view name, const BindInput& in) {
  WEIR_RETURN_NOT_OK(CheckArity(name, in, 1));
  LogicalType t = in.types[0];
  if (!kAbs && IsIntervalArithmetic(in.types)) {
    return BindIntervalArithmetic(name, ArithmeticOp::kSubtract, in);
  }
  if (!t.is_numeric()) return NoMatchingSignature(name, in.types);
  BoundFunction f;
  f.return_type = t;
  f.operand_types = {t};
  f.kernel = [t](const EvalContext& c, const std::vector<Datum>& a, int64_t n) {
    return DispatchFixed(t.id(), [&](auto tag) {
      using T = decltype(tag);
      return UnaryLoop<T, T>(c, a[0], n, t, [](T x) -> T {
        if constexpr (std::is_floating_point_v<T>) {
          return kAbs ? std::fabs(x) : -x;
        } else if constexpr (std::is_same_v<T, __int128>) {
          return (kAbs && x >= 0) ? x : -x;
        } else {
          return (kAbs && x >= 0) ? x : WrapNeg(x);
        }
      });
    });
  };
  return f;
}

Result<BoundFunction> BindUnaryPlus(const BindInput& in) {
  WEIR_RETURN_NOT_OK(CheckArity("+", in, 1));
  const TypeId id = in.types[0].id();
  const bool interval = id == TypeId::kIntervalDayTime || id == TypeId::kIntervalYearMonth;
  if (!in.types[0].is_numeric() && !interval) return NoMatchingSignature("+", in.types);
  BoundFunction f;
  f.return_type = in.types[0];
  f.operand_types = {in.types[0]};
  f.kernel = [](const EvalContext&, const std::vector<Datum>& a, int64_t n) {
    return Materialize(a[0], n, nullptr);
  };
  return f;
}

}  // namespace

void RegisterArithmeticFunctions(FunctionRegistry* r) {
  BindFn add = ArithmeticBinder("+", ArithmeticOp::kAdd);
  BindFn sub = ArithmeticBinder("-", ArithmeticOp::kSubtract);
  r->Register({"+", "arithmetic", [add](const BindInput& in) {
                 return in.types.size() == 1 ? BindUnaryPlus(in) : add(in);
               }});
  r->Register({"-", "arithmetic", [sub](const BindInput& in) {
                 return in.types.size() == 1 ? BindNegate<false>("-", in) : sub(in);
               }});
  r->Register({"*", "arithmetic", ArithmeticBinder("*", ArithmeticOp::kMultiply)});
  r->Register({"/", "arithmetic", ArithmeticBinder("/", ArithmeticOp::kDivide)});
  r->Register({"MOD", "arithmetic", ArithmeticBinder("MOD", ArithmeticOp::kModulo)}, {"%"});
  r->Register(
      {"ABS", "arithmetic", [](const BindInput& in) { return BindNegate<true>("ABS", in); }});
}

}  // namespace weir::sql
