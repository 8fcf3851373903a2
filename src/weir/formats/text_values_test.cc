// Tests of the shared text forms: Java number parsing, BigDecimal syntax, base64, date/time.
#include "weir/formats/text_values.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "weir/common/types/decimal.h"

namespace weir::formats::text {
namespace {

TEST(TextValuesTest, Integers) {
  int64_t v = 0;
  EXPECT_TRUE(ParseInteger("+12", INT32_MIN, INT32_MAX, &v));
  EXPECT_EQ(v, 12);
  EXPECT_TRUE(ParseInteger("-9223372036854775808", INT64_MIN, INT64_MAX, &v));
  EXPECT_EQ(v, INT64_MIN);
  EXPECT_FALSE(ParseInteger("9223372036854775808", INT64_MIN, INT64_MAX, &v));
  EXPECT_FALSE(ParseInteger("128", INT8_MIN, INT8_MAX, &v));
  EXPECT_FALSE(ParseInteger("", INT8_MIN, INT8_MAX, &v));
  EXPECT_FALSE(ParseInteger("-", INT8_MIN, INT8_MAX, &v));
  EXPECT_FALSE(ParseInteger("1.0", INT8_MIN, INT8_MAX, &v));
  EXPECT_FALSE(ParseInteger(" 1", INT8_MIN, INT8_MAX, &v));
}

TEST(TextValuesTest, Doubles) {
  double d = 0;
  EXPECT_TRUE(ParseDouble(" 1.5e3 ", &d));
  EXPECT_EQ(d, 1500.0);
  EXPECT_TRUE(ParseDouble("-.5f", &d));
  EXPECT_EQ(d, -0.5);
  EXPECT_TRUE(ParseDouble("+Infinity", &d));
  EXPECT_TRUE(std::isinf(d));
  EXPECT_TRUE(ParseDouble("1e999", &d));
  EXPECT_TRUE(std::isinf(d));
  EXPECT_TRUE(ParseDouble("1e-999", &d));
  EXPECT_EQ(d, 0.0);
  EXPECT_FALSE(ParseDouble("inf", &d));
  EXPECT_FALSE(ParseDouble("nan", &d));
  EXPECT_FALSE(ParseDouble("1,5", &d));
  EXPECT_FALSE(ParseDouble("", &d));
}

TEST(TextValuesTest, Decimals) {
  __int128 v = 0;
  EXPECT_EQ(ParseDecimal("12.345", 10, 2, &v), DecimalParse::kOk);
  EXPECT_EQ(static_cast<int64_t>(v), 1235);
  EXPECT_EQ(ParseDecimal("-.5", 3, 1, &v), DecimalParse::kOk);
  EXPECT_EQ(static_cast<int64_t>(v), -5);
  EXPECT_EQ(ParseDecimal("1.", 3, 1, &v), DecimalParse::kOk);
  EXPECT_EQ(static_cast<int64_t>(v), 10);
  EXPECT_EQ(ParseDecimal("1E+2", 5, 0, &v), DecimalParse::kOk);
  EXPECT_EQ(static_cast<int64_t>(v), 100);
  EXPECT_EQ(ParseDecimal("1000", 3, 0, &v), DecimalParse::kOverflow);
  EXPECT_EQ(ParseDecimal(" 1", 3, 0, &v), DecimalParse::kInvalid);
  EXPECT_EQ(ParseDecimal("1e", 3, 0, &v), DecimalParse::kInvalid);
  EXPECT_EQ(ParseDecimal(".", 3, 0, &v), DecimalParse::kInvalid);
  EXPECT_EQ(ParseDecimal("0000000000000000000000000000000000000000001", 3, 0, &v),
            DecimalParse::kOk);
  EXPECT_EQ(static_cast<int64_t>(v), 1);
}

TEST(TextValuesTest, DecimalText) {
  // Agrees with BigDecimal.toString / toPlainString for every scale and sign.
  for (__int128 v : {__int128{0}, __int128{1}, __int128{-1}, __int128{12345}, __int128{-100},
                     Decimal128::PowerOfTen(38) - 1, -(Decimal128::PowerOfTen(38) - 1)}) {
    for (int32_t scale : {0, 1, 2, 5, 8, 12, 38}) {
      std::string sci, plain;
      AppendDecimal(sci, v, scale, true);
      AppendDecimal(plain, v, scale, false);
      EXPECT_EQ(sci, Decimal128(v).ToString(scale)) << static_cast<int64_t>(v) << " " << scale;
      EXPECT_EQ(plain, Decimal128(v).ToPlainString(scale));
    }
  }
}

TEST(TextValuesTest, Base64) {
  std::string out;
  AppendBase64(out, "hi!");
  AppendBase64(out, "h");
  AppendBase64(out, "hi");
  EXPECT_EQ(out, "aGkhaA==aGk=");
  std::string bytes;
  EXPECT_TRUE(DecodeBase64("aGkh", &bytes));
  EXPECT_EQ(bytes, "hi!");
  EXPECT_TRUE(DecodeBase64("aGk=", &bytes));
  EXPECT_EQ(bytes, "hi");
  EXPECT_TRUE(DecodeBase64("", &bytes));
  EXPECT_EQ(bytes, "");
  EXPECT_FALSE(DecodeBase64("aGk", &bytes));  // padding is required
  EXPECT_FALSE(DecodeBase64("aG=k", &bytes));
  EXPECT_FALSE(DecodeBase64("a*==", &bytes));
}

TEST(TextValuesTest, DatesAndTimes) {
  int32_t days = 0;
  EXPECT_TRUE(ParseSqlDate("2020-2-30", &days));  // java.sql.Date rolls over
  EXPECT_EQ(days, 18322);                         // 2020-03-01
  EXPECT_FALSE(ParseIsoDate("2020-02-30", &days));
  EXPECT_FALSE(ParseIsoDate("2020-2-03", &days));
  EXPECT_TRUE(ParseIsoDate("1970-01-02", &days));
  EXPECT_EQ(days, 1);
  int64_t nanos = 0;
  EXPECT_TRUE(ParseTimeOfDay("23:59", false, &nanos));
  EXPECT_FALSE(ParseTimeOfDay("23:59", true, &nanos));
  EXPECT_FALSE(ParseTimeOfDay("24:00:00", true, &nanos));
  std::string out;
  AppendTimeOfDay(out, 3'600'000'000'000 + 500'000'000);
  EXPECT_EQ(out, "01:00:00.5");
  out.clear();
  AppendTimestamp(out, java::EpochTime{-1, 999'000'000}, ' ', true);
  EXPECT_EQ(out, "1969-12-31 23:59:59.999Z");
  int64_t v = 0;
  EXPECT_TRUE(ToTimestampUnits(java::EpochTime{1, 123'456'789}, 2, &v));
  EXPECT_EQ(v, 1120);  // milliseconds cut to 2 digits
  EXPECT_FALSE(ToTimestampUnits(java::EpochTime{int64_t{1} << 62, 0}, 9, &v));
  java::EpochTime t;
  TimestampLayout sql;
  EXPECT_FALSE(ParseTimestamp("2020-01-01T00:00:00", sql, &t));
  EXPECT_TRUE(ParseTimestamp("2020-01-01 00:00:00.1", sql, &t));
  EXPECT_EQ(t.nano, 100'000'000);
}

TEST(TextValuesTest, TimestampTextCacheSpellsEachValueAsAppendTimestamp) {
  // Runs within one second, second changes, negative seconds, every fraction width, the zone.
  const java::EpochTime values[] = {
      {1'700'000'000, 0},           {1'700'000'000, 1'000'000}, {1'700'000'000, 120'000'000},
      {1'700'000'000, 123'456'789}, {1'700'000'001, 0},         {1'700'000'001, 10},
      {-1, 999'000'000},            {-1, 0},                    {-86'401, 500'000'000},
      {1'700'000'000, 7'000},       {0, 0},                     {0, 999'999'999},
  };
  for (const bool zone : {false, true}) {
    TimestampTextCache cache(zone ? 'T' : ' ', zone);
    for (const java::EpochTime& t : values) {
      std::string expected, actual = "x";
      AppendTimestamp(expected, t, zone ? 'T' : ' ', zone);
      cache.Append(actual, t);
      EXPECT_EQ(actual, "x" + expected) << t.seconds << "." << t.nano;
    }
  }
  std::string out;
  AppendTimestamp(out, java::EpochTime{-86'401, 10}, ' ', false);
  EXPECT_EQ(out, "1969-12-30 23:59:59.00000001");
}

}  // namespace
}  // namespace weir::formats::text
