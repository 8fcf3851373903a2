// Optimizer: no rules yet; returns the plans unchanged.
#include "weir/sql/planner/optimizer.h"

namespace weir::sql {

Result<std::vector<RelPtr>> Optimize(const std::vector<RelPtr>& sinks,
                                     const OptimizerContext& context) {
  (void)context;
  return sinks;
}

}  // namespace weir::sql
