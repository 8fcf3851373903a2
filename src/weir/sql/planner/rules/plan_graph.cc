// PlanGraph: collection of a statement set's DAG, scan keys, factory lookup, node rebuilding.
#include "weir/sql/planner/rules/plan_graph.h"

#include <algorithm>
#include <functional>
#include <unordered_set>
#include <utility>

#include "weir/common/check.h"
#include "weir/sql/planner/table_context.h"

namespace weir::sql {

PlanGraph PlanGraph::Make(const std::vector<RelPtr>& roots) {
  PlanGraph graph;
  std::unordered_set<const RelNode*> visited;
  std::vector<const RelNode*> post_order;
  std::function<void(const RelNode*)> visit = [&](const RelNode* node) {
    ++graph.num_parents[node];
    if (!visited.insert(node).second) return;
    for (const RelPtr& input : node->inputs()) visit(input.get());
    post_order.push_back(node);
    if (node->kind() == RelKind::kTableScan) {
      ++graph.num_scans[ScanKey(node->As<TableScanRel>())];
    }
  };
  for (const RelPtr& root : roots) visit(root.get());
  graph.nodes.assign(post_order.rbegin(), post_order.rend());
  return graph;
}

std::string ScanKey(const TableScanRel& scan) {
  std::string key = scan.table().ToSummaryString();
  for (const auto& [k, v] : scan.hint_options()) {
    key += "\x1f" + k + "=" + v;
  }
  return key;
}

const connectors::TableFactory* FindScanFactory(const TableScanRel& scan,
                                                const OptimizerContext& context) {
  if (context.connectors == nullptr) return nullptr;
  connectors::TableContext table =
      MakeTableContext(scan.table(), scan.definition(), scan.hint_options(), 1, false);
  Result<const connectors::TableFactory*> factory = context.connectors->FindSourceFactory(table);
  if (!factory.ok()) {
    factory.status().IgnoreError();  // the physical planner reports a missing connector
    return nullptr;
  }
  return *factory;
}

RelPtr WithInputs(const RelNode& node, std::vector<RelPtr> inputs) {
  WEIR_CHECK_EQ(inputs.size(), node.inputs().size());
  switch (node.kind()) {
    case RelKind::kTableScan: {
      const auto& s = node.As<TableScanRel>();
      return std::make_shared<TableScanRel>(s.table(), s.definition(), s.hint_options(),
                                            s.push_down());
    }
    case RelKind::kValues: {
      const auto& v = node.As<ValuesRel>();
      return std::make_shared<ValuesRel>(v.row_type(), v.rows());
    }
    case RelKind::kProject: {
      const auto& p = node.As<ProjectRel>();
      return std::make_shared<ProjectRel>(std::move(inputs[0]), p.exprs(), p.field_names());
    }
    case RelKind::kFilter:
      return std::make_shared<FilterRel>(std::move(inputs[0]), node.As<FilterRel>().condition());
    case RelKind::kUnion:
      return std::make_shared<UnionRel>(std::move(inputs), node.As<UnionRel>().all());
    case RelKind::kWatermarkAssigner: {
      const auto& w = node.As<WatermarkAssignerRel>();
      return std::make_shared<WatermarkAssignerRel>(std::move(inputs[0]), w.rowtime_index(),
                                                    w.watermark());
    }
    case RelKind::kSink: {
      const auto& s = node.As<SinkRel>();
      return std::make_shared<SinkRel>(std::move(inputs[0]), s.table(), s.definition(),
                                       s.overwrite(), s.static_partitions());
    }
  }
  WEIR_CHECK(false);
  return nullptr;
}

}  // namespace weir::sql
