// StateInitializationContext and StateSnapshotContext: what operators see of state at init and snapshot.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "weir/common/result.h"
#include "weir/runtime/checkpoint/checkpoint_stream.h"
#include "weir/runtime/checkpoint/state_handle.h"
#include "weir/runtime/graph/ids.h"
#include "weir/runtime/state/keyed_state_backend.h"
#include "weir/runtime/state/operator_state_backend.h"
#include "weir/runtime/task/stream_element.h"

namespace weir::runtime {

class TimerServiceManager;

/// Given to Operator::InitializeState: whether the task restores from a snapshot, and the
/// state backends (already restored) through which the operator registers its states.
/// Thread: the owning task thread.
class StateInitializationContext {
 public:
  StateInitializationContext(std::optional<CheckpointId> restored_from, KeyedStateBackend* keyed,
                             OperatorStateBackend* operator_state, TimerServiceManager* timers)
      : restored_from_(restored_from),
        keyed_(keyed),
        operator_state_(operator_state),
        timers_(timers) {}

  /// True when the task starts from a checkpoint or savepoint (even one without state for
  /// this operator), as Flink's isRestored().
  bool is_restored() const { return restored_from_.has_value(); }
  std::optional<CheckpointId> restored_checkpoint_id() const { return restored_from_; }
  /// The keyed backend; null when the operator is not keyed.
  KeyedStateBackend* keyed_state_backend() const { return keyed_; }
  /// The operator state backend; null when the task gave the operator none.
  OperatorStateBackend* operator_state_backend() const { return operator_state_; }
  /// The timer services; null when the operator is not keyed.
  TimerServiceManager* timer_service_manager() const { return timers_; }
  /// Returns (once) the restored raw operator state `name` that the operator added with
  /// StateSnapshotContext::AddRawOperatorState; empty when there is none.
  std::vector<std::string> TakeRawOperatorState(const std::string& name) const {
    return operator_state_ != nullptr ? operator_state_->TakeRawState(name)
                                      : std::vector<std::string>();
  }

 private:
  std::optional<CheckpointId> restored_from_;
  KeyedStateBackend* keyed_;
  OperatorStateBackend* operator_state_;
  TimerServiceManager* timers_;
};

/// Given to Operator::SnapshotState: which snapshot is taken, and a place for raw operator
/// state (bytes the operator writes itself, restored with TakeRawOperatorState).
/// Thread: the owning task thread.
class StateSnapshotContext {
 public:
  StateSnapshotContext(CheckpointId id, int64_t timestamp_ms,
                       SnapshotKind kind = SnapshotKind::kCheckpoint)
      : id_(id), timestamp_ms_(timestamp_ms), kind_(kind) {}

  CheckpointId checkpoint_id() const { return id_; }
  /// Wall-clock time of the checkpoint trigger, in milliseconds.
  int64_t checkpoint_timestamp() const { return timestamp_ms_; }
  SnapshotKind kind() const { return kind_; }
  bool is_savepoint() const { return kind_ != SnapshotKind::kCheckpoint; }

  /// Adds raw operator state `name` (entries redistributed on rescale like list state with
  /// `mode`) to this snapshot. Fails when the name was added already.
  Status AddRawOperatorState(std::string name, std::vector<std::string> entries,
                             OperatorStateMode mode = OperatorStateMode::kSplitDistribute);
  /// Returns the raw states added so far (the runtime passes them to the backend).
  std::vector<RawOperatorState> TakeRawOperatorState() { return std::move(raw_); }

 private:
  CheckpointId id_;
  int64_t timestamp_ms_;
  SnapshotKind kind_;
  std::vector<RawOperatorState> raw_;
};

/// The synchronous part of one operator's state snapshot: views of its keyed and operator
/// state. WriteTo() is the asynchronous part (an I/O thread).
struct OperatorStateSnapshots {
  std::unique_ptr<KeyedStateSnapshot> keyed;              // null when not keyed
  std::unique_ptr<OperatorStateSnapshot> operator_state;  // null without operator state

  /// Writes both into streams named "<name_prefix>-keyed" / "-operator" and records their
  /// handles in `out` (keyed and operator_state are replaced; the rest is left alone).
  Status WriteTo(CheckpointStreamFactory& factory, const std::string& name_prefix,
                 OperatorSubtaskState* out);
};

/// Captures the keyed and operator state of an operator after its SnapshotState ran (either
/// backend may be null); takes the raw operator state out of `ctx`.
Result<OperatorStateSnapshots> CaptureOperatorState(KeyedStateBackend* keyed,
                                                    OperatorStateBackend* operator_state,
                                                    StateSnapshotContext& ctx);

/// Restores the backends of one new subtask from its state (keyed handles of any old
/// subtasks; operator handles as RedistributeOperatorState assigned them). Either backend
/// may be null (then that part of `state` is ignored). Blocking I/O.
Status RestoreOperatorState(const OperatorSubtaskState& state, CheckpointStreamOpener& opener,
                            KeyedStateBackend* keyed, OperatorStateBackend* operator_state);

}  // namespace weir::runtime
