// Checkpoint statistics per checkpoint, task and subtask: counts, history, summaries, JSON/text.
//
// The JSON forms follow Flink's REST API (rest_v1_dispatcher.yml): CheckpointingStatistics
// for /jobs/:id/checkpoints, CheckpointStatistics for /jobs/:id/checkpoints/details/:cid and
// TaskCheckpointStatisticsWithSubtaskDetails for .../subtasks/:vertexid.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "weir/runtime/checkpoint/checkpoint_plan.h"
#include "weir/runtime/graph/ids.h"
#include "weir/runtime/task/stream_element.h"

namespace weir::runtime {

enum class CheckpointStatsStatus : uint8_t { kInProgress, kCompleted, kFailed };
/// Returns "IN_PROGRESS", "COMPLETED" or "FAILED".
const char* CheckpointStatsStatusName(CheckpointStatsStatus status);

/// What a task measured for one checkpoint; sent with its acknowledgement.
struct SubtaskCheckpointMetrics {
  int64_t sync_duration_ms = 0;
  int64_t async_duration_ms = 0;
  /// From the first to the last barrier of the checkpoint at this task.
  int64_t alignment_duration_ms = 0;
  /// From the trigger (barrier timestamp) to the first barrier at this task.
  int64_t start_delay_ms = 0;
  int64_t bytes_processed_during_alignment = 0;
  /// In-flight data written into the checkpoint (unaligned checkpoints).
  int64_t bytes_persisted_during_alignment = 0;
  bool unaligned = false;
};

struct SubtaskCheckpointStats {
  int32_t index = 0;
  bool acknowledged = false;
  /// The subtask had finished before the checkpoint (FLIP-147).
  bool finished = false;
  int64_t ack_timestamp_ms = 0;
  int64_t state_size = 0;
  SubtaskCheckpointMetrics metrics;
};

/// Statistics of one job vertex (task) in one checkpoint.
struct TaskCheckpointStats {
  VertexId vertex;
  std::string hex_id;
  std::string name;
  int32_t num_subtasks = 0;
  int32_t num_acknowledged = 0;
  int64_t latest_ack_timestamp_ms = 0;
  int64_t state_size = 0;
  std::vector<SubtaskCheckpointStats> subtasks;
};

struct CheckpointStats {
  CheckpointId id;
  CheckpointStatsStatus status = CheckpointStatsStatus::kInProgress;
  SnapshotKind kind = SnapshotKind::kCheckpoint;
  bool unaligned = false;
  int64_t trigger_timestamp_ms = 0;
  int64_t latest_ack_timestamp_ms = 0;
  /// Completion or failure time; 0 while in progress.
  int64_t end_timestamp_ms = 0;
  int64_t state_size = 0;
  int32_t num_subtasks = 0;
  int32_t num_acknowledged_subtasks = 0;
  std::string external_path;
  std::string failure_message;
  /// A completed checkpoint that retention has deleted since.
  bool discarded = false;
  std::vector<TaskCheckpointStats> tasks;

  bool is_savepoint() const { return kind != SnapshotKind::kCheckpoint; }
  /// Completed or failed: end - trigger; in progress: latest ack - trigger (as Flink).
  int64_t EndToEndDurationMs() const;
  int64_t ProcessedData() const;
  int64_t PersistedData() const;
  /// Returns the task of `vertex`, or nullptr.
  const TaskCheckpointStats* FindTask(VertexId vertex) const;
};

/// min / max / average and percentiles of a value over recent completed checkpoints.
struct StatsSummary {
  int64_t count = 0;
  int64_t min = 0;
  int64_t max = 0;
  int64_t avg = 0;
  double p50 = 0, p90 = 0, p95 = 0, p99 = 0, p999 = 0;
  /// Computes the summary of `values` (nearest-rank percentiles).
  static StatsSummary Of(std::vector<int64_t> values);
};

struct RestoredCheckpointStats {
  CheckpointId id;
  int64_t restore_timestamp_ms = 0;
  bool is_savepoint = false;
  std::string external_path;
};

/// A consistent copy of all statistics of a job's checkpoints.
struct CheckpointStatsSnapshot {
  int64_t num_restored = 0;
  int64_t num_total = 0;
  int64_t num_in_progress = 0;
  int64_t num_completed = 0;
  int64_t num_failed = 0;
  /// Recent checkpoints, newest first (in progress ones included).
  std::vector<CheckpointStats> history;
  std::optional<CheckpointStats> latest_completed;
  std::optional<CheckpointStats> latest_savepoint;
  std::optional<CheckpointStats> latest_failed;
  std::optional<RestoredCheckpointStats> latest_restored;
  StatsSummary state_size;
  StatsSummary end_to_end_duration;
  StatsSummary processed_data;
  StatsSummary persisted_data;

  /// Returns the checkpoint with `id` from the history or the latest ones, or nullptr.
  const CheckpointStats* Find(CheckpointId id) const;
  /// Returns Flink's CheckpointingStatistics JSON (/jobs/:id/checkpoints).
  std::string ToJson() const;
  /// Returns a human-readable multi-line report.
  std::string ToText() const;
};

/// Returns Flink's CheckpointStatistics JSON with tasks (/jobs/:id/checkpoints/details/:cid).
std::string CheckpointDetailsToJson(const CheckpointStats& stats);
/// Returns Flink's TaskCheckpointStatisticsWithSubtaskDetails JSON for one vertex, or an
/// empty string if the checkpoint has no such vertex.
std::string TaskCheckpointDetailsToJson(const CheckpointStats& stats, VertexId vertex);

/// Collects the statistics; the coordinator reports every step to it.
///
/// Thread: thread-safe.
class CheckpointStatsTracker {
 public:
  /// Keeps the `history_size` newest checkpoints (plus all in progress) and summaries over
  /// the last 1000 completed ones.
  explicit CheckpointStatsTracker(int32_t history_size = 10);

  void ReportPending(CheckpointId id, SnapshotKind kind, bool unaligned,
                     int64_t trigger_timestamp_ms, const CheckpointPlan& plan);
  void ReportAcknowledged(CheckpointId id, const TaskRef& task, int64_t ack_timestamp_ms,
                          int64_t state_size, const SubtaskCheckpointMetrics& metrics);
  void ReportCompleted(CheckpointId id, int64_t completion_timestamp_ms, std::string external_path);
  void ReportFailed(CheckpointId id, int64_t failure_timestamp_ms, std::string message);
  /// Counts a checkpoint that failed before it started (no statistics of its own).
  void ReportFailedBeforeStart();
  /// Marks a completed checkpoint as deleted by retention.
  void ReportDiscarded(CheckpointId id);
  void ReportRestored(const RestoredCheckpointStats& restored);

  CheckpointStatsSnapshot Snapshot() const;

 private:
  static constexpr size_t kSummaryWindow = 1000;
  void Trim();  // REQUIRES: mu_ held

  const size_t history_size_;
  mutable std::mutex mu_;
  std::map<CheckpointId, CheckpointStats> entries_;  // REQUIRES: mu_ held
  int64_t num_restored_ = 0;
  int64_t num_completed_ = 0;
  int64_t num_failed_ = 0;
  int64_t num_failed_before_start_ = 0;
  std::optional<CheckpointStats> latest_completed_;
  std::optional<CheckpointStats> latest_savepoint_;
  std::optional<CheckpointStats> latest_failed_;
  std::optional<RestoredCheckpointStats> latest_restored_;
  std::deque<int64_t> recent_state_size_;
  std::deque<int64_t> recent_duration_;
  std::deque<int64_t> recent_processed_;
  std::deque<int64_t> recent_persisted_;
};

}  // namespace weir::runtime
