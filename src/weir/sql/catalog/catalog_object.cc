// Catalog objects: option lists and row types of tables.
#include "weir/sql/catalog/catalog_object.h"

#include <algorithm>

namespace weir::sql {

const std::string* FindOption(const TableOptions& options, const std::string& key) {
  for (const auto& [k, v] : options) {
    if (k == key) return &v;
  }
  return nullptr;
}

void SetOption(TableOptions* options, const std::string& key, const std::string& value) {
  for (auto& [k, v] : *options) {
    if (k == key) {
      v = value;
      return;
    }
  }
  options->emplace_back(key, value);
}

bool RemoveOption(TableOptions* options, const std::string& key) {
  auto it = std::find_if(options->begin(), options->end(),
                         [&](const auto& kv) { return kv.first == key; });
  if (it == options->end()) return false;
  options->erase(it);
  return true;
}

const char* FunctionLanguageName(FunctionLanguage language) {
  switch (language) {
    case FunctionLanguage::kJava:
      return "JAVA";
    case FunctionLanguage::kScala:
      return "SCALA";
    case FunctionLanguage::kPython:
      return "PYTHON";
  }
  return "UNKNOWN";
}

const CatalogColumn* CatalogTable::FindColumn(const std::string& name) const {
  for (const CatalogColumn& c : columns) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

namespace {

LogicalType RowOf(const CatalogTable& table, bool physical_only) {
  std::vector<Field> fields;
  for (const CatalogColumn& c : table.columns) {
    if (physical_only && c.kind != CatalogColumnKind::kPhysical) continue;
    bool in_key = false;
    if (table.primary_key.has_value()) {
      const auto& keys = table.primary_key->columns;
      in_key = std::find(keys.begin(), keys.end(), c.name) != keys.end();
    }
    // Primary key columns are NOT NULL (Flink derives it from the constraint).
    fields.emplace_back(c.name, in_key ? c.type.WithNullable(false) : c.type);
  }
  return LogicalType::Row(std::move(fields), /*nullable=*/false);
}

}  // namespace

CatalogTable MakePhysicalTable(const std::vector<std::pair<std::string, LogicalType>>& columns,
                               TableOptions options) {
  CatalogTable t;
  for (const auto& [name, type] : columns) {
    CatalogColumn c;
    c.name = name;
    c.type = type;
    t.columns.push_back(std::move(c));
  }
  t.options = std::move(options);
  return t;
}

LogicalType CatalogTable::RowType() const { return RowOf(*this, false); }
LogicalType CatalogTable::PhysicalRowType() const { return RowOf(*this, true); }

}  // namespace weir::sql
