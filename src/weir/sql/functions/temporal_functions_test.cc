// Tests of temporal functions: field extraction, formatting, parsing, TIMESTAMPADD/DIFF.
#include <gtest/gtest.h>

#include "weir/sql/expr/expr_test_util.h"

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

}  // namespace
}  // namespace weir::sql
