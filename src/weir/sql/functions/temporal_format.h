// Text forms of DATE/TIME/TIMESTAMP values as Flink's CAST prints them, and session zones.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "weir/common/result.h"

namespace weir::sql {

/// Appends "HH:mm:ss" plus `precision` fraction digits of a TIME value (nanos of the day).
void AppendTimeText(std::string& out, int64_t nano_of_day, int32_t precision);
/// Appends "yyyy-MM-dd HH:mm:ss" plus `precision` fraction digits of a TIMESTAMP(precision)
/// value stored in TimestampUnit(precision).
void AppendTimestampText(std::string& out, int64_t value, int32_t precision);
/// Drops the digits of `nanos` below `precision` fractional digits.
int64_t TruncateNanos(int64_t nanos, int32_t precision);

/// Parses a session time zone with a fixed offset: "UTC", "GMT", "Z", "+08:00", "-0530",
/// "UTC+8", "GMT-03:30". Named region zones are not supported yet.
Result<int64_t> ParseZoneOffset(std::string_view zone);
/// Returns ParseZoneOffset(zone) or 0 when the zone is invalid (validated earlier).
int64_t ZoneOffsetSeconds(std::string_view zone);

}  // namespace weir::sql
