// TimerQueue: deduplicated timers in keyed state, ordered by a lazily cleaned min-heap.
#include "weir/runtime/time/timer_queue.h"

#include <algorithm>
#include <cstring>
#include <limits>

namespace weir::runtime {
namespace {

// Orders heap items so std::push_heap/pop_heap keep the earliest timer in front: by time,
// then key bytes, then namespace bytes (a deterministic order for equal times).
struct Later {
  bool operator()(const auto& a, const auto& b) const {
    if (a.time != b.time) return a.time > b.time;
    int c = a.keyns->key().compare(b.keyns->key());
    if (c != 0) return c > 0;
    return a.keyns->ns() > b.keyns->ns();
  }
};

}  // namespace

void PoppedTimer::Reset() {
  if (keyns_ != nullptr) state_internal::UnrefKeyNs(keyns_, memory_);
  keyns_ = nullptr;
}

TimerQueue::~TimerQueue() {
  for (const HeapItem& item : heap_) state_internal::UnrefKeyNs(item.keyns, table_.memory());
}

int64_t TimerQueue::DecodeTime(std::string_view ns) {
  int64_t time = 0;
  std::memcpy(&time, ns.data(), 8);
  return time;
}

void TimerQueue::EncodeNamespace(std::string_view ns, int64_t time) {
  scratch_.resize(8);
  std::memcpy(scratch_.data(), &time, 8);
  scratch_.append(ns.data(), ns.size());
}

Result<bool> TimerQueue::Add(std::string_view ns, int64_t time) {
  EncodeNamespace(ns, time);
  WEIR_ASSIGN_OR_RAISE(auto emplaced, table_.Emplace(key(), NsRef{scratch_, HashNamespace(scratch_)}));
  if (!emplaced.second) return false;
  state_internal::RefKeyNs(emplaced.first);
  heap_.push_back(HeapItem{time, emplaced.first});
  std::push_heap(heap_.begin(), heap_.end(), Later());
  return true;
}

Result<bool> TimerQueue::Delete(std::string_view ns, int64_t time) {
  EncodeNamespace(ns, time);
  WEIR_ASSIGN_OR_RAISE(bool removed, table_.Remove(key(), NsRef{scratch_, HashNamespace(scratch_)}));
  // The heap item stays until it reaches the front or the heap is compacted.
  if (removed && heap_.size() > 64 && heap_.size() > 2 * static_cast<size_t>(table_.size())) {
    Compact();
  }
  return removed;
}

bool TimerQueue::IsLive(const HeapItem& item) const {
  const state_internal::KeyNs* k = item.keyns;
  int32_t index = KeyGroupForHash(k->key_hash, max_parallelism_) - range_.start;
  KeyRef ref{k->key(), k->key_hash, index};
  return table_.FindKeyNs(ref, NsRef{k->ns(), HashNamespace(k->ns())}) == k;
}

void TimerQueue::PopHeap() {
  std::pop_heap(heap_.begin(), heap_.end(), Later());
  heap_.pop_back();
}

int64_t TimerQueue::PeekTime() {
  while (!heap_.empty() && !IsLive(heap_.front())) {
    const state_internal::KeyNs* k = heap_.front().keyns;
    PopHeap();
    state_internal::UnrefKeyNs(k, table_.memory());
  }
  return heap_.empty() ? std::numeric_limits<int64_t>::max() : heap_.front().time;
}

Result<bool> TimerQueue::PopIfDue(int64_t limit, PoppedTimer* out) {
  out->Reset();
  while (!heap_.empty() && heap_.front().time <= limit) {
    HeapItem item = heap_.front();
    PopHeap();
    if (!IsLive(item)) {
      state_internal::UnrefKeyNs(item.keyns, table_.memory());
      continue;
    }
    const state_internal::KeyNs* k = item.keyns;
    int32_t index = KeyGroupForHash(k->key_hash, max_parallelism_) - range_.start;
    Result<bool> removed =
        table_.Remove(KeyRef{k->key(), k->key_hash, index}, NsRef{k->ns(), HashNamespace(k->ns())});
    if (!removed.ok()) {
      state_internal::UnrefKeyNs(k, table_.memory());
      return removed.status();
    }
    out->keyns_ = k;  // the heap's reference moves to `out`
    out->memory_ = table_.memory();
    out->time_ = item.time;
    return true;
  }
  return false;
}

void TimerQueue::Compact() {
  std::vector<HeapItem> live;
  live.reserve(static_cast<size_t>(table_.size()));
  for (const HeapItem& item : heap_) {
    if (IsLive(item)) {
      live.push_back(item);
    } else {
      state_internal::UnrefKeyNs(item.keyns, table_.memory());
    }
  }
  heap_ = std::move(live);
  std::make_heap(heap_.begin(), heap_.end(), Later());
}

Status TimerQueue::RebuildHeap() {
  for (const HeapItem& item : heap_) state_internal::UnrefKeyNs(item.keyns, table_.memory());
  heap_.clear();
  heap_.reserve(static_cast<size_t>(table_.size()));
  bool malformed = false;
  table_.ForEach([&](const state_internal::KeyNs& k, const Unit&) {
    if (k.ns().size() < 8) {
      malformed = true;
      return;
    }
    state_internal::RefKeyNs(&k);
    heap_.push_back(HeapItem{DecodeTime(k.ns()), &k});
  });
  std::make_heap(heap_.begin(), heap_.end(), Later());
  if (malformed) {
    return Status::SerializationError("Timer without a timestamp in timer state ", name());
  }
  return Status::OK();
}

}  // namespace weir::runtime
