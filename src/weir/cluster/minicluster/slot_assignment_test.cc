// Tests of slot assignment: slot sharing groups, filling TaskManagers, and too few slots.
#include "weir/cluster/minicluster/slot_assignment.h"

#include <gtest/gtest.h>

#include "weir/runtime/graph/stream_graph.h"
#include "weir/runtime/operators/basic_operators.h"

namespace weir::cluster {
namespace {

runtime::OperatorSpec Node(std::string name, int32_t parallelism, int32_t inputs,
                           std::string group) {
  runtime::OperatorSpec spec;
  spec.name = std::move(name);
  spec.parallelism = parallelism;
  spec.num_inputs = inputs;
  spec.slot_sharing_group = std::move(group);
  spec.chaining_strategy = runtime::ChainingStrategy::kNever;
  spec.factory = [](int32_t) -> Result<std::unique_ptr<runtime::Operator>> {
    return std::unique_ptr<runtime::Operator>(std::make_unique<runtime::DiscardingSink>());
  };
  return spec;
}

// source(3, default) → map(2, default) → sink(2, "sinks").
runtime::JobGraph ThreeVertexJob() {
  runtime::StreamGraph graph("slots");
  auto s = graph.AddNode(Node("source", 3, 0, "default"));
  auto m = graph.AddNode(Node("map", 2, 1, "default"));
  auto k = graph.AddNode(Node("sink", 2, 1, "sinks"));
  graph.Connect(s, m, runtime::PartitionerSpec::Rebalance());
  graph.Connect(m, k, runtime::PartitionerSpec::Forward());
  auto job = runtime::BuildJobGraph(graph);
  WEIR_CHECK_OK(job.status());
  return *job;
}

TEST(SlotAssignmentTest, GroupsShareSlotsAndFillTaskManagersInOrder) {
  const runtime::JobGraph job = ThreeVertexJob();
  ASSERT_EQ(job.vertices().size(), 3u);
  auto a = AssignSlots(job, {2, 2, 2});
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  // "default" needs 3 slots (TM0, TM0, TM1); "sinks" needs 2 (TM1, TM2).
  EXPECT_EQ(a->slots_per_task_manager, (std::vector<int32_t>{2, 2, 1}));
  EXPECT_EQ(a->placement[0], (std::vector<int32_t>{0, 0, 1}));
  EXPECT_EQ(a->placement[1], (std::vector<int32_t>{0, 0}));  // shares source's slots 0 and 1
  EXPECT_EQ(a->placement[2], (std::vector<int32_t>{1, 2}));
}

TEST(SlotAssignmentTest, OnDemandSlotsTakeEverything) {
  auto a = AssignSlots(ThreeVertexJob(), {kOnDemandSlots});
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ(a->slots_per_task_manager, (std::vector<int32_t>{5}));
}

TEST(SlotAssignmentTest, TooFewSlotsSaysWhatIsNeeded) {
  auto a = AssignSlots(ThreeVertexJob(), {2, 2});
  ASSERT_FALSE(a.ok());
  const std::string m = a.status().message();
  EXPECT_NE(m.find("needs 5 slots"), std::string::npos) << m;
  EXPECT_NE(m.find("default=3, sinks=2"), std::string::npos) << m;
  EXPECT_NE(m.find("4 free of 2 TaskManager(s)"), std::string::npos) << m;
  EXPECT_FALSE(AssignSlots(ThreeVertexJob(), {}).ok());
}

}  // namespace
}  // namespace weir::cluster
