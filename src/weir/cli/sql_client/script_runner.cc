// Runs SQL client scripts non-interactively.
#include "weir/cli/sql_client/script_runner.h"

#include <vector>

#include "weir/common/str_cat.h"

namespace weir::cli {
namespace {

std::string_view OpenConstructName(OpenConstruct open) {
  switch (open) {
    case OpenConstruct::kString:
      return "string literal";
    case OpenConstruct::kQuotedIdentifier:
      return "quoted identifier";
    case OpenConstruct::kBlockComment:
      return "comment";
    case OpenConstruct::kStatementSetBlock:
      return "EXECUTE STATEMENT SET block (missing END;)";
    case OpenConstruct::kNone:
      break;
  }
  return "statement";
}

// Prints a statement as the terminal shows it: the prompt, then "> " before each further line.
void EchoStatement(std::string_view text, std::ostream& out) {
  out << kPrompt;
  size_t begin = 0;
  while (true) {
    const size_t end = text.find('\n', begin);
    out << text.substr(begin, end == std::string_view::npos ? end : end - begin);
    if (end == std::string_view::npos) break;
    out << "\n" << kContinuationPrompt;
    begin = end + 1;
  }
  out << ";\n";
}

void Fail(ScriptOutcome& outcome, std::string_view script_name, int line, std::string message,
          std::ostream& out) {
  outcome.ok = false;
  outcome.failed_line = line;
  outcome.error = std::move(message);
  PrintExecutionError(outcome.error, out);
  out << "[ERROR] Stopped at the statement starting at line " << line;
  if (!script_name.empty()) out << " of " << script_name;
  out << ".\n";
  out.flush();
}

constexpr char kQueryInterruptedMessage[] = "The query was interrupted by the user";

}  // namespace

Status QueryInterruptedStatus() { return Status::Cancelled(kQueryInterruptedMessage); }

bool IsQueryInterrupted(const Status& status) {
  return status.code() == StatusCode::kCancelled && status.message() == kQueryInterruptedMessage;
}

ScriptOutcome RunScript(std::string_view script, std::string_view script_name, ScriptMode mode,
                        const StatementExecutor& execute, std::ostream& out) {
  ScriptOutcome outcome;
  SplitResult split = SplitStatements(script);
  std::vector<Statement> statements = std::move(split.statements);
  if (split.open == OpenConstruct::kNone && !split.remainder.empty()) {
    statements.push_back({split.remainder, split.remainder_line, 1});
  }
  if (mode == ScriptMode::kExecute) PrintInfo("Executing SQL from file.", out);
  for (const Statement& statement : statements) {
    if (mode == ScriptMode::kExecute) EchoStatement(statement.text, out);
    ++outcome.statements_run;
    switch (ParseClientCommand(statement.text)) {
      case ClientCommand::kQuit:
        PrintInfo(QuitMessage(), out);
        outcome.quit = true;
        return outcome;
      case ClientCommand::kHelp:
        out << HelpText();
        continue;
      case ClientCommand::kClear:
        continue;  // nothing to clear without a terminal
      case ClientCommand::kNone:
        break;
    }
    if (mode == ScriptMode::kInitialization && !IsAllowedInInitFile(statement.text)) {
      Fail(outcome, script_name, statement.line,
           StrCat("Unsupported operation in sql init file: ", statement.text), out);
      return outcome;
    }
    Status st = execute(statement, out);
    if (IsQueryInterrupted(st)) {
      outcome.interrupted = true;
      out << "\n";
      out.flush();
      return outcome;
    }
    if (!st.ok()) {
      Fail(outcome, script_name, statement.line, st.message(), out);
      return outcome;
    }
    if (mode == ScriptMode::kExecute) out << "\n";
  }
  if (split.open != OpenConstruct::kNone) {
    Fail(outcome, script_name, split.open_line,
         StrCat("Unterminated ", OpenConstructName(split.open), " at the end of the script"), out);
  }
  return outcome;
}

}  // namespace weir::cli
