// InMemoryCatalog: maps of databases, tables, views and functions behind one mutex.
#include "weir/sql/catalog/in_memory_catalog.h"

#include <algorithm>
#include <cctype>

#include "weir/common/ascii.h"
#include "weir/common/str_cat.h"

namespace weir::sql {

namespace {

}  // namespace

InMemoryCatalog::InMemoryCatalog(std::string name, std::string default_database)
    : name_(std::move(name)), default_database_(std::move(default_database)) {
  databases_[default_database_] = Database{};
}

Status InMemoryCatalog::NoDatabase(const std::string& database) const {
  return Status::NotFound("Database ", database, " does not exist in Catalog ", name_, ".");
}

Status InMemoryCatalog::NoTable(const std::string& database, const std::string& name) const {
  return Status::NotFound("Table (or view) ", database, ".", name,
                          " does not exist in Catalog ", name_, ".");
}

Result<InMemoryCatalog::Database*> InMemoryCatalog::FindLocked(
    const std::string& database) const {
  auto it = databases_.find(database);
  if (it == databases_.end()) return NoDatabase(database);
  return &it->second;
}

std::vector<std::string> InMemoryCatalog::ListDatabases() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<std::string> out;
  for (const auto& [name, db] : databases_) out.push_back(name);
  return out;
}

bool InMemoryCatalog::DatabaseExists(const std::string& database) const {
  std::lock_guard<std::mutex> lock(mu_);
  return databases_.count(database) > 0;
}

Result<CatalogDatabase> InMemoryCatalog::GetDatabase(const std::string& database) const {
  std::lock_guard<std::mutex> lock(mu_);
  WEIR_ASSIGN_OR_RAISE(Database * db, FindLocked(database));
  return db->definition;
}

Status InMemoryCatalog::CreateDatabase(const std::string& database, CatalogDatabase definition,
                                       bool ignore_if_exists) {
  std::lock_guard<std::mutex> lock(mu_);
  if (databases_.count(database) > 0) {
    if (ignore_if_exists) return Status::OK();
    return Status::AlreadyExists("Database ", database, " already exists in Catalog ", name_,
                                 ".");
  }
  databases_[database].definition = std::move(definition);
  return Status::OK();
}

Status InMemoryCatalog::DropDatabase(const std::string& database, bool ignore_if_not_exists,
                                     bool cascade) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = databases_.find(database);
  if (it == databases_.end()) {
    if (ignore_if_not_exists) return Status::OK();
    return NoDatabase(database);
  }
  if (!cascade && (!it->second.tables.empty() || !it->second.functions.empty())) {
    return Status::Invalid("Database ", database, " in catalog ", name_,
                           " is not empty. Use DROP DATABASE ... CASCADE to drop it with its "
                           "tables, views and functions.");
  }
  databases_.erase(it);
  return Status::OK();
}

Result<std::vector<std::string>> InMemoryCatalog::ListTables(const std::string& database) const {
  std::lock_guard<std::mutex> lock(mu_);
  WEIR_ASSIGN_OR_RAISE(Database * db, FindLocked(database));
  std::vector<std::string> out;
  for (const auto& [name, object] : db->tables) out.push_back(name);
  return out;
}

Result<std::vector<std::string>> InMemoryCatalog::ListViews(const std::string& database) const {
  std::lock_guard<std::mutex> lock(mu_);
  WEIR_ASSIGN_OR_RAISE(Database * db, FindLocked(database));
  std::vector<std::string> out;
  for (const auto& [name, object] : db->tables) {
    if (IsView(object)) out.push_back(name);
  }
  return out;
}

bool InMemoryCatalog::TableExists(const std::string& database, const std::string& name) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = databases_.find(database);
  return it != databases_.end() && it->second.tables.count(name) > 0;
}

Result<CatalogBaseTable> InMemoryCatalog::GetTable(const std::string& database,
                                                   const std::string& name) const {
  std::lock_guard<std::mutex> lock(mu_);
  WEIR_ASSIGN_OR_RAISE(Database * db, FindLocked(database));
  auto it = db->tables.find(name);
  if (it == db->tables.end()) return NoTable(database, name);
  return it->second;
}

Status InMemoryCatalog::CreateTable(const std::string& database, const std::string& name,
                                    CatalogBaseTable table, bool ignore_if_exists) {
  std::lock_guard<std::mutex> lock(mu_);
  WEIR_ASSIGN_OR_RAISE(Database * db, FindLocked(database));
  if (db->tables.count(name) > 0) {
    if (ignore_if_exists) return Status::OK();
    return Status::AlreadyExists("Table (or view) ", database, ".", name,
                                 " already exists in Catalog ", name_, ".");
  }
  db->tables.emplace(name, std::move(table));
  return Status::OK();
}

Status InMemoryCatalog::AlterTable(const std::string& database, const std::string& name,
                                   CatalogBaseTable table, bool ignore_if_not_exists) {
  std::lock_guard<std::mutex> lock(mu_);
  WEIR_ASSIGN_OR_RAISE(Database * db, FindLocked(database));
  auto it = db->tables.find(name);
  if (it == db->tables.end()) {
    if (ignore_if_not_exists) return Status::OK();
    return NoTable(database, name);
  }
  if (IsView(it->second) != IsView(table)) {
    return Status::Invalid("Cannot alter ", database, ".", name, ": a ",
                           IsView(it->second) ? "view" : "table", " cannot become a ",
                           IsView(table) ? "view" : "table", ".");
  }
  it->second = std::move(table);
  return Status::OK();
}

Status InMemoryCatalog::RenameTable(const std::string& database, const std::string& name,
                                    const std::string& new_name, bool ignore_if_not_exists) {
  std::lock_guard<std::mutex> lock(mu_);
  WEIR_ASSIGN_OR_RAISE(Database * db, FindLocked(database));
  auto it = db->tables.find(name);
  if (it == db->tables.end()) {
    if (ignore_if_not_exists) return Status::OK();
    return NoTable(database, name);
  }
  if (db->tables.count(new_name) > 0) {
    return Status::AlreadyExists("Table (or view) ", database, ".", new_name,
                                 " already exists in Catalog ", name_, ".");
  }
  CatalogBaseTable object = std::move(it->second);
  db->tables.erase(it);
  db->tables.emplace(new_name, std::move(object));
  return Status::OK();
}

Status InMemoryCatalog::DropTable(const std::string& database, const std::string& name,
                                  bool ignore_if_not_exists) {
  std::lock_guard<std::mutex> lock(mu_);
  WEIR_ASSIGN_OR_RAISE(Database * db, FindLocked(database));
  if (db->tables.erase(name) == 0 && !ignore_if_not_exists) return NoTable(database, name);
  return Status::OK();
}

Result<std::vector<std::string>> InMemoryCatalog::ListFunctions(
    const std::string& database) const {
  std::lock_guard<std::mutex> lock(mu_);
  WEIR_ASSIGN_OR_RAISE(Database * db, FindLocked(database));
  std::vector<std::string> out;
  for (const auto& [name, fn] : db->functions) out.push_back(name);
  return out;
}

bool InMemoryCatalog::FunctionExists(const std::string& database, const std::string& name) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = databases_.find(database);
  return it != databases_.end() && it->second.functions.count(AsciiLower(name)) > 0;
}

Result<CatalogFunction> InMemoryCatalog::GetFunction(const std::string& database,
                                                     const std::string& name) const {
  std::lock_guard<std::mutex> lock(mu_);
  WEIR_ASSIGN_OR_RAISE(Database * db, FindLocked(database));
  auto it = db->functions.find(AsciiLower(name));
  if (it == db->functions.end()) {
    return Status::NotFound("Function ", database, ".", name, " does not exist in Catalog ",
                            name_, ".");
  }
  return it->second;
}

Status InMemoryCatalog::CreateFunction(const std::string& database, const std::string& name,
                                       CatalogFunction function, bool ignore_if_exists) {
  std::lock_guard<std::mutex> lock(mu_);
  WEIR_ASSIGN_OR_RAISE(Database * db, FindLocked(database));
  const std::string key = AsciiLower(name);
  if (db->functions.count(key) > 0) {
    if (ignore_if_exists) return Status::OK();
    return Status::AlreadyExists("Function ", database, ".", name, " already exists in Catalog ",
                                 name_, ".");
  }
  db->functions.emplace(key, std::move(function));
  return Status::OK();
}

Status InMemoryCatalog::DropFunction(const std::string& database, const std::string& name,
                                     bool ignore_if_not_exists) {
  std::lock_guard<std::mutex> lock(mu_);
  WEIR_ASSIGN_OR_RAISE(Database * db, FindLocked(database));
  if (db->functions.erase(AsciiLower(name)) == 0 && !ignore_if_not_exists) {
    return Status::NotFound("Function ", database, ".", name, " does not exist in Catalog ",
                            name_, ".");
  }
  return Status::OK();
}

}  // namespace weir::sql
