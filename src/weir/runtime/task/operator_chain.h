// OperatorChain: the operators of one task, wired by direct calls, and their lifecycle.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "weir/common/result.h"
#include "weir/runtime/operators/operator.h"
#include "weir/runtime/operators/operator_context.h"
#include "weir/runtime/task/snapshot_hook.h"

namespace weir::runtime {

/// Creates one operator instance for a subtask (the same signature as the job graph's
/// OperatorFactory).
using ChainOperatorFactory =
    std::function<Result<std::unique_ptr<Operator>>(int32_t subtask_index)>;

/// Where an operator's output goes: input `input` of a later operator of the chain (a direct
/// call) or the task's result partition `index` (the network).
struct ChainTarget {
  enum class Kind : uint8_t { kOperator, kPartition };
  Kind kind = Kind::kOperator;
  int32_t index = 0;
  int32_t input = 0;

  static ChainTarget ToOperator(int32_t index, int32_t input = 0) {
    return ChainTarget{Kind::kOperator, index, input};
  }
  static ChainTarget ToPartition(int32_t index) { return ChainTarget{Kind::kPartition, index, 0}; }
};

/// One operator of a task: identity, factory and outputs.
struct ChainedOperatorSpec {
  std::string uid;
  std::string name;
  ChainOperatorFactory factory;
  /// Targets of the main output (a batch goes to each; zero-copy).
  std::vector<ChainTarget> outputs;
  /// Targets of each side output, by tag (Output::EmitSide(tag, ...)).
  std::vector<std::vector<ChainTarget>> side_outputs;
};

/// Identity shared by every operator context of a task.
struct ChainIdentity {
  int32_t subtask_index = 0;
  int32_t parallelism = 1;
  int32_t max_parallelism = kDefaultMaxParallelism;
  int32_t attempt = 0;
  /// BATCH execution: outputs forward only the final watermark (+inf) — event time jumps from
  /// -inf to +inf at end of input.
  bool batch = false;
};

/// The operators of one task in chain order (index 0 is the head, which reads the task's
/// inputs or is a source). An operator's outputs go to later operators by direct calls —
/// one virtual call per batch — or to result partitions. Each operator after the head is fed
/// by exactly one earlier operator (a chain is a tree rooted at the head).
///
/// Lifecycle order (as Flink): InitializeState + Open tail first, so every operator's
/// downstream is open before it can emit; EndInput / Finish head first, each operator's
/// Finish output reaching the next before that one ends; PrepareSnapshotPreBarrier and
/// notifications head first; Close head first.
/// Thread: the owning task only.
class OperatorChain {
 public:
  /// Creates the operators with their factories and wires their outputs. `partitions[i]` is
  /// the Output of ChainTarget::ToPartition(i); `base_context` supplies the fields shared by
  /// all operators (pools, processing time, metrics, wake, post).
  static Result<std::unique_ptr<OperatorChain>> Make(const std::vector<ChainedOperatorSpec>& specs,
                                                     const std::vector<Output*>& partitions,
                                                     const ChainIdentity& identity,
                                                     const OperatorContext& base_context);
  ~OperatorChain();

  int32_t size() const { return static_cast<int32_t>(operators_.size()); }
  Operator* head() const { return operators_.front().get(); }
  Operator* op(int32_t i) const { return operators_[static_cast<size_t>(i)].get(); }
  OperatorContext& context(int32_t i) { return *contexts_[static_cast<size_t>(i)]; }
  bool is_source() const { return head()->num_inputs() == 0; }
  /// Returns references for the state and checkpoint layers, head first.
  const std::vector<ChainedOperatorRef>& refs() const { return refs_; }

  /// Initialises state (through `hook` when set) and opens every operator, tail first.
  Status InitializeAndOpen(SnapshotHook* hook);
  /// Feeds the head.
  Status ProcessBatch(int input, const RecordBatchPtr& batch) {
    return head()->ProcessBatch(input, batch);
  }
  Status ProcessWatermark(int input, EventTime watermark);
  Status ProcessWatermarkStatus(int input, bool idle);
  /// Emits a watermark from the head's output (a source task ending: +inf).
  Status EmitWatermarkFromHead(EventTime watermark);
  /// Tells the head that its input `input` ended.
  Status EndInput(int input);
  /// Finishes every operator, head first; each later operator first gets EndInput on the
  /// input its chained predecessor feeds. Call once, after the head's inputs all ended.
  Status FinishOperators();
  bool finished() const { return finished_; }

  Status PrepareSnapshotPreBarrier(CheckpointId id);
  Status NotifyCheckpointComplete(CheckpointId id);
  Status NotifyCheckpointAborted(CheckpointId id);

  /// Closes every opened operator, head first; returns the first error (all are closed).
  Status Close();
  /// Closes after a failure or cancel: errors are logged, not returned.
  void CloseQuietly();

 private:
  class ChainOutput;
  OperatorChain() = default;

  std::vector<std::unique_ptr<Operator>> operators_;
  std::vector<std::unique_ptr<OperatorContext>> contexts_;
  std::vector<std::unique_ptr<ChainOutput>> outputs_;
  std::vector<ChainedOperatorRef> refs_;
  std::vector<int32_t> feeding_input_;  // for i > 0: the input of operator i its feeder uses
  int32_t num_opened_ = 0;              // operators opened, counted from the tail
  bool finished_ = false;
  bool closed_ = false;
};

}  // namespace weir::runtime
