// OptionRegistry: registration, key lookup, typo suggestions and entry checks.
#include "weir/common/config/option_registry.h"

#include <algorithm>

#include "weir/common/config/core_options.h"

namespace weir::config {

namespace {

bool SameOption(const OptionSpec& a, const OptionSpec& b) {
  return a.key == b.key && a.type == b.type && a.has_default == b.has_default &&
         a.default_text == b.default_text && a.description == b.description &&
         std::equal(a.deprecated().begin(), a.deprecated().end(), b.deprecated().begin(),
                    b.deprecated().end()) &&
         std::equal(a.fallbacks().begin(), a.fallbacks().end(), b.fallbacks().begin(),
                    b.fallbacks().end());
}

bool IsValidKeyChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c == '.' || c == '-' || c == '_';
}

Status CheckKeySyntax(std::string_view key) {
  if (key.empty()) return Status::Invalid("Option key is empty");
  for (char c : key) {
    if (!IsValidKeyChar(c)) {
      return Status::Invalid("Option key has a character other than letters, digits, '.', "
                             "'-' and '_': '", key, "'");
    }
  }
  if (key.front() == '.' || key.back() == '.' || key.find("..") != std::string_view::npos) {
    return Status::Invalid("Option key has an empty segment: '", key, "'");
  }
  return Status::OK();
}

}  // namespace

size_t EditDistance(std::string_view a, std::string_view b) {
  // Optimal string alignment: insertions, deletions, substitutions and adjacent
  // transpositions each cost 1. Three rolling rows keep memory at O(|b|).
  const size_t n = b.size();
  std::vector<size_t> prev2(n + 1), prev(n + 1), cur(n + 1);
  for (size_t j = 0; j <= n; ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= n; ++j) {
      const size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        cur[j] = std::min(cur[j], prev2[j - 2] + 1);
      }
    }
    std::swap(prev2, prev);
    std::swap(prev, cur);
  }
  return prev[n];
}

Status ValueParseError(std::string_view key, std::string_view value, const Status& reason,
                       std::string_view place) {
  std::string message =
      StrCat("Could not parse value '", value, "' for key '", key, "': ", reason.message());
  if (!place.empty()) message += StrCat(" (in ", place, ")");
  return Status::Invalid(std::move(message));
}

OptionRegistry::OptionRegistry() = default;

OptionRegistry& OptionRegistry::Global() {
  static OptionRegistry* registry = [] {
    auto* r = new OptionRegistry();  // never destroyed: usable during exit
    WEIR_CHECK_OK(RegisterCoreOptions(*r));
    r->AllowKeyPrefix(kUserKeyPrefix);
    return r;
  }();
  return *registry;
}

Status OptionRegistry::Register(const OptionSpec& spec) {
  WEIR_RETURN_NOT_OK(CheckKeySyntax(spec.key));
  if (spec.type == OptionType::kEnum && spec.enum_names.empty()) {
    return Status::Invalid("Enum option has no value names: '", spec.key, "'");
  }
  if (spec.has_default) {
    Status st = ValidateOptionValue(spec, spec.default_text);
    if (!st.ok()) {
      return Status::Invalid("Bad default value '", spec.default_text, "' for option '",
                             spec.key, "': ", st.message());
    }
  }
  std::lock_guard<std::mutex> lock(mu_);
  if (auto it = options_.find(spec.key); it != options_.end()) {
    if (SameOption(it->second, spec)) return Status::OK();
    return Status::AlreadyExists("Option key is registered twice: '", spec.key, "'");
  }
  if (auto it = deprecated_.find(spec.key); it != deprecated_.end()) {
    return Status::AlreadyExists("Option key '", spec.key,
                                 "' is already a deprecated key of '", it->second, "'");
  }
  for (std::string_view old_key : spec.deprecated()) {
    WEIR_RETURN_NOT_OK(CheckKeySyntax(old_key));
    if (options_.count(old_key) > 0 || deprecated_.count(old_key) > 0 || old_key == spec.key) {
      return Status::AlreadyExists("Deprecated key '", old_key, "' of option '", spec.key,
                                   "' is already in use");
    }
  }
  for (std::string_view fallback : spec.fallbacks()) {
    WEIR_RETURN_NOT_OK(CheckKeySyntax(fallback));
  }
  options_.emplace(std::string(spec.key), spec);
  for (std::string_view old_key : spec.deprecated()) {
    deprecated_.emplace(std::string(old_key), std::string(spec.key));
  }
  for (std::string_view fallback : spec.fallbacks()) {
    fallbacks_.emplace(std::string(fallback), std::string(spec.key));
  }
  return Status::OK();
}

void OptionRegistry::AllowKeyPrefix(std::string_view prefix) {
  std::lock_guard<std::mutex> lock(mu_);
  if (std::find(free_prefixes_.begin(), free_prefixes_.end(), prefix) == free_prefixes_.end()) {
    free_prefixes_.emplace_back(prefix);
  }
}

std::optional<OptionSpec> OptionRegistry::Find(std::string_view key) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = options_.find(key);
  if (it == options_.end()) return std::nullopt;
  return it->second;
}

std::optional<KeyMatch> OptionRegistry::Lookup(std::string_view key) const {
  std::lock_guard<std::mutex> lock(mu_);
  if (auto it = options_.find(key); it != options_.end()) {
    return KeyMatch{it->second, KeyKind::kMain};
  }
  if (auto it = deprecated_.find(key); it != deprecated_.end()) {
    return KeyMatch{options_.at(it->second), KeyKind::kDeprecated};
  }
  if (auto it = fallbacks_.find(key); it != fallbacks_.end()) {
    return KeyMatch{options_.at(it->second), KeyKind::kFallback};
  }
  return std::nullopt;
}

bool OptionRegistry::IsFreeFormKey(std::string_view key) const {
  std::lock_guard<std::mutex> lock(mu_);
  for (const std::string& prefix : free_prefixes_) {
    if (key.size() > prefix.size() && key.substr(0, prefix.size()) == prefix) return true;
  }
  return false;
}

std::vector<OptionSpec> OptionRegistry::Options() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<OptionSpec> out;
  out.reserve(options_.size());
  for (const auto& [key, spec] : options_) out.push_back(spec);
  return out;  // std::map keeps them sorted by key
}

size_t OptionRegistry::size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return options_.size();
}

std::optional<std::string> OptionRegistry::SuggestKey(std::string_view unknown) const {
  const std::string needle = AsciiToLower(unknown);
  // A typo is a few edits: allow about one edit per five characters, at least two.
  const size_t max_distance = std::max<size_t>(2, needle.size() / 5);
  std::lock_guard<std::mutex> lock(mu_);
  std::optional<std::string> best;
  size_t best_distance = max_distance + 1;
  for (const auto& [key, spec] : options_) {
    const size_t d = EditDistance(needle, AsciiToLower(key));
    if (d < best_distance) {  // ties keep the alphabetically first key
      best_distance = d;
      best = key;
    }
  }
  return best;
}

Status OptionRegistry::CheckEntry(std::string_view key, std::string_view value,
                                  std::string_view place) const {
  std::optional<KeyMatch> match = Lookup(key);
  if (!match.has_value()) {
    if (IsFreeFormKey(key)) return Status::OK();
    std::string message = StrCat("Unknown configuration key '", key, "'");
    if (!place.empty()) message += StrCat(" (in ", place, ")");
    std::optional<std::string> suggestion = SuggestKey(key);
    if (suggestion.has_value()) {
      message += StrCat(". Did you mean '", *suggestion, "'?");
    } else {
      message += ". Run 'weir info --options' to list the known keys.";
    }
    return Status::Invalid(std::move(message));
  }
  Status st = ValidateOptionValue(match->spec, value);
  if (!st.ok()) return ValueParseError(key, value, st, place);
  return Status::OK();
}

}  // namespace weir::config
