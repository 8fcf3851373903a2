// Loading the configuration: finding weir.yaml, reading flat or nested YAML, -D overrides.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "weir/common/config/configuration.h"
#include "weir/common/config/option_registry.h"
#include "weir/common/result.h"

namespace weir::config {

inline constexpr std::string_view kConfigFileName = "weir.yaml";
inline constexpr std::string_view kConfDirEnvVar = "WEIR_CONF_DIR";

/// How the configuration file is found (shown by `weir --help`).
inline constexpr std::string_view kConfDirRule =
    "The configuration file is DIR/weir.yaml, where DIR is the first of: --conf-dir DIR; "
    "the WEIR_CONF_DIR environment variable; the 'conf' folder beside the folder that "
    "holds the weir binary (BIN/../conf, the installed layout) if it has a weir.yaml; "
    "'conf' in the current directory if it has a weir.yaml. A directory given by "
    "--conf-dir or WEIR_CONF_DIR must contain weir.yaml. Without a file the built-in "
    "defaults apply. -D key=value overrides the file.";

/// Where configuration comes from, as seen by the binary.
struct ConfigSources {
  std::optional<std::string> conf_dir_flag;  // --conf-dir
  std::optional<std::string> conf_dir_env;   // $WEIR_CONF_DIR
  std::string binary_path;                   // the weir executable; empty skips BIN/../conf
  std::string working_dir;                   // empty means the current directory
  std::vector<std::string> dynamic_properties;  // "key=value" from -D, in order
};

/// A loaded configuration and the file it came from (empty when only defaults apply).
struct LoadedConfiguration {
  Configuration config;
  std::string file;
};

/// Returns the configuration file to read following kConfDirRule, or "" for none.
Result<std::string> FindConfigFile(const ConfigSources& sources);

/// Parses YAML text: nested maps are flattened with dots ("a: {b: 1}" is "a.b: 1"),
/// lists become list values, scalars are kept as written. Every key must be known to
/// `registry` (or free-form) and every value must parse; `source` names the text in errors.
/// A deprecated key is stored under its option's current key, with a warning.
Result<Configuration> ParseYamlConfiguration(std::string_view yaml_text, std::string_view source,
                                             const OptionRegistry& registry);
/// Reads and parses a YAML file (see ParseYamlConfiguration).
Result<Configuration> LoadYamlFile(const std::string& path, const OptionRegistry& registry);

/// Applies "key=value" overrides (from -D) on top of `config`, checking each entry
/// (deprecated keys are renamed as in ParseYamlConfiguration).
Status ApplyDynamicProperties(const std::vector<std::string>& properties,
                              const OptionRegistry& registry, Configuration* config);

/// Finds and reads the configuration file, then applies the -D overrides.
Result<LoadedConfiguration> LoadConfiguration(const ConfigSources& sources,
                                              const OptionRegistry& registry);

}  // namespace weir::config
