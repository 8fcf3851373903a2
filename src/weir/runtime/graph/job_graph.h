// JobGraph: the stream graph after validation and chaining — tasks (vertices) and exchanges.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "weir/common/result.h"
#include "weir/runtime/graph/ids.h"
#include "weir/runtime/graph/partitioner.h"
#include "weir/runtime/graph/stream_graph.h"

namespace weir::runtime {

/// Marks the main output in JobEdge::source_output (side outputs use their tag, >= 0).
inline constexpr int32_t kMainOutput = -1;

/// One operator inside a job vertex's chain.
struct ChainedOperator {
  StreamNodeId node_id;
  /// The spec's uid, or the generated one (uid_generated = true).
  std::string uid;
  bool uid_generated = false;
  std::string name;
  int32_t num_inputs = 1;
  std::vector<std::string> side_outputs;
  ChainingStrategy chaining_strategy = ChainingStrategy::kAlways;
  bool keyed = false;
  std::vector<std::vector<int32_t>> key_columns;
  std::vector<LogicalType> key_types;  // empty when not given (see OperatorSpec)
  OperatorFactory factory;
  /// Job edges leaving the chain from this operator (indices into JobGraph::edges()), in
  /// edge order. The main output additionally feeds the next operator of the chain, if any.
  std::vector<int32_t> output_edges;
};

/// A task: a linear chain of operators run by one subtask per parallel instance.
/// operators[0] is the head (it reads the vertex's input gates); the main output of
/// operators[i] feeds input 0 of operators[i + 1] by a direct call.
struct JobVertex {
  VertexId id;
  /// 32 hex digits, stable across runs: StableHashHex("vertex:" + head uid). Used where Flink
  /// shows a JobVertexID (REST paths, plan JSON).
  std::string hex_id;
  /// The operator names joined by " -> ", as Flink names chained tasks.
  std::string name;
  int32_t parallelism = 1;
  int32_t max_parallelism = kDefaultMaxParallelism;
  std::string slot_sharing_group;
  std::vector<ChainedOperator> operators;
  /// Incoming job edges ordered by (target input, edge id); one input gate each.
  std::vector<int32_t> input_edges;
  /// Outgoing job edges in edge-id order; one result partition each.
  std::vector<int32_t> output_edges;

  const ChainedOperator& head() const { return operators.front(); }
  /// Returns true when some operator of the chain uses keyed state (then every subtask owns
  /// a key-group range).
  bool keyed() const;
  /// Returns true when the head is a source (it has no input gates).
  bool is_source() const { return head().num_inputs == 0; }
};

/// An exchange between two vertices.
struct JobEdge {
  int32_t id = 0;
  VertexId source;
  /// Index in the source vertex's chain of the operator that produces the records.
  int32_t source_operator = 0;
  /// kMainOutput, or the side output tag of that operator.
  int32_t source_output = kMainOutput;
  VertexId target;
  /// Input of the target's head operator that the records feed.
  int32_t target_input = 0;
  PartitionerSpec partitioner;
};

/// The job graph that is submitted to a cluster. Copyable (operator factories are copied).
class JobGraph {
 public:
  const JobId& job_id() const { return job_id_; }
  void set_job_id(JobId id) { job_id_ = id; }
  const std::string& job_name() const { return job_name_; }
  JobType job_type() const { return job_type_; }
  const std::vector<JobVertex>& vertices() const { return vertices_; }
  const std::vector<JobEdge>& edges() const { return edges_; }
  const JobVertex& vertex(VertexId id) const;
  const JobEdge& edge(int32_t id) const;
  /// Returns the vertex whose chain holds the operator with `uid`, or nullptr.
  const JobVertex* FindVertexByUid(std::string_view uid) const;
  /// Returns the sum of the vertices' parallelism (the number of tasks).
  int32_t NumSubtasks() const;

 private:
  friend Result<JobGraph> BuildJobGraph(const StreamGraph& graph);
  JobId job_id_;
  std::string job_name_;
  JobType job_type_ = JobType::kStreaming;
  std::vector<JobVertex> vertices_;
  std::vector<JobEdge> edges_;
};

/// Validates `graph` and chains it into a job graph with a fresh random job id.
///
/// Chaining (docs/design/0010-job-graph.md): an edge is chained — its target appended to the
/// source's task — when chaining is enabled for the job, the edge is FORWARD from the
/// source's main output, the target has exactly one input edge, both have the same
/// parallelism, max parallelism and slot sharing group, the target's strategy is ALWAYS and
/// the source's is not NEVER, and the source has no chained successor yet (chains are linear;
/// among several candidates the successor with the smallest node id wins).
///
/// Fails with Invalid on: a cycle; a FORWARD edge between different parallelisms; a duplicate
/// uid; an edge to or from an unknown node or from an undeclared side output; an input of an
/// operator without edges, or an edge into an input the operator lacks; parallelism < 1 or a
/// max parallelism outside [parallelism, 2^15]; a missing factory or name; keyed operators
/// whose key columns do not match their inputs or their HASH edges; a custom partitioner
/// without a function.
Result<JobGraph> BuildJobGraph(const StreamGraph& graph);

}  // namespace weir::runtime
