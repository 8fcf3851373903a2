// Tests of the Java-compatible number, date, time and interval text forms.
#include "weir/common/batch/java_format.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace weir::java {
namespace {

std::string D(double v) {
  std::string s;
  AppendDouble(s, v);
  return s;
}
std::string F(float v) {
  std::string s;
  AppendFloat(s, v);
  return s;
}
std::string Date(int64_t day) {
  std::string s;
  AppendLocalDate(s, day);
  return s;
}
std::string Time(int64_t nanos) {
  std::string s;
  AppendLocalTime(s, nanos);
  return s;
}
std::string DateTime(int64_t sec, int32_t nano = 0) {
  std::string s;
  AppendLocalDateTime(s, sec, nano);
  return s;
}
std::string Instant(int64_t sec, int32_t nano = 0) {
  std::string s;
  AppendInstant(s, sec, nano);
  return s;
}
std::string Period(int64_t y, int64_t m, int64_t d) {
  std::string s;
  AppendPeriod(s, y, m, d);
  return s;
}
// Formats a duration of `millis` the way Flink converts INTERVAL DAY TO SECOND (Duration.ofMillis).
std::string DurationMillis(int64_t millis) {
  std::string s;
  int64_t secs = millis / 1000;
  int64_t ms = millis % 1000;
  if (ms < 0) {
    ms += 1000;
    secs -= 1;
  }
  AppendDuration(s, secs, static_cast<int32_t>(ms * 1000000));
  return s;
}

TEST(JavaFormatTest, DoublePlainRange) {
  EXPECT_EQ(D(1.0), "1.0");
  EXPECT_EQ(D(100.0), "100.0");
  EXPECT_EQ(D(9999999.0), "9999999.0");
  EXPECT_EQ(D(0.001), "0.001");
  EXPECT_EQ(D(3.14), "3.14");
  EXPECT_EQ(D(-2.5), "-2.5");
  EXPECT_EQ(D(0.1), "0.1");
  EXPECT_EQ(D(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(D(123456.789), "123456.789");
  EXPECT_EQ(D(1234567.0), "1234567.0");
  EXPECT_EQ(D(0.0123), "0.0123");
}

TEST(JavaFormatTest, DoubleScientific) {
  EXPECT_EQ(D(1.0e7), "1.0E7");
  EXPECT_EQ(D(1.2345678e7), "1.2345678E7");
  EXPECT_EQ(D(1.0e-4), "1.0E-4");
  EXPECT_EQ(D(9.99e-4), "9.99E-4");
  EXPECT_EQ(D(-1.5e10), "-1.5E10");
  EXPECT_EQ(D(1e21), "1.0E21");
  EXPECT_EQ(D(1e23), "1.0E23");
  EXPECT_EQ(D(std::numeric_limits<double>::max()), "1.7976931348623157E308");
  EXPECT_EQ(D(std::numeric_limits<double>::min()), "2.2250738585072014E-308");
  EXPECT_EQ(D(static_cast<double>(INT64_MAX)), "9.223372036854776E18");
}

TEST(JavaFormatTest, DoubleSubnormalsUseTwoDigits) {
  // Java prints the closest of one or two digits when one digit would be enough.
  EXPECT_EQ(D(std::numeric_limits<double>::denorm_min()), "4.9E-324");
  EXPECT_EQ(D(1.0e-323), "9.9E-324");  // the double nearest 1.0E-323 is 2 * MIN_VALUE
  EXPECT_EQ(D(1.5e-323), "1.5E-323");
}

TEST(JavaFormatTest, DoubleSpecials) {
  EXPECT_EQ(D(0.0), "0.0");
  EXPECT_EQ(D(-0.0), "-0.0");
  EXPECT_EQ(D(std::nan("")), "NaN");
  EXPECT_EQ(D(std::numeric_limits<double>::infinity()), "Infinity");
  EXPECT_EQ(D(-std::numeric_limits<double>::infinity()), "-Infinity");
}

TEST(JavaFormatTest, Float) {
  EXPECT_EQ(F(1.1f), "1.1");
  EXPECT_EQ(F(1.0f), "1.0");
  EXPECT_EQ(F(0.1f), "0.1");
  EXPECT_EQ(F(3.4028235e38f), "3.4028235E38");
  EXPECT_EQ(F(std::numeric_limits<float>::denorm_min()), "1.4E-45");
  EXPECT_EQ(F(1.0e7f), "1.0E7");
  EXPECT_EQ(F(1.0e-4f), "1.0E-4");
  EXPECT_EQ(F(-0.0f), "-0.0");
  EXPECT_EQ(F(16777216.0f), "1.6777216E7");
  EXPECT_EQ(F(std::nanf("")), "NaN");
  EXPECT_EQ(F(-std::numeric_limits<float>::infinity()), "-Infinity");
}

TEST(JavaFormatTest, LocalDate) {
  EXPECT_EQ(Date(0), "1970-01-01");
  EXPECT_EQ(Date(18545), "2020-10-10");
  EXPECT_EQ(Date(-1), "1969-12-31");
  EXPECT_EQ(Date(11016), "2000-02-29");
  EXPECT_EQ(Date(-719528), "0000-01-01");
  EXPECT_EQ(Date(-719529), "-0001-12-31");
  EXPECT_EQ(Date(-719162), "0001-01-01");
  EXPECT_EQ(Date(2932897), "+10000-01-01");
  EXPECT_EQ(Date(2932896), "9999-12-31");
  EXPECT_EQ(Date(DaysFromCivil(-1000, 3, 1)), "-1000-03-01");
  EXPECT_EQ(Date(DaysFromCivil(-999, 3, 1)), "-0999-03-01");
  EXPECT_EQ(Date(DaysFromCivil(-12345, 6, 7)), "-12345-06-07");
  EXPECT_EQ(Date(DaysFromCivil(1582, 10, 4)), "1582-10-04");  // proleptic Gregorian
}

TEST(JavaFormatTest, ExtremeInputsStayDefined) {
  // Far outside java.time's range, but printing must not overflow.
  EXPECT_FALSE(Date(INT64_MAX).empty());
  EXPECT_FALSE(Date(INT64_MIN).empty());
  EXPECT_EQ(DateTime(INT64_MIN / 1000, 0).substr(0, 1), "-");
  EXPECT_EQ(Instant(INT64_MAX / 1000, 999999999).back(), 'Z');
  EXPECT_EQ(Time(-1), "23:59:59.999999999");  // wraps around the day
  std::string s;
  AppendDuration(s, INT64_MIN, 0);
  EXPECT_EQ(s, "PT-2562047788015215H-30M-8S");
}

TEST(JavaFormatTest, LocalTime) {
  constexpr int64_t kSec = 1000000000;
  EXPECT_EQ(Time(0), "00:00");
  EXPECT_EQ(Time(12 * 3600 * kSec), "12:00");
  EXPECT_EQ(Time((12 * 3600 + 1) * kSec), "12:00:01");
  EXPECT_EQ(Time((12 * 3600 + 1) * kSec + 500000000), "12:00:01.500");
  EXPECT_EQ(Time((12 * 3600 + 1) * kSec + 1000), "12:00:01.000001");
  EXPECT_EQ(Time((12 * 3600 + 1) * kSec + 1), "12:00:01.000000001");
  EXPECT_EQ(Time(12 * 3600 * kSec + 120000000), "12:00:00.120");
  EXPECT_EQ(Time(86400 * kSec - 1), "23:59:59.999999999");
}

TEST(JavaFormatTest, LocalDateTimeAndInstant) {
  int64_t t = 1602288005;  // 2020-10-10T00:00:05Z
  EXPECT_EQ(DateTime(t), "2020-10-10T00:00:05");
  EXPECT_EQ(DateTime(t - 5), "2020-10-10T00:00");
  EXPECT_EQ(DateTime(t, 123000000), "2020-10-10T00:00:05.123");
  EXPECT_EQ(DateTime(-1), "1969-12-31T23:59:59");
  EXPECT_EQ(DateTime(-1, 999000000), "1969-12-31T23:59:59.999");
  EXPECT_EQ(DateTime(253402300800), "+10000-01-01T00:00");
  EXPECT_EQ(DateTime(-62167219200 - 86400), "-0001-12-31T00:00");
  EXPECT_EQ(Instant(t), "2020-10-10T00:00:05Z");
  EXPECT_EQ(Instant(t - 5), "2020-10-10T00:00:00Z");
  EXPECT_EQ(Instant(t, 120000000), "2020-10-10T00:00:05.120Z");
  EXPECT_EQ(Instant(t, 123456000), "2020-10-10T00:00:05.123456Z");
  EXPECT_EQ(Instant(t, 123456789), "2020-10-10T00:00:05.123456789Z");
  EXPECT_EQ(Instant(253402300800), "+10000-01-01T00:00:00Z");
  EXPECT_EQ(Instant(-62167219200 - 86400), "-0001-12-31T00:00:00Z");
}

TEST(JavaFormatTest, Period) {
  EXPECT_EQ(Period(0, 0, 0), "P0D");
  EXPECT_EQ(Period(1, 2, 0), "P1Y2M");
  EXPECT_EQ(Period(-1, -2, 0), "P-1Y-2M");
  EXPECT_EQ(Period(0, 14, 0), "P14M");
  EXPECT_EQ(Period(3, 0, 0), "P3Y");
  EXPECT_EQ(Period(0, 0, 5), "P5D");
}

TEST(JavaFormatTest, Duration) {
  EXPECT_EQ(DurationMillis(0), "PT0S");
  EXPECT_EQ(DurationMillis(3723500), "PT1H2M3.5S");
  EXPECT_EQ(DurationMillis(48 * 3600000LL), "PT48H");
  EXPECT_EQ(DurationMillis(-500), "PT-0.5S");
  EXPECT_EQ(DurationMillis(-1), "PT-0.001S");
  EXPECT_EQ(DurationMillis(-1500), "PT-1.5S");
  EXPECT_EQ(DurationMillis(-3723500), "PT-1H-2M-3.5S");
  EXPECT_EQ(DurationMillis(60000), "PT1M");
  EXPECT_EQ(DurationMillis(3600000 + 1), "PT1H0.001S");
  EXPECT_EQ(DurationMillis(-60000), "PT-1M");
  EXPECT_EQ(DurationMillis(1), "PT0.001S");
  EXPECT_EQ(DurationMillis(10), "PT0.01S");
  EXPECT_EQ(DurationMillis(5000), "PT5S");
}

TEST(JavaFormatTest, ParseDateAndTime) {
  EXPECT_EQ(ParseLocalDate("2020-10-10"), 18545);
  EXPECT_EQ(ParseLocalDate("-0001-12-31"), -719529);
  EXPECT_EQ(ParseLocalDate("+10000-01-01"), 2932897);
  EXPECT_EQ(ParseLocalDate("2000-02-29"), 11016);
  EXPECT_FALSE(ParseLocalDate("2001-02-29"));
  EXPECT_FALSE(ParseLocalDate("2001-13-01"));
  EXPECT_FALSE(ParseLocalDate("2001-1-01"));
  EXPECT_FALSE(ParseLocalDate("2001-01-01x"));
  EXPECT_FALSE(ParseLocalDate(""));
  constexpr int64_t kSec = 1000000000;
  EXPECT_EQ(ParseLocalTime("12:00"), 12 * 3600 * kSec);
  EXPECT_EQ(ParseLocalTime("12:00:01.5"), (12 * 3600 + 1) * kSec + 500000000);
  EXPECT_EQ(ParseLocalTime("23:59:59.999999999"), 86400 * kSec - 1);
  EXPECT_FALSE(ParseLocalTime("24:00"));
  EXPECT_FALSE(ParseLocalTime("12:60"));
  EXPECT_FALSE(ParseLocalTime("12:00:01.1234567891"));
  EXPECT_FALSE(ParseLocalTime("12:00:"));
  EXPECT_FALSE(ParseLocalTime("12"));
  auto dt = ParseLocalDateTime("2020-10-10 00:00:05.123");
  ASSERT_TRUE(dt);
  EXPECT_EQ(dt->seconds, 1602288005);
  EXPECT_EQ(dt->nano, 123000000);
  dt = ParseLocalDateTime("1969-12-31T23:59:59.999");
  ASSERT_TRUE(dt);
  EXPECT_EQ(dt->seconds, -1);
  EXPECT_EQ(dt->nano, 999000000);
  EXPECT_FALSE(ParseLocalDateTime("2020-10-10"));
  EXPECT_FALSE(ParseLocalDateTime("2020-10-10T"));
  EXPECT_FALSE(ParseLocalDateTime("2020-10-10X00:00"));
}

TEST(JavaFormatTest, ParseIntervals) {
  auto p = ParsePeriod("P1Y2M");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->years, 1);
  EXPECT_EQ(p->months, 2);
  p = ParsePeriod("P-1Y-2M");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->years, -1);
  EXPECT_EQ(p->months, -2);
  p = ParsePeriod("-p1y");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->years, -1);
  p = ParsePeriod("P0D");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->years + p->months + p->days, 0);
  EXPECT_FALSE(ParsePeriod("P"));
  EXPECT_FALSE(ParsePeriod("P1M2Y"));
  EXPECT_FALSE(ParsePeriod("P1X"));

  auto d = ParseDuration("PT1H2M3.5S");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->seconds, 3723);
  EXPECT_EQ(d->nano, 500000000);
  d = ParseDuration("PT-0.5S");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->seconds, -1);
  EXPECT_EQ(d->nano, 500000000);
  d = ParseDuration("PT-1H-2M-3.5S");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->seconds, -3724);
  EXPECT_EQ(d->nano, 500000000);
  d = ParseDuration("P2DT3H");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->seconds, 2 * 86400 + 3 * 3600);
  d = ParseDuration("-PT1S");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->seconds, -1);
  EXPECT_FALSE(ParseDuration("PT"));
  EXPECT_FALSE(ParseDuration("P1H"));
  EXPECT_FALSE(ParseDuration("PT1S2M"));
  EXPECT_FALSE(ParseDuration("PT1.5M"));
  EXPECT_FALSE(ParseDuration("PT1"));
}

TEST(JavaFormatTest, DoubleRoundTripsThroughText) {
  // Every printed double parses back to itself.
  const double values[] = {1.0 / 3,           2.0 / 3, 1e-300, 123.456e200, 5e-324,      0.001,
                           9999999.999999998, 1e7,     4.35,   100.0,       1e-3 - 1e-19};
  for (double v : values) {
    std::string s = D(v);
    EXPECT_EQ(std::strtod(s.c_str(), nullptr), v) << s;
  }
}

}  // namespace
}  // namespace weir::java
