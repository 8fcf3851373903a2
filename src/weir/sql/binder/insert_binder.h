// InsertBinder: binds INSERT INTO / OVERWRITE statements into LogicalSink plans.
#pragma once

#include "weir/common/result.h"
#include "weir/sql/binder/expression_binder.h"
#include "weir/sql/parser/ast_statement.h"
#include "weir/sql/planner/rel_node.h"

namespace weir::sql {

/// Binds `INSERT INTO|OVERWRITE t [PARTITION (k = v)] [(cols)] query`: the query's fields are
/// matched to the table's persisted columns (physical and non-virtual metadata) by position,
/// or by the column list, where unlisted columns get NULL (an error for NOT NULL columns) and
/// static partitions give their columns constants. Fields are cast to the column types when
/// Flink casts implicitly; otherwise the error names the column, as Flink's does.
class InsertBinder {
 public:
  explicit InsertBinder(const BindContext& ctx) : ctx_(ctx) {}

  Result<RelPtr> Bind(const ast::InsertStatement& stmt);

 private:
  const BindContext& ctx_;
};

}  // namespace weir::sql
