// `weir info`: version, build, the configured memory budget, and `--options`.
#include "weir/cli/info_command.h"

#include <fmt/core.h>

#include "weir/common/config/core_options.h"
#include "weir/common/memory/memory_budget.h"
#include "weir/common/version.h"

namespace weir::cli {

namespace {

std::string Join(std::span<const std::string_view> parts, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out.append(sep);
    out.append(parts[i]);
  }
  return out;
}

// Prints a value in the option's canonical form; falls back to the raw text.
std::string Canonical(const config::OptionSpec& spec, std::string_view text) {
  Result<std::string> canonical = config::CanonicalOptionValue(spec, text);
  if (!canonical.ok()) return std::string(text);
  return std::move(canonical).ValueOrDie();
}

int PrintInfo(const CommandContext& ctx) {
  const config::Configuration& conf = ctx.loaded.config;
  Result<MemoryBudget> budget = MemoryBudget::FromConfiguration(conf);
  if (!budget.ok()) {
    ctx.err << "weir: " << budget.status().message() << "\n";
    return kExitError;
  }
  Result<int32_t> slots = conf.Get(config::kTaskManagerNumberOfTaskSlots);
  Result<int32_t> parallelism = conf.Get(config::kParallelismDefault);
  Result<int32_t> threads = config::ResolveWorkerThreads(conf);
  Result<LogLevel> log_level = conf.Get(config::kLogLevel);
  for (const Status* st :
       {&slots.status(), &parallelism.status(), &threads.status(), &log_level.status()}) {
    if (!st->ok()) {
      ctx.err << "weir: " << st->message() << "\n";
      return kExitError;
    }
  }

  const std::string file =
      ctx.loaded.file.empty() ? std::string("(none: built-in defaults)") : ctx.loaded.file;
  std::string text = fmt::format("Weir {}\n", kVersion);
  auto row = [&text](std::string_view name, const std::string& value) {
    text += fmt::format("  {:<16}{}\n", name, value);
  };
  row("build type", kBuildType);
  row("compiler", kCompiler);
  row("config file", file);
  row("task slots", std::to_string(*slots));
  row("parallelism", std::to_string(*parallelism));
  row("worker threads", std::to_string(*threads));
  row("log level", LogLevelName(*log_level));
  text += fmt::format("\nMemory budget ({} = {})\n", config::kTaskManagerMemoryProcessSize.key(),
                      MemorySize(budget->process).ToString());
  text += budget->ToString();
  ctx.out << text;
  return kExitOk;
}

}  // namespace

std::string FormatOptionList(const config::OptionRegistry& registry,
                             const config::Configuration& conf) {
  const std::vector<config::OptionSpec> options = registry.Options();
  std::string out = fmt::format("{} options, sorted by key:\n", options.size());
  for (const config::OptionSpec& spec : options) {
    out += fmt::format("\n{}\n", spec.key);
    std::string type = config::OptionTypeName(spec.type);
    if (spec.type == config::OptionType::kEnum) {
      type += fmt::format(" [{}]", Join(spec.enum_names, ", "));
    }
    const std::string default_text =
        spec.has_default ? Canonical(spec, spec.default_text) : std::string("(none)");
    out += fmt::format("    type: {}    default: {}\n", type, default_text);
    if (std::optional<std::string> value = conf.GetString(spec.key); value.has_value()) {
      out += fmt::format("    value: {}    (from {})\n", Canonical(spec, *value),
                         conf.SourceOf(spec.key));
    }
    if (!spec.deprecated().empty()) {
      out += fmt::format("    deprecated keys: {}\n", Join(spec.deprecated(), ", "));
    }
    if (!spec.fallbacks().empty()) {
      out += fmt::format("    fallback keys: {}\n", Join(spec.fallbacks(), ", "));
    }
    out += WrapText(spec.description, "    ", 80);
  }
  out += fmt::format(
      "\nKeys starting with '{}' are free-form user settings and are not "
      "checked.\n",
      config::kUserKeyPrefix);
  return out;
}

int RunInfoCommand(const CommandContext& ctx, const std::vector<std::string>& args) {
  bool list_options = false;
  for (const std::string& arg : args) {
    if (arg == "--options") {
      list_options = true;
    } else {
      ctx.err << "weir: Unknown argument '" << arg
              << "' for 'weir info'\nRun 'weir info --help' for usage.\n";
      return kExitUsage;
    }
  }
  if (list_options) {
    ctx.out << FormatOptionList(ctx.registry, ctx.loaded.config);
    return kExitOk;
  }
  return PrintInfo(ctx);
}

}  // namespace weir::cli
