// Tests of execution.runtime-mode: parsing and the job type it selects for a graph.
#include "weir/runtime/graph/runtime_mode.h"

#include <gtest/gtest.h>

#include "weir/runtime/graph/job_graph.h"
#include "weir/runtime/operators/basic_operators.h"

namespace weir::runtime {
namespace {

// source(s) → discard; `bounded` says which sources are bounded.
StreamGraph Graph(std::vector<bool> bounded) {
  StreamGraph graph("g");
  auto sink_spec = OperatorSpec{};
  sink_spec.name = "discard";
  sink_spec.factory = [](int32_t) -> Result<std::unique_ptr<Operator>> {
    return std::unique_ptr<Operator>(std::make_unique<DiscardingSink>());
  };
  auto sink = graph.AddNode(std::move(sink_spec));
  for (size_t i = 0; i < bounded.size(); ++i) {
    OperatorSpec source;
    source.name = "source-" + std::to_string(i);
    source.num_inputs = 0;
    source.bounded = bounded[i];
    source.factory = [](int32_t) -> Result<std::unique_ptr<Operator>> {
      return std::unique_ptr<Operator>(
          std::make_unique<ElementsSource>("s", std::vector<StreamElement>{}));
    };
    graph.Connect(graph.AddNode(std::move(source)), sink, PartitionerSpec::Forward());
  }
  return graph;
}

TEST(RuntimeModeTest, ParsesNamesIgnoringCase) {
  EXPECT_EQ(ParseRuntimeMode("batch"), RuntimeMode::kBatch);
  EXPECT_EQ(ParseRuntimeMode("Streaming"), RuntimeMode::kStreaming);
  EXPECT_EQ(ParseRuntimeMode("AUTOMATIC"), RuntimeMode::kAutomatic);
  EXPECT_FALSE(ParseRuntimeMode("stream").has_value());
  EXPECT_STREQ(RuntimeModeName(RuntimeMode::kBatch), "BATCH");

  config::Configuration config;
  auto mode = RuntimeModeFromConfiguration(config);
  ASSERT_TRUE(mode.ok());
  EXPECT_EQ(*mode, RuntimeMode::kStreaming);  // Flink's default
  config.SetString("execution.runtime-mode", "bulk");
  mode = RuntimeModeFromConfiguration(config);
  ASSERT_FALSE(mode.ok());
  EXPECT_NE(mode.status().message().find("execution.runtime-mode"), std::string::npos);
  EXPECT_NE(mode.status().message().find("'bulk'"), std::string::npos);
}

TEST(RuntimeModeTest, AutomaticIsBatchOnlyWhenEverySourceIsBounded) {
  EXPECT_EQ(*ResolveJobType(RuntimeMode::kAutomatic, Graph({true, true})), JobType::kBatch);
  EXPECT_EQ(*ResolveJobType(RuntimeMode::kAutomatic, Graph({true, false})), JobType::kStreaming);
  EXPECT_EQ(*ResolveJobType(RuntimeMode::kStreaming, Graph({true})), JobType::kStreaming);
  EXPECT_EQ(*ResolveJobType(RuntimeMode::kBatch, Graph({true})), JobType::kBatch);
}

TEST(RuntimeModeTest, BatchWithAnUnboundedSourceNamesTheSource) {
  auto type = ResolveJobType(RuntimeMode::kBatch, Graph({true, false}));
  ASSERT_FALSE(type.ok());
  EXPECT_NE(type.status().message().find("source-1"), std::string::npos)
      << type.status().ToString();

  StreamGraph graph = Graph({true});
  config::Configuration config;
  config.SetString("execution.runtime-mode", "batch");
  ASSERT_TRUE(ApplyRuntimeMode(config, &graph).ok());
  EXPECT_EQ(graph.job_type(), JobType::kBatch);
  auto job = BuildJobGraph(graph);
  ASSERT_TRUE(job.ok()) << job.status().ToString();
  EXPECT_EQ(job->job_type(), JobType::kBatch);
}

}  // namespace
}  // namespace weir::runtime
