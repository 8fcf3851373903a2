// Tests of temporal functions: field extraction, formatting, parsing, TIMESTAMPADD/DIFF.
#include <gtest/gtest.h>

#include "weir/sql/expr/expr_test_util.h"
#include "weir/sql/functions/builtin_functions.h"
#include "weir/sql/functions/kernel.h"

namespace weir::sql {
namespace {

using namespace weir::sql::testing;  // NOLINT
using Rows = std::vector<std::string>;

// 2020-10-10T13:04:05.123 as TIMESTAMP(3).
ExprPtr Ts() {
  return Expr::Literal(Value(int64_t{1602335045123}), LogicalType::Timestamp(3, false));
}

TEST(TemporalTest, ExtractFields) {
  EXPECT_EQ(EvalText(Call("YEAR", {Ts()})), "2020");
  EXPECT_EQ(EvalText(Call("QUARTER", {Ts()})), "4");
  EXPECT_EQ(EvalText(Call("MONTH", {Ts()})), "10");
  EXPECT_EQ(EvalText(Call("DAYOFMONTH", {Ts()})), "10");
  EXPECT_EQ(EvalText(Call("DAYOFYEAR", {Ts()})), "284");
  EXPECT_EQ(EvalText(Call("DAYOFWEEK", {Ts()})), "7");  // a Saturday
  EXPECT_EQ(EvalText(Call("WEEK", {Ts()})), "41");
  EXPECT_EQ(EvalText(Call("HOUR", {Ts()})), "13");
  EXPECT_EQ(EvalText(Call("MINUTE", {Ts()})), "4");
  EXPECT_EQ(EvalText(Call("SECOND", {Ts()})), "5");
  EXPECT_EQ(EvalText(Call("EXTRACT", {Str("MILLISECOND"), Ts()})), "5123");
  EXPECT_EQ(EvalText(Call("EXTRACT",
                          {Str("YEAR"), Expr::Literal(Value(int64_t{-1}), LogicalType::Date())})),
            "1969");
  auto t = LogicalType::Timestamp(3);
  EXPECT_EQ(
      *EvalRows(Call("HOUR", {Col(0, t)}),
                "ts TIMESTAMP(3)\n+I 2020-10-10T08:00:00\n+I null\n+I 1969-12-31T23:59:59.999"),
      (Rows{"8", "null", "23"}));
  EXPECT_FALSE(FunctionRegistry::Builtins().MakeCall("HOUR", {Int(1)}).ok());
  EXPECT_FALSE(FunctionRegistry::Builtins().MakeCall("EXTRACT", {Str("FORTNIGHT"), Ts()}).ok());
  // TIMESTAMP_LTZ fields use the session time zone.
  auto ltz = Expr::Literal(Value(int64_t{0}), LogicalType::TimestampLtz(3, false));
  EvalContext ctx;
  ctx.time_zone = "-05:00";
  EXPECT_EQ(EvalText(Call("HOUR", {ltz}), ctx), "19");
  EXPECT_EQ(EvalText(Call("DAYOFMONTH", {ltz}), ctx), "31");
}

TEST(TemporalTest, DateFormat) {
  EXPECT_EQ(EvalText(Call("DATE_FORMAT", {Ts(), Str("yyyy-MM-dd")})), "2020-10-10");
  EXPECT_EQ(EvalText(Call("DATE_FORMAT", {Ts(), Str("HH:mm")})), "13:04");
  EXPECT_EQ(EvalText(Call("DATE_FORMAT", {Ts(), Str("yy/M/d h:mm:ss.SSS a 'at' EEE")})),
            "20/10/10 1:04:05.123 PM at Sat");
  EXPECT_EQ(EvalText(Call("DATE_FORMAT", {Str("2020-10-10 13:04:05"), Str("MMM dd")})), "Oct 10");
  EXPECT_EQ(EvalText(Call("DATE_FORMAT", {Str("garbage"), Str("yyyy")})), "null");
}

TEST(TemporalTest, Parsing) {
  EXPECT_EQ(EvalText(Call("TO_TIMESTAMP", {Str("2020-10-10 13:04:05")})), "2020-10-10T13:04:05");
  EXPECT_EQ(EvalText(Call("TO_TIMESTAMP", {Str("2020-10-10 13:04:05.5")})),
            "2020-10-10T13:04:05.500");
  EXPECT_EQ(EvalText(Call("TO_TIMESTAMP", {Str("10/10/2020 13"), Str("dd/MM/yyyy HH")})),
            "2020-10-10T13:00");
  EXPECT_EQ(EvalText(Call("TO_TIMESTAMP", {Str("2020-02-30 00:00:00")})), "null");
  EXPECT_EQ(EvalText(Call("TO_DATE", {Str("2020-10-10")})), "2020-10-10");
  EXPECT_EQ(EvalText(Call("TO_DATE", {Str("20201010"), Str("yyyyMMdd")})), "2020-10-10");
  EXPECT_EQ(EvalText(Call("UNIX_TIMESTAMP", {Str("1970-01-01 00:01:00")})), "60");
  EvalContext ctx;
  ctx.time_zone = "+01:00";
  EXPECT_EQ(EvalText(Call("UNIX_TIMESTAMP", {Str("1970-01-01 01:00:00")}), ctx), "0");
  EXPECT_EQ(EvalText(Call("FROM_UNIXTIME", {Int(86400 + 61)})), "1970-01-02 00:01:01");
  EXPECT_EQ(EvalText(Call("FROM_UNIXTIME", {Int(0), Str("yyyy HH")}), ctx), "1970 01");
}

TEST(TemporalTest, AddAndDiff) {
  EXPECT_EQ(EvalText(Call("TIMESTAMPADD", {Str("MONTH"), Int(4), Ts()})),
            "2021-02-10T13:04:05.123");
  auto jan31 = Expr::Literal(Value(int64_t{18292}), LogicalType::Date(false));  // 2020-01-31
  EXPECT_EQ(EvalText(Call("TIMESTAMPADD", {Str("MONTH"), Int(1), jan31})), "2020-02-29");
  EXPECT_EQ(EvalText(Call("TIMESTAMPADD", {Str("HOUR"), Int(-14), Ts()})),
            "2020-10-09T23:04:05.123");
  EXPECT_EQ(EvalText(Call("TIMESTAMPADD", {Str("MILLISECOND"), Int(877), Ts()})),
            "2020-10-10T13:04:06");
  auto later = Call("TIMESTAMPADD", {Str("DAY"), Int(40), Ts()});
  EXPECT_EQ(EvalText(Call("TIMESTAMPDIFF", {Str("DAY"), Ts(), later})), "40");
  EXPECT_EQ(EvalText(Call("TIMESTAMPDIFF", {Str("MONTH"), Ts(), later})), "1");
  EXPECT_EQ(EvalText(Call("TIMESTAMPDIFF", {Str("HOUR"), later, Ts()})), "-960");
  EXPECT_EQ(EvalText(Call("TIMESTAMPDIFF", {Str("YEAR"), jan31, Ts()})), "0");
}

TEST(TemporalTest, FloorAndCeilToUnit) {
  EXPECT_EQ(EvalText(Call("FLOOR", {Ts(), Str("HOUR")})), "2020-10-10T13:00");
  EXPECT_EQ(EvalText(Call("CEIL", {Ts(), Str("HOUR")})), "2020-10-10T14:00");
  EXPECT_EQ(EvalText(Call("FLOOR", {Ts(), Str("MONTH")})), "2020-10-01T00:00");
  EXPECT_EQ(EvalText(Call("CEIL", {Ts(), Str("YEAR")})), "2021-01-01T00:00");
  EXPECT_EQ(EvalText(Call("FLOOR", {Ts(), Str("QUARTER")})), "2020-10-01T00:00");
  EXPECT_EQ(EvalText(Call("FLOOR", {Ts(), Str("SECOND")})), "2020-10-10T13:04:05");
  EXPECT_EQ(EvalText(Call("CEIL", {Ts(), Str("SECOND")})), "2020-10-10T13:04:06");
  EXPECT_EQ(EvalText(Call("FLOOR", {Ts(), Str("WEEK")})), "2020-10-04T00:00");
  auto aligned = Expr::Literal(Value(int64_t{1602288000000}), LogicalType::Timestamp(3, false));
  EXPECT_EQ(EvalText(Call("CEIL", {aligned, Str("DAY")})), "2020-10-10T00:00");
  auto d = Expr::Literal(Value(int64_t{18545}), LogicalType::Date(false));
  EXPECT_EQ(EvalText(Call("FLOOR", {d, Str("MONTH")})), "2020-10-01");
  EXPECT_FALSE(FunctionRegistry::Builtins().MakeCall("FLOOR", {d, Str("HOUR")}).ok());
}

// Binds FLOOR/CEIL(TIME ... TO unit) directly and returns the result as text or the error.
std::string RoundTime(int64_t nano_of_day, const std::string& unit, bool ceil) {
  Value unit_value(unit);
  BindInput in;
  in.types = {LogicalType::Time(0, false),
              LogicalType::Char(static_cast<int32_t>(unit.size()), false)};
  in.constants = {nullptr, &unit_value};
  auto bound = BindTemporalFloor(in, ceil);
  if (!bound.ok()) return "ERROR: " + bound.status().message();
  EvalContext ctx;
  auto col = MakeScalarColumn(in.types[0], Value(nano_of_day), ctx.pool);
  if (!col.ok()) return "ERROR: " + col.status().message();
  auto out = bound->kernel(ctx, {Datum{*col, true}}, 1);
  if (!out.ok()) return "ERROR: " + out.status().message();
  std::string s;
  AppendValueText(s, **out, 0);
  return s;
}

int64_t TimeOf(int64_t h, int64_t m, int64_t sec, int64_t nanos = 0) {
  return ((h * 60 + m) * 60 + sec) * 1000000000 + nanos;
}

TEST(TemporalTest, FloorAndCeilTime) {
  EXPECT_EQ(RoundTime(TimeOf(12, 44, 31), "MINUTE", false), "12:44");
  EXPECT_EQ(RoundTime(TimeOf(12, 44, 31), "MINUTE", true), "12:45");
  EXPECT_EQ(RoundTime(TimeOf(12, 44, 31), "HOUR", false), "12:00");
  EXPECT_EQ(RoundTime(TimeOf(12, 44, 31), "HOUR", true), "13:00");
  EXPECT_EQ(RoundTime(TimeOf(12, 44, 31, 500000000), "SECOND", false), "12:44:31");
  EXPECT_EQ(RoundTime(TimeOf(12, 44, 31, 500000000), "SECOND", true), "12:44:32");
  // Already on a boundary: unchanged either way.
  EXPECT_EQ(RoundTime(TimeOf(12, 0, 0), "HOUR", true), "12:00");
  // Past the last hour of the day the ceiling wraps to midnight.
  EXPECT_EQ(RoundTime(TimeOf(23, 30, 0), "HOUR", true), "00:00");
  EXPECT_NE(RoundTime(TimeOf(12, 0, 0), "DAY", false).find("Cannot round TIME"), std::string::npos);
  EXPECT_NE(RoundTime(TimeOf(12, 0, 0), "MONTH", true).find("Cannot round TIME"),
            std::string::npos);
}

TEST(TemporalTest, ParsingZoneOffsets) {
  // Flink's documented example: the text is 1 s after the epoch at +08:00.
  EXPECT_EQ(EvalText(Call("UNIX_TIMESTAMP", {Str("1970-01-01 08:00:01.001 +0800"),
                                             Str("yyyy-MM-dd HH:mm:ss.SSS X")})),
            "1");
  EXPECT_EQ(EvalText(Call("UNIX_TIMESTAMP",
                          {Str("1970-01-01 08:00:01 +08"), Str("yyyy-MM-dd HH:mm:ss X")})),
            "1");
  EXPECT_EQ(
      EvalText(Call("UNIX_TIMESTAMP", {Str("1970-01-01 00:00:01Z"), Str("yyyy-MM-dd HH:mm:ssX")})),
      "1");
  EXPECT_EQ(EvalText(Call("UNIX_TIMESTAMP",
                          {Str("1969-12-31 19:30:01 -0430"), Str("yyyy-MM-dd HH:mm:ss XX")})),
            "1");
  EXPECT_EQ(EvalText(Call("UNIX_TIMESTAMP",
                          {Str("1970-01-01 05:30:01+05:30"), Str("yyyy-MM-dd HH:mm:ssXXX")})),
            "1");
  EXPECT_EQ(EvalText(Call("UNIX_TIMESTAMP",
                          {Str("1970-01-01 05:30:01 +0530"), Str("yyyy-MM-dd HH:mm:ss Z")})),
            "1");
  // The offset in the text wins over the session zone.
  EvalContext ctx;
  ctx.time_zone = "+01:00";
  EXPECT_EQ(EvalText(Call("UNIX_TIMESTAMP",
                          {Str("1970-01-01 08:00:01 +0800"), Str("yyyy-MM-dd HH:mm:ss Z")}),
                     ctx),
            "1");
  EXPECT_EQ(EvalText(Call("TO_TIMESTAMP_LTZ",
                          {Str("1970-01-01 08:00:01 +0800"), Str("yyyy-MM-dd HH:mm:ss Z")})),
            "1970-01-01T00:00:01Z");
  // Malformed offsets: XX needs minutes, XXX needs the colon, Z does not take a letter.
  EXPECT_EQ(EvalText(Call("UNIX_TIMESTAMP",
                          {Str("1970-01-01 08:00:01 +08"), Str("yyyy-MM-dd HH:mm:ss XX")})),
            "null");
  EXPECT_EQ(EvalText(Call("UNIX_TIMESTAMP",
                          {Str("1970-01-01 08:00:01 +0800"), Str("yyyy-MM-dd HH:mm:ss XXX")})),
            "null");
  EXPECT_EQ(EvalText(Call("UNIX_TIMESTAMP",
                          {Str("1970-01-01 08:00:01 Z"), Str("yyyy-MM-dd HH:mm:ss Z")})),
            "null");
  EXPECT_EQ(EvalText(Call("UNIX_TIMESTAMP",
                          {Str("1970-01-01 08:00:01 +2500"), Str("yyyy-MM-dd HH:mm:ss X")})),
            "null");
}

ExprPtr TimeLit(int64_t h, int64_t m) {
  return Expr::Literal(Value(TimeOf(h, m, 0)), LogicalType::Time(0, false));
}
ExprPtr Hours(int64_t h) {
  return Expr::Literal(Value(h * 3600000),
                       LogicalType::IntervalDayTime(IntervalResolution::kDayToSecond, 2, 6, false));
}
ExprPtr Months(int32_t m) {
  return Expr::Literal(Value(m),
                       LogicalType::IntervalYearMonth(IntervalResolution::kYearToMonth, 2, false));
}
ExprPtr DateLit(int32_t days) { return Expr::Literal(Value(days), LogicalType::Date(false)); }

TEST(TemporalTest, Overlaps) {
  // Flink's documented examples.
  EXPECT_EQ(EvalText(Call("OVERLAPS", {TimeLit(2, 55), Hours(1), TimeLit(3, 30), Hours(2)})),
            "true");
  EXPECT_EQ(EvalText(Call("OVERLAPS", {TimeLit(9, 0), TimeLit(10, 0), TimeLit(10, 15), Hours(3)})),
            "false");
  // Reversed endpoints are swapped; closed periods: touching counts.
  EXPECT_EQ(
      EvalText(Call("OVERLAPS", {TimeLit(10, 0), TimeLit(9, 0), TimeLit(9, 30), TimeLit(9, 45)})),
      "true");
  EXPECT_EQ(
      EvalText(Call("OVERLAPS", {TimeLit(9, 0), TimeLit(10, 0), TimeLit(10, 0), TimeLit(11, 0)})),
      "true");
  // TIME + interval wraps at midnight: (23:00, 01:00) is the period 01:00..23:00.
  EXPECT_EQ(EvalText(Call("OVERLAPS", {TimeLit(23, 0), Hours(2), TimeLit(0, 0), TimeLit(0, 30)})),
            "false");
  // DATE with months: 2024-01-31 + 1 month = 2024-02-29 (day 19782).
  EXPECT_EQ(EvalText(Call("OVERLAPS", {DateLit(19753), Months(1), DateLit(19782), DateLit(19790)})),
            "true");
  EXPECT_EQ(EvalText(Call("OVERLAPS", {DateLit(19753), Months(1), DateLit(19783), DateLit(19790)})),
            "false");
  // NULL points: unknown unless the other comparison is false.
  auto null_time = Null(LogicalType::Time(0));
  EXPECT_EQ(EvalText(Call("OVERLAPS", {TimeLit(9, 0), null_time, TimeLit(9, 30), TimeLit(9, 45)})),
            "null");
  EXPECT_EQ(EvalText(Call("OVERLAPS", {TimeLit(9, 0), null_time, TimeLit(8, 0), TimeLit(8, 30)})),
            "false");
  // Columns: each row's periods, with timestamps of different precisions.
  auto rows = EvalRows(
      Call("OVERLAPS",
           {Col(0, LogicalType::Timestamp(3)), Col(1, LogicalType::Timestamp(6)),
            Expr::Literal(Value(int64_t{5000}), LogicalType::Timestamp(3, false)), Hours(1)}),
      "s TIMESTAMP(3), e TIMESTAMP(6)\n"
      "+I 1970-01-01T00:00:00 1970-01-01T00:00:04.999999\n"
      "+I 1970-01-01T00:00:00 1970-01-01T00:00:05\n"
      "+I 1970-01-01T01:00:05.001 1970-01-01T01:00:04\n"
      "+I null 1970-01-01T00:00:07\n");
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ(*rows, (Rows{"false", "true", "true", "null"}));
  auto bad = FunctionRegistry::Builtins().MakeCall(
      "OVERLAPS", {TimeLit(9, 0), Months(1), TimeLit(9, 30), TimeLit(9, 45)});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("OVERLAPS needs periods of one datetime type"),
            std::string::npos)
      << bad.status().ToString();
  EXPECT_FALSE(FunctionRegistry::Builtins()
                   .MakeCall("OVERLAPS", {DateLit(1), DateLit(2), TimeLit(9, 30), TimeLit(9, 45)})
                   .ok());
}

}  // namespace
}  // namespace weir::sql
