// StreamGraph: the operator graph the DataStream API and the SQL planner build, before chaining.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "weir/common/result.h"
#include "weir/common/types/logical_type.h"
#include "weir/runtime/graph/ids.h"
#include "weir/runtime/graph/partitioner.h"
#include "weir/runtime/operators/operator.h"
#include "weir/runtime/state/key_group_range.h"

namespace weir::runtime {

/// Creates the operator instance of one subtask (called once per subtask and attempt, on the
/// thread that deploys the task). The operator's num_inputs() must equal the node's.
using OperatorFactory = std::function<Result<std::unique_ptr<Operator>>(int32_t subtask_index)>;

/// Whether an operator may share a task with its neighbours (Flink's ChainingStrategy).
enum class ChainingStrategy : uint8_t {
  kAlways,  // chains to its predecessor and lets successors chain to it
  kNever,   // a task of its own: chains in neither direction
  kHead,    // starts a chain: does not chain to its predecessor, successors may chain to it
};

/// Returns "ALWAYS", "NEVER" or "HEAD".
const char* ChainingStrategyName(ChainingStrategy strategy);
/// Parses a name printed by ChainingStrategyName.
std::optional<ChainingStrategy> ParseChainingStrategy(std::string_view name);

/// STREAMING or BATCH, as Flink's plan JSON prints the job type.
enum class JobType : uint8_t { kStreaming, kBatch };
const char* JobTypeName(JobType type);
std::optional<JobType> ParseJobType(std::string_view name);

/// The largest max parallelism (number of key groups) a job may use, as in Flink (2^15).
inline constexpr int32_t kUpperBoundMaxParallelism = 1 << 15;
/// The slot sharing group of operators that name none.
inline constexpr std::string_view kDefaultSlotSharingGroup = "default";

/// Describes one operator of a stream graph. Plain data: set the fields, then AddNode.
struct OperatorSpec {
  /// Shown in plans, logs and metrics; need not be unique. Must not be empty.
  std::string name;
  /// Matches the operator's state in checkpoints and savepoints; must be unique in the job.
  /// Empty: a deterministic uid is generated from the topology (see GenerateUids).
  std::string uid;
  int32_t parallelism = 1;
  /// Number of key groups; 0 means the graph default (kDefaultMaxParallelism unless changed
  /// with StreamGraph::set_default_max_parallelism). Must be >= parallelism.
  int32_t max_parallelism = 0;
  /// 0 for sources, 1 for one-input and 2 for two-input operators.
  int32_t num_inputs = 1;
  OperatorFactory factory;
  /// Declared side outputs; the tag of side_outputs[i] is i (Output::EmitSide(i, ...)).
  std::vector<std::string> side_outputs;
  ChainingStrategy chaining_strategy = ChainingStrategy::kAlways;
  /// Whether the operator uses keyed state; then key_columns has one entry per input (the
  /// key column indices of that input, possibly empty for a non-keyed input such as the
  /// broadcast side of a keyed broadcast operator).
  bool keyed = false;
  std::vector<std::vector<int32_t>> key_columns;
  /// Types of the key columns (the same for every keyed input); the keyed state backend
  /// encodes keys by them. Empty: the job submitter supplies them.
  std::vector<LogicalType> key_types;
  std::string slot_sharing_group = std::string(kDefaultSlotSharingGroup);
  /// Sources: whether the input is finite (Flink's Boundedness.BOUNDED); decides the job type
  /// under execution.runtime-mode = AUTOMATIC (see runtime_mode.h). Ignored for other nodes.
  bool bounded = false;
};

/// One operator of the graph: its spec plus its id.
struct StreamNode {
  StreamNodeId id;
  OperatorSpec spec;
};

/// Connects an output of one operator to an input of another.
struct StreamEdge {
  StreamNodeId source;
  StreamNodeId target;
  /// Empty for the main output; otherwise the name of one of the source's side outputs.
  std::string side_output;
  /// Input of the target (0 or 1 for two-input operators). Several edges may feed one input
  /// (a union).
  int32_t target_input = 0;
  PartitionerSpec partitioner;
};

/// A graph of operators connected by partitioned edges, as built by the DataStream API or
/// the SQL planner. Building never fails; BuildJobGraph validates and chains.
/// Thread: not thread-safe; build it on one thread, then only read it.
class StreamGraph {
 public:
  explicit StreamGraph(std::string job_name = "Weir Job") : job_name_(std::move(job_name)) {}

  /// Adds an operator and returns its id (ids count from 0 in the order of AddNode).
  StreamNodeId AddNode(OperatorSpec spec);
  /// Connects the main output of `source` to input `target_input` of `target`.
  void Connect(StreamNodeId source, StreamNodeId target, PartitionerSpec partitioner,
               int32_t target_input = 0);
  /// Connects side output `side_output` (a name declared by `source`) to `target`.
  void ConnectSideOutput(StreamNodeId source, std::string side_output, StreamNodeId target,
                         PartitionerSpec partitioner, int32_t target_input = 0);

  /// Makes `node` a task of its own (Flink's disableChaining(): strategy NEVER).
  void DisableChaining(StreamNodeId node);
  /// Makes `node` begin a new chain (Flink's startNewChain(): strategy HEAD).
  void StartNewChain(StreamNodeId node);

  /// Turns chaining off for the whole job (pipeline.operator-chaining = false).
  void set_chaining_enabled(bool enabled) { chaining_enabled_ = enabled; }
  bool chaining_enabled() const { return chaining_enabled_; }
  /// Sets the max parallelism of nodes that leave theirs at 0 (pipeline.max-parallelism).
  void set_default_max_parallelism(int32_t value) { default_max_parallelism_ = value; }
  int32_t default_max_parallelism() const { return default_max_parallelism_; }
  void set_job_name(std::string name) { job_name_ = std::move(name); }
  const std::string& job_name() const { return job_name_; }
  void set_job_type(JobType type) { job_type_ = type; }
  JobType job_type() const { return job_type_; }

  int32_t num_nodes() const { return static_cast<int32_t>(nodes_.size()); }
  const std::vector<StreamNode>& nodes() const { return nodes_; }
  const std::vector<StreamEdge>& edges() const { return edges_; }
  /// Returns node `id`. REQUIRES: id was returned by AddNode on this graph.
  const StreamNode& node(StreamNodeId id) const;
  StreamNode& mutable_node(StreamNodeId id);

 private:
  std::string job_name_;
  JobType job_type_ = JobType::kStreaming;
  bool chaining_enabled_ = true;
  int32_t default_max_parallelism_ = kDefaultMaxParallelism;
  std::vector<StreamNode> nodes_;
  std::vector<StreamEdge> edges_;
};

/// Returns the nodes in a deterministic topological order (among ready nodes, the smallest id
/// first), or Invalid naming the operators on a cycle. Edges to unknown nodes are ignored.
Result<std::vector<StreamNodeId>> TopologicalOrder(const StreamGraph& graph);

/// Returns the uid of every node (indexed by node id): the spec's uid when set, otherwise a
/// generated one — 32 lower-case hex digits of a 128-bit hash of the node's number of inputs,
/// its input edges (input index, upstream uid, side output name; as a set) and its
/// occurrence among earlier uid-less nodes (in TopologicalOrder) with the same inputs.
/// Names, parallelism and partitioners are not hashed, so renaming or rescaling keeps
/// generated uids; changing what is upstream of a node, or adding a sibling before it,
/// changes them (set explicit uids on jobs that restore from savepoints).
/// Fails like TopologicalOrder on a cycle.
Result<std::vector<std::string>> GenerateUids(const StreamGraph& graph);

/// Returns 32 lower-case hex digits of a 128-bit hash of `text` (stable across runs,
/// platforms and releases; used for generated uids and job vertex ids).
std::string StableHashHex(std::string_view text);

}  // namespace weir::runtime
