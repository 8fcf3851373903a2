// DeterministicSource: a checkpointed, rescalable test source of numbered BIGINT rows.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

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
  /// The record space is cut into this many splits: split k holds the indices
  /// i ≡ k (mod num_splits). Fixed for the life of a job (a restore with another value is
  /// rejected); at most this many subtasks get work.
  int32_t num_splits = 12;
  /// Adds column `ts` = event_time_base + i and emits watermarks that never pass an owned
  /// split: after each batch, min over the subtask's unfinished splits of (ts of the split's
  /// next record) - 1.
  bool event_time = false;
  int64_t event_time_base = 0;
  /// Records per second per subtask; 0 or less: unlimited. A rate-limited source returns
  /// kNothingAvailable when it is ahead of its rate and wakes its task through a
  /// processing-time timer (OperatorContext::processing_time and wake); it never sleeps.
  double records_per_second = 0;
};

/// A source (num_inputs 0) of rows "key BIGINT, value BIGINT[, ts BIGINT]" with value = i,
/// key = i % num_keys and ts = event_time_base + i, rescalable the FLIP-27 way.
///
/// The indices are cut into num_splits splits (split k: k, k + num_splits, ...). A fresh
/// subtask s of parallelism p owns the splits k ≡ s (mod p). Each owned split's position (its
/// next index) is one entry of operator list state, so a restore at any parallelism hands
/// every split, with its position, to exactly one new subtask (round-robin split
/// redistribution) and the union over subtasks stays exactly 0..num_records-1: nothing is
/// lost or repeated across checkpoints, restores and rescales.
///
/// A subtask reads its splits interleaved: every row comes from the owned split whose next
/// index is smallest. Splits at equal progress therefore take turns row by row (when p
/// divides num_splits a fresh subtask emits s, s + p, s + 2p, ... in increasing order), a
/// split that lags behind after a rescale catches up first, and the rows emitted depend only
/// on the split positions, so a restore at the same parallelism re-emits the same batches.
/// A subtask owning no split (more subtasks than splits) ends at once.
/// Thread: the owning task thread, except the wake-up timer (which only calls wake()).
class DeterministicSource final : public Operator {
 public:
  /// One owned split and its position.
  struct Split {
    int32_t id = 0;
    int64_t next = 0;  // the next index it emits; ≡ id (mod num_splits)
    bool operator==(const Split&) const = default;
  };

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
  /// Returns the owned splits by id, with their positions (empty before InitializeState/Open).
  const std::vector<Split>& splits() const { return splits_; }
  /// Returns the number of rows this instance emitted (not counting restored progress).
  int64_t emitted() const { return emitted_; }

 private:
  Status CheckOptions() const;
  bool SplitDone(const Split& split) const {
    return options_.num_records >= 0 && split.next >= options_.num_records;
  }
  bool Exhausted() const;
  int64_t Remaining() const;
  void AssignFreshSplits(int32_t subtask, int32_t parallelism);
  Result<RecordBatchPtr> MakeBatch(int64_t rows);
  void CancelWakeUp();

  const DeterministicSourceOptions options_;
  const std::string name_;
  SchemaPtr schema_;
  OperatorListState<std::string>* position_state_ = nullptr;
  bool assigned_ = false;      // splits_ is set (fresh or restored)
  std::vector<Split> splits_;  // owned splits, by id
  int64_t emitted_ = 0;
  // Rate limiting: emitted_ rows are allowed once processing time passes
  // rate_start_ms_ + emitted_ * 1000 / records_per_second.
  int64_t rate_start_ms_ = 0;
  TimerId wake_timer_ = 0;
};

}  // namespace weir::runtime::testkit
