// ExecutionGraph: subtasks, key-group ranges and the channel wiring of every job edge.
#include "weir/runtime/graph/execution_graph.h"

#include "weir/common/check.h"

namespace weir::runtime {

SubtaskRange PointwiseConsumers(int32_t p, int32_t c, int32_t producer) {
  WEIR_DCHECK_GT(p, 0);
  WEIR_DCHECK_GT(c, 0);
  WEIR_DCHECK(producer >= 0 && producer < p);
  int64_t pp = p;
  int64_t cc = c;
  int64_t i = producer;
  if (p >= c) {
    // Fan-in: consumer j reads [floor(j*p/c), floor((j+1)*p/c)); the j holding i is
    // ceil((i+1)*c/p) - 1.
    int32_t j = static_cast<int32_t>(((i + 1) * cc + pp - 1) / pp - 1);
    return SubtaskRange{j, j};
  }
  // Fan-out: producer i feeds [ceil(i*c/p), ceil((i+1)*c/p)).
  int32_t first = static_cast<int32_t>((i * cc + pp - 1) / pp);
  int32_t end = static_cast<int32_t>(((i + 1) * cc + pp - 1) / pp);
  return SubtaskRange{first, end - 1};
}

SubtaskRange PointwiseProducers(int32_t p, int32_t c, int32_t consumer) {
  WEIR_DCHECK_GT(p, 0);
  WEIR_DCHECK_GT(c, 0);
  WEIR_DCHECK(consumer >= 0 && consumer < c);
  int64_t pp = p;
  int64_t cc = c;
  int64_t j = consumer;
  if (p >= c) {
    int32_t first = static_cast<int32_t>(j * pp / cc);
    int32_t end = static_cast<int32_t>((j + 1) * pp / cc);
    return SubtaskRange{first, end - 1};
  }
  // Fan-out: the single producer i with ceil(i*c/p) <= j < ceil((i+1)*c/p) is floor(j*p/c).
  int32_t i = static_cast<int32_t>(j * pp / cc);
  return SubtaskRange{i, i};
}

std::string SubtaskDisplayName(const JobVertex& vertex, int32_t subtask_index) {
  return StrCat(vertex.name, " (", subtask_index + 1, "/", vertex.parallelism, ")");
}

Result<ExecutionGraph> ExecutionGraph::Build(const JobGraph& job) {
  ExecutionGraph graph;
  graph.subtasks_.resize(job.vertices().size());
  for (const JobVertex& vertex : job.vertices()) {
    if (vertex.parallelism < 1 || vertex.max_parallelism < vertex.parallelism) {
      return Status::Invalid("Invalid parallelism ", vertex.parallelism, " (max parallelism ",
                             vertex.max_parallelism, ") of vertex '", vertex.name, "'");
    }
    std::vector<ExecutionVertex>& subtasks = graph.subtasks_[vertex.id.value()];
    subtasks.resize(vertex.parallelism);
    bool keyed = vertex.keyed();
    for (int32_t i = 0; i < vertex.parallelism; ++i) {
      ExecutionVertex& ev = subtasks[i];
      ev.vertex = vertex.id;
      ev.subtask_index = i;
      ev.parallelism = vertex.parallelism;
      ev.max_parallelism = vertex.max_parallelism;
      if (keyed) {
        ev.key_groups = KeyGroupRangeForSubtask(vertex.max_parallelism, vertex.parallelism, i);
      }
      // Gates and partitions are created in the vertex's edge order and filled below.
      for (int32_t e : vertex.input_edges) {
        const JobEdge& edge = job.edge(e);
        InputGateSpec gate;
        gate.job_edge = e;
        gate.producer = edge.source;
        gate.target_input = edge.target_input;
        ev.input_gates.push_back(std::move(gate));
      }
      for (int32_t e : vertex.output_edges) {
        const JobEdge& edge = job.edge(e);
        const JobVertex& consumer = job.vertex(edge.target);
        ResultPartitionSpec partition;
        partition.job_edge = e;
        partition.consumer = edge.target;
        partition.consumer_parallelism = consumer.parallelism;
        partition.consumer_max_parallelism = consumer.max_parallelism;
        partition.partitioner = edge.partitioner.kind;
        ev.partitions.push_back(std::move(partition));
      }
    }
  }

  for (const JobEdge& edge : job.edges()) {
    const JobVertex& producer = job.vertex(edge.source);
    const JobVertex& consumer = job.vertex(edge.target);
    int32_t p = producer.parallelism;
    int32_t c = consumer.parallelism;
    if (edge.partitioner.kind == PartitionerKind::kForward && p != c) {
      return Status::Invalid("Forward partitioning does not allow change of parallelism: '",
                             producer.name, "' has parallelism ", p, ", '", consumer.name,
                             "' has parallelism ", c);
    }
    // Position of this edge among the producer's partitions and the consumer's gates.
    auto find = [](const std::vector<int32_t>& list, int32_t id) {
      for (size_t k = 0; k < list.size(); ++k) {
        if (list[k] == id) return static_cast<int32_t>(k);
      }
      return -1;
    };
    int32_t partition_index = find(producer.output_edges, edge.id);
    int32_t gate_index = find(consumer.input_edges, edge.id);
    WEIR_CHECK(partition_index >= 0 && gate_index >= 0);
    std::vector<ExecutionVertex>& producers = graph.subtasks_[producer.id.value()];
    std::vector<ExecutionVertex>& consumers = graph.subtasks_[consumer.id.value()];

    if (IsPointwise(edge.partitioner.kind)) {
      // Consumer j's channels are its producers in ascending order; producer i's
      // subpartitions are its consumers in ascending order.
      for (int32_t j = 0; j < c; ++j) {
        SubtaskRange from = PointwiseProducers(p, c, j);
        InputGateSpec& gate = consumers[j].input_gates[gate_index];
        for (int32_t i = from.first; i <= from.last; ++i) {
          SubtaskRange to = PointwiseConsumers(p, c, i);
          WEIR_CHECK(j >= to.first && j <= to.last);
          ResultPartitionSpec& partition = producers[i].partitions[partition_index];
          int32_t subpartition = j - to.first;
          if (static_cast<int32_t>(partition.subpartitions.size()) < to.size()) {
            partition.subpartitions.resize(to.size());
          }
          partition.subpartitions[subpartition] =
              SubpartitionTarget{j, static_cast<int32_t>(gate.channels.size())};
          gate.channels.push_back(ChannelSource{i, subpartition});
        }
      }
    } else {
      for (int32_t i = 0; i < p; ++i) {
        producers[i].partitions[partition_index].subpartitions.resize(c);
      }
      for (int32_t j = 0; j < c; ++j) {
        InputGateSpec& gate = consumers[j].input_gates[gate_index];
        gate.channels.reserve(p);
        for (int32_t i = 0; i < p; ++i) {
          producers[i].partitions[partition_index].subpartitions[j] = SubpartitionTarget{j, i};
          gate.channels.push_back(ChannelSource{i, j});
        }
      }
    }
  }
  return graph;
}

const ExecutionVertex& ExecutionGraph::subtask(VertexId vertex, int32_t index) const {
  const std::vector<ExecutionVertex>& list = subtasks(vertex);
  WEIR_CHECK(index >= 0 && index < static_cast<int32_t>(list.size()));
  return list[index];
}

const std::vector<ExecutionVertex>& ExecutionGraph::subtasks(VertexId vertex) const {
  WEIR_CHECK(vertex.value() >= 0 && vertex.value() < num_vertices());
  return subtasks_[vertex.value()];
}

int32_t ExecutionGraph::NumSubtasks() const {
  int32_t total = 0;
  for (const std::vector<ExecutionVertex>& list : subtasks_) {
    total += static_cast<int32_t>(list.size());
  }
  return total;
}

}  // namespace weir::runtime
