// `weir sql`: the SQL client — interactive, or running -f script.sql after -i init.sql.
#pragma once

#include <string_view>
#include <vector>

#include "weir/cli/cli.h"

namespace weir::cli {

inline constexpr std::string_view kSqlUsage =
    "Usage: weir [global options] sql [-i init.sql] [-f script.sql]\n"
    "\n"
    "Runs Flink SQL on the embedded mini-cluster. Without -f it reads statements from the\n"
    "terminal (line editing, history in ~/.weir_sql_history; QUIT; or Ctrl-D ends it).\n"
    "\n"
    "  -i, --init FILE   run FILE first (DDL, SET and similar statements only)\n"
    "  -f, --file FILE   run FILE, stop at the first failing statement, then wait for the\n"
    "                    submitted jobs (Ctrl-C or SIGTERM cancels the ones still running)\n"
    "  -h, --help        show this help\n"
    "\n"
    "Settings come from the configuration and -D key=value, and SET 'key' = 'value'.\n";

/// Runs `weir sql` with the arguments after "sql"; returns the exit code.
int RunSqlCommand(const CommandContext& ctx, const std::vector<std::string>& args);

}  // namespace weir::cli
