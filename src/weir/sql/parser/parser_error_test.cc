// Tests for parse error messages: Flink's wording, line and column, and what was expected.
#include <gtest/gtest.h>

#include "weir/sql/parser/parser_test_util.h"

namespace weir::sql::ast {
namespace {

using testing::ParseError;

TEST(ParserErrorTest, MisspelledKeyword) {
  EXPECT_EQ(ParseError("SELECT a, b FORM t WHERE x"),
            "SQL parse failed. Encountered \"t\" at line 1, column 18. Was expecting one of: "
            "\",\", \"FROM\", \"WHERE\", \"GROUP\", \"HAVING\", \"WINDOW\", \"INTERSECT\", "
            "\"UNION\", \"EXCEPT\", \"MINUS\", \"ORDER\", \"OFFSET\", ...");
}

TEST(ParserErrorTest, MissingFromTarget) {
  std::string e = ParseError("SELECT *\nFROM\nWHERE a = 1");
  EXPECT_NE(e.find("Encountered \"WHERE\" at line 3, column 1"), std::string::npos) << e;
  EXPECT_NE(e.find("<identifier>"), std::string::npos) << e;
  EXPECT_NE(e.find("WHERE is a reserved keyword"), std::string::npos) << e;
}

TEST(ParserErrorTest, UnclosedParenthesis) {
  std::string e = ParseError("SELECT f(a, b FROM t");
  EXPECT_NE(e.find("Encountered \"FROM\" at line 1, column 15"), std::string::npos) << e;
  EXPECT_NE(e.find("\")\""), std::string::npos) << e;
}

TEST(ParserErrorTest, TrailingGarbage) {
  std::string e = ParseError("SELECT 1 2");
  EXPECT_NE(e.find("Encountered \"2\" at line 1, column 10"), std::string::npos) << e;
}

TEST(ParserErrorTest, UnexpectedEnd) {
  std::string e = ParseError("SELECT a FROM t WHERE");
  EXPECT_NE(e.find("Encountered \"<EOF>\" at line 1, column 22"), std::string::npos) << e;
  EXPECT_NE(e.find("<expression>"), std::string::npos) << e;
}

TEST(ParserErrorTest, MissingWatermarkAs) {
  std::string e = ParseError(
      "CREATE TABLE t (\n  ts TIMESTAMP(3),\n  WATERMARK FOR ts ts - "
      "INTERVAL '1' SECOND\n)");
  EXPECT_NE(e.find("Encountered \"ts\" at line 3, column 20"), std::string::npos) << e;
  EXPECT_NE(e.find("\"AS\""), std::string::npos) << e;
}

TEST(ParserErrorTest, BadOptionValue) {
  std::string e = ParseError("CREATE TABLE t (a INT) WITH ('k' = 1)");
  EXPECT_NE(e.find("Encountered \"1\" at line 1, column 36"), std::string::npos) << e;
  EXPECT_NE(e.find("<string literal>"), std::string::npos) << e;
}

TEST(ParserErrorTest, UnknownStatement) {
  std::string e = ParseError("SELEKT 1");
  EXPECT_NE(e.find("Encountered \"SELEKT\" at line 1, column 1"), std::string::npos) << e;
  EXPECT_NE(e.find("\"SELECT\""), std::string::npos) << e;
  EXPECT_NE(e.find("\"CREATE\""), std::string::npos) << e;
}

TEST(ParserErrorTest, MissingJoinCondition) {
  std::string e = ParseError("SELECT * FROM a JOIN b WHERE a.x = b.x");
  EXPECT_NE(e.find("Encountered \"WHERE\" at line 1, column 24"), std::string::npos) << e;
  EXPECT_NE(e.find("\"ON\""), std::string::npos) << e;
  EXPECT_NE(e.find("\"USING\""), std::string::npos) << e;
}

TEST(ParserErrorTest, CaseWithoutEnd) {
  std::string e = ParseError("SELECT CASE WHEN a THEN 1 FROM t");
  EXPECT_NE(e.find("Encountered \"FROM\""), std::string::npos) << e;
  EXPECT_NE(e.find("\"END\""), std::string::npos) << e;
}

TEST(ParserErrorTest, ReservedWordAsColumn) {
  std::string e = ParseError("CREATE TABLE t (value STRING)");
  EXPECT_NE(e.find("Encountered \"value\" at line 1, column 17"), std::string::npos) << e;
  EXPECT_NE(e.find("quote it as `value`"), std::string::npos) << e;
}

TEST(ParserErrorTest, BadIntervalUnit) {
  std::string e = ParseError("SELECT INTERVAL '1' FORTNIGHT");
  EXPECT_NE(e.find("Encountered \"FORTNIGHT\""), std::string::npos) << e;
  EXPECT_NE(e.find("<time unit>"), std::string::npos) << e;
}

TEST(ParserErrorTest, SecondStatementErrorReportsItsLine) {
  std::string e = ParseError("SELECT 1;\nSELECT * FRM t;");
  EXPECT_NE(e.find("Encountered \"FRM\" at line 2, column 10"), std::string::npos) << e;
}

TEST(ParserErrorTest, SetNeedsQuotedKey) {
  std::string e = ParseError("SET a = 'b'");
  EXPECT_NE(e.find("Encountered \"a\" at line 1, column 5"), std::string::npos) << e;
}

TEST(ParserErrorTest, ErrorPositionAccessor) {
  Result<StatementPtr> r = ParseStatement("SELECT\n  a +");
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(r.status().IsInvalid());
  std::optional<SourcePos> pos = ParseErrorPosition(r.status());
  ASSERT_TRUE(pos);
  EXPECT_EQ(*pos, (SourcePos{2, 6}));
  EXPECT_FALSE(ParseErrorPosition(Status::Invalid("no position")));
}

TEST(ParserErrorTest, GarbageNeverCrashes) {
  const char* inputs[] = {"",
                          ";",
                          "(",
                          ")",
                          "SELECT",
                          "SELECT (",
                          "CREATE TABLE",
                          "/*+",
                          "SELECT * FROM TABLE(",
                          "INSERT INTO",
                          "SELECT 'a",
                          "\xff\xfe",
                          "SELECT a[",
                          "SELECT CAST(a AS",
                          "SELECT ROW<",
                          "EXPLAIN"};
  for (const char* in : inputs) {
    Result<std::vector<StatementPtr>> r = ParseScript(in);
    if (!r.ok()) {
      EXPECT_TRUE(r.status().IsInvalid()) << in;
    }
  }
}

}  // namespace
}  // namespace weir::sql::ast
