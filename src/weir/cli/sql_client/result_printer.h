// ResultPrinter: query results as the SQL client prints them, and its [INFO]/[ERROR] lines.
#pragma once

#include <cstdint>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "weir/common/batch/record_batch.h"
#include "weir/common/result.h"
#include "weir/common/status.h"
#include "weir/common/types/schema.h"

namespace weir::cli {

/// sql-client.execution.result-mode.
enum class ResultMode : uint8_t { kTable, kChangelog, kTableau };

/// Parses "table", "changelog" or "tableau" (case-insensitive).
Result<ResultMode> ParseResultMode(std::string_view text);
/// Returns "table", "changelog" or "tableau".
std::string_view ResultModeName(ResultMode mode);

/// Default of sql-client.display.max-column-width.
inline constexpr int kDefaultMaxColumnWidth = 30;

struct ResultPrinterOptions {
  ResultMode mode = ResultMode::kTableau;
  bool streaming = false;  // execution.runtime-mode = streaming
  int max_column_width = kDefaultMaxColumnWidth;
  /// Whether the trailer line ends with the query's time, " (0.52 seconds)".
  bool print_time_cost = false;
};

/// Prints the rows of one query result to a stream.
///
/// Tableau, batch: rows are buffered, column widths come from the content (capped at the
/// max column width) and the table ends with "N rows in set" ("Empty set" without rows).
/// Tableau, streaming, and changelog: an `op` column (+I, -U, +U, -D) comes first, widths come
/// from the column types, each row is printed as it arrives, and the result ends with
/// "Received a total of N rows". Cells are right-aligned; a cell wider than its column is
/// cut and ends with "...". Table mode needs an interactive terminal and is rejected.
/// Thread: one caller at a time.
class ResultPrinter {
 public:
  /// Makes a printer for results of `schema`; fails for table mode and bad widths.
  static Result<std::unique_ptr<ResultPrinter>> Make(SchemaPtr schema,
                                                     const ResultPrinterOptions& options,
                                                     std::ostream& out);

  /// Starts the result: the streaming forms print their header at once, before any row
  /// arrives (batch tableau prints everything at Finish). Optional; Append and Finish print the
  /// header when it was not printed yet.
  Status Begin();
  /// Accepts the next rows (with their row kinds); streaming forms print them at once.
  Status Append(const RecordBatch& batch);
  /// Prints what is left and the trailer line. Call once, after the last Append.
  /// `elapsed_seconds` (time since the query started) shows when print_time_cost is set.
  Status Finish(double elapsed_seconds = 0);
  /// Prints the trailer for a query the user cancelled ("Query terminated, received a total
  /// of N rows"). Ends the printer like Finish.
  Status Cancel(double elapsed_seconds = 0);

  /// Returns the rows accepted so far.
  int64_t num_rows() const { return num_rows_; }

 private:
  ResultPrinter(SchemaPtr schema, const ResultPrinterOptions& options, std::ostream& out);

  bool prints_row_kind() const;
  void PrintHeaderOnce();
  void PrintBorder();
  void PrintCells(const std::vector<std::string>& cells);
  void PrintTrailer(std::string_view text, double elapsed_seconds);

  SchemaPtr schema_;
  ResultPrinterOptions options_;
  std::ostream& out_;
  std::vector<std::string> names_;                  // with "op" first when row kinds are printed
  std::vector<int> widths_;                         // empty until known
  std::vector<std::vector<std::string>> buffered_;  // batch tableau only
  int64_t num_rows_ = 0;
  bool header_printed_ = false;
  bool finished_ = false;
};

/// Returns how many terminal columns `text` (UTF-8) takes: one per UTF-16 unit, plus one for
/// each East Asian wide or full-width character (as Flink counts).
int DisplayWidth(std::string_view text);
/// Returns the column widths Flink derives from types for the streaming forms (no `op`).
std::vector<int> ColumnWidthsByType(const Schema& schema, int max_column_width);

/// What a statement without a result table did, for PrintStatementResult.
struct StatementResult {
  enum class Kind : uint8_t {
    kExecuted,           // DDL, USE, ...: "Execute statement succeeded."
    kSessionSet,         // SET 'k' = 'v'
    kSessionReset,       // RESET 'k'
    kSessionResetAll,    // RESET
    kJobSubmitted,       // INSERT, EXECUTE STATEMENT SET, END of a statement set
    kStatementSetBegin,  // BEGIN STATEMENT SET
    kStatementSetAdded,  // INSERT inside a statement set
    kStatementSetEmpty,  // END of an empty statement set
  };
  Kind kind = Kind::kExecuted;
  std::string job_id;  // kJobSubmitted
};

/// Prints the client's messages for `result` ("[INFO] ...").
void PrintStatementResult(const StatementResult& result, std::ostream& out);
/// Prints "[INFO] <message>".
void PrintInfo(std::string_view message, std::ostream& out);
/// Prints "[ERROR] Could not execute SQL statement. Reason:\n<reason>".
void PrintExecutionError(std::string_view reason, std::ostream& out);

}  // namespace weir::cli
