// WatermarkAssignerOperator: watermarks from `WATERMARK FOR rowtime AS expr`, right after a scan.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "weir/common/config/config_option.h"
#include "weir/common/result.h"
#include "weir/common/types/schema.h"
#include "weir/runtime/exec/processing_time_service.h"
#include "weir/runtime/operators/operator.h"
#include "weir/sql/expr/compiled_expr.h"

namespace weir::sql {

/// Flink's pipeline.auto-watermark-interval: how often periodic watermarks are emitted.
inline constexpr config::ConfigOption<config::Duration> kAutoWatermarkInterval =
    config::ConfigOption<config::Duration>("pipeline.auto-watermark-interval")
        .WithDefault("200 ms")
        .WithDescription("Interval of periodic watermark emission; 0 emits after every batch.");

struct WatermarkAssignerSpec {
  SchemaPtr input_schema;
  /// The watermark expression over the input row; TIMESTAMP(3) or TIMESTAMP_LTZ(3).
  ExprPtr watermark;
  /// pipeline.auto-watermark-interval in ms: emit the watermark this often; 0 emits after
  /// every batch (Flink: a punctuated emission per record).
  int64_t interval_ms = 200;
  std::string name = "WatermarkAssigner";
};

/// Passes rows through unchanged and tracks the largest watermark expression value seen; the
/// watermark (that value, in epoch milliseconds) is emitted periodically when it advanced, as
/// Flink's WatermarkAssignerOperator does. NULL values are ignored. Watermarks from upstream
/// are dropped except the final +inf (end of input), which is forwarded.
/// Thread: the owning task; the periodic timer only posts to the task's mailbox.
class WatermarkAssignerOperator final : public runtime::Operator {
 public:
  static Result<std::unique_ptr<WatermarkAssignerOperator>> Make(
      WatermarkAssignerSpec spec, const FunctionRegistry& registry = FunctionRegistry::Builtins(),
      EvalContext ctx = {});
  ~WatermarkAssignerOperator() override;

  std::string name() const override { return spec_.name; }
  Status Open(runtime::OperatorContext& ctx) override;
  Status ProcessBatch(int input, const RecordBatchPtr& batch) override;
  Status ProcessWatermark(int input, runtime::EventTime watermark) override;
  Status Close() override;

  /// Returns the largest watermark candidate seen so far (kMinWatermark before any row).
  runtime::EventTime current_max() const { return max_; }

 private:
  explicit WatermarkAssignerOperator(WatermarkAssignerSpec spec) : spec_(std::move(spec)) {}
  Status EmitIfAdvanced();
  void ScheduleTimer();
  void CancelTimer();

  WatermarkAssignerSpec spec_;
  std::unique_ptr<CompiledExpr> expr_;
  runtime::EventTime max_ = runtime::kMinWatermark;
  runtime::EventTime emitted_ = runtime::kMinWatermark;
  runtime::TimerId timer_ = 0;
  bool timer_scheduled_ = false;
};

}  // namespace weir::sql
