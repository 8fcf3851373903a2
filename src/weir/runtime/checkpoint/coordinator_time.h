// Time for the checkpoint coordinator: a clock and a timer scheduler, real or manual (tests).
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <thread>
#include <utility>

namespace weir::runtime {

/// Tells the time in milliseconds since the epoch.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual int64_t NowMillis() const = 0;
};

/// The system's wall clock.
class SystemClock final : public Clock {
 public:
  int64_t NowMillis() const override;
  /// Returns a process-wide instance.
  static SystemClock* Instance();
};

/// Runs callbacks after a delay. Callbacks never run inside Schedule() or Cancel().
///
/// Thread: all methods are thread-safe. Cancel() does not wait for a callback that already
/// started, so callbacks must tolerate running after Cancel() (check their own state).
class TimerScheduler {
 public:
  using TimerId = uint64_t;
  virtual ~TimerScheduler() = default;
  /// Runs `callback` once, `delay_ms` (>= 0) from now; returns an id for Cancel().
  virtual TimerId Schedule(int64_t delay_ms, std::function<void()> callback) = 0;
  /// Drops the timer if it has not started; unknown or fired ids are ignored.
  virtual void Cancel(TimerId id) = 0;
};

/// A timer thread over the steady clock.
class ThreadTimerScheduler final : public TimerScheduler {
 public:
  ThreadTimerScheduler();
  ~ThreadTimerScheduler() override;
  ThreadTimerScheduler(const ThreadTimerScheduler&) = delete;
  ThreadTimerScheduler& operator=(const ThreadTimerScheduler&) = delete;

  TimerId Schedule(int64_t delay_ms, std::function<void()> callback) override;
  void Cancel(TimerId id) override;
  /// Drops pending timers and joins the thread (waits for a running callback).
  void Shutdown();

 private:
  using TimePoint = std::chrono::steady_clock::time_point;
  void Run();

  std::mutex mu_;
  std::condition_variable cv_;
  std::map<std::pair<TimePoint, TimerId>, std::function<void()>> timers_;  // REQUIRES: mu_
  std::map<TimerId, TimePoint> due_;                                       // REQUIRES: mu_
  TimerId next_id_ = 1;                                                    // REQUIRES: mu_
  bool stopping_ = false;                                                  // REQUIRES: mu_
  std::thread thread_;
};

/// A manual clock with timers, for deterministic tests: time moves only by AdvanceBy/AdvanceTo,
/// which run the due callbacks on the calling thread, in due-time order (then id order), with
/// the clock set to each callback's due time while it runs.
class ManualTimeService final : public Clock, public TimerScheduler {
 public:
  explicit ManualTimeService(int64_t start_ms = 0) : now_ms_(start_ms) {}

  int64_t NowMillis() const override;
  TimerId Schedule(int64_t delay_ms, std::function<void()> callback) override;
  void Cancel(TimerId id) override;

  /// Moves the clock forward by `ms`, running every timer that falls due.
  void AdvanceBy(int64_t ms) { AdvanceTo(NowMillis() + ms); }
  /// Moves the clock to `time_ms` (never backwards), running every timer that falls due.
  void AdvanceTo(int64_t time_ms);
  /// Returns the number of scheduled timers and the due time of the earliest (-1 if none).
  size_t num_timers() const;
  int64_t next_due_ms() const;

 private:
  mutable std::mutex mu_;
  int64_t now_ms_;                                                       // REQUIRES: mu_
  std::map<std::pair<int64_t, TimerId>, std::function<void()>> timers_;  // REQUIRES: mu_
  std::map<TimerId, int64_t> due_;                                       // REQUIRES: mu_
  TimerId next_id_ = 1;                                                  // REQUIRES: mu_
};

}  // namespace weir::runtime
