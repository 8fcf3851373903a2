// Configuration: entry storage, key resolution (fallback and deprecated keys) and printing.
#include "weir/common/config/configuration.h"

#include <mutex>
#include <set>

#include "weir/common/config/option_registry.h"
#include "weir/common/log/log.h"

namespace weir::config {

namespace {

struct DeprecationWarnings {
  std::mutex mu;
  std::set<std::string, std::less<>> warned;  // REQUIRES: mu held
};

DeprecationWarnings& Warnings() {
  static DeprecationWarnings* warnings = new DeprecationWarnings();
  return *warnings;
}

}  // namespace

void WarnDeprecatedKeyOnce(std::string_view old_key, std::string_view new_key,
                           std::string_view source) {
  DeprecationWarnings& w = Warnings();
  {
    std::lock_guard<std::mutex> lock(w.mu);
    if (!w.warned.emplace(old_key).second) return;
  }
  if (source.empty()) {
    WEIR_LOG_WARN("Configuration key '{}' is deprecated, use '{}' instead", old_key, new_key);
  } else {
    WEIR_LOG_WARN("Configuration key '{}' is deprecated, use '{}' instead (in {})", old_key,
                  new_key, source);
  }
}

void ResetDeprecationWarningsForTesting() {
  DeprecationWarnings& w = Warnings();
  std::lock_guard<std::mutex> lock(w.mu);
  w.warned.clear();
}

void Configuration::SetString(std::string key, std::string value, std::string source) {
  Entry& entry = entries_[std::move(key)];
  entry.value = std::move(value);
  entry.source = std::move(source);
}

std::optional<std::string> Configuration::GetString(std::string_view key) const {
  auto it = entries_.find(key);
  if (it == entries_.end()) return std::nullopt;
  return it->second.value;
}

std::string Configuration::SourceOf(std::string_view key) const {
  auto it = entries_.find(key);
  return it == entries_.end() ? std::string() : it->second.source;
}

bool Configuration::ContainsKey(std::string_view key) const {
  return entries_.find(key) != entries_.end();
}

bool Configuration::Remove(std::string_view key) {
  auto it = entries_.find(key);
  if (it == entries_.end()) return false;
  entries_.erase(it);
  return true;
}

void Configuration::AddAll(const Configuration& other) {
  for (const auto& [key, entry] : other.entries_) entries_[key] = entry;
}

std::vector<std::string> Configuration::Keys() const {
  std::vector<std::string> keys;
  keys.reserve(entries_.size());
  for (const auto& [key, entry] : entries_) keys.push_back(key);
  return keys;
}

std::string Configuration::ToString() const {
  std::string out;
  for (const auto& [key, entry] : entries_) out += StrCat(key, ": ", entry.value, "\n");
  return out;
}

Configuration::Lookup Configuration::Find(const OptionSpec& spec) const {
  if (auto it = entries_.find(spec.key); it != entries_.end()) {
    return Lookup{it->first, &it->second};
  }
  for (std::string_view key : spec.fallbacks()) {
    if (auto it = entries_.find(key); it != entries_.end()) {
      WEIR_LOG_DEBUG("Configuration key '{}' is read through its fallback key '{}'", spec.key,
                     key);
      return Lookup{it->first, &it->second};
    }
  }
  for (std::string_view key : spec.deprecated()) {
    if (auto it = entries_.find(key); it != entries_.end()) {
      WarnDeprecatedKeyOnce(key, spec.key, it->second.source);
      return Lookup{it->first, &it->second};
    }
  }
  return Lookup{};
}

Status Configuration::ParseError(const Lookup& found, const Status& reason) {
  return ValueParseError(found.key, found.entry->value, reason, found.entry->source);
}

}  // namespace weir::config
