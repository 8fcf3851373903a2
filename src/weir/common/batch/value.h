// Value: one dynamically typed value of any LogicalType, for row-at-a-time paths (tests, text, literals).
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

/// A value as it is stored in a column (see ColumnVector for the encodings): integers of every
/// width, DATE, TIME, TIMESTAMP and INTERVAL are int64; FLOAT and DOUBLE are double; strings
/// and binaries are std::string. Not for hot paths.
class Value {
 public:
  struct Null {
    bool operator==(const Null&) const = default;
  };
  struct List {  // ARRAY and MULTISET elements (MULTISET: as a map of element -> count)
    ValueList items;
    bool operator==(const List&) const = default;
  };
  struct Map {
    ValuePairs entries;
    bool operator==(const Map&) const = default;
  };
  struct Row {
    ValueList fields;
    bool operator==(const Row&) const = default;
  };
  using Storage = std::variant<Null, bool, int64_t, double, Decimal128, std::string, List, Map, Row>;

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

 private:
  explicit Value(Storage v) : v_(std::move(v)) {}
  Storage v_;
};

}  // namespace weir
