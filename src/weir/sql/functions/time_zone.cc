// TimeZone: TZif reader, POSIX footer rules and the zone cache.
#include "weir/sql/functions/time_zone.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>

#include "weir/common/batch/java_format.h"
#include "weir/sql/functions/temporal_format.h"

namespace weir::sql {
namespace {

int64_t ReadBigEndian(const unsigned char* p, int bytes) {
  uint64_t v = 0;
  for (int k = 0; k < bytes; ++k) v = (v << 8) | p[k];
  if (bytes == 4) return static_cast<int32_t>(static_cast<uint32_t>(v));
  return static_cast<int64_t>(v);
}

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// Returns the civil year of a day count since 1970-01-01.
int64_t YearOfDay(int64_t days) {
  int64_t z = days + 719468;
  int64_t era = FloorDiv(z, 146097);
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  int64_t month = mp < 10 ? mp + 3 : mp - 9;
  return yoe + era * 400 + (month <= 2);
}

bool IsLeap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int64_t y, int m) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

// Parses "[+-]hh[:mm[:ss]]" at *pos; returns seconds.
bool ParseHms(std::string_view s, size_t* pos, int64_t* out) {
  int sign = 1;
  if (*pos < s.size() && (s[*pos] == '+' || s[*pos] == '-')) sign = s[(*pos)++] == '-' ? -1 : 1;
  int64_t parts[3] = {0, 0, 0};
  for (int part = 0; part < 3; ++part) {
    size_t start = *pos;
    while (*pos < s.size() && s[*pos] >= '0' && s[*pos] <= '9') {
      parts[part] = parts[part] * 10 + (s[*pos] - '0');
      ++*pos;
    }
    if (*pos == start) return false;
    if (*pos >= s.size() || s[*pos] != ':' || part == 2) break;
    ++*pos;
  }
  *out = sign * (parts[0] * 3600 + parts[1] * 60 + parts[2]);
  return true;
}

bool SkipZoneName(std::string_view s, size_t* pos) {
  size_t start = *pos;
  if (*pos < s.size() && s[*pos] == '<') {
    size_t end = s.find('>', *pos);
    if (end == std::string_view::npos) return false;
    *pos = end + 1;
    return true;
  }
  while (*pos < s.size() &&
         ((s[*pos] >= 'A' && s[*pos] <= 'Z') || (s[*pos] >= 'a' && s[*pos] <= 'z'))) {
    ++*pos;
  }
  return *pos > start;
}

std::string ZoneInfoDir() {
  const char* env = std::getenv("TZDIR");
  return env != nullptr && *env != '\0' ? env : "/usr/share/zoneinfo";
}

}  // namespace

std::shared_ptr<const TimeZone> TimeZone::Fixed(std::string name, int64_t offset_seconds) {
  auto z = std::make_shared<TimeZone>();
  z->name_ = std::move(name);
  z->initial_offset_ = offset_seconds;
  return z;
}

Result<std::shared_ptr<const TimeZone>> TimeZone::FromTzif(std::string name,
                                                           std::string_view data) {
  auto bad = [&](const char* why) {
    return Status::Invalid("Invalid time zone file for ", name, ": ", why);
  };
  auto p = reinterpret_cast<const unsigned char*>(data.data());
  if (data.size() < 44 || data.substr(0, 4) != "TZif") return bad("no TZif header");
  auto counts = [&](size_t at, int64_t c[6]) {
    for (int k = 0; k < 6; ++k) c[k] = ReadBigEndian(p + at + 20 + 4 * k, 4);
  };
  int64_t c[6];
  auto counts_ok = [&] {
    for (int64_t v : c) {
      if (v < 0 || v > (int64_t{1} << 20)) return false;
    }
    return true;
  };
  counts(0, c);
  if (!counts_ok()) return bad("bad counts");
  int version = data[4] == '\0' ? 1 : data[4] - '0';
  int time_size = 4;
  size_t at = 44;
  auto block_size = [&](const int64_t cc[6], int ts) {
    // isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt
    return static_cast<size_t>(cc[3] * ts + cc[3] + cc[4] * 6 + cc[5] + cc[2] * (ts + 4) + cc[1] +
                               cc[0]);
  };
  if (version >= 2) {
    at += block_size(c, 4);
    if (data.size() < at + 44 || data.substr(at, 4) != "TZif") return bad("no second header");
    counts(at, c);
    if (!counts_ok()) return bad("bad counts");
    at += 44;
    time_size = 8;
  }
  if (c[4] <= 0 || data.size() < at + block_size(c, time_size)) return bad("truncated data");
  auto z = std::make_shared<TimeZone>();
  z->name_ = std::move(name);
  int64_t timecnt = c[3], typecnt = c[4];
  const unsigned char* times = p + at;
  const unsigned char* idx = times + timecnt * time_size;
  const unsigned char* types = idx + timecnt;
  auto type_offset = [&](int64_t t) { return ReadBigEndian(types + 6 * t, 4); };
  z->initial_offset_ = type_offset(0);
  for (int64_t k = 0; k < timecnt; ++k) {
    int64_t t = idx[k];
    if (t >= typecnt) return bad("bad type index");
    z->transitions_.push_back(ReadBigEndian(times + k * time_size, time_size));
    z->offsets_after_.push_back(type_offset(t));
  }
  if (version >= 2) {
    size_t footer = at + block_size(c, time_size);
    if (footer < data.size() && data[footer] == '\n') {
      size_t end = data.find('\n', footer + 1);
      if (end != std::string_view::npos && end > footer + 1) {
        z->ParseRule(data.substr(footer + 1, end - footer - 1));
      }
    }
  }
  return std::shared_ptr<const TimeZone>(std::move(z));
}

bool TimeZone::ParseRule(std::string_view rule) {
  size_t pos = 0;
  int64_t off = 0;
  if (!SkipZoneName(rule, &pos) || !ParseHms(rule, &pos, &off)) return false;
  std_offset_ = -off;  // POSIX offsets are west-positive
  if (pos == rule.size()) {
    has_rule_ = true;
    return true;
  }
  if (!SkipZoneName(rule, &pos)) return false;
  dst_offset_ = std_offset_ + 3600;
  if (pos < rule.size() && rule[pos] != ',') {
    if (!ParseHms(rule, &pos, &off)) return false;
    dst_offset_ = -off;
  }
  auto date = [&](RuleDate* d) {
    if (pos >= rule.size() || rule[pos] != ',' || pos + 1 >= rule.size() || rule[pos + 1] != 'M') {
      return false;
    }
    pos += 2;
    int v[3] = {0, 0, 0};
    for (int k = 0; k < 3; ++k) {
      size_t start = pos;
      while (pos < rule.size() && rule[pos] >= '0' && rule[pos] <= '9')
        v[k] = v[k] * 10 + (rule[pos++] - '0');
      if (pos == start) return false;
      if (k < 2) {
        if (pos >= rule.size() || rule[pos] != '.') return false;
        ++pos;
      }
    }
    d->month = v[0];
    d->week = v[1];
    d->weekday = v[2];
    d->time = 7200;
    if (pos < rule.size() && rule[pos] == '/') {
      ++pos;
      if (!ParseHms(rule, &pos, &d->time)) return false;
    }
    return d->month >= 1 && d->month <= 12 && d->week >= 1 && d->week <= 5 && d->weekday <= 6;
  };
  if (!date(&dst_start_) || !date(&dst_end_)) return false;
  has_rule_ = true;
  rule_has_dst_ = true;
  return true;
}

int64_t TimeZone::RuleOffsetAt(int64_t utc_seconds) const {
  if (!rule_has_dst_) return std_offset_;
  int64_t year = YearOfDay(FloorDiv(utc_seconds + std_offset_, 86400));
  auto transition = [&](const RuleDate& d, int64_t offset_before) {
    int64_t first = java::DaysFromCivil(year, d.month, 1);
    int64_t weekday_first = ((first + 4) % 7 + 7) % 7;  // 1970-01-01 was a Thursday
    int64_t day = 1 + (d.weekday - weekday_first + 7) % 7 + 7 * (d.week - 1);
    while (day > DaysInMonth(year, d.month)) day -= 7;
    return (first + day - 1) * 86400 + d.time - offset_before;
  };
  int64_t start = transition(dst_start_, std_offset_);
  int64_t end = transition(dst_end_, dst_offset_);
  bool dst = start < end ? (utc_seconds >= start && utc_seconds < end)
                         : !(utc_seconds >= end && utc_seconds < start);
  return dst ? dst_offset_ : std_offset_;
}

int64_t TimeZone::OffsetAt(int64_t utc_seconds) const {
  if (transitions_.empty()) return has_rule_ ? RuleOffsetAt(utc_seconds) : initial_offset_;
  auto it = std::upper_bound(transitions_.begin(), transitions_.end(), utc_seconds);
  if (it == transitions_.begin()) return initial_offset_;
  if (it == transitions_.end() && has_rule_) return RuleOffsetAt(utc_seconds);
  return offsets_after_[static_cast<size_t>(it - transitions_.begin() - 1)];
}

int64_t TimeZone::OffsetOfLocal(int64_t local_seconds) const {
  if (is_fixed()) return initial_offset_;
  int64_t before = OffsetAt(local_seconds - 86400);
  if (OffsetAt(local_seconds - before) == before) return before;
  int64_t after = OffsetAt(local_seconds + 86400);
  if (OffsetAt(local_seconds - after) == after) return after;
  return before;  // a gap: keep the earlier offset, moving the time later
}

Result<std::shared_ptr<const TimeZone>> TimeZone::Find(std::string_view name) {
  static std::mutex mu;
  static auto* cache = new std::map<std::string, std::shared_ptr<const TimeZone>, std::less<>>();
  {
    std::lock_guard<std::mutex> lock(mu);
    auto it = cache->find(name);
    if (it != cache->end()) return it->second;
  }
  std::shared_ptr<const TimeZone> zone;
  auto fixed = ParseFixedZoneOffset(name);
  if (fixed.ok()) {
    zone = Fixed(std::string(name), *fixed);
  } else {
    fixed.status().IgnoreError();
    bool safe = !name.empty() && name[0] != '/' && name.find("..") == std::string_view::npos;
    for (char ch : name) {
      safe = safe && (std::isalnum(static_cast<unsigned char>(ch)) || ch == '/' || ch == '_' ||
                      ch == '-' || ch == '+');
    }
    if (!safe) return Status::Invalid("Invalid time zone: ", name);
    std::ifstream in(ZoneInfoDir() + "/" + std::string(name), std::ios::binary);
    if (!in.good()) return Status::Invalid("Unknown time zone: ", name);
    std::stringstream bytes;
    bytes << in.rdbuf();
    WEIR_ASSIGN_OR_RAISE(zone, FromTzif(std::string(name), bytes.str()));
  }
  std::lock_guard<std::mutex> lock(mu);
  (*cache)[std::string(name)] = zone;
  return zone;
}

const TimeZone& UtcZone() {
  static const auto* utc = new std::shared_ptr<const TimeZone>(TimeZone::Fixed("UTC", 0));
  return **utc;
}

std::shared_ptr<const TimeZone> SessionZone(std::string_view name) {
  auto z = TimeZone::Find(name);
  if (!z.ok()) {
    z.status().IgnoreError();
    static const auto* utc = new std::shared_ptr<const TimeZone>(TimeZone::Fixed("UTC", 0));
    return *utc;
  }
  return *z;
}

const TimeZone& CachedSessionZone(std::string_view name) {
  thread_local std::shared_ptr<const TimeZone> last;
  thread_local std::string last_name;
  if (!last || last_name != name) {
    last = SessionZone(name);
    last_name = std::string(name);
  }
  return *last;
}

}  // namespace weir::sql
