// End-to-end exactly-once tests: source → keyed running count → two-phase sink under failures.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "weir/cluster/minicluster/mini_cluster.h"
#include "weir/common/batch/column_builder.h"
#include "weir/common/batch/value.h"
#include "weir/common/str_cat.h"
#include "weir/runtime/graph/stream_graph.h"
#include "weir/runtime/state/keyed_state_backend.h"
#include "weir/runtime/state/state_context.h"
#include "weir/runtime/testkit/deterministic_source.h"
#include "weir/runtime/testkit/failure_injector.h"
#include "weir/runtime/testkit/two_phase_commit_file_sink.h"

namespace weir::cluster {
namespace {

using runtime::OperatorSpec;
using runtime::PartitionerSpec;
using runtime::StreamGraph;

SchemaPtr CountSchema() {
  static const SchemaPtr schema = *Schema::Parse("key BIGINT, cnt BIGINT");
  return schema;
}

// For each row (key in column 0) increments the key's count in ValueState "count" and emits
// a row (key, count).
class RunningCount final : public runtime::Operator {
 public:
  std::string name() const override { return "running-count"; }
  Status InitializeState(runtime::StateInitializationContext& ctx) override {
    if (ctx.keyed_state_backend() == nullptr) return Status::Invalid("running count not keyed");
    WEIR_ASSIGN_OR_RAISE(count_, ctx.keyed_state_backend()->GetValueState(
                                     runtime::ValueStateDescriptor<int64_t>("count")));
    return Status::OK();
  }
  Status ProcessBatch(int /*input*/, const RecordBatchPtr& batch) override {
    const int64_t n = batch->num_rows();
    const int64_t* keys = batch->column(0)->values<int64_t>();
    FixedWidthBuilder<int64_t> key_out(LogicalType::BigInt(), context_->memory_pool);
    FixedWidthBuilder<int64_t> cnt_out(LogicalType::BigInt(), context_->memory_pool);
    WEIR_RETURN_NOT_OK(key_out.Reserve(n));
    WEIR_RETURN_NOT_OK(cnt_out.Reserve(n));
    for (int64_t i = 0; i < n; ++i) {
      WEIR_RETURN_NOT_OK(context_->keyed_state->SetCurrentKeyValues({Value(keys[i])}));
      const int64_t* v = count_->Get();
      const int64_t next = v == nullptr ? 1 : *v + 1;
      WEIR_RETURN_NOT_OK(count_->Update(next));
      key_out.UnsafeAppend(keys[i]);
      cnt_out.UnsafeAppend(next);
    }
    WEIR_ASSIGN_OR_RAISE(ColumnPtr k, key_out.Finish());
    WEIR_ASSIGN_OR_RAISE(ColumnPtr c, cnt_out.Finish());
    return context_->output->Emit(
        std::make_shared<const RecordBatch>(CountSchema(), std::vector<ColumnPtr>{k, c}, n));
  }

 private:
  runtime::ValueState<int64_t>* count_ = nullptr;
};

struct JobShape {
  int64_t num_records = 0;
  int64_t num_keys = 0;
  int32_t source_parallelism = 4;
  int32_t parallelism = 4;  // count, failure injector and sink
  std::string output_dir;
  double records_per_second = 0;                            // per source subtask; 0: unlimited
  std::shared_ptr<runtime::testkit::FailureBudget> budget;  // null: no failures
  double failure_probability = 0;
  uint64_t seed = 0;
};

Result<runtime::JobGraph> RunningCountJob(const JobShape& shape) {
  StreamGraph graph("exactly-once running count");
  OperatorSpec source;
  source.name = "source";
  source.uid = "source";
  source.parallelism = shape.source_parallelism;
  source.num_inputs = 0;
  runtime::testkit::DeterministicSourceOptions source_options;
  source_options.num_records = shape.num_records;
  source_options.num_keys = shape.num_keys;
  source_options.batch_size = 1000;
  source_options.records_per_second = shape.records_per_second;
  source.factory = [source_options](int32_t) -> Result<std::unique_ptr<runtime::Operator>> {
    return std::unique_ptr<runtime::Operator>(
        std::make_unique<runtime::testkit::DeterministicSource>(source_options));
  };
  OperatorSpec count;
  count.name = "count";
  count.uid = "count";
  count.parallelism = shape.parallelism;
  count.keyed = true;
  count.key_columns = {{0}};
  count.key_types = {LogicalType::BigInt()};
  count.factory = [](int32_t) -> Result<std::unique_ptr<runtime::Operator>> {
    return std::unique_ptr<runtime::Operator>(std::make_unique<RunningCount>());
  };
  OperatorSpec injector;
  injector.name = "injector";
  injector.uid = "injector";
  injector.parallelism = shape.parallelism;
  runtime::testkit::FailureInjectorOptions injector_options;
  injector_options.probability = shape.budget != nullptr ? shape.failure_probability : 0;
  injector_options.seed = shape.seed;
  injector_options.budget = shape.budget;
  // Only subtask 0 fails, so every injected failure is its own restart (two subtasks failing
  // in the same attempt would cost one restart for two failures).
  injector_options.subtask = 0;
  injector.factory = [injector_options](int32_t) -> Result<std::unique_ptr<runtime::Operator>> {
    return std::unique_ptr<runtime::Operator>(
        std::make_unique<runtime::testkit::FailureInjector>(injector_options));
  };
  OperatorSpec sink;
  sink.name = "sink";
  sink.uid = "sink";
  sink.parallelism = shape.parallelism;
  const std::string dir = shape.output_dir;
  sink.factory = [dir](int32_t) -> Result<std::unique_ptr<runtime::Operator>> {
    return std::unique_ptr<runtime::Operator>(
        std::make_unique<runtime::testkit::TwoPhaseCommitFileSink>(dir));
  };
  auto s = graph.AddNode(std::move(source));
  auto c = graph.AddNode(std::move(count));
  auto f = graph.AddNode(std::move(injector));
  auto k = graph.AddNode(std::move(sink));
  graph.Connect(s, c, PartitionerSpec::Hash({0}));
  graph.Connect(c, f, PartitionerSpec::Forward());
  graph.Connect(f, k, PartitionerSpec::Forward());
  return runtime::BuildJobGraph(graph);
}

std::string FreshDir(const std::string& name) {
  std::filesystem::path dir = std::filesystem::path(::testing::TempDir()) /
                              ("weir-e2e-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir.string();
}

config::Configuration CheckpointingConfig(const std::string& checkpoint_dir,
                                          const std::string& interval) {
  config::Configuration config;
  config.SetString("weir.worker-threads", "2");
  config.SetString("execution.checkpointing.interval", interval);
  config.SetString("execution.checkpointing.dir", checkpoint_dir);
  config.SetString("restart-strategy.type", "fixed-delay");
  config.SetString("restart-strategy.fixed-delay.attempts", "1000");
  config.SetString("restart-strategy.fixed-delay.delay", "5 ms");
  return config;
}

// The committed output every correct run must produce: for each key k, the rows
// "+I[k, 1]" .. "+I[k, n_k]" exactly once (sorted like ReadCommittedOutput).
std::vector<std::string> ExpectedOutput(int64_t num_records, int64_t num_keys) {
  std::vector<std::string> rows;
  rows.reserve(static_cast<size_t>(num_records));
  for (int64_t k = 0; k < num_keys; ++k) {
    const int64_t n = num_records / num_keys + (k < num_records % num_keys ? 1 : 0);
    for (int64_t c = 1; c <= n; ++c) rows.push_back(StrCat("+I[", k, ", ", c, "]"));
  }
  std::sort(rows.begin(), rows.end());
  return rows;
}

// Runs the job to the end and returns its result.
Result<JobResult> RunToEnd(const config::Configuration& config, const JobShape& shape) {
  WEIR_ASSIGN_OR_RAISE(auto cluster, MiniCluster::Make(config));
  WEIR_ASSIGN_OR_RAISE(auto job, RunningCountJob(shape));
  WEIR_ASSIGN_OR_RAISE(auto client, cluster->SubmitJob(job, JobSubmitOptions{}));
  return client.WaitForResult(std::chrono::minutes(3));
}

TEST(FinalCheckpointTest, BoundedJobCommitsEverythingAndFinishes) {
  const std::string dir = FreshDir("final");
  JobShape shape;
  shape.num_records = 10000;
  shape.num_keys = 37;
  shape.source_parallelism = 2;
  shape.parallelism = 2;
  shape.output_dir = dir + "/out";
  std::filesystem::create_directories(shape.output_dir);
  // An interval far longer than the job: only the final checkpoint can commit the output.
  const auto start = std::chrono::steady_clock::now();
  auto result = RunToEnd(CheckpointingConfig(dir + "/chk", "1 h"), shape);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->status, JobStatus::kFinished) << result->failure.ToString();
  EXPECT_LT(elapsed, std::chrono::seconds(30));
  auto committed = runtime::testkit::ReadCommittedOutput(shape.output_dir);
  ASSERT_TRUE(committed.ok()) << committed.status().ToString();
  EXPECT_EQ(*committed, ExpectedOutput(shape.num_records, shape.num_keys));
  std::filesystem::remove_all(dir);
}

// Issue 3 acceptance: 2,000,000 records through source → hash exchange → keyed running count
// (parallelism 4) → two-phase file sink with 20 injected failures at random points; the
// committed output equals the failure-free output (no loss, no duplicates).
TEST(ExactlyOnceTest, TwoMillionRecordsTwentyFailures) {
  constexpr int64_t kRecords = 2'000'000;
  constexpr int64_t kKeys = 1000;
  constexpr int64_t kFailures = 20;
  const std::string dir = FreshDir("2m");
  JobShape shape;
  shape.num_records = kRecords;
  shape.num_keys = kKeys;
  shape.output_dir = dir + "/out";
  shape.budget = std::make_shared<runtime::testkit::FailureBudget>(kFailures);
  // About one failure per 20 batches of injector subtask 0.
  shape.failure_probability = 0.05;
  shape.seed = 20261121;
  std::filesystem::create_directories(shape.output_dir);
  const auto start = std::chrono::steady_clock::now();
  auto result = RunToEnd(CheckpointingConfig(dir + "/chk", "50 ms"), shape);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->status, JobStatus::kFinished) << result->failure.ToString();
  EXPECT_EQ(shape.budget->injected(), kFailures);
  EXPECT_EQ(result->restarts, kFailures);
  auto committed = runtime::testkit::ReadCommittedOutput(shape.output_dir);
  ASSERT_TRUE(committed.ok()) << committed.status().ToString();
  ASSERT_EQ(committed->size(), static_cast<size_t>(kRecords));
  EXPECT_TRUE(*committed == ExpectedOutput(kRecords, kKeys));
  std::cout << "[exactly-once] " << kRecords << " records, " << result->restarts << " restarts, "
            << seconds << " s\n";
  std::filesystem::remove_all(dir);
}

// Issue 3 acceptance, rescaling: a parallelism-2 job takes a savepoint mid-run and is
// canceled; the job resumes from it with every operator at parallelism 3: keyed state moves by
// key group, and the deterministic source's twelve splits (list state, one entry per split)
// are spread over three subtasks, each continuing where the savepoint left it. The committed
// output equals the failure-free output.
TEST(ExactlyOnceTest, SavepointRestoreRescalesTwoToThree) {
  constexpr int64_t kRecords = 400'000;
  constexpr int64_t kKeys = 1000;
  const std::string dir = FreshDir("rescale");
  JobShape shape;
  shape.num_records = kRecords;
  shape.num_keys = kKeys;
  shape.source_parallelism = 2;
  shape.parallelism = 2;
  shape.output_dir = dir + "/out";
  shape.records_per_second = 100'000;  // two seconds for the whole input
  std::filesystem::create_directories(shape.output_dir);

  std::string savepoint;
  {
    // No periodic checkpoints: only the savepoint commits output of the first run.
    config::Configuration config;
    config.SetString("weir.worker-threads", "2");
    config.SetString("execution.checkpointing.dir", dir + "/chk");
    auto cluster = MiniCluster::Make(config);
    ASSERT_TRUE(cluster.ok()) << cluster.status().ToString();
    auto job = RunningCountJob(shape);
    ASSERT_TRUE(job.ok()) << job.status().ToString();
    auto client = (*cluster)->SubmitJob(*job, JobSubmitOptions{});
    ASSERT_TRUE(client.ok()) << client.status().ToString();
    std::this_thread::sleep_for(std::chrono::milliseconds(400));
    auto path = client->TriggerSavepoint(dir + "/savepoints", std::chrono::seconds(30));
    ASSERT_TRUE(path.ok()) << path.status().ToString();
    savepoint = *path;
    client->Cancel();
    auto result = client->WaitForResult(std::chrono::seconds(30));
    ASSERT_TRUE(result.ok()) << result.status().ToString();
    EXPECT_EQ(result->status, JobStatus::kCanceled);
  }
  auto partial = runtime::testkit::ReadCommittedOutput(shape.output_dir);
  ASSERT_TRUE(partial.ok()) << partial.status().ToString();
  EXPECT_LT(partial->size(), static_cast<size_t>(kRecords));  // really mid-run
  std::cout << "[rescale] committed before the restore: " << partial->size() << " rows\n";

  shape.source_parallelism = 3;
  shape.parallelism = 3;
  shape.records_per_second = 0;
  auto cluster = MiniCluster::Make(CheckpointingConfig(dir + "/chk2", "50 ms"));
  ASSERT_TRUE(cluster.ok()) << cluster.status().ToString();
  auto job = RunningCountJob(shape);
  ASSERT_TRUE(job.ok()) << job.status().ToString();
  JobSubmitOptions options;
  options.restore_path = savepoint;
  auto client = (*cluster)->SubmitJob(*job, options);
  ASSERT_TRUE(client.ok()) << client.status().ToString();
  auto result = client->WaitForResult(std::chrono::minutes(2));
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->status, JobStatus::kFinished) << result->failure.ToString();
  auto committed = runtime::testkit::ReadCommittedOutput(shape.output_dir);
  ASSERT_TRUE(committed.ok()) << committed.status().ToString();
  ASSERT_EQ(committed->size(), static_cast<size_t>(kRecords));
  EXPECT_TRUE(*committed == ExpectedOutput(kRecords, kKeys));
  cluster->reset();
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace weir::cluster
