// Tests of comparisons, three-valued logic and conditional functions.
#include <gtest/gtest.h>

#include "weir/sql/expr/expr_test_util.h"

namespace weir::sql {
namespace {

using namespace weir::sql::testing;  // NOLINT
using Rows = std::vector<std::string>;

const LogicalType kB = LogicalType::Boolean();
const char* kTruth =
    "a BOOLEAN, b BOOLEAN\n"
    "+I true true\n+I true false\n+I true null\n"
    "+I false true\n+I false false\n+I false null\n"
    "+I null true\n+I null false\n+I null null";

TEST(LogicTest, ThreeValuedAndOrNot) {
  EXPECT_EQ(*EvalRows(Call("AND", {Col(0, kB), Col(1, kB)}), kTruth),
            (Rows{"true", "false", "null", "false", "false", "false", "null", "false", "null"}));
  EXPECT_EQ(*EvalRows(Call("OR", {Col(0, kB), Col(1, kB)}), kTruth),
            (Rows{"true", "true", "true", "true", "false", "null", "true", "null", "null"}));
  EXPECT_EQ(*EvalRows(Call("NOT", {Col(0, kB)}), kTruth),
            (Rows{"false", "false", "false", "true", "true", "true", "null", "null", "null"}));
  EXPECT_EQ(*EvalRows(Call("AND", {Col(0, kB), Bool(true), Col(1, kB)}), kTruth),
            (Rows{"true", "false", "null", "false", "false", "false", "null", "false", "null"}));
}

TEST(LogicTest, IsTruthAndNull) {
  std::string b = "a BOOLEAN\n+I true\n+I false\n+I null";
  EXPECT_EQ(*EvalRows(Call("IS TRUE", {Col(0, kB)}), b), (Rows{"true", "false", "false"}));
  EXPECT_EQ(*EvalRows(Call("IS NOT TRUE", {Col(0, kB)}), b), (Rows{"false", "true", "true"}));
  EXPECT_EQ(*EvalRows(Call("IS FALSE", {Col(0, kB)}), b), (Rows{"false", "true", "false"}));
  EXPECT_EQ(*EvalRows(Call("IS NOT FALSE", {Col(0, kB)}), b), (Rows{"true", "false", "true"}));
  EXPECT_EQ(*EvalRows(Call("IS UNKNOWN", {Col(0, kB)}), b), (Rows{"false", "false", "true"}));
  EXPECT_EQ(*EvalRows(Call("IS NULL", {Col(0, kB)}), b), (Rows{"false", "false", "true"}));
  EXPECT_EQ(
      *EvalRows(Call("IS NOT NULL", {Col(0, LogicalType::String())}), "s STRING\n+I x\n+I null"),
      (Rows{"true", "false"}));
  EXPECT_EQ(Call("IS NULL", {Col(0, kB)})->type().ToString(), "BOOLEAN NOT NULL");
}

TEST(ComparisonTest, AllTypes) {
  auto i = LogicalType::Int();
  std::string ints = "a INT, b BIGINT\n+I 1 2\n+I 2 2\n+I 3 null";
  EXPECT_EQ(*EvalRows(Call("<", {Col(0, i), Col(1, LogicalType::BigInt())}), ints),
            (Rows{"true", "false", "null"}));
  EXPECT_EQ(*EvalRows(Call("<>", {Col(0, i), Int(2)}), ints), (Rows{"true", "false", "true"}));
  EXPECT_EQ(*EvalRows(Call(">=", {Int(2), Col(0, i)}), ints), (Rows{"true", "true", "false"}));
  auto s = LogicalType::String();
  EXPECT_EQ(*EvalRows(Call("<", {Col(0, s), Col(1, s)}),
                      "a STRING, b STRING\n+I abc abd\n+I b a\n+I é z"),
            (Rows{"true", "false", "false"}));
  EXPECT_EQ(EvalText(Call("=", {Dec("1.50", 3, 2), Dec("1.5", 2, 1)})), "true");
  EXPECT_EQ(EvalText(Call("<", {Dec("1.5", 2, 1), Int(2)})), "true");
  EXPECT_EQ(EvalText(Call("=", {Dbl(1.0), Int(1)})), "true");
  EXPECT_EQ(EvalText(Call("=", {Bool(true), Bool(false)})), "false");
  // String against numeric: the string is cast to the numeric type.
  EXPECT_EQ(EvalText(Call("=", {Str("12"), Int(12)})), "true");
  EXPECT_EQ(EvalText(Call("=", {Str("x"), Int(12)})),
            "ERROR: Cannot cast 'x' of type CHAR(1) to type INT");
  auto d = LogicalType::Date();
  EXPECT_EQ(*EvalRows(Call("<", {Col(0, d), Str("2020-01-02")}), "d DATE\n+I 2020-01-01"),
            (Rows{"true"}));
  EXPECT_FALSE(FunctionRegistry::Builtins().MakeCall("=", {Int(1), Bool(true)}).ok());
}

TEST(ComparisonTest, DistinctBetweenIn) {
  auto i = LogicalType::Int();
  std::string t = "a INT, b INT\n+I 1 1\n+I 1 2\n+I 1 null\n+I null null";
  EXPECT_EQ(*EvalRows(Call("IS DISTINCT FROM", {Col(0, i), Col(1, i)}), t),
            (Rows{"false", "true", "true", "false"}));
  EXPECT_EQ(*EvalRows(Call("IS NOT DISTINCT FROM", {Col(0, i), Col(1, i)}), t),
            (Rows{"true", "false", "false", "true"}));
  std::string v = "a INT\n+I 12\n+I 5\n+I null";
  EXPECT_EQ(*EvalRows(Call("BETWEEN", {Col(0, i), Int(10), Int(15)}), v),
            (Rows{"true", "false", "null"}));
  EXPECT_EQ(*EvalRows(Call("NOT BETWEEN", {Col(0, i), Int(10), Int(15)}), v),
            (Rows{"false", "true", "null"}));
  // 12 BETWEEN 10 AND NULL is UNKNOWN; 12 BETWEEN NULL AND 10 is FALSE.
  EXPECT_EQ(EvalText(Call("BETWEEN", {Int(12), Int(10), Null(i)})), "null");
  EXPECT_EQ(EvalText(Call("BETWEEN", {Int(12), Null(i), Int(10)})), "false");
  EXPECT_EQ(*EvalRows(Call("IN", {Col(0, i), Int(1), Int(12), Big(7)}), v),
            (Rows{"true", "false", "null"}));
  EXPECT_EQ(*EvalRows(Call("IN", {Col(0, i), Int(12), Null(i)}), v),
            (Rows{"true", "null", "null"}));
  EXPECT_EQ(*EvalRows(Call("NOT IN", {Col(0, i), Int(12), Int(7)}), v),
            (Rows{"false", "true", "null"}));
  auto s = LogicalType::String();
  EXPECT_EQ(*EvalRows(Call("IN", {Col(0, s), Str("b"), Str("ü")}), "s STRING\n+I a\n+I ü\n+I b"),
            (Rows{"false", "true", "true"}));
  EXPECT_EQ(EvalText(Call("IN", {Dec("1.0", 2, 1), Int(1), Int(2)})), "true");
}

TEST(ConditionalTest, CaseIsLazy) {
  auto i = LogicalType::Int();
  // CASE WHEN b <> 0 THEN a / b END never divides by zero.
  auto e =
      Expr::Case({Call("<>", {Col(1, i), Int(0)}), Call("/", {Col(0, i), Col(1, i)}), Null(i)}, i);
  EXPECT_EQ(*EvalRows(e, "a INT, b INT\n+I 6 3\n+I 1 0\n+I 9 null\n+I 8 -2"),
            (Rows{"2", "null", "null", "-4"}));
  // Without the guard it fails with the expression in the message.
  auto bad = Call("/", {Col(0, i), Col(1, i)});
  auto r = EvalRows(bad, "a INT, b INT\n+I 1 0");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "/($0, $1): Division by zero");
  // Later WHEN branches only see rows earlier ones did not take.
  auto multi = Expr::Case({Call(">", {Col(0, i), Int(5)}), Str("big"),
                           Call(">", {Col(0, i), Int(0)}), Str("pos"), Str("other")},
                          LogicalType::Char(5, false));
  // The CASE type is CHAR(5): shorter branches are padded, as CHAR values are.
  EXPECT_EQ(*EvalRows(multi, "a INT\n+I 7\n+I 3\n+I -1\n+I null"),
            (Rows{"big  ", "pos  ", "other", "other"}));
}

TEST(ConditionalTest, CoalesceIfNullIf) {
  auto i = LogicalType::Int();
  std::string t = "a INT, b INT\n+I 1 2\n+I null 2\n+I null null\n+I 0 5";
  EXPECT_EQ(*EvalRows(Call("COALESCE", {Col(0, i), Col(1, i), Int(9)}), t),
            (Rows{"1", "2", "9", "0"}));
  EXPECT_EQ(Call("COALESCE", {Col(0, i), Int(9)})->type().ToString(), "INT NOT NULL");
  EXPECT_EQ(*EvalRows(Call("IFNULL", {Col(0, i), Col(1, i)}), t), (Rows{"1", "2", "null", "0"}));
  // COALESCE is lazy: the division only runs where a is NULL.
  EXPECT_EQ(*EvalRows(Call("COALESCE", {Col(0, i), Call("/", {Int(10), Col(0, i)})}),
                      "a INT\n+I 0\n+I 5"),
            (Rows{"0", "5"}));
  EXPECT_EQ(
      *EvalRows(Call("NULLIF", {Col(0, i), Col(1, i)}), "a INT, b INT\n+I 1 1\n+I 1 2\n+I null 1"),
      (Rows{"null", "1", "null"}));
  auto cond = Call(">", {Col(0, i), Int(0)});
  EXPECT_EQ(*EvalRows(Call("IF", {cond, Str("p"), Str("n")}), "a INT\n+I 1\n+I -1\n+I null"),
            (Rows{"p", "n", "n"}));
  EXPECT_EQ(*EvalRows(Call("GREATEST", {Col(0, i), Col(1, i), Int(3)}), t),
            (Rows{"3", "null", "null", "5"}));
  EXPECT_EQ(*EvalRows(Call("LEAST", {Col(0, i), Col(1, i)}), t), (Rows{"1", "null", "null", "0"}));
  EXPECT_EQ(EvalText(Call("GREATEST", {Str("apple"), Str("banana")})), "banana");
}

}  // namespace
}  // namespace weir::sql
