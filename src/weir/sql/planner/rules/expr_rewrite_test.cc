// Tests of the Expr rewriting building blocks.
#include "weir/sql/planner/rules/expr_rewrite.h"

#include <gtest/gtest.h>

#include "weir/sql/expr/expr_test_util.h"

namespace weir::sql {
namespace {

using testing::Bool;
using testing::Call;
using testing::Col;
using testing::Int;

TEST(ExprRewriteTest, SubstitutesAndRemapsColumns) {
  ExprPtr e = Call("+", {Col(0, LogicalType::Int()), Col(2, LogicalType::Int())});
  ExprPtr sub =
      SubstituteColumns(e, {Call("*", {Col(1, LogicalType::Int()), Int(2)}), nullptr, Int(7)});
  EXPECT_EQ(sub->ToString(), "+(*($1, 2), 7)");
  EXPECT_EQ(sub->type(), e->type());
  EXPECT_EQ(RemapColumns(e, {3, -1, 0})->ToString(), "+($3, $0)");
  // Unchanged trees are returned as they are.
  EXPECT_EQ(RemapColumns(e, {0, 1, 2}), e);
}

TEST(ExprRewriteTest, WithTypeRelabelsOrCasts) {
  ExprPtr nn = Col(0, LogicalType::Int(false));
  EXPECT_EQ(WithType(nn, LogicalType::Int(false)), nn);
  ExprPtr relabelled = WithType(nn, LogicalType::Int());
  EXPECT_EQ(relabelled->ToString(), "$0");
  EXPECT_EQ(relabelled->type(), LogicalType::Int());
  ExprPtr cast = WithType(nn, LogicalType::BigInt(false));
  EXPECT_EQ(cast->ToString(), "CAST($0 AS BIGINT NOT NULL)");
  // A nullable value is never labelled NOT NULL.
  EXPECT_EQ(WithType(Col(0, LogicalType::Int()), LogicalType::Int(false))->kind(), ExprKind::kCast);
}

TEST(ExprRewriteTest, SplitsAndJoinsConjunctions) {
  ExprPtr a = Col(0, LogicalType::Boolean());
  ExprPtr b = Col(1, LogicalType::Boolean(false));
  ExprPtr c = Col(2, LogicalType::Boolean(false));
  std::vector<ExprPtr> parts = SplitConjuncts(Call("AND", {Call("AND", {a, b}), c}));
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(MakeConjunction(parts)->ToString(), "AND($0, $1, $2)");
  EXPECT_TRUE(MakeConjunction(parts)->type().nullable());
  EXPECT_FALSE(MakeConjunction({b, c})->type().nullable());
  EXPECT_TRUE(IsBoolLiteral(*MakeConjunction({}), true));
  EXPECT_EQ(MakeConjunction({a}), a);
}

TEST(ExprRewriteTest, DeterminismLooksAtEveryCall) {
  const FunctionRegistry& r = FunctionRegistry::Builtins();
  EXPECT_TRUE(IsDeterministic(*Call("+", {Int(1), Col(0, LogicalType::Int())}), r));
  EXPECT_FALSE(IsDeterministic(*Call("+", {Call("RAND", {}), Int(1)}), r));
  EXPECT_TRUE(IsBoolLiteral(*Bool(false), false));
  EXPECT_FALSE(IsBoolLiteral(*Bool(false), true));
}

}  // namespace
}  // namespace weir::sql
