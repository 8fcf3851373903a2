// Text of nested values: the shared layout of ARRAY, MAP/MULTISET and ROW cells.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "weir/common/batch/column_vector.h"

namespace weir {

/// Appends "[e1, e2, ...]" for the ARRAY cell at `row`, rendering each element with
/// `element(out, elements_column, index)`.
template <typename AppendElement>
void AppendArrayText(std::string& out, const ColumnVector& column, int64_t row,
                     AppendElement&& element) {
  const ColumnVector& elements = *column.child(0);
  const int64_t begin = column.ListOffset(row);
  const int64_t end = begin + column.ListLength(row);
  out.push_back('[');
  for (int64_t k = begin; k < end; ++k) {
    if (k > begin) out.append(", ");
    element(out, elements, k);
  }
  out.push_back(']');
}

/// Appends "{k1=v1, k2=v2, ...}" for the MAP or MULTISET cell at `row`.
template <typename AppendElement>
void AppendMapText(std::string& out, const ColumnVector& column, int64_t row,
                   AppendElement&& element) {
  const ColumnVector& entries = *column.child(0);
  const int64_t begin = column.ListOffset(row);
  const int64_t end = begin + column.ListLength(row);
  out.push_back('{');
  for (int64_t k = begin; k < end; ++k) {
    if (k > begin) out.append(", ");
    element(out, *entries.child(0), entries.offset() + k);
    out.push_back('=');
    element(out, *entries.child(1), entries.offset() + k);
  }
  out.push_back('}');
}

/// Appends `open` f1, f2, ... `close` for the ROW cell at `row`.
template <typename AppendElement>
void AppendRowText(std::string& out, const ColumnVector& column, int64_t row,
                   std::string_view open, std::string_view close, AppendElement&& element) {
  out.append(open);
  for (size_t f = 0; f < column.children().size(); ++f) {
    if (f > 0) out.append(", ");
    element(out, *column.child(static_cast<int>(f)), column.offset() + row);
  }
  out.append(close);
}

}  // namespace weir
