// StateMemory: accounts the heap memory of a state backend against a MemoryPool in chunks.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>

#include "weir/common/memory/memory_pool.h"
#include "weir/common/status.h"

namespace weir::runtime {

/// Accounts the bytes held by one backend's state tables (pages, keys, boxed values) in a
/// MemoryPool. Reservations are taken in chunks so the hot path only touches a local counter.
/// Shared (std::shared_ptr) by the backend and by snapshots, which may release retained
/// versions after the backend is gone; the pool must outlive every holder.
/// Thread: Charge() and Trim() on the owning task thread only; Discharge() from any thread
/// (a snapshot released on an I/O thread frees the old versions it retained).
class StateMemory {
 public:
  static constexpr int64_t kChunkBytes = 256 * 1024;

  /// Accounts in `pool` (DefaultMemoryPool() when null).
  explicit StateMemory(MemoryPool* pool = nullptr);
  ~StateMemory();
  StateMemory(const StateMemory&) = delete;
  StateMemory& operator=(const StateMemory&) = delete;

  /// Accounts `bytes` more; fails with OutOfMemory (and accounts nothing) when the pool refuses.
  Status Charge(int64_t bytes) {
    int64_t used = used_.fetch_add(bytes, std::memory_order_relaxed) + bytes;
    if (__builtin_expect(used <= reserved_, 1)) return Status::OK();
    return ReserveMore(bytes, used);
  }
  /// Returns `bytes` accounted earlier. Any thread.
  void Discharge(int64_t bytes) { used_.fetch_sub(bytes, std::memory_order_relaxed); }
  /// Gives reserved but unused chunks back to the pool.
  void Trim();

  int64_t used() const { return used_.load(std::memory_order_relaxed); }
  int64_t reserved() const { return reserved_; }
  MemoryPool* pool() const { return pool_; }

 private:
  Status ReserveMore(int64_t bytes, int64_t used);

  MemoryPool* pool_;
  std::atomic<int64_t> used_{0};
  int64_t reserved_ = 0;  // task thread only
};

using StateMemoryPtr = std::shared_ptr<StateMemory>;

}  // namespace weir::runtime
