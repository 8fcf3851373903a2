// StatusWatermarkValve: combines the watermarks and idleness of one input's channels.
#pragma once

#include <cstdint>
#include <vector>

#include "weir/runtime/task/stream_element.h"

namespace weir::runtime {

/// Combines per-channel watermarks and watermark status into one watermark and status for an
/// input (Flink's StatusWatermarkValve):
/// - the input's watermark is the minimum over its active channels whose watermark has
///   caught up with the last output ("aligned"); it never goes backwards;
/// - idle channels do not hold the watermark back; when every channel is idle the input is
///   idle, after first emitting the largest channel watermark;
/// - a channel that becomes active again rejoins once its watermark reaches the output;
/// - watermarks from idle channels are ignored;
/// - an ended channel (end of partition) leaves the computation for good.
/// Thread: the owning task only.
class StatusWatermarkValve {
 public:
  /// What the valve asks the task to forward after an input element.
  struct Result {
    bool watermark_changed = false;
    EventTime watermark = kMinWatermark;
    bool status_changed = false;
    bool idle = false;
  };

  explicit StatusWatermarkValve(int32_t num_channels);

  Result InputWatermark(int32_t channel, EventTime watermark);
  Result InputWatermarkStatus(int32_t channel, bool idle);
  Result ChannelEnded(int32_t channel);

  EventTime output_watermark() const { return output_watermark_; }
  bool output_idle() const { return output_idle_; }
  int32_t num_channels() const { return static_cast<int32_t>(channels_.size()); }
  EventTime channel_watermark(int32_t channel) const {
    return channels_[static_cast<size_t>(channel)].watermark;
  }

 private:
  enum class ChannelState : uint8_t { kActive, kIdle, kEnded };
  struct Channel {
    EventTime watermark = kMinWatermark;
    ChannelState state = ChannelState::kActive;
    bool aligned = true;
  };

  // Emits the minimum over aligned active channels if it advances the output.
  void AdvanceToMinOfAligned(Result* r);

  std::vector<Channel> channels_;
  EventTime output_watermark_ = kMinWatermark;
  bool output_idle_ = false;
};

}  // namespace weir::runtime
