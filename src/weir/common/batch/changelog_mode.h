// ChangelogMode: which kinds of rows (RowKind) a plan node produces or a sink accepts.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "weir/common/batch/row_kind.h"

namespace weir {

/// A set of row kinds, plus the key when updates come as upserts (no UPDATE_BEFORE).
/// Flink's ChangelogMode; printed as Flink's EXPLAIN prints it: "I", "I,UB,UA,D", "I,UA,D".
class ChangelogMode {
 public:
  /// +I only.
  static ChangelogMode InsertOnly();
  /// +I, -U, +U, -D.
  static ChangelogMode All();
  /// +I, +U, -D with `key` as the upsert key (column indices).
  static ChangelogMode Upsert(std::vector<int32_t> key);
  /// No rows at all (a sink's output: Flink prints "NONE").
  static ChangelogMode None();

  bool Contains(RowKind kind) const { return (kinds_ & Bit(kind)) != 0; }
  bool is_insert_only() const { return kinds_ == Bit(RowKind::kInsert); }
  bool is_none() const { return kinds_ == 0; }
  /// True when updates carry no UPDATE_BEFORE (they must be applied by key).
  bool is_upsert() const {
    return Contains(RowKind::kUpdateAfter) && !Contains(RowKind::kUpdateBefore);
  }
  const std::optional<std::vector<int32_t>>& upsert_key() const { return upsert_key_; }

  /// Returns a mode with `kind` added.
  ChangelogMode With(RowKind kind) const;
  /// Returns true if every kind of `other` is in this mode (a sink accepting `this` can take
  /// a query producing `other`).
  bool Accepts(const ChangelogMode& other) const { return (other.kinds_ & ~kinds_) == 0; }

  /// Returns "I", "I,UB,UA,D", "I,UA,D" or "NONE".
  std::string ToString() const;

  bool operator==(const ChangelogMode& other) const = default;

 private:
  static constexpr uint8_t Bit(RowKind kind) { return uint8_t{1} << static_cast<uint8_t>(kind); }

  uint8_t kinds_ = 0;
  std::optional<std::vector<int32_t>> upsert_key_;
};

}  // namespace weir
