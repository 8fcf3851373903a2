// DdlConverter: CREATE/ALTER/DROP statements to catalog objects; DESCRIBE and SHOW CREATE TABLE.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "weir/common/result.h"
#include "weir/sql/binder/expression_binder.h"
#include "weir/sql/catalog/catalog_object.h"
#include "weir/sql/parser/ast_statement.h"

namespace weir::sql {

/// ALTER TABLE ... SET/RESET/RENAME resolved: the table and what to do with it.
struct AlteredTable {
  ObjectIdentifier id;
  /// False when the table does not exist and IF EXISTS was written (nothing to do).
  bool exists = true;
  /// SET/RESET: the table with its new options.
  std::optional<CatalogTable> table;
  /// RENAME TO: the new object name (same catalog and database).
  std::optional<std::string> new_name;
};

/// CREATE DATABASE resolved.
struct DatabaseDefinition {
  std::string catalog;
  std::string database;
  CatalogDatabase definition;
  bool if_not_exists = false;
};

/// CREATE CATALOG resolved (only `'type' = 'generic_in_memory'` catalogs exist so far).
struct CatalogDefinition {
  std::string name;
  TableOptions options;
  std::string comment;
  bool if_not_exists = false;
};

/// DROP ... resolved to the object it names.
struct DropTarget {
  ast::ObjectKind object = ast::ObjectKind::kTable;
  /// Tables, views, catalog functions; databases use catalog and database only.
  ObjectIdentifier id;
  /// DROP CATALOG and DROP TEMPORARY SYSTEM FUNCTION: the plain name.
  std::string name;
  bool temporary = false;
  bool system = false;
  bool if_exists = false;
  bool cascade = false;
};

/// One row of DESCRIBE: Flink's columns name, type, null, key, extras and watermark.
struct DescribeRow {
  std::string name;
  std::string type;  // without NOT NULL (the `null` column says it); time attributes marked
  bool nullable = true;
  std::string key;        // PRI(a, b) for primary key columns
  std::string extras;     // AS expr, METADATA FROM 'k' VIRTUAL
  std::string watermark;  // the watermark expression on the rowtime column
};

/// Converts DDL statements into catalog objects, validating them as Flink does: column
/// types, computed columns typed by binding their expressions, metadata columns, one
/// WATERMARK on a TIMESTAMP(p)/TIMESTAMP_LTZ(p) (p <= 3) column, PRIMARY KEY ... NOT
/// ENFORCED on physical columns (made NOT NULL), partition keys, and LIKE with Flink's merging
/// rules (INCLUDING ALL OVERWRITING OPTIONS by default).
class DdlConverter {
 public:
  explicit DdlConverter(const BindContext& ctx) : ctx_(ctx) {}

  /// Completes a name with the current catalog and database.
  Result<ObjectIdentifier> Qualify(const std::vector<std::string>& name,
                                   const ast::SourcePos& pos) const;

  Result<CatalogTable> ConvertCreateTable(const ast::CreateTableStatement& stmt) const;
  /// Binds the view's query for its column names and types; stores it with table names
  /// fully qualified, so the view means the same after USE.
  Result<CatalogView> ConvertCreateView(const ast::CreateViewStatement& stmt) const;
  Result<CatalogFunction> ConvertCreateFunction(const ast::CreateFunctionStatement& stmt) const;
  Result<AlteredTable> ConvertAlterTable(const ast::AlterTableStatement& stmt) const;
  Result<DatabaseDefinition> ConvertCreateDatabase(const ast::CreateDatabaseStatement& stmt) const;
  Result<CatalogDefinition> ConvertCreateCatalog(const ast::CreateCatalogStatement& stmt) const;
  Result<DropTarget> ConvertDrop(const ast::DropStatement& stmt) const;

 private:
  const BindContext& ctx_;
};

/// Returns the rows of `DESCRIBE t`.
std::vector<DescribeRow> DescribeTable(const CatalogTable& table);

/// Returns the rows of `DESCRIBE v` for a view (name, type and nullability only).
std::vector<DescribeRow> DescribeView(const CatalogView& view);

/// Returns `SHOW CREATE VIEW v` text: the column list and the stored (expanded) query.
std::string ShowCreateView(const ObjectIdentifier& id, const CatalogView& view,
                           bool temporary = false);

/// Returns `SHOW CREATE TABLE t` text in Flink's layout (one column per line, then the
/// watermark and the constraint, then COMMENT, PARTITIONED BY and WITH), ending in a newline.
std::string ShowCreateTable(const ObjectIdentifier& id, const CatalogTable& table,
                            bool temporary = false);

/// Returns `query` printed with every catalog table name completed to catalog.database.name
/// (CTE names are left alone); used to store views.
Result<std::string> ExpandQuerySql(const ast::Query& query, const CatalogManager& catalogs);

}  // namespace weir::sql
