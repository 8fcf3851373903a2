// SelectionVector: the indices of the rows of a batch that passed a filter, in order.
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

}  // namespace weir
