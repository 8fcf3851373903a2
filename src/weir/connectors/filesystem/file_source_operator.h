// FileSourceOperator: the runtime source of the filesystem connector — reads csv/json files line
// by line, with partition values from `k=v` directories and a checkpointed position per file.
#pragma once

#include <cstdint>
#include <cstdio>
#include <map>
#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include "weir/common/types/schema.h"
#include "weir/connectors/base/table_factory.h"
#include "weir/connectors/filesystem/filesystem_options.h"
#include "weir/connectors/filesystem/partition_path.h"
#include "weir/formats/csv/csv_decoder.h"
#include "weir/formats/json/json_decoder.h"
#include "weir/runtime/exec/processing_time_service.h"
#include "weir/runtime/operators/operator.h"
#include "weir/runtime/state/operator_state_backend.h"

namespace weir::connectors {

/// How a FileSourceOperator reads.
struct FileSourceConfig {
  /// Rows per emitted batch (at most).
  int32_t batch_size = 1024;
  /// Bytes read from a file at a time.
  int32_t read_chunk_bytes = 1 << 16;
  /// Projection push-down: the indices into the table schema of the fields to emit, in this
  /// order (partition columns included). Unset: every field.
  std::optional<std::vector<int32_t>> projected_fields;
  /// Partition push-down: read only the files of these partitions (values unescaped, in
  /// PARTITIONED BY order). Unset: every file.
  std::optional<std::vector<PartitionSpec>> partitions;
};

/// A source (num_inputs 0) reading every file under `path` (a file, or a directory walked
/// recursively; names starting with '.' or '_' are skipped at every level, as Flink does),
/// optionally only paths matching source.path.regex-pattern (a full match of the absolute
/// path, ECMAScript syntax).
///
/// Files are split among subtasks by a stable hash of their path relative to `path`
/// (FNV-1a mod parallelism), so that a file keeps its owner when new files appear; each
/// subtask reads its files in path order, line by line through the format's decoder (file
/// path and 1-based line number in the RecordPosition), emitting batches of at most
/// batch_size rows of the table schema (or of its projected fields). Partition columns take their
/// values from the `key=value` directories of the file's path (typed; partition.default-name or a
/// missing directory gives NULL).
///
/// The position (byte offset and line number per file, and which files are done) is union
/// operator list state; each subtask restores the entries of the files it owns, so a restore
/// continues exactly after the last emitted row, at any parallelism.
///
/// Bounded (no source.monitor-interval): ends after its last file. Monitoring: rescans the
/// directory every interval (a processing-time timer wakes the task; it never sleeps) and
/// never ends; files already seen (in state) are not read again, and files that grow after
/// being read are not re-read (as in Flink).
///
/// With projected fields, only those columns are emitted: json decodes only the projected
/// members; csv splits every field (it maps them by position) but converts the fields that are
/// not projected as plain strings, so they cannot fail. With partitions, only the files under
/// those partitions' directories are read (directories of other partitions are not walked);
/// files that appear later elsewhere are ignored as well.
///
/// Malformed records fail with the decoder's message (which names file:line) unless the
/// format's ignore-parse-errors is set; then they are counted (skipped_records(),
/// null_fields()).
/// Thread: the owning task thread, except the wake-up timer (which only calls wake()).
class FileSourceOperator final : public runtime::Operator {
 public:
  /// `schema` is the table's physical schema (partition columns included, in table order);
  /// `options` come from FileSystemOptions::Parse with the same schema.
  FileSourceOperator(SchemaPtr schema, FileSystemOptions options, FileSourceConfig config = {},
                     std::string name = "filesystem-source");
  ~FileSourceOperator() override;

  int num_inputs() const override { return 0; }
  std::string name() const override { return name_; }
  Status InitializeState(runtime::StateInitializationContext& ctx) override;
  Status Open(runtime::OperatorContext& ctx) override;
  Status ProcessBatch(int input, const RecordBatchPtr& batch) override;
  Result<runtime::SourcePoll> PollNext() override;
  Status SnapshotState(runtime::StateSnapshotContext& ctx) override;
  Status Close() override;

  /// Returns the subtask (of `parallelism`) that reads the file at `relative_path`.
  static int32_t FileOwner(std::string_view relative_path, int32_t parallelism);

  /// Returns the records skipped / fields set to null under ignore-parse-errors.
  int64_t skipped_records() const;
  int64_t null_fields() const;
  /// Returns the number of files this subtask knows (read, being read or queued).
  int64_t num_known_files() const { return static_cast<int64_t>(files_.size()); }
  /// Returns the number of directory scans made (the first one included).
  int64_t num_scans() const { return num_scans_; }

 private:
  struct FileState {
    int64_t offset = 0;  // bytes consumed
    int64_t line = 0;    // lines consumed
    bool done = false;
  };

  Status PlanColumns();
  Status MakeDecoder();
  Status Scan();
  Status OpenNextFile(bool* opened);
  Status MakePartitionColumns(const std::string& relative_path);
  Result<bool> NextLine(std::string_view* line);
  template <typename Decoder>
  Status DecodeLines(Decoder& decoder, int64_t max_rows, bool* file_done);
  Result<RecordBatchPtr> Assemble(const RecordBatchPtr& data, int64_t num_rows);
  void CloseFile();
  void CancelWakeUp();
  int32_t subtask() const;
  int32_t parallelism() const;

  SchemaPtr schema_;  // the table's
  FileSystemOptions options_;
  FileSourceConfig config_;
  std::string name_;
  std::optional<std::regex> path_regex_;
  std::optional<PartitionFilter> partition_filter_;

  // What the decoder produces and how the emitted columns come from it.
  SchemaPtr decode_schema_;
  SchemaPtr output_schema_;
  // Per emitted column: its index in the decoded batch, or -(1 + k) for partition key k.
  std::vector<int> output_sources_;
  bool output_is_decoded_ = false;              // the emitted batch is the decoded one as it is
  std::vector<uint8_t> partition_key_emitted_;  // per partition key

  std::unique_ptr<formats::CsvRowDecoder> csv_decoder_;
  std::unique_ptr<formats::JsonRowDecoder> json_decoder_;

  // The files this subtask owns, by path relative to options_.path ("" when it is a file).
  std::map<std::string, FileState> files_;
  runtime::OperatorListState<std::string>* position_state_ = nullptr;

  // The file being read.
  std::map<std::string, FileState>::iterator current_;
  bool reading_ = false;
  std::FILE* file_ = nullptr;
  std::string file_path_;  // full path, for positions in error messages
  std::string buffer_;
  size_t buffer_pos_ = 0;
  bool eof_ = false;
  // One row per partition key for the file (null for keys that are not emitted).
  std::vector<ColumnPtr> partition_values_;
  std::vector<int32_t> zeros_;  // gather indices repeating row 0

  int64_t next_scan_ms_ = 0;
  int64_t num_scans_ = 0;
  runtime::TimerId wake_timer_ = 0;
};

}  // namespace weir::connectors
