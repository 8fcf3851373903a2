// Internal to the builders: checks that a generic Value fits a LogicalType and converts scalars.
#pragma once

#include <cstdint>
#include <limits>
#include <type_traits>

#include "weir/common/batch/value.h"
#include "weir/common/types/logical_type.h"

namespace weir::internal {

/// Returns the name of the alternative a Value holds ("NULL", "INTEGER", "List", ...).
const char* ValueKindName(const Value& value);

/// Checks recursively that `value` can be appended to a column of `type`: the right
/// alternative, integers within the storage width, decimals within the precision, no null
/// where the type is NOT NULL, ROW arity. Fails with TypeError.
Status CheckValueFits(const LogicalType& type, const Value& value);

/// Converts a non-null Value to the fixed-width storage of `type` (see ColumnVector).
template <typename T>
Status ValueToFixed(const LogicalType& type, const Value& value, T* out) {
  if constexpr (std::is_integral_v<T> && !std::is_same_v<T, __int128>) {
    if (!std::holds_alternative<int64_t>(value.storage())) {
      return Status::TypeError("Value does not match type ", type.ToString(), ": got ",
                               ValueKindName(value));
    }
    const int64_t v = value.int_value();
    if (v < int64_t{std::numeric_limits<T>::min()} || v > int64_t{std::numeric_limits<T>::max()}) {
      return Status::TypeError("Value out of range for ", type.ToString(), ": ", v);
    }
    *out = static_cast<T>(v);
    return Status::OK();
  } else if constexpr (std::is_floating_point_v<T>) {
    if (!std::holds_alternative<double>(value.storage())) {
      return Status::TypeError("Value does not match type ", type.ToString(), ": got ",
                               ValueKindName(value));
    }
    *out = static_cast<T>(value.double_value());
    return Status::OK();
  } else {
    static_assert(std::is_same_v<T, __int128>);
    if (!std::holds_alternative<Decimal128>(value.storage())) {
      return Status::TypeError("Value does not match type ", type.ToString(), ": got ",
                               ValueKindName(value));
    }
    const Decimal128 d = value.decimal_value();
    if (!d.FitsPrecision(type.precision())) {
      return Status::TypeError("Value out of range for ", type.ToString(), ": ",
                               d.ToString(type.scale()));
    }
    *out = d.value();
    return Status::OK();
  }
}

}  // namespace weir::internal
