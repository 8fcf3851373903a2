// Tests of timer services: firing order, deduplication, deletion, processing time, snapshots, rescale.
#include <gtest/gtest.h>

#include <deque>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "weir/common/str_cat.h"
#include "weir/runtime/exec/processing_time_service.h"
#include "weir/runtime/state/keyed_state_backend.h"
#include "weir/runtime/state/memory_checkpoint_streams.h"
#include "weir/runtime/state/state_redistribution.h"
#include "weir/runtime/state/state_test_util.h"
#include "weir/runtime/time/timer_service.h"

namespace weir::runtime {
namespace {

using state_test::MakeBackend;

// A fired timer: (domain, key, namespace, time).
using Fired = std::tuple<char, int64_t, std::string, int64_t>;

// Records fired timers and, optionally, reads state or registers follow-up timers.
class Recorder : public Triggerable {
 public:
  explicit Recorder(KeyedStateBackend* backend) : backend_(backend) {}
  Status OnEventTime(const InternalTimer& t) override { return Record('e', t); }
  Status OnProcessingTime(const InternalTimer& t) override { return Record('p', t); }

  std::vector<Fired> fired;
  std::vector<int64_t> state_seen;  // value of `state` for the firing key (-1: none)
  ValueState<int64_t>* state = nullptr;
  InternalTimerService* service = nullptr;
  bool chain = false;  // a timer at t registers one at t + 5 (same key) until t >= 30

 private:
  Status Record(char domain, const InternalTimer& t) {
    int64_t v = 0;
    bool is_null = false;
    WEIR_RETURN_NOT_OK(KeyEncoder::DecodeInteger(t.key, 8, &v, &is_null));
    EXPECT_EQ(backend_->current_key().bytes, t.key);  // firing sets the current key
    fired.emplace_back(domain, v, std::string(t.ns), t.timestamp);
    if (state != nullptr) state_seen.push_back(state->Get() ? *state->Get() : -1);
    if (chain && t.timestamp < 30) {
      return domain == 'e' ? service->RegisterEventTimeTimer(t.ns, t.timestamp + 5)
                           : service->RegisterProcessingTimeTimer(t.ns, t.timestamp + 5);
    }
    return Status::OK();
  }
  KeyedStateBackend* backend_;
};

class TimerServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    backend_ = MakeBackend({LogicalType::BigInt()});
    manager_ = std::make_unique<TimerServiceManager>(backend_.get(), &clock_);
    recorder_ = std::make_unique<Recorder>(backend_.get());
    auto service = manager_->GetInternalTimerService("window", recorder_.get());
    ASSERT_TRUE(service.ok());
    service_ = *service;
    recorder_->service = service_;
  }
  void Key(int64_t k) { ASSERT_TRUE(backend_->SetCurrentKeyValues({Value(k)}).ok()); }

  ManualProcessingTimeScheduler clock_{0};
  std::unique_ptr<KeyedStateBackend> backend_;
  std::unique_ptr<TimerServiceManager> manager_;
  std::unique_ptr<Recorder> recorder_;
  InternalTimerService* service_ = nullptr;
};

TEST_F(TimerServiceTest, EventTimersFireInOrderDeduplicatedAndDeletable) {
  Key(2);
  ASSERT_TRUE(service_->RegisterEventTimeTimer("b", 10).ok());
  ASSERT_TRUE(service_->RegisterEventTimeTimer("b", 10).ok());  // duplicate
  ASSERT_TRUE(service_->RegisterEventTimeTimer("a", 10).ok());
  ASSERT_TRUE(service_->RegisterEventTimeTimer("", 5).ok());
  ASSERT_TRUE(service_->RegisterEventTimeTimer("x", 20).ok());
  Key(1);
  ASSERT_TRUE(service_->RegisterEventTimeTimer("b", 10).ok());
  ASSERT_TRUE(service_->RegisterEventTimeTimer("z", 7).ok());
  ASSERT_TRUE(service_->DeleteEventTimeTimer("z", 7).ok());
  ASSERT_TRUE(service_->DeleteEventTimeTimer("nope", 7).ok());
  EXPECT_EQ(service_->num_event_time_timers(), 5);

  ASSERT_TRUE(manager_->AdvanceWatermark(4).ok());
  EXPECT_TRUE(recorder_->fired.empty());
  ASSERT_TRUE(manager_->AdvanceWatermark(10).ok());
  // Equal timestamps fire by key bytes, then namespace: key 1 before key 2, "a" before "b".
  std::vector<Fired> expected = {{'e', 2, "", 5}, {'e', 1, "b", 10}, {'e', 2, "a", 10}, {'e', 2, "b", 10}};
  EXPECT_EQ(recorder_->fired, expected);
  EXPECT_EQ(manager_->current_watermark(), 10);
  EXPECT_EQ(service_->current_watermark(), 10);
  ASSERT_TRUE(manager_->AdvanceWatermark(10).ok());  // nothing fires twice
  EXPECT_EQ(recorder_->fired.size(), 4u);
  // Re-registering a deleted timer works and it fires once.
  Key(1);
  ASSERT_TRUE(service_->RegisterEventTimeTimer("z", 15).ok());
  ASSERT_TRUE(service_->DeleteEventTimeTimer("z", 15).ok());
  ASSERT_TRUE(service_->RegisterEventTimeTimer("z", 15).ok());
  ASSERT_TRUE(manager_->AdvanceWatermark(kMaxWatermark).ok());
  expected.push_back({'e', 1, "z", 15});
  expected.push_back({'e', 2, "x", 20});
  EXPECT_EQ(recorder_->fired, expected);
  EXPECT_EQ(service_->num_event_time_timers(), 0);
}

TEST_F(TimerServiceTest, FiringSetsTheCurrentKeyAndCallbacksMayRegisterTimers) {
  ASSERT_OK_AND_ASSIGN(recorder_->state, backend_->GetValueState(ValueStateDescriptor<int64_t>("count")));
  for (int64_t k = 0; k < 20; ++k) {
    Key(k);
    ASSERT_TRUE(recorder_->state->Update(k * 100).ok());
    ASSERT_TRUE(service_->RegisterEventTimeTimer("w", 10 + k % 3).ok());
  }
  recorder_->chain = true;
  ASSERT_TRUE(manager_->AdvanceWatermark(25).ok());
  // Every timer saw its own key's state.
  ASSERT_EQ(recorder_->fired.size(), recorder_->state_seen.size());
  for (size_t i = 0; i < recorder_->fired.size(); ++i) {
    EXPECT_EQ(recorder_->state_seen[i], std::get<1>(recorder_->fired[i]) * 100);
  }
  // Chained timers at t+5 within the watermark fired in the same advance, in time order.
  for (size_t i = 1; i < recorder_->fired.size(); ++i) {
    EXPECT_LE(std::get<3>(recorder_->fired[i - 1]), std::get<3>(recorder_->fired[i]));
  }
  for (const auto& f : recorder_->fired) EXPECT_LE(std::get<3>(f), 25);
  // Keys with k % 3 == 0 fire 10, 15, 20, 25; the others 11, 16, 21 or 12, 17, 22.
  EXPECT_EQ(recorder_->fired.size(), 7u * 4 + 13u * 3);
  EXPECT_EQ(service_->num_event_time_timers(), 20);  // the t+5 > 25 ones remain
}

TEST_F(TimerServiceTest, ProcessingTimersFireWhenTheClockAdvances) {
  Key(1);
  ASSERT_TRUE(service_->RegisterProcessingTimeTimer("p", 100).ok());
  EXPECT_EQ(clock_.num_pending(), 1);
  ASSERT_TRUE(service_->RegisterProcessingTimeTimer("p", 50).ok());  // earlier: a new wake-up
  ASSERT_TRUE(service_->RegisterProcessingTimeTimer("p", 70).ok());  // later: none needed
  EXPECT_EQ(clock_.num_pending(), 2);
  ASSERT_TRUE(clock_.AdvanceTo(60).ok());
  EXPECT_EQ(recorder_->fired, (std::vector<Fired>{{'p', 1, "p", 50}}));
  ASSERT_TRUE(service_->DeleteProcessingTimeTimer("p", 70).ok());
  ASSERT_TRUE(clock_.AdvanceTo(99).ok());
  EXPECT_EQ(recorder_->fired.size(), 1u);
  recorder_->chain = true;
  Key(2);
  ASSERT_TRUE(service_->RegisterProcessingTimeTimer("q", 20).ok());  // in the past
  ASSERT_TRUE(clock_.AdvanceTo(100).ok());
  EXPECT_EQ(recorder_->fired, (std::vector<Fired>{{'p', 1, "p", 50}, {'p', 2, "q", 20}, {'p', 2, "q", 25},
                                                 {'p', 2, "q", 30}, {'p', 1, "p", 100}}));
  EXPECT_EQ(service_->num_processing_time_timers(), 0);
  EXPECT_EQ(service_->CurrentProcessingTime(), 100);
  // Event-time and processing-time timers are separate.
  ASSERT_TRUE(service_->RegisterEventTimeTimer("q", 5).ok());
  ASSERT_TRUE(clock_.AdvanceTo(1000).ok());
  EXPECT_EQ(service_->num_event_time_timers(), 1);
}

TEST_F(TimerServiceTest, TimersAreSnapshottedAndRestored) {
  MemoryCheckpointStorage storage;
  for (int64_t k = 0; k < 100; ++k) {
    Key(k);
    ASSERT_TRUE(service_->RegisterEventTimeTimer(StrCat("w", k % 4), 1000 + k).ok());
    ASSERT_TRUE(service_->RegisterProcessingTimeTimer("", 500 + k).ok());
  }
  ASSERT_OK_AND_ASSIGN(auto snapshot, backend_->Snapshot());
  // Changes after the capture are not in the snapshot.
  Key(0);
  ASSERT_TRUE(service_->DeleteEventTimeTimer("w0", 1000).ok());
  ASSERT_TRUE(service_->RegisterEventTimeTimer("late", 1).ok());
  ASSERT_OK_AND_ASSIGN(auto handle, snapshot->Write(storage, "timers"));
  snapshot.reset();

  auto backend = MakeBackend({LogicalType::BigInt()});
  ASSERT_TRUE(backend->Restore({*handle}, storage).ok());
  ManualProcessingTimeScheduler clock(0);
  TimerServiceManager manager(backend.get(), &clock);
  Recorder recorder(backend.get());
  ASSERT_OK_AND_ASSIGN(auto* service, manager.GetInternalTimerService("window", &recorder));
  EXPECT_EQ(service->num_event_time_timers(), 100);
  EXPECT_EQ(service->num_processing_time_timers(), 100);
  EXPECT_EQ(clock.num_pending(), 1);  // restored processing timers scheduled a wake-up
  ASSERT_TRUE(manager.AdvanceWatermark(kMaxWatermark).ok());
  ASSERT_EQ(recorder.fired.size(), 100u);
  for (int64_t k = 0; k < 100; ++k) {
    EXPECT_EQ(recorder.fired[static_cast<size_t>(k)], (Fired{'e', k, StrCat("w", k % 4), 1000 + k}));
  }
  ASSERT_TRUE(clock.AdvanceTo(549).ok());
  EXPECT_EQ(recorder.fired.size(), 150u);
  ASSERT_TRUE(clock.AdvanceTo(10000).ok());
  EXPECT_EQ(recorder.fired.size(), 200u);
  EXPECT_EQ(clock.num_pending(), 0);
}

// Timers written at parallelism 2 and restored at 3 fire exactly once, in their owner.
TEST(TimerRescaleTest, TwoToThree) {
  constexpr int32_t kMaxP = 128;
  MemoryCheckpointStorage storage;
  std::vector<KeyGroupsStateHandle> handles;
  std::set<std::pair<int64_t, int64_t>> expected;
  for (int32_t i = 0; i < 2; ++i) {
    auto backend = MakeBackend({LogicalType::BigInt()}, KeyGroupRangeForSubtask(kMaxP, 2, i), kMaxP);
    TimerServiceManager manager(backend.get(), nullptr);
    Recorder recorder(backend.get());
    ASSERT_OK_AND_ASSIGN(auto* service, manager.GetInternalTimerService("t", &recorder));
    for (int64_t k = 0; k < 2000; ++k) {
      if (!backend->SetCurrentKeyValues({Value(k)}).ok()) continue;  // another subtask's key
      ASSERT_TRUE(service->RegisterEventTimeTimer("", k % 50).ok());
      expected.insert({k, k % 50});
    }
    ASSERT_OK_AND_ASSIGN(auto snapshot, backend->Snapshot());
    ASSERT_OK_AND_ASSIGN(auto handle, snapshot->Write(storage, StrCat("t-", i)));
    handles.push_back(*handle);
  }
  EXPECT_EQ(expected.size(), 2000u);
  auto assigned = AssignKeyedStateHandles(handles, kMaxP, 3);
  std::set<std::pair<int64_t, int64_t>> fired;
  for (int32_t j = 0; j < 3; ++j) {
    KeyGroupRange range = KeyGroupRangeForSubtask(kMaxP, 3, j);
    auto backend = MakeBackend({LogicalType::BigInt()}, range, kMaxP);
    ASSERT_TRUE(backend->Restore(assigned[static_cast<size_t>(j)], storage).ok());
    TimerServiceManager manager(backend.get(), nullptr);
    Recorder recorder(backend.get());
    ASSERT_OK_AND_ASSIGN(auto* service, manager.GetInternalTimerService("t", &recorder));
    EXPECT_GT(service->num_event_time_timers(), 0);
    ASSERT_TRUE(manager.AdvanceWatermark(kMaxWatermark).ok());
    int64_t last_time = kMinWatermark;
    for (const auto& [domain, key, ns, time] : recorder.fired) {
      EXPECT_TRUE(range.Contains(KeyGroupForHash(KeyEncoder::HashInteger(key, false, 8), kMaxP)));
      EXPECT_TRUE(fired.insert({key, time}).second) << "fired twice: " << key;
      EXPECT_GE(time, last_time);
      last_time = time;
    }
  }
  EXPECT_EQ(fired, expected);
}

TEST(TimerServiceManagerTest, TaskSchedulerPostsWakeUpsToTheTaskThread) {
  auto service = ProcessingTimeService::MakeManual(0);
  std::deque<std::function<Status()>> mailbox;
  auto scheduler = std::make_unique<TaskProcessingTimeScheduler>(
      service.get(), [&](std::function<Status()> action) { mailbox.push_back(std::move(action)); });
  auto backend = MakeBackend({LogicalType::BigInt()});
  TimerServiceManager manager(backend.get(), scheduler.get());
  Recorder recorder(backend.get());
  ASSERT_OK_AND_ASSIGN(auto* timers, manager.GetInternalTimerService("t", &recorder));
  ASSERT_TRUE(backend->SetCurrentKeyValues({Value(int64_t{9})}).ok());
  ASSERT_TRUE(timers->RegisterProcessingTimeTimer("", 30).ok());
  service->AdvanceTo(29);
  EXPECT_TRUE(mailbox.empty());
  service->AdvanceTo(31);
  ASSERT_EQ(mailbox.size(), 1u);
  EXPECT_TRUE(recorder.fired.empty());  // nothing runs on the timer thread itself
  ASSERT_TRUE(mailbox.front()().ok());
  mailbox.pop_front();
  EXPECT_EQ(recorder.fired, (std::vector<Fired>{{'p', 9, "", 30}}));
  // Destroying the scheduler cancels pending wake-ups.
  ASSERT_TRUE(timers->RegisterProcessingTimeTimer("", 40).ok());
  EXPECT_EQ(service->pending(), 1u);
  scheduler.reset();
  EXPECT_EQ(service->pending(), 0u);
}

TEST(TimerServiceManagerTest, RejectsBadUse) {
  auto backend = MakeBackend({LogicalType::BigInt()});
  TimerServiceManager manager(backend.get(), nullptr);
  EXPECT_FALSE(manager.GetInternalTimerService("", nullptr).ok());
  ASSERT_OK_AND_ASSIGN(auto* timers, manager.GetInternalTimerService("t", nullptr));
  ASSERT_TRUE(backend->SetCurrentKeyValues({Value(int64_t{1})}).ok());
  ASSERT_TRUE(timers->RegisterEventTimeTimer("", 1).ok());
  EXPECT_FALSE(manager.AdvanceWatermark(5).ok());  // no target to fire to
  // The timer state name is taken by the service.
  EXPECT_FALSE(backend->GetValueState(ValueStateDescriptor<int64_t>("_timers/t/event")).ok());
}

}  // namespace
}  // namespace weir::runtime
