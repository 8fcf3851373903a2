// Optimizer: the rule-based rewrites of logical plans before physical planning.
#pragma once

#include <vector>

#include "weir/common/config/configuration.h"
#include "weir/common/result.h"
#include "weir/connectors/base/table_factory.h"
#include "weir/sql/expr/compiled_expr.h"
#include "weir/sql/functions/function_registry.h"
#include "weir/sql/planner/rel_node.h"

namespace weir::sql {

/// What the rules may consult.
struct OptimizerContext {
  const FunctionRegistry* functions = &FunctionRegistry::Builtins();
  /// For constant folding (time zone, ...).
  EvalContext eval;
  /// For push-down: a scan's connector says what it supports (and lists partitions).
  const connectors::TableFactoryRegistry* connectors =
      &connectors::TableFactoryRegistry::Builtins();
  /// Job options; null: defaults.
  const config::Configuration* config = nullptr;
};

/// Rewrites the plans rooted at `sinks` (a statement set) into equivalent, cheaper plans:
/// constant folding, predicate simplification, merging adjacent projections and filters,
/// filter push-down through projections, and projection and partition push-down into scans
/// whose connectors support them. Sub-plans shared between sinks stay shared. Row types of
/// the roots never change.
Result<std::vector<RelPtr>> Optimize(const std::vector<RelPtr>& sinks,
                                     const OptimizerContext& context = {});

}  // namespace weir::sql
