// IoExecutor: where blocking checkpoint work (writes, fsync, deletes) runs, never a worker thread.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace weir::runtime {

/// Runs blocking work (file I/O) off the task worker threads.
///
/// Thread: Execute() may be called from any thread, including from inside running work.
class IoExecutor {
 public:
  virtual ~IoExecutor() = default;
  /// Runs `work` on an I/O thread. After shutdown the work is dropped (it must not be needed
  /// for correctness then: every user of an executor outlives its shutdown).
  virtual void Execute(std::function<void()> work) = 0;
};

/// Runs work immediately on the calling thread. For tests and for callers that already are
/// on an I/O thread.
class InlineIoExecutor final : public IoExecutor {
 public:
  void Execute(std::function<void()> work) override { work(); }
};

/// A fixed pool of I/O threads with a FIFO queue (FIFO per pool: with one thread, work runs
/// in submission order).
class ThreadIoExecutor final : public IoExecutor {
 public:
  /// Starts `num_threads` (>= 1) threads named `name` in logs.
  ThreadIoExecutor(std::string name, int num_threads);
  ~ThreadIoExecutor() override;
  ThreadIoExecutor(const ThreadIoExecutor&) = delete;
  ThreadIoExecutor& operator=(const ThreadIoExecutor&) = delete;

  void Execute(std::function<void()> work) override;

  /// Blocks until the queue is empty and no work runs (work queued by running work included).
  /// Not for worker threads.
  void WaitIdle();
  /// Runs the queued work, then stops and joins the threads. Later Execute() calls drop work.
  void Shutdown();

 private:
  void Run();

  const std::string name_;
  std::mutex mu_;
  std::condition_variable work_cv_;
  std::condition_variable idle_cv_;
  std::deque<std::function<void()>> queue_;  // REQUIRES: mu_ held
  int running_ = 0;                          // REQUIRES: mu_ held
  bool stopping_ = false;                    // REQUIRES: mu_ held
  std::vector<std::thread> threads_;
};

}  // namespace weir::runtime
