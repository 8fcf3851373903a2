// SnapshotHook: how a task hands state initialisation and checkpoint snapshots to the state
// and checkpoint layers.
#pragma once

#include <cstdint>
#include <vector>

#include "weir/common/status.h"
#include "weir/runtime/graph/ids.h"
#include "weir/runtime/task/stream_element.h"

namespace weir::runtime {

class Operator;
struct OperatorContext;

/// One operator of a task's chain as the state and checkpoint layers see it.
struct ChainedOperatorRef {
  int32_t index = 0;  // position in the chain, 0 = head
  Operator* op = nullptr;
  OperatorContext* context = nullptr;  // uid, subtask, key groups, pools, state slots
};

/// What the task measured for one checkpoint.
struct CheckpointMetrics {
  int64_t alignment_ns = 0;         // first to last barrier (0 for sources and one channel)
  bool operators_finished = false;  // the chain had finished (FLIP-147 final checkpoint)
};

/// Implemented by the state/checkpoint layers (one per task; null for stateless tasks and
/// tests). The task calls it on its own thread, in this order:
///   InitializeState(op) for each operator, tail first, each just before that operator's
///   Open; then per checkpoint, after PrepareSnapshotPreBarrier and after the barrier was
///   sent downstream, SnapshotState(barrier, chain) exactly once; NotifyCheckpointComplete /
///   NotifyCheckpointAborted after the operators were notified; DeclineCheckpoint when this
///   task abandons a checkpoint (cancel barrier, a newer barrier during alignment).
/// SnapshotState runs the synchronous part only: it calls Operator::SnapshotState with a
/// StateSnapshotContext, captures the keyed/operator state backends, hands the rest to the
/// checkpoint layer's I/O threads and returns; acknowledgement to the coordinator happens
/// there when persistence completes. An error from any method fails the task.
class SnapshotHook {
 public:
  virtual ~SnapshotHook() = default;
  /// Creates the operator's state backends (setting context->keyed_state, operator_state,
  /// timers, advance_event_time ...), restores them and calls op->InitializeState.
  virtual Status InitializeState(const ChainedOperatorRef& op) = 0;
  /// Takes the synchronous snapshot of every operator of `chain` (head first).
  virtual Status SnapshotState(const CheckpointBarrier& barrier,
                               const std::vector<ChainedOperatorRef>& chain,
                               const CheckpointMetrics& metrics) = 0;
  virtual Status NotifyCheckpointComplete(CheckpointId /*id*/) { return Status::OK(); }
  virtual Status NotifyCheckpointAborted(CheckpointId /*id*/) { return Status::OK(); }
  /// Reports that this task will not snapshot checkpoint `id`, and why.
  virtual void DeclineCheckpoint(CheckpointId /*id*/, const Status& /*reason*/) {}
};

}  // namespace weir::runtime
