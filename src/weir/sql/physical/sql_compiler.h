// SqlCompiler: the planning pipeline behind INSERT, statement sets, EXPLAIN and COMPILE PLAN.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "weir/common/result.h"
#include "weir/runtime/graph/stream_graph.h"
#include "weir/sql/physical/physical_node.h"
#include "weir/sql/physical/stream_graph_translator.h"
#include "weir/sql/planner/rel_node.h"

namespace weir::sql {

/// One statement's (or statement set's) plans at each stage; shared sub-plans stay shared.
struct CompiledPlan {
  /// As bound.
  std::vector<RelPtr> logical;
  /// After the logical optimiser (Optimize).
  std::vector<RelPtr> optimized;
  /// The physical plans, changelog modes inferred and sinks checked.
  std::vector<PhysicalPtr> physical;
};

/// Optimises bound plans (sinks of INSERTs, or a query's root) and plans them physically.
/// `options` supplies the functions, connectors and job options the stages consult.
Result<CompiledPlan> CompileInserts(const std::vector<RelPtr>& sinks,
                                    const TranslateOptions& options = {});

/// Compiles and translates logical sinks into the stream graph of one job.
Result<runtime::StreamGraph> CompileToStreamGraph(const std::vector<RelPtr>& sinks,
                                                  const TranslateOptions& options = {});

/// What EXPLAIN prints beyond the three plans.
struct ExplainOptions {
  /// EXPLAIN CHANGELOG_MODE: ", changelogMode=[...]" on every physical-plan line.
  bool changelog_mode = false;
  /// EXPLAIN JSON_EXECUTION_PLAN: a "== Physical Execution Plan ==" section with the job
  /// graph in the shape of Flink's REST plan JSON.
  bool json_execution_plan = false;
  /// The roots are the collect sink of a SELECT: the plans show the query without it.
  bool query = false;

  /// Returns options for EXPLAIN's detail keywords (CHANGELOG_MODE, JSON_EXECUTION_PLAN);
  /// ESTIMATED_COST and PLAN_ADVICE fail with "not supported yet".
  static Result<ExplainOptions> FromDetails(const std::vector<std::string>& details);
};

/// Returns Flink's EXPLAIN text for `sinks`:
///   "== Abstract Syntax Tree ==\n<logical>\n== Optimized Physical Plan ==\n<physical>\n"
///   "== Optimized Execution Plan ==\n<execution>"
/// (each plan ends with a newline; several sinks are separated by blank lines), then
/// "\n== Physical Execution Plan ==\n<json>" when asked.
Result<std::string> Explain(const std::vector<RelPtr>& sinks, const ExplainOptions& explain,
                            const TranslateOptions& options = {});

/// Returns the compiled-plan document (plan_json.h) of INSERT sinks.
Result<nlohmann::json> CompilePlan(const std::vector<RelPtr>& sinks,
                                   const TranslateOptions& options = {});

/// Reads a compiled-plan document and translates it into the stream graph of one job.
Result<runtime::StreamGraph> TranslateCompiledPlan(const nlohmann::json& plan,
                                                   const TranslateOptions& options = {});

}  // namespace weir::sql
