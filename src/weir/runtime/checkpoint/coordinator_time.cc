// Clocks and timer schedulers of the checkpoint coordinator.
#include "weir/runtime/checkpoint/coordinator_time.h"

#include <chrono>

namespace weir::runtime {

int64_t SystemClock::NowMillis() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

SystemClock* SystemClock::Instance() {
  static SystemClock clock;
  return &clock;
}

// --- ThreadTimerScheduler ---

ThreadTimerScheduler::ThreadTimerScheduler() : thread_([this] { Run(); }) {}

ThreadTimerScheduler::~ThreadTimerScheduler() { Shutdown(); }

TimerScheduler::TimerId ThreadTimerScheduler::Schedule(int64_t delay_ms,
                                                       std::function<void()> callback) {
  TimerId id;
  {
    std::lock_guard<std::mutex> lock(mu_);
    id = next_id_++;
    if (stopping_) return id;
    TimePoint due =
        std::chrono::steady_clock::now() + std::chrono::milliseconds(delay_ms < 0 ? 0 : delay_ms);
    timers_.emplace(std::make_pair(due, id), std::move(callback));
    due_.emplace(id, due);
  }
  cv_.notify_one();
  return id;
}

void ThreadTimerScheduler::Cancel(TimerId id) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = due_.find(id);
  if (it == due_.end()) return;
  timers_.erase(std::make_pair(it->second, id));
  due_.erase(it);
}

void ThreadTimerScheduler::Shutdown() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_) return;
    stopping_ = true;
    timers_.clear();
    due_.clear();
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void ThreadTimerScheduler::Run() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stopping_) {
    if (timers_.empty()) {
      cv_.wait(lock);
      continue;
    }
    auto first = timers_.begin();
    const TimePoint due = first->first.first;
    if (std::chrono::steady_clock::now() < due) {
      cv_.wait_until(lock, due);
      continue;
    }
    std::function<void()> callback = std::move(first->second);
    due_.erase(first->first.second);
    timers_.erase(first);
    lock.unlock();
    callback();
    lock.lock();
  }
}

// --- ManualTimeService ---

int64_t ManualTimeService::NowMillis() const {
  std::lock_guard<std::mutex> lock(mu_);
  return now_ms_;
}

TimerScheduler::TimerId ManualTimeService::Schedule(int64_t delay_ms,
                                                    std::function<void()> callback) {
  std::lock_guard<std::mutex> lock(mu_);
  TimerId id = next_id_++;
  int64_t due = now_ms_ + (delay_ms < 0 ? 0 : delay_ms);
  timers_.emplace(std::make_pair(due, id), std::move(callback));
  due_.emplace(id, due);
  return id;
}

void ManualTimeService::Cancel(TimerId id) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = due_.find(id);
  if (it == due_.end()) return;
  timers_.erase(std::make_pair(it->second, id));
  due_.erase(it);
}

void ManualTimeService::AdvanceTo(int64_t time_ms) {
  std::unique_lock<std::mutex> lock(mu_);
  while (!timers_.empty() && timers_.begin()->first.first <= time_ms) {
    auto first = timers_.begin();
    if (first->first.first > now_ms_) now_ms_ = first->first.first;
    std::function<void()> callback = std::move(first->second);
    due_.erase(first->first.second);
    timers_.erase(first);
    lock.unlock();
    callback();
    lock.lock();
  }
  if (time_ms > now_ms_) now_ms_ = time_ms;
}

size_t ManualTimeService::num_timers() const {
  std::lock_guard<std::mutex> lock(mu_);
  return timers_.size();
}

int64_t ManualTimeService::next_due_ms() const {
  std::lock_guard<std::mutex> lock(mu_);
  return timers_.empty() ? -1 : timers_.begin()->first.first;
}

}  // namespace weir::runtime
