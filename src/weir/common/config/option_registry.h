// OptionRegistry: every known configuration option, for validation, suggestions and listings.
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "weir/common/config/config_option.h"
#include "weir/common/result.h"

namespace weir::config {

/// How a key names a registered option.
enum class KeyKind : uint8_t { kMain, kFallback, kDeprecated };

/// The option a key resolves to.
struct KeyMatch {
  OptionSpec spec;
  KeyKind kind = KeyKind::kMain;
};

/// Keys under this prefix are free-form user settings: never rejected, read as strings.
inline constexpr std::string_view kUserKeyPrefix = "user.";

/// The set of options a configuration may contain.
///
/// Each module registers its options explicitly: the common layer's options are
/// registered when Global() is first used; higher layers call their own
/// Register...Options(OptionRegistry&) from the binary's start-up (never from static
/// initialisers). Thread: all methods are thread-safe.
class OptionRegistry {
 public:
  OptionRegistry();
  OptionRegistry(const OptionRegistry&) = delete;
  OptionRegistry& operator=(const OptionRegistry&) = delete;

  /// Returns the process-wide registry, with the core options registered.
  static OptionRegistry& Global();

  /// Adds an option. Registering the same option again is a no-op; a different option
  /// with a taken key (or deprecated key) is AlreadyExists; a default that does not
  /// parse is Invalid.
  Status Register(const OptionSpec& spec);
  template <typename T>
  Status Register(const ConfigOption<T>& option) {
    return Register(option.spec());
  }

  /// Accepts every key starting with `prefix` without checking it (see kUserKeyPrefix).
  void AllowKeyPrefix(std::string_view prefix);

  /// Returns the option registered under `key` (its main key only).
  std::optional<OptionSpec> Find(std::string_view key) const;
  /// Returns the option that `key` names as main, fallback or deprecated key.
  std::optional<KeyMatch> Lookup(std::string_view key) const;
  /// Returns true if `key` falls under an allowed free-form prefix.
  bool IsFreeFormKey(std::string_view key) const;

  /// Returns all options sorted by key.
  std::vector<OptionSpec> Options() const;
  size_t size() const;

  /// Returns the registered key closest to `unknown` (Damerau-Levenshtein distance,
  /// ignoring case), if one is close enough to be a likely typo.
  std::optional<std::string> SuggestKey(std::string_view unknown) const;

  /// Checks a key and its value; `place` names where they came from ("conf/weir.yaml").
  /// Unknown keys fail with a suggestion; values that do not parse fail naming both.
  Status CheckEntry(std::string_view key, std::string_view value, std::string_view place) const;

 private:
  mutable std::mutex mu_;
  std::map<std::string, OptionSpec, std::less<>> options_;        // REQUIRES: mu_ held
  std::map<std::string, std::string, std::less<>> deprecated_;    // old key -> main key
  std::map<std::string, std::string, std::less<>> fallbacks_;     // fallback key -> main key
  std::vector<std::string> free_prefixes_;                        // REQUIRES: mu_ held
};

/// Returns the optimal-string-alignment (Damerau-Levenshtein) distance between two strings.
size_t EditDistance(std::string_view a, std::string_view b);

/// Returns "Could not parse value '<value>' for key '<key>': <reason> (in <place>)".
Status ValueParseError(std::string_view key, std::string_view value, const Status& reason,
                       std::string_view place);

}  // namespace weir::config
