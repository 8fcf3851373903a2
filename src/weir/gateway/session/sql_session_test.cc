// Tests of SqlSession: DDL, SHOW/DESCRIBE, SET/RESET, SELECT, INSERT, statement sets, jobs.
#include "weir/gateway/session/sql_session.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "weir/common/batch/batch_text.h"
#include "weir/common/config/option_registry.h"
#include "weir/gateway/session/session_options.h"

namespace weir::gateway {
namespace {

class SqlSessionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    config::Configuration config;
    config.SetString("weir.worker-threads", "2");
    auto made = cluster::MiniCluster::Make(config);
    ASSERT_TRUE(made.ok()) << made.status().ToString();
    cluster_ = std::move(*made);
    session_ = std::make_unique<SqlSession>(cluster_.get(), config::Configuration());
  }

  // Executes `sql`, failing the test on an error.
  StatementOutcome Run(const std::string& sql) {
    Result<StatementOutcome> r = session_->Execute(sql);
    EXPECT_TRUE(r.ok()) << sql << "\n" << r.status().ToString();
    return r.ok() ? std::move(*r) : StatementOutcome{};
  }
  // Returns the rows of a result as Row.toString text.
  static std::vector<std::string> Text(const StatementOutcome& out) {
    std::vector<std::string> rows;
    for (const auto& b : out.batches) {
      for (int64_t r = 0; r < b->num_rows(); ++r) rows.push_back(FormatRow(*b, r));
    }
    return rows;
  }

  std::unique_ptr<cluster::MiniCluster> cluster_;
  std::unique_ptr<SqlSession> session_;
};

constexpr char kSource[] =
    "CREATE TABLE src (a BIGINT, s STRING) WITH ('connector' = 'datagen', "
    "'number-of-rows' = '5', 'fields.a.kind' = 'sequence', 'fields.a.start' = '1', "
    "'fields.a.end' = '5', 'fields.s.kind' = 'sequence', 'fields.s.start' = '10', "
    "'fields.s.end' = '14')";

TEST_F(SqlSessionTest, DdlShowAndDescribe) {
  EXPECT_EQ(Run(kSource).kind, StatementOutcome::Kind::kExecuted);
  EXPECT_EQ(Text(Run("SHOW TABLES")), (std::vector<std::string>{"+I[src]"}));
  EXPECT_EQ(Text(Run("SHOW CURRENT CATALOG")), (std::vector<std::string>{"+I[default_catalog]"}));
  auto describe = Run("DESCRIBE src");
  EXPECT_EQ(describe.schema->field(0).name, "name");
  EXPECT_EQ(Text(describe).size(), 2u);
  auto create = Text(Run("SHOW CREATE TABLE src"));
  ASSERT_EQ(create.size(), 1u);
  EXPECT_NE(create[0].find("'connector' = 'datagen'"), std::string::npos) << create[0];
  Run("CREATE VIEW v AS SELECT a FROM src WHERE a > 2");
  EXPECT_EQ(Text(Run("SHOW VIEWS")), (std::vector<std::string>{"+I[v]"}));
  Run("CREATE DATABASE db2");
  Run("USE db2");
  EXPECT_EQ(Text(Run("SHOW CURRENT DATABASE")), (std::vector<std::string>{"+I[db2]"}));
  EXPECT_TRUE(Text(Run("SHOW TABLES")).empty());
  Run("USE default_database");
  Run("DROP VIEW v");
  auto missing = session_->Execute("DESCRIBE nope");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("doesn't exist"), std::string::npos);
}

TEST_F(SqlSessionTest, SetAndReset) {
  EXPECT_EQ(Run("SET 'parallelism.default' = '2'").kind, StatementOutcome::Kind::kSessionSet);
  EXPECT_EQ(*session_->config().GetString("parallelism.default"), "2");
  EXPECT_EQ(Text(Run("SET")), (std::vector<std::string>{"+I[parallelism.default, 2]"}));
  EXPECT_EQ(Run("RESET 'parallelism.default'").kind, StatementOutcome::Kind::kSessionReset);
  EXPECT_FALSE(session_->config().GetString("parallelism.default").has_value());
  Run("SET 'a.b' = 'c'");
  EXPECT_EQ(Run("RESET").kind, StatementOutcome::Kind::kSessionResetAll);
  EXPECT_TRUE(session_->config().Keys().empty());
}

TEST_F(SqlSessionTest, BoundedSelectReturnsItsRows) {
  Run(kSource);
  auto out = Run("SELECT a * 10 AS x, UPPER(s) FROM src WHERE a <> 3");
  EXPECT_EQ(out.kind, StatementOutcome::Kind::kRows);
  EXPECT_EQ(out.schema->field(0).name, "x");
  EXPECT_EQ(Text(out),
            (std::vector<std::string>{"+I[10, 10]", "+I[20, 11]", "+I[40, 13]", "+I[50, 14]"}));
  EXPECT_EQ(Text(Run("SELECT * FROM (VALUES (1, 'x'), (2, 'y')) AS t(k, v)")),
            (std::vector<std::string>{"+I[1, x]", "+I[2, y]"}));
  Run("CREATE TABLE forever (a BIGINT) WITH ('connector' = 'datagen')");
  auto unbounded = session_->Execute("SELECT a FROM forever");
  ASSERT_FALSE(unbounded.ok());
  EXPECT_NE(unbounded.status().message().find("not supported yet"), std::string::npos);
}

TEST_F(SqlSessionTest, InsertsAndStatementSetsSubmitJobs) {
  const std::string dir = ::testing::TempDir() + "/weir-session-" + std::to_string(::getpid());
  std::filesystem::remove_all(dir);
  Run(kSource);
  Run("CREATE TABLE out1 (a BIGINT) WITH ('connector' = 'filesystem', 'path' = '" + dir +
      "/1', 'format' = 'json')");
  Run("CREATE TABLE out2 (s STRING) WITH ('connector' = 'filesystem', 'path' = '" + dir +
      "/2', 'format' = 'csv')");
  auto insert = Run("INSERT INTO out1 SELECT a FROM src");
  EXPECT_EQ(insert.kind, StatementOutcome::Kind::kJobSubmitted);
  EXPECT_FALSE(insert.job_id.empty());
  EXPECT_EQ(Run("BEGIN STATEMENT SET").kind, StatementOutcome::Kind::kStatementSetBegin);
  EXPECT_EQ(Run("INSERT INTO out1 SELECT a + 100 FROM src").kind,
            StatementOutcome::Kind::kStatementSetAdded);
  EXPECT_EQ(Run("INSERT INTO out2 SELECT s FROM src").kind,
            StatementOutcome::Kind::kStatementSetAdded);
  EXPECT_FALSE(session_->Execute("SHOW TABLES").ok());  // only INSERT inside a set
  auto set = Run("END");
  EXPECT_EQ(set.kind, StatementOutcome::Kind::kJobSubmitted);
  ASSERT_TRUE(session_->WaitForJobs().ok());
  ASSERT_EQ(session_->jobs().size(), 2u);
  EXPECT_EQ(session_->jobs()[1].job_name,
            "insert-into_default_catalog.default_database.out1,"
            "default_catalog.default_database.out2");
  auto jobs = Text(Run("SHOW JOBS"));
  ASSERT_EQ(jobs.size(), 2u);
  EXPECT_NE(jobs[0].find("FINISHED"), std::string::npos) << jobs[0];
  int lines = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
    const std::string name = e.path().filename().string();
    if (!e.is_regular_file() || name[0] == '.') continue;
    std::ifstream in(e.path());
    for (std::string line; std::getline(in, line);) ++lines;
  }
  EXPECT_EQ(lines, 15);  // 5 + 5 into out1, 5 into out2
  std::filesystem::remove_all(dir);
}

TEST_F(SqlSessionTest, DmlSyncWaitsForTheJob) {
  const std::string dir = ::testing::TempDir() + "/weir-dml-sync-" + std::to_string(::getpid());
  std::filesystem::remove_all(dir);
  Run(kSource);
  Run("CREATE TABLE out1 (a BIGINT) WITH ('connector' = 'filesystem', 'path' = '" + dir +
      "', 'format' = 'json')");
  Run("SET 'table.dml-sync' = 'true'");
  Run("SET 'restart-strategy.type' = 'none'");
  auto insert = Run("INSERT INTO out1 SELECT a FROM src");
  EXPECT_EQ(insert.kind, StatementOutcome::Kind::kJobSubmitted);
  // The statement returned after the job ended: no WaitForJobs needed.
  auto jobs = Text(Run("SHOW JOBS"));
  ASSERT_EQ(jobs.size(), 1u);
  EXPECT_NE(jobs[0].find("FINISHED"), std::string::npos) << jobs[0];
  int lines = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
    const std::string name = e.path().filename().string();
    if (!e.is_regular_file() || name[0] == '.') continue;
    std::ifstream in(e.path());
    for (std::string line; std::getline(in, line);) ++lines;
  }
  EXPECT_EQ(lines, 5);
  // A job that fails at run time fails the statement with the job's error.
  Run("CREATE TABLE out2 (t TIMESTAMP_LTZ(3)) WITH ('connector' = 'blackhole')");
  auto failed = session_->Execute("INSERT INTO out2 SELECT TO_TIMESTAMP_LTZ(a, a + 20) FROM src");
  ASSERT_FALSE(failed.ok());
  EXPECT_NE(failed.status().message().find("precision must be in [0, 9]"), std::string::npos)
      << failed.status().ToString();
  EXPECT_NE(failed.status().message().find("failed"), std::string::npos)
      << failed.status().ToString();
  // Without the option the statement returns at once and the failure stays with the job.
  Run("RESET 'table.dml-sync'");
  EXPECT_EQ(Run("INSERT INTO out2 SELECT TO_TIMESTAMP_LTZ(a, a + 20) FROM src").kind,
            StatementOutcome::Kind::kJobSubmitted);
  EXPECT_FALSE(session_->WaitForJobs().ok());
  Run("SET 'table.dml-sync' = 'maybe'");
  auto bad_value = session_->Execute("INSERT INTO out1 SELECT a FROM src");
  ASSERT_FALSE(bad_value.ok());
  EXPECT_NE(bad_value.status().message().find("table.dml-sync"), std::string::npos)
      << bad_value.status().ToString();
  std::filesystem::remove_all(dir);
}

TEST(SessionOptionsTest, RegistersDmlSync) {
  config::OptionRegistry registry;
  ASSERT_TRUE(RegisterSessionOptions(registry).ok());
  EXPECT_TRUE(registry.Find("table.dml-sync").has_value());
  config::Configuration conf;
  Result<bool> by_default = conf.Get(kDmlSync);
  ASSERT_TRUE(by_default.ok());
  EXPECT_FALSE(*by_default);
  conf.SetString("table.dml-sync", "true");
  Result<bool> set = conf.Get(kDmlSync);
  ASSERT_TRUE(set.ok());
  EXPECT_TRUE(*set);
}

TEST_F(SqlSessionTest, ExplainAndErrors) {
  Run(kSource);
  auto explain = Text(Run("EXPLAIN SELECT a FROM src WHERE a > 1"));
  ASSERT_EQ(explain.size(), 1u);
  EXPECT_NE(explain[0].find("== Abstract Syntax Tree =="), std::string::npos);
  EXPECT_NE(explain[0].find("LogicalFilter"), std::string::npos);
  auto bad = session_->Execute("SELECT nope FROM src");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("line 1, column 8"), std::string::npos)
      << bad.status().ToString();
  auto syntax = session_->Execute("SELEC 1");
  ASSERT_FALSE(syntax.ok());
  EXPECT_NE(syntax.status().message().find("line 1, column 1"), std::string::npos);
  EXPECT_FALSE(session_->Execute("STOP JOB 'nope'").ok());
}

}  // namespace
}  // namespace weir::gateway
