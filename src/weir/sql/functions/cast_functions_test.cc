// Tests of CAST and TRY_CAST across scalar types, with Flink's overflow and rounding rules.
#include "weir/sql/functions/cast_functions.h"

#include <gtest/gtest.h>

#include "weir/sql/expr/expr_test_util.h"
#include "weir/sql/functions/type_inference.h"

namespace weir::sql {
namespace {

using namespace weir::sql::testing;  // NOLINT
using Rows = std::vector<std::string>;

std::string CastText(ExprPtr e, const std::string& type, bool is_try = false) {
  auto t = LogicalType::Parse(type);
  WEIR_CHECK(t.ok());
  return EvalText(Expr::Cast(std::move(e), *t, is_try));
}

TEST(CastTest, NumericToNumeric) {
  EXPECT_EQ(CastText(Int(300), "TINYINT"), "44");
  EXPECT_EQ(CastText(Big(4294967297LL), "INT"), "1");
  EXPECT_EQ(CastText(Dbl(1e10), "INT"), "2147483647");
  EXPECT_EQ(CastText(Dbl(-1e30), "BIGINT"), "-9223372036854775808");
  EXPECT_EQ(CastText(Dbl(2.9), "INT"), "2");
  EXPECT_EQ(CastText(Dbl(-2.9), "INT"), "-2");
  EXPECT_EQ(CastText(Dbl(1e10), "TINYINT"), "-1");  // (byte)(int) 1e10
  EXPECT_EQ(CastText(Int(7), "DOUBLE"), "7.0");
  EXPECT_EQ(CastText(Int(7), "BOOLEAN"), "true");
  EXPECT_EQ(CastText(Int(0), "BOOLEAN"), "false");
  EXPECT_EQ(CastText(Bool(true), "INT"), "1");
  EXPECT_EQ(CastText(Dec("-12.99", 4, 2), "INT"), "-12");
  EXPECT_EQ(CastText(Dec("12.5", 3, 1), "DOUBLE"), "12.5");
}

TEST(CastTest, ToDecimalRoundsHalfUpOrNull) {
  EXPECT_EQ(CastText(Dec("1.005", 4, 3), "DECIMAL(3, 2)"), "1.01");
  EXPECT_EQ(CastText(Dec("-1.005", 4, 3), "DECIMAL(3, 2)"), "-1.01");
  EXPECT_EQ(CastText(Dec("1.004", 4, 3), "DECIMAL(3, 2)"), "1.00");
  EXPECT_EQ(CastText(Int(12345), "DECIMAL(3, 0)"), "null");
  EXPECT_EQ(CastText(Int(12), "DECIMAL(5, 2)"), "12.00");
  EXPECT_EQ(CastText(Dbl(0.1), "DECIMAL(5, 3)"), "0.100");
  EXPECT_EQ(CastText(Dbl(2.675), "DECIMAL(5, 2)"), "2.68");  // via Double.toString
  EXPECT_EQ(CastText(Str("3.14159"), "DECIMAL(4, 2)"), "3.14");
  EXPECT_EQ(CastText(Str("12345.6"), "DECIMAL(4, 2)"), "null");
  EXPECT_EQ(CastText(Dbl(0.0 / 0.0), "DECIMAL(4, 2)"),
            "ERROR: Cannot cast 'NaN' of type DOUBLE to type DECIMAL(4, 2)");
  EXPECT_EQ(CastText(Dbl(0.0 / 0.0), "DECIMAL(4, 2)", true), "null");
}

TEST(CastTest, StringToNumbersAndBooleans) {
  EXPECT_EQ(CastText(Str(" 42 "), "INT"), "42");
  EXPECT_EQ(CastText(Str("-7"), "BIGINT"), "-7");
  EXPECT_EQ(CastText(Str("1.9"), "INT"), "1");
  EXPECT_EQ(CastText(Str("abc"), "INT"), "ERROR: Cannot cast 'abc' of type CHAR(3) to type INT");
  EXPECT_EQ(CastText(Str("abc"), "INT", true), "null");
  EXPECT_EQ(CastText(Str("128"), "TINYINT", true), "null");
  EXPECT_EQ(CastText(Str("1.5e3"), "DOUBLE"), "1500.0");
  EXPECT_EQ(CastText(Str("NaN"), "DOUBLE"), "NaN");
  EXPECT_EQ(CastText(Str("TRUE"), "BOOLEAN"), "true");
  EXPECT_EQ(CastText(Str("no"), "BOOLEAN"), "false");
  EXPECT_EQ(CastText(Str("maybe"), "BOOLEAN", true), "null");
  EXPECT_EQ(CastText(Str(""), "INT", true), "null");
}

TEST(CastTest, ToString) {
  EXPECT_EQ(CastText(Bool(true), "STRING"), "TRUE");
  EXPECT_EQ(CastText(Int(-5), "STRING"), "-5");
  EXPECT_EQ(CastText(Dbl(1e7), "STRING"), "1.0E7");
  EXPECT_EQ(CastText(Dbl(0.5), "STRING"), "0.5");
  EXPECT_EQ(CastText(Dec("0.00000001", 9, 8), "STRING"), "0.00000001");
  EXPECT_EQ(CastText(Str("héllo"), "VARCHAR(2)"), "hé");
  EXPECT_EQ(CastText(Str("ab"), "CHAR(4)"), "ab  ");
  auto date = Expr::Literal(Value(int64_t{18545}), LogicalType::Date(false));
  EXPECT_EQ(CastText(date, "STRING"), "2020-10-10");
  auto ts = Expr::Literal(Value(int64_t{1602288005123}), LogicalType::Timestamp(3, false));
  EXPECT_EQ(CastText(ts, "STRING"), "2020-10-10 00:00:05.123");
  auto time = Expr::Literal(Value(int64_t{45296500000000}), LogicalType::Time(0, false));
  EXPECT_EQ(CastText(time, "STRING"), "12:34:56");
}

TEST(CastTest, IntervalsToString) {
  auto day_time = [](int64_t ms) {
    return Expr::Literal(Value(ms),
                         LogicalType::IntervalDayTime(IntervalResolution::kMinute, 2, 6, false));
  };
  auto year_month = [](int32_t m) {
    return Expr::Literal(Value(m),
                         LogicalType::IntervalYearMonth(IntervalResolution::kYear, 2, false));
  };
  EXPECT_EQ(CastText(day_time(93784005), "STRING"), "+1 02:03:04.005");
  EXPECT_EQ(CastText(day_time(-1500), "STRING"), "-0 00:00:01.500");
  EXPECT_EQ(CastText(day_time(INT64_MIN), "STRING"), "-106751991167 07:12:55.808");
  EXPECT_EQ(CastText(year_month(14), "STRING"), "+1-02");
  EXPECT_EQ(CastText(year_month(-3), "STRING"), "-0-03");
  EXPECT_FALSE(ExplicitCastSupported(LogicalType::Time(), LogicalType::IntervalYearMonth()));
  EXPECT_FALSE(ExplicitCastSupported(LogicalType::IntervalYearMonth(), LogicalType::Int()));
}

TEST(CastTest, Temporal) {
  EXPECT_EQ(CastText(Str("2020-10-10"), "DATE"), "2020-10-10");
  EXPECT_EQ(CastText(Str("2020-13-10"), "DATE", true), "null");
  EXPECT_EQ(CastText(Str("2020-10-10 01:02:03.456789"), "TIMESTAMP(3)"), "2020-10-10T01:02:03.456");
  EXPECT_EQ(CastText(Str("2020-10-10"), "TIMESTAMP(0)"), "2020-10-10T00:00");
  EXPECT_EQ(CastText(Str("12:30:01"), "TIME(0)"), "12:30:01");
  auto ts = Expr::Literal(Value(int64_t{1602288005123}), LogicalType::Timestamp(3, false));
  EXPECT_EQ(CastText(ts, "DATE"), "2020-10-10");
  EXPECT_EQ(CastText(ts, "TIME(3)"), "00:00:05.123");
  EXPECT_EQ(CastText(ts, "TIMESTAMP(0)"), "2020-10-10T00:00:05");
  EXPECT_EQ(CastText(ts, "TIMESTAMP(6)"), "2020-10-10T00:00:05.123");
  EXPECT_EQ(CastText(ts, "TIMESTAMP_LTZ(3)"), "2020-10-10T00:00:05.123Z");
  auto before_epoch = Expr::Literal(Value(int64_t{-1}), LogicalType::Timestamp(3, false));
  EXPECT_EQ(CastText(before_epoch, "DATE"), "1969-12-31");
  // TIMESTAMP_LTZ prints in the session zone.
  auto ltz = Expr::Literal(Value(int64_t{0}), LogicalType::TimestampLtz(3, false));
  EvalContext ctx;
  ctx.time_zone = "+08:00";
  EXPECT_EQ(EvalText(Expr::Cast(ltz, LogicalType::String()), ctx), "1970-01-01 08:00:00.000");
  EXPECT_EQ(CastText(Big(60), "TIMESTAMP_LTZ(3)"), "1970-01-01T00:01:00Z");
  EXPECT_EQ(
      CastText(Expr::Literal(Value(int64_t{18545}), LogicalType::Date(false)), "TIMESTAMP(3)"),
      "2020-10-10T00:00");
}

TEST(CastTest, BinaryAndErrors) {
  EXPECT_EQ(CastText(Str("ab"), "BYTES"), "[97, 98]");
  auto bytes = Expr::Literal(Value(std::string("hi")), LogicalType::Bytes(false));
  EXPECT_EQ(CastText(bytes, "STRING"), "hi");
  EXPECT_EQ(CastText(bytes, "BINARY(3)"), "[104, 105, 0]");
  EXPECT_EQ(CastText(Null(), "INT"), "null");
  auto r = CompiledExpr::Make(Expr::Cast(Int(1), LogicalType::Bytes()), Schema());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "CAST from INT NOT NULL to BYTES is not supported");
  auto v = CastValue(Value(int64_t{5}), LogicalType::Int(), LogicalType::String());
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->string_value(), "5");
}

TEST(CastTest, ColumnWithNullsAndSelection) {
  auto e = Expr::Cast(Col(0, LogicalType::String()), LogicalType::Int(), true);
  SelectionVector sel(std::vector<int32_t>{2, 0});
  EXPECT_EQ(*EvalRows(e, "s STRING\n+I 1\n+I null\n+I x", &sel), (Rows{"null", "1"}));
}

}  // namespace
}  // namespace weir::sql
