// Tests of Expr: Flink-style printing, JSON round trips and JSON errors.
#include "weir/sql/expr/expr.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "weir/sql/expr/expr_test_util.h"

namespace weir::sql {
namespace {

using namespace weir::sql::testing;  // NOLINT

TEST(ExprTest, PrintsFlinkPlanStyle) {
  auto b = Col(1, LogicalType::BigInt());
  EXPECT_EQ(Call("*", {b, Int(2)})->ToString(), "*($1, 2)");
  EXPECT_EQ(Call("UPPER", {Col(2, LogicalType::String())})->ToString(), "UPPER($2)");
  EXPECT_EQ(Expr::Cast(Col(0, LogicalType::Int()), LogicalType::BigInt())->ToString(),
            "CAST($0 AS BIGINT)");
  EXPECT_EQ(Expr::Cast(Col(0, LogicalType::String()), LogicalType::Int(), true)->ToString(),
            "TRY_CAST($0 AS INT)");
  EXPECT_EQ(Call("%", {b, Int(7)})->ToString(), "MOD($1, 7)");
  EXPECT_EQ(Big(5)->ToString(), "5:BIGINT");
  EXPECT_EQ(Null(LogicalType::Int())->ToString(), "null:INT");
  EXPECT_EQ(Str("it's")->ToString(), "'it''s'");
  EXPECT_EQ(Dec("0.908", 4, 3)->ToString(), "0.908");
  auto c = Expr::Case({Call(">", {Col(0, LogicalType::Int()), Int(1)}), Str("a"), Str("b")},
                      LogicalType::Char(1, false));
  EXPECT_EQ(c->ToString(), "CASE(>($0, 1), 'a', 'b')");
  EXPECT_EQ(Call("IS NULL", {Col(0, LogicalType::Int())})->ToString(), "IS NULL($0)");
}

TEST(ExprTest, CallTypesFollowInference) {
  auto e = Call("+", {Col(0, LogicalType::Int(false)), Col(1, LogicalType::BigInt())});
  EXPECT_EQ(e->type(), LogicalType::BigInt(true));
  EXPECT_EQ(Call("=", {Int(1), Int(2)})->type(), LogicalType::Boolean(false));
  EXPECT_TRUE(Call("=", {Int(1), Int(2)})->IsConstant());
  EXPECT_FALSE(e->IsConstant());
}

TEST(ExprTest, JsonRoundTrip) {
  std::vector<ExprPtr> samples = {
      Call("*", {Col(1, LogicalType::BigInt()), Int(2)}),
      Expr::Cast(Col(0, LogicalType::String()), LogicalType::Decimal(10, 2), true),
      Expr::Case({Call(">", {Col(0, LogicalType::Int()), Int(1)}), Str("a b"), Null()},
                 LogicalType::Char(3)),
      Dec("-12.345", 10, 3),
      Expr::Literal(Value(int64_t{18000}), LogicalType::Date(false)),
      Expr::Literal(Value(std::string("\x01\xFE", 2)), LogicalType::Bytes(false)),
      Call("AND", {Bool(true), Null(LogicalType::Boolean())}),
      Dbl(1.5),
  };
  for (const auto& e : samples) {
    nlohmann::json j = e->ToJson();
    auto back = Expr::FromJson(nlohmann::json::parse(j.dump()));
    ASSERT_TRUE(back.ok()) << back.status().ToString() << " for " << j.dump();
    EXPECT_TRUE((*back)->Equals(*e)) << j.dump() << " -> " << (*back)->ToString();
    EXPECT_EQ((*back)->ToString(), e->ToString());
  }
}

TEST(ExprTest, JsonErrors) {
  auto expect_error = [](const std::string& text, const std::string& needle) {
    auto r = Expr::FromJson(nlohmann::json::parse(text));
    ASSERT_FALSE(r.ok()) << text;
    EXPECT_NE(r.status().message().find(needle), std::string::npos) << r.status().ToString();
  };
  expect_error(R"({"kind":"column"})", "'kind' and 'type'");
  expect_error(R"({"kind":"column","type":"INT"})", "non-negative 'index'");
  expect_error(R"({"kind":"bogus","type":"INT"})", "Unknown expression kind");
  expect_error(R"({"kind":"literal","type":"INT","value":"x"})", "");
  expect_error(R"({"kind":"case","type":"INT","args":[]})", "odd number");
  expect_error(R"({"kind":"column","type":"NOPE","index":1})", "");
}

TEST(ExprTest, CollectsColumns) {
  auto e = Call("+", {Col(3, LogicalType::Int()), Col(1, LogicalType::Int())});
  std::vector<int> cols;
  e->CollectColumns(&cols);
  EXPECT_EQ(cols, (std::vector<int>{3, 1}));
}

}  // namespace
}  // namespace weir::sql
