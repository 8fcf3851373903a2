// StreamGraphTranslator: physical plans rooted at sinks → one runtime stream graph.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "weir/common/config/configuration.h"
#include "weir/common/result.h"
#include "weir/connectors/base/table_factory.h"
#include "weir/runtime/graph/stream_graph.h"
#include "weir/sql/functions/function_registry.h"
#include "weir/sql/physical/physical_node.h"
#include "weir/sql/planner/rel_node.h"

namespace weir::sql {

struct TranslateOptions {
  /// The job name; empty: Flink's "insert-into_<sink>" (several sinks: joined with ",").
  std::string job_name;
  /// Parallelism of operators whose connector sets none (parallelism.default).
  int32_t default_parallelism = 1;
  const connectors::TableFactoryRegistry* connectors =
      &connectors::TableFactoryRegistry::Builtins();
  const FunctionRegistry* functions = &FunctionRegistry::Builtins();
  EvalContext eval;
  /// execution.runtime-mode and other job options; null: defaults.
  const config::Configuration* config = nullptr;
};

/// Translates physical plans rooted at SinkNodes into one stream graph (a statement set is
/// several sinks): scans become the connectors' sources (with projection and partition
/// push-down), a Calc one CalcOperator, UNION ALL connects every input to the consumer, VALUES
/// becomes a bounded source (possibly empty), a WatermarkAssigner the operator of the same name
/// (interval: pipeline.auto-watermark-interval), sinks the connectors' sinks, checked again
/// against the changelog their connector accepts now. Operators are named by the nodes'
/// execution-plan lines. Sub-plans shared between sinks, and scans of the same table with the
/// same hints and push-down, are translated once, so a statement set reads each source once.
/// Edges are forward between equal parallelism, rebalance otherwise. The job type follows
/// execution.runtime-mode; checkpointing follows execution.checkpointing.*.
Result<runtime::StreamGraph> TranslateToStreamGraph(const std::vector<PhysicalPtr>& sinks,
                                                    const TranslateOptions& options = {});

/// Plans logical sinks physically (PlanPhysical, without the logical optimiser) and
/// translates them; for tests and benchmarks. Sessions go through SqlCompiler.
Result<runtime::StreamGraph> TranslateToStreamGraph(const std::vector<RelPtr>& sinks,
                                                    const TranslateOptions& options = {});

/// Returns the schema of a plan node's output row.
Result<SchemaPtr> RowSchema(const RelNode& node);
Result<SchemaPtr> RowSchema(const PhysicalNode& node);

}  // namespace weir::sql
