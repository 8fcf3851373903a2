// Restore planning: uid matching, max-parallelism checks and state redistribution.
#include "weir/runtime/checkpoint/restore_planner.h"

#include <algorithm>

#include "weir/runtime/checkpoint/checkpoint_options.h"
#include "weir/runtime/state/state_redistribution.h"

namespace weir::runtime {

namespace {

std::string QuotedList(const std::vector<std::string>& names) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += ", ";
    out += StrCat("'", names[i], "'");
  }
  return out;
}

}  // namespace

const OperatorSubtaskState* RestorePlan::Find(std::string_view uid, int32_t subtask) const {
  auto it = operators.find(uid);
  if (it == operators.end() || subtask < 0 ||
      subtask >= static_cast<int32_t>(it->second.subtasks.size())) {
    return nullptr;
  }
  return &it->second.subtasks[static_cast<size_t>(subtask)];
}

Result<RestorePlan> PlanRestore(const CheckpointMetadata& checkpoint,
                                const std::vector<RestoreOperatorSpec>& operators,
                                bool allow_non_restored_state) {
  RestorePlan plan;
  plan.checkpoint_id = checkpoint.checkpoint_id;
  plan.from_savepoint = checkpoint.is_savepoint();
  const std::string what = StrCat(checkpoint.is_savepoint() ? "savepoint " : "checkpoint ",
                                  checkpoint.checkpoint_id.value());
  for (const RestoreOperatorSpec& spec : operators) {
    if (plan.operators.count(spec.uid) > 0) {
      return Status::Invalid("Duplicate operator uid '", spec.uid, "' in the job to restore");
    }
    if (spec.parallelism < 1) {
      return Status::Invalid("Operator '", spec.uid, "' has parallelism ", spec.parallelism);
    }
    OperatorRestoreState r;
    r.uid = spec.uid;
    r.parallelism = spec.parallelism;
    r.max_parallelism = spec.max_parallelism;
    r.subtasks.resize(static_cast<size_t>(spec.parallelism));
    const OperatorStateMetadata* old = checkpoint.FindOperator(spec.uid);
    if (old != nullptr) {
      r.matched = true;
      if (!spec.max_parallelism_configured) {
        r.max_parallelism = old->max_parallelism;
      } else if (spec.max_parallelism != old->max_parallelism && old->HasKeyedState()) {
        return Status::Invalid("Cannot restore operator '", spec.uid, "' from ", what,
                               ": its keyed state was "
                               "written with max parallelism ",
                               old->max_parallelism,
                               ", but the job now has max "
                               "parallelism ",
                               spec.max_parallelism,
                               ". Key groups cannot be remapped; set the "
                               "operator's max parallelism back to ",
                               old->max_parallelism, ".");
      }
    }
    if (r.parallelism > r.max_parallelism) {
      return Status::Invalid("Operator '", spec.uid, "' has parallelism ", r.parallelism,
                             " above its max parallelism ", r.max_parallelism,
                             old != nullptr ? StrCat(" (taken from ", what, ")") : "");
    }
    if (old != nullptr) {
      std::vector<std::vector<OperatorStateHandle>> old_ops;
      std::vector<KeyGroupsStateHandle> old_keyed;
      old_ops.reserve(old->subtasks.size());
      EventTime min_watermark = kMaxWatermark;
      for (const OperatorSubtaskState& st : old->subtasks) {
        old_ops.push_back(st.operator_state);
        old_keyed.insert(old_keyed.end(), st.keyed.begin(), st.keyed.end());
        min_watermark = std::min(min_watermark, st.watermark);
      }
      WEIR_ASSIGN_OR_RAISE(auto redistributed, RedistributeOperatorState(old_ops, r.parallelism));
      std::vector<std::vector<KeyGroupsStateHandle>> keyed =
          AssignKeyedStateHandles(old_keyed, r.max_parallelism, r.parallelism);
      const bool same_parallelism = old->parallelism == r.parallelism;
      const bool finished = old->FullyFinished();
      for (int32_t j = 0; j < r.parallelism; ++j) {
        OperatorSubtaskState& st = r.subtasks[static_cast<size_t>(j)];
        st.keyed = std::move(keyed[static_cast<size_t>(j)]);
        st.operator_state = std::move(redistributed[static_cast<size_t>(j)]);
        st.watermark =
            same_parallelism ? old->subtasks[static_cast<size_t>(j)].watermark : min_watermark;
        st.finished = finished;
      }
    }
    plan.operators.emplace(spec.uid, std::move(r));
  }
  std::vector<std::string> unclaimed;
  for (const OperatorStateMetadata& op : checkpoint.operators) {
    if (plan.operators.count(op.uid) == 0 && op.HasState()) unclaimed.push_back(op.uid);
  }
  if (!unclaimed.empty()) {
    if (!allow_non_restored_state) {
      return Status::Invalid("Cannot map the state of ", what,
                             " to the new job: no operator has the uid ", QuotedList(unclaimed),
                             ". Set '", kStateRecoveryIgnoreUnclaimedState.key(),
                             "' (--allowNonRestoredState) to skip that state.");
    }
    plan.ignored_uids = std::move(unclaimed);
  }
  return plan;
}

}  // namespace weir::runtime
