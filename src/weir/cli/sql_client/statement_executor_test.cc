// Tests of the SQL client's statement executor: streamed query output, interrupts, CTAS.
#include "weir/cli/sql_client/statement_executor.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <mutex>
#include <sstream>
#include <streambuf>
#include <thread>

#include "weir/cli/sql_client/script_runner.h"

namespace weir::cli {
namespace {

using std::chrono::milliseconds;

// A stream buffer other threads may watch: collects the text under a lock.
class WatchedBuffer final : public std::streambuf {
 public:
  std::string text() const {
    std::lock_guard<std::mutex> lock(mu_);
    return text_;
  }

 protected:
  int_type overflow(int_type c) override {
    if (c != traits_type::eof()) {
      std::lock_guard<std::mutex> lock(mu_);
      text_.push_back(static_cast<char>(c));
    }
    return c;
  }
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    std::lock_guard<std::mutex> lock(mu_);
    text_.append(s, static_cast<size_t>(n));
    return n;
  }

 private:
  mutable std::mutex mu_;
  std::string text_;
};

class StatementExecutorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    config::Configuration config;
    config.SetString("weir.worker-threads", "2");
    auto made = cluster::MiniCluster::Make(config);
    ASSERT_TRUE(made.ok()) << made.status().ToString();
    cluster_ = std::move(*made);
    config::Configuration session_config;
    session_config.SetString("sql-client.display.print-time-cost", "false");
    session_ = std::make_unique<gateway::SqlSession>(cluster_.get(), session_config);
    Run("CREATE TABLE src (a INT) WITH ('connector' = 'datagen', 'number-of-rows' = '3', "
        "'fields.a.kind' = 'sequence', 'fields.a.start' = '1', 'fields.a.end' = '3')");
    Run("CREATE TABLE ticks (a INT) WITH ('connector' = 'datagen', 'rows-per-second' = '100', "
        "'fields.a.kind' = 'sequence', 'fields.a.start' = '1', 'fields.a.end' = '1000000')");
  }

  std::string Run(const std::string& sql, bool interactive = true) {
    std::ostringstream out;
    Status st = ExecuteAndPrintStatement(*session_, Statement{sql, 1, 1}, interactive, out);
    EXPECT_TRUE(st.ok()) << sql << "\n" << st.ToString();
    return out.str();
  }

  std::unique_ptr<cluster::MiniCluster> cluster_;
  std::unique_ptr<gateway::SqlSession> session_;
};

TEST_F(StatementExecutorTest, StreamingTableauPrintsTheChangelog) {
  EXPECT_EQ(Run("SELECT a FROM src"),
            "+----+-------------+\n"
            "| op |           a |\n"
            "+----+-------------+\n"
            "| +I |           1 |\n"
            "| +I |           2 |\n"
            "| +I |           3 |\n"
            "+----+-------------+\n"
            "Received a total of 3 rows\n");
  Run("SET 'sql-client.execution.result-mode' = 'changelog'");
  EXPECT_EQ(Run("SELECT a + 1 AS b FROM src WHERE a = 3"),
            "+----+-------------+\n"
            "| op |           b |\n"
            "+----+-------------+\n"
            "| +I |           4 |\n"
            "+----+-------------+\n"
            "Received a total of 1 row\n");
}

TEST_F(StatementExecutorTest, BatchModePrintsTheTableAtTheEnd) {
  Run("SET 'execution.runtime-mode' = 'batch'");
  EXPECT_EQ(Run("SELECT a FROM src"),
            "+---+\n"
            "| a |\n"
            "+---+\n"
            "| 1 |\n"
            "| 2 |\n"
            "| 3 |\n"
            "+---+\n"
            "3 rows in set\n");
}

TEST_F(StatementExecutorTest, InterruptCancelsAnUnboundedQuery) {
  auto result = session_->ExecuteStreaming("SELECT a FROM ticks");
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  gateway::QueryResult& query = *result->result;
  ResultPrinterOptions options;
  options.streaming = query.streaming();
  std::ostringstream out;
  auto printer = ResultPrinter::Make(query.schema(), options, out);
  ASSERT_TRUE(printer.ok());
  // Interrupt once some rows were printed.
  auto interrupted = [&] { return (*printer)->num_rows() >= 3; };
  Result<QueryPrintEnd> end = PrintQueryResult(query, **printer, interrupted,
                                               std::chrono::steady_clock::now(), milliseconds(20));
  ASSERT_TRUE(end.ok()) << end.status().ToString();
  EXPECT_EQ(*end, QueryPrintEnd::kInterrupted);
  EXPECT_TRUE(out.str().starts_with("+----+-------------+\n| op |           a |\n")) << out.str();
  EXPECT_NE(out.str().find("| +I |           1 |\n"), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("Query terminated, received a total of "), std::string::npos);
  Result<cluster::JobResult> job = query.WaitForJob(milliseconds(20000));
  ASSERT_TRUE(job.ok()) << job.status().ToString();
  EXPECT_EQ(job->status, cluster::JobStatus::kCanceled);
}

TEST_F(StatementExecutorTest, SigtermEndsAScriptQueryGracefully) {
  WatchedBuffer buffer;
  std::ostream out(&buffer);
  std::atomic<bool> done{false};
  std::thread killer([&] {
    // The handler is in place once the header is out (it is installed before the header).
    while (!done.load() && buffer.text().find("| op |") == std::string::npos) {
      std::this_thread::sleep_for(milliseconds(10));
    }
    std::this_thread::sleep_for(milliseconds(200));
    if (!done.load()) kill(getpid(), SIGTERM);
  });
  const StatementExecutor execute = [this](const Statement& s, std::ostream& o) {
    return ExecuteAndPrintStatement(*session_, s, /*interactive=*/false, o);
  };
  ScriptOutcome outcome =
      RunScript("SELECT a FROM ticks;\nSELECT 1;\n", "s.sql", ScriptMode::kExecute, execute, out);
  done.store(true);
  killer.join();
  EXPECT_TRUE(outcome.ok);
  EXPECT_TRUE(outcome.interrupted);
  EXPECT_EQ(outcome.statements_run, 1);  // the script ended at the interrupted query
  EXPECT_EQ(outcome.exit_code(), 130);
  const std::string text = buffer.text();
  EXPECT_NE(text.find("Query terminated, received a total of "), std::string::npos) << text;
  EXPECT_EQ(text.find("[ERROR]"), std::string::npos) << text;
  EXPECT_FALSE(QueryInterruptRequested());
}

TEST_F(StatementExecutorTest, InterruptedInteractiveQueryReturnsToThePrompt) {
  WatchedBuffer buffer;
  std::ostream out(&buffer);
  std::atomic<bool> done{false};
  std::thread killer([&] {
    while (!done.load() && buffer.text().find("| op |") == std::string::npos) {
      std::this_thread::sleep_for(milliseconds(10));
    }
    if (!done.load()) kill(getpid(), SIGINT);
  });
  Status st = ExecuteAndPrintStatement(*session_, Statement{"SELECT a FROM ticks", 1, 1},
                                       /*interactive=*/true, out);
  done.store(true);
  killer.join();
  EXPECT_TRUE(st.ok()) << st.ToString();
  EXPECT_NE(buffer.text().find("Query terminated"), std::string::npos) << buffer.text();
}

TEST_F(StatementExecutorTest, CreateTableAsSelectPrintsTheJobId) {
  const std::string out =
      Run("CREATE TABLE copy WITH ('connector' = 'blackhole') AS SELECT a FROM src");
  EXPECT_TRUE(out.starts_with("[INFO] Submitting SQL update statement to the cluster...\n")) << out;
  EXPECT_NE(out.find("Job ID: "), std::string::npos) << out;
  EXPECT_TRUE(session_->WaitForJobs().ok());
}

TEST_F(StatementExecutorTest, ListingsStayTableau) {
  Run("SET 'sql-client.execution.result-mode' = 'changelog'");
  EXPECT_EQ(Run("SHOW TABLES"),
            "+------------+\n"
            "| table name |\n"
            "+------------+\n"
            "|        src |\n"
            "|      ticks |\n"
            "+------------+\n"
            "2 rows in set\n");
}

}  // namespace
}  // namespace weir::cli
