// Operator: the default watermark handling shared by one- and two-input operators.
#include "weir/runtime/operators/operator.h"

#include <algorithm>

#include "weir/runtime/operators/operator_context.h"
#include "weir/runtime/time/timer_service.h"

namespace weir::runtime {

namespace {

// Returns the minimum watermark over the active inputs, or nullopt-like kMinWatermark with
// `any_active` false when every input is idle.
EventTime CombinedWatermark(const EventTime* watermarks, const bool* idle, int n,
                            bool* any_active) {
  EventTime combined = kMaxWatermark;
  *any_active = false;
  for (int i = 0; i < n; ++i) {
    if (idle[i]) continue;
    *any_active = true;
    combined = std::min(combined, watermarks[i]);
  }
  return combined;
}

}  // namespace

Status Operator::ProcessWatermark(int input, EventTime watermark) {
  if (input < 0 || input > 1) {
    return Status::Internal("watermark for an input the operator lacks: input ", input,
                            " of operator ", name());
  }
  EventTime combined;
  if (num_inputs() <= 1) {
    input_watermarks_[0] = std::max(input_watermarks_[0], watermark);
    combined = input_watermarks_[0];
  } else {
    input_watermarks_[input] = std::max(input_watermarks_[input], watermark);
    bool any_active = false;
    combined = CombinedWatermark(input_watermarks_, input_idle_, 2, &any_active);
    if (!any_active) return Status::OK();
  }
  if (combined <= output_watermark_) return Status::OK();
  output_watermark_ = combined;
  if (context_ == nullptr) return Status::OK();
  context_->current_watermark = combined;
  if (context_->advance_event_time) WEIR_RETURN_NOT_OK(context_->advance_event_time(combined));
  if (context_->output != nullptr) return context_->output->EmitWatermark(combined);
  return Status::OK();
}

void Operator::ResumeWatermark(EventTime watermark) {
  if (watermark <= output_watermark_) return;
  input_watermarks_[0] = input_watermarks_[1] = watermark;
  output_watermark_ = watermark;
  if (context_ == nullptr) return;
  context_->current_watermark = watermark;
  if (context_->timers != nullptr) context_->timers->SetCurrentWatermark(watermark);
}

Status Operator::ProcessWatermarkStatus(int input, bool idle) {
  if (input < 0 || input > 1) {
    return Status::Internal("watermark status for an input the operator lacks: input ", input,
                            " of operator ", name());
  }
  bool out_idle;
  if (num_inputs() <= 1) {
    input_idle_[0] = idle;
    out_idle = idle;
  } else {
    const bool became_idle = idle && !input_idle_[input];
    input_idle_[input] = idle;
    out_idle = input_idle_[0] && input_idle_[1];
    if (became_idle && !out_idle) {
      // The other input alone now decides the combined watermark, which may advance.
      const int other = 1 - input;
      WEIR_RETURN_NOT_OK(ProcessWatermark(other, input_watermarks_[other]));
    }
  }
  if (out_idle == output_idle_) return Status::OK();
  output_idle_ = out_idle;
  if (context_ != nullptr && context_->output != nullptr) {
    return context_->output->EmitWatermarkStatus(out_idle);
  }
  return Status::OK();
}

}  // namespace weir::runtime
