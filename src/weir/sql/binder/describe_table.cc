// DESCRIBE rows and SHOW CREATE TABLE text of catalog tables.
#include <algorithm>

#include "weir/common/str_cat.h"
#include "weir/sql/binder/ddl_converter.h"
#include "weir/sql/parser/ast_printer.h"

namespace weir::sql {

namespace {

std::string MetadataText(const CatalogColumn& c) {
  std::string out = "METADATA";
  if (c.metadata_key.has_value()) out += " FROM " + ast::QuoteString(*c.metadata_key);
  if (c.is_virtual) out += " VIRTUAL";
  return out;
}

// The column type as DDL writes it: no time-attribute marker.
std::string DdlType(const LogicalType& t) {
  if (t.id() == TypeId::kTimestamp || t.id() == TypeId::kTimestampLtz) {
    return t.WithTimestampKind(TimestampKind::kRegular).ToString();
  }
  return t.ToString();
}

}  // namespace

std::vector<DescribeRow> DescribeTable(const CatalogTable& table) {
  std::string key;
  if (table.primary_key.has_value()) {
    std::string cols;
    for (const std::string& c : table.primary_key->columns) cols += (cols.empty() ? "" : ", ") + c;
    key = StrCat("PRI(", cols, ")");
  }
  std::vector<DescribeRow> rows;
  for (const CatalogColumn& c : table.columns) {
    DescribeRow row;
    row.name = c.name;
    row.type = c.type.WithNullable(true).ToString();
    row.nullable = c.type.nullable();
    if (table.primary_key.has_value()) {
      const auto& cols = table.primary_key->columns;
      if (std::find(cols.begin(), cols.end(), c.name) != cols.end()) row.key = key;
    }
    if (c.kind == CatalogColumnKind::kComputed) row.extras = "AS " + c.expression;
    if (c.kind == CatalogColumnKind::kMetadata) row.extras = MetadataText(c);
    for (const WatermarkSpec& w : table.watermarks) {
      if (w.rowtime_column == c.name) row.watermark = w.expression;
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

std::vector<DescribeRow> DescribeView(const CatalogView& view) {
  std::vector<DescribeRow> rows;
  for (const auto& [name, type] : view.columns) {
    DescribeRow row;
    row.name = name;
    row.type = type.WithNullable(true).ToString();
    row.nullable = type.nullable();
    rows.push_back(std::move(row));
  }
  return rows;
}

std::string ShowCreateView(const ObjectIdentifier& id, const CatalogView& view, bool temporary) {
  std::string cols;
  for (const auto& [name, type] : view.columns) {
    cols += (cols.empty() ? "" : ", ") + ast::QuoteIdentifier(name);
  }
  std::string out =
      StrCat("CREATE ", temporary ? "TEMPORARY " : "", "VIEW ", id.ToString(), " (", cols, ")\n");
  if (!view.comment.empty()) out += StrCat("COMMENT ", ast::QuoteString(view.comment), "\n");
  return out + StrCat("AS ", view.expanded_query, "\n");
}

std::string ShowCreateTable(const ObjectIdentifier& id, const CatalogTable& table, bool temporary) {
  std::vector<std::string> lines;
  for (const CatalogColumn& c : table.columns) {
    std::string line = "  " + ast::QuoteIdentifier(c.name);
    if (c.kind == CatalogColumnKind::kComputed) {
      line += " AS " + c.expression;
    } else {
      line += " " + DdlType(c.type);
      if (c.kind == CatalogColumnKind::kMetadata) line += " " + MetadataText(c);
    }
    if (c.comment.has_value()) line += " COMMENT " + ast::QuoteString(*c.comment);
    lines.push_back(std::move(line));
  }
  for (const WatermarkSpec& w : table.watermarks) {
    lines.push_back(
        StrCat("  WATERMARK FOR ", ast::QuoteIdentifier(w.rowtime_column), " AS ", w.expression));
  }
  if (table.primary_key.has_value()) {
    std::string cols;
    for (const std::string& c : table.primary_key->columns) {
      cols += (cols.empty() ? "" : ", ") + ast::QuoteIdentifier(c);
    }
    lines.push_back(StrCat("  CONSTRAINT ", ast::QuoteIdentifier(table.primary_key->name),
                           " PRIMARY KEY (", cols, ") NOT ENFORCED"));
  }
  std::string out =
      StrCat("CREATE ", temporary ? "TEMPORARY " : "", "TABLE ", id.ToString(), " (\n");
  for (size_t i = 0; i < lines.size(); ++i) {
    out += lines[i] + (i + 1 < lines.size() ? ",\n" : "\n");
  }
  out += ")\n";
  if (!table.comment.empty()) out += StrCat("COMMENT ", ast::QuoteString(table.comment), "\n");
  if (!table.partition_keys.empty()) {
    std::string cols;
    for (const std::string& c : table.partition_keys) {
      cols += (cols.empty() ? "" : ", ") + ast::QuoteIdentifier(c);
    }
    out += StrCat("PARTITIONED BY (", cols, ")\n");
  }
  if (!table.options.empty()) {
    out += "WITH (\n";
    for (size_t i = 0; i < table.options.size(); ++i) {
      out += StrCat("  ", ast::QuoteString(table.options[i].first), " = ",
                    ast::QuoteString(table.options[i].second),
                    i + 1 < table.options.size() ? ",\n" : "\n");
    }
    out += ")\n";
  }
  return out;
}

}  // namespace weir::sql
