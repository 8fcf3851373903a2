// Binder: dispatch of statements to the query, INSERT and DDL binders.
#include "weir/sql/binder/binder.h"

#include "weir/sql/binder/insert_binder.h"
#include "weir/sql/binder/query_binder.h"

namespace weir::sql {

Binder::Binder(CatalogManager* catalogs, const FunctionRegistry* registry,
               const config::Configuration* session_config) {
  ctx_.catalogs = catalogs;
  ctx_.registry = registry != nullptr ? registry : &FunctionRegistry::Builtins();
  ctx_.config = session_config;
}

Result<RelPtr> Binder::BindQuery(const ast::Query& query) { return QueryBinder(ctx_).Bind(query); }

Result<RelPtr> Binder::BindInsert(const ast::InsertStatement& insert) {
  return InsertBinder(ctx_).Bind(insert);
}

Result<ExprPtr> Binder::BindExpression(const ast::Expr& expr, const Scope& scope) const {
  return ExpressionBinder(ctx_, &scope).Bind(expr);
}

Result<ObjectIdentifier> Binder::Qualify(const std::vector<std::string>& name,
                                         const ast::SourcePos& pos) const {
  return DdlConverter(ctx_).Qualify(name, pos);
}

Result<CatalogTable> Binder::ConvertCreateTable(const ast::CreateTableStatement& stmt) const {
  return DdlConverter(ctx_).ConvertCreateTable(stmt);
}

Result<CatalogView> Binder::ConvertCreateView(const ast::CreateViewStatement& stmt) const {
  return DdlConverter(ctx_).ConvertCreateView(stmt);
}

Result<CatalogFunction> Binder::ConvertCreateFunction(
    const ast::CreateFunctionStatement& stmt) const {
  return DdlConverter(ctx_).ConvertCreateFunction(stmt);
}

Result<AlteredTable> Binder::ConvertAlterTable(const ast::AlterTableStatement& stmt) const {
  return DdlConverter(ctx_).ConvertAlterTable(stmt);
}

Result<DatabaseDefinition> Binder::ConvertCreateDatabase(
    const ast::CreateDatabaseStatement& stmt) const {
  return DdlConverter(ctx_).ConvertCreateDatabase(stmt);
}

Result<CatalogDefinition> Binder::ConvertCreateCatalog(
    const ast::CreateCatalogStatement& stmt) const {
  return DdlConverter(ctx_).ConvertCreateCatalog(stmt);
}

Result<DropTarget> Binder::ConvertDrop(const ast::DropStatement& stmt) const {
  return DdlConverter(ctx_).ConvertDrop(stmt);
}

}  // namespace weir::sql
