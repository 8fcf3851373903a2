// MemoryPool: hierarchical, hard-limited accounting of every byte Weir allocates.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "weir/common/result.h"

namespace weir {

/// What a pool does when a reservation would exceed its limit.
enum class OverLimitPolicy : uint8_t {
  kFail,  // return Status::OutOfMemory (operators spill, callers report)
  kWait,  // ReserveWait() blocks until memory is released (backpressure; never on a worker)
};

/// A node in the memory budget tree (process -> network / state / operators -> ...).
///
/// Reserving bytes in a pool reserves them in every ancestor; a reservation that would
/// take any pool on the path past its limit fails and changes nothing. Allocations
/// through a pool are 64-byte aligned and accounted; nothing bypasses the limit.
///
/// Thread: all methods are thread-safe (lock-free accounting; ReserveWait uses a mutex).
class MemoryPool : public std::enable_shared_from_this<MemoryPool> {
 public:
  static constexpr int64_t kUnlimited = INT64_MAX;
  static constexpr int64_t kAlignment = 64;

  /// Creates a root pool.
  static std::shared_ptr<MemoryPool> MakeRoot(std::string name, int64_t limit = kUnlimited,
                                              OverLimitPolicy policy = OverLimitPolicy::kFail);
  /// Creates a child whose reservations also count against this pool.
  std::shared_ptr<MemoryPool> MakeChild(std::string name, int64_t limit = kUnlimited,
                                        OverLimitPolicy policy = OverLimitPolicy::kFail);

  ~MemoryPool();
  MemoryPool(const MemoryPool&) = delete;
  MemoryPool& operator=(const MemoryPool&) = delete;

  /// Accounts `bytes` here and in every ancestor, or fails with OutOfMemory naming the pool.
  Status Reserve(int64_t bytes);
  /// Like Reserve, but for kWait pools blocks up to `timeout` for memory to be released
  /// (fails with Timeout when none was released in time; kFail pools do not wait).
  /// Call only from I/O threads, never from a task's worker thread.
  Status ReserveWait(int64_t bytes, std::chrono::milliseconds timeout);
  /// Returns `bytes` reserved earlier (here and in every ancestor) and wakes waiters.
  void Release(int64_t bytes);

  /// Allocates `size` bytes (64-byte aligned, uninitialised) and accounts them.
  Result<uint8_t*> Allocate(int64_t size);
  /// Allocates zero-filled memory.
  Result<uint8_t*> AllocateZeroed(int64_t size);
  /// Grows or shrinks an allocation from this pool, keeping its contents.
  Result<uint8_t*> Reallocate(uint8_t* ptr, int64_t old_size, int64_t new_size);
  /// Frees an allocation of `size` bytes made by this pool.
  void Free(uint8_t* ptr, int64_t size);

  const std::string& name() const { return name_; }
  /// Returns "process.network" style names from the root.
  std::string path() const;
  int64_t limit() const { return limit_; }
  int64_t used() const { return used_.load(std::memory_order_relaxed); }
  int64_t peak() const { return peak_.load(std::memory_order_relaxed); }
  /// Returns the bytes that could be reserved here now (the tightest pool on the path).
  int64_t available() const;
  OverLimitPolicy policy() const { return policy_; }
  MemoryPool* parent() const { return parent_.get(); }

  /// Prints this pool and its live children as an indented tree with used/limit.
  std::string ToString() const;

 private:
  MemoryPool(std::string name, int64_t limit, OverLimitPolicy policy,
             std::shared_ptr<MemoryPool> parent);
  // Reserves in this pool only; returns false (and changes nothing) when over the limit.
  bool TryReserveLocal(int64_t bytes);
  // Reserves on the whole path; returns the pool that refused (nullptr on success). The
  // rollback of a refused reservation wakes waiters unless `notify_rollback` is false
  // (the caller holds a pool mutex and calls NotifyPath itself after unlocking).
  MemoryPool* TryReservePath(int64_t bytes, bool notify_rollback = true);
  // Wakes waiters of the pools from this one up to (not including) `end`.
  void NotifyPath(const MemoryPool* end);
  Status OutOfMemoryError(const MemoryPool* refused, int64_t bytes) const;
  void ReleaseLocal(int64_t bytes);
  void NotifyReleased();
  void AppendTree(std::string& out, int depth) const;

  const std::string name_;
  const int64_t limit_;
  const OverLimitPolicy policy_;
  const std::shared_ptr<MemoryPool> parent_;
  std::atomic<int64_t> used_{0};
  std::atomic<int64_t> peak_{0};

  mutable std::mutex mu_;  // guards children_ and waiting
  std::condition_variable released_;
  std::atomic<int> num_waiters_{0};  // changed with mu_ held; read without it by Release
  std::vector<std::weak_ptr<MemoryPool>> children_;  // REQUIRES: mu_ held
};

/// Returns the process-wide default pool (a root, unlimited until SetDefaultMemoryPool).
MemoryPool* DefaultMemoryPool();
/// Replaces the default pool (done once at start-up from the configured budget).
void SetDefaultMemoryPool(std::shared_ptr<MemoryPool> pool);

}  // namespace weir
