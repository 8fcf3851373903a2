// Tests for memory size, duration, number, boolean, list and enum parsing and printing.
#include "weir/common/config/config_parse.h"

#include <gtest/gtest.h>

#include <limits>

namespace weir::config {
namespace {

using std::chrono::nanoseconds;

int64_t ParseBytes(std::string_view text) {
  Result<MemorySize> r = MemorySize::Parse(text);
  EXPECT_TRUE(r.ok()) << text << ": " << r.status().ToString();
  return r.ok() ? r->bytes() : -1;
}

std::string MemoryError(std::string_view text) {
  Result<MemorySize> r = MemorySize::Parse(text);
  EXPECT_FALSE(r.ok()) << text;
  return r.ok() ? "" : r.status().message();
}

TEST(MemorySizeTest, ParsesEveryUnit) {
  EXPECT_EQ(ParseBytes("123"), 123);
  EXPECT_EQ(ParseBytes("123b"), 123);
  EXPECT_EQ(ParseBytes("123 bytes"), 123);
  EXPECT_EQ(ParseBytes("2k"), 2048);
  EXPECT_EQ(ParseBytes("2kb"), 2048);
  EXPECT_EQ(ParseBytes("2 kibibytes"), 2048);
  EXPECT_EQ(ParseBytes("3m"), 3 * MemorySize::kMiB);
  EXPECT_EQ(ParseBytes("3mb"), 3 * MemorySize::kMiB);
  EXPECT_EQ(ParseBytes("3 mebibytes"), 3 * MemorySize::kMiB);
  EXPECT_EQ(ParseBytes("4g"), 4 * MemorySize::kGiB);
  EXPECT_EQ(ParseBytes("4gb"), 4 * MemorySize::kGiB);
  EXPECT_EQ(ParseBytes("4 gibibytes"), 4 * MemorySize::kGiB);
  EXPECT_EQ(ParseBytes("5t"), 5 * MemorySize::kTiB);
  EXPECT_EQ(ParseBytes("5tb"), 5 * MemorySize::kTiB);
  EXPECT_EQ(ParseBytes("5 tebibytes"), 5 * MemorySize::kTiB);
}

TEST(MemorySizeTest, FlinkExamplesWhitespaceAndCase) {
  EXPECT_EQ(ParseBytes("512mb"), 512 * MemorySize::kMiB);
  EXPECT_EQ(ParseBytes("1gb"), MemorySize::kGiB);
  EXPECT_EQ(ParseBytes("1728m"), 1728 * MemorySize::kMiB);
  EXPECT_EQ(ParseBytes("64 kb"), 64 * MemorySize::kKiB);
  EXPECT_EQ(ParseBytes("  64 \t KB  "), 64 * MemorySize::kKiB);
  EXPECT_EQ(ParseBytes("1GB"), MemorySize::kGiB);
  EXPECT_EQ(ParseBytes("1Gb"), MemorySize::kGiB);
  EXPECT_EQ(ParseBytes("7 MebiBytes"), 7 * MemorySize::kMiB);
  EXPECT_EQ(ParseBytes("0"), 0);
  EXPECT_EQ(ParseBytes("007m"), 7 * MemorySize::kMiB);
}

TEST(MemorySizeTest, RejectsBadInput) {
  EXPECT_NE(MemoryError("").find("empty"), std::string::npos);
  EXPECT_NE(MemoryError("   ").find("empty"), std::string::npos);
  EXPECT_NE(MemoryError("-1m").find("negative"), std::string::npos);
  EXPECT_NE(MemoryError("mb").find("does not start with a number"), std::string::npos);
  EXPECT_NE(MemoryError("1.5g").find("unknown memory unit '.5g'"), std::string::npos);
  EXPECT_NE(MemoryError("10 parsecs").find("unknown memory unit 'parsecs'"), std::string::npos);
  EXPECT_NE(MemoryError("12 m b").find("unknown memory unit"), std::string::npos);
  EXPECT_NE(MemoryError("1kib").find("unknown memory unit"), std::string::npos);
}

TEST(MemorySizeTest, RejectsOverflow) {
  EXPECT_EQ(ParseBytes("9223372036854775807"), std::numeric_limits<int64_t>::max());
  EXPECT_NE(MemoryError("9223372036854775808").find("too large"), std::string::npos);
  EXPECT_NE(MemoryError("99999999999999999999999 b").find("too large"), std::string::npos);
  EXPECT_EQ(ParseBytes("8388607t"), 8388607 * MemorySize::kTiB);
  EXPECT_NE(MemoryError("8388608t").find("too large"), std::string::npos);
  EXPECT_NE(MemoryError("9007199254740992k").find("too large"), std::string::npos);
}

TEST(MemorySizeTest, PrintsExactlyInLargestDividingUnit) {
  EXPECT_EQ(MemorySize(0).ToString(), "0 bytes");
  EXPECT_EQ(MemorySize(1).ToString(), "1 bytes");
  EXPECT_EQ(MemorySize(1023).ToString(), "1023 bytes");
  EXPECT_EQ(MemorySize(1024).ToString(), "1 kb");
  EXPECT_EQ(MemorySize(1025).ToString(), "1025 bytes");
  EXPECT_EQ(MemorySize::MebiBytes(1728).ToString(), "1728 mb");
  EXPECT_EQ(MemorySize::MebiBytes(512).ToString(), "512 mb");
  EXPECT_EQ(MemorySize::GibiBytes(1).ToString(), "1 gb");
  EXPECT_EQ(MemorySize(5 * MemorySize::kTiB).ToString(), "5 tb");
  // Round trip through the canonical form.
  for (const char* text : {"1728m", "64 kb", "3t", "12345", "0b"}) {
    MemorySize m = MemorySize(ParseBytes(text));
    EXPECT_EQ(ParseBytes(m.ToString()), m.bytes()) << text;
  }
}

TEST(MemorySizeTest, PrintsHumanForm) {
  EXPECT_EQ(MemorySize::MebiBytes(1728).ToHumanString(), "1.688 gb");
  EXPECT_EQ(MemorySize::MebiBytes(192).ToHumanString(), "192 mb");
  EXPECT_EQ(MemorySize(181193932).ToHumanString(), "172.8 mb");
  EXPECT_EQ(MemorySize(512).ToHumanString(), "512 bytes");
  EXPECT_EQ(MemorySize(0).ToHumanString(), "0 bytes");
  EXPECT_EQ(MemorySize(1536).ToHumanString(), "1.5 kb");
  EXPECT_EQ(MemorySize::GibiBytes(2048).ToHumanString(), "2 tb");
}

nanoseconds ParseNanos(std::string_view text) {
  Result<Duration> r = ParseDuration(text);
  EXPECT_TRUE(r.ok()) << text << ": " << r.status().ToString();
  return r.ok() ? *r : nanoseconds(-1);
}

std::string DurationError(std::string_view text) {
  Result<Duration> r = ParseDuration(text);
  EXPECT_FALSE(r.ok()) << text;
  return r.ok() ? "" : r.status().message();
}

TEST(DurationTest, ParsesEveryUnitLabel) {
  using namespace std::chrono;
  for (const char* label : {"d", "day", "days"}) {
    EXPECT_EQ(ParseNanos(std::string("2") + label), hours(48)) << label;
  }
  for (const char* label : {"h", "hour", "hours"}) {
    EXPECT_EQ(ParseNanos(std::string("3 ") + label), hours(3)) << label;
  }
  for (const char* label : {"min", "minute", "minutes"}) {
    EXPECT_EQ(ParseNanos(std::string("10") + label), minutes(10)) << label;
  }
  for (const char* label : {"s", "sec", "secs", "second", "seconds"}) {
    EXPECT_EQ(ParseNanos(std::string("30 ") + label), seconds(30)) << label;
  }
  for (const char* label : {"ms", "milli", "millis", "millisecond", "milliseconds"}) {
    EXPECT_EQ(ParseNanos(std::string("100") + label), milliseconds(100)) << label;
  }
  for (const char* label :
       {"\xC2\xB5s", "\xCE\xBCs", "micro", "micros", "microsecond", "microseconds"}) {
    EXPECT_EQ(ParseNanos(std::string("7") + label), microseconds(7)) << label;
  }
  for (const char* label : {"ns", "nano", "nanos", "nanosecond", "nanoseconds"}) {
    EXPECT_EQ(ParseNanos(std::string("9 ") + label), nanoseconds(9)) << label;
  }
}

TEST(DurationTest, NoUnitIsMillisecondsAndCaseAndWhitespaceAreIgnored) {
  using namespace std::chrono;
  EXPECT_EQ(ParseNanos("500"), milliseconds(500));
  EXPECT_EQ(ParseNanos("  500  "), milliseconds(500));
  EXPECT_EQ(ParseNanos("30 S"), seconds(30));
  EXPECT_EQ(ParseNanos("10MIN"), minutes(10));
  EXPECT_EQ(ParseNanos("1 Hours"), hours(1));
  EXPECT_EQ(ParseNanos("0"), nanoseconds(0));
  EXPECT_EQ(ParseNanos("1\t\tms"), milliseconds(1));
}

TEST(DurationTest, RejectsBadInput) {
  const std::string parsecs = DurationError("10 parsecs");
  EXPECT_NE(parsecs.find("unknown time unit 'parsecs'"), std::string::npos) << parsecs;
  EXPECT_NE(DurationError("").find("empty"), std::string::npos);
  EXPECT_NE(DurationError("-5 s").find("negative"), std::string::npos);
  EXPECT_NE(DurationError("s").find("does not start with a number"), std::string::npos);
  EXPECT_NE(DurationError("1.5 s").find("unknown time unit"), std::string::npos);
  EXPECT_NE(DurationError("5 m").find("unknown time unit 'm'"), std::string::npos);
  EXPECT_NE(DurationError("5 us").find("unknown time unit"), std::string::npos);
}

TEST(DurationTest, RejectsOverflow) {
  EXPECT_EQ(ParseNanos("9223372036854775807 ns").count(), std::numeric_limits<int64_t>::max());
  EXPECT_NE(DurationError("9223372036854775808 ns").find("too large"), std::string::npos);
  EXPECT_NE(DurationError("106752 d").find("too large"), std::string::npos);
  EXPECT_EQ(ParseNanos("106751 d"), std::chrono::hours(106751 * 24));
  EXPECT_NE(DurationError("9223372036854776 s").find("too large"), std::string::npos);
}

TEST(DurationTest, PrintsInLargestExactUnit) {
  using namespace std::chrono;
  EXPECT_EQ(FormatDuration(seconds(30)), "30 s");
  EXPECT_EQ(FormatDuration(minutes(10)), "10 min");
  EXPECT_EQ(FormatDuration(seconds(90)), "90 s");
  EXPECT_EQ(FormatDuration(hours(24)), "1 d");
  EXPECT_EQ(FormatDuration(hours(25)), "25 h");
  EXPECT_EQ(FormatDuration(milliseconds(100)), "100 ms");
  EXPECT_EQ(FormatDuration(microseconds(5)), "5 \xC2\xB5s");
  EXPECT_EQ(FormatDuration(nanoseconds(1001)), "1001 ns");
  EXPECT_EQ(FormatDuration(nanoseconds(0)), "0 ms");
  for (const char* text : {"30 s", "10min", "1 d", "1500 ms", "7 micros", "3 ns"}) {
    EXPECT_EQ(ParseNanos(FormatDuration(ParseNanos(text))), ParseNanos(text)) << text;
  }
}

TEST(ConfigParseTest, Booleans) {
  EXPECT_TRUE(*ParseBool("true"));
  EXPECT_TRUE(*ParseBool(" TRUE "));
  EXPECT_FALSE(*ParseBool("False"));
  EXPECT_FALSE(ParseBool("yes").ok());
  EXPECT_FALSE(ParseBool("1").ok());
  EXPECT_FALSE(ParseBool("").ok());
}

TEST(ConfigParseTest, Integers) {
  EXPECT_EQ(*ParseInt32("42"), 42);
  EXPECT_EQ(*ParseInt32(" -7 "), -7);
  EXPECT_EQ(*ParseInt32("+8"), 8);
  EXPECT_EQ(*ParseInt32("2147483647"), 2147483647);
  EXPECT_EQ(*ParseInt32("-2147483648"), std::numeric_limits<int32_t>::min());
  Result<int32_t> overflow = ParseInt32("2147483648");
  ASSERT_FALSE(overflow.ok());
  EXPECT_NE(overflow.status().message().find("out of range"), std::string::npos);
  EXPECT_FALSE(ParseInt32("12abc").ok());
  EXPECT_FALSE(ParseInt32("1.0").ok());
  EXPECT_FALSE(ParseInt32("").ok());
  EXPECT_FALSE(ParseInt32("+").ok());
  EXPECT_EQ(*ParseInt64("9223372036854775807"), std::numeric_limits<int64_t>::max());
  EXPECT_FALSE(ParseInt64("9223372036854775808").ok());
}

TEST(ConfigParseTest, Doubles) {
  EXPECT_DOUBLE_EQ(*ParseDouble("0.1"), 0.1);
  EXPECT_DOUBLE_EQ(*ParseDouble(" 1e-3 "), 0.001);
  EXPECT_DOUBLE_EQ(*ParseDouble("-2.5"), -2.5);
  EXPECT_DOUBLE_EQ(*ParseDouble("3"), 3.0);
  EXPECT_FALSE(ParseDouble("nan").ok());
  EXPECT_FALSE(ParseDouble("inf").ok());
  EXPECT_FALSE(ParseDouble("1e999").ok());
  EXPECT_FALSE(ParseDouble("0.1x").ok());
  EXPECT_FALSE(ParseDouble("").ok());
  EXPECT_EQ(FormatDouble(0.1), "0.1");
  EXPECT_EQ(FormatDouble(0.4), "0.4");
  EXPECT_EQ(FormatDouble(2), "2");
}

TEST(ConfigParseTest, StringLists) {
  using V = std::vector<std::string>;
  EXPECT_EQ(*ParseStringList("a;b;c"), (V{"a", "b", "c"}));
  EXPECT_EQ(*ParseStringList(" a ; b "), (V{"a", "b"}));
  EXPECT_EQ(*ParseStringList("[a, b, 'c d']"), (V{"a", "b", "c d"}));
  EXPECT_EQ(*ParseStringList("[]"), V{});
  EXPECT_EQ(*ParseStringList(""), V{});
  EXPECT_EQ(*ParseStringList("single"), V{"single"});
  EXPECT_FALSE(ParseStringList("[a, [b]]").ok());
  EXPECT_FALSE(ParseStringList("[a, b").ok());
  EXPECT_EQ(FormatStringList({"a", "b"}), "[a, b]");
  for (const V& v : {V{}, V{"x"}, V{"a b", "c;d", "[e]", "f: g", "'h'"}}) {
    EXPECT_EQ(*ParseStringList(FormatStringList(v)), v) << FormatStringList(v);
  }
}

TEST(ConfigParseTest, EnumNames) {
  constexpr std::string_view kNames[] = {"EXACTLY_ONCE", "AT_LEAST_ONCE"};
  EXPECT_EQ(*ParseEnumName("exactly_once", kNames), 0u);
  EXPECT_EQ(*ParseEnumName(" At_Least_Once ", kNames), 1u);
  Result<size_t> bad = ParseEnumName("twice", kNames);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "expected one of EXACTLY_ONCE, AT_LEAST_ONCE");
}

}  // namespace
}  // namespace weir::config
