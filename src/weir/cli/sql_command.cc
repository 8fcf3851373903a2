// `weir sql`: a SqlSession on a mini-cluster behind the client's script runner or shell.
#include "weir/cli/sql_command.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <fstream>
#include <sstream>

#include "weir/cli/sql_client/interactive_shell.h"
#include "weir/cli/sql_client/result_printer.h"
#include "weir/cli/sql_client/script_runner.h"
#include "weir/cli/sql_client/sql_client_options.h"
#include "weir/cli/sql_client/statement_executor.h"
#include "weir/gateway/session/sql_session.h"

namespace weir::cli {

namespace {

std::atomic<bool> g_stop_requested{false};

extern "C" void OnStopSignal(int) { g_stop_requested.store(true); }

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Status::IOError("Cannot read SQL file: ", path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Prints how many rows the finished job's sources read and how fast.
void PrintJobSummary(const gateway::SessionJob& job, const cluster::JobResult& result,
                     std::ostream& out) {
  int64_t rows = 0;
  for (const auto& task : job.client.execution().tasks()) {
    if (task->deployment().input_gates.empty()) rows += task->metrics().records_in();
  }
  const double seconds = static_cast<double>(std::max<int64_t>(1, result.duration_ms)) / 1000.0;
  out << "[INFO] Job " << job.job_id << " finished: read " << rows << " rows in " << seconds
      << " s (" << static_cast<int64_t>(static_cast<double>(rows) / seconds) << " rows/s).\n";
}

// Waits for the session's jobs; SIGINT/SIGTERM cancels the ones still running.
Status WaitForJobsOrSignal(gateway::SqlSession& session, std::ostream& out) {
  g_stop_requested.store(false);
  auto previous_int = std::signal(SIGINT, OnStopSignal);
  auto previous_term = std::signal(SIGTERM, OnStopSignal);
  Status first;
  for (gateway::SessionJob& job : session.jobs()) {
    while (true) {
      Result<cluster::JobResult> r = job.client.WaitForResult(std::chrono::milliseconds(100));
      if (r.ok()) {
        if (r->status == cluster::JobStatus::kFailed && first.ok()) first = r->failure;
        if (r->status == cluster::JobStatus::kFinished) PrintJobSummary(job, *r, out);
        break;
      }
      r.status().IgnoreError();  // the timeout: check for a signal and wait again
      if (g_stop_requested.load()) {
        out << "[INFO] Stopping job " << job.job_id << ".\n";
        job.client.Cancel();
      }
    }
  }
  std::signal(SIGINT, previous_int);
  std::signal(SIGTERM, previous_term);
  return first;
}

}  // namespace

int RunSqlCommand(const CommandContext& ctx, const std::vector<std::string>& args) {
  std::string init_file;
  std::string script_file;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if ((a == "-f" || a == "--file" || a == "-i" || a == "--init") && i + 1 < args.size()) {
      (a == "-f" || a == "--file" ? script_file : init_file) = args[++i];
    } else if (a == "-h" || a == "--help") {
      ctx.out << kSqlUsage;
      return kExitOk;
    } else {
      ctx.err << "weir sql: unknown argument '" << a << "'\n" << kSqlUsage;
      return kExitUsage;
    }
  }
  auto cluster = cluster::MiniCluster::Make(ctx.loaded.config);
  if (!cluster.ok()) {
    ctx.err << "weir sql: " << cluster.status().message() << "\n";
    return kExitError;
  }
  gateway::SqlSession session(cluster->get(), ctx.loaded.config);
  const bool interactive = script_file.empty();
  const StatementExecutor execute = [&session, interactive](const Statement& s, std::ostream& out) {
    return ExecuteAndPrintStatement(session, s, interactive, out);
  };
  if (!init_file.empty()) {
    Result<std::string> init = ReadFile(init_file);
    if (!init.ok()) {
      ctx.err << "weir sql: " << init.status().message() << "\n";
      return kExitError;
    }
    ScriptOutcome outcome =
        RunScript(*init, init_file, ScriptMode::kInitialization, execute, ctx.out);
    if (!outcome.ok) return outcome.exit_code();
  }
  if (script_file.empty()) {
    ShellOptions shell;
    return RunInteractiveShell(execute, shell, ctx.out);
  }
  Result<std::string> script = ReadFile(script_file);
  if (!script.ok()) {
    ctx.err << "weir sql: " << script.status().message() << "\n";
    return kExitError;
  }
  ScriptOutcome outcome = RunScript(*script, script_file, ScriptMode::kExecute, execute, ctx.out);
  if (outcome.interrupted) {
    // The user stopped the run: stop the jobs it started instead of waiting for them.
    for (gateway::SessionJob& job : session.jobs()) {
      if (!cluster::IsTerminal(job.client.Status())) job.client.Cancel();
    }
  }
  Status jobs = WaitForJobsOrSignal(session, ctx.out);
  if (!jobs.ok()) {
    PrintExecutionError(jobs.message(), ctx.out);
    return kExitError;
  }
  return outcome.exit_code();
}

}  // namespace weir::cli
