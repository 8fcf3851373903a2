// Timer services: per-operator event- and processing-time timers, and the manager that fires them.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>

#include "weir/common/result.h"
#include "weir/runtime/task/stream_element.h"
#include "weir/runtime/time/processing_time_scheduler.h"
#include "weir/runtime/time/timer_queue.h"

namespace weir::runtime {

class KeyedStateBackend;
class TimerServiceManager;

/// A timer as its operator sees it when it fires.
struct InternalTimer {
  std::string_view key;  // canonical key bytes; also the backend's current key while firing
  std::string_view ns;   // the namespace given at registration
  int64_t timestamp = 0;
};

/// What an operator implements to receive its timers (Flink's Triggerable). When a callback
/// runs, the keyed backend's current key is the timer's key, so the callback sees its state.
class Triggerable {
 public:
  virtual ~Triggerable() = default;
  virtual Status OnEventTime(const InternalTimer& timer) = 0;
  virtual Status OnProcessingTime(const InternalTimer& timer) = 0;
};

/// The timers of one operator under one name: event-time and processing-time timers for
/// (current key, namespace, timestamp), deduplicated, stored in keyed state and fired in
/// timestamp order (equal timestamps by key bytes, then namespace bytes).
/// Thread: the owning task thread.
class InternalTimerService {
 public:
  const std::string& name() const { return name_; }

  /// Registers an event-time timer for the current key; an existing one is left alone.
  /// It fires when a watermark >= `time` arrives (also one registered at or below the
  /// current watermark: on the next watermark).
  Status RegisterEventTimeTimer(std::string_view ns, int64_t time);
  /// Deletes an event-time timer of the current key (no-op when absent).
  Status DeleteEventTimeTimer(std::string_view ns, int64_t time);
  /// Registers a processing-time timer for the current key; it fires once processing time
  /// reaches `time`.
  Status RegisterProcessingTimeTimer(std::string_view ns, int64_t time);
  Status DeleteProcessingTimeTimer(std::string_view ns, int64_t time);

  EventTime current_watermark() const;
  int64_t CurrentProcessingTime() const;
  int64_t num_event_time_timers() const { return event_->size(); }
  int64_t num_processing_time_timers() const { return processing_->size(); }

  /// Calls fn(key bytes, namespace, time) for every event-time timer (any order).
  template <typename Fn>
  void ForEachEventTimeTimer(Fn&& fn) const {
    event_->ForEachTimer(fn);
  }
  template <typename Fn>
  void ForEachProcessingTimeTimer(Fn&& fn) const {
    processing_->ForEachTimer(fn);
  }

 private:
  friend class TimerServiceManager;
  InternalTimerService(std::string name, TimerServiceManager* manager, TimerQueue* event,
                       TimerQueue* processing)
      : name_(std::move(name)), manager_(manager), event_(event), processing_(processing) {}
  Status Fire(TimerQueue* queue, int64_t limit, bool event_time);

  std::string name_;
  TimerServiceManager* manager_;
  TimerQueue* event_;
  TimerQueue* processing_;
  Triggerable* target_ = nullptr;
};

/// The timer services of one keyed operator subtask. It fires event-time timers when the
/// watermark advances (AdvanceWatermark; wire it to OperatorContext::advance_event_time with
/// EventTimeHook()) and processing-time timers through a ProcessingTimeScheduler. The
/// timers live in the keyed backend under the state names "_timers/<service>/event" and
/// "_timers/<service>/processing", so keyed snapshots include them.
/// Thread: the owning task thread.
class TimerServiceManager {
 public:
  /// `scheduler` may be null when the operator uses no processing-time timers.
  TimerServiceManager(KeyedStateBackend* backend, ProcessingTimeScheduler* scheduler);
  ~TimerServiceManager();
  TimerServiceManager(const TimerServiceManager&) = delete;
  TimerServiceManager& operator=(const TimerServiceManager&) = delete;

  /// Returns the timer service `name` whose timers go to `target` (re-binding it when the
  /// service exists). Creating a service restores its timers when the backend was restored.
  Result<InternalTimerService*> GetInternalTimerService(const std::string& name,
                                                        Triggerable* target);

  /// Fires the event-time timers with timestamp <= `watermark` of every service (services
  /// in name order), including timers that the callbacks register within it.
  Status AdvanceWatermark(EventTime watermark);
  /// Fires the processing-time timers with timestamp <= `time_ms`.
  Status AdvanceProcessingTime(int64_t time_ms);
  /// Sets the watermark without firing (restore from a checkpointed watermark).
  void SetCurrentWatermark(EventTime watermark) { watermark_ = watermark; }

  EventTime current_watermark() const { return watermark_; }
  int64_t CurrentProcessingTime() const;
  KeyedStateBackend* backend() const { return backend_; }

  /// Returns a function for OperatorContext::advance_event_time.
  std::function<Status(EventTime)> EventTimeHook() {
    return [this](EventTime watermark) { return AdvanceWatermark(watermark); };
  }

 private:
  friend class InternalTimerService;
  // Makes sure a wake-up is scheduled at or before the earliest processing-time timer.
  void EnsureWakeUp();
  Status OnWakeUp(int64_t scheduled, int64_t now);

  KeyedStateBackend* backend_;
  ProcessingTimeScheduler* scheduler_;
  std::map<std::string, std::unique_ptr<InternalTimerService>> services_;
  EventTime watermark_ = kMinWatermark;
  std::multiset<int64_t> pending_wakeups_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace weir::runtime
