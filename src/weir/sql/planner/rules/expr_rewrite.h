// Expr rewriting building blocks: rebuilding, substitution, conjunctions, determinism.
#pragma once

#include <vector>

#include "weir/common/types/logical_type.h"
#include "weir/sql/expr/expr.h"
#include "weir/sql/functions/function_registry.h"

namespace weir::sql {

/// Returns a node like `e` (same kind, name, type and TRY flag) with new arguments. Column
/// references and literals have no arguments and are returned as they are.
ExprPtr WithArgs(const ExprPtr& e, std::vector<ExprPtr> args);

/// Returns `e` with each argument replaced by `map(argument)`, or `e` itself when no argument
/// changed (the building block of recursive rewrites).
template <typename Map>
ExprPtr MapArgs(const ExprPtr& e, Map&& map) {
  if (e->args().empty()) return e;
  std::vector<ExprPtr> args;
  args.reserve(e->args().size());
  bool changed = false;
  for (const ExprPtr& a : e->args()) {
    args.push_back(map(a));
    changed = changed || args.back() != a;
  }
  return changed ? WithArgs(e, std::move(args)) : e;
}

/// Returns `e` with exactly the type `type`: unchanged when equal; the same node relabelled
/// when only nullability differs (the compiler accepts a nullable label on a NOT NULL
/// value); otherwise a CAST to `type`.
ExprPtr WithType(const ExprPtr& e, const LogicalType& type);

/// Replaces every column reference $i in `e` by `columns[i]` (a projection's expressions
/// when moving an expression below that projection). `columns[i]` must exist for every
/// referenced i.
ExprPtr SubstituteColumns(const ExprPtr& e, const std::vector<ExprPtr>& columns);

/// Renumbers every column reference $i in `e` to $mapping[i] (same type). Every
/// referenced i must map to an index >= 0.
ExprPtr RemapColumns(const ExprPtr& e, const std::vector<int>& mapping);

/// Returns whether `e` calls no non-deterministic function (RAND, UUID, NOW, ...).
bool IsDeterministic(const Expr& e, const FunctionRegistry& registry);

/// Returns whether `e` is a BOOLEAN literal with value `value` (false for NULL).
bool IsBoolLiteral(const Expr& e, bool value);
/// Returns whether `e` is a NULL literal.
bool IsNullLiteral(const Expr& e);

/// Returns the literal TRUE or FALSE (BOOLEAN NOT NULL).
ExprPtr BoolLiteral(bool value);

/// Splits nested ANDs into their conjuncts (a non-AND expression is one conjunct).
std::vector<ExprPtr> SplitConjuncts(const ExprPtr& e);

/// Joins conjuncts with AND: TRUE for none, the conjunct itself for one.
ExprPtr MakeConjunction(const std::vector<ExprPtr>& conjuncts);

}  // namespace weir::sql
