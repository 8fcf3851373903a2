// PartitionTimeExtractor: pattern substitution and date-time parsing of partition values.
#include "weir/connectors/filesystem/partition_time_extractor.h"

#include <utility>

#include "weir/common/batch/java_format.h"
#include "weir/common/str_cat.h"
#include "weir/connectors/filesystem/filesystem_options.h"

namespace weir::connectors {

namespace {

constexpr int64_t kMsPerDay = 86'400'000;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
// The fields of a local date-time being parsed.
struct Fields {
  int64_t year = -1, month = -1, day = -1, hour = 0, minute = 0, second = 0, nanos = 0;
};

Result<int64_t> ToMillis(const Fields& f, std::string_view text) {
  if (f.year < 0 || f.month < 1 || f.month > 12 || f.day < 1 ||
      f.day > java::DaysInMonth(f.year, f.month) || f.hour > 23 || f.minute > 59 || f.second > 59) {
    return Status::Invalid("Partition time is not a valid date-time: '", text, "'");
  }
  return java::DaysFromCivil(f.year, static_cast<int>(f.month), static_cast<int>(f.day)) *
             kMsPerDay +
         f.hour * 3'600'000 + f.minute * 60'000 + f.second * 1000 + f.nanos / 1'000'000;
}

// Reads between `min_digits` and `max_digits` digits at `pos`.
bool ReadNumber(std::string_view text, size_t* pos, int min_digits, int max_digits, int64_t* out) {
  int64_t value = 0;
  int n = 0;
  while (*pos < text.size() && n < max_digits && IsDigit(text[*pos])) {
    value = value * 10 + (text[*pos] - '0');
    ++*pos;
    ++n;
  }
  *out = value;
  return n >= min_digits;
}

}  // namespace

Result<PartitionTimeExtractor> PartitionTimeExtractor::Make(std::vector<std::string> partition_keys,
                                                            std::optional<std::string> pattern,
                                                            std::optional<std::string> formatter) {
  PartitionTimeExtractor e;
  e.partition_keys_ = std::move(partition_keys);
  e.pattern_ = std::move(pattern);
  e.formatter_ = std::move(formatter);
  if (!e.formatter_.has_value()) return e;
  const std::string& f = *e.formatter_;
  bool has_year = false, has_month = false, has_day = false;
  for (size_t i = 0; i < f.size();) {
    const char c = f[i];
    if (c == '\'') {  // quoted text; '' is a quote
      Token t;
      size_t j = i + 1;
      if (j < f.size() && f[j] == '\'') {
        t.literal = "'";
        i = j + 1;
      } else {
        while (true) {
          if (j >= f.size()) {
            return Status::Invalid("Unterminated quote in partition time formatter: '", f, "'");
          }
          if (f[j] == '\'') {
            if (j + 1 < f.size() && f[j + 1] == '\'') {
              t.literal += '\'';
              j += 2;
              continue;
            }
            break;
          }
          t.literal += f[j++];
        }
        i = j + 1;
      }
      e.tokens_.push_back(std::move(t));
      continue;
    }
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
      size_t j = i;
      while (j < f.size() && f[j] == c) ++j;
      const int count = static_cast<int>(j - i);
      const char letter = c == 'u' ? 'y' : c;
      switch (letter) {
        case 'y':
          if (count != 2 && count != 4) {
            return Status::NotSupported("partition time formatter field '", f.substr(i, j - i),
                                        "' is not supported yet (yyyy or yy): '", f, "'");
          }
          has_year = true;
          break;
        case 'M':
        case 'd':
        case 'H':
        case 'm':
        case 's':
          if (count > 2) {
            return Status::NotSupported("partition time formatter field '", f.substr(i, j - i),
                                        "' is not supported yet: '", f, "'");
          }
          has_month |= letter == 'M';
          has_day |= letter == 'd';
          break;
        case 'S':
          if (count > 9) {
            return Status::Invalid("partition time formatter has too many fraction digits: '", f,
                                   "'");
          }
          break;
        default:
          return Status::NotSupported("partition time formatter letter '", std::string(1, c),
                                      "' is not supported yet (y M d H m s S): '", f, "'");
      }
      e.tokens_.push_back(Token{letter, count, {}});
      i = j;
      continue;
    }
    if (!e.tokens_.empty() && e.tokens_.back().letter == 0) {
      e.tokens_.back().literal += c;
    } else {
      e.tokens_.push_back(Token{0, 0, std::string(1, c)});
    }
    ++i;
  }
  if (!has_year || !has_month || !has_day) {
    return Status::Invalid("partition time formatter needs a year, a month and a day: '", f, "'");
  }
  return e;
}

Result<int64_t> PartitionTimeExtractor::Extract(const std::vector<std::string>& values) const {
  if (values.empty() || values.size() != partition_keys_.size()) {
    return Status::Invalid("Partition time needs a value per partition key: got ", values.size(),
                           " values for ", partition_keys_.size(), " keys");
  }
  std::string text;
  if (!pattern_.has_value()) {
    text = values[0];
  } else {
    text = *pattern_;
    for (size_t k = 0; k < partition_keys_.size(); ++k) {
      const std::string var = StrCat("$", partition_keys_[k]);
      for (size_t pos = text.find(var); pos != std::string::npos;
           pos = text.find(var, pos + values[k].size())) {
        text.replace(pos, var.size(), values[k]);
      }
    }
  }
  return formatter_.has_value() ? Parse(text) : ParseLenient(text);
}

Result<int64_t> PartitionTimeExtractor::ExtractFromPath(std::string_view dir) const {
  std::vector<std::string> values;
  while (!dir.empty()) {
    const size_t slash = dir.find('/');
    const std::string_view part = dir.substr(0, slash);
    const size_t eq = part.find('=');
    if (eq == std::string_view::npos) {
      return Status::Invalid("Partition directory is not 'key=value': '", part, "'");
    }
    values.push_back(UnescapePartitionValue(part.substr(eq + 1)));
    if (slash == std::string_view::npos) break;
    dir.remove_prefix(slash + 1);
  }
  return Extract(values);
}

Result<int64_t> PartitionTimeExtractor::Parse(std::string_view text) const {
  Fields f;
  size_t pos = 0;
  auto fail = [&] {
    return Status::Invalid("Partition time '", text, "' does not match the formatter '",
                           *formatter_, "'");
  };
  for (const Token& t : tokens_) {
    if (t.letter == 0) {
      if (text.substr(pos, t.literal.size()) != t.literal) return fail();
      pos += t.literal.size();
      continue;
    }
    int64_t v = 0;
    const int min = t.letter == 'S' || t.count == 2 || t.letter == 'y' ? t.count : 1;
    const int max = t.letter == 'S' || t.letter == 'y' ? t.count : 2;
    if (!ReadNumber(text, &pos, min, max, &v)) return fail();
    switch (t.letter) {
      case 'y':
        f.year = t.count == 2 ? 2000 + v : v;
        break;
      case 'M':
        f.month = v;
        break;
      case 'd':
        f.day = v;
        break;
      case 'H':
        f.hour = v;
        break;
      case 'm':
        f.minute = v;
        break;
      case 's':
        f.second = v;
        break;
      default:  // 'S'
        for (int i = t.count; i < 9; ++i) v *= 10;
        f.nanos = v;
        break;
    }
  }
  if (pos != text.size()) return fail();
  return ToMillis(f, text);
}

Result<int64_t> PartitionTimeExtractor::ParseLenient(std::string_view text) const {
  Fields f;
  size_t pos = 0;
  auto fail = [&] {
    return Status::Invalid("Partition time '", text,
                           "' is not a timestamp of the form 'yyyy-MM-dd HH:mm:ss'");
  };
  auto expect = [&](char c) {
    if (pos >= text.size() || text[pos] != c) return false;
    ++pos;
    return true;
  };
  if (!ReadNumber(text, &pos, 4, 6, &f.year) || !expect('-') ||
      !ReadNumber(text, &pos, 1, 2, &f.month) || !expect('-') ||
      !ReadNumber(text, &pos, 1, 2, &f.day)) {
    return fail();
  }
  if (pos < text.size()) {
    if (text[pos] != ' ' && text[pos] != 'T') return fail();
    ++pos;
    if (!ReadNumber(text, &pos, 1, 2, &f.hour) || !expect(':') ||
        !ReadNumber(text, &pos, 1, 2, &f.minute)) {
      return fail();
    }
    if (pos < text.size()) {
      if (!expect(':') || !ReadNumber(text, &pos, 1, 2, &f.second)) return fail();
      if (pos < text.size()) {
        if (!expect('.')) return fail();
        const size_t start = pos;
        int64_t v = 0;
        if (!ReadNumber(text, &pos, 1, 9, &v)) return fail();
        for (size_t i = pos - start; i < 9; ++i) v *= 10;
        f.nanos = v;
      }
    }
  }
  if (pos != text.size()) return fail();
  return ToMillis(f, text);
}

Result<int64_t> ParseFixedZoneOffsetMs(std::string_view zone) {
  std::string_view rest = zone;
  if (rest == "Z" || rest == "UTC" || rest == "GMT" || rest == "UT") return 0;
  for (std::string_view prefix : {"UTC", "GMT", "UT"}) {
    if (rest.starts_with(prefix)) {
      rest.remove_prefix(prefix.size());
      break;
    }
  }
  auto unsupported = [&] {
    return Status::NotSupported(
        "filesystem option 'sink.partition-commit.watermark-time-zone' = '", zone,
        "' is not supported yet (UTC or a fixed offset such as '+08:00' or 'UTC+8')");
  };
  if (rest.empty() || (rest[0] != '+' && rest[0] != '-')) return unsupported();
  const int64_t sign = rest[0] == '-' ? -1 : 1;
  size_t pos = 1;
  int64_t hours = 0, minutes = 0;
  if (!ReadNumber(rest, &pos, 1, 2, &hours)) return unsupported();
  if (pos < rest.size()) {
    if (rest[pos] == ':') ++pos;
    if (!ReadNumber(rest, &pos, 2, 2, &minutes)) return unsupported();
  }
  if (pos != rest.size() || hours > 18 || minutes > 59 || hours * 60 + minutes > 18 * 60) {
    return unsupported();
  }
  return sign * (hours * 3'600'000 + minutes * 60'000);
}

}  // namespace weir::connectors
