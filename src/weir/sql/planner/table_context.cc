// TableContext for catalog tables: physical columns, partition keys, options with hints.
#include "weir/sql/planner/table_context.h"

#include <utility>
#include <vector>

#include "weir/connectors/base/legacy_options.h"

namespace weir::sql {

connectors::TableContext MakeTableContext(const ObjectIdentifier& id, const CatalogTable& table,
                                          const TableOptions& hints, int32_t default_parallelism,
                                          bool checkpointing) {
  connectors::TableContext ctx;
  ctx.table_name = id.ToSummaryString();
  std::vector<Field> fields;
  for (const CatalogColumn& c : table.columns) {
    if (c.kind == CatalogColumnKind::kPhysical) fields.emplace_back(c.name, c.type);
  }
  ctx.physical_schema = *Schema::Make(std::move(fields));
  ctx.partition_keys = table.partition_keys;
  for (const auto& [k, v] : table.options) ctx.options[k] = v;
  for (const auto& [k, v] : hints) ctx.options[k] = v;
  connectors::RewriteLegacyConnectorOptions(&ctx.options);
  ctx.default_parallelism = default_parallelism;
  ctx.checkpointing = checkpointing;
  return ctx;
}

}  // namespace weir::sql
