// Operator: the unit of processing inside a task — receives batches and control events, emits batches.
#pragma once

#include <memory>
#include <string>

#include "weir/common/batch/record_batch.h"
#include "weir/common/status.h"
#include "weir/runtime/graph/ids.h"
#include "weir/runtime/task/stream_element.h"

namespace weir::runtime {

struct OperatorContext;
class StateInitializationContext;
class StateSnapshotContext;

/// Where an operator's results go: the next operator of the chain (a direct call) or, at the
/// end of a chain, the task's result partitions. One virtual call per batch, never per row.
class Output {
 public:
  virtual ~Output() = default;
  /// Emits a batch on the main output.
  virtual Status Emit(RecordBatchPtr batch) = 0;
  /// Emits a batch on side output `tag` (an index into the operator's declared side outputs).
  virtual Status EmitSide(int tag, RecordBatchPtr batch) = 0;
  virtual Status EmitWatermark(EventTime watermark) = 0;
  virtual Status EmitWatermarkStatus(bool idle) = 0;
};

/// What a source produced in one PollNext call.
enum class SourcePoll : uint8_t {
  kMoreAvailable,     // call again when there is output credit
  kNothingAvailable,  // no data now; the source wakes its task (OperatorContext::Wake) later
  kEndOfInput,        // the source is finished
};

/// A stream operator. Lifecycle, called on the owning task's thread only:
///   InitializeState → Open → { ProcessBatch | ProcessWatermark | ProcessWatermarkStatus |
///   PrepareSnapshotPreBarrier → SnapshotState | NotifyCheckpoint* | EndInput }* → Finish → Close
/// Close is also called after a failure (then without Finish). Every method returns a Status;
/// an error fails the task and, through the restart strategy, its region.
class Operator {
 public:
  virtual ~Operator() = default;

  /// Returns 0 for sources, 1 for one-input and 2 for two-input operators.
  virtual int num_inputs() const { return 1; }
  virtual std::string name() const = 0;

  /// Creates state handles and restores them when the task starts from a snapshot.
  virtual Status InitializeState(StateInitializationContext& ctx) { return Status::OK(); }
  /// Prepares for processing; `ctx` outlives the operator.
  virtual Status Open(OperatorContext& ctx) { return Status::OK(); }

  /// Processes one batch from input `input` (0 or 1).
  virtual Status ProcessBatch(int input, const RecordBatchPtr& batch) = 0;
  /// Handles the combined watermark of input `input` (already the minimum over its channels).
  /// The default advances event-time timers and forwards min(inputs) to the output.
  virtual Status ProcessWatermark(int input, EventTime watermark);
  /// Handles a change of input `input` between idle and active.
  virtual Status ProcessWatermarkStatus(int input, bool idle);

  /// Polls a source for its next batch (sources only). Emits through the context's output.
  virtual Result<SourcePoll> PollNext() {
    return Status::Internal("PollNext called on a non-source operator: ", name());
  }

  /// Flushes anything buffered that must precede the barrier (called before SnapshotState).
  virtual Status PrepareSnapshotPreBarrier(CheckpointId id) { return Status::OK(); }
  /// Writes the operator's state for checkpoint `ctx.checkpoint_id()`; keyed and operator
  /// state registered through the context is written by the runtime.
  virtual Status SnapshotState(StateSnapshotContext& ctx) { return Status::OK(); }
  virtual Status NotifyCheckpointComplete(CheckpointId id) { return Status::OK(); }
  virtual Status NotifyCheckpointAborted(CheckpointId id) { return Status::OK(); }

  /// Signals that input `input` has ended (bounded input or drain).
  virtual Status EndInput(int input) { return Status::OK(); }
  /// Emits everything still buffered; no more input follows.
  virtual Status Finish() { return Status::OK(); }
  /// Releases resources.
  virtual Status Close() { return Status::OK(); }

 protected:
  /// Set by the runtime before Open (also visible to InitializeState).
  OperatorContext* context_ = nullptr;
  friend class OperatorChain;

  // Resumes from a checkpointed watermark (called by the chain after InitializeState): the
  // inputs, the output and the event-time timers start at `watermark` instead of -inf, so
  // nothing older is forwarded again and late rows stay late after a restore.
  void ResumeWatermark(EventTime watermark);

  // Bookkeeping of the default ProcessWatermark / ProcessWatermarkStatus: the last watermark
  // and idleness of each input, and the last watermark and status forwarded downstream.
  EventTime input_watermarks_[2] = {kMinWatermark, kMinWatermark};
  bool input_idle_[2] = {false, false};
  EventTime output_watermark_ = kMinWatermark;
  bool output_idle_ = false;
};

}  // namespace weir::runtime
