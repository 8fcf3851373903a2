// Backpressure end to end: a sink 100x slower than its source slows the source down, keeps
// in-flight data within the network budget, and loses nothing.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include "weir/cluster/minicluster/mini_cluster.h"
#include "weir/runtime/graph/stream_graph.h"
#include "weir/runtime/operators/operator.h"
#include "weir/runtime/operators/operator_context.h"
#include "weir/runtime/task/task_test_util.h"

namespace weir::cluster {
namespace {

using runtime::Operator;
using runtime::OperatorSpec;
using runtime::PartitionerSpec;
using runtime::SourcePoll;
using runtime::StreamGraph;

constexpr int64_t kRowsPerBatch = 1024;
constexpr int64_t kBatches = 3000;
// The sink spends this long on every batch; the source needs about 1-2 us per batch.
constexpr auto kSinkCostPerBatch = std::chrono::microseconds(200);

struct Counters {
  std::atomic<int64_t> emitted{0};
  std::atomic<int64_t> consumed{0};
};

// Emits the same 1024-row batch `kBatches` times, as fast as credit allows.
class FastSource final : public Operator {
 public:
  explicit FastSource(std::shared_ptr<Counters> counters)
      : counters_(std::move(counters)), batch_(runtime::testutil::SeqBatch(0, kRowsPerBatch)) {}
  int num_inputs() const override { return 0; }
  std::string name() const override { return "fast-source"; }
  Status ProcessBatch(int, const RecordBatchPtr&) override {
    return Status::Internal("a source has no input");
  }
  Result<SourcePoll> PollNext() override {
    if (emitted_batches_ == kBatches) return SourcePoll::kEndOfInput;
    WEIR_RETURN_NOT_OK(context_->output->Emit(batch_));
    ++emitted_batches_;
    counters_->emitted.fetch_add(kRowsPerBatch, std::memory_order_relaxed);
    return SourcePoll::kMoreAvailable;
  }

 private:
  std::shared_ptr<Counters> counters_;
  RecordBatchPtr batch_;
  int64_t emitted_batches_ = 0;
};

// Burns kSinkCostPerBatch of CPU on every batch, then counts its rows.
class SlowSink final : public Operator {
 public:
  explicit SlowSink(std::shared_ptr<Counters> counters) : counters_(std::move(counters)) {}
  std::string name() const override { return "slow-sink"; }
  Status ProcessBatch(int, const RecordBatchPtr& batch) override {
    auto until = std::chrono::steady_clock::now() + kSinkCostPerBatch;
    while (std::chrono::steady_clock::now() < until) {
    }
    counters_->consumed.fetch_add(batch->num_rows(), std::memory_order_relaxed);
    return Status::OK();
  }

 private:
  std::shared_ptr<Counters> counters_;
};

TEST(BackpressureTest, SlowSinkThrottlesSourceWithinNetworkMemory) {
  config::Configuration config;
  config.SetString("weir.worker-threads", "2");
  auto cluster_or = MiniCluster::Make(config);
  ASSERT_TRUE(cluster_or.ok()) << cluster_or.status().ToString();
  std::unique_ptr<MiniCluster> cluster = std::move(*cluster_or);

  auto counters = std::make_shared<Counters>();
  StreamGraph graph("backpressure");
  OperatorSpec source;
  source.name = source.uid = "source";
  source.num_inputs = 0;
  source.factory = [counters](int32_t) -> Result<std::unique_ptr<Operator>> {
    return std::unique_ptr<Operator>(std::make_unique<FastSource>(counters));
  };
  OperatorSpec sink;
  sink.name = sink.uid = "sink";
  sink.factory = [counters](int32_t) -> Result<std::unique_ptr<Operator>> {
    return std::unique_ptr<Operator>(std::make_unique<SlowSink>(counters));
  };
  auto s = graph.AddNode(std::move(source));
  auto k = graph.AddNode(std::move(sink));
  graph.Connect(s, k, PartitionerSpec::Rebalance());  // two tasks, one channel
  auto job = runtime::BuildJobGraph(graph);
  ASSERT_TRUE(job.ok()) << job.status().ToString();

  auto client = cluster->SubmitJob(*job);
  ASSERT_TRUE(client.ok()) << client.status().ToString();

  // While the job runs, the source may be ahead of the sink only by what the channel's
  // credits (exclusive + floating buffers) and the producer's overdraft can hold.
  int64_t max_in_flight = 0;
  int64_t samples = 0;
  while (!IsTerminal(client->Status())) {
    int64_t consumed = counters->consumed.load();
    int64_t emitted = counters->emitted.load();
    max_in_flight = std::max(max_in_flight, emitted - consumed);
    ++samples;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  auto result = client->WaitForResult(std::chrono::milliseconds(60000));
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  ASSERT_EQ(result->status, JobStatus::kFinished) << result->failure.ToString();

  // Nothing lost, nothing duplicated.
  EXPECT_EQ(counters->emitted.load(), kBatches * kRowsPerBatch);
  EXPECT_EQ(counters->consumed.load(), kBatches * kRowsPerBatch);
  // Backpressure reached the source: without it the source would run through all 3000
  // batches in a few milliseconds, ~3M rows ahead of the sink.
  const runtime::NetworkConfig& net = cluster->network().config();
  int64_t buffer_bound = net.buffers_per_channel + net.floating_buffers_per_gate +
                         net.max_overdraft_buffers_per_gate + 4;
  RecordProperty("max_in_flight_rows", std::to_string(max_in_flight));
  RecordProperty("network_pool_peak_bytes", std::to_string(cluster->network().pool()->peak()));
  EXPECT_GT(samples, 10);
  EXPECT_LE(max_in_flight, buffer_bound * kRowsPerBatch)
      << "source ran ahead of the slow sink by " << max_in_flight << " rows";
  // The network memory never went past its budget.
  const auto& pool = cluster->network().pool();
  EXPECT_LE(pool->peak(), pool->limit());
}

}  // namespace
}  // namespace weir::cluster
