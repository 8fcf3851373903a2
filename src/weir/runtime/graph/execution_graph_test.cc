// Tests of ExecutionGraph: channel wiring of every partitioner, rescale fan-in/out, key groups.
#include "weir/runtime/graph/execution_graph.h"

#include <gtest/gtest.h>

#include <map>
#include <utility>

#include "weir/runtime/graph/graph_test_util.h"

namespace weir::runtime {
namespace {

using testing::Keyed;
using testing::Op;
using testing::Source;

// A job of two vertices, producer (parallelism p) -> consumer (parallelism c), over `edge`.
JobGraph TwoVertexJob(int32_t p, int32_t c, PartitionerSpec edge, bool keyed_consumer = false) {
  StreamGraph g;
  StreamNodeId src = g.AddNode(Source("Producer", p));
  OperatorSpec consumer =
      keyed_consumer ? Keyed("Consumer", c, edge.key_columns) : Op("Consumer", c);
  consumer.chaining_strategy = ChainingStrategy::kHead;  // keep forward edges as job edges
  g.Connect(src, g.AddNode(consumer), std::move(edge));
  Result<JobGraph> job = BuildJobGraph(g);
  EXPECT_TRUE(job.ok()) << job.status().ToString();
  return job.ok() ? std::move(job).ValueOrDie() : JobGraph();
}

ExecutionGraph Expand(const JobGraph& job) {
  Result<ExecutionGraph> eg = ExecutionGraph::Build(job);
  EXPECT_TRUE(eg.ok()) << eg.status().ToString();
  return eg.ok() ? std::move(eg).ValueOrDie() : ExecutionGraph();
}

// Checks that the producer view (subpartitions) and the consumer view (channels) of edge 0
// describe the same set of connections, each exactly once.
void CheckConsistent(const ExecutionGraph& eg, int32_t p, int32_t c) {
  std::map<std::pair<int32_t, int32_t>, std::pair<int32_t, int32_t>> from_producers;
  for (int32_t i = 0; i < p; ++i) {
    const ResultPartitionSpec& part = eg.subtask(VertexId(0), i).partitions.at(0);
    EXPECT_EQ(part.consumer_parallelism, c);
    for (int32_t s = 0; s < static_cast<int32_t>(part.subpartitions.size()); ++s) {
      const SubpartitionTarget& t = part.subpartitions[s];
      ASSERT_TRUE(t.consumer_subtask >= 0 && t.consumer_subtask < c);
      EXPECT_TRUE(from_producers
                      .emplace(std::make_pair(i, s), std::make_pair(t.consumer_subtask, t.channel))
                      .second);
    }
  }
  size_t channels = 0;
  for (int32_t j = 0; j < c; ++j) {
    const InputGateSpec& gate = eg.subtask(VertexId(1), j).input_gates.at(0);
    EXPECT_FALSE(gate.channels.empty()) << "consumer " << j << " has no producer";
    for (int32_t k = 0; k < static_cast<int32_t>(gate.channels.size()); ++k) {
      const ChannelSource& src = gate.channels[k];
      if (k > 0) {
        EXPECT_LT(gate.channels[k - 1].producer_subtask, src.producer_subtask);
      }
      auto it = from_producers.find({src.producer_subtask, src.subpartition});
      ASSERT_NE(it, from_producers.end());
      EXPECT_EQ(it->second, std::make_pair(j, k));
      ++channels;
    }
  }
  EXPECT_EQ(channels, from_producers.size());
}

TEST(ExecutionGraphTest, ForwardIsOneToOne) {
  JobGraph job = TwoVertexJob(3, 3, PartitionerSpec::Forward());
  ExecutionGraph eg = Expand(job);
  EXPECT_EQ(eg.num_vertices(), 2);
  EXPECT_EQ(eg.NumSubtasks(), 6);
  for (int32_t i = 0; i < 3; ++i) {
    const ExecutionVertex& producer = eg.subtask(VertexId(0), i);
    EXPECT_EQ(producer.subtask_index, i);
    ASSERT_EQ(producer.partitions.size(), 1u);
    EXPECT_EQ(producer.partitions[0].subpartitions, (std::vector<SubpartitionTarget>{{i, 0}}));
    EXPECT_TRUE(producer.input_gates.empty());
    const ExecutionVertex& consumer = eg.subtask(VertexId(1), i);
    ASSERT_EQ(consumer.input_gates.size(), 1u);
    EXPECT_EQ(consumer.input_gates[0].channels, (std::vector<ChannelSource>{{i, 0}}));
    EXPECT_EQ(consumer.input_gates[0].producer, VertexId(0));
    EXPECT_EQ(consumer.input_gates[0].target_input, 0);
  }
  CheckConsistent(eg, 3, 3);
}

TEST(ExecutionGraphTest, AllToAllPartitioners) {
  auto custom = PartitionerSpec::Custom(
      "first", [](const RecordBatch&, int32_t, int32_t*) { return Status::OK(); });
  for (PartitionerSpec spec : {PartitionerSpec::Hash({0}), PartitionerSpec::Rebalance(),
                               PartitionerSpec::Broadcast(), PartitionerSpec::Global(), custom}) {
    JobGraph job = TwoVertexJob(2, 3, spec);
    ExecutionGraph eg = Expand(job);
    for (int32_t i = 0; i < 2; ++i) {
      const ResultPartitionSpec& part = eg.subtask(VertexId(0), i).partitions[0];
      EXPECT_EQ(part.partitioner, spec.kind);
      EXPECT_EQ(part.consumer, VertexId(1));
      EXPECT_EQ(part.consumer_max_parallelism, kDefaultMaxParallelism);
      EXPECT_EQ(part.subpartitions, (std::vector<SubpartitionTarget>{{0, i}, {1, i}, {2, i}}))
          << spec.ToString();
    }
    for (int32_t j = 0; j < 3; ++j) {
      EXPECT_EQ(eg.subtask(VertexId(1), j).input_gates[0].channels,
                (std::vector<ChannelSource>{{0, j}, {1, j}}))
          << spec.ToString();
    }
    CheckConsistent(eg, 2, 3);
  }
}

TEST(ExecutionGraphTest, RescaleTwoToFourFansOut) {
  ExecutionGraph eg = Expand(TwoVertexJob(2, 4, PartitionerSpec::Rescale()));
  EXPECT_EQ(eg.subtask(VertexId(0), 0).partitions[0].subpartitions,
            (std::vector<SubpartitionTarget>{{0, 0}, {1, 0}}));
  EXPECT_EQ(eg.subtask(VertexId(0), 1).partitions[0].subpartitions,
            (std::vector<SubpartitionTarget>{{2, 0}, {3, 0}}));
  EXPECT_EQ(eg.subtask(VertexId(1), 0).input_gates[0].channels,
            (std::vector<ChannelSource>{{0, 0}}));
  EXPECT_EQ(eg.subtask(VertexId(1), 1).input_gates[0].channels,
            (std::vector<ChannelSource>{{0, 1}}));
  EXPECT_EQ(eg.subtask(VertexId(1), 2).input_gates[0].channels,
            (std::vector<ChannelSource>{{1, 0}}));
  EXPECT_EQ(eg.subtask(VertexId(1), 3).input_gates[0].channels,
            (std::vector<ChannelSource>{{1, 1}}));
  CheckConsistent(eg, 2, 4);
}

TEST(ExecutionGraphTest, RescaleFourToTwoFansIn) {
  ExecutionGraph eg = Expand(TwoVertexJob(4, 2, PartitionerSpec::Rescale()));
  for (int32_t i = 0; i < 4; ++i) {
    EXPECT_EQ(eg.subtask(VertexId(0), i).partitions[0].subpartitions,
              (std::vector<SubpartitionTarget>{{i / 2, i % 2}}));
  }
  EXPECT_EQ(eg.subtask(VertexId(1), 0).input_gates[0].channels,
            (std::vector<ChannelSource>{{0, 0}, {1, 0}}));
  EXPECT_EQ(eg.subtask(VertexId(1), 1).input_gates[0].channels,
            (std::vector<ChannelSource>{{2, 0}, {3, 0}}));
  CheckConsistent(eg, 4, 2);
}

TEST(ExecutionGraphTest, RescaleUnevenRatios) {
  // 3 -> 2: consumer 0 reads producer 0, consumer 1 reads producers 1 and 2.
  ExecutionGraph in = Expand(TwoVertexJob(3, 2, PartitionerSpec::Rescale()));
  EXPECT_EQ(in.subtask(VertexId(1), 0).input_gates[0].channels,
            (std::vector<ChannelSource>{{0, 0}}));
  EXPECT_EQ(in.subtask(VertexId(1), 1).input_gates[0].channels,
            (std::vector<ChannelSource>{{1, 0}, {2, 0}}));
  // 2 -> 3: producer 0 feeds consumers 0 and 1, producer 1 feeds consumer 2.
  ExecutionGraph out = Expand(TwoVertexJob(2, 3, PartitionerSpec::Rescale()));
  EXPECT_EQ(out.subtask(VertexId(0), 0).partitions[0].subpartitions,
            (std::vector<SubpartitionTarget>{{0, 0}, {1, 0}}));
  EXPECT_EQ(out.subtask(VertexId(0), 1).partitions[0].subpartitions,
            (std::vector<SubpartitionTarget>{{2, 0}}));
}

TEST(ExecutionGraphTest, PointwiseRangesAreConsistentForAllSmallParallelisms) {
  for (int32_t p = 1; p <= 9; ++p) {
    for (int32_t c = 1; c <= 9; ++c) {
      // Every (producer, consumer) pair is connected iff each side's range names the other.
      int32_t links = 0;
      for (int32_t i = 0; i < p; ++i) {
        SubtaskRange to = PointwiseConsumers(p, c, i);
        EXPECT_GE(to.size(), 1) << p << "->" << c;
        for (int32_t j = 0; j < c; ++j) {
          SubtaskRange from = PointwiseProducers(p, c, j);
          EXPECT_GE(from.size(), 1);
          bool a = j >= to.first && j <= to.last;
          bool b = i >= from.first && i <= from.last;
          EXPECT_EQ(a, b) << p << "->" << c << " producer " << i << " consumer " << j;
          links += a ? 1 : 0;
        }
      }
      EXPECT_EQ(links, std::max(p, c)) << p << "->" << c;
      CheckConsistent(Expand(TwoVertexJob(p, c, PartitionerSpec::Rescale())), p, c);
    }
  }
}

TEST(ExecutionGraphTest, KeyGroupRangesForThreeSubtasksOf128) {
  JobGraph job = TwoVertexJob(2, 3, PartitionerSpec::Hash({0}), /*keyed_consumer=*/true);
  ExecutionGraph eg = Expand(job);
  EXPECT_EQ(eg.subtask(VertexId(1), 0).key_groups, (KeyGroupRange{0, 42}));
  EXPECT_EQ(eg.subtask(VertexId(1), 1).key_groups, (KeyGroupRange{43, 85}));
  EXPECT_EQ(eg.subtask(VertexId(1), 2).key_groups, (KeyGroupRange{86, 127}));
  // Every key group is owned by exactly the subtask SubtaskForKeyGroup names.
  for (int32_t kg = 0; kg < 128; ++kg) {
    int32_t owner = SubtaskForKeyGroup(128, 3, kg);
    EXPECT_TRUE(eg.subtask(VertexId(1), owner).key_groups.Contains(kg)) << kg;
  }
  // The producer is not keyed and owns no key groups.
  EXPECT_EQ(eg.subtask(VertexId(0), 0).key_groups.size(), 0);
  EXPECT_EQ(eg.subtask(VertexId(1), 2).max_parallelism, 128);
  EXPECT_EQ(eg.subtask(VertexId(0), 1).partitions[0].consumer_max_parallelism, 128);
}

TEST(ExecutionGraphTest, TwoInputGatesFollowInputOrder) {
  StreamGraph g;
  StreamNodeId a = g.AddNode(Source("A", 2));
  StreamNodeId b = g.AddNode(Source("B", 1));
  StreamNodeId join = g.AddNode(Op("Join", 2, 2));
  g.Connect(b, join, PartitionerSpec::Broadcast(), 1);
  g.Connect(a, join, PartitionerSpec::Forward(), 0);
  Result<JobGraph> job = BuildJobGraph(g);
  ASSERT_TRUE(job.ok()) << job.status().ToString();
  ExecutionGraph eg = Expand(job.ValueOrDie());
  const ExecutionVertex& j1 = eg.subtask(VertexId(2), 1);
  ASSERT_EQ(j1.input_gates.size(), 2u);
  EXPECT_EQ(j1.input_gates[0].target_input, 0);
  EXPECT_EQ(j1.input_gates[0].producer, VertexId(0));
  EXPECT_EQ(j1.input_gates[0].channels, (std::vector<ChannelSource>{{1, 0}}));
  EXPECT_EQ(j1.input_gates[1].target_input, 1);
  EXPECT_EQ(j1.input_gates[1].producer, VertexId(1));
  EXPECT_EQ(j1.input_gates[1].channels, (std::vector<ChannelSource>{{0, 1}}));
  EXPECT_EQ(SubtaskDisplayName(job.ValueOrDie().vertex(VertexId(2)), 1), "Join (2/2)");
}

TEST(ExecutionGraphTest, ChainedVertexHasNoInternalChannels) {
  StreamGraph g;
  StreamNodeId src = g.AddNode(Source("Source", 2));
  StreamNodeId map = g.AddNode(Op("Map", 2));
  g.Connect(src, map, PartitionerSpec::Forward());
  Result<JobGraph> job = BuildJobGraph(g);
  ASSERT_TRUE(job.ok()) << job.status().ToString();
  ExecutionGraph eg = Expand(job.ValueOrDie());
  ASSERT_EQ(eg.num_vertices(), 1);
  ASSERT_EQ(eg.subtasks(VertexId(0)).size(), 2u);
  EXPECT_TRUE(eg.subtask(VertexId(0), 1).input_gates.empty());
  EXPECT_TRUE(eg.subtask(VertexId(0), 1).partitions.empty());
}

}  // namespace
}  // namespace weir::runtime
