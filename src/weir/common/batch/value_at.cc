// ValueAt: reads one row of any column as a generic Value.
#include <string>

#include "weir/common/batch/column_builder.h"

namespace weir {

Value ValueAt(const ColumnVector& column, int64_t i) {
  if (column.IsNull(i)) return Value();
  switch (column.type().id()) {
    case TypeId::kNull:
      return Value();
    case TypeId::kBoolean:
      return Value(column.BoolValue(i));
    case TypeId::kTinyInt:
      return Value(static_cast<int64_t>(column.Value<int8_t>(i)));
    case TypeId::kSmallInt:
      return Value(static_cast<int64_t>(column.Value<int16_t>(i)));
    case TypeId::kInt:
    case TypeId::kDate:
    case TypeId::kIntervalYearMonth:
      return Value(static_cast<int64_t>(column.Value<int32_t>(i)));
    case TypeId::kBigInt:
    case TypeId::kTime:
    case TypeId::kTimestamp:
    case TypeId::kTimestampLtz:
    case TypeId::kIntervalDayTime:
      return Value(column.Value<int64_t>(i));
    case TypeId::kFloat:
      return Value(static_cast<double>(column.Value<float>(i)));
    case TypeId::kDouble:
      return Value(column.Value<double>(i));
    case TypeId::kDecimal:
      return Value(column.DecimalValue(i));
    case TypeId::kChar:
    case TypeId::kVarChar:
    case TypeId::kBinary:
    case TypeId::kVarBinary:
      return Value(std::string(column.StringValue(i)));
    case TypeId::kArray: {
      const ColumnVector& child = *column.child(0);
      const int64_t start = column.ListOffset(i);
      const int64_t n = column.ListLength(i);
      ValueList items;
      items.reserve(static_cast<size_t>(n));
      for (int64_t k = 0; k < n; ++k) items.push_back(ValueAt(child, start + k));
      return Value::MakeList(std::move(items));
    }
    case TypeId::kMap:
    case TypeId::kMultiset: {
      const ColumnVector& entries = *column.child(0);
      const ColumnVector& keys = *entries.child(0);
      const ColumnVector& values = *entries.child(1);
      const int64_t start = entries.offset() + column.ListOffset(i);
      const int64_t n = column.ListLength(i);
      ValuePairs pairs;
      pairs.reserve(static_cast<size_t>(n));
      for (int64_t k = 0; k < n; ++k) {
        pairs.emplace_back(ValueAt(keys, start + k), ValueAt(values, start + k));
      }
      return Value::MakeMap(std::move(pairs));
    }
    case TypeId::kRow: {
      ValueList fields;
      fields.reserve(column.children().size());
      for (const ColumnPtr& child : column.children()) {
        fields.push_back(ValueAt(*child, column.offset() + i));
      }
      return Value::MakeRow(std::move(fields));
    }
  }
  return Value();
}

}  // namespace weir
