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

/// Parses a time zone with a fixed offset: "UTC", "GMT", "Z", "+08:00", "-0530", "UTC+8",
/// "GMT-03:30".
Result<int64_t> ParseFixedZoneOffset(std::string_view zone);
/// Checks a session time zone, a fixed offset or a region name such as "Asia/Shanghai" (see
/// TimeZone), and returns its offset in seconds at the epoch. Kernels take offsets at each
/// instant from SessionZone() instead.
Result<int64_t> ParseZoneOffset(std::string_view zone);

}  // namespace weir::sql
