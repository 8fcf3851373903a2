// Tests of Flink's type inference rules: arithmetic, DECIMAL derivation, common types, casts.
#include "weir/sql/functions/type_inference.h"

#include <gtest/gtest.h>

namespace weir::sql {
namespace {

std::string Arith(ArithmeticOp op, const LogicalType& a, const LogicalType& b) {
  auto r = InferArithmeticType(op, a, b);
  return r.ok() ? r->ToString() : "ERROR";
}

TEST(TypeInferenceTest, IntegerPromotion) {
  using LT = LogicalType;
  EXPECT_EQ(Arith(ArithmeticOp::kAdd, LT::Int(false), LT::BigInt(false)), "BIGINT NOT NULL");
  EXPECT_EQ(Arith(ArithmeticOp::kAdd, LT::TinyInt(false), LT::SmallInt()), "SMALLINT");
  EXPECT_EQ(Arith(ArithmeticOp::kMultiply, LT::Int(), LT::Double()), "DOUBLE");
  EXPECT_EQ(Arith(ArithmeticOp::kMultiply, LT::Int(), LT::Float()), "FLOAT");
  EXPECT_EQ(Arith(ArithmeticOp::kAdd, LT::Decimal(10, 2), LT::Float()), "DOUBLE");
  EXPECT_EQ(Arith(ArithmeticOp::kAdd, LT::String(), LT::Int()), "ERROR");
}

TEST(TypeInferenceTest, DecimalRules) {
  using LT = LogicalType;
  // + and -: scale max(s1, s2), precision max(p1-s1, p2-s2) + scale + 1.
  EXPECT_EQ(Arith(ArithmeticOp::kAdd, LT::Decimal(10, 2), LT::Decimal(5, 4)), "DECIMAL(13, 4)");
  EXPECT_EQ(Arith(ArithmeticOp::kSubtract, LT::Decimal(10, 2), LT::Int()), "DECIMAL(13, 2)");
  // *: p1 + p2, s1 + s2 (q14: 0.908 * DECIMAL(23, 3)).
  EXPECT_EQ(Arith(ArithmeticOp::kMultiply, LT::Decimal(4, 3), LT::Decimal(23, 3)),
            "DECIMAL(27, 6)");
  // /: scale max(6, s1 + p2 + 1), precision p1 - s1 + s2 + scale.
  EXPECT_EQ(Arith(ArithmeticOp::kDivide, LT::Decimal(10, 2), LT::Decimal(5, 1)), "DECIMAL(17, 8)");
  EXPECT_EQ(Arith(ArithmeticOp::kDivide, LT::Int(), LT::Decimal(2, 1)), "DECIMAL(17, 6)");
  // %: precision min(p1-s1, p2-s2) + scale, scale max(s1, s2).
  EXPECT_EQ(Arith(ArithmeticOp::kModulo, LT::Decimal(10, 2), LT::Decimal(5, 3)), "DECIMAL(5, 3)");
  // Over 38 digits: keep at least min(scale, 6) fractional digits.
  EXPECT_EQ(Arith(ArithmeticOp::kMultiply, LT::Decimal(38, 10), LT::Decimal(38, 10)),
            "DECIMAL(38, 6)");
  EXPECT_EQ(Arith(ArithmeticOp::kDivide, LT::Decimal(38, 0), LT::Decimal(38, 0)), "DECIMAL(38, 6)");
  EXPECT_EQ(AdjustDecimal(40, 2, true).ToString(), "DECIMAL(38, 2)");
}

TEST(TypeInferenceTest, CommonTypes) {
  using LT = LogicalType;
  EXPECT_EQ(CommonType({LT::Int(false), LT::BigInt(false)})->ToString(), "BIGINT NOT NULL");
  EXPECT_EQ(CommonType({LT::Int(false), LT::Null()})->ToString(), "INT");
  EXPECT_EQ(CommonType({LT::Char(3, false), LT::VarChar(5, false)})->ToString(),
            "VARCHAR(5) NOT NULL");
  EXPECT_EQ(CommonType({LT::Decimal(10, 2), LT::Int()})->ToString(), "DECIMAL(12, 2)");
  EXPECT_EQ(CommonType({LT::Date(), LT::Timestamp(3)})->ToString(), "TIMESTAMP(3)");
  EXPECT_FALSE(CommonType({LT::Int(), LT::String()}).has_value());
  EXPECT_EQ(ComparisonType(LT::String(), LT::Int(false))->ToString(), "INT");
  EXPECT_FALSE(ComparisonType(LT::Bytes(), LT::Int()).has_value());
}

TEST(TypeInferenceTest, CastTables) {
  using LT = LogicalType;
  EXPECT_TRUE(ImplicitCastAllowed(LT::Int(), LT::BigInt()));
  EXPECT_FALSE(ImplicitCastAllowed(LT::BigInt(), LT::Int()));
  EXPECT_TRUE(ImplicitCastAllowed(LT::Int(), LT::Decimal(12, 2)));
  EXPECT_FALSE(ImplicitCastAllowed(LT::Int(), LT::Decimal(5, 2)));
  EXPECT_TRUE(ImplicitCastAllowed(LT::Date(), LT::Timestamp(3)));
  EXPECT_FALSE(ImplicitCastAllowed(LT::Int(), LT::String()));
  EXPECT_TRUE(ExplicitCastSupported(LT::Int(), LT::String()));
  EXPECT_TRUE(ExplicitCastSupported(LT::String(), LT::TimestampLtz(3)));
  EXPECT_FALSE(ExplicitCastSupported(LT::Int(), LT::Bytes()));
  EXPECT_FALSE(ExplicitCastSupported(LT::Time(), LT::Date()));
  EXPECT_FALSE(ExplicitCastSupported(LT::Array(LT::Int()), LT::String()));
}

}  // namespace
}  // namespace weir::sql
