// Tests of LogicalType: factories, Flink summary strings, parsing, equality and layouts.
#include "weir/common/types/logical_type.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace weir {
namespace {

using R = IntervalResolution;

LogicalType MustParse(std::string_view text) {
  Result<LogicalType> r = LogicalType::Parse(text);
  EXPECT_TRUE(r.ok()) << text << ": " << r.status().ToString();
  return r.ok() ? *r : LogicalType();
}

// Returns the error message of a parse that must fail with `code`.
std::string ParseError(std::string_view text, StatusCode code = StatusCode::kInvalid) {
  Result<LogicalType> r = LogicalType::Parse(text);
  EXPECT_FALSE(r.ok()) << text << " parsed as " << (r.ok() ? r->ToString() : "");
  if (r.ok()) return "";
  EXPECT_EQ(r.status().code(), code) << r.status().ToString();
  return r.status().message();
}

void ExpectRoundTrip(const LogicalType& t) {
  const std::string text = t.ToString();
  Result<LogicalType> parsed = LogicalType::Parse(text);
  ASSERT_TRUE(parsed.ok()) << text << ": " << parsed.status().ToString();
  EXPECT_EQ(*parsed, t) << text << " came back as " << parsed->ToString();
  EXPECT_EQ(parsed->ToString(), text);
}

std::vector<LogicalType> ScalarTypes() {
  return {
      LogicalType::Null(),
      LogicalType::Boolean(),
      LogicalType::TinyInt(),
      LogicalType::SmallInt(),
      LogicalType::Int(),
      LogicalType::BigInt(),
      LogicalType::Float(),
      LogicalType::Double(),
      LogicalType::Decimal(10, 0),
      LogicalType::Decimal(38, 38),
      LogicalType::Decimal(1, 0),
      LogicalType::Char(1),
      LogicalType::Char(LogicalType::kMaxLength),
      LogicalType::VarChar(10),
      LogicalType::String(),
      LogicalType::Binary(3),
      LogicalType::Binary(LogicalType::kMaxLength),
      LogicalType::VarBinary(4),
      LogicalType::Bytes(),
      LogicalType::Date(),
      LogicalType::Time(0),
      LogicalType::Time(9),
      LogicalType::Timestamp(0),
      LogicalType::Timestamp(3),
      LogicalType::Timestamp(9),
      LogicalType::TimestampLtz(3),
      LogicalType::TimestampLtz(6),
      LogicalType::IntervalYearMonth(R::kYear, 4),
      LogicalType::IntervalYearMonth(R::kYearToMonth, 1),
      LogicalType::IntervalYearMonth(R::kMonth),
      LogicalType::IntervalDayTime(R::kDay, 6),
      LogicalType::IntervalDayTime(R::kDayToHour, 1),
      LogicalType::IntervalDayTime(R::kDayToMinute, 3),
      LogicalType::IntervalDayTime(R::kDayToSecond, 2, 0),
      LogicalType::IntervalDayTime(R::kHour),
      LogicalType::IntervalDayTime(R::kHourToMinute),
      LogicalType::IntervalDayTime(R::kHourToSecond, 2, 3),
      LogicalType::IntervalDayTime(R::kMinute),
      LogicalType::IntervalDayTime(R::kMinuteToSecond, 2, 9),
      LogicalType::IntervalDayTime(R::kSecond, 2, 6),
  };
}

TEST(LogicalTypeTest, FactoriesAndAccessors) {
  LogicalType d = LogicalType::Decimal(12, 4, false);
  EXPECT_EQ(d.id(), TypeId::kDecimal);
  EXPECT_EQ(d.precision(), 12);
  EXPECT_EQ(d.scale(), 4);
  EXPECT_FALSE(d.nullable());
  EXPECT_EQ(LogicalType::VarChar(7).length(), 7);
  EXPECT_EQ(LogicalType::String().length(), LogicalType::kMaxLength);
  EXPECT_EQ(LogicalType::Bytes().id(), TypeId::kVarBinary);
  EXPECT_EQ(LogicalType::Timestamp().precision(), 6);
  EXPECT_EQ(LogicalType::TimestampLtz().precision(), 6);
  EXPECT_EQ(LogicalType::Time().precision(), 0);

  LogicalType iv = LogicalType::IntervalDayTime();
  EXPECT_EQ(iv.interval_resolution(), R::kDayToSecond);
  EXPECT_EQ(iv.precision(), 2);
  EXPECT_EQ(iv.scale(), 6);
  EXPECT_EQ(LogicalType::IntervalYearMonth().interval_resolution(), R::kYearToMonth);

  LogicalType def;
  EXPECT_EQ(def.id(), TypeId::kNull);
  EXPECT_TRUE(def.nullable());
  EXPECT_EQ(def, LogicalType::Null());
}

TEST(LogicalTypeTest, NestedAccessors) {
  LogicalType arr = LogicalType::Array(LogicalType::Int(false));
  EXPECT_EQ(arr.element_type(), LogicalType::Int(false));
  EXPECT_EQ(arr.num_children(), 1);

  LogicalType map = LogicalType::Map(LogicalType::String(false), LogicalType::Double());
  EXPECT_EQ(map.key_type(), LogicalType::String(false));
  EXPECT_EQ(map.value_type(), LogicalType::Double());
  EXPECT_EQ(map.num_children(), 2);

  LogicalType ms = LogicalType::Multiset(LogicalType::VarChar(3));
  EXPECT_EQ(ms.element_type(), LogicalType::VarChar(3));
  EXPECT_EQ(ms.key_type(), LogicalType::VarChar(3));
  EXPECT_EQ(ms.value_type(), LogicalType::Int(false));
  EXPECT_EQ(ms.value_type().ToString(), "INT NOT NULL");

  LogicalType row = LogicalType::Row(
      {Field("a", LogicalType::Int()), Field("b", LogicalType::String(), "the b")});
  ASSERT_EQ(row.fields().size(), 2u);
  EXPECT_EQ(row.num_children(), 2);
  EXPECT_EQ(row.fields()[1].name, "b");
  EXPECT_EQ(row.fields()[1].description, "the b");
  EXPECT_EQ(row.fields()[1].logical_type(), LogicalType::String());
  EXPECT_EQ(LogicalType::Row({}).fields().size(), 0u);
  EXPECT_EQ(LogicalType::Int().num_children(), 0);
}

TEST(LogicalTypeTest, Predicates) {
  EXPECT_TRUE(LogicalType::Decimal(5, 2).is_numeric());
  EXPECT_TRUE(LogicalType::Double().is_numeric());
  EXPECT_FALSE(LogicalType::Decimal(5, 2).is_integer());
  EXPECT_TRUE(LogicalType::TinyInt().is_integer());
  EXPECT_TRUE(LogicalType::BigInt().is_integer());
  EXPECT_FALSE(LogicalType::Boolean().is_numeric());
  EXPECT_FALSE(LogicalType::Date().is_numeric());
  EXPECT_TRUE(LogicalType::Char(2).is_string());
  EXPECT_TRUE(LogicalType::String().is_string());
  EXPECT_FALSE(LogicalType::Bytes().is_string());
  EXPECT_TRUE(LogicalType::Binary(2).is_binary());
  EXPECT_TRUE(LogicalType::Bytes().is_binary());
  EXPECT_TRUE(LogicalType::Array(LogicalType::Int()).is_nested());
  EXPECT_TRUE(LogicalType::Multiset(LogicalType::Int()).is_nested());
  EXPECT_TRUE(LogicalType::Map(LogicalType::Int(), LogicalType::Int()).is_nested());
  EXPECT_TRUE(LogicalType::Row({}).is_nested());
  EXPECT_FALSE(LogicalType::String().is_nested());
}

TEST(LogicalTypeTest, LayoutAndByteWidth) {
  struct Case {
    LogicalType type;
    PhysicalLayout layout;
    int width;
  };
  const std::vector<Case> cases = {
      {LogicalType::Null(), PhysicalLayout::kNull, 0},
      {LogicalType::Boolean(), PhysicalLayout::kBitmap, 0},
      {LogicalType::TinyInt(), PhysicalLayout::kFixedWidth, 1},
      {LogicalType::SmallInt(), PhysicalLayout::kFixedWidth, 2},
      {LogicalType::Int(), PhysicalLayout::kFixedWidth, 4},
      {LogicalType::BigInt(), PhysicalLayout::kFixedWidth, 8},
      {LogicalType::Float(), PhysicalLayout::kFixedWidth, 4},
      {LogicalType::Double(), PhysicalLayout::kFixedWidth, 8},
      {LogicalType::Decimal(5, 1), PhysicalLayout::kFixedWidth, 16},
      {LogicalType::Date(), PhysicalLayout::kFixedWidth, 4},
      {LogicalType::Time(3), PhysicalLayout::kFixedWidth, 8},
      {LogicalType::Timestamp(9), PhysicalLayout::kFixedWidth, 8},
      {LogicalType::TimestampLtz(0), PhysicalLayout::kFixedWidth, 8},
      {LogicalType::IntervalYearMonth(), PhysicalLayout::kFixedWidth, 4},
      {LogicalType::IntervalDayTime(R::kSecond, 2, 3), PhysicalLayout::kFixedWidth, 8},
      {LogicalType::Char(3), PhysicalLayout::kVarBinary, 0},
      {LogicalType::String(), PhysicalLayout::kVarBinary, 0},
      {LogicalType::Binary(3), PhysicalLayout::kVarBinary, 0},
      {LogicalType::Bytes(), PhysicalLayout::kVarBinary, 0},
      {LogicalType::Array(LogicalType::Int()), PhysicalLayout::kList, 0},
      {LogicalType::Map(LogicalType::Int(), LogicalType::Int()), PhysicalLayout::kMap, 0},
      {LogicalType::Multiset(LogicalType::Int()), PhysicalLayout::kMap, 0},
      {LogicalType::Row({Field("a", LogicalType::Int())}), PhysicalLayout::kStruct, 0},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(c.type.layout(), c.layout) << c.type.ToString();
    EXPECT_EQ(c.type.byte_width(), c.width) << c.type.ToString();
  }
}

TEST(LogicalTypeTest, TimestampUnits) {
  EXPECT_EQ(TimestampUnit(0), TimeUnit::kMilli);
  EXPECT_EQ(TimestampUnit(3), TimeUnit::kMilli);
  EXPECT_EQ(TimestampUnit(4), TimeUnit::kMicro);
  EXPECT_EQ(TimestampUnit(6), TimeUnit::kMicro);
  EXPECT_EQ(TimestampUnit(7), TimeUnit::kNano);
  EXPECT_EQ(TimestampUnit(9), TimeUnit::kNano);
  EXPECT_EQ(UnitsPerSecond(TimeUnit::kMilli), 1000);
  EXPECT_EQ(UnitsPerSecond(TimeUnit::kMicro), 1000000);
  EXPECT_EQ(UnitsPerSecond(TimeUnit::kNano), 1000000000);
}

TEST(LogicalTypeTest, TypeIdNames) {
  EXPECT_STREQ(TypeIdName(TypeId::kBigInt), "BIGINT");
  EXPECT_STREQ(TypeIdName(TypeId::kTimestampLtz), "TIMESTAMP_LTZ");
  EXPECT_STREQ(TypeIdName(TypeId::kVarChar), "VARCHAR");
  EXPECT_STREQ(TypeIdName(TypeId::kNull), "NULL");
  EXPECT_STREQ(TypeIdName(TypeId::kRow), "ROW");
}

TEST(LogicalTypeTest, SummaryStrings) {
  EXPECT_EQ(LogicalType::Boolean().ToString(), "BOOLEAN");
  EXPECT_EQ(LogicalType::TinyInt().ToString(), "TINYINT");
  EXPECT_EQ(LogicalType::SmallInt().ToString(), "SMALLINT");
  EXPECT_EQ(LogicalType::Int().ToString(), "INT");
  EXPECT_EQ(LogicalType::BigInt().ToString(), "BIGINT");
  EXPECT_EQ(LogicalType::Float().ToString(), "FLOAT");
  EXPECT_EQ(LogicalType::Double().ToString(), "DOUBLE");
  EXPECT_EQ(LogicalType::Decimal(10, 2).ToString(), "DECIMAL(10, 2)");
  EXPECT_EQ(LogicalType::Char(5).ToString(), "CHAR(5)");
  EXPECT_EQ(LogicalType::VarChar(10).ToString(), "VARCHAR(10)");
  EXPECT_EQ(LogicalType::VarChar(LogicalType::kMaxLength).ToString(), "STRING");
  EXPECT_EQ(LogicalType::VarChar(LogicalType::kMaxLength - 1).ToString(),
            "VARCHAR(2147483646)");
  EXPECT_EQ(LogicalType::Binary(3).ToString(), "BINARY(3)");
  EXPECT_EQ(LogicalType::VarBinary(4).ToString(), "VARBINARY(4)");
  EXPECT_EQ(LogicalType::Bytes().ToString(), "BYTES");
  EXPECT_EQ(LogicalType::Date().ToString(), "DATE");
  EXPECT_EQ(LogicalType::Time().ToString(), "TIME(0)");
  EXPECT_EQ(LogicalType::Timestamp(3).ToString(), "TIMESTAMP(3)");
  EXPECT_EQ(LogicalType::TimestampLtz(3).ToString(), "TIMESTAMP_LTZ(3)");
  EXPECT_EQ(LogicalType::Null().ToString(), "NULL");
  EXPECT_EQ(LogicalType::Int(false).ToString(), "INT NOT NULL");
  EXPECT_EQ(LogicalType::String(false).ToString(), "STRING NOT NULL");
}

TEST(LogicalTypeTest, IntervalSummaryStrings) {
  EXPECT_EQ(LogicalType::IntervalYearMonth(R::kYear).ToString(), "INTERVAL YEAR(2)");
  EXPECT_EQ(LogicalType::IntervalYearMonth(R::kYearToMonth, 4).ToString(),
            "INTERVAL YEAR(4) TO MONTH");
  EXPECT_EQ(LogicalType::IntervalYearMonth(R::kMonth).ToString(), "INTERVAL MONTH");
  EXPECT_EQ(LogicalType::IntervalDayTime(R::kDay, 3).ToString(), "INTERVAL DAY(3)");
  EXPECT_EQ(LogicalType::IntervalDayTime(R::kDayToHour).ToString(), "INTERVAL DAY(2) TO HOUR");
  EXPECT_EQ(LogicalType::IntervalDayTime(R::kDayToMinute, 1).ToString(),
            "INTERVAL DAY(1) TO MINUTE");
  EXPECT_EQ(LogicalType::IntervalDayTime(R::kDayToSecond).ToString(),
            "INTERVAL DAY(2) TO SECOND(6)");
  EXPECT_EQ(LogicalType::IntervalDayTime(R::kDayToSecond, 6, 0).ToString(),
            "INTERVAL DAY(6) TO SECOND(0)");
  EXPECT_EQ(LogicalType::IntervalDayTime(R::kHour).ToString(), "INTERVAL HOUR");
  EXPECT_EQ(LogicalType::IntervalDayTime(R::kHourToMinute).ToString(),
            "INTERVAL HOUR TO MINUTE");
  EXPECT_EQ(LogicalType::IntervalDayTime(R::kHourToSecond, 2, 3).ToString(),
            "INTERVAL HOUR TO SECOND(3)");
  EXPECT_EQ(LogicalType::IntervalDayTime(R::kMinute).ToString(), "INTERVAL MINUTE");
  EXPECT_EQ(LogicalType::IntervalDayTime(R::kMinuteToSecond, 2, 9).ToString(),
            "INTERVAL MINUTE TO SECOND(9)");
  EXPECT_EQ(LogicalType::IntervalDayTime(R::kSecond, 2, 3).ToString(), "INTERVAL SECOND(3)");
  EXPECT_EQ(LogicalType::IntervalYearMonth(R::kMonth, 2, false).ToString(),
            "INTERVAL MONTH NOT NULL");
}

TEST(LogicalTypeTest, NestedSummaryStrings) {
  EXPECT_EQ(LogicalType::Array(LogicalType::Int()).ToString(), "ARRAY<INT>");
  EXPECT_EQ(LogicalType::Array(LogicalType::Int(false), false).ToString(),
            "ARRAY<INT NOT NULL> NOT NULL");
  EXPECT_EQ(LogicalType::Map(LogicalType::String(), LogicalType::Int()).ToString(),
            "MAP<STRING, INT>");
  EXPECT_EQ(LogicalType::Multiset(LogicalType::String()).ToString(), "MULTISET<STRING>");
  EXPECT_EQ(LogicalType::Row({Field("a", LogicalType::Int()), Field("b", LogicalType::String())})
                .ToString(),
            "ROW<`a` INT, `b` STRING>");
  EXPECT_EQ(LogicalType::Row({}).ToString(), "ROW<>");
  EXPECT_EQ(LogicalType::Row({Field("a`b", LogicalType::Int(false), "it's")}, false).ToString(),
            "ROW<`a``b` INT NOT NULL 'it''s'> NOT NULL");
  EXPECT_EQ(LogicalType::Row({Field("x", LogicalType::Array(LogicalType::Row(
                                             {Field("y", LogicalType::Decimal(3, 1))})))})
                .ToString(),
            "ROW<`x` ARRAY<ROW<`y` DECIMAL(3, 1)>>>");
  EXPECT_EQ(Field("n", LogicalType::BigInt(), "d").ToString(), "`n` BIGINT 'd'");
}

TEST(LogicalTypeTest, TimeAttributes) {
  LogicalType rowtime = LogicalType::Timestamp(3).WithTimestampKind(TimestampKind::kRowtime);
  EXPECT_EQ(rowtime.timestamp_kind(), TimestampKind::kRowtime);
  EXPECT_EQ(rowtime.ToString(), "TIMESTAMP(3) *ROWTIME*");
  LogicalType proctime =
      LogicalType::TimestampLtz(3, false).WithTimestampKind(TimestampKind::kProctime);
  EXPECT_EQ(proctime.ToString(), "TIMESTAMP_LTZ(3) NOT NULL *PROCTIME*");
  // The kind does not take part in equality.
  EXPECT_EQ(rowtime, LogicalType::Timestamp(3));
  EXPECT_EQ(rowtime.WithNullable(false).timestamp_kind(), TimestampKind::kRowtime);
  // The printed markers parse back.
  LogicalType parsed = MustParse("TIMESTAMP_LTZ(3) NOT NULL *PROCTIME*");
  EXPECT_EQ(parsed.timestamp_kind(), TimestampKind::kProctime);
  EXPECT_EQ(parsed, LogicalType::TimestampLtz(3, false));
  LogicalType in_row = MustParse("ROW<`ts` TIMESTAMP(3) *ROWTIME*, `v` INT>");
  EXPECT_EQ(in_row.fields()[0].logical_type().timestamp_kind(), TimestampKind::kRowtime);
  EXPECT_NE(ParseError("TIMESTAMP(3) *EVENTTIME*").find("Expected ROWTIME or PROCTIME"),
            std::string::npos);
  EXPECT_NE(ParseError("INT *ROWTIME*").find("(at position 5)"), std::string::npos);
}

TEST(LogicalTypeTest, WithNullable) {
  EXPECT_FALSE(LogicalType::Int().WithNullable(false).nullable());
  EXPECT_TRUE(LogicalType::Int(false).WithNullable(true).nullable());
  // Only the top level changes.
  LogicalType arr = LogicalType::Array(LogicalType::Int(false)).WithNullable(false);
  EXPECT_EQ(arr.ToString(), "ARRAY<INT NOT NULL> NOT NULL");
  // The NULL type is always nullable, as in Flink.
  EXPECT_TRUE(LogicalType::Null().WithNullable(false).nullable());
}

TEST(LogicalTypeTest, Equality) {
  EXPECT_EQ(LogicalType::Decimal(10, 2), LogicalType::Decimal(10, 2));
  EXPECT_NE(LogicalType::Decimal(10, 2), LogicalType::Decimal(10, 3));
  EXPECT_NE(LogicalType::Decimal(10, 2), LogicalType::Decimal(11, 2));
  EXPECT_NE(LogicalType::Int(), LogicalType::Int(false));
  EXPECT_NE(LogicalType::Int(), LogicalType::BigInt());
  EXPECT_NE(LogicalType::Char(3), LogicalType::VarChar(3));
  EXPECT_NE(LogicalType::IntervalDayTime(R::kHour), LogicalType::IntervalDayTime(R::kMinute));
  EXPECT_NE(LogicalType::IntervalYearMonth(R::kYear), LogicalType::IntervalYearMonth(R::kYear, 3));
  EXPECT_NE(LogicalType::Array(LogicalType::Int()), LogicalType::Array(LogicalType::Int(false)));
  EXPECT_NE(LogicalType::Array(LogicalType::Int()), LogicalType::Multiset(LogicalType::Int()));
  EXPECT_NE(LogicalType::Map(LogicalType::Int(), LogicalType::Int()),
            LogicalType::Map(LogicalType::Int(), LogicalType::BigInt()));
  EXPECT_EQ(LogicalType::Row({Field("a", LogicalType::Int())}),
            LogicalType::Row({Field("a", LogicalType::Int())}));
  EXPECT_NE(LogicalType::Row({Field("a", LogicalType::Int())}),
            LogicalType::Row({Field("b", LogicalType::Int())}));
  EXPECT_NE(LogicalType::Row({Field("a", LogicalType::Int())}),
            LogicalType::Row({Field("a", LogicalType::Int(), "desc")}));
  EXPECT_NE(LogicalType::Row({Field("a", LogicalType::Int())}),
            LogicalType::Row({Field("a", LogicalType::Int()), Field("b", LogicalType::Int())}));
  EXPECT_NE(LogicalType::Row({}), LogicalType::Row({}, false));
}

TEST(LogicalTypeTest, EqualsIgnoringNullability) {
  LogicalType a = MustParse("ROW<a INT NOT NULL, b ARRAY<STRING NOT NULL>> NOT NULL");
  LogicalType b = MustParse("ROW<a INT, b ARRAY<STRING>>");
  EXPECT_NE(a, b);
  EXPECT_TRUE(a.EqualsIgnoringNullability(b));
  EXPECT_TRUE(b.EqualsIgnoringNullability(a));
  EXPECT_FALSE(a.EqualsIgnoringNullability(MustParse("ROW<a INT, c ARRAY<STRING>>")));
  EXPECT_FALSE(a.EqualsIgnoringNullability(MustParse("ROW<a INT, b ARRAY<VARCHAR(3)>>")));
  EXPECT_TRUE(LogicalType::Int(false).EqualsIgnoringNullability(LogicalType::Int()));
  EXPECT_FALSE(LogicalType::Int(false).EqualsIgnoringNullability(LogicalType::BigInt()));
}

TEST(LogicalTypeTest, MakeValidates) {
  auto message = [](const Result<LogicalType>& r) {
    EXPECT_FALSE(r.ok());
    EXPECT_TRUE(r.status().IsInvalid());
    return r.status().message();
  };
  EXPECT_EQ(message(LogicalType::MakeDecimal(40, 0)),
            "DECIMAL precision must be between 1 and 38: 40");
  EXPECT_EQ(message(LogicalType::MakeDecimal(0, 0)),
            "DECIMAL precision must be between 1 and 38: 0");
  EXPECT_EQ(message(LogicalType::MakeDecimal(10, 11)),
            "DECIMAL scale must be between 0 and the precision 10: 11");
  EXPECT_EQ(message(LogicalType::MakeDecimal(10, -1)),
            "DECIMAL scale must be between 0 and the precision 10: -1");
  EXPECT_EQ(message(LogicalType::MakeChar(TypeId::kChar, 0)),
            "CHAR length must be between 1 and 2147483647: 0");
  EXPECT_EQ(message(LogicalType::MakeChar(TypeId::kVarBinary, -5)),
            "VARBINARY length must be between 1 and 2147483647: -5");
  EXPECT_FALSE(LogicalType::MakeChar(TypeId::kInt, 5).ok());
  EXPECT_EQ(message(LogicalType::MakeTemporal(TypeId::kTimestamp, 10)),
            "TIMESTAMP precision must be between 0 and 9: 10");
  EXPECT_EQ(message(LogicalType::MakeTemporal(TypeId::kTime, -1)),
            "TIME precision must be between 0 and 9: -1");
  EXPECT_FALSE(LogicalType::MakeTemporal(TypeId::kDate, 0).ok());
  EXPECT_FALSE(LogicalType::MakeIntervalYearMonth(R::kYear, 5).ok());
  EXPECT_FALSE(LogicalType::MakeIntervalYearMonth(R::kYear, 0).ok());
  EXPECT_FALSE(LogicalType::MakeIntervalYearMonth(R::kMonth, 3).ok());
  EXPECT_FALSE(LogicalType::MakeIntervalYearMonth(R::kDay, 2).ok());
  EXPECT_FALSE(LogicalType::MakeIntervalDayTime(R::kDay, 7).ok());
  EXPECT_FALSE(LogicalType::MakeIntervalDayTime(R::kDayToSecond, 2, 10).ok());
  EXPECT_FALSE(LogicalType::MakeIntervalDayTime(R::kHour, 3).ok());
  EXPECT_FALSE(LogicalType::MakeIntervalDayTime(R::kDay, 2, 3).ok());
  EXPECT_FALSE(LogicalType::MakeIntervalDayTime(R::kYearToMonth).ok());
  EXPECT_NE(message(LogicalType::MakeRow({Field("a", LogicalType::Int()),
                                          Field("a", LogicalType::Int())}))
                .find("unique: a"),
            std::string::npos);
  EXPECT_FALSE(LogicalType::MakeRow({Field(" ", LogicalType::Int())}).ok());

  Result<LogicalType> ok = LogicalType::MakeDecimal(38, 0, false);
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(*ok, LogicalType::Decimal(38, 0, false));
  Result<LogicalType> ok_char = LogicalType::MakeChar(TypeId::kVarChar, 5);
  ASSERT_TRUE(ok_char.ok());
  EXPECT_EQ(*ok_char, LogicalType::VarChar(5));
  Result<LogicalType> ok_ts = LogicalType::MakeTemporal(TypeId::kTimestampLtz, 9);
  ASSERT_TRUE(ok_ts.ok());
  EXPECT_EQ(*ok_ts, LogicalType::TimestampLtz(9));
}

TEST(LogicalTypeDeathTest, InvalidFactoryArgumentsAbort) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_DEATH(LogicalType::Decimal(40, 0), "DECIMAL precision");
  EXPECT_DEATH(LogicalType::VarChar(0), "VARCHAR length");
  EXPECT_DEATH(LogicalType::Timestamp(10), "TIMESTAMP precision");
  EXPECT_DEATH(LogicalType::Int().WithTimestampKind(TimestampKind::kRowtime), "time attribute");
  EXPECT_DEATH(LogicalType::Int().element_type(), "element_type");
  EXPECT_DEATH(
      LogicalType::Row({Field("a", LogicalType::Int()), Field("a", LogicalType::Int())}),
      "unique");
}

TEST(LogicalTypeParseTest, AliasesAndDefaults) {
  struct Case {
    const char* text;
    LogicalType expected;
  };
  const std::vector<Case> cases = {
      {"BOOLEAN", LogicalType::Boolean()},
      {"TINYINT", LogicalType::TinyInt()},
      {"SMALLINT", LogicalType::SmallInt()},
      {"INT", LogicalType::Int()},
      {"INTEGER", LogicalType::Int()},
      {"BIGINT", LogicalType::BigInt()},
      {"FLOAT", LogicalType::Float()},
      {"REAL", LogicalType::Float()},
      {"DOUBLE", LogicalType::Double()},
      {"DOUBLE PRECISION", LogicalType::Double()},
      {"DECIMAL", LogicalType::Decimal(10, 0)},
      {"DEC", LogicalType::Decimal(10, 0)},
      {"NUMERIC", LogicalType::Decimal(10, 0)},
      {"DECIMAL(5)", LogicalType::Decimal(5, 0)},
      {"NUMERIC(5, 2)", LogicalType::Decimal(5, 2)},
      {"DEC(38,38)", LogicalType::Decimal(38, 38)},
      {"CHAR", LogicalType::Char(1)},
      {"CHARACTER", LogicalType::Char(1)},
      {"CHAR(7)", LogicalType::Char(7)},
      {"CHARACTER(7)", LogicalType::Char(7)},
      {"VARCHAR", LogicalType::VarChar(1)},
      {"VARCHAR(20)", LogicalType::VarChar(20)},
      {"CHARACTER VARYING(20)", LogicalType::VarChar(20)},
      {"CHAR VARYING", LogicalType::VarChar(1)},
      {"VARCHAR(2147483647)", LogicalType::String()},
      {"STRING", LogicalType::String()},
      {"BINARY", LogicalType::Binary(1)},
      {"BINARY(16)", LogicalType::Binary(16)},
      {"VARBINARY", LogicalType::VarBinary(1)},
      {"VARBINARY(8)", LogicalType::VarBinary(8)},
      {"BINARY VARYING(8)", LogicalType::VarBinary(8)},
      {"BYTES", LogicalType::Bytes()},
      {"DATE", LogicalType::Date()},
      {"TIME", LogicalType::Time(0)},
      {"TIME(3)", LogicalType::Time(3)},
      {"TIME WITHOUT TIME ZONE", LogicalType::Time(0)},
      {"TIME(9) WITHOUT TIME ZONE", LogicalType::Time(9)},
      {"TIMESTAMP", LogicalType::Timestamp(6)},
      {"TIMESTAMP(3)", LogicalType::Timestamp(3)},
      {"TIMESTAMP WITHOUT TIME ZONE", LogicalType::Timestamp(6)},
      {"TIMESTAMP(0) WITHOUT TIME ZONE", LogicalType::Timestamp(0)},
      {"TIMESTAMP WITH LOCAL TIME ZONE", LogicalType::TimestampLtz(6)},
      {"TIMESTAMP(3) WITH LOCAL TIME ZONE", LogicalType::TimestampLtz(3)},
      {"TIMESTAMP_LTZ", LogicalType::TimestampLtz(6)},
      {"TIMESTAMP_LTZ(9)", LogicalType::TimestampLtz(9)},
      {"NULL", LogicalType::Null()},
      {"INTERVAL YEAR", LogicalType::IntervalYearMonth(R::kYear, 2)},
      {"INTERVAL YEAR(4)", LogicalType::IntervalYearMonth(R::kYear, 4)},
      {"INTERVAL YEAR TO MONTH", LogicalType::IntervalYearMonth(R::kYearToMonth, 2)},
      {"INTERVAL YEAR(1) TO MONTH", LogicalType::IntervalYearMonth(R::kYearToMonth, 1)},
      {"INTERVAL MONTH", LogicalType::IntervalYearMonth(R::kMonth)},
      {"INTERVAL DAY", LogicalType::IntervalDayTime(R::kDay, 2, 6)},
      {"INTERVAL DAY(5)", LogicalType::IntervalDayTime(R::kDay, 5, 6)},
      {"INTERVAL DAY TO HOUR", LogicalType::IntervalDayTime(R::kDayToHour)},
      {"INTERVAL DAY(3) TO MINUTE", LogicalType::IntervalDayTime(R::kDayToMinute, 3)},
      {"INTERVAL DAY TO SECOND", LogicalType::IntervalDayTime(R::kDayToSecond, 2, 6)},
      {"INTERVAL DAY TO SECOND(3)", LogicalType::IntervalDayTime(R::kDayToSecond, 2, 3)},
      {"INTERVAL DAY(1) TO SECOND(0)", LogicalType::IntervalDayTime(R::kDayToSecond, 1, 0)},
      {"INTERVAL HOUR", LogicalType::IntervalDayTime(R::kHour)},
      {"INTERVAL HOUR TO MINUTE", LogicalType::IntervalDayTime(R::kHourToMinute)},
      {"INTERVAL HOUR TO SECOND", LogicalType::IntervalDayTime(R::kHourToSecond, 2, 6)},
      {"INTERVAL HOUR TO SECOND(1)", LogicalType::IntervalDayTime(R::kHourToSecond, 2, 1)},
      {"INTERVAL MINUTE", LogicalType::IntervalDayTime(R::kMinute)},
      {"INTERVAL MINUTE TO SECOND(2)", LogicalType::IntervalDayTime(R::kMinuteToSecond, 2, 2)},
      {"INTERVAL SECOND", LogicalType::IntervalDayTime(R::kSecond, 2, 6)},
      {"INTERVAL SECOND(9)", LogicalType::IntervalDayTime(R::kSecond, 2, 9)},
      {"ARRAY<INT>", LogicalType::Array(LogicalType::Int())},
      {"INT ARRAY", LogicalType::Array(LogicalType::Int())},
      {"MULTISET<INT>", LogicalType::Multiset(LogicalType::Int())},
      {"INT MULTISET", LogicalType::Multiset(LogicalType::Int())},
      {"MAP<STRING, INT>", LogicalType::Map(LogicalType::String(), LogicalType::Int())},
      {"ROW<a INT>", LogicalType::Row({Field("a", LogicalType::Int())})},
      {"ROW(a INT)", LogicalType::Row({Field("a", LogicalType::Int())})},
      {"ROW<>", LogicalType::Row({})},
      {"ROW()", LogicalType::Row({})},
      {"INT NULL", LogicalType::Int()},
      {"INT NOT NULL", LogicalType::Int(false)},
      {"NULL NULL", LogicalType::Null()},
  };
  for (const Case& c : cases) {
    Result<LogicalType> r = LogicalType::Parse(c.text);
    ASSERT_TRUE(r.ok()) << c.text << ": " << r.status().ToString();
    EXPECT_EQ(*r, c.expected) << c.text << " parsed as " << r->ToString();
  }
}

TEST(LogicalTypeParseTest, CaseAndWhitespace) {
  EXPECT_EQ(MustParse("  decimal ( 10 ,2 )  not   null "), LogicalType::Decimal(10, 2, false));
  EXPECT_EQ(MustParse("Timestamp(3)\twith\nlocal time zone"), LogicalType::TimestampLtz(3));
  EXPECT_EQ(MustParse("interval day(3) to second(2)"),
            LogicalType::IntervalDayTime(R::kDayToSecond, 3, 2));
  EXPECT_EQ(MustParse("map<string,array<int not null>>not null"),
            LogicalType::Map(LogicalType::String(),
                             LogicalType::Array(LogicalType::Int(false)), false));
  EXPECT_EQ(MustParse("timestamp_ltz"), LogicalType::TimestampLtz(6));
  // Field names keep their case.
  LogicalType row = MustParse("row<MyField int>");
  EXPECT_EQ(row.fields()[0].name, "MyField");
}

TEST(LogicalTypeParseTest, SuffixCollections) {
  EXPECT_EQ(MustParse("INT NOT NULL ARRAY"), LogicalType::Array(LogicalType::Int(false)));
  EXPECT_EQ(MustParse("INT ARRAY NOT NULL"), LogicalType::Array(LogicalType::Int(), false));
  EXPECT_EQ(MustParse("INT NOT NULL MULTISET NOT NULL"),
            LogicalType::Multiset(LogicalType::Int(false), false));
  EXPECT_EQ(MustParse("STRING ARRAY ARRAY"),
            LogicalType::Array(LogicalType::Array(LogicalType::String())));
  EXPECT_EQ(MustParse("INT ARRAY MULTISET"),
            LogicalType::Multiset(LogicalType::Array(LogicalType::Int())));
  EXPECT_EQ(MustParse("ROW<a INT ARRAY>"),
            LogicalType::Row({Field("a", LogicalType::Array(LogicalType::Int()))}));
  EXPECT_EQ(MustParse("MAP<INT ARRAY, STRING MULTISET>"),
            LogicalType::Map(LogicalType::Array(LogicalType::Int()),
                             LogicalType::Multiset(LogicalType::String())));
}

TEST(LogicalTypeParseTest, Rows) {
  LogicalType r = MustParse(
      "ROW<`a b` INT NOT NULL 'first field', c STRING, `d``e` ROW(f DOUBLE 'it''s'), "
      "`select` BOOLEAN> NOT NULL");
  ASSERT_EQ(r.fields().size(), 4u);
  EXPECT_FALSE(r.nullable());
  EXPECT_EQ(r.fields()[0].name, "a b");
  EXPECT_EQ(r.fields()[0].description, "first field");
  EXPECT_EQ(r.fields()[0].logical_type(), LogicalType::Int(false));
  EXPECT_EQ(r.fields()[1].name, "c");
  EXPECT_EQ(r.fields()[1].description, "");
  EXPECT_EQ(r.fields()[2].name, "d`e");
  EXPECT_EQ(r.fields()[2].logical_type().fields()[0].description, "it's");
  EXPECT_EQ(r.fields()[3].name, "select");
  EXPECT_EQ(r.ToString(),
            "ROW<`a b` INT NOT NULL 'first field', `c` STRING, `d``e` ROW<`f` DOUBLE 'it''s'>, "
            "`select` BOOLEAN> NOT NULL");
  // Keywords work as bare field names too.
  LogicalType k = MustParse("ROW<timestamp TIMESTAMP(3), int INT, `null` NULL>");
  EXPECT_EQ(k.fields()[0].name, "timestamp");
  EXPECT_EQ(k.fields()[1].name, "int");
  EXPECT_EQ(k.fields()[2].logical_type(), LogicalType::Null());
  // Descriptions may hold anything, including brackets and commas.
  EXPECT_EQ(MustParse("ROW<a INT '<,>()`'>").fields()[0].description, "<,>()`");
}

TEST(LogicalTypeParseTest, RoundTripEveryScalar) {
  for (const LogicalType& t : ScalarTypes()) {
    ExpectRoundTrip(t);
    if (t.id() != TypeId::kNull) ExpectRoundTrip(t.WithNullable(false));
  }
}

TEST(LogicalTypeParseTest, RoundTripNestedCombinations) {
  const std::vector<LogicalType> scalars = ScalarTypes();
  for (size_t i = 0; i < scalars.size(); ++i) {
    const LogicalType& t = scalars[i];
    const LogicalType& other = scalars[(i * 7 + 3) % scalars.size()];
    for (bool outer : {true, false}) {
      ExpectRoundTrip(LogicalType::Array(t, outer));
      ExpectRoundTrip(LogicalType::Multiset(t, outer));
      ExpectRoundTrip(LogicalType::Map(t, other, outer));
      ExpectRoundTrip(LogicalType::Map(other, t, outer));
      ExpectRoundTrip(LogicalType::Row(
          {Field("f", t), Field("g h", other, "desc 'quoted'"), Field("`x`", t)}, outer));
    }
  }
  // Deeper mixes.
  LogicalType inner = LogicalType::Row(
      {Field("k", LogicalType::Map(LogicalType::String(false),
                                   LogicalType::Array(LogicalType::Decimal(20, 5, false)))),
       Field("m", LogicalType::Multiset(LogicalType::TimestampLtz(3)), "multi")});
  LogicalType outer =
      LogicalType::Array(LogicalType::Map(LogicalType::Int(false), inner, false), false);
  ExpectRoundTrip(outer);
  ExpectRoundTrip(LogicalType::Row({Field("r", outer), Field("e", LogicalType::Row({}))}));
  EXPECT_EQ(outer.ToString(),
            "ARRAY<MAP<INT NOT NULL, ROW<`k` MAP<STRING NOT NULL, ARRAY<DECIMAL(20, 5) NOT "
            "NULL>>, `m` MULTISET<TIMESTAMP_LTZ(3)> 'multi'>> NOT NULL> NOT NULL");
}

TEST(LogicalTypeParseTest, UnknownTypeErrors) {
  EXPECT_EQ(ParseError("INTT"), "Unknown type: INTT (at position 1)");
  EXPECT_EQ(ParseError("ARRAY<STRNG>"), "Unknown type: STRNG (at position 7)");
  EXPECT_EQ(ParseError("ROW<a INT, b FOO>"), "Unknown type: FOO (at position 14)");
  EXPECT_EQ(ParseError(""), "Expected a type but found end of input (at position 1)");
  EXPECT_EQ(ParseError("   "), "Expected a type but found end of input (at position 4)");
  EXPECT_EQ(ParseError("<INT>"), "Expected a type but found '<' (at position 1)");
  EXPECT_EQ(ParseError("42"), "Expected a type but found 42 (at position 1)");
  EXPECT_EQ(ParseError("RAW('a', 'b')", StatusCode::kNotSupported),
            "Unsupported type: RAW (at position 1)");
  EXPECT_EQ(ParseError("TIMESTAMP WITH TIME ZONE", StatusCode::kNotSupported),
            "TIMESTAMP WITH TIME ZONE is not supported (at position 11)");
  EXPECT_EQ(ParseError("TIME(3) WITH TIME ZONE", StatusCode::kNotSupported),
            "TIME WITH TIME ZONE is not supported (at position 9)");
  EXPECT_EQ(ParseError("INT#"), "Unexpected character: '#' (at position 4)");
  EXPECT_EQ(ParseError("cat.db.type"), "Unexpected character: '.' (at position 4)");
}

TEST(LogicalTypeParseTest, ParameterErrors) {
  EXPECT_EQ(ParseError("DECIMAL(40, 2)"),
            "DECIMAL precision must be between 1 and 38: 40 (at position 1)");
  EXPECT_EQ(ParseError("ARRAY<DECIMAL(5, 6)>"),
            "DECIMAL scale must be between 0 and the precision 5: 6 (at position 7)");
  EXPECT_EQ(ParseError("DECIMAL(0)"),
            "DECIMAL precision must be between 1 and 38: 0 (at position 1)");
  EXPECT_EQ(ParseError("VARCHAR(0)"),
            "VARCHAR length must be between 1 and 2147483647: 0 (at position 1)");
  EXPECT_EQ(ParseError("CHAR(2147483648)"),
            "Integer too large for the length: 2147483648 (at position 6)");
  EXPECT_EQ(ParseError("CHAR(99999999999999999999999)"),
            "Integer too large for the length: 99999999999999999999999 (at position 6)");
  EXPECT_EQ(ParseError("TIMESTAMP(10)"),
            "TIMESTAMP precision must be between 0 and 9: 10 (at position 1)");
  EXPECT_EQ(ParseError("TIMESTAMP_LTZ(12)"),
            "TIMESTAMP_LTZ precision must be between 0 and 9: 12 (at position 1)");
  EXPECT_EQ(ParseError("TIME(10) WITHOUT TIME ZONE"),
            "TIME precision must be between 0 and 9: 10 (at position 1)");
  EXPECT_EQ(ParseError("CHAR(x)"),
            "Expected an integer for the length but found x (at position 6)");
  EXPECT_EQ(ParseError("DECIMAL(10, )"),
            "Expected an integer for the DECIMAL scale but found ')' (at position 13)");
  EXPECT_EQ(ParseError("CHAR(-1)"),
            "Unexpected character: '-' (at position 6)");
  EXPECT_NE(ParseError("INTERVAL YEAR(5)").find("year precision must be between 1 and 4: 5"),
            std::string::npos);
  EXPECT_NE(ParseError("INTERVAL DAY(7) TO SECOND").find("day precision"), std::string::npos);
  EXPECT_NE(ParseError("INTERVAL SECOND(10)").find("(at position 1)"), std::string::npos);
  EXPECT_EQ(ParseError("INTERVAL HOUR(3)"),
            "Expected end of input but found '(' (at position 14)");
  EXPECT_EQ(ParseError("INTERVAL WEEK"),
            "Expected YEAR, MONTH, DAY, HOUR, MINUTE or SECOND after INTERVAL but found WEEK "
            "(at position 10)");
  EXPECT_EQ(ParseError("INTERVAL HOUR TO DAY"),
            "Expected MINUTE or SECOND but found DAY (at position 18)");
  EXPECT_EQ(ParseError("INTERVAL YEAR TO DAY"), "Expected MONTH but found DAY (at position 18)");
  EXPECT_EQ(ParseError("TIMESTAMP WITH LOCAL ZONE"),
            "Expected TIME but found ZONE (at position 22)");
  EXPECT_EQ(ParseError("NULL NOT NULL"), "The NULL type cannot be NOT NULL (at position 6)");
}

TEST(LogicalTypeParseTest, StructureErrors) {
  EXPECT_EQ(ParseError("ARRAY<INT"), "Expected '>' but found end of input (at position 10)");
  EXPECT_EQ(ParseError("ARRAY<INT>>"), "Expected end of input but found '>' (at position 11)");
  EXPECT_EQ(ParseError("ARRAY(INT)"), "Expected '<' but found '(' (at position 6)");
  EXPECT_EQ(ParseError("ARRAY"), "Expected '<' but found end of input (at position 6)");
  EXPECT_EQ(ParseError("MAP<INT>"), "Expected ',' but found '>' (at position 8)");
  EXPECT_EQ(ParseError("MAP<INT, STRING"),
            "Expected '>' but found end of input (at position 16)");
  EXPECT_EQ(ParseError("ROW<a INT"),
            "Expected ',' or '>' but found end of input (at position 10)");
  EXPECT_EQ(ParseError("ROW(a INT>"), "Expected ',' or ')' but found '>' (at position 10)");
  EXPECT_EQ(ParseError("ROW<a INT,>"),
            "Expected a field name but found '>' (at position 11)");
  EXPECT_EQ(ParseError("ROW<a>"), "Expected a type but found '>' (at position 6)");
  EXPECT_EQ(ParseError("ROW"), "Expected '<' or '(' after ROW but found end of input "
                               "(at position 4)");
  EXPECT_EQ(ParseError("ROW<a INT, a STRING>"), "Duplicate field name: a (at position 12)");
  EXPECT_EQ(ParseError("ROW<`  ` INT>"),
            "Field names must contain a non-whitespace character: `  ` (at position 5)");
  EXPECT_EQ(ParseError("ROW<`a INT>"), "Unterminated quoted identifier (at position 5)");
  EXPECT_EQ(ParseError("ROW<a INT 'oops>"), "Unterminated string literal (at position 11)");
  EXPECT_EQ(ParseError("INT STRING"), "Expected end of input but found STRING (at position 5)");
  EXPECT_EQ(ParseError("INT NOT"), "Expected end of input but found NOT (at position 5)");
  EXPECT_EQ(ParseError("ROW<a INT 'x' 'y'>"),
            "Expected ',' or '>' but found string 'y' (at position 15)");
}

TEST(LogicalTypeParseTest, DeepNestingIsRejectedNotCrashing) {
  std::string ok_text;
  for (int i = 0; i < 50; ++i) ok_text += "ARRAY<";
  ok_text += "INT";
  for (int i = 0; i < 50; ++i) ok_text += ">";
  ExpectRoundTrip(MustParse(ok_text));

  std::string deep;
  for (int i = 0; i < 100000; ++i) deep += "ARRAY<";
  EXPECT_NE(ParseError(deep).find("nesting"), std::string::npos);
  std::string deep_rows;
  for (int i = 0; i < 100000; ++i) deep_rows += "ROW<a ";
  EXPECT_NE(ParseError(deep_rows).find("nesting"), std::string::npos);
  std::string deep_suffix = "INT";
  for (int i = 0; i < 100000; ++i) deep_suffix += " ARRAY";
  EXPECT_NE(ParseError(deep_suffix).find("nesting"), std::string::npos);
}

TEST(LogicalTypeParseTest, ParseFields) {
  Result<std::vector<Field>> fields =
      LogicalType::ParseFields("a INT, `b c` ROW<x INT> NOT NULL 'desc', d STRING ARRAY");
  ASSERT_TRUE(fields.ok()) << fields.status().ToString();
  ASSERT_EQ(fields->size(), 3u);
  EXPECT_EQ((*fields)[1].name, "b c");
  EXPECT_EQ((*fields)[1].description, "desc");
  EXPECT_FALSE((*fields)[1].logical_type().nullable());
  EXPECT_EQ((*fields)[2].logical_type(), LogicalType::Array(LogicalType::String()));

  Result<std::vector<Field>> empty = LogicalType::ParseFields("  ");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->empty());

  Result<std::vector<Field>> bad = LogicalType::ParseFields("a INT b INT");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "Expected ',' or end of input but found b (at position 7)");
}

TEST(LogicalTypeParseTest, MutatedInputsNeverCrashAndRoundTrip) {
  const std::vector<std::string> seeds = {
      "ROW<`a b` INT NOT NULL 'd''x', c MAP<STRING, DECIMAL(10, 2) ARRAY> NOT NULL>",
      "INTERVAL DAY(3) TO SECOND(2) MULTISET",
      "TIMESTAMP(3) WITH LOCAL TIME ZONE NOT NULL",
      "ROW(x CHARACTER VARYING(5), y BINARY VARYING, z TIME(2) WITHOUT TIME ZONE)",
      "ARRAY<ROW<`t` TIMESTAMP_LTZ(3) *PROCTIME*>>",
  };
  const std::string alphabet = "<>(),'` *0123456789ANTOLRWYMSxy";
  std::mt19937 rng(12345);
  int parsed = 0;
  for (int iter = 0; iter < 20000; ++iter) {
    std::string text = seeds[rng() % seeds.size()];
    const int edits = 1 + static_cast<int>(rng() % 3);
    for (int e = 0; e < edits && !text.empty(); ++e) {
      const size_t pos = rng() % text.size();
      switch (rng() % 3) {
        case 0: text.erase(pos, 1); break;
        case 1: text.insert(pos, 1, alphabet[rng() % alphabet.size()]); break;
        default: text[pos] = alphabet[rng() % alphabet.size()]; break;
      }
    }
    Result<LogicalType> r = LogicalType::Parse(text);
    if (!r.ok()) {
      EXPECT_NE(r.status().message().find("(at position "), std::string::npos)
          << text << ": " << r.status().ToString();
      continue;
    }
    ++parsed;
    Result<LogicalType> again = LogicalType::Parse(r->ToString());
    ASSERT_TRUE(again.ok()) << text << " -> " << r->ToString() << ": "
                            << again.status().ToString();
    EXPECT_EQ(*again, *r) << text;
  }
  EXPECT_GT(parsed, 100);
}

}  // namespace
}  // namespace weir
