// RowKind: the change a row represents in a changelog (+I, -U, +U, -D), as in Flink.
#pragma once

#include <cstdint>
#include <string_view>

#include "weir/common/result.h"

namespace weir {

/// Stored as one int8 per row; the values match Flink's RowKind byte values.
enum class RowKind : int8_t {
  kInsert = 0,        // +I
  kUpdateBefore = 1,  // -U
  kUpdateAfter = 2,   // +U
  kDelete = 3,        // -D
};

inline constexpr int8_t kNumRowKinds = 4;

/// Returns "+I", "-U", "+U" or "-D".
std::string_view RowKindShortString(RowKind kind);
/// Parses "+I", "-U", "+U", "-D".
Result<RowKind> ParseRowKind(std::string_view text);
/// Returns whether the kind adds a row (+I, +U) rather than retracting one.
inline bool IsAccumulate(RowKind kind) {
  return kind == RowKind::kInsert || kind == RowKind::kUpdateAfter;
}

}  // namespace weir
