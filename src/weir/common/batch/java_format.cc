// Java-compatible text forms of numbers, dates, times and intervals (Double.toString, java.time).
#include "weir/common/batch/java_format.h"

#include <charconv>
#include <cmath>
#include <cstring>

namespace weir::java {

namespace {

constexpr int64_t kSecondsPerDay = 86400;
constexpr int64_t kNanosPerSecond = 1000000000;
constexpr int64_t kNanosPerDay = kSecondsPerDay * kNanosPerSecond;

int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}
int64_t FloorMod(int64_t a, int64_t b) {
  int64_t r = a % b;
  return r != 0 && ((r < 0) != (b < 0)) ? r + b : r;
}

void AppendInt(std::string& out, int64_t v) {
  char buf[24];
  auto res = std::to_chars(buf, buf + sizeof(buf), v);
  out.append(buf, res.ptr);
}

// Appends `v` in [0, 10^width) with leading zeros to `width` digits.
void AppendPadded(std::string& out, int64_t v, int width) {
  char buf[24];
  auto res = std::to_chars(buf, buf + sizeof(buf), v);
  int len = static_cast<int>(res.ptr - buf);
  for (int i = len; i < width; ++i) out.push_back('0');
  out.append(buf, res.ptr);
}

// The decimal digits of a floating-point value: value = 0.d1d2...dn * 10^(exp + 1), i.e.
// d1.d2...dn * 10^exp.
struct Digits {
  char digits[40];
  int count = 0;
  int exp = 0;
};

// Reads "[-]d[.ddd]e[+-]xx" as printed by std::to_chars in scientific form.
Digits ReadScientific(const char* begin, const char* end) {
  Digits d;
  const char* p = begin;
  if (p < end && *p == '-') ++p;
  for (; p < end && *p != 'e'; ++p) {
    if (*p >= '0' && *p <= '9' && d.count < static_cast<int>(sizeof(d.digits))) {
      d.digits[d.count++] = *p;
    }
  }
  if (p < end) ++p;  // 'e'
  bool neg = false;
  if (p < end && (*p == '+' || *p == '-')) neg = *p++ == '-';
  int e = 0;
  for (; p < end; ++p) e = e * 10 + (*p - '0');
  d.exp = neg ? -e : e;
  // Drop trailing zeros (they never matter for the Java layout).
  while (d.count > 1 && d.digits[d.count - 1] == '0') --d.count;
  return d;
}

// Returns the digits Java's Float/Double.toString print for a finite non-zero `v`: the shortest
// that round-trip; when that is one digit, the closest of one or two digits.
template <typename F>
Digits JavaDigits(F v) {
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof(buf), v, std::chars_format::scientific);
  Digits d = ReadScientific(buf, res.ptr);
  if (d.count == 1) {
    char buf2[64];
    auto res2 = std::to_chars(buf2, buf2 + sizeof(buf2), v, std::chars_format::scientific, 1);
    Digits two = ReadScientific(buf2, res2.ptr);
    if (two.count == 2) {
      F back{};
      auto parsed = std::from_chars(buf2, res2.ptr, back, std::chars_format::scientific);
      if (parsed.ec == std::errc() && back == v) d = two;
    }
  }
  return d;
}

template <typename F>
void AppendJavaFloating(std::string& out, F v) {
  if (std::isnan(v)) {
    out.append("NaN");
    return;
  }
  if (std::signbit(v)) out.push_back('-');
  if (std::isinf(v)) {
    out.append("Infinity");
    return;
  }
  if (v == 0) {
    out.append("0.0");
    return;
  }
  Digits d = JavaDigits(std::fabs(v));
  if (d.exp >= -3 && d.exp < 7) {
    if (d.exp >= 0) {
      int int_digits = d.exp + 1;
      for (int i = 0; i < int_digits; ++i) out.push_back(i < d.count ? d.digits[i] : '0');
      out.push_back('.');
      if (d.count > int_digits) {
        out.append(d.digits + int_digits, d.count - int_digits);
      } else {
        out.push_back('0');
      }
    } else {
      out.append("0.");
      for (int i = 1; i < -d.exp; ++i) out.push_back('0');
      out.append(d.digits, d.count);
    }
    return;
  }
  out.push_back(d.digits[0]);
  out.push_back('.');
  if (d.count > 1) {
    out.append(d.digits + 1, d.count - 1);
  } else {
    out.push_back('0');
  }
  out.push_back('E');
  AppendInt(out, d.exp);
}

struct Civil {
  int64_t year;
  int month;
  int day;
};

Civil CivilFromDays(int64_t epoch_day) {
  // Shift the epoch to 0000-03-01 so leap days fall at the end of each 400-year era.
  // 128-bit so that every int64 day is safe; the era then always fits int64.
  const __int128 z = static_cast<__int128>(epoch_day) + 719468;
  const __int128 era128 = (z >= 0 ? z : z - 146096) / 146097;
  const auto era = static_cast<int64_t>(era128);
  const auto day_of_era = static_cast<int64_t>(z - era128 * 146097);  // [0, 146096]
  int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  int64_t mp = (5 * day_of_year + 2) / 153;  // March = 0
  Civil c;
  c.day = static_cast<int>(day_of_year - (153 * mp + 2) / 5 + 1);
  c.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  c.year = year_of_era + era * 400 + (c.month <= 2 ? 1 : 0);
  return c;
}

void AppendYear(std::string& out, int64_t year) {
  if (year < 0) {
    out.push_back('-');
    uint64_t abs = static_cast<uint64_t>(0) - static_cast<uint64_t>(year);
    char buf[24];
    auto res = std::to_chars(buf, buf + sizeof(buf), abs);
    for (int64_t i = res.ptr - buf; i < 4; ++i) out.push_back('0');
    out.append(buf, res.ptr);
    return;
  }
  if (year > 9999) out.push_back('+');
  AppendPadded(out, year, 4);
}

void AppendCivil(std::string& out, const Civil& c) {
  AppendYear(out, c.year);
  out.push_back('-');
  AppendPadded(out, c.month, 2);
  out.push_back('-');
  AppendPadded(out, c.day, 2);
}

// Appends ".fff", ".ffffff" or ".fffffffff" for nano > 0 (nothing for 0).
void AppendFraction(std::string& out, int64_t nano) {
  if (nano <= 0) return;
  out.push_back('.');
  if (nano % 1000000 == 0) {
    AppendPadded(out, nano / 1000000, 3);
  } else if (nano % 1000 == 0) {
    AppendPadded(out, nano / 1000, 6);
  } else {
    AppendPadded(out, nano, 9);
  }
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Reads 1..max_digits decimal digits at text[*pos]; returns false if there are none or too many.
bool ReadDigits(std::string_view text, size_t* pos, int min_digits, int max_digits,
                int64_t* value) {
  size_t start = *pos;
  int64_t v = 0;
  while (*pos < text.size() && IsDigit(text[*pos])) {
    if (static_cast<int>(*pos - start) >= max_digits) return false;
    v = v * 10 + (text[*pos] - '0');
    ++*pos;
  }
  int n = static_cast<int>(*pos - start);
  if (n < min_digits) return false;
  *value = v;
  return true;
}

bool IsLeapYear(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int64_t year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeapYear(year) ? 29 : kDays[month - 1];
}

char Upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

// Reads a signed integer "[+-]digits" (up to 18 digits) at text[*pos].
bool ReadSigned(std::string_view text, size_t* pos, int64_t* value) {
  bool neg = false;
  if (*pos < text.size() && (text[*pos] == '+' || text[*pos] == '-')) neg = text[(*pos)++] == '-';
  int64_t v = 0;
  if (!ReadDigits(text, pos, 1, 18, &v)) return false;
  *value = neg ? -v : v;
  return true;
}

}  // namespace

void AppendDouble(std::string& out, double v) { AppendJavaFloating(out, v); }
void AppendFloat(std::string& out, float v) { AppendJavaFloating(out, v); }

int64_t DaysFromCivil(int64_t year, int month, int day) {
  year -= month <= 2 ? 1 : 0;
  int64_t era = FloorDiv(year, 400);
  int64_t year_of_era = year - era * 400;  // [0, 399]
  int64_t day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

void AppendLocalDate(std::string& out, int64_t epoch_day) {
  AppendCivil(out, CivilFromDays(epoch_day));
}

void AppendLocalTime(std::string& out, int64_t nano_of_day) {
  int64_t n = FloorMod(nano_of_day, kNanosPerDay);
  int64_t secs = n / kNanosPerSecond;
  int64_t nano = n % kNanosPerSecond;
  AppendPadded(out, secs / 3600, 2);
  out.push_back(':');
  AppendPadded(out, secs / 60 % 60, 2);
  if (secs % 60 != 0 || nano != 0) {
    out.push_back(':');
    AppendPadded(out, secs % 60, 2);
    AppendFraction(out, nano);
  }
}

void AppendLocalDateTime(std::string& out, int64_t epoch_second, int32_t nano) {
  AppendLocalDate(out, FloorDiv(epoch_second, kSecondsPerDay));
  out.push_back('T');
  AppendLocalTime(out, FloorMod(epoch_second, kSecondsPerDay) * kNanosPerSecond + nano);
}

void AppendInstant(std::string& out, int64_t epoch_second, int32_t nano) {
  AppendLocalDate(out, FloorDiv(epoch_second, kSecondsPerDay));
  out.push_back('T');
  int64_t secs = FloorMod(epoch_second, kSecondsPerDay);
  AppendPadded(out, secs / 3600, 2);
  out.push_back(':');
  AppendPadded(out, secs / 60 % 60, 2);
  out.push_back(':');
  AppendPadded(out, secs % 60, 2);
  AppendFraction(out, nano);
  out.push_back('Z');
}

void AppendPeriod(std::string& out, int64_t years, int64_t months, int64_t days) {
  if (years == 0 && months == 0 && days == 0) {
    out.append("P0D");
    return;
  }
  out.push_back('P');
  if (years != 0) {
    AppendInt(out, years);
    out.push_back('Y');
  }
  if (months != 0) {
    AppendInt(out, months);
    out.push_back('M');
  }
  if (days != 0) {
    AppendInt(out, days);
    out.push_back('D');
  }
}

void AppendDuration(std::string& out, int64_t seconds, int32_t nano) {
  if (seconds == 0 && nano == 0) {
    out.append("PT0S");
    return;
  }
  // A negative duration with a fraction is printed from the second closer to zero.
  int64_t total = seconds < 0 && nano > 0 ? seconds + 1 : seconds;
  int64_t hours = total / 3600;
  int64_t minutes = total % 3600 / 60;
  int64_t secs = total % 60;
  size_t start = out.size();
  out.append("PT");
  if (hours != 0) {
    AppendInt(out, hours);
    out.push_back('H');
  }
  if (minutes != 0) {
    AppendInt(out, minutes);
    out.push_back('M');
  }
  if (secs == 0 && nano == 0 && out.size() > start + 2) return;
  if (seconds < 0 && nano > 0 && secs == 0) {
    out.append("-0");
  } else {
    AppendInt(out, secs);
  }
  if (nano > 0) {
    int64_t frac = seconds < 0 ? kNanosPerSecond - nano : nano;
    char buf[16];
    auto res = std::to_chars(buf, buf + sizeof(buf), frac + kNanosPerSecond);  // "1fffffffff"
    char* end = res.ptr;
    while (end[-1] == '0') --end;
    out.push_back('.');
    out.append(buf + 1, end);
  }
  out.push_back('S');
}

std::optional<int64_t> ParseLocalDate(std::string_view text) {
  size_t pos = 0;
  bool neg = false;
  if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) neg = text[pos++] == '-';
  int64_t year = 0;
  int64_t month = 0;
  int64_t day = 0;
  if (!ReadDigits(text, &pos, 1, 9, &year)) return std::nullopt;
  if (pos >= text.size() || text[pos++] != '-') return std::nullopt;
  if (!ReadDigits(text, &pos, 2, 2, &month)) return std::nullopt;
  if (pos >= text.size() || text[pos++] != '-') return std::nullopt;
  if (!ReadDigits(text, &pos, 2, 2, &day)) return std::nullopt;
  if (pos != text.size()) return std::nullopt;
  if (neg) year = -year;
  if (month < 1 || month > 12) return std::nullopt;
  if (day < 1 || day > DaysInMonth(year, static_cast<int>(month))) return std::nullopt;
  return DaysFromCivil(year, static_cast<int>(month), static_cast<int>(day));
}

std::optional<int64_t> ParseLocalTime(std::string_view text) {
  size_t pos = 0;
  int64_t hour = 0;
  int64_t minute = 0;
  int64_t second = 0;
  int64_t nano = 0;
  if (!ReadDigits(text, &pos, 1, 2, &hour)) return std::nullopt;
  if (pos >= text.size() || text[pos++] != ':') return std::nullopt;
  if (!ReadDigits(text, &pos, 2, 2, &minute)) return std::nullopt;
  if (pos < text.size()) {
    if (text[pos++] != ':') return std::nullopt;
    if (!ReadDigits(text, &pos, 2, 2, &second)) return std::nullopt;
    if (pos < text.size()) {
      if (text[pos++] != '.') return std::nullopt;
      size_t start = pos;
      if (!ReadDigits(text, &pos, 1, 9, &nano)) return std::nullopt;
      for (size_t i = pos - start; i < 9; ++i) nano *= 10;
    }
  }
  if (pos != text.size()) return std::nullopt;
  if (hour > 23 || minute > 59 || second > 59) return std::nullopt;
  return ((hour * 60 + minute) * 60 + second) * kNanosPerSecond + nano;
}

std::optional<EpochTime> ParseLocalDateTime(std::string_view text) {
  size_t sep = text.find_first_of("Tt ", 1);
  auto day = ParseLocalDate(text.substr(0, sep));
  if (!day) return std::nullopt;
  if (sep == std::string_view::npos) return std::nullopt;
  auto time = ParseLocalTime(text.substr(sep + 1));
  if (!time) return std::nullopt;
  EpochTime t;
  t.seconds = *day * kSecondsPerDay + *time / kNanosPerSecond;
  t.nano = static_cast<int32_t>(*time % kNanosPerSecond);
  return t;
}

std::optional<PeriodParts> ParsePeriod(std::string_view text) {
  size_t pos = 0;
  bool neg = false;
  if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) neg = text[pos++] == '-';
  if (pos >= text.size() || Upper(text[pos++]) != 'P') return std::nullopt;
  PeriodParts p;
  int last_unit = -1;  // units must come in the order Y, M, W, D
  bool any = false;
  while (pos < text.size()) {
    int64_t n = 0;
    if (!ReadSigned(text, &pos, &n) || pos >= text.size()) return std::nullopt;
    static constexpr std::string_view kUnits = "YMWD";
    size_t unit = kUnits.find(Upper(text[pos++]));
    if (unit == std::string_view::npos || static_cast<int>(unit) <= last_unit) return std::nullopt;
    last_unit = static_cast<int>(unit);
    any = true;
    switch (unit) {
      case 0:
        p.years = n;
        break;
      case 1:
        p.months = n;
        break;
      case 2:
        p.days += n * 7;
        break;
      default:
        p.days += n;
        break;
    }
  }
  if (!any) return std::nullopt;
  if (neg) {
    p.years = -p.years;
    p.months = -p.months;
    p.days = -p.days;
  }
  return p;
}

std::optional<EpochTime> ParseDuration(std::string_view text) {
  size_t pos = 0;
  bool neg = false;
  if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) neg = text[pos++] == '-';
  if (pos >= text.size() || Upper(text[pos++]) != 'P') return std::nullopt;
  __int128 nanos = 0;
  bool any = false;
  bool in_time = false;
  int last_unit = -1;  // D, then after 'T': H, M, S
  while (pos < text.size()) {
    if (Upper(text[pos]) == 'T') {
      if (in_time) return std::nullopt;
      in_time = true;
      ++pos;
      if (pos >= text.size()) return std::nullopt;
      continue;
    }
    bool value_neg = pos < text.size() && text[pos] == '-';
    int64_t n = 0;
    if (!ReadSigned(text, &pos, &n) || pos >= text.size()) return std::nullopt;
    int64_t frac = 0;
    if (text[pos] == '.' || text[pos] == ',') {
      ++pos;
      size_t start = pos;
      if (!ReadDigits(text, &pos, 1, 9, &frac)) return std::nullopt;
      for (size_t i = pos - start; i < 9; ++i) frac *= 10;
      if (pos >= text.size() || Upper(text[pos]) != 'S') return std::nullopt;
    }
    char unit_char = Upper(text[pos++]);
    int unit;
    __int128 scale;
    if (!in_time && unit_char == 'D') {
      unit = 0;
      scale = static_cast<__int128>(kSecondsPerDay) * kNanosPerSecond;
    } else if (in_time && unit_char == 'H') {
      unit = 1;
      scale = static_cast<__int128>(3600) * kNanosPerSecond;
    } else if (in_time && unit_char == 'M') {
      unit = 2;
      scale = static_cast<__int128>(60) * kNanosPerSecond;
    } else if (in_time && unit_char == 'S') {
      unit = 3;
      scale = kNanosPerSecond;
    } else {
      return std::nullopt;
    }
    if (unit <= last_unit) return std::nullopt;
    last_unit = unit;
    any = true;
    nanos += n * scale + (value_neg ? -frac : frac);
  }
  if (!any) return std::nullopt;
  if (neg) nanos = -nanos;
  __int128 secs = nanos / kNanosPerSecond;
  __int128 rem = nanos % kNanosPerSecond;
  if (rem < 0) {
    rem += kNanosPerSecond;
    secs -= 1;
  }
  if (secs > INT64_MAX || secs < INT64_MIN) return std::nullopt;
  EpochTime t;
  t.seconds = static_cast<int64_t>(secs);
  t.nano = static_cast<int32_t>(rem);
  return t;
}

}  // namespace weir::java
