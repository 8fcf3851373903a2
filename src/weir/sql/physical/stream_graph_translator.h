// StreamGraphTranslator: logical plans rooted at sinks → one runtime stream graph.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "weir/common/config/configuration.h"
#include "weir/common/result.h"
#include "weir/connectors/base/table_factory.h"
#include "weir/runtime/graph/stream_graph.h"
#include "weir/sql/functions/function_registry.h"
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

/// Translates plans rooted at SinkRel into one stream graph (a statement set is several
/// sinks): scans become the connectors' sources, Filter/Project become CalcOperators (a
/// Project over a Filter is one Calc), UNION ALL connects every input to the consumer, VALUES
/// becomes a bounded source, a WatermarkAssigner the operator of the same name (interval:
/// pipeline.auto-watermark-interval), sinks the connectors' sinks. Sub-plans shared between sinks,
/// and scans of the same table with the same options, are translated once, so a statement set reads
/// each source once. Edges are forward between equal parallelism, rebalance otherwise. The job type
/// follows execution.runtime-mode. Unsupported nodes fail with "not supported yet: ...".
Result<runtime::StreamGraph> TranslateToStreamGraph(const std::vector<RelPtr>& sinks,
                                                    const TranslateOptions& options = {});

/// Returns the schema of a plan node's output row.
Result<SchemaPtr> RowSchema(const RelNode& node);

}  // namespace weir::sql
