// PlanGraph: a statement set's DAG with parent counts, scan keys and node rebuilding.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "weir/connectors/base/table_factory.h"
#include "weir/sql/planner/optimizer.h"
#include "weir/sql/planner/rel_node.h"

namespace weir::sql {

/// The distinct nodes reachable from a set of roots.
struct PlanGraph {
  /// Every distinct node once, parents before their inputs (reverse post-order).
  std::vector<const RelNode*> nodes;
  /// How many edges point at a node (a root counts as one more).
  std::unordered_map<const RelNode*, int> num_parents;
  /// How many distinct scan nodes read each ScanKey.
  std::unordered_map<std::string, int> num_scans;

  /// Collects the nodes reachable from `roots`.
  static PlanGraph Make(const std::vector<RelPtr>& roots);
};

/// Returns what identifies a scan's source for sharing: the table and its hint options.
/// The physical translator reads scans with the same key once.
std::string ScanKey(const TableScanRel& scan);

/// Returns the source factory of a scan's connector, or nullptr when none is found.
const connectors::TableFactory* FindScanFactory(const TableScanRel& scan,
                                                const OptimizerContext& context);

/// Returns a node like `node` over `inputs` (same count and row types as its inputs).
RelPtr WithInputs(const RelNode& node, std::vector<RelPtr> inputs);

}  // namespace weir::sql
