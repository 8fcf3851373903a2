// Tests of Schema: parsing, lookup, ROW conversion, printing and Field equality.
#include "weir/common/types/schema.h"

#include <gtest/gtest.h>

namespace weir {
namespace {

SchemaPtr MustParse(std::string_view text) {
  Result<SchemaPtr> r = Schema::Parse(text);
  EXPECT_TRUE(r.ok()) << text << ": " << r.status().ToString();
  return r.ok() ? *r : std::make_shared<const Schema>();
}

TEST(SchemaTest, ParsesFieldList) {
  SchemaPtr s = MustParse("a BIGINT, `b c` ROW<x INT>, d DECIMAL(10, 2) NOT NULL");
  ASSERT_EQ(s->num_fields(), 3);
  EXPECT_EQ(s->name(0), "a");
  EXPECT_EQ(s->type(0), LogicalType::BigInt());
  EXPECT_EQ(s->name(1), "b c");
  EXPECT_EQ(s->type(1), LogicalType::Row({Field("x", LogicalType::Int())}));
  EXPECT_EQ(s->name(2), "d");
  EXPECT_EQ(s->type(2), LogicalType::Decimal(10, 2, false));
  EXPECT_EQ(s->field(2).type->ToString(), "DECIMAL(10, 2) NOT NULL");
  EXPECT_EQ(s->fields().size(), 3u);
}

TEST(SchemaTest, SplitsOnlyTopLevelCommas) {
  SchemaPtr s = MustParse(
      "m MAP<STRING, INT>, r ROW(p INT, q DECIMAL(5, 1)), `x,y` STRING 'a, b', "
      "t TIMESTAMP(3) WITH LOCAL TIME ZONE");
  ASSERT_EQ(s->num_fields(), 4);
  EXPECT_EQ(s->type(0), LogicalType::Map(LogicalType::String(), LogicalType::Int()));
  EXPECT_EQ(s->type(1).fields().size(), 2u);
  EXPECT_EQ(s->name(2), "x,y");
  EXPECT_EQ(s->field(2).description, "a, b");
  EXPECT_EQ(s->type(3), LogicalType::TimestampLtz(3));
}

TEST(SchemaTest, FieldIndexIsCaseSensitive) {
  SchemaPtr s = MustParse("id BIGINT, Name STRING, `a b` INT");
  EXPECT_EQ(s->FieldIndex("id"), 0);
  EXPECT_EQ(s->FieldIndex("Name"), 1);
  EXPECT_EQ(s->FieldIndex("name"), -1);
  EXPECT_EQ(s->FieldIndex("a b"), 2);
  EXPECT_EQ(s->FieldIndex(""), -1);
  EXPECT_EQ(Schema().FieldIndex("id"), -1);
}

TEST(SchemaTest, AsRowTypeIsNotNull) {
  SchemaPtr s = MustParse("a INT NOT NULL, b STRING 'the b'");
  LogicalType row = s->AsRowType();
  EXPECT_EQ(row.id(), TypeId::kRow);
  EXPECT_FALSE(row.nullable());
  EXPECT_EQ(row.ToString(), "ROW<`a` INT NOT NULL, `b` STRING 'the b'> NOT NULL");
  EXPECT_EQ(row.fields(), s->fields());
  EXPECT_EQ(Schema().AsRowType().ToString(), "ROW<> NOT NULL");
}

TEST(SchemaTest, ToStringRoundTrips) {
  SchemaPtr s = MustParse(
      "a BIGINT, `b``c` ARRAY<INT NOT NULL> 'it''s', ts TIMESTAMP_LTZ(3) NOT NULL, "
      "iv INTERVAL DAY(3) TO SECOND(3)");
  EXPECT_EQ(s->ToString(),
            "`a` BIGINT, `b``c` ARRAY<INT NOT NULL> 'it''s', `ts` TIMESTAMP_LTZ(3) NOT NULL, "
            "`iv` INTERVAL DAY(3) TO SECOND(3)");
  SchemaPtr again = MustParse(s->ToString());
  EXPECT_EQ(*again, *s);
  EXPECT_EQ(Schema().ToString(), "");
}

TEST(SchemaTest, Equality) {
  EXPECT_EQ(*MustParse("a INT, b STRING"), *MustParse("`a` INTEGER, `b` VARCHAR(2147483647)"));
  EXPECT_FALSE(*MustParse("a INT") == *MustParse("a INT NOT NULL"));
  EXPECT_FALSE(*MustParse("a INT") == *MustParse("b INT"));
  EXPECT_FALSE(*MustParse("a INT") == *MustParse("a INT 'x'"));
  EXPECT_FALSE(*MustParse("a INT") == *MustParse("a INT, b INT"));
  EXPECT_TRUE(Field("a", LogicalType::Int()) == Field("a", LogicalType::Int()));
  EXPECT_FALSE(Field("a", LogicalType::Int()) == Field("a", LogicalType::BigInt()));
}

TEST(SchemaTest, EmptyText) {
  SchemaPtr s = MustParse("");
  EXPECT_EQ(s->num_fields(), 0);
}

TEST(SchemaTest, Errors) {
  auto error = [](std::string_view text) {
    Result<SchemaPtr> r = Schema::Parse(text);
    EXPECT_FALSE(r.ok()) << text;
    EXPECT_TRUE(r.ok() || r.status().IsInvalid()) << r.status().ToString();
    return r.ok() ? std::string() : r.status().message();
  };
  EXPECT_EQ(error("a INT, a STRING"), "Duplicate field name: a (at position 8)");
  EXPECT_EQ(error("a INTT"), "Unknown type: INTT (at position 3)");
  EXPECT_EQ(error("a ROW<x INT, b STRING"),
            "Expected ',' or '>' but found end of input (at position 22)");
  EXPECT_EQ(error("a INT,"), "Expected a field name but found end of input (at position 7)");
  EXPECT_EQ(error("a"), "Expected a type but found end of input (at position 2)");
  EXPECT_EQ(error("a INT b"), "Expected ',' or end of input but found b (at position 7)");
  EXPECT_EQ(error("a DECIMAL(50)"),
            "DECIMAL precision must be between 1 and 38: 50 (at position 3)");
}

TEST(SchemaTest, MakeValidates) {
  Result<SchemaPtr> ok = Schema::Make({Field("a", LogicalType::Int())});
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ((*ok)->num_fields(), 1);
  Result<SchemaPtr> dup =
      Schema::Make({Field("a", LogicalType::Int()), Field("a", LogicalType::Int())});
  ASSERT_FALSE(dup.ok());
  EXPECT_TRUE(dup.status().IsInvalid());
  Result<SchemaPtr> blank = Schema::Make({Field("", LogicalType::Int())});
  ASSERT_FALSE(blank.ok());
  EXPECT_TRUE(blank.status().IsInvalid());
}

}  // namespace
}  // namespace weir
