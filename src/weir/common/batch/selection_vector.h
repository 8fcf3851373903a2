// SelectionVector: the indices of the rows of a batch that passed a filter, in order; and the
// walk over runs of consecutive indices that gathers use.
#pragma once

#include <cstdint>
#include <vector>

namespace weir {

/// Row indices (int32, ascending for filters) into a batch. Filters fill one instead of
/// copying rows; a later step gathers (Take) or evaluates only the selected rows.
class SelectionVector {
 public:
  SelectionVector() = default;
  explicit SelectionVector(std::vector<int32_t> indices) : indices_(std::move(indices)) {}

  /// Selects every row in [0, n).
  static SelectionVector All(int64_t n) {
    SelectionVector s;
    s.indices_.resize(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) s.indices_[static_cast<size_t>(i)] = static_cast<int32_t>(i);
    return s;
  }
  /// Selects the rows where `mask` (one byte per row, 0 or 1) is set, branch-free.
  static SelectionVector FromMask(const uint8_t* mask, int64_t n) {
    SelectionVector s;
    s.indices_.resize(static_cast<size_t>(n));
    int32_t* out = s.indices_.data();
    int64_t k = 0;
    for (int64_t i = 0; i < n; ++i) {
      out[k] = static_cast<int32_t>(i);
      k += mask[i] != 0;
    }
    s.indices_.resize(static_cast<size_t>(k));
    return s;
  }

  int64_t size() const { return static_cast<int64_t>(indices_.size()); }
  bool empty() const { return indices_.empty(); }
  const int32_t* data() const { return indices_.data(); }
  int32_t operator[](int64_t i) const { return indices_[static_cast<size_t>(i)]; }
  void Append(int32_t index) { indices_.push_back(index); }
  void Clear() { indices_.clear(); }
  const std::vector<int32_t>& indices() const { return indices_; }

 private:
  std::vector<int32_t> indices_;
};

namespace internal {
// Continues IndexRunEnd from position j (indices[begin..j) form a run with `key`).
inline int64_t ContinueIndexRun(const int32_t* indices, int64_t j, uint32_t key, int64_t count) {
  // Eight positions per step with a branch-free, vectorisable comparison.
  while (j + 8 <= count) {
    uint32_t miss = 0;
    for (int64_t k = 0; k < 8; ++k) {
      miss |= (static_cast<uint32_t>(indices[j + k]) - static_cast<uint32_t>(j + k)) ^ key;
    }
    if (miss != 0) break;
    j += 8;
  }
  while (j < count && static_cast<uint32_t>(indices[j]) - static_cast<uint32_t>(j) == key) ++j;
  return j;
}
}  // namespace internal

/// Returns the end of the run of consecutive row indices that starts at position `begin`
/// (begin < count): the first position j > begin where indices[j] != indices[begin] + (j -
/// begin), or `count`. Gathers copy such a run as one block. Compares in uint32 arithmetic,
/// so a run may wrap from INT32_MAX to INT32_MIN; callers that check bounds by the ends of a
/// run reject such a run because its last index is negative.
[[gnu::always_inline]] inline int64_t IndexRunEnd(const int32_t* indices, int64_t begin,
                                                  int64_t count) {
  // indices[j] - j is the same for every position of a run.
  const uint32_t key = static_cast<uint32_t>(indices[begin]) - static_cast<uint32_t>(begin);
  const int64_t j = begin + 1;
  // An isolated index (selective filters) costs one comparison, inlined into the gather.
  if (j == count || static_cast<uint32_t>(indices[j]) - static_cast<uint32_t>(j) != key) return j;
  return internal::ContinueIndexRun(indices, j + 1, key, count);
}

/// Calls visit(i, n) for each run of consecutive indices in indices[0..count), in order: the
/// run starts at position i and holds n >= 1 indices (n == 1 for an isolated index, passed
/// as a constant so that visit's block path drops out). Stops and returns false as soon as
/// visit returns false. Runs are those of IndexRunEnd.
template <typename Visit>
[[gnu::always_inline]] inline bool VisitIndexRuns(const int32_t* indices, int64_t count,
                                                  Visit&& visit) {
  int64_t i = 0;
  while (i < count) {
    // Isolated indices: the position advances by one, so no load waits on a comparison.
    while (i + 1 < count &&
           static_cast<uint32_t>(indices[i + 1]) != static_cast<uint32_t>(indices[i]) + 1) {
      if (!visit(i, int64_t{1})) return false;
      ++i;
    }
    // Here i starts a run of two or more, or is the last position.
    const uint32_t key = static_cast<uint32_t>(indices[i]) - static_cast<uint32_t>(i);
    const int64_t end =
        i + 1 < count ? internal::ContinueIndexRun(indices, i + 2, key, count) : count;
    if (!visit(i, end - i)) return false;
    i = end;
  }
  return true;
}

}  // namespace weir
