// StreamGraph: building, deterministic topological order, uid generation.
#include "weir/runtime/graph/stream_graph.h"

#include <xxhash.h>

#include <algorithm>
#include <functional>
#include <map>
#include <queue>
#include <tuple>

#include "weir/common/check.h"

namespace weir::runtime {

namespace {

constexpr char kHexDigits[] = "0123456789abcdef";

void AppendHex(std::string& out, uint64_t value) {
  for (int shift = 60; shift >= 0; shift -= 4) out.push_back(kHexDigits[(value >> shift) & 0xF]);
}

// Appends `text` with a length prefix so that concatenated fields cannot be confused.
void AppendField(std::string& out, std::string_view text) {
  AppendTo(out, text.size());
  out.push_back(':');
  out.append(text);
  out.push_back('|');
}

std::string NodeLabel(const StreamNode& node) {
  if (!node.spec.uid.empty()) return StrCat("'", node.spec.name, "' (uid '", node.spec.uid, "')");
  return StrCat("'", node.spec.name, "' (node ", node.id.value(), ")");
}

// Returns one node on a cycle among the nodes left with a positive in-degree by Kahn's
// algorithm, as the list of labels along the cycle. Every such node has a predecessor that
// is also left over, so walking predecessors must come back to a node already seen.
std::string DescribeCycle(const StreamGraph& graph, const std::vector<int32_t>& in_degree) {
  int32_t n = graph.num_nodes();
  std::vector<std::vector<int32_t>> predecessors(n);
  for (const StreamEdge& e : graph.edges()) {
    int32_t s = e.source.value();
    int32_t t = e.target.value();
    if (s < 0 || s >= n || t < 0 || t >= n) continue;
    if (in_degree[s] > 0 && in_degree[t] > 0) predecessors[t].push_back(s);
  }
  int32_t start = -1;
  for (int32_t i = 0; i < n && start < 0; ++i) {
    if (in_degree[i] > 0) start = i;
  }
  WEIR_CHECK_GE(start, 0);
  std::vector<int32_t> seen_at(n, -1);
  std::vector<int32_t> path;
  int32_t cur = start;
  while (seen_at[cur] < 0) {
    seen_at[cur] = static_cast<int32_t>(path.size());
    path.push_back(cur);
    WEIR_CHECK(!predecessors[cur].empty());
    cur = *std::min_element(predecessors[cur].begin(), predecessors[cur].end());
  }
  // path[seen_at[cur]..] walks the cycle backwards; print it forwards from its smallest node
  // id, closing the loop.
  std::vector<int32_t> cycle(path.begin() + seen_at[cur], path.end());
  std::reverse(cycle.begin(), cycle.end());
  std::rotate(cycle.begin(), std::min_element(cycle.begin(), cycle.end()), cycle.end());
  std::string out;
  for (int32_t node : cycle) {
    out += NodeLabel(graph.node(StreamNodeId(node)));
    out += " -> ";
  }
  out += NodeLabel(graph.node(StreamNodeId(cycle.front())));
  return out;
}

}  // namespace

const char* ChainingStrategyName(ChainingStrategy strategy) {
  switch (strategy) {
    case ChainingStrategy::kAlways:
      return "ALWAYS";
    case ChainingStrategy::kNever:
      return "NEVER";
    case ChainingStrategy::kHead:
      return "HEAD";
  }
  return "UNKNOWN";
}

std::optional<ChainingStrategy> ParseChainingStrategy(std::string_view name) {
  if (name == "ALWAYS") return ChainingStrategy::kAlways;
  if (name == "NEVER") return ChainingStrategy::kNever;
  if (name == "HEAD") return ChainingStrategy::kHead;
  return std::nullopt;
}

const char* JobTypeName(JobType type) { return type == JobType::kBatch ? "BATCH" : "STREAMING"; }

std::optional<JobType> ParseJobType(std::string_view name) {
  if (name == "STREAMING") return JobType::kStreaming;
  if (name == "BATCH") return JobType::kBatch;
  return std::nullopt;
}

StreamNodeId StreamGraph::AddNode(OperatorSpec spec) {
  StreamNodeId id(static_cast<int32_t>(nodes_.size()));
  nodes_.push_back(StreamNode{id, std::move(spec)});
  return id;
}

void StreamGraph::Connect(StreamNodeId source, StreamNodeId target, PartitionerSpec partitioner,
                          int32_t target_input) {
  edges_.push_back(StreamEdge{source, target, std::string(), target_input, std::move(partitioner)});
}

void StreamGraph::ConnectSideOutput(StreamNodeId source, std::string side_output,
                                    StreamNodeId target, PartitionerSpec partitioner,
                                    int32_t target_input) {
  edges_.push_back(
      StreamEdge{source, target, std::move(side_output), target_input, std::move(partitioner)});
}

void StreamGraph::DisableChaining(StreamNodeId node) {
  mutable_node(node).spec.chaining_strategy = ChainingStrategy::kNever;
}

void StreamGraph::StartNewChain(StreamNodeId node) {
  mutable_node(node).spec.chaining_strategy = ChainingStrategy::kHead;
}

const StreamNode& StreamGraph::node(StreamNodeId id) const {
  WEIR_CHECK(id.value() >= 0 && id.value() < num_nodes());
  return nodes_[id.value()];
}

StreamNode& StreamGraph::mutable_node(StreamNodeId id) {
  WEIR_CHECK(id.value() >= 0 && id.value() < num_nodes());
  return nodes_[id.value()];
}

Result<std::vector<StreamNodeId>> TopologicalOrder(const StreamGraph& graph) {
  int32_t n = graph.num_nodes();
  std::vector<int32_t> in_degree(n, 0);
  std::vector<std::vector<int32_t>> successors(n);
  for (const StreamEdge& e : graph.edges()) {
    int32_t s = e.source.value();
    int32_t t = e.target.value();
    if (s < 0 || s >= n || t < 0 || t >= n) continue;
    successors[s].push_back(t);
    ++in_degree[t];
  }
  std::priority_queue<int32_t, std::vector<int32_t>, std::greater<>> ready;
  for (int32_t i = 0; i < n; ++i) {
    if (in_degree[i] == 0) ready.push(i);
  }
  std::vector<StreamNodeId> order;
  order.reserve(n);
  while (!ready.empty()) {
    int32_t cur = ready.top();
    ready.pop();
    order.push_back(StreamNodeId(cur));
    for (int32_t next : successors[cur]) {
      if (--in_degree[next] == 0) ready.push(next);
    }
  }
  if (static_cast<int32_t>(order.size()) != n) {
    return Status::Invalid("The stream graph has a cycle: ", DescribeCycle(graph, in_degree));
  }
  return order;
}

Result<std::vector<std::string>> GenerateUids(const StreamGraph& graph) {
  WEIR_ASSIGN_OR_RAISE(std::vector<StreamNodeId> order, TopologicalOrder(graph));
  int32_t n = graph.num_nodes();
  std::vector<std::vector<const StreamEdge*>> inputs(n);
  for (const StreamEdge& e : graph.edges()) {
    int32_t s = e.source.value();
    int32_t t = e.target.value();
    if (s < 0 || s >= n || t < 0 || t >= n) continue;
    inputs[t].push_back(&e);
  }
  std::vector<std::string> uids(n);
  std::map<std::string, int32_t> occurrences;  // hash input -> uid-less nodes seen with it
  for (StreamNodeId id : order) {
    const StreamNode& node = graph.node(id);
    if (!node.spec.uid.empty()) {
      uids[id.value()] = node.spec.uid;
      continue;
    }
    // The input edges as a sorted set, so the order the edges were added in does not matter.
    std::vector<std::tuple<int32_t, std::string, std::string>> keys;
    for (const StreamEdge* e : inputs[id.value()]) {
      keys.emplace_back(e->target_input, uids[e->source.value()], e->side_output);
    }
    std::sort(keys.begin(), keys.end());
    std::string text = "weir.uid/v1|";
    AppendField(text, StrCat(node.spec.num_inputs));
    for (const auto& [input, upstream_uid, side_output] : keys) {
      AppendField(text, StrCat(input));
      AppendField(text, upstream_uid);
      AppendField(text, side_output);
    }
    int32_t occurrence = occurrences[text]++;
    AppendField(text, StrCat(occurrence));
    uids[id.value()] = StableHashHex(text);
  }
  return uids;
}

std::string StableHashHex(std::string_view text) {
  XXH128_hash_t hash = XXH3_128bits(text.data(), text.size());
  std::string out;
  out.reserve(32);
  AppendHex(out, hash.high64);
  AppendHex(out, hash.low64);
  return out;
}

}  // namespace weir::runtime
