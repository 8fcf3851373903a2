// ProjectionPushDown: used-column analysis over the DAG and renumbering above narrowed scans.
#include "weir/sql/planner/rules/projection_push_down.h"

#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>

#include "weir/common/check.h"
#include "weir/common/str_cat.h"
#include "weir/sql/planner/rules/expr_rewrite.h"
#include "weir/sql/planner/rules/plan_graph.h"
#include "weir/sql/planner/rules/project_merge.h"

namespace weir::sql {

namespace {

// How a node's output column is read: as a whole, and/or through field accesses
// (DOT($c, 'f')) of its ROW value, by field index.
struct ColumnUse {
  bool whole = false;
  std::set<int32_t> fields;

  bool used() const { return whole || !fields.empty(); }
  void Merge(const ColumnUse& other) {
    whole = whole || other.whole;
    fields.insert(other.fields.begin(), other.fields.end());
  }
};
using ColumnUses = std::vector<ColumnUse>;

// Returns the field index that `dot` (a DOT call) reads of its ROW operand, or -1.
int32_t DotField(const Expr& dot) {
  if (dot.kind() != ExprKind::kCall || dot.name() != "DOT" || dot.num_args() != 2) return -1;
  const Expr& row = *dot.arg(0);
  const Expr& key = *dot.arg(1);
  if (row.type().id() != TypeId::kRow || key.kind() != ExprKind::kLiteral ||
      key.literal().is_null()) {
    return -1;
  }
  const std::vector<Field>& fields = row.type().fields();
  if (key.type().is_string()) {
    for (size_t k = 0; k < fields.size(); ++k) {
      if (fields[k].name == key.literal().string_value()) return static_cast<int32_t>(k);
    }
    return -1;
  }
  if (key.type().is_integer()) {
    const int64_t k = key.literal().int_value();
    return k >= 0 && k < static_cast<int64_t>(fields.size()) ? static_cast<int32_t>(k) : -1;
  }
  return -1;
}

// Adds what `e` reads to `uses`: a field access of a column reference reads that field,
// any other column reference the whole column.
void AddUses(const Expr& e, ColumnUses* uses) {
  if (e.kind() == ExprKind::kColumnRef) {
    (*uses)[static_cast<size_t>(e.column_index())].whole = true;
    return;
  }
  const int32_t field = DotField(e);
  if (field >= 0 && e.arg(0)->kind() == ExprKind::kColumnRef) {
    (*uses)[static_cast<size_t>(e.arg(0)->column_index())].fields.insert(field);
    return;
  }
  for (const ExprPtr& a : e.args()) AddUses(*a, uses);
}

// For each node, how some consumer reads each of its output columns.
std::unordered_map<const RelNode*, ColumnUses> UsedColumns(const PlanGraph& graph,
                                                           const std::vector<RelPtr>& roots) {
  std::unordered_map<const RelNode*, ColumnUses> used;
  auto require = [&](const RelNode* node) -> ColumnUses& {
    auto [it, inserted] = used.try_emplace(node);
    if (inserted) it->second.resize(node->row_type().fields().size());
    return it->second;
  };
  auto all = [](ColumnUses& uses) {
    for (ColumnUse& u : uses) u.whole = true;
  };
  for (const RelPtr& root : roots) all(require(root.get()));
  // Parents come before their inputs, so a node's uses are complete when it is visited.
  for (const RelNode* node : graph.nodes) {
    if (node->kind() == RelKind::kProject) {
      // A Project keeps only the outputs read above it, and at least one (a row needs one).
      ColumnUses& outputs = require(node);
      if (!outputs.empty() && std::none_of(outputs.begin(), outputs.end(),
                                           [](const ColumnUse& u) { return u.used(); })) {
        outputs[0].whole = true;
      }
    }
    const ColumnUses mine = require(node);
    switch (node->kind()) {
      case RelKind::kProject: {
        ColumnUses& in = require(node->input(0).get());
        const std::vector<ExprPtr>& exprs = node->As<ProjectRel>().exprs();
        for (size_t i = 0; i < exprs.size(); ++i) {
          if (!mine[i].used()) continue;
          if (exprs[i]->kind() == ExprKind::kColumnRef) {
            // Passed through: read above exactly as it is read here.
            in[static_cast<size_t>(exprs[i]->column_index())].Merge(mine[i]);
          } else {
            AddUses(*exprs[i], &in);
          }
        }
        break;
      }
      case RelKind::kFilter: {
        ColumnUses& in = require(node->input(0).get());
        for (size_t i = 0; i < mine.size(); ++i) in[i].Merge(mine[i]);
        AddUses(*node->As<FilterRel>().condition(), &in);
        break;
      }
      case RelKind::kWatermarkAssigner: {
        const auto& wm = node->As<WatermarkAssignerRel>();
        ColumnUses& in = require(node->input(0).get());
        for (size_t i = 0; i < mine.size(); ++i) in[i].Merge(mine[i]);
        in[static_cast<size_t>(wm.rowtime_index())].whole = true;
        AddUses(*wm.watermark(), &in);
        break;
      }
      default:
        for (const RelPtr& input : node->inputs()) all(require(input.get()));
        break;
    }
  }
  return used;
}

// What a scan of one table (and hints) produces: a column, or a field of a ROW column.
struct ScanProjection {
  std::vector<int32_t> columns;
  std::vector<std::vector<int32_t>> nested;  // per entry of `columns`; empty: whole
  bool any_nested = false;
};

struct Rewritten {
  RelPtr node;
  // Old output column -> new output column (-1: no longer produced as a whole).
  std::vector<int> mapping;
  // Old output column -> (field index -> new output column) for ROW columns whose read
  // fields are now produced flattened instead of the column.
  std::vector<std::map<int32_t, int>> flattened;

  bool has_flattened() const {
    return std::any_of(flattened.begin(), flattened.end(),
                       [](const auto& f) { return !f.empty(); });
  }
};

// Returns `name`, suffixed with "$k" when `a` or `b` holds it already.
std::string UniqueName(const std::string& name, const std::vector<std::string>& a,
                       const std::vector<std::string>& b) {
  auto taken = [&](const std::string& n) {
    return std::find(a.begin(), a.end(), n) != a.end() ||
           std::find(b.begin(), b.end(), n) != b.end();
  };
  std::string out = name;
  for (int k = 0; taken(out); ++k) out = StrCat(name, "$", k);
  return out;
}

std::vector<int> Identity(size_t n) {
  std::vector<int> m(n);
  for (size_t i = 0; i < n; ++i) m[i] = static_cast<int>(i);
  return m;
}

// Renumbers the column references of `e` to the rewritten input `in`, turning field
// accesses of flattened columns into references to the flattened fields.
ExprPtr RemapUses(const ExprPtr& e, const Rewritten& in) {
  if (!in.has_flattened()) return RemapColumns(e, in.mapping);
  const int32_t field = DotField(*e);
  if (field >= 0 && e->arg(0)->kind() == ExprKind::kColumnRef) {
    const auto& fields = in.flattened[static_cast<size_t>(e->arg(0)->column_index())];
    auto it = fields.find(field);
    if (it != fields.end()) return Expr::Column(it->second, e->type());
  }
  if (e->kind() == ExprKind::kColumnRef) return RemapColumns(e, in.mapping);
  return MapArgs(e, [&](const ExprPtr& a) { return RemapUses(a, in); });
}

class Narrower {
 public:
  Narrower(std::map<std::string, ScanProjection> projections,
           const std::unordered_map<const RelNode*, ColumnUses>& used)
      : projections_(std::move(projections)), used_(used) {}

  const Rewritten& Rewrite(const RelPtr& node) {
    auto it = memo_.find(node.get());
    if (it != memo_.end()) return it->second;
    Rewritten out = RewriteNode(node);
    if (out.flattened.empty()) out.flattened.resize(node->row_type().fields().size());
    return memo_.emplace(node.get(), std::move(out)).first->second;
  }

 private:
  Rewritten RewriteNode(const RelPtr& node) {
    const size_t width = node->row_type().fields().size();
    switch (node->kind()) {
      case RelKind::kTableScan: {
        const auto& scan = node->As<TableScanRel>();
        auto p = projections_.find(ScanKey(scan));
        if (p == projections_.end()) return {node, Identity(width), {}};
        Rewritten out{nullptr, std::vector<int>(width, -1),
                      std::vector<std::map<int32_t, int>>(width)};
        const ScanProjection& projection = p->second;
        for (size_t k = 0; k < projection.columns.size(); ++k) {
          const auto column = static_cast<size_t>(projection.columns[k]);
          if (projection.nested[k].empty()) {
            out.mapping[column] = static_cast<int>(k);
          } else {
            out.flattened[column][projection.nested[k][0]] = static_cast<int>(k);
          }
        }
        ScanPushDown push_down = scan.push_down();
        push_down.projection = projection.columns;
        if (projection.any_nested) push_down.nested_fields = projection.nested;
        out.node = std::make_shared<TableScanRel>(scan.table(), scan.definition(),
                                                  scan.hint_options(), std::move(push_down));
        return out;
      }
      case RelKind::kValues:
        return {node, Identity(width), {}};
      case RelKind::kProject: {
        const Rewritten& in = Rewrite(node->input(0));
        const auto& project = node->As<ProjectRel>();
        const ColumnUses& uses = used_.at(node.get());
        const bool all_kept =
            std::all_of(uses.begin(), uses.end(), [](const ColumnUse& u) { return u.used(); });
        if (in.node == node->input(0) && all_kept) return {node, Identity(width), {}};
        std::vector<ExprPtr> exprs;
        std::vector<std::string> names;
        Rewritten out{nullptr, std::vector<int>(width, -1),
                      std::vector<std::map<int32_t, int>>(width)};
        const std::vector<std::string> all_names = project.field_names();
        for (size_t i = 0; i < width; ++i) {
          if (!uses[i].used()) continue;
          const ExprPtr& expr = project.exprs()[i];
          if (expr->kind() == ExprKind::kColumnRef) {
            const auto& fields = in.flattened[static_cast<size_t>(expr->column_index())];
            if (!fields.empty()) {
              // A passed-through ROW column that is now flattened: pass its read fields.
              WEIR_CHECK(!uses[i].whole);
              for (int32_t f : uses[i].fields) {
                const int source = fields.at(f);
                out.flattened[i][f] = static_cast<int>(exprs.size());
                const Field& produced = in.node->row_type().fields()[static_cast<size_t>(source)];
                exprs.push_back(Expr::Column(source, produced.logical_type()));
                names.push_back(UniqueName(
                    StrCat(all_names[i], "_", expr->type().fields()[static_cast<size_t>(f)].name),
                    all_names, names));
              }
              continue;
            }
          }
          out.mapping[i] = static_cast<int>(exprs.size());
          exprs.push_back(RemapUses(expr, in));
          names.push_back(all_names[i]);
        }
        // Over a narrowed scan a Project often only reorders nothing any more.
        if (IsIdentityProjection(*in.node, exprs, names)) {
          out.node = in.node;
        } else {
          out.node = std::make_shared<ProjectRel>(in.node, std::move(exprs), std::move(names));
        }
        return out;
      }
      case RelKind::kFilter: {
        const Rewritten& in = Rewrite(node->input(0));
        if (in.node == node->input(0)) return {node, Identity(width), {}};
        return {
            std::make_shared<FilterRel>(in.node, RemapUses(node->As<FilterRel>().condition(), in)),
            in.mapping, in.flattened};
      }
      case RelKind::kWatermarkAssigner: {
        const Rewritten& in = Rewrite(node->input(0));
        if (in.node == node->input(0)) return {node, Identity(width), {}};
        const auto& wm = node->As<WatermarkAssignerRel>();
        const int rowtime = in.mapping[static_cast<size_t>(wm.rowtime_index())];
        WEIR_CHECK_GE(rowtime, 0);
        return {
            std::make_shared<WatermarkAssignerRel>(in.node, rowtime, RemapUses(wm.watermark(), in)),
            in.mapping, in.flattened};
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
        if (!changed) return {node, Identity(width), {}};
        return {WithInputs(*node, std::move(inputs)), Identity(width), {}};
      }
    }
    WEIR_CHECK(false);
    return {node, Identity(width), {}};
  }

  const std::map<std::string, ScanProjection> projections_;
  const std::unordered_map<const RelNode*, ColumnUses>& used_;
  std::unordered_map<const RelNode*, Rewritten> memo_;
};

}  // namespace

Result<std::vector<RelPtr>> PushDownProjections(const std::vector<RelPtr>& roots,
                                                const OptimizerContext& context) {
  PlanGraph graph = PlanGraph::Make(roots);
  std::unordered_map<const RelNode*, ColumnUses> used = UsedColumns(graph, roots);
  // Per table and hints: how every scan of it reads each column, or nothing when one of
  // its scans cannot be narrowed.
  std::map<std::string, ColumnUses> needed;
  std::map<std::string, const connectors::TableFactory*> factories;
  std::map<std::string, bool> eligible;
  for (const RelNode* node : graph.nodes) {
    if (node->kind() != RelKind::kTableScan) continue;
    const auto& scan = node->As<TableScanRel>();
    const std::string key = ScanKey(scan);
    auto [flag, first] = eligible.try_emplace(key, true);
    if (first) {
      const connectors::TableFactory* factory = FindScanFactory(scan, context);
      factories[key] = factory;
      flag->second = factory != nullptr && factory->supports_projection_pushdown();
    }
    if (scan.push_down().projection.has_value()) flag->second = false;
    const ColumnUses& mine = used.at(node);
    ColumnUses& all = needed.try_emplace(key, ColumnUses(mine.size())).first->second;
    for (size_t i = 0; i < mine.size(); ++i) all[i].Merge(mine[i]);
  }
  std::map<std::string, ScanProjection> projections;
  for (const auto& [key, columns] : needed) {
    if (!eligible.at(key)) continue;
    const bool nested = factories.at(key)->supports_nested_projection_pushdown();
    ScanProjection p;
    for (size_t i = 0; i < columns.size(); ++i) {
      const ColumnUse& use = columns[i];
      if (!use.used()) continue;
      if (use.whole || !nested) {
        p.columns.push_back(static_cast<int32_t>(i));
        p.nested.emplace_back();
        continue;
      }
      // Only some fields of this ROW column are read: produce them flattened.
      for (int32_t f : use.fields) {
        p.columns.push_back(static_cast<int32_t>(i));
        p.nested.push_back({f});
        p.any_nested = true;
      }
    }
    if (!p.any_nested && p.columns.size() == columns.size()) continue;  // reads everything
    if (p.columns.empty()) {
      p.columns.push_back(0);
      p.nested.emplace_back();
    }
    projections.emplace(key, std::move(p));
  }
  Narrower narrower(std::move(projections), used);
  std::vector<RelPtr> out;
  out.reserve(roots.size());
  for (const RelPtr& root : roots) out.push_back(narrower.Rewrite(root).node);
  return out;
}

}  // namespace weir::sql
