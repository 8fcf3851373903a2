// The `weir` command line: global options (-D, --conf-dir, --help, --version) and dispatch.
#include "weir/cli/cli.h"

#include "weir/cli/all_options.h"
#include "weir/cli/info_command.h"
#include "weir/cli/sql_command.h"
#include "weir/common/config/core_options.h"
#include "weir/common/version.h"

namespace weir::cli {

namespace {

using CommandFn = int (*)(const CommandContext&, const std::vector<std::string>&);

struct Command {
  std::string_view name;
  std::string_view summary;
  std::string_view usage;
  CommandFn run;
};

constexpr Command kCommands[] = {
    {"info", "print the version, the build and the configured memory budget", kInfoUsage,
     &RunInfoCommand},
    {"sql", "run Flink SQL: interactively, or a script with -f", kSqlUsage, &RunSqlCommand},
};

const Command* FindCommand(std::string_view name) {
  for (const Command& c : kCommands) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

// The global options found anywhere on the command line, and what is left for the command.
struct ParsedArgs {
  std::optional<std::string> conf_dir;
  std::vector<std::string> dynamic_properties;
  bool help = false;
  bool version = false;
  std::optional<std::string> command;
  std::vector<std::string> command_args;
};

Result<ParsedArgs> ParseGlobalArgs(const std::vector<std::string>& args) {
  ParsedArgs parsed;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "-D") {
      if (i + 1 == args.size()) return Status::Invalid("Option -D needs key=value");
      parsed.dynamic_properties.push_back(args[++i]);
    } else if (arg.size() > 2 && arg.compare(0, 2, "-D") == 0) {
      parsed.dynamic_properties.push_back(arg.substr(2));
    } else if (arg == "--conf-dir") {
      if (i + 1 == args.size()) return Status::Invalid("Option --conf-dir needs a directory");
      parsed.conf_dir = args[++i];
    } else if (arg.compare(0, 11, "--conf-dir=") == 0) {
      parsed.conf_dir = arg.substr(11);
    } else if (arg == "-h" || arg == "--help") {
      parsed.help = true;
    } else if (arg == "-V" || arg == "--version") {
      parsed.version = true;
    } else if (!parsed.command.has_value()) {
      if (!arg.empty() && arg[0] == '-') {
        return Status::Invalid("Unknown option '", arg, "'");
      }
      parsed.command = arg;
    } else {
      parsed.command_args.push_back(arg);
    }
  }
  return parsed;
}

void PrintUsageError(std::ostream& err, std::string_view message) {
  err << "weir: " << message << "\nRun 'weir --help' for usage.\n";
}

}  // namespace

std::string WrapText(std::string_view text, std::string_view indent, size_t width) {
  std::string out;
  std::string line(indent);
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find(' ', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view word = text.substr(pos, end - pos);
    if (line.size() > indent.size() && line.size() + 1 + word.size() > width) {
      out += line + "\n";
      line = std::string(indent);
    }
    if (line.size() > indent.size()) line += ' ';
    line += word;
    pos = end + 1;
  }
  if (line.size() > indent.size()) out += line + "\n";
  return out;
}

std::string GlobalUsage() {
  std::string out =
      "Usage: weir [global options] <command> [command options]\n"
      "\n"
      "Weir: a Flink-compatible stream and batch engine.\n"
      "\n"
      "Commands:\n";
  for (const Command& c : kCommands) {
    std::string name(c.name);
    name.resize(std::max<size_t>(name.size() + 1, 10), ' ');
    out += StrCat("  ", name, c.summary, "\n");
  }
  out +=
      "\n"
      "Global options (accepted before or after the command):\n"
      "  -D key=value      set a configuration option, overriding weir.yaml (repeatable)\n"
      "  --conf-dir DIR    read the configuration from DIR/weir.yaml\n"
      "  -h, --help        show this help; 'weir <command> --help' for a command\n"
      "  -V, --version     print the version\n"
      "\n"
      "Configuration:\n";
  out += WrapText(config::kConfDirRule, "  ", 80);
  out += "  'weir info --options' lists every option.\n";
  return out;
}

int RunCli(const std::vector<std::string>& args, const CliEnvironment& env, std::ostream& out,
           std::ostream& err) {
  Result<ParsedArgs> parsed_or = ParseGlobalArgs(args);
  if (!parsed_or.ok()) {
    PrintUsageError(err, parsed_or.status().message());
    return kExitUsage;
  }
  ParsedArgs parsed = std::move(parsed_or).ValueOrDie();

  if (parsed.version) {
    out << "weir " << kVersion << "\n";
    return kExitOk;
  }
  if (!parsed.command.has_value()) {
    if (parsed.help) {
      out << GlobalUsage();
      return kExitOk;
    }
    err << "weir: no command given\n\n" << GlobalUsage();
    return kExitUsage;
  }
  if (*parsed.command == "help") {
    out << GlobalUsage();
    return kExitOk;
  }
  const Command* command = FindCommand(*parsed.command);
  if (command == nullptr) {
    std::string message = StrCat("Unknown command '", *parsed.command, "'");
    for (const Command& c : kCommands) {
      if (config::EditDistance(*parsed.command, c.name) <= 2) {
        message += StrCat(". Did you mean '", c.name, "'?");
        break;
      }
    }
    PrintUsageError(err, message);
    return kExitUsage;
  }
  if (parsed.help) {
    out << command->usage;
    return kExitOk;
  }

  config::OptionRegistry& global = config::OptionRegistry::Global();
  Status registered = RegisterAllOptions(global);
  if (!registered.ok()) {
    err << "weir: " << registered.message() << "\n";
    return kExitError;
  }
  const config::OptionRegistry& registry = global;
  config::ConfigSources sources;
  sources.conf_dir_flag = parsed.conf_dir;
  sources.conf_dir_env = env.conf_dir_env;
  sources.binary_path = env.binary_path;
  sources.working_dir = env.working_dir;
  sources.dynamic_properties = parsed.dynamic_properties;
  Result<config::LoadedConfiguration> loaded = config::LoadConfiguration(sources, registry);
  if (!loaded.ok()) {
    err << "weir: " << loaded.status().message() << "\n";
    return kExitError;
  }
  Status st = config::ConfigureLogging(loaded->config);
  if (!st.ok()) {
    err << "weir: " << st.message() << "\n";
    return kExitError;
  }
  CommandContext ctx{*loaded, registry, out, err};
  return command->run(ctx, parsed.command_args);
}

}  // namespace weir::cli
