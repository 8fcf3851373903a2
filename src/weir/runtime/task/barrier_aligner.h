// BarrierAligner: aligned checkpoint barriers over all input channels of a task.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "weir/common/status.h"
#include "weir/runtime/task/stream_element.h"

namespace weir::runtime {

/// Aligns checkpoint barriers across a task's input channels (exactly-once, aligned mode):
/// - barrier n on a channel blocks that channel (its later buffers stay queued, unread)
///   until barrier n arrived on every open channel; then the task snapshots once and
///   forwards the barrier, and all channels are unblocked;
/// - a barrier newer than the one being aligned aborts the older alignment (subsumed);
///   barriers older than the newest seen are ignored;
/// - a cancel barrier aborts its checkpoint (and any older alignment) and is forwarded once;
/// - a channel that ends counts as aligned from then on.
/// With one channel a barrier triggers the snapshot at once. Alignment time (first to last
/// barrier) is measured with the injected clock.
/// Thread: the owning task only.
class BarrierAligner {
 public:
  /// What the aligner asks of its task.
  class Target {
   public:
    virtual ~Target() = default;
    /// Blocks or unblocks input channel `channel` (global index over the task's gates).
    virtual void SetChannelBlocked(int32_t channel, bool blocked) = 0;
    /// Takes the snapshot of `barrier` and forwards the barrier (alignment is complete).
    virtual Status TriggerCheckpointOnBarrier(const CheckpointBarrier& barrier,
                                              int64_t alignment_ns) = 0;
    /// Aborts checkpoint `id` here and forwards a cancel barrier downstream.
    virtual Status AbortCheckpointOnBarrier(CheckpointId id, const Status& reason) = 0;
  };

  /// `now_ns` returns a monotonic time in nanoseconds.
  BarrierAligner(int32_t num_channels, Target* target, std::function<int64_t()> now_ns);

  Status OnBarrier(int32_t channel, const CheckpointBarrier& barrier);
  Status OnCancelBarrier(int32_t channel, CheckpointId id);
  Status OnChannelEnded(int32_t channel);

  bool aligning() const { return aligning_; }
  /// Returns the newest checkpoint id seen (0 before the first barrier).
  CheckpointId latest_checkpoint() const { return latest_; }
  int32_t num_blocked() const { return num_received_; }

 private:
  Status StartAlignment(const CheckpointBarrier& barrier);
  Status AbortAlignment(CheckpointId id, const Status& reason);
  Status Abort(CheckpointId id, const Status& reason);
  Status MaybeComplete();
  void UnblockAll();

  Target* const target_;
  const std::function<int64_t()> now_ns_;
  std::vector<bool> received_;  // barrier of the current alignment arrived
  std::vector<bool> blocked_;   // channel blocked by us
  std::vector<bool> ended_;
  int32_t num_open_;
  int32_t num_received_ = 0;
  bool aligning_ = false;
  CheckpointId latest_{0};
  CheckpointBarrier barrier_;
  int64_t start_ns_ = 0;
};

}  // namespace weir::runtime
