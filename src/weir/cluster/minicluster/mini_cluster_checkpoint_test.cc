// Tests of checkpointing in mini-cluster jobs: periodic checkpoints, restarts from them.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

#include "weir/cluster/minicluster/mini_cluster.h"
#include "weir/common/batch/value.h"
#include "weir/runtime/checkpoint/fs_checkpoint_storage.h"
#include "weir/runtime/graph/stream_graph.h"
#include "weir/runtime/operators/basic_operators.h"
#include "weir/runtime/state/keyed_state_backend.h"
#include "weir/runtime/state/operator_state_backend.h"
#include "weir/runtime/state/state_context.h"
#include "weir/runtime/task/task_test_util.h"

namespace weir::cluster {
namespace {

using runtime::OperatorSpec;
using runtime::PartitionerSpec;
using runtime::SourcePoll;
using runtime::StreamGraph;
using runtime::testutil::Keys;
using runtime::testutil::SeqBatch;

// Counts rows per key (column 0) in keyed value state "count".
class KeyedCount final : public runtime::Operator {
 public:
  std::string name() const override { return "count"; }
  Status InitializeState(runtime::StateInitializationContext& ctx) override {
    if (ctx.keyed_state_backend() == nullptr) return Status::Invalid("count is not keyed");
    WEIR_ASSIGN_OR_RAISE(count_, ctx.keyed_state_backend()->GetValueState(
                                     runtime::ValueStateDescriptor<int64_t>("count")));
    return Status::OK();
  }
  Status ProcessBatch(int /*input*/, const RecordBatchPtr& batch) override {
    for (int64_t k : Keys(*batch)) {
      WEIR_RETURN_NOT_OK(context_->keyed_state->SetCurrentKeyValues({Value(k)}));
      const int64_t* v = count_->Get();
      WEIR_RETURN_NOT_OK(count_->Update(v == nullptr ? 1 : *v + 1));
    }
    return Status::OK();
  }

 private:
  runtime::ValueState<int64_t>* count_ = nullptr;
};

std::string FreshDir(const std::string& name) {
  std::filesystem::path dir = std::filesystem::path(::testing::TempDir()) /
                              ("weir-mini-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir.string();
}

Result<runtime::JobGraph> KeyedCountJob() {
  StreamGraph graph("keyed count");
  OperatorSpec source;
  source.name = "source";
  source.uid = "source";
  source.parallelism = 2;
  source.num_inputs = 0;
  source.factory = [](int32_t) -> Result<std::unique_ptr<runtime::Operator>> {
    return runtime::MakeCallbackSource(
        "source", [next = int64_t{0}](runtime::Output& out) mutable -> Result<SourcePoll> {
          auto batch = SeqBatch(next % 64, 16);  // keys cycle through [0, 80)
          next += 16;
          WEIR_RETURN_NOT_OK(out.Emit(std::move(batch)));
          return SourcePoll::kMoreAvailable;
        });
  };
  OperatorSpec count;
  count.name = "count";
  count.uid = "count";
  count.parallelism = 2;
  count.keyed = true;
  count.key_columns = {{0}};
  count.factory = [](int32_t) -> Result<std::unique_ptr<runtime::Operator>> {
    return std::unique_ptr<runtime::Operator>(std::make_unique<KeyedCount>());
  };
  auto s = graph.AddNode(std::move(source));
  auto c = graph.AddNode(std::move(count));
  graph.Connect(s, c, PartitionerSpec::Hash({0}));
  return runtime::BuildJobGraph(graph);
}

JobSubmitOptions BigIntKeys() {
  JobSubmitOptions options;
  options.key_types = [](const std::string&) -> Result<std::vector<LogicalType>> {
    return std::vector<LogicalType>{LogicalType::BigInt()};
  };
  return options;
}

TEST(MiniClusterCheckpointTest, UnboundedKeyedJobCompletesPeriodicCheckpoints) {
  const std::string dir = FreshDir("chk");
  config::Configuration config;
  config.SetString("weir.worker-threads", "2");
  config.SetString("execution.checkpointing.interval", "100 ms");
  config.SetString("execution.checkpointing.dir", dir);
  config.SetString("execution.checkpointing.num-retained", "2");
  auto cluster = MiniCluster::Make(config);
  ASSERT_TRUE(cluster.ok()) << cluster.status().ToString();
  auto job = KeyedCountJob();
  ASSERT_TRUE(job.ok()) << job.status().ToString();
  auto client = (*cluster)->SubmitJob(*job, BigIntKeys());
  ASSERT_TRUE(client.ok()) << client.status().ToString();
  auto coordinator = client->execution().checkpoint_coordinator();
  ASSERT_NE(coordinator, nullptr);

  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (coordinator->Stats().num_completed < 3 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  const runtime::CheckpointStatsSnapshot stats = coordinator->Stats();
  ASSERT_GE(stats.num_completed, 3) << stats.ToText();
  EXPECT_EQ(client->Status(), JobStatus::kRunning);
  ASSERT_TRUE(stats.latest_completed.has_value());

  runtime::CompletedCheckpointPtr latest = coordinator->LatestCompletedCheckpoint();
  ASSERT_NE(latest, nullptr);
  EXPECT_TRUE(std::filesystem::exists(latest->metadata_path)) << latest->metadata_path;
  EXPECT_EQ(std::filesystem::path(latest->metadata_path).filename(), "_metadata");
  const std::string job_dir = client->execution().checkpoint_storage()->job_directory();
  EXPECT_EQ(std::filesystem::path(latest->directory).parent_path(), std::filesystem::path(job_dir));
  auto ids = client->execution().checkpoint_storage()->ListCompletedCheckpointIds();
  ASSERT_TRUE(ids.ok()) << ids.status().ToString();
  EXPECT_FALSE(ids->empty());
  EXPECT_LE(ids->size(), 2u + 1u);  // retention (one may be completing right now)

  const runtime::OperatorStateMetadata* counted = latest->metadata.FindOperator("count");
  ASSERT_NE(counted, nullptr);
  EXPECT_EQ(counted->parallelism, 2);
  ASSERT_EQ(counted->subtasks.size(), 2u);
  EXPECT_TRUE(counted->HasKeyedState());
  for (const auto& subtask : counted->subtasks) {
    ASSERT_FALSE(subtask.keyed.empty());
    EXPECT_GT(subtask.keyed[0].stream.size, 0);
  }
  EXPECT_GT(counted->StateSize(), 0);

  client->Cancel();
  auto result = client->WaitForResult(std::chrono::seconds(20));
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->status, JobStatus::kCanceled);
  cluster->reset();
  std::filesystem::remove_all(dir);
}

TEST(MiniClusterCheckpointTest, IntervalWithoutDirectoryIsRejected) {
  config::Configuration config;
  config.SetString("weir.worker-threads", "1");
  config.SetString("execution.checkpointing.interval", "100 ms");
  auto cluster = MiniCluster::Make(config);
  ASSERT_TRUE(cluster.ok()) << cluster.status().ToString();
  auto job = KeyedCountJob();
  ASSERT_TRUE(job.ok());
  auto client = (*cluster)->SubmitJob(*job, BigIntKeys());
  ASSERT_FALSE(client.ok());
  EXPECT_NE(client.status().message().find("execution.checkpointing.dir"), std::string::npos)
      << client.status().ToString();
}

TEST(MiniClusterCheckpointTest, UnalignedCheckpointsAreRejectedByName) {
  config::Configuration config;
  config.SetString("weir.worker-threads", "1");
  config.SetString("execution.checkpointing.interval", "100 ms");
  config.SetString("execution.checkpointing.unaligned.enabled", "true");
  auto cluster = MiniCluster::Make(config);
  ASSERT_TRUE(cluster.ok()) << cluster.status().ToString();
  auto job = KeyedCountJob();
  ASSERT_TRUE(job.ok());
  auto client = (*cluster)->SubmitJob(*job, BigIntKeys());
  ASSERT_FALSE(client.ok());
  EXPECT_TRUE(client.status().IsNotSupported()) << client.status().ToString();
  EXPECT_NE(client.status().message().find("execution.checkpointing.unaligned.enabled"),
            std::string::npos)
      << client.status().ToString();
}

TEST(MiniClusterCheckpointTest, KeyedOperatorWithoutKeyTypesFailsTheJob) {
  config::Configuration config;
  config.SetString("weir.worker-threads", "1");
  auto cluster = MiniCluster::Make(config);
  ASSERT_TRUE(cluster.ok());
  auto job = KeyedCountJob();
  ASSERT_TRUE(job.ok());
  auto client = (*cluster)->SubmitJob(*job);
  ASSERT_TRUE(client.ok()) << client.status().ToString();
  auto result = client->WaitForResult(std::chrono::seconds(20));
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->status, JobStatus::kFailed);
  EXPECT_NE(result->failure.ToString().find("key types"), std::string::npos)
      << result->failure.ToString();
}

// A bounded source whose position (batches emitted) is checkpointed operator state. Batch i
// holds keys (16 * i) % 64 .. + 15. In attempt 0 it idles after `pause_at` batches until a
// checkpoint completed (unless restored), so the failure below happens after a checkpoint.
class PositionedSource final : public runtime::Operator {
 public:
  PositionedSource(int64_t total, int64_t pause_at,
                   std::shared_ptr<std::atomic<int64_t>> restored_positions)
      : total_(total), pause_at_(pause_at), restored_positions_(std::move(restored_positions)) {}
  int num_inputs() const override { return 0; }
  std::string name() const override { return "source"; }
  Status ProcessBatch(int, const RecordBatchPtr&) override {
    return Status::Internal("source has no input");
  }
  Status InitializeState(runtime::StateInitializationContext& ctx) override {
    WEIR_ASSIGN_OR_RAISE(position_state_, ctx.operator_state_backend()->GetListState(
                                              runtime::ListStateDescriptor<int64_t>("position")));
    for (int64_t p : position_state_->Get()) position_ = p;
    if (ctx.is_restored()) {
      restored_ = true;
      restored_positions_->fetch_add(position_);
    }
    return Status::OK();
  }
  Status SnapshotState(runtime::StateSnapshotContext&) override {
    position_state_->Update({position_});
    return Status::OK();
  }
  Status NotifyCheckpointComplete(runtime::CheckpointId) override {
    saw_complete_ = true;
    return Status::OK();
  }
  Result<SourcePoll> PollNext() override {
    if (position_ >= total_) return SourcePoll::kEndOfInput;
    if (context_->attempt == 0 && !restored_ && position_ >= pause_at_ && !saw_complete_) {
      return SourcePoll::kMoreAvailable;  // wait for a checkpoint to complete
    }
    WEIR_RETURN_NOT_OK(context_->output->Emit(SeqBatch((position_ * 16) % 64, 16)));
    ++position_;
    return SourcePoll::kMoreAvailable;
  }

 private:
  const int64_t total_;
  const int64_t pause_at_;
  std::shared_ptr<std::atomic<int64_t>> restored_positions_;
  runtime::OperatorListState<int64_t>* position_state_ = nullptr;
  int64_t position_ = 0;
  bool restored_ = false;
  bool saw_complete_ = false;
};

// Counts per key like KeyedCount and, at Finish, writes the counts of keys 0..63 it owns.
// In attempt 0 it fails on the first batch after a checkpoint completed.
class ReportingCount final : public runtime::Operator {
 public:
  ReportingCount(std::shared_ptr<std::map<int64_t, int64_t>> out, std::shared_ptr<std::mutex> mu,
                 bool fail_after_checkpoint = true)
      : out_(std::move(out)), mu_(std::move(mu)), fail_(fail_after_checkpoint) {}
  std::string name() const override { return "count"; }
  Status InitializeState(runtime::StateInitializationContext& ctx) override {
    WEIR_ASSIGN_OR_RAISE(count_, ctx.keyed_state_backend()->GetValueState(
                                     runtime::ValueStateDescriptor<int64_t>("count")));
    return Status::OK();
  }
  Status ProcessBatch(int, const RecordBatchPtr& batch) override {
    if (fail_ && context_->attempt == 0 && saw_complete_) {
      return Status::Invalid("injected failure");
    }
    for (int64_t k : Keys(*batch)) {
      WEIR_RETURN_NOT_OK(context_->keyed_state->SetCurrentKeyValues({Value(k)}));
      const int64_t* v = count_->Get();
      WEIR_RETURN_NOT_OK(count_->Update(v == nullptr ? 1 : *v + 1));
    }
    return Status::OK();
  }
  Status NotifyCheckpointComplete(runtime::CheckpointId) override {
    saw_complete_ = true;
    return Status::OK();
  }
  Status Finish() override {
    std::lock_guard<std::mutex> lock(*mu_);
    for (int64_t k = 0; k < 64; ++k) {
      Status st = context_->keyed_state->SetCurrentKeyValues({Value(k)});
      if (!st.ok()) continue;  // not our key group
      if (const int64_t* v = count_->Get()) (*out_)[k] += *v;
    }
    return Status::OK();
  }

 private:
  std::shared_ptr<std::map<int64_t, int64_t>> out_;
  std::shared_ptr<std::mutex> mu_;
  const bool fail_;
  runtime::ValueState<int64_t>* count_ = nullptr;
  bool saw_complete_ = false;
};

// source(2, positioned) -> HASH -> reporting count(2).
Result<runtime::JobGraph> PositionedCountJob(
    std::shared_ptr<std::atomic<int64_t>> restored_positions,
    std::shared_ptr<std::map<int64_t, int64_t>> counts, std::shared_ptr<std::mutex> mu,
    bool fail_after_checkpoint) {
  StreamGraph graph("positioned count");
  OperatorSpec source;
  source.name = "source";
  source.uid = "source";
  source.parallelism = 2;
  source.num_inputs = 0;
  source.factory = [restored_positions](int32_t) -> Result<std::unique_ptr<runtime::Operator>> {
    return std::unique_ptr<runtime::Operator>(
        std::make_unique<PositionedSource>(400, 150, restored_positions));
  };
  OperatorSpec count;
  count.name = "count";
  count.uid = "count";
  count.parallelism = 2;
  count.keyed = true;
  count.key_columns = {{0}};
  count.factory = [=](int32_t) -> Result<std::unique_ptr<runtime::Operator>> {
    return std::unique_ptr<runtime::Operator>(
        std::make_unique<ReportingCount>(counts, mu, fail_after_checkpoint));
  };
  auto s = graph.AddNode(std::move(source));
  auto c = graph.AddNode(std::move(count));
  graph.Connect(s, c, PartitionerSpec::Hash({0}));
  return runtime::BuildJobGraph(graph);
}

TEST(MiniClusterRestartTest, FixedDelayRestartRestoresTheLatestCheckpoint) {
  const std::string dir = FreshDir("restart");
  config::Configuration config;
  config.SetString("weir.worker-threads", "2");
  config.SetString("execution.checkpointing.interval", "50 ms");
  config.SetString("execution.checkpointing.dir", dir);
  config.SetString("restart-strategy.type", "fixed-delay");
  config.SetString("restart-strategy.fixed-delay.attempts", "2");
  config.SetString("restart-strategy.fixed-delay.delay", "20 ms");
  auto cluster = MiniCluster::Make(config);
  ASSERT_TRUE(cluster.ok()) << cluster.status().ToString();

  static constexpr int64_t kBatches = 400;
  auto counts = std::make_shared<std::map<int64_t, int64_t>>();
  auto mu = std::make_shared<std::mutex>();
  StreamGraph graph("restart");
  OperatorSpec source;
  source.name = "source";
  source.uid = "source";
  source.parallelism = 2;
  source.num_inputs = 0;
  auto restored_positions = std::make_shared<std::atomic<int64_t>>(0);
  source.factory = [restored_positions](int32_t) -> Result<std::unique_ptr<runtime::Operator>> {
    return std::unique_ptr<runtime::Operator>(
        std::make_unique<PositionedSource>(kBatches, 150, restored_positions));
  };
  OperatorSpec count;
  count.name = "count";
  count.uid = "count";
  count.parallelism = 2;
  count.keyed = true;
  count.key_columns = {{0}};
  count.factory = [counts, mu](int32_t) -> Result<std::unique_ptr<runtime::Operator>> {
    return std::unique_ptr<runtime::Operator>(std::make_unique<ReportingCount>(counts, mu));
  };
  auto s = graph.AddNode(std::move(source));
  auto c = graph.AddNode(std::move(count));
  graph.Connect(s, c, PartitionerSpec::Hash({0}));
  auto job = runtime::BuildJobGraph(graph);
  ASSERT_TRUE(job.ok()) << job.status().ToString();

  auto client = (*cluster)->SubmitJob(*job, BigIntKeys());
  ASSERT_TRUE(client.ok()) << client.status().ToString();
  auto result = client->WaitForResult(std::chrono::seconds(30));
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  ASSERT_EQ(result->status, JobStatus::kFinished) << result->failure.ToString();
  EXPECT_EQ(result->restarts, 1);
  EXPECT_EQ(client->execution().attempt(), 1);
  // The second attempt resumed the sources from the checkpoint, not from the start.
  EXPECT_GT(restored_positions->load(), 0);
  // Exactly once: every key was counted 2 sources * 400 batches * 16 rows / 64 keys times.
  std::lock_guard<std::mutex> lock(*mu);
  ASSERT_EQ(counts->size(), 64u);
  for (const auto& [key, n] : *counts) EXPECT_EQ(n, 200) << "key " << key;
  cluster->reset();
  std::filesystem::remove_all(dir);
}

TEST(MiniClusterRestartTest, FailureWithoutRestartsLeftFailsTheJob) {
  config::Configuration config;
  config.SetString("weir.worker-threads", "2");
  config.SetString("restart-strategy.type", "fixed-delay");
  config.SetString("restart-strategy.fixed-delay.attempts", "0");
  auto cluster = MiniCluster::Make(config);
  ASSERT_TRUE(cluster.ok());
  auto job = KeyedCountJob();
  ASSERT_TRUE(job.ok());
  auto client = (*cluster)->SubmitJob(*job);  // no key types: the count task fails
  ASSERT_TRUE(client.ok());
  auto result = client->WaitForResult(std::chrono::seconds(20));
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->status, JobStatus::kFailed);
  EXPECT_EQ(result->restarts, 0);
  EXPECT_TRUE(result->failure.IsInvalid()) << result->failure.ToString();
}

TEST(MiniClusterSavepointTest, TriggerSavepointWritesASelfContainedDirectory) {
  const std::string dir = FreshDir("savepoint");
  config::Configuration config;
  config.SetString("weir.worker-threads", "2");
  auto cluster = MiniCluster::Make(config);
  ASSERT_TRUE(cluster.ok()) << cluster.status().ToString();
  auto job = KeyedCountJob();
  ASSERT_TRUE(job.ok());
  auto client = (*cluster)->SubmitJob(*job, BigIntKeys());
  ASSERT_TRUE(client.ok()) << client.status().ToString();
  // Savepoints need every task running.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  auto all_running = [&] {
    for (const auto& t : client->execution().tasks()) {
      if (t->state() != runtime::TaskState::kRunning) return false;
    }
    return true;
  };
  while (!all_running() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ASSERT_TRUE(all_running());
  std::this_thread::sleep_for(std::chrono::milliseconds(50));  // let some keys be counted
  auto path = client->TriggerSavepoint(dir, std::chrono::seconds(20));
  ASSERT_TRUE(path.ok()) << path.status().ToString();
  EXPECT_EQ(std::filesystem::path(*path).parent_path(), std::filesystem::path(dir));
  EXPECT_TRUE(std::filesystem::exists(std::filesystem::path(*path) / "_metadata")) << *path;
  auto loaded = runtime::LoadCheckpoint(*path);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_TRUE(loaded->metadata.is_savepoint());
  const runtime::OperatorStateMetadata* counted = loaded->metadata.FindOperator("count");
  ASSERT_NE(counted, nullptr);
  EXPECT_TRUE(counted->HasKeyedState());
  EXPECT_EQ(client->Status(), JobStatus::kRunning);  // a savepoint does not stop the job
  client->Cancel();
  auto result = client->WaitForResult(std::chrono::seconds(20));
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->status, JobStatus::kCanceled);
  cluster->reset();
  std::filesystem::remove_all(dir);
}

TEST(MiniClusterSavepointTest, JobStartsFromASavepointExactlyOnce) {
  const std::string dir = FreshDir("from-savepoint");
  config::Configuration config;
  config.SetString("weir.worker-threads", "2");
  auto cluster = MiniCluster::Make(config);
  ASSERT_TRUE(cluster.ok()) << cluster.status().ToString();
  // Job A: its sources stop at batch 150 until a checkpoint (the savepoint) completes.
  auto first_positions = std::make_shared<std::atomic<int64_t>>(0);
  auto first_counts = std::make_shared<std::map<int64_t, int64_t>>();
  auto mu = std::make_shared<std::mutex>();
  auto job_a = PositionedCountJob(first_positions, first_counts, mu, false);
  ASSERT_TRUE(job_a.ok()) << job_a.status().ToString();
  auto a = (*cluster)->SubmitJob(*job_a, BigIntKeys());
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  std::optional<std::string> path;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (!path.has_value() && std::chrono::steady_clock::now() < deadline) {
    Result<std::string> r = a->TriggerSavepoint(dir, std::chrono::seconds(20));
    if (r.ok()) {
      path = *r;
    } else {  // fails while tasks are still starting
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
  ASSERT_TRUE(path.has_value());
  auto ra = a->WaitForResult(std::chrono::seconds(20));
  ASSERT_TRUE(ra.ok());
  EXPECT_EQ(ra->status, JobStatus::kFinished);
  EXPECT_EQ(first_positions->load(), 0);

  // Job B (a new job id) starts from the savepoint: sources resume, counts are restored.
  auto positions = std::make_shared<std::atomic<int64_t>>(0);
  auto counts = std::make_shared<std::map<int64_t, int64_t>>();
  auto job_b = PositionedCountJob(positions, counts, mu, false);
  ASSERT_TRUE(job_b.ok());
  JobSubmitOptions options = BigIntKeys();
  options.restore_path = *path;
  auto b = (*cluster)->SubmitJob(*job_b, options);
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  EXPECT_NE(a->job_id(), b->job_id());
  auto rb = b->WaitForResult(std::chrono::seconds(30));
  ASSERT_TRUE(rb.ok());
  ASSERT_EQ(rb->status, JobStatus::kFinished) << rb->failure.ToString();
  EXPECT_GT(positions->load(), 0);
  std::lock_guard<std::mutex> lock(*mu);
  ASSERT_EQ(counts->size(), 64u);
  for (const auto& [key, n] : *counts) EXPECT_EQ(n, 200) << "key " << key;

  // A savepoint with state for an operator the job lacks is rejected unless allowed.
  StreamGraph other("other");
  OperatorSpec src;
  src.name = "other-source";
  src.uid = "other-source";
  src.num_inputs = 0;
  src.factory = [](int32_t) -> Result<std::unique_ptr<runtime::Operator>> {
    return std::unique_ptr<runtime::Operator>(
        std::make_unique<runtime::ElementsSource>("s", std::vector<runtime::StreamElement>{}));
  };
  OperatorSpec sink;
  sink.name = "discard";
  sink.uid = "discard";
  sink.factory = [](int32_t) -> Result<std::unique_ptr<runtime::Operator>> {
    return std::unique_ptr<runtime::Operator>(std::make_unique<runtime::DiscardingSink>());
  };
  auto os = other.AddNode(std::move(src));
  auto ok = other.AddNode(std::move(sink));
  other.Connect(os, ok, PartitionerSpec::Forward());
  auto other_job = runtime::BuildJobGraph(other);
  ASSERT_TRUE(other_job.ok());
  JobSubmitOptions strict;
  strict.restore_path = *path;
  EXPECT_FALSE((*cluster)->SubmitJob(*other_job, strict).ok());
  JobSubmitOptions lenient = strict;
  lenient.allow_non_restored_state = true;
  auto c = (*cluster)->SubmitJob(*other_job, lenient);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  auto rc = c->WaitForResult(std::chrono::seconds(20));
  ASSERT_TRUE(rc.ok());
  EXPECT_EQ(rc->status, JobStatus::kFinished);
  cluster->reset();
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace weir::cluster
