// Math functions: POWER, SQRT, EXP, LN, LOG*, CEIL, FLOOR, ROUND, TRUNCATE, SIGN, PI, E.
#include <cmath>

#include "weir/sql/functions/builtin_functions.h"
#include "weir/sql/functions/decimal_ops.h"
#include "weir/sql/functions/kernel_loops.h"
#include "weir/sql/functions/type_inference.h"

namespace weir::sql {

namespace {

bool AnyNullable(const BindInput& in) {
  for (const auto& t : in.types) {
    if (t.nullable()) return true;
  }
  return false;
}

// f(DOUBLE...) -> DOUBLE for one or two numeric arguments.
template <typename Op>
BindFn DoubleFunction(const char* name, size_t arity, Op op) {
  return [name, arity, op](const BindInput& in) -> Result<BoundFunction> {
    WEIR_RETURN_NOT_OK(CheckArity(name, in, arity));
    for (const auto& t : in.types) {
      if (!t.is_numeric() && t.id() != TypeId::kNull) return NoMatchingSignature(name, in.types);
    }
    BoundFunction f;
    f.return_type = LogicalType::Double(AnyNullable(in));
    f.operand_types.assign(arity, LogicalType::Double());
    LogicalType rt = f.return_type;
    if (arity == 1) {
      f.kernel = [op, rt](const EvalContext& c, const std::vector<Datum>& a, int64_t n) {
        return UnaryLoop<double, double>(c, a[0], n, rt, [op](double x) { return op(x, 0.0); });
      };
    } else {
      f.kernel = [op, rt](const EvalContext& c, const std::vector<Datum>& a, int64_t n) {
        return BinaryLoop<double, double, double>(c, a, n, rt, op);
      };
    }
    return f;
  };
}

BindFn ConstantFunction(const char* name, double value) {
  return [name, value](const BindInput& in) -> Result<BoundFunction> {
    WEIR_RETURN_NOT_OK(CheckArity(name, in, 0));
    BoundFunction f;
    f.return_type = LogicalType::Double(false);
    f.kernel = [value](const EvalContext& c, const std::vector<Datum>&,
                       int64_t n) -> Result<ColumnPtr> {
      WEIR_ASSIGN_OR_RAISE(auto values, AllocateValues<double>(n, c.pool));
      for (int64_t i = 0; i < n; ++i) values->mutable_data_as<double>()[i] = value;
      return MakeFixedColumn(LogicalType::Double(false), n, values, nullptr);
    };
    return f;
  };
}

// Rounding modes of CEIL, FLOOR, ROUND and TRUNCATE.
enum class RoundMode { kCeil, kFloor, kHalfUp, kDown };

double RoundDouble(double x, int32_t digits, RoundMode mode) {
  if (!std::isfinite(x)) return x;
  double scale = std::pow(10.0, digits);
  double v = x * scale;
  switch (mode) {
    case RoundMode::kCeil:
      v = std::ceil(v);
      break;
    case RoundMode::kFloor:
      v = std::floor(v);
      break;
    case RoundMode::kHalfUp:
      v = std::round(v);
      break;
    case RoundMode::kDown:
      v = std::trunc(v);
      break;
  }
  return v / scale;
}

// Rounds an unscaled decimal at `drop` fractional digits, keeping the scale.
__int128 RoundUnscaled(__int128 v, int32_t drop, RoundMode mode) {
  if (drop <= 0) return v;
  if (drop > 38) return 0;
  __int128 p = Decimal128::PowerOfTen(drop);
  __int128 q = v / p, r = v % p;
  switch (mode) {
    case RoundMode::kHalfUp:
      q = DivideHalfUp(v, p);
      break;
    case RoundMode::kCeil:
      if (r > 0) ++q;
      break;
    case RoundMode::kFloor:
      if (r < 0) --q;
      break;
    case RoundMode::kDown:
      break;
  }
  return q;
}

// Flink's LogicalTypeMerging.findRoundDecimalType.
LogicalType RoundDecimalType(int32_t p, int32_t s, int32_t digits, bool nullable) {
  if (digits >= s) return LogicalType::Decimal(p, s, nullable);
  if (digits < 0) return LogicalType::Decimal(std::min(38, 1 + p - s), 0, nullable);
  return LogicalType::Decimal(std::min(38, 1 + p - s + digits), digits, nullable);
}

BindFn RoundingFunction(const char* name, RoundMode mode, bool has_digits) {
  return [=](const BindInput& in) -> Result<BoundFunction> {
    bool temporal = !in.types.empty() &&
                    (in.types[0].id() == TypeId::kDate || in.types[0].id() == TypeId::kTimestamp ||
                     in.types[0].id() == TypeId::kTimestampLtz || in.types[0].id() == TypeId::kTime);
    if (temporal && (mode == RoundMode::kCeil || mode == RoundMode::kFloor)) {
      return BindTemporalFloor(in, mode == RoundMode::kCeil);
    }
    if (in.types.empty() || in.types.size() > (has_digits ? 2u : 1u) || !in.types[0].is_numeric()) {
      return NoMatchingSignature(name, in.types);
    }
    int32_t digits = 0;
    if (in.types.size() == 2) {
      const Value* d = in.constant(1);
      if (!in.types[1].is_integer() || d == nullptr || d->is_null()) {
        return Status::NotSupported("Function ", name,
                                    " needs an integer literal as its second argument");
      }
      digits = static_cast<int32_t>(d->int_value());
    }
    LogicalType t = in.types[0];
    BoundFunction f;
    f.operand_types = in.types;
    if (t.id() == TypeId::kDecimal) {
      LogicalType rt = RoundDecimalType(t.precision(), t.scale(), digits, t.nullable());
      f.return_type = rt;
      int32_t s = t.scale();
      f.kernel = [=](const EvalContext& c, const std::vector<Datum>& a, int64_t n) {
        return UnaryLoop<__int128, __int128>(c, a[0], n, rt, [=](__int128 v) {
          __int128 q = RoundUnscaled(v, s - digits, mode);  // now at scale `digits`
          __int128 out = q;
          if (rt.scale() > digits) {
            out = q * Decimal128::PowerOfTen(rt.scale() - digits);
          } else if (rt.scale() < digits) {
            out = q / Decimal128::PowerOfTen(digits - rt.scale());
          }
          return out;
        });
      };
      return f;
    }
    f.return_type = t;
    if (t.id() == TypeId::kFloat || t.id() == TypeId::kDouble) {
      f.kernel = [=](const EvalContext& c, const std::vector<Datum>& a, int64_t n) {
        return DispatchFixed(t.id(), [&](auto tag) {
          using T = decltype(tag);
          return UnaryLoop<T, T>(c, a[0], n, t, [=](T x) {
            return static_cast<T>(RoundDouble(static_cast<double>(x), digits, mode));
          });
        });
      };
      return f;
    }
    // Integers: only negative digit counts change the value.
    f.kernel = [=](const EvalContext& c, const std::vector<Datum>& a, int64_t n) {
      return DispatchFixed(t.id(), [&](auto tag) {
        using T = decltype(tag);
        return UnaryLoop<T, T>(c, a[0], n, t, [=](T x) {
          return static_cast<T>(RoundUnscaled(static_cast<__int128>(x), -digits, mode) *
                                (digits < 0 ? Decimal128::PowerOfTen(-digits) : 1));
        });
      });
    };
    return f;
  };
}

Result<BoundFunction> BindSign(const BindInput& in) {
  WEIR_RETURN_NOT_OK(CheckArity("SIGN", in, 1));
  LogicalType t = in.types[0];
  if (!t.is_numeric()) return NoMatchingSignature("SIGN", in.types);
  BoundFunction f;
  f.return_type = t;
  f.operand_types = {t};
  __int128 one = t.id() == TypeId::kDecimal ? Decimal128::PowerOfTen(t.scale()) : 1;
  f.kernel = [t, one](const EvalContext& c, const std::vector<Datum>& a, int64_t n) {
    return DispatchFixed(t.id(), [&](auto tag) {
      using T = decltype(tag);
      return UnaryLoop<T, T>(c, a[0], n, t, [one](T x) -> T {
        if constexpr (std::is_floating_point_v<T>) {
          return std::isnan(x) ? x : static_cast<T>((x > 0) - (x < 0));
        } else {
          return static_cast<T>(x > 0 ? static_cast<T>(one) : (x < 0 ? -static_cast<T>(one) : 0));
        }
      });
    });
  };
  return f;
}

}  // namespace

void RegisterMathFunctions(FunctionRegistry* r) {
  r->Register({"POWER", "arithmetic",
               DoubleFunction("POWER", 2, [](double x, double y) { return std::pow(x, y); })});
  r->Register({"SQRT", "arithmetic",
               DoubleFunction("SQRT", 1, [](double x, double) { return std::sqrt(x); })});
  r->Register({"EXP", "arithmetic",
               DoubleFunction("EXP", 1, [](double x, double) { return std::exp(x); })});
  r->Register(
      {"LN", "arithmetic", DoubleFunction("LN", 1, [](double x, double) { return std::log(x); })});
  r->Register({"LOG10", "arithmetic",
               DoubleFunction("LOG10", 1, [](double x, double) { return std::log10(x); })});
  r->Register({"LOG2", "arithmetic",
               DoubleFunction("LOG2", 1, [](double x, double) { return std::log2(x); })});
  BindFn log1 = DoubleFunction("LOG", 1, [](double x, double) { return std::log(x); });
  BindFn log2 =
      DoubleFunction("LOG", 2, [](double base, double x) { return std::log(x) / std::log(base); });
  r->Register({"LOG", "arithmetic", [log1, log2](const BindInput& in) {
                 return in.types.size() == 2 ? log2(in) : log1(in);
               }});
  r->Register({"CEIL", "arithmetic", RoundingFunction("CEIL", RoundMode::kCeil, false)},
              {"CEILING"});
  r->Register({"FLOOR", "arithmetic", RoundingFunction("FLOOR", RoundMode::kFloor, false)});
  r->Register({"ROUND", "arithmetic", RoundingFunction("ROUND", RoundMode::kHalfUp, true)});
  r->Register({"TRUNCATE", "arithmetic", RoundingFunction("TRUNCATE", RoundMode::kDown, true)});
  r->Register({"SIGN", "arithmetic", BindSign});
  struct Unary {
    const char* name;
    double (*fn)(double);
  };
  static constexpr Unary kTrig[] = {
      {"SIN", [](double x) { return std::sin(x); }},
      {"COS", [](double x) { return std::cos(x); }},
      {"TAN", [](double x) { return std::tan(x); }},
      {"COT", [](double x) { return 1.0 / std::tan(x); }},
      {"ASIN", [](double x) { return std::asin(x); }},
      {"ACOS", [](double x) { return std::acos(x); }},
      {"ATAN", [](double x) { return std::atan(x); }},
      {"SINH", [](double x) { return std::sinh(x); }},
      {"COSH", [](double x) { return std::cosh(x); }},
      {"TANH", [](double x) { return std::tanh(x); }},
      {"DEGREES", [](double x) { return x * 180.0 / M_PI; }},
      {"RADIANS", [](double x) { return x / 180.0 * M_PI; }},
  };
  for (const Unary& u : kTrig) {
    auto fn = u.fn;
    r->Register({u.name, "arithmetic",
                 DoubleFunction(u.name, 1, [fn](double x, double) { return fn(x); })});
  }
  r->Register({"ATAN2", "arithmetic",
               DoubleFunction("ATAN2", 2, [](double y, double x) { return std::atan2(y, x); })});
  r->Register({"PI", "arithmetic", ConstantFunction("PI", M_PI)});
  r->Register({"E", "arithmetic", ConstantFunction("E", M_E)});
}

}  // namespace weir::sql
