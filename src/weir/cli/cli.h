// The `weir` command line: global options (-D, --conf-dir, --help, --version) and dispatch.
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "weir/common/config/config_loader.h"
#include "weir/common/config/option_registry.h"

namespace weir::cli {

/// Exit codes of the binary.
inline constexpr int kExitOk = 0;
inline constexpr int kExitError = 1;  // bad configuration or a failed command
inline constexpr int kExitUsage = 2;  // unknown command or option, missing argument

/// What the binary learns from its process environment (tests supply their own).
struct CliEnvironment {
  std::string binary_path;                  // the weir executable (for BIN/../conf)
  std::optional<std::string> conf_dir_env;  // $WEIR_CONF_DIR
  std::string working_dir;                  // empty means the current directory
};

/// What a command gets: its configuration, the registry and the output streams.
struct CommandContext {
  const config::LoadedConfiguration& loaded;
  const config::OptionRegistry& registry;
  std::ostream& out;
  std::ostream& err;
};

/// Runs `weir <args...>` (without the program name) and returns the exit code.
/// Normal output goes to `out`; errors and usage complaints to `err`.
int RunCli(const std::vector<std::string>& args, const CliEnvironment& env, std::ostream& out,
           std::ostream& err);

/// Wraps `text` at spaces into lines of at most `width` characters starting with `indent`.
std::string WrapText(std::string_view text, std::string_view indent, size_t width);

/// Returns the top-level usage text of `weir --help`.
std::string GlobalUsage();

}  // namespace weir::cli
