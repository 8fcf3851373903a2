// TaskDeployment: everything needed to run one subtask — its chain, inputs, outputs and hooks.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "weir/common/memory/memory_pool.h"
#include "weir/common/status.h"
#include "weir/runtime/graph/ids.h"
#include "weir/runtime/network/input_gate.h"
#include "weir/runtime/network/result_partition.h"
#include "weir/runtime/state/key_group_range.h"
#include "weir/runtime/task/operator_chain.h"
#include "weir/runtime/task/snapshot_hook.h"

namespace weir::runtime {

class ProcessingTimeService;
class Task;

/// The lifecycle of a task. Legal transitions:
///   CREATED      -> DEPLOYING | CANCELED
///   DEPLOYING    -> INITIALIZING | FAILED | CANCELED
///   INITIALIZING -> RUNNING | FAILED | CANCELED
///   RUNNING      -> FINISHED | FAILED | CANCELED
///   FINISHED, FAILED, CANCELED: terminal.
/// DEPLOYING creates the operators; INITIALIZING restores state and opens them (tail first).
enum class TaskState : uint8_t {
  kCreated,
  kDeploying,
  kInitializing,
  kRunning,
  kFinished,
  kFailed,
  kCanceled,
};

/// Returns "CREATED", "DEPLOYING", ... as Flink prints execution states.
const char* TaskStateName(TaskState state);
/// Returns true for the transitions listed above.
bool IsLegalTransition(TaskState from, TaskState to);
inline bool IsTerminal(TaskState s) {
  return s == TaskState::kFinished || s == TaskState::kFailed || s == TaskState::kCanceled;
}

/// A state change reported through TaskDeployment::on_state_change.
struct TaskStateChange {
  Task* task = nullptr;
  TaskState from = TaskState::kCreated;
  TaskState to = TaskState::kCreated;
  Status error;  // the failure for FAILED, OK otherwise
};

/// Scheduling and flushing settings of a task.
struct TaskOptions {
  /// Input elements (buffers or source polls) a slice processes before it yields.
  int32_t slice_budget = 32;
  /// Flush interval of staged output rows in ms (execution.buffer-timeout.interval); 0 =
  /// after every input element; < 0 = only when full or before an event. Without a
  /// processing-time service staged rows are flushed whenever the task runs out of input.
  int64_t buffer_timeout_ms = 100;
  /// FLIP-147: after its operators finished, keep running until a checkpoint taken after
  /// that completes, so two-phase sinks commit everything; then end the partitions.
  bool wait_for_final_checkpoint = false;
  /// BATCH execution (execution.runtime-mode): no checkpoints; operators forward no watermark
  /// but the final +inf at end of input.
  bool batch = false;
};

/// Describes one subtask: built by the mini-cluster from the execution graph, or by tests.
/// Gates and partitions are created (NetworkEnvironment or directly) and wired with
/// ResultPartition::ConnectLocal before Task::Make.
struct TaskDeployment {
  JobId job_id;
  VertexId vertex_id;
  /// "name (subtask+1/parallelism)" as Flink names subtasks; used in messages and metrics.
  std::string task_name;
  int32_t subtask_index = 0;
  int32_t parallelism = 1;
  int32_t max_parallelism = kDefaultMaxParallelism;
  int32_t attempt = 0;

  /// The chain, head first. Partition targets index `result_partitions`.
  std::vector<ChainedOperatorSpec> operators;
  /// One gate per input edge; each gate says which head input it feeds.
  std::vector<std::shared_ptr<InputGate>> input_gates;
  /// One partition per output edge.
  std::vector<std::shared_ptr<ResultPartition>> result_partitions;

  /// State and checkpoint plumbing (null: no state initialisation, snapshots only forward
  /// barriers).
  std::shared_ptr<SnapshotHook> snapshot_hook;
  /// Memory of the operators (DefaultMemoryPool() if null).
  MemoryPool* memory_pool = nullptr;
  /// Processing-time timers (buffer timeout, operators' timers); may be null.
  ProcessingTimeService* processing_time = nullptr;
  TaskOptions options;
  /// Called on the task's thread (or the caller of Cancel for a task never started) after
  /// every state change.
  std::function<void(const TaskStateChange&)> on_state_change;
};

}  // namespace weir::runtime
