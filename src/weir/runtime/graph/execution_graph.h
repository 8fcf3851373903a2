// ExecutionGraph: the job graph expanded into subtasks, with the channel wiring of every edge.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "weir/common/result.h"
#include "weir/runtime/graph/ids.h"
#include "weir/runtime/graph/job_graph.h"
#include "weir/runtime/state/key_group_range.h"

namespace weir::runtime {

/// Where one input channel of a consumer subtask reads from.
struct ChannelSource {
  int32_t producer_subtask = 0;
  /// Subpartition of the producer's result partition (for this edge) that feeds the channel.
  int32_t subpartition = 0;
  bool operator==(const ChannelSource&) const = default;
};

/// Where one subpartition of a producer subtask's result partition goes.
struct SubpartitionTarget {
  int32_t consumer_subtask = 0;
  /// Index of the channel in the consumer subtask's input gate for this edge.
  int32_t channel = 0;
  bool operator==(const SubpartitionTarget&) const = default;
};

/// The input gate of a consumer subtask for one incoming job edge.
struct InputGateSpec {
  int32_t job_edge = 0;
  VertexId producer;
  /// Input of the head operator this gate feeds.
  int32_t target_input = 0;
  /// The gate's channels in channel-index order (producer subtasks ascending).
  std::vector<ChannelSource> channels;
};

/// The result partition a producer subtask writes for one outgoing job edge.
struct ResultPartitionSpec {
  int32_t job_edge = 0;
  VertexId consumer;
  int32_t consumer_parallelism = 1;
  /// The consumer's max parallelism (number of key groups), for HASH partitioning: a row of
  /// key group g goes to subpartition SubtaskForKeyGroup(consumer_max_parallelism,
  /// consumer_parallelism, g).
  int32_t consumer_max_parallelism = kDefaultMaxParallelism;
  PartitionerKind partitioner = PartitionerKind::kForward;
  /// subpartitions[s] is where subpartition s goes. All-to-all edges have one subpartition
  /// per consumer subtask (subpartition s feeds consumer subtask s); pointwise edges have one
  /// per consumer subtask this producer feeds, in consumer order.
  std::vector<SubpartitionTarget> subpartitions;
};

/// One parallel instance of a job vertex: what a task needs to be deployed.
struct ExecutionVertex {
  VertexId vertex;
  int32_t subtask_index = 0;
  int32_t parallelism = 1;
  int32_t max_parallelism = kDefaultMaxParallelism;
  /// The key groups this subtask owns when its vertex is keyed; empty otherwise.
  KeyGroupRange key_groups;
  /// One per incoming job edge, in JobVertex::input_edges order.
  std::vector<InputGateSpec> input_gates;
  /// One per outgoing job edge, in JobVertex::output_edges order.
  std::vector<ResultPartitionSpec> partitions;
};

/// The subtasks of a job graph and how their channels connect. Pure wiring: it holds no
/// operators and no runtime state, and is rebuilt when parallelism changes.
class ExecutionGraph {
 public:
  /// Expands every vertex of `job` into subtasks 0..p-1 and wires every job edge:
  /// all-to-all for HASH, REBALANCE, BROADCAST, GLOBAL and CUSTOM; pointwise for FORWARD
  /// (1:1) and RESCALE (Flink's pointwise distribution: with p producers and c consumers,
  /// consumer j reads producers [j*p/c, (j+1)*p/c) when p >= c; producer i feeds consumers
  /// [ceil(i*c/p), ceil((i+1)*c/p)) when p < c). Fails with Invalid when a FORWARD edge
  /// joins different parallelisms.
  static Result<ExecutionGraph> Build(const JobGraph& job);

  /// Returns subtask `index` of vertex `vertex`. REQUIRES: both in range.
  const ExecutionVertex& subtask(VertexId vertex, int32_t index) const;
  /// Returns all subtasks of `vertex` in subtask order.
  const std::vector<ExecutionVertex>& subtasks(VertexId vertex) const;
  int32_t num_vertices() const { return static_cast<int32_t>(subtasks_.size()); }
  /// Returns the number of subtasks over all vertices.
  int32_t NumSubtasks() const;

 private:
  std::vector<std::vector<ExecutionVertex>> subtasks_;  // [vertex][subtask]
};

/// A contiguous range of subtask indices [first, last]; empty when last < first.
struct SubtaskRange {
  int32_t first = 0;
  int32_t last = -1;
  int32_t size() const { return last < first ? 0 : last - first + 1; }
  bool operator==(const SubtaskRange&) const = default;
};

/// Returns the consumer subtasks that producer subtask `producer` of `p` feeds through a
/// pointwise edge to `c` consumers. REQUIRES: p, c > 0 and producer in [0, p).
SubtaskRange PointwiseConsumers(int32_t p, int32_t c, int32_t producer);
/// Returns the producer subtasks that consumer subtask `consumer` of `c` reads through a
/// pointwise edge from `p` producers. REQUIRES: p, c > 0 and consumer in [0, c).
SubtaskRange PointwiseProducers(int32_t p, int32_t c, int32_t consumer);

/// Returns a subtask's display name as Flink prints it: "<vertex name> (<index+1>/<p>)".
std::string SubtaskDisplayName(const JobVertex& vertex, int32_t subtask_index);

}  // namespace weir::runtime
