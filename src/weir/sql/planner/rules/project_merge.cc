// ProjectMerge: simplification, merging and removal of Project nodes.
#include "weir/sql/planner/rules/project_merge.h"

#include <memory>
#include <utility>

#include "weir/sql/planner/rules/expr_rewrite.h"
#include "weir/sql/planner/rules/expr_simplifier.h"

namespace weir::sql {

namespace {

bool IsEmptyValues(const RelNode& node) {
  return node.kind() == RelKind::kValues && node.As<ValuesRel>().rows().empty();
}

// Returns whether substituting `inner` into `outer` neither runs a non-deterministic
// expression more often nor changes which value each reference sees.
bool CanMerge(const std::vector<ExprPtr>& outer, const std::vector<ExprPtr>& inner,
              const FunctionRegistry& registry) {
  std::vector<int> used;
  for (const ExprPtr& e : outer) e->CollectColumns(&used);
  std::vector<int> count(inner.size(), 0);
  for (int i : used) ++count[static_cast<size_t>(i)];
  for (size_t i = 0; i < inner.size(); ++i) {
    if (count[i] > 1 && !IsDeterministic(*inner[i], registry)) return false;
  }
  return true;
}

}  // namespace

bool IsIdentityProjection(const RelNode& input, const std::vector<ExprPtr>& exprs,
                          const std::vector<std::string>& names) {
  if (exprs.size() != input.row_type().fields().size()) return false;
  std::vector<Field> fields;
  for (size_t i = 0; i < exprs.size(); ++i) {
    const Expr& e = *exprs[i];
    if (e.kind() != ExprKind::kColumnRef || e.column_index() != static_cast<int>(i)) return false;
    fields.emplace_back(names[i], e.type());
  }
  return LogicalType::Row(std::move(fields), /*nullable=*/false) == input.row_type();
}

RelPtr MakeProject(const RelPtr& input, std::vector<ExprPtr> exprs, std::vector<std::string> names,
                   const OptimizerContext& context) {
  for (ExprPtr& e : exprs) e = SimplifyExpr(e, *context.functions, context.eval);
  if (IsEmptyValues(*input)) {
    ProjectRel shape(input, exprs, names);
    return std::make_shared<ValuesRel>(shape.row_type(), std::vector<std::vector<ExprPtr>>{});
  }
  if (input->kind() == RelKind::kProject) {
    const auto& inner = input->As<ProjectRel>();
    if (CanMerge(exprs, inner.exprs(), *context.functions)) {
      std::vector<ExprPtr> merged;
      merged.reserve(exprs.size());
      for (const ExprPtr& e : exprs) {
        merged.push_back(WithType(SubstituteColumns(e, inner.exprs()), e->type()));
      }
      return MakeProject(inner.input(0), std::move(merged), std::move(names), context);
    }
  }
  if (IsIdentityProjection(*input, exprs, names)) return input;
  return std::make_shared<ProjectRel>(input, std::move(exprs), std::move(names));
}

}  // namespace weir::sql
