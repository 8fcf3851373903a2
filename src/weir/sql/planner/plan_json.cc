// PlanJson: node-by-node serialisation of plan DAGs.
#include "weir/sql/planner/plan_json.h"

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

const char* TypeName(RelKind kind) {
  switch (kind) {
    case RelKind::kTableScan:
      return "TableScan";
    case RelKind::kValues:
      return "Values";
    case RelKind::kProject:
      return "Project";
    case RelKind::kFilter:
      return "Filter";
    case RelKind::kUnion:
      return "Union";
    case RelKind::kWatermarkAssigner:
      return "WatermarkAssigner";
    case RelKind::kSink:
      return "Sink";
  }
  return "?";
}

class Writer {
 public:
  int Add(const RelPtr& node) {
    auto it = ids_.find(node.get());
    if (it != ids_.end()) return it->second;
    json inputs = json::array();
    for (const RelPtr& in : node->inputs()) inputs.push_back(Add(in));
    const int id = static_cast<int>(nodes_.size());
    json n = {{"id", id},
              {"type", TypeName(node->kind())},
              {"version", kNodeVersion},
              {"inputs", std::move(inputs)}};
    switch (node->kind()) {
      case RelKind::kTableScan: {
        const auto& s = node->As<TableScanRel>();
        n["table"] = Identifier(s.table());
        n["definition"] = CatalogTableToJson(s.definition());
        n["hints"] = Options(s.hint_options());
        break;
      }
      case RelKind::kValues: {
        const auto& v = node->As<ValuesRel>();
        n["row_type"] = v.row_type().ToString();
        json rows = json::array();
        for (const auto& row : v.rows()) rows.push_back(Exprs(row));
        n["rows"] = std::move(rows);
        break;
      }
      case RelKind::kProject: {
        const auto& p = node->As<ProjectRel>();
        n["exprs"] = Exprs(p.exprs());
        n["names"] = p.field_names();
        break;
      }
      case RelKind::kFilter:
        n["condition"] = node->As<FilterRel>().condition()->ToJson();
        break;
      case RelKind::kUnion:
        n["all"] = node->As<UnionRel>().all();
        break;
      case RelKind::kWatermarkAssigner: {
        const auto& w = node->As<WatermarkAssignerRel>();
        n["rowtime_index"] = w.rowtime_index();
        n["watermark"] = w.watermark()->ToJson();
        break;
      }
      case RelKind::kSink: {
        const auto& s = node->As<SinkRel>();
        n["table"] = Identifier(s.table());
        n["definition"] = CatalogTableToJson(s.definition());
        n["overwrite"] = s.overwrite();
        n["static_partitions"] = Options(s.static_partitions());
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
  std::map<const RelNode*, int> ids_;
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

Result<RelPtr> ReadNode(const json& n, const std::vector<RelPtr>& done) {
  const std::string type = n.at("type").get<std::string>();
  const int version = n.at("version").get<int>();
  if (version != kNodeVersion) {
    return Status::NotSupported("plan JSON: version ", version, " of node type ", type,
                                " (this Weir reads version ", kNodeVersion, ")");
  }
  std::vector<RelPtr> inputs;
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
  if (type == "TableScan") {
    WEIR_RETURN_NOT_OK(need(0));
    WEIR_ASSIGN_OR_RAISE(ObjectIdentifier id, ReadIdentifier(n.at("table")));
    WEIR_ASSIGN_OR_RAISE(CatalogTable table, CatalogTableFromJson(n.at("definition")));
    return RelPtr(std::make_shared<TableScanRel>(std::move(id), std::move(table),
                                                 ReadOptions(n.at("hints"))));
  }
  if (type == "Values") {
    WEIR_RETURN_NOT_OK(need(0));
    WEIR_ASSIGN_OR_RAISE(LogicalType row_type,
                         LogicalType::Parse(n.at("row_type").get<std::string>()));
    std::vector<std::vector<ExprPtr>> rows;
    for (const json& row : n.at("rows")) {
      WEIR_ASSIGN_OR_RAISE(auto exprs, ReadExprs(row));
      rows.push_back(std::move(exprs));
    }
    return RelPtr(std::make_shared<ValuesRel>(std::move(row_type), std::move(rows)));
  }
  if (type == "Project") {
    WEIR_RETURN_NOT_OK(need(1));
    WEIR_ASSIGN_OR_RAISE(auto exprs, ReadExprs(n.at("exprs")));
    auto names = n.at("names").get<std::vector<std::string>>();
    if (names.size() != exprs.size()) {
      return Status::SerializationError("plan JSON: a Project has ", exprs.size(),
                                        " expressions but ", names.size(), " names");
    }
    return RelPtr(std::make_shared<ProjectRel>(inputs[0], std::move(exprs), std::move(names)));
  }
  if (type == "Filter") {
    WEIR_RETURN_NOT_OK(need(1));
    WEIR_ASSIGN_OR_RAISE(ExprPtr condition, Expr::FromJson(n.at("condition")));
    return RelPtr(std::make_shared<FilterRel>(inputs[0], std::move(condition)));
  }
  if (type == "Union") {
    if (inputs.empty()) return Status::SerializationError("plan JSON: a Union without inputs");
    return RelPtr(std::make_shared<UnionRel>(std::move(inputs), n.at("all").get<bool>()));
  }
  if (type == "WatermarkAssigner") {
    WEIR_RETURN_NOT_OK(need(1));
    WEIR_ASSIGN_OR_RAISE(ExprPtr watermark, Expr::FromJson(n.at("watermark")));
    const int index = n.at("rowtime_index").get<int>();
    if (index < 0 || index >= static_cast<int>(inputs[0]->row_type().fields().size())) {
      return Status::SerializationError("plan JSON: rowtime index ", index, " out of range");
    }
    return RelPtr(std::make_shared<WatermarkAssignerRel>(inputs[0], index, std::move(watermark)));
  }
  if (type == "Sink") {
    WEIR_RETURN_NOT_OK(need(1));
    WEIR_ASSIGN_OR_RAISE(ObjectIdentifier id, ReadIdentifier(n.at("table")));
    WEIR_ASSIGN_OR_RAISE(CatalogTable table, CatalogTableFromJson(n.at("definition")));
    return RelPtr(std::make_shared<SinkRel>(inputs[0], std::move(id), std::move(table),
                                            n.at("overwrite").get<bool>(),
                                            ReadOptions(n.at("static_partitions"))));
  }
  return Status::NotSupported("plan JSON: unknown node type '", type, "'");
}

}  // namespace

json PlanToJson(const std::vector<RelPtr>& sinks) {
  Writer writer;
  json roots = json::array();
  for (const RelPtr& s : sinks) roots.push_back(writer.Add(s));
  return {{"format", kCompiledPlanFormat}, {"nodes", writer.nodes()}, {"sinks", std::move(roots)}};
}

Result<std::vector<RelPtr>> PlanFromJson(const json& j) {
  try {
    if (!j.is_object() || j.value("format", std::string()) != kCompiledPlanFormat) {
      return Status::NotSupported("not a Weir compiled plan (expected format ", kCompiledPlanFormat,
                                  ")");
    }
    std::vector<RelPtr> done;
    for (const json& n : j.at("nodes")) {
      if (n.at("id").get<int>() != static_cast<int>(done.size())) {
        return Status::SerializationError("plan JSON: node ids must count up from 0");
      }
      WEIR_ASSIGN_OR_RAISE(RelPtr node, ReadNode(n, done));
      done.push_back(std::move(node));
    }
    std::vector<RelPtr> sinks;
    for (const json& id : j.at("sinks")) {
      const int i = id.get<int>();
      if (i < 0 || i >= static_cast<int>(done.size())) {
        return Status::SerializationError("plan JSON: unknown sink node ", i);
      }
      sinks.push_back(done[static_cast<size_t>(i)]);
    }
    return sinks;
  } catch (const json::exception& e) {
    return Status::SerializationError("plan JSON: malformed document: ", e.what());
  }
}

}  // namespace weir::sql
