// PlanJson: physical plans as a versioned, self-contained JSON document (COMPILE PLAN).
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <vector>

#include "weir/common/result.h"
#include "weir/sql/physical/physical_node.h"

namespace weir::sql {

/// The format tag of compiled plans. v1 (logical nodes) is no longer read.
inline constexpr char kCompiledPlanFormat[] = "weir.compiled-plan/v2";

/// Serialises the physical plans rooted at `sinks` (a statement set) into one document:
///   {"format": "weir.compiled-plan/v2", "nodes": [...], "sinks": [ids]}
/// Nodes are listed inputs first, each with "id", "type" (TableSourceScan, Values, Calc,
/// Union, WatermarkAssigner, Sink), "version", "inputs" and "changelogMode"; shared sub-plans
/// appear once. Tables are inlined (columns, options, watermarks) with their push-down,
/// expressions are Expr JSON, so a plan runs without the catalog it was compiled against.
nlohmann::json PlanToJson(const std::vector<PhysicalPtr>& sinks);
/// Reads a document written by PlanToJson, re-deriving changelog modes; an unknown format,
/// node type or version, or a malformed node is an error naming it.
Result<std::vector<PhysicalPtr>> PlanFromJson(const nlohmann::json& json);

/// Returns `mode` as JSON: {"kinds": "I,UA,D", "upsertKey": [0]} (the key only when set).
nlohmann::json ChangelogModeToJson(const ChangelogMode& mode);
/// Parses what ChangelogModeToJson wrote.
Result<ChangelogMode> ChangelogModeFromJson(const nlohmann::json& json);

}  // namespace weir::sql
