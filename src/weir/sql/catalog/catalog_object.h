// Catalog objects: the resolved definitions of tables, views, functions and databases.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "weir/common/result.h"
#include "weir/common/types/logical_type.h"

namespace weir::sql {

/// Table options in the order they were written (Flink's WITH clause).
using TableOptions = std::vector<std::pair<std::string, std::string>>;

/// Returns the value of option `key`, or nullptr.
const std::string* FindOption(const TableOptions& options, const std::string& key);
/// Sets `key` to `value`, keeping its position if present, else appending.
void SetOption(TableOptions* options, const std::string& key, const std::string& value);
/// Removes `key`; returns false if it was not set.
bool RemoveOption(TableOptions* options, const std::string& key);

/// How a column gets its values.
enum class CatalogColumnKind : uint8_t {
  kPhysical,  // read from and written to the connector
  kComputed,  // `name AS expr`, computed from other columns, never written
  kMetadata,  // `name TYPE METADATA [FROM 'key'] [VIRTUAL]`
};

/// One column of a table's schema; `type` is resolved (computed columns: the type of their
/// expression).
struct CatalogColumn {
  std::string name;
  LogicalType type;
  CatalogColumnKind kind = CatalogColumnKind::kPhysical;
  /// Computed columns: the expression as canonical SQL (parse it to bind).
  std::string expression;
  /// Metadata columns: the key when it differs from the column name.
  std::optional<std::string> metadata_key;
  bool is_virtual = false;
  std::optional<std::string> comment;

  /// Returns true for columns a sink writes (physical and non-virtual metadata columns).
  bool persisted() const {
    return kind == CatalogColumnKind::kPhysical ||
           (kind == CatalogColumnKind::kMetadata && !is_virtual);
  }
};

/// `WATERMARK FOR rowtime AS expr`.
struct WatermarkSpec {
  std::string rowtime_column;
  /// The watermark expression as canonical SQL.
  std::string expression;
  /// Its resolved type (TIMESTAMP(3) or TIMESTAMP_LTZ(3)).
  LogicalType type;
};

/// `[CONSTRAINT name] PRIMARY KEY (cols) NOT ENFORCED`.
struct PrimaryKeyConstraint {
  std::string name;  // Flink generates "PK_<columns>" when none is given
  std::vector<std::string> columns;
};

/// A table: its schema, connector options and partitioning.
struct CatalogTable {
  std::vector<CatalogColumn> columns;
  std::vector<WatermarkSpec> watermarks;
  std::optional<PrimaryKeyConstraint> primary_key;
  std::vector<std::string> partition_keys;
  TableOptions options;
  std::string comment;

  /// Returns the column named `name`, or nullptr.
  const CatalogColumn* FindColumn(const std::string& name) const;
  /// Returns the row type of all columns (what a SELECT * sees), with NOT NULL from the
  /// primary key as Flink derives it.
  LogicalType RowType() const;
  /// Returns the row type of the physical columns only (what the connector reads and writes).
  LogicalType PhysicalRowType() const;
};

/// Returns a table of physical columns with `options` (tests, tools and benchmarks).
CatalogTable MakePhysicalTable(const std::vector<std::pair<std::string, LogicalType>>& columns,
                               TableOptions options);

/// A view: its query as written and as stored (expanded, canonical SQL), and its columns.
struct CatalogView {
  std::string original_query;
  std::string expanded_query;
  /// Output columns with their types (aliases from `CREATE VIEW v (a, b)` applied).
  std::vector<std::pair<std::string, LogicalType>> columns;
  std::string comment;
};

/// The languages a `CREATE FUNCTION ... LANGUAGE` clause may name.
enum class FunctionLanguage : uint8_t { kJava, kScala, kPython };
/// Returns "JAVA", "SCALA" or "PYTHON".
const char* FunctionLanguageName(FunctionLanguage language);

/// `CREATE FUNCTION name AS 'class.Name' [LANGUAGE ...]`: resolved at planning against the
/// registry of native implementations keyed by the class name.
struct CatalogFunction {
  std::string class_name;
  FunctionLanguage language = FunctionLanguage::kJava;
};

/// A database of a catalog.
struct CatalogDatabase {
  std::string comment;
  TableOptions properties;
};

}  // namespace weir::sql
