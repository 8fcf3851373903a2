// ScanContext: mapping definition columns to physical fields for projection push-down.
#include "weir/sql/physical/scan_context.h"

#include <vector>

#include "weir/common/str_cat.h"
#include "weir/sql/planner/table_context.h"

namespace weir::sql {

Result<connectors::TableContext> MakeScanContext(const ObjectIdentifier& table,
                                                 const CatalogTable& definition,
                                                 const TableOptions& hints,
                                                 const ScanPushDown& push_down,
                                                 int32_t default_parallelism, bool checkpointing) {
  // physical_index[i]: the physical field of definition column i, or -1.
  std::vector<int32_t> physical_index;
  int32_t next = 0;
  for (const CatalogColumn& c : definition.columns) {
    physical_index.push_back(c.kind == CatalogColumnKind::kPhysical ? next++ : -1);
  }
  std::vector<int32_t> scanned;
  if (push_down.projection) {
    scanned = *push_down.projection;
  } else {
    for (size_t i = 0; i < definition.columns.size(); ++i) {
      scanned.push_back(static_cast<int32_t>(i));
    }
  }
  std::vector<int32_t> projected;
  for (int32_t i : scanned) {
    if (i < 0 || static_cast<size_t>(i) >= definition.columns.size()) {
      return Status::Invalid("projection push-down index ", i, " out of range for ",
                             table.ToSummaryString());
    }
    const CatalogColumn& c = definition.columns[static_cast<size_t>(i)];
    if (physical_index[static_cast<size_t>(i)] < 0) {
      return Status::NotSupported("not supported yet: scanning computed or metadata columns ",
                                  "(column ", c.name, " of ", table.ToSummaryString(), ")");
    }
    projected.push_back(physical_index[static_cast<size_t>(i)]);
  }
  connectors::TableContext ctx =
      MakeTableContext(table, definition, hints, default_parallelism, checkpointing);
  if (push_down.projection) {
    // Paths: the physical field, then the nested field indices (set only when some path
    // goes into a ROW).
    bool nested = false;
    std::vector<std::vector<int32_t>> paths;
    for (size_t k = 0; k < projected.size(); ++k) {
      std::vector<int32_t> path{projected[k]};
      const std::vector<int32_t>& inner = push_down.nested_path(k);
      path.insert(path.end(), inner.begin(), inner.end());
      nested = nested || !inner.empty();
      paths.push_back(std::move(path));
    }
    if (nested) ctx.projected_paths = std::move(paths);
    ctx.projected_fields = std::move(projected);
  }
  if (push_down.partitions) ctx.partitions = *push_down.partitions;
  return ctx;
}

Status CheckPushDownSupported(const connectors::TableFactory& factory,
                              const connectors::TableContext& ctx) {
  if (ctx.projected_fields && !factory.supports_projection_pushdown()) {
    return Status::Invalid("connector '", factory.identifier(),
                           "' does not support projection push-down (table ", ctx.table_name, ")");
  }
  if (ctx.projected_paths && !factory.supports_nested_projection_pushdown()) {
    return Status::Invalid("connector '", factory.identifier(),
                           "' does not support nested projection push-down (table ", ctx.table_name,
                           ")");
  }
  if (ctx.partitions && !factory.supports_partition_pushdown()) {
    return Status::Invalid("connector '", factory.identifier(),
                           "' does not support partition push-down (table ", ctx.table_name, ")");
  }
  return Status::OK();
}

}  // namespace weir::sql
