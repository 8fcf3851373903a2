// TimerQueue: the timers of one time domain of one timer service — keyed state plus an in-memory heap.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "weir/common/result.h"
#include "weir/runtime/state/keyed_state.h"

namespace weir::runtime {

class KeyedStateBackend;

/// A timer that was popped for firing: its key, namespace and time (views valid while the
/// object lives; it holds a reference to the timer's key bytes).
class PoppedTimer {
 public:
  PoppedTimer() = default;
  PoppedTimer(const PoppedTimer&) = delete;
  PoppedTimer& operator=(const PoppedTimer&) = delete;
  ~PoppedTimer() { Reset(); }

  std::string_view key() const { return keyns_->key(); }
  uint64_t key_hash() const { return keyns_->key_hash; }
  /// The namespace as the operator registered it.
  std::string_view ns() const { return keyns_->ns().substr(8); }
  int64_t time() const { return time_; }
  void Reset();

 private:
  friend class TimerQueue;
  const state_internal::KeyNs* keyns_ = nullptr;
  StateMemory* memory_ = nullptr;
  int64_t time_ = 0;
};

/// The timers of one service in one time domain, deduplicated by (key, namespace, time).
/// They are keyed state (kind kTimers, entries: key bytes, namespace = 8-byte little-endian
/// time then the namespace bytes, no value), so they are snapshotted, restored and rescaled
/// by key group with the rest of the keyed state. A min-heap over (time, key bytes,
/// namespace bytes) orders them for firing; it is rebuilt from the table after a restore
/// and removes deleted timers lazily.
/// Thread: the owning task thread.
class TimerQueue : public KvState<Unit> {
 public:
  TimerQueue(std::string name, const CurrentKey* key, int32_t num_key_groups,
             int32_t max_parallelism, KeyGroupRange range, StateMemory* memory)
      : KvState<Unit>(std::move(name), StateKind::kTimers, key, num_key_groups, max_parallelism,
                      range, memory) {}
  ~TimerQueue() override;

  /// Adds a timer for (current key, ns, time); returns false when it already existed.
  Result<bool> Add(std::string_view ns, int64_t time);
  /// Deletes the timer (current key, ns, time); returns false when there was none.
  Result<bool> Delete(std::string_view ns, int64_t time);
  /// Returns the time of the earliest timer, or INT64_MAX when there is none.
  int64_t PeekTime();
  /// Pops the earliest timer into `out` when its time is <= `limit`; returns whether it did.
  Result<bool> PopIfDue(int64_t limit, PoppedTimer* out);
  /// Rebuilds the heap from the table (after a restore). Fails on malformed entries.
  Status RebuildHeap();
  int64_t size() const { return table_.size(); }

  /// Calls fn(key bytes, namespace bytes, time) for every timer (any order).
  template <typename Fn>
  void ForEachTimer(Fn&& fn) const {
    table_.ForEach([&](const state_internal::KeyNs& k, const Unit&) {
      fn(k.key(), k.ns().substr(8), DecodeTime(k.ns()));
    });
  }

 private:
  struct HeapItem {
    int64_t time;
    const state_internal::KeyNs* keyns;  // holds a reference
  };
  static int64_t DecodeTime(std::string_view ns);
  // Builds the table namespace: 8-byte time, then the operator's namespace.
  void EncodeNamespace(std::string_view ns, int64_t time);
  // True when the heap item is still the table's timer (not deleted since it was pushed).
  bool IsLive(const HeapItem& item) const;
  void PopHeap();
  void Compact();

  std::vector<HeapItem> heap_;
  std::string scratch_;
};

}  // namespace weir::runtime
