// Tests of BuildJobGraph: chaining rules, validation errors, job edges and operator factories.
#include "weir/runtime/graph/job_graph.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "weir/runtime/graph/graph_test_util.h"

namespace weir::runtime {
namespace {

using ::testing::HasSubstr;
using testing::Keyed;
using testing::Op;
using testing::Source;

JobGraph BuildOk(const StreamGraph& g) {
  Result<JobGraph> job = BuildJobGraph(g);
  EXPECT_TRUE(job.ok()) << job.status().ToString();
  if (!job.ok()) return JobGraph();
  return std::move(job).ValueOrDie();
}

Status BuildError(const StreamGraph& g) {
  Result<JobGraph> job = BuildJobGraph(g);
  if (job.ok()) return Status::Internal("expected an error, got a job graph");
  return job.status();
}

std::vector<std::string> ChainNames(const JobVertex& v) {
  std::vector<std::string> names;
  for (const ChainedOperator& op : v.operators) names.push_back(op.name);
  return names;
}

// ---- Chaining rules.

TEST(JobGraphChainingTest, ForwardEdgesOfEqualParallelismChainIntoOneTask) {
  StreamGraph g;
  StreamNodeId src = g.AddNode(Source("Source: numbers", 2));
  StreamNodeId map = g.AddNode(Op("Map", 2));
  StreamNodeId filter = g.AddNode(Op("Filter", 2));
  g.Connect(src, map, PartitionerSpec::Forward());
  g.Connect(map, filter, PartitionerSpec::Forward());
  JobGraph job = BuildOk(g);
  ASSERT_EQ(job.vertices().size(), 1u);
  const JobVertex& v = job.vertices()[0];
  EXPECT_EQ(v.name, "Source: numbers -> Map -> Filter");
  EXPECT_EQ(ChainNames(v), (std::vector<std::string>{"Source: numbers", "Map", "Filter"}));
  EXPECT_EQ(v.parallelism, 2);
  EXPECT_EQ(v.max_parallelism, kDefaultMaxParallelism);
  EXPECT_EQ(v.slot_sharing_group, "default");
  EXPECT_TRUE(v.is_source());
  EXPECT_FALSE(v.keyed());
  EXPECT_TRUE(job.edges().empty());
  EXPECT_TRUE(v.input_edges.empty());
  EXPECT_TRUE(v.output_edges.empty());
  EXPECT_EQ(job.NumSubtasks(), 2);
  EXPECT_EQ(v.hex_id.size(), 32u);
}

TEST(JobGraphChainingTest, ForwardEdgeBetweenDifferentParallelismsIsAnError) {
  StreamGraph g;
  StreamNodeId src = g.AddNode(Source("Source: numbers", 2, "src"));
  StreamNodeId map = g.AddNode(Op("Map", 4, 1, "map"));
  g.Connect(src, map, PartitionerSpec::Forward());
  Status st = BuildError(g);
  EXPECT_TRUE(st.IsInvalid()) << st.ToString();
  EXPECT_THAT(st.message(), HasSubstr("Forward partitioning does not allow change of parallelism"));
  EXPECT_THAT(st.message(), HasSubstr("'Source: numbers' (uid 'src') has parallelism 2"));
  EXPECT_THAT(st.message(), HasSubstr("'Map' (uid 'map') has parallelism 4"));
}

TEST(JobGraphChainingTest, NonForwardEdgesStartNewTasks) {
  for (PartitionerSpec p :
       {PartitionerSpec::Hash({0}), PartitionerSpec::Rebalance(), PartitionerSpec::Rescale(),
        PartitionerSpec::Broadcast(), PartitionerSpec::Global(),
        PartitionerSpec::Custom(
            "mod", [](const RecordBatch&, int32_t, int32_t*) { return Status::OK(); })}) {
    StreamGraph g;
    StreamNodeId src = g.AddNode(Source("Source", 2));
    StreamNodeId sink = g.AddNode(Op("Sink", 2));
    g.Connect(src, sink, p);
    JobGraph job = BuildOk(g);
    ASSERT_EQ(job.vertices().size(), 2u) << p.ToString();
    ASSERT_EQ(job.edges().size(), 1u);
    const JobEdge& e = job.edges()[0];
    EXPECT_EQ(e.source, VertexId(0));
    EXPECT_EQ(e.target, VertexId(1));
    EXPECT_EQ(e.source_operator, 0);
    EXPECT_EQ(e.source_output, kMainOutput);
    EXPECT_EQ(e.target_input, 0);
    EXPECT_EQ(e.partitioner.kind, p.kind);
    EXPECT_EQ(job.vertices()[0].output_edges, std::vector<int32_t>{0});
    EXPECT_EQ(job.vertices()[1].input_edges, std::vector<int32_t>{0});
    EXPECT_EQ(job.vertices()[0].operators[0].output_edges, std::vector<int32_t>{0});
  }
}

TEST(JobGraphChainingTest, HashEdgeSplitsAChainAndKeepsKeys) {
  StreamGraph g;
  StreamNodeId src = g.AddNode(Source("Source", 4));
  StreamNodeId map = g.AddNode(Op("Map", 4));
  StreamNodeId agg = g.AddNode(Keyed("Count", 4, {1, 0}));
  StreamNodeId sink = g.AddNode(Op("Sink", 4));
  g.Connect(src, map, PartitionerSpec::Forward());
  g.Connect(map, agg, PartitionerSpec::Hash({1, 0}));
  g.Connect(agg, sink, PartitionerSpec::Forward());
  JobGraph job = BuildOk(g);
  ASSERT_EQ(job.vertices().size(), 2u);
  EXPECT_EQ(job.vertices()[0].name, "Source -> Map");
  EXPECT_EQ(job.vertices()[1].name, "Count -> Sink");
  EXPECT_FALSE(job.vertices()[0].keyed());
  EXPECT_TRUE(job.vertices()[1].keyed());
  ASSERT_EQ(job.edges().size(), 1u);
  EXPECT_EQ(job.edges()[0].source_operator, 1);  // Map, the tail of the first chain
  EXPECT_EQ(job.edges()[0].partitioner.key_columns, (std::vector<int32_t>{1, 0}));
  EXPECT_EQ(job.vertices()[0].operators[1].output_edges, std::vector<int32_t>{0});
  EXPECT_TRUE(job.vertices()[0].operators[0].output_edges.empty());
}

TEST(JobGraphChainingTest, KeyTypesTravelWithTheOperator) {
  StreamGraph g;
  StreamNodeId src = g.AddNode(Source("Source", 2));
  OperatorSpec count = Keyed("Count", 2, {0, 1});
  count.key_types = {LogicalType::BigInt(), LogicalType::String()};
  StreamNodeId agg = g.AddNode(std::move(count));
  g.Connect(src, agg, PartitionerSpec::Hash({0, 1}));
  JobGraph job = BuildOk(g);
  ASSERT_EQ(job.vertices().size(), 2u);
  EXPECT_EQ(job.vertices()[1].operators[0].key_types,
            (std::vector<LogicalType>{LogicalType::BigInt(), LogicalType::String()}));
}

TEST(JobGraphValidationTest, KeyTypesMustMatchKeyColumns) {
  StreamGraph g;
  StreamNodeId src = g.AddNode(Source("Source", 1));
  OperatorSpec count = Keyed("Count", 1, {0, 1});
  count.key_types = {LogicalType::BigInt()};
  StreamNodeId agg = g.AddNode(std::move(count));
  g.Connect(src, agg, PartitionerSpec::Hash({0, 1}));
  Result<JobGraph> job = BuildJobGraph(g);
  ASSERT_FALSE(job.ok());
  EXPECT_THAT(job.status().message(), HasSubstr("2 key column(s) but 1 key type(s)"));

  StreamGraph h;
  OperatorSpec plain = Op("Plain", 1);
  plain.key_types = {LogicalType::BigInt()};
  StreamNodeId s2 = h.AddNode(Source("Source", 1));
  StreamNodeId p2 = h.AddNode(std::move(plain));
  h.Connect(s2, p2, PartitionerSpec::Forward());
  EXPECT_FALSE(BuildJobGraph(h).ok());
}

TEST(JobGraphChainingTest, DisableChainingMakesATaskOfItsOwn) {
  StreamGraph g;
  StreamNodeId src = g.AddNode(Source("Source"));
  StreamNodeId map = g.AddNode(Op("Map"));
  StreamNodeId sink = g.AddNode(Op("Sink"));
  g.Connect(src, map, PartitionerSpec::Forward());
  g.Connect(map, sink, PartitionerSpec::Forward());
  g.DisableChaining(map);
  EXPECT_EQ(g.node(map).spec.chaining_strategy, ChainingStrategy::kNever);
  JobGraph job = BuildOk(g);
  ASSERT_EQ(job.vertices().size(), 3u);
  ASSERT_EQ(job.edges().size(), 2u);
  for (const JobEdge& e : job.edges()) EXPECT_EQ(e.partitioner.kind, PartitionerKind::kForward);
}

TEST(JobGraphChainingTest, NeverOnASourceLetsTheRestChain) {
  StreamGraph g;
  OperatorSpec source = Source("Source");
  source.chaining_strategy = ChainingStrategy::kNever;
  StreamNodeId src = g.AddNode(source);
  StreamNodeId map = g.AddNode(Op("Map"));
  StreamNodeId sink = g.AddNode(Op("Sink"));
  g.Connect(src, map, PartitionerSpec::Forward());
  g.Connect(map, sink, PartitionerSpec::Forward());
  JobGraph job = BuildOk(g);
  ASSERT_EQ(job.vertices().size(), 2u);
  EXPECT_EQ(job.vertices()[0].name, "Source");
  EXPECT_EQ(job.vertices()[1].name, "Map -> Sink");
}

TEST(JobGraphChainingTest, HeadStartsANewChainThatSuccessorsJoin) {
  StreamGraph g;
  StreamNodeId src = g.AddNode(Source("Source"));
  StreamNodeId map = g.AddNode(Op("Map"));
  StreamNodeId sink = g.AddNode(Op("Sink"));
  g.Connect(src, map, PartitionerSpec::Forward());
  g.Connect(map, sink, PartitionerSpec::Forward());
  g.StartNewChain(map);
  JobGraph job = BuildOk(g);
  ASSERT_EQ(job.vertices().size(), 2u);
  EXPECT_EQ(job.vertices()[0].name, "Source");
  EXPECT_EQ(job.vertices()[1].name, "Map -> Sink");
  EXPECT_EQ(job.vertices()[1].head().chaining_strategy, ChainingStrategy::kHead);
}

TEST(JobGraphChainingTest, JobWideChainingSwitch) {
  StreamGraph g;
  StreamNodeId src = g.AddNode(Source("Source"));
  StreamNodeId map = g.AddNode(Op("Map"));
  g.Connect(src, map, PartitionerSpec::Forward());
  g.set_chaining_enabled(false);
  EXPECT_EQ(BuildOk(g).vertices().size(), 2u);
  g.set_chaining_enabled(true);
  EXPECT_EQ(BuildOk(g).vertices().size(), 1u);
}

TEST(JobGraphChainingTest, DifferentSlotSharingGroupsOrMaxParallelismDoNotChain) {
  {
    StreamGraph g;
    StreamNodeId src = g.AddNode(Source("Source"));
    OperatorSpec map = Op("Map");
    map.slot_sharing_group = "heavy";
    g.Connect(src, g.AddNode(map), PartitionerSpec::Forward());
    JobGraph job = BuildOk(g);
    ASSERT_EQ(job.vertices().size(), 2u);
    EXPECT_EQ(job.vertices()[1].slot_sharing_group, "heavy");
  }
  {
    StreamGraph g;
    StreamNodeId src = g.AddNode(Source("Source"));
    OperatorSpec map = Op("Map");
    map.max_parallelism = 64;
    g.Connect(src, g.AddNode(map), PartitionerSpec::Forward());
    JobGraph job = BuildOk(g);
    ASSERT_EQ(job.vertices().size(), 2u);
    EXPECT_EQ(job.vertices()[1].max_parallelism, 64);
  }
}

TEST(JobGraphChainingTest, SideOutputsAreNeverChained) {
  StreamGraph g;
  OperatorSpec source = Source("Source", 2);
  source.side_outputs = {"late", "errors"};
  StreamNodeId src = g.AddNode(source);
  StreamNodeId map = g.AddNode(Op("Map", 2));
  StreamNodeId late = g.AddNode(Op("Late sink", 2));
  StreamNodeId errors = g.AddNode(Op("Error sink", 2));
  g.ConnectSideOutput(src, "errors", errors, PartitionerSpec::Forward());
  g.ConnectSideOutput(src, "late", late, PartitionerSpec::Forward());
  g.Connect(src, map, PartitionerSpec::Forward());
  JobGraph job = BuildOk(g);
  ASSERT_EQ(job.vertices().size(), 3u);
  EXPECT_EQ(job.vertices()[0].name, "Source -> Map");
  ASSERT_EQ(job.edges().size(), 2u);
  // Ordered by (source vertex, source operator, edge creation).
  EXPECT_EQ(job.edges()[0].source_output, 1);  // errors
  EXPECT_EQ(job.vertex(job.edges()[0].target).name, "Error sink");
  EXPECT_EQ(job.edges()[1].source_output, 0);  // late
  EXPECT_EQ(job.vertex(job.edges()[1].target).name, "Late sink");
  EXPECT_EQ(job.vertices()[0].operators[0].output_edges, (std::vector<int32_t>{0, 1}));
}

TEST(JobGraphChainingTest, FanOutChainsTheSuccessorWithTheSmallestId) {
  StreamGraph g;
  StreamNodeId src = g.AddNode(Source("Source"));
  StreamNodeId b = g.AddNode(Op("B"));
  StreamNodeId a = g.AddNode(Op("A"));
  g.Connect(src, a, PartitionerSpec::Forward());
  g.Connect(src, b, PartitionerSpec::Forward());
  JobGraph job = BuildOk(g);
  ASSERT_EQ(job.vertices().size(), 2u);
  EXPECT_EQ(job.vertices()[0].name, "Source -> B");
  EXPECT_EQ(job.vertices()[1].name, "A");
  ASSERT_EQ(job.edges().size(), 1u);
  EXPECT_EQ(job.edges()[0].partitioner.kind, PartitionerKind::kForward);
  EXPECT_EQ(job.edges()[0].source_operator, 0);
}

TEST(JobGraphChainingTest, UnionAndTwoInputOperatorsAreChainHeads) {
  StreamGraph g;
  StreamNodeId s1 = g.AddNode(Source("S1"));
  StreamNodeId s2 = g.AddNode(Source("S2"));
  StreamNodeId u = g.AddNode(Op("Union map"));
  StreamNodeId join = g.AddNode(Op("Join", 1, 2));
  StreamNodeId sink = g.AddNode(Op("Sink"));
  g.Connect(s1, u, PartitionerSpec::Forward());
  g.Connect(s2, u, PartitionerSpec::Forward());
  g.Connect(s2, join, PartitionerSpec::Broadcast(), 1);
  g.Connect(u, join, PartitionerSpec::Forward(), 0);
  g.Connect(join, sink, PartitionerSpec::Forward());
  JobGraph job = BuildOk(g);
  ASSERT_EQ(job.vertices().size(), 4u);
  EXPECT_EQ(job.vertices()[0].name, "S1");
  EXPECT_EQ(job.vertices()[1].name, "S2");
  EXPECT_EQ(job.vertices()[2].name, "Union map");
  EXPECT_EQ(job.vertices()[3].name, "Join -> Sink");
  const JobVertex& j = job.vertices()[3];
  ASSERT_EQ(j.input_edges.size(), 2u);
  EXPECT_EQ(job.edge(j.input_edges[0]).target_input, 0);
  EXPECT_EQ(job.edge(j.input_edges[0]).source, VertexId(2));
  EXPECT_EQ(job.edge(j.input_edges[1]).target_input, 1);
  EXPECT_EQ(job.edge(j.input_edges[1]).partitioner.kind, PartitionerKind::kBroadcast);
  EXPECT_EQ(job.vertices()[2].input_edges.size(), 2u);
}

TEST(JobGraphChainingTest, KeyedOperatorLaterInTheChainMakesTheVertexKeyed) {
  StreamGraph g;
  StreamNodeId src = g.AddNode(Source("Source", 3));
  StreamNodeId keyed = g.AddNode(Keyed("Reinterpreted keyed", 3, {0}));
  g.Connect(src, keyed, PartitionerSpec::Forward());
  JobGraph job = BuildOk(g);
  ASSERT_EQ(job.vertices().size(), 1u);
  EXPECT_TRUE(job.vertices()[0].keyed());
}

TEST(JobGraphChainingTest, FactoriesAreCarriedIntoTheChain) {
  StreamGraph g;
  StreamNodeId src = g.AddNode(Source("Source", 2, "src"));
  StreamNodeId map = g.AddNode(Op("Map", 2, 1, "map"));
  g.Connect(src, map, PartitionerSpec::Forward());
  JobGraph job = BuildOk(g);
  ASSERT_EQ(job.vertices().size(), 1u);
  const ChainedOperator& op = job.vertices()[0].operators[1];
  Result<std::unique_ptr<Operator>> made = op.factory(1);
  ASSERT_TRUE(made.ok()) << made.status().ToString();
  EXPECT_EQ(made.ValueOrDie()->name(), "Map");
  EXPECT_EQ(made.ValueOrDie()->num_inputs(), 1);
  EXPECT_EQ(job.FindVertexByUid("map"), &job.vertices()[0]);
  EXPECT_EQ(job.FindVertexByUid("nope"), nullptr);
}

TEST(JobGraphChainingTest, JobIdIsFreshAndSettable) {
  StreamGraph g("my job");
  g.AddNode(Source("Source"));
  JobGraph a = BuildOk(g);
  JobGraph b = BuildOk(g);
  EXPECT_NE(a.job_id(), b.job_id());
  EXPECT_EQ(a.job_name(), "my job");
  a.set_job_id(JobId(1, 2));
  EXPECT_EQ(a.job_id(), JobId(1, 2));
}

// ---- Validation.

TEST(JobGraphValidationTest, CyclesAreRejectedWithTheCycle) {
  StreamGraph g;
  StreamNodeId src = g.AddNode(Source("Source"));
  StreamNodeId a = g.AddNode(Op("A", 1, 2));
  StreamNodeId b = g.AddNode(Op("B"));
  StreamNodeId c = g.AddNode(Op("C"));
  StreamNodeId after = g.AddNode(Op("After"));
  g.Connect(src, a, PartitionerSpec::Rebalance(), 0);
  g.Connect(a, b, PartitionerSpec::Rebalance());
  g.Connect(b, c, PartitionerSpec::Rebalance());
  g.Connect(c, a, PartitionerSpec::Rebalance(), 1);
  g.Connect(c, after, PartitionerSpec::Rebalance());
  Status st = BuildError(g);
  EXPECT_TRUE(st.IsInvalid());
  EXPECT_THAT(st.message(), HasSubstr("cycle"));
  EXPECT_THAT(st.message(),
              HasSubstr("'A' (node 1) -> 'B' (node 2) -> 'C' (node 3) -> 'A' (node 1)"));
  EXPECT_FALSE(TopologicalOrder(g).ok());
}

TEST(JobGraphValidationTest, SelfLoopIsACycle) {
  StreamGraph g;
  StreamNodeId src = g.AddNode(Source("Source"));
  StreamNodeId a = g.AddNode(Op("Iterate"));
  g.Connect(src, a, PartitionerSpec::Forward());
  g.Connect(a, a, PartitionerSpec::Forward());
  Status st = BuildError(g);
  EXPECT_THAT(st.message(), HasSubstr("'Iterate' (node 1) -> 'Iterate' (node 1)"));
}

TEST(JobGraphValidationTest, DuplicateUids) {
  StreamGraph g;
  StreamNodeId src = g.AddNode(Source("Source", 1, "same"));
  StreamNodeId map = g.AddNode(Op("Map", 1, 1, "same"));
  g.Connect(src, map, PartitionerSpec::Forward());
  Status st = BuildError(g);
  EXPECT_TRUE(st.IsInvalid());
  EXPECT_THAT(st.message(), HasSubstr("Duplicate operator uid: 'same'"));
  EXPECT_THAT(st.message(), HasSubstr("'Source' (node 0) and 'Map' (node 1)"));
}

TEST(JobGraphValidationTest, DanglingInputs) {
  {
    StreamGraph g;
    g.AddNode(Source("Source"));
    g.AddNode(Op("Orphan map"));
    Status st = BuildError(g);
    EXPECT_THAT(st.message(), HasSubstr("Dangling input: operator 'Orphan map'"));
  }
  {
    StreamGraph g;
    StreamNodeId src = g.AddNode(Source("Source"));
    StreamNodeId join = g.AddNode(Op("Join", 1, 2));
    g.Connect(src, join, PartitionerSpec::Forward(), 0);
    Status st = BuildError(g);
    EXPECT_THAT(st.message(), HasSubstr("input 1 of two-input operator 'Join'"));
  }
  {
    StreamGraph g;
    StreamNodeId src = g.AddNode(Source("Source"));
    g.Connect(src, StreamNodeId(7), PartitionerSpec::Forward());
    EXPECT_THAT(BuildError(g).message(), HasSubstr("ends at an unknown node: 7"));
  }
  {
    StreamGraph g;
    StreamNodeId src = g.AddNode(Source("Source"));
    g.Connect(StreamNodeId(-1), src, PartitionerSpec::Forward());
    EXPECT_THAT(BuildError(g).message(), HasSubstr("starts at an unknown node: -1"));
  }
}

TEST(JobGraphValidationTest, WrongInputsOfOneAndTwoInputOperators) {
  {
    StreamGraph g;
    StreamNodeId src = g.AddNode(Source("Source"));
    StreamNodeId join = g.AddNode(Op("Join", 1, 2));
    g.Connect(src, join, PartitionerSpec::Forward(), 0);
    g.Connect(src, join, PartitionerSpec::Forward(), 2);
    EXPECT_THAT(BuildError(g).message(),
                HasSubstr("Edge into input 2 of an operator with 2 input(s)"));
  }
  {
    StreamGraph g;
    StreamNodeId src = g.AddNode(Source("Source"));
    StreamNodeId map = g.AddNode(Op("Map"));
    g.Connect(src, map, PartitionerSpec::Forward(), 1);
    EXPECT_THAT(BuildError(g).message(),
                HasSubstr("Edge into input 1 of an operator with 1 input(s)"));
  }
  {
    StreamGraph g;
    StreamNodeId a = g.AddNode(Source("A"));
    StreamNodeId b = g.AddNode(Source("B"));
    g.Connect(a, b, PartitionerSpec::Forward());
    EXPECT_THAT(BuildError(g).message(), HasSubstr("A source operator cannot have an input"));
  }
  {
    StreamGraph g;
    g.AddNode(Op("Three", 1, 3));
    EXPECT_THAT(BuildError(g).message(), HasSubstr("0, 1 or 2 inputs, not 3"));
  }
}

TEST(JobGraphValidationTest, MaxParallelism) {
  {
    StreamGraph g;
    OperatorSpec s = Source("Source", 8);
    s.max_parallelism = 4;
    g.AddNode(s);
    Status st = BuildError(g);
    EXPECT_THAT(st.message(), HasSubstr("Max parallelism must not be smaller than parallelism: "
                                        "max parallelism 4, parallelism 8 for 'Source'"));
  }
  {
    // The default (128) applies to nodes that set none.
    StreamGraph g;
    g.AddNode(Source("Source", 200));
    EXPECT_THAT(BuildError(g).message(), HasSubstr("max parallelism 128, parallelism 200"));
    g.set_default_max_parallelism(256);
    JobGraph job = BuildOk(g);
    EXPECT_EQ(job.vertices()[0].max_parallelism, 256);
  }
  {
    StreamGraph g;
    OperatorSpec s = Source("Source");
    s.max_parallelism = kUpperBoundMaxParallelism + 1;
    g.AddNode(s);
    EXPECT_THAT(BuildError(g).message(), HasSubstr("Max parallelism must be in [1, 32768]"));
    g.mutable_node(StreamNodeId(0)).spec.max_parallelism = kUpperBoundMaxParallelism;
    EXPECT_EQ(BuildOk(g).vertices()[0].max_parallelism, kUpperBoundMaxParallelism);
  }
  {
    StreamGraph g;
    g.AddNode(Source("Source", 0));
    EXPECT_THAT(BuildError(g).message(), HasSubstr("Parallelism must be at least 1: 0"));
  }
}

TEST(JobGraphValidationTest, SpecErrors) {
  {
    StreamGraph g;
    OperatorSpec s = Source("Source");
    s.factory = nullptr;
    g.AddNode(s);
    EXPECT_THAT(BuildError(g).message(), HasSubstr("An operator needs a factory"));
  }
  {
    StreamGraph g;
    g.AddNode(Source(""));
    EXPECT_THAT(BuildError(g).message(), HasSubstr("An operator needs a name"));
  }
  {
    StreamGraph g;
    OperatorSpec s = Source("Source");
    s.side_outputs = {"late", "late"};
    g.AddNode(s);
    EXPECT_THAT(BuildError(g).message(), HasSubstr("Duplicate side output name: 'late'"));
  }
  {
    StreamGraph g;
    StreamNodeId src = g.AddNode(Source("Source"));
    StreamNodeId map = g.AddNode(Op("Map"));
    g.ConnectSideOutput(src, "late", map, PartitionerSpec::Forward());
    EXPECT_THAT(BuildError(g).message(), HasSubstr("Unknown side output: 'late' of 'Source'"));
  }
  {
    StreamGraph g;
    StreamNodeId src = g.AddNode(Source("Source"));
    StreamNodeId map = g.AddNode(Op("Map"));
    g.Connect(src, map, PartitionerSpec::Custom("by-fn", nullptr));
    EXPECT_THAT(BuildError(g).message(), HasSubstr("A custom partitioner needs a function"));
  }
}

TEST(JobGraphValidationTest, KeyedOperatorErrors) {
  {
    StreamGraph g;
    StreamNodeId src = g.AddNode(Source("Source", 2));
    StreamNodeId agg = g.AddNode(Keyed("Count", 2, {0}));
    g.Connect(src, agg, PartitionerSpec::Hash({1}));
    Status st = BuildError(g);
    EXPECT_THAT(st.message(), HasSubstr("A hash edge must partition by the keyed operator's key "
                                        "columns: edge keys [1], operator keys of input 0 [0]"));
  }
  {
    StreamGraph g;
    StreamNodeId src = g.AddNode(Source("Source", 2));
    OperatorSpec join = Keyed("Join", 2, {0});
    join.num_inputs = 2;
    StreamNodeId j = g.AddNode(join);
    g.Connect(src, j, PartitionerSpec::Hash({0}), 0);
    g.Connect(src, j, PartitionerSpec::Broadcast(), 1);
    EXPECT_THAT(BuildError(g).message(), HasSubstr("key columns for each of its 2 input(s)"));
    g.mutable_node(j).spec.key_columns = {{0}, {}};
    EXPECT_TRUE(BuildOk(g).vertices()[1].keyed());
  }
  {
    StreamGraph g;
    OperatorSpec s = Source("Source");
    s.key_columns = {{0}};
    g.AddNode(s);
    EXPECT_THAT(BuildError(g).message(), HasSubstr("not keyed"));
  }
}

}  // namespace
}  // namespace weir::runtime
