// StateBackends: the state of one operator subtask — keyed and operator backends and timer services.
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "weir/common/result.h"
#include "weir/runtime/checkpoint/checkpoint_stream.h"
#include "weir/runtime/checkpoint/state_handle.h"
#include "weir/runtime/operators/operator_context.h"
#include "weir/runtime/state/keyed_state_backend.h"
#include "weir/runtime/state/operator_state_backend.h"
#include "weir/runtime/state/state_context.h"
#include "weir/runtime/time/processing_time_scheduler.h"
#include "weir/runtime/time/timer_service.h"

namespace weir::runtime {

/// Everything stateful of one operator subtask, created together by the task's state hook:
/// an operator state backend always; for keyed operators a heap keyed backend over the
/// context's key groups and a TimerServiceManager (processing time through the context's
/// ProcessingTimeService and mailbox when both are set).
/// Typical use (SnapshotHook::InitializeState):
///   auto backends = StateBackends::Make(*ctx, key_types);   // key_types empty: not keyed
///   backends->Restore(subtask_state, opener);               // when restoring
///   backends->InstallInto(ctx);
///   op->InitializeState(backends->InitializationContext(restored_checkpoint));
/// and per checkpoint: op->SnapshotState(snapshot_ctx); backends->Capture(snapshot_ctx), then
/// OperatorStateSnapshots::WriteTo on an I/O thread.
/// Thread: the owning task thread.
class StateBackends {
 public:
  static Result<std::unique_ptr<StateBackends>> Make(const OperatorContext& ctx,
                                                     std::vector<LogicalType> key_types);
  ~StateBackends();

  /// Restores from this subtask's state (keyed handles of any old subtasks; operator handles
  /// as RedistributeOperatorState assigned them). Blocking I/O.
  Status Restore(const OperatorSubtaskState& state, CheckpointStreamOpener& opener);
  /// Sets ctx->keyed_state, operator_state, timers and advance_event_time.
  void InstallInto(OperatorContext* ctx);
  StateInitializationContext InitializationContext(std::optional<CheckpointId> restored_from) {
    return StateInitializationContext(restored_from, keyed_.get(), operator_state_.get(),
                                      timers_.get());
  }
  /// The synchronous part of a snapshot (after Operator::SnapshotState ran with `ctx`).
  Result<OperatorStateSnapshots> Capture(StateSnapshotContext& ctx) {
    return CaptureOperatorState(keyed_.get(), operator_state_.get(), ctx);
  }

  KeyedStateBackend* keyed() const { return keyed_.get(); }
  OperatorStateBackend* operator_state() const { return operator_state_.get(); }
  TimerServiceManager* timers() const { return timers_.get(); }

 private:
  StateBackends() = default;
  // Destroyed in reverse order: timers first, then the scheduler (cancelling wake-ups),
  // then the backends whose states the timers use.
  std::unique_ptr<KeyedStateBackend> keyed_;
  std::unique_ptr<OperatorStateBackend> operator_state_;
  std::unique_ptr<ProcessingTimeScheduler> scheduler_;
  std::unique_ptr<TimerServiceManager> timers_;
};

}  // namespace weir::runtime
