// ReplSession: the line-by-line logic of the interactive SQL client.
#include "weir/cli/sql_client/repl_session.h"

#include <utility>

#include "weir/cli/sql_client/result_printer.h"

namespace weir::cli {
namespace {

bool IsBlank(std::string_view text) {
  return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

}  // namespace

ReplSession::ReplSession(StatementExecutor execute, std::ostream& out)
    : execute_(std::move(execute)), out_(out) {}

std::string_view ReplSession::prompt() const {
  return IsBlank(buffer_) ? kPrompt : kContinuationPrompt;
}

bool ReplSession::TakeClearRequest() { return std::exchange(clear_, false); }

std::vector<std::string> ReplSession::TakeHistoryEntries() { return std::exchange(history_, {}); }

void ReplSession::FeedLine(std::string_view line) {
  if (quit_) return;
  if (IsBlank(buffer_)) {
    buffer_.clear();
    buffer_first_line_ = next_line_;
  }
  buffer_.append(line);
  buffer_.push_back('\n');
  ++next_line_;
  SplitResult split = SplitStatements(buffer_, buffer_first_line_);
  if (split.consumed > 0) {
    std::string entry(buffer_.substr(0, split.consumed));
    const size_t begin = entry.find_first_not_of(" \t\r\n");
    if (begin != std::string::npos) history_.push_back(entry.substr(begin));
  }
  // Keep what follows the last ';' for the next line; count the lines consumed.
  for (size_t i = 0; i < split.consumed; ++i) {
    if (buffer_[i] == '\n') ++buffer_first_line_;
  }
  buffer_.erase(0, split.consumed);
  if (!split.incomplete()) buffer_.clear();
  for (const Statement& statement : split.statements) {
    Run(statement);
    if (quit_) {
      buffer_.clear();
      return;
    }
  }
}

void ReplSession::Run(const Statement& statement) {
  switch (ParseClientCommand(statement.text)) {
    case ClientCommand::kQuit:
      PrintInfo(QuitMessage(), out_);
      quit_ = true;
      return;
    case ClientCommand::kHelp:
      out_ << HelpText();
      out_.flush();
      return;
    case ClientCommand::kClear:
      clear_ = true;
      return;
    case ClientCommand::kNone:
      break;
  }
  Status st = execute_(statement, out_);
  if (!st.ok()) PrintExecutionError(st.message(), out_);
  out_ << "\n";
  out_.flush();
}

}  // namespace weir::cli
