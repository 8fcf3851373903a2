// FilterPushDown: filter simplification, merging and push-down through Project and Union.
#include "weir/sql/planner/rules/filter_push_down.h"

#include <memory>
#include <utility>
#include <vector>

#include "weir/sql/planner/rules/expr_rewrite.h"
#include "weir/sql/planner/rules/expr_simplifier.h"
#include "weir/sql/planner/rules/project_merge.h"

namespace weir::sql {

namespace {

RelPtr EmptyValues(const RelNode& like) {
  return std::make_shared<ValuesRel>(like.row_type(), std::vector<std::vector<ExprPtr>>{});
}

// Returns whether every projected expression `conjunct` reads is deterministic.
bool CanPushThrough(const Expr& conjunct, const ProjectRel& project,
                    const FunctionRegistry& registry) {
  std::vector<int> used;
  conjunct.CollectColumns(&used);
  for (int i : used) {
    if (!IsDeterministic(*project.exprs()[static_cast<size_t>(i)], registry)) return false;
  }
  return true;
}

RelPtr PushThroughProject(const RelPtr& input, const ExprPtr& condition,
                          const OptimizerContext& context) {
  const auto& project = input->As<ProjectRel>();
  std::vector<ExprPtr> below;
  std::vector<ExprPtr> above;
  for (const ExprPtr& c : SplitConjuncts(condition)) {
    if (CanPushThrough(*c, project, *context.functions)) {
      below.push_back(SubstituteColumns(c, project.exprs()));
    } else {
      above.push_back(c);
    }
  }
  if (below.empty()) return std::make_shared<FilterRel>(input, condition);
  RelPtr filtered = MakeFilter(project.input(0), MakeConjunction(below), context);
  RelPtr projected = MakeProject(filtered, project.exprs(), project.field_names(), context);
  if (above.empty()) return projected;
  return std::make_shared<FilterRel>(projected, MakeConjunction(above));
}

}  // namespace

RelPtr MakeFilter(const RelPtr& input, const ExprPtr& condition, const OptimizerContext& context) {
  ExprPtr cond = SimplifyExpr(condition, *context.functions, context.eval);
  if (IsBoolLiteral(*cond, true)) return input;
  // A filter keeps only TRUE rows, so a FALSE or NULL conjunct keeps none.
  for (const ExprPtr& c : SplitConjuncts(cond)) {
    if (IsBoolLiteral(*c, false) || IsNullLiteral(*c)) return EmptyValues(*input);
  }
  switch (input->kind()) {
    case RelKind::kValues:
      if (input->As<ValuesRel>().rows().empty()) return input;
      break;
    case RelKind::kFilter: {
      std::vector<ExprPtr> conjuncts = SplitConjuncts(input->As<FilterRel>().condition());
      for (const ExprPtr& c : SplitConjuncts(cond)) conjuncts.push_back(c);
      return MakeFilter(input->input(0), MakeConjunction(conjuncts), context);
    }
    case RelKind::kProject:
      return PushThroughProject(input, cond, context);
    case RelKind::kUnion: {
      if (!input->As<UnionRel>().all()) break;
      std::vector<RelPtr> inputs;
      for (const RelPtr& in : input->inputs()) inputs.push_back(MakeFilter(in, cond, context));
      return std::make_shared<UnionRel>(std::move(inputs), true);
    }
    default:
      break;
  }
  return std::make_shared<FilterRel>(input, std::move(cond));
}

}  // namespace weir::sql
