// Tests of Decimal128: parsing with HALF_UP rounding, precision checks and text forms.
#include "weir/common/types/decimal.h"

#include <gtest/gtest.h>

#include <limits>
#include <string>

namespace weir {
namespace {

constexpr __int128 kInt128Max = std::numeric_limits<__int128>::max();
constexpr __int128 kInt128Min = std::numeric_limits<__int128>::min();

// Parses and prints plainly at the same scale.
std::string RoundTrip(std::string_view text, int32_t precision, int32_t scale) {
  Result<Decimal128> r = Decimal128::Parse(text, precision, scale);
  EXPECT_TRUE(r.ok()) << text << ": " << r.status().ToString();
  return r.ok() ? r->ToPlainString(scale) : "<error>";
}

bool Fails(std::string_view text, int32_t precision, int32_t scale) {
  Result<Decimal128> r = Decimal128::Parse(text, precision, scale);
  if (r.ok()) return false;
  EXPECT_TRUE(r.status().IsInvalid()) << r.status().ToString();
  return true;
}

TEST(DecimalTest, PowerOfTen) {
  EXPECT_EQ(Decimal128::PowerOfTen(0), 1);
  EXPECT_EQ(Decimal128::PowerOfTen(1), 10);
  EXPECT_EQ(Decimal128::PowerOfTen(18), static_cast<__int128>(1000000000000000000LL));
  __int128 expected = 1;
  for (int i = 0; i < 38; ++i) expected *= 10;
  EXPECT_TRUE(Decimal128::PowerOfTen(38) == expected);
  EXPECT_EQ(Decimal128(Decimal128::PowerOfTen(38)).ToString(0),
            "100000000000000000000000000000000000000");
}

TEST(DecimalTest, FitsPrecision) {
  EXPECT_TRUE(Decimal128(0).FitsPrecision(1));
  EXPECT_TRUE(Decimal128(9).FitsPrecision(1));
  EXPECT_FALSE(Decimal128(10).FitsPrecision(1));
  EXPECT_TRUE(Decimal128(-9).FitsPrecision(1));
  EXPECT_FALSE(Decimal128(-10).FitsPrecision(1));
  EXPECT_TRUE(Decimal128(99999).FitsPrecision(5));
  EXPECT_FALSE(Decimal128(100000).FitsPrecision(5));
  const __int128 max38 = Decimal128::PowerOfTen(38) - 1;
  EXPECT_TRUE(Decimal128(max38).FitsPrecision(38));
  EXPECT_TRUE(Decimal128(-max38).FitsPrecision(38));
  EXPECT_FALSE(Decimal128(max38 + 1).FitsPrecision(38));
  EXPECT_FALSE(Decimal128(-max38 - 1).FitsPrecision(38));
  EXPECT_FALSE(Decimal128(kInt128Min).FitsPrecision(38));
  EXPECT_FALSE(Decimal128(kInt128Max).FitsPrecision(38));
}

TEST(DecimalTest, ParseBasics) {
  EXPECT_EQ(RoundTrip("123.45", 10, 2), "123.45");
  EXPECT_EQ(RoundTrip("-123.45", 10, 2), "-123.45");
  EXPECT_EQ(RoundTrip("+7", 5, 0), "7");
  EXPECT_EQ(RoundTrip("7", 5, 3), "7.000");
  EXPECT_EQ(RoundTrip("0", 5, 2), "0.00");
  EXPECT_EQ(RoundTrip("-0.00", 5, 2), "0.00");
  EXPECT_EQ(RoundTrip("000123.4500", 10, 2), "123.45");
  EXPECT_EQ(RoundTrip(".5", 3, 1), "0.5");
  EXPECT_EQ(RoundTrip("5.", 3, 1), "5.0");
  EXPECT_EQ(RoundTrip("  42.1 ", 5, 1), "42.1");
  Result<Decimal128> v = Decimal128::Parse("-12.345", 10, 3);
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->value() == -12345);
}

TEST(DecimalTest, ParseRoundsHalfUp) {
  EXPECT_EQ(RoundTrip("1.25", 5, 1), "1.3");
  EXPECT_EQ(RoundTrip("1.24999", 5, 1), "1.2");
  EXPECT_EQ(RoundTrip("-1.25", 5, 1), "-1.3");
  EXPECT_EQ(RoundTrip("-1.249", 5, 1), "-1.2");
  EXPECT_EQ(RoundTrip("0.5", 3, 0), "1");
  EXPECT_EQ(RoundTrip("-0.5", 3, 0), "-1");
  EXPECT_EQ(RoundTrip("0.49", 3, 0), "0");
  EXPECT_EQ(RoundTrip("0.004", 3, 2), "0.00");
  EXPECT_EQ(RoundTrip("0.005", 3, 2), "0.01");
  EXPECT_EQ(RoundTrip("0.0005", 3, 2), "0.00");
  EXPECT_EQ(RoundTrip("9.995", 4, 2), "10.00");
  EXPECT_EQ(RoundTrip("0.000000000000000000000000000000000000000001", 5, 2), "0.00");
}

TEST(DecimalTest, ParseExponents) {
  EXPECT_EQ(RoundTrip("1e3", 5, 0), "1000");
  EXPECT_EQ(RoundTrip("1E+3", 6, 1), "1000.0");
  EXPECT_EQ(RoundTrip("1.5e-2", 5, 3), "0.015");
  EXPECT_EQ(RoundTrip("-2.5E0", 5, 0), "-3");
  EXPECT_EQ(RoundTrip("-2.5E-1", 5, 0), "0");
  EXPECT_EQ(RoundTrip("-5E-1", 5, 0), "-1");
  EXPECT_EQ(RoundTrip("123e-5", 10, 5), "0.00123");
  EXPECT_EQ(RoundTrip("0e999999999999999999999", 5, 2), "0.00");
  EXPECT_EQ(RoundTrip("1e-999999999999999999999", 5, 2), "0.00");
  EXPECT_TRUE(Fails("1e999999999999999999999", 38, 0));
  EXPECT_TRUE(Fails("1e38", 38, 0));
  EXPECT_EQ(RoundTrip("1e37", 38, 0), "10000000000000000000000000000000000000");
}

TEST(DecimalTest, ParseOverflowsPrecision) {
  EXPECT_TRUE(Fails("1000", 5, 2));
  EXPECT_TRUE(Fails("999.995", 5, 2));  // rounds to 1000.00
  EXPECT_EQ(RoundTrip("999.994", 5, 2), "999.99");
  EXPECT_TRUE(Fails("-1000", 5, 2));
  EXPECT_TRUE(Fails("10", 1, 0));
  EXPECT_TRUE(Fails("1", 1, 1));
  EXPECT_EQ(RoundTrip("0.9", 1, 1), "0.9");
  EXPECT_TRUE(Fails("0.95", 1, 1));
  Result<Decimal128> r = Decimal128::Parse("123456", 5, 0);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "DECIMAL literal does not fit DECIMAL(5, 0): '123456'");
}

TEST(DecimalTest, Parse38Digits) {
  const std::string max = "99999999999999999999999999999999999999";
  EXPECT_EQ(RoundTrip(max, 38, 0), max);
  EXPECT_EQ(RoundTrip("-" + max, 38, 0), "-" + max);
  EXPECT_TRUE(Fails(max + "9", 38, 0));
  EXPECT_TRUE(Fails(max + ".5", 38, 0));  // rounds to 10^38
  EXPECT_EQ(RoundTrip(max + ".4", 38, 0), max);
  EXPECT_EQ(RoundTrip("0." + max, 38, 38), "0." + max);
  EXPECT_EQ(RoundTrip("-0." + max, 38, 38), "-0." + max);
  EXPECT_EQ(RoundTrip("1234567890123456789012345678.0123456789", 38, 10),
            "1234567890123456789012345678.0123456789");
  EXPECT_TRUE(Fails("12345678901234567890123456789.0123456789", 38, 10));
  EXPECT_TRUE(Fails("1" + std::string(100, '0'), 38, 0));
  EXPECT_EQ(RoundTrip("0." + std::string(100, '0') + "1", 38, 2), "0.00");
}

TEST(DecimalTest, ParseMalformed) {
  for (const char* text : {"", " ", "abc", "-", "+", ".", "1..2", "1.2.3", "1e", "1e+",
                           "e5", "--1", "+-1", "1 2", "0x10", "1,5", "1e5.5", "NaN", "1f"}) {
    EXPECT_TRUE(Fails(text, 10, 2)) << text;
  }
  Result<Decimal128> r = Decimal128::Parse("12a", 10, 2);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "Invalid DECIMAL literal: '12a'");
  EXPECT_TRUE(Fails("1", 39, 0));
  EXPECT_TRUE(Fails("1", 5, 6));
  EXPECT_TRUE(Fails("1", 0, 0));
}

TEST(DecimalTest, ToPlainString) {
  EXPECT_EQ(Decimal128(0).ToPlainString(0), "0");
  EXPECT_EQ(Decimal128(0).ToPlainString(2), "0.00");
  EXPECT_EQ(Decimal128(5).ToPlainString(3), "0.005");
  EXPECT_EQ(Decimal128(-5).ToPlainString(3), "-0.005");
  EXPECT_EQ(Decimal128(12345).ToPlainString(2), "123.45");
  EXPECT_EQ(Decimal128(-12345).ToPlainString(5), "-0.12345");
  EXPECT_EQ(Decimal128(1).ToPlainString(8), "0.00000001");
  EXPECT_EQ(Decimal128(123).ToPlainString(-2), "12300");
  EXPECT_EQ(Decimal128(kInt128Min).ToPlainString(0), "-170141183460469231731687303715884105728");
  EXPECT_EQ(Decimal128(kInt128Max).ToPlainString(38),
            "1.70141183460469231731687303715884105727");
  EXPECT_EQ(Decimal128(kInt128Min).ToPlainString(39),
            "-0.170141183460469231731687303715884105728");
}

TEST(DecimalTest, ToStringMatchesJavaBigDecimal) {
  // Plain while the adjusted exponent (-scale + digits - 1) is >= -6.
  EXPECT_EQ(Decimal128(0).ToString(0), "0");
  EXPECT_EQ(Decimal128(0).ToString(2), "0.00");
  EXPECT_EQ(Decimal128(0).ToString(6), "0.000000");
  EXPECT_EQ(Decimal128(12345).ToString(2), "123.45");
  EXPECT_EQ(Decimal128(-12345).ToString(2), "-123.45");
  EXPECT_EQ(Decimal128(1).ToString(6), "0.000001");
  EXPECT_EQ(Decimal128(10).ToString(7), "0.0000010");
  EXPECT_EQ(Decimal128(123).ToString(8), "0.00000123");
  EXPECT_EQ(Decimal128(10000000).ToString(7), "1.0000000");
  EXPECT_EQ(Decimal128(-5).ToString(1), "-0.5");
  // Scientific below that.
  EXPECT_EQ(Decimal128(1).ToString(8), "1E-8");
  EXPECT_EQ(Decimal128(1).ToString(7), "1E-7");
  EXPECT_EQ(Decimal128(-1).ToString(7), "-1E-7");
  EXPECT_EQ(Decimal128(123).ToString(9), "1.23E-7");
  EXPECT_EQ(Decimal128(-10).ToString(8), "-1.0E-7");
  EXPECT_EQ(Decimal128(0).ToString(7), "0E-7");
  EXPECT_EQ(Decimal128(0).ToString(38), "0E-38");
  EXPECT_EQ(Decimal128(1).ToString(38), "1E-38");
  EXPECT_EQ(Decimal128(-123456789).ToString(20), "-1.23456789E-12");
  // Negative scales (not produced by DECIMAL types) follow Java as well.
  EXPECT_EQ(Decimal128(123).ToString(-2), "1.23E+4");
  EXPECT_EQ(Decimal128(0).ToString(-2), "0E+2");
  // Full range.
  const std::string max = "99999999999999999999999999999999999999";
  EXPECT_EQ(Decimal128(Decimal128::PowerOfTen(38) - 1).ToString(0), max);
  EXPECT_EQ(Decimal128(-(Decimal128::PowerOfTen(38) - 1)).ToString(38), "-0." + max);
  EXPECT_EQ(Decimal128(kInt128Min).ToString(0), "-170141183460469231731687303715884105728");
  EXPECT_EQ(Decimal128(kInt128Min).ToString(45), "-1.70141183460469231731687303715884105728E-7");
}

TEST(DecimalTest, ParsePrintRoundTrip) {
  for (const char* text : {"0.00", "1.23", "-1.23", "12345678901234567890.123456789012345678",
                           "-0.000001", "100.00"}) {
    const std::string s(text);
    const size_t point = s.find('.');
    const int32_t scale = point == std::string::npos ? 0 : static_cast<int32_t>(s.size() - point - 1);
    Result<Decimal128> r = Decimal128::Parse(s, 38, scale);
    ASSERT_TRUE(r.ok()) << text << ": " << r.status().ToString();
    EXPECT_EQ(r->ToString(scale), s);
    Result<Decimal128> again = Decimal128::Parse(r->ToString(scale), 38, scale);
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(*again, *r);
  }
  // Scientific output parses back to the same value.
  Result<Decimal128> sci = Decimal128::Parse(Decimal128(123).ToString(9), 10, 9);
  ASSERT_TRUE(sci.ok());
  EXPECT_TRUE(sci->value() == 123);
}

TEST(DecimalTest, Bits) {
  Decimal128 d(-1);
  EXPECT_EQ(d.low_bits(), ~uint64_t{0});
  EXPECT_EQ(d.high_bits(), -1);
  Decimal128 big(static_cast<__int128>(1) << 64);
  EXPECT_EQ(big.low_bits(), 0u);
  EXPECT_EQ(big.high_bits(), 1);
  EXPECT_TRUE(Decimal128(1) < Decimal128(2));
  EXPECT_TRUE(Decimal128::FromInt64(-3) == Decimal128(-3));
}

}  // namespace
}  // namespace weir
