// CheckpointCoordinator: triggering, acknowledgements, completion, abort and failure counting.
#include "weir/runtime/checkpoint/checkpoint_coordinator.h"

#include <algorithm>

#include "weir/common/log/log.h"

namespace weir::runtime {

namespace {

const char* DescribeSnapshot(SnapshotKind kind) {
  return kind == SnapshotKind::kCheckpoint ? "Checkpoint" : "Savepoint";
}

Status FailureStatus(CheckpointFailureReason reason, const Status& cause, CheckpointId id,
                     SnapshotKind kind) {
  std::string what = StrCat(DescribeSnapshot(kind), " ", id.value(), " failed (",
                            CheckpointFailureReasonName(reason), ")");
  std::string message = cause.ok() ? what : StrCat(what, ": ", cause.message());
  switch (reason) {
    case CheckpointFailureReason::kExpired:
      return Status(StatusCode::kTimeout, std::move(message));
    case CheckpointFailureReason::kStorageError:
      return Status(StatusCode::kIOError, std::move(message));
    case CheckpointFailureReason::kDeclined:
      return Status(cause.ok() ? StatusCode::kInternal : cause.code(), std::move(message));
    default:
      return Status(StatusCode::kCancelled, std::move(message));
  }
}

}  // namespace

const char* CheckpointFailureReasonName(CheckpointFailureReason reason) {
  switch (reason) {
    case CheckpointFailureReason::kExpired:
      return "CHECKPOINT_EXPIRED";
    case CheckpointFailureReason::kDeclined:
      return "CHECKPOINT_DECLINED";
    case CheckpointFailureReason::kStorageError:
      return "IO_EXCEPTION";
    case CheckpointFailureReason::kTaskFailure:
      return "TASK_FAILURE";
    case CheckpointFailureReason::kTaskNotReady:
      return "CHECKPOINT_DECLINED_TASK_NOT_READY";
    case CheckpointFailureReason::kNotAllTasksRunning:
      return "NOT_ALL_REQUIRED_TASKS_RUNNING";
    case CheckpointFailureReason::kSubsumed:
      return "CHECKPOINT_SUBSUMED";
    case CheckpointFailureReason::kCoordinatorSuspended:
      return "CHECKPOINT_COORDINATOR_SUSPEND";
    case CheckpointFailureReason::kCoordinatorShutdown:
      return "CHECKPOINT_COORDINATOR_SHUTDOWN";
  }
  return "UNKNOWN";
}

bool CountsAsCheckpointFailure(CheckpointFailureReason reason) {
  return reason == CheckpointFailureReason::kExpired ||
         reason == CheckpointFailureReason::kDeclined ||
         reason == CheckpointFailureReason::kStorageError;
}

// --- Construction and lifecycle ---

CheckpointCoordinator::CheckpointCoordinator(CheckpointCoordinatorOptions options)
    : options_(std::move(options)),
      store_(options_.settings.num_retained),
      stats_(options_.history_size) {}

Result<std::shared_ptr<CheckpointCoordinator>> CheckpointCoordinator::Make(
    CheckpointCoordinatorOptions options) {
  if (options.storage == nullptr || options.gateway == nullptr || options.clock == nullptr ||
      options.scheduler == nullptr || options.io_executor == nullptr) {
    return Status::Invalid(
        "CheckpointCoordinator needs a storage, a task gateway, a clock, a scheduler and an "
        "I/O executor");
  }
  const CheckpointingSettings& s = options.settings;
  if (s.timeout_ms <= 0 || s.max_concurrent < 1 || s.min_pause_ms < 0 || s.num_retained < 1 ||
      s.tolerable_failures < -1) {
    return Status::Invalid("Invalid checkpoint settings: timeout ", s.timeout_ms,
                           " ms, max concurrent ", s.max_concurrent, ", min pause ", s.min_pause_ms,
                           " ms, retained ", s.num_retained, ", tolerable ", s.tolerable_failures);
  }
  if (s.periodic() && !options.storage->has_checkpoints_dir()) {
    return Status::Invalid("Periodic checkpoints need a checkpoint directory: set '",
                           kCheckpointsDirectory.key(), "'");
  }
  return std::shared_ptr<CheckpointCoordinator>(new CheckpointCoordinator(std::move(options)));
}

CheckpointCoordinator::~CheckpointCoordinator() = default;

void CheckpointCoordinator::Shutdown() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (shutdown_) return;
    StopPeriodicLocked(/*abort_pending_checkpoints=*/false);
    restart_periodic_after_savepoint_ = false;
    std::vector<PendingPtr> all;
    for (auto& [id, p] : pending_) all.push_back(p);
    for (const PendingPtr& p : all) {
      AbortLocked(p, CheckpointFailureReason::kCoordinatorShutdown,
                  Status::Cancelled("the checkpoint coordinator was shut down"));
    }
    while (!queued_.empty()) {
      FailRequestLocked(std::move(queued_.front().callback),
                        Status::Cancelled("The checkpoint coordinator was shut down"));
      queued_.pop_front();
    }
    shutdown_ = true;
  }
  DrainActions();
}

// --- Actions: gateway calls, callbacks and I/O run in decision order, outside the lock ---

void CheckpointCoordinator::Enqueue(Action action) { actions_.push_back(std::move(action)); }

void CheckpointCoordinator::DrainActions() {
  std::unique_lock<std::mutex> lock(mu_);
  if (draining_) return;  // the thread draining now runs the new actions too
  draining_ = true;
  while (!actions_.empty()) {
    Action action = std::move(actions_.front());
    actions_.pop_front();
    lock.unlock();
    action();
    lock.lock();
  }
  draining_ = false;
}

// --- Periodic scheduling ---

void CheckpointCoordinator::StartPeriodicScheduling() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (shutdown_ || periodic_enabled_ || !options_.settings.periodic()) return;
    periodic_enabled_ = true;
    restart_periodic_after_savepoint_ = false;
    int64_t delay =
        options_.initial_delay_ms >= 0 ? options_.initial_delay_ms : options_.settings.interval_ms;
    SchedulePeriodicLocked(delay);
  }
  DrainActions();
}

void CheckpointCoordinator::StopPeriodicScheduling() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    StopPeriodicLocked(/*abort_pending_checkpoints=*/false);
    restart_periodic_after_savepoint_ = false;
  }
  DrainActions();
}

bool CheckpointCoordinator::periodic_scheduling() const {
  std::lock_guard<std::mutex> lock(mu_);
  return periodic_enabled_;
}

void CheckpointCoordinator::SchedulePeriodicLocked(int64_t delay_ms) {
  CancelPeriodicLocked();
  uint64_t generation = ++periodic_generation_;
  std::weak_ptr<CheckpointCoordinator> weak = weak_from_this();
  periodic_timer_ = options_.scheduler->Schedule(delay_ms, [weak, generation] {
    if (auto self = weak.lock()) self->OnPeriodicTimer(generation);
  });
}

void CheckpointCoordinator::CancelPeriodicLocked() {
  if (periodic_timer_ != 0) options_.scheduler->Cancel(periodic_timer_);
  periodic_timer_ = 0;
  ++periodic_generation_;
}

void CheckpointCoordinator::StopPeriodicLocked(bool abort_pending_checkpoints) {
  periodic_enabled_ = false;
  periodic_due_ = false;
  CancelPeriodicLocked();
  if (!abort_pending_checkpoints) return;
  std::vector<PendingPtr> checkpoints;
  for (auto& [id, p] : pending_) {
    if (p->kind == SnapshotKind::kCheckpoint) checkpoints.push_back(p);
  }
  for (const PendingPtr& p : checkpoints) {
    AbortLocked(p, CheckpointFailureReason::kCoordinatorSuspended,
                Status::Cancelled("periodic checkpoints were stopped for stop-with-savepoint"));
  }
}

void CheckpointCoordinator::OnPeriodicTimer(uint64_t generation) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (shutdown_ || !periodic_enabled_ || generation != periodic_generation_) return;
    periodic_timer_ = 0;
    periodic_due_ = true;
    MaybeTriggerNextLocked();
  }
  DrainActions();
}

// --- Triggering ---

void CheckpointCoordinator::TriggerCheckpoint(SnapshotCallback callback) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (shutdown_) {
      FailRequestLocked(std::move(callback),
                        Status::Cancelled("The checkpoint coordinator was shut down"));
    } else {
      queued_.push_back(TriggerRequest{SnapshotKind::kCheckpoint, "", false, std::move(callback)});
      MaybeTriggerNextLocked();
    }
  }
  DrainActions();
}

void CheckpointCoordinator::TriggerSavepoint(std::string target_dir, SnapshotKind kind,
                                             SnapshotCallback callback) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (shutdown_) {
      FailRequestLocked(std::move(callback),
                        Status::Cancelled("The checkpoint coordinator was shut down"));
    } else if (kind == SnapshotKind::kCheckpoint) {
      FailRequestLocked(std::move(callback),
                        Status::Invalid("TriggerSavepoint needs a savepoint kind"));
    } else {
      if (IsStopWithSavepoint(kind)) {
        // As Flink: stop periodic checkpoints and abort pending ones so the savepoint is the
        // job's last snapshot; they resume if the savepoint fails.
        restart_periodic_after_savepoint_ = restart_periodic_after_savepoint_ || periodic_enabled_;
        StopPeriodicLocked(/*abort_pending_checkpoints=*/true);
      }
      queued_.push_back(TriggerRequest{kind, std::move(target_dir), false, std::move(callback)});
      MaybeTriggerNextLocked();
    }
  }
  DrainActions();
}

void CheckpointCoordinator::FailRequestLocked(SnapshotCallback callback, Status status) {
  if (callback == nullptr) {
    status.IgnoreError();
    return;
  }
  Enqueue([callback = std::move(callback), status = std::move(status)]() mutable {
    callback(Result<CompletedCheckpointPtr>(std::move(status)));
  });
}

void CheckpointCoordinator::MaybeTriggerNextLocked() {
  if (shutdown_ || triggering_) return;
  if (static_cast<int32_t>(pending_.size()) >= options_.settings.max_concurrent) return;
  if (!queued_.empty()) {
    TriggerRequest request = std::move(queued_.front());
    queued_.pop_front();
    StartTriggerLocked(std::move(request));
    return;
  }
  if (!periodic_enabled_ || !periodic_due_) return;
  const int64_t now = options_.clock->NowMillis();
  if (has_last_end_ && now < last_end_ms_ + options_.settings.min_pause_ms) {
    SchedulePeriodicLocked(last_end_ms_ + options_.settings.min_pause_ms - now);
    return;  // periodic_due_ stays set; the timer re-evaluates
  }
  periodic_due_ = false;
  SchedulePeriodicLocked(options_.settings.interval_ms);
  StartTriggerLocked(TriggerRequest{SnapshotKind::kCheckpoint, "", true, nullptr});
}

void CheckpointCoordinator::StartTriggerLocked(TriggerRequest request) {
  triggering_ = true;
  std::weak_ptr<CheckpointCoordinator> weak = weak_from_this();
  Enqueue([weak, request = std::move(request)]() mutable {
    if (auto self = weak.lock()) self->PrepareTrigger(std::move(request));
  });
}

void CheckpointCoordinator::PrepareTrigger(TriggerRequest request) {
  // Planning asks the execution graph; it runs outside the lock.
  Result<CheckpointPlan> planned = ComputeCheckpointPlan(options_.gateway->CurrentTasks());
  {
    std::lock_guard<std::mutex> lock(mu_);
    triggering_ = false;
    const char* what = DescribeSnapshot(request.kind);
    if (shutdown_) {
      FailRequestLocked(std::move(request.callback),
                        Status::Cancelled("The checkpoint coordinator was shut down"));
    } else if (!planned.ok()) {
      WEIR_LOG_ERROR("Cannot plan a checkpoint of job {}: {}",
                     options_.storage->job_id().ToString(), planned.status().ToString());
      stats_.ReportFailedBeforeStart();
      FailRequestLocked(std::move(request.callback), planned.status());
    } else if (!planned->ready) {
      WEIR_LOG_INFO("{} of job {} not triggered: {}", what, options_.storage->job_id().ToString(),
                    planned->not_ready_reason);
      FailRequestLocked(std::move(request.callback),
                        Status::Cancelled(what, " not triggered (",
                                          CheckpointFailureReasonName(
                                              CheckpointFailureReason::kNotAllTasksRunning),
                                          "): ", planned->not_ready_reason));
    } else if (planned->tasks_to_wait_for.empty()) {
      WEIR_LOG_DEBUG("{} of job {} not triggered: all tasks have finished", what,
                     options_.storage->job_id().ToString());
      FailRequestLocked(std::move(request.callback),
                        Status::Cancelled(what, " not triggered: all tasks have finished"));
    } else if (planned->tasks_to_trigger.empty()) {
      stats_.ReportFailedBeforeStart();
      FailRequestLocked(std::move(request.callback),
                        Status::Internal(what,
                                         " not triggered: no running task without running "
                                         "inputs (is the job graph cyclic?)"));
    } else {
      auto pending = std::make_shared<PendingCheckpoint>();
      pending->id = CheckpointId(next_id_++);
      pending->kind = request.kind;
      pending->unaligned = options_.settings.unaligned && request.kind == SnapshotKind::kCheckpoint;
      pending->trigger_ms = options_.clock->NowMillis();
      pending->plan = std::move(planned).ValueOrDie();
      pending->not_yet_acknowledged.insert(pending->plan.tasks_to_wait_for.begin(),
                                           pending->plan.tasks_to_wait_for.end());
      pending->callback = std::move(request.callback);
      pending_[pending->id] = pending;
      stats_.ReportPending(pending->id, pending->kind, pending->unaligned, pending->trigger_ms,
                           pending->plan);
      std::weak_ptr<CheckpointCoordinator> weak = weak_from_this();
      std::weak_ptr<PendingCheckpoint> weak_pending = pending;
      pending->timeout_timer =
          options_.scheduler->Schedule(options_.settings.timeout_ms, [weak, weak_pending] {
            auto self = weak.lock();
            auto p = weak_pending.lock();
            if (self != nullptr && p != nullptr) self->OnTimeout(p);
          });
      triggering_ = true;  // until the location exists and the tasks are triggered
      std::shared_ptr<FsCheckpointStorage> storage = options_.storage;
      IoExecutor* io = options_.io_executor;
      std::string target = std::move(request.target_dir);
      Enqueue([weak, pending, storage, io, target = std::move(target)] {
        io->Execute([weak, pending, storage, target] {
          Result<std::shared_ptr<CheckpointStorageLocation>> location =
              pending->kind == SnapshotKind::kCheckpoint
                  ? storage->InitializeCheckpoint(pending->id)
                  : storage->InitializeSavepoint(pending->id, pending->kind, target);
          if (auto self = weak.lock()) {
            self->OnLocationReady(pending, std::move(location));
          } else if (location.ok()) {
            (*location)->Discard().IgnoreError();
          }
        });
      });
    }
    if (!triggering_) MaybeTriggerNextLocked();
  }
  DrainActions();
}

void CheckpointCoordinator::OnLocationReady(
    const PendingPtr& pending, Result<std::shared_ptr<CheckpointStorageLocation>> location) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    triggering_ = false;
    auto it = pending_.find(pending->id);
    if (it == pending_.end() || it->second != pending) {
      // Aborted while the directory was created (timeout, shutdown): delete it again.
      if (location.ok()) DiscardLocationLocked(*location);
    } else if (!location.ok()) {
      AbortLocked(pending, CheckpointFailureReason::kStorageError, location.status());
    } else {
      pending->location = *location;
      pending->phase = Phase::kTriggered;
      CheckpointBarrier barrier;
      barrier.id = pending->id;
      barrier.timestamp_ms = pending->trigger_ms;
      barrier.kind = pending->kind;
      barrier.unaligned = pending->unaligned;
      std::string reference = pending->location->reference();
      std::shared_ptr<CheckpointTaskGateway> gateway = options_.gateway;
      std::vector<TaskRef> tasks = pending->plan.tasks_to_trigger;
      Enqueue([gateway, tasks = std::move(tasks), barrier, reference] {
        for (const TaskRef& task : tasks) gateway->TriggerCheckpoint(task, barrier, reference);
      });
    }
    MaybeTriggerNextLocked();
  }
  DrainActions();
}

// --- Acknowledgements ---

AckResult CheckpointCoordinator::AcknowledgeCheckpoint(const TaskRef& task, CheckpointId id,
                                                       TaskStateSnapshot state,
                                                       const SubtaskCheckpointMetrics& metrics) {
  AckResult result;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = pending_.find(id);
    if (shutdown_ || it == pending_.end()) {
      WEIR_LOG_DEBUG("Ignoring acknowledgement of unknown checkpoint {} by task {}", id.value(),
                     task.ToString());
      return AckResult::kUnknown;
    }
    PendingPtr pending = it->second;
    result = AcknowledgeLocked(pending, task, std::move(state), metrics);
  }
  DrainActions();
  return result;
}

AckResult CheckpointCoordinator::AcknowledgeLocked(const PendingPtr& pending, const TaskRef& task,
                                                   TaskStateSnapshot state,
                                                   const SubtaskCheckpointMetrics& metrics) {
  if (pending->phase != Phase::kTriggered) {
    return pending->acknowledged.count(task) > 0 ? AckResult::kDuplicate : AckResult::kUnknown;
  }
  auto waiting = pending->not_yet_acknowledged.find(task);
  if (waiting == pending->not_yet_acknowledged.end()) {
    return pending->acknowledged.count(task) > 0 ? AckResult::kDuplicate : AckResult::kUnknown;
  }
  const CheckpointVertex* vertex = pending->plan.FindVertex(task.vertex);
  for (const auto& [uid, st] : state.operators) {
    if (vertex == nullptr || std::find(vertex->operator_uids.begin(), vertex->operator_uids.end(),
                                       uid) == vertex->operator_uids.end()) {
      AbortLocked(pending, CheckpointFailureReason::kDeclined,
                  Status::Internal("task ", task.ToString(), " acknowledged state of operator '",
                                   uid, "', which is not in its chain"));
      return AckResult::kRejected;
    }
  }
  int64_t state_size = 0;
  for (const auto& [uid, st] : state.operators) state_size += SubtaskStateSize(st);
  pending->not_yet_acknowledged.erase(waiting);
  pending->acknowledged.emplace(task, std::move(state));
  stats_.ReportAcknowledged(pending->id, task, options_.clock->NowMillis(), state_size, metrics);
  if (!pending->not_yet_acknowledged.empty()) return AckResult::kAccepted;

  // All acknowledged: write _metadata on an I/O thread, then complete.
  pending->phase = Phase::kFinalizing;
  options_.scheduler->Cancel(pending->timeout_timer);
  CheckpointMetadata metadata = BuildMetadataLocked(*pending);
  std::weak_ptr<CheckpointCoordinator> weak = weak_from_this();
  IoExecutor* io = options_.io_executor;
  Enqueue([weak, io, pending, metadata = std::move(metadata)]() mutable {
    io->Execute([weak, pending, metadata = std::move(metadata)]() mutable {
      Result<std::string> path = pending->location->WriteMetadata(metadata);
      if (auto self = weak.lock()) {
        self->OnFinalized(pending, std::move(metadata), std::move(path));
      } else {
        path.status().IgnoreError();
      }
    });
  });
  return AckResult::kAccepted;
}

CheckpointMetadata CheckpointCoordinator::BuildMetadataLocked(
    const PendingCheckpoint& pending) const {
  CheckpointMetadata m;
  m.checkpoint_id = pending.id;
  m.job_id = options_.storage->job_id();
  m.kind = pending.kind;
  m.timestamp_ms = pending.trigger_ms;
  m.completion_timestamp_ms = options_.clock->NowMillis();
  for (const CheckpointVertex& v : pending.plan.vertices) {
    for (const std::string& uid : v.operator_uids) {
      OperatorStateMetadata op;
      op.uid = uid;
      op.parallelism = v.parallelism;
      op.max_parallelism = v.max_parallelism;
      op.subtasks.resize(static_cast<size_t>(v.parallelism));
      for (int32_t s = 0; s < v.parallelism; ++s) {
        OperatorSubtaskState& st = op.subtasks[static_cast<size_t>(s)];
        if (v.subtask_states[static_cast<size_t>(s)] == TaskExecutionState::kFinished) {
          st.finished = true;
          st.watermark = kMaxWatermark;
          continue;
        }
        TaskRef task{v.id, s,
                     v.subtask_attempts.empty() ? 0 : v.subtask_attempts[static_cast<size_t>(s)]};
        auto ack = pending.acknowledged.find(task);
        if (ack == pending.acknowledged.end()) continue;
        auto found = ack->second.operators.find(uid);
        if (found != ack->second.operators.end()) st = found->second;
      }
      m.operators.push_back(std::move(op));
    }
  }
  std::sort(
      m.operators.begin(), m.operators.end(),
      [](const OperatorStateMetadata& a, const OperatorStateMetadata& b) { return a.uid < b.uid; });
  return m;
}

void CheckpointCoordinator::ReportTaskFinished(const TaskRef& task) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (shutdown_) return;
    std::vector<PendingPtr> waiting;
    for (auto& [id, p] : pending_) {
      if (p->phase == Phase::kTriggered && p->not_yet_acknowledged.count(task) > 0) {
        waiting.push_back(p);
      }
    }
    for (const PendingPtr& p : waiting) {
      const CheckpointVertex* vertex = p->plan.FindVertex(task.vertex);
      TaskStateSnapshot finished;
      if (vertex != nullptr) {
        for (const std::string& uid : vertex->operator_uids) {
          OperatorSubtaskState st;
          st.finished = true;
          st.watermark = kMaxWatermark;
          finished.operators.emplace(uid, std::move(st));
        }
      }
      AcknowledgeLocked(p, task, std::move(finished), SubtaskCheckpointMetrics{});
    }
  }
  DrainActions();
}

// --- Completion ---

void CheckpointCoordinator::OnFinalized(const PendingPtr& pending, CheckpointMetadata metadata,
                                        Result<std::string> metadata_path) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = pending_.find(pending->id);
    if (it == pending_.end() || it->second != pending) {
      // Aborted while _metadata was written (failover, shutdown): the checkpoint does not
      // count. Delete it unless it is a complete (user-owned) savepoint.
      const bool written = metadata_path.ok();
      if (pending->kind == SnapshotKind::kCheckpoint || !written) {
        DiscardLocationLocked(pending->location);
      }
    } else if (!metadata_path.ok()) {
      AbortLocked(pending, CheckpointFailureReason::kStorageError, metadata_path.status());
      DiscardLocationLocked(pending->location);
    } else {
      pending_.erase(it);
      const int64_t now = options_.clock->NowMillis();
      auto completed = std::make_shared<CompletedCheckpoint>();
      completed->metadata = std::move(metadata);
      completed->directory = pending->location->directory();
      completed->metadata_path = *metadata_path;
      options_.storage->ReleaseLocation(pending->id);
      stats_.ReportCompleted(pending->id, now, completed->directory);
      has_last_end_ = true;
      last_end_ms_ = now;
      WEIR_LOG_INFO("Completed {} {} of job {} ({} bytes in {} ms) at {}",
                    DescribeSnapshot(pending->kind), pending->id.value(),
                    options_.storage->job_id().ToString(), completed->metadata.StateSize(),
                    now - pending->trigger_ms, completed->directory);
      if (pending->kind == SnapshotKind::kCheckpoint) {
        consecutive_failures_ = 0;
        std::vector<CompletedCheckpointPtr> dropped = store_.Add(completed);
        if (!dropped.empty()) {
          std::shared_ptr<FsCheckpointStorage> storage = options_.storage;
          IoExecutor* io = options_.io_executor;
          std::vector<CheckpointId> ids;
          for (const CompletedCheckpointPtr& d : dropped) {
            ids.push_back(d->id());
            stats_.ReportDiscarded(d->id());
          }
          Enqueue([storage, io, ids] {
            io->Execute([storage, ids] {
              for (CheckpointId id : ids) {
                Status st = storage->DiscardCheckpoint(id);
                if (!st.ok()) {
                  WEIR_LOG_WARN("Could not delete checkpoint {}: {}", id.value(), st.ToString());
                }
              }
            });
          });
        }
        // Older pending checkpoints can never be used any more (Flink subsumes them).
        std::vector<PendingPtr> older;
        for (auto& [id, p] : pending_) {
          if (id < pending->id && p->kind == SnapshotKind::kCheckpoint) older.push_back(p);
        }
        for (const PendingPtr& p : older) {
          AbortLocked(p, CheckpointFailureReason::kSubsumed,
                      Status::Cancelled("checkpoint ", pending->id.value(), " completed first"));
        }
      } else if (IsStopWithSavepoint(pending->kind)) {
        restart_periodic_after_savepoint_ = false;  // the job stops now
      }
      std::shared_ptr<CheckpointTaskGateway> gateway = options_.gateway;
      std::vector<TaskRef> tasks = pending->plan.tasks_to_wait_for;
      CheckpointId id = pending->id;
      SnapshotCallback callback = std::move(pending->callback);
      Enqueue([gateway, tasks = std::move(tasks), id, callback = std::move(callback), completed]() {
        for (const TaskRef& task : tasks) gateway->NotifyCheckpointComplete(task, id);
        if (callback != nullptr) callback(CompletedCheckpointPtr(completed));
      });
    }
    MaybeTriggerNextLocked();
  }
  DrainActions();
}

// --- Abort ---

void CheckpointCoordinator::DiscardLocationLocked(
    std::shared_ptr<CheckpointStorageLocation> location) {
  if (location == nullptr) return;
  IoExecutor* io = options_.io_executor;
  Enqueue([io, location = std::move(location)] {
    io->Execute([location] {
      Status st = location->Discard();
      if (!st.ok()) {
        WEIR_LOG_WARN("Could not delete {}: {}", location->directory(), st.ToString());
      }
    });
  });
}

void CheckpointCoordinator::DeclineCheckpoint(const TaskRef& task, CheckpointId id,
                                              CheckpointFailureReason reason, const Status& cause) {
  cause.IgnoreError();  // the coordinator takes charge of the cause
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = pending_.find(id);
    if (shutdown_ || it == pending_.end()) return;
    PendingPtr pending = it->second;
    bool part_of_it =
        pending->not_yet_acknowledged.count(task) > 0 || pending->acknowledged.count(task) > 0;
    if (!part_of_it || pending->phase == Phase::kFinalizing) return;
    Status with_task = cause.ok() ? Status::Cancelled("declined by task ", task.ToString())
                                  : cause.WithContext(StrCat("declined by task ", task.ToString()));
    AbortLocked(pending, reason, with_task);
  }
  DrainActions();
}

void CheckpointCoordinator::OnTimeout(const PendingPtr& pending) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = pending_.find(pending->id);
    if (shutdown_ || it == pending_.end() || it->second != pending ||
        pending->phase == Phase::kFinalizing) {
      return;
    }
    AbortLocked(pending, CheckpointFailureReason::kExpired,
                Status::Timeout("expired before completing (timeout ", options_.settings.timeout_ms,
                                " ms, ", pending->not_yet_acknowledged.size(),
                                " tasks had not acknowledged)"));
  }
  DrainActions();
}

void CheckpointCoordinator::AbortPendingCheckpoints(CheckpointFailureReason reason,
                                                    const Status& cause) {
  cause.IgnoreError();  // the coordinator takes charge of the cause
  {
    std::lock_guard<std::mutex> lock(mu_);
    std::vector<PendingPtr> all;
    for (auto& [id, p] : pending_) all.push_back(p);
    for (const PendingPtr& p : all) AbortLocked(p, reason, cause);
  }
  DrainActions();
}

void CheckpointCoordinator::AbortLocked(const PendingPtr& pending, CheckpointFailureReason reason,
                                        const Status& cause) {
  auto it = pending_.find(pending->id);
  if (it == pending_.end() || it->second != pending) return;
  pending_.erase(it);
  options_.scheduler->Cancel(pending->timeout_timer);
  options_.storage->ReleaseLocation(pending->id);
  const int64_t now = options_.clock->NowMillis();
  Status status = FailureStatus(reason, cause, pending->id, pending->kind);
  status.IgnoreError();  // a description here; the requester's copy is checked there
  stats_.ReportFailed(pending->id, now, status.message());
  has_last_end_ = true;
  last_end_ms_ = now;
  if (reason == CheckpointFailureReason::kExpired || CountsAsCheckpointFailure(reason)) {
    WEIR_LOG_WARN("{}", status.message());
  } else {
    WEIR_LOG_INFO("{}", status.message());
  }

  if (pending->phase != Phase::kInitializing) {
    std::shared_ptr<CheckpointTaskGateway> gateway = options_.gateway;
    std::vector<TaskRef> tasks = pending->plan.tasks_to_wait_for;
    CheckpointId id = pending->id;
    Enqueue([gateway, tasks = std::move(tasks), id] {
      for (const TaskRef& task : tasks) gateway->NotifyCheckpointAborted(task, id);
    });
  }
  if (pending->phase != Phase::kFinalizing) {
    // A finalizing checkpoint's directory is deleted by OnFinalized once its write is done.
    DiscardLocationLocked(pending->location);
  }
  if (pending->kind == SnapshotKind::kCheckpoint && CountsAsCheckpointFailure(reason)) {
    ++consecutive_failures_;
    const int32_t tolerable = options_.settings.tolerable_failures;
    if (tolerable >= 0 && consecutive_failures_ > tolerable) {
      consecutive_failures_ = 0;
      if (options_.fail_job != nullptr) {
        Status failure = Status::Invalid(
            "Exceeded checkpoint tolerable failure threshold (",
            options_.settings.tolerable_failures, " consecutive failures tolerated; '",
            kCheckpointingTolerableFailures.key(), "'). Last failure: ", status.message());
        failure.IgnoreError();
        auto fail_job = options_.fail_job;
        Enqueue([fail_job, failure]() {
          Status copy = failure;
          failure.IgnoreError();
          fail_job(std::move(copy));
        });
      }
    }
  }
  if (IsStopWithSavepoint(pending->kind) && restart_periodic_after_savepoint_ && !shutdown_) {
    restart_periodic_after_savepoint_ = false;
    periodic_enabled_ = true;
    SchedulePeriodicLocked(options_.settings.interval_ms);
  }
  FailRequestLocked(std::move(pending->callback), status);
}

// --- Restore points and inspection ---

void CheckpointCoordinator::SetRestoredCheckpoint(CompletedCheckpointPtr checkpoint) {
  if (checkpoint == nullptr) return;
  std::lock_guard<std::mutex> lock(mu_);
  next_id_ = std::max(next_id_, checkpoint->id().value() + 1);
  stats_.ReportRestored(RestoredCheckpointStats{checkpoint->id(), options_.clock->NowMillis(),
                                                checkpoint->is_savepoint(), checkpoint->directory});
  restored_ = std::move(checkpoint);
}

CompletedCheckpointPtr CheckpointCoordinator::LatestCompletedCheckpoint() const {
  return store_.Latest();
}

CompletedCheckpointPtr CheckpointCoordinator::LatestRestorePoint() const {
  CompletedCheckpointPtr latest = store_.Latest();
  std::lock_guard<std::mutex> lock(mu_);
  if (latest != nullptr && (restored_ == nullptr || latest->id() > restored_->id())) {
    return latest;
  }
  return restored_ != nullptr ? restored_ : latest;
}

std::vector<CheckpointId> CheckpointCoordinator::PendingCheckpointIds() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<CheckpointId> ids;
  for (const auto& [id, p] : pending_) ids.push_back(id);
  return ids;
}

int32_t CheckpointCoordinator::NumConsecutiveFailures() const {
  std::lock_guard<std::mutex> lock(mu_);
  return consecutive_failures_;
}

CheckpointStatsSnapshot CheckpointCoordinator::Stats() const { return stats_.Snapshot(); }

}  // namespace weir::runtime
