// Loading the configuration: finding weir.yaml, reading flat or nested YAML, -D overrides.
#include "weir/common/config/config_loader.h"

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "weir/common/log/log.h"

namespace weir::config {

namespace {

namespace fs = std::filesystem;

bool IsRegularFile(const fs::path& path) {
  std::error_code ec;
  return fs::is_regular_file(path, ec);
}

// Resolves an explicitly named directory (flag or environment) to its weir.yaml.
Result<std::string> ExplicitConfigFile(const std::string& dir, std::string_view origin) {
  if (dir.empty()) {
    return Status::Invalid("Configuration directory is empty (from ", origin, ")");
  }
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    return Status::Invalid("Configuration directory does not exist: ", dir, " (from ", origin,
                           ")");
  }
  fs::path file = fs::path(dir) / kConfigFileName;
  if (!IsRegularFile(file)) {
    return Status::Invalid("Configuration file not found: ", file.string(), " (from ", origin,
                           ")");
  }
  return file.string();
}

std::string MarkPlace(std::string_view source, const YAML::Mark& mark) {
  if (mark.is_null()) return std::string(source);
  return StrCat(source, ", line ", mark.line + 1);
}

// Returns the key an entry is stored under: a deprecated key is renamed to its option's
// key (with a warning), so a later -D of either key replaces it.
std::string StoredKey(const OptionRegistry& registry, const std::string& key,
                      std::string_view place) {
  std::optional<KeyMatch> match = registry.Lookup(key);
  if (match.has_value() && match->kind == KeyKind::kDeprecated) {
    WarnDeprecatedKeyOnce(key, match->spec.key, place);
    return std::string(match->spec.key);
  }
  return key;
}

// Walks a YAML map, adding "prefix.key: value" entries.
Status Flatten(const YAML::Node& node, const std::string& prefix, std::string_view source,
               const OptionRegistry& registry, Configuration* out) {
  for (const auto& item : node) {
    const YAML::Node& key_node = item.first;
    const YAML::Node& value = item.second;
    const std::string place = MarkPlace(source, key_node.Mark());
    if (!key_node.IsScalar() || key_node.Scalar().empty()) {
      return Status::Invalid("Configuration keys must be plain text (in ", place, ")");
    }
    const std::string key =
        prefix.empty() ? key_node.Scalar() : StrCat(prefix, ".", key_node.Scalar());
    if (value.IsMap()) {
      WEIR_RETURN_NOT_OK(Flatten(value, key, source, registry, out));
      continue;
    }
    std::string text;
    if (value.IsScalar()) {
      text = value.Scalar();
    } else if (value.IsSequence()) {
      std::vector<std::string> elements;
      for (const YAML::Node& element : value) {
        if (!element.IsScalar()) {
          return Status::Invalid("List elements must be plain values for key '", key, "' (in ",
                                 place, ")");
        }
        elements.push_back(element.Scalar());
      }
      text = FormatStringList(elements);
    } else {
      return Status::Invalid("Configuration key has no value: '", key, "' (in ", place, ")");
    }
    WEIR_RETURN_NOT_OK(registry.CheckEntry(key, text, place));
    const std::string stored_key = StoredKey(registry, key, place);
    if (out->ContainsKey(stored_key)) {
      return Status::Invalid("Duplicate configuration key '", stored_key, "' (in ", place,
                             "; first set in ", out->SourceOf(stored_key), ")");
    }
    out->SetString(stored_key, std::move(text), place);
  }
  return Status::OK();
}

}  // namespace

Result<std::string> FindConfigFile(const ConfigSources& sources) {
  if (sources.conf_dir_flag.has_value()) {
    return ExplicitConfigFile(*sources.conf_dir_flag, "--conf-dir");
  }
  if (sources.conf_dir_env.has_value()) {
    return ExplicitConfigFile(*sources.conf_dir_env, kConfDirEnvVar);
  }
  if (!sources.binary_path.empty()) {
    fs::path candidate =
        fs::path(sources.binary_path).parent_path().parent_path() / "conf" / kConfigFileName;
    if (IsRegularFile(candidate)) return candidate.lexically_normal().string();
  }
  fs::path cwd_candidate = fs::path("conf") / kConfigFileName;
  if (!sources.working_dir.empty()) cwd_candidate = fs::path(sources.working_dir) / cwd_candidate;
  if (IsRegularFile(cwd_candidate)) return cwd_candidate.string();
  return std::string();
}

Result<Configuration> ParseYamlConfiguration(std::string_view yaml_text, std::string_view source,
                                             const OptionRegistry& registry) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml_text));
  } catch (const YAML::Exception& e) {
    return Status::Invalid("Could not parse YAML: ", e.msg, " (in ",
                           MarkPlace(source, e.mark), ")");
  }
  Configuration config;
  if (root.IsNull()) return config;  // an empty file, or only comments
  if (!root.IsMap()) {
    return Status::Invalid("Configuration must be a map of keys to values (in ", source, ")");
  }
  try {
    WEIR_RETURN_NOT_OK(Flatten(root, "", source, registry, &config));
  } catch (const YAML::Exception& e) {
    return Status::Invalid("Could not read YAML: ", e.msg, " (in ", MarkPlace(source, e.mark),
                           ")");
  }
  return config;
}

Result<Configuration> LoadYamlFile(const std::string& path, const OptionRegistry& registry) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Status::IOError("Could not open configuration file: ", path);
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) {
    return Status::IOError("Could not read configuration file: ", path);
  }
  return ParseYamlConfiguration(text.str(), path, registry);
}

Status ApplyDynamicProperties(const std::vector<std::string>& properties,
                              const OptionRegistry& registry, Configuration* config) {
  for (const std::string& property : properties) {
    const size_t eq = property.find('=');
    if (eq == std::string::npos) {
      return Status::Invalid("Expected key=value after -D, got '", property, "'");
    }
    std::string key(TrimWhitespace(std::string_view(property).substr(0, eq)));
    std::string value(TrimWhitespace(std::string_view(property).substr(eq + 1)));
    if (key.empty()) {
      return Status::Invalid("Expected key=value after -D, got '", property, "'");
    }
    const std::string place = StrCat("-D ", property);
    WEIR_RETURN_NOT_OK(registry.CheckEntry(key, value, place));
    config->SetString(StoredKey(registry, key, place), std::move(value), place);
  }
  return Status::OK();
}

Result<LoadedConfiguration> LoadConfiguration(const ConfigSources& sources,
                                              const OptionRegistry& registry) {
  LoadedConfiguration loaded;
  WEIR_ASSIGN_OR_RAISE(loaded.file, FindConfigFile(sources));
  if (!loaded.file.empty()) {
    WEIR_ASSIGN_OR_RAISE(loaded.config, LoadYamlFile(loaded.file, registry));
    WEIR_LOG_DEBUG("Loaded {} configuration entries from {}", loaded.config.size(), loaded.file);
  }
  WEIR_RETURN_NOT_OK(ApplyDynamicProperties(sources.dynamic_properties, registry, &loaded.config));
  return loaded;
}

}  // namespace weir::config
