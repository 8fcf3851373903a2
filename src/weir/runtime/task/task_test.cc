// Tests of tasks and operator chains: chained pipelines, lifecycle order, side outputs,
// end of input, watermarks, failures and cancellation.
#include "weir/runtime/task/task.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "weir/runtime/network/network_environment.h"
#include "weir/runtime/task/task_test_util.h"

namespace weir::runtime {
namespace {

using testutil::Factory;
using testutil::Keys;
using testutil::SeqBatch;
using testutil::Spec;

// Returns a batch with column k multiplied by `factor`.
Result<RecordBatchPtr> Scale(const RecordBatchPtr& batch, int64_t factor) {
  auto builder =
      std::make_unique<FixedWidthBuilder<int64_t>>(LogicalType::BigInt(), DefaultMemoryPool());
  WEIR_RETURN_NOT_OK(builder->Reserve(batch->num_rows()));
  const int64_t* k = batch->column(0)->values<int64_t>();
  for (int64_t r = 0; r < batch->num_rows(); ++r) builder->UnsafeAppend(k[r] * factor);
  WEIR_ASSIGN_OR_RAISE(ColumnPtr column, builder->Finish());
  return std::make_shared<const RecordBatch>(batch->schema(), std::vector<ColumnPtr>{column},
                                             batch->num_rows());
}

Status KeepMultiplesOf(const RecordBatch& batch, int64_t m, SelectionVector* sel) {
  const int64_t* k = batch.column(0)->values<int64_t>();
  for (int64_t r = 0; r < batch.num_rows(); ++r) {
    if (k[r] % m == 0) sel->Append(static_cast<int32_t>(r));
  }
  return Status::OK();
}

class SharedLog {
 public:
  void Add(std::string s) {
    std::lock_guard<std::mutex> lock(mu_);
    log_.push_back(std::move(s));
  }
  std::vector<std::string> Get() const {
    std::lock_guard<std::mutex> lock(mu_);
    return log_;
  }

 private:
  mutable std::mutex mu_;
  std::vector<std::string> log_;
};

// Forwards batches and logs every lifecycle call; a source when `batches` > 0.
class LoggingOp final : public Operator {
 public:
  LoggingOp(std::string name, std::shared_ptr<SharedLog> log, int inputs = 1, int batches = 0)
      : name_(std::move(name)), log_(std::move(log)), inputs_(inputs), batches_(batches) {}
  int num_inputs() const override { return inputs_; }
  std::string name() const override { return name_; }
  Status Open(OperatorContext& ctx) override {
    log_->Add("open " + name_);
    return Status::OK();
  }
  Result<SourcePoll> PollNext() override {
    if (emitted_ == batches_) return SourcePoll::kEndOfInput;
    WEIR_RETURN_NOT_OK(context_->output->Emit(SeqBatch(emitted_++, 1)));
    return SourcePoll::kMoreAvailable;
  }
  Status ProcessBatch(int input, const RecordBatchPtr& batch) override {
    return context_->output->Emit(batch);
  }
  Status EndInput(int input) override {
    log_->Add(StrCat("end-input ", name_, " ", input));
    return Status::OK();
  }
  Status Finish() override {
    log_->Add("finish " + name_);
    // Finish output must reach the next operator before it ends.
    return context_->output->Emit(SeqBatch(-1, 1));
  }
  Status Close() override {
    log_->Add("close " + name_);
    return Status::OK();
  }

 private:
  const std::string name_;
  std::shared_ptr<SharedLog> log_;
  const int inputs_;
  const int batches_;
  int emitted_ = 0;
};

std::shared_ptr<Task> MakeTaskOrDie(TaskDeployment d, WorkerPool* pool) {
  auto task = Task::Make(std::move(d), pool);
  WEIR_CHECK_OK(task.status());
  return *task;
}

TEST(TaskTest, ChainedSourceMapFilterCollect) {
  WorkerPool pool(0);
  auto out = std::make_shared<CollectedOutput>();
  std::vector<StreamElement> elements = {StreamElement::Batch(SeqBatch(0, 10)),
                                         StreamElement::MakeWatermark(5),
                                         StreamElement::Batch(SeqBatch(10, 10))};
  TaskDeployment d;
  d.operators = {
      Spec("source",
           Factory([elements] { return std::make_unique<ElementsSource>("source", elements); }),
           {ChainTarget::ToOperator(1)}),
      Spec("map", Factory([] {
             return MakeMap("map", [](const RecordBatchPtr& b) { return Scale(b, 10); });
           }),
           {ChainTarget::ToOperator(2)}),
      Spec("filter", Factory([] {
             return MakeFilter("filter", [](const RecordBatch& b, SelectionVector* sel) {
               return KeepMultiplesOf(b, 20, sel);
             });
           }),
           {ChainTarget::ToOperator(3)}),
      Spec("collect", Factory([out] { return std::make_unique<CollectingSink>("collect", out); })),
  };
  auto task = MakeTaskOrDie(std::move(d), &pool);
  EXPECT_EQ(task->name(), "source (1/1)");
  EXPECT_EQ(task->state(), TaskState::kCreated);
  task->Start();
  pool.RunUntilIdle();
  ASSERT_EQ(task->state(), TaskState::kFinished) << task->failure().ToString();
  EXPECT_EQ(out->Rows(),
            (std::vector<std::string>{"+I[0]", "+I[20]", "+I[40]", "+I[60]", "+I[80]", "+I[100]",
                                      "+I[120]", "+I[140]", "+I[160]", "+I[180]"}));
  EXPECT_EQ(out->Watermarks(), (std::vector<EventTime>{5, kMaxWatermark}));
  EXPECT_EQ(out->Events(), (std::vector<std::string>{"open", "batch 5", "watermark 5", "batch 5",
                                                     StrCat("watermark ", kMaxWatermark),
                                                     "end-input 0", "finish", "close"}));
}

TEST(TaskTest, LifecycleOrderFollowsTheChain) {
  WorkerPool pool(0);
  auto log = std::make_shared<SharedLog>();
  auto hook = std::make_shared<testutil::RecordingSnapshotHook>();
  auto out = std::make_shared<CollectedOutput>();
  TaskDeployment d;
  d.operators = {
      Spec("src", Factory([log] { return std::make_unique<LoggingOp>("src", log, 0, 2); }),
           {ChainTarget::ToOperator(1)}),
      Spec("mid", Factory([log] { return std::make_unique<LoggingOp>("mid", log); }),
           {ChainTarget::ToOperator(2)}),
      Spec("sink", Factory([out] { return std::make_unique<CollectingSink>("sink", out); })),
  };
  d.snapshot_hook = hook;
  std::vector<std::string> states;
  d.on_state_change = [&](const TaskStateChange& c) { states.push_back(TaskStateName(c.to)); };
  auto task = MakeTaskOrDie(std::move(d), &pool);
  task->Start();
  pool.RunUntilIdle();
  ASSERT_EQ(task->state(), TaskState::kFinished);
  EXPECT_EQ(states, (std::vector<std::string>{"DEPLOYING", "INITIALIZING", "RUNNING", "FINISHED"}));
  // Open (and state initialisation) tail first; end of input and finish head first; close
  // head first.
  EXPECT_EQ(hook->log(), (std::vector<std::string>{"init sink", "init mid", "init src"}));
  EXPECT_EQ(log->Get(),
            (std::vector<std::string>{"open mid", "open src", "finish src", "end-input mid 0",
                                      "finish mid", "close src", "close mid"}));
  // The source's two batches, then what src's Finish emitted, then mid's: both reached the
  // sink before its own end of input.
  EXPECT_EQ(out->Rows(), (std::vector<std::string>{"+I[0]", "+I[1]", "+I[-1]", "+I[-1]"}));
  auto events = out->Events();
  ASSERT_GE(events.size(), 3u);
  EXPECT_EQ(events[events.size() - 3], "end-input 0");
  EXPECT_EQ(events[events.size() - 2], "finish");
  EXPECT_EQ(events.back(), "close");
}

// Sends even keys to the main output and odd keys to side output 0.
class SplitOp final : public Operator {
 public:
  std::string name() const override { return "split"; }
  Status ProcessBatch(int input, const RecordBatchPtr& batch) override {
    SelectionVector even, odd;
    const int64_t* k = batch->column(0)->values<int64_t>();
    for (int64_t r = 0; r < batch->num_rows(); ++r) {
      (k[r] % 2 == 0 ? even : odd).Append(static_cast<int32_t>(r));
    }
    WEIR_ASSIGN_OR_RAISE(auto main, batch->Take(even));
    WEIR_ASSIGN_OR_RAISE(auto side, batch->Take(odd));
    WEIR_RETURN_NOT_OK(context_->output->Emit(main));
    return context_->output->EmitSide(0, side);
  }
};

TEST(TaskTest, SideOutputsGoToTheirOwnTargets) {
  WorkerPool pool(0);
  auto evens = std::make_shared<CollectedOutput>();
  auto odds = std::make_shared<CollectedOutput>();
  std::vector<StreamElement> elements = {StreamElement::Batch(SeqBatch(0, 6)),
                                         StreamElement::MakeWatermark(3)};
  TaskDeployment d;
  d.operators = {
      Spec("source",
           Factory([elements] { return std::make_unique<ElementsSource>("source", elements); }),
           {ChainTarget::ToOperator(1)}),
      Spec("split", Factory([] { return std::make_unique<SplitOp>(); }),
           {ChainTarget::ToOperator(2)}),
      Spec("evens", Factory([evens] { return std::make_unique<CollectingSink>("e", evens); })),
      Spec("odds", Factory([odds] { return std::make_unique<CollectingSink>("o", odds); })),
  };
  d.operators[1].side_outputs = {{ChainTarget::ToOperator(3)}};
  auto task = MakeTaskOrDie(std::move(d), &pool);
  task->Start();
  pool.RunUntilIdle();
  ASSERT_EQ(task->state(), TaskState::kFinished) << task->failure().ToString();
  EXPECT_EQ(evens->Rows(), (std::vector<std::string>{"+I[0]", "+I[2]", "+I[4]"}));
  EXPECT_EQ(odds->Rows(), (std::vector<std::string>{"+I[1]", "+I[3]", "+I[5]"}));
  // Watermarks reach side outputs too.
  EXPECT_EQ(odds->Watermarks(), (std::vector<EventTime>{3, kMaxWatermark}));
}

TEST(TaskTest, InvalidChainsAreRejectedAtDeployment) {
  WorkerPool pool(0);
  TaskDeployment d;
  d.operators = {
      Spec("a", Factory([] { return std::make_unique<DiscardingSink>("a"); })),
      Spec("b", Factory([] { return std::make_unique<DiscardingSink>("b"); })),  // unfed
  };
  auto gate = InputGate::Make("g", 1, 0, NetworkConfig(), MemoryPool::MakeRoot("net"));
  ASSERT_TRUE(gate.ok());
  d.input_gates = {*gate};
  Status error;
  d.on_state_change = [&](const TaskStateChange& c) {
    if (c.to == TaskState::kFailed) error = c.error;
  };
  auto task = MakeTaskOrDie(std::move(d), &pool);
  task->Start();
  pool.RunUntilIdle();
  EXPECT_EQ(task->state(), TaskState::kFailed);
  EXPECT_TRUE(error.IsInvalid()) << error.ToString();
  EXPECT_NE(error.message().find("exactly one"), std::string::npos) << error.ToString();
  Status f = task->failure();
  EXPECT_TRUE(f.IsInvalid());
}

// Fails on its third batch.
class FailingOp final : public Operator {
 public:
  std::string name() const override { return "failing"; }
  Status ProcessBatch(int input, const RecordBatchPtr& batch) override {
    if (++seen_ == 3) return Status::IOError("injected failure at batch ", seen_);
    return context_->output->Emit(batch);
  }

 private:
  int seen_ = 0;
};

TEST(TaskTest, FailureClosesOperatorsAndIsReported) {
  WorkerPool pool(0);
  auto out = std::make_shared<CollectedOutput>();
  std::vector<StreamElement> elements;
  for (int i = 0; i < 5; ++i) elements.push_back(StreamElement::Batch(SeqBatch(i, 1)));
  TaskDeployment d;
  d.operators = {
      Spec("source",
           Factory([elements] { return std::make_unique<ElementsSource>("source", elements); }),
           {ChainTarget::ToOperator(1)}),
      Spec("failing", Factory([] { return std::make_unique<FailingOp>(); }),
           {ChainTarget::ToOperator(2)}),
      Spec("collect", Factory([out] { return std::make_unique<CollectingSink>("c", out); })),
  };
  std::vector<std::string> states;
  d.on_state_change = [&](const TaskStateChange& c) { states.push_back(TaskStateName(c.to)); };
  auto task = MakeTaskOrDie(std::move(d), &pool);
  task->Start();
  pool.RunUntilIdle();
  ASSERT_EQ(task->state(), TaskState::kFailed);
  Status f = task->failure();
  EXPECT_TRUE(f.IsIOError());
  EXPECT_NE(f.message().find("injected failure at batch 3"), std::string::npos);
  EXPECT_EQ(states.back(), "FAILED");
  EXPECT_EQ(out->Rows(), (std::vector<std::string>{"+I[0]", "+I[1]"}));
  EXPECT_EQ(out->Events().back(), "close");
  EXPECT_FALSE(task->Post([] { return Status::OK(); }));
  EXPECT_EQ(task->RunSlice(10), SliceResult::kFailed);
}

TEST(TaskTest, CancelStopsARunningTaskAndAnUnstartedOne) {
  WorkerPool pool(0);
  auto out = std::make_shared<CollectedOutput>();
  int64_t polls = 0;
  TaskDeployment d;
  d.operators = {
      Spec("endless", Factory([&polls] {
             return MakeCallbackSource("endless", [&polls](Output& o) -> Result<SourcePoll> {
               ++polls;
               WEIR_RETURN_NOT_OK(o.Emit(SeqBatch(polls, 1)));
               return SourcePoll::kMoreAvailable;
             });
           }),
           {ChainTarget::ToOperator(1)}),
      Spec("collect", Factory([out] { return std::make_unique<CollectingSink>("c", out); })),
  };
  d.options.slice_budget = 4;
  auto task = MakeTaskOrDie(d, &pool);
  task->Start();
  EXPECT_EQ(pool.RunUntilIdle(5), 5);  // never idle on its own
  EXPECT_EQ(task->state(), TaskState::kRunning);
  EXPECT_EQ(task->last_slice_result(), SliceResult::kMoreWork);
  task->Cancel();
  pool.RunUntilIdle();
  EXPECT_EQ(task->state(), TaskState::kCanceled);
  EXPECT_EQ(out->Events().back(), "close");
  EXPECT_EQ(polls, 20);  // 5 slices of 4 polls, then the cancel slice polls nothing

  auto unstarted = MakeTaskOrDie(d, &pool);
  unstarted->Cancel();
  EXPECT_EQ(unstarted->state(), TaskState::kCanceled);
  unstarted->Start();  // too late: stays canceled
  EXPECT_EQ(pool.RunUntilIdle(), 0);
}

TEST(TaskTest, TwoInputEndOfInputAndWatermarkMinimum) {
  WorkerPool pool(0);
  auto net = MemoryPool::MakeRoot("net");
  auto gate0 = InputGate::Make("in0", 2, 0, NetworkConfig(), net);
  auto gate1 = InputGate::Make("in1", 1, 1, NetworkConfig(), net);
  ASSERT_TRUE(gate0.ok() && gate1.ok());
  auto out = std::make_shared<CollectedOutput>();
  TaskDeployment d;
  d.operators = {
      Spec("join", Factory([out] { return std::make_unique<CollectingSink>("join", out, 2); })),
  };
  d.input_gates = {*gate0, *gate1};
  auto task = MakeTaskOrDie(std::move(d), &pool);
  task->Start();
  pool.RunUntilIdle();
  EXPECT_EQ(task->last_slice_result(), SliceResult::kWaitingForInput);

  std::weak_ptr<Schedulable> none;
  NetworkBuffer b{StreamElement::Batch(SeqBatch(1, 1)), 8, false};
  ASSERT_TRUE((*gate1)->TryPushData(0, b, none));
  (*gate0)->PushEvent(0, StreamElement::MakeWatermark(10));
  (*gate0)->PushEvent(1, StreamElement::MakeWatermark(12));
  (*gate1)->PushEvent(0, StreamElement::MakeWatermark(5));
  pool.RunUntilIdle();
  EXPECT_EQ(out->Watermarks(), (std::vector<EventTime>{5}));
  (*gate1)->PushEvent(0, StreamElement::MakeWatermark(20));
  pool.RunUntilIdle();
  EXPECT_EQ(out->Watermarks(), (std::vector<EventTime>{5, 10}));

  (*gate0)->PushEvent(0, StreamElement::EndOfPartition());
  pool.RunUntilIdle();
  // The ended channel leaves input 0's minimum: its other channel (12) now decides.
  EXPECT_EQ(out->Events().back(), "watermark 12");
  (*gate0)->PushEvent(1, StreamElement::EndOfPartition());
  pool.RunUntilIdle();
  EXPECT_EQ(out->Events().back(), "end-input 0");
  EXPECT_EQ(task->state(), TaskState::kRunning);
  NetworkBuffer b2{StreamElement::Batch(SeqBatch(2, 1)), 8, false};
  ASSERT_TRUE((*gate1)->TryPushData(0, b2, none));
  (*gate1)->PushEvent(0, StreamElement::EndOfData(StopMode::kNone));
  (*gate1)->PushEvent(0, StreamElement::EndOfPartition());
  pool.RunUntilIdle();
  EXPECT_EQ(task->state(), TaskState::kFinished) << task->failure().ToString();
  EXPECT_EQ(out->RowsOf(1), (std::vector<std::string>{"+I[1]", "+I[2]"}));
  auto events = out->Events();
  ASSERT_GE(events.size(), 4u);
  EXPECT_EQ(std::vector<std::string>(events.end() - 4, events.end()),
            (std::vector<std::string>{"batch 1", "end-input 1", "finish", "close"}));
  EXPECT_NE(std::find(events.begin(), events.end(), "end-input 0"), events.end());
}

TEST(TaskTest, WatermarkIdlenessAcrossChannels) {
  WorkerPool pool(0);
  auto gate = InputGate::Make("in", 2, 0, NetworkConfig(), MemoryPool::MakeRoot("net"));
  ASSERT_TRUE(gate.ok());
  auto out = std::make_shared<CollectedOutput>();
  TaskDeployment d;
  d.operators = {Spec("c", Factory([out] { return std::make_unique<CollectingSink>("c", out); }))};
  d.input_gates = {*gate};
  auto task = MakeTaskOrDie(std::move(d), &pool);
  task->Start();
  (*gate)->PushEvent(0, StreamElement::MakeWatermark(10));
  (*gate)->PushEvent(1, StreamElement::MakeWatermark(5));
  pool.RunUntilIdle();
  (*gate)->PushEvent(1, StreamElement::WatermarkStatus(true));
  pool.RunUntilIdle();
  (*gate)->PushEvent(0, StreamElement::MakeWatermark(30));
  (*gate)->PushEvent(0, StreamElement::WatermarkStatus(true));
  pool.RunUntilIdle();
  (*gate)->PushEvent(1, StreamElement::WatermarkStatus(false));
  (*gate)->PushEvent(1, StreamElement::MakeWatermark(40));
  pool.RunUntilIdle();
  EXPECT_EQ(out->Events(),
            (std::vector<std::string>{"open", "watermark 5", "watermark 10", "watermark 30", "idle",
                                      "active", "watermark 40"}));
}

// BATCH execution: event time jumps from -inf to +inf at end of input; the watermarks a
// source emits on the way are not forwarded.
TEST(TaskTest, BatchModeForwardsOnlyTheFinalWatermark) {
  for (bool batch : {false, true}) {
    WorkerPool pool(0);
    auto out = std::make_shared<CollectedOutput>();
    std::vector<StreamElement> elements = {
        StreamElement::Batch(SeqBatch(0, 2)), StreamElement::MakeWatermark(10),
        StreamElement::Batch(SeqBatch(2, 2)), StreamElement::MakeWatermark(20)};
    TaskDeployment d;
    d.operators = {
        Spec("source", Factory([elements] {
               return std::make_unique<ElementsSource>("source", elements);
             }),
             {ChainTarget::ToOperator(1)}),
        Spec("sink", Factory([out] { return std::make_unique<CollectingSink>("sink", out); })),
    };
    d.options.batch = batch;
    auto task = MakeTaskOrDie(std::move(d), &pool);
    task->Start();
    pool.RunUntilIdle();
    EXPECT_EQ(task->state(), TaskState::kFinished) << task->failure().ToString();
    EXPECT_EQ(out->num_rows(), 4);
    const std::vector<EventTime> expected =
        batch ? std::vector<EventTime>{kMaxWatermark}
              : std::vector<EventTime>{10, 20, kMaxWatermark};
    EXPECT_EQ(out->Watermarks(), expected) << (batch ? "BATCH" : "STREAMING");
  }
}

}  // namespace
}  // namespace weir::runtime
