// ProcessingTimeService: the timer heap, the timer thread and the manual clock.
#include "weir/runtime/exec/processing_time_service.h"

#include <chrono>

#include "weir/common/check.h"

namespace weir::runtime {

namespace {

int64_t SystemNowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

std::unique_ptr<ProcessingTimeService> ProcessingTimeService::MakeSystem() {
  auto service = std::unique_ptr<ProcessingTimeService>(new ProcessingTimeService(false, 0));
  service->thread_ = std::thread([s = service.get()] { s->TimerLoop(); });
  return service;
}

std::unique_ptr<ProcessingTimeService> ProcessingTimeService::MakeManual(int64_t start_ms) {
  return std::unique_ptr<ProcessingTimeService>(new ProcessingTimeService(true, start_ms));
}

ProcessingTimeService::ProcessingTimeService(bool manual, int64_t start_ms)
    : manual_(manual), manual_now_ms_(start_ms) {}

ProcessingTimeService::~ProcessingTimeService() { Shutdown(); }

int64_t ProcessingTimeService::NowLocked() const {
  return manual_ ? manual_now_ms_ : SystemNowMs();
}

int64_t ProcessingTimeService::CurrentTimeMs() const {
  if (!manual_) return SystemNowMs();
  std::lock_guard<std::mutex> lock(mu_);
  return manual_now_ms_;
}

TimerId ProcessingTimeService::Schedule(int64_t deadline_ms, Callback callback) {
  std::lock_guard<std::mutex> lock(mu_);
  if (stopping_) return 0;
  TimerId id = next_id_++;
  const bool earliest = timers_.empty() || deadline_ms < timers_.begin()->first.first;
  timers_.emplace(std::make_pair(deadline_ms, id), std::move(callback));
  index_.emplace(id, deadline_ms);
  if (earliest && !manual_) changed_.notify_all();
  return id;
}

bool ProcessingTimeService::Cancel(TimerId id) {
  std::unique_lock<std::mutex> lock(mu_);
  auto it = index_.find(id);
  if (it != index_.end()) {
    timers_.erase(std::make_pair(it->second, id));
    index_.erase(it);
    return true;
  }
  if (running_id_ == id && running_thread_ != std::this_thread::get_id()) {
    changed_.wait(lock, [&] { return running_id_ != id; });
  }
  return false;
}

size_t ProcessingTimeService::pending() const {
  std::lock_guard<std::mutex> lock(mu_);
  return timers_.size();
}

void ProcessingTimeService::RunDue(std::unique_lock<std::mutex>& lock, int64_t now) {
  while (!timers_.empty() && timers_.begin()->first.first <= now && !stopping_) {
    auto node = timers_.extract(timers_.begin());
    const int64_t deadline = node.key().first;
    const TimerId id = node.key().second;
    index_.erase(id);
    running_id_ = id;
    running_thread_ = std::this_thread::get_id();
    lock.unlock();
    node.mapped()(deadline);
    lock.lock();
    running_id_ = 0;
    running_thread_ = std::thread::id();
    changed_.notify_all();
  }
}

void ProcessingTimeService::AdvanceTo(int64_t time_ms) {
  WEIR_CHECK_MSG(manual_, "AdvanceTo needs a manual processing-time service");
  std::unique_lock<std::mutex> lock(mu_);
  if (time_ms > manual_now_ms_) manual_now_ms_ = time_ms;
  RunDue(lock, manual_now_ms_);
}

void ProcessingTimeService::TimerLoop() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stopping_) {
    if (timers_.empty()) {
      changed_.wait(lock);
      continue;
    }
    const int64_t now = NowLocked();
    const int64_t next = timers_.begin()->first.first;
    if (next > now) {
      changed_.wait_for(lock, std::chrono::milliseconds(next - now));
      continue;
    }
    RunDue(lock, now);
  }
}

void ProcessingTimeService::Shutdown() {
  {
    std::unique_lock<std::mutex> lock(mu_);
    stopping_ = true;
    timers_.clear();
    index_.clear();
    changed_.notify_all();
    if (running_id_ != 0 && running_thread_ != std::this_thread::get_id()) {
      changed_.wait(lock, [&] { return running_id_ == 0; });
    }
  }
  if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
}

}  // namespace weir::runtime
