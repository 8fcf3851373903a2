// Tests of stop-with-savepoint in tasks: sources and downstream tasks stopping with and
// without drain, waiting for the savepoint, and failing when it is aborted.
#include <gtest/gtest.h>

#include <algorithm>

#include "weir/runtime/network/network_environment.h"
#include "weir/runtime/task/task.h"
#include "weir/runtime/task/task_test_util.h"

namespace weir::runtime {
namespace {

using testutil::Factory;
using testutil::SeqBatch;
using testutil::Spec;

CheckpointBarrier StopBarrier(int64_t id, bool drain) {
  CheckpointBarrier b;
  b.id = CheckpointId(id);
  b.kind = drain ? SnapshotKind::kSavepointTerminate : SnapshotKind::kSavepointSuspend;
  return b;
}

bool Contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// Returns the text of every element that reached `gate`, recycling the buffers.
std::vector<std::string> Drain(InputGate& gate) {
  std::vector<std::string> out;
  while (auto polled = gate.Poll()) {
    out.push_back(polled->buffer.element.ToString());
    gate.Recycle(polled->channel, polled->buffer);
  }
  return out;
}

// An unbounded source task: source → collecting sink (chained) and the source's batches also
// go to a partition read through `downstream`.
struct SourceFixture {
  WorkerPool pool{0};
  NetworkEnvironment env{NetworkConfig(), MemoryPool::MakeRoot("network")};
  std::shared_ptr<InputGate> downstream;
  std::shared_ptr<CollectedOutput> out = std::make_shared<CollectedOutput>();
  std::shared_ptr<testutil::RecordingSnapshotHook> hook =
      std::make_shared<testutil::RecordingSnapshotHook>();
  std::shared_ptr<Task> task;
  int64_t next = 0;

  SourceFixture() {
    downstream = *env.CreateInputGate("downstream", 1, 0);
    auto partition = *env.CreateResultPartition("out", 1, PartitionerSpec::Forward(), 128, 0);
    WEIR_CHECK_OK(partition->ConnectLocal(0, downstream, 0));
    TaskDeployment d;
    d.operators = {
        Spec("source", Factory([this] {
               return MakeCallbackSource("source", [this](Output& o) -> Result<SourcePoll> {
                 WEIR_RETURN_NOT_OK(o.Emit(SeqBatch(next++, 1)));
                 return next % 2 == 0 ? SourcePoll::kNothingAvailable
                                      : SourcePoll::kMoreAvailable;
               });
             }),
             {ChainTarget::ToOperator(1), ChainTarget::ToPartition(0)}),
        Spec("sink", Factory([this] { return std::make_unique<CollectingSink>("sink", out); })),
    };
    d.result_partitions = {partition};
    d.snapshot_hook = hook;
    task = *Task::Make(std::move(d), &pool);
    task->Start();
    pool.RunUntilIdle();
  }
};

TEST(StopWithSavepointTest, SourceStopsWithoutDrainAndFinishesAfterTheSavepoint) {
  SourceFixture f;
  EXPECT_EQ(f.task->last_slice_result(), SliceResult::kWaitingForSource);
  ASSERT_TRUE(f.task->TriggerCheckpoint(StopBarrier(5, /*drain=*/false)));
  f.pool.RunUntilIdle();
  const int64_t rows = f.out->num_rows();
  // The source reads no more; its operators flushed but neither ended nor finished.
  auto events = f.out->Events();
  EXPECT_TRUE(Contains(events, "prepare-barrier 5"));
  EXPECT_FALSE(Contains(events, "finish"));
  EXPECT_FALSE(Contains(events, "end-input 0"));
  EXPECT_TRUE(f.out->Watermarks().empty());
  EXPECT_EQ(f.hook->log().back(), "snapshot 5 ops=2");  // not recorded as finished
  auto down = Drain(*f.downstream);
  ASSERT_GE(down.size(), 2u);
  EXPECT_EQ(std::vector<std::string>(down.end() - 2, down.end()),
            (std::vector<std::string>{"EndOfData(NO_DRAIN)", "Barrier(id=5, SAVEPOINT_SUSPEND)"}));
  // It waits for the savepoint: another checkpoint's completion does not end it.
  EXPECT_EQ(f.task->state(), TaskState::kRunning);
  ASSERT_TRUE(f.task->NotifyCheckpointComplete(CheckpointId(4)));
  f.pool.RunUntilIdle();
  EXPECT_EQ(f.task->state(), TaskState::kRunning);
  ASSERT_TRUE(f.task->NotifyCheckpointComplete(CheckpointId(5)));
  f.pool.RunUntilIdle();
  EXPECT_EQ(f.task->state(), TaskState::kFinished) << f.task->failure().ToString();
  EXPECT_EQ(f.out->num_rows(), rows);
  EXPECT_EQ(Drain(*f.downstream), (std::vector<std::string>{"EndOfPartition"}));
  events = f.out->Events();
  EXPECT_TRUE(Contains(events, "complete 5"));
  EXPECT_EQ(events.back(), "close");
  EXPECT_FALSE(Contains(events, "finish"));
}

TEST(StopWithSavepointTest, SourceDrainsAdvancesWatermarkAndFinishesOperators) {
  SourceFixture f;
  ASSERT_TRUE(f.task->TriggerCheckpoint(StopBarrier(3, /*drain=*/true)));
  f.pool.RunUntilIdle();
  EXPECT_EQ(f.out->Watermarks(), (std::vector<EventTime>{kMaxWatermark}));
  auto events = f.out->Events();
  auto finish = std::find(events.begin(), events.end(), "finish");
  auto prepare = std::find(events.begin(), events.end(), "prepare-barrier 3");
  EXPECT_NE(finish, events.end());
  EXPECT_EQ(prepare, events.end());  // finished operators have nothing to flush
  EXPECT_EQ(f.hook->log().back(), "snapshot 3 ops=2 finished");
  auto down = Drain(*f.downstream);
  ASSERT_GE(down.size(), 3u);
  EXPECT_EQ(std::vector<std::string>(down.end() - 3, down.end()),
            (std::vector<std::string>{"Watermark(+inf)", "EndOfData(DRAIN)",
                                      "Barrier(id=3, SAVEPOINT_TERMINATE)"}));
  EXPECT_EQ(f.task->state(), TaskState::kRunning);
  ASSERT_TRUE(f.task->NotifyCheckpointComplete(CheckpointId(3)));
  f.pool.RunUntilIdle();
  EXPECT_EQ(f.task->state(), TaskState::kFinished) << f.task->failure().ToString();
  EXPECT_EQ(Drain(*f.downstream), (std::vector<std::string>{"EndOfPartition"}));
}

TEST(StopWithSavepointTest, AbortedStopSavepointFailsTheStoppedTask) {
  SourceFixture f;
  ASSERT_TRUE(f.task->TriggerCheckpoint(StopBarrier(4, /*drain=*/false)));
  f.pool.RunUntilIdle();
  ASSERT_TRUE(f.task->NotifyCheckpointAborted(CheckpointId(4)));
  f.pool.RunUntilIdle();
  EXPECT_EQ(f.task->state(), TaskState::kFailed);
  EXPECT_NE(f.task->failure().message().find("stop-with-savepoint 4 was aborted"),
            std::string::npos)
      << f.task->failure().ToString();
}

// A downstream task: two input channels → collecting operator that forwards to a partition.
class ForwardingRecorder final : public Operator {
 public:
  explicit ForwardingRecorder(std::shared_ptr<CollectedOutput> out) : out_(std::move(out)) {}
  std::string name() const override { return "recorder"; }
  Status ProcessBatch(int input, const RecordBatchPtr& batch) override {
    out_->AddBatch(input, batch);
    return context_->output->Emit(batch);
  }
  Status PrepareSnapshotPreBarrier(CheckpointId id) override {
    out_->AddEvent(StrCat("prepare-barrier ", id.value()));
    return Status::OK();
  }
  Status EndInput(int input) override {
    out_->AddEvent(StrCat("end-input ", input));
    return Status::OK();
  }
  Status Finish() override {
    out_->AddEvent("finish");
    return Status::OK();
  }
  Status NotifyCheckpointComplete(CheckpointId id) override {
    out_->AddEvent(StrCat("complete ", id.value()));
    return Status::OK();
  }

 private:
  std::shared_ptr<CollectedOutput> out_;
};

struct DownstreamFixture {
  WorkerPool pool{0};
  NetworkEnvironment env{NetworkConfig(), MemoryPool::MakeRoot("network")};
  std::shared_ptr<InputGate> in;
  std::shared_ptr<InputGate> downstream;
  std::shared_ptr<CollectedOutput> out = std::make_shared<CollectedOutput>();
  std::shared_ptr<testutil::RecordingSnapshotHook> hook =
      std::make_shared<testutil::RecordingSnapshotHook>();
  std::shared_ptr<Task> task;
  std::weak_ptr<Schedulable> no_producer;

  DownstreamFixture() {
    in = *env.CreateInputGate("in", 2, 0);
    downstream = *env.CreateInputGate("downstream", 1, 0);
    auto partition = *env.CreateResultPartition("out", 1, PartitionerSpec::Forward(), 128, 0);
    WEIR_CHECK_OK(partition->ConnectLocal(0, downstream, 0));
    TaskDeployment d;
    d.operators = {Spec("recorder", Factory([this] {
                          return std::make_unique<ForwardingRecorder>(out);
                        }),
                        {ChainTarget::ToPartition(0)})};
    d.input_gates = {in};
    d.result_partitions = {partition};
    d.snapshot_hook = hook;
    task = *Task::Make(std::move(d), &pool);
    task->Start();
  }
  void Data(int channel, int64_t key) {
    NetworkBuffer b{StreamElement::Batch(SeqBatch(key, 1)), 8, false};
    WEIR_CHECK(in->TryPushData(channel, b, no_producer));
  }
  // What each channel's upstream source sends when it stops (see the source tests above).
  void Stop(int channel, StopMode mode, const CheckpointBarrier& barrier) {
    in->PushEvent(channel, StreamElement::EndOfData(mode));
    in->PushEvent(channel, StreamElement::Barrier(barrier));
  }
};

TEST(StopWithSavepointTest, DownstreamTaskStopsWithoutDrainAndWaitsForTheSavepoint) {
  DownstreamFixture f;
  f.Data(0, 1);
  f.Data(1, 2);
  f.Stop(0, StopMode::kNoDrain, StopBarrier(6, false));
  f.pool.RunUntilIdle();
  EXPECT_TRUE(f.hook->log().empty() || f.hook->log().back().rfind("snapshot", 0) != 0);
  f.Stop(1, StopMode::kNoDrain, StopBarrier(6, false));
  f.pool.RunUntilIdle();
  EXPECT_EQ(f.hook->log().back(), "snapshot 6 ops=1");
  auto events = f.out->Events();
  EXPECT_TRUE(Contains(events, "prepare-barrier 6"));
  EXPECT_FALSE(Contains(events, "end-input 0"));
  EXPECT_FALSE(Contains(events, "finish"));
  EXPECT_EQ(Drain(*f.downstream),
            (std::vector<std::string>{"Batch(rows=1)", "Batch(rows=1)", "EndOfData(NO_DRAIN)",
                                      "Barrier(id=6, SAVEPOINT_SUSPEND)"}));
  // Upstream tasks end their partitions once the savepoint completed; this one still waits
  // for its own notification.
  f.in->PushEvent(0, StreamElement::EndOfPartition());
  f.in->PushEvent(1, StreamElement::EndOfPartition());
  f.pool.RunUntilIdle();
  EXPECT_EQ(f.task->state(), TaskState::kRunning);
  EXPECT_TRUE(Drain(*f.downstream).empty());
  ASSERT_TRUE(f.task->NotifyCheckpointComplete(CheckpointId(6)));
  f.pool.RunUntilIdle();
  EXPECT_EQ(f.task->state(), TaskState::kFinished) << f.task->failure().ToString();
  EXPECT_EQ(Drain(*f.downstream), (std::vector<std::string>{"EndOfPartition"}));
  events = f.out->Events();
  EXPECT_TRUE(Contains(events, "complete 6"));
  EXPECT_FALSE(Contains(events, "finish"));
}

TEST(StopWithSavepointTest, DownstreamTaskDrainsEndsInputAndFinishesBeforeTheBarrier) {
  DownstreamFixture f;
  f.Data(0, 1);
  f.in->PushEvent(0, StreamElement::MakeWatermark(kMaxWatermark));
  f.in->PushEvent(1, StreamElement::MakeWatermark(kMaxWatermark));
  f.Stop(0, StopMode::kDrain, StopBarrier(2, true));
  f.Stop(1, StopMode::kDrain, StopBarrier(2, true));
  f.pool.RunUntilIdle();
  auto events = f.out->Events();
  auto end_input = std::find(events.begin(), events.end(), "end-input 0");
  auto finish = std::find(events.begin(), events.end(), "finish");
  ASSERT_NE(end_input, events.end());
  ASSERT_NE(finish, events.end());
  EXPECT_LT(end_input, finish);
  EXPECT_FALSE(Contains(events, "prepare-barrier 2"));
  EXPECT_EQ(f.hook->log().back(), "snapshot 2 ops=1 finished");
  EXPECT_EQ(Drain(*f.downstream),
            (std::vector<std::string>{"Batch(rows=1)", "Watermark(+inf)", "EndOfData(DRAIN)",
                                      "Barrier(id=2, SAVEPOINT_TERMINATE)"}));
  f.in->PushEvent(0, StreamElement::EndOfPartition());
  f.in->PushEvent(1, StreamElement::EndOfPartition());
  f.pool.RunUntilIdle();
  EXPECT_EQ(f.task->state(), TaskState::kRunning);
  ASSERT_TRUE(f.task->NotifyCheckpointComplete(CheckpointId(2)));
  f.pool.RunUntilIdle();
  EXPECT_EQ(f.task->state(), TaskState::kFinished) << f.task->failure().ToString();
}

}  // namespace
}  // namespace weir::runtime
