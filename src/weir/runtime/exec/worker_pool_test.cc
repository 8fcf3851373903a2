// Tests of the worker pool's scheduling state machine and the processing-time service.
#include "weir/runtime/exec/worker_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "weir/runtime/exec/processing_time_service.h"

namespace weir::runtime {
namespace {

// Consumes "work units" that producers add before waking it; detects overlapping slices.
class CountingTask final : public Schedulable {
 public:
  explicit CountingTask(WorkerPool* pool) : Schedulable(pool) {}

  void AddWork(int64_t n) {
    pending_.fetch_add(n, std::memory_order_seq_cst);
    Wake();
  }
  int64_t processed() const { return processed_.load(); }
  int64_t slices() const { return slices_.load(); }
  bool overlapped() const { return overlapped_.load(); }

 protected:
  SliceOutcome RunScheduledSlice() override {
    if (running_.exchange(true)) overlapped_ = true;
    slices_.fetch_add(1);
    // Take at most 3 units per slice so that yields and re-queues are exercised too.
    int64_t available = pending_.load();
    int64_t take = available < 3 ? available : 3;
    pending_.fetch_sub(take);
    processed_.fetch_add(take);
    const bool more = pending_.load() > 0;
    running_.store(false);
    return more ? SliceOutcome::kYield : SliceOutcome::kWait;
  }

 private:
  std::atomic<int64_t> pending_{0};
  std::atomic<int64_t> processed_{0};
  std::atomic<int64_t> slices_{0};
  std::atomic<bool> running_{false};
  std::atomic<bool> overlapped_{false};
};

bool WaitFor(const std::function<bool()>& cond, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!cond()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::yield();
  }
  return true;
}

TEST(WorkerPoolTest, ManyConcurrentWakesLoseNothingAndNeverOverlap) {
  WorkerPool pool(2);
  std::vector<std::shared_ptr<CountingTask>> tasks;
  for (int i = 0; i < 8; ++i) tasks.push_back(std::make_shared<CountingTask>(&pool));
  constexpr int kThreads = 4;
  constexpr int kWakesPerThread = 20000;
  std::vector<std::thread> producers;
  for (int t = 0; t < kThreads; ++t) {
    producers.emplace_back([&, t] {
      for (int i = 0; i < kWakesPerThread; ++i) tasks[(t + i) % tasks.size()]->AddWork(1);
    });
  }
  for (auto& p : producers) p.join();
  const int64_t total = int64_t{kThreads} * kWakesPerThread;
  ASSERT_TRUE(WaitFor(
      [&] {
        int64_t sum = 0;
        for (auto& t : tasks) sum += t->processed();
        return sum == total;
      },
      std::chrono::seconds(10)));
  ASSERT_TRUE(WaitFor([&] { return pool.queued() == 0; }, std::chrono::seconds(5)));
  for (auto& t : tasks) {
    EXPECT_FALSE(t->overlapped());
    t->Detach();
    EXPECT_FALSE(t->IsScheduled());
  }
}

TEST(WorkerPoolTest, ManualPoolRunsQueuedSlicesOnCaller) {
  WorkerPool pool(0);
  EXPECT_TRUE(pool.manual());
  auto task = std::make_shared<CountingTask>(&pool);
  task->AddWork(7);
  task->AddWork(0);  // already queued: no second entry
  EXPECT_EQ(pool.queued(), 1u);
  // 7 units at 3 per slice: 3 slices (yield, yield, wait).
  EXPECT_EQ(pool.RunUntilIdle(), 3);
  EXPECT_EQ(task->processed(), 7);
  EXPECT_EQ(task->slices(), 3);
  EXPECT_FALSE(pool.RunOne());
  EXPECT_FALSE(task->IsScheduled());
}

// A task whose slice wakes itself (as a source posting to its own mailbox would).
class SelfWakingTask final : public Schedulable {
 public:
  explicit SelfWakingTask(WorkerPool* pool) : Schedulable(pool) {}
  int runs = 0;

 protected:
  SliceOutcome RunScheduledSlice() override {
    ++runs;
    if (runs == 1) Wake();  // a wake while RUNNING must re-queue after the slice
    return SliceOutcome::kWait;
  }
};

TEST(WorkerPoolTest, WakeWhileRunningRequeuesAfterTheSlice) {
  WorkerPool pool(0);
  auto task = std::make_shared<SelfWakingTask>(&pool);
  task->Wake();
  EXPECT_EQ(pool.RunUntilIdle(), 2);
  EXPECT_EQ(task->runs, 2);
}

TEST(WorkerPoolTest, DetachIgnoresLaterWakes) {
  WorkerPool pool(0);
  auto task = std::make_shared<CountingTask>(&pool);
  task->Detach();
  task->AddWork(5);
  EXPECT_EQ(pool.queued(), 0u);
  EXPECT_EQ(pool.RunUntilIdle(), 0);
}

// A slice that blocks until released, to test that Shutdown waits for it.
class GatedTask final : public Schedulable {
 public:
  explicit GatedTask(WorkerPool* pool) : Schedulable(pool) {}
  std::atomic<bool> started{false};
  std::atomic<bool> finished{false};
  std::atomic<bool> release{false};

 protected:
  SliceOutcome RunScheduledSlice() override {
    started = true;
    while (!release.load()) std::this_thread::yield();
    finished = true;
    return SliceOutcome::kYield;  // would run again, but the pool is stopping
  }
};

TEST(WorkerPoolTest, ShutdownWaitsForSlicesInFlight) {
  WorkerPool pool(1);
  auto task = std::make_shared<GatedTask>(&pool);
  task->Wake();
  ASSERT_TRUE(WaitFor([&] { return task->started.load(); }, std::chrono::seconds(5)));
  std::thread releaser([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    task->release = true;
  });
  pool.Shutdown();
  EXPECT_TRUE(task->finished.load());
  EXPECT_TRUE(pool.stopped());
  releaser.join();
  EXPECT_FALSE(task->IsScheduled());
  task->Wake();  // ignored by a stopped pool
  EXPECT_EQ(pool.queued(), 0u);
  task->Detach();  // returns at once
}

TEST(ProcessingTimeServiceTest, ManualClockFiresInDeadlineOrder) {
  auto service = ProcessingTimeService::MakeManual(1000);
  std::vector<std::string> fired;
  service->Schedule(1020, [&](int64_t t) { fired.push_back("b@" + std::to_string(t)); });
  service->Schedule(1010, [&](int64_t t) { fired.push_back("a@" + std::to_string(t)); });
  TimerId cancelled = service->Schedule(1015, [&](int64_t) { fired.push_back("cancelled"); });
  service->Schedule(1020, [&](int64_t t) {
    fired.push_back("c@" + std::to_string(t));
    // Scheduled from a callback within the new time: runs in the same advance.
    service->Schedule(1025, [&](int64_t u) { fired.push_back("d@" + std::to_string(u)); });
    service->Schedule(1100, [&](int64_t) { fired.push_back("late"); });
  });
  EXPECT_TRUE(service->Cancel(cancelled));
  EXPECT_FALSE(service->Cancel(cancelled));
  service->Advance(5);
  EXPECT_TRUE(fired.empty());
  service->AdvanceTo(1030);
  EXPECT_EQ(fired, (std::vector<std::string>{"a@1010", "b@1020", "c@1020", "d@1025"}));
  EXPECT_EQ(service->CurrentTimeMs(), 1030);
  EXPECT_EQ(service->pending(), 1u);
  service->AdvanceTo(10);  // never backwards
  EXPECT_EQ(service->CurrentTimeMs(), 1030);
  service->Shutdown();
  EXPECT_EQ(service->pending(), 0u);
  EXPECT_EQ(service->Schedule(2000, [](int64_t) {}), 0u);
}

TEST(ProcessingTimeServiceTest, SystemClockFiresOnTimerThread) {
  auto service = ProcessingTimeService::MakeSystem();
  std::mutex mu;
  std::condition_variable cv;
  bool fired = false;
  std::thread::id fired_on;
  const int64_t start = service->CurrentTimeMs();
  service->Schedule(start + 5, [&](int64_t) {
    std::lock_guard<std::mutex> lock(mu);
    fired = true;
    fired_on = std::this_thread::get_id();
    cv.notify_all();
  });
  TimerId never = service->Schedule(start + 60000, [&](int64_t) { ADD_FAILURE(); });
  {
    std::unique_lock<std::mutex> lock(mu);
    ASSERT_TRUE(cv.wait_for(lock, std::chrono::seconds(5), [&] { return fired; }));
  }
  EXPECT_NE(fired_on, std::this_thread::get_id());
  EXPECT_GE(service->CurrentTimeMs(), start + 5);
  EXPECT_TRUE(service->Cancel(never));
  service->Shutdown();
}

}  // namespace
}  // namespace weir::runtime
