// BarrierAligner: the alignment state machine.
#include "weir/runtime/task/barrier_aligner.h"

#include <utility>

#include "weir/common/check.h"

namespace weir::runtime {

BarrierAligner::BarrierAligner(int32_t num_channels, Target* target,
                               std::function<int64_t()> now_ns)
    : target_(target),
      now_ns_(std::move(now_ns)),
      received_(static_cast<size_t>(num_channels), false),
      blocked_(static_cast<size_t>(num_channels), false),
      ended_(static_cast<size_t>(num_channels), false),
      num_open_(num_channels) {}

void BarrierAligner::UnblockAll() {
  for (size_t i = 0; i < received_.size(); ++i) {
    received_[i] = false;
    if (blocked_[i]) {
      blocked_[i] = false;
      target_->SetChannelBlocked(static_cast<int32_t>(i), false);
    }
  }
  num_received_ = 0;
}

Status BarrierAligner::StartAlignment(const CheckpointBarrier& barrier) {
  latest_ = barrier.id;
  barrier_ = barrier;
  aligning_ = true;
  start_ns_ = now_ns_();
  return Status::OK();
}

Status BarrierAligner::AbortAlignment(CheckpointId id, const Status& reason) {
  aligning_ = false;
  UnblockAll();
  return Abort(id, reason);
}

Status BarrierAligner::Abort(CheckpointId id, const Status& reason) {
  reason.IgnoreError();  // a reason is information: the target may drop it
  return target_->AbortCheckpointOnBarrier(id, reason);
}

Status BarrierAligner::MaybeComplete() {
  if (!aligning_ || num_received_ < num_open_) return Status::OK();
  aligning_ = false;
  const int64_t alignment_ns = now_ns_() - start_ns_;
  UnblockAll();
  return target_->TriggerCheckpointOnBarrier(barrier_, alignment_ns);
}

Status BarrierAligner::OnBarrier(int32_t channel, const CheckpointBarrier& barrier) {
  WEIR_DCHECK(channel >= 0 && channel < static_cast<int32_t>(received_.size()));
  if (ended_[static_cast<size_t>(channel)]) return Status::OK();
  if (barrier.id > latest_) {
    if (aligning_) {
      WEIR_RETURN_NOT_OK(AbortAlignment(
          latest_, Status::Cancelled("checkpoint ", latest_.value(), " subsumed by checkpoint ",
                                     barrier.id.value(), " before its barriers were aligned")));
    }
    WEIR_RETURN_NOT_OK(StartAlignment(barrier));
  } else if (barrier.id < latest_ || !aligning_) {
    return Status::OK();  // an older checkpoint, or one already completed or aborted here
  }
  if (!received_[static_cast<size_t>(channel)]) {
    received_[static_cast<size_t>(channel)] = true;
    ++num_received_;
    // The last barrier completes the alignment at once: no need to block its channel.
    if (num_received_ < num_open_) {
      blocked_[static_cast<size_t>(channel)] = true;
      target_->SetChannelBlocked(channel, true);
    }
  }
  return MaybeComplete();
}

Status BarrierAligner::OnCancelBarrier(int32_t channel, CheckpointId id) {
  WEIR_DCHECK(channel >= 0 && channel < static_cast<int32_t>(received_.size()));
  if (id < latest_ || (id == latest_ && !aligning_)) return Status::OK();
  if (id > latest_) {
    if (aligning_) {
      WEIR_RETURN_NOT_OK(AbortAlignment(
          latest_, Status::Cancelled("checkpoint ", latest_.value(),
                                     " subsumed by cancelled checkpoint ", id.value())));
    }
    latest_ = id;
    return Abort(id, Status::Cancelled("checkpoint ", id.value(), " was cancelled upstream"));
  }
  return AbortAlignment(id,
                        Status::Cancelled("checkpoint ", id.value(), " was cancelled upstream"));
}

Status BarrierAligner::OnChannelEnded(int32_t channel) {
  WEIR_DCHECK(channel >= 0 && channel < static_cast<int32_t>(received_.size()));
  if (ended_[static_cast<size_t>(channel)]) return Status::OK();
  ended_[static_cast<size_t>(channel)] = true;
  --num_open_;
  if (received_[static_cast<size_t>(channel)]) {
    received_[static_cast<size_t>(channel)] = false;
    --num_received_;
  }
  if (blocked_[static_cast<size_t>(channel)]) {
    blocked_[static_cast<size_t>(channel)] = false;
    target_->SetChannelBlocked(channel, false);
  }
  return MaybeComplete();
}

}  // namespace weir::runtime
