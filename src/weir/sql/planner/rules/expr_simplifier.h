// ExprSimplifier: constant folding and predicate simplification of Expr trees.
#pragma once

#include "weir/sql/expr/compiled_expr.h"
#include "weir/sql/expr/expr.h"
#include "weir/sql/functions/function_registry.h"

namespace weir::sql {

/// Rewrites `expr` into an equivalent, simpler expression of exactly the same LogicalType
/// (nullability included):
/// - folds deterministic constant subtrees to literals with EvaluateConstant (never
///   non-deterministic calls such as RAND(); a subtree whose evaluation fails, e.g. 1 / 0 or a
///   bad CAST, stays as it is so the runtime reports the error);
/// - AND / OR with TRUE, FALSE and NULL literals under three-valued logic, nested AND / OR
///   flattened, duplicate operands removed;
/// - NOT NOT x to x; IS [NOT] NULL, IS [NOT] TRUE / FALSE / UNKNOWN on NOT NULL operands;
/// - CASE branches with constant conditions; COALESCE / IFNULL stopping at the first
///   operand that cannot be NULL.
/// Never fails: what cannot be simplified is returned unchanged.
ExprPtr SimplifyExpr(const ExprPtr& expr,
                     const FunctionRegistry& registry = FunctionRegistry::Builtins(),
                     const EvalContext& ctx = {});

}  // namespace weir::sql
