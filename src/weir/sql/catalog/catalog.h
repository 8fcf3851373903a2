// Catalog: the metadata of one named catalog — databases, tables, views and functions.
#pragma once

#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "weir/common/result.h"
#include "weir/sql/catalog/catalog_object.h"

namespace weir::sql {

/// A table or a view, as stored under one name.
using CatalogBaseTable = std::variant<CatalogTable, CatalogView>;

/// Returns true when `object` holds a view.
inline bool IsView(const CatalogBaseTable& object) {
  return std::holds_alternative<CatalogView>(object);
}

/// One catalog (Flink's Catalog interface, for the parts Weir needs). Names are
/// case-sensitive. Errors read as Flink's catalog exceptions do, e.g. "Database db does not
/// exist in Catalog cat." (NotFound) or "Table (or view) db.t already exists in Catalog cat."
/// (AlreadyExists).
/// Thread: implementations are thread-safe.
class Catalog {
 public:
  virtual ~Catalog() = default;

  virtual const std::string& name() const = 0;
  virtual const std::string& default_database() const = 0;

  virtual std::vector<std::string> ListDatabases() const = 0;
  virtual bool DatabaseExists(const std::string& database) const = 0;
  virtual Result<CatalogDatabase> GetDatabase(const std::string& database) const = 0;
  virtual Status CreateDatabase(const std::string& database, CatalogDatabase definition,
                                bool ignore_if_exists) = 0;
  /// Drops a database; with `cascade` its tables, views and functions go too, otherwise a
  /// non-empty database is an error.
  virtual Status DropDatabase(const std::string& database, bool ignore_if_not_exists,
                              bool cascade) = 0;

  /// Lists tables and views (sorted).
  virtual Result<std::vector<std::string>> ListTables(const std::string& database) const = 0;
  virtual Result<std::vector<std::string>> ListViews(const std::string& database) const = 0;
  virtual bool TableExists(const std::string& database, const std::string& name) const = 0;
  virtual Result<CatalogBaseTable> GetTable(const std::string& database,
                                            const std::string& name) const = 0;
  virtual Status CreateTable(const std::string& database, const std::string& name,
                             CatalogBaseTable table, bool ignore_if_exists) = 0;
  /// Replaces an existing table or view of the same kind.
  virtual Status AlterTable(const std::string& database, const std::string& name,
                            CatalogBaseTable table, bool ignore_if_not_exists) = 0;
  virtual Status RenameTable(const std::string& database, const std::string& name,
                             const std::string& new_name, bool ignore_if_not_exists) = 0;
  virtual Status DropTable(const std::string& database, const std::string& name,
                           bool ignore_if_not_exists) = 0;

  virtual Result<std::vector<std::string>> ListFunctions(const std::string& database) const = 0;
  virtual bool FunctionExists(const std::string& database, const std::string& name) const = 0;
  virtual Result<CatalogFunction> GetFunction(const std::string& database,
                                              const std::string& name) const = 0;
  virtual Status CreateFunction(const std::string& database, const std::string& name,
                                CatalogFunction function, bool ignore_if_exists) = 0;
  virtual Status DropFunction(const std::string& database, const std::string& name,
                              bool ignore_if_not_exists) = 0;
};

}  // namespace weir::sql
