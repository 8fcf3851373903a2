// FormatOptions: a table's WITH options as seen by a format, with typed, validated readers.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "weir/common/result.h"

namespace weir::formats {

/// The WITH options of a table, keyed by their full names ("csv.field-delimiter"). Keys of
/// other prefixes (connector options) may be present; a format reads only its own.
using FormatOptions = std::map<std::string, std::string, std::less<>>;

/// Reads the options of one format (keys "<prefix>.<name>") and rejects the unknown ones.
class FormatOptionReader {
 public:
  /// Checks that every key starting with "<prefix>." is in `known` (names without the prefix);
  /// an unknown key fails with an error that names it and lists the supported ones.
  static Result<FormatOptionReader> Make(const FormatOptions& options, std::string prefix,
                                         std::vector<std::string_view> known);

  /// Returns whether "<prefix>.<name>" is set.
  bool Has(std::string_view name) const;
  /// Returns the value of a boolean option ("true"/"false", case-insensitive).
  Result<bool> GetBool(std::string_view name, bool default_value) const;
  /// Returns the value of a string option, or `default_value` when it is unset.
  std::string GetString(std::string_view name, std::string_view default_value) const;
  /// Returns the value of a single-character option; "\t"-style escapes (\t \n \r \\ \0, and
  /// \uXXXX below 0x80) are accepted as Flink's docs allow for delimiters.
  Result<char> GetChar(std::string_view name, char default_value) const;
  /// Returns the full key of an option: "<prefix>.<name>".
  std::string Key(std::string_view name) const;

 private:
  FormatOptionReader(const FormatOptions* options, std::string prefix)
      : options_(options), prefix_(std::move(prefix)) {}
  const std::string* Find(std::string_view name) const;

  const FormatOptions* options_;
  std::string prefix_;
};

}  // namespace weir::formats
