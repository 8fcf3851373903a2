// Tests of datetime/interval arithmetic: result types, month clamping, wrapping and columns.
#include <gtest/gtest.h>

#include "weir/sql/expr/expr_test_util.h"

namespace weir::sql {
namespace {

using namespace weir::sql::testing;  // NOLINT
using Rows = std::vector<std::string>;

ExprPtr Lit(int64_t v, LogicalType t) { return Expr::Literal(Value(v), t); }
ExprPtr Lit32(int32_t v, LogicalType t) { return Expr::Literal(Value(v), t); }

// INTERVAL '<ms>' as INTERVAL SECOND(3) and INTERVAL '<n>' MONTH.
ExprPtr Millis(int64_t ms) {
  return Lit(ms, LogicalType::IntervalDayTime(IntervalResolution::kSecond, 2, 3, false));
}
ExprPtr Months(int32_t m) {
  return Lit32(m, LogicalType::IntervalYearMonth(IntervalResolution::kMonth, 2, false));
}
ExprPtr Days(int32_t days) { return Lit32(days, LogicalType::Date(false)); }

// 2024-01-31T08:00:00 as TIMESTAMP(3).
constexpr int64_t kJan31 = 1706688000000;

TEST(IntervalArithmeticTest, TimestampPlusMinusDayTime) {
  const LogicalType ts3 = LogicalType::Timestamp(3, false);
  ExprPtr minus = Call("-", {Lit(kJan31, ts3), Millis(5000)});
  EXPECT_EQ(minus->type().ToString(), "TIMESTAMP(3) NOT NULL");
  EXPECT_EQ(EvalText(minus), "2024-01-31T07:59:55");
  EXPECT_EQ(EvalText(Call("+", {Millis(1500), Lit(kJan31, ts3)})), "2024-01-31T08:00:01.500");
  // Microsecond storage scales the milliseconds.
  const LogicalType ts6 = LogicalType::Timestamp(6, false);
  ExprPtr micros = Call("+", {Lit(kJan31 * 1000 + 7, ts6), Millis(1)});
  EXPECT_EQ(micros->type().ToString(), "TIMESTAMP(6) NOT NULL");
  EXPECT_EQ(EvalText(micros), "2024-01-31T08:00:00.001007");
  // TIMESTAMP_LTZ keeps its root.
  EXPECT_EQ(Call("-", {Lit(0, LogicalType::TimestampLtz(3, false)), Millis(1)})->type().ToString(),
            "TIMESTAMP_LTZ(3) NOT NULL");
  // A rowtime operand gives a plain timestamp.
  const LogicalType rowtime = LogicalType::Timestamp(3).WithTimestampKind(TimestampKind::kRowtime);
  EXPECT_EQ(Call("-", {Col(0, rowtime), Millis(1)})->type().ToString(), "TIMESTAMP(3)");
}

TEST(IntervalArithmeticTest, MonthsClampToTheMonthEnd) {
  const LogicalType ts3 = LogicalType::Timestamp(3, false);
  EXPECT_EQ(EvalText(Call("+", {Lit(kJan31, ts3), Months(1)})), "2024-02-29T08:00");
  EXPECT_EQ(EvalText(Call("+", {Lit(kJan31, ts3), Months(13)})), "2025-02-28T08:00");
  EXPECT_EQ(EvalText(Call("-", {Lit(kJan31, ts3), Months(2)})), "2023-11-30T08:00");
  EXPECT_EQ(EvalText(Call("+", {Months(-1), Lit(-1, ts3)})), "1969-11-30T23:59:59.999");
  // DATE + months stays a DATE; 19753 is 2024-01-31.
  ExprPtr date = Call("+", {Days(19753), Months(1)});
  EXPECT_EQ(date->type().ToString(), "DATE NOT NULL");
  EXPECT_EQ(EvalText(date), "2024-02-29");
  EXPECT_EQ(EvalText(Call("-", {Days(19753), Months(12 * 4 + 11)})), "2019-02-28");
}

TEST(IntervalArithmeticTest, DateAndTimePlusDayTime) {
  // Whole days only, truncated toward zero.
  EXPECT_EQ(EvalText(Call("+", {Days(0), Millis(2 * 86400000LL + 3600000)})), "1970-01-03");
  EXPECT_EQ(EvalText(Call("-", {Days(0), Millis(86400000LL + 1)})), "1969-12-31");
  EXPECT_EQ(Call("+", {Days(0), Millis(1)})->type().ToString(), "DATE NOT NULL");
  // TIME wraps around midnight; TIME + months is the time itself.
  const LogicalType time = LogicalType::Time(0, false);
  const int64_t eleven_pm = 23LL * 3600 * 1000000000;
  EXPECT_EQ(EvalText(Call("+", {Lit(eleven_pm, time), Millis(2 * 3600000)})), "01:00");
  EXPECT_EQ(EvalText(Call("-", {Lit(0, time), Millis(60000)})), "23:59");
  EXPECT_EQ(EvalText(Call("+", {Lit(eleven_pm, time), Months(5)})), "23:00");
}

TEST(IntervalArithmeticTest, IntervalOperators) {
  const LogicalType day = LogicalType::IntervalDayTime(IntervalResolution::kDay, 2, 6, false);
  ExprPtr sum = Call("+", {Lit(86400000, day), Millis(1)});
  EXPECT_EQ(sum->type().ToString(), "INTERVAL DAY(2) TO SECOND(6) NOT NULL");
  EXPECT_EQ(EvalText(sum), "PT24H0.001S");
  const LogicalType year = LogicalType::IntervalYearMonth(IntervalResolution::kYear, 2, false);
  ExprPtr ym = Call("-", {Lit32(12, year), Months(1)});
  EXPECT_EQ(ym->type().ToString(), "INTERVAL YEAR(2) TO MONTH NOT NULL");
  EXPECT_EQ(EvalText(ym), "P11M");
  EXPECT_EQ(EvalText(Call("*", {Millis(1500), Int(3)})), "PT4.5S");
  EXPECT_EQ(EvalText(Call("*", {Int(-2), Months(5)})), "P-10M");
  EXPECT_EQ(EvalText(Call("*", {Millis(1000), Dbl(1.25)})), "PT1.25S");
  EXPECT_EQ(EvalText(Call("/", {Millis(1000), Int(3)})), "PT0.333S");
  EXPECT_EQ(EvalText(Call("/", {Millis(1000), Dbl(0.5)})), "PT2S");
  EXPECT_EQ(EvalText(Call("-", {Millis(7)})), "PT-0.007S");
  EXPECT_EQ(EvalText(Call("-", {Months(-3)})), "P3M");
  EXPECT_EQ(EvalText(Call("+", {Months(-3)})), "P-3M");
  // Division by an integer zero fails; wrapping follows Java longs.
  EXPECT_FALSE(EvaluateConstant(Call("/", {Millis(1), Int(0)})).ok());
  EXPECT_EQ(EvalText(Call("*", {Millis(INT64_MAX), Int(2)})), "PT-0.002S");
}

TEST(IntervalArithmeticTest, RejectsWrongOperands) {
  const FunctionRegistry& r = FunctionRegistry::Builtins();
  const LogicalType ts3 = LogicalType::Timestamp(3, false);
  EXPECT_FALSE(r.MakeCall("-", {Millis(1), Lit(0, ts3)}).ok());  // interval - datetime
  EXPECT_FALSE(r.MakeCall("+", {Millis(1), Months(1)}).ok());    // mixed interval families
  EXPECT_FALSE(r.MakeCall("+", {Lit(0, ts3), Int(1)}).ok());     // datetime + integer
  EXPECT_FALSE(r.MakeCall("/", {Int(2), Millis(1)}).ok());       // numeric / interval
  EXPECT_FALSE(r.MakeCall("*", {Millis(1), Millis(1)}).ok());
  EXPECT_FALSE(r.MakeCall("MOD", {Millis(1), Int(2)}).ok());
}

TEST(IntervalArithmeticTest, ColumnsAndNulls) {
  const LogicalType ts3 = LogicalType::Timestamp(3);
  const LogicalType sec = LogicalType::IntervalDayTime(IntervalResolution::kSecond, 2, 3);
  ExprPtr e = Call("-", {Col(0, ts3), Col(1, sec)});
  EXPECT_EQ(e->type().ToString(), "TIMESTAMP(3)");
  EXPECT_EQ(*EvalRows(e,
                      "ts TIMESTAMP(3), i INTERVAL SECOND(3)\n"
                      "+I 2024-01-31T08:00:00 5000\n"
                      "+I null 1\n"
                      "+I 1970-01-01T00:00:00 null\n"
                      "+I 1970-01-01T00:00:00 1"),
            (Rows{"2024-01-31T07:59:55", "null", "null", "1969-12-31T23:59:59.999"}));
  EXPECT_EQ(*EvalRows(Call("+", {Col(0, ts3), Months(1)}),
                      "ts TIMESTAMP(3)\n+I 2023-12-31T12:00:00.5\n+I null"),
            (Rows{"2024-01-31T12:00:00.500", "null"}));
}

}  // namespace
}  // namespace weir::sql
