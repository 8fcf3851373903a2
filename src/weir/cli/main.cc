// The `weir` binary: collects the process environment and runs the command line.
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>
#include <system_error>
#include <vector>

#include "weir/cli/cli.h"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  weir::cli::CliEnvironment env;
  std::error_code ec;
  std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  env.binary_path = ec ? std::string(argc > 0 ? argv[0] : "") : exe.string();
  if (const char* dir = std::getenv("WEIR_CONF_DIR"); dir != nullptr) env.conf_dir_env = dir;
  return weir::cli::RunCli(args, env, std::cout, std::cerr);
}
