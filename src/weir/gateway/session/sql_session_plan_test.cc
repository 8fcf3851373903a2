// Tests of SqlSession planning statements: EXPLAIN in Flink's layout, COMPILE/EXECUTE PLAN.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "weir/common/batch/batch_text.h"
#include "weir/gateway/session/sql_session.h"

namespace weir::gateway {
namespace {

class SqlSessionPlanTest : public ::testing::Test {
 protected:
  void SetUp() override {
    config::Configuration config;
    config.SetString("weir.worker-threads", "2");
    auto made = cluster::MiniCluster::Make(config);
    ASSERT_TRUE(made.ok()) << made.status().ToString();
    cluster_ = std::move(*made);
    session_ = std::make_unique<SqlSession>(cluster_.get(), config::Configuration());
    dir_ = ::testing::TempDir() + "/weir-session-plan-" + std::to_string(::getpid());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    Run("CREATE TABLE src (a BIGINT, s STRING) WITH ('connector' = 'datagen', "
        "'number-of-rows' = '5', 'fields.a.kind' = 'sequence', 'fields.a.start' = '1', "
        "'fields.a.end' = '5')");
    Run("CREATE TABLE out1 (a BIGINT) WITH ('connector' = 'filesystem', 'path' = '" + dir_ +
        "/out1', 'format' = 'csv')");
    Run("CREATE TABLE out2 (a BIGINT) WITH ('connector' = 'blackhole')");
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  StatementOutcome Run(const std::string& sql) {
    Result<StatementOutcome> r = session_->Execute(sql);
    EXPECT_TRUE(r.ok()) << sql << "\n" << r.status().ToString();
    return r.ok() ? std::move(*r) : StatementOutcome{};
  }
  // Returns the single STRING cell of an EXPLAIN result.
  std::string Explain(const std::string& sql) {
    StatementOutcome out = Run(sql);
    if (out.batches.size() != 1 || out.batches[0]->num_rows() != 1) return "";
    return std::string(out.batches[0]->column(0)->StringValue(0));
  }
  int64_t LinesUnder(const std::string& path) {
    int64_t lines = 0;
    if (!std::filesystem::exists(path)) return 0;
    for (const auto& e : std::filesystem::recursive_directory_iterator(path)) {
      const std::string name = e.path().filename().string();
      if (!e.is_regular_file() || name[0] == '.' || name[0] == '_') continue;
      std::ifstream in(e.path());
      for (std::string line; std::getline(in, line);) ++lines;
    }
    return lines;
  }

  std::unique_ptr<cluster::MiniCluster> cluster_;
  std::unique_ptr<SqlSession> session_;
  std::string dir_;
};

TEST_F(SqlSessionPlanTest, ExplainShowsTheThreePlans) {
  const std::string text =
      Explain("EXPLAIN CHANGELOG_MODE INSERT INTO out1 SELECT a * 2 FROM src WHERE a > 1");
  const size_t ast = text.find("== Abstract Syntax Tree ==\nLogicalSink(");
  const size_t physical = text.find(
      "\n\n== Optimized Physical Plan ==\n"
      "Sink(table=[default_catalog.default_database.out1], fields=[EXPR$0], "
      "changelogMode=[NONE])\n+- Calc(");
  const size_t execution = text.find(
      "\n\n== Optimized Execution Plan ==\n"
      "Sink(table=[default_catalog.default_database.out1], fields=[EXPR$0])\n+- Calc(");
  EXPECT_EQ(ast, 0u) << text;
  EXPECT_NE(physical, std::string::npos) << text;
  EXPECT_NE(execution, std::string::npos) << text;
  EXPECT_LT(physical, execution);
  // The scan's fields depend on projection push-down (the optimiser's); its mode does not.
  const size_t scan = text.find(
      "changelogMode=[I])\n   +- TableSourceScan(table=[[default_catalog, default_database, src");
  ASSERT_NE(scan, std::string::npos) << text;
  const size_t scan_end = text.find('\n', scan + 20);
  ASSERT_NE(scan_end, std::string::npos);
  EXPECT_EQ(text.substr(scan_end - 18, 18), "changelogMode=[I])") << text;

  // A SELECT is explained without the sink it runs with.
  const std::string query = Explain("EXPLAIN SELECT a FROM src WHERE a > 1");
  EXPECT_EQ(query.find("Sink"), std::string::npos) << query;
  EXPECT_NE(query.find("== Optimized Execution Plan ==\nCalc(select=[a], where=[(a > 1"),
            std::string::npos)
      << query;

  const std::string set = Explain(
      "EXPLAIN STATEMENT SET BEGIN INSERT INTO out1 SELECT a FROM src; "
      "INSERT INTO out2 SELECT a FROM src; END");
  EXPECT_NE(set.find("Sink(table=[default_catalog.default_database.out2]"), std::string::npos)
      << set;
  const std::string json =
      Explain("EXPLAIN JSON_EXECUTION_PLAN INSERT INTO out2 SELECT a FROM src");
  EXPECT_NE(json.find("\n== Physical Execution Plan ==\n{"), std::string::npos) << json;

  auto cost = session_->Execute("EXPLAIN ESTIMATED_COST SELECT a FROM src");
  ASSERT_FALSE(cost.ok());
  EXPECT_NE(cost.status().message().find("not supported yet"), std::string::npos);
}

TEST_F(SqlSessionPlanTest, CompilePlanWritesAndExecutePlanRuns) {
  const std::string plan = dir_ + "/plan.json";
  const std::string compile =
      "COMPILE PLAN '" + plan + "' FOR INSERT INTO out1 SELECT a + 10 FROM src WHERE a > 2";
  EXPECT_EQ(Run(compile).kind, StatementOutcome::Kind::kExecuted);
  ASSERT_TRUE(std::filesystem::exists(plan));
  EXPECT_TRUE(session_->jobs().empty());  // COMPILE PLAN runs nothing
  auto again = session_->Execute(compile);
  ASSERT_FALSE(again.ok());
  EXPECT_NE(again.status().message().find("table.plan.force-recompile"), std::string::npos);
  Run("COMPILE PLAN 'file://" + plan + "' IF NOT EXISTS FOR INSERT INTO out2 SELECT a FROM src");
  {
    std::ifstream in(plan);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_NE(text.find("weir.compiled-plan/v2"), std::string::npos);
    EXPECT_NE(text.find("out1"), std::string::npos);  // IF NOT EXISTS kept the first plan
  }
  Run("SET 'table.plan.force-recompile' = 'true'");
  Run(compile);
  Run("RESET 'table.plan.force-recompile'");

  auto executed = Run("EXECUTE PLAN '" + plan + "'");
  EXPECT_EQ(executed.kind, StatementOutcome::Kind::kJobSubmitted);
  ASSERT_TRUE(session_->WaitForJobs().ok());
  EXPECT_EQ(LinesUnder(dir_ + "/out1"), 3);  // a = 3, 4, 5

  // COMPILE AND EXECUTE runs an existing file as it is.
  auto both = Run("COMPILE AND EXECUTE PLAN '" + plan +
                  "' FOR STATEMENT SET BEGIN INSERT INTO out2 SELECT a FROM src; END");
  EXPECT_EQ(both.kind, StatementOutcome::Kind::kJobSubmitted);
  ASSERT_TRUE(session_->WaitForJobs().ok());
  EXPECT_EQ(LinesUnder(dir_ + "/out1"), 6);
  const std::string fresh = dir_ + "/fresh.json";
  Run("COMPILE AND EXECUTE PLAN '" + fresh + "' FOR INSERT INTO out2 SELECT a FROM src");
  EXPECT_TRUE(std::filesystem::exists(fresh));
  ASSERT_TRUE(session_->WaitForJobs().ok());

  EXPECT_FALSE(session_->Execute("EXECUTE PLAN '" + dir_ + "/missing.json'").ok());
  {
    std::ofstream bad(dir_ + "/bad.json");
    bad << "{not json";
  }
  auto bad = session_->Execute("EXECUTE PLAN '" + dir_ + "/bad.json'");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kSerialization);
  EXPECT_FALSE(session_->Execute("EXECUTE PLAN 's3://bucket/p.json'").ok());
}

}  // namespace
}  // namespace weir::gateway
