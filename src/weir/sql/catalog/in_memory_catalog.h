// InMemoryCatalog: a catalog kept in process memory (Flink's GenericInMemoryCatalog).
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "weir/sql/catalog/catalog.h"

namespace weir::sql {

/// A catalog held in memory; its contents end with the session. Function names are
/// case-insensitive (stored lower case), table and database names case-sensitive.
/// Thread: thread-safe.
class InMemoryCatalog final : public Catalog {
 public:
  /// Creates a catalog with one empty database, `default_database`.
  InMemoryCatalog(std::string name, std::string default_database);

  const std::string& name() const override { return name_; }
  const std::string& default_database() const override { return default_database_; }

  std::vector<std::string> ListDatabases() const override;
  bool DatabaseExists(const std::string& database) const override;
  Result<CatalogDatabase> GetDatabase(const std::string& database) const override;
  Status CreateDatabase(const std::string& database, CatalogDatabase definition,
                        bool ignore_if_exists) override;
  Status DropDatabase(const std::string& database, bool ignore_if_not_exists,
                      bool cascade) override;

  Result<std::vector<std::string>> ListTables(const std::string& database) const override;
  Result<std::vector<std::string>> ListViews(const std::string& database) const override;
  bool TableExists(const std::string& database, const std::string& name) const override;
  Result<CatalogBaseTable> GetTable(const std::string& database,
                                    const std::string& name) const override;
  Status CreateTable(const std::string& database, const std::string& name,
                     CatalogBaseTable table, bool ignore_if_exists) override;
  Status AlterTable(const std::string& database, const std::string& name, CatalogBaseTable table,
                    bool ignore_if_not_exists) override;
  Status RenameTable(const std::string& database, const std::string& name,
                     const std::string& new_name, bool ignore_if_not_exists) override;
  Status DropTable(const std::string& database, const std::string& name,
                   bool ignore_if_not_exists) override;

  Result<std::vector<std::string>> ListFunctions(const std::string& database) const override;
  bool FunctionExists(const std::string& database, const std::string& name) const override;
  Result<CatalogFunction> GetFunction(const std::string& database,
                                      const std::string& name) const override;
  Status CreateFunction(const std::string& database, const std::string& name,
                        CatalogFunction function, bool ignore_if_exists) override;
  Status DropFunction(const std::string& database, const std::string& name,
                      bool ignore_if_not_exists) override;

 private:
  struct Database {
    CatalogDatabase definition;
    std::map<std::string, CatalogBaseTable> tables;  // tables and views
    std::map<std::string, CatalogFunction> functions;
  };

  // REQUIRES: mu_ held. Returns the database or a NotFound error.
  Result<Database*> FindLocked(const std::string& database) const;
  Status NoDatabase(const std::string& database) const;
  Status NoTable(const std::string& database, const std::string& name) const;

  const std::string name_;
  const std::string default_database_;
  mutable std::mutex mu_;
  mutable std::map<std::string, Database> databases_;  // REQUIRES: mu_ held
};

}  // namespace weir::sql
