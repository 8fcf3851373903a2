// OperatorContext: what the runtime gives an operator — identity, output, memory, state, time.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "weir/common/memory/memory_pool.h"
#include "weir/common/status.h"
#include "weir/runtime/graph/ids.h"
#include "weir/runtime/operators/input_suspension.h"
#include "weir/runtime/state/key_group_range.h"
#include "weir/runtime/task/stream_element.h"

namespace weir::runtime {

class Output;
class KeyedStateBackend;
class OperatorStateBackend;
class TimerServiceManager;
class ProcessingTimeService;
class TaskMetrics;

/// Filled in by the task for each operator of its chain before InitializeState/Open.
/// Thread: the owning task's thread only, except Wake() and Post(), which any thread may call.
struct OperatorContext {
  // Identity.
  std::string operator_uid;
  std::string operator_name;
  int32_t subtask_index = 0;
  int32_t parallelism = 1;
  int32_t max_parallelism = kDefaultMaxParallelism;
  int32_t attempt = 0;       // restart attempt number, 0 for the first run
  KeyGroupRange key_groups;  // owned key groups (keyed operators)

  // Output of this operator (the next operator in the chain or the task's partitions).
  Output* output = nullptr;
  // Memory for batches and operator data structures (the task's share of "operators").
  MemoryPool* memory_pool = nullptr;

  // State; null when the operator is not keyed / has no operator state.
  KeyedStateBackend* keyed_state = nullptr;
  OperatorStateBackend* operator_state = nullptr;
  TimerServiceManager* timers = nullptr;
  ProcessingTimeService* processing_time = nullptr;
  TaskMetrics* metrics = nullptr;

  // The task's current input watermark (min over inputs), kMinWatermark before the first.
  EventTime current_watermark = kMinWatermark;

  /// Asks the task to be scheduled again (a source that had nothing available calls this
  /// from its I/O callback). Any thread.
  std::function<void()> wake;
  /// Lets an operator pause its task's input until it resumes it (InputSuspension); set by
  /// the task, null in harnesses that have none.
  InputSuspension* input_suspension = nullptr;
  /// Runs `action` on the task's thread between batches (timers, async results). Any thread.
  std::function<void(std::function<Status()> action)> post;

  /// Fires the operator's event-time timers up to `watermark` (the hook of the timer service:
  /// set by the state/time layer when the operator has one; empty otherwise). Called by the
  /// default Operator::ProcessWatermark before it forwards the watermark. Task thread only.
  std::function<Status(EventTime watermark)> advance_event_time;
};

}  // namespace weir::runtime
