// Tests of the mini-cluster: bounded jobs finish with the right output, cancel, failures.
#include "weir/cluster/minicluster/mini_cluster.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <set>

#include "weir/common/hash/key_hash.h"
#include "weir/runtime/graph/stream_graph.h"
#include "weir/runtime/operators/basic_operators.h"
#include "weir/runtime/state/key_group_range.h"
#include "weir/runtime/task/task_test_util.h"

namespace weir::cluster {
namespace {

using runtime::CollectedOutput;
using runtime::CollectingSink;
using runtime::ElementsSource;
using runtime::JobGraph;
using runtime::OperatorSpec;
using runtime::PartitionerSpec;
using runtime::SourcePoll;
using runtime::StreamElement;
using runtime::StreamGraph;
using runtime::testutil::Keys;
using runtime::testutil::SeqBatch;

config::Configuration TestConfig() {
  config::Configuration config;
  config.SetString("weir.worker-threads", "2");
  return config;
}

std::unique_ptr<MiniCluster> MakeCluster(const config::Configuration& config = TestConfig()) {
  Result<std::unique_ptr<MiniCluster>> cluster = MiniCluster::Make(config);
  WEIR_CHECK_OK(cluster.status());
  return std::move(*cluster);
}

// A map adding `delta` to column k; fails with "boom at <n>" when it sees key `fail_at`.
Result<RecordBatchPtr> AddDelta(const RecordBatchPtr& batch, int64_t delta, int64_t fail_at) {
  std::vector<int64_t> keys = Keys(*batch);
  for (int64_t k : keys) {
    if (k == fail_at) return Status::Invalid("boom at ", k);
  }
  auto builder =
      std::make_unique<FixedWidthBuilder<int64_t>>(LogicalType::BigInt(), DefaultMemoryPool());
  WEIR_RETURN_NOT_OK(builder->Reserve(static_cast<int64_t>(keys.size())));
  for (int64_t k : keys) builder->UnsafeAppend(k + delta);
  WEIR_ASSIGN_OR_RAISE(ColumnPtr column, builder->Finish());
  return std::make_shared<const RecordBatch>(runtime::testutil::KeySchema(),
                                             std::vector<ColumnPtr>{column}, batch->num_rows());
}

// Builds source(p) -> map(+delta) -> HASH(k) -> collecting sink(p); source subtask s emits
// keys [s * 10000, s * 10000 + batches * rows) in `batches` batches.
Result<JobGraph> BoundedJob(int32_t parallelism, int batches, int64_t rows,
                            const std::vector<std::shared_ptr<CollectedOutput>>& outs,
                            int64_t fail_at = -1,
                            runtime::JobType job_type = runtime::JobType::kStreaming) {
  StreamGraph graph("bounded");
  graph.set_job_type(job_type);
  OperatorSpec source;
  source.name = "source";
  source.uid = "source";
  source.parallelism = parallelism;
  source.num_inputs = 0;
  source.factory = [=](int32_t subtask) -> Result<std::unique_ptr<runtime::Operator>> {
    std::vector<StreamElement> elements;
    for (int b = 0; b < batches; ++b) {
      elements.push_back(StreamElement::Batch(SeqBatch(subtask * 10000 + b * rows, rows)));
    }
    return std::unique_ptr<runtime::Operator>(
        std::make_unique<ElementsSource>("source", std::move(elements)));
  };
  OperatorSpec map;
  map.name = "map";
  map.uid = "map";
  map.parallelism = parallelism;
  map.factory = [fail_at](int32_t) -> Result<std::unique_ptr<runtime::Operator>> {
    return runtime::MakeMap("map",
                            [fail_at](const RecordBatchPtr& b) { return AddDelta(b, 1, fail_at); });
  };
  OperatorSpec sink;
  sink.name = "sink";
  sink.uid = "sink";
  sink.parallelism = parallelism;
  sink.factory = [outs](int32_t subtask) -> Result<std::unique_ptr<runtime::Operator>> {
    return std::unique_ptr<runtime::Operator>(
        std::make_unique<CollectingSink>("sink", outs[static_cast<size_t>(subtask)]));
  };
  auto s = graph.AddNode(std::move(source));
  auto m = graph.AddNode(std::move(map));
  auto k = graph.AddNode(std::move(sink));
  graph.Connect(s, m, PartitionerSpec::Forward());
  graph.Connect(m, k, PartitionerSpec::Hash({0}));
  return runtime::BuildJobGraph(graph);
}

TEST(JobStatusTest, NamesAndTransitions) {
  EXPECT_STREQ(JobStatusName(JobStatus::kCreated), "CREATED");
  EXPECT_STREQ(JobStatusName(JobStatus::kCancelling), "CANCELLING");
  EXPECT_STREQ(JobStatusName(JobStatus::kCanceled), "CANCELED");
  EXPECT_TRUE(IsLegalJobTransition(JobStatus::kCreated, JobStatus::kRunning));
  EXPECT_TRUE(IsLegalJobTransition(JobStatus::kRunning, JobStatus::kFinished));
  EXPECT_TRUE(IsLegalJobTransition(JobStatus::kFailing, JobStatus::kFailed));
  EXPECT_FALSE(IsLegalJobTransition(JobStatus::kFinished, JobStatus::kRunning));
  EXPECT_FALSE(IsLegalJobTransition(JobStatus::kCreated, JobStatus::kFinished));
  EXPECT_FALSE(IsLegalJobTransition(JobStatus::kCancelling, JobStatus::kFailed));
  EXPECT_TRUE(IsTerminal(JobStatus::kFailed));
  EXPECT_FALSE(IsTerminal(JobStatus::kRestarting));
}

TEST(MiniClusterTest, BoundedHashExchangeJobFinishesWithAllRows) {
  auto cluster = MakeCluster();
  std::vector<std::shared_ptr<CollectedOutput>> outs = {std::make_shared<CollectedOutput>(),
                                                        std::make_shared<CollectedOutput>()};
  auto job = BoundedJob(2, 20, 100, outs);
  ASSERT_TRUE(job.ok()) << job.status().ToString();
  ASSERT_EQ(job->vertices().size(), 2u);  // source -> map chained; the sink after the hash
  auto client = cluster->SubmitJob(*job);
  ASSERT_TRUE(client.ok()) << client.status().ToString();
  auto result = client->WaitForResult(std::chrono::seconds(20));
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->status, JobStatus::kFinished) << result->failure.ToString();
  EXPECT_TRUE(result->failure.ok());
  EXPECT_EQ(client->Status(), JobStatus::kFinished);
  std::set<int64_t> seen;
  for (int c = 0; c < 2; ++c) {
    for (const auto& b : outs[c]->Batches()) {
      for (int64_t r = 0; r < b->num_rows(); ++r) {
        const uint64_t h = HashRow(*b, {0}, r);
        ASSERT_EQ(runtime::SubtaskForKeyGroup(128, 2, KeyGroupForHash(h, 128)), c);
        ASSERT_TRUE(seen.insert(b->column(0)->values<int64_t>()[r]).second);
      }
    }
    EXPECT_GT(outs[c]->num_rows(), 0);
  }
  ASSERT_EQ(seen.size(), 4000u);
  for (int s = 0; s < 2; ++s) {
    for (int64_t i = 0; i < 2000; ++i) EXPECT_EQ(seen.count(s * 10000 + i + 1), 1u);
  }
  for (const auto& task : client->execution().tasks()) {
    EXPECT_EQ(task->state(), runtime::TaskState::kFinished) << task->name();
  }
}

TEST(MiniClusterTest, BatchJobTakesNoCheckpointsOrSavepoints) {
  const std::string dir = ::testing::TempDir() + "/weir-batch-" + std::to_string(::getpid());
  config::Configuration config = TestConfig();
  config.SetString("execution.checkpointing.interval", "10 ms");
  config.SetString("execution.checkpointing.dir", dir);
  auto cluster = MakeCluster(config);
  std::vector<std::shared_ptr<CollectedOutput>> outs = {std::make_shared<CollectedOutput>(),
                                                        std::make_shared<CollectedOutput>()};
  auto job = BoundedJob(2, 200, 100, outs, -1, runtime::JobType::kBatch);
  ASSERT_TRUE(job.ok()) << job.status().ToString();
  auto client = cluster->SubmitJob(*job);
  ASSERT_TRUE(client.ok()) << client.status().ToString();
  EXPECT_TRUE(client->execution().batch());
  EXPECT_EQ(client->execution().checkpoint_coordinator(), nullptr);
  auto savepoint = client->TriggerSavepoint(dir + "/sp", std::chrono::seconds(5));
  ASSERT_FALSE(savepoint.ok());
  EXPECT_EQ(savepoint.status().code(), StatusCode::kNotSupported);
  EXPECT_NE(savepoint.status().message().find("BATCH"), std::string::npos);
  auto result = client->WaitForResult(std::chrono::seconds(20));
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->status, JobStatus::kFinished) << result->failure.ToString();
  EXPECT_EQ(outs[0]->num_rows() + outs[1]->num_rows(), 40000);
  for (const auto& out : outs) {
    EXPECT_EQ(out->Watermarks(), (std::vector<runtime::EventTime>{runtime::kMaxWatermark}));
  }
}

TEST(MiniClusterTest, TwoJobsRunSideBySide) {
  auto cluster = MakeCluster();
  std::vector<std::shared_ptr<CollectedOutput>> a = {std::make_shared<CollectedOutput>()};
  std::vector<std::shared_ptr<CollectedOutput>> b = {std::make_shared<CollectedOutput>()};
  auto job_a = BoundedJob(1, 5, 10, a);
  auto job_b = BoundedJob(1, 7, 10, b);
  ASSERT_TRUE(job_a.ok() && job_b.ok());
  auto ca = cluster->SubmitJob(*job_a);
  auto cb = cluster->SubmitJob(*job_b);
  ASSERT_TRUE(ca.ok() && cb.ok());
  EXPECT_NE(ca->job_id(), cb->job_id());
  auto ra = ca->WaitForResult(std::chrono::seconds(20));
  auto rb = cb->WaitForResult(std::chrono::seconds(20));
  ASSERT_TRUE(ra.ok() && rb.ok());
  EXPECT_EQ(ra->status, JobStatus::kFinished);
  EXPECT_EQ(rb->status, JobStatus::kFinished);
  EXPECT_EQ(a[0]->num_rows(), 50);
  EXPECT_EQ(b[0]->num_rows(), 70);
}

// An unbounded source: a batch of `rows` keys per poll, forever.
Result<JobGraph> UnboundedJob(int32_t parallelism, std::shared_ptr<std::atomic<int64_t>> polls) {
  StreamGraph graph("unbounded");
  OperatorSpec source;
  source.name = "source";
  source.uid = "source";
  source.parallelism = parallelism;
  source.num_inputs = 0;
  source.factory = [polls](int32_t) -> Result<std::unique_ptr<runtime::Operator>> {
    return runtime::MakeCallbackSource(
        "source", [polls, next = int64_t{0}](runtime::Output& out) mutable -> Result<SourcePoll> {
          polls->fetch_add(1);
          WEIR_RETURN_NOT_OK(out.Emit(SeqBatch(next, 16)));
          next += 16;
          return SourcePoll::kMoreAvailable;
        });
  };
  OperatorSpec sink;
  sink.name = "discard";
  sink.uid = "discard";
  sink.parallelism = parallelism;
  sink.factory = [](int32_t) -> Result<std::unique_ptr<runtime::Operator>> {
    return std::unique_ptr<runtime::Operator>(std::make_unique<runtime::DiscardingSink>());
  };
  auto s = graph.AddNode(std::move(source));
  auto k = graph.AddNode(std::move(sink));
  graph.Connect(s, k, PartitionerSpec::Hash({0}));
  return runtime::BuildJobGraph(graph);
}

TEST(MiniClusterTest, CancelStopsAnUnboundedJob) {
  auto cluster = MakeCluster();
  auto polls = std::make_shared<std::atomic<int64_t>>(0);
  auto job = UnboundedJob(2, polls);
  ASSERT_TRUE(job.ok()) << job.status().ToString();
  auto client = cluster->SubmitJob(*job);
  ASSERT_TRUE(client.ok()) << client.status().ToString();
  EXPECT_EQ(client->Status(), JobStatus::kRunning);
  // Still running after a while: the job never ends on its own.
  auto early = client->WaitForResult(std::chrono::milliseconds(200));
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.status().code(), StatusCode::kTimeout) << early.status().ToString();
  EXPECT_GT(polls->load(), 0);
  client->Cancel();
  auto result = client->WaitForResult(std::chrono::seconds(20));
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->status, JobStatus::kCanceled);
  for (const auto& task : client->execution().tasks()) {
    EXPECT_EQ(task->state(), runtime::TaskState::kCanceled) << task->name();
  }
  client->Cancel();  // idempotent on a terminal job
  EXPECT_EQ(client->Status(), JobStatus::kCanceled);
}

TEST(MiniClusterTest, FailingOperatorFailsTheJobWithItsMessage) {
  auto cluster = MakeCluster();
  std::vector<std::shared_ptr<CollectedOutput>> outs = {std::make_shared<CollectedOutput>(),
                                                        std::make_shared<CollectedOutput>()};
  auto job = BoundedJob(2, 50, 100, outs, /*fail_at=*/10000 + 1234);
  ASSERT_TRUE(job.ok());
  auto client = cluster->SubmitJob(*job);
  ASSERT_TRUE(client.ok());
  auto result = client->WaitForResult(std::chrono::seconds(20));
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->status, JobStatus::kFailed);
  EXPECT_NE(result->failure.ToString().find("boom at 11234"), std::string::npos)
      << result->failure.ToString();
  for (const auto& task : client->execution().tasks()) {
    EXPECT_TRUE(runtime::IsTerminal(task->state())) << task->name();
    EXPECT_NE(task->state(), runtime::TaskState::kRunning);
  }
}

TEST(MiniClusterTest, ClusterShutdownCancelsRunningJobs) {
  auto cluster = MakeCluster();
  auto polls = std::make_shared<std::atomic<int64_t>>(0);
  auto job = UnboundedJob(1, polls);
  ASSERT_TRUE(job.ok());
  auto client = cluster->SubmitJob(*job);
  ASSERT_TRUE(client.ok());
  cluster.reset();
  EXPECT_EQ(client->Status(), JobStatus::kCanceled);
}

TEST(MiniClusterTest, InvalidConfigurationIsRejected) {
  config::Configuration config;
  config.SetString("weir.worker-threads", "-3");
  auto cluster = MiniCluster::Make(config);
  EXPECT_FALSE(cluster.ok());
}

}  // namespace
}  // namespace weir::cluster

namespace weir::cluster {
namespace {

// Two TaskManagers with two slots each: a parallelism-4 job fills them in order, and its
// exchange crosses TaskManagers, each side drawing buffers from its own network pool.
TEST(MiniClusterTaskManagerTest, SubtasksSpreadOverTaskManagerSlots) {
  config::Configuration config = TestConfig();
  config.SetString("minicluster.number-of-taskmanagers", "2");
  config.SetString("taskmanager.numberOfTaskSlots", "2");
  auto cluster = MakeCluster(config);
  ASSERT_EQ(cluster->task_managers().size(), 2u);
  const int64_t tm0_limit = cluster->task_managers()[0].network->pool()->limit();
  EXPECT_EQ(tm0_limit, cluster->task_managers()[1].network->pool()->limit());
  EXPECT_EQ(tm0_limit, cluster->pools().network->limit() / 2);

  std::vector<std::shared_ptr<CollectedOutput>> outs;
  for (int i = 0; i < 4; ++i) outs.push_back(std::make_shared<CollectedOutput>());
  auto job = BoundedJob(4, 50, 100, outs);
  ASSERT_TRUE(job.ok()) << job.status().ToString();
  auto client = cluster->SubmitJob(*job);
  ASSERT_TRUE(client.ok()) << client.status().ToString();
  const JobExecution& execution = client->execution();
  EXPECT_EQ(execution.slots().slots_per_task_manager, (std::vector<int32_t>{2, 2}));
  for (size_t v = 0; v < job->vertices().size(); ++v) {
    EXPECT_EQ(execution.TaskManagerOf(v, 0), 0);
    EXPECT_EQ(execution.TaskManagerOf(v, 1), 0);
    EXPECT_EQ(execution.TaskManagerOf(v, 2), 1);
    EXPECT_EQ(execution.TaskManagerOf(v, 3), 1);
  }
  auto result = client->WaitForResult(std::chrono::seconds(30));
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  ASSERT_EQ(result->status, JobStatus::kFinished) << result->failure.ToString();
  int64_t rows = 0;
  for (const auto& out : outs) rows += out->num_rows();
  EXPECT_EQ(rows, 4 * 50 * 100);
  // Both TaskManagers' network pools were used (the exchange crossed them).
  EXPECT_GT(cluster->task_managers()[0].network->pool()->peak(), 0);
  EXPECT_GT(cluster->task_managers()[1].network->pool()->peak(), 0);
}

TEST(MiniClusterTaskManagerTest, JobsHoldSlotsUntilTheyEnd) {
  config::Configuration config = TestConfig();
  config.SetString("minicluster.number-of-taskmanagers", "2");
  config.SetString("taskmanager.numberOfTaskSlots", "1");
  auto cluster = MakeCluster(config);
  auto polls = std::make_shared<std::atomic<int64_t>>(0);
  auto job = UnboundedJob(2, polls);
  ASSERT_TRUE(job.ok());
  auto first = cluster->SubmitJob(*job);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  // Both slots are held by the first job.
  auto second = cluster->SubmitJob(*job);
  ASSERT_FALSE(second.ok());
  const std::string message = second.status().message();
  EXPECT_NE(message.find("needs 2 slots"), std::string::npos) << message;
  EXPECT_NE(message.find("0 free of 2 TaskManager(s)"), std::string::npos) << message;
  EXPECT_NE(message.find("taskmanager.numberOfTaskSlots"), std::string::npos) << message;
  first->Cancel();
  auto result = first->WaitForResult(std::chrono::seconds(20));
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->status, JobStatus::kCanceled);
  auto third = cluster->SubmitJob(*job);  // the slots are free again
  ASSERT_TRUE(third.ok()) << third.status().ToString();
  third->Cancel();
  ASSERT_TRUE(third->WaitForResult(std::chrono::seconds(20)).ok());
  // A job wider than the cluster never fits.
  auto wide = UnboundedJob(3, polls);
  ASSERT_TRUE(wide.ok());
  EXPECT_FALSE(cluster->SubmitJob(*wide).ok());
}

TEST(MiniClusterTaskManagerTest, BadTaskManagerOptionsAreRejected) {
  config::Configuration config = TestConfig();
  config.SetString("minicluster.number-of-taskmanagers", "0");
  auto cluster = MiniCluster::Make(config);
  ASSERT_FALSE(cluster.ok());
  EXPECT_NE(cluster.status().message().find("minicluster.number-of-taskmanagers"),
            std::string::npos);
  config = TestConfig();
  config.SetString("taskmanager.numberOfTaskSlots", "0");
  cluster = MiniCluster::Make(config);
  ASSERT_FALSE(cluster.ok());
  EXPECT_NE(cluster.status().message().find("taskmanager.numberOfTaskSlots"), std::string::npos);
}

}  // namespace
}  // namespace weir::cluster
