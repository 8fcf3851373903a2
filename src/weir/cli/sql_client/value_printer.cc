// Text of result values as Weir's SQL client prints them.
#include "weir/cli/sql_client/value_printer.h"

#include <cstdlib>
#include <string_view>

#include "weir/common/batch/java_format.h"
#include "weir/common/batch/nested_text.h"
#include "weir/common/types/logical_type.h"

namespace weir::cli {
namespace {

void AppendNested(std::string& out, const ColumnVector& column, int64_t row);

void AppendPadded(std::string& out, int64_t v, int width) {
  std::string digits = std::to_string(v);
  for (int k = static_cast<int>(digits.size()); k < width; ++k) out.push_back('0');
  out.append(digits);
}

// Appends the first `digits` digits of a nanosecond fraction.
void AppendFraction(std::string& out, int64_t nanos, int digits) {
  if (digits <= 0) return;
  out.push_back('.');
  int64_t divisor = 100000000;
  for (int k = 0; k < digits; ++k) {
    out.push_back(static_cast<char>('0' + (nanos / divisor) % 10));
    divisor /= 10;
  }
}

int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

void AppendTimestamp(std::string& out, int64_t stored, int32_t precision) {
  const int64_t per_second = UnitsPerSecond(TimestampUnit(precision));
  const int64_t seconds = FloorDiv(stored, per_second);
  const int64_t nanos = (stored - seconds * per_second) * (1000000000 / per_second);
  const int64_t days = FloorDiv(seconds, 86400);
  const int64_t second_of_day = seconds - days * 86400;
  java::AppendLocalDate(out, days);
  out.push_back(' ');
  AppendPadded(out, second_of_day / 3600, 2);
  out.push_back(':');
  AppendPadded(out, second_of_day / 60 % 60, 2);
  out.push_back(':');
  AppendPadded(out, second_of_day % 60, 2);
  AppendFraction(out, nanos, precision);
}

void AppendTime(std::string& out, int64_t nano_of_day, int32_t precision) {
  nano_of_day %= 86400000000000LL;
  if (nano_of_day < 0) nano_of_day += 86400000000000LL;
  const int64_t seconds = nano_of_day / 1000000000;
  AppendPadded(out, seconds / 3600, 2);
  out.push_back(':');
  AppendPadded(out, seconds / 60 % 60, 2);
  out.push_back(':');
  AppendPadded(out, seconds % 60, 2);
  AppendFraction(out, nano_of_day % 1000000000, precision);
}

void AppendYearMonth(std::string& out, int64_t months) {
  out.push_back(months < 0 ? '-' : '+');
  const uint64_t m = months < 0 ? 0 - static_cast<uint64_t>(months) : months;
  out.append(std::to_string(m / 12));
  out.push_back('-');
  AppendPadded(out, static_cast<int64_t>(m % 12), 2);
}

void AppendDayTime(std::string& out, int64_t millis) {
  out.push_back(millis < 0 ? '-' : '+');
  uint64_t v = millis < 0 ? 0 - static_cast<uint64_t>(millis) : millis;
  const int64_t ms = static_cast<int64_t>(v % 1000);
  v /= 1000;
  const int64_t s = static_cast<int64_t>(v % 60);
  v /= 60;
  const int64_t m = static_cast<int64_t>(v % 60);
  v /= 60;
  const int64_t h = static_cast<int64_t>(v % 24);
  v /= 24;
  out.append(std::to_string(v));
  out.push_back(' ');
  AppendPadded(out, h, 2);
  out.push_back(':');
  AppendPadded(out, m, 2);
  out.push_back(':');
  AppendPadded(out, s, 2);
  out.push_back('.');
  AppendPadded(out, ms, 3);
}

void AppendHex(std::string& out, std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  out.append("x'");
  for (unsigned char c : bytes) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 15]);
  }
  out.push_back('\'');
}

// Appends a non-null value.
void AppendNonNull(std::string& out, const ColumnVector& column, int64_t row) {
  const LogicalType& type = column.type();
  switch (type.id()) {
    case TypeId::kNull:
      out.append("NULL");
      return;
    case TypeId::kBoolean:
      out.append(column.BoolValue(row) ? "TRUE" : "FALSE");
      return;
    case TypeId::kTinyInt:
      out.append(std::to_string(column.Value<int8_t>(row)));
      return;
    case TypeId::kSmallInt:
      out.append(std::to_string(column.Value<int16_t>(row)));
      return;
    case TypeId::kInt:
      out.append(std::to_string(column.Value<int32_t>(row)));
      return;
    case TypeId::kBigInt:
      out.append(std::to_string(column.Value<int64_t>(row)));
      return;
    case TypeId::kFloat:
      java::AppendFloat(out, column.Value<float>(row));
      return;
    case TypeId::kDouble:
      java::AppendDouble(out, column.Value<double>(row));
      return;
    case TypeId::kDecimal:
      out.append(column.DecimalValue(row).ToPlainString(type.scale()));
      return;
    case TypeId::kChar:
    case TypeId::kVarChar:
      out.append(column.StringValue(row));
      return;
    case TypeId::kBinary:
    case TypeId::kVarBinary:
      AppendHex(out, column.StringValue(row));
      return;
    case TypeId::kDate:
      java::AppendLocalDate(out, column.Value<int32_t>(row));
      return;
    case TypeId::kTime:
      AppendTime(out, column.Value<int64_t>(row), type.precision());
      return;
    case TypeId::kTimestamp:
    case TypeId::kTimestampLtz:
      AppendTimestamp(out, column.Value<int64_t>(row), type.precision());
      return;
    case TypeId::kIntervalYearMonth:
      AppendYearMonth(out, column.Value<int32_t>(row));
      return;
    case TypeId::kIntervalDayTime:
      AppendDayTime(out, column.Value<int64_t>(row));
      return;
    case TypeId::kArray:
      AppendArrayText(out, column, row, AppendNested);
      return;
    case TypeId::kMap:
    case TypeId::kMultiset:
      AppendMapText(out, column, row, AppendNested);
      return;
    case TypeId::kRow:
      AppendRowText(out, column, row, "(", ")", AppendNested);
      return;
  }
  out.append("NULL");
}

void AppendNested(std::string& out, const ColumnVector& column, int64_t row) {
  if (column.IsNull(row)) {
    out.append("NULL");
  } else {
    AppendNonNull(out, column, row);
  }
}

}  // namespace

void AppendCellText(std::string& out, const ColumnVector& column, int64_t row) {
  if (column.IsNull(row)) {
    out.append(kNullCell);
  } else {
    AppendNonNull(out, column, row);
  }
}

}  // namespace weir::cli
