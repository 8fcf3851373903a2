// InputSuspension: how an operator stops its task from taking input without blocking a worker.
#pragma once

#include <atomic>
#include <functional>
#include <utility>

namespace weir::runtime {

/// A flag an operator raises when it cannot take more input for now (it hands rows to a
/// reader outside the job, such as a SELECT result queue, and the reader is behind). While it
/// is raised the task reads neither its input channels nor its source and counts the time as
/// backpressured; Resume() clears it and wakes the task. This replaces blocking a worker
/// thread, which the execution model forbids (design note 0011).
/// Thread: Suspend from the task's thread; Resume and suspended() from any thread.
class InputSuspension {
 public:
  InputSuspension() = default;
  explicit InputSuspension(std::function<void()> wake) : wake_(std::move(wake)) {}

  /// Stops the task's input after the element being processed.
  void Suspend() { suspended_.store(true, std::memory_order_release); }
  /// Lets the task take input again and wakes it (no-op when not suspended).
  void Resume() {
    if (suspended_.exchange(false, std::memory_order_acq_rel) && wake_) wake_();
  }
  bool suspended() const { return suspended_.load(std::memory_order_acquire); }

 private:
  std::function<void()> wake_;
  std::atomic<bool> suspended_{false};
};

}  // namespace weir::runtime
