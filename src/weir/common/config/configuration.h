// Configuration: string keys to string values, read through typed ConfigOptions.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "weir/common/config/config_option.h"
#include "weir/common/result.h"

namespace weir::config {

/// A set of configuration entries (key -> value text), each remembering where it came from.
///
/// Values are kept as text and parsed when read, so a Configuration can hold keys of
/// modules that are not linked in. Reading an option looks at its key, then its fallback
/// keys, then its deprecated keys (logging a warning once per key), then its default.
///
/// Thread: a value type; concurrent reads are safe, writes need external synchronisation.
class Configuration {
 public:
  Configuration() = default;

  /// Returns the option's value (or its default); Invalid if it does not parse or if
  /// the option is unset and has no default.
  template <typename T>
  Result<T> Get(const ConfigOption<T>& option) const {
    WEIR_ASSIGN_OR_RAISE(std::optional<T> value, GetOptional(option));
    if (!value.has_value()) {
      return Status::Invalid("Missing value for configuration key '", option.key(),
                             "' (it has no default)");
    }
    return std::move(*value);
  }

  /// Returns the option's value, its default, or nullopt if it has neither.
  template <typename T>
  Result<std::optional<T>> GetOptional(const ConfigOption<T>& option) const {
    const Lookup found = Find(option.spec());
    if (found.entry == nullptr) {
      if (!option.has_default()) return std::optional<T>();
      return std::optional<T>(option.default_value());
    }
    Result<T> parsed = option.ParseValue(found.entry->value);
    if (!parsed.ok()) return ParseError(found, parsed.status());
    return std::optional<T>(std::move(parsed).ValueOrDie());
  }

  /// Sets the option's key to `value` in its canonical text form.
  template <typename T>
  void Set(const ConfigOption<T>& option, const T& value, std::string source = "") {
    SetString(std::string(option.key()), option.FormatValue(value), std::move(source));
  }

  /// Sets a raw entry; `source` says where it came from ("conf/weir.yaml, line 3", "-D").
  void SetString(std::string key, std::string value, std::string source = "");
  /// Returns the raw value stored under exactly `key`.
  std::optional<std::string> GetString(std::string_view key) const;
  /// Returns where the entry under `key` came from (empty if unknown or unset).
  std::string SourceOf(std::string_view key) const;

  /// Returns true if the option's key, a fallback key or a deprecated key is set.
  template <typename T>
  bool Contains(const ConfigOption<T>& option) const {
    return Find(option.spec()).entry != nullptr;
  }
  /// Returns true if exactly `key` is set.
  bool ContainsKey(std::string_view key) const;
  /// Removes the entry under `key`; returns true if there was one.
  bool Remove(std::string_view key);

  /// Copies every entry of `other` into this configuration, replacing equal keys.
  void AddAll(const Configuration& other);

  size_t size() const { return entries_.size(); }
  bool empty() const { return entries_.empty(); }
  /// Returns the keys in sorted order.
  std::vector<std::string> Keys() const;

  /// Returns "key: value" lines sorted by key.
  std::string ToString() const;

 private:
  struct Entry {
    std::string value;
    std::string source;
  };
  struct Lookup {
    std::string_view key;           // the key that was found
    const Entry* entry = nullptr;   // nullptr when none of the option's keys is set
  };

  Lookup Find(const OptionSpec& spec) const;
  static Status ParseError(const Lookup& found, const Status& reason);

  std::map<std::string, Entry, std::less<>> entries_;
};

/// Logs "Configuration key 'old' is deprecated, use 'new' instead" once per old key.
void WarnDeprecatedKeyOnce(std::string_view old_key, std::string_view new_key,
                           std::string_view source);
/// Forgets which deprecation warnings were logged (tests only).
void ResetDeprecationWarningsForTesting();

}  // namespace weir::config
