// WatermarkAssignerOperator: max of the watermark expression per batch, emitted on a timer.
#include "weir/sql/physical/watermark_assigner_operator.h"

#include <algorithm>

#include "weir/runtime/operators/operator_context.h"

namespace weir::sql {

Result<std::unique_ptr<WatermarkAssignerOperator>> WatermarkAssignerOperator::Make(
    WatermarkAssignerSpec spec, const FunctionRegistry& registry, EvalContext ctx) {
  if (spec.input_schema == nullptr || spec.watermark == nullptr) {
    return Status::Invalid("watermark assigner needs an input schema and an expression");
  }
  const LogicalType& type = spec.watermark->type();
  if ((type.id() != TypeId::kTimestamp && type.id() != TypeId::kTimestampLtz) ||
      type.precision() != 3) {
    return Status::TypeError("The watermark expression must return TIMESTAMP(3) or ",
                             "TIMESTAMP_LTZ(3), but it returns ", type.ToString(), ": ",
                             spec.watermark->ToString());
  }
  if (spec.interval_ms < 0) {
    return Status::Invalid("pipeline.auto-watermark-interval must not be negative, got ",
                           spec.interval_ms, " ms");
  }
  std::unique_ptr<WatermarkAssignerOperator> op(new WatermarkAssignerOperator(std::move(spec)));
  WEIR_ASSIGN_OR_RAISE(
      op->expr_, CompiledExpr::Make(op->spec_.watermark, *op->spec_.input_schema, registry, ctx));
  return op;
}

WatermarkAssignerOperator::~WatermarkAssignerOperator() { CancelTimer(); }

Status WatermarkAssignerOperator::Open(runtime::OperatorContext& ctx) {
  ScheduleTimer();
  return Status::OK();
}

void WatermarkAssignerOperator::ScheduleTimer() {
  runtime::ProcessingTimeService* time = context_ != nullptr ? context_->processing_time : nullptr;
  if (spec_.interval_ms <= 0 || time == nullptr || !context_->post) return;
  timer_scheduled_ = true;
  auto post = context_->post;
  timer_ = time->Schedule(time->CurrentTimeMs() + spec_.interval_ms, [this, post](int64_t) {
    post([this]() -> Status {
      timer_scheduled_ = false;
      WEIR_RETURN_NOT_OK(EmitIfAdvanced());
      ScheduleTimer();
      return Status::OK();
    });
  });
}

void WatermarkAssignerOperator::CancelTimer() {
  if (!timer_scheduled_ || context_ == nullptr || context_->processing_time == nullptr) return;
  context_->processing_time->Cancel(timer_);
  timer_scheduled_ = false;
}

Status WatermarkAssignerOperator::ProcessBatch(int /*input*/, const RecordBatchPtr& batch) {
  WEIR_ASSIGN_OR_RAISE(ColumnPtr values, expr_->Evaluate(*batch));
  const int64_t* v = values->values<int64_t>();
  runtime::EventTime max = max_;
  if (values->null_count() == 0) {
    for (int64_t i = 0; i < values->length(); ++i) max = std::max(max, v[i]);
  } else {
    for (int64_t i = 0; i < values->length(); ++i) {
      if (values->IsValid(i)) max = std::max(max, v[i]);
    }
  }
  max_ = max;
  WEIR_RETURN_NOT_OK(context_->output->Emit(batch));
  if (spec_.interval_ms == 0) return EmitIfAdvanced();
  return Status::OK();
}

Status WatermarkAssignerOperator::EmitIfAdvanced() {
  if (max_ <= emitted_) return Status::OK();
  emitted_ = max_;
  return context_->output->EmitWatermark(max_);
}

Status WatermarkAssignerOperator::ProcessWatermark(int /*input*/, runtime::EventTime watermark) {
  // Only the end of input passes: the table's WATERMARK definition replaces the source's.
  if (watermark != runtime::kMaxWatermark) return Status::OK();
  emitted_ = watermark;
  return context_->output->EmitWatermark(watermark);
}

Status WatermarkAssignerOperator::Close() {
  CancelTimer();
  return Status::OK();
}

}  // namespace weir::sql
