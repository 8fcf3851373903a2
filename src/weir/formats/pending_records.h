// PendingRecords: the records a text decoder has scanned but not yet converted — field bytes in
// one arena and a slot per (record, column) — so conversion can run column by column.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "weir/common/result.h"
#include "weir/formats/record_position.h"

namespace weir::formats {

/// One field of one record: bytes [offset, offset + length) of the arena and a format-defined
/// kind; kind 0 means null or missing.
struct FieldSlot {
  uint32_t offset = 0;
  uint32_t length = 0;
  uint8_t kind = 0;
};

/// Scanned records in row-major slots. Grows by amortised doubling; Clear() keeps capacity, so
/// a decoder that flushes regularly allocates nothing per record once warm.
/// Thread: one thread at a time.
class PendingRecords {
 public:
  static constexpr uint8_t kNullKind = 0;
  static constexpr int64_t kMaxArenaBytes = int64_t{1} << 31;

  explicit PendingRecords(int num_columns) : num_columns_(num_columns) {}

  int num_columns() const { return num_columns_; }
  int64_t num_rows() const { return num_rows_; }
  const std::string& arena() const { return arena_; }
  std::string& mutable_arena() { return arena_; }

  /// Starts a record: its slots are null until set. Fails when the arena is full (flush
  /// first).
  Status BeginRow(const RecordPosition& position) {
    if (static_cast<int64_t>(arena_.size()) >= kMaxArenaBytes) {
      return Status::Invalid("Too many pending bytes in a format decoder; flush more often");
    }
    slots_.resize(slots_.size() + static_cast<size_t>(num_columns_));
    positions_.Add(position);
    ++num_rows_;
    return Status::OK();
  }
  /// Drops the record begun last (it turned out malformed).
  void AbandonRow(size_t arena_size_before) {
    slots_.resize(slots_.size() - static_cast<size_t>(num_columns_));
    positions_.PopBack();
    --num_rows_;
    arena_.resize(arena_size_before);
  }
  FieldSlot& slot(int64_t row, int column) {
    return slots_[static_cast<size_t>(row * num_columns_ + column)];
  }
  const FieldSlot& slot(int64_t row, int column) const {
    return slots_[static_cast<size_t>(row * num_columns_ + column)];
  }
  std::string_view text(const FieldSlot& s) const {
    return std::string_view(arena_.data() + s.offset, s.length);
  }
  const PositionLog& positions() const { return positions_; }

  void Clear() {
    arena_.clear();
    slots_.clear();
    positions_.Clear();
    num_rows_ = 0;
  }

 private:
  int num_columns_;
  int64_t num_rows_ = 0;
  std::string arena_;
  std::vector<FieldSlot> slots_;
  PositionLog positions_;
};

}  // namespace weir::formats
