// PartitionTimeExtractor: the time of a partition from its values (Flink's 'default' extractor).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "weir/common/result.h"

namespace weir::connectors {

/// Extracts a local date-time from the values of a partition, as Flink's default partition
/// time extractor does:
///   - without a timestamp pattern the first partition value is the timestamp text; with one,
///     each `$key` in the pattern is replaced by the value of partition key `key` (in
///     PARTITIONED BY order), e.g. '$dt $hm:00' gives '2026-11-22 10:05:00';
///   - the text is parsed with the timestamp formatter, a DateTimeFormatter pattern of the
///     letters y M d H m s S with literals and quoted text (a date-only pattern gives the start
///     of the day); without one, leniently as 'yyyy-M-d[ H:m[:s[.S...]]]' (4 to 6 year
///     digits; 'T' may separate date and time).
/// Thread: immutable; any thread.
class PartitionTimeExtractor {
 public:
  /// Checks `formatter` (unset: the lenient default) for `partition_keys`; an unsupported
  /// pattern letter fails with an error naming it.
  static Result<PartitionTimeExtractor> Make(std::vector<std::string> partition_keys,
                                             std::optional<std::string> pattern,
                                             std::optional<std::string> formatter);

  /// Returns the local date-time of the partition with values `values` (one per partition
  /// key) as milliseconds since 1970-01-01T00:00 local time.
  Result<int64_t> Extract(const std::vector<std::string>& values) const;

  /// Returns the local date-time of the partition directory `dir` ("k1=v1/k2=v2", values
  /// escaped as in paths).
  Result<int64_t> ExtractFromPath(std::string_view dir) const;

 private:
  struct Token {
    char letter = 0;      // 0: literal
    int count = 0;        // number of pattern letters
    std::string literal;  // literal text
  };

  PartitionTimeExtractor() = default;
  Result<int64_t> Parse(std::string_view text) const;
  Result<int64_t> ParseLenient(std::string_view text) const;

  std::vector<std::string> partition_keys_;
  std::optional<std::string> pattern_;
  std::optional<std::string> formatter_;
  std::vector<Token> tokens_;
};

/// Parses a watermark time zone (sink.partition-commit.watermark-time-zone): 'UTC', 'GMT',
/// 'Z' or a fixed offset ('+08:00', 'UTC+8', 'GMT-05:30'). Returns the offset in ms east of
/// UTC; region names such as 'Asia/Shanghai' are not supported yet.
Result<int64_t> ParseFixedZoneOffsetMs(std::string_view zone);

}  // namespace weir::connectors
