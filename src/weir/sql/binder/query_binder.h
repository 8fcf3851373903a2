// QueryBinder: binds SELECT / UNION ALL / VALUES queries into logical plans.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "weir/common/result.h"
#include "weir/sql/binder/expression_binder.h"
#include "weir/sql/parser/ast_query.h"
#include "weir/sql/planner/rel_node.h"

namespace weir::sql {

/// Binds queries: tables (temporary first) and views (inlined by parsing their stored SQL),
/// FROM subqueries, WITH, WHERE, projections with `*`/`t.*`/aliases, UNION ALL and VALUES.
/// A scan of a table with computed columns gets a LogicalProject computing them, and one with
/// a WATERMARK a LogicalWatermarkAssigner on top (scan -> calc -> watermark assigner, as
/// Flink plans it). Constructs that parse but are not planned yet (GROUP BY, JOIN, window
/// TVFs, ORDER BY, LIMIT, OVER, ...) fail with `not supported yet: <feature> (line, column)`.
class QueryBinder {
 public:
  explicit QueryBinder(const BindContext& ctx) : ctx_(ctx) {}

  /// Binds a full query (WITH, body, ORDER BY/LIMIT).
  Result<RelPtr> Bind(const ast::Query& query);

  /// Binds a scan of a catalog table: computed columns and watermarks included.
  Result<RelPtr> BindTableScan(const ObjectIdentifier& id, const CatalogTable& table,
                               TableOptions hint_options);

 private:
  /// A bound FROM item: the plan and the qualifier its fields go by.
  struct Relation {
    RelPtr rel;
    std::string qualifier;
  };

  Result<RelPtr> BindBody(const ast::QueryBody& body);
  Result<RelPtr> BindSelect(const ast::SelectBody& select);
  Result<RelPtr> BindUnionAll(const ast::SetOpBody& set_op);
  Result<RelPtr> BindValues(const ast::ValuesBody& values);
  Result<Relation> BindFrom(const ast::TableRef& ref);
  Result<RelPtr> BindNamedTable(const ast::NamedTableRef& ref);
  Result<RelPtr> BindView(const ObjectIdentifier& id, const CatalogView& view,
                          const ast::SourcePos& pos);

  const BindContext& ctx_;
  /// Common table expressions in scope, innermost last (a name may shadow an outer one).
  std::vector<std::map<std::string, RelPtr>> ctes_;
  int view_depth_ = 0;
};

/// Returns the options of `/*+ OPTIONS('k'='v') */` table hints; other hints are not
/// supported yet, and OPTIONS fails when the session sets
/// `table.dynamic-table-options.enabled` to false (Flink's default is true).
Result<TableOptions> TableHintOptions(const BindContext& ctx, const std::vector<ast::Hint>& hints);

/// Returns `names` made unique as Calcite does: a repeated name gets a number suffix
/// (a, a0, a1, ...).
std::vector<std::string> UniquifyNames(std::vector<std::string> names);

/// Returns a plan whose fields are renamed to `names` (a LogicalProject of $i), or `rel`
/// itself when the names are already these.
RelPtr RenameFields(const RelPtr& rel, const std::vector<std::string>& names);

}  // namespace weir::sql
