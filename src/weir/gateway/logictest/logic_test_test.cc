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

TEST(LogicTestRunnerTest, FormatsRowsWithNullsAndKinds) {
  auto batch = RecordBatch::Parse("a INT, s STRING\n+I 1 x\n-U null 'y z'");
  ASSERT_TRUE(batch.ok()) << batch.status().ToString();
  EXPECT_EQ(FormatLogicTestRow(**batch, 0, false), "1 x");
  EXPECT_EQ(FormatLogicTestRow(**batch, 1, true), "-U NULL y z");
}

}  // namespace
}  // namespace weir::gateway
