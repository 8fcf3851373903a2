// State contexts and the capture / write / restore of one operator's state.
#include "weir/runtime/state/state_context.h"

namespace weir::runtime {

Status StateSnapshotContext::AddRawOperatorState(std::string name, std::vector<std::string> entries,
                                                 OperatorStateMode mode) {
  if (name.empty()) return Status::Invalid("Raw operator state needs a name");
  for (const RawOperatorState& r : raw_) {
    if (r.name == name) return Status::Invalid("Raw operator state added twice: ", name);
  }
  raw_.push_back(RawOperatorState{std::move(name), mode, std::move(entries)});
  return Status::OK();
}

Status OperatorStateSnapshots::WriteTo(CheckpointStreamFactory& factory,
                                       const std::string& name_prefix, OperatorSubtaskState* out) {
  out->keyed.clear();
  out->operator_state.clear();
  if (keyed != nullptr) {
    WEIR_ASSIGN_OR_RAISE(auto handle, keyed->Write(factory, name_prefix + "-keyed"));
    if (handle) out->keyed.push_back(std::move(*handle));
    keyed.reset();
  }
  if (operator_state != nullptr) {
    WEIR_ASSIGN_OR_RAISE(auto handle, operator_state->Write(factory, name_prefix + "-operator"));
    if (handle) out->operator_state.push_back(std::move(*handle));
    operator_state.reset();
  }
  return Status::OK();
}

Result<OperatorStateSnapshots> CaptureOperatorState(KeyedStateBackend* keyed,
                                                    OperatorStateBackend* operator_state,
                                                    StateSnapshotContext& ctx) {
  OperatorStateSnapshots snapshots;
  std::vector<RawOperatorState> raw = ctx.TakeRawOperatorState();
  if (keyed != nullptr) {
    WEIR_ASSIGN_OR_RAISE(snapshots.keyed, keyed->Snapshot());
  }
  if (operator_state != nullptr) {
    WEIR_ASSIGN_OR_RAISE(snapshots.operator_state, operator_state->Snapshot(std::move(raw)));
  } else if (!raw.empty()) {
    return Status::Internal("Raw operator state added by an operator without operator state");
  }
  return snapshots;
}

Status RestoreOperatorState(const OperatorSubtaskState& state, CheckpointStreamOpener& opener,
                            KeyedStateBackend* keyed, OperatorStateBackend* operator_state) {
  if (keyed != nullptr) WEIR_RETURN_NOT_OK(keyed->Restore(state.keyed, opener));
  if (operator_state != nullptr) {
    WEIR_RETURN_NOT_OK(operator_state->Restore(state.operator_state, opener));
  }
  return Status::OK();
}

}  // namespace weir::runtime
