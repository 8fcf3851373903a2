// Tests for ToSql: quoting, canonical spelling and parse-print round trips of statements.
#include "weir/sql/parser/ast_printer.h"

#include <gtest/gtest.h>

#include "weir/sql/parser/parser_test_util.h"

namespace weir::sql::ast {
namespace {

using testing::RoundTrip;

TEST(ParserPrinterTest, Quoting) {
  EXPECT_EQ(QuoteIdentifier("a`b"), "`a``b`");
  EXPECT_EQ(QuoteName({"c", "d b", "t"}), "`c`.`d b`.`t`");
  EXPECT_EQ(QuoteString("it's"), "'it''s'");
  EXPECT_EQ(QuoteString(""), "''");
}

TEST(ParserPrinterTest, KeywordsUpperIdentifiersQuoted) {
  EXPECT_EQ(RoundTrip("select a from t where b is not null order by a desc"),
            "SELECT `a`\nFROM `t`\nWHERE `b` IS NOT NULL\nORDER BY `a` DESC");
}

TEST(ParserPrinterTest, QuotedNamesSurvive) {
  EXPECT_EQ(RoundTrip("SELECT `a``b`, `select` FROM `my table`"),
            "SELECT `a``b`, `select`\nFROM `my table`");
}

TEST(ParserPrinterTest, UnicodeStringsPrintDecoded) {
  EXPECT_EQ(RoundTrip("SELECT U&'\\0041b'"), "SELECT 'Ab'");
}

TEST(ParserPrinterTest, StatementSetLayout) {
  EXPECT_EQ(RoundTrip("EXECUTE STATEMENT SET BEGIN INSERT INTO a SELECT 1; END"),
            "EXECUTE STATEMENT SET\nBEGIN\nINSERT INTO `a`\nSELECT 1;\nEND");
}

TEST(ParserPrinterTest, CreateViewLayout) {
  EXPECT_EQ(RoundTrip("create view v as select * from t"),
            "CREATE VIEW `v` AS\nSELECT *\nFROM `t`");
}

TEST(ParserPrinterTest, InsertLayout) {
  EXPECT_EQ(RoundTrip("insert into t partition (p = 1) (a) select 1"),
            "INSERT INTO `t` PARTITION (`p` = 1) (`a`)\nSELECT 1");
}

TEST(ParserPrinterTest, InlinePrimaryKeyBecomesTableConstraint) {
  EXPECT_EQ(RoundTrip("CREATE TABLE t (a INT PRIMARY KEY NOT ENFORCED)"),
            "CREATE TABLE `t` (\n  `a` INT,\n  PRIMARY KEY (`a`) NOT ENFORCED\n)");
}

TEST(ParserPrinterTest, ComplexQueriesRoundTrip) {
  const char* queries[] = {
      "SELECT a, CASE WHEN b THEN c END FROM t WHERE NOT (a OR b) AND c IN (1, 2)",
      "SELECT * FROM (SELECT a FROM t UNION ALL SELECT b FROM u) x ORDER BY 1 LIMIT 3",
      "SELECT -(-a), - -a, a - -1, NOT NOT b FROM t",
      "SELECT a.b.c, (a).b, a[1][2], f(a)[1].x FROM t",
      "SELECT CAST(a AS ROW<x INT, y ARRAY<STRING NOT NULL>>), TRY_CAST(b AS TIME(3)) FROM t",
      "SELECT COUNT(DISTINCT a) FILTER (WHERE b > 0) OVER (PARTITION BY c) FROM t",
      "SELECT * FROM t1 JOIN t2 ON t1.a = t2.a LEFT JOIN t3 USING (b) CROSS JOIN t4",
      "SELECT * FROM a, b, LATERAL TABLE(f(a.x)) AS r (y)",
      "WITH x AS (SELECT 1 AS a) SELECT a FROM x WHERE EXISTS (SELECT * FROM x)",
      "SELECT a || 'x' || b, a * (b + c), (a * b) + c, a / b % c FROM t",
      "SELECT DATE '2020-01-01', TIME '10:00:00', TIMESTAMP '2020-01-01 00:00:00', "
      "TIMESTAMP_LTZ '2020-01-01 00:00:00', INTERVAL '1' YEAR, X'00ff', 1e10, 1.50",
      "SELECT a FROM t WHERE a NOT BETWEEN 1 AND 2 AND b NOT LIKE 'x' AND c IS NOT FALSE",
      "SELECT * FROM t /*+ OPTIONS('a'='b') */ FOR SYSTEM_TIME AS OF TIMESTAMP "
      "'2020-01-01 00:00:00'",
      "SELECT JSON_OBJECT(KEY 'a' VALUE JSON_ARRAY(1, 2 NULL ON NULL)) FROM t",
      "SELECT ARRAY[ROW(1, 'a'), ROW(2, 'b')], MAP[1, ARRAY[1]] FROM t",
  };
  for (const char* q : queries) {
    EXPECT_FALSE(RoundTrip(q).empty()) << q;
  }
}

TEST(ParserPrinterTest, DataTypesPrintAsFlink) {
  struct Case {
    const char* in;
    const char* out;
  };
  for (const Case& c :
       {Case{"INTEGER", "INT"}, Case{"DEC(5, 2)", "DECIMAL(5, 2)"},
        Case{"CHARACTER VARYING(3)", "VARCHAR(3)"},
        Case{"TIMESTAMP(3) WITHOUT TIME ZONE", "TIMESTAMP(3)"},
        Case{"TIMESTAMP(3) WITH LOCAL TIME ZONE", "TIMESTAMP(3) WITH LOCAL TIME ZONE"},
        Case{"TIMESTAMP_LTZ(3)", "TIMESTAMP_LTZ(3)"},
        Case{"INT ARRAY NOT NULL", "ARRAY<INT> NOT NULL"},
        Case{"MAP<STRING, INT NOT NULL>", "MAP<STRING, INT NOT NULL>"},
        Case{"ROW(a INT, b STRING 'x')", "ROW(`a` INT, `b` STRING 'x')"},
        Case{"INTERVAL DAY(3) TO SECOND(3)", "INTERVAL DAY(3) TO SECOND(3)"},
        Case{"INTERVAL MINUTE", "INTERVAL MINUTE"}, Case{"DOUBLE PRECISION", "DOUBLE"},
        Case{"my.type", "`my`.`type`"}}) {
    Result<DataTypePtr> t = ParseDataType(c.in);
    ASSERT_TRUE(t.ok()) << c.in << ": " << t.status().ToString();
    EXPECT_EQ(ToSql(**t), c.out);
  }
}

TEST(ParserPrinterTest, DataTypesConvertToLogicalTypes) {
  struct Case {
    const char* in;
    const char* logical;
  };
  for (const Case& c :
       {Case{"VARCHAR", "STRING"}, Case{"VARCHAR(5)", "VARCHAR(5)"}, Case{"CHAR", "CHAR(1)"},
        Case{"DECIMAL", "DECIMAL(10, 0)"}, Case{"TIMESTAMP", "TIMESTAMP(6)"},
        Case{"TIME", "TIME(0)"}, Case{"BYTES NOT NULL", "BYTES NOT NULL"},
        Case{"MULTISET<INT>", "MULTISET<INT>"},
        Case{"INTERVAL YEAR TO MONTH", "INTERVAL YEAR(2) TO MONTH"}}) {
    Result<DataTypePtr> t = ParseDataType(c.in);
    ASSERT_TRUE(t.ok()) << c.in;
    Result<LogicalType> lt = (*t)->ToLogicalType();
    ASSERT_TRUE(lt.ok()) << c.in << ": " << lt.status().ToString();
    EXPECT_EQ(lt->ToString(), c.logical) << c.in;
  }
  Result<DataTypePtr> user = ParseDataType("my_type");
  ASSERT_TRUE(user.ok());
  EXPECT_TRUE((*user)->ToLogicalType().status().IsNotSupported());
  Result<DataTypePtr> dup = ParseDataType("ROW<a INT, a INT>");
  ASSERT_TRUE(dup.ok());
  EXPECT_FALSE((*dup)->ToLogicalType().ok());
}

TEST(ParserPrinterTest, HintNamesNeedingQuotes) {
  EXPECT_EQ(RoundTrip("SELECT * FROM t /*+ `SELECT`(x) */"),
            "SELECT *\nFROM `t` /*+ `SELECT`(`x`) */");
}

}  // namespace
}  // namespace weir::sql::ast
