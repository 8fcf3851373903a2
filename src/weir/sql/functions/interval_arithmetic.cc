// Datetime and interval arithmetic: datetime +/- interval, interval +/- interval, interval * /
// numeric and unary minus on intervals (the temporal overloads of + - * /).
#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

#include "weir/common/batch/java_format.h"
#include "weir/sql/functions/builtin_functions.h"
#include "weir/sql/functions/kernel_loops.h"

namespace weir::sql {

namespace {

constexpr int64_t kMillisPerDay = 86400000;
constexpr int64_t kNanosPerDay = 86400LL * 1000000000LL;

bool IsDatetime(TypeId id) {
  return id == TypeId::kDate || id == TypeId::kTime || id == TypeId::kTimestamp ||
         id == TypeId::kTimestampLtz;
}

bool IsInterval(TypeId id) {
  return id == TypeId::kIntervalDayTime || id == TypeId::kIntervalYearMonth;
}

int64_t FloorDivide(int64_t a, int64_t b) {
  const int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

// Splits days since the epoch into a proleptic Gregorian year, month (1-12) and day (1-31),
// counting 400-year cycles from 0000-03-01 so leap days fall at the end of a cycle year.
void SplitDays(int64_t days, int64_t* year, int* month, int* day) {
  const int64_t shifted = days + 719468;  // days from 0000-03-01 to 1970-01-01
  const int64_t cycle = FloorDivide(shifted, 146097);
  const int64_t day_of_cycle = shifted - cycle * 146097;
  const int64_t year_of_cycle =
      (day_of_cycle - day_of_cycle / 1460 + day_of_cycle / 36524 - day_of_cycle / 146096) / 365;
  const int64_t day_of_year =
      day_of_cycle - (365 * year_of_cycle + year_of_cycle / 4 - year_of_cycle / 100);
  const int64_t march_month = (5 * day_of_year + 2) / 153;  // 0 = March ... 11 = February
  *day = static_cast<int>(day_of_year - (153 * march_month + 2) / 5 + 1);
  *month = static_cast<int>(march_month < 10 ? march_month + 3 : march_month - 9);
  *year = year_of_cycle + cycle * 400 + (*month <= 2 ? 1 : 0);
}

// Adds `months` to a day, keeping the day of month or clamping it to the target month's last
// day (2024-01-31 + 1 month = 2024-02-29), as Flink's addMonths does.
int64_t AddMonthsToDay(int64_t days, int64_t months) {
  int64_t year;
  int month, day;
  SplitDays(days, &year, &month, &day);
  const int64_t total = year * 12 + (month - 1) + months;
  const int64_t new_year = FloorDivide(total, 12);
  const int new_month = static_cast<int>(total - new_year * 12) + 1;
  const int64_t first = java::DaysFromCivil(new_year, new_month, 1);
  const int64_t next_first = new_month == 12 ? java::DaysFromCivil(new_year + 1, 1, 1)
                                             : java::DaysFromCivil(new_year, new_month + 1, 1);
  return first + std::min<int64_t>(day, next_first - first) - 1;
}

// Truncates a double toward zero into int64, saturating (NaN gives 0), as Java's (long) cast.
int64_t SaturatingTruncate(double v) {
  if (std::isnan(v)) return 0;
  if (v >= 9.2233720368547758e18) return std::numeric_limits<int64_t>::max();
  if (v <= -9.2233720368547758e18) return std::numeric_limits<int64_t>::min();
  return static_cast<int64_t>(v);
}

// The (start, end) field indices of a resolution: YEAR 0, MONTH 1; DAY 0 ... SECOND 3.
std::pair<int, int> ResolutionFields(IntervalResolution r) {
  using R = IntervalResolution;
  switch (r) {
    case R::kYear:
      return {0, 0};
    case R::kYearToMonth:
      return {0, 1};
    case R::kMonth:
      return {1, 1};
    case R::kDay:
      return {0, 0};
    case R::kDayToHour:
      return {0, 1};
    case R::kDayToMinute:
      return {0, 2};
    case R::kDayToSecond:
      return {0, 3};
    case R::kHour:
      return {1, 1};
    case R::kHourToMinute:
      return {1, 2};
    case R::kHourToSecond:
      return {1, 3};
    case R::kMinute:
      return {2, 2};
    case R::kMinuteToSecond:
      return {2, 3};
    case R::kSecond:
      return {3, 3};
  }
  return {0, 0};
}

IntervalResolution DayTimeResolutionOf(int start, int end) {
  using R = IntervalResolution;
  static const R kTable[4][4] = {{R::kDay, R::kDayToHour, R::kDayToMinute, R::kDayToSecond},
                                 {R::kDay, R::kHour, R::kHourToMinute, R::kHourToSecond},
                                 {R::kDay, R::kHour, R::kMinute, R::kMinuteToSecond},
                                 {R::kDay, R::kHour, R::kMinute, R::kSecond}};
  return kTable[start][end];
}

// The type of interval +/- interval (same family): the two qualifiers' union, the larger
// precisions. Nullable if either operand is.
Result<LogicalType> MergeIntervals(const LogicalType& a, const LogicalType& b) {
  const bool nullable = a.nullable() || b.nullable();
  if (a.EqualsIgnoringNullability(b)) return a.WithNullable(nullable);
  auto [sa, ea] = ResolutionFields(a.interval_resolution());
  auto [sb, eb] = ResolutionFields(b.interval_resolution());
  const int start = std::min(sa, sb), end = std::max(ea, eb);
  const int32_t precision = std::max(a.precision(), b.precision());
  if (a.id() == TypeId::kIntervalYearMonth) {
    const IntervalResolution r =
        start == end ? (start == 0 ? IntervalResolution::kYear : IntervalResolution::kMonth)
                     : IntervalResolution::kYearToMonth;
    return LogicalType::MakeIntervalYearMonth(r, precision, nullable);
  }
  return LogicalType::MakeIntervalDayTime(DayTimeResolutionOf(start, end), precision,
                                          std::max(a.scale(), b.scale()), nullable);
}

// Units of a TIMESTAMP(p) value per millisecond (1, 1000 or 1000000).
int64_t UnitsPerMilli(const LogicalType& t) {
  return UnitsPerSecond(TimestampUnit(t.precision())) / 1000;
}

// datetime (args[0]) +/- interval (args[1]); `sign` is +1 or -1.
KernelFn DatetimePlusKernel(const LogicalType& dt, const LogicalType& iv, int64_t sign,
                            const LogicalType& out) {
  const bool months = iv.id() == TypeId::kIntervalYearMonth;
  switch (dt.id()) {
    case TypeId::kTimestamp:
    case TypeId::kTimestampLtz: {
      const int64_t per_milli = UnitsPerMilli(dt);
      if (months) {
        const int64_t per_day = kMillisPerDay * per_milli;
        return [=](const EvalContext& c, const std::vector<Datum>& a, int64_t n) {
          return BinaryLoop<int64_t, int32_t, int64_t>(c, a, n, out, [=](int64_t t, int32_t m) {
            const int64_t day = FloorDivide(t, per_day);
            const int64_t moved = AddMonthsToDay(day, sign * static_cast<int64_t>(m));
            return WrapAdd(WrapMul(moved, per_day), t - day * per_day);
          });
        };
      }
      return [=](const EvalContext& c, const std::vector<Datum>& a, int64_t n) {
        return BinaryLoop<int64_t, int64_t, int64_t>(c, a, n, out, [=](int64_t t, int64_t ms) {
          const int64_t delta = WrapMul(ms, per_milli);
          return sign > 0 ? WrapAdd(t, delta) : WrapSub(t, delta);
        });
      };
    }
    case TypeId::kDate:
      if (months) {
        return [=](const EvalContext& c, const std::vector<Datum>& a, int64_t n) {
          return BinaryLoop<int32_t, int32_t, int32_t>(c, a, n, out, [=](int32_t d, int32_t m) {
            return static_cast<int32_t>(AddMonthsToDay(d, sign * static_cast<int64_t>(m)));
          });
        };
      }
      // Whole days of the interval (truncated toward zero); the time part is dropped.
      return [=](const EvalContext& c, const std::vector<Datum>& a, int64_t n) {
        return BinaryLoop<int32_t, int64_t, int32_t>(c, a, n, out, [=](int32_t d, int64_t ms) {
          const auto days = static_cast<int32_t>(ms / kMillisPerDay);
          return sign > 0 ? WrapAdd(d, days) : WrapSub(d, days);
        });
      };
    case TypeId::kTime:
      if (months) {  // a time of day has no months: the value is unchanged
        return [=](const EvalContext& c, const std::vector<Datum>& a, int64_t n) {
          return BinaryLoop<int64_t, int32_t, int64_t>(c, a, n, out,
                                                       [](int64_t t, int32_t) { return t; });
        };
      }
      return [=](const EvalContext& c, const std::vector<Datum>& a, int64_t n) {
        return BinaryLoop<int64_t, int64_t, int64_t>(c, a, n, out, [=](int64_t t, int64_t ms) {
          const int64_t delta = (ms % kMillisPerDay) * 1000000 * sign;
          int64_t r = (t + delta) % kNanosPerDay;
          return r < 0 ? r + kNanosPerDay : r;
        });
      };
    default:
      return nullptr;
  }
}

// Swaps the two arguments before calling `inner` (INTERVAL + datetime).
KernelFn Swapped(KernelFn inner) {
  return [inner](const EvalContext& c, const std::vector<Datum>& a, int64_t n) {
    return inner(c, {a[1], a[0]}, n);
  };
}

Result<BoundFunction> BindDatetimePlus(std::string_view name, ArithmeticOp op,
                                       const BindInput& in) {
  const bool datetime_first = IsDatetime(in.types[0].id());
  if (op == ArithmeticOp::kSubtract && !datetime_first) {
    return NoMatchingSignature(name, in.types);
  }
  const LogicalType& dt = datetime_first ? in.types[0] : in.types[1];
  const LogicalType& iv = datetime_first ? in.types[1] : in.types[0];
  if (!IsInterval(iv.id())) return NoMatchingSignature(name, in.types);
  // Calcite types datetime +/- interval as the datetime operand (its precision kept, no
  // time attribute); DATE + INTERVAL HOUR stays a DATE.
  LogicalType out = dt.id() == TypeId::kTimestamp || dt.id() == TypeId::kTimestampLtz
                        ? dt.WithTimestampKind(TimestampKind::kRegular)
                        : dt;
  out = out.WithNullable(dt.nullable() || iv.nullable());
  BoundFunction f;
  f.return_type = out;
  f.operand_types = {in.types[0], in.types[1]};
  LogicalType plain_dt = out.WithNullable(dt.nullable());
  if (datetime_first) {
    f.operand_types[0] = plain_dt;
  } else {
    f.operand_types[1] = plain_dt;
  }
  KernelFn kernel = DatetimePlusKernel(plain_dt, iv, op == ArithmeticOp::kSubtract ? -1 : 1, out);
  if (kernel == nullptr) return NoMatchingSignature(name, in.types);
  f.kernel = datetime_first ? std::move(kernel) : Swapped(std::move(kernel));
  return f;
}

Result<BoundFunction> BindIntervalPlusInterval(std::string_view name, ArithmeticOp op,
                                               const BindInput& in) {
  const LogicalType& a = in.types[0];
  const LogicalType& b = in.types[1];
  if (a.id() != b.id()) return NoMatchingSignature(name, in.types);
  WEIR_ASSIGN_OR_RAISE(LogicalType out, MergeIntervals(a, b));
  BoundFunction f;
  f.return_type = out;
  f.operand_types = {a, b};
  const bool sub = op == ArithmeticOp::kSubtract;
  if (a.id() == TypeId::kIntervalYearMonth) {
    f.kernel = [=](const EvalContext& c, const std::vector<Datum>& x, int64_t n) {
      return BinaryLoop<int32_t, int32_t, int32_t>(
          c, x, n, out, [=](int32_t p, int32_t q) { return sub ? WrapSub(p, q) : WrapAdd(p, q); });
    };
  } else {
    f.kernel = [=](const EvalContext& c, const std::vector<Datum>& x, int64_t n) {
      return BinaryLoop<int64_t, int64_t, int64_t>(
          c, x, n, out, [=](int64_t p, int64_t q) { return sub ? WrapSub(p, q) : WrapAdd(p, q); });
    };
  }
  return f;
}

// Fails when an integer divisor is zero on a row whose interval is not NULL.
Status CheckIntervalDivisor(const std::vector<Datum>& args, int64_t n) {
  const Datum& iv = args[0];
  const Datum& d = args[1];
  if (iv.type().id() == TypeId::kNull || d.type().id() == TypeId::kNull) return Status::OK();
  FixedReader<int64_t> div(d);
  for (int64_t i = 0; i < (d.scalar && iv.scalar ? 1 : n); ++i) {
    if (div[i] == 0 && !d.IsNull(i) && !iv.IsNull(i)) return Status::Invalid("Division by zero");
  }
  return Status::OK();
}

// INTERVAL * numeric, numeric * INTERVAL and INTERVAL / numeric. Integer factors multiply
// exactly (wrapping like Java longs); other numerics go through DOUBLE and truncate toward
// zero, as Flink's generated code does.
Result<BoundFunction> BindIntervalScale(std::string_view name, ArithmeticOp op,
                                        const BindInput& in) {
  const bool interval_first = IsInterval(in.types[0].id());
  if (op == ArithmeticOp::kDivide && !interval_first) return NoMatchingSignature(name, in.types);
  const LogicalType& iv = interval_first ? in.types[0] : in.types[1];
  const LogicalType& num = interval_first ? in.types[1] : in.types[0];
  if (!IsInterval(iv.id()) || !(num.is_numeric() || num.id() == TypeId::kNull)) {
    return NoMatchingSignature(name, in.types);
  }
  const bool exact = num.is_integer() || num.id() == TypeId::kNull;
  const LogicalType factor = exact ? LogicalType::BigInt(num.nullable()) : LogicalType::Double();
  const LogicalType out = iv.WithNullable(iv.nullable() || num.nullable());
  BoundFunction f;
  f.return_type = out;
  f.operand_types =
      interval_first ? std::vector<LogicalType>{iv, factor} : std::vector<LogicalType>{factor, iv};
  const bool divide = op == ArithmeticOp::kDivide;
  const bool months = iv.id() == TypeId::kIntervalYearMonth;
  KernelFn kernel;
  if (exact) {
    kernel = [=](const EvalContext& c, const std::vector<Datum>& a,
                 int64_t n) -> Result<ColumnPtr> {
      if (divide) {
        WEIR_RETURN_NOT_OK(CheckIntervalDivisor(a, n));
      }
      auto apply = [divide](int64_t v, int64_t k) -> int64_t {
        if (!divide) return WrapMul(v, k);
        if (k == 0) return 0;  // only on NULL rows (checked above)
        return k == -1 ? WrapNeg(v) : v / k;
      };
      if (months) {
        return BinaryLoop<int32_t, int64_t, int32_t>(
            c, a, n, out, [=](int32_t v, int64_t k) { return static_cast<int32_t>(apply(v, k)); });
      }
      return BinaryLoop<int64_t, int64_t, int64_t>(c, a, n, out, apply);
    };
  } else {
    kernel = [=](const EvalContext& c, const std::vector<Datum>& a, int64_t n) {
      auto apply = [divide](double v, double k) {
        return SaturatingTruncate(divide ? v / k : v * k);
      };
      if (months) {
        return BinaryLoop<int32_t, double, int32_t>(
            c, a, n, out, [=](int32_t v, double k) { return static_cast<int32_t>(apply(v, k)); });
      }
      return BinaryLoop<int64_t, double, int64_t>(
          c, a, n, out, [=](int64_t v, double k) { return apply(static_cast<double>(v), k); });
    };
  }
  f.kernel = interval_first ? std::move(kernel) : Swapped(std::move(kernel));
  return f;
}

}  // namespace

bool IsIntervalArithmetic(const std::vector<LogicalType>& types) {
  for (const LogicalType& t : types) {
    if (IsInterval(t.id())) return true;
  }
  if (types.size() != 2) return false;
  // datetime +/- NULL and NULL + datetime are typed as datetime arithmetic too.
  return IsDatetime(types[0].id()) || IsDatetime(types[1].id());
}

Result<BoundFunction> BindIntervalArithmetic(std::string_view name, ArithmeticOp op,
                                             const BindInput& in) {
  if (in.types.size() == 1) {
    const LogicalType t = in.types[0];
    if (op != ArithmeticOp::kSubtract || !IsInterval(t.id())) {
      return NoMatchingSignature(name, in.types);
    }
    BoundFunction f;
    f.return_type = t;
    f.operand_types = {t};
    f.kernel = [t](const EvalContext& c, const std::vector<Datum>& a, int64_t n) {
      if (t.id() == TypeId::kIntervalYearMonth) {
        return UnaryLoop<int32_t, int32_t>(c, a[0], n, t, [](int32_t v) { return WrapNeg(v); });
      }
      return UnaryLoop<int64_t, int64_t>(c, a[0], n, t, [](int64_t v) { return WrapNeg(v); });
    };
    return f;
  }
  WEIR_RETURN_NOT_OK(CheckArity(name, in, 2));
  const TypeId a = in.types[0].id(), b = in.types[1].id();
  switch (op) {
    case ArithmeticOp::kAdd:
    case ArithmeticOp::kSubtract:
      if (IsInterval(a) && IsInterval(b)) return BindIntervalPlusInterval(name, op, in);
      if (IsDatetime(a) || IsDatetime(b)) return BindDatetimePlus(name, op, in);
      break;
    case ArithmeticOp::kMultiply:
    case ArithmeticOp::kDivide:
      return BindIntervalScale(name, op, in);
    default:
      break;
  }
  return NoMatchingSignature(name, in.types);
}

}  // namespace weir::sql
