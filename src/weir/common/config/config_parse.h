// Parsers and printers for configuration values: memory sizes, durations, numbers, booleans, lists.
#pragma once

#include <chrono>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "weir/common/result.h"

namespace weir {

/// A number of bytes, parsed from and printed in Flink's MemorySize forms ("512mb", "1728m").
///
/// All units are powers of 1024: b/bytes, k/kb/kibibytes, m/mb/mebibytes, g/gb/gibibytes,
/// t/tb/tebibytes (case-insensitive, optional whitespace before the unit, no unit = bytes).
class MemorySize {
 public:
  static constexpr int64_t kKiB = int64_t{1} << 10;
  static constexpr int64_t kMiB = int64_t{1} << 20;
  static constexpr int64_t kGiB = int64_t{1} << 30;
  static constexpr int64_t kTiB = int64_t{1} << 40;

  constexpr MemorySize() = default;
  constexpr explicit MemorySize(int64_t bytes) : bytes_(bytes) {}

  static constexpr MemorySize Bytes(int64_t n) { return MemorySize(n); }
  static constexpr MemorySize KibiBytes(int64_t n) { return MemorySize(n * kKiB); }
  static constexpr MemorySize MebiBytes(int64_t n) { return MemorySize(n * kMiB); }
  static constexpr MemorySize GibiBytes(int64_t n) { return MemorySize(n * kGiB); }

  /// Parses "1728m", "512 mb", "1GB", "64 kibibytes"; errors on negatives and overflow.
  static Result<MemorySize> Parse(std::string_view text);

  constexpr int64_t bytes() const { return bytes_; }

  /// Prints the exact size in the largest unit that divides it: "1728 mb", "1 gb", "0 bytes".
  std::string ToString() const;
  /// Prints an approximate size with up to three decimals: "1.688 gb", "172.8 mb", "512 bytes".
  std::string ToHumanString() const;

  friend constexpr auto operator<=>(MemorySize, MemorySize) = default;

 private:
  int64_t bytes_ = 0;
};

namespace config {

/// Durations are kept in nanoseconds so that "µs" and "ns" values survive parsing.
using Duration = std::chrono::nanoseconds;

/// Parses Flink's duration forms: a non-negative integer, optional whitespace and a unit
/// (d/day/days, h/hour/hours, min/minute/minutes, s/sec/secs/second/seconds,
/// ms/milli/millis/millisecond/milliseconds, µs/micro/micros/microsecond/microseconds,
/// ns/nano/nanos/nanosecond/nanoseconds; case-insensitive; no unit = milliseconds).
Result<Duration> ParseDuration(std::string_view text);
/// Prints a duration in the largest unit that divides it exactly: "30 s", "10 min", "1 d".
std::string FormatDuration(Duration d);

/// Parses "true" or "false" (case-insensitive, surrounding whitespace ignored).
Result<bool> ParseBool(std::string_view text);
/// Parses a decimal integer with an optional sign; errors on overflow.
Result<int32_t> ParseInt32(std::string_view text);
Result<int64_t> ParseInt64(std::string_view text);
/// Parses a finite floating-point number ("0.1", "1e-3").
Result<double> ParseDouble(std::string_view text);
/// Prints a double in the shortest form that parses back to the same value ("0.1").
std::string FormatDouble(double value);

/// Parses a list of strings: a YAML flow sequence ("[a, b]") or Flink's "a;b;c" form.
Result<std::vector<std::string>> ParseStringList(std::string_view text);
/// Prints a list as a YAML flow sequence, quoting elements where needed: "[a, 'b c']".
std::string FormatStringList(const std::vector<std::string>& values);

/// Finds `text` among `names` ignoring ASCII case; returns its index or an error listing them.
Result<size_t> ParseEnumName(std::string_view text, std::span<const std::string_view> names);

/// Returns `text` without leading and trailing ASCII whitespace.
std::string_view TrimWhitespace(std::string_view text);
/// Returns `text` in ASCII lower case.
std::string AsciiToLower(std::string_view text);
/// Returns true if `a` equals `b` ignoring ASCII case.
bool EqualsIgnoreCase(std::string_view a, std::string_view b);

}  // namespace config
}  // namespace weir
