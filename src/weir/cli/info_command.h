// `weir info`: version, build, the configured memory budget, and `--options`.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "weir/cli/cli.h"

namespace weir::cli {

inline constexpr std::string_view kInfoUsage =
    "Usage: weir [global options] info [--options]\n"
    "\n"
    "Prints the version, the build and the memory budget split of the configuration.\n"
    "\n"
    "  --options   list every configuration option with its type, default and description\n"
    "  -h, --help  show this help\n";

/// Runs `weir info` with the arguments after "info"; returns the exit code.
int RunInfoCommand(const CommandContext& ctx, const std::vector<std::string>& args);

/// Returns the option listing of `weir info --options` (sorted by key).
std::string FormatOptionList(const config::OptionRegistry& registry,
                             const config::Configuration& config);

}  // namespace weir::cli
