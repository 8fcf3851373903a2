// ProjectionPushDown: used-column analysis over the DAG and renumbering above narrowed scans.
#include "weir/sql/planner/rules/projection_push_down.h"

#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>

#include "weir/common/check.h"
#include "weir/sql/planner/rules/expr_rewrite.h"
#include "weir/sql/planner/rules/plan_graph.h"
#include "weir/sql/planner/rules/project_merge.h"

namespace weir::sql {

namespace {

using ColumnSet = std::vector<bool>;

void AddColumns(const Expr& e, ColumnSet* set) {
  std::vector<int> used;
  e.CollectColumns(&used);
  for (int i : used) (*set)[static_cast<size_t>(i)] = true;
}

// For each node, which of its output columns some consumer reads.
std::unordered_map<const RelNode*, ColumnSet> UsedColumns(const PlanGraph& graph,
                                                          const std::vector<RelPtr>& roots) {
  std::unordered_map<const RelNode*, ColumnSet> used;
  auto require = [&](const RelNode* node) -> ColumnSet& {
    auto [it, inserted] = used.try_emplace(node);
    if (inserted) it->second.assign(node->row_type().fields().size(), false);
    return it->second;
  };
  for (const RelPtr& root : roots)
    require(root.get()).assign(root->row_type().fields().size(), true);
  // Parents come before their inputs, so a node's set is complete when it is visited.
  for (const RelNode* node : graph.nodes) {
    if (node->kind() == RelKind::kProject) {
      // A Project keeps only the outputs read above it, and at least one (a row needs one).
      ColumnSet& outputs = require(node);
      if (!outputs.empty() && std::find(outputs.begin(), outputs.end(), true) == outputs.end()) {
        outputs[0] = true;
      }
    }
    const ColumnSet mine = require(node);
    switch (node->kind()) {
      case RelKind::kProject: {
        ColumnSet& in = require(node->input(0).get());
        const std::vector<ExprPtr>& exprs = node->As<ProjectRel>().exprs();
        for (size_t i = 0; i < exprs.size(); ++i) {
          if (mine[i]) AddColumns(*exprs[i], &in);
        }
        break;
      }
      case RelKind::kFilter: {
        ColumnSet& in = require(node->input(0).get());
        for (size_t i = 0; i < mine.size(); ++i) in[i] = in[i] || mine[i];
        AddColumns(*node->As<FilterRel>().condition(), &in);
        break;
      }
      case RelKind::kWatermarkAssigner: {
        const auto& wm = node->As<WatermarkAssignerRel>();
        ColumnSet& in = require(node->input(0).get());
        for (size_t i = 0; i < mine.size(); ++i) in[i] = in[i] || mine[i];
        in[static_cast<size_t>(wm.rowtime_index())] = true;
        AddColumns(*wm.watermark(), &in);
        break;
      }
      default:
        for (const RelPtr& input : node->inputs()) {
          ColumnSet& in = require(input.get());
          in.assign(in.size(), true);
        }
        break;
    }
  }
  return used;
}

struct Rewritten {
  RelPtr node;
  // Old output column -> new output column (-1: no longer produced).
  std::vector<int> mapping;
};

std::vector<int> Identity(size_t n) {
  std::vector<int> m(n);
  for (size_t i = 0; i < n; ++i) m[i] = static_cast<int>(i);
  return m;
}

class Narrower {
 public:
  Narrower(std::map<std::string, std::vector<int32_t>> projections,
           const std::unordered_map<const RelNode*, ColumnSet>& used)
      : projections_(std::move(projections)), used_(used) {}

  const Rewritten& Rewrite(const RelPtr& node) {
    auto it = memo_.find(node.get());
    if (it != memo_.end()) return it->second;
    Rewritten out = RewriteNode(node);
    return memo_.emplace(node.get(), std::move(out)).first->second;
  }

 private:
  Rewritten RewriteNode(const RelPtr& node) {
    const size_t width = node->row_type().fields().size();
    switch (node->kind()) {
      case RelKind::kTableScan: {
        const auto& scan = node->As<TableScanRel>();
        auto p = projections_.find(ScanKey(scan));
        if (p == projections_.end()) return {node, Identity(width)};
        std::vector<int> mapping(width, -1);
        for (size_t k = 0; k < p->second.size(); ++k) {
          mapping[static_cast<size_t>(p->second[k])] = static_cast<int>(k);
        }
        ScanPushDown push_down = scan.push_down();
        push_down.projection = p->second;
        return {std::make_shared<TableScanRel>(scan.table(), scan.definition(), scan.hint_options(),
                                               std::move(push_down)),
                std::move(mapping)};
      }
      case RelKind::kValues:
        return {node, Identity(width)};
      case RelKind::kProject: {
        const Rewritten& in = Rewrite(node->input(0));
        const auto& project = node->As<ProjectRel>();
        const ColumnSet& kept = used_.at(node.get());
        const bool all_kept = std::find(kept.begin(), kept.end(), false) == kept.end();
        if (in.node == node->input(0) && all_kept) return {node, Identity(width)};
        std::vector<ExprPtr> exprs;
        std::vector<std::string> names;
        std::vector<int> mapping(width, -1);
        const std::vector<std::string> all_names = project.field_names();
        for (size_t i = 0; i < width; ++i) {
          if (!kept[i]) continue;
          mapping[i] = static_cast<int>(exprs.size());
          exprs.push_back(RemapColumns(project.exprs()[i], in.mapping));
          names.push_back(all_names[i]);
        }
        // Over a narrowed scan a Project often only reorders nothing any more.
        if (IsIdentityProjection(*in.node, exprs, names)) return {in.node, std::move(mapping)};
        return {std::make_shared<ProjectRel>(in.node, std::move(exprs), std::move(names)),
                std::move(mapping)};
      }
      case RelKind::kFilter: {
        const Rewritten& in = Rewrite(node->input(0));
        if (in.node == node->input(0)) return {node, Identity(width)};
        return {std::make_shared<FilterRel>(
                    in.node, RemapColumns(node->As<FilterRel>().condition(), in.mapping)),
                in.mapping};
      }
      case RelKind::kWatermarkAssigner: {
        const Rewritten& in = Rewrite(node->input(0));
        if (in.node == node->input(0)) return {node, Identity(width)};
        const auto& wm = node->As<WatermarkAssignerRel>();
        const int rowtime = in.mapping[static_cast<size_t>(wm.rowtime_index())];
        WEIR_CHECK_GE(rowtime, 0);
        return {std::make_shared<WatermarkAssignerRel>(in.node, rowtime,
                                                       RemapColumns(wm.watermark(), in.mapping)),
                in.mapping};
      }
      case RelKind::kUnion:
      case RelKind::kSink: {
        // These read every column of their inputs, so the inputs keep their row types.
        std::vector<RelPtr> inputs;
        bool changed = false;
        for (const RelPtr& input : node->inputs()) {
          const Rewritten& in = Rewrite(input);
          WEIR_CHECK(in.node->row_type() == input->row_type());
          inputs.push_back(in.node);
          changed = changed || in.node != input;
        }
        if (!changed) return {node, Identity(width)};
        return {WithInputs(*node, std::move(inputs)), Identity(width)};
      }
    }
    WEIR_CHECK(false);
    return {node, Identity(width)};
  }

  const std::map<std::string, std::vector<int32_t>> projections_;
  const std::unordered_map<const RelNode*, ColumnSet>& used_;
  std::unordered_map<const RelNode*, Rewritten> memo_;
};

}  // namespace

Result<std::vector<RelPtr>> PushDownProjections(const std::vector<RelPtr>& roots,
                                                const OptimizerContext& context) {
  PlanGraph graph = PlanGraph::Make(roots);
  std::unordered_map<const RelNode*, ColumnSet> used = UsedColumns(graph, roots);
  // Per table and hints: the union of the columns every scan of it needs, or nothing when
  // one of its scans cannot be narrowed.
  std::map<std::string, ColumnSet> needed;
  std::map<std::string, bool> eligible;
  for (const RelNode* node : graph.nodes) {
    if (node->kind() != RelKind::kTableScan) continue;
    const auto& scan = node->As<TableScanRel>();
    const std::string key = ScanKey(scan);
    auto [flag, first] = eligible.try_emplace(key, true);
    if (first) {
      const connectors::TableFactory* factory = FindScanFactory(scan, context);
      flag->second = factory != nullptr && factory->supports_projection_pushdown();
    }
    if (scan.push_down().projection.has_value()) flag->second = false;
    const ColumnSet& mine = used.at(node);
    ColumnSet& all = needed.try_emplace(key, ColumnSet(mine.size(), false)).first->second;
    for (size_t i = 0; i < mine.size(); ++i) all[i] = all[i] || mine[i];
  }
  std::map<std::string, std::vector<int32_t>> projections;
  for (const auto& [key, columns] : needed) {
    if (!eligible.at(key)) continue;
    std::vector<int32_t> projection;
    for (size_t i = 0; i < columns.size(); ++i) {
      if (columns[i]) projection.push_back(static_cast<int32_t>(i));
    }
    if (projection.size() == columns.size()) continue;  // every column is read anyway
    if (projection.empty()) projection.push_back(0);
    projections.emplace(key, std::move(projection));
  }
  Narrower narrower(std::move(projections), used);
  std::vector<RelPtr> out;
  out.reserve(roots.size());
  for (const RelPtr& root : roots) out.push_back(narrower.Rewrite(root).node);
  return out;
}

}  // namespace weir::sql
