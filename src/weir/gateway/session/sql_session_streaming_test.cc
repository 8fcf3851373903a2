// Tests of SqlSession's streamed SELECT results and CREATE/REPLACE TABLE ... AS SELECT.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <thread>

#include "weir/common/batch/batch_text.h"
#include "weir/gateway/session/sql_session.h"

namespace weir::gateway {
namespace {

using std::chrono::milliseconds;

class SqlSessionStreamingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    config::Configuration config;
    config.SetString("weir.worker-threads", "2");
    auto made = cluster::MiniCluster::Make(config);
    ASSERT_TRUE(made.ok()) << made.status().ToString();
    cluster_ = std::move(*made);
    session_ = std::make_unique<SqlSession>(cluster_.get(), config::Configuration());
  }

  StatementOutcome Run(const std::string& sql, bool streaming = false) {
    Result<StatementOutcome> r =
        streaming ? session_->ExecuteStreaming(sql) : session_->Execute(sql);
    EXPECT_TRUE(r.ok()) << sql << "\n" << r.status().ToString();
    return r.ok() ? std::move(*r) : StatementOutcome{};
  }
  static std::vector<std::string> Text(const std::vector<RecordBatchPtr>& batches) {
    std::vector<std::string> rows;
    for (const auto& b : batches) {
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

constexpr char kUnbounded[] =
    "CREATE TABLE ticks (a BIGINT, s STRING) WITH ('connector' = 'datagen', "
    "'rows-per-second' = '200')";

TEST_F(SqlSessionStreamingTest, UnboundedSelectStreamsUntilCancelled) {
  Run(kUnbounded);
  StatementOutcome out = Run("SELECT a, s FROM ticks", /*streaming=*/true);
  ASSERT_NE(out.result, nullptr);
  EXPECT_TRUE(out.query);
  EXPECT_TRUE(out.batches.empty());
  EXPECT_TRUE(out.result->streaming());
  EXPECT_EQ(out.result->schema()->num_fields(), 2);
  int batches = 0;
  int64_t rows = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (batches < 3 && std::chrono::steady_clock::now() < deadline) {
    Result<QueryFetch> fetch = out.result->Fetch(milliseconds(200));
    ASSERT_TRUE(fetch.ok()) << fetch.status().ToString();
    ASSERT_NE(fetch->kind, QueryFetch::Kind::kEnd);
    if (fetch->kind != QueryFetch::Kind::kBatch) continue;
    ++batches;
    rows += fetch->batch->num_rows();
    EXPECT_EQ(fetch->batch->row_kind(0), RowKind::kInsert);
  }
  EXPECT_EQ(batches, 3);
  EXPECT_GT(rows, 0);
  out.result->Cancel();
  Result<cluster::JobResult> ended = out.result->WaitForJob(milliseconds(20000));
  ASSERT_TRUE(ended.ok()) << ended.status().ToString();
  EXPECT_EQ(ended->status, cluster::JobStatus::kCanceled);
  Result<QueryFetch> after = out.result->Fetch(milliseconds(10));
  ASSERT_FALSE(after.ok());
  EXPECT_EQ(after.status().code(), StatusCode::kCancelled) << after.status().ToString();
}

TEST_F(SqlSessionStreamingTest, UnreadResultBackpressuresTheJob) {
  session_->set_result_buffer_rows(10);
  Run("CREATE TABLE fast (a BIGINT) WITH ('connector' = 'datagen')");
  StatementOutcome out = Run("SELECT a FROM fast", /*streaming=*/true);
  ASSERT_NE(out.result, nullptr);
  // Wait for the first rows, then read nothing for a while: the buffer stays bounded.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (out.result->buffered_rows() == 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(milliseconds(10));
  }
  std::this_thread::sleep_for(milliseconds(300));
  const int64_t buffered = out.result->buffered_rows();
  EXPECT_GT(buffered, 0);
  // The job stopped: nothing more arrives while the reader does not read.
  std::this_thread::sleep_for(milliseconds(300));
  EXPECT_EQ(out.result->buffered_rows(), buffered);
  // At most the capacity plus the batch that filled the queue.
  Result<QueryFetch> first = out.result->Fetch(milliseconds(1000));
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->kind, QueryFetch::Kind::kBatch);
  EXPECT_LT(buffered, 10 + first->batch->num_rows()) << buffered;
  EXPECT_EQ(out.result->job_status(), cluster::JobStatus::kRunning);
  out.result->Cancel();
  Result<cluster::JobResult> ended = out.result->WaitForJob(milliseconds(20000));
  ASSERT_TRUE(ended.ok()) << ended.status().ToString();
  EXPECT_EQ(ended->status, cluster::JobStatus::kCanceled);
}

TEST_F(SqlSessionStreamingTest, DroppingABlockedResultReleasesItsJob) {
  session_->set_result_buffer_rows(1);
  Run("CREATE TABLE fast (a BIGINT) WITH ('connector' = 'datagen')");
  for (int i = 0; i < 3; ++i) {
    StatementOutcome out = Run("SELECT a FROM fast", /*streaming=*/true);
    ASSERT_NE(out.result, nullptr);
    EXPECT_FALSE(out.result->job_id().empty());
    for (int k = 0; k < 100 && out.result->buffered_rows() == 0; ++k) {
      std::this_thread::sleep_for(milliseconds(10));
    }
    // Destroying the unread result cancels the job and frees the worker its sink waits on;
    // otherwise the next queries would find no free worker.
  }
  Run(kSource);
  EXPECT_EQ(Text(Run("SELECT a FROM src WHERE a = 2").batches),
            (std::vector<std::string>{"+I[2]"}));
}

TEST_F(SqlSessionStreamingTest, BoundedSelectStreamsToItsEnd) {
  Run(kSource);
  StatementOutcome out = Run("SELECT a * 10 AS x, s FROM src WHERE a <> 3", true);
  ASSERT_NE(out.result, nullptr);
  EXPECT_TRUE(out.result->streaming());  // streaming runtime mode: a changelog
  Result<std::vector<RecordBatchPtr>> all = out.result->FetchAll();
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  EXPECT_EQ(Text(*all),
            (std::vector<std::string>{"+I[10, 10]", "+I[20, 11]", "+I[40, 13]", "+I[50, 14]"}));
  Result<QueryFetch> end = out.result->Fetch(milliseconds(10));
  ASSERT_TRUE(end.ok());
  EXPECT_EQ(end->kind, QueryFetch::Kind::kEnd);
  // Batch mode gives a final table, and Execute still returns every row at once.
  Run("SET 'execution.runtime-mode' = 'batch'");
  StatementOutcome batch = Run("SELECT a FROM src WHERE a = 5", true);
  ASSERT_NE(batch.result, nullptr);
  EXPECT_FALSE(batch.result->streaming());
  Result<std::vector<RecordBatchPtr>> counted = batch.result->FetchAll();
  ASSERT_TRUE(counted.ok()) << counted.status().ToString();
  EXPECT_EQ(Text(*counted), (std::vector<std::string>{"+I[5]"}));
  EXPECT_EQ(Text(Run("SELECT a FROM src WHERE a > 3").batches),
            (std::vector<std::string>{"+I[4]", "+I[5]"}));
  // Execute reads while the job writes: more rows than the buffer holds still all arrive.
  session_->set_result_buffer_rows(16);
  Run("CREATE TABLE many (a BIGINT) WITH ('connector' = 'datagen', 'number-of-rows' = '5000')");
  std::vector<std::string> many = Text(Run("SELECT a FROM many").batches);
  EXPECT_EQ(many.size(), 5000u);
}

TEST_F(SqlSessionStreamingTest, CreateTableAsSelectThenSelect) {
  const std::string dir = ::testing::TempDir() + "/weir-ctas-" + std::to_string(::getpid());
  std::filesystem::remove_all(dir);
  Run(kSource);
  StatementOutcome ctas =
      Run("CREATE TABLE copy WITH ('connector' = 'filesystem', 'path' = '" + dir +
          "', 'format' = 'json') AS SELECT a, UPPER(s) AS u FROM src WHERE a > 2");
  EXPECT_EQ(ctas.kind, StatementOutcome::Kind::kJobSubmitted);
  EXPECT_FALSE(ctas.job_id.empty());
  ASSERT_TRUE(session_->WaitForJobs().ok());
  StatementOutcome described = Run("DESCRIBE copy");
  EXPECT_EQ(Text(described.batches).size(), 2u);
  std::vector<std::string> copied = Text(Run("SELECT a, u FROM copy").batches);
  std::sort(copied.begin(), copied.end());
  EXPECT_EQ(copied, (std::vector<std::string>{"+I[3, 12]", "+I[4, 13]", "+I[5, 14]"}));
  // IF NOT EXISTS on an existing table adds the rows; without it the statement fails.
  auto again = session_->Execute(
      "CREATE TABLE copy WITH ('connector' = 'blackhole') AS SELECT a, s "
      "AS u FROM src");
  EXPECT_FALSE(again.ok());
  EXPECT_EQ(session_->jobs().size(), 1u);
  // A failed CTAS leaves no table behind.
  EXPECT_FALSE(session_->Execute("CREATE TABLE broken AS SELECT a FROM src").ok());
  EXPECT_FALSE(session_->Execute("DESCRIBE broken").ok());
  std::filesystem::remove_all(dir);
}

TEST_F(SqlSessionStreamingTest, CreateTableAsSelectWithColumnsAndReplace) {
  Run(kSource);
  Run("CREATE TEMPORARY TABLE t (note STRING, a BIGINT, PRIMARY KEY (a) NOT ENFORCED) "
      "PARTITIONED BY (s) WITH ('connector' = 'blackhole') "
      "AS SELECT CAST(a AS INT) AS a, s FROM src");
  StatementOutcome described = Run("DESCRIBE t");
  EXPECT_EQ(Text(described.batches), (std::vector<std::string>{"+I[note, STRING, TRUE, , , ]",
                                                               "+I[a, BIGINT, FALSE, PRI(a), , ]",
                                                               "+I[s, STRING, TRUE, , , ]"}));
  std::optional<sql::ResolvedCatalogObject> t = session_->catalogs().GetTable(
      sql::ObjectIdentifier{"default_catalog", "default_database", "t"});
  ASSERT_TRUE(t.has_value());
  EXPECT_TRUE(t->temporary);
  EXPECT_EQ(std::get<sql::CatalogTable>(t->object).partition_keys, (std::vector<std::string>{"s"}));
  auto bad_partition = session_->Execute(
      "CREATE TABLE p PARTITIONED BY (nope) WITH ('connector' = 'blackhole') AS SELECT a FROM src");
  ASSERT_FALSE(bad_partition.ok());
  EXPECT_NE(bad_partition.status().message().find("nope"), std::string::npos);
  // REPLACE needs an existing table; CREATE OR REPLACE does not.
  EXPECT_FALSE(session_
                   ->Execute("REPLACE TABLE r WITH ('connector' = 'blackhole') AS "
                             "SELECT a FROM src")
                   .ok());
  Run("CREATE OR REPLACE TABLE r WITH ('connector' = 'blackhole') AS SELECT a FROM src");
  Run("REPLACE TABLE r WITH ('connector' = 'blackhole') AS SELECT s, a FROM src");
  EXPECT_EQ(Text(Run("DESCRIBE r").batches).size(), 2u);
  EXPECT_EQ(Text(Run("DESCRIBE r").batches)[0].substr(0, 9), "+I[s, STR");
  ASSERT_TRUE(session_->WaitForJobs().ok());
}

}  // namespace
}  // namespace weir::gateway
