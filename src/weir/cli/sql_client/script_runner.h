// Runs SQL client scripts non-interactively: -f script.sql and -i init.sql.
#pragma once

#include <ostream>
#include <string>
#include <string_view>

#include "weir/cli/sql_client/client_command.h"

namespace weir::cli {

/// How a script runs.
enum class ScriptMode : uint8_t {
  kExecute,         // -f: "[INFO] Executing SQL from file." then each statement, echoed
  kInitialization,  // -i: only statements IsAllowedInInitFile accepts, not echoed
};

/// What running a script did.
struct ScriptOutcome {
  bool ok = true;            // no statement failed
  bool quit = false;         // a QUIT/EXIT statement ended the script
  bool interrupted = false;  // SIGINT/SIGTERM cancelled a running query; the script ended there
  int statements_run = 0;    // statements executed or answered (the failed one included)
  int failed_line = 0;       // 1-based line of the statement that failed, when !ok
  std::string error;         // its error message, when !ok

  /// Returns the process exit code: 0 on success, 1 after a failure, 130 (128 + SIGINT, as
  /// shells report an interrupted command) when a signal ended the script.
  int exit_code() const { return !ok ? 1 : interrupted ? 130 : 0; }
};

/// Returns the status a StatementExecutor returns when the user interrupted the running query
/// (Ctrl-C, SIGTERM): RunScript then ends the script without an error message.
Status QueryInterruptedStatus();
/// Returns whether `status` is QueryInterruptedStatus().
bool IsQueryInterrupted(const Status& status);

/// Runs `script` statement by statement with `execute`, printing to `out`, and stops at the
/// first failure (as Flink's client does), printing "[ERROR] Could not execute SQL statement.
/// Reason:" with the message and then the line the failing statement starts on. A last
/// statement without ';' still runs (Flink appends the ';'); a script ending inside a string,
/// quoted identifier, comment or EXECUTE STATEMENT SET block fails. A statement interrupted
/// by the user (IsQueryInterrupted) ends the run with outcome.interrupted set. `script_name` names
/// the script in messages.
ScriptOutcome RunScript(std::string_view script, std::string_view script_name, ScriptMode mode,
                        const StatementExecutor& execute, std::ostream& out);

}  // namespace weir::cli
