// The SQL client's StatementExecutor over a SqlSession: runs statements, prints their outcome.
#include "weir/cli/sql_client/statement_executor.h"

#include <atomic>
#include <csignal>

#include "weir/cli/sql_client/script_runner.h"
#include "weir/cli/sql_client/sql_client_options.h"

namespace weir::cli {
namespace {

volatile std::sig_atomic_t g_query_interrupted = 0;

extern "C" void OnQueryInterrupt(int) { g_query_interrupted = 1; }

// Routes SIGINT and SIGTERM to the running query while it prints; restores the previous
// handlers (the shell's Ctrl-C handler, or the defaults) afterwards.
class QueryInterruptScope {
 public:
  QueryInterruptScope() {
    g_query_interrupted = 0;
    struct sigaction action = {};
    action.sa_handler = OnQueryInterrupt;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, &previous_int_);
    sigaction(SIGTERM, &action, &previous_term_);
  }
  ~QueryInterruptScope() {
    sigaction(SIGINT, &previous_int_, nullptr);
    sigaction(SIGTERM, &previous_term_, nullptr);
    g_query_interrupted = 0;
  }
  QueryInterruptScope(const QueryInterruptScope&) = delete;
  QueryInterruptScope& operator=(const QueryInterruptScope&) = delete;

 private:
  struct sigaction previous_int_ = {};
  struct sigaction previous_term_ = {};
};

StatementResult::Kind ClientKind(gateway::StatementOutcome::Kind kind) {
  using K = gateway::StatementOutcome::Kind;
  switch (kind) {
    case K::kSessionSet:
      return StatementResult::Kind::kSessionSet;
    case K::kSessionReset:
      return StatementResult::Kind::kSessionReset;
    case K::kSessionResetAll:
      return StatementResult::Kind::kSessionResetAll;
    case K::kJobSubmitted:
      return StatementResult::Kind::kJobSubmitted;
    case K::kStatementSetBegin:
      return StatementResult::Kind::kStatementSetBegin;
    case K::kStatementSetAdded:
      return StatementResult::Kind::kStatementSetAdded;
    case K::kStatementSetEmpty:
      return StatementResult::Kind::kStatementSetEmpty;
    default:
      return StatementResult::Kind::kExecuted;
  }
}

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

bool QueryInterruptRequested() { return g_query_interrupted != 0; }

Result<QueryPrintEnd> PrintQueryResult(gateway::QueryResult& result, ResultPrinter& printer,
                                       const std::function<bool()>& interrupted,
                                       std::chrono::steady_clock::time_point start,
                                       std::chrono::milliseconds poll) {
  WEIR_RETURN_NOT_OK(printer.Begin());
  while (true) {
    if (interrupted && interrupted()) {
      result.Cancel();
      WEIR_RETURN_NOT_OK(printer.Cancel(SecondsSince(start)));
      return QueryPrintEnd::kInterrupted;
    }
    Result<gateway::QueryFetch> fetch = result.Fetch(poll);
    if (!fetch.ok()) {
      result.Cancel();
      return fetch.status();
    }
    switch (fetch->kind) {
      case gateway::QueryFetch::Kind::kBatch:
        WEIR_RETURN_NOT_OK(printer.Append(*fetch->batch));
        break;
      case gateway::QueryFetch::Kind::kEnd:
        WEIR_RETURN_NOT_OK(printer.Finish(SecondsSince(start)));
        return QueryPrintEnd::kCompleted;
      case gateway::QueryFetch::Kind::kNotReady:
        break;
    }
  }
}

Status ExecuteAndPrintStatement(gateway::SqlSession& session, const Statement& statement,
                                bool interactive, std::ostream& out) {
  const auto start = std::chrono::steady_clock::now();
  WEIR_ASSIGN_OR_RAISE(gateway::StatementOutcome outcome, session.ExecuteStreaming(statement.text));
  if (outcome.kind != gateway::StatementOutcome::Kind::kRows) {
    StatementResult result;
    result.kind = ClientKind(outcome.kind);
    result.job_id = outcome.job_id;
    PrintStatementResult(result, out);
    return Status::OK();
  }
  if (outcome.raw_text) {  // EXPLAIN, SHOW CREATE: the text as is, as Flink's client prints it
    for (const RecordBatchPtr& batch : outcome.batches) {
      const auto& column = batch->column(0);
      for (int64_t i = 0; i < batch->num_rows(); ++i) out << column->StringValue(i) << "\n";
    }
    return Status::OK();
  }
  if (outcome.result == nullptr) {  // SHOW, DESCRIBE, SET: a batch tableau listing
    WEIR_ASSIGN_OR_RAISE(ResultPrinterOptions options,
                         ResultPrinterOptionsFromConfiguration(session.config(), false));
    options.mode = ResultMode::kTableau;
    WEIR_ASSIGN_OR_RAISE(auto printer, ResultPrinter::Make(outcome.schema, options, out));
    for (const RecordBatchPtr& batch : outcome.batches) {
      WEIR_RETURN_NOT_OK(printer->Append(*batch));
    }
    return printer->Finish(SecondsSince(start));
  }
  gateway::QueryResult& result = *outcome.result;
  WEIR_ASSIGN_OR_RAISE(ResultPrinterOptions options,
                       ResultPrinterOptionsFromConfiguration(session.config(), result.streaming()));
  Status mode_ok = CheckQueryResultMode(options.mode, interactive);
  if (!mode_ok.ok()) {
    result.Cancel();
    return mode_ok;
  }
  WEIR_ASSIGN_OR_RAISE(auto printer, ResultPrinter::Make(result.schema(), options, out));
  QueryInterruptScope interrupt_scope;
  WEIR_ASSIGN_OR_RAISE(QueryPrintEnd end,
                       PrintQueryResult(result, *printer, QueryInterruptRequested, start));
  if (end == QueryPrintEnd::kInterrupted && !interactive) return QueryInterruptedStatus();
  return Status::OK();
}

}  // namespace weir::cli
