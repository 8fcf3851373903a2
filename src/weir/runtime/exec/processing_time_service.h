// ProcessingTimeService: wall-clock timers run by one timer thread (or by hand in tests).
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <utility>

namespace weir::runtime {

/// Identifies a scheduled timer; 0 is never used.
using TimerId = uint64_t;

/// Runs callbacks at processing-time deadlines (milliseconds since the epoch, as Flink's
/// processing time). Callbacks must be short and must not block: they post an action to a
/// task's mailbox or wake a task; the work itself runs on the task's worker.
///
/// Two clocks: the system clock, with one timer thread that fires due timers; or a manual
/// clock for tests, where AdvanceTo() fires the due timers on the caller's thread.
/// Timers with equal deadlines fire in the order they were scheduled.
/// Thread: all methods are thread-safe; callbacks run without the service's lock held and
/// may schedule or cancel timers.
class ProcessingTimeService {
 public:
  using Callback = std::function<void(int64_t deadline_ms)>;

  /// Creates a service on the system clock with its timer thread.
  static std::unique_ptr<ProcessingTimeService> MakeSystem();
  /// Creates a service whose clock starts at `start_ms` and moves only by AdvanceTo/Advance.
  static std::unique_ptr<ProcessingTimeService> MakeManual(int64_t start_ms = 0);

  ~ProcessingTimeService();
  ProcessingTimeService(const ProcessingTimeService&) = delete;
  ProcessingTimeService& operator=(const ProcessingTimeService&) = delete;

  /// Returns the current processing time in milliseconds.
  int64_t CurrentTimeMs() const;
  bool manual() const { return manual_; }

  /// Schedules `callback` at `deadline_ms` (a deadline in the past fires as soon as possible).
  /// Returns 0 (and drops the callback) after Shutdown.
  TimerId Schedule(int64_t deadline_ms, Callback callback);
  /// Cancels a timer. Returns true if it will not run. If it is running on another thread,
  /// waits for it to finish first (so the caller may free what the callback uses), unless
  /// called from the callback itself.
  bool Cancel(TimerId id);
  /// Returns the number of pending timers.
  size_t pending() const;

  /// Manual clock only: moves the clock to `time_ms` (never backwards) and runs every timer
  /// due by then, including ones that those callbacks schedule within the new time.
  void AdvanceTo(int64_t time_ms);
  void Advance(int64_t delta_ms) { AdvanceTo(CurrentTimeMs() + delta_ms); }

  /// Cancels all timers, waits for a running callback and stops the timer thread. Idempotent.
  void Shutdown();

 private:
  explicit ProcessingTimeService(bool manual, int64_t start_ms);
  void TimerLoop();
  // Pops and runs every timer due at `now`; REQUIRES: lock held on entry and on return.
  void RunDue(std::unique_lock<std::mutex>& lock, int64_t now);
  int64_t NowLocked() const;

  const bool manual_;
  mutable std::mutex mu_;
  std::condition_variable changed_;  // new earliest deadline, shutdown, or callback done
  int64_t manual_now_ms_ = 0;        // REQUIRES: mu_ held (manual clock)
  TimerId next_id_ = 1;              // REQUIRES: mu_ held
  // Pending timers by (deadline, id); the index maps an id to its deadline for Cancel.
  std::map<std::pair<int64_t, TimerId>, Callback> timers_;  // REQUIRES: mu_ held
  std::unordered_map<TimerId, int64_t> index_;              // REQUIRES: mu_ held
  TimerId running_id_ = 0;                                  // REQUIRES: mu_ held
  std::thread::id running_thread_;                          // REQUIRES: mu_ held
  bool stopping_ = false;                                   // REQUIRES: mu_ held
  std::thread thread_;
};

}  // namespace weir::runtime
