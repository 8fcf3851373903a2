// ReplSession: the line-by-line logic of the interactive SQL client, without the terminal.
#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "weir/cli/sql_client/client_command.h"

namespace weir::cli {

/// Collects input lines into statements and runs each complete one. Errors are printed and
/// the session goes on (unlike scripts). The terminal side (libedit) lives in
/// interactive_shell.h. Thread: one caller.
class ReplSession {
 public:
  ReplSession(StatementExecutor execute, std::ostream& out);

  /// Feeds one input line (without its newline) and runs the statements it completes.
  void FeedLine(std::string_view line);
  /// Returns the prompt for the next line: kPrompt, or kContinuationPrompt inside a statement.
  std::string_view prompt() const;
  /// Returns whether QUIT or EXIT was entered.
  bool quit() const { return quit_; }
  /// Returns whether a CLEAR was entered since the last call (the terminal clears itself).
  bool TakeClearRequest();
  /// Returns the complete entries accepted since the last call, for the history file.
  std::vector<std::string> TakeHistoryEntries();
  /// Drops the unfinished statement (Ctrl-C while typing).
  void DiscardPending() { buffer_.clear(); }
  /// Returns the text of the unfinished statement.
  const std::string& pending() const { return buffer_; }

 private:
  void Run(const Statement& statement);

  StatementExecutor execute_;
  std::ostream& out_;
  std::string buffer_;
  int buffer_first_line_ = 1;
  int next_line_ = 1;
  bool quit_ = false;
  bool clear_ = false;
  std::vector<std::string> history_;
};

}  // namespace weir::cli
