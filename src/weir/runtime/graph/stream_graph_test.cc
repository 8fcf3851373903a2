// Tests of StreamGraph: topological order, uid generation (determinism, stability), hashing.
#include "weir/runtime/graph/stream_graph.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

#include "weir/runtime/graph/graph_test_util.h"
#include "weir/runtime/graph/job_graph.h"

namespace weir::runtime {
namespace {

using ::testing::HasSubstr;
using testing::Keyed;
using testing::Op;
using testing::Source;

bool IsLowerHex32(const std::string& s) {
  if (s.size() != 32) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

std::vector<std::string> Uids(const StreamGraph& g) {
  Result<std::vector<std::string>> uids = GenerateUids(g);
  EXPECT_TRUE(uids.ok()) << uids.status().ToString();
  return uids.ok() ? uids.ValueOrDie() : std::vector<std::string>();
}

// source -> map -> keyed count -> sink, with the given parallelism and names suffix.
StreamGraph Pipeline(int32_t parallelism, const std::string& suffix, bool uid_on_source) {
  StreamGraph g;
  StreamNodeId src = g.AddNode(Source("Source" + suffix, parallelism, uid_on_source ? "src" : ""));
  StreamNodeId map = g.AddNode(Op("Map" + suffix, parallelism));
  StreamNodeId agg = g.AddNode(Keyed("Count" + suffix, parallelism, {0}));
  StreamNodeId sink = g.AddNode(Op("Sink" + suffix, parallelism));
  g.Connect(src, map, PartitionerSpec::Forward());
  g.Connect(map, agg, PartitionerSpec::Hash({0}));
  g.Connect(agg, sink, PartitionerSpec::Forward());
  return g;
}

TEST(StreamGraphTest, IdsCountFromZeroAndEdgesAreRecorded) {
  StreamGraph g("job");
  StreamNodeId a = g.AddNode(Source("A"));
  StreamNodeId b = g.AddNode(Op("B"));
  g.Connect(a, b, PartitionerSpec::Hash({2}));
  EXPECT_EQ(a, StreamNodeId(0));
  EXPECT_EQ(b, StreamNodeId(1));
  ASSERT_EQ(g.edges().size(), 1u);
  EXPECT_EQ(g.edges()[0].partitioner.kind, PartitionerKind::kHash);
  EXPECT_EQ(g.edges()[0].partitioner.key_columns, std::vector<int32_t>{2});
  EXPECT_TRUE(g.edges()[0].side_output.empty());
  EXPECT_EQ(g.node(b).spec.slot_sharing_group, "default");
  EXPECT_EQ(g.node(b).spec.chaining_strategy, ChainingStrategy::kAlways);
  EXPECT_EQ(g.default_max_parallelism(), 128);
}

TEST(StreamGraphTest, TopologicalOrderPrefersSmallerIds) {
  StreamGraph g;
  StreamNodeId sink = g.AddNode(Op("Sink", 1, 2));  // 0
  StreamNodeId s2 = g.AddNode(Source("S2"));        // 1
  StreamNodeId s1 = g.AddNode(Source("S1"));        // 2
  StreamNodeId m = g.AddNode(Op("M"));              // 3
  g.Connect(s1, m, PartitionerSpec::Forward());
  g.Connect(m, sink, PartitionerSpec::Forward(), 0);
  g.Connect(s2, sink, PartitionerSpec::Forward(), 1);
  Result<std::vector<StreamNodeId>> order = TopologicalOrder(g);
  ASSERT_TRUE(order.ok()) << order.status().ToString();
  EXPECT_EQ(order.ValueOrDie(), (std::vector<StreamNodeId>{s2, s1, m, sink}));
}

TEST(StreamGraphTest, GeneratedUidsAreDeterministicHex) {
  std::vector<std::string> a = Uids(Pipeline(2, "", false));
  std::vector<std::string> b = Uids(Pipeline(2, "", false));
  ASSERT_EQ(a.size(), 4u);
  EXPECT_EQ(a, b);
  for (const std::string& uid : a) EXPECT_TRUE(IsLowerHex32(uid)) << uid;
  std::set<std::string> distinct(a.begin(), a.end());
  EXPECT_EQ(distinct.size(), 4u);
}

TEST(StreamGraphTest, GeneratedUidsSurviveRenamingAndRescaling) {
  EXPECT_EQ(Uids(Pipeline(2, "", false)), Uids(Pipeline(7, " renamed", false)));
}

TEST(StreamGraphTest, GeneratedUidsFollowTheUpstreamUid) {
  std::vector<std::string> without = Uids(Pipeline(2, "", false));
  std::vector<std::string> with = Uids(Pipeline(2, "", true));
  EXPECT_EQ(with[0], "src");
  for (size_t i = 1; i < with.size(); ++i) EXPECT_NE(with[i], without[i]) << i;
}

TEST(StreamGraphTest, UserUidsAreKeptAsGiven) {
  StreamGraph g;
  StreamNodeId src = g.AddNode(Source("Source", 1, "my source"));
  StreamNodeId map = g.AddNode(Op("Map", 1, 1, "map-1"));
  g.Connect(src, map, PartitionerSpec::Forward());
  EXPECT_EQ(Uids(g), (std::vector<std::string>{"my source", "map-1"}));
  Result<JobGraph> job = BuildJobGraph(g);
  ASSERT_TRUE(job.ok()) << job.status().ToString();
  EXPECT_FALSE(job.ValueOrDie().vertices()[0].operators[0].uid_generated);
}

TEST(StreamGraphTest, SiblingsGetDistinctUidsByOccurrence) {
  StreamGraph g;
  StreamNodeId src = g.AddNode(Source("Source", 1, "src"));
  StreamNodeId a = g.AddNode(Op("Same"));
  StreamNodeId b = g.AddNode(Op("Same"));
  g.Connect(src, a, PartitionerSpec::Forward());
  g.Connect(src, b, PartitionerSpec::Rebalance());
  std::vector<std::string> uids = Uids(g);
  EXPECT_NE(uids[1], uids[2]);
  Result<JobGraph> job = BuildJobGraph(g);
  ASSERT_TRUE(job.ok()) << job.status().ToString();
  EXPECT_TRUE(job.ValueOrDie().vertices()[0].operators[1].uid_generated);
}

TEST(StreamGraphTest, AddingAnUnrelatedBranchKeepsExistingUids) {
  StreamGraph g = Pipeline(2, "", false);
  std::vector<std::string> before = Uids(g);
  // A second pipeline hanging off a new user-uid source, and a side branch off the sink.
  StreamNodeId other = g.AddNode(Source("Other", 1, "other"));
  StreamNodeId other_map = g.AddNode(Op("Other map"));
  g.Connect(other, other_map, PartitionerSpec::Forward());
  std::vector<std::string> after = Uids(g);
  for (size_t i = 0; i < before.size(); ++i) EXPECT_EQ(before[i], after[i]) << i;
}

TEST(StreamGraphTest, UnionInputOrderDoesNotChangeUids) {
  auto build = [](bool swap) {
    StreamGraph g;
    StreamNodeId a = g.AddNode(Source("A", 1, "a"));
    StreamNodeId b = g.AddNode(Source("B", 1, "b"));
    StreamNodeId u = g.AddNode(Op("Union"));
    if (swap) {
      g.Connect(b, u, PartitionerSpec::Rebalance());
      g.Connect(a, u, PartitionerSpec::Rebalance());
    } else {
      g.Connect(a, u, PartitionerSpec::Rebalance());
      g.Connect(b, u, PartitionerSpec::Rebalance());
    }
    return g;
  };
  EXPECT_EQ(Uids(build(false)), Uids(build(true)));
}

TEST(StreamGraphTest, SideOutputAndInputIndexArePartOfTheUid) {
  auto build = [](const std::string& side, int32_t input) {
    StreamGraph g;
    OperatorSpec s = Source("S", 1, "s");
    s.side_outputs = {"late"};
    StreamNodeId src = g.AddNode(s);
    StreamNodeId other = g.AddNode(Source("O", 1, "o"));
    StreamNodeId join = g.AddNode(Op("Join", 1, 2));
    if (side.empty()) {
      g.Connect(src, join, PartitionerSpec::Rebalance(), input);
    } else {
      g.ConnectSideOutput(src, side, join, PartitionerSpec::Rebalance(), input);
    }
    g.Connect(other, join, PartitionerSpec::Rebalance(), 1 - input);
    return Uids(g)[2];
  };
  EXPECT_NE(build("", 0), build("late", 0));
  EXPECT_NE(build("", 0), build("", 1));
  EXPECT_EQ(build("late", 1), build("late", 1));
}

TEST(StreamGraphTest, GeneratedUidFailsOnCycle) {
  StreamGraph g;
  StreamNodeId a = g.AddNode(Op("A"));
  StreamNodeId b = g.AddNode(Op("B"));
  g.Connect(a, b, PartitionerSpec::Forward());
  g.Connect(b, a, PartitionerSpec::Forward());
  Result<std::vector<std::string>> uids = GenerateUids(g);
  ASSERT_FALSE(uids.ok());
  EXPECT_THAT(uids.status().message(), HasSubstr("'A' (node 0) -> 'B' (node 1) -> 'A' (node 0)"));
}

TEST(StreamGraphTest, StableHashHexIsFrozen) {
  // Generated uids and vertex ids depend on this function: it must never change.
  EXPECT_EQ(StableHashHex("").size(), 32u);
  EXPECT_EQ(StableHashHex("weir"), StableHashHex("weir"));
  EXPECT_NE(StableHashHex("weir"), StableHashHex("weis"));
  EXPECT_EQ(StableHashHex(""), "99aa06d3014798d86001c324468d497f");
}

TEST(StreamGraphTest, EnumNamesRoundTrip) {
  for (ChainingStrategy s :
       {ChainingStrategy::kAlways, ChainingStrategy::kNever, ChainingStrategy::kHead}) {
    EXPECT_EQ(ParseChainingStrategy(ChainingStrategyName(s)), s);
  }
  EXPECT_FALSE(ParseChainingStrategy("always").has_value());
  EXPECT_EQ(ParseJobType("BATCH"), JobType::kBatch);
  EXPECT_EQ(ParseJobType(JobTypeName(JobType::kStreaming)), JobType::kStreaming);
  EXPECT_FALSE(ParseJobType("").has_value());
  for (PartitionerKind k :
       {PartitionerKind::kForward, PartitionerKind::kHash, PartitionerKind::kRebalance,
        PartitionerKind::kRescale, PartitionerKind::kBroadcast, PartitionerKind::kGlobal,
        PartitionerKind::kCustom}) {
    EXPECT_EQ(ParsePartitionerKind(PartitionerKindName(k)), k);
    EXPECT_EQ(ParsePartitionerKind(ShipStrategyName(k)), k);
  }
  EXPECT_STREQ(ShipStrategyName(PartitionerKind::kRescale), "RESCALE");
  EXPECT_FALSE(ParsePartitionerKind("shuffle").has_value());
  EXPECT_TRUE(IsPointwise(PartitionerKind::kRescale));
  EXPECT_FALSE(IsPointwise(PartitionerKind::kGlobal));
}

}  // namespace
}  // namespace weir::runtime
