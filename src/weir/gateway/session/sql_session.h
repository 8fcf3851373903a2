// SqlSession: one user's SQL session — catalogs, settings, statement sets and submitted jobs.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "weir/cluster/minicluster/mini_cluster.h"
#include "weir/common/config/configuration.h"
#include "weir/common/result.h"
#include "weir/connectors/base/table_factory.h"
#include "weir/gateway/session/query_result.h"
#include "weir/gateway/session/result_queue.h"
#include "weir/sql/catalog/catalog_manager.h"
#include "weir/sql/functions/function_registry.h"
#include "weir/sql/parser/ast_statement.h"
#include "weir/sql/physical/stream_graph_translator.h"
#include "weir/sql/planner/rel_node.h"

namespace weir::gateway {

/// What one statement did.
struct StatementOutcome {
  enum class Kind : uint8_t {
    kExecuted,           // DDL, USE, STOP JOB ...
    kSessionSet,         // SET 'k' = 'v'
    kSessionReset,       // RESET 'k'
    kSessionResetAll,    // RESET
    kJobSubmitted,       // INSERT, a statement set's END, EXECUTE STATEMENT SET
    kStatementSetBegin,  // BEGIN STATEMENT SET
    kStatementSetAdded,  // an INSERT inside a statement set
    kStatementSetEmpty,  // END of a statement set without INSERTs
    kRows,               // SHOW, DESCRIBE, SET (listing), EXPLAIN, SELECT
  };
  Kind kind = Kind::kExecuted;
  std::string job_id;
  /// kRows: the result table; `query` is set for SELECT results (printed as query results,
  /// with row kinds in streaming mode) as opposed to SHOW/DESCRIBE listings.
  bool query = false;
  /// kRows holding one text (EXPLAIN, SHOW CREATE): Flink's client prints it as is, not as
  /// a table.
  bool raw_text = false;
  SchemaPtr schema;
  /// The rows, except for a SELECT run by ExecuteStreaming (see `result`).
  std::vector<RecordBatchPtr> batches;
  /// A SELECT run by ExecuteStreaming: its rows as they arrive (`batches` stays empty).
  std::shared_ptr<QueryResult> result;
};

/// A job this session submitted.
struct SessionJob {
  std::string job_id;
  std::string job_name;
  cluster::JobClient client;
  int64_t start_time_ms = 0;
};

/// Executes Flink SQL statements one at a time against a mini-cluster: DDL into the session's
/// catalogs, SET/RESET into its configuration, SHOW/DESCRIBE/EXPLAIN as result rows, INSERT
/// and statement sets as submitted jobs (one job per INSERT or per set, sharing scans),
/// SELECT as a job whose rows come back (all at once from Execute, for bounded queries; batch
/// by batch from ExecuteStreaming, also for unbounded ones), CREATE/REPLACE TABLE ... AS
/// SELECT as a new table and a job filling it, STOP JOB and SHOW JOBS over its jobs.
/// Statements that parse but cannot run yet fail with "not supported yet: ...". The client
/// form of statement sets (`BEGIN STATEMENT SET;` ... `END;`, one statement at a time) is
/// supported.
/// Thread: one statement at a time.
class SqlSession {
 public:
  /// `cluster` must outlive the session; `config` is the session's starting configuration.
  SqlSession(cluster::MiniCluster* cluster, config::Configuration config);
  ~SqlSession();

  /// Parses and executes one statement (its text without the trailing ';').
  Result<StatementOutcome> Execute(std::string_view statement);
  /// Executes one statement like Execute, except that a SELECT comes back as soon as its job
  /// runs, with `outcome.result` yielding its rows as they arrive; unbounded sources are
  /// allowed. The result cancels its job when cancelled or destroyed before its end.
  Result<StatementOutcome> ExecuteStreaming(std::string_view statement);
  /// Sets how many result rows a SELECT buffers before its job waits for the reader.
  void set_result_buffer_rows(int64_t rows) { result_buffer_rows_ = rows; }

  const config::Configuration& config() const { return config_; }
  sql::CatalogManager& catalogs() { return catalogs_; }
  /// Returns the jobs submitted so far, oldest first.
  std::vector<SessionJob> jobs() const;
  /// Waits until every submitted job ended; returns the first failure.
  Status WaitForJobs();

 private:
  Result<StatementOutcome> ExecuteParsed(const sql::ast::Statement& stmt);
  Result<StatementOutcome> ExecuteDdl(const sql::ast::Statement& stmt);
  Result<StatementOutcome> ExecuteShow(const sql::ast::ShowStatement& stmt);
  Result<StatementOutcome> ExecuteDescribe(const sql::ast::DescribeStatement& stmt);
  Result<StatementOutcome> ExecuteSet(const sql::ast::SetStatement& stmt);
  Result<StatementOutcome> ExecuteReset(const sql::ast::ResetStatement& stmt);
  Result<StatementOutcome> ExecuteExplain(const sql::ast::ExplainStatement& stmt);
  Result<StatementOutcome> ExecuteQuery(const sql::ast::QueryStatement& stmt);
  // Runs `plan` as a query job feeding a QueryResult; `require_bounded` refuses unbounded
  // sources (callers that wait for all rows).
  Result<std::shared_ptr<QueryResult>> StartQuery(const sql::RelPtr& plan, bool require_bounded);
  // CREATE [OR REPLACE] TABLE / REPLACE TABLE ... AS `query` (taken out of `create`).
  Result<StatementOutcome> ExecuteCreateTableAs(sql::ast::CreateTableStatement& create,
                                                sql::ast::QueryPtr query);
  Result<StatementOutcome> ExecuteStopJob(const sql::ast::StopJobStatement& stmt);
  Result<StatementOutcome> SubmitInserts(
      const std::vector<const sql::ast::InsertStatement*>& inserts);
  // Translates sink plans and submits them as one job; returns the job id.
  Result<std::string> Submit(const std::vector<sql::RelPtr>& sinks, bool wait_for_bounded);

  cluster::MiniCluster* const cluster_;
  config::Configuration config_;
  const config::Configuration initial_config_;
  sql::CatalogManager catalogs_;
  sql::FunctionRegistry functions_;
  connectors::TableFactoryRegistry connectors_;
  // Result queues of SELECTs being planned, by collect id.
  std::shared_ptr<std::map<int64_t, std::shared_ptr<ResultQueue>>> collected_;
  int64_t next_collect_id_ = 0;
  int64_t result_buffer_rows_ = kDefaultResultBufferRows;
  // Set while ExecuteStreaming runs: SELECT returns a QueryResult instead of its rows.
  bool stream_results_ = false;
  // The client form of a statement set: the INSERT texts since BEGIN STATEMENT SET.
  std::optional<std::vector<std::string>> statement_set_;
  std::vector<SessionJob> jobs_;

  // Planning (SqlCompiler), COMPILE PLAN and EXECUTE PLAN.
  Result<sql::TranslateOptions> PlanningOptions();
  // Binds an INSERT or a statement set into its sinks.
  Result<std::vector<sql::RelPtr>> BindInserts(const sql::ast::Statement& stmt);
  // Submits a translated job; waits for bounded ones (a SELECT's) when asked.
  Result<std::string> SubmitGraph(runtime::StreamGraph graph, bool wait_for_bounded);
  Result<StatementOutcome> ExecuteCompilePlan(const sql::ast::CompilePlanStatement& stmt);
  Result<StatementOutcome> ExecuteExecutePlan(const sql::ast::ExecutePlanStatement& stmt);
};

/// Returns a result table of STRING columns named `names` holding `rows`.
Result<RecordBatchPtr> StringRows(const std::vector<std::string>& names,
                                  const std::vector<std::vector<std::string>>& rows);

}  // namespace weir::gateway
