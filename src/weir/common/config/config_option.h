// ConfigOption<T>: a typed configuration key with its default, description and older keys.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "weir/common/check.h"
#include "weir/common/config/config_parse.h"
#include "weir/common/result.h"

namespace weir::config {

/// The value type of an option.
enum class OptionType : uint8_t {
  kBool,
  kInt32,
  kInt64,
  kDouble,
  kString,
  kDuration,
  kMemorySize,
  kEnum,
  kStringList,
};

/// Returns Flink's documentation name of a type: "Boolean", "Integer", "Long", "Double",
/// "String", "Duration", "MemorySize", "Enum", "List<String>".
const char* OptionTypeName(OptionType type);

/// The type-erased description of an option, as the registry keeps it.
///
/// All text is held as string_view: options are constant globals built from string
/// literals (see ConfigOption), so the views stay valid for the whole process.
struct OptionSpec {
  static constexpr int kMaxAlternativeKeys = 4;

  std::string_view key;
  OptionType type = OptionType::kString;
  bool has_default = false;
  std::string_view default_text;  // the default in the option's text form ("1728m")
  std::string_view description;
  // Older keys still read, with a warning that names the new key.
  std::array<std::string_view, kMaxAlternativeKeys> deprecated_keys{};
  int num_deprecated_keys = 0;
  // Other keys read silently when this one is unset (shared settings, e.g. a generic key).
  std::array<std::string_view, kMaxAlternativeKeys> fallback_keys{};
  int num_fallback_keys = 0;
  // For kEnum: the names of the enum's values, indexed by the value (0, 1, 2, ...).
  std::span<const std::string_view> enum_names{};

  std::span<const std::string_view> deprecated() const {
    return {deprecated_keys.data(), static_cast<size_t>(num_deprecated_keys)};
  }
  std::span<const std::string_view> fallbacks() const {
    return {fallback_keys.data(), static_cast<size_t>(num_fallback_keys)};
  }
};

/// Checks that `text` is a valid value for `spec` (parses it as the option's type).
Status ValidateOptionValue(const OptionSpec& spec, std::string_view text);
/// Returns `text` parsed and printed back in the canonical form ("1728m" -> "1728 mb").
Result<std::string> CanonicalOptionValue(const OptionSpec& spec, std::string_view text);

/// How each supported C++ type maps to an option type, is parsed and is printed.
template <typename T, typename Enable = void>
struct OptionValueTraits;

template <>
struct OptionValueTraits<bool> {
  static constexpr OptionType kType = OptionType::kBool;
  static Result<bool> Parse(std::string_view text, const OptionSpec&) { return ParseBool(text); }
  static std::string Format(bool v, const OptionSpec&) { return v ? "true" : "false"; }
};

template <>
struct OptionValueTraits<int32_t> {
  static constexpr OptionType kType = OptionType::kInt32;
  static Result<int32_t> Parse(std::string_view text, const OptionSpec&) {
    return ParseInt32(text);
  }
  static std::string Format(int32_t v, const OptionSpec&) { return std::to_string(v); }
};

template <>
struct OptionValueTraits<int64_t> {
  static constexpr OptionType kType = OptionType::kInt64;
  static Result<int64_t> Parse(std::string_view text, const OptionSpec&) {
    return ParseInt64(text);
  }
  static std::string Format(int64_t v, const OptionSpec&) { return std::to_string(v); }
};

template <>
struct OptionValueTraits<double> {
  static constexpr OptionType kType = OptionType::kDouble;
  static Result<double> Parse(std::string_view text, const OptionSpec&) {
    return ParseDouble(text);
  }
  static std::string Format(double v, const OptionSpec&) { return FormatDouble(v); }
};

template <>
struct OptionValueTraits<std::string> {
  static constexpr OptionType kType = OptionType::kString;
  static Result<std::string> Parse(std::string_view text, const OptionSpec&) {
    return std::string(text);
  }
  static std::string Format(const std::string& v, const OptionSpec&) { return v; }
};

template <>
struct OptionValueTraits<Duration> {
  static constexpr OptionType kType = OptionType::kDuration;
  static Result<Duration> Parse(std::string_view text, const OptionSpec&) {
    return ParseDuration(text);
  }
  static std::string Format(Duration v, const OptionSpec&) { return FormatDuration(v); }
};

template <>
struct OptionValueTraits<MemorySize> {
  static constexpr OptionType kType = OptionType::kMemorySize;
  static Result<MemorySize> Parse(std::string_view text, const OptionSpec&) {
    return MemorySize::Parse(text);
  }
  static std::string Format(MemorySize v, const OptionSpec&) { return v.ToString(); }
};

template <>
struct OptionValueTraits<std::vector<std::string>> {
  static constexpr OptionType kType = OptionType::kStringList;
  static Result<std::vector<std::string>> Parse(std::string_view text, const OptionSpec&) {
    return ParseStringList(text);
  }
  static std::string Format(const std::vector<std::string>& v, const OptionSpec&) {
    return FormatStringList(v);
  }
};

/// Enums are named by the option's enum_names, matched ignoring case like Flink does.
template <typename E>
struct OptionValueTraits<E, std::enable_if_t<std::is_enum_v<E>>> {
  static constexpr OptionType kType = OptionType::kEnum;
  static Result<E> Parse(std::string_view text, const OptionSpec& spec) {
    WEIR_ASSIGN_OR_RAISE(size_t index, ParseEnumName(text, spec.enum_names));
    return static_cast<E>(index);
  }
  static std::string Format(E v, const OptionSpec& spec) {
    const auto index = static_cast<size_t>(v);
    WEIR_CHECK_LT(index, spec.enum_names.size());
    return std::string(spec.enum_names[index]);
  }
};

/// A typed configuration option, built as a constant from string literals:
///
///   inline constexpr ConfigOption<MemorySize> kProcessSize =
///       ConfigOption<MemorySize>("taskmanager.memory.process.size")
///           .WithDefault("1728m")
///           .WithDescription("Total memory of the process.");
///
/// Defaults are written in the option's text form (as in weir.yaml); registering an
/// option checks that its default parses. Options are constant-initialised, so they can
/// be used from anywhere without static-initialisation-order problems.
template <typename T>
class ConfigOption {
 public:
  using ValueType = T;
  using Traits = OptionValueTraits<T>;

  constexpr explicit ConfigOption(std::string_view key) {
    spec_.key = key;
    spec_.type = Traits::kType;
  }

  /// Returns a copy with a default value in text form.
  constexpr ConfigOption WithDefault(std::string_view default_text) const {
    ConfigOption copy = *this;
    copy.spec_.has_default = true;
    copy.spec_.default_text = default_text;
    return copy;
  }
  constexpr ConfigOption WithDescription(std::string_view description) const {
    ConfigOption copy = *this;
    copy.spec_.description = description;
    return copy;
  }
  /// Returns a copy that also reads `keys` (in order), logging a deprecation warning.
  constexpr ConfigOption WithDeprecatedKeys(std::initializer_list<std::string_view> keys) const {
    ConfigOption copy = *this;
    for (std::string_view k : keys) {
      if (copy.spec_.num_deprecated_keys == OptionSpec::kMaxAlternativeKeys) {
        internal::CheckFailed(__FILE__, __LINE__, "too many deprecated keys", std::string(k));
      }
      copy.spec_.deprecated_keys[copy.spec_.num_deprecated_keys++] = k;
    }
    return copy;
  }
  /// Returns a copy that also reads `keys` (in order, before deprecated keys) silently.
  constexpr ConfigOption WithFallbackKeys(std::initializer_list<std::string_view> keys) const {
    ConfigOption copy = *this;
    for (std::string_view k : keys) {
      if (copy.spec_.num_fallback_keys == OptionSpec::kMaxAlternativeKeys) {
        internal::CheckFailed(__FILE__, __LINE__, "too many fallback keys", std::string(k));
      }
      copy.spec_.fallback_keys[copy.spec_.num_fallback_keys++] = k;
    }
    return copy;
  }
  /// Returns a copy naming the enum's values; `names[i]` names the value `T(i)`.
  constexpr ConfigOption WithEnumNames(std::span<const std::string_view> names) const
    requires std::is_enum_v<T>
  {
    ConfigOption copy = *this;
    copy.spec_.enum_names = names;
    return copy;
  }

  constexpr std::string_view key() const { return spec_.key; }
  constexpr bool has_default() const { return spec_.has_default; }
  constexpr const OptionSpec& spec() const { return spec_; }

  /// Returns the parsed default; the option must have one that parses (checked at Register).
  T default_value() const {
    WEIR_CHECK_MSG(spec_.has_default, "option has no default: ", spec_.key);
    Result<T> parsed = Traits::Parse(spec_.default_text, spec_);
    WEIR_CHECK_MSG(parsed.ok(), "bad default for option ", spec_.key, ": ",
                   parsed.status().ToString());
    return std::move(parsed).ValueOrDie();
  }

  /// Parses `text` as a value of this option (the error does not name the key).
  Result<T> ParseValue(std::string_view text) const { return Traits::Parse(text, spec_); }
  /// Prints `value` in the option's canonical text form.
  std::string FormatValue(const T& value) const { return Traits::Format(value, spec_); }

 private:
  OptionSpec spec_;
};

}  // namespace weir::config
