// CompiledExpr: an Expr compiled once against an input schema into a vectorised program.
#pragma once

#include <memory>
#include <vector>

#include "weir/common/batch/record_batch.h"
#include "weir/common/batch/selection_vector.h"
#include "weir/common/batch/value.h"
#include "weir/common/result.h"
#include "weir/common/types/schema.h"
#include "weir/sql/expr/expr.h"
#include "weir/sql/functions/function_registry.h"
#include "weir/sql/functions/kernel.h"

namespace weir::sql {

struct ProgramNode;

/// An executable form of an Expr: functions are resolved, implicit casts inserted and
/// patterns/sets prepared at Make() time; evaluation calls one kernel per node per batch
/// (no per-row dispatch). CASE, COALESCE, IF, IFNULL and NULLIF evaluate each branch only
/// on the rows that reach it, so `CASE WHEN b <> 0 THEN a / b END` never divides by zero.
/// Thread: immutable after Make(); Evaluate/Filter may run concurrently.
class CompiledExpr {
 public:
  /// Compiles `expr` for batches of `input`. Fails on unknown functions, argument types
  /// without a signature, column references outside the schema or of the wrong type.
  static Result<std::unique_ptr<CompiledExpr>> Make(
      ExprPtr expr, const Schema& input,
      const FunctionRegistry& registry = FunctionRegistry::Builtins(), EvalContext ctx = {});
  ~CompiledExpr();

  const ExprPtr& expr() const { return expr_; }
  /// The result type (the type of the Expr).
  const LogicalType& type() const { return type_; }

  /// Evaluates over `batch`, or only over the rows of `selection` (one output row per
  /// selected row, in selection order).
  Result<ColumnPtr> Evaluate(const RecordBatch& batch,
                             const SelectionVector* selection = nullptr) const;
  /// Evaluates a BOOLEAN predicate and returns the indices of the rows (of `batch`) where it
  /// is TRUE; FALSE and NULL rows are dropped. With `selection`, only those rows are tested.
  Result<SelectionVector> Filter(const RecordBatch& batch,
                                 const SelectionVector* selection = nullptr) const;

 private:
  CompiledExpr() = default;

  ExprPtr expr_;
  LogicalType type_;
  EvalContext ctx_;
  std::vector<int> columns_;  // input columns the expression reads
  std::unique_ptr<ProgramNode> root_;
};

/// Evaluates an expression without column references to a Value (for constant folding).
Result<Value> EvaluateConstant(const ExprPtr& expr,
                               const FunctionRegistry& registry = FunctionRegistry::Builtins(),
                               EvalContext ctx = {});

}  // namespace weir::sql
