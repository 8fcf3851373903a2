// DeterministicSource: a checkpointed test source of numbered BIGINT rows, split across subtasks.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "weir/common/batch/record_batch.h"
#include "weir/common/types/schema.h"
#include "weir/runtime/exec/processing_time_service.h"
#include "weir/runtime/operators/operator.h"
#include "weir/runtime/state/operator_state_backend.h"

namespace weir::runtime::testkit {

/// What a DeterministicSource emits.
struct DeterministicSourceOptions {
  /// Total records over all subtasks (indices 0..num_records-1); negative: unbounded.
  int64_t num_records = 1000;
  /// Keys cycle through 0..num_keys-1 (key = i % num_keys).
  int64_t num_keys = 10;
  /// Rows per emitted batch (at most).
  int32_t batch_size = 100;
  /// Adds column `ts` = event_time_base + i and emits watermarks (max ts so far - 1, i.e.
  /// bounded out-of-orderness 0 as Flink's BoundedOutOfOrdernessWatermarks).
  bool event_time = false;
  int64_t event_time_base = 0;
  /// Records per second per subtask; 0 or less: unlimited. A rate-limited source returns
  /// kNothingAvailable when it is ahead of its rate and wakes its task through a
  /// processing-time timer (OperatorContext::processing_time and wake); it never sleeps.
  double records_per_second = 0;
};

/// A source (num_inputs 0) of rows "key BIGINT, value BIGINT[, ts BIGINT]" with value = i,
/// key = i % num_keys and ts = event_time_base + i. Subtask s of parallelism p emits the
/// indices i ≡ s (mod p) in increasing order, so the union over subtasks is exactly
/// 0..num_records-1 and every run emits the same batches.
///
/// Its position (the next index) is operator list state; a restore at the same parallelism
/// continues exactly where the checkpoint was taken. Restoring at another parallelism is
/// rejected (the per-subtask sequences would not line up).
/// Thread: the owning task thread, except the wake-up timer (which only calls wake()).
class DeterministicSource final : public Operator {
 public:
  explicit DeterministicSource(DeterministicSourceOptions options,
                               std::string name = "deterministic-source");
  ~DeterministicSource() override;

  int num_inputs() const override { return 0; }
  std::string name() const override { return name_; }
  Status InitializeState(StateInitializationContext& ctx) override;
  Status Open(OperatorContext& ctx) override;
  Status ProcessBatch(int input, const RecordBatchPtr& batch) override;
  Result<SourcePoll> PollNext() override;
  Status SnapshotState(StateSnapshotContext& ctx) override;
  Status Close() override;

  /// Returns the schema of the emitted rows.
  static SchemaPtr OutputSchema(bool event_time);
  /// Returns the next global index this subtask emits (its position).
  int64_t next_index() const { return next_; }
  /// Returns the number of rows this instance emitted (not counting restored progress).
  int64_t emitted() const { return emitted_; }

 private:
  bool Exhausted() const { return options_.num_records >= 0 && next_ >= options_.num_records; }
  Result<RecordBatchPtr> MakeBatch(int64_t rows);
  void CancelWakeUp();

  const DeterministicSourceOptions options_;
  const std::string name_;
  SchemaPtr schema_;
  OperatorListState<std::string>* position_state_ = nullptr;
  int64_t next_ = -1;  // next global index; -1 until Open
  int64_t emitted_ = 0;
  int64_t max_timestamp_ = 0;
  // Rate limiting: emitted_ rows are allowed once processing time passes
  // rate_start_ms_ + emitted_ * 1000 / records_per_second.
  int64_t rate_start_ms_ = 0;
  TimerId wake_timer_ = 0;
};

}  // namespace weir::runtime::testkit
