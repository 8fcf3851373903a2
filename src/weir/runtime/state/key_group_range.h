// KeyGroupRange: a contiguous range of key groups, and how key groups map to subtasks.
#pragma once

#include <cstdint>
#include <string>

#include "weir/common/check.h"
#include "weir/common/str_cat.h"

namespace weir::runtime {

inline constexpr int32_t kDefaultMaxParallelism = 128;

/// The key groups [start, end] (inclusive, as Flink prints them); empty when end < start.
struct KeyGroupRange {
  int32_t start = 0;
  int32_t end = -1;

  int32_t size() const { return end < start ? 0 : end - start + 1; }
  bool Contains(int32_t key_group) const { return key_group >= start && key_group <= end; }
  /// Returns the overlap of two ranges (possibly empty).
  KeyGroupRange Intersect(const KeyGroupRange& other) const {
    KeyGroupRange r{start > other.start ? start : other.start, end < other.end ? end : other.end};
    return r.end < r.start ? KeyGroupRange{} : r;
  }
  bool operator==(const KeyGroupRange&) const = default;
  std::string ToString() const { return StrCat("KeyGroupRange{start=", start, ", end=", end, "}"); }
};

/// Returns the key groups owned by subtask `index` of `parallelism` for `max_parallelism`
/// key groups: [ceil(index * max / p), ceil((index + 1) * max / p) - 1], as in Flink, so
/// savepoints move between engines' parallelisms the same way.
inline KeyGroupRange KeyGroupRangeForSubtask(int32_t max_parallelism, int32_t parallelism,
                                             int32_t index) {
  WEIR_DCHECK_GT(parallelism, 0);
  WEIR_DCHECK_LE(parallelism, max_parallelism);
  int64_t start = (int64_t{index} * max_parallelism + parallelism - 1) / parallelism;
  int64_t end = ((int64_t{index} + 1) * max_parallelism - 1) / parallelism;
  return KeyGroupRange{static_cast<int32_t>(start), static_cast<int32_t>(end)};
}

/// Returns the subtask that owns `key_group`: key_group * parallelism / max_parallelism.
inline int32_t SubtaskForKeyGroup(int32_t max_parallelism, int32_t parallelism,
                                  int32_t key_group) {
  return static_cast<int32_t>(int64_t{key_group} * parallelism / max_parallelism);
}

}  // namespace weir::runtime
