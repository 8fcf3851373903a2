// State handles: where the persisted state of one subtask of one operator lives after a checkpoint.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "weir/runtime/state/key_group_range.h"
#include "weir/runtime/task/stream_element.h"

namespace weir::runtime {

/// A byte range of a file inside a checkpoint (or savepoint) directory. Paths are relative to
/// that directory, so a savepoint directory can be moved as a whole.
struct StreamStateHandle {
  std::string relative_path;
  int64_t offset = 0;  // first byte of this handle in the file
  int64_t size = 0;
  bool operator==(const StreamStateHandle&) const = default;
};

/// Keyed state of a subtask: one file section per key group, so a restore at another
/// parallelism reads only the key groups it owns.
struct KeyGroupsStateHandle {
  StreamStateHandle stream;
  KeyGroupRange range;
  /// offsets[i] is the byte offset (relative to stream.offset) of key group range.start + i.
  std::vector<int64_t> offsets;
  bool operator==(const KeyGroupsStateHandle&) const = default;
};

/// How operator (non-keyed) list state is redistributed when parallelism changes.
enum class OperatorStateMode : uint8_t {
  kSplitDistribute,  // list state: entries of all subtasks are split round-robin
  kUnion,            // union list state: every subtask gets all entries
  kBroadcast,        // broadcast state: new subtask i reads old subtask (i mod old parallelism)
};

/// One named operator state inside an operator state stream.
struct OperatorStateEntry {
  std::string name;
  OperatorStateMode mode = OperatorStateMode::kSplitDistribute;
  /// Offsets (relative to the stream's offset) of each list entry / the broadcast map.
  std::vector<int64_t> offsets;
  bool operator==(const OperatorStateEntry&) const = default;
};

struct OperatorStateHandle {
  StreamStateHandle stream;
  std::vector<OperatorStateEntry> states;
  bool operator==(const OperatorStateHandle&) const = default;
};

/// Everything one subtask of one operator persisted for a checkpoint.
struct OperatorSubtaskState {
  std::vector<KeyGroupsStateHandle> keyed;        // managed keyed state (incl. timers)
  std::vector<OperatorStateHandle> operator_state;  // managed operator state
  /// The task's input watermark at the barrier (restored so a job resumes from it).
  EventTime watermark = kMinWatermark;
  bool finished = false;  // the subtask had finished (FLIP-147)
  bool empty() const { return keyed.empty() && operator_state.empty(); }
  bool operator==(const OperatorSubtaskState&) const = default;
};

/// What a task acknowledges for a checkpoint: its operators' states by operator uid.
struct TaskStateSnapshot {
  std::map<std::string, OperatorSubtaskState> operators;
};

}  // namespace weir::runtime
