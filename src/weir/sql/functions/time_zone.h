// TimeZone: fixed offsets and named region zones read from the system's TZif files
// (/usr/share/zoneinfo), with the POSIX rule of the file's footer for later years.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "weir/common/result.h"

namespace weir::sql {

/// A time zone: UTC offsets by instant. Immutable and thread-safe once built.
class TimeZone {
 public:
  /// Returns the zone named `name`: "UTC", fixed offsets ("+08:00", "GMT-3") or a region
  /// ("Asia/Shanghai", "America/New_York") read from the zoneinfo directory. Zones are loaded
  /// once and cached.
  static Result<std::shared_ptr<const TimeZone>> Find(std::string_view name);
  /// Parses the bytes of a TZif file (versions 1-4); `name` is kept for messages.
  static Result<std::shared_ptr<const TimeZone>> FromTzif(std::string name, std::string_view data);
  /// Makes a zone with a fixed offset (seconds east of UTC).
  static std::shared_ptr<const TimeZone> Fixed(std::string name, int64_t offset_seconds);

  const std::string& name() const { return name_; }
  /// Returns whether the offset never changes.
  bool is_fixed() const { return transitions_.empty() && !has_rule_; }

  /// Returns the offset (seconds east of UTC) in effect at `utc_seconds` since the epoch.
  int64_t OffsetAt(int64_t utc_seconds) const;
  /// Returns the offset to subtract from a local wall time to get UTC, as java.time's
  /// LocalDateTime.atZone resolves it: in an overlap the earlier offset, in a gap the offset
  /// before the gap (moving the time later by the gap's length).
  int64_t OffsetOfLocal(int64_t local_seconds) const;

 private:
  // A POSIX TZ rule "STDoff[DST[off],Mm.w.d[/time],Mm.w.d[/time]]" (only the M form).
  struct RuleDate {
    int month = 0, week = 0, weekday = 0;
    int64_t time = 7200;
  };
  bool ParseRule(std::string_view rule);
  int64_t RuleOffsetAt(int64_t utc_seconds) const;

  std::string name_;
  int64_t initial_offset_ = 0;
  std::vector<int64_t> transitions_;    // UTC seconds, ascending
  std::vector<int64_t> offsets_after_;  // offset from transitions_[i] on
  bool has_rule_ = false;
  bool rule_has_dst_ = false;
  int64_t std_offset_ = 0, dst_offset_ = 0;
  RuleDate dst_start_, dst_end_;
};

/// Returns the UTC zone.
const TimeZone& UtcZone();
/// Returns the session zone `name`, or UTC when it is invalid (CompiledExpr validates the
/// session zone before kernels run). Kernels call it once per batch.
std::shared_ptr<const TimeZone> SessionZone(std::string_view name);
/// Like SessionZone, for per-value helpers: remembers the last zone of the calling thread, so
/// repeated calls with one name cost a string comparison.
const TimeZone& CachedSessionZone(std::string_view name);

}  // namespace weir::sql
