// CatalogJson: CatalogTable <-> JSON.
#include "weir/sql/catalog/catalog_json.h"

#include <nlohmann/json.hpp>

#include "weir/common/str_cat.h"

namespace weir::sql {

namespace {

using nlohmann::json;

const char* KindName(CatalogColumnKind kind) {
  switch (kind) {
    case CatalogColumnKind::kPhysical:
      return "physical";
    case CatalogColumnKind::kComputed:
      return "computed";
    case CatalogColumnKind::kMetadata:
      return "metadata";
  }
  return "physical";
}

Result<CatalogColumnKind> ParseKind(const std::string& s) {
  if (s == "physical") return CatalogColumnKind::kPhysical;
  if (s == "computed") return CatalogColumnKind::kComputed;
  if (s == "metadata") return CatalogColumnKind::kMetadata;
  return Status::SerializationError("unknown column kind in plan: ", s);
}

Result<std::string> String(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_string()) {
    return Status::SerializationError("plan JSON: '", key, "' must be a string");
  }
  return it->get<std::string>();
}

Result<LogicalType> Type(const json& j, const char* key) {
  WEIR_ASSIGN_OR_RAISE(std::string text, String(j, key));
  return LogicalType::Parse(text);
}

}  // namespace

json CatalogTableToJson(const CatalogTable& table) {
  json columns = json::array();
  for (const CatalogColumn& c : table.columns) {
    json col = {{"name", c.name}, {"type", c.type.ToString()}, {"kind", KindName(c.kind)}};
    if (c.kind == CatalogColumnKind::kComputed) col["expression"] = c.expression;
    if (c.metadata_key) col["metadata_key"] = *c.metadata_key;
    if (c.is_virtual) col["virtual"] = true;
    if (c.comment) col["comment"] = *c.comment;
    columns.push_back(std::move(col));
  }
  json watermarks = json::array();
  for (const WatermarkSpec& w : table.watermarks) {
    watermarks.push_back(
        {{"rowtime", w.rowtime_column}, {"expression", w.expression}, {"type", w.type.ToString()}});
  }
  json options = json::array();
  for (const auto& [k, v] : table.options) options.push_back(json::array({k, v}));
  json out = {{"columns", std::move(columns)},
              {"watermarks", std::move(watermarks)},
              {"partition_keys", table.partition_keys},
              {"options", std::move(options)},
              {"comment", table.comment}};
  if (table.primary_key) {
    out["primary_key"] = {{"name", table.primary_key->name},
                          {"columns", table.primary_key->columns}};
  }
  return out;
}

Result<CatalogTable> CatalogTableFromJson(const json& j) {
  if (!j.is_object()) return Status::SerializationError("plan JSON: a table must be an object");
  CatalogTable t;
  try {
    for (const json& c : j.at("columns")) {
      CatalogColumn col;
      WEIR_ASSIGN_OR_RAISE(col.name, String(c, "name"));
      WEIR_ASSIGN_OR_RAISE(col.type, Type(c, "type"));
      WEIR_ASSIGN_OR_RAISE(std::string kind, String(c, "kind"));
      WEIR_ASSIGN_OR_RAISE(col.kind, ParseKind(kind));
      if (c.contains("expression")) col.expression = c.at("expression").get<std::string>();
      if (c.contains("metadata_key")) col.metadata_key = c.at("metadata_key").get<std::string>();
      col.is_virtual = c.value("virtual", false);
      if (c.contains("comment")) col.comment = c.at("comment").get<std::string>();
      t.columns.push_back(std::move(col));
    }
    for (const json& w : j.at("watermarks")) {
      WatermarkSpec spec;
      WEIR_ASSIGN_OR_RAISE(spec.rowtime_column, String(w, "rowtime"));
      WEIR_ASSIGN_OR_RAISE(spec.expression, String(w, "expression"));
      WEIR_ASSIGN_OR_RAISE(spec.type, Type(w, "type"));
      t.watermarks.push_back(std::move(spec));
    }
    t.partition_keys = j.at("partition_keys").get<std::vector<std::string>>();
    for (const json& kv : j.at("options")) {
      t.options.emplace_back(kv.at(0).get<std::string>(), kv.at(1).get<std::string>());
    }
    t.comment = j.value("comment", std::string());
    if (j.contains("primary_key")) {
      const json& pk = j.at("primary_key");
      t.primary_key = PrimaryKeyConstraint{pk.at("name").get<std::string>(),
                                           pk.at("columns").get<std::vector<std::string>>()};
    }
  } catch (const json::exception& e) {
    return Status::SerializationError("plan JSON: malformed table: ", e.what());
  }
  return t;
}

}  // namespace weir::sql
