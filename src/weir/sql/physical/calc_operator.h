// CalcOperator: the runtime operator of a Calc node — a vectorised filter and projection.
#pragma once

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
/// row kinds follow their rows. A batch with no selected row emits nothing.
/// Thread: the owning task.
class CalcOperator final : public runtime::Operator {
 public:
  /// Compiles the expressions against the input schema; type mismatches with the output
  /// schema are errors naming the column.
  static Result<std::unique_ptr<CalcOperator>> Make(
      CalcSpec spec, const FunctionRegistry& registry = FunctionRegistry::Builtins(),
      EvalContext ctx = {});

  std::string name() const override { return spec_.name; }
  Status ProcessBatch(int input, const RecordBatchPtr& batch) override;

 private:
  explicit CalcOperator(CalcSpec spec) : spec_(std::move(spec)) {}

  CalcSpec spec_;
  std::unique_ptr<CompiledExpr> condition_;
  std::vector<std::unique_ptr<CompiledExpr>> projections_;
  // For each projection: the input column it copies unchanged, or -1.
  std::vector<int> pass_through_;
};

}  // namespace weir::sql
