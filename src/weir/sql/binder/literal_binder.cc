// Literal typing: Flink's types for numeric, string, boolean, temporal and interval literals,
// with values in the engine's storage units.
#include <cctype>
#include <cmath>
#include <cstdlib>

#include "weir/common/batch/java_format.h"
#include "weir/common/str_cat.h"
#include "weir/common/utf8.h"
#include "weir/sql/binder/expression_binder.h"

namespace weir::sql {

namespace {

using ast::DateTimeUnit;
using ast::LiteralKind;

// Days since 1970-01-01 of a proleptic Gregorian civil date.
// A tiny cursor over literal text.
struct Cursor {
  std::string_view s;
  size_t i = 0;
  bool Done() const { return i >= s.size(); }
  bool Accept(char c) {
    if (!Done() && s[i] == c) {
      ++i;
      return true;
    }
    return false;
  }
  // Reads 1..max_digits digits; returns false if none.
  bool Digits(int64_t* out, int* count = nullptr, int max_digits = 18) {
    int n = 0;
    int64_t v = 0;
    while (!Done() && std::isdigit(static_cast<unsigned char>(s[i])) && n < max_digits) {
      v = v * 10 + (s[i] - '0');
      ++i;
      ++n;
    }
    if (count != nullptr) *count = n;
    *out = v;
    return n > 0;
  }
  void SkipSpaces() {
    while (!Done() && s[i] == ' ') ++i;
  }
};

Status BadLiteral(const char* what, const std::string& text) {
  return Status::Invalid("Illegal ", what, " literal '", text, "'");
}

bool ParseDate(Cursor* c, int64_t* days) {
  int64_t y, m, d;
  if (!c->Digits(&y, nullptr, 4) || !c->Accept('-') || !c->Digits(&m, nullptr, 2) ||
      !c->Accept('-') || !c->Digits(&d, nullptr, 2)) {
    return false;
  }
  if (y < 1 || m < 1 || m > 12 || d < 1 || d > java::DaysInMonth(y, m)) return false;
  *days = java::DaysFromCivil(y, static_cast<int>(m), static_cast<int>(d));
  return true;
}

// Parses HH:MM[:SS[.fffffffff]] into nanoseconds of the day and the fraction digit count.
bool ParseTime(Cursor* c, int64_t* nanos, int* fraction_digits) {
  int64_t h, mi, s = 0, frac = 0;
  int digits = 0;
  if (!c->Digits(&h, nullptr, 2) || !c->Accept(':') || !c->Digits(&mi, nullptr, 2)) return false;
  if (c->Accept(':')) {
    if (!c->Digits(&s, nullptr, 2)) return false;
    if (c->Accept('.')) {
      if (!c->Digits(&frac, &digits, 9)) return false;
      if (!c->Done() && std::isdigit(static_cast<unsigned char>(c->s[c->i]))) return false;
    }
  }
  if (h > 23 || mi > 59 || s > 59) return false;
  int64_t scale = 1;
  for (int k = digits; k < 9; ++k) scale *= 10;
  *nanos = ((h * 60 + mi) * 60 + s) * 1000000000 + frac * scale;
  *fraction_digits = digits;
  return true;
}

Result<ExprPtr> TimestampLiteral(const std::string& text, bool ltz) {
  Cursor c{text};
  c.SkipSpaces();
  int64_t days = 0, nanos = 0;
  int digits = 0;
  if (!ParseDate(&c, &days)) return BadLiteral(ltz ? "TIMESTAMP_LTZ" : "TIMESTAMP", text);
  c.SkipSpaces();
  if (!c.Done() && !ParseTime(&c, &nanos, &digits)) {
    return BadLiteral(ltz ? "TIMESTAMP_LTZ" : "TIMESTAMP", text);
  }
  c.SkipSpaces();
  if (!c.Done()) return BadLiteral(ltz ? "TIMESTAMP_LTZ" : "TIMESTAMP", text);
  const int64_t units = UnitsPerSecond(TimestampUnit(digits));
  const int64_t per_unit = 1000000000 / units;
  int64_t value = 0;
  if (__builtin_mul_overflow(days * 86400, units, &value) ||
      __builtin_add_overflow(value, nanos / per_unit, &value)) {
    return Status::Invalid("TIMESTAMP literal '", text, "' is out of range for precision ", digits);
  }
  LogicalType type =
      ltz ? LogicalType::TimestampLtz(digits, false) : LogicalType::Timestamp(digits, false);
  return Expr::Literal(Value(value), type);
}

bool IsYearMonthUnit(DateTimeUnit u) {
  return u == DateTimeUnit::kYear || u == DateTimeUnit::kMonth;
}

const char* UnitName(DateTimeUnit u) { return ast::DateTimeUnitName(u); }

// Maps a qualifier to a day-time resolution; nullopt for unsupported combinations.
std::optional<IntervalResolution> DayTimeResolution(DateTimeUnit start,
                                                    std::optional<DateTimeUnit> end) {
  DateTimeUnit e = end.value_or(start);
  using R = IntervalResolution;
  if (start == DateTimeUnit::kDay) {
    if (e == DateTimeUnit::kDay) return R::kDay;
    if (e == DateTimeUnit::kHour) return R::kDayToHour;
    if (e == DateTimeUnit::kMinute) return R::kDayToMinute;
    if (e == DateTimeUnit::kSecond) return R::kDayToSecond;
  } else if (start == DateTimeUnit::kHour) {
    if (e == DateTimeUnit::kHour) return R::kHour;
    if (e == DateTimeUnit::kMinute) return R::kHourToMinute;
    if (e == DateTimeUnit::kSecond) return R::kHourToSecond;
  } else if (start == DateTimeUnit::kMinute) {
    if (e == DateTimeUnit::kMinute) return R::kMinute;
    if (e == DateTimeUnit::kSecond) return R::kMinuteToSecond;
  } else if (start == DateTimeUnit::kSecond && e == DateTimeUnit::kSecond) {
    return R::kSecond;
  }
  return std::nullopt;
}

Result<ExprPtr> IntervalLiteral(const ast::LiteralExpr& lit) {
  const ast::IntervalQualifier& q = lit.qualifier;
  std::string text = lit.text;
  Cursor c{text};
  c.SkipSpaces();
  bool negative = lit.negative;
  if (c.Accept('-')) {
    negative = !negative;
  } else {
    c.Accept('+');
  }
  const DateTimeUnit end = q.end.value_or(q.start);
  const int32_t leading_precision = q.start_precision.value_or(2);
  if (leading_precision < 1 || leading_precision > 6) {
    return Status::Invalid("Interval leading field precision must be between 1 and 6, got ",
                           leading_precision);
  }
  std::vector<DateTimeUnit> units;
  static constexpr DateTimeUnit kOrder[] = {DateTimeUnit::kYear,   DateTimeUnit::kMonth,
                                            DateTimeUnit::kDay,    DateTimeUnit::kHour,
                                            DateTimeUnit::kMinute, DateTimeUnit::kSecond};
  bool in = false;
  for (DateTimeUnit u : kOrder) {
    if (u == q.start) in = true;
    if (in) units.push_back(u);
    if (in && u == end) break;
  }
  if (units.empty() || units.back() != end || IsYearMonthUnit(q.start) != IsYearMonthUnit(end)) {
    return Status::NotSupported("not supported yet: INTERVAL qualifier ", UnitName(q.start),
                                q.end ? StrCat(" TO ", UnitName(*q.end)) : std::string());
  }
  std::vector<int64_t> values;
  int64_t fraction_nanos = 0;
  for (size_t k = 0; k < units.size(); ++k) {
    if (k > 0) {
      const DateTimeUnit u = units[k];
      char sep = u == DateTimeUnit::kMonth ? '-' : u == DateTimeUnit::kHour ? ' ' : ':';
      if (!c.Accept(sep)) return BadLiteral("INTERVAL", text);
    }
    int64_t v;
    int digits = 0;
    if (!c.Digits(&v, &digits)) return BadLiteral("INTERVAL", text);
    if (k == 0 && digits > leading_precision) {
      return Status::Invalid("Interval field value ", v, " exceeds precision of ",
                             UnitName(q.start), "(", leading_precision, ") field");
    }
    // Fields after the leading one stay within their unit (Calcite's range checks).
    const int64_t limit = units[k] == DateTimeUnit::kMonth  ? 11
                          : units[k] == DateTimeUnit::kHour ? 23
                                                            : 59;
    if (k > 0 && v > limit) {
      return Status::Invalid("Illegal interval literal format '", text, "' for INTERVAL ",
                             UnitName(q.start), q.end ? StrCat(" TO ", UnitName(*q.end)) : "");
    }
    values.push_back(v);
  }
  if (units.back() == DateTimeUnit::kSecond && c.Accept('.')) {
    int64_t frac;
    int digits = 0;
    if (!c.Digits(&frac, &digits, 9)) return BadLiteral("INTERVAL", text);
    for (int k = digits; k < 9; ++k) frac *= 10;
    fraction_nanos = frac;
  }
  c.SkipSpaces();
  if (!c.Done()) return BadLiteral("INTERVAL", text);
  const int64_t sign = negative ? -1 : 1;
  if (IsYearMonthUnit(q.start)) {
    int64_t months = 0;
    for (size_t k = 0; k < units.size(); ++k) {
      months += units[k] == DateTimeUnit::kYear ? values[k] * 12 : values[k];
    }
    IntervalResolution r = q.start == DateTimeUnit::kMonth ? IntervalResolution::kMonth
                           : units.size() == 2             ? IntervalResolution::kYearToMonth
                                                           : IntervalResolution::kYear;
    WEIR_ASSIGN_OR_RAISE(LogicalType type,
                         LogicalType::MakeIntervalYearMonth(r, leading_precision, false));
    return Expr::Literal(Value(sign * months), type);
  }
  int64_t millis = 0;
  for (size_t k = 0; k < units.size(); ++k) {
    switch (units[k]) {
      case DateTimeUnit::kDay:
        millis += values[k] * 86400000;
        break;
      case DateTimeUnit::kHour:
        millis += values[k] * 3600000;
        break;
      case DateTimeUnit::kMinute:
        millis += values[k] * 60000;
        break;
      default:
        millis += values[k] * 1000;
        break;
    }
  }
  millis += fraction_nanos / 1000000;
  auto resolution = DayTimeResolution(q.start, q.end);
  if (!resolution) return BadLiteral("INTERVAL", text);
  WEIR_ASSIGN_OR_RAISE(
      LogicalType type,
      LogicalType::MakeIntervalDayTime(
          *resolution, leading_precision,
          q.fractional_precision.value_or(LogicalType::kDefaultFractionalPrecision), false));
  return Expr::Literal(Value(sign * millis), type);
}

Result<ExprPtr> ExactNumeric(const std::string& text) {
  const size_t dot = text.find('.');
  if (dot == std::string::npos) {
    errno = 0;
    char* end = nullptr;
    long long v = std::strtoll(text.c_str(), &end, 10);
    if (errno == 0 && end != nullptr && *end == '\0') {
      if (v >= INT32_MIN && v <= INT32_MAX) {
        return Expr::Literal(Value(static_cast<int64_t>(v)), LogicalType::Int(false));
      }
      return Expr::Literal(Value(static_cast<int64_t>(v)), LogicalType::BigInt(false));
    }
  }
  // DECIMAL(p, s): p counts every digit written, s those after the point (Calcite's rule).
  int32_t precision = 0, scale = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (std::isdigit(static_cast<unsigned char>(text[i]))) {
      ++precision;
      if (dot != std::string::npos && i > dot) ++scale;
    }
  }
  if (precision > LogicalType::kMaxDecimalPrecision) {
    return Status::Invalid("Numeric literal '", text, "' out of range");
  }
  if (precision == 0) return Status::Invalid("Illegal numeric literal '", text, "'");
  WEIR_ASSIGN_OR_RAISE(LogicalType type, LogicalType::MakeDecimal(precision, scale, false));
  WEIR_ASSIGN_OR_RAISE(Decimal128 value, Decimal128::Parse(text, precision, scale));
  return Expr::Literal(Value(value), type);
}

}  // namespace

Result<ExprPtr> ExpressionBinder::BindLiteral(const ast::LiteralExpr& lit) {
  switch (lit.literal) {
    case LiteralKind::kExactNumeric:
      return ExactNumeric(lit.text);
    case LiteralKind::kApproxNumeric: {
      char* end = nullptr;
      double v = std::strtod(lit.text.c_str(), &end);
      if (end == nullptr || *end != '\0' || !std::isfinite(v)) {
        return Status::Invalid("Illegal numeric literal '", lit.text, "'");
      }
      return Expr::Literal(Value(v), LogicalType::Double(false));
    }
    case LiteralKind::kString: {
      int64_t chars = 0;
      for (unsigned char ch : lit.text) chars += (ch & 0xC0) != 0x80 ? 1 : 0;
      auto type = LogicalType::MakeChar(TypeId::kChar, static_cast<int32_t>(chars), false);
      if (!type.ok()) {
        // The empty string: CHAR(0) does not exist as a column type; VARCHAR(1) holds it.
        type.status().IgnoreError();
        return Expr::Literal(Value(lit.text), LogicalType::VarChar(1, false));
      }
      return Expr::Literal(Value(lit.text), *type);
    }
    case LiteralKind::kBinary: {
      if (lit.text.size() % 2 != 0) {
        return Status::Invalid("Binary literal string must contain an even number of hexits");
      }
      std::string bytes;
      for (size_t i = 0; i < lit.text.size(); i += 2) {
        bytes.push_back(static_cast<char>(std::stoi(lit.text.substr(i, 2), nullptr, 16)));
      }
      const int32_t n = static_cast<int32_t>(bytes.size());
      if (n == 0) return Expr::Literal(Value(bytes), LogicalType::VarBinary(1, false));
      return Expr::Literal(Value(bytes), LogicalType::Binary(n, false));
    }
    case LiteralKind::kBoolean: {
      const std::string upper = UpperName(lit.text);
      if (upper == "UNKNOWN") return Expr::Literal(Value(), LogicalType::Boolean());
      return Expr::Literal(Value(upper == "TRUE"), LogicalType::Boolean(false));
    }
    case LiteralKind::kNull:
      return Expr::Literal(Value(), LogicalType::Null());
    case LiteralKind::kDate: {
      Cursor c{lit.text};
      c.SkipSpaces();
      int64_t days = 0;
      if (!ParseDate(&c, &days)) return BadLiteral("DATE", lit.text);
      c.SkipSpaces();
      if (!c.Done()) return BadLiteral("DATE", lit.text);
      return Expr::Literal(Value(days), LogicalType::Date(false));
    }
    case LiteralKind::kTime: {
      Cursor c{lit.text};
      c.SkipSpaces();
      int64_t nanos = 0;
      int digits = 0;
      if (!ParseTime(&c, &nanos, &digits)) return BadLiteral("TIME", lit.text);
      c.SkipSpaces();
      if (!c.Done()) return BadLiteral("TIME", lit.text);
      return Expr::Literal(Value(nanos), LogicalType::Time(digits, false));
    }
    case LiteralKind::kTimestamp:
      return TimestampLiteral(lit.text, false);
    case LiteralKind::kTimestampLtz:
      return TimestampLiteral(lit.text, true);
    case LiteralKind::kInterval:
      return IntervalLiteral(lit);
  }
  return Status::Internal("unknown literal kind");
}

}  // namespace weir::sql
