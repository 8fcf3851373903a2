// PhysicalPlanner: optimised logical plans -> physical plans with changelog modes.
#pragma once

#include <vector>

#include "weir/common/result.h"
#include "weir/connectors/base/table_factory.h"
#include "weir/sql/physical/physical_node.h"
#include "weir/sql/planner/rel_node.h"

namespace weir::sql {

/// What physical planning consults.
struct PhysicalPlannerContext {
  /// Scans and sinks ask their connector which changes they produce or accept.
  const connectors::TableFactoryRegistry* connectors =
      &connectors::TableFactoryRegistry::Builtins();
};

/// Plans the logical plans `roots` (sinks of a statement set, or one query): every chain of
/// Project/Filter becomes one Calc (an identity Calc disappears), scans become
/// TableSourceScans with their push-down, the rest map one to one. A logical node with
/// several consumers is planned once and stays shared (never merged into a consumer's Calc);
/// equal scans (same table, push-down and hints) become one shared node, and so do equal
/// nodes over the same inputs (Flink's sub-plan reuse).
/// Then checks that every sink accepts its input's changelog (changelog_inference.h).
/// UNION without ALL fails with "not supported yet".
Result<std::vector<PhysicalPtr>> PlanPhysical(const std::vector<RelPtr>& roots,
                                              const PhysicalPlannerContext& context = {});

/// Returns `expr` with every input column $i replaced by `inputs[i]` (inlining a projection
/// into the expressions above it).
ExprPtr InlineColumns(const ExprPtr& expr, const std::vector<ExprPtr>& inputs);

}  // namespace weir::sql
