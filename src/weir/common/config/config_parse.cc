// Parsers and printers for configuration values: memory sizes, durations, numbers, booleans, lists.
#include "weir/common/config/config_parse.h"

#include <yaml-cpp/yaml.h>

#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>

namespace weir {

namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

struct Unit {
  std::string_view label;
  int64_t multiplier;
};

// A leading non-negative integer and the unit text after it.
struct NumberAndUnit {
  int64_t number = 0;
  std::string unit;  // lower case, trimmed
};

// Splits "  12 kb " into 12 and "kb". `what` names the kind of value for messages.
Result<NumberAndUnit> SplitNumberAndUnit(std::string_view text, std::string_view what) {
  std::string_view trimmed = config::TrimWhitespace(text);
  if (trimmed.empty()) {
    return Status::Invalid(what, " is empty");
  }
  if (trimmed[0] == '-') {
    return Status::Invalid(what, " must not be negative: '", text, "'");
  }
  size_t pos = 0;
  while (pos < trimmed.size() && IsDigit(trimmed[pos])) ++pos;
  if (pos == 0) {
    return Status::Invalid(what, " does not start with a number: '", text, "'");
  }
  NumberAndUnit out;
  auto res = std::from_chars(trimmed.data(), trimmed.data() + pos, out.number);
  if (res.ec == std::errc::result_out_of_range) {
    return Status::Invalid(what, " is too large for a 64-bit number: '", text, "'");
  }
  if (res.ec != std::errc()) {
    return Status::Invalid(what, " does not start with a number: '", text, "'");
  }
  out.unit = config::AsciiToLower(config::TrimWhitespace(trimmed.substr(pos)));
  return out;
}

constexpr Unit kMemoryUnits[] = {
    {"b", 1},
    {"bytes", 1},
    {"k", MemorySize::kKiB},
    {"kb", MemorySize::kKiB},
    {"kibibytes", MemorySize::kKiB},
    {"m", MemorySize::kMiB},
    {"mb", MemorySize::kMiB},
    {"mebibytes", MemorySize::kMiB},
    {"g", MemorySize::kGiB},
    {"gb", MemorySize::kGiB},
    {"gibibytes", MemorySize::kGiB},
    {"t", MemorySize::kTiB},
    {"tb", MemorySize::kTiB},
    {"tebibytes", MemorySize::kTiB},
    {"", 1},
};

// Units printed by ToString/ToHumanString, largest first.
constexpr std::array<Unit, 5> kMemoryPrintUnits = {{
    {"tb", MemorySize::kTiB},
    {"gb", MemorySize::kGiB},
    {"mb", MemorySize::kMiB},
    {"kb", MemorySize::kKiB},
    {"bytes", 1},
}};

constexpr int64_t kNanosPerMicro = 1000;
constexpr int64_t kNanosPerMilli = 1000 * kNanosPerMicro;
constexpr int64_t kNanosPerSecond = 1000 * kNanosPerMilli;
constexpr int64_t kNanosPerMinute = 60 * kNanosPerSecond;
constexpr int64_t kNanosPerHour = 60 * kNanosPerMinute;
constexpr int64_t kNanosPerDay = 24 * kNanosPerHour;

// "\xC2\xB5" is U+00B5 MICRO SIGN (Flink's label); "\xCE\xBC" is U+03BC GREEK SMALL LETTER MU.
constexpr Unit kDurationUnits[] = {
    {"d", kNanosPerDay},
    {"day", kNanosPerDay},
    {"days", kNanosPerDay},
    {"h", kNanosPerHour},
    {"hour", kNanosPerHour},
    {"hours", kNanosPerHour},
    {"min", kNanosPerMinute},
    {"minute", kNanosPerMinute},
    {"minutes", kNanosPerMinute},
    {"s", kNanosPerSecond},
    {"sec", kNanosPerSecond},
    {"secs", kNanosPerSecond},
    {"second", kNanosPerSecond},
    {"seconds", kNanosPerSecond},
    {"ms", kNanosPerMilli},
    {"milli", kNanosPerMilli},
    {"millis", kNanosPerMilli},
    {"millisecond", kNanosPerMilli},
    {"milliseconds", kNanosPerMilli},
    {"\xC2\xB5s", kNanosPerMicro},
    {"\xCE\xBCs", kNanosPerMicro},
    {"micro", kNanosPerMicro},
    {"micros", kNanosPerMicro},
    {"microsecond", kNanosPerMicro},
    {"microseconds", kNanosPerMicro},
    {"ns", 1},
    {"nano", 1},
    {"nanos", 1},
    {"nanosecond", 1},
    {"nanoseconds", 1},
    {"", kNanosPerMilli},
};

constexpr std::array<Unit, 7> kDurationPrintUnits = {{
    {"d", kNanosPerDay},
    {"h", kNanosPerHour},
    {"min", kNanosPerMinute},
    {"s", kNanosPerSecond},
    {"ms", kNanosPerMilli},
    {"\xC2\xB5s", kNanosPerMicro},
    {"ns", 1},
}};

}  // namespace

Result<MemorySize> MemorySize::Parse(std::string_view text) {
  WEIR_ASSIGN_OR_RAISE(NumberAndUnit parsed, SplitNumberAndUnit(text, "memory size"));
  for (const Unit& unit : kMemoryUnits) {
    if (unit.label != parsed.unit) continue;
    if (parsed.number > std::numeric_limits<int64_t>::max() / unit.multiplier) {
      return Status::Invalid("memory size is too large (at most 8388607 tb): '", text, "'");
    }
    return MemorySize(parsed.number * unit.multiplier);
  }
  return Status::Invalid("unknown memory unit '", parsed.unit,
                         "' (expected b, kb, mb, gb or tb, or bytes, kibibytes, mebibytes, "
                         "gibibytes, tebibytes)");
}

std::string MemorySize::ToString() const {
  if (bytes_ == 0) return "0 bytes";
  for (const Unit& unit : kMemoryPrintUnits) {
    if (bytes_ % unit.multiplier == 0) {
      return StrCat(bytes_ / unit.multiplier, " ", unit.label);
    }
  }
  return StrCat(bytes_, " bytes");  // unreachable: every value divides by 1
}

std::string MemorySize::ToHumanString() const {
  const int64_t magnitude = bytes_ < 0 ? -bytes_ : bytes_;
  for (const Unit& unit : kMemoryPrintUnits) {
    if (magnitude >= unit.multiplier && unit.multiplier > 1) {
      char buf[64];
      std::snprintf(buf, sizeof(buf), "%.3f", static_cast<double>(bytes_) /
                                                  static_cast<double>(unit.multiplier));
      std::string number(buf);
      // Drop trailing zeros and a trailing point: "172.800" -> "172.8", "192.000" -> "192".
      while (!number.empty() && number.back() == '0') number.pop_back();
      if (!number.empty() && number.back() == '.') number.pop_back();
      return StrCat(number, " ", unit.label);
    }
  }
  return StrCat(bytes_, " bytes");
}

namespace config {

std::string_view TrimWhitespace(std::string_view text) {
  size_t begin = 0;
  size_t end = text.size();
  while (begin < end && IsSpace(text[begin])) ++begin;
  while (end > begin && IsSpace(text[end - 1])) --end;
  return text.substr(begin, end - begin);
}

std::string AsciiToLower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i];
    char y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

Result<Duration> ParseDuration(std::string_view text) {
  WEIR_ASSIGN_OR_RAISE(NumberAndUnit parsed, SplitNumberAndUnit(text, "duration"));
  for (const Unit& unit : kDurationUnits) {
    if (unit.label != parsed.unit) continue;
    if (parsed.number > std::numeric_limits<int64_t>::max() / unit.multiplier) {
      return Status::Invalid("duration is too large (at most 106751 d): '", text, "'");
    }
    return Duration(parsed.number * unit.multiplier);
  }
  return Status::Invalid(
      "unknown time unit '", parsed.unit,
      "' (expected d, h, min, s, ms, \xC2\xB5s or ns, or a long form such as 'minutes')");
}

std::string FormatDuration(Duration d) {
  const int64_t nanos = d.count();
  if (nanos == 0) return "0 ms";
  for (const Unit& unit : kDurationPrintUnits) {
    if (nanos % unit.multiplier == 0) {
      return StrCat(nanos / unit.multiplier, " ", unit.label);
    }
  }
  return StrCat(nanos, " ns");  // unreachable
}

Result<bool> ParseBool(std::string_view text) {
  std::string_view trimmed = TrimWhitespace(text);
  if (EqualsIgnoreCase(trimmed, "true")) return true;
  if (EqualsIgnoreCase(trimmed, "false")) return false;
  return Status::Invalid("expected 'true' or 'false'");
}

namespace {

template <typename Int>
Result<Int> ParseInteger(std::string_view text) {
  std::string_view trimmed = TrimWhitespace(text);
  if (!trimmed.empty() && trimmed[0] == '+') trimmed.remove_prefix(1);
  if (trimmed.empty()) return Status::Invalid("expected an integer");
  Int value = 0;
  auto res = std::from_chars(trimmed.data(), trimmed.data() + trimmed.size(), value);
  if (res.ec == std::errc::result_out_of_range) {
    return Status::Invalid("integer out of range [", std::numeric_limits<Int>::min(), ", ",
                           std::numeric_limits<Int>::max(), "]");
  }
  if (res.ec != std::errc() || res.ptr != trimmed.data() + trimmed.size()) {
    return Status::Invalid("expected an integer");
  }
  return value;
}

}  // namespace

Result<int32_t> ParseInt32(std::string_view text) { return ParseInteger<int32_t>(text); }
Result<int64_t> ParseInt64(std::string_view text) { return ParseInteger<int64_t>(text); }

Result<double> ParseDouble(std::string_view text) {
  std::string_view trimmed = TrimWhitespace(text);
  if (!trimmed.empty() && trimmed[0] == '+') trimmed.remove_prefix(1);
  if (trimmed.empty()) return Status::Invalid("expected a number");
  double value = 0;
  auto res = std::from_chars(trimmed.data(), trimmed.data() + trimmed.size(), value);
  if (res.ec == std::errc::result_out_of_range) {
    return Status::Invalid("number out of range");
  }
  if (res.ec != std::errc() || res.ptr != trimmed.data() + trimmed.size()) {
    return Status::Invalid("expected a number");
  }
  if (!std::isfinite(value)) return Status::Invalid("expected a finite number");
  return value;
}

std::string FormatDouble(double value) {
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof(buf), value);
  return std::string(buf, res.ptr);
}

Result<std::vector<std::string>> ParseStringList(std::string_view text) {
  std::string_view trimmed = TrimWhitespace(text);
  std::vector<std::string> out;
  if (trimmed.empty()) return out;
  if (trimmed.front() == '[') {
    try {
      YAML::Node node = YAML::Load(std::string(trimmed));
      if (!node.IsSequence()) return Status::Invalid("expected a list such as [a, b]");
      for (const YAML::Node& element : node) {
        if (!element.IsScalar()) return Status::Invalid("list elements must be plain values");
        out.push_back(element.Scalar());
      }
    } catch (const YAML::Exception& e) {
      return Status::Invalid("expected a list such as [a, b]: ", e.msg);
    }
    return out;
  }
  size_t start = 0;
  while (true) {
    size_t semi = trimmed.find(';', start);
    std::string_view part = trimmed.substr(start, semi == std::string_view::npos
                                                      ? std::string_view::npos
                                                      : semi - start);
    out.emplace_back(TrimWhitespace(part));
    if (semi == std::string_view::npos) break;
    start = semi + 1;
  }
  return out;
}

std::string FormatStringList(const std::vector<std::string>& values) {
  YAML::Emitter emitter;
  emitter << YAML::Flow << YAML::BeginSeq;
  for (const std::string& v : values) emitter << v;
  emitter << YAML::EndSeq;
  return emitter.c_str();
}

Result<size_t> ParseEnumName(std::string_view text, std::span<const std::string_view> names) {
  std::string_view trimmed = TrimWhitespace(text);
  for (size_t i = 0; i < names.size(); ++i) {
    if (EqualsIgnoreCase(trimmed, names[i])) return i;
  }
  std::string expected;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) expected.append(", ");
    expected.append(names[i]);
  }
  return Status::Invalid("expected one of ", expected);
}

}  // namespace config
}  // namespace weir
