// Task: one parallel instance of an operator chain, run in slices on the worker pool.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "weir/common/status.h"
#include "weir/runtime/exec/processing_time_service.h"
#include "weir/runtime/exec/worker_pool.h"
#include "weir/runtime/metrics/task_metrics.h"
#include "weir/runtime/operators/input_suspension.h"
#include "weir/runtime/task/barrier_aligner.h"
#include "weir/runtime/task/mailbox.h"
#include "weir/runtime/task/operator_chain.h"
#include "weir/runtime/task/task_deployment.h"
#include "weir/runtime/task/watermark_valve.h"

namespace weir::runtime {

/// What one slice ended with.
enum class SliceResult : uint8_t {
  kMoreWork,              // the budget ran out with work left: run again soon
  kWaitingForInput,       // no buffer on any unblocked channel
  kWaitingForSource,      // the source had nothing; it wakes the task
  kWaitingForCredit,      // output buffers wait for credit (backpressured)
  kWaitingForCheckpoint,  // operators finished; waiting for the final checkpoint (FLIP-147)
  kNotStarted,            // Start() was not called yet
  kFinished,
  kFailed,
  kCanceled,
};

const char* SliceResultName(SliceResult result);

/// One subtask: an operator chain fed by input gates (or a source head) and writing to result
/// partitions, with a mailbox for control actions. Runs cooperatively: each slice runs the
/// mailbox, then — while every output has credit — up to `slice_budget` input elements, then
/// yields. A worker never blocks inside a slice.
///
/// Input handling: batches go to the head; watermarks and idleness pass a
/// StatusWatermarkValve per head input; barriers pass the BarrierAligner (aligned
/// checkpoints); EndOfData on every channel of an input calls EndInput(input); when all
/// inputs ended the chain finishes and EndOfData goes downstream; EndOfPartition goes
/// downstream once every input channel ended (and, with wait_for_final_checkpoint, a
/// checkpoint taken after finishing completed), then the task is FINISHED.
///
/// Stop-with-savepoint: a source triggered with a kSavepointSuspend/kSavepointTerminate
/// barrier stops reading. With drain (terminate) it emits watermark +inf and finishes its
/// operators as at end of input, then sends EndOfData(kDrain) and the barrier; without drain
/// (suspend) its operators only flush (PrepareSnapshotPreBarrier), then EndOfData(kNoDrain)
/// and the barrier follow. Downstream tasks do the same when every channel stopped. Every
/// task then waits for the savepoint to complete before it ends its partitions and
/// finishes, so the job ends FINISHED with the savepoint committed; if the savepoint is
/// aborted the task fails (the job fails over and resumes from its latest checkpoint).
///
/// Thread: Start, Cancel, TriggerCheckpoint, Notify*, Post and the accessors from any
/// thread; RunSlice only from the worker running the task (or a test driving it).
class Task final : public Schedulable {
 public:
  /// Checks the deployment and wires the gates and partitions to the task. The task is
  /// CREATED; nothing runs until Start().
  static Result<std::shared_ptr<Task>> Make(TaskDeployment deployment, WorkerPool* pool);
  ~Task() override;

  const std::string& name() const { return deployment_.task_name; }
  const TaskDeployment& deployment() const { return deployment_; }
  TaskState state() const { return state_.load(std::memory_order_acquire); }
  /// Returns the failure of a FAILED task (OK otherwise).
  Status failure() const;
  TaskMetrics& metrics() { return metrics_; }
  const TaskMetrics& metrics() const { return metrics_; }

  /// Moves CREATED -> DEPLOYING and schedules the first slice.
  void Start();
  /// Cancels the task (any state, any thread); it closes its operators on its next slice.
  void Cancel();
  /// Source tasks: takes a checkpoint at the next mailbox turn — snapshot, then the barrier
  /// goes downstream before any later data. Returns false if the task can no longer run it.
  bool TriggerCheckpoint(const CheckpointBarrier& barrier);
  /// Delivers the coordinator's verdict on checkpoint `id` through the mailbox.
  bool NotifyCheckpointComplete(CheckpointId id);
  bool NotifyCheckpointAborted(CheckpointId id);
  /// Runs `action` on the task's thread between elements. False once the task ended.
  bool Post(Mailbox::Action action);

  /// Runs one slice (see the class comment); returns why it stopped.
  SliceResult RunSlice(int32_t budget);
  /// Returns the result of the last slice.
  SliceResult last_slice_result() const { return last_result_.load(std::memory_order_acquire); }

 protected:
  SliceOutcome RunScheduledSlice() override;

 private:
  class AlignerTarget;
  struct InputInfo {
    int32_t num_channels = 0;
    int32_t num_data_ended = 0;
    bool ended = false;             // every channel ended its data (EndInput called unless stopped)
    bool stopped_no_drain = false;  // a channel stopped for stop-with-savepoint without drain
    std::unique_ptr<StatusWatermarkValve> valve;
  };
  struct ChannelInfo {
    int32_t gate = 0;
    int32_t channel = 0;      // within the gate
    int32_t input = 0;        // head input
    int32_t valve_index = 0;  // within the input's valve
    bool data_ended = false;
    bool ended = false;
  };

  Task(TaskDeployment deployment, WorkerPool* pool);

  bool TransitionTo(TaskState to, Status error = Status::OK());
  Status Deploy();
  SliceResult ProcessSlice(int32_t budget, Status* error);
  Status PollInput(bool* got);
  Status HandleElement(int32_t gate, InputGate::Polled& polled);
  Status ApplyValve(int32_t input, const StatusWatermarkValve::Result& r);
  Status OnChannelDataEnded(int32_t global_channel, StopMode mode);
  Status OnSourceEnded();
  // Stops a source for stop-with-savepoint `kind` before its barrier is emitted.
  Status StopSource(SnapshotKind kind);
  Status OnOperatorsFinished(StopMode mode);
  Status PerformCheckpoint(const CheckpointBarrier& barrier, int64_t alignment_ns);
  Status AbortCheckpoint(CheckpointId id, const Status& reason);
  void SetChannelBlocked(int32_t global_channel, bool blocked);
  bool SendPending();
  bool AnyStaged() const;
  Status FlushStagedOutputs();
  void MaybeScheduleFlush();
  Status MaybeEndPartitions();
  bool CanFinish() const;
  void Terminate(TaskState to, Status error);
  SliceResult TerminalResult() const;

  TaskDeployment deployment_;
  TaskMetrics metrics_;
  Mailbox mailbox_;
  std::atomic<TaskState> state_{TaskState::kCreated};
  std::atomic<bool> cancel_requested_{false};
  // Raised by an operator of the chain that cannot take input now; created at Deploy.
  std::unique_ptr<InputSuspension> input_suspension_;
  std::atomic<SliceResult> last_result_{SliceResult::kNotStarted};
  mutable std::mutex failure_mu_;
  Status failure_;  // REQUIRES: failure_mu_ held

  // Task-thread state.
  std::unique_ptr<OperatorChain> chain_;
  std::unique_ptr<AlignerTarget> aligner_target_;
  std::unique_ptr<BarrierAligner> aligner_;
  std::vector<int32_t> gate_offsets_;  // first global channel of each gate
  std::vector<ChannelInfo> channels_;  // by global channel
  InputInfo inputs_[2];
  int32_t num_inputs_ = 0;
  int32_t num_channels_ended_ = 0;
  int32_t next_gate_ = 0;
  bool is_source_ = false;
  bool source_ended_ = false;
  bool operators_finished_ = false;
  CheckpointId final_checkpoint_{0};  // first checkpoint taken after finishing
  bool final_checkpoint_done_ = false;
  // Stop-with-savepoint: once a stop reached the task it ends only after that savepoint
  // completed (so two-phase sinks commit it); an abort of it fails the task (failover).
  bool stop_requested_ = false;
  CheckpointId stop_savepoint_{0};
  // Stopped without drain: no more input, operators neither end their input nor finish;
  // EndOfData(kNoDrain) goes downstream right before the savepoint's barrier.
  bool suspended_ = false;
  bool suspend_end_sent_ = false;
  bool partitions_ended_ = false;
  bool flush_timer_scheduled_ = false;
  TimerId flush_timer_ = 0;
  int64_t last_slice_end_ns_ = 0;
  TaskTime last_wait_kind_ = TaskTime::kIdle;
};

}  // namespace weir::runtime
