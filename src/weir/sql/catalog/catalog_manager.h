// CatalogManager: the session's catalogs, current catalog and database, and temporary objects.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "weir/common/result.h"
#include "weir/sql/catalog/catalog.h"
#include "weir/sql/catalog/object_identifier.h"

namespace weir::sql {

/// A table or view found by name, with where it came from.
struct ResolvedCatalogObject {
  ObjectIdentifier identifier;
  CatalogBaseTable object;
  bool temporary = false;
};

/// A function found by name.
struct ResolvedCatalogFunction {
  /// For catalog functions the full name; for temporary system functions only `object`.
  ObjectIdentifier identifier;
  CatalogFunction function;
  bool temporary = false;
  bool system = false;
};

/// What one SQL session sees of catalogs (Flink's CatalogManager and the catalog part of its
/// FunctionCatalog). Starts with the built-in in-memory catalog `default_catalog` holding
/// `default_database`, both current. Temporary tables, views and functions live here, not in
/// a catalog, and shadow permanent objects of the same name.
/// Thread: thread-safe.
class CatalogManager {
 public:
  explicit CatalogManager(std::string builtin_catalog = "default_catalog",
                          std::string builtin_database = "default_database");

  // --- Catalogs and databases.
  Status RegisterCatalog(const std::string& name, std::shared_ptr<Catalog> catalog,
                         bool ignore_if_exists);
  /// Drops a catalog that is not the current one.
  Status UnregisterCatalog(const std::string& name, bool ignore_if_not_exists);
  std::vector<std::string> ListCatalogs() const;
  /// Returns the catalog, or a NotFound error naming it.
  Result<std::shared_ptr<Catalog>> GetCatalog(const std::string& name) const;
  std::string current_catalog() const;
  std::string current_database() const;
  /// USE CATALOG: also makes the catalog's default database current.
  Status SetCurrentCatalog(const std::string& name);
  /// USE [catalog.]database.
  Status SetCurrentDatabase(const std::string& database);

  /// Completes a 1-, 2- or 3-part name with the current catalog and database.
  Result<ObjectIdentifier> Qualify(const std::vector<std::string>& parts) const;

  // --- Tables and views.
  /// Finds a table or view, temporary objects first; nullopt when there is none (a missing
  /// catalog or database is also "none", as name resolution sees it).
  std::optional<ResolvedCatalogObject> GetTable(const ObjectIdentifier& id) const;
  Status CreateTable(const ObjectIdentifier& id, CatalogBaseTable table, bool ignore_if_exists);
  Status CreateTemporaryTable(const ObjectIdentifier& id, CatalogBaseTable table,
                              bool ignore_if_exists);
  /// DROP TABLE / DROP VIEW (`view` says which was written; the object must be of that kind).
  /// Without `temporary` a temporary object of the name blocks dropping the permanent one.
  Status DropTable(const ObjectIdentifier& id, bool view, bool temporary,
                   bool ignore_if_not_exists);
  /// Replaces a permanent table (ALTER TABLE ... SET/RESET) or a temporary one.
  Status AlterTable(const ObjectIdentifier& id, CatalogBaseTable table);
  /// ALTER TABLE ... RENAME TO (within the same catalog and database).
  Status RenameTable(const ObjectIdentifier& id, const std::string& new_name);
  /// SHOW TABLES / SHOW VIEWS of a database (current when empty): permanent and temporary,
  /// sorted, each name once.
  Result<std::vector<std::string>> ListTables(const std::string& catalog,
                                              const std::string& database, bool views_only) const;

  // --- Functions (built-in functions are the function registry's; this holds user ones).
  Status CreateTemporarySystemFunction(const std::string& name, CatalogFunction function,
                                       bool ignore_if_exists);
  Status DropTemporarySystemFunction(const std::string& name, bool ignore_if_not_exists);
  Status CreateFunction(const ObjectIdentifier& id, CatalogFunction function,
                        bool ignore_if_exists);
  Status CreateTemporaryFunction(const ObjectIdentifier& id, CatalogFunction function,
                                 bool ignore_if_exists);
  Status DropFunction(const ObjectIdentifier& id, bool temporary, bool ignore_if_not_exists);
  /// Resolves a user function by its name as written (1 to 3 parts) in Flink's order:
  /// temporary system function (1 part only), temporary catalog function, catalog function.
  /// Built-in functions rank between the first two; the binder checks them itself.
  std::optional<ResolvedCatalogFunction> LookupFunction(const std::vector<std::string>& parts,
                                                        bool include_temporary_system) const;
  /// SHOW [USER] FUNCTIONS: user functions visible in the current database, sorted.
  std::vector<std::string> ListUserFunctions() const;

 private:
  // REQUIRES: mu_ held.
  Result<std::shared_ptr<Catalog>> CatalogLocked(const std::string& name) const;
  Status CheckDatabaseLocked(const ObjectIdentifier& id) const;

  const std::string builtin_catalog_;
  mutable std::mutex mu_;
  std::map<std::string, std::shared_ptr<Catalog>> catalogs_;              // REQUIRES: mu_ held
  std::string current_catalog_;                                          // REQUIRES: mu_ held
  std::string current_database_;                                         // REQUIRES: mu_ held
  std::map<ObjectIdentifier, CatalogBaseTable> temporary_tables_;         // REQUIRES: mu_ held
  std::map<ObjectIdentifier, CatalogFunction> temporary_functions_;       // REQUIRES: mu_ held
  std::map<std::string, CatalogFunction> temporary_system_functions_;     // REQUIRES: mu_ held
};

}  // namespace weir::sql
