// PartitionPruning: Filter-over-scan conjuncts on partition keys evaluated per partition.
#include "weir/sql/planner/rules/partition_pruning.h"

#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>

#include "weir/common/batch/column_builder.h"
#include "weir/common/batch/record_batch.h"
#include "weir/sql/expr/compiled_expr.h"
#include "weir/sql/planner/rules/expr_rewrite.h"
#include "weir/sql/planner/rules/plan_graph.h"
#include "weir/sql/planner/table_context.h"

namespace weir::sql {

namespace {

// The filesystem connector's name for the partition of NULL values (Flink's
// 'partition.default-name').
constexpr const char* kDefaultPartitionOption = "partition.default-name";
constexpr const char* kDefaultPartitionName = "__DEFAULT_PARTITION__";

// Returns the partitions of `partitions` where `predicate` (over the scan's columns) is TRUE,
// or an error when a value does not convert to its column type.
Result<std::vector<connectors::PartitionSpec>> MatchingPartitions(
    const TableScanRel& scan, const ExprPtr& predicate,
    const std::vector<connectors::PartitionSpec>& partitions, const std::string& null_name,
    const OptimizerContext& context) {
  const std::vector<std::string>& keys = scan.definition().partition_keys;
  const std::vector<Field>& fields = scan.row_type().fields();
  // One STRING column per partition key; each scan column that is a key reads its column
  // cast to the column's type.
  std::vector<Field> key_fields;
  std::vector<ExprPtr> columns(fields.size());
  for (size_t k = 0; k < keys.size(); ++k) {
    key_fields.emplace_back(keys[k], LogicalType::String());
    for (size_t f = 0; f < fields.size(); ++f) {
      if (fields[f].name != keys[k]) continue;
      columns[f] = Expr::Cast(Expr::Column(static_cast<int>(k), LogicalType::String()),
                              fields[f].logical_type().WithNullable(true));
    }
  }
  WEIR_ASSIGN_OR_RAISE(SchemaPtr schema, Schema::Make(std::move(key_fields)));
  std::vector<ColumnPtr> key_columns;
  for (const std::string& key : keys) {
    WEIR_ASSIGN_OR_RAISE(auto builder, ColumnBuilder::Make(LogicalType::String()));
    for (const connectors::PartitionSpec& spec : partitions) {
      const std::string* value = nullptr;
      for (const auto& [k, v] : spec) {
        if (k == key) value = &v;
      }
      if (value == nullptr) {
        return Status::Invalid("Partition without a value for key ", key, " of table ",
                               scan.table().ToSummaryString());
      }
      if (*value == null_name) {
        WEIR_RETURN_NOT_OK(builder->AppendNull());
      } else {
        WEIR_RETURN_NOT_OK(builder->AppendValue(Value(*value)));
      }
    }
    WEIR_ASSIGN_OR_RAISE(ColumnPtr column, builder->Finish());
    key_columns.push_back(std::move(column));
  }
  RecordBatch batch(schema, std::move(key_columns), static_cast<int64_t>(partitions.size()));
  WEIR_ASSIGN_OR_RAISE(auto compiled,
                       CompiledExpr::Make(SubstituteColumns(predicate, columns), *schema,
                                          *context.functions, context.eval));
  WEIR_ASSIGN_OR_RAISE(SelectionVector selected, compiled->Filter(batch));
  std::vector<connectors::PartitionSpec> kept;
  for (int64_t i = 0; i < selected.size(); ++i) {
    kept.push_back(partitions[static_cast<size_t>(selected[i])]);
  }
  return kept;
}

class Pruner {
 public:
  Pruner(const PlanGraph& graph, const OptimizerContext& context)
      : graph_(graph), context_(context) {}

  RelPtr Rewrite(const RelPtr& node) {
    auto it = memo_.find(node.get());
    if (it != memo_.end()) return it->second;
    std::vector<RelPtr> inputs;
    bool changed = false;
    for (const RelPtr& in : node->inputs()) {
      inputs.push_back(Rewrite(in));
      changed = changed || inputs.back() != in;
    }
    RelPtr out = changed ? WithInputs(*node, std::move(inputs)) : node;
    if (out->kind() == RelKind::kFilter) {
      if (std::optional<RelPtr> pruned = TryPrune(out->As<FilterRel>())) out = *pruned;
    }
    memo_.emplace(node.get(), out);
    return out;
  }

 private:
  std::optional<RelPtr> TryPrune(const FilterRel& filter) {
    const RelPtr& input = filter.input(0);
    if (input->kind() != RelKind::kTableScan) return std::nullopt;
    const auto& scan = input->As<TableScanRel>();
    const std::vector<std::string>& keys = scan.definition().partition_keys;
    if (keys.empty() || scan.push_down().partitions.has_value()) return std::nullopt;
    auto parents = graph_.num_parents.find(input.get());
    auto scans = graph_.num_scans.find(ScanKey(scan));
    if (parents == graph_.num_parents.end() || parents->second != 1 ||
        scans == graph_.num_scans.end() || scans->second != 1) {
      return std::nullopt;
    }
    // Which scan columns are partition keys.
    const std::vector<Field>& fields = scan.row_type().fields();
    std::vector<bool> is_key(fields.size(), false);
    for (size_t f = 0; f < fields.size(); ++f) {
      for (const std::string& k : keys) is_key[f] = is_key[f] || fields[f].name == k;
    }
    std::vector<ExprPtr> on_keys;
    std::vector<ExprPtr> rest;
    for (const ExprPtr& c : SplitConjuncts(filter.condition())) {
      std::vector<int> used;
      c->CollectColumns(&used);
      bool only_keys = !used.empty() && IsDeterministic(*c, *context_.functions);
      for (int i : used) only_keys = only_keys && is_key[static_cast<size_t>(i)];
      (only_keys ? on_keys : rest).push_back(c);
    }
    if (on_keys.empty()) return std::nullopt;
    const connectors::TableFactory* factory = FindScanFactory(scan, context_);
    if (factory == nullptr || !factory->supports_partition_pushdown()) return std::nullopt;
    connectors::TableContext table =
        MakeTableContext(scan.table(), scan.definition(), scan.hint_options(), 1, false);
    Result<std::vector<connectors::PartitionSpec>> partitions = factory->ListPartitions(table);
    if (!partitions.ok()) {
      partitions.status().IgnoreError();  // pruning is an optimisation: read everything
      return std::nullopt;
    }
    auto null_name = table.options.find(kDefaultPartitionOption);
    Result<std::vector<connectors::PartitionSpec>> kept = MatchingPartitions(
        scan, MakeConjunction(on_keys), *partitions,
        null_name == table.options.end() ? kDefaultPartitionName : null_name->second, context_);
    if (!kept.ok()) {
      kept.status().IgnoreError();  // e.g. a value that is no valid key: the runtime decides
      return std::nullopt;
    }
    ScanPushDown push_down = scan.push_down();
    push_down.partitions = std::move(kept).ValueOrDie();
    RelPtr pruned = std::make_shared<TableScanRel>(scan.table(), scan.definition(),
                                                   scan.hint_options(), std::move(push_down));
    if (rest.empty()) return pruned;
    return std::make_shared<FilterRel>(pruned, MakeConjunction(rest));
  }

  const PlanGraph& graph_;
  const OptimizerContext& context_;
  std::unordered_map<const RelNode*, RelPtr> memo_;
};

}  // namespace

Result<std::vector<RelPtr>> PrunePartitions(const std::vector<RelPtr>& roots,
                                            const OptimizerContext& context) {
  PlanGraph graph = PlanGraph::Make(roots);
  Pruner pruner(graph, context);
  std::vector<RelPtr> out;
  out.reserve(roots.size());
  for (const RelPtr& root : roots) out.push_back(pruner.Rewrite(root));
  return out;
}

}  // namespace weir::sql
