// StatusWatermarkValve: per-channel bookkeeping and the combined output.
#include "weir/runtime/task/watermark_valve.h"

#include <algorithm>

#include "weir/common/check.h"

namespace weir::runtime {

StatusWatermarkValve::StatusWatermarkValve(int32_t num_channels)
    : channels_(static_cast<size_t>(num_channels)) {}

void StatusWatermarkValve::AdvanceToMinOfAligned(Result* r) {
  bool any = false;
  EventTime min = kMaxWatermark;
  for (const Channel& c : channels_) {
    if (c.state == ChannelState::kActive && c.aligned) {
      any = true;
      min = std::min(min, c.watermark);
    }
  }
  if (any && min > output_watermark_) {
    output_watermark_ = min;
    r->watermark_changed = true;
    r->watermark = min;
  }
}

StatusWatermarkValve::Result StatusWatermarkValve::InputWatermark(int32_t channel,
                                                                  EventTime watermark) {
  WEIR_DCHECK(channel >= 0 && channel < num_channels());
  Result r;
  Channel& c = channels_[static_cast<size_t>(channel)];
  if (c.state != ChannelState::kActive || output_idle_) return r;
  if (watermark <= c.watermark) return r;
  c.watermark = watermark;
  if (!c.aligned && watermark >= output_watermark_) c.aligned = true;
  AdvanceToMinOfAligned(&r);
  return r;
}

StatusWatermarkValve::Result StatusWatermarkValve::InputWatermarkStatus(int32_t channel,
                                                                        bool idle) {
  WEIR_DCHECK(channel >= 0 && channel < num_channels());
  Result r;
  Channel& c = channels_[static_cast<size_t>(channel)];
  if (c.state == ChannelState::kEnded) return r;
  if (idle && c.state == ChannelState::kActive) {
    c.state = ChannelState::kIdle;
    c.aligned = false;
    bool any_active = false;
    EventTime max_idle = kMinWatermark;
    for (const Channel& o : channels_) {
      if (o.state == ChannelState::kActive) any_active = true;
      if (o.state == ChannelState::kIdle) max_idle = std::max(max_idle, o.watermark);
    }
    if (!any_active) {
      // Everything is idle: let the watermark catch up with the most advanced channel.
      if (max_idle > output_watermark_) {
        output_watermark_ = max_idle;
        r.watermark_changed = true;
        r.watermark = max_idle;
      }
      output_idle_ = true;
      r.status_changed = true;
      r.idle = true;
    } else {
      // The channel may have been holding the minimum back.
      AdvanceToMinOfAligned(&r);
    }
  } else if (!idle && c.state == ChannelState::kIdle) {
    c.state = ChannelState::kActive;
    if (c.watermark >= output_watermark_) c.aligned = true;
    if (output_idle_) {
      output_idle_ = false;
      r.status_changed = true;
      r.idle = false;
    }
  }
  return r;
}

StatusWatermarkValve::Result StatusWatermarkValve::ChannelEnded(int32_t channel) {
  WEIR_DCHECK(channel >= 0 && channel < num_channels());
  Result r;
  Channel& c = channels_[static_cast<size_t>(channel)];
  if (c.state == ChannelState::kEnded) return r;
  c.state = ChannelState::kEnded;
  c.aligned = false;
  bool any_active = false;
  bool any_idle = false;
  for (const Channel& o : channels_) {
    any_active |= o.state == ChannelState::kActive;
    any_idle |= o.state == ChannelState::kIdle;
  }
  if (any_active) {
    AdvanceToMinOfAligned(&r);
  } else if (any_idle && !output_idle_) {
    output_idle_ = true;
    r.status_changed = true;
    r.idle = true;
  }
  return r;
}

}  // namespace weir::runtime
