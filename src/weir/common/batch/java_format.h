// Java-compatible text forms of numbers, dates, times and intervals (Double.toString, java.time).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace weir::java {

/// Appends `v` as Java's Double.toString prints it: the shortest digits that round-trip, plain
/// when 1e-3 <= |v| < 1e7 ("100.0", "0.001"), else "d.dddE[-]n" ("1.0E7", "1.0E-4");
/// "NaN", "Infinity", "-Infinity", "-0.0".
void AppendDouble(std::string& out, double v);
/// Appends `v` as Java's Float.toString prints it (same layout, float digits: 1.1f is "1.1").
void AppendFloat(std::string& out, float v);

/// Appends the day `epoch_day` (days since 1970-01-01) as LocalDate.toString: "2020-10-10",
/// "-0001-01-01", "+10000-01-01".
void AppendLocalDate(std::string& out, int64_t epoch_day);
/// Appends a time of day as LocalTime.toString: "12:00", "12:00:01", "12:00:01.500",
/// "12:00:01.000001". `nano_of_day` outside [0, 86400e9) wraps around the day.
void AppendLocalTime(std::string& out, int64_t nano_of_day);
/// Appends an instant as LocalDateTime.toString of its UTC wall time: "2020-10-10T00:00:05",
/// "2020-10-10T00:00". `nano` is in [0, 1e9).
void AppendLocalDateTime(std::string& out, int64_t epoch_second, int32_t nano);
/// Appends an instant as Instant.toString: "2020-10-10T00:00:00Z", "...:05.123Z".
void AppendInstant(std::string& out, int64_t epoch_second, int32_t nano);
/// Appends java.time.Period.toString: "P1Y2M", "P-1Y-2M", "P3D", "P0D".
void AppendPeriod(std::string& out, int64_t years, int64_t months, int64_t days);
/// Appends java.time.Duration.toString of `seconds` plus `nano` in [0, 1e9): "PT1H2M3.5S",
/// "PT48H", "PT0S", "PT-0.5S".
void AppendDuration(std::string& out, int64_t seconds, int32_t nano);

/// Returns the days since 1970-01-01 of a proleptic Gregorian date (no range checks).
int64_t DaysFromCivil(int64_t year, int month, int day);
/// Returns whether `year` is a leap year of the proleptic Gregorian calendar.
inline bool IsLeapYear(int64_t year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}
/// Returns the number of days of `month` (1-12) in `year`.
inline int DaysInMonth(int64_t year, int64_t month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeapYear(year) ? 29 : kDays[month - 1];
}

/// A point in time as whole seconds since the epoch and nanoseconds in [0, 1e9).
struct EpochTime {
  int64_t seconds = 0;
  int32_t nano = 0;
};

/// A parsed java.time.Period.
struct PeriodParts {
  int64_t years = 0;
  int64_t months = 0;
  int64_t days = 0;
};

// Parsers of the forms above. They return nullopt on malformed or out-of-range text and
// accept a little more than Java prints (see each one).

/// Parses "[+-]yyyy-MM-dd" (years of 1 to 9 digits) into days since 1970-01-01.
std::optional<int64_t> ParseLocalDate(std::string_view text);
/// Parses "H[H]:mm[:ss[.f]]" with 1 to 9 fraction digits into nanoseconds of the day.
std::optional<int64_t> ParseLocalTime(std::string_view text);
/// Parses a date and a time separated by 'T' or ' '.
std::optional<EpochTime> ParseLocalDateTime(std::string_view text);
/// Parses Period text: "[-]P[nY][nM][nW][nD]" (each n may be signed; case-insensitive).
std::optional<PeriodParts> ParsePeriod(std::string_view text);
/// Parses Duration text: "[-]P[nD][T[nH][nM][n[.f]S]]" (each n may be signed).
std::optional<EpochTime> ParseDuration(std::string_view text);

}  // namespace weir::java
