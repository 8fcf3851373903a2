// Value: one dynamically typed value of any LogicalType, for row-at-a-time paths (tests, text,
// literals).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "weir/common/types/decimal.h"

namespace weir {

class Value;

/// The elements of ARRAY/MULTISET, the key-value pairs of MAP, the fields of ROW.
using ValueList = std::vector<Value>;
using ValuePairs = std::vector<std::pair<Value, Value>>;

/// A value as it is stored in a column (see ColumnVector for the encodings), one alternative
/// per kind of type:
///   BOOLEAN                                   bool
///   TINYINT, SMALLINT, INT, BIGINT            int64 (range-checked against the column width)
///   DATE, TIME, TIMESTAMP(_LTZ), INTERVALs    int64 in the column's unit (days, nanoseconds of
///                                             the day, TimestampUnit(p) since the epoch,
///                                             months, milliseconds)
///   FLOAT, DOUBLE                             double
///   DECIMAL(p, s)                             Decimal128 (unscaled)
///   CHAR, VARCHAR, BINARY, VARBINARY          std::string
///   ARRAY                                     List of the elements
///   MAP                                       Map of key -> value
///   MULTISET                                  Map of element -> count (INT)
///   ROW                                       Row of the fields
/// A null of any type is Null. Not for hot paths.
class Value {
 public:
  struct Null {
    bool operator==(const Null&) const = default;
  };
  // The comparisons are defined after Value is complete (clang needs the complete type).
  struct List {  // ARRAY elements
    ValueList items;
    bool operator==(const List& other) const;
  };
  struct Map {
    ValuePairs entries;
    bool operator==(const Map& other) const;
  };
  struct Row {
    ValueList fields;
    bool operator==(const Row& other) const;
  };
  using Storage =
      std::variant<Null, bool, int64_t, double, Decimal128, std::string, List, Map, Row>;

  Value() = default;
  static Value MakeNull() { return Value(); }
  explicit Value(bool v) : v_(v) {}
  explicit Value(int64_t v) : v_(v) {}
  explicit Value(int32_t v) : v_(static_cast<int64_t>(v)) {}
  explicit Value(double v) : v_(v) {}
  explicit Value(Decimal128 v) : v_(v) {}
  explicit Value(std::string v) : v_(std::move(v)) {}
  explicit Value(const char* v) : v_(std::string(v)) {}
  static Value MakeList(ValueList items) { return Value(Storage(List{std::move(items)})); }
  static Value MakeMap(ValuePairs entries) { return Value(Storage(Map{std::move(entries)})); }
  static Value MakeRow(ValueList fields) { return Value(Storage(Row{std::move(fields)})); }

  bool is_null() const { return std::holds_alternative<Null>(v_); }
  bool bool_value() const { return std::get<bool>(v_); }
  int64_t int_value() const { return std::get<int64_t>(v_); }
  double double_value() const { return std::get<double>(v_); }
  Decimal128 decimal_value() const { return std::get<Decimal128>(v_); }
  const std::string& string_value() const { return std::get<std::string>(v_); }
  const ValueList& list_items() const { return std::get<List>(v_).items; }
  const ValuePairs& map_entries() const { return std::get<Map>(v_).entries; }
  const ValueList& row_fields() const { return std::get<Row>(v_).fields; }
  const Storage& storage() const { return v_; }

  bool operator==(const Value& other) const { return v_ == other.v_; }

  /// Prints the value for test failure messages: 1, 2.5, 'x', [1, 2], {k=v}, (a, b), null;
  /// decimals print unscaled with a "d" suffix.
  std::string ToString() const;

 private:
  explicit Value(Storage v) : v_(std::move(v)) {}
  Storage v_;
};

inline bool Value::List::operator==(const List& other) const { return items == other.items; }
inline bool Value::Map::operator==(const Map& other) const { return entries == other.entries; }
inline bool Value::Row::operator==(const Row& other) const { return fields == other.fields; }

}  // namespace weir
