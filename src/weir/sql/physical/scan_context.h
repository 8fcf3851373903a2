// ScanContext: the connector's view of a scan, with projection and partition push-down.
#pragma once

#include <cstdint>

#include "weir/common/result.h"
#include "weir/connectors/base/table_factory.h"
#include "weir/sql/catalog/catalog_object.h"
#include "weir/sql/catalog/object_identifier.h"
#include "weir/sql/planner/rel_node.h"

namespace weir::sql {

/// Builds the TableContext of a scan of `table`: MakeTableContext plus the push-down, whose
/// projection (indices into the definition's columns) becomes `projected_fields` (indices
/// into the physical schema). Fails when a scanned column is computed or a metadata column
/// ("not supported yet"), or an index is out of range.
Result<connectors::TableContext> MakeScanContext(const ObjectIdentifier& table,
                                                 const CatalogTable& definition,
                                                 const TableOptions& hints,
                                                 const ScanPushDown& push_down,
                                                 int32_t default_parallelism, bool checkpointing);

/// Checks that `factory` supports what `ctx` pushes into it.
Status CheckPushDownSupported(const connectors::TableFactory& factory,
                              const connectors::TableContext& ctx);

}  // namespace weir::sql
