// RelNode: construction of logical plan nodes and their EXPLAIN lines.
#include "weir/sql/planner/rel_node.h"

#include <algorithm>
#include <string>

#include "weir/common/check.h"
#include "weir/common/str_cat.h"
#include "weir/sql/planner/plan_text.h"

namespace weir::sql {

std::vector<std::string> RelNode::field_names() const {
  std::vector<std::string> names;
  for (const Field& f : row_type_.fields()) names.push_back(f.name);
  return names;
}

const std::vector<int32_t>& ScanPushDown::nested_path(size_t k) const {
  static const std::vector<int32_t> kWhole;
  return nested_fields && k < nested_fields->size() ? (*nested_fields)[k] : kWhole;
}

Result<Field> NestedScanField(const Field& column, const std::vector<int32_t>& path) {
  std::string name = column.name;
  LogicalType type = column.logical_type();
  bool nullable = false;
  for (int32_t f : path) {
    if (type.id() != TypeId::kRow || f < 0 || static_cast<size_t>(f) >= type.fields().size()) {
      return Status::Invalid("nested projection path of column ", column.name,
                             " leaves its ROW type at field index ", f);
    }
    nullable = nullable || type.nullable();
    const Field& field = type.fields()[static_cast<size_t>(f)];
    name += StrCat("_", field.name);
    LogicalType next = field.logical_type();
    type = std::move(next);
  }
  return Field(std::move(name), type.WithNullable(nullable || type.nullable()));
}

LogicalType ScanRowType(const CatalogTable& definition, const ScanPushDown& push_down) {
  LogicalType all = definition.RowType();
  if (!push_down.projection) return all;
  std::vector<Field> fields;
  for (size_t k = 0; k < push_down.projection->size(); ++k) {
    const int32_t i = (*push_down.projection)[k];
    WEIR_CHECK(i >= 0 && static_cast<size_t>(i) < all.fields().size());
    const Field& column = all.fields()[static_cast<size_t>(i)];
    const std::vector<int32_t>& path = push_down.nested_path(k);
    if (path.empty()) {
      fields.push_back(column);
      continue;
    }
    Result<Field> field = NestedScanField(column, path);
    WEIR_CHECK(field.ok());
    // A flattened name may meet a column of the same name: suffix it until unique.
    std::string name = field->name;
    auto taken = [&](const std::string& n) {
      if (std::any_of(fields.begin(), fields.end(), [&](const Field& f) { return f.name == n; })) {
        return true;
      }
      return std::any_of(all.fields().begin(), all.fields().end(),
                         [&](const Field& f) { return f.name == n; });
    };
    for (int suffix = 0; taken(name); ++suffix) name = StrCat(field->name, "$", suffix);
    fields.emplace_back(std::move(name), field->logical_type());
  }
  return LogicalType::Row(std::move(fields), /*nullable=*/false);
}

TableScanRel::TableScanRel(ObjectIdentifier table, CatalogTable definition,
                           TableOptions hint_options, ScanPushDown push_down)
    : RelNode(RelKind::kTableScan, ScanRowType(definition, push_down), {}),
      table_(std::move(table)),
      definition_(std::move(definition)),
      hint_options_(std::move(hint_options)),
      push_down_(std::move(push_down)) {}

std::string TableScanRel::PushDownDigest() const {
  std::string out;
  if (push_down_.projection) out += StrCat(", project=[", JoinNames(field_names()), "]");
  if (push_down_.partitions) {
    std::string parts;
    for (const connectors::PartitionSpec& p : *push_down_.partitions) {
      std::string kv;
      for (const auto& [k, v] : p) kv += StrCat(kv.empty() ? "" : ", ", k, "=", v);
      parts += StrCat(parts.empty() ? "" : ", ", "{", kv, "}");
    }
    out += StrCat(", partitions=[", parts, "]");
  }
  return out;
}

std::string TableScanRel::Describe() const {
  std::string out = StrCat("LogicalTableScan(table=[[", table_.catalog, ", ", table_.database, ", ",
                           table_.object, PushDownDigest(), "]]");
  if (!hint_options_.empty())
    out += StrCat(", hints=[[[OPTIONS options:{", OptionsText(hint_options_), "}]]]");
  return out + ")";
}

ValuesRel::ValuesRel(LogicalType row_type, std::vector<std::vector<ExprPtr>> rows)
    : RelNode(RelKind::kValues, std::move(row_type), {}), rows_(std::move(rows)) {}

std::string ValuesRel::Describe() const {
  std::string tuples;
  for (const auto& row : rows_) {
    std::string values;
    for (const ExprPtr& v : row) values += (values.empty() ? "" : ", ") + v->ToString();
    tuples += StrCat(tuples.empty() ? "" : ", ", "{ ", values, " }");
  }
  return StrCat("LogicalValues(tuples=[[", tuples, "]])");
}

ProjectRel::ProjectRel(RelPtr input, std::vector<ExprPtr> exprs, std::vector<std::string> names)
    : RelNode(RelKind::kProject, RowOf(exprs, names), {std::move(input)}),
      exprs_(std::move(exprs)) {}

std::string ProjectRel::Describe() const {
  std::string out = "LogicalProject(";
  const std::vector<std::string> names = field_names();
  for (size_t i = 0; i < exprs_.size(); ++i) {
    out += StrCat(i == 0 ? "" : ", ", names[i], "=[", exprs_[i]->ToString(), "]");
  }
  return out + ")";
}

FilterRel::FilterRel(RelPtr input, ExprPtr condition)
    : RelNode(RelKind::kFilter, input->row_type(), {input}), condition_(std::move(condition)) {}

std::string FilterRel::Describe() const {
  return StrCat("LogicalFilter(condition=[", condition_->ToString(), "])");
}

UnionRel::UnionRel(std::vector<RelPtr> inputs, bool all)
    : RelNode(RelKind::kUnion, inputs.at(0)->row_type(), inputs), all_(all) {}

std::string UnionRel::Describe() const {
  return StrCat("LogicalUnion(all=[", all_ ? "true" : "false", "])");
}

WatermarkAssignerRel::WatermarkAssignerRel(RelPtr input, int32_t rowtime_index, ExprPtr watermark)
    : RelNode(RelKind::kWatermarkAssigner, input->row_type(), {input}),
      rowtime_index_(rowtime_index),
      watermark_(std::move(watermark)) {}

std::string WatermarkAssignerRel::Describe() const {
  return StrCat("LogicalWatermarkAssigner(rowtime=[",
                row_type().fields()[static_cast<size_t>(rowtime_index_)].name, "], watermark=[",
                watermark_->ToString(), "])");
}

SinkRel::SinkRel(RelPtr input, ObjectIdentifier table, CatalogTable definition, bool overwrite,
                 TableOptions static_partitions)
    : RelNode(RelKind::kSink, input->row_type(), {input}),
      table_(std::move(table)),
      definition_(std::move(definition)),
      overwrite_(overwrite),
      static_partitions_(std::move(static_partitions)) {}

std::string SinkRel::Describe() const {
  std::string out = StrCat("LogicalSink(table=[", table_.ToSummaryString(), "]");
  if (overwrite_) out += ", overwrite=[true]";
  if (!static_partitions_.empty())
    out += StrCat(", partition=[{", OptionsText(static_partitions_), "}]");
  return out + StrCat(", fields=[", JoinNames(input(0)->field_names()), "])");
}

namespace {

void ExplainInto(const RelNode& node, const std::string& prefix, const std::string& child_prefix,
                 const std::function<std::string(const RelNode&)>& annotate, std::string* out) {
  std::string line = node.Describe();
  // Annotations go inside the node's parentheses, as Flink prints "changelogMode=[I]".
  if (annotate && !line.empty() && line.back() == ')') line.insert(line.size() - 1, annotate(node));
  *out += prefix + line + "\n";
  const auto& inputs = node.inputs();
  for (size_t i = 0; i < inputs.size(); ++i) {
    const bool last = i + 1 == inputs.size();
    ExplainInto(*inputs[i], child_prefix + (last ? "+- " : ":- "),
                child_prefix + (last ? "   " : ":  "), annotate, out);
  }
}

}  // namespace

std::string ExplainTree(const RelPtr& root,
                        const std::function<std::string(const RelNode&)>& annotate) {
  std::string out;
  ExplainInto(*root, "", "", annotate, &out);
  return out;
}

}  // namespace weir::sql
