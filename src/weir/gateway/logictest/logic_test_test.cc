// Tests of the logic test file format and runner, against a scripted fake engine.
#include <gtest/gtest.h>

#include <map>

#include "weir/gateway/logictest/logic_test_file.h"
#include "weir/gateway/logictest/logic_test_runner.h"

namespace weir::gateway {
namespace {

constexpr char kFile[] = R"(# a comment
statement ok
CREATE TABLE t (a INT)
WITH ('connector' = 'datagen');

statement error Column 'x' not found
SELECT x FROM t

query IT rowsort
SELECT a, b FROM t
----
2 b
1 a

query IT changelog
SELECT a, b FROM t
----
+I 1 a
-U 1 a
+U 1 b
)";

// Answers each SQL text from a script.
class FakeExecutor final : public LogicTestExecutor {
 public:
  std::map<std::string, Result<std::vector<std::string>>> answers;
  Result<std::vector<std::string>> Execute(const std::string& sql, ResultMode) override {
    auto it = answers.find(sql);
    if (it == answers.end()) return Status::Invalid("unexpected SQL: ", sql);
    return it->second;
  }
};

TEST(LogicTestFileTest, ParsesStatementsErrorsAndQueries) {
  auto records = ParseLogicTest(kFile, "t.test");
  ASSERT_TRUE(records.ok()) << records.status().ToString();
  ASSERT_EQ(records->size(), 4u);
  const auto& create = (*records)[0];
  EXPECT_EQ(create.kind, LogicTestRecord::Kind::kStatementOk);
  EXPECT_EQ(create.sql, "CREATE TABLE t (a INT)\nWITH ('connector' = 'datagen')");
  EXPECT_EQ(create.line, 2);
  EXPECT_EQ((*records)[1].expected_error, "Column 'x' not found");
  EXPECT_EQ((*records)[2].mode, ResultMode::kRowSort);
  EXPECT_EQ((*records)[2].column_types, "IT");
  EXPECT_EQ((*records)[2].expected_rows, (std::vector<std::string>{"2 b", "1 a"}));
  EXPECT_EQ((*records)[3].mode, ResultMode::kChangelog);
  EXPECT_EQ((*records)[3].expected_rows.size(), 3u);
}

TEST(LogicTestFileTest, RejectsMalformedFilesWithTheLine) {
  auto unknown = ParseLogicTest("statement maybe\nSELECT 1\n", "x.test");
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.status().message().find("x.test:1"), std::string::npos);
  EXPECT_FALSE(ParseLogicTest("query IT sorted\nSELECT 1\n").ok());
  EXPECT_FALSE(ParseLogicTest("statement ok\n\n").ok());
  EXPECT_FALSE(ParseLogicTest("statement ok\nSELECT 1\n----\n1\n").ok());
}

TEST(LogicTestRunnerTest, ReportsEveryMismatchWithItsLine) {
  auto records = ParseLogicTest(kFile, "t.test");
  ASSERT_TRUE(records.ok());
  FakeExecutor engine;
  engine.answers.emplace("CREATE TABLE t (a INT)\nWITH ('connector' = 'datagen')",
                         std::vector<std::string>{});
  engine.answers.emplace("SELECT x FROM t", Status::Invalid("Column 'x' not found in any table"));
  engine.answers.emplace("SELECT a, b FROM t", std::vector<std::string>{"1 a", "2 b"});
  // The rowsort query passes; the changelog query gets plain rows and fails.
  std::vector<LogicTestFailure> failures = RunLogicTest(*records, engine, "t.test");
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_EQ(failures[0].line, 15);
  EXPECT_NE(failures[0].message.find("rows differ"), std::string::npos);

  engine.answers.insert_or_assign("SELECT x FROM t", std::vector<std::string>{});
  failures = RunLogicTest(*records, engine, "t.test");
  ASSERT_EQ(failures.size(), 2u);
  EXPECT_NE(failures[0].message.find("but it ran"), std::string::npos);
}

constexpr char kTextFile[] = R"(query T text
EXPLAIN SELECT 1
----
== Abstract Syntax Tree ==
LogicalProject(EXPR$0=[1])

# not a comment inside the text
== Physical Plan ==
<<<END>>>

statement ok
SELECT 2
)";

TEST(LogicTestFileTest, ParsesMultiLineTextValues) {
  auto records = ParseLogicTest(kTextFile, "t.test");
  ASSERT_TRUE(records.ok()) << records.status().ToString();
  ASSERT_EQ(records->size(), 2u);
  EXPECT_EQ((*records)[0].mode, ResultMode::kText);
  EXPECT_EQ(
      (*records)[0].expected_rows,
      (std::vector<std::string>{"== Abstract Syntax Tree ==", "LogicalProject(EXPR$0=[1])", "",
                                "# not a comment inside the text", "== Physical Plan =="}));
  EXPECT_EQ((*records)[1].sql, "SELECT 2");
  EXPECT_EQ((*records)[1].line, 11);
  auto unterminated = ParseLogicTest("query T text\nEXPLAIN SELECT 1\n----\nx\n\ny\n", "u.test");
  ASSERT_FALSE(unterminated.ok());
  EXPECT_NE(unterminated.status().message().find("<<<END>>>"), std::string::npos);
  EXPECT_NE(unterminated.status().message().find("u.test:4"), std::string::npos);
  EXPECT_FALSE(ParseLogicTest("query T text\nEXPLAIN SELECT 1\n").ok());
}

TEST(LogicTestRunnerTest, ComparesTextValuesLineByLine) {
  auto records = ParseLogicTest(kTextFile, "t.test");
  ASSERT_TRUE(records.ok());
  FakeExecutor engine;
  engine.answers.emplace("SELECT 2", std::vector<std::string>{});
  // One value holding the whole text; a trailing line break is not significant.
  engine.answers.emplace("EXPLAIN SELECT 1",
                         std::vector<std::string>{"== Abstract Syntax Tree ==\n"
                                                  "LogicalProject(EXPR$0=[1])\n\n"
                                                  "# not a comment inside the text\n"
                                                  "== Physical Plan ==\n"});
  EXPECT_TRUE(RunLogicTest(*records, engine, "t.test").empty());
  engine.answers.insert_or_assign("EXPLAIN SELECT 1",
                                  std::vector<std::string>{"== Abstract Syntax Tree ==\n"
                                                           "LogicalProject(EXPR$0=[1])\n"
                                                           "# not a comment inside the text\n"
                                                           "== Physical Plan =="});
  std::vector<LogicTestFailure> failures = RunLogicTest(*records, engine, "t.test");
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_EQ(failures[0].line, 1);
  EXPECT_NE(failures[0].message.find("text differs at line 3 of the value: expected '', got "
                                     "'# not a comment inside the text'"),
            std::string::npos)
      << failures[0].message;
}

TEST(LogicTestRunnerTest, FormatsRowsWithNullsAndKinds) {
  auto batch = RecordBatch::Parse("a INT, s STRING\n+I 1 x\n-U null 'y z'");
  ASSERT_TRUE(batch.ok()) << batch.status().ToString();
  EXPECT_EQ(FormatLogicTestRow(**batch, 0, false), "1 x");
  EXPECT_EQ(FormatLogicTestRow(**batch, 1, true), "-U NULL y z");
}

}  // namespace
}  // namespace weir::gateway
