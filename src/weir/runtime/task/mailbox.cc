// Mailbox: posting, running and closing.
#include "weir/runtime/task/mailbox.h"

#include <utility>

namespace weir::runtime {

bool Mailbox::Post(Action action) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (closed_) return false;
    actions_.push_back(std::move(action));
    size_.fetch_add(1, std::memory_order_release);
  }
  if (wake_) wake_();
  return true;
}

Status Mailbox::RunAll() {
  std::deque<Action> batch;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (actions_.empty()) return Status::OK();
    batch.swap(actions_);
  }
  while (!batch.empty()) {
    Action action = std::move(batch.front());
    batch.pop_front();
    size_.fetch_sub(1, std::memory_order_release);
    Status st = action();
    if (!st.ok()) {
      // Put the rest back in front of anything posted meanwhile, keeping the order.
      std::lock_guard<std::mutex> lock(mu_);
      for (auto it = batch.rbegin(); it != batch.rend(); ++it) {
        actions_.push_front(std::move(*it));
      }
      return st;
    }
  }
  return Status::OK();
}

void Mailbox::Close() {
  std::lock_guard<std::mutex> lock(mu_);
  closed_ = true;
}

bool Mailbox::closed() const {
  std::lock_guard<std::mutex> lock(mu_);
  return closed_;
}

size_t Mailbox::DropAll() {
  std::deque<Action> dropped;
  {
    std::lock_guard<std::mutex> lock(mu_);
    dropped.swap(actions_);
    size_.fetch_sub(static_cast<int64_t>(dropped.size()), std::memory_order_release);
  }
  return dropped.size();
}

}  // namespace weir::runtime
