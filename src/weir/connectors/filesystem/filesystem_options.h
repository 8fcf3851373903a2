// FileSystemOptions: the WITH options of Flink's 'filesystem' connector, parsed and validated.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "weir/common/result.h"
#include "weir/common/types/schema.h"
#include "weir/formats/format_options.h"

namespace weir::connectors {

/// The row formats the filesystem connector reads and writes.
enum class FileFormat : uint8_t { kCsv, kJson };

/// When a partition is committed (sink.partition-commit.trigger).
enum class PartitionCommitTrigger : uint8_t {
  kProcessTime,    // delay after the checkpoint that first covered its data
  kPartitionTime,  // when the watermark passes the partition's time + delay
};

/// Flink's filesystem connector options for one table (names and defaults as in Flink's docs).
struct FileSystemOptions {
  std::string path;                            // path (a file or a directory)
  FileFormat format = FileFormat::kCsv;        // format: csv | json
  std::optional<int64_t> monitor_interval_ms;  // source.monitor-interval (unset: bounded)
  std::optional<std::string> path_regex;       // source.path.regex-pattern
  std::string partition_default_name = "__DEFAULT_PARTITION__";  // partition.default-name
  int64_t rolling_file_size = int64_t{128} << 20;                // sink.rolling-policy.file-size
  int64_t rollover_interval_ms = 30 * 60 * 1000;    // sink.rolling-policy.rollover-interval
  int64_t rolling_check_interval_ms = 60 * 1000;    // sink.rolling-policy.check-interval
  int64_t inactivity_interval_ms = 30 * 60 * 1000;  // ...rolling-policy.inactivity-interval
  PartitionCommitTrigger commit_trigger = PartitionCommitTrigger::kProcessTime;
  int64_t partition_commit_delay_ms = 0;  // sink.partition-commit.delay
  /// partition.time-extractor.timestamp-pattern and .timestamp-formatter (unset: defaults).
  std::optional<std::string> timestamp_pattern;
  std::optional<std::string> timestamp_formatter;
  /// sink.partition-commit.watermark-time-zone as an offset east of UTC (fixed zones only).
  int64_t watermark_zone_offset_ms = 0;
  bool success_file_policy = false;  // sink.partition-commit.policy.kind includes success-file
  std::string success_file_name = "_SUCCESS";  // sink.partition-commit.success-file.name
  std::optional<int32_t> sink_parallelism;     // sink.parallelism
  bool shuffle_by_partition = false;           // sink.shuffle-by-partition.enable
  /// The table's options as given (the format reads its own 'csv.*' / 'json.*' keys).
  formats::FormatOptions table_options;
  /// The partition columns (PARTITIONED BY), in declaration order.
  std::vector<std::string> partition_keys;
  /// The table's columns without the partition columns: what the files hold.
  SchemaPtr data_schema;
  /// For each column of the table schema: its index in data_schema, or -(1 + k) for
  /// partition key k.
  std::vector<int> column_sources;

  /// Reads and validates the options of a filesystem table with physical schema `schema`
  /// partitioned by `partition_keys`. Unknown keys, bad values and features Weir does not
  /// have yet fail with an error naming the key; the format's decoder and encoder are made
  /// once so that format options and column types are checked here too.
  static Result<FileSystemOptions> Parse(const formats::FormatOptions& options,
                                         const SchemaPtr& schema,
                                         std::vector<std::string> partition_keys = {});

  /// Returns whether the source ends by itself (no source.monitor-interval).
  bool bounded() const { return !monitor_interval_ms.has_value(); }
};

/// Returns whether a file or directory name is hidden from readers, as in Flink: it starts
/// with '.' or '_'.
bool IsHiddenFileName(std::string_view name);

/// Escapes a partition value for a directory name as Hive and Flink do ('/', '=', '%', ':'
/// and other special characters as %XX).
std::string EscapePartitionValue(std::string_view value);
/// Appends EscapePartitionValue(value) to `out`.
void AppendEscapedPartitionValue(std::string& out, std::string_view value);
/// Reverses EscapePartitionValue (a malformed escape is kept as is).
std::string UnescapePartitionValue(std::string_view text);

}  // namespace weir::connectors
