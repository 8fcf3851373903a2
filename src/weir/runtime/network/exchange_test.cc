// Tests of tasks exchanging data over local channels: pipelines, hash exchanges across
// threads, credit-based backpressure with a slow consumer, buffer timeout, metrics.
#include <gtest/gtest.h>

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <set>

#include "weir/common/hash/key_hash.h"
#include "weir/runtime/exec/processing_time_service.h"
#include "weir/runtime/network/network_environment.h"
#include "weir/runtime/state/key_group_range.h"
#include "weir/runtime/task/task.h"
#include "weir/runtime/task/task_test_util.h"

namespace weir::runtime {
namespace {

using testutil::Factory;
using testutil::Keys;
using testutil::SeqBatch;
using testutil::Spec;

// Waits until every task reached a terminal state (reported through on_state_change).
class TerminalLatch {
 public:
  explicit TerminalLatch(int n) : remaining_(n) {}
  std::function<void(const TaskStateChange&)> Callback() {
    return [this](const TaskStateChange& c) {
      if (!IsTerminal(c.to)) return;
      std::lock_guard<std::mutex> lock(mu_);
      --remaining_;
      cv_.notify_all();
    };
  }
  bool Wait(std::chrono::seconds timeout) {
    std::unique_lock<std::mutex> lock(mu_);
    return cv_.wait_for(lock, timeout, [&] { return remaining_ == 0; });
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  int remaining_;
};

// A bounded source of `batches` batches of `rows` consecutive keys starting at `first`.
ChainOperatorFactory RangeSource(int64_t first, int batches, int64_t rows) {
  return Factory([=] {
    std::vector<StreamElement> elements;
    for (int b = 0; b < batches; ++b) {
      elements.push_back(StreamElement::Batch(SeqBatch(first + b * rows, rows)));
    }
    return std::make_unique<ElementsSource>("range", std::move(elements));
  });
}

TEST(ExchangeTest, TwoTaskPipelineOverALocalChannel) {
  WorkerPool pool(2);
  NetworkConfig config;
  config.segment_size = 1024;  // many small buffers: exercises credits across threads
  NetworkEnvironment env(config, MemoryPool::MakeRoot("network", 1 << 20));
  auto partition = env.CreateResultPartition("p", 1, PartitionerSpec::Forward(), 128, 0);
  auto gate = env.CreateInputGate("g", 1, 0);
  ASSERT_TRUE(partition.ok() && gate.ok());
  ASSERT_TRUE((*partition)->ConnectLocal(0, *gate, 0).ok());
  TerminalLatch latch(2);
  auto out = std::make_shared<CollectedOutput>();

  TaskDeployment producer;
  producer.operators = {Spec("range", RangeSource(0, 200, 500), {ChainTarget::ToPartition(0)})};
  producer.result_partitions = {*partition};
  producer.on_state_change = latch.Callback();
  TaskDeployment consumer;
  consumer.operators = {
      Spec("collect", Factory([out] { return std::make_unique<CollectingSink>("c", out); }))};
  consumer.input_gates = {*gate};
  consumer.on_state_change = latch.Callback();

  auto p = Task::Make(std::move(producer), &pool);
  auto c = Task::Make(std::move(consumer), &pool);
  ASSERT_TRUE(p.ok() && c.ok());
  (*c)->Start();
  (*p)->Start();
  ASSERT_TRUE(latch.Wait(std::chrono::seconds(20)));
  EXPECT_EQ((*p)->state(), TaskState::kFinished) << (*p)->failure().ToString();
  EXPECT_EQ((*c)->state(), TaskState::kFinished) << (*c)->failure().ToString();
  std::vector<int64_t> keys;
  for (const auto& b : out->Batches()) {
    auto k = Keys(*b);
    keys.insert(keys.end(), k.begin(), k.end());
  }
  ASSERT_EQ(keys.size(), 100000u);
  for (int64_t i = 0; i < 100000; ++i) ASSERT_EQ(keys[i], i);
  EXPECT_EQ(out->Watermarks(), (std::vector<EventTime>{kMaxWatermark}));
  EXPECT_EQ((*p)->metrics().records_out(), 100000);
  EXPECT_EQ((*c)->metrics().records_in(), 100000);
  EXPECT_EQ(env.pool()->used(), 0);  // every gate released its buffers
}

TEST(ExchangeTest, HashExchangeBetweenParallelTasksAcrossThreads) {
  constexpr int kProducers = 3;
  constexpr int kConsumers = 2;
  WorkerPool pool(2);
  NetworkConfig config;
  config.segment_size = 2048;
  config.buffers_per_channel = 2;
  config.floating_buffers_per_gate = 2;
  NetworkEnvironment env(config, MemoryPool::MakeRoot("network", 1 << 20));
  std::vector<std::shared_ptr<ResultPartition>> partitions;
  std::vector<std::shared_ptr<InputGate>> gates;
  for (int p = 0; p < kProducers; ++p) {
    auto r =
        env.CreateResultPartition(StrCat("p", p), kConsumers, PartitionerSpec::Hash({0}), 128, p);
    ASSERT_TRUE(r.ok());
    partitions.push_back(*r);
  }
  for (int c = 0; c < kConsumers; ++c) {
    auto r = env.CreateInputGate(StrCat("g", c), kProducers, 0);
    ASSERT_TRUE(r.ok());
    gates.push_back(*r);
  }
  ASSERT_TRUE(NetworkEnvironment::ConnectAllToAll(partitions, gates).ok());
  TerminalLatch latch(kProducers + kConsumers);
  std::vector<std::shared_ptr<Task>> tasks;
  std::vector<std::shared_ptr<CollectedOutput>> outs;
  for (int p = 0; p < kProducers; ++p) {
    TaskDeployment d;
    d.subtask_index = p;
    d.parallelism = kProducers;
    d.operators = {Spec("range", RangeSource(p * 100000, 50, 2000), {ChainTarget::ToPartition(0)})};
    d.result_partitions = {partitions[p]};
    d.on_state_change = latch.Callback();
    auto t = Task::Make(std::move(d), &pool);
    ASSERT_TRUE(t.ok());
    tasks.push_back(*t);
  }
  for (int c = 0; c < kConsumers; ++c) {
    auto out = std::make_shared<CollectedOutput>();
    outs.push_back(out);
    TaskDeployment d;
    d.subtask_index = c;
    d.parallelism = kConsumers;
    d.operators = {
        Spec("collect", Factory([out] { return std::make_unique<CollectingSink>("c", out); }))};
    d.input_gates = {gates[c]};
    d.on_state_change = latch.Callback();
    auto t = Task::Make(std::move(d), &pool);
    ASSERT_TRUE(t.ok());
    tasks.push_back(*t);
  }
  for (auto& t : tasks) t->Start();
  ASSERT_TRUE(latch.Wait(std::chrono::seconds(30)));
  for (auto& t : tasks) {
    EXPECT_EQ(t->state(), TaskState::kFinished) << t->name() << ": " << t->failure().ToString();
  }
  std::set<int64_t> seen;
  for (int c = 0; c < kConsumers; ++c) {
    for (const auto& b : outs[c]->Batches()) {
      for (int64_t r = 0; r < b->num_rows(); ++r) {
        const uint64_t h = HashRow(*b, {0}, r);
        ASSERT_EQ(SubtaskForKeyGroup(128, kConsumers, KeyGroupForHash(h, 128)), c);
        ASSERT_TRUE(seen.insert(b->column(0)->values<int64_t>()[r]).second);
      }
    }
  }
  EXPECT_EQ(seen.size(), size_t{kProducers} * 50 * 2000);
}

TEST(ExchangeTest, SlowConsumerBackpressuresOnlyWithinItsCredit) {
  WorkerPool pool(0);
  NetworkConfig config;
  config.segment_size = 1024;
  config.buffers_per_channel = 2;
  config.floating_buffers_per_gate = 1;
  config.max_overdraft_buffers_per_gate = 1;
  // Exactly what the two gates and the producer's overdraft can take.
  const int64_t limit = 1024 * (2 * (2 + 1) + 1);
  NetworkEnvironment env(config, MemoryPool::MakeRoot("network", limit));
  // Batch i (16 keys from 16 * i) goes whole to consumer i % 2.
  auto alternate = PartitionerSpec::Custom(
      "alternate", [](const RecordBatch& batch, int32_t n, int32_t* channels) {
        const int64_t* k = batch.column(0)->values<int64_t>();
        for (int64_t r = 0; r < batch.num_rows(); ++r) channels[r] = (k[r] / 16) % 2;
        return Status::OK();
      });
  auto partition = env.CreateResultPartition("p", 2, alternate, 128, 0);
  auto fast_gate = env.CreateInputGate("fast", 1, 0);
  auto slow_gate = env.CreateInputGate("slow", 1, 0);
  ASSERT_TRUE(partition.ok() && fast_gate.ok() && slow_gate.ok());
  ASSERT_TRUE(NetworkEnvironment::ConnectAllToAll({*partition}, {*fast_gate, *slow_gate}).ok());

  constexpr int kBatches = 100;
  TaskDeployment producer;
  producer.operators = {Spec("range", RangeSource(0, kBatches, 16), {ChainTarget::ToPartition(0)})};
  producer.result_partitions = {*partition};
  producer.options.buffer_timeout_ms = 0;  // flush staged rows after every element
  auto p = Task::Make(std::move(producer), &pool);
  auto out = std::make_shared<CollectedOutput>();
  TaskDeployment consumer;
  consumer.operators = {
      Spec("collect", Factory([out] { return std::make_unique<CollectingSink>("c", out); }))};
  consumer.input_gates = {*fast_gate};
  auto c = Task::Make(std::move(consumer), &pool);
  ASSERT_TRUE(p.ok() && c.ok());
  (*c)->Start();
  (*p)->Start();
  pool.RunUntilIdle();

  // The slow consumer took 3 buffers (2 exclusive + 1 floating), its 4th waits: the producer
  // is backpressured; everything routed to the fast consumer before that has arrived.
  EXPECT_EQ((*p)->last_slice_result(), SliceResult::kWaitingForCredit);
  EXPECT_EQ((*slow_gate)->buffers_in_use(), 3);
  EXPECT_EQ(out->num_rows(), 4 * 16);
  EXPECT_LE(env.pool()->used(), limit);
  EXPECT_GT((*p)->metrics().Snapshot().out_pool_usage, 0.4);

  // Drain the slow consumer one buffer at a time; the producer follows its pace.
  std::vector<int64_t> slow_keys;
  bool ended = false;
  int64_t steps = 0;
  while (!ended) {
    ASSERT_LT(++steps, 10000);
    auto polled = (*slow_gate)->Poll();
    if (polled) {
      const StreamElement& e = polled->buffer.element;
      if (e.is_batch()) {
        auto k = Keys(*e.batch());
        slow_keys.insert(slow_keys.end(), k.begin(), k.end());
      }
      ended = e.kind() == ElementKind::kEndOfPartition;
      (*slow_gate)->Recycle(polled->channel, polled->buffer);
    }
    pool.RunUntilIdle();
    ASSERT_LE((*slow_gate)->buffers_in_use(), 3);
    ASSERT_LE(env.pool()->used(), limit);
    // The fast consumer never runs more than the slow one's credit ahead.
    ASSERT_LE(out->num_rows(), static_cast<int64_t>(slow_keys.size()) + 5 * 16);
  }
  EXPECT_EQ((*p)->state(), TaskState::kFinished);
  EXPECT_EQ((*c)->state(), TaskState::kFinished);
  ASSERT_EQ(slow_keys.size(), size_t{kBatches / 2} * 16);
  for (size_t i = 0; i < slow_keys.size(); ++i) {
    EXPECT_EQ(slow_keys[i], static_cast<int64_t>((i / 16) * 32 + 16 + i % 16));
  }
  EXPECT_EQ(out->num_rows(), kBatches / 2 * 16);
}

TEST(ExchangeTest, BufferTimeoutFlushesStagedRows) {
  WorkerPool pool(0);
  auto time = ProcessingTimeService::MakeManual(0);
  NetworkEnvironment env(NetworkConfig(), MemoryPool::MakeRoot("network"));
  auto partition = env.CreateResultPartition("p", 2, PartitionerSpec::Hash({0}), 128, 0);
  auto g0 = env.CreateInputGate("g0", 1, 0);
  auto g1 = env.CreateInputGate("g1", 1, 0);
  ASSERT_TRUE(partition.ok() && g0.ok() && g1.ok());
  ASSERT_TRUE(NetworkEnvironment::ConnectAllToAll({*partition}, {*g0, *g1}).ok());
  int polls = 0;
  TaskDeployment d;
  d.operators = {Spec("trickle", Factory([&polls] {
                        return MakeCallbackSource("trickle",
                                                  [&polls](Output& o) -> Result<SourcePoll> {
                                                    if (polls++ == 0)
                                                      WEIR_RETURN_NOT_OK(o.Emit(SeqBatch(0, 10)));
                                                    return SourcePoll::kNothingAvailable;
                                                  });
                      }),
                      {ChainTarget::ToPartition(0)})};
  d.result_partitions = {*partition};
  d.processing_time = time.get();
  d.options.buffer_timeout_ms = 100;
  auto task = Task::Make(std::move(d), &pool);
  ASSERT_TRUE(task.ok());
  (*task)->Start();
  pool.RunUntilIdle();
  EXPECT_EQ((*task)->last_slice_result(), SliceResult::kWaitingForSource);
  EXPECT_EQ((*g0)->buffers_in_use() + (*g1)->buffers_in_use(), 0);  // staged, not sent
  time->Advance(99);
  pool.RunUntilIdle();
  EXPECT_EQ((*g0)->buffers_in_use() + (*g1)->buffers_in_use(), 0);
  time->Advance(1);  // the timer posts a flush to the mailbox, which wakes the task
  pool.RunUntilIdle();
  EXPECT_GT((*g0)->buffers_in_use(), 0);
  EXPECT_GT((*g1)->buffers_in_use(), 0);
  int64_t rows = 0;
  for (auto& g : {*g0, *g1}) {
    while (auto polled = g->Poll()) rows += polled->buffer.element.batch()->num_rows();
  }
  EXPECT_EQ(rows, 10);
  EXPECT_EQ(time->pending(), 0u);  // nothing staged: no new timer
  (*task)->Cancel();
  pool.RunUntilIdle();
  EXPECT_EQ((*task)->state(), TaskState::kCanceled);
}

TEST(ExchangeTest, MetricsCountRecordsAndDumpAsText) {
  WorkerPool pool(0);
  NetworkEnvironment env(NetworkConfig(), MemoryPool::MakeRoot("network"));
  auto partition = env.CreateResultPartition("p", 1, PartitionerSpec::Forward(), 128, 0);
  auto gate = env.CreateInputGate("g", 1, 0);
  ASSERT_TRUE(partition.ok() && gate.ok());
  ASSERT_TRUE((*partition)->ConnectLocal(0, *gate, 0).ok());
  TaskDeployment producer;
  producer.task_name = "producer";
  producer.operators = {Spec("range", RangeSource(0, 10, 100), {ChainTarget::ToPartition(0)})};
  producer.result_partitions = {*partition};
  TaskDeployment consumer;
  consumer.task_name = "consumer";
  consumer.operators = {
      Spec("discard", Factory([] { return std::make_unique<DiscardingSink>(); }))};
  consumer.input_gates = {*gate};
  auto p = Task::Make(std::move(producer), &pool);
  auto c = Task::Make(std::move(consumer), &pool);
  ASSERT_TRUE(p.ok() && c.ok());
  (*p)->Start();
  pool.RunUntilIdle();
  // The consumer has not started: its gate holds the data.
  EXPECT_GT((*c)->metrics().Snapshot().in_pool_usage, 0.0);
  (*c)->Start();
  pool.RunUntilIdle();
  TaskMetricsSnapshot ps = (*p)->metrics().Snapshot();
  TaskMetricsSnapshot cs = (*c)->metrics().Snapshot();
  EXPECT_EQ(ps.records_out, 1000);
  EXPECT_EQ(ps.bytes_out, 8000);
  EXPECT_EQ(ps.buffers_out, 10);
  EXPECT_EQ(cs.records_in, 1000);
  EXPECT_EQ(cs.bytes_in, 8000);
  EXPECT_EQ(cs.in_pool_usage, 0.0);
  EXPECT_GT(cs.busy_ns, 0);
  EXPECT_NEAR(cs.busy_ratio + cs.backpressured_ratio + cs.idle_ratio, 1.0, 1e-9);
  const std::string text = cs.ToText();
  EXPECT_NE(text.find("task=consumer records_in=1000 "), std::string::npos) << text;
  EXPECT_NE(text.find("busy_ratio="), std::string::npos);
  EXPECT_NE(text.find("out_pool_usage="), std::string::npos);
  TaskMetricsSnapshot delta = cs.Since(cs);
  EXPECT_EQ(delta.records_in, 0);
}

}  // namespace
}  // namespace weir::runtime
