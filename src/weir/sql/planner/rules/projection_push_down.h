// ProjectionPushDown: scans read only the columns their consumers use.
#pragma once

#include <vector>

#include "weir/common/result.h"
#include "weir/sql/planner/optimizer.h"
#include "weir/sql/planner/rel_node.h"

namespace weir::sql {

/// Narrows the scans in the plans rooted at `roots` to the columns their consumers read,
/// when the connector supports_projection_pushdown(): Projects keep only the outputs read
/// above them (at least one) and read the columns of those expressions, Filters and
/// WatermarkAssigners pass through what is read above them plus
/// their own columns (a watermark reads its rowtime column), Unions, Sinks and the roots
/// read everything. Every scan of the same table and hints gets the same projection (the
/// union of what each needs, in table order) so the physical plan still reads each source
/// once; a scan whose consumers read nothing keeps its first column. Column references
/// above a narrowed scan are renumbered; root row types never change.
Result<std::vector<RelPtr>> PushDownProjections(const std::vector<RelPtr>& roots,
                                                const OptimizerContext& context);

}  // namespace weir::sql
