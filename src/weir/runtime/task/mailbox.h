// Mailbox: the queue of control actions a task runs between batches, on its own turn.
#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>

#include "weir/common/status.h"

namespace weir::runtime {

/// A multi-producer, single-consumer queue of actions (checkpoint triggers, timers, async
/// results, checkpoint notifications). Any thread posts; the owning task runs the actions in
/// posting order between batches, so an action never races with the operators. Posting calls
/// the wake-up callback, which schedules the task.
/// Thread: Post/Close/HasMail from any thread; RunAll/DropAll only on the owning task.
class Mailbox {
 public:
  using Action = std::function<Status()>;

  /// `wake` is called after every successful Post (it must be cheap and thread-safe).
  explicit Mailbox(std::function<void()> wake = nullptr) : wake_(std::move(wake)) {}
  Mailbox(const Mailbox&) = delete;
  Mailbox& operator=(const Mailbox&) = delete;

  /// Sets the wake-up callback (before the first Post).
  void set_wake(std::function<void()> wake) { wake_ = std::move(wake); }

  /// Queues `action` and wakes the task. Returns false (dropping the action) once closed.
  bool Post(Action action);
  /// Returns true when actions are waiting (one relaxed-cost atomic load).
  bool HasMail() const { return size_.load(std::memory_order_acquire) > 0; }
  size_t size() const { return static_cast<size_t>(size_.load(std::memory_order_acquire)); }

  /// Runs the actions queued when the call starts, in order. Actions they post run on the
  /// next call. Stops at the first error and returns it (the remaining actions stay queued).
  Status RunAll();
  /// Closes the mailbox: later posts fail. Queued actions stay until RunAll/DropAll.
  void Close();
  bool closed() const;
  /// Discards the queued actions; returns how many there were.
  size_t DropAll();

 private:
  std::function<void()> wake_;
  mutable std::mutex mu_;
  std::deque<Action> actions_;  // REQUIRES: mu_ held
  bool closed_ = false;         // REQUIRES: mu_ held
  std::atomic<int64_t> size_{0};
};

}  // namespace weir::runtime
