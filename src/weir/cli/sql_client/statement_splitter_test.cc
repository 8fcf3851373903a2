// Tests for SplitStatements: quotes, comments, statement sets, lines and unfinished input.
#include "weir/cli/sql_client/statement_splitter.h"

#include <gtest/gtest.h>

namespace weir::cli {
namespace {

std::vector<std::string> Texts(const SplitResult& r) {
  std::vector<std::string> out;
  for (const auto& s : r.statements) out.push_back(s.text);
  return out;
}

TEST(StatementSplitterTest, SplitsAndKeepsStartingLines) {
  SplitResult r = SplitStatements("SET 'a' = '1';\n\nCREATE TABLE t (\n  x INT\n);  SELECT 1;\n");
  EXPECT_EQ(Texts(r), (std::vector<std::string>{"SET 'a' = '1'", "CREATE TABLE t (\n  x INT\n)",
                                                "SELECT 1"}));
  ASSERT_EQ(r.statements.size(), 3u);
  EXPECT_EQ(r.statements[0].line, 1);
  EXPECT_EQ(r.statements[1].line, 3);
  EXPECT_EQ(r.statements[2].line, 5);
  EXPECT_EQ(r.statements[2].column, 5);
  EXPECT_FALSE(r.incomplete());
}

TEST(StatementSplitterTest, SemicolonsInsideStringsIdentifiersAndComments) {
  SplitResult r = SplitStatements(
      "SELECT 'a;b', 'it''s;' FROM `we;ird` -- trailing; comment\n"
      "WHERE x = \"q;\" /* block; comment */;\n"
      "SELECT ';'';';");
  EXPECT_EQ(Texts(r),
            (std::vector<std::string>{"SELECT 'a;b', 'it''s;' FROM `we;ird` -- trailing; comment\n"
                                      "WHERE x = \"q;\" /* block; comment */",
                                      "SELECT ';'';'"}));
  EXPECT_EQ(r.statements[1].line, 3);
  EXPECT_FALSE(r.incomplete());
}

TEST(StatementSplitterTest, LeadingCommentsAreNotPartOfTheStatement) {
  SplitResult r =
      SplitStatements("-- setup; first\n/* multi\nline; */\n  DROP TABLE t;\n-- end;\n");
  EXPECT_EQ(Texts(r), (std::vector<std::string>{"DROP TABLE t"}));
  EXPECT_EQ(r.statements[0].line, 4);
  EXPECT_EQ(r.statements[0].column, 3);
  EXPECT_FALSE(r.incomplete());
}

TEST(StatementSplitterTest, EmptyStatementsAreSkipped) {
  SplitResult r = SplitStatements(";; SELECT 1;;\n;");
  EXPECT_EQ(Texts(r), (std::vector<std::string>{"SELECT 1"}));
}

TEST(StatementSplitterTest, StatementSetStatementsStaySeparate) {
  SplitResult r = SplitStatements(
      "BEGIN STATEMENT SET;\nINSERT INTO a SELECT 1;\nINSERT INTO b SELECT 2;\nEND;\n");
  EXPECT_EQ(Texts(r), (std::vector<std::string>{"BEGIN STATEMENT SET", "INSERT INTO a SELECT 1",
                                                "INSERT INTO b SELECT 2", "END"}));
}

TEST(StatementSplitterTest, ExecuteStatementSetBlockIsOneStatement) {
  SplitResult r = SplitStatements(
      "EXECUTE STATEMENT SET\nBEGIN\n  INSERT INTO a VALUES (1);\n  INSERT INTO b VALUES ('x;');"
      "\nEND;\nSELECT 2;");
  EXPECT_EQ(Texts(r),
            (std::vector<std::string>{"EXECUTE STATEMENT SET\nBEGIN\n  INSERT INTO a VALUES (1);\n"
                                      "  INSERT INTO b VALUES ('x;');\nEND",
                                      "SELECT 2"}));
  SplitResult open = SplitStatements("execute statement set begin insert into a values (1);\n");
  EXPECT_TRUE(open.statements.empty());
  EXPECT_TRUE(open.incomplete());
  EXPECT_EQ(open.open, OpenConstruct::kStatementSetBlock);
}

TEST(StatementSplitterTest, ReportsUnfinishedInput) {
  SplitResult r = SplitStatements("SELECT 1;\nSELECT *\nFROM t", 10);
  EXPECT_EQ(Texts(r), (std::vector<std::string>{"SELECT 1"}));
  EXPECT_TRUE(r.incomplete());
  EXPECT_EQ(r.remainder, "SELECT *\nFROM t");
  EXPECT_EQ(r.remainder_line, 11);
  EXPECT_EQ(r.consumed, 9u);
  EXPECT_EQ(r.open, OpenConstruct::kNone);

  SplitResult str = SplitStatements("SELECT 'abc;\n");
  EXPECT_TRUE(str.statements.empty());
  EXPECT_EQ(str.open, OpenConstruct::kString);
  EXPECT_EQ(str.open_line, 1);

  SplitResult ident = SplitStatements("SELECT 1;\nSELECT `a;");
  EXPECT_EQ(ident.open, OpenConstruct::kQuotedIdentifier);
  EXPECT_EQ(ident.open_line, 2);

  SplitResult comment = SplitStatements("SELECT 1; /* never closed;");
  EXPECT_EQ(Texts(comment), (std::vector<std::string>{"SELECT 1"}));
  EXPECT_TRUE(comment.remainder.empty());
  EXPECT_EQ(comment.open, OpenConstruct::kBlockComment);
  EXPECT_TRUE(comment.incomplete());

  SplitResult only_comment = SplitStatements("SELECT 1; -- done\n  \n");
  EXPECT_FALSE(only_comment.incomplete());
  EXPECT_TRUE(SplitStatements("").statements.empty());
  EXPECT_FALSE(SplitStatements("").incomplete());
}

TEST(StatementSplitterTest, LeadingKeywordsSkipComments) {
  bool only_words = false;
  EXPECT_EQ(LeadingKeywords("/* x */ load -- y\n module hive", 2, &only_words),
            (std::vector<std::string>{"LOAD", "MODULE"}));
  EXPECT_TRUE(only_words);
  EXPECT_EQ(LeadingKeywords("set 'a'='b'", 3, &only_words), (std::vector<std::string>{"SET"}));
  EXPECT_FALSE(only_words);
}

}  // namespace
}  // namespace weir::cli
