// Text forms of temporal values for CAST, and session time zone parsing.
#include "weir/sql/functions/temporal_format.h"

#include "weir/common/batch/java_format.h"
#include "weir/common/types/logical_type.h"
#include "weir/sql/functions/time_zone.h"

namespace weir::sql {

namespace {

void Append2(std::string& out, int64_t v) {
  out += static_cast<char>('0' + v / 10);
  out += static_cast<char>('0' + v % 10);
}

void AppendFraction(std::string& out, int64_t nanos, int32_t precision) {
  if (precision <= 0) return;
  out += '.';
  char digits[9];
  for (int i = 8; i >= 0; --i) {
    digits[i] = static_cast<char>('0' + nanos % 10);
    nanos /= 10;
  }
  out.append(digits, static_cast<size_t>(precision));
}

int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

}  // namespace

int64_t TruncateNanos(int64_t nanos, int32_t precision) {
  static constexpr int64_t kPow[] = {1000000000, 100000000, 10000000, 1000000, 100000,
                                     10000,      1000,      100,      10,      1};
  if (precision >= 9) return nanos;
  int64_t p = kPow[precision < 0 ? 0 : precision];
  return FloorDiv(nanos, p) * p;
}

void AppendTimeText(std::string& out, int64_t nano_of_day, int32_t precision) {
  int64_t secs = nano_of_day / 1000000000;
  Append2(out, secs / 3600);
  out += ':';
  Append2(out, secs / 60 % 60);
  out += ':';
  Append2(out, secs % 60);
  AppendFraction(out, nano_of_day % 1000000000, precision);
}

void AppendTimestampText(std::string& out, int64_t value, int32_t precision) {
  int64_t units = UnitsPerSecond(TimestampUnit(precision));
  int64_t secs = FloorDiv(value, units);
  int64_t nanos = (value - secs * units) * (1000000000 / units);
  int64_t day = FloorDiv(secs, 86400);
  java::AppendLocalDate(out, day);
  out += ' ';
  AppendTimeText(out, (secs - day * 86400) * 1000000000 + nanos, precision);
}

Result<int64_t> ParseFixedZoneOffset(std::string_view zone) {
  std::string_view z = zone;
  if (z == "UTC" || z == "GMT" || z == "Z" || z == "UT" || z == "Etc/UTC") return 0;
  for (std::string_view prefix : {"UTC", "GMT", "UT"}) {
    if (z.substr(0, prefix.size()) == prefix) {
      z.remove_prefix(prefix.size());
      break;
    }
  }
  if (z.empty() || (z[0] != '+' && z[0] != '-')) {
    return Status::Invalid("Not a fixed-offset time zone: ", zone);
  }
  int sign = z[0] == '-' ? -1 : 1;
  z.remove_prefix(1);
  int64_t parts[2] = {0, 0};
  int part = 0, digits = 0;
  for (char c : z) {
    if (c == ':') {
      if (part == 1 || digits == 0) return Status::Invalid("Invalid time zone offset: ", zone);
      part = 1;
      digits = 0;
      continue;
    }
    if (c < '0' || c > '9') return Status::Invalid("Invalid time zone offset: ", zone);
    if (part == 0 && digits == 2 && z.find(':') == std::string_view::npos) {
      part = 1;  // "+0530"
      digits = 0;
    }
    parts[part] = parts[part] * 10 + (c - '0');
    ++digits;
  }
  if (parts[0] > 18 || parts[1] > 59) return Status::Invalid("Invalid time zone offset: ", zone);
  return sign * (parts[0] * 3600 + parts[1] * 60);
}

Result<int64_t> ParseZoneOffset(std::string_view zone) {
  WEIR_ASSIGN_OR_RAISE(auto tz, TimeZone::Find(zone));
  return tz->OffsetAt(0);
}

}  // namespace weir::sql
