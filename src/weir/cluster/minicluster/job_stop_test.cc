// Tests of stop-with-savepoint on mini-cluster jobs: without drain the state (counts, timers,
// source positions) moves into the savepoint and a resumed job completes exactly once; with
// drain every pending timer fires and its output is committed before the job finishes.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <thread>

#include "weir/cluster/minicluster/mini_cluster.h"
#include "weir/common/batch/column_builder.h"
#include "weir/common/batch/value.h"
#include "weir/runtime/checkpoint/fs_checkpoint_storage.h"
#include "weir/runtime/graph/stream_graph.h"
#include "weir/runtime/state/keyed_state_backend.h"
#include "weir/runtime/state/state_context.h"
#include "weir/runtime/testkit/deterministic_source.h"
#include "weir/runtime/testkit/two_phase_commit_file_sink.h"
#include "weir/runtime/time/timer_service.h"

namespace weir::cluster {
namespace {

using runtime::OperatorSpec;
using runtime::PartitionerSpec;
using runtime::StreamGraph;

constexpr int64_t kEndOfTime = 1'000'000'000'000;  // the one event-time timer per key

SchemaPtr TotalSchema() {
  static const SchemaPtr schema = *Schema::Parse("key BIGINT, total BIGINT");
  return schema;
}

// Counts rows per key and emits (key, count) only when the key's event-time timer fires —
// which here is only at watermark +inf (end of input or drain).
class CountAtEndOfTime final : public runtime::Operator, public runtime::Triggerable {
 public:
  std::string name() const override { return "count-at-end"; }
  Status InitializeState(runtime::StateInitializationContext& ctx) override {
    if (ctx.keyed_state_backend() == nullptr) return Status::Invalid("count-at-end not keyed");
    runtime::KeyedStateBackend* backend = ctx.keyed_state_backend();
    WEIR_ASSIGN_OR_RAISE(count_,
                         backend->GetValueState(runtime::ValueStateDescriptor<int64_t>("count")));
    WEIR_ASSIGN_OR_RAISE(key_,
                         backend->GetValueState(runtime::ValueStateDescriptor<int64_t>("key")));
    WEIR_ASSIGN_OR_RAISE(timers_,
                         ctx.timer_service_manager()->GetInternalTimerService("end", this));
    return Status::OK();
  }
  Status ProcessBatch(int /*input*/, const RecordBatchPtr& batch) override {
    const int64_t* keys = batch->column(0)->values<int64_t>();
    for (int64_t i = 0; i < batch->num_rows(); ++i) {
      WEIR_RETURN_NOT_OK(context_->keyed_state->SetCurrentKeyValues({Value(keys[i])}));
      const int64_t* c = count_->Get();
      if (c == nullptr) {
        WEIR_RETURN_NOT_OK(key_->Update(keys[i]));
        WEIR_RETURN_NOT_OK(timers_->RegisterEventTimeTimer("", kEndOfTime));
      }
      WEIR_RETURN_NOT_OK(count_->Update(c == nullptr ? 1 : *c + 1));
    }
    return Status::OK();
  }
  Status OnEventTime(const runtime::InternalTimer& /*timer*/) override {
    FixedWidthBuilder<int64_t> k(LogicalType::BigInt(), context_->memory_pool);
    FixedWidthBuilder<int64_t> n(LogicalType::BigInt(), context_->memory_pool);
    WEIR_RETURN_NOT_OK(k.Append(*key_->Get()));
    WEIR_RETURN_NOT_OK(n.Append(*count_->Get()));
    WEIR_ASSIGN_OR_RAISE(ColumnPtr kc, k.Finish());
    WEIR_ASSIGN_OR_RAISE(ColumnPtr nc, n.Finish());
    return context_->output->Emit(
        std::make_shared<const RecordBatch>(TotalSchema(), std::vector<ColumnPtr>{kc, nc}, 1));
  }
  Status OnProcessingTime(const runtime::InternalTimer& /*timer*/) override {
    return Status::OK();
  }

 private:
  runtime::ValueState<int64_t>* count_ = nullptr;
  runtime::ValueState<int64_t>* key_ = nullptr;
  runtime::InternalTimerService* timers_ = nullptr;
};

constexpr int64_t kRecords = 60'000;
constexpr int64_t kKeys = 12;

// source (2) → hash → count-at-end (2) → forward → two-phase file sink (2).
Result<runtime::JobGraph> CountJob(const std::string& output_dir, double records_per_second) {
  StreamGraph graph("count at end of time");
  OperatorSpec source;
  source.name = "source";
  source.uid = "source";
  source.parallelism = 2;
  source.num_inputs = 0;
  runtime::testkit::DeterministicSourceOptions options;
  options.num_records = kRecords;
  options.num_keys = kKeys;
  options.batch_size = 100;
  options.records_per_second = records_per_second;
  source.factory = [options](int32_t) -> Result<std::unique_ptr<runtime::Operator>> {
    return std::unique_ptr<runtime::Operator>(
        std::make_unique<runtime::testkit::DeterministicSource>(options));
  };
  OperatorSpec count;
  count.name = "count";
  count.uid = "count";
  count.parallelism = 2;
  count.keyed = true;
  count.key_columns = {{0}};
  count.key_types = {LogicalType::BigInt()};
  count.factory = [](int32_t) -> Result<std::unique_ptr<runtime::Operator>> {
    return std::unique_ptr<runtime::Operator>(std::make_unique<CountAtEndOfTime>());
  };
  OperatorSpec sink;
  sink.name = "sink";
  sink.uid = "sink";
  sink.parallelism = 2;
  sink.factory = [output_dir](int32_t) -> Result<std::unique_ptr<runtime::Operator>> {
    return std::unique_ptr<runtime::Operator>(
        std::make_unique<runtime::testkit::TwoPhaseCommitFileSink>(output_dir));
  };
  auto s = graph.AddNode(std::move(source));
  auto c = graph.AddNode(std::move(count));
  auto k = graph.AddNode(std::move(sink));
  graph.Connect(s, c, PartitionerSpec::Hash({0}));
  graph.Connect(c, k, PartitionerSpec::Forward());
  return runtime::BuildJobGraph(graph);
}

std::string FreshDir(const std::string& name) {
  std::filesystem::path dir = std::filesystem::path(::testing::TempDir()) /
                              ("weir-stop-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir.string();
}

// Parses committed rows "+I[k, n]" into key → total.
std::map<int64_t, int64_t> Totals(const std::vector<std::string>& rows) {
  std::map<int64_t, int64_t> totals;
  for (const std::string& row : rows) {
    long long k = 0;
    long long n = 0;
    EXPECT_EQ(std::sscanf(row.c_str(), "+I[%lld, %lld]", &k, &n), 2) << row;
    EXPECT_EQ(totals.count(k), 0u) << "key " << k << " committed twice";
    totals[k] = n;
  }
  return totals;
}

config::Configuration TwoWorkers() {
  config::Configuration config;
  config.SetString("weir.worker-threads", "2");
  return config;
}

// Runs the rate-limited job for a moment, then stops it with a savepoint (retrying while its
// tasks are still being deployed); checks it ended FINISHED and returns the loaded savepoint.
Result<runtime::LoadedCheckpoint> RunThenStop(const std::string& dir, bool drain) {
  WEIR_ASSIGN_OR_RAISE(auto cluster, MiniCluster::Make(TwoWorkers()));
  WEIR_ASSIGN_OR_RAISE(auto job, CountJob(dir + "/out", /*records_per_second=*/20'000));
  WEIR_ASSIGN_OR_RAISE(JobClient client, cluster->SubmitJob(job, JobSubmitOptions{}));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (true) {
    Result<std::string> path =
        client.StopWithSavepoint(dir + "/savepoints", drain, std::chrono::seconds(20));
    if (path.ok()) {
      if (client.Status() != JobStatus::kFinished) {
        return Status::Internal("job is ", JobStatusName(client.Status()), " after the stop");
      }
      return runtime::LoadCheckpoint(*path);
    }
    if (std::chrono::steady_clock::now() > deadline || client.Status() != JobStatus::kRunning) {
      return path.status();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

TEST(JobStopTest, StopWithoutDrainKeepsStateAndTheResumedJobCompletesExactlyOnce) {
  const std::string dir = FreshDir("no-drain");
  auto loaded = RunThenStop(dir, /*drain=*/false);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_TRUE(std::filesystem::exists(std::filesystem::path(loaded->directory) / "_metadata"));
  EXPECT_EQ(loaded->metadata.kind, runtime::SnapshotKind::kSavepointSuspend);
  const runtime::OperatorStateMetadata* count = loaded->metadata.FindOperator("count");
  ASSERT_NE(count, nullptr);
  EXPECT_FALSE(count->FullyFinished());
  // Without drain no timer fired: nothing was emitted, nothing committed.
  auto committed = runtime::testkit::ReadCommittedOutput(dir + "/out");
  ASSERT_TRUE(committed.ok()) << committed.status().ToString();
  EXPECT_TRUE(committed->empty());

  // The resumed job restores counts, timers and source positions and runs to the end.
  config::Configuration resume_config = TwoWorkers();
  resume_config.SetString("execution.checkpointing.interval", "100 ms");
  resume_config.SetString("execution.checkpointing.dir", dir + "/checkpoints");
  auto resume_cluster = MiniCluster::Make(resume_config);
  ASSERT_TRUE(resume_cluster.ok()) << resume_cluster.status().ToString();
  auto resumed_job = CountJob(dir + "/out", 0);
  ASSERT_TRUE(resumed_job.ok());
  JobSubmitOptions options;
  options.restore_path = loaded->directory;
  auto resumed = (*resume_cluster)->SubmitJob(*resumed_job, options);
  ASSERT_TRUE(resumed.ok()) << resumed.status().ToString();
  auto result = resumed->WaitForResult(std::chrono::seconds(60));
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  ASSERT_EQ(result->status, JobStatus::kFinished) << result->failure.ToString();
  committed = runtime::testkit::ReadCommittedOutput(dir + "/out");
  ASSERT_TRUE(committed.ok());
  const std::map<int64_t, int64_t> totals = Totals(*committed);
  ASSERT_EQ(totals.size(), static_cast<size_t>(kKeys));
  for (const auto& [key, n] : totals) EXPECT_EQ(n, kRecords / kKeys) << "key " << key;
  std::filesystem::remove_all(dir);
}

TEST(JobStopTest, StopWithDrainFiresTimersAndCommitsTheirOutput) {
  const std::string dir = FreshDir("drain");
  auto loaded = RunThenStop(dir, /*drain=*/true);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ(loaded->metadata.kind, runtime::SnapshotKind::kSavepointTerminate);
  const runtime::OperatorStateMetadata* count = loaded->metadata.FindOperator("count");
  ASSERT_NE(count, nullptr);
  EXPECT_TRUE(count->FullyFinished());
  // Drain fired every key's timer; the savepoint's completion committed the rows.
  auto committed = runtime::testkit::ReadCommittedOutput(dir + "/out");
  ASSERT_TRUE(committed.ok()) << committed.status().ToString();
  const std::map<int64_t, int64_t> totals = Totals(*committed);
  ASSERT_EQ(totals.size(), static_cast<size_t>(kKeys));
  int64_t sum = 0;
  for (const auto& [key, n] : totals) sum += n;
  EXPECT_GT(sum, 0);
  EXPECT_LT(sum, kRecords);  // stopped long before the rate-limited source could end
  std::filesystem::remove_all(dir);
}

TEST(JobStopTest, StoppingAJobThatIsNotRunningIsAnError) {
  const std::string dir = FreshDir("not-running");
  auto cluster = MiniCluster::Make(TwoWorkers());
  ASSERT_TRUE(cluster.ok()) << cluster.status().ToString();
  auto job = CountJob(dir + "/out", 0);
  ASSERT_TRUE(job.ok());
  auto client = (*cluster)->SubmitJob(*job, JobSubmitOptions{});
  ASSERT_TRUE(client.ok());
  auto result = client->WaitForResult(std::chrono::seconds(60));
  ASSERT_TRUE(result.ok());
  ASSERT_EQ(result->status, JobStatus::kFinished) << result->failure.ToString();
  auto stopped = client->StopWithSavepoint(dir + "/savepoints", false, std::chrono::seconds(5));
  ASSERT_FALSE(stopped.ok());
  EXPECT_NE(stopped.status().message().find("not RUNNING"), std::string::npos)
      << stopped.status().ToString();
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace weir::cluster
