// CalcOperator: the runtime operator of a Calc node — a vectorised filter and projection.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "weir/common/result.h"
#include "weir/common/types/schema.h"
#include "weir/runtime/operators/operator.h"
#include "weir/sql/expr/compiled_expr.h"
#include "weir/sql/expr/expr.h"

namespace weir::sql {

/// What a Calc computes: an optional condition and one expression per output column, all over
/// the input row.
struct CalcSpec {
  SchemaPtr input_schema;
  /// Null: keep every row.
  ExprPtr condition;
  std::vector<ExprPtr> projections;
  /// One field per projection (names, and types equal to the projections' types).
  SchemaPtr output_schema;
  /// The name shown in plans, logs and metrics, e.g. "Calc(select=[a, *(b, 2) AS b2])".
  std::string name = "Calc";
};

/// Filters and projects each batch with compiled expressions: the condition selects rows
/// (FALSE and NULL drop), each projection is evaluated over the selected rows only, a plain
/// column reference with nothing filtered passes its column through without copying, and
/// row kinds follow their rows. A batch with no selected row emits nothing. The expressions
/// see the operator's current input watermark (CURRENT_WATERMARK), updated before each batch.
/// The condition and the projections form one CompiledExpr group: a deterministic
/// subexpression they have in common is computed once per batch (the condition's value is
/// gathered for the selected rows).
/// Thread: the owning task.
class CalcOperator final : public runtime::Operator {
 public:
  /// Compiles the expressions against the input schema; type mismatches with the output
  /// schema are errors naming the column. `ctx.current_watermark` is replaced by the
  /// operator's own watermark.
  static Result<std::unique_ptr<CalcOperator>> Make(
      CalcSpec spec, const FunctionRegistry& registry = FunctionRegistry::Builtins(),
      EvalContext ctx = {});

  std::string name() const override { return spec_.name; }
  Status ProcessBatch(int input, const RecordBatchPtr& batch) override;

  /// Returns the watermark the expressions see (INT64_MIN before the first one).
  int64_t current_watermark() const { return *watermark_; }

 private:
  explicit CalcOperator(CalcSpec spec) : spec_(std::move(spec)) {}

  CalcSpec spec_;
  std::unique_ptr<CompiledExpr> condition_;
  std::vector<std::unique_ptr<CompiledExpr>> projections_;
  // For each projection: the input column it copies unchanged, or -1.
  std::vector<int> pass_through_;
  // The current input watermark (epoch ms), which EvalContext::current_watermark points at;
  // heap-allocated so the pointer the compiled expressions hold stays valid.
  std::unique_ptr<int64_t> watermark_ = std::make_unique<int64_t>(INT64_MIN);
};

}  // namespace weir::sql
