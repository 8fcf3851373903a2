// OperatorTestHarness: chain of one, state hook, manual clock, mailbox and collected output.
#include "weir/runtime/testkit/operator_test_harness.h"

#include <algorithm>
#include <utility>

#include "weir/common/batch/selection_vector.h"
#include "weir/common/hash/key_hash.h"
#include "weir/common/memory/memory_pool.h"
#include "weir/common/str_cat.h"
#include "weir/runtime/state/key_group_range.h"
#include "weir/runtime/state/state_context.h"
#include "weir/runtime/state/state_redistribution.h"
#include "weir/runtime/task/snapshot_hook.h"

namespace weir::runtime::testkit {

/// Collects what reaches one "result partition" of the chain of one.
class OperatorTestHarness::CollectingOutput final : public runtime::Output {
 public:
  Status Emit(RecordBatchPtr batch) override {
    if (batch == nullptr) return Status::Internal("operator emitted a null batch");
    batches_.push_back(std::move(batch));
    return Status::OK();
  }
  Status EmitSide(int tag, RecordBatchPtr /*batch*/) override {
    return Status::Internal("side output ", tag, " emitted into a collected partition");
  }
  Status EmitWatermark(EventTime watermark) override {
    watermarks_.push_back(watermark);
    return Status::OK();
  }
  Status EmitWatermarkStatus(bool idle) override {
    statuses_.push_back(idle);
    return Status::OK();
  }
  void Clear() {
    batches_.clear();
    watermarks_.clear();
    statuses_.clear();
  }

  std::vector<RecordBatchPtr> batches_;
  std::vector<EventTime> watermarks_;
  std::vector<bool> statuses_;
};

/// Creates and restores the operator's StateBackends before Open, as a task's hook does.
class OperatorTestHarness::Hook final : public SnapshotHook {
 public:
  explicit Hook(OperatorTestHarness* harness) : harness_(harness) {}

  Status InitializeState(const ChainedOperatorRef& ref) override {
    OperatorTestHarness& h = *harness_;
    WEIR_ASSIGN_OR_RAISE(h.backends_, StateBackends::Make(*ref.context, h.options_.key_types));
    std::optional<CheckpointId> restored_from;
    if (h.restore_from_.has_value()) {
      restored_from = h.restore_from_->checkpoint_id;
      WEIR_RETURN_NOT_OK(h.backends_->Restore(h.restore_from_->state, *h.restore_from_->storage));
    }
    h.backends_->InstallInto(ref.context);
    StateInitializationContext init = h.backends_->InitializationContext(restored_from);
    return ref.op->InitializeState(init);
  }
  Status SnapshotState(const CheckpointBarrier& /*barrier*/,
                       const std::vector<ChainedOperatorRef>& /*chain*/,
                       const CheckpointMetrics& /*metrics*/) override {
    return Status::Internal("the test harness snapshots through OperatorTestHarness::Snapshot");
  }

 private:
  OperatorTestHarness* harness_;
};

OperatorTestHarness::OperatorTestHarness(std::unique_ptr<Operator> op, HarnessOptions options)
    : options_(std::move(options)),
      pending_op_(std::move(op)),
      time_service_(ProcessingTimeService::MakeManual(options_.start_processing_time_ms)),
      storage_(std::make_shared<MemoryCheckpointStorage>()),
      main_output_(std::make_unique<CollectingOutput>()),
      hook_(std::make_unique<Hook>(this)) {
  for (int i = 0; i < options_.num_side_outputs; ++i) {
    side_outputs_.push_back(std::make_unique<CollectingOutput>());
  }
}

OperatorTestHarness::~OperatorTestHarness() {
  if (chain_ != nullptr && !closed_) chain_->CloseQuietly();
  chain_.reset();
  backends_.reset();
  time_service_->Shutdown();
}

Status OperatorTestHarness::Restore(HarnessSnapshot snapshot) {
  if (opened_) return Status::Invalid("OperatorTestHarness::Restore after Open");
  if (snapshot.storage == nullptr) {
    return Status::Invalid("OperatorTestHarness::Restore: the snapshot has no storage");
  }
  restore_from_ = std::move(snapshot);
  return Status::OK();
}

Status OperatorTestHarness::Open() {
  if (opened_) return Status::Invalid("OperatorTestHarness::Open called twice");
  if (pending_op_ == nullptr) return Status::Invalid("OperatorTestHarness without an operator");
  opened_ = true;
  auto holder = std::make_shared<std::unique_ptr<Operator>>(std::move(pending_op_));
  ChainedOperatorSpec spec;
  spec.uid = options_.operator_uid;
  spec.name = (*holder)->name();
  spec.factory = [holder](int32_t) -> Result<std::unique_ptr<Operator>> {
    if (*holder == nullptr) return Status::Internal("harness operator factory called twice");
    return std::move(*holder);
  };
  spec.outputs = {ChainTarget::ToPartition(0)};
  std::vector<runtime::Output*> partitions = {main_output_.get()};
  for (int i = 0; i < options_.num_side_outputs; ++i) {
    spec.side_outputs.push_back({ChainTarget::ToPartition(i + 1)});
    partitions.push_back(side_outputs_[static_cast<size_t>(i)].get());
  }
  ChainIdentity identity{options_.subtask_index, options_.parallelism, options_.max_parallelism,
                         options_.attempt};
  OperatorContext base;
  base.memory_pool = DefaultMemoryPool();
  base.processing_time = time_service_.get();
  base.wake = [this] { wake_count_.fetch_add(1, std::memory_order_relaxed); };
  base.post = [this](std::function<Status()> action) {
    std::lock_guard<std::mutex> lock(mailbox_mu_);
    mailbox_.push_back(std::move(action));
  };
  WEIR_ASSIGN_OR_RAISE(chain_, OperatorChain::Make({spec}, partitions, identity, base));
  if (restore_from_.has_value()) {
    chain_->context(0).current_watermark = restore_from_->state.watermark;
  }
  return AfterCall(chain_->InitializeAndOpen(hook_.get()));
}

Status OperatorTestHarness::CheckOpen(const char* what) const {
  if (chain_ == nullptr) return Status::Invalid("OperatorTestHarness::", what, " before Open");
  if (closed_) return Status::Invalid("OperatorTestHarness::", what, " after Close");
  return Status::OK();
}

Status OperatorTestHarness::AfterCall(Status st) {
  if (!st.ok()) return st;
  return RunMailbox().status();
}

Result<int> OperatorTestHarness::RunMailbox() {
  int ran = 0;
  for (;;) {
    std::vector<std::function<Status()>> actions;
    {
      std::lock_guard<std::mutex> lock(mailbox_mu_);
      actions.swap(mailbox_);
    }
    if (actions.empty()) return ran;
    for (auto& action : actions) {
      ++ran;
      WEIR_RETURN_NOT_OK(action());
    }
  }
}

Status OperatorTestHarness::Process(int input, RecordBatchPtr batch) {
  WEIR_RETURN_NOT_OK(CheckOpen("Process"));
  if (batch == nullptr) return Status::Invalid("OperatorTestHarness::Process of a null batch");
  if (input < 0 || input >= std::max(1, chain_->head()->num_inputs())) {
    return Status::Invalid("OperatorTestHarness::Process on input ", input, " of operator ",
                           chain_->head()->name(), " with ", chain_->head()->num_inputs());
  }
  return AfterCall(chain_->ProcessBatch(input, batch));
}

Status OperatorTestHarness::Process(int input, std::string_view text) {
  WEIR_ASSIGN_OR_RAISE(RecordBatchPtr batch, RecordBatch::Parse(text));
  return Process(input, std::move(batch));
}

Status OperatorTestHarness::ProcessOwned(int input, std::string_view text) {
  WEIR_RETURN_NOT_OK(CheckOpen("ProcessOwned"));
  WEIR_ASSIGN_OR_RAISE(RecordBatchPtr batch, RecordBatch::Parse(text));
  for (int index : options_.key_indices) {
    if (index < 0 || index >= batch->num_columns()) {
      return Status::Invalid("OperatorTestHarness::ProcessOwned: key column ", index,
                             " outside the batch's ", batch->num_columns(), " columns");
    }
  }
  std::vector<uint64_t> hashes(static_cast<size_t>(batch->num_rows()));
  HashColumns(*batch, options_.key_indices, hashes.data());
  const KeyGroupRange& owned = chain_->context(0).key_groups;
  SelectionVector selection;
  for (int64_t i = 0; i < batch->num_rows(); ++i) {
    if (owned.Contains(KeyGroupForHash(hashes[static_cast<size_t>(i)], options_.max_parallelism))) {
      selection.Append(static_cast<int32_t>(i));
    }
  }
  if (selection.empty()) return Status::OK();
  WEIR_ASSIGN_OR_RAISE(RecordBatchPtr mine, batch->Take(selection));
  return Process(input, std::move(mine));
}

Status OperatorTestHarness::Watermark(int input, EventTime watermark) {
  WEIR_RETURN_NOT_OK(CheckOpen("Watermark"));
  return AfterCall(chain_->ProcessWatermark(input, watermark));
}

Status OperatorTestHarness::WatermarkStatus(int input, bool idle) {
  WEIR_RETURN_NOT_OK(CheckOpen("WatermarkStatus"));
  return AfterCall(chain_->ProcessWatermarkStatus(input, idle));
}

Status OperatorTestHarness::SetProcessingTime(int64_t time_ms) {
  WEIR_RETURN_NOT_OK(CheckOpen("SetProcessingTime"));
  // Timer callbacks post to the mailbox; actions may schedule more timers already due.
  for (int round = 0; round < 100000; ++round) {
    time_service_->AdvanceTo(time_ms);
    WEIR_ASSIGN_OR_RAISE(int ran, RunMailbox());
    if (ran == 0) return Status::OK();
  }
  return Status::Internal("OperatorTestHarness::SetProcessingTime: timers keep firing at ",
                          time_ms);
}

Result<SourcePoll> OperatorTestHarness::PollNext() {
  WEIR_RETURN_NOT_OK(CheckOpen("PollNext"));
  Result<SourcePoll> poll = chain_->head()->PollNext();
  WEIR_RETURN_NOT_OK(RunMailbox().status());
  return poll;
}

Result<SourcePoll> OperatorTestHarness::PollUntilBlocked(int max_polls) {
  SourcePoll last = SourcePoll::kMoreAvailable;
  for (int i = 0; i < max_polls && last == SourcePoll::kMoreAvailable; ++i) {
    WEIR_ASSIGN_OR_RAISE(last, PollNext());
  }
  return last;
}

Status OperatorTestHarness::EndInput(int input) {
  WEIR_RETURN_NOT_OK(CheckOpen("EndInput"));
  return AfterCall(chain_->EndInput(input));
}

Status OperatorTestHarness::Finish() {
  WEIR_RETURN_NOT_OK(CheckOpen("Finish"));
  return AfterCall(chain_->FinishOperators());
}

Result<HarnessSnapshot> OperatorTestHarness::Snapshot(CheckpointId id, int64_t timestamp_ms) {
  WEIR_RETURN_NOT_OK(CheckOpen("Snapshot"));
  WEIR_RETURN_NOT_OK(RunMailbox().status());
  WEIR_RETURN_NOT_OK(chain_->PrepareSnapshotPreBarrier(id));
  StateSnapshotContext ctx(id, timestamp_ms);
  WEIR_RETURN_NOT_OK(chain_->head()->SnapshotState(ctx));
  WEIR_ASSIGN_OR_RAISE(OperatorStateSnapshots snapshots, backends_->Capture(ctx));
  HarnessSnapshot out;
  out.checkpoint_id = id;
  out.storage = storage_;
  WEIR_RETURN_NOT_OK(snapshots.WriteTo(
      *storage_,
      StrCat("chk-", id.value(), "/", options_.operator_uid, "-", options_.subtask_index),
      &out.state));
  out.state.watermark = chain_->context(0).current_watermark;
  out.state.finished = chain_->finished();
  WEIR_RETURN_NOT_OK(RunMailbox().status());
  return out;
}

Status OperatorTestHarness::NotifyCheckpointComplete(CheckpointId id) {
  WEIR_RETURN_NOT_OK(CheckOpen("NotifyCheckpointComplete"));
  return AfterCall(chain_->NotifyCheckpointComplete(id));
}

Status OperatorTestHarness::NotifyCheckpointAborted(CheckpointId id) {
  WEIR_RETURN_NOT_OK(CheckOpen("NotifyCheckpointAborted"));
  return AfterCall(chain_->NotifyCheckpointAborted(id));
}

Status OperatorTestHarness::Close() {
  if (chain_ == nullptr || closed_) return Status::OK();
  closed_ = true;
  return chain_->Close();
}

Operator* OperatorTestHarness::op() const {
  return chain_ != nullptr ? chain_->head() : pending_op_.get();
}

OperatorContext* OperatorTestHarness::context() const {
  return chain_ != nullptr ? &chain_->context(0) : nullptr;
}

std::vector<RecordBatchPtr> OperatorTestHarness::Output() const { return main_output_->batches_; }

namespace {

std::vector<std::string> RowsOf(const std::vector<RecordBatchPtr>& batches) {
  std::vector<std::string> rows;
  for (const RecordBatchPtr& b : batches) {
    for (int64_t i = 0; i < b->num_rows(); ++i) rows.push_back(b->RowToString(i));
  }
  return rows;
}

// Copies the stream of `handle` into `to` under `prefix` and points the handle at the copy.
void CopyStream(const MemoryCheckpointStorage& from, MemoryCheckpointStorage* to,
                const std::string& prefix, StreamStateHandle* handle) {
  std::string path = prefix + handle->relative_path;
  if (to->file(path).empty()) to->set_file(path, from.file(handle->relative_path));
  handle->relative_path = std::move(path);
}

}  // namespace

std::vector<std::string> OperatorTestHarness::OutputText() const {
  return RowsOf(main_output_->batches_);
}

std::vector<EventTime> OperatorTestHarness::Watermarks() const { return main_output_->watermarks_; }

std::vector<bool> OperatorTestHarness::WatermarkStatuses() const { return main_output_->statuses_; }

std::vector<RecordBatchPtr> OperatorTestHarness::SideOutput(int tag) const {
  if (tag < 0 || tag >= static_cast<int>(side_outputs_.size())) return {};
  return side_outputs_[static_cast<size_t>(tag)]->batches_;
}

std::vector<std::string> OperatorTestHarness::SideOutputText(int tag) const {
  return RowsOf(SideOutput(tag));
}

void OperatorTestHarness::ClearOutput() {
  main_output_->Clear();
  for (auto& side : side_outputs_) side->Clear();
}

Result<HarnessSnapshot> OperatorTestHarness::Repartition(
    const std::vector<HarnessSnapshot>& old_subtasks, int32_t max_parallelism,
    int32_t new_parallelism, int32_t subtask) {
  if (old_subtasks.empty()) return Status::Invalid("Repartition of no snapshots");
  if (new_parallelism <= 0 || new_parallelism > max_parallelism || subtask < 0 ||
      subtask >= new_parallelism) {
    return Status::Invalid("Repartition: subtask ", subtask, " of parallelism ", new_parallelism,
                           " is invalid for max parallelism ", max_parallelism);
  }
  HarnessSnapshot out;
  out.checkpoint_id = old_subtasks[0].checkpoint_id;
  out.storage = std::make_shared<MemoryCheckpointStorage>();
  out.state.watermark = kMaxWatermark;
  std::vector<KeyGroupsStateHandle> keyed;
  std::vector<std::vector<OperatorStateHandle>> operator_state;
  bool all_finished = true;
  for (size_t i = 0; i < old_subtasks.size(); ++i) {
    const HarnessSnapshot& old = old_subtasks[i];
    if (old.storage == nullptr)
      return Status::Invalid("Repartition: snapshot ", i, " has no storage");
    const std::string prefix = StrCat("old-", i, "/");
    for (KeyGroupsStateHandle h : old.state.keyed) {
      CopyStream(*old.storage, out.storage.get(), prefix, &h.stream);
      keyed.push_back(std::move(h));
    }
    std::vector<OperatorStateHandle> ops;
    for (OperatorStateHandle h : old.state.operator_state) {
      CopyStream(*old.storage, out.storage.get(), prefix, &h.stream);
      ops.push_back(std::move(h));
    }
    operator_state.push_back(std::move(ops));
    out.state.watermark = std::min(out.state.watermark, old.state.watermark);
    all_finished = all_finished && old.state.finished;
  }
  out.state.finished = all_finished;
  out.state.keyed = AssignKeyedStateHandles(keyed, max_parallelism,
                                            new_parallelism)[static_cast<size_t>(subtask)];
  WEIR_ASSIGN_OR_RAISE(auto redistributed,
                       RedistributeOperatorState(operator_state, new_parallelism));
  out.state.operator_state = std::move(redistributed[static_cast<size_t>(subtask)]);
  return out;
}

}  // namespace weir::runtime::testkit
