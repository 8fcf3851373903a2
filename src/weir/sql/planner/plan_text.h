// Plan text helpers shared by the logical and physical plan printers, and plan row types.
#pragma once

#include <string>
#include <vector>

#include "weir/common/types/logical_type.h"
#include "weir/sql/catalog/catalog_object.h"
#include "weir/sql/expr/expr.h"

namespace weir::sql {

/// Joins names with ", " as Flink's plan lines list fields: "a, b, c".
std::string JoinNames(const std::vector<std::string>& names);
/// Prints options as "k1=v1, k2=v2" (hints, static partitions).
std::string OptionsText(const TableOptions& options);
/// Returns the (NOT NULL) ROW type with one field per expression, named by `names`.
LogicalType RowOf(const std::vector<ExprPtr>& exprs, const std::vector<std::string>& names);

}  // namespace weir::sql
