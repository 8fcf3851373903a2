// RelNode: the nodes of a logical plan — typed relational operators over Expr expressions.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "weir/common/types/logical_type.h"
#include "weir/connectors/base/table_factory.h"
#include "weir/sql/catalog/catalog_object.h"
#include "weir/sql/catalog/object_identifier.h"
#include "weir/sql/expr/expr.h"

namespace weir::sql {

enum class RelKind : uint8_t {
  kTableScan,
  kValues,
  kProject,
  kFilter,
  kUnion,
  kWatermarkAssigner,
  kSink,
};

class RelNode;
using RelPtr = std::shared_ptr<const RelNode>;

/// A logical plan node: its output row type (a ROW whose field names are the column names)
/// and its inputs. Immutable; rules build new nodes. Expressions refer to the input row by
/// position ($i); a node with two inputs (later: joins) sees their fields concatenated.
class RelNode {
 public:
  virtual ~RelNode() = default;

  RelKind kind() const { return kind_; }
  const LogicalType& row_type() const { return row_type_; }
  const std::vector<RelPtr>& inputs() const { return inputs_; }
  const RelPtr& input(int i) const { return inputs_[static_cast<size_t>(i)]; }
  /// Returns the output field names.
  std::vector<std::string> field_names() const;

  /// Returns the node's own line in Flink's EXPLAIN layout, e.g.
  /// "LogicalProject(a=[$0], b=[*($1, 2)])".
  virtual std::string Describe() const = 0;

  template <typename T>
  const T& As() const {
    return static_cast<const T&>(*this);
  }

 protected:
  RelNode(RelKind kind, LogicalType row_type, std::vector<RelPtr> inputs)
      : kind_(kind), row_type_(std::move(row_type)), inputs_(std::move(inputs)) {}

 private:
  const RelKind kind_;
  const LogicalType row_type_;
  const std::vector<RelPtr> inputs_;
};

/// What the optimiser pushed into a scan (Flink's SupportsProjectionPushDown and
/// SupportsPartitionPushDown); empty: nothing, the scan reads every column and partition.
struct ScanPushDown {
  /// Indices into the definition's columns of the columns the scan produces, in order.
  std::optional<std::vector<int32_t>> projection;
  /// Nested projection (only with `projection`, one entry per projected column): the
  /// field indices leading from the column's ROW type to the produced field, which the
  /// scan flattens into a top-level column of its own; empty: the whole column.
  std::optional<std::vector<std::vector<int32_t>>> nested_fields;
  /// The partitions left after pruning.
  std::optional<std::vector<connectors::PartitionSpec>> partitions;

  bool empty() const { return !projection && !partitions; }
  /// Returns the nested path of projected column `k` (empty: the whole column).
  const std::vector<int32_t>& nested_path(size_t k) const;
};

/// Returns the row type of a scan of `definition`: its columns, or the projected ones. A
/// flattened nested field is named "<column>_<field>..." and typed as field access types it:
/// nullable when any ROW on its path is.
LogicalType ScanRowType(const CatalogTable& definition, const ScanPushDown& push_down);

/// Returns the flattened field at `path` inside `column` (see ScanRowType); fails when the
/// path leaves the ROW types.
Result<Field> NestedScanField(const Field& column, const std::vector<int32_t>& path);

/// Reads a catalog table. The definition holds the table's physical and metadata columns
/// (computed columns and the watermark are planned above the scan); `row_type` holds those
/// columns in schema order, or only the projected ones after projection push-down.
class TableScanRel final : public RelNode {
 public:
  TableScanRel(ObjectIdentifier table, CatalogTable definition, TableOptions hint_options,
               ScanPushDown push_down = {});
  const ObjectIdentifier& table() const { return table_; }
  const CatalogTable& definition() const { return definition_; }
  /// Options from `/*+ OPTIONS(...) */` hints, overriding the table's.
  const TableOptions& hint_options() const { return hint_options_; }
  const ScanPushDown& push_down() const { return push_down_; }
  /// Prints "LogicalTableScan(table=[[cat, db, t, project=[a, b], partitions=[...]]])".
  std::string Describe() const override;
  /// Returns the text inside the table brackets after the table name: ", project=[a, b]",
  /// ", partitions=[{dt=1}, {dt=2}]" (empty without push-down). Physical scans print it too.
  std::string PushDownDigest() const;

 private:
  const ObjectIdentifier table_;
  const CatalogTable definition_;
  const TableOptions hint_options_;
  const ScanPushDown push_down_;
};

/// Literal rows (`VALUES (...), (...)`); each row holds one literal per field.
class ValuesRel final : public RelNode {
 public:
  ValuesRel(LogicalType row_type, std::vector<std::vector<ExprPtr>> rows);
  const std::vector<std::vector<ExprPtr>>& rows() const { return rows_; }
  std::string Describe() const override;

 private:
  const std::vector<std::vector<ExprPtr>> rows_;
};

/// Computes one expression per output field from the input row.
class ProjectRel final : public RelNode {
 public:
  /// `names` are the output field names; the types come from the expressions.
  ProjectRel(RelPtr input, std::vector<ExprPtr> exprs, std::vector<std::string> names);
  const std::vector<ExprPtr>& exprs() const { return exprs_; }
  std::string Describe() const override;

 private:
  const std::vector<ExprPtr> exprs_;
};

/// Keeps the rows whose BOOLEAN condition is TRUE.
class FilterRel final : public RelNode {
 public:
  FilterRel(RelPtr input, ExprPtr condition);
  const ExprPtr& condition() const { return condition_; }
  std::string Describe() const override;

 private:
  const ExprPtr condition_;
};

/// UNION ALL of inputs with the same row type (the binder casts them to a common type).
class UnionRel final : public RelNode {
 public:
  UnionRel(std::vector<RelPtr> inputs, bool all);
  bool all() const { return all_; }
  std::string Describe() const override;

 private:
  const bool all_;
};

/// Assigns watermarks from a rowtime field (`WATERMARK FOR rowtime AS expr`), right after a
/// scan; rows pass unchanged.
class WatermarkAssignerRel final : public RelNode {
 public:
  WatermarkAssignerRel(RelPtr input, int32_t rowtime_index, ExprPtr watermark);
  int32_t rowtime_index() const { return rowtime_index_; }
  const ExprPtr& watermark() const { return watermark_; }
  std::string Describe() const override;

 private:
  const int32_t rowtime_index_;
  const ExprPtr watermark_;
};

/// Writes its input into a catalog table (INSERT INTO / OVERWRITE). The input's fields match
/// the table's persisted columns in order (the binder adds casts and NULLs for missing ones).
class SinkRel final : public RelNode {
 public:
  SinkRel(RelPtr input, ObjectIdentifier table, CatalogTable definition, bool overwrite,
          TableOptions static_partitions);
  const ObjectIdentifier& table() const { return table_; }
  const CatalogTable& definition() const { return definition_; }
  bool overwrite() const { return overwrite_; }
  const TableOptions& static_partitions() const { return static_partitions_; }
  std::string Describe() const override;

 private:
  const ObjectIdentifier table_;
  const CatalogTable definition_;
  const bool overwrite_;
  const TableOptions static_partitions_;
};

/// Prints a plan in Flink's EXPLAIN tree layout: the root's line, then each child indented,
/// non-last children after ":- " (continued by ":  "), the last after "+- " (continued by
/// "   "). `annotate`, when given, adds text inside a node's closing parenthesis (e.g.
/// ", changelogMode=[I]").
std::string ExplainTree(const RelPtr& root,
                        const std::function<std::string(const RelNode&)>& annotate = nullptr);

}  // namespace weir::sql
