// PhysicalNode: the nodes of a physical (stream) plan, each with its changelog mode.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "weir/common/batch/changelog_mode.h"
#include "weir/common/types/logical_type.h"
#include "weir/sql/catalog/catalog_object.h"
#include "weir/sql/catalog/object_identifier.h"
#include "weir/sql/expr/expr.h"
#include "weir/sql/physical/expr_digest.h"
#include "weir/sql/planner/rel_node.h"

namespace weir::sql {

/// The physical node kinds, named as Flink's execution plan names them. Later issues add
/// Exchange, GroupAggregate, WindowAggregate, Join, ...
enum class PhysicalKind : uint8_t {
  kTableSourceScan,
  kValues,
  kCalc,
  kUnion,
  kWatermarkAssigner,
  kSink,
};

class PhysicalNode;
using PhysicalPtr = std::shared_ptr<const PhysicalNode>;

/// A physical plan node: its output row type, its inputs and the changelog it produces
/// (derived from its inputs by the rules of changelog_inference.h when it is made).
/// Immutable; sub-plans may be shared by several parents (statement sets).
class PhysicalNode {
 public:
  virtual ~PhysicalNode() = default;

  PhysicalKind kind() const { return kind_; }
  const LogicalType& row_type() const { return row_type_; }
  const std::vector<PhysicalPtr>& inputs() const { return inputs_; }
  const PhysicalPtr& input(int i) const { return inputs_[static_cast<size_t>(i)]; }
  /// Returns the changes the node emits: "I" for inserts only; sinks emit nothing ("NONE").
  const ChangelogMode& changelog_mode() const { return changelog_mode_; }
  /// Returns the output field names.
  std::vector<std::string> field_names() const;

  /// Returns the node's line in Flink's plan layout: the optimised physical plan with
  /// kPrefix (`Calc(select=[a, *(b, 2) AS EXPR$1], where=[>(a, 1)])`), the execution plan
  /// and operator names with kInfix (`Calc(select=[a, (b * 2) AS EXPR$1], where=[(a > 1)])`).
  virtual std::string Describe(ExprForm form) const = 0;

  template <typename T>
  const T& As() const {
    return static_cast<const T&>(*this);
  }

 protected:
  PhysicalNode(PhysicalKind kind, LogicalType row_type, std::vector<PhysicalPtr> inputs,
               ChangelogMode changelog_mode)
      : kind_(kind),
        row_type_(std::move(row_type)),
        inputs_(std::move(inputs)),
        changelog_mode_(std::move(changelog_mode)) {}

 private:
  const PhysicalKind kind_;
  const LogicalType row_type_;
  const std::vector<PhysicalPtr> inputs_;
  const ChangelogMode changelog_mode_;
};

/// Reads a catalog table through its connector, with what the optimiser pushed into it.
/// `source_mode` is what the connector's source produces (SourceDescriptor::changelog_mode).
class TableSourceScanNode final : public PhysicalNode {
 public:
  TableSourceScanNode(ObjectIdentifier table, CatalogTable definition, TableOptions hint_options,
                      ScanPushDown push_down, ChangelogMode source_mode);
  const ObjectIdentifier& table() const { return table_; }
  const CatalogTable& definition() const { return definition_; }
  const TableOptions& hint_options() const { return hint_options_; }
  const ScanPushDown& push_down() const { return push_down_; }
  /// Prints "TableSourceScan(table=[[cat, db, t, project=[a]]], fields=[a])".
  std::string Describe(ExprForm form) const override;

 private:
  const ObjectIdentifier table_;
  const CatalogTable definition_;
  const TableOptions hint_options_;
  const ScanPushDown push_down_;
};

/// Literal rows, a bounded insert-only source.
class ValuesNode final : public PhysicalNode {
 public:
  ValuesNode(LogicalType row_type, std::vector<std::vector<ExprPtr>> rows);
  const std::vector<std::vector<ExprPtr>>& rows() const { return rows_; }
  /// Prints "Values(tuples=[[{ 1, 2 }, { 3, 4 }]])".
  std::string Describe(ExprForm form) const override;

 private:
  const std::vector<std::vector<ExprPtr>> rows_;
};

/// A projection with an optional condition (a chain of logical Project/Filter merged).
class CalcNode final : public PhysicalNode {
 public:
  /// `condition` (may be null) and `projections` read the input row; `names` name the output.
  CalcNode(PhysicalPtr input, std::vector<ExprPtr> projections, std::vector<std::string> names,
           ExprPtr condition);
  const std::vector<ExprPtr>& projections() const { return projections_; }
  /// Returns the condition, or null when the Calc keeps every row.
  const ExprPtr& condition() const { return condition_; }
  /// Prints "Calc(select=[a, *(b, 2) AS x], where=[>(a, 1)])".
  std::string Describe(ExprForm form) const override;

 private:
  const std::vector<ExprPtr> projections_;
  const ExprPtr condition_;
};

/// UNION ALL of inputs with the same row type.
class UnionNode final : public PhysicalNode {
 public:
  explicit UnionNode(std::vector<PhysicalPtr> inputs);
  /// Prints "Union(all=[true], union=[a, b])".
  std::string Describe(ExprForm form) const override;
};

/// Assigns watermarks from a rowtime field; rows pass unchanged.
class WatermarkAssignerNode final : public PhysicalNode {
 public:
  WatermarkAssignerNode(PhysicalPtr input, int32_t rowtime_index, ExprPtr watermark);
  int32_t rowtime_index() const { return rowtime_index_; }
  const ExprPtr& watermark() const { return watermark_; }
  /// Prints "WatermarkAssigner(rowtime=[ts], watermark=[-(ts, 5000:INTERVAL SECOND)])".
  std::string Describe(ExprForm form) const override;

 private:
  const int32_t rowtime_index_;
  const ExprPtr watermark_;
};

/// Writes its input into a catalog table. `accepted_mode` is what the connector's sink takes
/// (SinkDescriptor::accepted_mode); the node itself emits nothing.
class SinkNode final : public PhysicalNode {
 public:
  SinkNode(PhysicalPtr input, ObjectIdentifier table, CatalogTable definition, bool overwrite,
           TableOptions static_partitions, ChangelogMode accepted_mode);
  const ObjectIdentifier& table() const { return table_; }
  const CatalogTable& definition() const { return definition_; }
  bool overwrite() const { return overwrite_; }
  const TableOptions& static_partitions() const { return static_partitions_; }
  const ChangelogMode& accepted_mode() const { return accepted_mode_; }
  /// Prints "Sink(table=[cat.db.t], fields=[a, b])".
  std::string Describe(ExprForm form) const override;

 private:
  const ObjectIdentifier table_;
  const CatalogTable definition_;
  const bool overwrite_;
  const TableOptions static_partitions_;
  const ChangelogMode accepted_mode_;
};

/// Prints plans in Flink's EXPLAIN tree layout (see ExplainTree in rel_node.h), one tree per
/// root separated by a blank line; with `changelog_modes`, each line ends with
/// ", changelogMode=[I]" inside its parentheses (sinks: "[NONE]").
std::string ExplainPhysical(const std::vector<PhysicalPtr>& roots, ExprForm form,
                            bool changelog_modes = false);

/// Prints plans as Flink's "Optimized Execution Plan" section: infix lines, and a node read
/// by several consumers printed once, first, as its own tree ending its line with
/// "(reuse_id=[N])", and as "Reused(reference_id=[N])" wherever it is read.
std::string ExplainExecutionPlan(const std::vector<PhysicalPtr>& roots);

}  // namespace weir::sql
