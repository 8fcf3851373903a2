// PlanJson: node-by-node serialisation of physical plan DAGs.
#include "weir/sql/physical/plan_json.h"

#include <map>
#include <nlohmann/json.hpp>

#include "weir/common/str_cat.h"
#include "weir/sql/catalog/catalog_json.h"

namespace weir::sql {

namespace {

using nlohmann::json;

constexpr int kNodeVersion = 1;

json Identifier(const ObjectIdentifier& id) {
  return json::array({id.catalog, id.database, id.object});
}

json Options(const TableOptions& options) {
  json out = json::array();
  for (const auto& [k, v] : options) out.push_back(json::array({k, v}));
  return out;
}

json Exprs(const std::vector<ExprPtr>& exprs) {
  json out = json::array();
  for (const ExprPtr& e : exprs) out.push_back(e->ToJson());
  return out;
}

const char* TypeName(PhysicalKind kind) {
  switch (kind) {
    case PhysicalKind::kTableSourceScan:
      return "TableSourceScan";
    case PhysicalKind::kValues:
      return "Values";
    case PhysicalKind::kCalc:
      return "Calc";
    case PhysicalKind::kUnion:
      return "Union";
    case PhysicalKind::kWatermarkAssigner:
      return "WatermarkAssigner";
    case PhysicalKind::kSink:
      return "Sink";
  }
  return "?";
}

json PartitionsJson(const std::vector<connectors::PartitionSpec>& partitions) {
  json out = json::array();
  for (const connectors::PartitionSpec& p : partitions) {
    json kv = json::array();
    for (const auto& [k, v] : p) kv.push_back(json::array({k, v}));
    out.push_back(std::move(kv));
  }
  return out;
}

class Writer {
 public:
  int Add(const PhysicalPtr& node) {
    auto it = ids_.find(node.get());
    if (it != ids_.end()) return it->second;
    json inputs = json::array();
    for (const PhysicalPtr& in : node->inputs()) inputs.push_back(Add(in));
    const int id = static_cast<int>(nodes_.size());
    json n = {{"id", id},
              {"type", TypeName(node->kind())},
              {"version", kNodeVersion},
              {"inputs", std::move(inputs)},
              {"changelogMode", ChangelogModeToJson(node->changelog_mode())}};
    switch (node->kind()) {
      case PhysicalKind::kTableSourceScan: {
        const auto& s = node->As<TableSourceScanNode>();
        n["table"] = Identifier(s.table());
        n["definition"] = CatalogTableToJson(s.definition());
        n["hints"] = Options(s.hint_options());
        if (s.push_down().projection) n["projection"] = *s.push_down().projection;
        if (s.push_down().nested_fields) n["nestedProjection"] = *s.push_down().nested_fields;
        if (s.push_down().partitions) n["partitions"] = PartitionsJson(*s.push_down().partitions);
        break;
      }
      case PhysicalKind::kValues: {
        const auto& v = node->As<ValuesNode>();
        n["row_type"] = v.row_type().ToString();
        json rows = json::array();
        for (const auto& row : v.rows()) rows.push_back(Exprs(row));
        n["rows"] = std::move(rows);
        break;
      }
      case PhysicalKind::kCalc: {
        const auto& c = node->As<CalcNode>();
        n["projections"] = Exprs(c.projections());
        n["names"] = c.field_names();
        if (c.condition() != nullptr) n["condition"] = c.condition()->ToJson();
        break;
      }
      case PhysicalKind::kUnion:
        break;
      case PhysicalKind::kWatermarkAssigner: {
        const auto& w = node->As<WatermarkAssignerNode>();
        n["rowtime_index"] = w.rowtime_index();
        n["watermark"] = w.watermark()->ToJson();
        break;
      }
      case PhysicalKind::kSink: {
        const auto& s = node->As<SinkNode>();
        n["table"] = Identifier(s.table());
        n["definition"] = CatalogTableToJson(s.definition());
        n["overwrite"] = s.overwrite();
        n["static_partitions"] = Options(s.static_partitions());
        n["acceptedMode"] = ChangelogModeToJson(s.accepted_mode());
        break;
      }
    }
    nodes_.push_back(std::move(n));
    ids_[node.get()] = id;
    return id;
  }
  json nodes() { return std::move(nodes_); }

 private:
  json nodes_ = json::array();
  std::map<const PhysicalNode*, int> ids_;
};

Result<ObjectIdentifier> ReadIdentifier(const json& j) {
  if (!j.is_array() || j.size() != 3) {
    return Status::SerializationError("plan JSON: a table identifier has three parts");
  }
  return ObjectIdentifier{j[0].get<std::string>(), j[1].get<std::string>(),
                          j[2].get<std::string>()};
}

TableOptions ReadOptions(const json& j) {
  TableOptions out;
  for (const json& kv : j)
    out.emplace_back(kv.at(0).get<std::string>(), kv.at(1).get<std::string>());
  return out;
}

Result<std::vector<ExprPtr>> ReadExprs(const json& j) {
  std::vector<ExprPtr> out;
  for (const json& e : j) {
    WEIR_ASSIGN_OR_RAISE(ExprPtr expr, Expr::FromJson(e));
    out.push_back(std::move(expr));
  }
  return out;
}

Result<std::vector<connectors::PartitionSpec>> ReadPartitions(const json& j) {
  std::vector<connectors::PartitionSpec> out;
  for (const json& p : j) {
    connectors::PartitionSpec spec;
    for (const json& kv : p) {
      spec.emplace_back(kv.at(0).get<std::string>(), kv.at(1).get<std::string>());
    }
    out.push_back(std::move(spec));
  }
  return out;
}

Result<PhysicalPtr> ReadNode(const json& n, const std::vector<PhysicalPtr>& done) {
  const std::string type = n.at("type").get<std::string>();
  const int version = n.at("version").get<int>();
  if (version != kNodeVersion) {
    return Status::NotSupported("plan JSON: version ", version, " of node type ", type,
                                " (this Weir reads version ", kNodeVersion, ")");
  }
  std::vector<PhysicalPtr> inputs;
  for (const json& in : n.at("inputs")) {
    const int id = in.get<int>();
    if (id < 0 || id >= static_cast<int>(done.size())) {
      return Status::SerializationError("plan JSON: node ", n.at("id").dump(), " reads node ", id,
                                        ", which is not listed before it");
    }
    inputs.push_back(done[static_cast<size_t>(id)]);
  }
  auto need = [&](size_t count) -> Status {
    if (inputs.size() == count) return Status::OK();
    return Status::SerializationError("plan JSON: a ", type, " node has ", count, " input(s), got ",
                                      inputs.size());
  };
  if (type == "TableSourceScan") {
    WEIR_RETURN_NOT_OK(need(0));
    WEIR_ASSIGN_OR_RAISE(ObjectIdentifier id, ReadIdentifier(n.at("table")));
    WEIR_ASSIGN_OR_RAISE(CatalogTable table, CatalogTableFromJson(n.at("definition")));
    WEIR_ASSIGN_OR_RAISE(ChangelogMode mode, ChangelogModeFromJson(n.at("changelogMode")));
    ScanPushDown push_down;
    if (n.contains("projection")) {
      push_down.projection = n.at("projection").get<std::vector<int32_t>>();
      for (int32_t i : *push_down.projection) {
        if (i < 0 || static_cast<size_t>(i) >= table.columns.size()) {
          return Status::SerializationError("plan JSON: projected column ", i, " out of range");
        }
      }
      if (n.contains("nestedProjection")) {
        push_down.nested_fields = n.at("nestedProjection").get<std::vector<std::vector<int32_t>>>();
        if (push_down.nested_fields->size() != push_down.projection->size()) {
          return Status::SerializationError("plan JSON: nestedProjection has ",
                                            push_down.nested_fields->size(), " paths for ",
                                            push_down.projection->size(), " projected columns");
        }
        const LogicalType row = table.RowType();
        for (size_t k = 0; k < push_down.projection->size(); ++k) {
          const std::vector<int32_t>& path = (*push_down.nested_fields)[k];
          if (path.empty()) continue;
          const Field& column = row.fields()[static_cast<size_t>((*push_down.projection)[k])];
          Result<Field> field = NestedScanField(column, path);
          if (!field.ok())
            return Status::SerializationError("plan JSON: ", field.status().message());
        }
      }
    }
    if (n.contains("partitions")) {
      WEIR_ASSIGN_OR_RAISE(push_down.partitions, ReadPartitions(n.at("partitions")));
    }
    return PhysicalPtr(std::make_shared<TableSourceScanNode>(
        std::move(id), std::move(table), ReadOptions(n.at("hints")), std::move(push_down), mode));
  }
  if (type == "Values") {
    WEIR_RETURN_NOT_OK(need(0));
    WEIR_ASSIGN_OR_RAISE(LogicalType row_type,
                         LogicalType::Parse(n.at("row_type").get<std::string>()));
    std::vector<std::vector<ExprPtr>> rows;
    for (const json& row : n.at("rows")) {
      WEIR_ASSIGN_OR_RAISE(auto exprs, ReadExprs(row));
      if (exprs.size() != row_type.fields().size()) {
        return Status::SerializationError("plan JSON: a Values row has ", exprs.size(),
                                          " values for ", row_type.fields().size(), " fields");
      }
      for (size_t f = 0; f < exprs.size(); ++f) {
        if (!exprs[f]->IsConstant() ||
            !exprs[f]->type().EqualsIgnoringNullability(row_type.fields()[f].logical_type())) {
          return Status::SerializationError("plan JSON: Values field ", f,
                                            " needs a constant of type ",
                                            row_type.fields()[f].logical_type().ToString());
        }
      }
      rows.push_back(std::move(exprs));
    }
    return PhysicalPtr(std::make_shared<ValuesNode>(std::move(row_type), std::move(rows)));
  }
  if (type == "Calc") {
    WEIR_RETURN_NOT_OK(need(1));
    WEIR_ASSIGN_OR_RAISE(auto exprs, ReadExprs(n.at("projections")));
    auto names = n.at("names").get<std::vector<std::string>>();
    if (names.size() != exprs.size()) {
      return Status::SerializationError("plan JSON: a Calc has ", exprs.size(), " projections but ",
                                        names.size(), " names");
    }
    ExprPtr condition;
    if (n.contains("condition")) {
      WEIR_ASSIGN_OR_RAISE(condition, Expr::FromJson(n.at("condition")));
    }
    return PhysicalPtr(std::make_shared<CalcNode>(inputs[0], std::move(exprs), std::move(names),
                                                  std::move(condition)));
  }
  if (type == "Union") {
    if (inputs.empty()) return Status::SerializationError("plan JSON: a Union without inputs");
    const auto& first = inputs[0]->row_type().fields();
    for (const PhysicalPtr& in : inputs) {
      const auto& fields = in->row_type().fields();
      bool same = fields.size() == first.size();
      for (size_t f = 0; same && f < fields.size(); ++f) {
        same = fields[f].logical_type().EqualsIgnoringNullability(first[f].logical_type());
      }
      if (!same) return Status::SerializationError("plan JSON: Union inputs of different types");
    }
    return PhysicalPtr(std::make_shared<UnionNode>(std::move(inputs)));
  }
  if (type == "WatermarkAssigner") {
    WEIR_RETURN_NOT_OK(need(1));
    WEIR_ASSIGN_OR_RAISE(ExprPtr watermark, Expr::FromJson(n.at("watermark")));
    const int index = n.at("rowtime_index").get<int>();
    if (index < 0 || index >= static_cast<int>(inputs[0]->row_type().fields().size())) {
      return Status::SerializationError("plan JSON: rowtime index ", index, " out of range");
    }
    return PhysicalPtr(
        std::make_shared<WatermarkAssignerNode>(inputs[0], index, std::move(watermark)));
  }
  if (type == "Sink") {
    WEIR_RETURN_NOT_OK(need(1));
    WEIR_ASSIGN_OR_RAISE(ObjectIdentifier id, ReadIdentifier(n.at("table")));
    WEIR_ASSIGN_OR_RAISE(CatalogTable table, CatalogTableFromJson(n.at("definition")));
    WEIR_ASSIGN_OR_RAISE(ChangelogMode accepted, ChangelogModeFromJson(n.at("acceptedMode")));
    return PhysicalPtr(std::make_shared<SinkNode>(
        inputs[0], std::move(id), std::move(table), n.at("overwrite").get<bool>(),
        ReadOptions(n.at("static_partitions")), std::move(accepted)));
  }
  return Status::NotSupported("plan JSON: unknown node type '", type, "'");
}

}  // namespace

json PlanToJson(const std::vector<PhysicalPtr>& sinks) {
  Writer writer;
  json roots = json::array();
  for (const PhysicalPtr& s : sinks) roots.push_back(writer.Add(s));
  return {{"format", kCompiledPlanFormat}, {"nodes", writer.nodes()}, {"sinks", std::move(roots)}};
}

Result<std::vector<PhysicalPtr>> PlanFromJson(const json& j) {
  try {
    if (!j.is_object() || j.value("format", std::string()) != kCompiledPlanFormat) {
      return Status::NotSupported("not a Weir compiled plan (expected format ", kCompiledPlanFormat,
                                  ")");
    }
    std::vector<PhysicalPtr> done;
    for (const json& n : j.at("nodes")) {
      if (n.at("id").get<int>() != static_cast<int>(done.size())) {
        return Status::SerializationError("plan JSON: node ids must count up from 0");
      }
      WEIR_ASSIGN_OR_RAISE(PhysicalPtr node, ReadNode(n, done));
      done.push_back(std::move(node));
    }
    std::vector<PhysicalPtr> sinks;
    for (const json& id : j.at("sinks")) {
      const int i = id.get<int>();
      if (i < 0 || i >= static_cast<int>(done.size())) {
        return Status::SerializationError("plan JSON: unknown sink node ", i);
      }
      if (done[static_cast<size_t>(i)]->kind() != PhysicalKind::kSink) {
        return Status::SerializationError("plan JSON: root node ", i, " is not a Sink");
      }
      sinks.push_back(done[static_cast<size_t>(i)]);
    }
    return sinks;
  } catch (const json::exception& e) {
    return Status::SerializationError("plan JSON: malformed document: ", e.what());
  }
}

json ChangelogModeToJson(const ChangelogMode& mode) {
  json out = {{"kinds", mode.ToString()}};
  if (mode.upsert_key()) out["upsertKey"] = *mode.upsert_key();
  return out;
}

Result<ChangelogMode> ChangelogModeFromJson(const json& j) {
  try {
    const std::string kinds = j.at("kinds").get<std::string>();
    if (j.contains("upsertKey")) {
      ChangelogMode upsert = ChangelogMode::Upsert(j.at("upsertKey").get<std::vector<int32_t>>());
      if (upsert.ToString() != kinds) {
        return Status::SerializationError("plan JSON: an upsert key needs changelog mode ",
                                          upsert.ToString(), ", got ", kinds);
      }
      return upsert;
    }
    ChangelogMode mode = ChangelogMode::None();
    if (kinds == "NONE") return mode;
    size_t start = 0;
    while (start <= kinds.size()) {
      size_t end = kinds.find(',', start);
      if (end == std::string::npos) end = kinds.size();
      const std::string k = kinds.substr(start, end - start);
      if (k == "I") {
        mode = mode.With(RowKind::kInsert);
      } else if (k == "UB") {
        mode = mode.With(RowKind::kUpdateBefore);
      } else if (k == "UA") {
        mode = mode.With(RowKind::kUpdateAfter);
      } else if (k == "D") {
        mode = mode.With(RowKind::kDelete);
      } else {
        return Status::SerializationError("plan JSON: unknown row kind '", k,
                                          "' in changelog mode ", kinds);
      }
      start = end + 1;
    }
    return mode;
  } catch (const json::exception& e) {
    return Status::SerializationError("plan JSON: malformed changelog mode: ", e.what());
  }
}

}  // namespace weir::sql
