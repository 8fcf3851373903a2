// Tests of checkpoints in tasks: barrier alignment, cancel barriers, source triggers,
// notifications and the final checkpoint of a finished task.
#include <gtest/gtest.h>

#include <algorithm>

#include "weir/runtime/network/network_environment.h"
#include "weir/runtime/task/task.h"
#include "weir/runtime/task/task_test_util.h"

namespace weir::runtime {
namespace {

using testutil::Factory;
using testutil::Keys;
using testutil::SeqBatch;
using testutil::Spec;

class SharedLog {
 public:
  void Add(std::string s) {
    std::lock_guard<std::mutex> lock(mu_);
    log_.push_back(std::move(s));
  }
  std::vector<std::string> Take() {
    std::lock_guard<std::mutex> lock(mu_);
    std::vector<std::string> out;
    out.swap(log_);
    return out;
  }

 private:
  std::mutex mu_;
  std::vector<std::string> log_;
};

// Forwards batches, logging them and the pre-barrier hook into a shared log.
class Forwarder final : public Operator {
 public:
  explicit Forwarder(std::shared_ptr<SharedLog> log) : log_(std::move(log)) {}
  std::string name() const override { return "forwarder"; }
  Status ProcessBatch(int input, const RecordBatchPtr& batch) override {
    log_->Add(StrCat("batch ", Keys(*batch)[0]));
    return context_->output->Emit(batch);
  }
  Status PrepareSnapshotPreBarrier(CheckpointId id) override {
    log_->Add(StrCat("prepare ", id.value()));
    return Status::OK();
  }

 private:
  std::shared_ptr<SharedLog> log_;
};

// Logs snapshots and declines into the same shared log.
class LoggingHook final : public SnapshotHook {
 public:
  explicit LoggingHook(std::shared_ptr<SharedLog> log) : log_(std::move(log)) {}
  Status InitializeState(const ChainedOperatorRef& op) override { return Status::OK(); }
  Status SnapshotState(const CheckpointBarrier& barrier,
                       const std::vector<ChainedOperatorRef>& chain,
                       const CheckpointMetrics& metrics) override {
    log_->Add(StrCat("snapshot ", barrier.id.value()));
    return Status::OK();
  }
  void DeclineCheckpoint(CheckpointId id, const Status& reason) override {
    log_->Add(StrCat("decline ", id.value()));
  }

 private:
  std::shared_ptr<SharedLog> log_;
};

CheckpointBarrier Barrier(int64_t id) {
  CheckpointBarrier b;
  b.id = CheckpointId(id);
  return b;
}

// A task with one two-channel gate feeding a Forwarder into a partition whose consumer gate
// the test reads; the test writes the two input channels itself.
struct AlignmentFixture {
  WorkerPool pool{0};
  NetworkEnvironment env{NetworkConfig(), MemoryPool::MakeRoot("network")};
  std::shared_ptr<InputGate> in;
  std::shared_ptr<InputGate> downstream;
  std::shared_ptr<SharedLog> log = std::make_shared<SharedLog>();
  std::shared_ptr<Task> task;
  std::weak_ptr<Schedulable> no_producer;

  AlignmentFixture() {
    in = *env.CreateInputGate("in", 2, 0);
    downstream = *env.CreateInputGate("downstream", 1, 0);
    auto partition = *env.CreateResultPartition("out", 1, PartitionerSpec::Forward(), 128, 0);
    WEIR_CHECK_OK(partition->ConnectLocal(0, downstream, 0));
    TaskDeployment d;
    auto log_copy = log;
    d.operators = {Spec("forwarder",
                        Factory([log_copy] { return std::make_unique<Forwarder>(log_copy); }),
                        {ChainTarget::ToPartition(0)})};
    d.input_gates = {in};
    d.result_partitions = {partition};
    d.snapshot_hook = std::make_shared<LoggingHook>(log);
    task = *Task::Make(std::move(d), &pool);
    task->Start();
  }
  void Data(int channel, int64_t key) {
    NetworkBuffer b{StreamElement::Batch(SeqBatch(key, 1)), 8, false};
    WEIR_CHECK(in->TryPushData(channel, b, no_producer));
  }
  void Event(int channel, StreamElement e) { in->PushEvent(channel, std::move(e)); }
  // Returns what reached the downstream gate: "k" for batches, "barrier n", "cancel n".
  std::vector<std::string> Downstream() {
    std::vector<std::string> out;
    while (auto polled = downstream->Poll()) {
      const StreamElement& e = polled->buffer.element;
      if (e.is_batch()) {
        out.push_back(StrCat(Keys(*e.batch())[0]));
      } else if (e.kind() == ElementKind::kBarrier) {
        out.push_back(StrCat("barrier ", e.barrier().id.value()));
      } else if (e.kind() == ElementKind::kCancelBarrier) {
        out.push_back(StrCat("cancel ", e.barrier().id.value()));
      } else {
        out.push_back(e.ToString());
      }
      downstream->Recycle(polled->channel, polled->buffer);
    }
    return out;
  }
};

TEST(CheckpointBarrierTest, AlignedBarrierBlocksChannelUntilAllArrive) {
  AlignmentFixture f;
  f.Data(0, 0);
  f.Event(0, StreamElement::Barrier(Barrier(1)));
  f.Data(0, 1);  // behind the barrier: must wait for the alignment
  f.Data(1, 10);
  f.pool.RunUntilIdle();
  EXPECT_EQ(f.task->last_slice_result(), SliceResult::kWaitingForInput);
  EXPECT_EQ(f.log->Take(), (std::vector<std::string>{"batch 0", "batch 10"}));
  EXPECT_TRUE(f.in->IsBlocked(0));
  EXPECT_EQ(f.Downstream(), (std::vector<std::string>{"0", "10"}));

  f.Event(1, StreamElement::Barrier(Barrier(1)));
  f.Data(1, 11);
  f.pool.RunUntilIdle();
  auto log = f.log->Take();
  ASSERT_EQ(log.size(), 4u);
  EXPECT_EQ(std::vector<std::string>(log.begin(), log.begin() + 2),
            (std::vector<std::string>{"prepare 1", "snapshot 1"}));
  std::sort(log.begin() + 2, log.end());
  EXPECT_EQ(std::vector<std::string>(log.begin() + 2, log.end()),
            (std::vector<std::string>{"batch 1", "batch 11"}));
  auto down = f.Downstream();
  ASSERT_EQ(down.size(), 3u);
  EXPECT_EQ(down[0], "barrier 1");  // forwarded once, before any post-barrier data
  EXPECT_FALSE(f.in->IsBlocked(0));
  TaskMetricsSnapshot m = f.task->metrics().Snapshot();
  EXPECT_EQ(m.checkpoints, 1);
  EXPECT_EQ(m.last_checkpoint_id, 1);
  EXPECT_GT(m.last_alignment_ns, 0);
}

TEST(CheckpointBarrierTest, CancelAndNewerBarriersAbortAlignment) {
  AlignmentFixture f;
  f.Event(0, StreamElement::Barrier(Barrier(2)));
  f.Data(0, 2);
  f.pool.RunUntilIdle();
  EXPECT_TRUE(f.log->Take().empty());
  f.Event(1, StreamElement::CancelBarrier(CheckpointId(2)));
  f.pool.RunUntilIdle();
  EXPECT_EQ(f.log->Take(), (std::vector<std::string>{"decline 2", "batch 2"}));
  EXPECT_EQ(f.Downstream(), (std::vector<std::string>{"cancel 2", "2"}));

  // Barrier 3 on channel 0, then barrier 4 on channel 1: 3 is subsumed.
  f.Event(0, StreamElement::Barrier(Barrier(3)));
  f.Data(0, 3);
  f.pool.RunUntilIdle();
  f.Event(1, StreamElement::Barrier(Barrier(4)));
  f.pool.RunUntilIdle();
  // Channel 0 is unblocked by the abort of 3; its data flows; then 4 is aligned on channel 1.
  EXPECT_EQ(f.log->Take(), (std::vector<std::string>{"decline 3", "batch 3"}));
  EXPECT_TRUE(f.in->IsBlocked(1));
  f.Event(0, StreamElement::Barrier(Barrier(4)));
  f.pool.RunUntilIdle();
  EXPECT_EQ(f.log->Take(), (std::vector<std::string>{"prepare 4", "snapshot 4"}));
  EXPECT_EQ(f.Downstream(), (std::vector<std::string>{"cancel 3", "3", "barrier 4"}));
}

TEST(CheckpointBarrierTest, EndedChannelCountsAsAligned) {
  AlignmentFixture f;
  f.Event(0, StreamElement::Barrier(Barrier(1)));
  f.pool.RunUntilIdle();
  f.Event(1, StreamElement::EndOfData(StopMode::kNone));
  f.Event(1, StreamElement::EndOfPartition());
  f.pool.RunUntilIdle();
  EXPECT_EQ(f.log->Take(), (std::vector<std::string>{"prepare 1", "snapshot 1"}));
  f.Event(0, StreamElement::EndOfPartition());
  f.pool.RunUntilIdle();
  EXPECT_EQ(f.task->state(), TaskState::kFinished);
  EXPECT_EQ(f.Downstream(), (std::vector<std::string>{"barrier 1", "EndOfData", "EndOfPartition"}));
}

TEST(CheckpointBarrierTest, SourceCheckpointsLandBetweenBatchesAndGetNotified) {
  WorkerPool pool(0);
  auto out = std::make_shared<CollectedOutput>();
  auto hook = std::make_shared<testutil::RecordingSnapshotHook>();
  int64_t next = 0;
  TaskDeployment d;
  d.operators = {
      Spec("source", Factory([&next] {
             return MakeCallbackSource("source", [&next](Output& o) -> Result<SourcePoll> {
               WEIR_RETURN_NOT_OK(o.Emit(SeqBatch(next++, 1)));
               return next % 3 == 0 ? SourcePoll::kNothingAvailable : SourcePoll::kMoreAvailable;
             });
           }),
           {ChainTarget::ToOperator(1)}),
      Spec("sink", Factory([out] { return std::make_unique<CollectingSink>("sink", out); })),
  };
  d.snapshot_hook = hook;
  auto task = *Task::Make(std::move(d), &pool);
  task->Start();
  pool.RunUntilIdle();
  EXPECT_EQ(task->last_slice_result(), SliceResult::kWaitingForSource);
  EXPECT_EQ(out->num_rows(), 3);
  ASSERT_TRUE(task->TriggerCheckpoint(Barrier(1)));  // wakes the waiting task
  pool.RunUntilIdle();
  EXPECT_EQ(out->num_rows(), 6);
  auto events = out->Events();
  auto at = std::find(events.begin(), events.end(), "prepare-barrier 1");
  ASSERT_NE(at, events.end());
  EXPECT_EQ(std::count(events.begin(), at, "batch 1"), 3);  // after the first three rows
  EXPECT_EQ(hook->log(),
            (std::vector<std::string>{"init sink", "init source", "snapshot 1 ops=2"}));
  ASSERT_TRUE(task->NotifyCheckpointComplete(CheckpointId(1)));
  ASSERT_TRUE(task->NotifyCheckpointAborted(CheckpointId(2)));
  pool.RunUntilIdle();
  events = out->Events();
  EXPECT_NE(std::find(events.begin(), events.end(), "complete 1"), events.end());
  EXPECT_NE(std::find(events.begin(), events.end(), "aborted 2"), events.end());
  auto hook_log = hook->log();
  EXPECT_EQ(std::vector<std::string>(hook_log.end() - 2, hook_log.end()),
            (std::vector<std::string>{"complete 1", "aborted 2"}));
  task->Cancel();
  pool.RunUntilIdle();
  EXPECT_FALSE(task->TriggerCheckpoint(Barrier(3)));
}

TEST(CheckpointBarrierTest, FinishedTaskWaitsForItsFinalCheckpoint) {
  WorkerPool pool(0);
  NetworkEnvironment env(NetworkConfig(), MemoryPool::MakeRoot("network"));
  auto partition = *env.CreateResultPartition("out", 1, PartitionerSpec::Forward(), 128, 0);
  auto downstream = *env.CreateInputGate("downstream", 1, 0);
  ASSERT_TRUE(partition->ConnectLocal(0, downstream, 0).ok());
  auto hook = std::make_shared<testutil::RecordingSnapshotHook>();
  std::vector<StreamElement> elements = {StreamElement::Batch(SeqBatch(0, 2))};
  TaskDeployment d;
  d.operators = {Spec("source", Factory([elements] {
                        return std::make_unique<ElementsSource>("source", elements);
                      }),
                      {ChainTarget::ToPartition(0)})};
  d.result_partitions = {partition};
  d.snapshot_hook = hook;
  d.options.wait_for_final_checkpoint = true;
  auto task = *Task::Make(std::move(d), &pool);
  task->Start();
  pool.RunUntilIdle();
  EXPECT_EQ(task->state(), TaskState::kRunning);
  EXPECT_EQ(task->last_slice_result(), SliceResult::kWaitingForCheckpoint);
  auto drain = [&] {
    std::vector<std::string> out;
    while (auto polled = downstream->Poll()) {
      out.push_back(polled->buffer.element.ToString());
      downstream->Recycle(polled->channel, polled->buffer);
    }
    return out;
  };
  EXPECT_EQ(drain(), (std::vector<std::string>{"Batch(rows=2)", "Watermark(+inf)", "EndOfData"}));
  ASSERT_TRUE(task->TriggerCheckpoint(Barrier(7)));
  pool.RunUntilIdle();
  EXPECT_EQ(hook->log().back(), "snapshot 7 ops=1 finished");
  EXPECT_EQ(drain(), (std::vector<std::string>{"Barrier(id=7, CHECKPOINT)"}));
  EXPECT_EQ(task->state(), TaskState::kRunning);
  ASSERT_TRUE(task->NotifyCheckpointComplete(CheckpointId(7)));
  pool.RunUntilIdle();
  EXPECT_EQ(task->state(), TaskState::kFinished);
  EXPECT_EQ(drain(), (std::vector<std::string>{"EndOfPartition"}));
}

}  // namespace
}  // namespace weir::runtime
