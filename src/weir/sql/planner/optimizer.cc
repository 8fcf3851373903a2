// Optimizer: runs the rule passes over a statement set's plans and checks the roots' types.
#include "weir/sql/planner/optimizer.h"

#include <memory>
#include <unordered_map>
#include <utility>

#include "weir/sql/planner/rules/expr_simplifier.h"
#include "weir/sql/planner/rules/filter_push_down.h"
#include "weir/sql/planner/rules/partition_pruning.h"
#include "weir/sql/planner/rules/plan_graph.h"
#include "weir/sql/planner/rules/project_merge.h"
#include "weir/sql/planner/rules/projection_push_down.h"

namespace weir::sql {

namespace {

// Rewrites each node once (memoised per node, so shared sub-plans stay shared) after its
// inputs: simplification, filter push-down, project merging.
class LogicalRewriter {
 public:
  explicit LogicalRewriter(const OptimizerContext& context) : context_(context) {}

  RelPtr Rewrite(const RelPtr& node) {
    auto it = memo_.find(node.get());
    if (it != memo_.end()) return it->second;
    std::vector<RelPtr> inputs;
    bool changed = false;
    for (const RelPtr& in : node->inputs()) {
      inputs.push_back(Rewrite(in));
      changed = changed || inputs.back() != in;
    }
    RelPtr out = RewriteNode(node, std::move(inputs), changed);
    memo_.emplace(node.get(), out);
    return out;
  }

 private:
  RelPtr RewriteNode(const RelPtr& node, std::vector<RelPtr> inputs, bool changed) {
    switch (node->kind()) {
      case RelKind::kProject:
        return MakeProject(inputs[0], node->As<ProjectRel>().exprs(), node->field_names(),
                           context_);
      case RelKind::kFilter:
        return MakeFilter(inputs[0], node->As<FilterRel>().condition(), context_);
      case RelKind::kWatermarkAssigner: {
        const auto& wm = node->As<WatermarkAssignerRel>();
        ExprPtr watermark = SimplifyExpr(wm.watermark(), *context_.functions, context_.eval);
        if (!changed && watermark == wm.watermark()) return node;
        return std::make_shared<WatermarkAssignerRel>(inputs[0], wm.rowtime_index(),
                                                      std::move(watermark));
      }
      default:
        return changed ? WithInputs(*node, std::move(inputs)) : node;
    }
  }

  const OptimizerContext& context_;
  std::unordered_map<const RelNode*, RelPtr> memo_;
};

}  // namespace

Result<std::vector<RelPtr>> Optimize(const std::vector<RelPtr>& sinks,
                                     const OptimizerContext& context) {
  if (context.functions == nullptr) return Status::Invalid("Optimizer needs a function registry");
  LogicalRewriter rewriter(context);
  std::vector<RelPtr> plans;
  plans.reserve(sinks.size());
  for (const RelPtr& sink : sinks) plans.push_back(rewriter.Rewrite(sink));
  WEIR_ASSIGN_OR_RAISE(plans, PrunePartitions(plans, context));
  WEIR_ASSIGN_OR_RAISE(plans, PushDownProjections(plans, context));
  for (size_t i = 0; i < sinks.size(); ++i) {
    if (plans[i]->row_type() != sinks[i]->row_type()) {
      return Status::Internal("Optimizer changed the row type of a plan from ",
                              sinks[i]->row_type().ToString(), " to ",
                              plans[i]->row_type().ToString());
    }
  }
  return plans;
}

}  // namespace weir::sql
