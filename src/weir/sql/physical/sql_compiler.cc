// SqlCompiler: optimise, plan physically, explain, compile to JSON and translate.
#include "weir/sql/physical/sql_compiler.h"

#include <nlohmann/json.hpp>

#include "weir/common/str_cat.h"
#include "weir/runtime/graph/job_graph.h"
#include "weir/runtime/graph/job_graph_json.h"
#include "weir/sql/physical/physical_planner.h"
#include "weir/sql/physical/plan_json.h"
#include "weir/sql/planner/optimizer.h"

namespace weir::sql {

namespace {

std::string ExplainLogical(const std::vector<RelPtr>& roots) {
  std::string out;
  for (size_t i = 0; i < roots.size(); ++i) {
    if (i > 0) out += "\n";
    out += ExplainTree(roots[i]);
  }
  return out;
}

// The plans EXPLAIN shows: for a query, the sink's input.
template <typename Ptr>
std::vector<Ptr> Shown(const std::vector<Ptr>& roots, bool query) {
  if (!query) return roots;
  std::vector<Ptr> out;
  for (const Ptr& r : roots) out.push_back(r->inputs().empty() ? r : r->inputs().front());
  return out;
}

}  // namespace

Result<CompiledPlan> CompileInserts(const std::vector<RelPtr>& sinks,
                                    const TranslateOptions& options) {
  CompiledPlan out;
  out.logical = sinks;
  OptimizerContext optimizer;
  optimizer.functions = options.functions;
  optimizer.eval = options.eval;
  optimizer.connectors = options.connectors;
  optimizer.config = options.config;
  WEIR_ASSIGN_OR_RAISE(out.optimized, Optimize(sinks, optimizer));
  PhysicalPlannerContext physical;
  physical.connectors = options.connectors;
  WEIR_ASSIGN_OR_RAISE(out.physical, PlanPhysical(out.optimized, physical));
  return out;
}

Result<runtime::StreamGraph> CompileToStreamGraph(const std::vector<RelPtr>& sinks,
                                                  const TranslateOptions& options) {
  if (sinks.empty()) return Status::Invalid("nothing to translate: no INSERT statement");
  WEIR_ASSIGN_OR_RAISE(CompiledPlan plan, CompileInserts(sinks, options));
  return TranslateToStreamGraph(plan.physical, options);
}

Result<ExplainOptions> ExplainOptions::FromDetails(const std::vector<std::string>& details) {
  ExplainOptions out;
  for (const std::string& d : details) {
    if (d == "CHANGELOG_MODE") {
      out.changelog_mode = true;
    } else if (d == "JSON_EXECUTION_PLAN") {
      out.json_execution_plan = true;
    } else {
      return Status::NotSupported("not supported yet: EXPLAIN ", d);
    }
  }
  return out;
}

Result<std::string> Explain(const std::vector<RelPtr>& sinks, const ExplainOptions& explain,
                            const TranslateOptions& options) {
  if (sinks.empty()) return Status::Invalid("nothing to explain");
  WEIR_ASSIGN_OR_RAISE(CompiledPlan plan, CompileInserts(sinks, options));
  const std::vector<PhysicalPtr> physical = Shown(plan.physical, explain.query);
  std::string out =
      StrCat("== Abstract Syntax Tree ==\n", ExplainLogical(Shown(plan.logical, explain.query)),
             "\n== Optimized Physical Plan ==\n",
             ExplainPhysical(physical, ExprForm::kPrefix, explain.changelog_mode),
             "\n== Optimized Execution Plan ==\n", ExplainExecutionPlan(physical));
  if (explain.json_execution_plan) {
    WEIR_ASSIGN_OR_RAISE(runtime::StreamGraph graph,
                         TranslateToStreamGraph(plan.physical, options));
    WEIR_ASSIGN_OR_RAISE(runtime::JobGraph job, runtime::BuildJobGraph(graph));
    out += StrCat("\n== Physical Execution Plan ==\n", runtime::JobPlanToJson(job));
  }
  return out;
}

Result<nlohmann::json> CompilePlan(const std::vector<RelPtr>& sinks,
                                   const TranslateOptions& options) {
  if (sinks.empty()) return Status::Invalid("nothing to compile: no INSERT statement");
  WEIR_ASSIGN_OR_RAISE(CompiledPlan plan, CompileInserts(sinks, options));
  for (const PhysicalPtr& p : plan.physical) {
    if (p->kind() != PhysicalKind::kSink) {
      return Status::Invalid("COMPILE PLAN needs INSERT statements");
    }
  }
  return PlanToJson(plan.physical);
}

Result<runtime::StreamGraph> TranslateCompiledPlan(const nlohmann::json& plan,
                                                   const TranslateOptions& options) {
  WEIR_ASSIGN_OR_RAISE(std::vector<PhysicalPtr> sinks, PlanFromJson(plan));
  return TranslateToStreamGraph(sinks, options);
}

}  // namespace weir::sql
