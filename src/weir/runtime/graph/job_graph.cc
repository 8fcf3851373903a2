// BuildJobGraph: validation of a stream graph and chaining of its operators into tasks.
#include "weir/runtime/graph/job_graph.h"

#include <algorithm>
#include <set>
#include <tuple>
#include <unordered_map>

#include "weir/common/check.h"

namespace weir::runtime {

namespace {

std::string NodeLabel(const StreamNode& node) {
  if (!node.spec.uid.empty()) return StrCat("'", node.spec.name, "' (uid '", node.spec.uid, "')");
  return StrCat("'", node.spec.name, "' (node ", node.id.value(), ")");
}

std::string ColumnsToString(const std::vector<int32_t>& columns) {
  std::string out = "[";
  for (size_t i = 0; i < columns.size(); ++i) {
    if (i > 0) out += ", ";
    AppendTo(out, columns[i]);
  }
  out += "]";
  return out;
}

int32_t EffectiveMaxParallelism(const StreamGraph& graph, const StreamNode& node) {
  return node.spec.max_parallelism > 0 ? node.spec.max_parallelism
                                       : graph.default_max_parallelism();
}

Status ValidateNode(const StreamGraph& graph, const StreamNode& node) {
  const OperatorSpec& spec = node.spec;
  if (spec.name.empty()) {
    return Status::Invalid("An operator needs a name: node ", node.id.value());
  }
  std::string label = NodeLabel(node);
  if (spec.parallelism < 1) {
    return Status::Invalid("Parallelism must be at least 1: ", spec.parallelism, " for ", label);
  }
  if (spec.max_parallelism < 0) {
    return Status::Invalid("Max parallelism must be positive: ", spec.max_parallelism, " for ",
                           label);
  }
  int32_t max_parallelism = EffectiveMaxParallelism(graph, node);
  if (max_parallelism < 1 || max_parallelism > kUpperBoundMaxParallelism) {
    return Status::Invalid("Max parallelism must be in [1, ", kUpperBoundMaxParallelism,
                           "]: ", max_parallelism, " for ", label);
  }
  if (max_parallelism < spec.parallelism) {
    return Status::Invalid("Max parallelism must not be smaller than parallelism: max ",
                           "parallelism ", max_parallelism, ", parallelism ", spec.parallelism,
                           " for ", label);
  }
  if (spec.num_inputs < 0 || spec.num_inputs > 2) {
    return Status::Invalid("An operator has 0, 1 or 2 inputs, not ", spec.num_inputs, ": ", label);
  }
  if (!spec.factory) {
    return Status::Invalid("An operator needs a factory: ", label);
  }
  std::set<std::string_view> side_outputs;
  for (const std::string& tag : spec.side_outputs) {
    if (tag.empty()) return Status::Invalid("A side output needs a name: ", label);
    if (!side_outputs.insert(tag).second) {
      return Status::Invalid("Duplicate side output name: '", tag, "' of ", label);
    }
  }
  if (spec.keyed) {
    if (spec.num_inputs == 0) {
      return Status::Invalid("A source cannot be keyed: ", label);
    }
    if (static_cast<int32_t>(spec.key_columns.size()) != spec.num_inputs) {
      return Status::Invalid("A keyed operator needs key columns for each of its ", spec.num_inputs,
                             " input(s), got ", spec.key_columns.size(), ": ", label);
    }
    for (const std::vector<int32_t>& columns : spec.key_columns) {
      if (!spec.key_types.empty() && !columns.empty() && columns.size() != spec.key_types.size()) {
        return Status::Invalid("A keyed operator has ", columns.size(), " key column(s) but ",
                               spec.key_types.size(), " key type(s): ", label);
      }
    }
  } else if (!spec.key_columns.empty() || !spec.key_types.empty()) {
    return Status::Invalid("Key columns given for an operator that is not keyed: ", label);
  }
  for (const std::vector<int32_t>& columns : spec.key_columns) {
    for (int32_t c : columns) {
      if (c < 0) return Status::Invalid("Negative key column index: ", c, " in ", label);
    }
  }
  return Status::OK();
}

Status ValidateEdge(const StreamGraph& graph, size_t index, const StreamEdge& edge) {
  int32_t n = graph.num_nodes();
  if (edge.source.value() < 0 || edge.source.value() >= n) {
    return Status::Invalid("Edge ", index, " starts at an unknown node: ", edge.source.value());
  }
  if (edge.target.value() < 0 || edge.target.value() >= n) {
    return Status::Invalid("Edge ", index, " ends at an unknown node: ", edge.target.value());
  }
  const StreamNode& source = graph.node(edge.source);
  const StreamNode& target = graph.node(edge.target);
  if (target.spec.num_inputs == 0) {
    return Status::Invalid("A source operator cannot have an input: edge from ", NodeLabel(source),
                           " to ", NodeLabel(target));
  }
  if (edge.target_input < 0 || edge.target_input >= target.spec.num_inputs) {
    return Status::Invalid("Edge into input ", edge.target_input, " of an operator with ",
                           target.spec.num_inputs, " input(s): from ", NodeLabel(source), " to ",
                           NodeLabel(target));
  }
  if (!edge.side_output.empty()) {
    const std::vector<std::string>& tags = source.spec.side_outputs;
    if (std::find(tags.begin(), tags.end(), edge.side_output) == tags.end()) {
      return Status::Invalid("Unknown side output: '", edge.side_output, "' of ",
                             NodeLabel(source));
    }
  }
  const PartitionerSpec& partitioner = edge.partitioner;
  switch (partitioner.kind) {
    case PartitionerKind::kForward:
      if (source.spec.parallelism != target.spec.parallelism) {
        return Status::Invalid(
            "Forward partitioning does not allow change of parallelism: upstream ",
            NodeLabel(source), " has parallelism ", source.spec.parallelism, ", downstream ",
            NodeLabel(target), " has parallelism ", target.spec.parallelism,
            "; use rebalance, rescale or hash partitioning instead");
      }
      break;
    case PartitionerKind::kHash:
      for (int32_t c : partitioner.key_columns) {
        if (c < 0) {
          return Status::Invalid("Negative key column index in a hash edge: ", c, " from ",
                                 NodeLabel(source), " to ", NodeLabel(target));
        }
      }
      if (target.spec.keyed &&
          partitioner.key_columns != target.spec.key_columns[edge.target_input]) {
        return Status::Invalid("A hash edge must partition by the keyed operator's key ",
                               "columns: edge keys ", ColumnsToString(partitioner.key_columns),
                               ", operator keys of input ", edge.target_input, " ",
                               ColumnsToString(target.spec.key_columns[edge.target_input]), " of ",
                               NodeLabel(target));
      }
      break;
    case PartitionerKind::kCustom:
      if (!partitioner.custom_function) {
        return Status::Invalid("A custom partitioner needs a function: edge from ",
                               NodeLabel(source), " to ", NodeLabel(target));
      }
      break;
    case PartitionerKind::kRebalance:
    case PartitionerKind::kRescale:
    case PartitionerKind::kBroadcast:
    case PartitionerKind::kGlobal:
      break;
    default:
      return Status::Invalid("Unknown partitioner: ", static_cast<int>(partitioner.kind));
  }
  return Status::OK();
}

// Checks that every input of every operator has at least one edge.
Status ValidateInputsConnected(const StreamGraph& graph) {
  std::vector<std::vector<int32_t>> edges_per_input(graph.num_nodes());
  for (const StreamNode& node : graph.nodes()) {
    edges_per_input[node.id.value()].assign(std::max(node.spec.num_inputs, 0), 0);
  }
  for (const StreamEdge& e : graph.edges()) ++edges_per_input[e.target.value()][e.target_input];
  for (const StreamNode& node : graph.nodes()) {
    for (int32_t input = 0; input < node.spec.num_inputs; ++input) {
      if (edges_per_input[node.id.value()][input] == 0) {
        if (node.spec.num_inputs == 2) {
          return Status::Invalid("Dangling input: input ", input, " of two-input operator ",
                                 NodeLabel(node), " has no incoming edge");
        }
        return Status::Invalid("Dangling input: operator ", NodeLabel(node),
                               " has no incoming edge");
      }
    }
  }
  return Status::OK();
}

Status ValidateUniqueUids(const StreamGraph& graph, const std::vector<std::string>& uids) {
  std::unordered_map<std::string_view, int32_t> first_use;
  for (const StreamNode& node : graph.nodes()) {
    const std::string& uid = uids[node.id.value()];
    auto [it, inserted] = first_use.emplace(uid, node.id.value());
    if (!inserted) {
      const StreamNode& other = graph.node(StreamNodeId(it->second));
      return Status::Invalid("Duplicate operator uid: '", uid, "' is used by '", other.spec.name,
                             "' (node ", other.id.value(), ") and '", node.spec.name, "' (node ",
                             node.id.value(), ")");
    }
  }
  return Status::OK();
}

int32_t SideOutputTag(const StreamNode& node, const std::string& side_output) {
  if (side_output.empty()) return kMainOutput;
  const std::vector<std::string>& tags = node.spec.side_outputs;
  return static_cast<int32_t>(std::find(tags.begin(), tags.end(), side_output) - tags.begin());
}

}  // namespace

bool JobVertex::keyed() const {
  for (const ChainedOperator& op : operators) {
    if (op.keyed) return true;
  }
  return false;
}

const JobVertex& JobGraph::vertex(VertexId id) const {
  WEIR_CHECK(id.value() >= 0 && id.value() < static_cast<int32_t>(vertices_.size()));
  return vertices_[id.value()];
}

const JobEdge& JobGraph::edge(int32_t id) const {
  WEIR_CHECK(id >= 0 && id < static_cast<int32_t>(edges_.size()));
  return edges_[id];
}

const JobVertex* JobGraph::FindVertexByUid(std::string_view uid) const {
  for (const JobVertex& v : vertices_) {
    for (const ChainedOperator& op : v.operators) {
      if (op.uid == uid) return &v;
    }
  }
  return nullptr;
}

int32_t JobGraph::NumSubtasks() const {
  int32_t total = 0;
  for (const JobVertex& v : vertices_) total += v.parallelism;
  return total;
}

Result<JobGraph> BuildJobGraph(const StreamGraph& graph) {
  if (graph.default_max_parallelism() < 1 ||
      graph.default_max_parallelism() > kUpperBoundMaxParallelism) {
    return Status::Invalid("The default max parallelism must be in [1, ", kUpperBoundMaxParallelism,
                           "]: ", graph.default_max_parallelism());
  }
  for (const StreamNode& node : graph.nodes()) WEIR_RETURN_NOT_OK(ValidateNode(graph, node));
  for (size_t i = 0; i < graph.edges().size(); ++i) {
    WEIR_RETURN_NOT_OK(ValidateEdge(graph, i, graph.edges()[i]));
  }
  WEIR_RETURN_NOT_OK(ValidateInputsConnected(graph));
  WEIR_ASSIGN_OR_RAISE(std::vector<StreamNodeId> order, TopologicalOrder(graph));
  WEIR_ASSIGN_OR_RAISE(std::vector<std::string> uids, GenerateUids(graph));
  WEIR_RETURN_NOT_OK(ValidateUniqueUids(graph, uids));

  int32_t n = graph.num_nodes();
  const std::vector<StreamEdge>& edges = graph.edges();
  std::vector<std::vector<int32_t>> in_edges(n);
  for (size_t i = 0; i < edges.size(); ++i) {
    in_edges[edges[i].target.value()].push_back(static_cast<int32_t>(i));
  }

  auto chainable = [&](const StreamEdge& e) {
    const OperatorSpec& up = graph.node(e.source).spec;
    const OperatorSpec& down = graph.node(e.target).spec;
    return graph.chaining_enabled() && e.partitioner.kind == PartitionerKind::kForward &&
           e.side_output.empty() && down.num_inputs == 1 &&
           down.chaining_strategy == ChainingStrategy::kAlways &&
           up.chaining_strategy != ChainingStrategy::kNever && up.parallelism == down.parallelism &&
           EffectiveMaxParallelism(graph, graph.node(e.source)) ==
               EffectiveMaxParallelism(graph, graph.node(e.target)) &&
           up.slot_sharing_group == down.slot_sharing_group;
  };

  JobGraph job;
  job.job_id_ = JobId::Generate();
  job.job_name_ = graph.job_name();
  job.job_type_ = graph.job_type();

  // Chain in topological order: a node joins its single upstream's chain when the edge is
  // chainable and the upstream is still the tail of its chain.
  std::vector<int32_t> vertex_of(n, -1);
  std::vector<int32_t> position_of(n, -1);
  std::vector<bool> has_chained_successor(n, false);
  std::vector<bool> edge_chained(edges.size(), false);
  for (StreamNodeId id : order) {
    const StreamNode& node = graph.node(id);
    int32_t chain_to = -1;
    if (in_edges[id.value()].size() == 1) {
      int32_t e = in_edges[id.value()][0];
      int32_t up = edges[e].source.value();
      if (chainable(edges[e]) && !has_chained_successor[up]) {
        chain_to = up;
        edge_chained[e] = true;
        has_chained_successor[up] = true;
      }
    }
    if (chain_to < 0) {
      JobVertex vertex;
      vertex.id = VertexId(static_cast<int32_t>(job.vertices_.size()));
      vertex.parallelism = node.spec.parallelism;
      vertex.max_parallelism = EffectiveMaxParallelism(graph, node);
      vertex.slot_sharing_group = node.spec.slot_sharing_group;
      job.vertices_.push_back(std::move(vertex));
    }
    int32_t v = chain_to < 0 ? static_cast<int32_t>(job.vertices_.size()) - 1 : vertex_of[chain_to];
    JobVertex& vertex = job.vertices_[v];
    ChainedOperator op;
    op.node_id = id;
    op.uid = uids[id.value()];
    op.uid_generated = node.spec.uid.empty();
    op.name = node.spec.name;
    op.num_inputs = node.spec.num_inputs;
    op.side_outputs = node.spec.side_outputs;
    op.chaining_strategy = node.spec.chaining_strategy;
    op.keyed = node.spec.keyed;
    op.key_columns = node.spec.key_columns;
    op.key_types = node.spec.key_types;
    op.factory = node.spec.factory;
    vertex_of[id.value()] = v;
    position_of[id.value()] = static_cast<int32_t>(vertex.operators.size());
    vertex.operators.push_back(std::move(op));
  }

  for (JobVertex& vertex : job.vertices_) {
    for (size_t i = 0; i < vertex.operators.size(); ++i) {
      if (i > 0) vertex.name += " -> ";
      vertex.name += vertex.operators[i].name;
    }
    vertex.hex_id = StableHashHex(StrCat("vertex:", vertex.head().uid));
  }

  // Job edges: every edge that was not chained, ordered by (source vertex, source operator,
  // stream edge index).
  std::vector<std::tuple<int32_t, int32_t, int32_t>> network_edges;
  for (size_t i = 0; i < edges.size(); ++i) {
    if (edge_chained[i]) continue;
    int32_t s = edges[i].source.value();
    network_edges.emplace_back(vertex_of[s], position_of[s], static_cast<int32_t>(i));
  }
  std::sort(network_edges.begin(), network_edges.end());
  for (const auto& [source_vertex, source_operator, index] : network_edges) {
    const StreamEdge& e = edges[index];
    JobEdge edge;
    edge.id = static_cast<int32_t>(job.edges_.size());
    edge.source = VertexId(source_vertex);
    edge.source_operator = source_operator;
    edge.source_output = SideOutputTag(graph.node(e.source), e.side_output);
    edge.target = VertexId(vertex_of[e.target.value()]);
    WEIR_CHECK_EQ(position_of[e.target.value()], 0);  // only chain heads have network inputs
    edge.target_input = e.target_input;
    edge.partitioner = e.partitioner;
    JobVertex& source = job.vertices_[source_vertex];
    source.operators[source_operator].output_edges.push_back(edge.id);
    source.output_edges.push_back(edge.id);
    job.vertices_[edge.target.value()].input_edges.push_back(edge.id);
    job.edges_.push_back(std::move(edge));
  }
  for (JobVertex& vertex : job.vertices_) {
    std::stable_sort(vertex.input_edges.begin(), vertex.input_edges.end(),
                     [&](int32_t a, int32_t b) {
                       return job.edges_[a].target_input < job.edges_[b].target_input;
                     });
  }
  return job;
}

}  // namespace weir::runtime
