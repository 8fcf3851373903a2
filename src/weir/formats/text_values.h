// Text forms of scalar values shared by the text formats (CSV, JSON): Java-compatible number
// parsing, BigDecimal syntax, base64 and the date/time layouts Flink's formats read and write.
#pragma once

#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>

#include "weir/common/batch/java_format.h"
#include "weir/common/types/logical_type.h"

namespace weir::formats::text {

/// Strips leading and trailing characters <= ' ' (Java's String.trim).
std::string_view TrimJava(std::string_view s);

/// Parses an integer as Java's Long.parseLong: optional sign, then decimal digits only; fails
/// outside [min, max].
bool ParseInteger(std::string_view s, int64_t min, int64_t max, int64_t* out);
/// Parses a floating-point number as Java's Double.parseDouble (after trimming): decimal and
/// exponent forms, "NaN", "[+-]Infinity", an optional f/F/d/D suffix.
bool ParseDouble(std::string_view s, double* out);
/// Returns Java's Boolean.parseBoolean of the trimmed text: true only for "true" in any case.
bool ParseBoolean(std::string_view s);

/// Outcome of parsing a DECIMAL value.
enum class DecimalParse : uint8_t { kOk, kInvalid, kOverflow };
/// Parses Java BigDecimal syntax ("-1.5", ".5", "1E+3") into DECIMAL(precision, scale),
/// rounding half-up; kOverflow when it needs more than `precision` digits (Flink then yields
/// null).
DecimalParse ParseDecimal(std::string_view s, int32_t precision, int32_t scale, __int128* out);

/// Appends the decimal digits of `v` (with a '-' when negative), as Java prints an integer.
inline void AppendInteger(std::string& out, int64_t v) {
  char buf[24];
  const std::to_chars_result r = std::to_chars(buf, buf + sizeof(buf), v);
  out.append(buf, r.ptr);
}

/// Appends DECIMAL(_, scale) `unscaled` as BigDecimal.toString (`scientific`: "1E-8" when the
/// adjusted exponent is below -6) or toPlainString, without a heap allocation.
void AppendDecimal(std::string& out, __int128 unscaled, int32_t scale, bool scientific);

/// Appends `bytes` in standard base64 with padding (Jackson's default variant).
void AppendBase64(std::string& out, std::string_view bytes);
/// Decodes padded standard base64 (whitespace between groups is skipped) into `out`.
bool DecodeBase64(std::string_view s, std::string* out);

/// Parses java.sql.Date.valueOf text "yyyy-M[M]-d[d]" into days since the epoch.
bool ParseSqlDate(std::string_view s, int32_t* days);
/// Parses ISO_LOCAL_DATE text "yyyy-MM-dd" (strict calendar) into days since the epoch.
bool ParseIsoDate(std::string_view s, int32_t* days);
/// Parses "HH:mm[:ss[.fffffffff]]" into nanoseconds of the day; `require_seconds` rejects
/// "HH:mm".
bool ParseTimeOfDay(std::string_view s, bool require_seconds, int64_t* nanos);

/// The layout of a TIMESTAMP text.
struct TimestampLayout {
  char separator = ' ';         // between date and time: ' ' (SQL) or 'T' (ISO-8601)
  bool require_seconds = true;  // ISO-8601 accepts "HH:mm"
  bool zone_suffix = false;     // a literal 'Z' after the time (TIMESTAMP_LTZ)
  bool lenient_date = false;    // java.sql.Timestamp.valueOf: one-digit month/day, trimmed
};
/// Parses a timestamp in `layout` into seconds and nanoseconds since the epoch.
bool ParseTimestamp(std::string_view s, const TimestampLayout& layout, java::EpochTime* out);

/// Appends ISO_LOCAL_DATE of a day count: "2020-12-30".
void AppendDate(std::string& out, int64_t days);
/// Appends ISO_LOCAL_TIME: "HH:mm:ss" and the fraction without trailing zeros ("12:00:00.5").
void AppendTimeOfDay(std::string& out, int64_t nanos_of_day);
/// Appends date, separator, ISO_LOCAL_TIME and optionally 'Z'.
void AppendTimestamp(std::string& out, const java::EpochTime& t, char separator, bool zone);

/// Appends timestamps as AppendTimestamp does, reusing the date and time-of-day text of the
/// value before when it falls in the same second (consecutive rows mostly do), so that a run
/// of rows costs one copy and the fraction each.
/// Thread: one thread at a time.
class TimestampTextCache {
 public:
  TimestampTextCache(char separator, bool zone) : separator_(separator), zone_(zone) {}

  void Append(std::string& out, const java::EpochTime& t);

 private:
  char separator_;
  bool zone_;
  bool valid_ = false;
  int64_t seconds_ = 0;  // the second `prefix_` spells, when valid_
  std::string prefix_;   // "yyyy-MM-dd<sep>HH:mm:ss"
};

/// Converts a stored TIMESTAMP value in `unit` to seconds and nanoseconds.
java::EpochTime FromTimestampUnits(int64_t value, TimeUnit unit);
/// Converts seconds and nanoseconds to a stored TIMESTAMP value of `precision`, truncating
/// digits beyond the precision; false when it does not fit an int64.
bool ToTimestampUnits(const java::EpochTime& t, int32_t precision, int64_t* out);

}  // namespace weir::formats::text
