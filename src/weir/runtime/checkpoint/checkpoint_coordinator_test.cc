// Tests for the CheckpointCoordinator with fake tasks and a manual clock.
#include "weir/runtime/checkpoint/checkpoint_coordinator.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <random>
#include <thread>

namespace weir::runtime {
namespace {

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() {
    static int counter = 0;
    path_ = StrCat(testing::TempDir(), "/weir_coord_", ::getpid(), "_", counter++, "_",
                   std::random_device{}());
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

const JobId kJob(0x1111222233334444ULL, 0x5555666677778888ULL);
const VertexId kSource(1);
const VertexId kMap(2);

// source (uid "src", p=2) --all-to-all--> map -> sink (uids "map", "sink", p=2)
JobTasksView TwoVertexJob() {
  JobTasksView view;
  CheckpointVertex src;
  src.id = kSource;
  src.hex_id = "0000000000000000000000000000000a";
  src.name = "Source";
  src.operator_uids = {"src"};
  src.parallelism = 2;
  src.max_parallelism = 128;
  src.subtask_states = {TaskExecutionState::kRunning, TaskExecutionState::kRunning};
  CheckpointVertex map;
  map.id = kMap;
  map.name = "Map -> Sink";
  map.operator_uids = {"map", "sink"};
  map.parallelism = 2;
  map.max_parallelism = 128;
  map.subtask_states = {TaskExecutionState::kRunning, TaskExecutionState::kRunning};
  map.inputs.push_back(CheckpointVertexInput{kSource, true, {}});
  view.vertices = {src, map};
  return view;
}

struct TriggerCall {
  TaskRef task;
  CheckpointBarrier barrier;
  std::string reference;
};

class FakeGateway : public CheckpointTaskGateway {
 public:
  JobTasksView CurrentTasks() override {
    std::lock_guard<std::mutex> lock(mu);
    return view;
  }
  void TriggerCheckpoint(const TaskRef& task, const CheckpointBarrier& barrier,
                         const std::string& reference) override {
    std::function<void(const TriggerCall&)> hook;
    {
      std::lock_guard<std::mutex> lock(mu);
      triggers.push_back(TriggerCall{task, barrier, reference});
      events.push_back(StrCat("trigger ", barrier.id.value(), " ", task.ToString()));
      hook = on_trigger;
    }
    if (hook) hook(TriggerCall{task, barrier, reference});
  }
  void NotifyCheckpointComplete(const TaskRef& task, CheckpointId id) override {
    std::function<void(const TaskRef&, CheckpointId)> hook;
    {
      std::lock_guard<std::mutex> lock(mu);
      events.push_back(StrCat("complete ", id.value(), " ", task.ToString()));
      hook = on_complete;
    }
    if (hook) hook(task, id);
  }
  void NotifyCheckpointAborted(const TaskRef& task, CheckpointId id) override {
    std::lock_guard<std::mutex> lock(mu);
    events.push_back(StrCat("abort ", id.value(), " ", task.ToString()));
  }

  std::vector<std::string> TakeEvents() {
    std::lock_guard<std::mutex> lock(mu);
    std::vector<std::string> out;
    out.swap(events);
    return out;
  }
  std::vector<TriggerCall> TakeTriggers() {
    std::lock_guard<std::mutex> lock(mu);
    std::vector<TriggerCall> out;
    out.swap(triggers);
    return out;
  }

  std::mutex mu;
  JobTasksView view = TwoVertexJob();
  std::vector<TriggerCall> triggers;
  std::vector<std::string> events;
  std::function<void(const TriggerCall&)> on_trigger;
  std::function<void(const TaskRef&, CheckpointId)> on_complete;
};

class CheckpointCoordinatorTest : public testing::Test {
 protected:
  void SetUp() override {
    FsCheckpointStorageOptions options;
    options.checkpoints_dir = StrCat(tmp_.path(), "/checkpoints");
    options.savepoints_dir = StrCat(tmp_.path(), "/savepoints");
    storage_ = *FsCheckpointStorage::Make(kJob, options);
    gateway_ = std::make_shared<FakeGateway>();
  }

  CheckpointingSettings Settings(int64_t interval_ms, int64_t min_pause_ms = 0) {
    CheckpointingSettings s;
    s.interval_ms = interval_ms;
    s.min_pause_ms = min_pause_ms;
    s.timeout_ms = 10000;
    s.checkpoints_dir = storage_->job_directory();
    return s;
  }

  std::shared_ptr<CheckpointCoordinator> Make(CheckpointingSettings settings,
                                              IoExecutor* io = nullptr) {
    CheckpointCoordinatorOptions options;
    options.settings = settings;
    options.storage = storage_;
    options.gateway = gateway_;
    options.clock = &time_;
    options.scheduler = &time_;
    options.io_executor = io != nullptr ? io : &inline_io_;
    options.fail_job = [this](Status st) { job_failures_.push_back(st.message()); };
    Result<std::shared_ptr<CheckpointCoordinator>> c = CheckpointCoordinator::Make(options);
    WEIR_CHECK_OK(c.status());
    return *c;
  }

  // Returns the state of one task for checkpoint `id`, written into real files.
  TaskStateSnapshot SnapshotOf(const TaskRef& task, CheckpointId id,
                               const std::string& reference = "") {
    const CheckpointVertex* vertex = nullptr;
    for (const CheckpointVertex& v : gateway_->view.vertices) {
      if (v.id == task.vertex) vertex = &v;
    }
    WEIR_CHECK(vertex != nullptr);
    auto factory = *storage_->CreateStreamFactory(id, reference);
    TaskStateSnapshot snapshot;
    for (const std::string& uid : vertex->operator_uids) {
      // Writing fails once the checkpoint was aborted and its directory deleted.
      Result<std::unique_ptr<CheckpointOutputStream>> out =
          factory->CreateOutputStream(StrCat(uid, "-", task.subtask));
      if (!out.ok()) continue;
      WEIR_CHECK_OK((*out)->Write(StrCat(uid, "/", task.subtask, "@", id.value())));
      Result<StreamStateHandle> closed = (*out)->CloseAndGetHandle();
      if (!closed.ok()) continue;
      StreamStateHandle h = *closed;
      OperatorSubtaskState st;
      st.operator_state.push_back(
          OperatorStateHandle{h, {OperatorStateEntry{"s", OperatorStateMode::kUnion, {0}}}});
      st.watermark = 100 + task.subtask;
      snapshot.operators.emplace(uid, std::move(st));
    }
    return snapshot;
  }

  AckResult Ack(CheckpointCoordinator& c, const TaskRef& task, CheckpointId id,
                const std::string& reference = "") {
    SubtaskCheckpointMetrics metrics;
    metrics.sync_duration_ms = 1 + task.subtask;
    metrics.async_duration_ms = 20;
    metrics.alignment_duration_ms = task.vertex == kMap ? 7 : 0;
    return c.AcknowledgeCheckpoint(task, id, SnapshotOf(task, id, reference), metrics);
  }

  void AckAll(CheckpointCoordinator& c, CheckpointId id, const std::string& reference = "") {
    for (const CheckpointVertex& v : gateway_->view.vertices) {
      for (int32_t s = 0; s < v.parallelism; ++s) {
        if (v.subtask_states[static_cast<size_t>(s)] != TaskExecutionState::kRunning) continue;
        EXPECT_EQ(Ack(c, TaskRef{v.id, s}, id, reference), AckResult::kAccepted);
      }
    }
  }

  static std::vector<int64_t> TriggeredIds(const std::vector<TriggerCall>& calls) {
    std::vector<int64_t> ids;
    for (const TriggerCall& t : calls) {
      if (ids.empty() || ids.back() != t.barrier.id.value()) ids.push_back(t.barrier.id.value());
    }
    return ids;
  }

  TempDir tmp_;
  ManualTimeService time_{1000};
  InlineIoExecutor inline_io_;
  std::shared_ptr<FsCheckpointStorage> storage_;
  std::shared_ptr<FakeGateway> gateway_;
  std::vector<std::string> job_failures_;
};

TEST_F(CheckpointCoordinatorTest, PeriodicTriggeringRespectsIntervalAndMinPause) {
  auto c = Make(Settings(100, 50));
  c->StartPeriodicScheduling();
  EXPECT_TRUE(c->periodic_scheduling());
  time_.AdvanceTo(1099);
  EXPECT_TRUE(gateway_->TakeTriggers().empty());
  time_.AdvanceTo(1100);
  std::vector<TriggerCall> t = gateway_->TakeTriggers();
  ASSERT_EQ(t.size(), 2u);  // both source subtasks, nothing else
  for (const TriggerCall& call : t) {
    EXPECT_EQ(call.task.vertex, kSource);
    EXPECT_EQ(call.barrier.id, CheckpointId(1));
    EXPECT_EQ(call.barrier.timestamp_ms, 1100);
    EXPECT_EQ(call.barrier.kind, SnapshotKind::kCheckpoint);
    EXPECT_EQ(call.reference, "");
  }
  time_.AdvanceTo(1130);
  AckAll(*c, CheckpointId(1));
  ASSERT_NE(c->LatestCompletedCheckpoint(), nullptr);
  EXPECT_EQ(c->LatestCompletedCheckpoint()->id(), CheckpointId(1));

  // Next periodic trigger at 1200 (fixed interval from the last trigger); pause 1130+50 ok.
  time_.AdvanceTo(1199);
  EXPECT_TRUE(gateway_->TakeTriggers().empty());
  time_.AdvanceTo(1200);
  EXPECT_EQ(TriggeredIds(gateway_->TakeTriggers()), std::vector<int64_t>{2});
  time_.AdvanceTo(1290);
  AckAll(*c, CheckpointId(2));
  // The 1300 timer fires, but the min pause holds the trigger until 1290 + 50 = 1340.
  time_.AdvanceTo(1339);
  EXPECT_TRUE(gateway_->TakeTriggers().empty());
  time_.AdvanceTo(1340);
  t = gateway_->TakeTriggers();
  ASSERT_EQ(TriggeredIds(t), std::vector<int64_t>{3});
  EXPECT_EQ(t[0].barrier.timestamp_ms, 1340);

  c->StopPeriodicScheduling();
  AckAll(*c, CheckpointId(3));
  time_.AdvanceTo(5000);
  EXPECT_TRUE(gateway_->TakeTriggers().empty());
  c->Shutdown();
}

TEST_F(CheckpointCoordinatorTest, MaxConcurrentOneNeverHasTwoPending) {
  auto c = Make(Settings(100));
  c->StartPeriodicScheduling();
  time_.AdvanceTo(1100);
  EXPECT_EQ(TriggeredIds(gateway_->TakeTriggers()), std::vector<int64_t>{1});
  // The checkpoint takes longer than several intervals; on-demand requests queue too.
  std::vector<int64_t> manual;
  c->TriggerCheckpoint([&](Result<CompletedCheckpointPtr> r) {
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    manual.push_back((*r)->id().value());
  });
  time_.AdvanceTo(1450);
  EXPECT_TRUE(gateway_->TakeTriggers().empty());
  EXPECT_EQ(c->PendingCheckpointIds(), std::vector<CheckpointId>{CheckpointId(1)});
  AckAll(*c, CheckpointId(1));
  // The queued on-demand checkpoint starts at once; the due periodic one waits for it.
  EXPECT_EQ(TriggeredIds(gateway_->TakeTriggers()), std::vector<int64_t>{2});
  EXPECT_EQ(c->PendingCheckpointIds(), std::vector<CheckpointId>{CheckpointId(2)});
  AckAll(*c, CheckpointId(2));
  EXPECT_EQ(manual, std::vector<int64_t>{2});
  EXPECT_EQ(TriggeredIds(gateway_->TakeTriggers()), std::vector<int64_t>{3});
  EXPECT_EQ(c->PendingCheckpointIds().size(), 1u);
  c->Shutdown();
}

TEST_F(CheckpointCoordinatorTest, AllAcksCompleteThenNotifyEveryTaskThenCallback) {
  auto c = Make(Settings(0));
  std::vector<std::string> observed;
  gateway_->on_complete = [&](const TaskRef& task, CheckpointId id) {
    // By the time a task hears of completion, _metadata is durable and the checkpoint is the
    // latest completed one.
    CompletedCheckpointPtr latest = c->LatestCompletedCheckpoint();
    ASSERT_NE(latest, nullptr);
    EXPECT_EQ(latest->id(), id);
    EXPECT_TRUE(fs::exists(latest->metadata_path));
    observed.push_back(StrCat("notified ", task.ToString()));
  };
  CompletedCheckpointPtr result;
  c->TriggerCheckpoint([&](Result<CompletedCheckpointPtr> r) {
    ASSERT_TRUE(r.ok());
    observed.push_back("callback");
    result = *r;
  });
  std::vector<TriggerCall> t = gateway_->TakeTriggers();
  ASSERT_EQ(t.size(), 2u);
  CheckpointId id = t[0].barrier.id;
  EXPECT_EQ(id, CheckpointId(1));

  EXPECT_EQ(Ack(*c, TaskRef{kSource, 0}, id), AckResult::kAccepted);
  EXPECT_EQ(Ack(*c, TaskRef{kSource, 0}, id), AckResult::kDuplicate);
  EXPECT_EQ(Ack(*c, TaskRef{kSource, 1, /*attempt=*/1}, id), AckResult::kUnknown);  // stale
  EXPECT_EQ(Ack(*c, TaskRef{kSource, 1}, CheckpointId(99)), AckResult::kUnknown);
  EXPECT_EQ(Ack(*c, TaskRef{kSource, 1}, id), AckResult::kAccepted);
  EXPECT_EQ(Ack(*c, TaskRef{kMap, 0}, id), AckResult::kAccepted);
  EXPECT_EQ(c->LatestCompletedCheckpoint(), nullptr);
  EXPECT_TRUE(observed.empty());
  EXPECT_EQ(Ack(*c, TaskRef{kMap, 1}, id), AckResult::kAccepted);
  EXPECT_EQ(observed, (std::vector<std::string>{"notified 1/0#0", "notified 1/1#0",
                                                "notified 2/0#0", "notified 2/1#0", "callback"}));
  // Late acks after completion are ignored.
  EXPECT_EQ(Ack(*c, TaskRef{kMap, 1}, id), AckResult::kUnknown);

  // The metadata lists every operator with its subtasks' handles and watermarks.
  ASSERT_NE(result, nullptr);
  EXPECT_EQ(result->directory, StrCat(storage_->job_directory(), "/chk-1"));
  Result<LoadedCheckpoint> loaded = LoadCheckpoint(result->directory);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  const CheckpointMetadata& m = loaded->metadata;
  EXPECT_EQ(m.job_id, kJob);
  EXPECT_EQ(m.checkpoint_id, id);
  EXPECT_EQ(m.kind, SnapshotKind::kCheckpoint);
  EXPECT_EQ(m.timestamp_ms, 1000);
  ASSERT_EQ(m.operators.size(), 3u);
  EXPECT_EQ(m.operators[0].uid, "map");
  EXPECT_EQ(m.operators[1].uid, "sink");
  EXPECT_EQ(m.operators[2].uid, "src");
  for (const OperatorStateMetadata& op : m.operators) {
    EXPECT_EQ(op.parallelism, 2);
    EXPECT_EQ(op.max_parallelism, 128);
    for (int32_t s = 0; s < 2; ++s) {
      const OperatorSubtaskState& st = op.subtasks[static_cast<size_t>(s)];
      EXPECT_EQ(st.watermark, 100 + s);
      EXPECT_FALSE(st.finished);
      ASSERT_EQ(st.operator_state.size(), 1u);
      auto in = *loaded->opener->Open(st.operator_state[0].stream);
      std::string expected = StrCat(op.uid, "/", s, "@1");
      std::string bytes(expected.size(), '\0');
      ASSERT_TRUE(in->ReadFully(bytes.data(), static_cast<int64_t>(bytes.size())).ok());
      EXPECT_EQ(bytes, expected);
    }
  }
  c->Shutdown();
}

TEST_F(CheckpointCoordinatorTest, TimeoutAbortsNotifiesDeletesAndCounts) {
  CheckpointingSettings s = Settings(0);
  s.timeout_ms = 500;
  s.tolerable_failures = 1;
  auto c = Make(s);
  Status failure;
  c->TriggerCheckpoint([&](Result<CompletedCheckpointPtr> r) {
    EXPECT_FALSE(r.ok());
    failure = r.status();
  });
  ASSERT_EQ(gateway_->TakeTriggers().size(), 2u);
  const std::string dir = StrCat(storage_->job_directory(), "/chk-1");
  EXPECT_TRUE(fs::exists(dir));
  Ack(*c, TaskRef{kSource, 0}, CheckpointId(1));
  gateway_->TakeEvents();
  time_.AdvanceBy(499);
  EXPECT_EQ(c->PendingCheckpointIds().size(), 1u);
  time_.AdvanceBy(1);
  EXPECT_TRUE(c->PendingCheckpointIds().empty());
  EXPECT_EQ(failure.code(), StatusCode::kTimeout);
  EXPECT_NE(failure.message().find("CHECKPOINT_EXPIRED"), std::string::npos);
  EXPECT_FALSE(fs::exists(dir));
  EXPECT_EQ(gateway_->TakeEvents(), (std::vector<std::string>{"abort 1 1/0#0", "abort 1 1/1#0",
                                                              "abort 1 2/0#0", "abort 1 2/1#0"}));
  EXPECT_EQ(c->NumConsecutiveFailures(), 1);
  EXPECT_TRUE(job_failures_.empty());
  EXPECT_EQ(Ack(*c, TaskRef{kSource, 1}, CheckpointId(1)), AckResult::kUnknown);

  // A second consecutive failure exceeds the tolerance of 1 and fails the job.
  c->TriggerCheckpoint();
  time_.AdvanceBy(500);
  ASSERT_EQ(job_failures_.size(), 1u);
  EXPECT_NE(job_failures_[0].find("Exceeded checkpoint tolerable failure threshold"),
            std::string::npos);
  EXPECT_EQ(c->NumConsecutiveFailures(), 0);
  CheckpointStatsSnapshot stats = c->Stats();
  EXPECT_EQ(stats.num_failed, 2);
  EXPECT_EQ(stats.num_completed, 0);
  ASSERT_TRUE(stats.latest_failed.has_value());
  EXPECT_EQ(stats.latest_failed->id, CheckpointId(2));
  c->Shutdown();
}

TEST_F(CheckpointCoordinatorTest, DeclineAbortsAndOnlyRealFailuresCount) {
  CheckpointingSettings s = Settings(0);
  s.tolerable_failures = 5;
  auto c = Make(s);
  c->TriggerCheckpoint();
  Ack(*c, TaskRef{kSource, 0}, CheckpointId(1));
  c->DeclineCheckpoint(TaskRef{kMap, 1}, CheckpointId(1), CheckpointFailureReason::kDeclined,
                       Status::IOError("disk full"));
  EXPECT_TRUE(c->PendingCheckpointIds().empty());
  EXPECT_EQ(c->NumConsecutiveFailures(), 1);
  CheckpointStatsSnapshot stats = c->Stats();
  ASSERT_TRUE(stats.latest_failed.has_value());
  EXPECT_NE(stats.latest_failed->failure_message.find("disk full"), std::string::npos);
  EXPECT_NE(stats.latest_failed->failure_message.find("declined by task 2/1#0"), std::string::npos);

  // Not-ready declines, task failures and declines of strangers do not count.
  c->TriggerCheckpoint();
  c->DeclineCheckpoint(TaskRef{VertexId(77), 0}, CheckpointId(2),
                       CheckpointFailureReason::kDeclined, Status::IOError("stranger"));
  EXPECT_EQ(c->PendingCheckpointIds().size(), 1u);
  c->DeclineCheckpoint(TaskRef{kSource, 1}, CheckpointId(2), CheckpointFailureReason::kTaskNotReady,
                       Status::Cancelled("closing"));
  EXPECT_EQ(c->NumConsecutiveFailures(), 1);
  c->TriggerCheckpoint();
  c->AbortPendingCheckpoints(CheckpointFailureReason::kTaskFailure, Status::Internal("boom"));
  EXPECT_EQ(c->NumConsecutiveFailures(), 1);
  EXPECT_TRUE(c->PendingCheckpointIds().empty());

  // A completed checkpoint resets the count.
  c->TriggerCheckpoint();
  AckAll(*c, CheckpointId(4));
  EXPECT_EQ(c->NumConsecutiveFailures(), 0);
  EXPECT_TRUE(job_failures_.empty());
  c->Shutdown();
}

TEST_F(CheckpointCoordinatorTest, ZeroTolerableFailuresFailTheJobAtTheFirstFailure) {
  auto c = Make(Settings(0));
  c->TriggerCheckpoint();
  c->DeclineCheckpoint(TaskRef{kSource, 0}, CheckpointId(1), CheckpointFailureReason::kDeclined,
                       Status::IOError("x"));
  EXPECT_EQ(job_failures_.size(), 1u);
  c->Shutdown();
}

TEST_F(CheckpointCoordinatorTest, FinishedTasksNeedNoBarrierAndAreRecordedFinished) {
  gateway_->view.vertices[0].subtask_states[1] = TaskExecutionState::kFinished;
  auto c = Make(Settings(0));
  c->TriggerCheckpoint();
  std::vector<TriggerCall> t = gateway_->TakeTriggers();
  ASSERT_EQ(t.size(), 1u);
  EXPECT_EQ(t[0].task, (TaskRef{kSource, 0}));
  Ack(*c, TaskRef{kSource, 0}, CheckpointId(1));
  Ack(*c, TaskRef{kMap, 0}, CheckpointId(1));
  // A task finishing during the checkpoint counts as acknowledged with finished state.
  c->ReportTaskFinished(TaskRef{kMap, 1});
  CompletedCheckpointPtr done = c->LatestCompletedCheckpoint();
  ASSERT_NE(done, nullptr);
  const OperatorStateMetadata* src = done->metadata.FindOperator("src");
  ASSERT_NE(src, nullptr);
  EXPECT_FALSE(src->subtasks[0].finished);
  EXPECT_TRUE(src->subtasks[1].finished);
  EXPECT_EQ(src->subtasks[1].watermark, kMaxWatermark);
  EXPECT_TRUE(src->subtasks[1].empty());
  EXPECT_TRUE(done->metadata.FindOperator("sink")->subtasks[1].finished);
  // The finished source subtask is not notified; every running task is.
  std::vector<std::string> events = gateway_->TakeEvents();
  EXPECT_EQ(std::count(events.begin(), events.end(), "complete 1 1/1#0"), 0);
  EXPECT_EQ(std::count(events.begin(), events.end(), "complete 1 1/0#0"), 1);

  // All sources finished: the map tasks are triggered directly (FLIP-147).
  gateway_->view.vertices[0].subtask_states[0] = TaskExecutionState::kFinished;
  c->TriggerCheckpoint();
  t = gateway_->TakeTriggers();
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(t[0].task.vertex, kMap);
  AckAll(*c, CheckpointId(2));
  ASSERT_EQ(c->LatestCompletedCheckpoint()->id(), CheckpointId(2));
  EXPECT_TRUE(c->LatestCompletedCheckpoint()->metadata.FindOperator("src")->FullyFinished());

  // Everything finished: nothing to checkpoint, and no id is used up.
  gateway_->view.vertices[1].subtask_states = {TaskExecutionState::kFinished,
                                               TaskExecutionState::kFinished};
  Status st;
  c->TriggerCheckpoint([&](Result<CompletedCheckpointPtr> r) {
    EXPECT_FALSE(r.ok());
    st = r.status();
  });
  EXPECT_EQ(st.code(), StatusCode::kCancelled);
  EXPECT_NE(st.message().find("finished"), std::string::npos);
  EXPECT_TRUE(gateway_->TakeTriggers().empty());
  c->Shutdown();
}

TEST_F(CheckpointCoordinatorTest, NotAllTasksRunningSkipsWithoutUsingAnId) {
  gateway_->view.vertices[1].subtask_states[0] = TaskExecutionState::kNotRunning;
  auto c = Make(Settings(100));
  c->StartPeriodicScheduling();
  time_.AdvanceTo(1100);
  EXPECT_TRUE(gateway_->TakeTriggers().empty());
  EXPECT_TRUE(c->PendingCheckpointIds().empty());
  gateway_->view.vertices[1].subtask_states[0] = TaskExecutionState::kRunning;
  time_.AdvanceTo(1200);
  EXPECT_EQ(TriggeredIds(gateway_->TakeTriggers()), std::vector<int64_t>{1});
  EXPECT_EQ(c->NumConsecutiveFailures(), 0);
  c->Shutdown();
}

TEST_F(CheckpointCoordinatorTest, RetentionDeletesOldCheckpointsOnly) {
  CheckpointingSettings s = Settings(0);
  s.num_retained = 2;
  auto c = Make(s);
  std::string savepoint_dir;
  for (int i = 1; i <= 4; ++i) {
    if (i == 2) {
      c->TriggerSavepoint("", SnapshotKind::kSavepoint, [&](Result<CompletedCheckpointPtr> r) {
        ASSERT_TRUE(r.ok()) << r.status().ToString();
        savepoint_dir = (*r)->directory;
      });
      TriggerCall call = gateway_->TakeTriggers().at(0);
      AckAll(*c, call.barrier.id, call.reference);
    }
    c->TriggerCheckpoint();
    CheckpointId id = gateway_->TakeTriggers().at(0).barrier.id;
    AckAll(*c, id);
  }
  // Ids: 1, savepoint 2, 3, 4, 5 — checkpoints 1 and 3 fell out of retention.
  EXPECT_EQ(*storage_->ListCompletedCheckpointIds(),
            (std::vector<CheckpointId>{CheckpointId(4), CheckpointId(5)}));
  EXPECT_EQ(c->store().size(), 2u);
  EXPECT_TRUE(fs::exists(StrCat(savepoint_dir, "/_metadata")));
  CheckpointStatsSnapshot stats = c->Stats();
  EXPECT_EQ(stats.num_completed, 5);
  ASSERT_NE(stats.Find(CheckpointId(1)), nullptr);
  EXPECT_TRUE(stats.Find(CheckpointId(1))->discarded);
  EXPECT_FALSE(stats.Find(CheckpointId(5))->discarded);
  ASSERT_TRUE(stats.latest_savepoint.has_value());
  EXPECT_EQ(stats.latest_savepoint->external_path, savepoint_dir);
  c->Shutdown();
}

TEST_F(CheckpointCoordinatorTest, SavepointGoesToItsDirectoryAndIsRestorable) {
  auto c = Make(Settings(0));
  CompletedCheckpointPtr savepoint;
  const std::string target = StrCat(tmp_.path(), "/my-savepoints");
  c->TriggerSavepoint(target, SnapshotKind::kSavepoint, [&](Result<CompletedCheckpointPtr> r) {
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    savepoint = *r;
  });
  std::vector<TriggerCall> t = gateway_->TakeTriggers();
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(t[0].barrier.kind, SnapshotKind::kSavepoint);
  EXPECT_FALSE(t[0].reference.empty());
  EXPECT_EQ(fs::path(t[0].reference).parent_path(), fs::absolute(target).lexically_normal());
  AckAll(*c, t[0].barrier.id, t[0].reference);
  ASSERT_NE(savepoint, nullptr);
  EXPECT_TRUE(savepoint->is_savepoint());
  EXPECT_EQ(savepoint->directory, t[0].reference);
  EXPECT_EQ(c->LatestCompletedCheckpoint(), nullptr);  // savepoints are not retained
  // No chk directory was created for it.
  EXPECT_FALSE(fs::exists(StrCat(storage_->job_directory(), "/chk-1")));
  Result<LoadedCheckpoint> loaded = LoadCheckpoint(savepoint->directory);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ(loaded->metadata.kind, SnapshotKind::kSavepoint);

  // A new coordinator restored from it continues with higher ids.
  auto c2 = Make(Settings(0));
  c2->SetRestoredCheckpoint(savepoint);
  EXPECT_EQ(c2->LatestRestorePoint(), savepoint);
  c2->TriggerCheckpoint();
  EXPECT_EQ(gateway_->TakeTriggers().at(0).barrier.id, CheckpointId(2));
  AckAll(*c2, CheckpointId(2));
  EXPECT_EQ(c2->LatestRestorePoint()->id(), CheckpointId(2));
  EXPECT_EQ(c2->Stats().num_restored, 1);
  c->Shutdown();
  c2->Shutdown();
}

TEST_F(CheckpointCoordinatorTest, StopWithSavepointStopsPeriodicAndRestartsOnFailure) {
  auto c = Make(Settings(100));
  c->StartPeriodicScheduling();
  time_.AdvanceTo(1100);
  EXPECT_EQ(TriggeredIds(gateway_->TakeTriggers()), std::vector<int64_t>{1});
  Status failure;
  c->TriggerSavepoint("", SnapshotKind::kSavepointTerminate, [&](Result<CompletedCheckpointPtr> r) {
    EXPECT_FALSE(r.ok());
    failure = r.status();
  });
  // The pending checkpoint was aborted (not counted) and the savepoint triggered at once.
  EXPECT_FALSE(c->periodic_scheduling());
  std::vector<TriggerCall> t = gateway_->TakeTriggers();
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(t[0].barrier.id, CheckpointId(2));
  EXPECT_EQ(t[0].barrier.kind, SnapshotKind::kSavepointTerminate);
  EXPECT_EQ(c->NumConsecutiveFailures(), 0);
  time_.AdvanceTo(1500);
  EXPECT_TRUE(gateway_->TakeTriggers().empty());
  c->DeclineCheckpoint(TaskRef{kMap, 0}, CheckpointId(2), CheckpointFailureReason::kDeclined,
                       Status::IOError("no space"));
  EXPECT_FALSE(failure.ok());
  EXPECT_EQ(c->NumConsecutiveFailures(), 0);  // savepoint failures are not counted
  EXPECT_TRUE(job_failures_.empty());
  // The savepoint's directory is gone and periodic checkpoints are back.
  EXPECT_TRUE(!fs::exists(StrCat(tmp_.path(), "/savepoints")) ||
              fs::is_empty(StrCat(tmp_.path(), "/savepoints")));
  EXPECT_TRUE(c->periodic_scheduling());
  time_.AdvanceBy(100);
  EXPECT_EQ(TriggeredIds(gateway_->TakeTriggers()), std::vector<int64_t>{3});

  // A successful stop-with-savepoint leaves periodic checkpoints stopped.
  CompletedCheckpointPtr sp;
  c->TriggerSavepoint("", SnapshotKind::kSavepointSuspend, [&](Result<CompletedCheckpointPtr> r) {
    ASSERT_TRUE(r.ok());
    sp = *r;
  });
  TriggerCall call = gateway_->TakeTriggers().at(0);
  EXPECT_EQ(call.barrier.id, CheckpointId(4));
  AckAll(*c, CheckpointId(4), call.reference);
  ASSERT_NE(sp, nullptr);
  EXPECT_EQ(sp->kind(), SnapshotKind::kSavepointSuspend);
  EXPECT_FALSE(c->periodic_scheduling());
  time_.AdvanceBy(1000);
  EXPECT_TRUE(gateway_->TakeTriggers().empty());
  c->Shutdown();
}

TEST_F(CheckpointCoordinatorTest, InvalidAckRejectsTheCheckpoint) {
  auto c = Make(Settings(0));
  c->TriggerCheckpoint();
  TaskStateSnapshot wrong;
  wrong.operators["map"] = OperatorSubtaskState{};  // "map" is not in the source's chain
  EXPECT_EQ(c->AcknowledgeCheckpoint(TaskRef{kSource, 0}, CheckpointId(1), wrong),
            AckResult::kRejected);
  EXPECT_TRUE(c->PendingCheckpointIds().empty());
  c->Shutdown();
}

TEST_F(CheckpointCoordinatorTest, ShutdownAbortsEverythingAndIgnoresLaterCalls) {
  auto c = Make(Settings(100));
  c->StartPeriodicScheduling();
  time_.AdvanceTo(1100);
  Status queued_status;
  Status pending_status;
  c->TriggerSavepoint("", SnapshotKind::kSavepoint, [&](Result<CompletedCheckpointPtr> r) {
    EXPECT_FALSE(r.ok());
    queued_status = r.status();
  });
  c->Shutdown();
  EXPECT_EQ(queued_status.code(), StatusCode::kCancelled);
  EXPECT_TRUE(c->PendingCheckpointIds().empty());
  EXPECT_FALSE(fs::exists(StrCat(storage_->job_directory(), "/chk-1")));
  c->TriggerCheckpoint([&](Result<CompletedCheckpointPtr> r) {
    EXPECT_FALSE(r.ok());
    pending_status = r.status();
  });
  EXPECT_FALSE(pending_status.ok());
  EXPECT_EQ(Ack(*c, TaskRef{kSource, 0}, CheckpointId(1)), AckResult::kUnknown);
  c->StartPeriodicScheduling();
  time_.AdvanceTo(5000);
  EXPECT_EQ(TriggeredIds(gateway_->TakeTriggers()), std::vector<int64_t>{1});
}

TEST_F(CheckpointCoordinatorTest, StatisticsPerCheckpointAndTask) {
  CheckpointingSettings s = Settings(0);
  s.tolerable_failures = -1;
  auto c = Make(s);
  c->TriggerCheckpoint();
  time_.AdvanceBy(10);
  Ack(*c, TaskRef{kSource, 0}, CheckpointId(1));
  time_.AdvanceBy(5);
  Ack(*c, TaskRef{kSource, 1}, CheckpointId(1));
  CheckpointStatsSnapshot in_progress = c->Stats();
  EXPECT_EQ(in_progress.num_in_progress, 1);
  ASSERT_EQ(in_progress.history.size(), 1u);
  EXPECT_EQ(in_progress.history[0].status, CheckpointStatsStatus::kInProgress);
  EXPECT_EQ(in_progress.history[0].num_acknowledged_subtasks, 2);
  EXPECT_EQ(in_progress.history[0].num_subtasks, 4);
  EXPECT_EQ(in_progress.history[0].EndToEndDurationMs(), 15);
  time_.AdvanceBy(5);
  Ack(*c, TaskRef{kMap, 0}, CheckpointId(1));
  Ack(*c, TaskRef{kMap, 1}, CheckpointId(1));
  c->TriggerCheckpoint();
  c->DeclineCheckpoint(TaskRef{kMap, 0}, CheckpointId(2), CheckpointFailureReason::kDeclined,
                       Status::IOError("nope"));

  CheckpointStatsSnapshot stats = c->Stats();
  EXPECT_EQ(stats.num_total, 2);
  EXPECT_EQ(stats.num_completed, 1);
  EXPECT_EQ(stats.num_failed, 1);
  EXPECT_EQ(stats.num_in_progress, 0);
  ASSERT_EQ(stats.history.size(), 2u);
  EXPECT_EQ(stats.history[0].id, CheckpointId(2));  // newest first
  const CheckpointStats& done = stats.history[1];
  EXPECT_EQ(done.status, CheckpointStatsStatus::kCompleted);
  EXPECT_EQ(done.trigger_timestamp_ms, 1000);
  EXPECT_EQ(done.EndToEndDurationMs(), 20);
  EXPECT_EQ(done.external_path, StrCat(storage_->job_directory(), "/chk-1"));
  EXPECT_GT(done.state_size, 0);
  const TaskCheckpointStats* map = done.FindTask(kMap);
  ASSERT_NE(map, nullptr);
  EXPECT_EQ(map->name, "Map -> Sink");
  EXPECT_EQ(map->num_acknowledged, 2);
  EXPECT_EQ(map->latest_ack_timestamp_ms, 1020);
  EXPECT_EQ(map->subtasks[1].metrics.sync_duration_ms, 2);
  EXPECT_EQ(map->subtasks[1].metrics.async_duration_ms, 20);
  EXPECT_EQ(map->subtasks[1].metrics.alignment_duration_ms, 7);
  EXPECT_GT(map->subtasks[1].state_size, 0);
  EXPECT_EQ(map->state_size, map->subtasks[0].state_size + map->subtasks[1].state_size);
  EXPECT_EQ(stats.end_to_end_duration.count, 1);
  EXPECT_EQ(stats.end_to_end_duration.max, 20);

  std::string json = stats.ToJson();
  for (const char* field :
       {"\"counts\"", "\"completed\":1", "\"failed\":1", "\"latest\"", "\"history\"", "\"summary\"",
        "\"end_to_end_duration\"", "\"className\":\"completed\"", "\"className\":\"failed\"",
        "\"failure_message\"", "\"external_path\"", "\"checkpoint_type\":\"CHECKPOINT\"",
        "\"num_acknowledged_subtasks\":4"}) {
    EXPECT_NE(json.find(field), std::string::npos) << field << " in " << json;
  }
  std::string details = CheckpointDetailsToJson(done);
  EXPECT_NE(details.find("\"0000000000000000000000000000000a\""), std::string::npos) << details;
  std::string task_details = TaskCheckpointDetailsToJson(done, kMap);
  EXPECT_NE(task_details.find("\"subtasks\""), std::string::npos);
  EXPECT_NE(task_details.find("\"sync\":2"), std::string::npos) << task_details;
  EXPECT_EQ(TaskCheckpointDetailsToJson(done, VertexId(99)), "");
  std::string text = stats.ToText();
  EXPECT_NE(text.find("completed 1"), std::string::npos) << text;
  EXPECT_NE(text.find("Map -> Sink: acks 2/2"), std::string::npos) << text;
  c->Shutdown();
}

TEST_F(CheckpointCoordinatorTest, SubsumedPendingCheckpointsAreAbortedWithoutCounting) {
  CheckpointingSettings s = Settings(0);
  s.max_concurrent = 2;
  auto c = Make(s);
  c->TriggerCheckpoint();
  c->TriggerCheckpoint();
  EXPECT_EQ(c->PendingCheckpointIds().size(), 2u);
  AckAll(*c, CheckpointId(2));
  EXPECT_TRUE(c->PendingCheckpointIds().empty());
  EXPECT_EQ(c->LatestCompletedCheckpoint()->id(), CheckpointId(2));
  EXPECT_EQ(c->NumConsecutiveFailures(), 0);
  EXPECT_FALSE(fs::exists(StrCat(storage_->job_directory(), "/chk-1")));
  c->Shutdown();
}

TEST_F(CheckpointCoordinatorTest, FailoverDuringFinalizationDropsTheCheckpoint) {
  // A queued I/O executor: _metadata is written only when the test runs the queue.
  class QueuedIo : public IoExecutor {
   public:
    void Execute(std::function<void()> work) override { queue.push_back(std::move(work)); }
    void RunAll() {
      while (!queue.empty()) {
        auto w = std::move(queue.front());
        queue.pop_front();
        w();
      }
    }
    std::deque<std::function<void()>> queue;
  } io;
  auto c = Make(Settings(0), &io);
  c->TriggerCheckpoint();
  io.RunAll();  // creates chk-1
  ASSERT_EQ(gateway_->TakeTriggers().size(), 2u);
  AckAll(*c, CheckpointId(1));
  EXPECT_EQ(io.queue.size(), 1u);  // the _metadata write
  c->AbortPendingCheckpoints(CheckpointFailureReason::kTaskFailure, Status::Internal("crash"));
  io.RunAll();
  EXPECT_EQ(c->LatestCompletedCheckpoint(), nullptr);
  EXPECT_FALSE(fs::exists(StrCat(storage_->job_directory(), "/chk-1")));
  EXPECT_EQ(c->NumConsecutiveFailures(), 0);
  c->Shutdown();
  io.RunAll();
}

TEST_F(CheckpointCoordinatorTest, RunsWithRealThreads) {
  ThreadTimerScheduler scheduler;
  ThreadIoExecutor io("checkpoint-io", 2);
  CheckpointCoordinatorOptions options;
  options.settings = Settings(5);
  options.settings.num_retained = 3;
  options.storage = storage_;
  options.gateway = gateway_;
  options.scheduler = &scheduler;
  options.io_executor = &io;
  auto c = *CheckpointCoordinator::Make(options);
  // Tasks acknowledge from their own thread, as a real task's I/O thread would.
  std::mutex mu;
  std::condition_variable cv;
  std::deque<TriggerCall> inbox;
  std::atomic<bool> stop{false};
  gateway_->on_trigger = [&](const TriggerCall& call) {
    std::lock_guard<std::mutex> lock(mu);
    inbox.push_back(call);
    cv.notify_one();
  };
  std::thread tasks([&] {
    std::unique_lock<std::mutex> lock(mu);
    while (!stop) {
      cv.wait_for(lock, std::chrono::milliseconds(5));
      while (!inbox.empty()) {
        TriggerCall call = inbox.front();
        inbox.pop_front();
        if (call.task.subtask != 0) continue;  // ack every task once per checkpoint
        lock.unlock();
        for (const CheckpointVertex& v : gateway_->view.vertices) {
          for (int32_t s = 0; s < v.parallelism; ++s) {
            Ack(*c, TaskRef{v.id, s}, call.barrier.id);
          }
        }
        lock.lock();
      }
    }
  });
  c->StartPeriodicScheduling();
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (c->Stats().num_completed < 5 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  stop = true;
  tasks.join();
  c->Shutdown();
  io.WaitIdle();
  scheduler.Shutdown();
  io.Shutdown();
  CheckpointStatsSnapshot stats = c->Stats();
  EXPECT_GE(stats.num_completed, 5);
  Result<std::vector<CheckpointId>> ids = storage_->ListCompletedCheckpointIds();
  ASSERT_TRUE(ids.ok());
  EXPECT_LE(ids->size(), 3u);
  for (size_t i = 1; i < ids->size(); ++i) EXPECT_LT((*ids)[i - 1], (*ids)[i]);
  // Nothing incomplete is left behind after shutdown.
  EXPECT_EQ(*storage_->DiscardIncompleteCheckpoints(), 0);
}

}  // namespace
}  // namespace weir::runtime
