// PhysicalNode: construction (with changelog inference) and Flink's plan lines.
#include "weir/sql/physical/physical_node.h"

#include <map>
#include <set>

#include "weir/common/check.h"
#include "weir/common/str_cat.h"
#include "weir/sql/physical/changelog_inference.h"
#include "weir/sql/planner/plan_text.h"

namespace weir::sql {

std::vector<std::string> PhysicalNode::field_names() const {
  std::vector<std::string> names;
  for (const Field& f : row_type_.fields()) names.push_back(f.name);
  return names;
}

TableSourceScanNode::TableSourceScanNode(ObjectIdentifier table, CatalogTable definition,
                                         TableOptions hint_options, ScanPushDown push_down,
                                         ChangelogMode source_mode)
    : PhysicalNode(PhysicalKind::kTableSourceScan, ScanRowType(definition, push_down), {},
                   InferChangelogMode(PhysicalKind::kTableSourceScan, {}, source_mode)),
      table_(std::move(table)),
      definition_(std::move(definition)),
      hint_options_(std::move(hint_options)),
      push_down_(std::move(push_down)) {}

std::string TableSourceScanNode::Describe(ExprForm) const {
  // The digest of pushed-down projection and partitions is the logical scan's.
  const TableScanRel logical(table_, definition_, hint_options_, push_down_);
  std::string out =
      StrCat("TableSourceScan(table=[[", table_.catalog, ", ", table_.database, ", ", table_.object,
             logical.PushDownDigest(), "]], fields=[", JoinNames(field_names()), "]");
  if (!hint_options_.empty()) {
    out += StrCat(", hints=[[[OPTIONS options:{", OptionsText(hint_options_), "}]]]");
  }
  return out + ")";
}

ValuesNode::ValuesNode(LogicalType row_type, std::vector<std::vector<ExprPtr>> rows)
    : PhysicalNode(PhysicalKind::kValues, std::move(row_type), {}, ChangelogMode::InsertOnly()),
      rows_(std::move(rows)) {}

std::string ValuesNode::Describe(ExprForm) const {
  std::string tuples;
  for (const auto& row : rows_) {
    std::string values;
    for (const ExprPtr& v : row) values += (values.empty() ? "" : ", ") + v->ToString();
    tuples += StrCat(tuples.empty() ? "" : ", ", "{ ", values, " }");
  }
  return StrCat("Values(tuples=[[", tuples, "]])");
}

CalcNode::CalcNode(PhysicalPtr input, std::vector<ExprPtr> projections,
                   std::vector<std::string> names, ExprPtr condition)
    : PhysicalNode(PhysicalKind::kCalc, RowOf(projections, names), {input},
                   InferCalcChangelogMode(input->changelog_mode(), projections)),
      projections_(std::move(projections)),
      condition_(std::move(condition)) {}

std::string CalcNode::Describe(ExprForm form) const {
  const std::vector<std::string> in = input(0)->field_names();
  const std::vector<std::string> out = field_names();
  std::string select;
  for (size_t i = 0; i < projections_.size(); ++i) {
    const Expr& e = *projections_[i];
    std::string item = ExprDigest(e, in, form);
    // A column passed through under its own name prints as just the name.
    if (item != out[i]) item += " AS " + out[i];
    select += StrCat(i == 0 ? "" : ", ", item);
  }
  std::string line = StrCat("Calc(select=[", select, "]");
  if (condition_ != nullptr) line += StrCat(", where=[", ExprDigest(*condition_, in, form), "]");
  return line + ")";
}

UnionNode::UnionNode(std::vector<PhysicalPtr> inputs)
    : PhysicalNode(PhysicalKind::kUnion, inputs.at(0)->row_type(), inputs,
                   InferChangelogMode(PhysicalKind::kUnion, inputs)) {}

std::string UnionNode::Describe(ExprForm) const {
  return StrCat("Union(all=[true], union=[", JoinNames(field_names()), "])");
}

WatermarkAssignerNode::WatermarkAssignerNode(PhysicalPtr input, int32_t rowtime_index,
                                             ExprPtr watermark)
    : PhysicalNode(PhysicalKind::kWatermarkAssigner, input->row_type(), {input},
                   InferChangelogMode(PhysicalKind::kWatermarkAssigner, {input})),
      rowtime_index_(rowtime_index),
      watermark_(std::move(watermark)) {}

std::string WatermarkAssignerNode::Describe(ExprForm form) const {
  const std::vector<std::string> names = field_names();
  return StrCat("WatermarkAssigner(rowtime=[", names.at(static_cast<size_t>(rowtime_index_)),
                "], watermark=[", ExprDigest(*watermark_, names, form), "])");
}

SinkNode::SinkNode(PhysicalPtr input, ObjectIdentifier table, CatalogTable definition,
                   bool overwrite, TableOptions static_partitions, ChangelogMode accepted_mode)
    : PhysicalNode(PhysicalKind::kSink, input->row_type(), {input}, ChangelogMode::None()),
      table_(std::move(table)),
      definition_(std::move(definition)),
      overwrite_(overwrite),
      static_partitions_(std::move(static_partitions)),
      accepted_mode_(std::move(accepted_mode)) {}

std::string SinkNode::Describe(ExprForm) const {
  std::string out = StrCat("Sink(table=[", table_.ToSummaryString(), "]");
  if (overwrite_) out += ", overwrite=[true]";
  if (!static_partitions_.empty()) {
    out += StrCat(", partition=[{", OptionsText(static_partitions_), "}]");
  }
  return out + StrCat(", fields=[", JoinNames(input(0)->field_names()), "])");
}

namespace {

void ExplainInto(const PhysicalNode& node, ExprForm form, bool modes, const std::string& prefix,
                 const std::string& child_prefix, std::string* out) {
  std::string line = node.Describe(form);
  if (modes && !line.empty() && line.back() == ')') {
    line.insert(line.size() - 1,
                StrCat(", changelogMode=[", node.changelog_mode().ToString(), "]"));
  }
  *out += prefix + line + "\n";
  const auto& inputs = node.inputs();
  for (size_t i = 0; i < inputs.size(); ++i) {
    const bool last = i + 1 == inputs.size();
    ExplainInto(*inputs[i], form, modes, child_prefix + (last ? "+- " : ":- "),
                child_prefix + (last ? "   " : ":  "), out);
  }
}

}  // namespace

std::string ExplainPhysical(const std::vector<PhysicalPtr>& roots, ExprForm form,
                            bool changelog_modes) {
  std::string out;
  for (size_t i = 0; i < roots.size(); ++i) {
    if (i > 0) out += "\n";
    ExplainInto(*roots[i], form, changelog_modes, "", "", &out);
  }
  return out;
}

namespace {

class ExecutionPlanPrinter {
 public:
  explicit ExecutionPlanPrinter(const std::vector<PhysicalPtr>& roots) {
    for (const PhysicalPtr& root : roots) {
      if (consumers_[root.get()]++ == 0) Count(*root);
    }
    // Ids count up from the sources, as the reused trees are printed.
    for (const PhysicalPtr& root : roots) Number(*root);
  }

  std::string Print(const std::vector<PhysicalPtr>& roots) {
    std::vector<const PhysicalNode*> blocks = reused_order_;
    for (const PhysicalPtr& root : roots) {
      if (ids_.count(root.get()) == 0) blocks.push_back(root.get());
    }
    std::string out;
    for (size_t i = 0; i < blocks.size(); ++i) {
      if (i > 0) out += "\n";
      Tree(*blocks[i], "", "", /*top=*/true, &out);
    }
    return out;
  }

 private:
  void Count(const PhysicalNode& node) {
    for (const PhysicalPtr& in : node.inputs()) {
      if (consumers_[in.get()]++ == 0) Count(*in);
    }
  }

  void Number(const PhysicalNode& node) {
    if (!numbered_.insert(&node).second) return;
    for (const PhysicalPtr& in : node.inputs()) Number(*in);
    if (consumers_[&node] > 1) {
      ids_[&node] = static_cast<int>(reused_order_.size()) + 1;
      reused_order_.push_back(&node);
    }
  }

  void Tree(const PhysicalNode& node, const std::string& prefix, const std::string& child_prefix,
            bool top, std::string* out) {
    auto id = ids_.find(&node);
    if (id != ids_.end() && !top) {
      *out += StrCat(prefix, "Reused(reference_id=[", id->second, "])\n");
      return;
    }
    *out += prefix + node.Describe(ExprForm::kInfix);
    if (id != ids_.end()) *out += StrCat("(reuse_id=[", id->second, "])");
    *out += "\n";
    const auto& inputs = node.inputs();
    for (size_t i = 0; i < inputs.size(); ++i) {
      const bool last = i + 1 == inputs.size();
      Tree(*inputs[i], child_prefix + (last ? "+- " : ":- "), child_prefix + (last ? "   " : ":  "),
           /*top=*/false, out);
    }
  }

  std::map<const PhysicalNode*, int> consumers_;
  std::set<const PhysicalNode*> numbered_;
  std::map<const PhysicalNode*, int> ids_;
  std::vector<const PhysicalNode*> reused_order_;
};

}  // namespace

std::string ExplainExecutionPlan(const std::vector<PhysicalPtr>& roots) {
  ExecutionPlanPrinter printer(roots);
  return printer.Print(roots);
}

}  // namespace weir::sql
