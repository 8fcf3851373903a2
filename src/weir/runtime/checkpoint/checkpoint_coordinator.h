// CheckpointCoordinator: triggers checkpoints and savepoints, tracks acks, completes or aborts.
//
// State machine of one checkpoint (docs/design/0013-checkpoints.md):
//
//   request queued ──plan──▶ INITIALIZING ──location ready──▶ TRIGGERED ──all acks──▶ FINALIZING
//        │ (not all tasks running,                │                 │                  │
//        │  all finished: skipped)                │                 │     _metadata durable
//        ▼                                        ▼                 ▼                  ▼
//     (dropped)                                ABORTED ◀── timeout / decline /    COMPLETED
//                                                         task failure / subsumed / shutdown
//
// Completed: the checkpoint is added to the store (retention deletes the oldest), then every
// task that was waited for is notified of completion, then the requester's callback runs.
// Aborted: the directory is deleted, tasks are notified, counted failures may fail the job.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "weir/common/result.h"
#include "weir/runtime/checkpoint/checkpoint_options.h"
#include "weir/runtime/checkpoint/checkpoint_plan.h"
#include "weir/runtime/checkpoint/checkpoint_stats.h"
#include "weir/runtime/checkpoint/completed_checkpoint_store.h"
#include "weir/runtime/checkpoint/coordinator_time.h"
#include "weir/runtime/checkpoint/fs_checkpoint_storage.h"
#include "weir/runtime/checkpoint/io_executor.h"
#include "weir/runtime/checkpoint/state_handle.h"

namespace weir::runtime {

/// Why a checkpoint failed (the subset of Flink's CheckpointFailureReason Weir needs).
enum class CheckpointFailureReason : uint8_t {
  kExpired,               // the timeout passed (counted)
  kDeclined,              // a task failed to take or persist its snapshot (counted)
  kStorageError,          // creating the directory or writing _metadata failed (counted)
  kTaskFailure,           // a task failed; the job fails over (not counted)
  kTaskNotReady,          // a task could not take part (not running yet, closing) (not counted)
  kNotAllTasksRunning,    // some task was not running at trigger time (not counted)
  kSubsumed,              // a newer checkpoint completed first (not counted)
  kCoordinatorSuspended,  // periodic checkpoints were stopped, e.g. for stop-with-savepoint
  kCoordinatorShutdown,   // the job ended (not counted)
};
/// Returns the reason's name, e.g. "CHECKPOINT_EXPIRED".
const char* CheckpointFailureReasonName(CheckpointFailureReason reason);
/// Returns true for the reasons that count towards tolerable-failed-checkpoints.
bool CountsAsCheckpointFailure(CheckpointFailureReason reason);

/// The coordinator's link to the job's tasks, implemented by the execution graph.
///
/// Thread: called from the coordinator's callers, its timer thread or I/O threads, never with
/// a coordinator lock held, and never on a task's worker thread. Implementations must not
/// block: they post to the tasks' mailboxes. A message for a task whose attempt differs from
/// the current one should be dropped.
class CheckpointTaskGateway {
 public:
  virtual ~CheckpointTaskGateway() = default;
  /// Returns the job's tasks and their execution states now.
  virtual JobTasksView CurrentTasks() = 0;
  /// Asks a task (a running source, or a task whose inputs have all finished) to take a
  /// snapshot and emit the barrier. `location_reference` goes to
  /// FsCheckpointStorage::CreateStreamFactory (empty for the default location).
  virtual void TriggerCheckpoint(const TaskRef& task, const CheckpointBarrier& barrier,
                                 const std::string& location_reference) = 0;
  /// Tells a task that checkpoint `id` completed (two-phase sinks commit now).
  virtual void NotifyCheckpointComplete(const TaskRef& task, CheckpointId id) = 0;
  /// Tells a task that checkpoint `id` was aborted (it may drop the snapshot's resources).
  virtual void NotifyCheckpointAborted(const TaskRef& task, CheckpointId id) = 0;
};

/// Receives the outcome of a requested checkpoint or savepoint: the completed snapshot
/// (directory = the savepoint path) or why it failed.
using SnapshotCallback = std::function<void(Result<CompletedCheckpointPtr>)>;

struct CheckpointCoordinatorOptions {
  CheckpointingSettings settings;
  std::shared_ptr<FsCheckpointStorage> storage;
  std::shared_ptr<CheckpointTaskGateway> gateway;
  /// Time source; the coordinator's timestamps and durations come from it.
  Clock* clock = SystemClock::Instance();
  /// Runs the periodic trigger and timeouts (required).
  TimerScheduler* scheduler = nullptr;
  /// Runs directory creation, _metadata writes and deletions (required).
  IoExecutor* io_executor = nullptr;
  /// Called when more consecutive checkpoints failed than tolerated (then the count restarts).
  std::function<void(Status)> fail_job;
  /// Number of recent checkpoints kept in the statistics history.
  int32_t history_size = 10;
  /// Delay of the first periodic checkpoint after StartPeriodicScheduling; -1 means the
  /// interval.
  int64_t initial_delay_ms = -1;
};

/// What the coordinator did with an acknowledgement.
enum class AckResult : uint8_t {
  kAccepted,
  kDuplicate,  // the task had acknowledged already
  kUnknown,    // no such pending checkpoint (aborted, completed) or task (stale attempt)
  kRejected,   // the snapshot was invalid; the checkpoint was aborted
};

/// Coordinates the checkpoints of one job (runs in the JobManager).
///
/// Thread: all public methods are thread-safe and never block on I/O; gateway calls and
/// callbacks run outside the coordinator's lock, in the order the coordinator decided them.
class CheckpointCoordinator : public std::enable_shared_from_this<CheckpointCoordinator> {
 public:
  static Result<std::shared_ptr<CheckpointCoordinator>> Make(CheckpointCoordinatorOptions options);
  ~CheckpointCoordinator();
  CheckpointCoordinator(const CheckpointCoordinator&) = delete;
  CheckpointCoordinator& operator=(const CheckpointCoordinator&) = delete;

  /// Starts periodic checkpoints (no-op without an interval or when started already).
  void StartPeriodicScheduling();
  /// Stops periodic checkpoints; pending checkpoints continue.
  void StopPeriodicScheduling();
  bool periodic_scheduling() const;

  /// Requests a checkpoint now (not subject to the min pause; waits for a free slot under
  /// max-concurrent-checkpoints).
  void TriggerCheckpoint(SnapshotCallback callback = nullptr);
  /// Requests a savepoint into `target_dir` (empty: the default savepoint directory). For
  /// kSavepointSuspend / kSavepointTerminate (stop-with-savepoint) periodic checkpoints are
  /// stopped and pending ones aborted first; they restart if the savepoint fails.
  void TriggerSavepoint(std::string target_dir, SnapshotKind kind, SnapshotCallback callback);

  /// Records a task's snapshot for checkpoint `id`. The state's operator uids must belong to
  /// the task's vertex. The last acknowledgement completes the checkpoint asynchronously.
  AckResult AcknowledgeCheckpoint(const TaskRef& task, CheckpointId id, TaskStateSnapshot state,
                                  const SubtaskCheckpointMetrics& metrics = {});
  /// Aborts checkpoint `id` because `task` could not take part.
  void DeclineCheckpoint(const TaskRef& task, CheckpointId id, CheckpointFailureReason reason,
                         const Status& cause);
  /// Records that `task` has finished: pending checkpoints waiting for it take it as
  /// acknowledged with finished state (FLIP-147).
  void ReportTaskFinished(const TaskRef& task);
  /// Aborts every pending checkpoint (task failure, failover, cancel).
  void AbortPendingCheckpoints(CheckpointFailureReason reason, const Status& cause);

  /// Records that the job was restored from `checkpoint`: later ids are higher, and it is the
  /// restore point until a checkpoint completes.
  void SetRestoredCheckpoint(CompletedCheckpointPtr checkpoint);
  /// Returns the latest completed checkpoint (savepoints excluded), or nullptr.
  CompletedCheckpointPtr LatestCompletedCheckpoint() const;
  /// Returns what a failover restores: the latest completed checkpoint, or the checkpoint or
  /// savepoint the job was restored from, or nullptr.
  CompletedCheckpointPtr LatestRestorePoint() const;

  /// Stops everything: periodic checkpoints, queued requests and pending checkpoints are
  /// aborted; later calls do nothing. Work already on the I/O executor finishes harmlessly.
  void Shutdown();

  std::vector<CheckpointId> PendingCheckpointIds() const;
  int32_t NumConsecutiveFailures() const;
  CheckpointStatsSnapshot Stats() const;
  const CompletedCheckpointStore& store() const { return store_; }
  const CheckpointingSettings& settings() const { return options_.settings; }

 private:
  struct TriggerRequest {
    SnapshotKind kind = SnapshotKind::kCheckpoint;
    std::string target_dir;
    bool periodic = false;
    SnapshotCallback callback;
  };
  enum class Phase : uint8_t { kInitializing, kTriggered, kFinalizing };
  struct PendingCheckpoint {
    CheckpointId id;
    SnapshotKind kind = SnapshotKind::kCheckpoint;
    bool unaligned = false;
    int64_t trigger_ms = 0;
    CheckpointPlan plan;
    Phase phase = Phase::kInitializing;
    std::shared_ptr<CheckpointStorageLocation> location;
    std::set<TaskRef> not_yet_acknowledged;
    std::map<TaskRef, TaskStateSnapshot> acknowledged;
    TimerScheduler::TimerId timeout_timer = 0;
    SnapshotCallback callback;
  };
  using PendingPtr = std::shared_ptr<PendingCheckpoint>;
  using Action = std::function<void()>;

  explicit CheckpointCoordinator(CheckpointCoordinatorOptions options);

  // All *Locked methods REQUIRE mu_ held; they queue gateway calls, callbacks and I/O as
  // actions that DrainActions() runs after the lock is released.
  void Enqueue(Action action);
  void DrainActions();
  void MaybeTriggerNextLocked();
  void StartTriggerLocked(TriggerRequest request);
  void SchedulePeriodicLocked(int64_t delay_ms);
  void CancelPeriodicLocked();
  void StopPeriodicLocked(bool abort_pending_checkpoints);
  void FailRequestLocked(SnapshotCallback callback, Status status);
  AckResult AcknowledgeLocked(const PendingPtr& pending, const TaskRef& task,
                              TaskStateSnapshot state, const SubtaskCheckpointMetrics& metrics);
  void AbortLocked(const PendingPtr& pending, CheckpointFailureReason reason, const Status& cause);
  CheckpointMetadata BuildMetadataLocked(const PendingCheckpoint& pending) const;
  void DiscardLocationLocked(std::shared_ptr<CheckpointStorageLocation> location);

  void OnPeriodicTimer(uint64_t generation);
  void PrepareTrigger(TriggerRequest request);
  void OnLocationReady(const PendingPtr& pending,
                       Result<std::shared_ptr<CheckpointStorageLocation>> location);
  void OnTimeout(const PendingPtr& pending);
  void OnFinalized(const PendingPtr& pending, CheckpointMetadata metadata,
                   Result<std::string> metadata_path);

  const CheckpointCoordinatorOptions options_;
  CompletedCheckpointStore store_;
  CheckpointStatsTracker stats_;

  mutable std::mutex mu_;
  bool shutdown_ = false;    // REQUIRES: mu_ held (all below too)
  bool triggering_ = false;  // a request is being planned or initialized
  int64_t next_id_ = 1;
  std::map<CheckpointId, PendingPtr> pending_;
  std::deque<TriggerRequest> queued_;  // on-demand checkpoints and savepoints
  bool periodic_enabled_ = false;
  bool periodic_due_ = false;  // the periodic timer fired; not yet served
  bool restart_periodic_after_savepoint_ = false;
  uint64_t periodic_generation_ = 0;
  TimerScheduler::TimerId periodic_timer_ = 0;
  bool has_last_end_ = false;
  int64_t last_end_ms_ = 0;  // end of the last checkpoint (min pause)
  int32_t consecutive_failures_ = 0;
  CompletedCheckpointPtr restored_;
  std::deque<Action> actions_;
  bool draining_ = false;
};

}  // namespace weir::runtime
