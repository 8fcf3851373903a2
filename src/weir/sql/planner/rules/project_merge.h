// ProjectMerge: builds Project nodes simplified, merged and dropped when they do nothing.
#pragma once

#include <string>
#include <vector>

#include "weir/sql/planner/optimizer.h"
#include "weir/sql/planner/rel_node.h"

namespace weir::sql {

/// Returns whether `exprs` named `names` over `input` reproduce the input row exactly: $i
/// for every field i in order, with the input's names and types.
bool IsIdentityProjection(const RelNode& input, const std::vector<ExprPtr>& exprs,
                          const std::vector<std::string>& names);

/// Builds the plan of projecting `exprs` (named `names`) from `input`, with the same row
/// type as ProjectRel(input, exprs, names): expressions simplified; merged into a Project
/// input by substitution when each inner expression it reads is deterministic or read at
/// most once; an identity projection is `input` itself; over an empty Values, an empty
/// Values.
RelPtr MakeProject(const RelPtr& input, std::vector<ExprPtr> exprs, std::vector<std::string> names,
                   const OptimizerContext& context);

}  // namespace weir::sql
