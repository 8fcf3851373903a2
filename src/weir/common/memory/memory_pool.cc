// MemoryPool: lock-free hierarchical reservations, waiting reservations and aligned allocation.
#include "weir/common/memory/memory_pool.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>

#include "weir/common/check.h"

namespace weir {

namespace {

// The address handed out for zero-byte allocations (never written, never freed).
alignas(MemoryPool::kAlignment) uint8_t zero_size_area[MemoryPool::kAlignment];

uint8_t* AlignedAlloc(int64_t size) {
  void* p = nullptr;
  if (posix_memalign(&p, static_cast<size_t>(MemoryPool::kAlignment), static_cast<size_t>(size)) !=
      0) {
    return nullptr;
  }
  return static_cast<uint8_t*>(p);
}

std::string LimitToString(int64_t limit) {
  return limit == MemoryPool::kUnlimited ? std::string("unlimited") : StrCat(limit);
}

}  // namespace

MemoryPool::MemoryPool(std::string name, int64_t limit, OverLimitPolicy policy,
                       std::shared_ptr<MemoryPool> parent)
    : name_(std::move(name)), limit_(limit), policy_(policy), parent_(std::move(parent)) {}

MemoryPool::~MemoryPool() {
  // Bytes still reserved here are abandoned with the pool: give them back to the ancestors
  // so their budgets stay exact.
  int64_t left = used_.load(std::memory_order_relaxed);
  if (left > 0 && parent_ != nullptr) parent_->Release(left);
}

std::shared_ptr<MemoryPool> MemoryPool::MakeRoot(std::string name, int64_t limit,
                                                 OverLimitPolicy policy) {
  WEIR_CHECK_GE(limit, 0);
  return std::shared_ptr<MemoryPool>(new MemoryPool(std::move(name), limit, policy, nullptr));
}

std::shared_ptr<MemoryPool> MemoryPool::MakeChild(std::string name, int64_t limit,
                                                  OverLimitPolicy policy) {
  WEIR_CHECK_GE(limit, 0);
  std::shared_ptr<MemoryPool> child(
      new MemoryPool(std::move(name), limit, policy, shared_from_this()));
  std::lock_guard<std::mutex> lock(mu_);
  // Drop registrations of children that are gone, so the list does not grow without bound.
  children_.erase(std::remove_if(children_.begin(), children_.end(),
                                 [](const std::weak_ptr<MemoryPool>& w) { return w.expired(); }),
                  children_.end());
  children_.push_back(child);
  return child;
}

bool MemoryPool::TryReserveLocal(int64_t bytes) {
  int64_t cur = used_.load(std::memory_order_relaxed);
  int64_t next;
  do {
    if (bytes > limit_ - cur) return false;
    next = cur + bytes;
  } while (!used_.compare_exchange_weak(cur, next, std::memory_order_seq_cst,
                                        std::memory_order_relaxed));
  int64_t peak = peak_.load(std::memory_order_relaxed);
  while (next > peak && !peak_.compare_exchange_weak(peak, next, std::memory_order_relaxed)) {
  }
  return true;
}

void MemoryPool::ReleaseLocal(int64_t bytes) {
  int64_t before = used_.fetch_sub(bytes, std::memory_order_seq_cst);
  WEIR_DCHECK_GE(before - bytes, 0);
  (void)before;
}

MemoryPool* MemoryPool::TryReservePath(int64_t bytes, bool notify_rollback) {
  for (MemoryPool* p = this; p != nullptr; p = p->parent_.get()) {
    if (!p->TryReserveLocal(bytes)) {
      for (MemoryPool* q = this; q != p; q = q->parent_.get()) q->ReleaseLocal(bytes);
      // The rollback frees bytes that a waiter may have seen as taken.
      if (notify_rollback) NotifyPath(p);
      return p;
    }
  }
  return nullptr;
}

void MemoryPool::NotifyPath(const MemoryPool* end) {
  for (MemoryPool* q = this; q != end && q != nullptr; q = q->parent_.get()) q->NotifyReleased();
}

Status MemoryPool::OutOfMemoryError(const MemoryPool* refused, int64_t bytes) const {
  return Status::OutOfMemory(
      "Memory budget exceeded: requested ", bytes, " bytes, used ", refused->used(), " of limit ",
      LimitToString(refused->limit()), " in pool ", refused->path(),
      refused == this ? std::string() : StrCat(" (reserving in ", path(), ")"));
}

Status MemoryPool::Reserve(int64_t bytes) {
  if (bytes < 0)
    return Status::Invalid("Negative memory reservation: ", bytes, " in pool ", path());
  if (bytes == 0) return Status::OK();
  MemoryPool* refused = TryReservePath(bytes);
  if (refused == nullptr) return Status::OK();
  return OutOfMemoryError(refused, bytes);
}

Status MemoryPool::ReserveWait(int64_t bytes, std::chrono::milliseconds timeout) {
  if (bytes < 0)
    return Status::Invalid("Negative memory reservation: ", bytes, " in pool ", path());
  if (bytes == 0) return Status::OK();
  MemoryPool* refused = TryReservePath(bytes);
  if (refused == nullptr) return Status::OK();
  if (policy_ != OverLimitPolicy::kWait) return OutOfMemoryError(refused, bytes);
  // A reservation larger than a limit can never succeed: fail at once instead of waiting.
  for (MemoryPool* p = this; p != nullptr; p = p->parent_.get()) {
    if (bytes > p->limit_) return OutOfMemoryError(p, bytes);
  }
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    // Wait on the pool that refused. Registering as a waiter before retrying under its
    // mutex means a Release after the retry sees the waiter and notifies under the mutex.
    std::unique_lock<std::mutex> lock(refused->mu_);
    refused->num_waiters_.fetch_add(1, std::memory_order_seq_cst);
    MemoryPool* again = TryReservePath(bytes, /*notify_rollback=*/false);
    if (again == nullptr) {
      refused->num_waiters_.fetch_sub(1, std::memory_order_seq_cst);
      return Status::OK();
    }
    bool timed_out = false;
    if (again == refused) {
      // The rolled-back pools lie strictly below `refused`; locks are only ever nested
      // ancestor -> descendant, so waking them while holding refused->mu_ cannot deadlock.
      NotifyPath(again);
      timed_out = refused->released_.wait_until(lock, deadline) == std::cv_status::timeout;
    }
    refused->num_waiters_.fetch_sub(1, std::memory_order_seq_cst);
    lock.unlock();
    if (again != refused) NotifyPath(again);
    if (timed_out) {
      if (TryReservePath(bytes) == nullptr) return Status::OK();
      return Status::Timeout("Timed out waiting for memory: requested ", bytes, " bytes, used ",
                             refused->used(), " of limit ", LimitToString(refused->limit()),
                             " in pool ", refused->path(), " after ",
                             static_cast<int64_t>(timeout.count()), " ms");
    }
    refused = again;
  }
}

void MemoryPool::NotifyReleased() {
  if (num_waiters_.load(std::memory_order_seq_cst) > 0) {
    std::lock_guard<std::mutex> lock(mu_);
    released_.notify_all();
  }
}

void MemoryPool::Release(int64_t bytes) {
  WEIR_DCHECK_GE(bytes, 0);
  if (bytes <= 0) return;
  for (MemoryPool* p = this; p != nullptr; p = p->parent_.get()) p->ReleaseLocal(bytes);
  for (MemoryPool* p = this; p != nullptr; p = p->parent_.get()) p->NotifyReleased();
}

Result<uint8_t*> MemoryPool::Allocate(int64_t size) {
  if (size < 0) return Status::Invalid("Negative allocation size: ", size, " in pool ", path());
  if (size == 0) return zero_size_area;
  WEIR_RETURN_NOT_OK(Reserve(size));
  uint8_t* p = AlignedAlloc(size);
  if (p == nullptr) {
    Release(size);
    return Status::OutOfMemory("System allocation failed: requested ", size, " bytes in pool ",
                               path());
  }
  return p;
}

Result<uint8_t*> MemoryPool::AllocateZeroed(int64_t size) {
  WEIR_ASSIGN_OR_RAISE(uint8_t * p, Allocate(size));
  if (size > 0) std::memset(p, 0, static_cast<size_t>(size));
  return p;
}

Result<uint8_t*> MemoryPool::Reallocate(uint8_t* ptr, int64_t old_size, int64_t new_size) {
  if (new_size < 0) {
    return Status::Invalid("Negative allocation size: ", new_size, " in pool ", path());
  }
  if (ptr == nullptr || old_size == 0) {
    if (ptr != nullptr) Free(ptr, old_size);
    return Allocate(new_size);
  }
  if (new_size == old_size) return ptr;
  if (new_size == 0) {
    Free(ptr, old_size);
    return zero_size_area;
  }
  if (new_size < old_size) {
    // Shrinking in place is the common case (glibc splits the chunk); keep the result only
    // if it is still aligned.
    void* shrunk = std::realloc(ptr, static_cast<size_t>(new_size));
    if (shrunk != nullptr) {
      uint8_t* p = static_cast<uint8_t*>(shrunk);
      if (reinterpret_cast<uintptr_t>(p) % kAlignment != 0) {
        // The old block is gone; if no aligned block can be had, keep the malloc-aligned
        // (16-byte) one rather than lose the contents.
        uint8_t* aligned = AlignedAlloc(new_size);
        if (aligned != nullptr) {
          std::memcpy(aligned, p, static_cast<size_t>(new_size));
          std::free(p);
          p = aligned;
        }
      }
      Release(old_size - new_size);
      return p;
    }
  }
  if (new_size > old_size) {
    WEIR_RETURN_NOT_OK(Reserve(new_size - old_size));
  }
  uint8_t* p = AlignedAlloc(new_size);
  if (p == nullptr) {
    if (new_size > old_size) Release(new_size - old_size);
    return Status::OutOfMemory("System allocation failed: requested ", new_size, " bytes in pool ",
                               path());
  }
  std::memcpy(p, ptr, static_cast<size_t>(std::min(old_size, new_size)));
  std::free(ptr);
  if (new_size < old_size) Release(old_size - new_size);
  return p;
}

void MemoryPool::Free(uint8_t* ptr, int64_t size) {
  if (ptr == nullptr || ptr == zero_size_area) return;
  std::free(ptr);
  Release(size);
}

std::string MemoryPool::path() const {
  std::string out = name_;
  for (const MemoryPool* p = parent_.get(); p != nullptr; p = p->parent_.get()) {
    out = p->name_ + "." + out;
  }
  return out;
}

int64_t MemoryPool::available() const {
  int64_t avail = kUnlimited;
  for (const MemoryPool* p = this; p != nullptr; p = p->parent_.get()) {
    avail = std::min(avail, std::max<int64_t>(0, p->limit_ - p->used()));
  }
  return avail;
}

void MemoryPool::AppendTree(std::string& out, int depth) const {
  out.append(static_cast<size_t>(depth) * 2, ' ');
  out += StrCat(name_, ": used ", used(), ", peak ", peak(), ", limit ", LimitToString(limit_));
  if (policy_ == OverLimitPolicy::kWait) out += " (wait)";
  out += "\n";
  std::vector<std::shared_ptr<MemoryPool>> live;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& w : children_) {
      if (auto c = w.lock()) live.push_back(std::move(c));
    }
  }
  for (const auto& c : live) c->AppendTree(out, depth + 1);
}

std::string MemoryPool::ToString() const {
  std::string out;
  AppendTree(out, 0);
  return out;
}

namespace {

struct DefaultPoolHolder {
  std::mutex mu;
  std::shared_ptr<MemoryPool> current;
  // Replaced pools stay alive: callers may hold the raw pointer DefaultMemoryPool() gave them.
  std::vector<std::shared_ptr<MemoryPool>> retired;
  std::atomic<MemoryPool*> raw{nullptr};
};

DefaultPoolHolder& Holder() {
  static DefaultPoolHolder* holder = [] {
    auto* h = new DefaultPoolHolder();
    h->current = MemoryPool::MakeRoot("process");
    h->raw.store(h->current.get(), std::memory_order_release);
    return h;
  }();
  return *holder;
}

}  // namespace

MemoryPool* DefaultMemoryPool() { return Holder().raw.load(std::memory_order_acquire); }

void SetDefaultMemoryPool(std::shared_ptr<MemoryPool> pool) {
  WEIR_CHECK(pool != nullptr);
  DefaultPoolHolder& h = Holder();
  std::lock_guard<std::mutex> lock(h.mu);
  h.retired.push_back(std::move(h.current));
  h.current = std::move(pool);
  h.raw.store(h.current.get(), std::memory_order_release);
}

}  // namespace weir
