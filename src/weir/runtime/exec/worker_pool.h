// WorkerPool: a fixed set of worker threads that run cooperatively scheduled tasks in slices.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace weir::runtime {

class WorkerPool;

/// What a slice tells the scheduler when it returns.
enum class SliceOutcome : uint8_t {
  kYield,  // more work is ready: queue me again (behind the tasks already waiting)
  kWait,   // nothing to do until someone calls Wake()
};

/// Something a WorkerPool runs in slices (a Task). Create it with std::make_shared.
///
/// Scheduling states (one atomic; every transition is a CAS or done by the running worker):
///   IDLE    --Wake-->              QUEUED   (pushed onto the run queue)
///   QUEUED  --Wake-->              QUEUED   (no-op: the slice to come sees the new work)
///   QUEUED  --worker pops-->       RUNNING
///   RUNNING --Wake-->              WOKEN    (remembered: no wake-up is lost)
///   RUNNING --slice kWait-->       IDLE
///   RUNNING --slice kYield-->      QUEUED
///   WOKEN   --slice ends-->        QUEUED   (whatever the slice returned)
///   IDLE    --Detach-->            DETACHED (terminal: later wakes are ignored)
/// A task is therefore never queued twice and never runs on two workers at once; a wake that
/// arrives while it runs makes it run again after the slice.
class Schedulable : public std::enable_shared_from_this<Schedulable> {
 public:
  /// `pool` must outlive every Wake() call (it may be shut down before).
  explicit Schedulable(WorkerPool* pool) : pool_(pool) {}
  virtual ~Schedulable() = default;
  Schedulable(const Schedulable&) = delete;
  Schedulable& operator=(const Schedulable&) = delete;

  /// Asks for a slice. Thread-safe, idempotent, never blocks on the task, cheap when the task
  /// is already queued or running (one atomic load).
  void Wake();
  /// Stops scheduling this task: waits until it is neither queued nor running, then ignores
  /// every later wake. Call from outside the pool's workers (e.g. the task's owner before it
  /// drops the task); returns at once after the pool was shut down.
  void Detach();
  /// Returns true while the task is queued or running (for tests and diagnostics).
  bool IsScheduled() const;

 protected:
  /// Runs one slice on a worker thread. Never called concurrently with itself.
  virtual SliceOutcome RunScheduledSlice() = 0;

 private:
  friend class WorkerPool;
  enum State : uint8_t { kIdle, kQueued, kRunning, kWoken, kDetached };

  WorkerPool* const pool_;
  std::atomic<uint8_t> sched_state_{kIdle};
};

/// A fixed pool of N worker threads and one run queue of schedulable tasks.
///
/// Workers block only on an empty run queue. With zero threads the pool is manual: the
/// caller runs queued slices with RunOne()/RunUntilIdle() (deterministic tests).
/// Shutdown() is a gate: it stops taking slices, waits for the slices in flight to end and
/// joins the workers; tasks still queued are set back to idle.
/// Thread: all methods are thread-safe; RunOne/RunUntilIdle only in manual mode.
class WorkerPool {
 public:
  /// Starts `num_threads` workers; a negative count means one per CPU core.
  explicit WorkerPool(int num_threads = -1, std::string name = "weir-worker");
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  int num_threads() const { return static_cast<int>(threads_.size()); }
  bool manual() const { return threads_.empty(); }

  /// Runs one queued slice on the calling thread (manual pools); false if none was queued.
  bool RunOne();
  /// Runs queued slices until the queue is empty or `max_slices` ran; returns how many ran.
  int64_t RunUntilIdle(int64_t max_slices = INT64_MAX);

  /// Stops the workers after their current slices; idempotent.
  void Shutdown();
  bool stopped() const;

  /// Returns the number of slices run so far.
  int64_t slices_run() const { return slices_run_.load(std::memory_order_relaxed); }
  /// Returns the number of tasks waiting in the run queue.
  size_t queued() const;

 private:
  friend class Schedulable;
  // Pushes a task whose state the caller just set to kQueued; on a stopped pool sets it back
  // to idle and returns false.
  bool Enqueue(std::shared_ptr<Schedulable> task);
  // Runs one slice of `task` (state kQueued) and queues it again if needed.
  void RunTask(std::shared_ptr<Schedulable> task);
  void WorkerLoop();
  void NotifyDetachWaiters();

  const std::string name_;
  std::mutex shutdown_mu_;  // serialises Shutdown() calls
  mutable std::mutex mu_;
  std::condition_variable work_available_;
  std::deque<std::shared_ptr<Schedulable>> run_queue_;  // REQUIRES: mu_ held
  bool stopping_ = false;                               // REQUIRES: mu_ held
  std::vector<std::thread> threads_;
  std::atomic<int64_t> slices_run_{0};

  // Detach() waits here for a task to leave QUEUED/RUNNING.
  std::mutex detach_mu_;
  std::condition_variable detach_cv_;
  std::atomic<int> detach_waiters_{0};
  std::atomic<bool> stopped_{false};
};

}  // namespace weir::runtime
