// Job graph JSON: the v1 writer and parser, and Flink's REST plan shape.
#include "weir/runtime/graph/job_graph_json.h"

#include <algorithm>
#include <limits>
#include <nlohmann/json.hpp>

namespace weir::runtime {

namespace {

using Json = nlohmann::ordered_json;

std::string DumpScalar(const Json& json) {
  // Invalid UTF-8 in names is replaced rather than thrown on.
  return json.dump(-1, ' ', false, Json::error_handler_t::replace);
}

// Returns true for arrays small enough in shape to print on one line: every element is a
// scalar or an array of scalars (key columns, side output names).
bool IsFlatArray(const Json& json) {
  if (!json.is_array()) return false;
  for (const Json& element : json) {
    if (element.is_object()) return false;
    if (element.is_array()) {
      for (const Json& inner : element) {
        if (inner.is_structured()) return false;
      }
    }
  }
  return true;
}

// Writes `json` indented by two spaces per level, objects one field per line and flat arrays
// on one line ("key_columns": [[1], []]).
void Write(const Json& json, int depth, std::string& out) {
  std::string pad(2 * (depth + 1), ' ');
  if (json.is_object() && !json.empty()) {
    out += "{\n";
    size_t i = 0;
    for (auto it = json.begin(); it != json.end(); ++it, ++i) {
      out += pad;
      out += DumpScalar(Json(it.key()));
      out += ": ";
      Write(it.value(), depth + 1, out);
      out += i + 1 < json.size() ? ",\n" : "\n";
    }
    out += std::string(2 * depth, ' ') + "}";
  } else if (json.is_array() && !json.empty() && !IsFlatArray(json)) {
    out += "[\n";
    for (size_t i = 0; i < json.size(); ++i) {
      out += pad;
      Write(json[i], depth + 1, out);
      out += i + 1 < json.size() ? ",\n" : "\n";
    }
    out += std::string(2 * depth, ' ') + "]";
  } else if (json.is_array()) {
    out += "[";
    for (size_t i = 0; i < json.size(); ++i) {
      if (i > 0) out += ", ";
      Write(json[i], depth + 1, out);
    }
    out += "]";
  } else {
    out += DumpScalar(json);
  }
}

std::string Dump(const Json& json) {
  std::string out;
  Write(json, 0, out);
  out += "\n";
  return out;
}

Json IntArray(const std::vector<int32_t>& values) {
  Json out = Json::array();
  for (int32_t v : values) out.push_back(v);
  return out;
}

// ---- Reading, without exceptions escaping: every access checks the type first.

Status Missing(std::string_view where, std::string_view key, std::string_view expected) {
  return Status::SerializationError("Job graph JSON: missing or mistyped field '", key,
                                    "' (expected ", expected, ") in ", where);
}

Status GetInt(const Json& obj, const char* key, std::string_view where, int32_t* out) {
  auto it = obj.find(key);
  if (it == obj.end() || !it->is_number_integer()) return Missing(where, key, "an integer");
  int64_t v = it->get<int64_t>();
  if (it->is_number_unsigned() && it->get<uint64_t>() > uint64_t{INT32_MAX}) {
    return Missing(where, key, "a 32-bit integer");
  }
  if (v < std::numeric_limits<int32_t>::min() || v > std::numeric_limits<int32_t>::max()) {
    return Missing(where, key, "a 32-bit integer");
  }
  *out = static_cast<int32_t>(v);
  return Status::OK();
}

Status GetString(const Json& obj, const char* key, std::string_view where, std::string* out) {
  auto it = obj.find(key);
  if (it == obj.end() || !it->is_string()) return Missing(where, key, "a string");
  *out = it->get<std::string>();
  return Status::OK();
}

Status GetBool(const Json& obj, const char* key, std::string_view where, bool* out) {
  auto it = obj.find(key);
  if (it == obj.end() || !it->is_boolean()) return Missing(where, key, "a boolean");
  *out = it->get<bool>();
  return Status::OK();
}

Status GetArray(const Json& obj, const char* key, std::string_view where, const Json** out) {
  auto it = obj.find(key);
  if (it == obj.end() || !it->is_array()) return Missing(where, key, "an array");
  *out = &*it;
  return Status::OK();
}

Status ToIntArray(const Json& array, const char* key, std::string_view where,
                  std::vector<int32_t>* out) {
  out->clear();
  for (const Json& v : array) {
    if (!v.is_number_integer()) return Missing(where, key, "an array of integers");
    int64_t x = v.get<int64_t>();
    if ((v.is_number_unsigned() && v.get<uint64_t>() > uint64_t{INT32_MAX}) ||
        x < std::numeric_limits<int32_t>::min() || x > std::numeric_limits<int32_t>::max()) {
      return Missing(where, key, "an array of 32-bit integers");
    }
    out->push_back(static_cast<int32_t>(x));
  }
  return Status::OK();
}

Status ParseOperator(const Json& json, std::string_view where, OperatorDescription* op) {
  if (!json.is_object())
    return Status::SerializationError("Job graph JSON: ", where, " is not an object");
  WEIR_RETURN_NOT_OK(GetInt(json, "node_id", where, &op->node_id));
  WEIR_RETURN_NOT_OK(GetString(json, "uid", where, &op->uid));
  WEIR_RETURN_NOT_OK(GetBool(json, "uid_generated", where, &op->uid_generated));
  WEIR_RETURN_NOT_OK(GetString(json, "name", where, &op->name));
  WEIR_RETURN_NOT_OK(GetInt(json, "num_inputs", where, &op->num_inputs));
  std::string strategy;
  WEIR_RETURN_NOT_OK(GetString(json, "chaining_strategy", where, &strategy));
  std::optional<ChainingStrategy> parsed = ParseChainingStrategy(strategy);
  if (!parsed) {
    return Status::SerializationError("Job graph JSON: unknown chaining strategy: '", strategy,
                                      "' in ", where);
  }
  op->chaining_strategy = *parsed;
  const Json* side_outputs = nullptr;
  WEIR_RETURN_NOT_OK(GetArray(json, "side_outputs", where, &side_outputs));
  for (const Json& tag : *side_outputs) {
    if (!tag.is_string()) return Missing(where, "side_outputs", "an array of strings");
    op->side_outputs.push_back(tag.get<std::string>());
  }
  WEIR_RETURN_NOT_OK(GetBool(json, "keyed", where, &op->keyed));
  const Json* key_columns = nullptr;
  WEIR_RETURN_NOT_OK(GetArray(json, "key_columns", where, &key_columns));
  for (const Json& input : *key_columns) {
    if (!input.is_array()) return Missing(where, "key_columns", "an array of arrays");
    std::vector<int32_t> columns;
    WEIR_RETURN_NOT_OK(ToIntArray(input, "key_columns", where, &columns));
    op->key_columns.push_back(std::move(columns));
  }
  auto key_types = json.find("key_types");
  if (key_types != json.end()) {
    if (!key_types->is_array()) return Missing(where, "key_types", "an array of type strings");
    for (const Json& type : *key_types) {
      if (!type.is_string()) return Missing(where, "key_types", "an array of type strings");
      const std::string text = type.get<std::string>();
      Result<LogicalType> parsed = LogicalType::Parse(text);
      if (!parsed.ok()) {
        return Status::SerializationError("Job graph JSON: bad key type '", text, "' in ", where,
                                          ": ", parsed.status().message());
      }
      // The writer prints ToString(); a type that would not read back equal is refused here
      // so that every accepted document survives a write and read unchanged.
      Result<LogicalType> again = LogicalType::Parse(parsed->ToString());
      if (!again.ok() || !(*again == *parsed)) {
        return Status::SerializationError("Job graph JSON: key type '", text, "' in ", where,
                                          " does not survive printing as '", parsed->ToString(),
                                          "'");
      }
      op->key_types.push_back(std::move(parsed).ValueOrDie());
    }
  }
  return Status::OK();
}

Status ParseVertex(const Json& json, std::string_view where, VertexDescription* vertex) {
  if (!json.is_object())
    return Status::SerializationError("Job graph JSON: ", where, " is not an object");
  WEIR_RETURN_NOT_OK(GetInt(json, "id", where, &vertex->id));
  WEIR_RETURN_NOT_OK(GetString(json, "hex_id", where, &vertex->hex_id));
  WEIR_RETURN_NOT_OK(GetString(json, "name", where, &vertex->name));
  WEIR_RETURN_NOT_OK(GetInt(json, "parallelism", where, &vertex->parallelism));
  WEIR_RETURN_NOT_OK(GetInt(json, "max_parallelism", where, &vertex->max_parallelism));
  WEIR_RETURN_NOT_OK(GetString(json, "slot_sharing_group", where, &vertex->slot_sharing_group));
  const Json* operators = nullptr;
  WEIR_RETURN_NOT_OK(GetArray(json, "operators", where, &operators));
  for (size_t i = 0; i < operators->size(); ++i) {
    OperatorDescription op;
    WEIR_RETURN_NOT_OK(ParseOperator((*operators)[i], StrCat(where, " operator ", i), &op));
    vertex->operators.push_back(std::move(op));
  }
  return Status::OK();
}

Status ParseEdge(const Json& json, std::string_view where, EdgeDescription* edge) {
  if (!json.is_object())
    return Status::SerializationError("Job graph JSON: ", where, " is not an object");
  WEIR_RETURN_NOT_OK(GetInt(json, "id", where, &edge->id));
  WEIR_RETURN_NOT_OK(GetInt(json, "source", where, &edge->source));
  WEIR_RETURN_NOT_OK(GetInt(json, "source_operator", where, &edge->source_operator));
  auto side = json.find("side_output");
  if (side == json.end() || !(side->is_null() || side->is_string())) {
    return Missing(where, "side_output", "a string or null");
  }
  edge->side_output = side->is_null() ? std::string() : side->get<std::string>();
  if (side->is_string() && edge->side_output.empty()) {
    return Missing(where, "side_output", "a non-empty string or null");
  }
  WEIR_RETURN_NOT_OK(GetInt(json, "target", where, &edge->target));
  WEIR_RETURN_NOT_OK(GetInt(json, "target_input", where, &edge->target_input));
  std::string partitioner;
  std::string ship_strategy;
  WEIR_RETURN_NOT_OK(GetString(json, "partitioner", where, &partitioner));
  WEIR_RETURN_NOT_OK(GetString(json, "ship_strategy", where, &ship_strategy));
  std::optional<PartitionerKind> kind = ParsePartitionerKind(partitioner);
  if (!kind || partitioner != PartitionerKindName(*kind)) {
    return Status::SerializationError("Job graph JSON: unknown partitioner: '", partitioner,
                                      "' in ", where);
  }
  if (ship_strategy != ShipStrategyName(*kind)) {
    return Status::SerializationError("Job graph JSON: ship strategy '", ship_strategy,
                                      "' does not match partitioner '", partitioner, "' in ",
                                      where);
  }
  edge->partitioner = *kind;
  if (*kind == PartitionerKind::kHash) {
    const Json* keys = nullptr;
    WEIR_RETURN_NOT_OK(GetArray(json, "key_columns", where, &keys));
    WEIR_RETURN_NOT_OK(ToIntArray(*keys, "key_columns", where, &edge->key_columns));
  }
  if (*kind == PartitionerKind::kCustom) {
    WEIR_RETURN_NOT_OK(GetString(json, "custom_name", where, &edge->custom_name));
  }
  return Status::OK();
}

// Checks that ids and references of a parsed description are consistent.
Status ValidateDescription(const JobGraphDescription& d) {
  int32_t num_vertices = static_cast<int32_t>(d.vertices.size());
  for (int32_t i = 0; i < num_vertices; ++i) {
    const VertexDescription& v = d.vertices[i];
    if (v.id != i) return Status::Invalid("Job graph JSON: vertex ", i, " has id ", v.id);
    if (v.operators.empty()) return Status::Invalid("Job graph JSON: vertex ", i, " is empty");
    if (v.parallelism < 1 || v.max_parallelism < v.parallelism ||
        v.max_parallelism > kUpperBoundMaxParallelism) {
      return Status::Invalid("Job graph JSON: invalid parallelism ", v.parallelism,
                             " / max parallelism ", v.max_parallelism, " of vertex ", i);
    }
    for (const OperatorDescription& op : v.operators) {
      if (op.num_inputs < 0 || op.num_inputs > 2) {
        return Status::Invalid("Job graph JSON: operator '", op.uid, "' has ", op.num_inputs,
                               " inputs");
      }
      if (op.key_types.empty()) continue;
      if (!op.keyed) {
        return Status::Invalid("Job graph JSON: key types given for operator '", op.uid,
                               "', which is not keyed");
      }
      for (const std::vector<int32_t>& columns : op.key_columns) {
        if (!columns.empty() && columns.size() != op.key_types.size()) {
          return Status::Invalid("Job graph JSON: operator '", op.uid, "' has ", columns.size(),
                                 " key column(s) but ", op.key_types.size(), " key type(s)");
        }
      }
    }
  }
  for (int32_t i = 0; i < static_cast<int32_t>(d.edges.size()); ++i) {
    const EdgeDescription& e = d.edges[i];
    if (e.id != i) return Status::Invalid("Job graph JSON: edge ", i, " has id ", e.id);
    if (e.source < 0 || e.source >= num_vertices || e.target < 0 || e.target >= num_vertices) {
      return Status::Invalid("Job graph JSON: edge ", i, " names an unknown vertex");
    }
    const VertexDescription& source = d.vertices[e.source];
    if (e.source_operator < 0 ||
        e.source_operator >= static_cast<int32_t>(source.operators.size())) {
      return Status::Invalid("Job graph JSON: edge ", i, " names unknown operator ",
                             e.source_operator, " of vertex ", e.source);
    }
    if (!e.side_output.empty()) {
      const std::vector<std::string>& tags = source.operators[e.source_operator].side_outputs;
      if (std::find(tags.begin(), tags.end(), e.side_output) == tags.end()) {
        return Status::Invalid("Job graph JSON: edge ", i, " names unknown side output '",
                               e.side_output, "'");
      }
    }
    const OperatorDescription& head = d.vertices[e.target].operators.front();
    if (e.target_input < 0 || e.target_input >= head.num_inputs) {
      return Status::Invalid("Job graph JSON: edge ", i, " feeds input ", e.target_input,
                             " of an operator with ", head.num_inputs, " input(s)");
    }
  }
  return Status::OK();
}

Result<JobGraphDescription> ParseJson(const Json& root) {
  if (!root.is_object()) {
    return Status::SerializationError("Job graph JSON: the document is not an object");
  }
  std::string format;
  WEIR_RETURN_NOT_OK(GetString(root, "format", "the document", &format));
  if (format != kJobGraphJsonFormatV1) {
    return Status::SerializationError("Unsupported job graph format: '", format, "' (expected ",
                                      kJobGraphJsonFormatV1, ")");
  }
  JobGraphDescription d;
  WEIR_RETURN_NOT_OK(GetString(root, "job_id", "the document", &d.job_id));
  WEIR_RETURN_NOT_OK(GetString(root, "job_name", "the document", &d.job_name));
  std::string job_type;
  WEIR_RETURN_NOT_OK(GetString(root, "job_type", "the document", &job_type));
  std::optional<JobType> type = ParseJobType(job_type);
  if (!type) return Status::SerializationError("Job graph JSON: unknown job type: ", job_type);
  d.job_type = *type;
  const Json* vertices = nullptr;
  WEIR_RETURN_NOT_OK(GetArray(root, "vertices", "the document", &vertices));
  for (size_t i = 0; i < vertices->size(); ++i) {
    VertexDescription v;
    WEIR_RETURN_NOT_OK(ParseVertex((*vertices)[i], StrCat("vertex ", i), &v));
    d.vertices.push_back(std::move(v));
  }
  const Json* edges = nullptr;
  WEIR_RETURN_NOT_OK(GetArray(root, "edges", "the document", &edges));
  for (size_t i = 0; i < edges->size(); ++i) {
    EdgeDescription e;
    WEIR_RETURN_NOT_OK(ParseEdge((*edges)[i], StrCat("edge ", i), &e));
    d.edges.push_back(std::move(e));
  }
  WEIR_RETURN_NOT_OK(ValidateDescription(d));
  return d;
}

}  // namespace

JobGraphDescription DescribeJobGraph(const JobGraph& job) {
  JobGraphDescription d;
  d.job_id = job.job_id().ToString();
  d.job_name = job.job_name();
  d.job_type = job.job_type();
  for (const JobVertex& v : job.vertices()) {
    VertexDescription vd;
    vd.id = v.id.value();
    vd.hex_id = v.hex_id;
    vd.name = v.name;
    vd.parallelism = v.parallelism;
    vd.max_parallelism = v.max_parallelism;
    vd.slot_sharing_group = v.slot_sharing_group;
    for (const ChainedOperator& op : v.operators) {
      OperatorDescription od;
      od.node_id = op.node_id.value();
      od.uid = op.uid;
      od.uid_generated = op.uid_generated;
      od.name = op.name;
      od.num_inputs = op.num_inputs;
      od.side_outputs = op.side_outputs;
      od.chaining_strategy = op.chaining_strategy;
      od.keyed = op.keyed;
      od.key_columns = op.key_columns;
      od.key_types = op.key_types;
      vd.operators.push_back(std::move(od));
    }
    d.vertices.push_back(std::move(vd));
  }
  for (const JobEdge& e : job.edges()) {
    EdgeDescription ed;
    ed.id = e.id;
    ed.source = e.source.value();
    ed.source_operator = e.source_operator;
    if (e.source_output != kMainOutput) {
      ed.side_output = job.vertex(e.source).operators[e.source_operator].side_outputs.at(
          static_cast<size_t>(e.source_output));
    }
    ed.target = e.target.value();
    ed.target_input = e.target_input;
    ed.partitioner = e.partitioner.kind;
    if (e.partitioner.kind == PartitionerKind::kHash) ed.key_columns = e.partitioner.key_columns;
    if (e.partitioner.kind == PartitionerKind::kCustom) ed.custom_name = e.partitioner.custom_name;
    d.edges.push_back(std::move(ed));
  }
  return d;
}

std::string JobGraphToJson(const JobGraph& job) { return JobGraphToJson(DescribeJobGraph(job)); }

std::string JobGraphToJson(const JobGraphDescription& d) {
  Json root = Json::object();
  root["format"] = kJobGraphJsonFormatV1;
  root["job_id"] = d.job_id;
  root["job_name"] = d.job_name;
  root["job_type"] = JobTypeName(d.job_type);
  Json vertices = Json::array();
  for (const VertexDescription& v : d.vertices) {
    Json vj = Json::object();
    vj["id"] = v.id;
    vj["hex_id"] = v.hex_id;
    vj["name"] = v.name;
    vj["parallelism"] = v.parallelism;
    vj["max_parallelism"] = v.max_parallelism;
    vj["slot_sharing_group"] = v.slot_sharing_group;
    Json operators = Json::array();
    for (const OperatorDescription& op : v.operators) {
      Json oj = Json::object();
      oj["node_id"] = op.node_id;
      oj["uid"] = op.uid;
      oj["uid_generated"] = op.uid_generated;
      oj["name"] = op.name;
      oj["num_inputs"] = op.num_inputs;
      oj["chaining_strategy"] = ChainingStrategyName(op.chaining_strategy);
      Json side_outputs = Json::array();
      for (const std::string& tag : op.side_outputs) side_outputs.push_back(tag);
      oj["side_outputs"] = std::move(side_outputs);
      oj["keyed"] = op.keyed;
      Json key_columns = Json::array();
      for (const std::vector<int32_t>& columns : op.key_columns) {
        key_columns.push_back(IntArray(columns));
      }
      oj["key_columns"] = std::move(key_columns);
      Json key_types = Json::array();
      for (const LogicalType& type : op.key_types) key_types.push_back(type.ToString());
      oj["key_types"] = std::move(key_types);
      operators.push_back(std::move(oj));
    }
    vj["operators"] = std::move(operators);
    vertices.push_back(std::move(vj));
  }
  root["vertices"] = std::move(vertices);
  Json edges = Json::array();
  for (const EdgeDescription& e : d.edges) {
    Json ej = Json::object();
    ej["id"] = e.id;
    ej["source"] = e.source;
    ej["source_operator"] = e.source_operator;
    ej["side_output"] = e.side_output.empty() ? Json(nullptr) : Json(e.side_output);
    ej["target"] = e.target;
    ej["target_input"] = e.target_input;
    ej["partitioner"] = PartitionerKindName(e.partitioner);
    ej["ship_strategy"] = ShipStrategyName(e.partitioner);
    if (e.partitioner == PartitionerKind::kHash) ej["key_columns"] = IntArray(e.key_columns);
    if (e.partitioner == PartitionerKind::kCustom) ej["custom_name"] = e.custom_name;
    edges.push_back(std::move(ej));
  }
  root["edges"] = std::move(edges);
  return Dump(root);
}

Result<JobGraphDescription> ParseJobGraphJson(std::string_view json) {
  Json root = Json::parse(json.begin(), json.end(), nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded()) {
    return Status::SerializationError("Job graph JSON: malformed JSON");
  }
  // The accessors above check types before every get<>(), so nothing should throw; the
  // guard keeps a library exception from escaping as a crash all the same.
  try {
    return ParseJson(root);
  } catch (const nlohmann::json::exception& e) {
    return Status::SerializationError("Job graph JSON: ", e.what());
  }
}

std::string JobPlanToJson(const JobGraph& job) {
  Json nodes = Json::array();
  for (const JobVertex& v : job.vertices()) {
    Json node = Json::object();
    node["id"] = v.hex_id;
    node["parallelism"] = v.parallelism;
    node["operator"] = v.name;
    node["operator_strategy"] = "";
    std::string description;
    for (size_t i = 0; i < v.operators.size(); ++i) {
      if (i > 0) description += "\n+- ";
      description += v.operators[i].name;
    }
    node["description"] = description;
    if (!v.input_edges.empty()) {
      Json inputs = Json::array();
      for (size_t num = 0; num < v.input_edges.size(); ++num) {
        const JobEdge& e = job.edge(v.input_edges[num]);
        Json input = Json::object();
        input["num"] = static_cast<int64_t>(num);
        input["id"] = job.vertex(e.source).hex_id;
        input["ship_strategy"] = ShipStrategyName(e.partitioner.kind);
        input["exchange"] = "pipelined_bounded";
        inputs.push_back(std::move(input));
      }
      node["inputs"] = std::move(inputs);
    }
    node["optimizer_properties"] = Json::object();
    nodes.push_back(std::move(node));
  }
  Json plan = Json::object();
  plan["jid"] = job.job_id().ToString();
  plan["name"] = job.job_name();
  plan["type"] = JobTypeName(job.job_type());
  plan["nodes"] = std::move(nodes);
  Json root = Json::object();
  root["plan"] = std::move(plan);
  return Dump(root);
}

}  // namespace weir::runtime
