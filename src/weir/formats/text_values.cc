// Text forms of scalar values shared by the CSV and JSON formats.
#include "weir/formats/text_values.h"

#include <charconv>
#include <cmath>
#include <limits>

#include "weir/common/types/decimal.h"

namespace weir::formats::text {

namespace {

constexpr int64_t kNanosPerSecond = 1'000'000'000;
constexpr int64_t kSecondsPerDay = 86'400;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Reads between min_digits and max_digits digits at s[*pos]; stops at the first non-digit.
bool ReadDigits(std::string_view s, size_t* pos, int min_digits, int max_digits, int64_t* out) {
  int64_t v = 0;
  int n = 0;
  while (*pos < s.size() && IsDigit(s[*pos]) && n < max_digits) {
    v = v * 10 + (s[*pos] - '0');
    ++*pos;
    ++n;
  }
  if (n < min_digits) return false;
  if (*pos < s.size() && IsDigit(s[*pos])) return false;  // too many digits
  *out = v;
  return true;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (x != b[i]) return false;
  }
  return true;
}

constexpr char kBase64Chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int Base64Value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

// Appends `v` with exactly `width` digits (0 <= v < 10^width, width <= 9).
void AppendPadded(std::string& out, int64_t v, int width) {
  char buf[9];
  for (int i = width - 1; i >= 0; --i) {
    buf[i] = static_cast<char>('0' + v % 10);
    v /= 10;
  }
  out.append(buf, static_cast<size_t>(width));
}

// Appends ".d…" for a fraction of a second in nanoseconds (0 < nanos < 10^9), without the
// trailing zeros.
void AppendFraction(std::string& out, int64_t nanos) {
  char buf[10];
  buf[0] = '.';
  size_t len;
  if (nanos % 1'000'000 == 0) {  // milliseconds, the common precision: three digits at most
    const int64_t ms = nanos / 1'000'000;
    buf[1] = static_cast<char>('0' + ms / 100);
    buf[2] = static_cast<char>('0' + ms / 10 % 10);
    buf[3] = static_cast<char>('0' + ms % 10);
    len = 4;
  } else {
    for (int i = 9; i >= 1; --i) {
      buf[i] = static_cast<char>('0' + nanos % 10);
      nanos /= 10;
    }
    len = 10;
  }
  while (buf[len - 1] == '0') --len;
  out.append(buf, len);
}

}  // namespace

std::string_view TrimJava(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && static_cast<unsigned char>(s[b]) <= ' ') ++b;
  while (e > b && static_cast<unsigned char>(s[e - 1]) <= ' ') --e;
  return s.substr(b, e - b);
}

bool ParseInteger(std::string_view s, int64_t min, int64_t max, int64_t* out) {
  size_t i = 0;
  bool negative = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    negative = s[0] == '-';
    i = 1;
  }
  if (i == s.size()) return false;
  // Accumulate negatively so that INT64_MIN parses.
  int64_t v = 0;
  for (; i < s.size(); ++i) {
    if (!IsDigit(s[i])) return false;
    if (__builtin_mul_overflow(v, 10, &v)) return false;
    if (__builtin_sub_overflow(v, s[i] - '0', &v)) return false;
  }
  if (!negative) {
    if (v == std::numeric_limits<int64_t>::min()) return false;
    v = -v;
  }
  if (v < min || v > max) return false;
  *out = v;
  return true;
}

bool ParseDouble(std::string_view s, double* out) {
  s = TrimJava(s);
  if (s.empty()) return false;
  bool negative = false;
  std::string_view body = s;
  if (body[0] == '+' || body[0] == '-') {
    negative = body[0] == '-';
    body.remove_prefix(1);
  }
  if (body == "NaN") {
    *out = std::numeric_limits<double>::quiet_NaN();
    return true;
  }
  if (body == "Infinity") {
    *out = negative ? -std::numeric_limits<double>::infinity()
                    : std::numeric_limits<double>::infinity();
    return true;
  }
  if (!body.empty()) {
    const char last = body.back();
    if (last == 'f' || last == 'F' || last == 'd' || last == 'D') body.remove_suffix(1);
  }
  // Only digits, one point, and an exponent: from_chars would also take "inf" and "nan".
  if (body.empty() || !(IsDigit(body[0]) || body[0] == '.')) return false;
  double v = 0;
  auto [ptr, ec] =
      std::from_chars(body.data(), body.data() + body.size(), v, std::chars_format::general);
  if (ptr != body.data() + body.size()) return false;
  if (ec == std::errc::result_out_of_range) {
    // Java rounds to infinity or zero instead of failing.
    bool big = false;
    for (char c : body) {
      if (c == 'e' || c == 'E') break;
      if (c >= '1' && c <= '9') big = true;
    }
    const size_t e = body.find_first_of("eE");
    const bool negative_exponent =
        e != std::string_view::npos && e + 1 < body.size() && body[e + 1] == '-';
    v = (big && !negative_exponent) ? std::numeric_limits<double>::infinity() : 0.0;
  } else if (ec != std::errc()) {
    return false;
  }
  *out = negative ? -v : v;
  return true;
}

bool ParseBoolean(std::string_view s) { return EqualsIgnoreCase(TrimJava(s), "true"); }

DecimalParse ParseDecimal(std::string_view s, int32_t precision, int32_t scale, __int128* out) {
  // Syntax check (java.math.BigDecimal): [+-] (digits [. digits*] | . digits) [eE [+-] digits].
  size_t i = 0;
  bool negative = false;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) negative = s[i++] == '-';
  int int_digits = 0, frac_digits = 0;
  __int128 mantissa = 0;
  int significant = 0;
  for (; i < s.size() && IsDigit(s[i]); ++i, ++int_digits) {
    if (significant > 0 || s[i] != '0') ++significant;
    if (significant <= 38) mantissa = mantissa * 10 + (s[i] - '0');
  }
  if (i < s.size() && s[i] == '.') {
    ++i;
    for (; i < s.size() && IsDigit(s[i]); ++i, ++frac_digits) {
      if (significant > 0 || s[i] != '0') ++significant;
      if (significant <= 38) mantissa = mantissa * 10 + (s[i] - '0');
    }
  }
  if (int_digits + frac_digits == 0) return DecimalParse::kInvalid;
  bool has_exponent = false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    has_exponent = true;
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    const size_t start = i;
    while (i < s.size() && IsDigit(s[i])) ++i;
    if (i == start) return DecimalParse::kInvalid;
  }
  if (i != s.size()) return DecimalParse::kInvalid;
  if (!has_exponent && significant <= 38 && frac_digits <= scale) {
    // Fast path: exact, no rounding.
    const int shift = scale - frac_digits;
    const int digits = significant + shift;
    if (mantissa != 0 && digits > precision) return DecimalParse::kOverflow;
    __int128 v = mantissa * Decimal128::PowerOfTen(shift);
    *out = negative ? -v : v;
    return DecimalParse::kOk;
  }
  Result<Decimal128> parsed = Decimal128::Parse(s, precision, scale);
  if (!parsed.ok()) return DecimalParse::kOverflow;  // the syntax was checked above
  *out = parsed->value();
  return DecimalParse::kOk;
}

void AppendDecimal(std::string& out, __int128 unscaled, int32_t scale, bool scientific) {
  char digits[48];
  int n = 0;
  const bool negative = unscaled < 0;
  unsigned __int128 m =
      negative ? static_cast<unsigned __int128>(0) - static_cast<unsigned __int128>(unscaled)
               : static_cast<unsigned __int128>(unscaled);
  do {
    digits[n++] = static_cast<char>('0' + static_cast<int>(m % 10));
    m /= 10;
  } while (m != 0);
  // Adjusted exponent = (number of digits - 1) - scale; Java switches to E notation below -6.
  if (scientific && scale > 0 && (n - 1) - scale < -6) {
    out += Decimal128(unscaled).ToString(scale);
    return;
  }
  if (negative) out.push_back('-');
  if (n <= scale) {
    out += "0.";
    for (int i = n; i < scale; ++i) out.push_back('0');
    while (n > 0) out.push_back(digits[--n]);
    return;
  }
  for (int i = n - 1; i >= 0; --i) {
    out.push_back(digits[i]);
    if (i == scale && scale > 0) out.push_back('.');
  }
}

void AppendBase64(std::string& out, std::string_view bytes) {
  const auto* p = reinterpret_cast<const uint8_t*>(bytes.data());
  const size_t n = bytes.size();
  size_t i = 0;
  for (; i + 3 <= n; i += 3) {
    const uint32_t v = (uint32_t{p[i]} << 16) | (uint32_t{p[i + 1]} << 8) | p[i + 2];
    out.push_back(kBase64Chars[(v >> 18) & 63]);
    out.push_back(kBase64Chars[(v >> 12) & 63]);
    out.push_back(kBase64Chars[(v >> 6) & 63]);
    out.push_back(kBase64Chars[v & 63]);
  }
  if (n - i == 1) {
    const uint32_t v = uint32_t{p[i]} << 16;
    out.push_back(kBase64Chars[(v >> 18) & 63]);
    out.push_back(kBase64Chars[(v >> 12) & 63]);
    out.append("==");
  } else if (n - i == 2) {
    const uint32_t v = (uint32_t{p[i]} << 16) | (uint32_t{p[i + 1]} << 8);
    out.push_back(kBase64Chars[(v >> 18) & 63]);
    out.push_back(kBase64Chars[(v >> 12) & 63]);
    out.push_back(kBase64Chars[(v >> 6) & 63]);
    out.push_back('=');
  }
}

bool DecodeBase64(std::string_view s, std::string* out) {
  out->clear();
  int quad[4];
  int n = 0;
  size_t i = 0;
  while (i < s.size()) {
    const char c = s[i++];
    if (n == 0 && static_cast<unsigned char>(c) <= ' ') continue;
    if (c == '=') {
      // Padding: "xx==" or "xxx=", and nothing but whitespace after it.
      if (n == 2) {
        if (i >= s.size() || s[i] != '=') return false;
        ++i;
        out->push_back(static_cast<char>((quad[0] << 2) | (quad[1] >> 4)));
      } else if (n == 3) {
        out->push_back(static_cast<char>((quad[0] << 2) | (quad[1] >> 4)));
        out->push_back(static_cast<char>(((quad[1] & 15) << 4) | (quad[2] >> 2)));
      } else {
        return false;
      }
      n = 0;
      for (; i < s.size(); ++i) {
        if (static_cast<unsigned char>(s[i]) > ' ') return false;
      }
      return true;
    }
    const int v = Base64Value(c);
    if (v < 0) return false;
    quad[n++] = v;
    if (n == 4) {
      out->push_back(static_cast<char>((quad[0] << 2) | (quad[1] >> 4)));
      out->push_back(static_cast<char>(((quad[1] & 15) << 4) | (quad[2] >> 2)));
      out->push_back(static_cast<char>(((quad[2] & 3) << 6) | quad[3]));
      n = 0;
    }
  }
  return n == 0;  // padding is required
}

bool ParseSqlDate(std::string_view s, int32_t* days) {
  s = TrimJava(s);
  size_t pos = 0;
  int64_t y, m, d;
  if (!ReadDigits(s, &pos, 4, 4, &y) || pos >= s.size() || s[pos++] != '-') return false;
  if (!ReadDigits(s, &pos, 1, 2, &m) || pos >= s.size() || s[pos++] != '-') return false;
  if (!ReadDigits(s, &pos, 1, 2, &d) || pos != s.size()) return false;
  if (m < 1 || m > 12 || d < 1 || d > 31) return false;
  // java.sql.Date is lenient: 2020-02-30 is 2020-03-01.
  *days = static_cast<int32_t>(java::DaysFromCivil(y, static_cast<int>(m), 1) + d - 1);
  return true;
}

bool ParseIsoDate(std::string_view s, int32_t* days) {
  size_t pos = 0;
  int64_t y, m, d;
  bool negative = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    negative = s[0] == '-';
    pos = 1;
    if (!ReadDigits(s, &pos, 4, 9, &y)) return false;
  } else if (!ReadDigits(s, &pos, 4, 4, &y)) {
    return false;
  }
  if (negative) y = -y;
  if (pos >= s.size() || s[pos++] != '-') return false;
  if (!ReadDigits(s, &pos, 2, 2, &m) || pos >= s.size() || s[pos++] != '-') return false;
  if (!ReadDigits(s, &pos, 2, 2, &d) || pos != s.size()) return false;
  if (m < 1 || m > 12 || d < 1 || d > java::DaysInMonth(y, m)) return false;
  const int64_t v = java::DaysFromCivil(y, static_cast<int>(m), static_cast<int>(d));
  if (v < std::numeric_limits<int32_t>::min() || v > std::numeric_limits<int32_t>::max()) {
    return false;
  }
  *days = static_cast<int32_t>(v);
  return true;
}

namespace {

// Parses a time at s[*pos..]; `lenient` allows one-digit fields (java.sql.Timestamp).
bool ReadTime(std::string_view s, size_t* pos, bool require_seconds, bool lenient, int64_t* nanos) {
  const int min_digits = lenient ? 1 : 2;
  int64_t h, mi, sec = 0, frac = 0;
  if (!ReadDigits(s, pos, min_digits, 2, &h) || *pos >= s.size() || s[(*pos)++] != ':') {
    return false;
  }
  if (!ReadDigits(s, pos, min_digits, 2, &mi)) return false;
  if (*pos < s.size() && s[*pos] == ':') {
    ++*pos;
    if (!ReadDigits(s, pos, min_digits, 2, &sec)) return false;
    if (*pos < s.size() && s[*pos] == '.') {
      ++*pos;
      const size_t start = *pos;
      int64_t f = 0;
      if (!ReadDigits(s, pos, 1, 9, &f)) return false;
      for (size_t n = *pos - start; n < 9; ++n) f *= 10;
      frac = f;
    }
  } else if (require_seconds) {
    return false;
  }
  if (h > 23 || mi > 59 || sec > 59) return false;
  *nanos = ((h * 60 + mi) * 60 + sec) * kNanosPerSecond + frac;
  return true;
}

}  // namespace

bool ParseTimeOfDay(std::string_view s, bool require_seconds, int64_t* nanos) {
  size_t pos = 0;
  return ReadTime(s, &pos, require_seconds, false, nanos) && pos == s.size();
}

bool ParseTimestamp(std::string_view s, const TimestampLayout& layout, java::EpochTime* out) {
  if (layout.lenient_date) s = TrimJava(s);
  const size_t sep = s.find(layout.separator);
  if (sep == std::string_view::npos) return false;
  int32_t days;
  if (layout.lenient_date ? !ParseSqlDate(s.substr(0, sep), &days)
                          : !ParseIsoDate(s.substr(0, sep), &days)) {
    return false;
  }
  std::string_view rest = s.substr(sep + 1);
  if (layout.zone_suffix) {
    if (rest.empty() || rest.back() != 'Z') return false;
    rest.remove_suffix(1);
  }
  size_t pos = 0;
  int64_t nanos;
  if (!ReadTime(rest, &pos, layout.require_seconds, layout.lenient_date, &nanos) ||
      pos != rest.size()) {
    return false;
  }
  out->seconds = int64_t{days} * kSecondsPerDay + nanos / kNanosPerSecond;
  out->nano = static_cast<int32_t>(nanos % kNanosPerSecond);
  return true;
}

void AppendDate(std::string& out, int64_t days) { java::AppendLocalDate(out, days); }

void AppendTimeOfDay(std::string& out, int64_t nanos_of_day) {
  nanos_of_day %= kSecondsPerDay * kNanosPerSecond;
  if (nanos_of_day < 0) nanos_of_day += kSecondsPerDay * kNanosPerSecond;
  const int64_t secs = nanos_of_day / kNanosPerSecond;
  const int64_t frac = nanos_of_day % kNanosPerSecond;
  AppendPadded(out, secs / 3600, 2);
  out.push_back(':');
  AppendPadded(out, secs / 60 % 60, 2);
  out.push_back(':');
  AppendPadded(out, secs % 60, 2);
  if (frac != 0) AppendFraction(out, frac);
}

namespace {

// Appends the date, the separator and HH:mm:ss of a whole second since the epoch.
void AppendDateAndSecond(std::string& out, int64_t seconds, char separator) {
  int64_t day = seconds / kSecondsPerDay;
  int64_t secs = seconds % kSecondsPerDay;
  if (secs < 0) {
    secs += kSecondsPerDay;
    --day;
  }
  AppendDate(out, day);
  out.push_back(separator);
  AppendTimeOfDay(out, secs * kNanosPerSecond);
}

}  // namespace

void AppendTimestamp(std::string& out, const java::EpochTime& t, char separator, bool zone) {
  AppendDateAndSecond(out, t.seconds, separator);
  if (t.nano != 0) AppendFraction(out, t.nano);
  if (zone) out.push_back('Z');
}

void TimestampTextCache::Append(std::string& out, const java::EpochTime& t) {
  if (!valid_ || t.seconds != seconds_) {
    prefix_.clear();
    AppendDateAndSecond(prefix_, t.seconds, separator_);
    seconds_ = t.seconds;
    valid_ = true;
  }
  out += prefix_;
  if (t.nano != 0) AppendFraction(out, t.nano);
  if (zone_) out.push_back('Z');
}

java::EpochTime FromTimestampUnits(int64_t value, TimeUnit unit) {
  const int64_t per_second = UnitsPerSecond(unit);
  int64_t secs = value / per_second;
  int64_t rem = value % per_second;
  if (rem < 0) {
    rem += per_second;
    --secs;
  }
  return java::EpochTime{secs, static_cast<int32_t>(rem * (kNanosPerSecond / per_second))};
}

bool ToTimestampUnits(const java::EpochTime& t, int32_t precision, int64_t* out) {
  const TimeUnit unit = TimestampUnit(precision);
  const int64_t per_second = UnitsPerSecond(unit);
  int64_t v;
  if (__builtin_mul_overflow(t.seconds, per_second, &v)) return false;
  // Keep `precision` fraction digits.
  int64_t frac = t.nano;
  int64_t drop = 1;
  for (int i = precision; i < 9; ++i) drop *= 10;
  frac = frac / drop * drop;
  if (__builtin_add_overflow(v, frac / (kNanosPerSecond / per_second), &v)) return false;
  *out = v;
  return true;
}

}  // namespace weir::formats::text
