// Test helpers for the column tests: sample values for every type and Value-based builders.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "weir/common/batch/column_builder.h"
#include "weir/common/batch/value.h"

namespace weir {
/// Lets gtest print Values in failure messages.
inline void PrintTo(const Value& v, std::ostream* os) { *os << v.ToString(); }
}  // namespace weir

namespace weir::testing {

inline Value I(int64_t v) { return Value(v); }
inline Value D(double v) { return Value(v); }
inline Value S(const char* v) { return Value(v); }
inline Value Dec(int64_t unscaled) { return Value(Decimal128::FromInt64(unscaled)); }
inline Value Null() { return Value(); }
inline Value L(ValueList items) { return Value::MakeList(std::move(items)); }
inline Value M(ValuePairs entries) { return Value::MakeMap(std::move(entries)); }
inline Value R(ValueList fields) { return Value::MakeRow(std::move(fields)); }

/// Builds a column of `type` from generic values; aborts the test on failure.
inline ColumnPtr BuildColumn(const LogicalType& type, const std::vector<Value>& values,
                             MemoryPool* pool = nullptr) {
  auto builder = ColumnBuilder::Make(type, pool);
  EXPECT_TRUE(builder.ok()) << builder.status().ToString();
  if (!builder.ok()) return nullptr;
  for (const Value& v : values) {
    Status st = (*builder)->AppendValue(v);
    EXPECT_TRUE(st.ok()) << st.ToString() << " appending " << v.ToString() << " to "
                         << type.ToString();
  }
  auto column = (*builder)->Finish();
  EXPECT_TRUE(column.ok()) << column.status().ToString();
  return column.ok() ? *column : nullptr;
}

/// Returns every row of `column` as Values.
inline std::vector<Value> ColumnValues(const ColumnVector& column) {
  std::vector<Value> out;
  for (int64_t i = 0; i < column.length(); ++i) out.push_back(ValueAt(column, i));
  return out;
}

/// A type with a few distinct sample values (including nulls when the type allows them).
struct TypeSamples {
  LogicalType type;
  std::vector<Value> samples;
};

/// Returns sample values for every type root, including deeply nested types.
inline std::vector<TypeSamples> AllTypeSamples() {
  using LT = LogicalType;
  const __int128 big = Decimal128::PowerOfTen(37) + 12345;
  std::vector<TypeSamples> out;
  out.push_back({LT::Null(), {Null()}});
  out.push_back({LT::Boolean(), {Value(true), Value(false), Null()}});
  out.push_back({LT::Boolean(false), {Value(true), Value(false), Value(false)}});
  out.push_back({LT::TinyInt(), {I(-128), I(127), I(0), Null(), I(5)}});
  out.push_back({LT::SmallInt(), {I(-32768), I(32767), Null(), I(-1)}});
  out.push_back({LT::Int(), {I(INT32_MIN), I(INT32_MAX), I(42), Null()}});
  out.push_back({LT::Int(false), {I(1), I(2), I(3), I(-7)}});
  out.push_back({LT::BigInt(), {I(INT64_MIN), I(INT64_MAX), Null(), I(0), I(99)}});
  out.push_back({LT::Float(), {D(1.5), D(-2.25), Null(), D(0)}});
  out.push_back({LT::Double(), {D(3.14159), D(-1e300), Null(), D(0.5)}});
  out.push_back({LT::Decimal(10, 2), {Dec(12345), Dec(-99999), Null(), Dec(0), Dec(9999999999)}});
  out.push_back(
      {LT::Decimal(38, 10), {Value(Decimal128(big)), Value(Decimal128(-big)), Null(), Dec(1)}});
  out.push_back({LT::Char(3), {S("abc"), S("x  "), Null()}});
  out.push_back({LT::VarChar(20), {S("hello"), S(""), Null(), S("wörld")}});
  out.push_back({LT::String(), {S("a"), Value(std::string(100, 'z')), Null(), S("")}});
  out.push_back({LT::Binary(2), {Value(std::string("\x00\x01", 2)), Null()}});
  out.push_back({LT::Bytes(), {Value(std::string("\xff\x00\x7f", 3)), S(""), Null()}});
  out.push_back({LT::Date(), {I(0), I(-719162), I(2932896), Null()}});
  out.push_back({LT::Time(3), {I(0), I(86399999000000LL), Null()}});
  out.push_back({LT::Timestamp(3), {I(1700000000000LL), I(-1), Null(), I(0)}});
  out.push_back({LT::TimestampLtz(6), {I(1700000000000000LL), Null(), I(1)}});
  out.push_back({LT::IntervalYearMonth(), {I(13), I(-25), Null()}});
  out.push_back({LT::IntervalDayTime(), {I(86400000), I(-1), Null()}});
  out.push_back({LT::Array(LT::Int()), {L({I(1), I(2), Null()}), L({}), Null(), L({I(7)})}});
  out.push_back({LT::Array(LT::Row({Field("a", LT::Int()), Field("b", LT::String())})),
                 {L({R({I(1), S("x")}), Null(), R({Null(), S("y")})}), L({}), Null(),
                  L({R({I(2), Null()})})}});
  out.push_back({LT::Array(LT::Array(LT::String())),
                 {L({L({S("a"), S("b")}), L({}), Null()}), Null(), L({L({Null()})})}});
  out.push_back(
      {LT::Map(LT::String(), LT::Array(LT::Int())),
       {M({{S("a"), L({I(1), I(2)})}, {S("b"), Null()}}), M({}), Null(), M({{S("c"), L({})}})}});
  out.push_back({LT::Map(LT::Int(false), LT::Decimal(5, 2)),
                 {M({{I(1), Dec(100)}, {I(2), Null()}}), Null(), M({{I(3), Dec(-99999)}})}});
  out.push_back({LT::Multiset(LT::String()),
                 {M({{S("x"), I(2)}, {S("y"), I(1)}}), M({}), Null(), M({{Null(), I(3)}})}});
  out.push_back(
      {LT::Row({Field("a", LT::Int()), Field("r", LT::Row({Field("x", LT::Double()),
                                                           Field("y", LT::Array(LT::BigInt()))}))}),
       {R({I(1), R({D(0.5), L({I(1), I(2)})})}), Null(), R({Null(), Null()}),
        R({I(3), R({Null(), L({})})})}});
  out.push_back({LT::Row({Field("k", LT::BigInt(false)), Field("v", LT::String())}, false),
                 {R({I(1), S("one")}), R({I(2), Null()}), R({I(-3), S("")})}});
  out.push_back({LT::Row({Field("flag", LT::Boolean()), Field("d", LT::Decimal(20, 4))}),
                 {R({Value(true), Dec(-1)}), Null(), R({Null(), Null()})}});
  return out;
}

/// Returns `n` rows cycling through the samples in a scrambled order.
inline std::vector<Value> SampleRows(const TypeSamples& t, int64_t n) {
  std::vector<Value> rows;
  const int64_t k = static_cast<int64_t>(t.samples.size());
  for (int64_t i = 0; i < n; ++i)
    rows.push_back(t.samples[static_cast<size_t>((i * 7 + i / 3) % k)]);
  return rows;
}

}  // namespace weir::testing
