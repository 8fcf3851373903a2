// PhysicalPlanner: one memoised pass from the roots down, merging Project/Filter chains.
#include "weir/sql/physical/physical_planner.h"

#include <cstdint>
#include <map>
#include <utility>

#include "weir/common/str_cat.h"
#include "weir/sql/physical/changelog_inference.h"
#include "weir/sql/physical/scan_context.h"
#include "weir/sql/planner/table_context.h"

namespace weir::sql {

namespace {

void CountConsumers(const RelNode& node, std::map<const RelNode*, int>* consumers) {
  for (const RelPtr& in : node.inputs()) {
    if ((*consumers)[in.get()]++ == 0) CountConsumers(*in, consumers);
  }
}

bool IsCalcLike(const RelNode& node) {
  return node.kind() == RelKind::kProject || node.kind() == RelKind::kFilter;
}

class Planner {
 public:
  Planner(const PhysicalPlannerContext& context, std::map<const RelNode*, int> consumers)
      : context_(context), consumers_(std::move(consumers)) {}

  Result<PhysicalPtr> Plan(const RelPtr& node) {
    auto memo = memo_.find(node.get());
    if (memo != memo_.end()) return memo->second;
    WEIR_ASSIGN_OR_RAISE(PhysicalPtr out, PlanNew(node));
    out = Reuse(std::move(out));
    memo_[node.get()] = out;
    return out;
  }

 private:
  Result<PhysicalPtr> PlanNew(const RelPtr& node) {
    switch (node->kind()) {
      case RelKind::kTableScan:
        return Scan(node->As<TableScanRel>());
      case RelKind::kValues: {
        const auto& v = node->As<ValuesRel>();
        return PhysicalPtr(std::make_shared<ValuesNode>(v.row_type(), v.rows()));
      }
      case RelKind::kProject:
      case RelKind::kFilter:
        return Calc(node);
      case RelKind::kUnion: {
        if (!node->As<UnionRel>().all()) {
          return Status::NotSupported("not supported yet: UNION without ALL");
        }
        std::vector<PhysicalPtr> inputs;
        for (const RelPtr& in : node->inputs()) {
          WEIR_ASSIGN_OR_RAISE(PhysicalPtr p, Plan(in));
          inputs.push_back(std::move(p));
        }
        return PhysicalPtr(std::make_shared<UnionNode>(std::move(inputs)));
      }
      case RelKind::kWatermarkAssigner: {
        const auto& w = node->As<WatermarkAssignerRel>();
        WEIR_ASSIGN_OR_RAISE(PhysicalPtr input, Plan(w.input(0)));
        return PhysicalPtr(
            std::make_shared<WatermarkAssignerNode>(input, w.rowtime_index(), w.watermark()));
      }
      case RelKind::kSink:
        return Sink(node->As<SinkRel>());
    }
    return Status::Internal("unknown plan node kind");
  }

  Result<PhysicalPtr> Scan(const TableScanRel& scan) {
    // Equal scans (table, push-down, hints) become one node: a statement set reads once.
    const std::string key = scan.Describe();
    auto reused = scans_.find(key);
    if (reused != scans_.end()) return reused->second;
    WEIR_ASSIGN_OR_RAISE(connectors::TableContext ctx,
                         MakeScanContext(scan.table(), scan.definition(), scan.hint_options(),
                                         scan.push_down(), 1, false));
    WEIR_ASSIGN_OR_RAISE(const connectors::TableFactory* factory,
                         context_.connectors->FindSourceFactory(ctx));
    WEIR_RETURN_NOT_OK(CheckPushDownSupported(*factory, ctx));
    WEIR_ASSIGN_OR_RAISE(connectors::SourceDescriptor desc, factory->CreateSource(ctx));
    PhysicalPtr node =
        std::make_shared<TableSourceScanNode>(scan.table(), scan.definition(), scan.hint_options(),
                                              scan.push_down(), desc.changelog_mode);
    scans_[key] = node;
    return node;
  }

  Result<PhysicalPtr> Sink(const SinkRel& sink) {
    WEIR_ASSIGN_OR_RAISE(PhysicalPtr input, Plan(sink.input(0)));
    connectors::TableContext ctx = MakeTableContext(sink.table(), sink.definition(), {}, 1, false);
    WEIR_ASSIGN_OR_RAISE(const connectors::TableFactory* factory,
                         context_.connectors->FindSinkFactory(ctx));
    WEIR_ASSIGN_OR_RAISE(connectors::SinkDescriptor desc, factory->CreateSink(ctx));
    auto node = std::make_shared<SinkNode>(input, sink.table(), sink.definition(), sink.overwrite(),
                                           sink.static_partitions(), desc.accepted_mode);
    WEIR_RETURN_NOT_OK(CheckSinkChangelog(*node));
    return PhysicalPtr(std::move(node));
  }

  // Merges `top` and the Project/Filter nodes below it that nobody else reads into one Calc.
  Result<PhysicalPtr> Calc(const RelPtr& top) {
    std::vector<const RelNode*> chain{top.get()};
    RelPtr below = top->input(0);
    while (IsCalcLike(*below) && consumers_[below.get()] == 1 && memo_.count(below.get()) == 0) {
      chain.push_back(below.get());
      below = below->input(0);
    }
    WEIR_ASSIGN_OR_RAISE(PhysicalPtr input, Plan(below));
    std::vector<ExprPtr> projections;
    std::vector<std::string> names = input->field_names();
    const auto& fields = input->row_type().fields();
    for (size_t i = 0; i < fields.size(); ++i) {
      projections.push_back(Expr::Column(static_cast<int>(i), fields[i].logical_type()));
    }
    ExprPtr condition;
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
      const RelNode& rel = **it;
      if (rel.kind() == RelKind::kFilter) {
        ExprPtr c = InlineColumns(rel.As<FilterRel>().condition(), projections);
        if (condition == nullptr) {
          condition = std::move(c);
        } else {
          const bool nullable = condition->type().nullable() || c->type().nullable();
          condition = Expr::Call("AND", {condition, std::move(c)}, LogicalType::Boolean(nullable));
        }
      } else {
        std::vector<ExprPtr> next;
        for (const ExprPtr& e : rel.As<ProjectRel>().exprs()) {
          next.push_back(InlineColumns(e, projections));
        }
        projections = std::move(next);
        names = rel.field_names();
      }
    }
    bool identity = condition == nullptr && projections.size() == fields.size();
    for (size_t i = 0; identity && i < projections.size(); ++i) {
      identity = projections[i]->kind() == ExprKind::kColumnRef &&
                 projections[i]->column_index() == static_cast<int>(i) &&
                 names[i] == fields[i].name;
    }
    if (identity) return input;
    return PhysicalPtr(std::make_shared<CalcNode>(input, std::move(projections), std::move(names),
                                                  std::move(condition)));
  }

  // Returns an equal node planned before (same line over the same inputs) instead of `node`,
  // as Flink's sub-plan reuse does; sinks are never merged.
  PhysicalPtr Reuse(PhysicalPtr node) {
    if (node->kind() == PhysicalKind::kSink) return node;
    std::string key = StrCat(static_cast<int>(node->kind()), node->Describe(ExprForm::kPrefix), "|",
                             node->row_type().ToString());
    for (const PhysicalPtr& in : node->inputs()) {
      key += StrCat("|", reinterpret_cast<uintptr_t>(in.get()));
    }
    auto [it, inserted] = planned_.emplace(std::move(key), node);
    return it->second;
  }

  const PhysicalPlannerContext& context_;
  std::map<const RelNode*, int> consumers_;
  std::map<const RelNode*, PhysicalPtr> memo_;
  std::map<std::string, PhysicalPtr> scans_;
  // Every non-sink node planned, by its line, row type and inputs.
  std::map<std::string, PhysicalPtr> planned_;
};

}  // namespace

ExprPtr InlineColumns(const ExprPtr& expr, const std::vector<ExprPtr>& inputs) {
  switch (expr->kind()) {
    case ExprKind::kColumnRef: {
      const int i = expr->column_index();
      if (i >= 0 && static_cast<size_t>(i) < inputs.size()) return inputs[static_cast<size_t>(i)];
      return expr;
    }
    case ExprKind::kLiteral:
      return expr;
    case ExprKind::kCast:
      return Expr::Cast(InlineColumns(expr->arg(0), inputs), expr->type(), expr->is_try());
    case ExprKind::kCall:
    case ExprKind::kCase: {
      std::vector<ExprPtr> args;
      for (const ExprPtr& a : expr->args()) args.push_back(InlineColumns(a, inputs));
      return expr->kind() == ExprKind::kCall
                 ? Expr::Call(expr->name(), std::move(args), expr->type())
                 : Expr::Case(std::move(args), expr->type());
    }
  }
  return expr;
}

Result<std::vector<PhysicalPtr>> PlanPhysical(const std::vector<RelPtr>& roots,
                                              const PhysicalPlannerContext& context) {
  std::map<const RelNode*, int> consumers;
  for (const RelPtr& root : roots) {
    if (consumers[root.get()]++ == 0) CountConsumers(*root, &consumers);
  }
  Planner planner(context, std::move(consumers));
  std::vector<PhysicalPtr> out;
  for (const RelPtr& root : roots) {
    WEIR_ASSIGN_OR_RAISE(PhysicalPtr p, planner.Plan(root));
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace weir::sql
