// WorkerPool: the run queue, the worker loop and the task scheduling state machine.
#include "weir/runtime/exec/worker_pool.h"

#include <utility>

#include "weir/common/check.h"

namespace weir::runtime {

void Schedulable::Wake() {
  uint8_t state = sched_state_.load(std::memory_order_seq_cst);
  while (true) {
    switch (state) {
      case kIdle:
        if (sched_state_.compare_exchange_weak(state, kQueued, std::memory_order_seq_cst)) {
          pool_->Enqueue(shared_from_this());
          return;
        }
        break;  // `state` was reloaded by the failed CAS
      case kRunning:
        if (sched_state_.compare_exchange_weak(state, kWoken, std::memory_order_seq_cst)) {
          return;
        }
        break;
      case kQueued:
      case kWoken:
      case kDetached:
        return;
      default:
        WEIR_CHECK_MSG(false, "bad scheduling state ", static_cast<int>(state));
    }
  }
}

void Schedulable::Detach() {
  pool_->detach_waiters_.fetch_add(1, std::memory_order_seq_cst);
  {
    std::unique_lock<std::mutex> lock(pool_->detach_mu_);
    while (true) {
      uint8_t state = sched_state_.load(std::memory_order_seq_cst);
      if (state == kDetached) break;
      if (state == kIdle) {
        if (sched_state_.compare_exchange_strong(state, kDetached, std::memory_order_seq_cst)) {
          break;
        }
        continue;
      }
      if (pool_->stopped()) {
        sched_state_.store(kDetached, std::memory_order_seq_cst);
        break;
      }
      pool_->detach_cv_.wait(lock);
    }
  }
  pool_->detach_waiters_.fetch_sub(1, std::memory_order_seq_cst);
}

bool Schedulable::IsScheduled() const {
  uint8_t state = sched_state_.load(std::memory_order_acquire);
  return state == kQueued || state == kRunning || state == kWoken;
}

WorkerPool::WorkerPool(int num_threads, std::string name) : name_(std::move(name)) {
  if (num_threads < 0) {
    num_threads = static_cast<int>(std::thread::hardware_concurrency());
    if (num_threads <= 0) num_threads = 1;
  }
  threads_.reserve(static_cast<size_t>(num_threads));
  for (int i = 0; i < num_threads; ++i) {
    threads_.emplace_back([this] { WorkerLoop(); });
  }
}

WorkerPool::~WorkerPool() { Shutdown(); }

bool WorkerPool::Enqueue(std::shared_ptr<Schedulable> task) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!stopping_) {
      run_queue_.push_back(std::move(task));
      if (!threads_.empty()) work_available_.notify_one();
      return true;
    }
  }
  task->sched_state_.store(Schedulable::kIdle, std::memory_order_seq_cst);
  NotifyDetachWaiters();
  return false;
}

void WorkerPool::RunTask(std::shared_ptr<Schedulable> task) {
  WEIR_DCHECK_EQ(task->sched_state_.load(), Schedulable::kQueued);
  task->sched_state_.store(Schedulable::kRunning, std::memory_order_seq_cst);
  SliceOutcome outcome = task->RunScheduledSlice();
  slices_run_.fetch_add(1, std::memory_order_relaxed);
  if (outcome == SliceOutcome::kWait) {
    uint8_t expected = Schedulable::kRunning;
    if (task->sched_state_.compare_exchange_strong(expected, Schedulable::kIdle,
                                                   std::memory_order_seq_cst)) {
      NotifyDetachWaiters();
      return;
    }
    WEIR_DCHECK_EQ(expected, Schedulable::kWoken);
  }
  // More work, or woken while running: queue again (no other thread touches the state in
  // RUNNING/WOKEN except Wake, which leaves WOKEN alone).
  task->sched_state_.store(Schedulable::kQueued, std::memory_order_seq_cst);
  Enqueue(std::move(task));
}

void WorkerPool::NotifyDetachWaiters() {
  if (detach_waiters_.load(std::memory_order_seq_cst) > 0) {
    std::lock_guard<std::mutex> lock(detach_mu_);
    detach_cv_.notify_all();
  }
}

void WorkerPool::WorkerLoop() {
  while (true) {
    std::shared_ptr<Schedulable> task;
    {
      std::unique_lock<std::mutex> lock(mu_);
      work_available_.wait(lock, [this] { return stopping_ || !run_queue_.empty(); });
      if (stopping_) return;
      task = std::move(run_queue_.front());
      run_queue_.pop_front();
    }
    RunTask(std::move(task));
  }
}

bool WorkerPool::RunOne() {
  WEIR_CHECK_MSG(manual(), "RunOne needs a manual (zero-thread) pool: ", name_);
  std::shared_ptr<Schedulable> task;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_ || run_queue_.empty()) return false;
    task = std::move(run_queue_.front());
    run_queue_.pop_front();
  }
  RunTask(std::move(task));
  return true;
}

int64_t WorkerPool::RunUntilIdle(int64_t max_slices) {
  int64_t n = 0;
  while (n < max_slices && RunOne()) ++n;
  return n;
}

void WorkerPool::Shutdown() {
  std::lock_guard<std::mutex> shutdown_lock(shutdown_mu_);
  std::deque<std::shared_ptr<Schedulable>> dropped;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopped_.load(std::memory_order_seq_cst)) return;
    stopping_ = true;
    dropped.swap(run_queue_);
  }
  work_available_.notify_all();
  for (std::thread& t : threads_) {
    if (t.joinable()) t.join();
  }
  threads_.clear();
  for (auto& task : dropped) {
    task->sched_state_.store(Schedulable::kIdle, std::memory_order_seq_cst);
  }
  stopped_.store(true, std::memory_order_seq_cst);
  {
    std::lock_guard<std::mutex> lock(detach_mu_);
    detach_cv_.notify_all();
  }
}

bool WorkerPool::stopped() const { return stopped_.load(std::memory_order_seq_cst); }

size_t WorkerPool::queued() const {
  std::lock_guard<std::mutex> lock(mu_);
  return run_queue_.size();
}

}  // namespace weir::runtime
