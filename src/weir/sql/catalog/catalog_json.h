// CatalogJson: catalog tables as JSON, so compiled plans carry their tables inline.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include "weir/common/result.h"
#include "weir/sql/catalog/catalog_object.h"

namespace weir::sql {

/// Returns the table as JSON: columns (name, Flink type string, kind, expression,
/// metadata key, virtual, comment), watermarks, primary key, partition keys, options (in
/// order) and comment.
nlohmann::json CatalogTableToJson(const CatalogTable& table);
/// Reads what CatalogTableToJson wrote; malformed documents are errors naming the field.
Result<CatalogTable> CatalogTableFromJson(const nlohmann::json& json);

}  // namespace weir::sql
