// Binder: the statement-level entry point from parsed SQL to catalog objects and logical plans.
#pragma once

#include "weir/common/config/configuration.h"
#include "weir/common/result.h"
#include "weir/sql/binder/ddl_converter.h"
#include "weir/sql/binder/expression_binder.h"
#include "weir/sql/catalog/catalog_manager.h"
#include "weir/sql/functions/function_registry.h"
#include "weir/sql/parser/ast_statement.h"
#include "weir/sql/planner/rel_node.h"

namespace weir::sql {

/// Binds the statements of one session against its catalogs, function registry and
/// configuration. It only reads them: executing DDL (storing the converted objects) is the
/// caller's. Every error carries the SQL position where one exists.
/// Thread: one statement at a time; the catalog manager is thread-safe.
class Binder {
 public:
  /// `session_config` may be null (Flink's defaults apply). The pointers must outlive the
  /// binder.
  Binder(CatalogManager* catalogs, const FunctionRegistry* registry,
         const config::Configuration* session_config);

  /// Binds a query into a logical plan.
  Result<RelPtr> BindQuery(const ast::Query& query);
  /// Binds INSERT INTO/OVERWRITE into a LogicalSink plan.
  Result<RelPtr> BindInsert(const ast::InsertStatement& insert);
  /// Binds a scalar expression against `scope`.
  Result<ExprPtr> BindExpression(const ast::Expr& expr, const Scope& scope) const;

  /// Completes a 1- to 3-part name with the current catalog and database.
  Result<ObjectIdentifier> Qualify(const std::vector<std::string>& name,
                                   const ast::SourcePos& pos) const;

  Result<CatalogTable> ConvertCreateTable(const ast::CreateTableStatement& stmt) const;
  Result<CatalogView> ConvertCreateView(const ast::CreateViewStatement& stmt) const;
  Result<CatalogFunction> ConvertCreateFunction(const ast::CreateFunctionStatement& stmt) const;
  Result<AlteredTable> ConvertAlterTable(const ast::AlterTableStatement& stmt) const;
  Result<DatabaseDefinition> ConvertCreateDatabase(const ast::CreateDatabaseStatement& stmt) const;
  Result<CatalogDefinition> ConvertCreateCatalog(const ast::CreateCatalogStatement& stmt) const;
  Result<DropTarget> ConvertDrop(const ast::DropStatement& stmt) const;

 private:
  BindContext ctx_;
};

}  // namespace weir::sql
