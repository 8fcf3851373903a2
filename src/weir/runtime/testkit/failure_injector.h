// FailureInjector: a pass-through operator that fails on purpose (record N, checkpoint N, random).
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include "weir/runtime/operators/operator.h"

namespace weir::runtime::testkit {

/// How many failures may still be injected, shared by every FailureInjector instance of a
/// test (all subtasks, all restart attempts), so a test can inject exactly K failures.
/// Thread: thread-safe.
class FailureBudget {
 public:
  /// Allows `max_failures` failures; negative: unlimited.
  explicit FailureBudget(int64_t max_failures) : remaining_(max_failures) {}

  /// Takes one failure from the budget; false when it is used up (inject nothing).
  bool TryConsume();
  /// Returns how many failures were injected so far.
  int64_t injected() const { return injected_.load(std::memory_order_acquire); }
  /// Returns how many failures may still be injected (negative: unlimited).
  int64_t remaining() const { return remaining_.load(std::memory_order_acquire); }

 private:
  std::atomic<int64_t> remaining_;
  std::atomic<int64_t> injected_{0};
};

/// When a FailureInjector fails. Counts are per operator instance (a restarted instance
/// counts again from zero); each trigger that fires takes one failure from the budget.
struct FailureInjectorOptions {
  /// Fail on the batch holding the N-th record (1-based) this instance sees, before
  /// forwarding it; 0 or less: never.
  int64_t fail_at_record = 0;
  /// Fail in SnapshotState of checkpoint N; 0 or less: never.
  int64_t fail_at_checkpoint = 0;
  /// Fail each batch with this probability, drawn from a generator seeded with `seed`,
  /// the subtask index and the attempt (deterministic per subtask and attempt).
  double probability = 0;
  uint64_t seed = 0;
  /// Only subtask `subtask` fails; negative: every subtask.
  int32_t subtask = -1;
  /// Shared budget; null: unlimited.
  std::shared_ptr<FailureBudget> budget;
};

/// Forwards every batch and watermark unchanged and returns Status::Internal("injected
/// failure ...") when a trigger of its options fires and the budget allows it.
/// Thread: the owning task thread (the budget is shared and thread-safe).
class FailureInjector final : public Operator {
 public:
  explicit FailureInjector(FailureInjectorOptions options, std::string name = "failure-injector");

  std::string name() const override { return name_; }
  Status Open(OperatorContext& ctx) override;
  Status ProcessBatch(int input, const RecordBatchPtr& batch) override;
  Status SnapshotState(StateSnapshotContext& ctx) override;

  /// Returns the records this instance has seen (including the failing batch).
  int64_t records_seen() const { return records_; }

 private:
  bool Applies() const;
  // Returns a uniform double in [0, 1) (splitmix64).
  double NextRandom();
  bool Consume();

  const FailureInjectorOptions options_;
  const std::string name_;
  int64_t records_ = 0;
  uint64_t rng_state_ = 0;
  bool record_trigger_fired_ = false;
};

}  // namespace weir::runtime::testkit
