// CompiledExpr: an Expr compiled once against an input schema into a vectorised program.
#pragma once

#include <cstdint>
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
class CompiledExpr;

/// Values of common subexpressions computed while evaluating one batch, shared by the
/// expressions of one group (CompiledExpr::MakeGroup): a subexpression computed over all rows
/// of the batch (e.g. by a filter) is gathered, not recomputed, where another expression of
/// the group needs it on fewer rows (e.g. a projection over the selected rows).
/// Thread: one evaluation at a time.
class SharedValues {
 public:
  /// Binds the values to `batch`, which must outlive this object.
  explicit SharedValues(const RecordBatch& batch) : batch_(&batch) {}

 private:
  friend class CompiledExpr;

  const RecordBatch* batch_;
  uint64_t group_ = 0;          // the group whose slots these are (0: none yet)
  std::vector<Datum> full_;     // by slot: values over every row of the batch
  std::vector<int32_t> scope_;  // the rows `scoped_` covers (indices into the batch)
  std::vector<Datum> scoped_;   // by slot: values over the rows of `scope_`
};

/// An executable form of an Expr: functions are resolved, implicit casts inserted and
/// patterns/sets prepared at Make() time; evaluation calls one kernel per node per batch
/// (no per-row dispatch). CASE, COALESCE, IF, IFNULL and NULLIF evaluate each branch only
/// on the rows that reach it, so `CASE WHEN b <> 0 THEN a / b END` never divides by zero.
/// Identical deterministic subexpressions (Expr::Equals) are computed once per evaluation and
/// reused, also across the expressions of a group made by MakeGroup(); a reuse never
/// evaluates a subexpression on rows the expression would not have evaluated it on, so errors
/// stay where CASE puts them. Non-deterministic calls (RAND, UUID, NOW, ...) are never shared.
/// Thread: immutable after Make(); Evaluate/Filter may run concurrently.
class CompiledExpr {
 public:
  /// Compiles `expr` for batches of `input`. Fails on unknown functions, argument types
  /// without a signature, column references outside the schema or of the wrong type.
  static Result<std::unique_ptr<CompiledExpr>> Make(
      ExprPtr expr, const Schema& input,
      const FunctionRegistry& registry = FunctionRegistry::Builtins(), EvalContext ctx = {});
  /// Compiles expressions evaluated over the same batches (a Calc's condition and
  /// projections) so that their common subexpressions can be shared through SharedValues.
  static Result<std::vector<std::unique_ptr<CompiledExpr>>> MakeGroup(
      std::vector<ExprPtr> exprs, const Schema& input,
      const FunctionRegistry& registry = FunctionRegistry::Builtins(), EvalContext ctx = {});
  ~CompiledExpr();

  const ExprPtr& expr() const { return expr_; }
  /// The result type (the type of the Expr).
  const LogicalType& type() const { return type_; }

  /// Evaluates over `batch`, or only over the rows of `selection` (one output row per
  /// selected row, in selection order).
  Result<ColumnPtr> Evaluate(const RecordBatch& batch,
                             const SelectionVector* selection = nullptr) const;
  /// Evaluates as above, reading and adding shared values of `shared` (bound to `batch`, and
  /// used only with expressions of this one's group).
  Result<ColumnPtr> Evaluate(const RecordBatch& batch, const SelectionVector* selection,
                             SharedValues* shared) const;
  /// Evaluates a BOOLEAN predicate and returns the indices of the rows (of `batch`) where it
  /// is TRUE; FALSE and NULL rows are dropped. With `selection`, only those rows are tested.
  Result<SelectionVector> Filter(const RecordBatch& batch,
                                 const SelectionVector* selection = nullptr,
                                 SharedValues* shared = nullptr) const;

 private:
  CompiledExpr() = default;

  ExprPtr expr_;
  LogicalType type_;
  EvalContext ctx_;
  std::vector<int> columns_;  // input columns the expression reads
  std::unique_ptr<ProgramNode> root_;
  uint64_t group_ = 0;  // the MakeGroup call that compiled this expression
  int num_slots_ = 0;   // shared-value slots of the group (0: nothing shared)
};

/// Evaluates an expression without column references to a Value (for constant folding).
Result<Value> EvaluateConstant(const ExprPtr& expr,
                               const FunctionRegistry& registry = FunctionRegistry::Builtins(),
                               EvalContext ctx = {});

}  // namespace weir::sql
