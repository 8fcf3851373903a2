// FileSinkOperator: the exactly-once runtime sink of the filesystem connector — csv/json part
// files rolled by size and time, committed on checkpoint completion, with partition directories
// and success files.
#pragma once

#include <cstdint>
#include <cstdio>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "weir/common/types/schema.h"
#include "weir/connectors/filesystem/filesystem_options.h"
#include "weir/connectors/filesystem/partition_time_extractor.h"
#include "weir/formats/text_row_encoder.h"
#include "weir/runtime/exec/processing_time_service.h"
#include "weir/runtime/operators/operator.h"
#include "weir/runtime/state/operator_state_backend.h"
#include "weir/runtime/task/stream_element.h"

namespace weir::connectors {

/// How a FileSinkOperator runs.
struct FileSinkConfig {
  /// The job-wide part of the file names; empty: a random UUID (a restored sink keeps the one
  /// in its state).
  std::string uuid;
  /// Commits everything at Finish(), as Flink's batch mode does; for jobs without
  /// checkpointing. Otherwise the final checkpoint after end of input commits.
  bool commit_on_finish = false;
  /// INSERT OVERWRITE (batch only): when the new files are committed, the visible files
  /// written before by others are deleted from the table directory (not partitioned) or from
  /// each partition directory this sink wrote.
  bool overwrite = false;
};

/// A sink writing the rows of a filesystem table as Flink's streaming file sink does for row
/// formats (csv, json):
///   - rows are encoded by the format and appended to an in-progress file per bucket (the
///     table directory, or its `k1=v1/k2=v2` partition directory; partition columns are not
///     written into the file), named `.part-<uuid>-<subtask>-<n>.inprogress.<uuid>` (hidden);
///   - a file rolls (closes and becomes pending) when it is larger than
///     sink.rolling-policy.file-size before a write (checked per batch and partition, so a
///     file may exceed the size by one batch), when it is older than rollover-interval or idle
///     longer than inactivity-interval (checked every check-interval on a processing-time
///     timer), at a checkpoint when it is larger than file-size, and at end of input;
///   - SnapshotState(n) assigns the pending files to checkpoint n and records the in-progress
///     files with their flushed, fsynced length;
///   - NotifyCheckpointComplete(n) commits the pending files of checkpoints <= n by an atomic
///     rename to `part-<uuid>-<subtask>-<n>` (visible), idempotently;
///   - with sink.partition-commit.policy.kind = success-file (partitioned tables), a partition
///     that received data is committed by Flink's process-time trigger: it is first seen when
///     the checkpoint covering its data completes, and at the first checkpoint completion
///     later than first seen + sink.partition-commit.delay (at once when the delay is 0) a
///     success file is written into its directory. With delay 0 a partition still being
///     written is committed after every checkpoint, as in Flink;
///   - with sink.partition-commit.trigger = partition-time instead, a partition whose data a
///     completed checkpoint covers waits until the watermark recorded by a completed
///     checkpoint is later than its time (PartitionTimeExtractor, a local time in
///     sink.partition-commit.watermark-time-zone) + sink.partition-commit.delay; after end of
///     input the watermark is +inf, so every partition is committed. Waiting partitions and
///     the watermark are in the state;
///   - with FileSinkConfig::overwrite (batch), the visible files of other writers are deleted
///     at Finish just before the new files are committed (never earlier);
/// State is union operator list state; a restore commits the pending files and the flushed
/// part of the in-progress files of the restored checkpoint (truncated to their recorded
/// length), then deletes this subtask's remaining in-progress files of the same uuid, so no
/// data is duplicated and no partial file becomes visible.
///
/// With parallelism > 1 each subtask writes its own success files (idempotent, an empty
/// file), without waiting for the other subtasks (Flink's single committer waits for all).
/// File I/O runs on the task thread.
/// Thread: the owning task thread, except the rolling timer (which only posts to the mailbox).
class FileSinkOperator final : public runtime::Operator {
 public:
  /// `schema` is the table's physical schema (partition columns included, in table order);
  /// `options` come from FileSystemOptions::Parse with the same schema.
  FileSinkOperator(SchemaPtr schema, FileSystemOptions options, FileSinkConfig config = {},
                   std::string name = "filesystem-sink");
  ~FileSinkOperator() override;

  std::string name() const override { return name_; }
  Status InitializeState(runtime::StateInitializationContext& ctx) override;
  Status Open(runtime::OperatorContext& ctx) override;
  Status ProcessBatch(int input, const RecordBatchPtr& batch) override;
  Status SnapshotState(runtime::StateSnapshotContext& ctx) override;
  Status NotifyCheckpointComplete(runtime::CheckpointId id) override;
  Status ProcessWatermark(int input, runtime::EventTime watermark) override;
  Status EndInput(int input) override;
  Status Finish() override;
  Status Close() override;

  /// Returns the uuid in this sink's file names (valid after InitializeState).
  const std::string& uuid() const { return uuid_; }
  /// Returns the number of files this instance committed (renames done).
  int64_t files_committed() const { return files_committed_; }
  /// Returns the number of rolled files waiting for a checkpoint to complete.
  int64_t num_pending() const { return static_cast<int64_t>(pending_.size()); }
  /// Returns the number of open in-progress files.
  int64_t num_in_progress() const { return static_cast<int64_t>(in_progress_.size()); }
  /// Returns the number of partitions waiting for their commit (success file).
  int64_t num_waiting_partitions() const {
    return static_cast<int64_t>(waiting_partitions_.size());
  }
  /// Returns the number of success files written.
  int64_t success_files_written() const { return success_files_written_; }

 private:
  struct InProgressFile {
    std::string name;        // hidden in-progress name inside the bucket directory
    std::string final_name;  // committed name
    std::FILE* file = nullptr;
    int64_t size = 0;
    int64_t created_ms = 0;
    int64_t last_write_ms = 0;
  };
  struct PendingFile {
    int64_t checkpoint = -1;  // -1: rolled after the last snapshot
    std::string bucket;       // directory relative to the table path ("" = the path)
    std::string name;
    std::string final_name;
  };

  Status Restore(const std::vector<std::string>& entries, bool restored);
  Status RecoverInProgress(const std::string& bucket, const std::string& name,
                           const std::string& final_name, int64_t valid_length);
  // Deletes this subtask's in-progress files of uuid_ and moves next_part_ past existing files.
  Status DeleteStrayFiles();
  Status Write(const std::string& bucket, const std::string& bytes);
  Status Roll(const std::string& bucket);
  Status RollAll();
  Status OnProcessingTime();
  void ScheduleCheck(int64_t due_ms);
  Status CommitPending(int64_t up_to_checkpoint);
  Status Commit(const std::string& bucket, const std::string& name, const std::string& final_name);
  Status CommitPartitions(bool force, runtime::EventTime watermark);
  // Whether partition `bucket` is due under the partition-time trigger at `watermark`.
  Result<bool> PartitionTimeDue(const std::string& bucket, runtime::EventTime watermark) const;
  // INSERT OVERWRITE: deletes the visible files of other writers in `bucket`.
  Status DeleteOldFiles(const std::string& bucket);
  Status WriteSuccessFile(const std::string& bucket);
  // Groups the rows of a batch by partition directory ("k1=v1/k2=v2"; partitioned only).
  Status BucketsOf(const RecordBatch& batch, std::map<std::string, std::vector<int32_t>>* rows);
  /// Appends the partition directory of `row` ("k1=v1/k2=v2", escaped) to `dir`.
  Status AppendPartitionDir(const RecordBatch& batch, int64_t row, std::string* dir);
  int64_t Now() const;
  std::string Dir(const std::string& bucket) const;
  int32_t subtask() const;

  SchemaPtr schema_;
  FileSystemOptions options_;
  FileSinkConfig config_;
  std::string name_;
  std::unique_ptr<formats::TextRowEncoder> encoder_;
  std::vector<int> data_columns_;       // table column index of each data column
  std::vector<int> partition_columns_;  // table column index of each partition key

  std::string uuid_;
  int64_t next_part_ = 0;
  std::map<std::string, InProgressFile> in_progress_;  // by bucket
  std::vector<PendingFile> pending_;
  // Partitions written since the last snapshot, and per snapshotted checkpoint.
  std::set<std::string> touched_;
  std::map<int64_t, std::set<std::string>> touched_by_checkpoint_;
  // Partitions waiting for the process-time trigger: bucket -> first seen (processing time).
  std::map<std::string, int64_t> waiting_partitions_;

  // The partition-time trigger: its extractor, the input watermark (+inf after end of input)
  // and the watermark recorded by each snapshot not yet completed.
  std::optional<PartitionTimeExtractor> time_extractor_;
  runtime::EventTime watermark_ = runtime::kMinWatermark;
  std::map<int64_t, runtime::EventTime> watermark_by_checkpoint_;
  // The watermark of the latest completed (or restored) checkpoint: the trigger's clock.
  runtime::EventTime committed_watermark_ = runtime::kMinWatermark;
  // INSERT OVERWRITE: every bucket this sink wrote (committed at Finish).
  std::set<std::string> written_;

  runtime::OperatorListState<std::string>* state_ = nullptr;
  runtime::TimerId check_timer_ = 0;
  std::shared_ptr<FileSinkOperator*> alive_;  // the timer's posted action checks it

  std::string encoded_;
  std::string row_dir_;  // the partition directory being built
  std::string value_text_;
  int64_t files_committed_ = 0;
  int64_t success_files_written_ = 0;
};

}  // namespace weir::connectors
