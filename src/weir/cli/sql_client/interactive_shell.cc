// The interactive SQL client shell on a terminal (libedit line editing and history).
#include "weir/cli/sql_client/interactive_shell.h"

#include <editline/readline.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "weir/cli/sql_client/repl_session.h"
#include "weir/cli/sql_client/result_printer.h"

namespace weir::cli {
namespace {

volatile std::sig_atomic_t g_interrupted = 0;

void OnInterrupt(int) { g_interrupted = 1; }

// Installs the Ctrl-C handler for the shell's lifetime and restores the previous one.
class InterruptScope {
 public:
  InterruptScope() {
    struct sigaction action = {};
    action.sa_handler = OnInterrupt;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, &previous_);
  }
  ~InterruptScope() { sigaction(SIGINT, &previous_, nullptr); }
  InterruptScope(const InterruptScope&) = delete;
  InterruptScope& operator=(const InterruptScope&) = delete;

 private:
  struct sigaction previous_ = {};
};

}  // namespace

bool ShellInterrupted() { return g_interrupted != 0; }

std::string DefaultHistoryFile() {
  const char* home = std::getenv("HOME");
  std::string dir = home != nullptr && *home != '\0' ? std::string(home) + "/" : "";
  return dir + ".weir_sql_history";
}

int RunInteractiveShell(const StatementExecutor& execute, const ShellOptions& options,
                        std::ostream& out) {
  const std::string history =
      options.history_file.empty() ? DefaultHistoryFile() : options.history_file;
  using_history();
  stifle_history(options.max_history_entries);
  // A missing history file is normal on the first start.
  (void)read_history(history.c_str());
  if (options.print_welcome) {
    out << "Welcome to the Weir SQL client! Enter 'HELP;' to list all available commands. "
           "'QUIT;' to exit.\n\n";
    out.flush();
  }
  InterruptScope interrupt_scope;
  ReplSession session(execute, out);
  while (!session.quit()) {
    const std::string prompt(session.prompt());
    g_interrupted = 0;
    char* line = readline(prompt.c_str());
    if (g_interrupted != 0) {  // Ctrl-C drops the statement being typed, as in Flink
      std::free(line);
      out << "\n";
      session.DiscardPending();
      continue;
    }
    if (line == nullptr) {  // Ctrl-D
      out << "\n";
      PrintInfo(QuitMessage(), out);
      break;
    }
    std::string text(line);
    std::free(line);
    g_interrupted = 0;  // from here on Ctrl-C is for the running statement
    session.FeedLine(text);
    for (const std::string& entry : session.TakeHistoryEntries()) {
      std::string trimmed = entry;
      while (!trimmed.empty() && (trimmed.back() == '\n' || trimmed.back() == ' ')) {
        trimmed.pop_back();
      }
      add_history(trimmed.c_str());
    }
    if (session.TakeClearRequest()) {
      out << "\x1b[H\x1b[2J";
      out.flush();
    }
  }
  if (write_history(history.c_str()) == 0) {
    (void)history_truncate_file(history.c_str(), options.max_history_entries);
  }
  out.flush();
  return 0;  // kExitOk
}

}  // namespace weir::cli
