// Tests of RAND/UUID/current-time functions, TYPEOF, ELT, OVERLAY, URL, STR_TO_MAP, ENCODE,
// PRINTF, TO_TIMESTAMP_LTZ, CONVERT_TZ and named time zones.
#include <gtest/gtest.h>

#include <set>

#include "weir/sql/expr/expr_test_util.h"
#include "weir/sql/functions/time_zone.h"

namespace weir::sql {
namespace {

using namespace weir::sql::testing;  // NOLINT
using Rows = std::vector<std::string>;

const LogicalType kS = LogicalType::String();
const LogicalType kI = LogicalType::Int();

TEST(MiscFunctionsTest, RandomFunctionsAreNotFolded) {
  const auto& r = FunctionRegistry::Builtins();
  EXPECT_FALSE(r.IsDeterministic("RAND"));
  EXPECT_FALSE(r.IsDeterministic("uuid"));
  EXPECT_FALSE(r.IsDeterministic("CURRENT_TIMESTAMP"));
  EXPECT_TRUE(r.IsDeterministic("UPPER"));
  // Seeded RAND follows java.util.Random.
  EXPECT_EQ(EvalText(Call("RAND", {Int(42)})), "0.7275636800328681");
  // One value per row, not one per batch.
  auto rows = EvalRows(Call("UUID", {}), "a INT\n+I 1\n+I 2\n+I 3");
  ASSERT_TRUE(rows.ok());
  std::set<std::string> distinct(rows->begin(), rows->end());
  EXPECT_EQ(distinct.size(), 3u);
  EXPECT_EQ((*rows)[0].size(), 36u);
  EXPECT_EQ((*rows)[0][14], '4');
  auto ints = EvalRows(Call("RAND_INTEGER", {Int(1), Int(10)}), "a INT\n+I 1\n+I 2\n+I 3\n+I 4");
  ASSERT_TRUE(ints.ok());
  for (const auto& v : *ints) {
    int x = std::stoi(v);
    EXPECT_TRUE(x >= 0 && x < 10) << v;
  }
  auto doubles = EvalRows(Call("RAND", {}), "a INT\n+I 1\n+I 2");
  ASSERT_TRUE(doubles.ok());
  EXPECT_NE((*doubles)[0], (*doubles)[1]);
  EXPECT_EQ(EvalText(Call("RAND_INTEGER", {Null(kI)})), "null");
  EXPECT_EQ(EvalText(Call("RAND_INTEGER", {Int(0)})).substr(0, 6), "ERROR:");
}

TEST(MiscFunctionsTest, CurrentTime) {
  EvalContext ctx;
  ctx.now_micros = int64_t{1600000000123456};  // 2020-09-13 12:26:40.123456 UTC
  EXPECT_EQ(EvalText(Call("CURRENT_TIMESTAMP", {}), ctx), "2020-09-13T12:26:40.123Z");
  EXPECT_EQ(EvalText(Call("NOW", {}), ctx), "2020-09-13T12:26:40.123Z");
  EXPECT_EQ(EvalText(Call("CURRENT_DATE", {}), ctx), "2020-09-13");
  EXPECT_EQ(EvalText(Call("CURRENT_TIME", {}), ctx), "12:26:40");
  ctx.time_zone = "+08:00";
  EXPECT_EQ(EvalText(Call("LOCALTIMESTAMP", {}), ctx), "2020-09-13T20:26:40.123");
  ctx.time_zone = "America/New_York";
  EXPECT_EQ(EvalText(Call("LOCALTIMESTAMP", {}), ctx), "2020-09-13T08:26:40.123");
  EXPECT_EQ(EvalText(Call("LOCALTIME", {}), ctx), "08:26:40");
}

TEST(MiscFunctionsTest, TypeOfAndElt) {
  EXPECT_EQ(EvalText(Call("TYPEOF", {Int(1)})), "INT NOT NULL");
  EXPECT_EQ(EvalText(Call("TYPEOF", {Null(kS)})), "STRING");
  EXPECT_EQ(EvalText(Call("ELT", {Int(2), Str("a"), Str("b")})), "b");
  EXPECT_EQ(EvalText(Call("ELT", {Int(3), Str("a"), Str("b")})), "null");
  EXPECT_EQ(EvalText(Call("ELT", {Int(0), Str("a")})), "null");
  EXPECT_EQ(EvalText(Call("ELT", {Null(kI), Str("a")})), "null");
  EXPECT_EQ(*EvalRows(Call("ELT", {Col(0, kI), Col(1, kS), Col(2, kS)}),
                      "i INT, a STRING, b STRING\n+I 1 x y\n+I 2 x y\n+I 2 x null\n+I 7 x y"),
            (Rows{"x", "y", "null", "null"}));
}

TEST(MiscFunctionsTest, Overlay) {
  EXPECT_EQ(EvalText(Call("OVERLAY", {Str("This is an old string"), Str(" new"), Int(10), Int(5)})),
            "This is a new string");
  EXPECT_EQ(EvalText(Call("OVERLAY", {Str("abcdef"), Str("XY"), Int(3)})), "abXYef");
  EXPECT_EQ(EvalText(Call("OVERLAY", {Str("héllo"), Str("E"), Int(2), Int(1)})), "hEllo");
  EXPECT_EQ(EvalText(Call("OVERLAY", {Str("abc"), Str("Z"), Int(9)})), "abcZ");
  EXPECT_EQ(EvalText(Call("OVERLAY", {Null(kS), Str("Z"), Int(1)})), "null");
}

TEST(MiscFunctionsTest, Urls) {
  EXPECT_EQ(EvalText(Call("URL_ENCODE", {Str("a b&c=é*")})), "a+b%26c%3D%C3%A9*");
  EXPECT_EQ(EvalText(Call("URL_DECODE", {Str("a+b%26c%3D%C3%A9")})), "a b&c=é");
  EXPECT_EQ(EvalText(Call("URL_DECODE", {Str("bad%2")})), "null");
  EXPECT_EQ(EvalText(Call("URL_DECODE", {Str("bad%zz")})), "null");
  const std::string url = "http://user@facebook.com:80/path1/p.php?k1=v1&k2=v2#Ref1";
  auto part = [&](const std::string& p) { return EvalText(Call("PARSE_URL", {Str(url), Str(p)})); };
  EXPECT_EQ(part("HOST"), "facebook.com");
  EXPECT_EQ(part("PATH"), "/path1/p.php");
  EXPECT_EQ(part("QUERY"), "k1=v1&k2=v2");
  EXPECT_EQ(part("REF"), "Ref1");
  EXPECT_EQ(part("PROTOCOL"), "http");
  EXPECT_EQ(part("FILE"), "/path1/p.php?k1=v1&k2=v2");
  EXPECT_EQ(part("AUTHORITY"), "user@facebook.com:80");
  EXPECT_EQ(part("USERINFO"), "user");
  EXPECT_EQ(part("NOPE"), "null");
  EXPECT_EQ(EvalText(Call("PARSE_URL", {Str(url), Str("QUERY"), Str("k2")})), "v2");
  EXPECT_EQ(EvalText(Call("PARSE_URL", {Str(url), Str("QUERY"), Str("k3")})), "null");
  EXPECT_EQ(EvalText(Call("PARSE_URL", {Str("no scheme"), Str("HOST")})), "null");
}

TEST(MiscFunctionsTest, StrToMap) {
  EXPECT_EQ(EvalText(Call("STR_TO_MAP", {Str("a=1,b=2,c")})), "{a=1, b=2, c=null}");
  EXPECT_EQ(EvalText(Call("STR_TO_MAP", {Str("a:1;a:2"), Str(";"), Str(":")})), "{a=2}");
  EXPECT_EQ(EvalText(Call("STR_TO_MAP", {Null(kS)})), "null");
}

TEST(MiscFunctionsTest, EncodeDecode) {
  EXPECT_EQ(EvalText(Call("DECODE", {Call("ENCODE", {Str("héllo"), Str("UTF-8")}), Str("UTF-8")})),
            "héllo");
  EXPECT_EQ(EvalText(Call("DECODE",
                          {Call("ENCODE", {Str("héllo"), Str("ISO-8859-1")}), Str("ISO-8859-1")})),
            "héllo");
  EXPECT_EQ(
      EvalText(Call("DECODE", {Call("ENCODE", {Str("héllo"), Str("US-ASCII")}), Str("US-ASCII")})),
      "h?llo");
  EXPECT_EQ(EvalText(Call("DECODE", {Call("ENCODE", {Str("é"), Str("ISO-8859-1")}), Str("UTF-8")})),
            "\xEF\xBF\xBD");
  EXPECT_FALSE(FunctionRegistry::Builtins().MakeCall("ENCODE", {Str("x"), Str("KOI8-R")}).ok());
}

TEST(MiscFunctionsTest, Printf) {
  EXPECT_EQ(EvalText(Call("PRINTF", {Str("%s-%d"), Str("a"), Int(5)})), "a-5");
  EXPECT_EQ(EvalText(Call("PRINTF",
                          {Str("%5.2f|%-4d|%04d|%x"), Dbl(3.14159), Int(7), Int(42), Int(255)})),
            " 3.14|7   |0042|ff");
  EXPECT_EQ(EvalText(Call("PRINTF", {Str("%2$s %1$s %%"), Str("a"), Str("b")})), "b a %");
  EXPECT_EQ(EvalText(Call("PRINTF", {Str("%s"), Null(kS)})), "null");
  EXPECT_EQ(EvalText(Call("PRINTF", {Str("%,d"), Big(1234567)})), "1,234,567");
  EXPECT_EQ(EvalText(Call("PRINTF", {Str("%d")})).substr(0, 6), "ERROR:");
  EXPECT_EQ(EvalText(Call("PRINTF", {Str("%d"), Str("x")})).substr(0, 6), "ERROR:");
}

TEST(MiscFunctionsTest, HexInetUtf8) {
  EXPECT_EQ(EvalText(Call("DECODE", {Call("UNHEX", {Str("466C696E6B")}), Str("UTF-8")})), "Flink");
  EXPECT_EQ(EvalText(Call("UNHEX", {Str("ABC")})), "[10, -68]");  // bytes print signed
  EXPECT_EQ(EvalText(Call("UNHEX", {Str("zz")})), "null");
  EXPECT_EQ(EvalText(Call("UNHEX", {Null(kS)})), "null");
  EXPECT_EQ(EvalText(Call("INET_ATON", {Str("127.0.0.1")})), "2130706433");
  EXPECT_EQ(EvalText(Call("INET_ATON", {Str("127.1")})), "2130706433");
  EXPECT_EQ(EvalText(Call("INET_ATON", {Str("10.0.5")})), "167772165");
  EXPECT_EQ(EvalText(Call("INET_ATON", {Str("256.1.1.1")})), "null");
  EXPECT_EQ(EvalText(Call("INET_ATON", {Str("1..2")})), "null");
  EXPECT_EQ(EvalText(Call("INET_ATON", {Str("1.2.3.4.5")})), "null");
  EXPECT_EQ(EvalText(Call("INET_NTOA", {Big(2130706433)})), "127.0.0.1");
  EXPECT_EQ(EvalText(Call("INET_NTOA", {Int(0)})), "0.0.0.0");
  EXPECT_EQ(EvalText(Call("INET_NTOA", {Big(4294967296)})), "null");
  EXPECT_EQ(EvalText(Call("INET_NTOA", {Int(-1)})), "null");
  auto bytes = [](const char* hex) { return Call("UNHEX", {Str(hex)}); };
  EXPECT_EQ(EvalText(Call("IS_VALID_UTF8", {bytes("48656C6C6F")})), "true");
  EXPECT_EQ(EvalText(Call("IS_VALID_UTF8", {bytes("80")})), "false");
  EXPECT_EQ(EvalText(Call("IS_VALID_UTF8", {bytes("C080")})), "false");      // overlong
  EXPECT_EQ(EvalText(Call("IS_VALID_UTF8", {bytes("EDA080")})), "false");    // surrogate
  EXPECT_EQ(EvalText(Call("IS_VALID_UTF8", {bytes("F4908080")})), "false");  // > U+10FFFF
  EXPECT_EQ(EvalText(Call("IS_VALID_UTF8", {bytes("E282AC")})), "true");     // euro sign
  EXPECT_EQ(EvalText(Call("MAKE_VALID_UTF8", {bytes("48656C6C6F")})), "Hello");
  EXPECT_EQ(EvalText(Call("MAKE_VALID_UTF8", {bytes("80")})), "\xEF\xBF\xBD");
  EXPECT_EQ(EvalText(Call("MAKE_VALID_UTF8", {bytes("61E282")})), "a\xEF\xBF\xBD");
}

TEST(TimeZoneTest, NamedZones) {
  auto sh = TimeZone::Find("Asia/Shanghai");
  ASSERT_TRUE(sh.ok()) << sh.status().ToString();
  EXPECT_EQ((*sh)->OffsetAt(1600000000), 8 * 3600);
  auto ny = TimeZone::Find("America/New_York");
  ASSERT_TRUE(ny.ok());
  EXPECT_EQ((*ny)->OffsetAt(1579000000), -5 * 3600);  // January 2020
  EXPECT_EQ((*ny)->OffsetAt(1594000000), -4 * 3600);  // July 2020
  EXPECT_EQ((*ny)->OffsetAt(4118000000), -4 * 3600);  // July 2100 (footer rule)
  EXPECT_EQ((*ny)->OffsetAt(4102000000), -5 * 3600);  // December 2099
  // 2020-03-08 02:30 does not exist in New York: it resolves with the earlier offset (EST).
  int64_t gap_local = 1583634600;  // 2020-03-08 02:30:00 as local seconds
  EXPECT_EQ((*ny)->OffsetOfLocal(gap_local), -5 * 3600);
  // 2020-11-01 01:30 happens twice: the earlier offset (EDT) wins.
  int64_t overlap_local = 1604194200;  // 2020-11-01 01:30:00 as local seconds
  EXPECT_EQ((*ny)->OffsetOfLocal(overlap_local), -4 * 3600);
  EXPECT_FALSE(TimeZone::Find("Mars/Olympus").ok());
  EXPECT_FALSE(TimeZone::Find("../etc/passwd").ok());
  EXPECT_FALSE(TimeZone::FromTzif("x", "TZif2 short").ok());
  auto fixed = TimeZone::Find("+05:30");
  ASSERT_TRUE(fixed.ok());
  EXPECT_EQ((*fixed)->OffsetAt(0), 19800);
}

TEST(TimeZoneTest, ConvertTzAndToTimestampLtz) {
  EXPECT_EQ(EvalText(Call("CONVERT_TZ",
                          {Str("1970-01-01 00:00:00"), Str("UTC"), Str("America/Los_Angeles")})),
            "1969-12-31 16:00:00");
  EXPECT_EQ(EvalText(Call("CONVERT_TZ", {Str("2020-06-01 12:00:00"), Str("Asia/Shanghai"),
                                         Str("Europe/Berlin")})),
            "2020-06-01 06:00:00");
  EXPECT_EQ(EvalText(Call("CONVERT_TZ", {Str("garbage"), Str("UTC"), Str("UTC")})), "null");
  EXPECT_EQ(EvalText(Call("CONVERT_TZ", {Str("1970-01-01 00:00:00"), Str("UTC"), Str("X/Y")}))
                .substr(0, 6),
            "ERROR:");
  EXPECT_EQ(EvalText(Call("TO_TIMESTAMP_LTZ", {Big(4001), Int(3)})), "1970-01-01T00:00:04.001Z");
  EXPECT_EQ(EvalText(Call("TO_TIMESTAMP_LTZ", {Int(4), Int(0)})), "1970-01-01T00:00:04Z");
  EXPECT_EQ(EvalText(Call("TO_TIMESTAMP_LTZ", {Big(4001)})), "1970-01-01T00:00:04.001Z");
  EXPECT_EQ(EvalText(Call("TO_TIMESTAMP_LTZ", {Dbl(1.5), Int(0)})), "1970-01-01T00:00:01.500Z");
  EXPECT_EQ(EvalText(Call("TO_TIMESTAMP_LTZ", {Null(LogicalType::BigInt()), Int(3)})), "null");
  EXPECT_EQ(EvalText(Call("TO_TIMESTAMP_LTZ", {Str("2023-01-01 00:00:00"),
                                               Str("yyyy-MM-dd HH:mm:ss"), Str("Asia/Shanghai")})),
            "2022-12-31T16:00:00Z");
  EXPECT_EQ(EvalText(Call("TO_TIMESTAMP_LTZ", {Str("2023-01-01 00:00:00")})),
            "2023-01-01T00:00:00Z");
  EXPECT_EQ(EvalText(Call("TO_TIMESTAMP_LTZ", {Str("nope")})), "null");
  // Any precision in [0, 9]: units of 10^-p seconds; p > 3 widens the result type.
  EXPECT_EQ(EvalText(Call("TO_TIMESTAMP_LTZ", {Big(1), Int(2)})), "1970-01-01T00:00:00.010Z");
  auto micros = Call("TO_TIMESTAMP_LTZ", {Big(1234567), Int(6)});
  EXPECT_EQ(micros->type().precision(), 6);
  EXPECT_EQ(EvalText(micros), "1970-01-01T00:00:01.234567Z");
  EXPECT_EQ(EvalText(Call("TO_TIMESTAMP_LTZ", {Big(1234567891), Int(9)})),
            "1970-01-01T00:00:01.234567891Z");
  EXPECT_EQ(EvalText(Call("TO_TIMESTAMP_LTZ", {Big(1234567890), Int(0)})), "2009-02-13T23:31:30Z");
  EXPECT_FALSE(FunctionRegistry::Builtins().MakeCall("TO_TIMESTAMP_LTZ", {Big(1), Int(10)}).ok());
  EXPECT_EQ(*EvalRows(Call("TO_TIMESTAMP_LTZ", {Col(0, LogicalType::BigInt()), Col(1, kI)}),
                      "v BIGINT, p INT\n+I 5 0\n+I 5 3\n+I null 3\n+I 5 null"),
            (Rows{"1970-01-01T00:00:05Z", "1970-01-01T00:00:00.005Z", "null", "null"}));
  EXPECT_FALSE(EvalRows(Call("TO_TIMESTAMP_LTZ", {Col(0, LogicalType::BigInt()), Col(1, kI)}),
                        "v BIGINT, p INT\n+I 5 -1")
                   .ok());
  // Strings: UTC unless a zone is given (not the session zone); 'S' runs set the precision.
  EvalContext shanghai;
  shanghai.time_zone = "Asia/Shanghai";
  EXPECT_EQ(EvalText(Call("TO_TIMESTAMP_LTZ", {Str("2023-01-01 00:00:00")}), shanghai),
            "2023-01-01T00:00:00Z");
  auto nanos = Call("TO_TIMESTAMP_LTZ",
                    {Str("2023-01-01 12:30:00.123456789"), Str("yyyy-MM-dd HH:mm:ss.SSSSSSSSS")});
  EXPECT_EQ(nanos->type().precision(), 9);
  EXPECT_EQ(EvalText(nanos), "2023-01-01T12:30:00.123456789Z");
  EvalContext at;
  at.now_micros = int64_t{1600000000123456};
  EXPECT_EQ(EvalText(Call("UNIX_TIMESTAMP", {}), at), "1600000000");
  EXPECT_FALSE(FunctionRegistry::Builtins().IsDeterministic("UNIX_TIMESTAMP"));
}

TEST(TimeZoneTest, NamedSessionZoneInKernels) {
  EvalContext ctx;
  ctx.time_zone = "America/New_York";
  auto ltz = [](int64_t secs) { return Call("TO_TIMESTAMP_LTZ", {Big(secs), Int(0)}); };
  auto as_string = [](ExprPtr e) { return Expr::Cast(std::move(e), LogicalType::String()); };
  EXPECT_EQ(EvalText(as_string(ltz(1594000000)), ctx), "2020-07-05 21:46:40.000");
  EXPECT_EQ(EvalText(as_string(ltz(1579000000)), ctx), "2020-01-14 06:06:40.000");
  EXPECT_EQ(EvalText(Call("HOUR", {ltz(1594000000)}), ctx), "21");
  EXPECT_EQ(EvalText(Call("HOUR", {ltz(1579000000)}), ctx), "6");
  // Local text read in the session zone, with the offset of that date.
  EXPECT_EQ(EvalText(Expr::Cast(Str("2020-07-05 21:46:40"), LogicalType::TimestampLtz(3)), ctx),
            "2020-07-06T01:46:40Z");
  EXPECT_EQ(EvalText(Expr::Cast(Expr::Cast(ltz(1594000000), LogicalType::Timestamp(3)),
                                LogicalType::TimestampLtz(3)),
                     ctx),
            "2020-07-06T01:46:40Z");
  EXPECT_EQ(EvalText(Expr::Cast(ltz(1594000000), LogicalType::Date()), ctx), "2020-07-05");
  ctx.time_zone = "Nowhere/Atlantis";
  EXPECT_EQ(EvalText(Call("HOUR", {ltz(0)}), ctx).substr(0, 6), "ERROR:");
}

}  // namespace
}  // namespace weir::sql
