// The SQL client's StatementExecutor over a SqlSession: runs statements, prints their outcome.
#pragma once

#include <chrono>
#include <functional>
#include <ostream>

#include "weir/cli/sql_client/client_command.h"
#include "weir/cli/sql_client/result_printer.h"
#include "weir/gateway/session/sql_session.h"

namespace weir::cli {

/// How printing a query's result ended.
enum class QueryPrintEnd : uint8_t {
  kCompleted,    // the query ended and every row was printed
  kInterrupted,  // `interrupted` returned true: the query was cancelled
};

/// Prints the rows of `result` with `printer` as they arrive (the streaming forms print each
/// batch at once, batch tableau the whole table at the end), then the trailer line. Between
/// fetches (at least every `poll`) it asks `interrupted`; on true it cancels the query, prints
/// "Query terminated, received a total of N rows" and returns kInterrupted. `start` is when
/// the statement started (for the time cost). A failing query comes back as its error.
Result<QueryPrintEnd> PrintQueryResult(
    gateway::QueryResult& result, ResultPrinter& printer, const std::function<bool()>& interrupted,
    std::chrono::steady_clock::time_point start,
    std::chrono::milliseconds poll = std::chrono::milliseconds(100));

/// Runs `statement` in `session` and prints its outcome the way Flink's client does: [INFO]
/// lines, the Job ID of INSERT and CREATE TABLE ... AS SELECT, listings as tableau tables and
/// SELECT results as they arrive (the result mode and widths from the sql-client.* options).
/// While a SELECT runs, SIGINT (Ctrl-C) and SIGTERM cancel it: interactively the statement
/// then ends normally (back to the prompt); in a script (`interactive` false) the executor
/// returns QueryInterruptedStatus() so the script stops.
Status ExecuteAndPrintStatement(gateway::SqlSession& session, const Statement& statement,
                                bool interactive, std::ostream& out);

/// Returns whether SIGINT or SIGTERM arrived since the current query started printing (for
/// tests of the signal path; false outside a query).
bool QueryInterruptRequested();

}  // namespace weir::cli
