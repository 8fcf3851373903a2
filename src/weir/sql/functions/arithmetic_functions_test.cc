// Tests of arithmetic and math functions: Java overflow, integer division, DECIMAL rounding.
#include <gtest/gtest.h>

#include "weir/sql/expr/expr_test_util.h"

namespace weir::sql {
namespace {

using namespace weir::sql::testing;  // NOLINT
using Rows = std::vector<std::string>;

TEST(ArithmeticTest, IntegersWrapLikeJava) {
  auto t = LogicalType::Int();
  EXPECT_EQ(*EvalRows(Call("+", {Col(0, t), Col(1, t)}),
                      "a INT, b INT\n+I 2147483647 1\n+I 1 null\n+I -5 3"),
            (Rows{"-2147483648", "null", "-2"}));
  EXPECT_EQ(EvalText(Call("*", {Big(INT64_MAX), Int(2)})), "-2");
  EXPECT_EQ(EvalText(Call("-", {Int(INT32_MIN)})), "-2147483648");
  EXPECT_EQ(EvalText(Call("-", {Int(5), Big(7)})), "-2");
  auto ti = LogicalType::TinyInt();
  EXPECT_EQ(*EvalRows(Call("+", {Col(0, ti), Col(0, ti)}), "a TINYINT\n+I 100"), (Rows{"-56"}));
}

TEST(ArithmeticTest, IntegerDivisionAndModulo) {
  EXPECT_EQ(EvalText(Call("/", {Int(7), Int(2)})), "3");
  EXPECT_EQ(EvalText(Call("/", {Int(-7), Int(2)})), "-3");
  EXPECT_EQ(EvalText(Call("/", {Int(INT32_MIN), Int(-1)})), "-2147483648");
  EXPECT_EQ(EvalText(Call("%", {Int(-7), Int(3)})), "-1");
  EXPECT_EQ(EvalText(Call("MOD", {Int(7), Int(-3)})), "1");
  EXPECT_EQ(EvalText(Call("/", {Int(1), Int(0)})), "ERROR: /(1, 0): Division by zero");
  EXPECT_EQ(EvalText(Call("%", {Int(1), Int(0)})), "ERROR: MOD(1, 0): Division by zero");
  // Division by zero on a NULL row is not an error.
  auto t = LogicalType::Int();
  auto r = EvalRows(Call("/", {Col(0, t), Col(1, t)}), "a INT, b INT\n+I 1 0\n+I 4 2");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "/($0, $1): Division by zero");
  EXPECT_EQ(*EvalRows(Call("/", {Col(0, t), Col(1, t)}), "a INT, b INT\n+I null 0\n+I 4 2"),
            (Rows{"null", "2"}));
  EXPECT_EQ(*EvalRows(Call("/", {Col(0, t), Col(1, t)}), "a INT, b INT\n+I 1 null\n+I 4 2"),
            (Rows{"null", "2"}));
  // MOD types as its second operand (Calcite).
  auto m = Call("%", {Col(0, LogicalType::BigInt()), Int(7)});
  EXPECT_EQ(m->type().ToString(), "INT");
  EXPECT_EQ(*EvalRows(m, "a BIGINT\n+I 4294967310\n+I -8"), (Rows{"4", "-1"}));
}

TEST(ArithmeticTest, FloatingPoint) {
  EXPECT_EQ(EvalText(Call("/", {Dbl(1), Dbl(0)})), "Infinity");
  EXPECT_EQ(EvalText(Call("/", {Dbl(0), Dbl(0)})), "NaN");
  EXPECT_EQ(EvalText(Call("+", {Int(1), Dbl(0.5)})), "1.5");
  EXPECT_EQ(EvalText(Call("%", {Dbl(7.5), Int(2)})), "1.5");
}

TEST(ArithmeticTest, DecimalArithmetic) {
  // 0.908 * price as in Nexmark q14: DECIMAL(4, 3) * DECIMAL(23, 3) -> DECIMAL(27, 6).
  auto price = LogicalType::Decimal(23, 3);
  auto e = Call("*", {Dec("0.908", 4, 3), Col(0, price)});
  EXPECT_EQ(e->type().ToString(), "DECIMAL(27, 6)");
  EXPECT_EQ(*EvalRows(e, "price DECIMAL(23, 3)\n+I 1000.001\n+I null\n+I -2.5"),
            (Rows{"908.000908", "null", "-2.270000"}));
  EXPECT_EQ(EvalText(Call("+", {Dec("1.25", 3, 2), Dec("0.5", 2, 1)})), "1.75");
  EXPECT_EQ(EvalText(Call("-", {Dec("1.25", 3, 2), Int(2)})), "-0.75");
  // Division rounds HALF_UP to the derived scale (6 here).
  EXPECT_EQ(EvalText(Call("/", {Dec("2", 1, 0), Dec("3", 1, 0)})), "0.666667");
  EXPECT_EQ(EvalText(Call("/", {Dec("-2", 1, 0), Dec("3", 1, 0)})), "-0.666667");
  EXPECT_EQ(EvalText(Call("/", {Dec("1", 1, 0), Dec("8", 1, 0)})), "0.125000");
  EXPECT_EQ(EvalText(Call("%", {Dec("7.5", 2, 1), Dec("2", 1, 0)})), "1.5");
  EXPECT_EQ(EvalText(Call("/", {Dec("1", 1, 0), Dec("0", 1, 0)})),
            "ERROR: /(1, 0): Division by zero");
  // Overflow of the result precision gives NULL.
  auto big = Dec("99999999999999999999999999999999999999", 38, 0);
  EXPECT_EQ(EvalText(Call("+", {big, big})), "null");
  EXPECT_EQ(EvalText(Call("*", {big, Dec("10", 2, 0)})), "null");
  EXPECT_EQ(EvalText(Call("-", {Dec("1.50", 3, 2)})), "-1.50");
  EXPECT_EQ(EvalText(Call("ABS", {Dec("-1.50", 3, 2)})), "1.50");
}

TEST(ArithmeticTest, MathFunctions) {
  EXPECT_EQ(EvalText(Call("POWER", {Int(2), Int(10)})), "1024.0");
  EXPECT_EQ(EvalText(Call("SQRT", {Int(16)})), "4.0");
  EXPECT_EQ(EvalText(Call("LN", {Call("E", {})})), "1.0");
  EXPECT_EQ(EvalText(Call("LOG10", {Int(1000)})), "3.0");
  EXPECT_EQ(EvalText(Call("LOG2", {Int(8)})), "3.0");
  EXPECT_EQ(EvalText(Call("LOG", {Int(2), Int(8)})), "3.0");
  EXPECT_EQ(EvalText(Call("EXP", {Int(0)})), "1.0");
  EXPECT_EQ(EvalText(Call("ABS", {Int(-3)})), "3");
  EXPECT_EQ(EvalText(Call("ABS", {Int(INT32_MIN)})), "-2147483648");
  EXPECT_EQ(EvalText(Call("SIGN", {Dbl(-2.5)})), "-1.0");
  EXPECT_EQ(EvalText(Call("SIGN", {Dec("-2.5", 2, 1)})), "-1.0");
  EXPECT_EQ(EvalText(Call("PI", {})), "3.141592653589793");
  EXPECT_EQ(EvalText(Call("SQRT", {Null(LogicalType::Int())})), "null");
}

TEST(ArithmeticTest, Rounding) {
  EXPECT_EQ(EvalText(Call("CEIL", {Dec("1.21", 3, 2)})), "2");
  EXPECT_EQ(Call("CEIL", {Dec("1.21", 3, 2)})->type().ToString(), "DECIMAL(2, 0) NOT NULL");
  EXPECT_EQ(EvalText(Call("FLOOR", {Dec("-1.21", 3, 2)})), "-2");
  EXPECT_EQ(EvalText(Call("FLOOR", {Dbl(-1.5)})), "-2.0");
  EXPECT_EQ(EvalText(Call("CEILING", {Int(5)})), "5");
  EXPECT_EQ(EvalText(Call("ROUND", {Dec("2.345", 4, 3), Int(2)})), "2.35");
  EXPECT_EQ(EvalText(Call("ROUND", {Dec("-2.345", 4, 3), Int(2)})), "-2.35");
  EXPECT_EQ(EvalText(Call("ROUND", {Dec("2.5", 2, 1)})), "3");
  EXPECT_EQ(EvalText(Call("ROUND", {Int(1250), Int(-2)})), "1300");
  EXPECT_EQ(EvalText(Call("ROUND", {Dbl(2.5)})), "3.0");
  EXPECT_EQ(EvalText(Call("TRUNCATE", {Dec("2.349", 4, 3), Int(2)})), "2.34");
  EXPECT_EQ(EvalText(Call("TRUNCATE", {Dbl(-2.7)})), "-2.0");
  auto r = FunctionRegistry::Builtins().MakeCall("ROUND", {Dbl(1), Col(0, LogicalType::Int())});
  EXPECT_FALSE(r.ok());
}

TEST(ArithmeticTest, BindErrorsNameTypes) {
  auto r = FunctionRegistry::Builtins().MakeCall("+", {Str("a"), Int(1)});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "No matching signature for function +(CHAR(1) NOT NULL, INT NOT NULL)");
  auto u = FunctionRegistry::Builtins().MakeCall("NO_SUCH", {});
  EXPECT_EQ(u.status().message(), "No such function: NO_SUCH");
}

}  // namespace
}  // namespace weir::sql
