// JobExecution: one submitted job in a mini-cluster — its tasks, their wiring and its status.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "weir/cluster/minicluster/job_state_hook.h"
#include "weir/cluster/minicluster/job_status.h"
#include "weir/cluster/minicluster/restart_strategy.h"
#include "weir/cluster/minicluster/slot_assignment.h"
#include "weir/common/config/configuration.h"
#include "weir/common/memory/memory_pool.h"
#include "weir/common/result.h"
#include "weir/runtime/checkpoint/checkpoint_coordinator.h"
#include "weir/runtime/checkpoint/coordinator_time.h"
#include "weir/runtime/exec/processing_time_service.h"
#include "weir/runtime/exec/worker_pool.h"
#include "weir/runtime/graph/execution_graph.h"
#include "weir/runtime/graph/job_graph.h"
#include "weir/runtime/network/network_environment.h"
#include "weir/runtime/task/task.h"

namespace weir::cluster {

/// The final state of a job: its status and, for FAILED, the first task failure.
struct JobResult {
  JobStatus status = JobStatus::kCreated;
  Status failure;
  /// How often the job was restarted by its restart strategy.
  int32_t restarts = 0;
  /// From RUNNING to the terminal state, in milliseconds.
  int64_t duration_ms = 0;
};

/// What a job needs from the cluster that runs it. Everything must outlive the job.
struct JobServices {
  runtime::WorkerPool* worker_pool = nullptr;
  runtime::ProcessingTimeService* processing_time = nullptr;
  /// The network environment of each TaskManager.
  std::vector<const runtime::NetworkEnvironment*> networks;
  /// The TaskManager of each subtask; empty: every subtask on TaskManager 0.
  SlotAssignment slots;
  /// Memory of the operators (the "operators" share of the budget); kept alive by the job.
  std::shared_ptr<MemoryPool> operator_pool;
  runtime::TaskOptions task_options;
  /// Checkpoint persistence and the coordinator's timers (needed when checkpointing).
  runtime::IoExecutor* io_executor = nullptr;
  runtime::TimerScheduler* timer_scheduler = nullptr;
  /// The job's configuration (execution.checkpointing.*); null means defaults.
  const config::Configuration* config = nullptr;
  /// Keeps a job-specific configuration (the cluster's with the job's overrides) alive;
  /// `config` points into it when set.
  std::shared_ptr<const config::Configuration> owned_config;
};

/// Per-job submission settings.
struct JobSubmitOptions {
  /// Key column types of keyed operators by operator uid, for operators whose spec does not
  /// carry them (OperatorSpec::key_types wins).
  KeyTypesFunction key_types;
  /// A savepoint or retained checkpoint to start from (its directory or `_metadata` file;
  /// Flink's execution.state-recovery.path); empty: a fresh start. State is matched to
  /// operators by uid, at any parallelism.
  std::string restore_path;
  /// Skip state of operators the job does not have instead of failing the submission.
  bool allow_non_restored_state = false;
  /// Job options over the cluster's configuration (a SQL session's SET values:
  /// execution.checkpointing.*, restart-strategy.*, ...).
  config::Configuration job_config;
};

/// Runs one job graph: creates a Task per subtask of the execution graph with its operators,
/// result partitions and input gates wired per the channel wiring, starts them, and turns
/// task state changes into the job status. A failed task fails the job: the other tasks are
/// canceled, then, if the restart strategy allows, the job is RESTARTING and after the delay
/// every task is deployed again (attempt + 1) restoring the latest completed checkpoint;
/// otherwise the job is FAILED with that task's failure.
/// Thread: all public methods are thread-safe; tasks report from worker threads.
class JobExecution : public std::enable_shared_from_this<JobExecution> {
 public:
  /// Builds the execution graph and every task (nothing runs yet).
  /// Also creates the job's checkpoint storage and coordinator (savepoints; periodic
  /// checkpoints when execution.checkpointing.interval is set, which then requires
  /// execution.checkpointing.dir).
  static Result<std::shared_ptr<JobExecution>> Make(const runtime::JobGraph& job,
                                                    JobServices services,
                                                    JobSubmitOptions options = {});
  /// Cancels the job if it still runs, waits for its tasks to stop and detaches them.
  ~JobExecution();
  JobExecution(const JobExecution&) = delete;
  JobExecution& operator=(const JobExecution&) = delete;

  const runtime::JobId& job_id() const { return job_id_; }
  const std::string& job_name() const { return job_name_; }

  /// Moves CREATED -> RUNNING and starts every task (consumers first).
  void Start();
  /// Cancels the job: CANCELLING until every task stopped, then CANCELED. No-op when the job
  /// is terminal or already cancelling.
  void Cancel();
  JobStatus status() const;
  /// Blocks until the job is terminal or `timeout` passed (nullopt: no limit). Returns the
  /// result, or a Timeout error when the timeout passed first.
  Result<JobResult> WaitForResult(std::optional<std::chrono::milliseconds> timeout);

  /// Stops scheduling the tasks of a terminal job (before the worker pool goes away).
  /// REQUIRES: the job is terminal; called from outside the worker pool.
  void DetachTasks();

  /// Triggers a savepoint into `target_dir` (empty: execution.checkpointing.savepoint-dir) and
  /// blocks until it completed or failed, or `timeout` passed. Returns the savepoint
  /// directory. Not for worker threads.
  Result<std::string> TriggerSavepoint(const std::string& target_dir,
                                       std::chrono::milliseconds timeout);

  /// Stops the job with a savepoint (Flink's stop-with-savepoint): sources stop reading, a
  /// savepoint is taken into `target_dir` (empty: the default savepoint directory), then
  /// every task finishes and the job is FINISHED. With `drain` the watermark first advances
  /// to +inf and every operator ends its input and flushes (timers fire, windows emit);
  /// without it operators stop as they are and resume from the savepoint. Returns the
  /// savepoint directory once the job is FINISHED. If the savepoint fails the job keeps
  /// running, or fails over when sources had stopped already. Not for worker threads.
  Result<std::string> StopWithSavepoint(const std::string& target_dir, bool drain,
                                        std::chrono::milliseconds timeout);

  /// Drops the tasks and their state of a terminal job while the cluster's services still
  /// exist (the cluster calls it when it shuts down); tasks() is empty afterwards.
  /// REQUIRES: the job is terminal; no other thread uses tasks() or state_hook().
  void ReleaseTasks();

  /// Returns the checkpoint coordinator (periodic checkpoints, savepoints), or null when the
  /// cluster has no I/O executor or timer scheduler.
  const std::shared_ptr<runtime::CheckpointCoordinator>& checkpoint_coordinator() const {
    return coordinator_;
  }
  /// Returns the checkpoint storage, or null without a coordinator.
  const std::shared_ptr<runtime::FsCheckpointStorage>& checkpoint_storage() const {
    return state_services_->storage;
  }
  /// Returns true for a BATCH job (JobType::kBatch): no checkpoints or savepoints, and
  /// operators see only the final watermark.
  bool batch() const { return job_.job_type() == runtime::JobType::kBatch; }
  /// Returns where the job's subtasks run and the slots it holds.
  const SlotAssignment& slots() const { return services_.slots; }
  /// Returns the TaskManager that runs subtask `subtask` of the job's `vertex_position`-th
  /// vertex.
  int32_t TaskManagerOf(size_t vertex_position, int32_t subtask) const;
  /// Returns the current execution attempt (0 before the first restart).
  int32_t attempt() const;

  /// Returns the tasks, vertex by vertex in subtask order (for tests and metrics).
  std::vector<std::shared_ptr<runtime::Task>> tasks() const;

 private:
  JobExecution(const runtime::JobGraph& job, JobServices services);
  // Creates the tasks of attempt `attempt`, restoring `restore` when set.
  Status Deploy(int32_t attempt, std::shared_ptr<const JobRestoreState> restore,
                std::vector<std::shared_ptr<runtime::Task>>* tasks);
  void OnTaskStateChange(int32_t attempt, const runtime::TaskStateChange& change);
  // Deploys and starts the next attempt (the restart timer).
  void Restart();
  Result<std::shared_ptr<const JobRestoreState>> PlanRestart() const;
  Result<std::shared_ptr<const JobRestoreState>> PlanRestoreFrom(
      const runtime::CheckpointMetadata& metadata, const std::string& directory) const;
  // REQUIRES: mu_ held. Moves the status if the transition is legal.
  void TransitionLocked(JobStatus to);
  // REQUIRES: mu_ held. Finishes FAILING/CANCELLING/RUNNING once every task is terminal;
  // returns true when a RESTARTING job should now schedule its restart.
  bool MaybeCompleteLocked();
  void ScheduleRestart();
  // FLIP-147: polls until every source task of `attempt` has ended its input, then triggers
  // the checkpoint that lets the waiting tasks finish (instead of waiting for the interval).
  void WatchForFinalCheckpoint(int32_t attempt);
  void CancelTasks();
  // Triggers a savepoint of `kind` and waits for it; returns its directory.
  Result<std::string> RunSavepoint(const std::string& target_dir, runtime::SnapshotKind kind,
                                   std::chrono::milliseconds timeout);
  // Fails the job with `error` (a task failure or too many failed checkpoints).
  void Fail(const Status& error);
  // Stops the coordinator once the job no longer runs. Call without mu_ held.
  void StopCheckpointing();
  Status SetUpCheckpointing(const JobSubmitOptions& options);

  class Gateway;
  friend class Gateway;
  // Returns the task of subtask `subtask` of `vertex`, or null.
  runtime::Task* FindTask(runtime::VertexId vertex, int32_t subtask, int32_t attempt) const;
  runtime::JobTasksView CurrentTasks() const;

  const runtime::JobGraph job_;
  const JobServices services_;
  const runtime::JobId job_id_;
  const std::string job_name_;
  runtime::ExecutionGraph graph_;

  mutable std::mutex mu_;
  std::condition_variable terminal_cv_;
  JobStatus status_ = JobStatus::kCreated;             // REQUIRES: mu_ held
  Status failure_;                                     // REQUIRES: mu_ held
  int32_t num_terminal_ = 0;                           // REQUIRES: mu_ held
  bool detached_ = false;                              // REQUIRES: mu_ held
  int32_t attempt_ = 0;                                // REQUIRES: mu_ held
  int32_t restarts_ = 0;                               // REQUIRES: mu_ held
  std::chrono::steady_clock::time_point started_;      // REQUIRES: mu_ held
  std::chrono::steady_clock::time_point ended_;        // REQUIRES: mu_ held
  bool restart_scheduled_ = false;                     // REQUIRES: mu_ held
  std::vector<std::shared_ptr<runtime::Task>> tasks_;  // REQUIRES: mu_ held; current attempt
  std::vector<size_t> first_task_;                     // by vertex position; read-only
  std::unique_ptr<RestartBackoff> restart_backoff_ =
      RestartBackoff::None();  // REQUIRES: mu_ held
  bool allow_non_restored_state_ = false;
  // Tasks wait for a final checkpoint before finishing (periodic checkpointing is on).
  bool wait_for_final_checkpoint_ = false;
  std::shared_ptr<JobStateServices> state_services_;
  std::shared_ptr<runtime::CheckpointCoordinator> coordinator_;
  std::shared_ptr<Gateway> gateway_;
};

}  // namespace weir::cluster
