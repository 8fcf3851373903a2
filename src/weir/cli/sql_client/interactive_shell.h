// The interactive SQL client shell on a terminal (libedit line editing and history).
#pragma once

#include <ostream>
#include <string>

#include "weir/cli/sql_client/client_command.h"

namespace weir::cli {

struct ShellOptions {
  /// History file (Flink's --history); empty means DefaultHistoryFile().
  std::string history_file;
  /// Entries kept in the history file.
  int max_history_entries = 1000;
  bool print_welcome = true;
};

/// Returns $HOME/.weir_sql_history (or .weir_sql_history in the working directory without
/// HOME).
std::string DefaultHistoryFile();

/// Returns whether Ctrl-C was pressed since the running statement started. Executors poll it
/// while printing a result to cancel the query (ResultPrinter::Cancel), as Flink's client does.
bool ShellInterrupted();

/// Reads statements from the terminal until Ctrl-D, QUIT; or EXIT;, runs each with `execute`
/// and prints to `out`. Multi-line statements get the continuation prompt; each complete
/// entry is appended to the history file. Returns the exit code (0).
int RunInteractiveShell(const StatementExecutor& execute, const ShellOptions& options,
                        std::ostream& out);

}  // namespace weir::cli
