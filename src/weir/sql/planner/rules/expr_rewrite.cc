// Expr rewriting building blocks: rebuilding nodes, substitution, conjunctions, determinism.
#include "weir/sql/planner/rules/expr_rewrite.h"

#include <utility>

#include "weir/common/check.h"

namespace weir::sql {

ExprPtr WithArgs(const ExprPtr& e, std::vector<ExprPtr> args) {
  if (e->kind() == ExprKind::kColumnRef || e->kind() == ExprKind::kLiteral) return e;
  return e->Rebuild(std::move(args), e->type());
}

ExprPtr WithType(const ExprPtr& e, const LogicalType& type) {
  if (e->type() == type) return e;
  if (e->type().EqualsIgnoringNullability(type) && (type.nullable() || !e->type().nullable())) {
    // A literal NULL cannot be labelled NOT NULL; the condition above excludes it.
    return e->Rebuild(e->args(), type);
  }
  return Expr::Cast(e, type);
}

ExprPtr SubstituteColumns(const ExprPtr& e, const std::vector<ExprPtr>& columns) {
  if (e->kind() == ExprKind::kColumnRef) {
    const auto i = static_cast<size_t>(e->column_index());
    WEIR_CHECK(i < columns.size() && columns[i] != nullptr);
    return columns[i];
  }
  return MapArgs(e, [&](const ExprPtr& a) { return SubstituteColumns(a, columns); });
}

ExprPtr RemapColumns(const ExprPtr& e, const std::vector<int>& mapping) {
  if (e->kind() == ExprKind::kColumnRef) {
    const auto i = static_cast<size_t>(e->column_index());
    WEIR_CHECK(i < mapping.size() && mapping[i] >= 0);
    if (mapping[i] == e->column_index()) return e;
    return Expr::Column(mapping[i], e->type());
  }
  return MapArgs(e, [&](const ExprPtr& a) { return RemapColumns(a, mapping); });
}

bool IsDeterministic(const Expr& e, const FunctionRegistry& registry) {
  if (e.kind() == ExprKind::kCall && !registry.IsDeterministic(e.name())) return false;
  for (const ExprPtr& a : e.args()) {
    if (!IsDeterministic(*a, registry)) return false;
  }
  return true;
}

bool IsBoolLiteral(const Expr& e, bool value) {
  return e.kind() == ExprKind::kLiteral && e.type().id() == TypeId::kBoolean &&
         !e.literal().is_null() && e.literal().bool_value() == value;
}

bool IsNullLiteral(const Expr& e) {
  return e.kind() == ExprKind::kLiteral && e.literal().is_null();
}

ExprPtr BoolLiteral(bool value) {
  return Expr::Literal(Value(value), LogicalType::Boolean(/*nullable=*/false));
}

std::vector<ExprPtr> SplitConjuncts(const ExprPtr& e) {
  std::vector<ExprPtr> out;
  if (e->kind() == ExprKind::kCall && e->name() == "AND") {
    for (const ExprPtr& a : e->args()) {
      std::vector<ExprPtr> inner = SplitConjuncts(a);
      out.insert(out.end(), inner.begin(), inner.end());
    }
  } else {
    out.push_back(e);
  }
  return out;
}

ExprPtr MakeConjunction(const std::vector<ExprPtr>& conjuncts) {
  if (conjuncts.empty()) return BoolLiteral(true);
  if (conjuncts.size() == 1) return conjuncts[0];
  bool nullable = false;
  for (const ExprPtr& c : conjuncts) nullable = nullable || c->type().nullable();
  return Expr::Call("AND", conjuncts, LogicalType::Boolean(nullable));
}

}  // namespace weir::sql
