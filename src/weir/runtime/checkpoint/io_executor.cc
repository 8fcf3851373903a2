// ThreadIoExecutor: a small pool of I/O threads with a FIFO queue.
#include "weir/runtime/checkpoint/io_executor.h"

#include "weir/common/check.h"
#include "weir/common/log/log.h"

namespace weir::runtime {

ThreadIoExecutor::ThreadIoExecutor(std::string name, int num_threads) : name_(std::move(name)) {
  WEIR_CHECK_GE(num_threads, 1);
  threads_.reserve(static_cast<size_t>(num_threads));
  for (int i = 0; i < num_threads; ++i) threads_.emplace_back([this] { Run(); });
}

ThreadIoExecutor::~ThreadIoExecutor() { Shutdown(); }

void ThreadIoExecutor::Execute(std::function<void()> work) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_ && threads_.empty()) {
      WEIR_LOG_DEBUG("I/O executor {} is shut down; dropping work", name_);
      return;
    }
    queue_.push_back(std::move(work));
  }
  work_cv_.notify_one();
}

void ThreadIoExecutor::WaitIdle() {
  std::unique_lock<std::mutex> lock(mu_);
  idle_cv_.wait(lock, [this] { return queue_.empty() && running_ == 0; });
}

void ThreadIoExecutor::Shutdown() {
  std::vector<std::thread> threads;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_) return;
    stopping_ = true;
  }
  work_cv_.notify_all();
  // The threads drain the queue before they exit (see Run); work they queue meanwhile runs too.
  for (std::thread& t : threads_) t.join();
  {
    std::lock_guard<std::mutex> lock(mu_);
    threads.swap(threads_);
    queue_.clear();
  }
  idle_cv_.notify_all();
}

void ThreadIoExecutor::Run() {
  std::unique_lock<std::mutex> lock(mu_);
  while (true) {
    work_cv_.wait(lock, [this] { return !queue_.empty() || (stopping_ && running_ == 0); });
    if (queue_.empty()) break;  // stopping, and no running work can queue more
    std::function<void()> work = std::move(queue_.front());
    queue_.pop_front();
    ++running_;
    lock.unlock();
    work();
    lock.lock();
    --running_;
    if (queue_.empty() && running_ == 0) {
      idle_cv_.notify_all();
      if (stopping_) work_cv_.notify_all();  // wake the other threads so they can exit
    }
  }
}

}  // namespace weir::runtime
