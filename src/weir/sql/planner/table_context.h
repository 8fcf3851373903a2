// TableContext for catalog tables: what a connector factory sees of a scanned or written table.
#pragma once

#include <cstdint>

#include "weir/connectors/base/table_factory.h"
#include "weir/sql/catalog/catalog_object.h"
#include "weir/sql/catalog/object_identifier.h"

namespace weir::sql {

/// Builds the connector's view of table `id`: its physical columns, partition keys and
/// options with `hints` (from `/*+ OPTIONS(...) */`) applied over the WITH options.
connectors::TableContext MakeTableContext(const ObjectIdentifier& id, const CatalogTable& table,
                                          const TableOptions& hints, int32_t default_parallelism,
                                          bool checkpointing);

}  // namespace weir::sql
