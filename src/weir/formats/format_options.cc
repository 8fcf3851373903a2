// FormatOptionReader: validation and typed reads of a format's WITH options.
#include "weir/formats/format_options.h"

#include <algorithm>

#include "weir/common/str_cat.h"

namespace weir::formats {

namespace {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

}  // namespace

Result<FormatOptionReader> FormatOptionReader::Make(const FormatOptions& options,
                                                    std::string prefix,
                                                    std::vector<std::string_view> known) {
  const std::string dotted = prefix + ".";
  for (const auto& [key, value] : options) {
    if (key.size() <= dotted.size() || key.compare(0, dotted.size(), dotted) != 0) continue;
    const std::string_view name = std::string_view(key).substr(dotted.size());
    if (std::find(known.begin(), known.end(), name) != known.end()) continue;
    std::string supported;
    for (std::string_view k : known) {
      if (!supported.empty()) supported += ", ";
      supported += dotted;
      supported += k;
    }
    return Status::Invalid("Unsupported option for format '", prefix, "': '", key,
                           "'. Supported options: ", supported);
  }
  return FormatOptionReader(&options, std::move(prefix));
}

std::string FormatOptionReader::Key(std::string_view name) const {
  return StrCat(prefix_, ".", name);
}

const std::string* FormatOptionReader::Find(std::string_view name) const {
  auto it = options_->find(Key(name));
  return it == options_->end() ? nullptr : &it->second;
}

bool FormatOptionReader::Has(std::string_view name) const { return Find(name) != nullptr; }

Result<bool> FormatOptionReader::GetBool(std::string_view name, bool default_value) const {
  const std::string* value = Find(name);
  if (value == nullptr) return default_value;
  if (EqualsIgnoreCase(*value, "true")) return true;
  if (EqualsIgnoreCase(*value, "false")) return false;
  return Status::Invalid("Invalid value for option '", Key(name), "': '", *value,
                         "' (expected true or false)");
}

std::string FormatOptionReader::GetString(std::string_view name,
                                          std::string_view default_value) const {
  const std::string* value = Find(name);
  return value == nullptr ? std::string(default_value) : *value;
}

Result<char> FormatOptionReader::GetChar(std::string_view name, char default_value) const {
  const std::string* found = Find(name);
  if (found == nullptr) return default_value;
  const std::string& v = *found;
  auto bad = [&] {
    return Status::Invalid("Invalid value for option '", Key(name), "': '", v,
                           "' (expected a single character)");
  };
  if (v.size() == 1) return v[0];
  if (v.size() == 2 && v[0] == '\\') {
    switch (v[1]) {
      case 't':
        return '\t';
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case '0':
        return '\0';
      case '\\':
        return '\\';
      case '\'':
        return '\'';
      case '"':
        return '"';
      default:
        return bad();
    }
  }
  if (v.size() == 6 && v[0] == '\\' && (v[1] == 'u' || v[1] == 'U')) {
    int code = 0;
    for (size_t i = 2; i < 6; ++i) {
      const char c = v[i];
      int d;
      if (c >= '0' && c <= '9')
        d = c - '0';
      else if (c >= 'a' && c <= 'f')
        d = c - 'a' + 10;
      else if (c >= 'A' && c <= 'F')
        d = c - 'A' + 10;
      else
        return bad();
      code = code * 16 + d;
    }
    if (code >= 0x80) {
      return Status::NotSupported("Option '", Key(name), "' must be an ASCII character, got '", v,
                                  "'");
    }
    return static_cast<char>(code);
  }
  if (!v.empty() && static_cast<unsigned char>(v[0]) >= 0x80) {
    return Status::NotSupported("Option '", Key(name),
                                "' must be an ASCII character (multi-byte UTF-8 characters are "
                                "not supported), got '",
                                v, "'");
  }
  return bad();
}

}  // namespace weir::formats
