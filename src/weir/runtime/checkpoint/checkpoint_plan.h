// CheckpointPlan: which tasks a checkpoint triggers, waits for, and records as finished (FLIP-147).
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <vector>

#include "weir/common/result.h"
#include "weir/runtime/graph/ids.h"
#include "weir/runtime/state/key_group_range.h"

namespace weir::runtime {

/// One subtask of a job vertex, as the coordinator addresses it.
struct TaskRef {
  VertexId vertex;
  int32_t subtask = 0;
  /// The execution attempt (restart count) of the subtask: messages of an older attempt are
  /// ignored, so a restarted job never mixes with its previous run.
  int32_t attempt = 0;
  auto operator<=>(const TaskRef&) const = default;
  /// Returns "<vertex id>/<subtask>#<attempt>".
  std::string ToString() const;
};

/// What the coordinator needs to know about a task's execution.
enum class TaskExecutionState : uint8_t {
  kRunning,     // can take part in a checkpoint
  kFinished,    // finished; contributes finished = true and needs no barrier
  kNotRunning,  // created, deploying, failing, canceling...: no checkpoint can start
};

/// An input of a vertex: which upstream subtasks each subtask reads.
struct CheckpointVertexInput {
  VertexId upstream;
  /// True when every subtask reads every upstream subtask (hash, rebalance, broadcast, ...).
  bool all_to_all = true;
  /// Pointwise inputs (forward, rescale): upstream_subtasks[i] lists the upstream subtasks
  /// that subtask i reads. Size == the vertex's parallelism.
  std::vector<std::vector<int32_t>> upstream_subtasks;
};

/// A job vertex (a chain of operators) and the state of its subtasks.
struct CheckpointVertex {
  VertexId id;
  /// The id shown by the REST API (32 hex digits); may be empty.
  std::string hex_id;
  std::string name;
  /// The uids of the chain's operators, head first.
  std::vector<std::string> operator_uids;
  int32_t parallelism = 1;
  int32_t max_parallelism = kDefaultMaxParallelism;
  /// One entry per subtask.
  std::vector<TaskExecutionState> subtask_states;
  /// The current attempt of each subtask; empty means attempt 0 for all.
  std::vector<int32_t> subtask_attempts;
  std::vector<CheckpointVertexInput> inputs;
};

/// The job's tasks as the execution graph sees them when a checkpoint is planned.
struct JobTasksView {
  std::vector<CheckpointVertex> vertices;
};

/// Who takes part in one checkpoint.
struct CheckpointPlan {
  std::vector<CheckpointVertex> vertices;
  /// Running tasks none of whose upstream tasks runs (sources, and tasks whose inputs have
  /// all finished): the coordinator triggers them; barriers reach the others.
  std::vector<TaskRef> tasks_to_trigger;
  /// Every running task: each must acknowledge; each is notified of completion or abort.
  std::vector<TaskRef> tasks_to_wait_for;
  /// Tasks finished before the checkpoint: their operators are recorded with finished = true.
  std::vector<TaskRef> finished_tasks;
  /// False when some task is neither running nor finished; then `not_ready_reason` says which.
  bool ready = true;
  std::string not_ready_reason;

  /// Returns the vertex with `id`, or nullptr.
  const CheckpointVertex* FindVertex(VertexId id) const;
  /// Returns the number of subtasks of all vertices.
  int32_t NumSubtasks() const;
};

/// Computes the plan of a checkpoint from the job's tasks. Fails with Invalid when the view
/// is inconsistent (unknown upstream vertex, wrong sizes, duplicate ids or operator uids).
Result<CheckpointPlan> ComputeCheckpointPlan(JobTasksView view);

}  // namespace weir::runtime
