// Tests of the expression simplifier: folding, 3-valued logic, CASE, COALESCE, types kept.
#include "weir/sql/planner/rules/expr_simplifier.h"

#include <gtest/gtest.h>

#include "weir/sql/expr/expr_test_util.h"

namespace weir::sql {
namespace {

using testing::Bool;
using testing::Call;
using testing::Col;
using testing::Int;
using testing::Null;
using testing::Str;

const LogicalType kB = LogicalType::Boolean();
const LogicalType kBNotNull = LogicalType::Boolean(false);

// Simplifies `e`, checks the type is unchanged and returns the plan form.
std::string Simplified(const ExprPtr& e) {
  ExprPtr out = SimplifyExpr(e);
  EXPECT_EQ(out->type(), e->type()) << e->ToString() << " -> " << out->ToString();
  return out->ToString();
}

TEST(ExprSimplifierTest, FoldsDeterministicConstants) {
  ExprPtr sum = Call("+", {Int(1), Int(2)});
  EXPECT_EQ(Simplified(sum), "3");
  EXPECT_EQ(SimplifyExpr(sum)->kind(), ExprKind::kLiteral);
  // A constant subtree inside an expression over columns.
  EXPECT_EQ(Simplified(Call("*", {Col(0, LogicalType::Int()), sum})), "*($0, 3)");
  // The folded literal takes the type of what it replaces.
  EXPECT_EQ(Simplified(Expr::Cast(Int(1), LogicalType::BigInt(false))), "1:BIGINT");
  EXPECT_EQ(Simplified(Call("UPPER", {Str("ab")})), "'AB'");
}

TEST(ExprSimplifierTest, NeverFoldsNonDeterministicFunctions) {
  ExprPtr rand = Call("RAND", {});
  ExprPtr e = Call("+", {rand, Call("+", {Int(1), Int(2)})});
  ExprPtr out = SimplifyExpr(e);
  EXPECT_EQ(out->ToString(), "+(RAND(), 3)");
  EXPECT_TRUE(SimplifyExpr(rand)->Equals(*rand));
}

TEST(ExprSimplifierTest, LeavesFailingConstantsForTheRuntime) {
  ExprPtr div = Call("/", {Int(1), Int(0)});
  ASSERT_EQ(testing::EvalText(div).rfind("ERROR", 0), 0u) << testing::EvalText(div);
  EXPECT_TRUE(SimplifyExpr(div)->Equals(*div));
  ExprPtr cast = Expr::Cast(Str("abc"), LogicalType::Int(false));
  ASSERT_EQ(testing::EvalText(cast).rfind("ERROR", 0), 0u) << testing::EvalText(cast);
  EXPECT_TRUE(SimplifyExpr(cast)->Equals(*cast));
  // ... also inside a larger expression, whose other parts still fold.
  EXPECT_EQ(Simplified(Call("+", {div, Call("+", {Int(1), Int(2)})})), "+(/(1, 0), 3)");
}

TEST(ExprSimplifierTest, AndOrUseThreeValuedLogic) {
  ExprPtr b = Col(0, kB);
  ExprPtr c = Col(1, kB);
  ExprPtr null_b = Null(kB);
  EXPECT_EQ(Simplified(Call("AND", {b, Bool(true)})), "$0");
  EXPECT_EQ(Simplified(Call("AND", {b, Bool(false)})), "false");
  EXPECT_EQ(Simplified(Call("AND", {null_b, Bool(false)})), "false");
  EXPECT_EQ(Simplified(Call("AND", {null_b, Bool(true)})), "null:BOOLEAN");
  // x AND NULL is FALSE or NULL depending on x: it stays.
  EXPECT_EQ(Simplified(Call("AND", {b, null_b})), "AND($0, null:BOOLEAN)");
  EXPECT_EQ(Simplified(Call("OR", {b, Bool(true)})), "true");
  EXPECT_EQ(Simplified(Call("OR", {b, Bool(false)})), "$0");
  EXPECT_EQ(Simplified(Call("OR", {null_b, Bool(true)})), "true");
  EXPECT_EQ(Simplified(Call("OR", {null_b, Bool(false)})), "null:BOOLEAN");
  EXPECT_EQ(Simplified(Call("OR", {b, null_b})), "OR($0, null:BOOLEAN)");
  // Duplicates and nesting.
  EXPECT_EQ(Simplified(Call("AND", {Call("AND", {b, c}), b})), "AND($0, $1)");
  EXPECT_EQ(Simplified(Call("OR", {b, b})), "$0");
  EXPECT_EQ(Simplified(Call("AND", {b, Call("=", {Int(1), Int(1)}), c})), "AND($0, $1)");
  // A NOT NULL operand left alone keeps the nullable type of the AND.
  ExprPtr nn = Col(0, kBNotNull);
  ExprPtr and_nn = Call("AND", {nn, Call("=", {Col(1, LogicalType::Int()), Int(1)})});
  EXPECT_TRUE(and_nn->type().nullable());
  EXPECT_EQ(Simplified(Call("AND", {nn, Bool(true), null_b, null_b})), "AND($0, null:BOOLEAN)");
}

TEST(ExprSimplifierTest, RemovesDoubleNegation) {
  ExprPtr b = Col(0, kB);
  EXPECT_EQ(Simplified(Call("NOT", {Call("NOT", {b})})), "$0");
  EXPECT_EQ(Simplified(Call("NOT", {Call("NOT", {Call("NOT", {b})})})), "NOT($0)");
  EXPECT_EQ(Simplified(Call("NOT", {Bool(true)})), "false");
}

TEST(ExprSimplifierTest, NullChecksOnNotNullOperands) {
  ExprPtr nn = Col(0, LogicalType::Int(false));
  ExprPtr n = Col(0, LogicalType::Int());
  EXPECT_EQ(Simplified(Call("IS NULL", {nn})), "false");
  EXPECT_EQ(Simplified(Call("IS NOT NULL", {nn})), "true");
  EXPECT_EQ(Simplified(Call("IS NULL", {n})), "IS NULL($0)");
  EXPECT_EQ(Simplified(Call("IS NULL", {Null(LogicalType::Int())})), "true");
  ExprPtr bnn = Col(0, kBNotNull);
  EXPECT_EQ(Simplified(Call("IS TRUE", {bnn})), "$0");
  EXPECT_EQ(Simplified(Call("IS NOT FALSE", {bnn})), "$0");
  EXPECT_EQ(Simplified(Call("IS FALSE", {bnn})), "NOT($0)");
  EXPECT_EQ(Simplified(Call("IS NOT TRUE", {bnn})), "NOT($0)");
  EXPECT_EQ(Simplified(Call("IS UNKNOWN", {bnn})), "false");
  EXPECT_EQ(Simplified(Call("IS NOT UNKNOWN", {bnn})), "true");
  // Nullable operands: NULL is not TRUE, so IS TRUE must stay.
  EXPECT_EQ(Simplified(Call("IS TRUE", {Col(0, kB)})), "IS TRUE($0)");
  EXPECT_EQ(Simplified(Call("IS NOT TRUE", {Null(kB)})), "true");
}

TEST(ExprSimplifierTest, CaseWithConstantConditions) {
  ExprPtr b = Col(0, kB);
  ExprPtr x = Col(1, LogicalType::Int());
  const LogicalType t = LogicalType::Int();
  EXPECT_EQ(Simplified(Expr::Case({Bool(false), Int(1), b, Int(2), Int(3)}, t)), "CASE($0, 2, 3)");
  EXPECT_EQ(Simplified(Expr::Case({Null(kB), Int(1), b, Int(2), Int(3)}, t)), "CASE($0, 2, 3)");
  EXPECT_EQ(Simplified(Expr::Case({b, Int(1), Bool(true), Int(2), b, Int(4), Int(3)}, t)),
            "CASE($0, 1, 2)");
  EXPECT_EQ(Simplified(Expr::Case({Bool(true), x, Int(3)}, t)), "$1");
  EXPECT_EQ(Simplified(Expr::Case({Bool(false), x, Int(3)}, t)), "3");
  EXPECT_EQ(Simplified(Expr::Case({b, x, Int(3)}, t)), "CASE($0, $1, 3)");
}

TEST(ExprSimplifierTest, CoalesceStopsAtFirstNotNullOperand) {
  ExprPtr a = Col(0, LogicalType::Int());
  ExprPtr a_nn = Col(0, LogicalType::Int(false));
  ExprPtr b = Col(1, LogicalType::Int());
  EXPECT_EQ(Simplified(Call("COALESCE", {a_nn, b})), "$0");
  EXPECT_EQ(Simplified(Call("COALESCE", {a, Int(5), b})), "COALESCE($0, 5)");
  EXPECT_EQ(Simplified(Call("COALESCE", {Null(LogicalType::Int()), a, b})), "COALESCE($0, $1)");
  EXPECT_EQ(Simplified(Call("COALESCE", {a, b})), "COALESCE($0, $1)");
  EXPECT_EQ(Simplified(Call("IFNULL", {a_nn, b})), "$0");
  EXPECT_EQ(Simplified(Call("IFNULL", {a, b})), "IFNULL($0, $1)");
  // The first operand converts to the wider common type.
  ExprPtr wide = Call("COALESCE", {a_nn, Col(1, LogicalType::BigInt())});
  EXPECT_EQ(wide->type(), LogicalType::BigInt(false));
  EXPECT_EQ(Simplified(wide), "CAST($0 AS BIGINT NOT NULL)");
}

TEST(ExprSimplifierTest, KeepsTheOriginalType) {
  ExprPtr b = Col(0, kB);
  ExprPtr bnn = Col(1, kBNotNull);
  // AND over a nullable and a NOT NULL operand is nullable; without the nullable one the
  // NOT NULL operand is relabelled rather than changing the type.
  ExprPtr e = Call("AND", {bnn, Call("IS NOT NULL", {Col(2, LogicalType::Int(false))}), Null(kB)});
  ExprPtr out = SimplifyExpr(Call("OR", {Call("AND", {bnn, Bool(true)}), Bool(false), Null(kB)}));
  EXPECT_EQ(out->type(), kB);
  ExprPtr relabelled = SimplifyExpr(Call("AND", {bnn, Call("OR", {b, Bool(true)})}));
  EXPECT_EQ(relabelled->ToString(), "$1");
  EXPECT_EQ(relabelled->type(), Call("AND", {bnn, Call("OR", {b, Bool(true)})})->type());
  EXPECT_EQ(Simplified(e), "AND($1, null:BOOLEAN)");
}

}  // namespace
}  // namespace weir::sql
