// Restore planning: map a checkpoint's state to a (possibly rescaled) job's operators by uid.
//
// Keyed state moves by key group: a new subtask reads the key groups of its range from every
// old handle that overlaps it. Operator (non-keyed) state is redistributed by its mode with
// the state layer's RedistributeOperatorState (weir/runtime/state/state_redistribution.h):
// split-distribute round-robin (kept as is at an unchanged parallelism), union to all,
// broadcast copied.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "weir/common/result.h"
#include "weir/runtime/checkpoint/checkpoint_metadata.h"
#include "weir/runtime/checkpoint/state_handle.h"
#include "weir/runtime/state/key_group_range.h"

namespace weir::runtime {

/// An operator of the job being started.
struct RestoreOperatorSpec {
  std::string uid;
  int32_t parallelism = 1;
  int32_t max_parallelism = kDefaultMaxParallelism;
  /// False when the job did not set the max parallelism (a default): the checkpoint's max
  /// parallelism is then adopted, as Flink does.
  bool max_parallelism_configured = true;
};

/// What one operator of the new job restores.
struct OperatorRestoreState {
  std::string uid;
  int32_t parallelism = 1;
  /// The max parallelism the operator must run with (the checkpoint's unless configured).
  int32_t max_parallelism = kDefaultMaxParallelism;
  /// True when the checkpoint had an entry for the uid.
  bool matched = false;
  /// One entry per new subtask: keyed handles cut to its key groups, redistributed operator
  /// state, the watermark to resume from, and `finished` when the whole operator had finished.
  std::vector<OperatorSubtaskState> subtasks;
};

struct RestorePlan {
  CheckpointId checkpoint_id;
  bool from_savepoint = false;
  /// One entry per operator of the new job.
  std::map<std::string, OperatorRestoreState, std::less<>> operators;
  /// Operators of the checkpoint with state that the new job does not have (skipped because
  /// allow-non-restored-state is set).
  std::vector<std::string> ignored_uids;

  /// Returns the state subtask `subtask` of operator `uid` restores, or nullptr.
  const OperatorSubtaskState* Find(std::string_view uid, int32_t subtask) const;
};

/// Plans a restore of `checkpoint` into a job with `operators`. Fails with Invalid when state
/// of an operator uid is not claimed by the new job (unless `allow_non_restored_state`), when a
/// stateful operator's configured max parallelism differs from the checkpoint's for keyed
/// state, or when a parallelism exceeds its max parallelism.
Result<RestorePlan> PlanRestore(const CheckpointMetadata& checkpoint,
                                const std::vector<RestoreOperatorSpec>& operators,
                                bool allow_non_restored_state);

}  // namespace weir::runtime
