// PlanJson: plans as a versioned, self-contained JSON document (Flink's COMPILE PLAN idea).
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <vector>

#include "weir/common/result.h"
#include "weir/sql/planner/rel_node.h"

namespace weir::sql {

/// The format tag of compiled plans.
inline constexpr char kCompiledPlanFormat[] = "weir.compiled-plan/v1";

/// Serialises the plans rooted at `sinks` (a statement set) into one document:
///   {"format": "weir.compiled-plan/v1", "nodes": [...], "sinks": [ids]}
/// Nodes are listed inputs first, each with "id", "type", "version" and "inputs"; shared
/// sub-plans appear once. Tables are inlined (columns, options, watermarks), expressions are
/// Expr JSON, so a plan runs without the catalog it was compiled against.
nlohmann::json PlanToJson(const std::vector<RelPtr>& sinks);
/// Reads a document written by PlanToJson; an unknown format, node type or version, or a
/// malformed node is an error naming it.
Result<std::vector<RelPtr>> PlanFromJson(const nlohmann::json& json);

}  // namespace weir::sql
