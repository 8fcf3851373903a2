// Tests of expression binding: names, literals, operators, functions, CAST and CASE.
#include "weir/sql/binder/expression_binder.h"

#include "weir/sql/binder/binder_test_util.h"

namespace weir::sql {
namespace {

using ExpressionBinderTest = testing::BinderTest;

TEST_F(ExpressionBinderTest, ResolvesColumnsPlainAndQualified) {
  EXPECT_EQ(Bind("a"), "$0 : INT");
  EXPECT_EQ(Bind("src.s"), "$2 : STRING");
  EXPECT_EQ(Bind("x"), "ERROR: Column 'x' not found in any table (line 1, column 1)");
  EXPECT_EQ(Bind("src.x"), "ERROR: Column 'x' not found in table 'src' (line 1, column 1)");
  EXPECT_EQ(Bind("t.a"), "ERROR: Table 't' not found (line 1, column 1)");
}

TEST_F(ExpressionBinderTest, AmbiguousColumnNamesTheTables) {
  Scope scope;
  scope.fields = {{"a", "t1", LogicalType::Int()}, {"a", "t2", LogicalType::Int()}};
  ExpressionBinder binder(BindContext{}, &scope);
  auto e = ast::ParseExpression("a + 1");
  ASSERT_TRUE(e.ok());
  auto r = binder.Bind(**e);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "Column 'a' is ambiguous; it is in tables 't1', 't2' (line 1, column 1)");
  auto q = ast::ParseExpression("t2.a");
  ASSERT_TRUE(q.ok());
  auto ok = binder.Bind(**q);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ((*ok)->ToString(), "$1");
}

TEST_F(ExpressionBinderTest, NestedFieldAccessIsADotCall) {
  EXPECT_EQ(Bind("r.x", "orders"), "DOT($3, 'x') : INT");
  EXPECT_EQ(Bind("orders.r.y", "orders"), "DOT($3, 'y') : STRING");
  EXPECT_EQ(Bind("orders.r.zz", "orders"),
            "ERROR: Unknown field 'zz' in ROW<`x` INT, `y` STRING> (line 1, column 1)");
  EXPECT_EQ(Bind("amount.x", "orders"),
            "ERROR: Cannot access field 'x' of a value of type DECIMAL(10, 2) (line 1, column 1)");
}

TEST_F(ExpressionBinderTest, IntegerLiterals) {
  EXPECT_EQ(Bind("1"), "1 : INT NOT NULL");
  EXPECT_EQ(Bind("2147483647"), "2147483647 : INT NOT NULL");
  EXPECT_EQ(Bind("2147483648"), "2147483648:BIGINT : BIGINT NOT NULL");
  EXPECT_EQ(Bind("-2147483648"), "-2147483648 : INT NOT NULL");
  EXPECT_EQ(Bind("99999999999999999999"), "99999999999999999999 : DECIMAL(20, 0) NOT NULL");
}

TEST_F(ExpressionBinderTest, DecimalAndApproximateLiterals) {
  EXPECT_EQ(Bind("1.5"), "1.5 : DECIMAL(2, 1) NOT NULL");
  EXPECT_EQ(Bind("0.05"), "0.05 : DECIMAL(3, 2) NOT NULL");
  EXPECT_EQ(Bind("-12.50"), "-12.50 : DECIMAL(4, 2) NOT NULL");
  EXPECT_EQ(Bind("1e3"), "1000.0:DOUBLE : DOUBLE NOT NULL");
}

TEST_F(ExpressionBinderTest, StringBooleanAndNullLiterals) {
  EXPECT_EQ(Bind("'abc'"), "'abc' : CHAR(3) NOT NULL");
  EXPECT_EQ(Bind("TRUE"), "true : BOOLEAN NOT NULL");
  EXPECT_EQ(Bind("NULL"), "null:NULL : NULL");
  EXPECT_EQ(Bind("UNKNOWN"), "null:BOOLEAN : BOOLEAN");
}

TEST_F(ExpressionBinderTest, TemporalLiteralsUseStorageUnits) {
  auto value = [&](std::string_view sql) {
    auto e = ast::ParseExpression(sql);
    EXPECT_TRUE(e.ok());
    auto r = ExpressionBinder::BindLiteral((*e)->As<ast::LiteralExpr>());
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return std::make_pair((*r)->literal().int_value(), (*r)->type().ToString());
  };
  EXPECT_EQ(value("DATE '1970-01-02'"), std::make_pair(int64_t{1}, std::string("DATE NOT NULL")));
  EXPECT_EQ(value("DATE '2020-03-01'").first, 18322);
  EXPECT_EQ(value("TIME '01:00:00'"),
            std::make_pair(int64_t{3600000000000}, std::string("TIME(0) NOT NULL")));
  EXPECT_EQ(value("TIMESTAMP '1970-01-01 00:00:01.5'"),
            std::make_pair(int64_t{1500}, std::string("TIMESTAMP(1) NOT NULL")));
  EXPECT_EQ(value("TIMESTAMP '1970-01-01 00:00:00.000001'").first, 1);
  EXPECT_EQ(value("INTERVAL '5' SECOND").first, 5000);
  EXPECT_EQ(value("INTERVAL '1 02:00:00' DAY TO SECOND").first, 93600000);
  EXPECT_EQ(value("INTERVAL '1-3' YEAR TO MONTH").first, 15);
  EXPECT_EQ(value("INTERVAL -'2' MINUTE").first, -120000);
  EXPECT_EQ(Bind("DATE '2020-02-30'"),
            "ERROR: Illegal DATE literal '2020-02-30' (line 1, column 1)");
  EXPECT_EQ(Bind("INTERVAL '1 25' DAY TO HOUR"),
            "ERROR: Illegal interval literal format '1 25' for INTERVAL DAY TO HOUR "
            "(line 1, column 1)");
  EXPECT_EQ(Bind("DATE '12345-01-01'"),
            "ERROR: Illegal DATE literal '12345-01-01' (line 1, column 1)");
  EXPECT_EQ(Bind("TIMESTAMP '9999-12-31 23:59:59.999999999'"),
            "ERROR: TIMESTAMP literal '9999-12-31 23:59:59.999999999' is out of range for "
            "precision 9 (line 1, column 1)");
  EXPECT_EQ(Bind("INTERVAL '100' DAY"),
            "ERROR: Interval field value 100 exceeds precision of DAY(2) field (line 1, column 1)");
}

TEST_F(ExpressionBinderTest, OperatorsGoThroughTheRegistry) {
  EXPECT_EQ(Bind("a + 1"), "+($0, 1) : INT");
  EXPECT_EQ(Bind("a + b"), "+($0, $1) : BIGINT");
  EXPECT_EQ(Bind("d * 2"), "*($3, 2) : DECIMAL(20, 2)");
  EXPECT_EQ(Bind("a % 3"), "MOD($0, 3) : INT");
  EXPECT_EQ(Bind("-a"), "-($0) : INT");
  EXPECT_EQ(Bind("s || 'x'"), "||($2, 'x') : STRING");
  EXPECT_EQ(Bind("a > 1 AND b < 2 AND s = 'x'"), "AND(>($0, 1), <($1, 2), =($2, 'x')) : BOOLEAN");
  EXPECT_EQ(Bind("NOT (a = 1 OR a = 2)"), "NOT(OR(=($0, 1), =($0, 2))) : BOOLEAN");
  EXPECT_EQ(Bind("a IS DISTINCT FROM b"), "IS DISTINCT FROM($0, $1) : BOOLEAN NOT NULL");
}

TEST_F(ExpressionBinderTest, TypeErrorsCarryPositions) {
  EXPECT_EQ(Bind("a + TRUE").rfind("ERROR: No matching signature for function +", 0), 0u)
      << Bind("a + TRUE");
  EXPECT_NE(Bind("a + TRUE").find("(line 1, column 3)"), std::string::npos) << Bind("a + TRUE");
}

TEST_F(ExpressionBinderTest, PredicatesIsBetweenInLike) {
  EXPECT_EQ(Bind("s IS NULL"), "IS NULL($2) : BOOLEAN NOT NULL");
  EXPECT_EQ(Bind("s IS NOT NULL"), "IS NOT NULL($2) : BOOLEAN NOT NULL");
  EXPECT_EQ(Bind("(a > 1) IS TRUE"), "IS TRUE(>($0, 1)) : BOOLEAN NOT NULL");
  EXPECT_EQ(Bind("a BETWEEN 1 AND 5"), "BETWEEN($0, 1, 5) : BOOLEAN");
  EXPECT_EQ(Bind("a NOT BETWEEN 1 AND 5"), "NOT BETWEEN($0, 1, 5) : BOOLEAN");
  EXPECT_EQ(Bind("a IN (1, 2, 3)"), "IN($0, 1, 2, 3) : BOOLEAN");
  EXPECT_EQ(Bind("a NOT IN (1, 2)"), "NOT IN($0, 1, 2) : BOOLEAN");
  EXPECT_EQ(Bind("s LIKE 'a%'"), "LIKE($2, 'a%') : BOOLEAN");
  EXPECT_EQ(Bind("s NOT LIKE 'a%'"), "NOT LIKE($2, 'a%') : BOOLEAN");
  EXPECT_EQ(Bind("s ILIKE 'a%'"), "ERROR: not supported yet: ILIKE (line 1, column 3)");
}

TEST_F(ExpressionBinderTest, CastAndTryCast) {
  EXPECT_EQ(Bind("CAST(a AS BIGINT)"), "CAST($0 AS BIGINT) : BIGINT");
  EXPECT_EQ(Bind("CAST(1 AS STRING)"), "CAST(1 AS STRING NOT NULL) : STRING NOT NULL");
  EXPECT_EQ(Bind("TRY_CAST(s AS INT)"), "TRY_CAST($2 AS INT) : INT");
  EXPECT_EQ(Bind("CAST(NULL AS INT)"), "CAST(null:NULL AS INT) : INT");
  EXPECT_EQ(
      Bind("CAST(a AS DATE)"),
      "ERROR: Cast function cannot convert value of type INT to type DATE (line 1, column 1)");
}

TEST_F(ExpressionBinderTest, SearchedAndSimpleCase) {
  EXPECT_EQ(Bind("CASE WHEN a > 1 THEN 'x' ELSE 'yy' END"),
            "CASE(>($0, 1), 'x', 'yy') : CHAR(2) NOT NULL");
  EXPECT_EQ(Bind("CASE a WHEN 1 THEN b WHEN 2 THEN 0 END"),
            "CASE(=($0, 1), $1, =($0, 2), 0, null:BIGINT) : BIGINT");
  EXPECT_EQ(Bind("CASE WHEN a THEN 1 END"),
            "ERROR: Expected a BOOLEAN condition in CASE WHEN, got INT (line 1, column 11)");
}

TEST_F(ExpressionBinderTest, ConditionalFunctions) {
  EXPECT_EQ(Bind("COALESCE(a, 0)"), "COALESCE($0, 0) : INT NOT NULL");
  EXPECT_EQ(Bind("IF(a > 1, 'x', 'y')"), "IF(>($0, 1), 'x', 'y') : CHAR(1) NOT NULL");
  EXPECT_EQ(Bind("NULLIF(a, 0)"), "NULLIF($0, 0) : INT");
}

TEST_F(ExpressionBinderTest, SpecialSyntaxCallsPassKeywordsAsStrings) {
  EXPECT_EQ(Bind("EXTRACT(YEAR FROM ts)"), "EXTRACT('YEAR', $4) : BIGINT");
  EXPECT_EQ(Bind("TRIM(LEADING 'x' FROM s)"), "TRIM('LEADING', 'x', $2) : STRING");
  EXPECT_EQ(Bind("FLOOR(ts TO HOUR)"), "FLOOR($4, 'HOUR') : TIMESTAMP(3)");
  EXPECT_EQ(Bind("TIMESTAMPADD(DAY, 1, ts)"), "TIMESTAMPADD('DAY', 1, $4) : TIMESTAMP(3)");
  EXPECT_EQ(Bind("SUBSTRING(s FROM 2 FOR 3)"), "SUBSTRING($2, 2, 3) : STRING");
  EXPECT_EQ(Bind("POSITION('a' IN s)"), "POSITION('a', $2) : INT");
}

TEST_F(ExpressionBinderTest, UnknownFunctionsListArgumentFamilies) {
  EXPECT_EQ(Bind("foo(a)"),
            "ERROR: No match found for function signature foo(<NUMERIC>) (line 1, column 1)");
  EXPECT_EQ(Bind("foo(s, ts)"),
            "ERROR: No match found for function signature foo(<CHARACTER>, <TIMESTAMP>) "
            "(line 1, column 1)");
  EXPECT_EQ(Bind("COUNT(*)"),
            "ERROR: not supported yet: aggregate function COUNT (line 1, column 1)");
  EXPECT_EQ(Bind("UPPER(DISTINCT s)"),
            "ERROR: not supported yet: aggregate call syntax in UPPER (line 1, column 1)");
  EXPECT_EQ(Bind("SUM(a) OVER (ORDER BY ts)"),
            "ERROR: not supported yet: OVER window (line 1, column 1)");
}

TEST_F(ExpressionBinderTest, TimeFunctionsAndDatetimeArithmetic) {
  EXPECT_EQ(Bind("PROCTIME()"), "PROCTIME() : TIMESTAMP_LTZ(3) NOT NULL *PROCTIME*");
  EXPECT_EQ(Bind("CURRENT_TIMESTAMP"), "CURRENT_TIMESTAMP() : TIMESTAMP_LTZ(3) NOT NULL");
  EXPECT_EQ(Bind("ts - INTERVAL '5' SECOND"), "-($4, 5000:INTERVAL SECOND) : TIMESTAMP(3)");
}

TEST_F(ExpressionBinderTest, OnlyColumnReferencesKeepTimeAttributes) {
  // orders: id, amount, ts (rowtime), r, total, proc (proctime).
  EXPECT_EQ(Bind("ts", "orders"), "$2 : TIMESTAMP(3) *ROWTIME*");
  EXPECT_EQ(Bind("proc", "orders"), "$5 : TIMESTAMP_LTZ(3) NOT NULL *PROCTIME*");
  EXPECT_EQ(Bind("ts + INTERVAL '1' MINUTE", "orders"),
            "+($2, 60000:INTERVAL MINUTE) : TIMESTAMP(3)");
  EXPECT_EQ(Bind("CAST(ts AS TIMESTAMP(3))", "orders"), "CAST($2 AS TIMESTAMP(3)) : TIMESTAMP(3)");
  EXPECT_EQ(Bind("COALESCE(ts, ts)", "orders"), "COALESCE($2, $2) : TIMESTAMP(3)");
  EXPECT_EQ(Bind("CASE WHEN id > 0 THEN proc END", "orders"),
            "CASE(>($0, 0), $5, null:TIMESTAMP_LTZ(3)) : TIMESTAMP_LTZ(3)");
}

TEST_F(ExpressionBinderTest, CurrentWatermarkNeedsARowtimeAttribute) {
  EXPECT_EQ(Bind("CURRENT_WATERMARK(ts)", "orders"), "CURRENT_WATERMARK($2) : TIMESTAMP(3)");
  EXPECT_EQ(Bind("CURRENT_WATERMARK(ts)"),
            "ERROR: The argument of CURRENT_WATERMARK must be a rowtime attribute, but was "
            "'TIMESTAMP(3)' (line 1, column 1)");
  EXPECT_EQ(Bind("CURRENT_WATERMARK(proc)", "orders"),
            "ERROR: The argument of CURRENT_WATERMARK must be a rowtime attribute, but was "
            "'TIMESTAMP_LTZ(3) NOT NULL *PROCTIME*' (line 1, column 1)");
  EXPECT_EQ(Bind("CURRENT_WATERMARK(CAST(ts AS TIMESTAMP(3)))", "orders").substr(0, 60),
            "ERROR: The argument of CURRENT_WATERMARK must be a rowtime a");
  EXPECT_EQ(Bind("CURRENT_WATERMARK()", "orders").substr(0, 60),
            "ERROR: The argument of CURRENT_WATERMARK must be a rowtime a");
}

TEST_F(ExpressionBinderTest, UserFunctionsResolveThroughTheCatalog) {
  Exec("CREATE FUNCTION count_char AS 'com.github.nexmark.flink.udf.CountChar'");
  EXPECT_EQ(Bind("count_char(s, 'a')"), "COUNT_CHAR($2, 'a') : BIGINT NOT NULL");
  Exec("CREATE TEMPORARY SYSTEM FUNCTION cc AS 'com.github.nexmark.flink.udf.CountChar'");
  EXPECT_EQ(Bind("CC(s, 'a')"), "CC($2, 'a') : BIGINT NOT NULL");
  EXPECT_EQ(TryExec("CREATE FUNCTION f AS 'com.example.Nope'").message(),
            "No native implementation of function class 'com.example.Nope': Weir runs Java UDFs "
            "only through native ports (line 1, column 1)");
  EXPECT_EQ(TryExec("CREATE FUNCTION f AS 'x.y' LANGUAGE PYTHON").message(),
            "not supported yet: LANGUAGE PYTHON functions (line 1, column 1)");
}

TEST_F(ExpressionBinderTest, SubqueriesAreNotSupportedYet) {
  EXPECT_EQ(Bind("a IN (SELECT a FROM src)"),
            "ERROR: not supported yet: IN (subquery) (line 1, column 3)");
  EXPECT_EQ(Bind("EXISTS (SELECT 1)"),
            "ERROR: not supported yet: EXISTS (subquery) (line 1, column 1)");
}

TEST_F(ExpressionBinderTest, TimestampLtzLiteralsUseTheSessionTimeZone) {
  EXPECT_EQ(Bind("TIMESTAMP_LTZ '1970-01-01 01:00:00'"),
            "1970-01-01T01:00:00Z:TIMESTAMP_LTZ(0) : TIMESTAMP_LTZ(0) NOT NULL");
  config_.SetString("table.local-time-zone", "+01:00");
  auto e = ast::ParseExpression("TIMESTAMP_LTZ '1970-01-01 01:00:00'");
  ASSERT_TRUE(e.ok());
  auto r = binder_.BindExpression(**e, Scope{});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ((*r)->literal().int_value(), 0);
  config_.SetString("table.local-time-zone", "Europe/Berlin");
  EXPECT_EQ(Bind("TIMESTAMP_LTZ '1970-01-01 01:00:00'"),
            "ERROR: not supported yet: TIMESTAMP_LTZ literals in time zone 'Europe/Berlin' (only "
            "UTC and fixed offsets) (line 1, column 1)");
}

TEST_F(ExpressionBinderTest, MoreLiteralForms) {
  EXPECT_EQ(Bind("-1e3"), "-1000.0:DOUBLE : DOUBLE NOT NULL");
  EXPECT_EQ(Bind("X'0aff'").substr(Bind("X'0aff'").find(" : ")), " : BINARY(2) NOT NULL");
  EXPECT_EQ(Bind("-INTERVAL '3' HOUR"), "-10800000:INTERVAL HOUR : INTERVAL HOUR NOT NULL");
  EXPECT_EQ(Bind("1.2345678901234567890123456789012345678901"),
            "ERROR: Numeric literal '1.2345678901234567890123456789012345678901' out of range "
            "(line 1, column 1)");
}

TEST(ExpressionBinderNamesTest, DerivedNames) {
  auto name = [](std::string_view sql) {
    auto e = ast::ParseExpression(sql);
    EXPECT_TRUE(e.ok());
    return ExpressionBinder::DerivedName(**e);
  };
  EXPECT_EQ(name("t.a"), "a");
  EXPECT_EQ(name("a + 1"), "");
}

TEST_F(ExpressionBinderTest, OverlapsBindsToAFourArgumentCall) {
  const std::string bound =
      Bind("(TIME '1:00:00', INTERVAL '1' HOUR) OVERLAPS (TIME '2:00:00', TIME '3:00:00')");
  EXPECT_EQ(bound.rfind("OVERLAPS(", 0), 0u) << bound;
  EXPECT_NE(bound.find(" : BOOLEAN NOT NULL"), std::string::npos) << bound;
  EXPECT_EQ(Bind("a OVERLAPS (a, a)"),
            "ERROR: OVERLAPS needs a period on each side: (start, end) or (start, interval) "
            "(line 1, column 1)");
  EXPECT_NE(Bind("(a, a) OVERLAPS (a, a)").find("OVERLAPS needs DATE, TIME or TIMESTAMP"),
            std::string::npos);
}

}  // namespace
}  // namespace weir::sql
