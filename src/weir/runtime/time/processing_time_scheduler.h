// ProcessingTimeScheduler: what timer services need from a task's processing-time machinery.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <utility>

#include "weir/common/status.h"
#include "weir/runtime/exec/processing_time_service.h"

namespace weir::runtime {

/// The clock and the one-shot wake-ups that processing-time timers need. Callbacks run on
/// the owning task's thread (between batches), never concurrently with the task.
class ProcessingTimeScheduler {
 public:
  using WakeUp = std::function<Status(int64_t now_ms)>;
  virtual ~ProcessingTimeScheduler() = default;
  /// Returns the current processing time in milliseconds since the epoch.
  virtual int64_t CurrentProcessingTime() const = 0;
  /// Arranges for `callback(now)` to run on the task thread once the clock reaches `time_ms`.
  /// An error it returns fails the task.
  virtual void ScheduleWakeUp(int64_t time_ms, WakeUp callback) = 0;
};

/// A scheduler on a manual clock whose wake-ups run inside AdvanceTo (tests, harnesses).
/// Thread: one thread.
class ManualProcessingTimeScheduler : public ProcessingTimeScheduler {
 public:
  explicit ManualProcessingTimeScheduler(int64_t start_ms = 0) : now_(start_ms) {}
  int64_t CurrentProcessingTime() const override { return now_; }
  void ScheduleWakeUp(int64_t time_ms, WakeUp callback) override {
    pending_.emplace(std::make_pair(time_ms, next_++), std::move(callback));
  }
  /// Moves the clock to `time_ms` (never backwards) and runs every due wake-up, including
  /// ones scheduled by wake-ups within the new time, in time order.
  Status AdvanceTo(int64_t time_ms);
  int64_t num_pending() const { return static_cast<int64_t>(pending_.size()); }

 private:
  int64_t now_;
  uint64_t next_ = 0;
  std::map<std::pair<int64_t, uint64_t>, WakeUp> pending_;
};

/// Adapts a task's ProcessingTimeService (timer thread) and mailbox `post` into a
/// ProcessingTimeScheduler: a due wake-up posts an action that runs the callback on the task
/// thread. Destruction cancels the wake-ups still pending.
/// Thread: ScheduleWakeUp and destruction on the task thread; the service's thread posts.
class TaskProcessingTimeScheduler : public ProcessingTimeScheduler {
 public:
  using Post = std::function<void(std::function<Status()> action)>;
  TaskProcessingTimeScheduler(ProcessingTimeService* service, Post post)
      : service_(service), post_(std::move(post)), state_(std::make_shared<Shared>()) {}
  ~TaskProcessingTimeScheduler() override;
  int64_t CurrentProcessingTime() const override { return service_->CurrentTimeMs(); }
  void ScheduleWakeUp(int64_t time_ms, WakeUp callback) override;

 private:
  struct Shared {
    std::mutex mu;
    std::set<TimerId> pending;  // GUARDED_BY(mu)
    bool closed = false;        // GUARDED_BY(mu)
  };
  ProcessingTimeService* service_;
  Post post_;
  std::shared_ptr<Shared> state_;
};

}  // namespace weir::runtime
