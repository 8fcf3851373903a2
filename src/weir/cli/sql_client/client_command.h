// Commands the SQL client handles itself (QUIT, EXIT, HELP, CLEAR) and its fixed texts.
#pragma once

#include <functional>
#include <ostream>
#include <string>
#include <string_view>

#include "weir/cli/sql_client/result_printer.h"
#include "weir/cli/sql_client/statement_splitter.h"
#include "weir/common/status.h"

namespace weir::cli {

/// Runs one statement in the engine and prints its outcome (result table, [INFO] lines) to
/// the stream; a failure comes back as a Status and the caller prints it.
using StatementExecutor = std::function<Status(const Statement&, std::ostream&)>;

/// A statement the client answers without the engine.
enum class ClientCommand : uint8_t { kNone, kQuit, kHelp, kClear };

/// Returns the client command `statement` is (QUIT, EXIT, HELP, CLEAR alone, any case).
ClientCommand ParseClientCommand(std::string_view statement);

/// The prompt of the interactive shell and of statements echoed by -f.
inline constexpr std::string_view kPrompt = "Weir SQL> ";
/// The prompt of continuation lines of a multi-line statement.
inline constexpr std::string_view kContinuationPrompt = "> ";

/// Returns the text HELP; prints.
std::string HelpText();
/// Returns the text QUIT; prints after [INFO].
std::string_view QuitMessage();

/// Returns whether a statement may appear in an init file (-i): SET, RESET, CREATE, DROP,
/// ALTER, USE, LOAD/UNLOAD MODULE, ADD/REMOVE JAR, as in Flink.
bool IsAllowedInInitFile(std::string_view statement);

/// Checks that query results can be shown in `mode`: a non-interactive session (-f) supports
/// only tableau (as Flink); an interactive one tableau and changelog (the full-screen table
/// view does not exist yet).
Status CheckQueryResultMode(ResultMode mode, bool interactive);

}  // namespace weir::cli
