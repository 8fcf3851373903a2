// TaskStateHook: state backends of a task's operators and the two phases of its snapshots.
#include "weir/cluster/minicluster/job_state_hook.h"

#include <chrono>

#include "weir/common/log/log.h"
#include "weir/common/str_cat.h"

namespace weir::cluster {

using runtime::CheckpointFailureReason;

namespace {
int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}
}  // namespace

TaskStateHook::TaskStateHook(std::shared_ptr<const JobStateServices> services,
                             const runtime::JobVertex* vertex, runtime::TaskRef task,
                             std::shared_ptr<const JobRestoreState> restore)
    : services_(std::move(services)), vertex_(vertex), task_(task), restore_(std::move(restore)) {
  backends_.resize(vertex_->operators.size());
}

Status TaskStateHook::InitializeState(const runtime::ChainedOperatorRef& ref) {
  if (ref.index < 0 || ref.index >= static_cast<int32_t>(backends_.size())) {
    return Status::Internal("operator index ", ref.index, " outside the chain of ", vertex_->name);
  }
  const runtime::ChainedOperator& op = vertex_->operators[static_cast<size_t>(ref.index)];
  std::vector<LogicalType> key_types = op.key_types;
  if (op.keyed && key_types.empty()) {
    if (!services_->key_types) {
      return Status::Invalid("keyed operator ", op.name, " (uid ", op.uid,
                             ") needs key types: set OperatorSpec::key_types or submit the job "
                             "with JobSubmitOptions::key_types");
    }
    WEIR_ASSIGN_OR_RAISE(key_types, services_->key_types(op.uid));
    if (key_types.empty()) {
      return Status::Invalid("no key types for keyed operator ", op.name, " (uid ", op.uid, ")");
    }
  }
  WEIR_ASSIGN_OR_RAISE(std::unique_ptr<runtime::StateBackends> made,
                       runtime::StateBackends::Make(*ref.context, std::move(key_types)));
  std::shared_ptr<runtime::StateBackends> backends(std::move(made));
  std::optional<runtime::CheckpointId> restored_from;
  if (restore_ != nullptr) {
    const runtime::OperatorSubtaskState* state = restore_->plan.Find(op.uid, task_.subtask);
    if (state != nullptr) {
      WEIR_RETURN_NOT_OK(backends->Restore(*state, *restore_->opener));
      restored_from = restore_->plan.checkpoint_id;
      // The chain resumes the operator from this watermark (OperatorChain::InitializeAndOpen).
      ref.context->current_watermark = state->watermark;
    }
  }
  backends->InstallInto(ref.context);
  runtime::StateInitializationContext init = backends->InitializationContext(restored_from);
  WEIR_RETURN_NOT_OK(ref.op->InitializeState(init));
  backends_[static_cast<size_t>(ref.index)] = std::move(backends);
  return Status::OK();
}

Status TaskStateHook::SnapshotState(const runtime::CheckpointBarrier& barrier,
                                    const std::vector<runtime::ChainedOperatorRef>& chain,
                                    const runtime::CheckpointMetrics& metrics) {
  if (services_->storage == nullptr || services_->coordinator == nullptr) return Status::OK();
  const int64_t sync_start = NowMs();
  struct Part {
    std::string uid;
    runtime::EventTime watermark = runtime::kMinWatermark;
    runtime::OperatorStateSnapshots snapshots;
    std::shared_ptr<runtime::StateBackends> backends;  // keeps the captured views alive
  };
  auto parts = std::make_shared<std::vector<Part>>();
  for (const runtime::ChainedOperatorRef& ref : chain) {
    std::shared_ptr<runtime::StateBackends> backends = backends_[static_cast<size_t>(ref.index)];
    Part part;
    part.uid = ref.context->operator_uid;
    part.watermark = ref.context->current_watermark;
    runtime::StateSnapshotContext snap(barrier.id, barrier.timestamp_ms, barrier.kind);
    WEIR_RETURN_NOT_OK(ref.op->SnapshotState(snap));
    if (backends != nullptr) {
      WEIR_ASSIGN_OR_RAISE(part.snapshots, backends->Capture(snap));
      part.backends = std::move(backends);
    }
    parts->push_back(std::move(part));
  }
  WEIR_ASSIGN_OR_RAISE(
      std::unique_ptr<runtime::CheckpointStreamFactory> made,
      services_->storage->CreateStreamFactory(barrier.id, barrier.location_reference));
  std::shared_ptr<runtime::CheckpointStreamFactory> factory(std::move(made));
  runtime::SubtaskCheckpointMetrics ack_metrics;
  ack_metrics.sync_duration_ms = NowMs() - sync_start;
  ack_metrics.alignment_duration_ms = metrics.alignment_ns / 1000000;
  ack_metrics.start_delay_ms = 0;
  const bool finished = metrics.operators_finished;
  const runtime::CheckpointId id = barrier.id;
  auto services = services_;
  const runtime::TaskRef task = task_;
  services_->io_executor->Execute([services, task, id, parts, factory, ack_metrics, finished] {
    const int64_t async_start = NowMs();
    runtime::TaskStateSnapshot snapshot;
    for (Part& part : *parts) {
      runtime::OperatorSubtaskState state;
      state.watermark = part.watermark;
      state.finished = finished;
      Status st = part.snapshots.WriteTo(*factory, StrCat(part.uid, "-", task.subtask), &state);
      if (!st.ok()) {
        services->coordinator->DeclineCheckpoint(task, id, CheckpointFailureReason::kDeclined, st);
        return;
      }
      snapshot.operators[part.uid] = std::move(state);
    }
    parts->clear();  // drop the captured views before acknowledging
    runtime::SubtaskCheckpointMetrics m = ack_metrics;
    m.async_duration_ms = NowMs() - async_start;
    runtime::AckResult r =
        services->coordinator->AcknowledgeCheckpoint(task, id, std::move(snapshot), m);
    if (r == runtime::AckResult::kRejected) {
      WEIR_LOG_WARN("checkpoint {} rejected the snapshot of task {}", id.value(), task.ToString());
    }
  });
  return Status::OK();
}

void TaskStateHook::DeclineCheckpoint(runtime::CheckpointId id, const Status& reason) {
  if (services_->coordinator == nullptr) return;
  // A task that cannot take part right now (Cancelled: e.g. triggered as a finished-input task
  // before its last end-of-partition arrived, FLIP-147) is not a counted failure.
  const CheckpointFailureReason why = reason.code() == StatusCode::kCancelled
                                          ? CheckpointFailureReason::kTaskNotReady
                                          : CheckpointFailureReason::kDeclined;
  services_->coordinator->DeclineCheckpoint(task_, id, why, reason);
}

runtime::StateBackends* TaskStateHook::backends(int32_t index) const {
  if (index < 0 || index >= static_cast<int32_t>(backends_.size())) return nullptr;
  return backends_[static_cast<size_t>(index)].get();
}

}  // namespace weir::cluster
