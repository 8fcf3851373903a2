// Buffer: owned pool allocations with geometric growth, and zero-copy views.
#include "weir/common/memory/buffer.h"

#include <algorithm>

#include "weir/common/check.h"

namespace weir {

namespace {

MemoryPool* PoolOrDefault(MemoryPool* pool) { return pool != nullptr ? pool : DefaultMemoryPool(); }

int64_t RoundUpToAlignment(int64_t n) {
  constexpr int64_t a = MemoryPool::kAlignment;
  if (n > INT64_MAX - a) return n;
  return (n + a - 1) / a * a;
}

}  // namespace

Result<std::shared_ptr<Buffer>> Buffer::Allocate(int64_t size, MemoryPool* pool) {
  pool = PoolOrDefault(pool);
  WEIR_ASSIGN_OR_RAISE(uint8_t * data, pool->Allocate(size));
  std::shared_ptr<Buffer> buf(new Buffer());
  buf->data_ = data;
  buf->size_ = size;
  buf->capacity_ = size;
  buf->pool_ = pool;
  buf->pool_ref_ = pool->weak_from_this().lock();
  return buf;
}

Result<std::shared_ptr<Buffer>> Buffer::AllocateZeroed(int64_t size, MemoryPool* pool) {
  WEIR_ASSIGN_OR_RAISE(auto buf, Allocate(size, pool));
  if (size > 0) std::memset(buf->data_, 0, static_cast<size_t>(size));
  return buf;
}

std::shared_ptr<Buffer> Buffer::Wrap(const uint8_t* data, int64_t size,
                                     std::shared_ptr<const void> owner) {
  std::shared_ptr<Buffer> buf(new Buffer());
  buf->data_ = const_cast<uint8_t*>(data);
  buf->size_ = size;
  buf->capacity_ = size;
  buf->owner_ = std::move(owner);
  return buf;
}

std::shared_ptr<Buffer> Buffer::Slice(const std::shared_ptr<Buffer>& parent, int64_t offset,
                                      int64_t size) {
  WEIR_CHECK(parent != nullptr);
  WEIR_CHECK_GE(offset, 0);
  WEIR_CHECK_GE(size, 0);
  WEIR_CHECK_LE(offset, parent->size_ - size);
  return Wrap(parent->data_ + offset, size, parent);
}

Result<std::shared_ptr<Buffer>> Buffer::CopyOf(const uint8_t* data, int64_t size,
                                               MemoryPool* pool) {
  WEIR_ASSIGN_OR_RAISE(auto buf, Allocate(size, pool));
  if (size > 0) std::memcpy(buf->data_, data, static_cast<size_t>(size));
  return buf;
}

Buffer::~Buffer() {
  if (pool_ != nullptr) pool_->Free(data_, capacity_);
}

Status Buffer::Reserve(int64_t capacity) {
  if (pool_ == nullptr) {
    return Status::Invalid("Cannot grow a buffer view: requested capacity ", capacity);
  }
  if (capacity <= capacity_) return Status::OK();
  int64_t new_capacity = RoundUpToAlignment(capacity);
  Result<uint8_t*> grown = pool_->Reallocate(data_, capacity_, new_capacity);
  if (!grown.ok() && new_capacity != capacity && grown.status().IsOutOfMemory()) {
    // The padding must not fail a reservation that fits the budget exactly.
    new_capacity = capacity;
    grown = pool_->Reallocate(data_, capacity_, new_capacity);
  }
  WEIR_ASSIGN_OR_RAISE(data_, std::move(grown));
  capacity_ = new_capacity;
  return Status::OK();
}

Status Buffer::Resize(int64_t new_size) {
  if (pool_ == nullptr) {
    return Status::Invalid("Cannot resize a buffer view: requested size ", new_size);
  }
  if (new_size < 0) return Status::Invalid("Negative buffer size: ", new_size);
  if (new_size > capacity_) {
    int64_t doubled = capacity_ > INT64_MAX / 2 ? INT64_MAX : capacity_ * 2;
    int64_t target = std::max(new_size, doubled);
    Status st = Reserve(target);
    if (!st.ok()) {
      // Geometric growth must not fail where the exact size fits the budget.
      if (target == new_size || !st.IsOutOfMemory()) return st;
      WEIR_RETURN_NOT_OK(Reserve(new_size));
    }
  }
  size_ = new_size;
  return Status::OK();
}

Status Buffer::ShrinkToFit() {
  if (pool_ == nullptr || capacity_ == size_) return Status::OK();
  WEIR_ASSIGN_OR_RAISE(data_, pool_->Reallocate(data_, capacity_, size_));
  capacity_ = size_;
  return Status::OK();
}

}  // namespace weir
