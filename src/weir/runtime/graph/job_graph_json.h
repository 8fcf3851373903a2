// JSON forms of a job graph: Weir's versioned "weir.job-graph/v1" and Flink's REST plan shape.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "weir/common/result.h"
#include "weir/common/types/logical_type.h"
#include "weir/runtime/graph/job_graph.h"

namespace weir::runtime {

/// The value of the "format" field of the v1 job graph JSON.
inline constexpr std::string_view kJobGraphJsonFormatV1 = "weir.job-graph/v1";

/// The structure of a job graph without its operator factories or custom partition functions:
/// what the JSON holds. Comparable, so a round trip can be checked with ==.
struct OperatorDescription {
  int32_t node_id = 0;
  std::string uid;
  bool uid_generated = false;
  std::string name;
  int32_t num_inputs = 1;
  std::vector<std::string> side_outputs;
  ChainingStrategy chaining_strategy = ChainingStrategy::kAlways;
  bool keyed = false;
  std::vector<std::vector<int32_t>> key_columns;
  /// Types of the key columns; empty when the job submitter supplies them.
  std::vector<LogicalType> key_types;
  bool operator==(const OperatorDescription&) const = default;
};

struct VertexDescription {
  int32_t id = 0;
  std::string hex_id;
  std::string name;
  int32_t parallelism = 1;
  int32_t max_parallelism = 0;
  std::string slot_sharing_group;
  std::vector<OperatorDescription> operators;
  bool operator==(const VertexDescription&) const = default;
};

struct EdgeDescription {
  int32_t id = 0;
  int32_t source = 0;
  int32_t source_operator = 0;
  /// Empty for the main output, else the side output's name.
  std::string side_output;
  int32_t target = 0;
  int32_t target_input = 0;
  PartitionerKind partitioner = PartitionerKind::kForward;
  std::vector<int32_t> key_columns;  // kHash
  std::string custom_name;           // kCustom
  bool operator==(const EdgeDescription&) const = default;
};

struct JobGraphDescription {
  std::string job_id;
  std::string job_name;
  JobType job_type = JobType::kStreaming;
  std::vector<VertexDescription> vertices;
  std::vector<EdgeDescription> edges;
  bool operator==(const JobGraphDescription&) const = default;
};

/// Returns the structure of `job`.
JobGraphDescription DescribeJobGraph(const JobGraph& job);

/// Returns the v1 JSON of `job` (see docs/design/0010-job-graph.md): pretty-printed with two
/// spaces, fields in a fixed order, ending with a newline. Equal graphs give equal text.
std::string JobGraphToJson(const JobGraph& job);
std::string JobGraphToJson(const JobGraphDescription& description);

/// Parses v1 JSON back into a description. Fails with SerializationError on malformed JSON, a
/// missing or mistyped field, a key type that does not parse or another format version, and
/// with Invalid when the structure is inconsistent (ids out of order, edges naming unknown
/// vertices, operators or outputs, key types not matching the key columns). "key_types" may be
/// absent (documents written before it existed): then the operator has none.
Result<JobGraphDescription> ParseJobGraphJson(std::string_view json);

/// Returns the job's plan in the shape of Flink's REST JobPlanInfo (GET /jobs/:jobid/plan):
/// {"plan": {"jid", "name", "type", "nodes": [{"id", "parallelism", "operator",
/// "operator_strategy", "description", "inputs": [{"num", "id", "ship_strategy",
/// "exchange"}], "optimizer_properties"}]}}, pretty-printed, ending with a newline.
std::string JobPlanToJson(const JobGraph& job);

}  // namespace weir::runtime
