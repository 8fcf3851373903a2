// PartitionPruning: evaluates partition-key predicates against listed partitions.
#pragma once

#include <vector>

#include "weir/common/result.h"
#include "weir/sql/planner/optimizer.h"
#include "weir/sql/planner/rel_node.h"

namespace weir::sql {

/// Prunes partitions in the plans rooted at `roots`: for a Filter directly over a scan of a
/// partitioned table whose connector supports_partition_pushdown(), the conjuncts that read
/// only partition-key columns are evaluated against ListPartitions(); the scan keeps the
/// matching partitions (ScanPushDown::partitions) and those conjuncts leave the Filter.
/// Skipped for a table (and hints) scanned more than once, for a scan with other
/// consumers, and when listing or evaluating fails. Shared sub-plans stay shared.
Result<std::vector<RelPtr>> PrunePartitions(const std::vector<RelPtr>& roots,
                                            const OptimizerContext& context);

}  // namespace weir::sql
