// FilterPushDown: builds Filter nodes simplified, merged and pushed towards the scans.
#pragma once

#include "weir/sql/planner/optimizer.h"
#include "weir/sql/planner/rel_node.h"

namespace weir::sql {

/// Builds the plan of keeping the rows of `input` where `condition` is TRUE, with the row
/// type of `input`:
/// - the condition is simplified; TRUE gives `input`, a FALSE or NULL conjunct an empty
///   Values;
/// - a Filter input is merged into one Filter (AND of both conditions);
/// - over a Project, the conjuncts whose referenced expressions are deterministic move
///   below it (the projected expressions substituted for the references);
/// - over UNION ALL, the filter moves into each input;
/// - never below a WatermarkAssigner: watermarks must be generated from every row.
RelPtr MakeFilter(const RelPtr& input, const ExprPtr& condition, const OptimizerContext& context);

}  // namespace weir::sql
