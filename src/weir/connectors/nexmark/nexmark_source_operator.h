// NexmarkSourceOperator: the runtime source that reads Nexmark splits into batches.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "weir/connectors/nexmark/nexmark_generator.h"
#include "weir/runtime/exec/processing_time_service.h"
#include "weir/runtime/operators/operator.h"
#include "weir/runtime/state/operator_state_backend.h"

namespace weir::connectors {

/// How a NexmarkSourceOperator reads.
struct NexmarkSourceConfig {
  /// Events per emitted batch (at most); a batch holds events of one split.
  int32_t batch_size = 4096;
};

/// A source (num_inputs 0) emitting Nexmark events, declared unbounded and insert-only as
/// upstream. A fresh subtask s of parallelism p reads split s of the p splits that cut
/// events.num (MakeNexmarkSplits). Each owned split is one entry of operator list state
/// (its layout, its emitted count and W0, the wall clock of its first event, plus the base
/// time and seed of the events), so a restore at any parallelism hands each split with its
/// position to exactly one subtask (round-robin redistribution). The number of splits is fixed
/// by the first run; stop-at and keep-alive come from the current options (upstream's V2
/// warm-up/restore sequence relies on that). A subtask with several splits emits a batch of
/// the least advanced one at a time, so their event times stay together.
///
/// End of input: when every owned split reached its limit, kEndOfInput, unless keep-alive
/// is set: then it idles (kNothingAvailable, never woken). With max-emit-speed = false each
/// split is paced to the wall clock: an event with time ts is due at W0 + (ts − base_time);
/// ahead of that the source returns kNothingAvailable and wakes its task through a
/// processing-time timer, never sleeping on the worker.
/// Thread: the owning task thread, except the wake-up timer (which only calls wake()).
class NexmarkSourceOperator final : public runtime::Operator {
 public:
  /// One owned split and its progress.
  struct SplitState {
    NexmarkSplit split;
    int64_t emitted = 0;  // events of the split emitted so far (the next k)
    int64_t w0_ms = -1;   // wall clock of the split's first event; -1: not started
    bool done() const { return emitted >= split.limit(); }
  };

  /// Produces the columns `projection` (see NexmarkGenerator::Make).
  NexmarkSourceOperator(NexmarkGeneratorConfig config,
                        std::optional<std::vector<int32_t>> projection,
                        NexmarkSourceConfig source_config = {}, std::string name = "nexmark");
  /// Produces one column per path, whole or flattened (see NexmarkGenerator::Make). The
  /// checkpointed split positions do not depend on the paths: a job may restore with others.
  NexmarkSourceOperator(NexmarkGeneratorConfig config,
                        std::optional<std::vector<std::vector<int32_t>>> paths,
                        NexmarkSourceConfig source_config = {}, std::string name = "nexmark");
  ~NexmarkSourceOperator() override;

  int num_inputs() const override { return 0; }
  std::string name() const override { return name_; }
  Status InitializeState(runtime::StateInitializationContext& ctx) override;
  Status Open(runtime::OperatorContext& ctx) override;
  Status ProcessBatch(int input, const RecordBatchPtr& batch) override;
  Result<runtime::SourcePoll> PollNext() override;
  Status SnapshotState(runtime::StateSnapshotContext& ctx) override;
  Status Close() override;

  /// Returns the owned splits (set by InitializeState or Open).
  const std::vector<SplitState>& splits() const { return splits_; }
  /// Returns the generator (set by InitializeState or Open).
  const NexmarkGenerator* generator() const { return generator_.get(); }

  /// Returns the list-state entry of a split (exposed for tests of the format).
  std::string EncodeSplit(const SplitState& state) const;

 private:
  Status MakeGenerator(int64_t base_time_ms, uint64_t seed);
  void AssignFreshSplits(int32_t subtask, int32_t parallelism);
  Status RestoreSplits(const std::vector<std::string>& entries);
  // Returns how many events of `state` are due at processing time `now` (pacing).
  int64_t DueEvents(const SplitState& state, int64_t now) const;
  void CancelWakeUp();

  NexmarkGeneratorConfig config_;
  std::optional<std::vector<std::vector<int32_t>>> paths_;
  NexmarkSourceConfig source_config_;
  std::string name_;
  std::unique_ptr<NexmarkGenerator> generator_;
  runtime::OperatorListState<std::string>* split_state_ = nullptr;
  bool assigned_ = false;
  std::vector<SplitState> splits_;
  runtime::TimerId wake_timer_ = 0;
  int64_t batch_rows_ = 1;  // events per batch (set by Open)
};

}  // namespace weir::connectors
