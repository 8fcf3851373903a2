// Temporal functions: EXTRACT, YEAR..SECOND, DATE_FORMAT, TO_TIMESTAMP, TO_DATE,
// UNIX_TIMESTAMP(string), FROM_UNIXTIME, TIMESTAMPADD, TIMESTAMPDIFF, TO_TIMESTAMP_LTZ,
// CONVERT_TZ, FLOOR/CEIL(... TO unit), OVERLAPS.
#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstring>
#include <optional>

#include "weir/sql/functions/builtin_functions.h"
#include "weir/sql/functions/string_loops.h"
#include "weir/sql/functions/temporal_format.h"
#include "weir/sql/functions/time_zone.h"

namespace weir::sql {

namespace {

constexpr int64_t kNanosPerSecond = 1000000000;

int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

struct Civil {
  int64_t year;
  int month, day;
};

// Days since 1970-01-01 to a proleptic Gregorian date (Hinnant's algorithm).
Civil CivilFromDays(int64_t z) {
  z += 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = yoe + era * 400;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return {y + (m <= 2), m, d};
}

int64_t DaysFromCivil(int64_t y, int m, int d) {
  y -= m <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

// A local wall-clock instant: seconds since the epoch (local) and nanos of the second.
struct Local {
  int64_t seconds;
  int64_t nanos;
  /// Set when parsed text carried a zone offset (pattern letters X, XX, XXX, Z): the wall time
  /// is at this offset east of UTC rather than in the session zone.
  std::optional<int64_t> offset_seconds = std::nullopt;
};

bool IsDateTime(const LogicalType& t) {
  return t.id() == TypeId::kDate || t.id() == TypeId::kTimestamp ||
         t.id() == TypeId::kTimestampLtz || t.id() == TypeId::kTime;
}

Local LocalAt(const Datum& d, int64_t i, const TimeZone& zone) {
  int64_t row = d.scalar ? 0 : i;
  const LogicalType& t = d.type();
  switch (t.id()) {
    case TypeId::kDate:
      return {static_cast<int64_t>(d.column->Value<int32_t>(row)) * 86400, 0};
    case TypeId::kTime: {
      int64_t v = d.column->Value<int64_t>(row);
      return {v / kNanosPerSecond, v % kNanosPerSecond};
    }
    default: {
      int64_t units = UnitsPerSecond(TimestampUnit(t.precision()));
      int64_t v = d.column->Value<int64_t>(row);
      int64_t s = FloorDiv(v, units);
      Local l{s, (v - s * units) * (kNanosPerSecond / units)};
      if (t.id() == TypeId::kTimestampLtz) l.seconds += zone.OffsetAt(s);
      return l;
    }
  }
}

enum class Unit {
  kYear,
  kQuarter,
  kMonth,
  kWeek,
  kDay,
  kDayOfYear,
  kDayOfWeek,
  kHour,
  kMinute,
  kSecond,
  kMillisecond,
  kMicrosecond,
  kNanosecond,
  kEpoch
};

std::optional<Unit> ParseUnit(std::string_view s) {
  std::string u = UpperName(s);
  if (u == "YEAR") return Unit::kYear;
  if (u == "QUARTER") return Unit::kQuarter;
  if (u == "MONTH") return Unit::kMonth;
  if (u == "WEEK") return Unit::kWeek;
  if (u == "DAY" || u == "DAYOFMONTH") return Unit::kDay;
  if (u == "DOY" || u == "DAYOFYEAR") return Unit::kDayOfYear;
  if (u == "DOW" || u == "DAYOFWEEK") return Unit::kDayOfWeek;
  if (u == "HOUR") return Unit::kHour;
  if (u == "MINUTE") return Unit::kMinute;
  if (u == "SECOND") return Unit::kSecond;
  if (u == "MILLISECOND") return Unit::kMillisecond;
  if (u == "MICROSECOND") return Unit::kMicrosecond;
  if (u == "NANOSECOND") return Unit::kNanosecond;
  if (u == "EPOCH") return Unit::kEpoch;
  return std::nullopt;
}

int64_t ExtractField(const Local& l, Unit unit) {
  int64_t day = FloorDiv(l.seconds, 86400);
  int64_t sod = l.seconds - day * 86400;
  switch (unit) {
    case Unit::kHour:
      return sod / 3600;
    case Unit::kMinute:
      return sod / 60 % 60;
    case Unit::kSecond:
      return sod % 60;
    case Unit::kMillisecond:
      return sod % 60 * 1000 + l.nanos / 1000000;
    case Unit::kMicrosecond:
      return sod % 60 * 1000000 + l.nanos / 1000;
    case Unit::kNanosecond:
      return sod % 60 * kNanosPerSecond + l.nanos;
    case Unit::kEpoch:
      return l.seconds;
    default:
      break;
  }
  Civil c = CivilFromDays(day);
  switch (unit) {
    case Unit::kYear:
      return c.year;
    case Unit::kQuarter:
      return (c.month - 1) / 3 + 1;
    case Unit::kMonth:
      return c.month;
    case Unit::kDay:
      return c.day;
    case Unit::kDayOfYear:
      return day - DaysFromCivil(c.year, 1, 1) + 1;
    case Unit::kDayOfWeek: {
      int64_t dow = (day + 4) % 7;  // 1970-01-01 was a Thursday; 0 = Sunday
      if (dow < 0) dow += 7;
      return dow + 1;  // SQL: Sunday = 1
    }
    case Unit::kWeek: {
      // ISO-8601 week number.
      int64_t wd = ((day + 3) % 7 + 7) % 7;  // 0 = Monday
      int64_t thursday = day - wd + 3;
      Civil tc = CivilFromDays(thursday);
      return (thursday - DaysFromCivil(tc.year, 1, 1)) / 7 + 1;
    }
    default:
      return 0;
  }
}

bool UnitNeedsDate(Unit u) {
  return u == Unit::kYear || u == Unit::kQuarter || u == Unit::kMonth || u == Unit::kWeek ||
         u == Unit::kDay || u == Unit::kDayOfYear || u == Unit::kDayOfWeek;
}

Result<BoundFunction> BindExtractUnit(std::string_view name, Unit unit, const LogicalType& t,
                                      std::vector<LogicalType> operand_types, size_t arg) {
  if (!IsDateTime(t)) return NoMatchingSignature(name, operand_types);
  if ((t.id() == TypeId::kTime && UnitNeedsDate(unit)) ||
      (t.id() == TypeId::kDate && !UnitNeedsDate(unit) && unit != Unit::kEpoch)) {
    return Status::TypeError("Cannot extract ", name, " from ", t.ToString());
  }
  BoundFunction f;
  f.return_type = LogicalType::BigInt(t.nullable());
  f.operand_types = operand_types;
  LogicalType rt = f.return_type;
  f.kernel = [unit, rt, arg](const EvalContext& c, const std::vector<Datum>& a, int64_t n) {
    auto zone_ptr = SessionZone(c.time_zone);
    const TimeZone& zone = *zone_ptr;
    const Datum& d = a[arg];
    return FixedRowLoop<int64_t>(
        c, {d}, n, rt, [&](int64_t i) { return ExtractField(LocalAt(d, i, zone), unit); });
  };
  return f;
}

BindFn ExtractFunction(const char* name, Unit unit) {
  return [=](const BindInput& in) -> Result<BoundFunction> {
    WEIR_RETURN_NOT_OK(CheckArity(name, in, 1));
    return BindExtractUnit(name, unit, in.types[0], in.types, 0);
  };
}

Result<BoundFunction> BindExtract(const BindInput& in) {
  WEIR_RETURN_NOT_OK(CheckArity("EXTRACT", in, 2));
  const Value* u = in.constant(0);
  if (u == nullptr || u->is_null() || !in.types[0].is_string()) {
    return Status::NotSupported("EXTRACT needs a literal time unit as its first argument");
  }
  auto unit = ParseUnit(u->string_value());
  if (!unit) return Status::Invalid("Unknown time unit in EXTRACT: ", u->string_value());
  return BindExtractUnit("EXTRACT", *unit, in.types[1], in.types, 1);
}

// ---- formats (java.text.SimpleDateFormat letters) ----

struct FormatToken {
  char letter = 0;  // 0: literal text
  int width = 0;
  std::string literal;
};

std::vector<FormatToken> ParseFormat(std::string_view f) {
  std::vector<FormatToken> out;
  for (size_t i = 0; i < f.size();) {
    char c = f[i];
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
      size_t j = i;
      while (j < f.size() && f[j] == c) ++j;
      out.push_back({c, static_cast<int>(j - i), ""});
      i = j;
    } else if (c == '\'') {
      size_t j = i + 1;
      std::string lit;
      while (j < f.size()) {
        if (f[j] == '\'') {
          if (j + 1 < f.size() && f[j + 1] == '\'') {
            lit += '\'';
            j += 2;
            continue;
          }
          break;
        }
        lit += f[j++];
      }
      if (i + 1 < f.size() && f[i + 1] == '\'') lit = "'";
      out.push_back({0, 0, lit});
      i = j + 1;
    } else {
      out.push_back({0, 0, std::string(1, c)});
      ++i;
    }
  }
  return out;
}

void AppendPadded(std::string& out, int64_t v, int width) {
  char digits[24];
  const uint64_t magnitude = v < 0 ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
  const auto [end, ec] = std::to_chars(digits, digits + sizeof(digits), magnitude);
  const int length = static_cast<int>(end - digits);
  if (v < 0) out += '-';
  if (length < width) out.append(static_cast<size_t>(width - length), '0');
  out.append(digits, static_cast<size_t>(length));
}

const char* const kMonths[] = {"January",   "February", "March",    "April",
                               "May",       "June",     "July",     "August",
                               "September", "October",  "November", "December"};
const char* const kDays[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                             "Thursday", "Friday", "Saturday"};

void FormatLocal(std::string& out, const Local& l, const std::vector<FormatToken>& tokens) {
  int64_t day = FloorDiv(l.seconds, 86400);
  int64_t sod = l.seconds - day * 86400;
  Civil c = CivilFromDays(day);
  for (const auto& t : tokens) {
    switch (t.letter) {
      case 0:
        out += t.literal;
        break;
      case 'y':
        if (t.width == 2) {
          AppendPadded(out, c.year % 100, 2);
        } else {
          AppendPadded(out, c.year, t.width);
        }
        break;
      case 'M':
        if (t.width >= 4) {
          out += kMonths[c.month - 1];
        } else if (t.width == 3) {
          out.append(kMonths[c.month - 1], 3);
        } else {
          AppendPadded(out, c.month, t.width);
        }
        break;
      case 'd':
        AppendPadded(out, c.day, t.width);
        break;
      case 'D':
        AppendPadded(out, day - DaysFromCivil(c.year, 1, 1) + 1, t.width);
        break;
      case 'H':
        AppendPadded(out, sod / 3600, t.width);
        break;
      case 'k':
        AppendPadded(out, sod / 3600 == 0 ? 24 : sod / 3600, t.width);
        break;
      case 'h':
        AppendPadded(out, (sod / 3600) % 12 == 0 ? 12 : (sod / 3600) % 12, t.width);
        break;
      case 'K':
        AppendPadded(out, (sod / 3600) % 12, t.width);
        break;
      case 'm':
        AppendPadded(out, sod / 60 % 60, t.width);
        break;
      case 's':
        AppendPadded(out, sod % 60, t.width);
        break;
      case 'S': {
        // SimpleDateFormat prints milliseconds as a number; more letters pad it.
        AppendPadded(out, l.nanos / 1000000, t.width);
        break;
      }
      case 'a':
        out += sod < 43200 ? "AM" : "PM";
        break;
      case 'E': {
        int64_t dow = ((day + 4) % 7 + 7) % 7;
        if (t.width >= 4) {
          out += kDays[dow];
        } else {
          out.append(kDays[dow], 3);
        }
        break;
      }
      default:
        out.append(static_cast<size_t>(t.width), t.letter);
        break;
    }
  }
}

// Reads two digits at `pos`; -1 if there are none.
int64_t TwoDigits(std::string_view text, size_t pos) {
  if (pos + 2 > text.size() || text[pos] < '0' || text[pos] > '9' || text[pos + 1] < '0' ||
      text[pos + 1] > '9') {
    return -1;
  }
  return (text[pos] - '0') * 10 + (text[pos + 1] - '0');
}

// Parses a zone offset at `pos` for pattern letter X (ISO 8601: "Z", "+hh", "+hhmm" with XX,
// "+hh:mm" with XXX) or Z (RFC 822: "+hhmm"). Like SimpleDateFormat, a single X reads the
// hours and then takes minutes only if two digits follow. Returns the offset in seconds and
// advances `pos`, or nullopt.
std::optional<int64_t> ParseZoneOffsetText(std::string_view text, size_t& pos, char letter,
                                           int width) {
  if (pos >= text.size()) return std::nullopt;
  if (letter == 'X' && text[pos] == 'Z') {
    ++pos;
    return 0;
  }
  if (text[pos] != '+' && text[pos] != '-') return std::nullopt;
  int64_t sign = text[pos] == '-' ? -1 : 1;
  size_t p = pos + 1;
  int64_t hours = TwoDigits(text, p);
  if (hours < 0 || hours > 23) return std::nullopt;
  p += 2;
  int64_t minutes = 0;
  bool colon = letter == 'X' && width >= 3;
  bool optional_minutes = letter == 'X' && width == 1;
  if (colon) {
    if (p >= text.size() || text[p] != ':') return std::nullopt;
    ++p;
  } else if (letter == 'Z' && p < text.size() && text[p] == ':') {
    ++p;  // "+08:00" is accepted for Z as well
  }
  int64_t m = TwoDigits(text, p);
  if (m >= 0) {
    if (m > 59) return std::nullopt;
    minutes = m;
    p += 2;
  } else if (!optional_minutes) {
    return std::nullopt;
  }
  pos = p;
  return sign * (hours * 3600 + minutes * 60);
}

// Parses `text` with the tokens into local seconds/nanos; nullopt on mismatch.
std::optional<Local> ParseLocal(std::string_view text, const std::vector<FormatToken>& tokens) {
  int64_t year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0, nanos = 0;
  std::optional<int64_t> offset;
  bool pm = false, has_ampm = false;
  size_t pos = 0;
  for (size_t k = 0; k < tokens.size(); ++k) {
    const auto& t = tokens[k];
    if (t.letter == 'X' || t.letter == 'Z') {
      offset = ParseZoneOffsetText(text, pos, t.letter, t.width);
      if (!offset) return std::nullopt;
      continue;
    }
    if (t.letter == 0) {
      if (text.substr(pos, t.literal.size()) != t.literal) return std::nullopt;
      pos += t.literal.size();
      continue;
    }
    if (t.letter == 'a') {
      std::string ap = UpperName(text.substr(pos, 2));
      if (ap != "AM" && ap != "PM") return std::nullopt;
      pm = ap == "PM";
      has_ampm = true;
      pos += 2;
      continue;
    }
    // Numbers: adjacent numeric fields use their width, the last one reads all digits.
    bool adjacent = k + 1 < tokens.size() && tokens[k + 1].letter != 0;
    size_t max_digits = adjacent ? static_cast<size_t>(t.width) : 18;
    size_t start = pos;
    int64_t v = 0;
    while (pos < text.size() && pos - start < max_digits && text[pos] >= '0' && text[pos] <= '9') {
      v = v * 10 + (text[pos] - '0');
      ++pos;
    }
    if (pos == start) return std::nullopt;
    size_t digits = pos - start;
    switch (t.letter) {
      case 'y':
        year = (t.width == 2 && digits == 2) ? 2000 + v : v;
        break;
      case 'M':
        month = v;
        break;
      case 'd':
        day = v;
        break;
      case 'H':
      case 'k':
        hour = v % 24;
        break;
      case 'h':
      case 'K':
        hour = v % 12;
        break;
      case 'm':
        minute = v;
        break;
      case 's':
        second = v;
        break;
      case 'S': {
        // Fraction digits: scale to nanoseconds by the digits read.
        int64_t ns = v;
        for (size_t d = digits; d < 9; ++d) ns *= 10;
        for (size_t d = 9; d < digits; ++d) ns /= 10;
        nanos = t.width <= 3 && digits <= 3 ? v * 1000000 : ns;
        break;
      }
      default:
        return std::nullopt;
    }
  }
  if (pos != text.size()) return std::nullopt;
  if (has_ampm && pm) hour += 12;
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) {
    return std::nullopt;
  }
  int64_t days = DaysFromCivil(year, static_cast<int>(month), static_cast<int>(day));
  if (CivilFromDays(days).day != day) return std::nullopt;  // e.g. February 30
  return Local{days * 86400 + hour * 3600 + minute * 60 + second, nanos, offset};
}

const std::vector<FormatToken>& DefaultTimestampFormat() {
  static const auto* f = new std::vector<FormatToken>(ParseFormat("yyyy-MM-dd HH:mm:ss"));
  return *f;
}

// Parses a timestamp string with an optional format; without one, Flink's default
// "yyyy-MM-dd HH:mm:ss[.fff]" (and a date alone) is accepted.
std::optional<Local> ParseTimestampText(std::string_view s,
                                        const std::vector<FormatToken>* format) {
  if (format != nullptr) return ParseLocal(s, *format);
  auto l = ParseLocal(s, DefaultTimestampFormat());
  if (l) return l;
  size_t dot = s.rfind('.');
  if (dot != std::string_view::npos) {
    auto base = ParseLocal(s.substr(0, dot), DefaultTimestampFormat());
    std::string_view frac = s.substr(dot + 1);
    if (base && !frac.empty() && frac.size() <= 9 &&
        frac.find_first_not_of("0123456789") == std::string_view::npos) {
      int64_t ns = 0;
      for (char ch : frac) ns = ns * 10 + (ch - '0');
      for (size_t d = frac.size(); d < 9; ++d) ns *= 10;
      base->nanos = ns;
      return base;
    }
  }
  static const auto* date_only = new std::vector<FormatToken>(ParseFormat("yyyy-MM-dd"));
  return ParseLocal(s, *date_only);
}

// Formats per row: the format comes from a literal (parsed once) or per row.
struct FormatCache {
  std::shared_ptr<const std::vector<FormatToken>> literal;
  std::string last;
  std::vector<FormatToken> tokens;
  // Whether the last Get() parsed a new pattern.
  bool tokens_changed = false;
  const std::vector<FormatToken>& Get(const Datum* d, int64_t i) {
    tokens_changed = false;
    if (literal) return *literal;
    std::string_view f = StrAt(*d, i);
    if (f != last || tokens.empty()) {
      last.assign(f);
      tokens = ParseFormat(f);
      tokens_changed = true;
    }
    return tokens;
  }
};

// Returns whether a pattern prints milliseconds (letter 'S').
bool ReadsMillis(const std::vector<FormatToken>& tokens) {
  return std::any_of(tokens.begin(), tokens.end(),
                     [](const FormatToken& t) { return t.letter == 'S'; });
}

std::shared_ptr<const std::vector<FormatToken>> LiteralFormat(const BindInput& in, size_t i,
                                                              std::string_view fallback) {
  if (in.types.size() <= i) {
    if (fallback.empty()) return nullptr;
    return std::make_shared<const std::vector<FormatToken>>(ParseFormat(fallback));
  }
  const Value* v = in.constant(i);
  if (v == nullptr || v->is_null()) return nullptr;
  return std::make_shared<const std::vector<FormatToken>>(ParseFormat(v->string_value()));
}

Result<BoundFunction> BindDateFormat(const BindInput& in) {
  WEIR_RETURN_NOT_OK(CheckArity("DATE_FORMAT", in, 2));
  const LogicalType& t = in.types[0];
  if ((!IsDateTime(t) && !t.is_string()) || !in.types[1].is_string()) {
    return NoMatchingSignature("DATE_FORMAT", in.types);
  }
  BoundFunction f;
  f.return_type = LogicalType::String(true);
  f.operand_types = {t, LogicalType::String()};
  auto literal = LiteralFormat(in, 1, "");
  LogicalType rt = f.return_type;
  bool from_string = t.is_string();
  f.kernel = [=](const EvalContext& c, const std::vector<Datum>& a, int64_t n) {
    auto zone_ptr = SessionZone(c.time_zone);
    const TimeZone& zone = *zone_ptr;
    FormatCache cache{literal, {}, {}};
    // Consecutive rows mostly fall in the same second: the text of the row before is reused
    // when the second, the millisecond (read by 'S' only) and the pattern are the same. For
    // timestamps that is decided on the stored value, before any conversion: the values in
    // [raw_lo, raw_hi) spell last_text.
    const bool raw_timestamps =
        t.id() == TypeId::kTimestamp || t.id() == TypeId::kTimestampLtz;
    const int64_t units = raw_timestamps ? UnitsPerSecond(TimestampUnit(t.precision())) : 1;
    int64_t raw_lo = 0, raw_hi = 0;
    const std::vector<FormatToken>* last_tokens = nullptr;
    Local last{0, 0};
    bool last_reads_millis = false;
    std::string last_text;
    return StringRowLoop(c, a, n, rt, [&](int64_t i, std::string& out) {
      const std::vector<FormatToken>& tokens = cache.Get(&a[1], i);
      const bool same_format = &tokens == last_tokens && !cache.tokens_changed;
      Local l;
      if (raw_timestamps) {
        const int64_t v = a[0].column->Value<int64_t>(a[0].scalar ? 0 : i);
        if (same_format && v >= raw_lo && v < raw_hi) {
          out += last_text;
          return true;
        }
        l = LocalAt(a[0], i, zone);
        const int64_t step = ReadsMillis(tokens) ? std::max<int64_t>(1, units / 1000) : units;
        raw_lo = FloorDiv(v, step) * step;
        raw_hi = raw_lo + step;
      } else {
        if (from_string) {
          auto parsed = ParseTimestampText(StrAt(a[0], i), nullptr);
          if (!parsed) return false;
          l = *parsed;
        } else {
          l = LocalAt(a[0], i, zone);
        }
        if (same_format && l.seconds == last.seconds &&
            (!last_reads_millis || l.nanos / 1000000 == last.nanos / 1000000)) {
          out += last_text;
          return true;
        }
      }
      const size_t start = out.size();
      FormatLocal(out, l, tokens);
      last_text.assign(out, start, out.size() - start);
      last_tokens = &tokens;
      last = l;
      last_reads_millis = ReadsMillis(tokens);
      return true;
    });
  };
  return f;
}

// TO_TIMESTAMP(string[, format]) -> TIMESTAMP(3); TO_DATE(string[, format]) -> DATE;
// UNIX_TIMESTAMP(string[, format]) -> BIGINT seconds (the string read in the session zone).
enum class ParseTarget { kTimestamp, kDate, kUnixSeconds };

BindFn ParseFunction(const char* name, ParseTarget target) {
  return [=](const BindInput& in) -> Result<BoundFunction> {
    if (in.types.empty() || in.types.size() > 2) return NoMatchingSignature(name, in.types);
    for (const auto& t : in.types) {
      if (!t.is_string() && t.id() != TypeId::kNull) return NoMatchingSignature(name, in.types);
    }
    BoundFunction f;
    f.return_type = target == ParseTarget::kTimestamp ? LogicalType::Timestamp(3)
                    : target == ParseTarget::kDate    ? LogicalType::Date()
                                                      : LogicalType::BigInt();
    f.operand_types.assign(in.types.size(), LogicalType::String());
    auto literal = LiteralFormat(in, 1, target == ParseTarget::kDate ? "yyyy-MM-dd" : "");
    bool has_format = in.types.size() == 2 || target == ParseTarget::kDate;
    LogicalType rt = f.return_type;
    f.kernel = [=](const EvalContext& c, const std::vector<Datum>& a,
                   int64_t n) -> Result<ColumnPtr> {
      auto zone = SessionZone(c.time_zone);
      FormatCache cache{literal, {}, {}};
      WEIR_ASSIGN_OR_RAISE(auto validity, CombineValidity(a, n, c.pool));
      const uint8_t* v = validity ? validity->data() : nullptr;
      WEIR_ASSIGN_OR_RAISE(auto builder, ColumnBuilder::Make(rt, c.pool));
      for (int64_t i = 0; i < n; ++i) {
        if (v != nullptr && !bits::GetBit(v, i)) {
          WEIR_RETURN_NOT_OK(builder->AppendNull());
          continue;
        }
        const std::vector<FormatToken>* fmt =
            has_format ? &cache.Get(a.size() > 1 ? &a[1] : nullptr, i) : nullptr;
        auto l = ParseTimestampText(StrAt(a[0], i), fmt);
        if (!l) {  // unparsable text gives NULL, as in Flink
          WEIR_RETURN_NOT_OK(builder->AppendNull());
          continue;
        }
        int64_t out;
        switch (target) {
          case ParseTarget::kTimestamp:
            out = l->seconds * 1000 + l->nanos / 1000000;
            break;
          case ParseTarget::kDate:
            out = FloorDiv(l->seconds, 86400);
            break;
          default:
            out = l->seconds -
                  (l->offset_seconds ? *l->offset_seconds : zone->OffsetOfLocal(l->seconds));
            break;
        }
        WEIR_RETURN_NOT_OK(builder->AppendValue(Value(out)));
      }
      return builder->Finish();
    };
    return f;
  };
}

// FROM_UNIXTIME(seconds[, format]) -> STRING in the session zone.
Result<BoundFunction> BindFromUnixtime(const BindInput& in) {
  if (in.types.empty() || in.types.size() > 2 || !in.types[0].is_integer() ||
      (in.types.size() == 2 && !in.types[1].is_string())) {
    return NoMatchingSignature("FROM_UNIXTIME", in.types);
  }
  BoundFunction f;
  f.return_type = LogicalType::String(true);
  f.operand_types = {LogicalType::BigInt()};
  if (in.types.size() == 2) f.operand_types.push_back(LogicalType::String());
  auto literal = LiteralFormat(in, 1, "yyyy-MM-dd HH:mm:ss");
  LogicalType rt = f.return_type;
  f.kernel = [=](const EvalContext& c, const std::vector<Datum>& a, int64_t n) {
    auto zone = SessionZone(c.time_zone);
    FormatCache cache{literal, {}, {}};
    return StringRowLoop(c, a, n, rt, [&](int64_t i, std::string& out) {
      int64_t secs = IntAt(a[0], i);
      Local l{secs + zone->OffsetAt(secs), 0};
      FormatLocal(out, l, cache.Get(a.size() > 1 ? &a[1] : nullptr, i));
      return true;
    });
  };
  return f;
}

// TIMESTAMPDIFF(unit, t1, t2): whole units from t1 to t2 (months for YEAR/QUARTER/MONTH).
Result<BoundFunction> BindTimestampDiff(const BindInput& in) {
  WEIR_RETURN_NOT_OK(CheckArity("TIMESTAMPDIFF", in, 3));
  const Value* u = in.constant(0);
  if (u == nullptr || u->is_null()) {
    return Status::NotSupported("TIMESTAMPDIFF needs a literal time unit");
  }
  auto unit = ParseUnit(u->string_value());
  if (!unit || !IsDateTime(in.types[1]) || !IsDateTime(in.types[2]) ||
      in.types[1].id() == TypeId::kTime || in.types[2].id() == TypeId::kTime) {
    return NoMatchingSignature("TIMESTAMPDIFF", in.types);
  }
  BoundFunction f;
  f.return_type = LogicalType::Int(in.types[1].nullable() || in.types[2].nullable());
  f.operand_types = in.types;
  LogicalType rt = f.return_type;
  Unit un = *unit;
  f.kernel = [=](const EvalContext& c, const std::vector<Datum>& a, int64_t n) {
    auto zone_ptr = SessionZone(c.time_zone);
    const TimeZone& zone = *zone_ptr;
    return FixedRowLoop<int32_t>(c, {a[1], a[2]}, n, rt, [&](int64_t i) {
      Local x = LocalAt(a[1], i, zone), y = LocalAt(a[2], i, zone);
      __int128 xn = static_cast<__int128>(x.seconds) * kNanosPerSecond + x.nanos;
      __int128 yn = static_cast<__int128>(y.seconds) * kNanosPerSecond + y.nanos;
      __int128 diff = yn - xn;
      switch (un) {
        case Unit::kYear:
        case Unit::kQuarter:
        case Unit::kMonth: {
          int64_t dx = FloorDiv(x.seconds, 86400), dy = FloorDiv(y.seconds, 86400);
          Civil cx = CivilFromDays(dx), cy = CivilFromDays(dy);
          int64_t months = (cy.year - cx.year) * 12 + (cy.month - cx.month);
          // Drop a month that is not complete yet.
          __int128 rx =
              (static_cast<__int128>(x.seconds) - (dx - cx.day + 1) * 86400) * kNanosPerSecond +
              x.nanos;
          __int128 ry =
              (static_cast<__int128>(y.seconds) - (dy - cy.day + 1) * 86400) * kNanosPerSecond +
              y.nanos;
          if (months > 0 && ry < rx) --months;
          if (months < 0 && ry > rx) ++months;
          int64_t per = un == Unit::kYear ? 12 : un == Unit::kQuarter ? 3 : 1;
          return static_cast<int32_t>(months / per);
        }
        case Unit::kWeek:
          return static_cast<int32_t>(diff / (kNanosPerSecond * 86400 * 7));
        case Unit::kDay:
          return static_cast<int32_t>(diff / (kNanosPerSecond * 86400));
        case Unit::kHour:
          return static_cast<int32_t>(diff / (kNanosPerSecond * 3600));
        case Unit::kMinute:
          return static_cast<int32_t>(diff / (kNanosPerSecond * 60));
        case Unit::kSecond:
          return static_cast<int32_t>(diff / kNanosPerSecond);
        case Unit::kMillisecond:
          return static_cast<int32_t>(diff / 1000000);
        default:
          return static_cast<int32_t>(diff / 1000);
      }
    });
  };
  return f;
}

// TIMESTAMPADD(unit, n, t): adds n units; months clamp the day to the month's end.
Result<BoundFunction> BindTimestampAdd(const BindInput& in) {
  WEIR_RETURN_NOT_OK(CheckArity("TIMESTAMPADD", in, 3));
  const Value* u = in.constant(0);
  if (u == nullptr || u->is_null()) {
    return Status::NotSupported("TIMESTAMPADD needs a literal time unit");
  }
  auto unit = ParseUnit(u->string_value());
  const LogicalType& t = in.types[2];
  if (!unit || !in.types[1].is_integer() ||
      (t.id() != TypeId::kTimestamp && t.id() != TypeId::kTimestampLtz &&
       t.id() != TypeId::kDate)) {
    return NoMatchingSignature("TIMESTAMPADD", in.types);
  }
  Unit un = *unit;
  bool date_result = t.id() == TypeId::kDate && UnitNeedsDate(un);
  BoundFunction f;
  LogicalType out = date_result               ? LogicalType::Date()
                    : t.id() == TypeId::kDate ? LogicalType::Timestamp(0)
                                              : t;
  f.return_type = out.WithNullable(in.types[1].nullable() || t.nullable());
  f.operand_types = {in.types[0], LogicalType::BigInt(), t};
  LogicalType rt = f.return_type;
  f.kernel = [=](const EvalContext& c, const std::vector<Datum>& a, int64_t n) {
    return FixedRowLoop<int64_t>(c, {a[1], a[2]}, n, rt, [&](int64_t i) -> int64_t {
      int64_t k = IntAt(a[1], i);
      // Work in the stored (UTC for LTZ) timeline; field arithmetic ignores the zone for
      // fixed offsets.
      Local l = LocalAt(a[2], i, UtcZone());
      int64_t day = FloorDiv(l.seconds, 86400);
      int64_t sod = l.seconds - day * 86400;
      switch (un) {
        case Unit::kYear:
        case Unit::kQuarter:
        case Unit::kMonth: {
          int64_t months = k * (un == Unit::kYear ? 12 : un == Unit::kQuarter ? 3 : 1);
          Civil cv = CivilFromDays(day);
          int64_t total = cv.year * 12 + (cv.month - 1) + months;
          int64_t y = FloorDiv(total, 12);
          int m = static_cast<int>(total - y * 12) + 1;
          int64_t last =
              DaysFromCivil(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1) - DaysFromCivil(y, m, 1);
          day = DaysFromCivil(y, m, static_cast<int>(std::min<int64_t>(cv.day, last)));
          break;
        }
        case Unit::kWeek:
          day += 7 * k;
          break;
        case Unit::kDay:
          day += k;
          break;
        case Unit::kHour:
          sod += 3600 * k;
          break;
        case Unit::kMinute:
          sod += 60 * k;
          break;
        case Unit::kSecond:
          sod += k;
          break;
        default:
          break;
      }
      int64_t secs = day * 86400 + sod;
      if (rt.id() == TypeId::kDate) return FloorDiv(secs, 86400);
      int64_t units = UnitsPerSecond(TimestampUnit(rt.precision()));
      int64_t nanos = l.nanos;
      if (un == Unit::kMillisecond) nanos += k * 1000000;
      if (un == Unit::kMicrosecond) nanos += k * 1000;
      if (un == Unit::kNanosecond) nanos += k;
      secs += FloorDiv(nanos, kNanosPerSecond);
      nanos -= FloorDiv(nanos, kNanosPerSecond) * kNanosPerSecond;
      return secs * units + nanos / (kNanosPerSecond / units);
    });
  };
  return f;
}

// Floors (or ceils) local seconds to the start of a unit.
int64_t FloorLocalSeconds(int64_t secs, Unit unit, bool ceil) {
  int64_t day = FloorDiv(secs, 86400);
  int64_t floored;
  int64_t next;
  switch (unit) {
    case Unit::kSecond:
      return secs;  // sub-second parts are handled by the caller
    case Unit::kMinute:
    case Unit::kHour:
    case Unit::kDay: {
      int64_t step = unit == Unit::kMinute ? 60 : unit == Unit::kHour ? 3600 : 86400;
      floored = FloorDiv(secs, step) * step;
      next = floored + step;
      break;
    }
    case Unit::kWeek: {
      int64_t wd = ((day + 4) % 7 + 7) % 7;  // 0 = Sunday, Calcite's week start
      floored = (day - wd) * 86400;
      next = floored + 7 * 86400;
      break;
    }
    default: {
      Civil c = CivilFromDays(day);
      int month = unit == Unit::kYear      ? 1
                  : unit == Unit::kQuarter ? (c.month - 1) / 3 * 3 + 1
                                           : c.month;
      int step = unit == Unit::kYear ? 12 : unit == Unit::kQuarter ? 3 : 1;
      floored = DaysFromCivil(c.year, month, 1) * 86400;
      int64_t total = c.year * 12 + (month - 1) + step;
      next = DaysFromCivil(FloorDiv(total, 12),
                           static_cast<int>(total - FloorDiv(total, 12) * 12) + 1, 1) *
             86400;
      break;
    }
  }
  return (ceil && floored != secs) ? next : floored;
}

}  // namespace

Result<BoundFunction> BindTemporalFloor(const BindInput& in, bool ceil) {
  const char* name = ceil ? "CEIL" : "FLOOR";
  WEIR_RETURN_NOT_OK(CheckArity(name, in, 2));
  const LogicalType& t = in.types[0];
  const Value* u = in.constant(1);
  if (u == nullptr || u->is_null() || !in.types[1].is_string()) {
    return Status::NotSupported(name, " needs a literal time unit after TO");
  }
  auto unit = ParseUnit(u->string_value());
  bool ok_unit = unit && (*unit == Unit::kYear || *unit == Unit::kQuarter ||
                          *unit == Unit::kMonth || *unit == Unit::kWeek || *unit == Unit::kDay ||
                          *unit == Unit::kHour || *unit == Unit::kMinute || *unit == Unit::kSecond);
  // TIME rounds within the day: only HOUR, MINUTE and SECOND apply (DAY and up are dates).
  bool time_unit =
      unit && (*unit == Unit::kHour || *unit == Unit::kMinute || *unit == Unit::kSecond);
  if (!ok_unit || (t.id() == TypeId::kTime && !time_unit) ||
      (t.id() == TypeId::kDate && !UnitNeedsDate(*unit))) {
    return Status::TypeError("Cannot round ", t.ToString(), " to ", u->string_value());
  }
  BoundFunction f;
  f.return_type = t;
  f.operand_types = in.types;
  LogicalType rt = t;
  Unit un = *unit;
  if (t.id() == TypeId::kTime) {
    // Nanos of the day; a ceiling past the last step of the day wraps to midnight, as
    // TIME '23:59:30' + INTERVAL '30' SECOND does.
    int64_t step = (un == Unit::kHour ? 3600 : un == Unit::kMinute ? 60 : 1) * kNanosPerSecond;
    f.kernel = [=](const EvalContext& c, const std::vector<Datum>& a, int64_t n) {
      return FixedRowLoop<int64_t>(c, {a[0]}, n, rt, [&](int64_t i) {
        int64_t v = a[0].column->Value<int64_t>(a[0].scalar ? 0 : i);
        int64_t floored = FloorDiv(v, step) * step;
        if (!ceil || floored == v) return floored;
        return (floored + step) % (86400 * kNanosPerSecond);
      });
    };
    return f;
  }
  f.kernel = [=](const EvalContext& c, const std::vector<Datum>& a, int64_t n) {
    auto zone =
        rt.id() == TypeId::kTimestampLtz ? SessionZone(c.time_zone) : TimeZone::Fixed("UTC", 0);
    if (rt.id() == TypeId::kDate) {
      return FixedRowLoop<int32_t>(c, {a[0]}, n, rt, [&](int64_t i) {
        int64_t secs =
            static_cast<int64_t>(a[0].column->Value<int32_t>(a[0].scalar ? 0 : i)) * 86400;
        return static_cast<int32_t>(FloorDiv(FloorLocalSeconds(secs, un, ceil), 86400));
      });
    }
    int64_t units = UnitsPerSecond(TimestampUnit(rt.precision()));
    return FixedRowLoop<int64_t>(c, {a[0]}, n, rt, [&](int64_t i) {
      int64_t v = a[0].column->Value<int64_t>(a[0].scalar ? 0 : i);
      int64_t secs = FloorDiv(v, units);
      bool has_fraction = v != secs * units;
      int64_t local = secs + zone->OffsetAt(secs);
      int64_t out = FloorLocalSeconds(local, un, ceil);
      if (ceil && has_fraction && out == local)
        out = un == Unit::kSecond ? local + 1 : FloorLocalSeconds(local + 1, un, true);
      return (out - zone->OffsetOfLocal(out)) * units;
    });
  };
  return f;
}

namespace {

// Resolves a zone argument per row, caching the last name.
class ZoneCache {
 public:
  const TimeZone* Get(std::string_view name) {
    if (!zone_ || name != zone_->name()) {
      auto z = TimeZone::Find(name);
      if (!z.ok()) {
        z.status().IgnoreError();
        return nullptr;
      }
      zone_ = *z;
    }
    return zone_.get();
  }

 private:
  std::shared_ptr<const TimeZone> zone_;
};

// Returns 10^k for k in [0, 18].
int64_t Pow10(int64_t k) {
  int64_t v = 1;
  while (k-- > 0) v *= 10;
  return v;
}

// Returns the longest run of 'S' outside quoted literals of a format, clamped to [3, 9].
int32_t FractionPrecision(std::string_view format) {
  int32_t best = 0, run = 0;
  bool quoted = false;
  for (char ch : format) {
    if (ch == '\'') quoted = !quoted;
    run = !quoted && ch == 'S' ? run + 1 : 0;
    best = std::max(best, run);
  }
  return std::clamp(best, 3, 9);
}

// TO_TIMESTAMP_LTZ(numeric[, precision]): the value counts units of 10^-precision seconds
// (precision 0..9, default 3); the result is TIMESTAMP_LTZ(3) for precision <= 3 or a non-literal
// precision, else TIMESTAMP_LTZ(precision). TO_TIMESTAMP_LTZ(string[, format[, zone]]): the
// text read as wall time in `zone` (UTC by default); the result precision follows the longest
// 'S' run of a literal format (3..9); unparsable text is NULL.
Result<BoundFunction> BindToTimestampLtz(const BindInput& in) {
  const char* name = "TO_TIMESTAMP_LTZ";
  if (in.types.empty() || in.types.size() > 3) return NoMatchingSignature(name, in.types);
  BoundFunction f;
  const LogicalType& t = in.types[0];
  bool any_nullable = false;
  for (const auto& arg : in.types) any_nullable = any_nullable || arg.nullable();
  if (t.is_numeric()) {
    if (in.types.size() > 2 ||
        (in.types.size() == 2 && !in.types[1].is_integer() && in.types[1].id() != TypeId::kNull)) {
      return NoMatchingSignature(name, in.types);
    }
    int32_t out_precision = 3;
    if (const Value* p = in.constant(1); p != nullptr && !p->is_null()) {
      if (p->int_value() < 0 || p->int_value() > 9) {
        return Status::Invalid(name, ": precision must be in [0, 9], got ", p->int_value());
      }
      out_precision = std::max<int32_t>(3, static_cast<int32_t>(p->int_value()));
    }
    f.return_type = LogicalType::TimestampLtz(out_precision, any_nullable);
    bool integral = t.is_integer();
    f.operand_types = {integral ? LogicalType::BigInt(t.nullable())
                                : LogicalType::Double(t.nullable())};
    if (in.types.size() == 2) f.operand_types.push_back(LogicalType::Int(in.types[1].nullable()));
    LogicalType rt = f.return_type;
    f.kernel = [=](const EvalContext& c, const std::vector<Datum>& a,
                   int64_t n) -> Result<ColumnPtr> {
      std::optional<int64_t> bad;
      auto out = FixedRowLoop<int64_t>(c, a, n, rt, [&](int64_t i) -> int64_t {
        int64_t precision = a.size() > 1 ? IntAt(a[1], i) : 3;
        if (precision < 0 || precision > 9) {
          bad = precision;
          return 0;
        }
        // Scale input units (10^-precision s) to output units (10^-out_precision s).
        int64_t mul = Pow10(std::max<int64_t>(out_precision - precision, 0));
        int64_t div = Pow10(std::max<int64_t>(precision - out_precision, 0));
        if (integral) {
          int64_t v = a[0].column->Value<int64_t>(a[0].scalar ? 0 : i);
          return div > 1 ? FloorDiv(v, div) : v * mul;
        }
        double v = a[0].column->Value<double>(a[0].scalar ? 0 : i);
        return static_cast<int64_t>(
            std::floor(v * static_cast<double>(mul) / static_cast<double>(div)));
      });
      if (bad) {
        out.status().IgnoreError();
        return Status::Invalid(name, ": precision must be in [0, 9], got ", *bad);
      }
      return out;
    };
    return f;
  }
  for (const auto& arg : in.types) {
    if (!arg.is_string() && arg.id() != TypeId::kNull) return NoMatchingSignature(name, in.types);
  }
  int32_t out_precision = 3;
  if (const Value* fmt = in.types.size() > 1 ? in.constant(1) : nullptr;
      fmt != nullptr && !fmt->is_null()) {
    out_precision = FractionPrecision(fmt->string_value());
  }
  f.return_type = LogicalType::TimestampLtz(out_precision, true);
  f.operand_types.assign(in.types.size(), LogicalType::String());
  auto literal = LiteralFormat(in, 1, "");
  bool has_format = in.types.size() >= 2;
  LogicalType rt = f.return_type;
  int64_t units = UnitsPerSecond(TimestampUnit(out_precision));
  f.kernel = [=](const EvalContext& c, const std::vector<Datum>& a,
                 int64_t n) -> Result<ColumnPtr> {
    FormatCache cache{literal, {}, {}};
    ZoneCache zones;
    std::vector<uint8_t> ok(static_cast<size_t>(n), 0);
    WEIR_ASSIGN_OR_RAISE(auto validity, CombineValidity(a, n, c.pool));
    const uint8_t* v = validity ? validity->data() : nullptr;
    WEIR_ASSIGN_OR_RAISE(auto values, AllocateValues<int64_t>(n, c.pool));
    int64_t* out = values->mutable_data_as<int64_t>();
    for (int64_t i = 0; i < n; ++i) {
      out[i] = 0;
      if (v != nullptr && !bits::GetBit(v, i)) continue;
      std::string_view zone_name = a.size() > 2 ? StrAt(a[2], i) : std::string_view("UTC");
      const TimeZone* zone = zones.Get(zone_name);
      if (zone == nullptr) return Status::Invalid(name, ": unknown time zone '", zone_name, "'");
      auto l = ParseTimestampText(StrAt(a[0], i), has_format ? &cache.Get(&a[1], i) : nullptr);
      if (!l) continue;
      int64_t nanos = TruncateNanos(l->nanos, out_precision);
      int64_t offset = l->offset_seconds ? *l->offset_seconds : zone->OffsetOfLocal(l->seconds);
      out[i] = (l->seconds - offset) * units + nanos / (kNanosPerSecond / units);
      ok[static_cast<size_t>(i)] = 1;
    }
    WEIR_ASSIGN_OR_RAISE(auto vb, AllocateBits(n, c.pool));
    PackBytes(ok.data(), n, vb->mutable_data());
    return MakeFixedColumn(rt, n, std::move(values), CountNulls(vb, n) ? vb : nullptr);
  };
  return f;
}

// UNIX_TIMESTAMP(): the current time in seconds (non-deterministic; see EvalContext::now_micros).
Result<BoundFunction> BindUnixTimestampNow(const BindInput& in) {
  BoundFunction f;
  f.deterministic = false;
  f.return_type = LogicalType::BigInt(false);
  LogicalType rt = f.return_type;
  f.kernel = [rt](const EvalContext& c, const std::vector<Datum>&, int64_t n) -> Result<ColumnPtr> {
    int64_t micros = c.now_micros ? *c.now_micros
                                  : std::chrono::duration_cast<std::chrono::microseconds>(
                                        std::chrono::system_clock::now().time_since_epoch())
                                        .count();
    WEIR_ASSIGN_OR_RAISE(auto values, AllocateValues<int64_t>(n, c.pool));
    std::fill_n(values->mutable_data_as<int64_t>(), n, FloorDiv(micros, 1000000));
    return MakeFixedColumn(rt, n, std::move(values), nullptr);
  };
  return f;
}

// CONVERT_TZ(string, from_zone, to_zone): 'yyyy-MM-dd HH:mm:ss' wall time converted between
// zones; NULL for unparsable text, an error for unknown zones.
Result<BoundFunction> BindConvertTz(const BindInput& in) {
  WEIR_RETURN_NOT_OK(CheckArity("CONVERT_TZ", in, 3));
  for (const auto& arg : in.types) {
    if (!arg.is_string() && arg.id() != TypeId::kNull) {
      return NoMatchingSignature("CONVERT_TZ", in.types);
    }
  }
  BoundFunction f;
  f.return_type = LogicalType::String(true);
  f.operand_types.assign(3, LogicalType::String());
  LogicalType rt = f.return_type;
  f.kernel = [rt](const EvalContext& c, const std::vector<Datum>& a,
                  int64_t n) -> Result<ColumnPtr> {
    ZoneCache from_zones, to_zones;
    std::string bad;
    auto out = StringRowLoop(c, a, n, rt, [&](int64_t i, std::string& out) {
      const TimeZone* from = from_zones.Get(StrAt(a[1], i));
      const TimeZone* to = to_zones.Get(StrAt(a[2], i));
      if (from == nullptr || to == nullptr) {
        if (bad.empty()) bad = std::string(from == nullptr ? StrAt(a[1], i) : StrAt(a[2], i));
        return false;
      }
      auto l = ParseTimestampText(StrAt(a[0], i), &DefaultTimestampFormat());
      if (!l) return false;
      int64_t utc = l->seconds - from->OffsetOfLocal(l->seconds);
      AppendTimestampText(out, (utc + to->OffsetAt(utc)) * 1000, 0);
      return true;
    });
    if (!bad.empty()) return Status::Invalid("CONVERT_TZ: unknown time zone '", bad, "'");
    return out;
  };
  return f;
}

// ---- OVERLAPS ----

// Adds `months` to a day number, clamping the day of the month (Jan 31 + 1 month = Feb 29).
int64_t AddMonthsToDay(int64_t day, int64_t months) {
  Civil cv = CivilFromDays(day);
  int64_t total = cv.year * 12 + (cv.month - 1) + months;
  int64_t y = FloorDiv(total, 12);
  int m = static_cast<int>(total - y * 12) + 1;
  int64_t last =
      DaysFromCivil(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1) - DaysFromCivil(y, m, 1);
  return DaysFromCivil(y, m, static_cast<int>(std::min<int64_t>(cv.day, last)));
}

// The points of one OVERLAPS period side, in a common tick: days (DATE), nanos of the day
// (TIME) or units of the finest timestamp precision among the operands (TIMESTAMP[_LTZ]).
struct PeriodPoints {
  std::vector<int64_t> ticks;
  std::vector<uint8_t> valid;
};

constexpr int64_t kNanosPerDay = 86400 * kNanosPerSecond;

// Reads a DATE/TIME/TIMESTAMP datum as ticks; `scale` multiplies timestamp values.
void LoadPeriodStart(const Datum& d, int64_t n, int64_t scale, PeriodPoints* out) {
  out->ticks.assign(static_cast<size_t>(n), 0);
  out->valid.assign(static_cast<size_t>(n), 0);
  if (d.type().id() == TypeId::kNull) return;
  if (d.type().id() == TypeId::kDate) {
    FixedReader<int32_t> r(d);
    for (int64_t i = 0; i < n; ++i) {
      out->ticks[static_cast<size_t>(i)] = r[i];
      out->valid[static_cast<size_t>(i)] = !d.IsNull(i);
    }
    return;
  }
  FixedReader<int64_t> r(d);
  for (int64_t i = 0; i < n; ++i) {
    out->ticks[static_cast<size_t>(i)] = r[i] * scale;
    out->valid[static_cast<size_t>(i)] = !d.IsNull(i);
  }
}

// Computes start + interval per row for a period given as (start, interval).
void AddPeriodInterval(const PeriodPoints& start, const Datum& interval, TypeId point_type,
                       int64_t units_per_second, int64_t n, PeriodPoints* out) {
  out->ticks.assign(static_cast<size_t>(n), 0);
  out->valid.assign(static_cast<size_t>(n), 0);
  if (interval.type().id() == TypeId::kNull) return;
  const int64_t ticks_per_day = units_per_second * 86400;
  if (interval.type().id() == TypeId::kIntervalYearMonth) {
    FixedReader<int32_t> months(interval);
    for (int64_t i = 0; i < n; ++i) {
      const size_t k = static_cast<size_t>(i);
      if (!start.valid[k] || interval.IsNull(i)) continue;
      const int64_t t = start.ticks[k];
      if (point_type == TypeId::kDate) {
        out->ticks[k] = AddMonthsToDay(t, months[i]);
      } else {
        const int64_t day = FloorDiv(t, ticks_per_day);
        out->ticks[k] = AddMonthsToDay(day, months[i]) * ticks_per_day + (t - day * ticks_per_day);
      }
      out->valid[k] = 1;
    }
    return;
  }
  FixedReader<int64_t> millis(interval);
  for (int64_t i = 0; i < n; ++i) {
    const size_t k = static_cast<size_t>(i);
    if (!start.valid[k] || interval.IsNull(i)) continue;
    const int64_t t = start.ticks[k];
    const int64_t ms = millis[i];
    switch (point_type) {
      case TypeId::kDate:
        out->ticks[k] = t + FloorDiv(ms, 86400000);
        break;
      case TypeId::kTime: {
        // TIME arithmetic wraps around midnight.
        const int64_t v = (t + (ms % 86400000) * 1000000) % kNanosPerDay;
        out->ticks[k] = v < 0 ? v + kNanosPerDay : v;
        break;
      }
      default:
        out->ticks[k] = t + ms * (units_per_second / 1000);
        break;
    }
    out->valid[k] = 1;
  }
}

bool IsPeriodPoint(const LogicalType& t) {
  return t.id() == TypeId::kDate || t.id() == TypeId::kTime || t.id() == TypeId::kTimestamp ||
         t.id() == TypeId::kTimestampLtz;
}

// OVERLAPS(start1, end1, start2, end2): the binder's form of (start1, end1) OVERLAPS (start2,
// end2), with Calcite's rules. An end may be an interval (end = start + interval). Each
// period's endpoints are swapped when the end comes first; then the periods overlap when
// end1 >= start2 AND end2 >= start1 (closed periods: touching counts), under SQL's
// three-valued logic, so a NULL point gives NULL unless the other comparison is FALSE.
Result<BoundFunction> BindOverlaps(const BindInput& in) {
  const char* name = "OVERLAPS";
  WEIR_RETURN_NOT_OK(CheckArity(name, in, 4));
  const LogicalType* point = nullptr;
  for (size_t i : {0, 2}) {
    if (IsPeriodPoint(in.types[i])) point = &in.types[i];
  }
  for (size_t i : {1, 3}) {
    if (point == nullptr && IsPeriodPoint(in.types[i])) point = &in.types[i];
  }
  if (point == nullptr) {
    return Status::TypeError("OVERLAPS needs DATE, TIME or TIMESTAMP periods, got ",
                             NoMatchingSignature(name, in.types).message());
  }
  const TypeId point_type = point->id();
  int32_t precision = 0;
  bool nullable = false;
  for (size_t i = 0; i < 4; ++i) {
    const LogicalType& t = in.types[i];
    nullable = nullable || t.nullable();
    if (t.id() == TypeId::kNull) continue;
    const bool is_end = i % 2 == 1;
    const bool interval =
        t.id() == TypeId::kIntervalDayTime || t.id() == TypeId::kIntervalYearMonth;
    if (t.id() == point_type) {
      precision = std::max(precision, t.precision());
      continue;
    }
    if (is_end && interval &&
        !(point_type == TypeId::kTime && t.id() == TypeId::kIntervalYearMonth)) {
      continue;
    }
    return Status::TypeError("OVERLAPS needs periods of one datetime type, each given as ",
                             "(start, end) or (start, interval); got ",
                             NoMatchingSignature(name, in.types).message());
  }
  BoundFunction f;
  f.return_type = LogicalType::Boolean(nullable);
  f.operand_types = in.types;
  const bool timestamps = point_type == TypeId::kTimestamp || point_type == TypeId::kTimestampLtz;
  const int64_t units_per_second = point_type == TypeId::kTime ? kNanosPerSecond
                                   : timestamps ? UnitsPerSecond(TimestampUnit(precision))
                                                : 1;
  std::vector<int64_t> scales(4, 1);
  std::vector<bool> is_interval(4, false);
  for (size_t i = 0; i < 4; ++i) {
    const LogicalType& t = in.types[i];
    is_interval[i] = t.id() == TypeId::kIntervalDayTime || t.id() == TypeId::kIntervalYearMonth;
    if (timestamps && t.id() == point_type) {
      scales[i] = units_per_second / UnitsPerSecond(TimestampUnit(t.precision()));
    }
  }
  LogicalType rt = f.return_type;
  f.kernel = [=](const EvalContext& c, const std::vector<Datum>& a,
                 int64_t n) -> Result<ColumnPtr> {
    PeriodPoints p[4];
    for (size_t side = 0; side < 2; ++side) {
      const size_t s = side * 2, e = s + 1;
      LoadPeriodStart(a[s], n, scales[s], &p[s]);
      if (is_interval[e]) {
        AddPeriodInterval(p[s], a[e], point_type, units_per_second, n, &p[e]);
      } else {
        LoadPeriodStart(a[e], n, scales[e], &p[e]);
      }
      // Order each period: a NULL point compares to nothing, so it is never swapped.
      for (int64_t i = 0; i < n; ++i) {
        const size_t k = static_cast<size_t>(i);
        if (p[s].valid[k] && p[e].valid[k] && p[e].ticks[k] < p[s].ticks[k]) {
          std::swap(p[s].ticks[k], p[e].ticks[k]);
        }
      }
    }
    WEIR_ASSIGN_OR_RAISE(auto bits, AllocateBits(n, c.pool));
    WEIR_ASSIGN_OR_RAISE(auto validity, AllocateBits(n, c.pool));
    uint8_t* out = bits->mutable_data();
    uint8_t* ok = validity->mutable_data();
    for (int64_t i = 0; i < n; ++i) {
      const size_t k = static_cast<size_t>(i);
      const bool known1 = p[1].valid[k] && p[2].valid[k];
      const bool known2 = p[3].valid[k] && p[0].valid[k];
      const bool false1 = known1 && p[1].ticks[k] < p[2].ticks[k];
      const bool false2 = known2 && p[3].ticks[k] < p[0].ticks[k];
      if (false1 || false2) {
        bits::SetBit(ok, i);
      } else if (known1 && known2) {
        bits::SetBit(ok, i);
        bits::SetBit(out, i);
      }
    }
    return MakeBooleanColumn(rt, n, std::move(bits),
                             CountNulls(validity, n) > 0 ? std::move(validity) : nullptr);
  };
  return f;
}

}  // namespace

void RegisterTemporalFunctions(FunctionRegistry* r) {
  r->Register({"EXTRACT", "temporal", BindExtract});
  r->Register({"YEAR", "temporal", ExtractFunction("YEAR", Unit::kYear)});
  r->Register({"QUARTER", "temporal", ExtractFunction("QUARTER", Unit::kQuarter)});
  r->Register({"MONTH", "temporal", ExtractFunction("MONTH", Unit::kMonth)});
  r->Register({"WEEK", "temporal", ExtractFunction("WEEK", Unit::kWeek)});
  r->Register({"DAYOFYEAR", "temporal", ExtractFunction("DAYOFYEAR", Unit::kDayOfYear)});
  r->Register({"DAYOFMONTH", "temporal", ExtractFunction("DAYOFMONTH", Unit::kDay)});
  r->Register({"DAYOFWEEK", "temporal", ExtractFunction("DAYOFWEEK", Unit::kDayOfWeek)});
  r->Register({"HOUR", "temporal", ExtractFunction("HOUR", Unit::kHour)});
  r->Register({"MINUTE", "temporal", ExtractFunction("MINUTE", Unit::kMinute)});
  r->Register({"SECOND", "temporal", ExtractFunction("SECOND", Unit::kSecond)});
  r->Register({"DATE_FORMAT", "temporal", BindDateFormat});
  r->Register({"TO_TIMESTAMP", "temporal", ParseFunction("TO_TIMESTAMP", ParseTarget::kTimestamp)});
  r->Register({"TO_DATE", "temporal", ParseFunction("TO_DATE", ParseTarget::kDate)});
  // UNIX_TIMESTAMP() reads the clock, so the name is marked non-deterministic as a whole.
  FunctionInfo unix_timestamp{"UNIX_TIMESTAMP", "temporal",
                              [parse = ParseFunction("UNIX_TIMESTAMP", ParseTarget::kUnixSeconds)](
                                  const BindInput& in) -> Result<BoundFunction> {
                                if (in.types.empty()) return BindUnixTimestampNow(in);
                                return parse(in);
                              }};
  unix_timestamp.deterministic = false;
  r->Register(std::move(unix_timestamp));
  r->Register({"FROM_UNIXTIME", "temporal", BindFromUnixtime});
  r->Register({"TIMESTAMPDIFF", "temporal", BindTimestampDiff});
  r->Register({"TIMESTAMPADD", "temporal", BindTimestampAdd});
  r->Register({"TO_TIMESTAMP_LTZ", "temporal", BindToTimestampLtz});
  r->Register({"CONVERT_TZ", "temporal", BindConvertTz});
  r->Register({"OVERLAPS", "temporal", BindOverlaps});
}

}  // namespace weir::sql
