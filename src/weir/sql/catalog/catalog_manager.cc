// CatalogManager: name resolution over catalogs, the current database and temporary objects.
#include "weir/sql/catalog/catalog_manager.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "weir/common/ascii.h"
#include "weir/common/str_cat.h"
#include "weir/sql/catalog/in_memory_catalog.h"

namespace weir::sql {

namespace {

ObjectIdentifier FunctionKey(const ObjectIdentifier& id) {
  return ObjectIdentifier{id.catalog, id.database, AsciiLower(id.object)};
}

const char* KindName(const CatalogBaseTable& object) { return IsView(object) ? "View" : "Table"; }

}  // namespace

CatalogManager::CatalogManager(std::string builtin_catalog, std::string builtin_database)
    : builtin_catalog_(builtin_catalog),
      current_catalog_(builtin_catalog),
      current_database_(builtin_database) {
  catalogs_[builtin_catalog] =
      std::make_shared<InMemoryCatalog>(builtin_catalog, std::move(builtin_database));
}

Result<std::shared_ptr<Catalog>> CatalogManager::CatalogLocked(const std::string& name) const {
  auto it = catalogs_.find(name);
  if (it == catalogs_.end()) return Status::NotFound("Catalog ", name, " does not exist.");
  return it->second;
}

Status CatalogManager::CheckDatabaseLocked(const ObjectIdentifier& id) const {
  WEIR_ASSIGN_OR_RAISE(std::shared_ptr<Catalog> catalog, CatalogLocked(id.catalog));
  if (!catalog->DatabaseExists(id.database)) {
    return Status::NotFound("Database ", id.database, " does not exist in Catalog ", id.catalog,
                            ".");
  }
  return Status::OK();
}

Status CatalogManager::RegisterCatalog(const std::string& name, std::shared_ptr<Catalog> catalog,
                                       bool ignore_if_exists) {
  std::lock_guard<std::mutex> lock(mu_);
  if (catalogs_.count(name) > 0) {
    if (ignore_if_exists) return Status::OK();
    return Status::AlreadyExists("Catalog ", name, " already exists.");
  }
  catalogs_[name] = std::move(catalog);
  return Status::OK();
}

Status CatalogManager::UnregisterCatalog(const std::string& name, bool ignore_if_not_exists) {
  std::lock_guard<std::mutex> lock(mu_);
  if (catalogs_.count(name) == 0) {
    if (ignore_if_not_exists) return Status::OK();
    return Status::NotFound("Catalog ", name, " does not exist.");
  }
  if (name == current_catalog_) {
    return Status::Invalid("Cannot drop a catalog which is currently in use: ", name);
  }
  catalogs_.erase(name);
  return Status::OK();
}

std::vector<std::string> CatalogManager::ListCatalogs() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<std::string> out;
  for (const auto& [name, catalog] : catalogs_) out.push_back(name);
  return out;
}

Result<std::shared_ptr<Catalog>> CatalogManager::GetCatalog(const std::string& name) const {
  std::lock_guard<std::mutex> lock(mu_);
  return CatalogLocked(name);
}

std::string CatalogManager::current_catalog() const {
  std::lock_guard<std::mutex> lock(mu_);
  return current_catalog_;
}

std::string CatalogManager::current_database() const {
  std::lock_guard<std::mutex> lock(mu_);
  return current_database_;
}

Status CatalogManager::SetCurrentCatalog(const std::string& name) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = catalogs_.find(name);
  if (it == catalogs_.end()) {
    return Status::NotFound("A catalog with name [", name, "] does not exist.");
  }
  current_catalog_ = name;
  current_database_ = it->second->default_database();
  return Status::OK();
}

Status CatalogManager::SetCurrentDatabase(const std::string& database) {
  std::lock_guard<std::mutex> lock(mu_);
  WEIR_ASSIGN_OR_RAISE(std::shared_ptr<Catalog> catalog, CatalogLocked(current_catalog_));
  if (!catalog->DatabaseExists(database)) {
    return Status::NotFound("A database with name [", database,
                            "] does not exist in the catalog: [", current_catalog_, "].");
  }
  current_database_ = database;
  return Status::OK();
}

Result<ObjectIdentifier> CatalogManager::Qualify(const std::vector<std::string>& parts) const {
  std::lock_guard<std::mutex> lock(mu_);
  switch (parts.size()) {
    case 1:
      return ObjectIdentifier{current_catalog_, current_database_, parts[0]};
    case 2:
      return ObjectIdentifier{current_catalog_, parts[0], parts[1]};
    case 3:
      return ObjectIdentifier{parts[0], parts[1], parts[2]};
    default: {
      std::string joined;
      for (const std::string& p : parts) joined += (joined.empty() ? "" : ".") + p;
      return Status::Invalid("Object identifier can have 1 to 3 parts (object, database.object ",
                             "or catalog.database.object), got ", parts.size(), ": ", joined);
    }
  }
}

std::optional<ResolvedCatalogObject> CatalogManager::GetTable(const ObjectIdentifier& id) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto temp = temporary_tables_.find(id);
  if (temp != temporary_tables_.end()) return ResolvedCatalogObject{id, temp->second, true};
  auto catalog = catalogs_.find(id.catalog);
  if (catalog == catalogs_.end()) return std::nullopt;
  Result<CatalogBaseTable> object = catalog->second->GetTable(id.database, id.object);
  if (!object.ok()) return std::nullopt;
  return ResolvedCatalogObject{id, std::move(*object), false};
}

Status CatalogManager::CreateTable(const ObjectIdentifier& id, CatalogBaseTable table,
                                   bool ignore_if_exists) {
  std::lock_guard<std::mutex> lock(mu_);
  WEIR_ASSIGN_OR_RAISE(std::shared_ptr<Catalog> catalog, CatalogLocked(id.catalog));
  return catalog->CreateTable(id.database, id.object, std::move(table), ignore_if_exists);
}

Status CatalogManager::CreateTemporaryTable(const ObjectIdentifier& id, CatalogBaseTable table,
                                            bool ignore_if_exists) {
  std::lock_guard<std::mutex> lock(mu_);
  WEIR_RETURN_NOT_OK(CheckDatabaseLocked(id));
  if (temporary_tables_.count(id) > 0) {
    if (ignore_if_exists) return Status::OK();
    return Status::AlreadyExists("Temporary ", IsView(table) ? "view" : "table", " '",
                                 id.ToString(), "' already exists");
  }
  temporary_tables_.emplace(id, std::move(table));
  return Status::OK();
}

Status CatalogManager::DropTable(const ObjectIdentifier& id, bool view, bool temporary,
                                 bool ignore_if_not_exists) {
  const char* kind = view ? "View" : "Table";
  std::lock_guard<std::mutex> lock(mu_);
  auto temp = temporary_tables_.find(id);
  if (temporary) {
    if (temp == temporary_tables_.end() || IsView(temp->second) != view) {
      if (ignore_if_not_exists) return Status::OK();
      return Status::NotFound("Temporary ", view ? "view" : "table", " with identifier '",
                              id.ToString(), "' does not exist.");
    }
    temporary_tables_.erase(temp);
    return Status::OK();
  }
  if (temp != temporary_tables_.end()) {
    return Status::Invalid("Temporary ", view ? "view" : "table", " with identifier '",
                           id.ToString(), "' exists. Drop it first before removing the ",
                           "permanent ", view ? "view" : "table", ".");
  }
  auto catalog = catalogs_.find(id.catalog);
  Result<CatalogBaseTable> object =
      catalog == catalogs_.end()
          ? Result<CatalogBaseTable>(Status::NotFound("no catalog"))
          : catalog->second->GetTable(id.database, id.object);
  if (!object.ok()) {
    if (ignore_if_not_exists) return Status::OK();
    return Status::NotFound(kind, " with identifier '", id.ToSummaryString(),
                            "' does not exist.");
  }
  if (IsView(*object) != view) {
    return Status::Invalid(KindName(*object), " ", id.ToString(), " is a ",
                           IsView(*object) ? "view" : "table", "; use DROP ",
                           IsView(*object) ? "VIEW" : "TABLE", " to drop it.");
  }
  return catalog->second->DropTable(id.database, id.object, ignore_if_not_exists);
}

Status CatalogManager::AlterTable(const ObjectIdentifier& id, CatalogBaseTable table) {
  std::lock_guard<std::mutex> lock(mu_);
  auto temp = temporary_tables_.find(id);
  if (temp != temporary_tables_.end()) {
    temp->second = std::move(table);
    return Status::OK();
  }
  WEIR_ASSIGN_OR_RAISE(std::shared_ptr<Catalog> catalog, CatalogLocked(id.catalog));
  return catalog->AlterTable(id.database, id.object, std::move(table), false);
}

Status CatalogManager::RenameTable(const ObjectIdentifier& id, const std::string& new_name) {
  std::lock_guard<std::mutex> lock(mu_);
  auto temp = temporary_tables_.find(id);
  if (temp != temporary_tables_.end()) {
    ObjectIdentifier target{id.catalog, id.database, new_name};
    if (temporary_tables_.count(target) > 0) {
      return Status::AlreadyExists("Temporary table '", target.ToString(), "' already exists");
    }
    CatalogBaseTable object = std::move(temp->second);
    temporary_tables_.erase(temp);
    temporary_tables_.emplace(target, std::move(object));
    return Status::OK();
  }
  WEIR_ASSIGN_OR_RAISE(std::shared_ptr<Catalog> catalog, CatalogLocked(id.catalog));
  return catalog->RenameTable(id.database, id.object, new_name, false);
}

Result<std::vector<std::string>> CatalogManager::ListTables(const std::string& catalog_name,
                                                            const std::string& database,
                                                            bool views_only) const {
  std::lock_guard<std::mutex> lock(mu_);
  const std::string cat = catalog_name.empty() ? current_catalog_ : catalog_name;
  const std::string db = database.empty() ? current_database_ : database;
  WEIR_ASSIGN_OR_RAISE(std::shared_ptr<Catalog> catalog, CatalogLocked(cat));
  std::set<std::string> names;
  WEIR_ASSIGN_OR_RAISE(std::vector<std::string> permanent,
                       views_only ? catalog->ListViews(db) : catalog->ListTables(db));
  names.insert(permanent.begin(), permanent.end());
  for (const auto& [id, object] : temporary_tables_) {
    if (id.catalog == cat && id.database == db && (!views_only || IsView(object))) {
      names.insert(id.object);
    }
  }
  return std::vector<std::string>(names.begin(), names.end());
}

Status CatalogManager::CreateTemporarySystemFunction(const std::string& name,
                                                     CatalogFunction function,
                                                     bool ignore_if_exists) {
  std::lock_guard<std::mutex> lock(mu_);
  const std::string key = AsciiLower(name);
  if (temporary_system_functions_.count(key) > 0) {
    if (ignore_if_exists) return Status::OK();
    return Status::AlreadyExists("Could not register temporary system function. A function "
                                 "named '", name, "' does already exist.");
  }
  temporary_system_functions_.emplace(key, std::move(function));
  return Status::OK();
}

Status CatalogManager::DropTemporarySystemFunction(const std::string& name,
                                                   bool ignore_if_not_exists) {
  std::lock_guard<std::mutex> lock(mu_);
  if (temporary_system_functions_.erase(AsciiLower(name)) == 0 && !ignore_if_not_exists) {
    return Status::NotFound("Temporary system function ", name, " doesn't exist");
  }
  return Status::OK();
}

Status CatalogManager::CreateFunction(const ObjectIdentifier& id, CatalogFunction function,
                                      bool ignore_if_exists) {
  std::lock_guard<std::mutex> lock(mu_);
  WEIR_ASSIGN_OR_RAISE(std::shared_ptr<Catalog> catalog, CatalogLocked(id.catalog));
  return catalog->CreateFunction(id.database, id.object, std::move(function), ignore_if_exists);
}

Status CatalogManager::CreateTemporaryFunction(const ObjectIdentifier& id,
                                               CatalogFunction function, bool ignore_if_exists) {
  std::lock_guard<std::mutex> lock(mu_);
  WEIR_RETURN_NOT_OK(CheckDatabaseLocked(id));
  const ObjectIdentifier key = FunctionKey(id);
  if (temporary_functions_.count(key) > 0) {
    if (ignore_if_exists) return Status::OK();
    return Status::AlreadyExists("Temporary catalog function ", id.ToString(),
                                 " already exists");
  }
  temporary_functions_.emplace(key, std::move(function));
  return Status::OK();
}

Status CatalogManager::DropFunction(const ObjectIdentifier& id, bool temporary,
                                    bool ignore_if_not_exists) {
  std::lock_guard<std::mutex> lock(mu_);
  if (temporary) {
    if (temporary_functions_.erase(FunctionKey(id)) == 0 && !ignore_if_not_exists) {
      return Status::NotFound("Temporary catalog function ", id.ToString(), " doesn't exist");
    }
    return Status::OK();
  }
  WEIR_ASSIGN_OR_RAISE(std::shared_ptr<Catalog> catalog, CatalogLocked(id.catalog));
  return catalog->DropFunction(id.database, id.object, ignore_if_not_exists);
}

std::optional<ResolvedCatalogFunction> CatalogManager::LookupFunction(
    const std::vector<std::string>& parts, bool include_temporary_system) const {
  if (parts.empty() || parts.size() > 3) return std::nullopt;
  if (parts.size() == 1 && include_temporary_system) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = temporary_system_functions_.find(AsciiLower(parts[0]));
    if (it != temporary_system_functions_.end()) {
      return ResolvedCatalogFunction{ObjectIdentifier{"", "", it->first}, it->second, true, true};
    }
  }
  Result<ObjectIdentifier> id = Qualify(parts);
  if (!id.ok()) return std::nullopt;
  std::lock_guard<std::mutex> lock(mu_);
  const ObjectIdentifier key = FunctionKey(*id);
  auto temp = temporary_functions_.find(key);
  if (temp != temporary_functions_.end()) {
    return ResolvedCatalogFunction{key, temp->second, true, false};
  }
  auto catalog = catalogs_.find(id->catalog);
  if (catalog == catalogs_.end()) return std::nullopt;
  Result<CatalogFunction> fn = catalog->second->GetFunction(id->database, id->object);
  if (!fn.ok()) return std::nullopt;
  return ResolvedCatalogFunction{key, std::move(*fn), false, false};
}

std::vector<std::string> CatalogManager::ListUserFunctions() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::set<std::string> names;
  for (const auto& [name, fn] : temporary_system_functions_) names.insert(name);
  for (const auto& [id, fn] : temporary_functions_) {
    if (id.catalog == current_catalog_ && id.database == current_database_) {
      names.insert(id.object);
    }
  }
  auto catalog = catalogs_.find(current_catalog_);
  if (catalog != catalogs_.end()) {
    Result<std::vector<std::string>> permanent =
        catalog->second->ListFunctions(current_database_);
    if (permanent.ok()) names.insert(permanent->begin(), permanent->end());
  }
  return std::vector<std::string>(names.begin(), names.end());
}

}  // namespace weir::sql
