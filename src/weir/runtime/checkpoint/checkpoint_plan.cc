// CheckpointPlan: tasks to trigger, to wait for, and finished tasks (FLIP-147).
#include "weir/runtime/checkpoint/checkpoint_plan.h"

#include <map>
#include <set>

namespace weir::runtime {

std::string TaskRef::ToString() const { return StrCat(vertex.value(), "/", subtask, "#", attempt); }

const CheckpointVertex* CheckpointPlan::FindVertex(VertexId id) const {
  for (const CheckpointVertex& v : vertices) {
    if (v.id == id) return &v;
  }
  return nullptr;
}

int32_t CheckpointPlan::NumSubtasks() const {
  int32_t n = 0;
  for (const CheckpointVertex& v : vertices) n += v.parallelism;
  return n;
}

Result<CheckpointPlan> ComputeCheckpointPlan(JobTasksView view) {
  std::map<VertexId, const CheckpointVertex*> by_id;
  std::set<std::string> uids;
  for (const CheckpointVertex& v : view.vertices) {
    if (!by_id.emplace(v.id, &v).second) {
      return Status::Invalid("Duplicate vertex ", v.id.value(), " in the checkpoint plan");
    }
    if (v.parallelism < 1 || static_cast<int32_t>(v.subtask_states.size()) != v.parallelism) {
      return Status::Invalid("Vertex ", v.id.value(), " has parallelism ", v.parallelism, " but ",
                             v.subtask_states.size(), " subtask states");
    }
    if (!v.subtask_attempts.empty() &&
        static_cast<int32_t>(v.subtask_attempts.size()) != v.parallelism) {
      return Status::Invalid("Vertex ", v.id.value(), " has parallelism ", v.parallelism, " but ",
                             v.subtask_attempts.size(), " subtask attempts");
    }
    for (const std::string& uid : v.operator_uids) {
      if (!uids.insert(uid).second) {
        return Status::Invalid("Duplicate operator uid '", uid, "' in the checkpoint plan");
      }
    }
  }
  CheckpointPlan plan;
  for (const CheckpointVertex& v : view.vertices) {
    for (const CheckpointVertexInput& in : v.inputs) {
      auto it = by_id.find(in.upstream);
      if (it == by_id.end()) {
        return Status::Invalid("Vertex ", v.id.value(), " reads unknown vertex ",
                               in.upstream.value());
      }
      if (!in.all_to_all) {
        if (static_cast<int32_t>(in.upstream_subtasks.size()) != v.parallelism) {
          return Status::Invalid("Pointwise input of vertex ", v.id.value(), " lists ",
                                 in.upstream_subtasks.size(), " subtasks for parallelism ",
                                 v.parallelism);
        }
        for (const std::vector<int32_t>& ups : in.upstream_subtasks) {
          for (int32_t u : ups) {
            if (u < 0 || u >= it->second->parallelism) {
              return Status::Invalid("Pointwise input of vertex ", v.id.value(), " names subtask ",
                                     u, " of vertex ", in.upstream.value(), " (parallelism ",
                                     it->second->parallelism, ")");
            }
          }
        }
      }
    }
  }
  for (const CheckpointVertex& v : view.vertices) {
    for (int32_t s = 0; s < v.parallelism; ++s) {
      TaskRef task{v.id, s,
                   v.subtask_attempts.empty() ? 0 : v.subtask_attempts[static_cast<size_t>(s)]};
      switch (v.subtask_states[static_cast<size_t>(s)]) {
        case TaskExecutionState::kFinished:
          plan.finished_tasks.push_back(task);
          continue;
        case TaskExecutionState::kNotRunning:
          if (plan.ready) {
            plan.ready = false;
            plan.not_ready_reason =
                StrCat("task ", v.name.empty() ? StrCat("vertex ", v.id.value()) : v.name, " (",
                       s + 1, "/", v.parallelism, ") is not running");
          }
          continue;
        case TaskExecutionState::kRunning:
          break;
      }
      plan.tasks_to_wait_for.push_back(task);
      bool upstream_running = false;
      for (const CheckpointVertexInput& in : v.inputs) {
        const CheckpointVertex* up = by_id[in.upstream];
        if (in.all_to_all) {
          for (TaskExecutionState st : up->subtask_states) {
            upstream_running |= st != TaskExecutionState::kFinished;
          }
        } else {
          for (int32_t u : in.upstream_subtasks[static_cast<size_t>(s)]) {
            upstream_running |=
                up->subtask_states[static_cast<size_t>(u)] != TaskExecutionState::kFinished;
          }
        }
      }
      if (!upstream_running) plan.tasks_to_trigger.push_back(task);
    }
  }
  plan.vertices = std::move(view.vertices);
  return plan;
}

}  // namespace weir::runtime
