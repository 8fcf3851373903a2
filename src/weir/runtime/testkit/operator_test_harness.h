// OperatorTestHarness: runs one operator with real state, timers and a manual clock for tests.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "weir/common/batch/record_batch.h"
#include "weir/common/result.h"
#include "weir/runtime/checkpoint/state_handle.h"
#include "weir/runtime/exec/processing_time_service.h"
#include "weir/runtime/graph/ids.h"
#include "weir/runtime/operators/operator.h"
#include "weir/runtime/operators/operator_context.h"
#include "weir/runtime/state/memory_checkpoint_streams.h"
#include "weir/runtime/state/state_backends.h"
#include "weir/runtime/task/operator_chain.h"

namespace weir::runtime::testkit {

/// How an OperatorTestHarness sets up its operator.
struct HarnessOptions {
  std::string operator_uid = "op-under-test";
  int32_t subtask_index = 0;
  int32_t parallelism = 1;
  int32_t max_parallelism = 128;
  int32_t attempt = 0;
  /// Key columns (indices into the input batches) and their types; the operator is keyed
  /// (keyed backend + timer services) when key_types is non-empty.
  std::vector<int> key_indices;
  std::vector<LogicalType> key_types;
  /// Number of side outputs the operator emits to (tags 0..n-1).
  int num_side_outputs = 0;
  /// Start of the manual processing-time clock, in milliseconds.
  int64_t start_processing_time_ms = 0;
};

/// An in-memory snapshot of one operator subtask: the state handles and the storage holding
/// their bytes (shared, so the snapshot outlives the harness that took it).
struct HarnessSnapshot {
  CheckpointId checkpoint_id;
  OperatorSubtaskState state;
  std::shared_ptr<MemoryCheckpointStorage> storage;
};

/// Runs one operator (source, one- or two-input, optionally keyed) the way a task would:
/// through an OperatorChain of one, with StateBackends (heap keyed state, operator state,
/// timer services), a manual ProcessingTimeService and a mailbox run on the caller's thread
/// after every call. Everything the operator emits is collected.
///
///   OperatorTestHarness h(std::make_unique<MyOp>(), {.key_indices = {0},
///                                                     .key_types = {LogicalType::BigInt()}});
///   ASSERT_TRUE(h.Open().ok());
///   ASSERT_TRUE(h.Process("k BIGINT, v STRING\n+I 1 x").ok());
///   ASSERT_TRUE(h.Watermark(0, 10).ok());
///   EXPECT_EQ(h.OutputText(), (std::vector<std::string>{"+I[1, 1]"}));
///   auto snap = h.Snapshot(CheckpointId(1));  // then restore it into a new harness
///
/// Thread: one test thread (the "task thread"); the wake/post hooks may be called from any
/// thread, posted actions run on the next harness call or RunMailbox().
class OperatorTestHarness {
 public:
  explicit OperatorTestHarness(std::unique_ptr<Operator> op, HarnessOptions options = {});
  /// Closes the operator quietly when the test did not call Close().
  ~OperatorTestHarness();
  OperatorTestHarness(const OperatorTestHarness&) = delete;
  OperatorTestHarness& operator=(const OperatorTestHarness&) = delete;

  /// Makes Open() restore from `snapshot` (call before Open).
  Status Restore(HarnessSnapshot snapshot);
  /// Creates the state backends, restores them, calls InitializeState and Open.
  Status Open();

  /// Feeds a batch to input `input`.
  Status Process(int input, RecordBatchPtr batch);
  /// Feeds a batch in RecordBatch::Parse text form ("a BIGINT, b STRING\n+I 1 x").
  Status Process(int input, std::string_view text);
  Status Process(std::string_view text) { return Process(0, text); }
  /// Feeds only the rows whose key (options.key_indices) falls into this subtask's key
  /// groups: feeding the same input to every subtask's harness partitions it by key.
  Status ProcessOwned(int input, std::string_view text);
  Status Watermark(int input, EventTime watermark);
  Status WatermarkStatus(int input, bool idle);
  /// Moves the manual processing-time clock to `time_ms` and runs the due timers.
  Status SetProcessingTime(int64_t time_ms);
  /// Polls a source operator once.
  Result<SourcePoll> PollNext();
  /// Polls a source until it ends, has nothing available, or `max_polls` calls were made;
  /// returns the last poll result.
  Result<SourcePoll> PollUntilBlocked(int max_polls = 1000000);
  Status EndInput(int input);
  /// Calls Finish on the operator (after the inputs ended).
  Status Finish();

  /// Takes a snapshot as a checkpoint barrier would: PrepareSnapshotPreBarrier,
  /// SnapshotState, then writes keyed and operator state into the in-memory storage.
  Result<HarnessSnapshot> Snapshot(CheckpointId id, int64_t timestamp_ms = 0);
  Status NotifyCheckpointComplete(CheckpointId id);
  Status NotifyCheckpointAborted(CheckpointId id);
  Status Close();

  /// Runs the actions posted to the mailbox (timers, async results); returns how many ran
  /// or the first error.
  Result<int> RunMailbox();

  // ---- Output inspection ------------------------------------------------------------------
  std::vector<RecordBatchPtr> Output() const;
  /// Returns every emitted row as Row.toString text ("+I[1, x]"), in emission order.
  std::vector<std::string> OutputText() const;
  std::vector<EventTime> Watermarks() const;
  /// Returns the emitted watermark statuses (true = idle), in order.
  std::vector<bool> WatermarkStatuses() const;
  std::vector<RecordBatchPtr> SideOutput(int tag) const;
  std::vector<std::string> SideOutputText(int tag) const;
  /// Forgets everything collected so far (main and side outputs, watermarks, statuses).
  void ClearOutput();

  /// Returns how often the operator called OperatorContext::wake.
  int64_t wake_count() const { return wake_count_.load(std::memory_order_relaxed); }
  ProcessingTimeService& processing_time() { return *time_service_; }
  /// The operator and its context (valid after Open).
  Operator* op() const;
  OperatorContext* context() const;
  StateBackends* backends() const { return backends_.get(); }
  const HarnessOptions& options() const { return options_; }

  /// Builds the snapshot that subtask `subtask` of `new_parallelism` restores from, given the
  /// snapshots of every old subtask (in old subtask order, any old parallelism): keyed state
  /// by key-group range, operator list state redistributed as on a rescale. The result has
  /// its own storage holding copies of the referenced bytes.
  static Result<HarnessSnapshot> Repartition(const std::vector<HarnessSnapshot>& old_subtasks,
                                             int32_t max_parallelism, int32_t new_parallelism,
                                             int32_t subtask);

 private:
  class CollectingOutput;
  class Hook;

  Status AfterCall(Status st);
  Status CheckOpen(const char* what) const;

  HarnessOptions options_;
  std::unique_ptr<Operator> pending_op_;  // until Open moves it into the chain
  std::unique_ptr<ProcessingTimeService> time_service_;
  std::shared_ptr<MemoryCheckpointStorage> storage_;
  std::optional<HarnessSnapshot> restore_from_;

  std::unique_ptr<CollectingOutput> main_output_;
  std::vector<std::unique_ptr<CollectingOutput>> side_outputs_;
  std::unique_ptr<Hook> hook_;
  // The backends outlive the chain (its operators hold state pointers).
  std::unique_ptr<StateBackends> backends_;
  std::unique_ptr<OperatorChain> chain_;

  std::mutex mailbox_mu_;
  std::vector<std::function<Status()>> mailbox_;  // GUARDED_BY(mailbox_mu_)
  std::atomic<int64_t> wake_count_{0};
  bool opened_ = false;
  bool closed_ = false;
};

}  // namespace weir::runtime::testkit
