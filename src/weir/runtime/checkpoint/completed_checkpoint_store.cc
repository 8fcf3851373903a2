// CompletedCheckpointStore: retention of the latest N completed checkpoints.
#include "weir/runtime/checkpoint/completed_checkpoint_store.h"

namespace weir::runtime {

CompletedCheckpointStore::CompletedCheckpointStore(int32_t max_retained)
    : max_retained_(max_retained < 1 ? 1 : max_retained) {}

std::vector<CompletedCheckpointPtr> CompletedCheckpointStore::Add(
    CompletedCheckpointPtr checkpoint) {
  std::vector<CompletedCheckpointPtr> dropped;
  std::lock_guard<std::mutex> lock(mu_);
  if (checkpoint == nullptr || checkpoint->is_savepoint() ||
      (!checkpoints_.empty() && checkpoint->id() <= checkpoints_.back()->id())) {
    if (checkpoint != nullptr && !checkpoint->is_savepoint()) dropped.push_back(checkpoint);
    return dropped;
  }
  checkpoints_.push_back(std::move(checkpoint));
  while (checkpoints_.size() > static_cast<size_t>(max_retained_)) {
    dropped.push_back(std::move(checkpoints_.front()));
    checkpoints_.pop_front();
  }
  return dropped;
}

CompletedCheckpointPtr CompletedCheckpointStore::Latest() const {
  std::lock_guard<std::mutex> lock(mu_);
  return checkpoints_.empty() ? nullptr : checkpoints_.back();
}

std::vector<CompletedCheckpointPtr> CompletedCheckpointStore::All() const {
  std::lock_guard<std::mutex> lock(mu_);
  return std::vector<CompletedCheckpointPtr>(checkpoints_.begin(), checkpoints_.end());
}

size_t CompletedCheckpointStore::size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return checkpoints_.size();
}

}  // namespace weir::runtime
