// Assigning the state of old subtasks to the subtasks of a new parallelism on restore.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "weir/common/result.h"
#include "weir/runtime/checkpoint/state_handle.h"
#include "weir/runtime/state/key_group_range.h"

namespace weir::runtime {

/// Returns the part of `handle` inside `range`: the overlapping key groups with their
/// offsets (same stream), or nullopt when they do not overlap.
std::optional<KeyGroupsStateHandle> IntersectKeyedHandle(const KeyGroupsStateHandle& handle,
                                                         KeyGroupRange range);

/// Assigns keyed state handles (of all old subtasks, any parallelism) to the subtasks of
/// `new_parallelism`: subtask i gets every handle that overlaps
/// KeyGroupRangeForSubtask(max_parallelism, new_parallelism, i), narrowed to that overlap.
std::vector<std::vector<KeyGroupsStateHandle>> AssignKeyedStateHandles(
    const std::vector<KeyGroupsStateHandle>& handles, int32_t max_parallelism,
    int32_t new_parallelism);

/// Redistributes operator state: `old_by_subtask[i]` holds the handles of old subtask i.
/// Per state, by its mode:
///   kSplitDistribute  all elements of all old subtasks (old subtask order, then element
///                     order) go round-robin to the new subtasks; at an unchanged
///                     parallelism every subtask keeps its own elements
///   kUnion            every new subtask gets every element of every old subtask
///   kBroadcast        new subtask i gets the copy of old subtask i % old parallelism
/// Returns per new subtask the handles to restore (one per old stream it reads from).
/// Fails when old subtasks disagree on a state's mode.
Result<std::vector<std::vector<OperatorStateHandle>>> RedistributeOperatorState(
    const std::vector<std::vector<OperatorStateHandle>>& old_by_subtask, int32_t new_parallelism);

}  // namespace weir::runtime
