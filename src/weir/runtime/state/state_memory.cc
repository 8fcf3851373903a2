// StateMemory: chunked reservations of state memory in a MemoryPool.
#include "weir/runtime/state/state_memory.h"

namespace weir::runtime {

StateMemory::StateMemory(MemoryPool* pool) : pool_(pool != nullptr ? pool : DefaultMemoryPool()) {}

StateMemory::~StateMemory() {
  if (reserved_ > 0) pool_->Release(reserved_);
}

Status StateMemory::ReserveMore(int64_t bytes, int64_t used) {
  int64_t need = used - reserved_;
  int64_t chunks = (need + kChunkBytes - 1) / kChunkBytes;
  int64_t amount = chunks * kChunkBytes;
  Status st = pool_->Reserve(amount);
  if (!st.ok()) {
    used_.fetch_sub(bytes, std::memory_order_relaxed);
    return st.WithContext("keyed state");
  }
  reserved_ += amount;
  return Status::OK();
}

void StateMemory::Trim() {
  int64_t used = used_.load(std::memory_order_relaxed);
  int64_t keep = ((used + kChunkBytes - 1) / kChunkBytes + 1) * kChunkBytes;
  if (reserved_ > keep) {
    pool_->Release(reserved_ - keep);
    reserved_ = keep;
  }
}

}  // namespace weir::runtime
