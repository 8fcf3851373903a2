// Tests of CompiledExpr: selection vectors, filters, constant folding and compile errors.
#include "weir/sql/expr/compiled_expr.h"

#include <gtest/gtest.h>

#include "weir/sql/expr/expr_test_util.h"

namespace weir::sql {
namespace {

using namespace weir::sql::testing;  // NOLINT
using Rows = std::vector<std::string>;

const char* kBatch =
    "a BIGINT, b INT, s STRING\n"
    "+I 7 1 x\n+I 3 null y\n+I 14 2 null\n+I null 4 z\n+I 21 5 w";

TEST(CompiledExprTest, FilterDropsFalseAndNull) {
  auto batch = *RecordBatch::Parse(kBatch);
  auto pred = Call("=", {Call("%", {Col(0, LogicalType::BigInt()), Int(7)}), Int(0)});
  EXPECT_EQ(pred->ToString(), "=(MOD($0, 7), 0)");
  auto c = CompiledExpr::Make(pred, *batch->schema());
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  auto sel = (*c)->Filter(*batch);
  ASSERT_TRUE(sel.ok());
  EXPECT_EQ(sel->indices(), (std::vector<int32_t>{0, 2, 4}));
  // Filtering a selection returns batch row indices.
  SelectionVector some(std::vector<int32_t>{1, 2, 3});
  auto sel2 = (*c)->Filter(*batch, &some);
  ASSERT_TRUE(sel2.ok());
  EXPECT_EQ(sel2->indices(), (std::vector<int32_t>{2}));
  // A non-boolean expression cannot filter.
  auto proj = CompiledExpr::Make(Col(0, LogicalType::BigInt()), *batch->schema());
  EXPECT_FALSE((*proj)->Filter(*batch).ok());
}

TEST(CompiledExprTest, EvaluatesSelectedRowsOnly) {
  auto b2 = Call("*", {Col(1, LogicalType::Int()), Int(2)});
  SelectionVector sel(std::vector<int32_t>{4, 0, 1});
  EXPECT_EQ(*EvalRows(b2, kBatch, &sel), (Rows{"10", "2", "null"}));
  EXPECT_EQ(*EvalRows(Call("UPPER", {Col(2, LogicalType::String())}), kBatch, &sel),
            (Rows{"W", "X", "Y"}));
  SelectionVector none;
  EXPECT_EQ(*EvalRows(b2, kBatch, &none), Rows{});
  // Rows a selection skips are never evaluated: 1 / (b - 1) fails only on row 0.
  auto div = Call("/", {Int(1), Call("-", {Col(1, LogicalType::Int()), Int(1)})});
  EXPECT_FALSE(EvalRows(div, kBatch).ok());
  SelectionVector skip(std::vector<int32_t>{2, 4});
  EXPECT_EQ(*EvalRows(div, kBatch, &skip), (Rows{"1", "0"}));
  SelectionVector bad(std::vector<int32_t>{9});
  EXPECT_FALSE(EvalRows(b2, kBatch, &bad).ok());
}

TEST(CompiledExprTest, ConstantsBroadcast) {
  EXPECT_EQ(*EvalRows(Call("+", {Int(1), Int(2)}), kBatch), (Rows{"3", "3", "3", "3", "3"}));
  EXPECT_EQ(*EvalRows(Str("k"), "a INT\n+I 1\n+I 2"), (Rows{"k", "k"}));
}

TEST(CompiledExprTest, ConstantFolding) {
  auto v = EvaluateConstant(Call("*", {Int(6), Int(7)}));
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->int_value(), 42);
  auto n = EvaluateConstant(Call("+", {Int(1), Null(LogicalType::Int())}));
  ASSERT_TRUE(n.ok());
  EXPECT_TRUE(n->is_null());
  EXPECT_FALSE(EvaluateConstant(Col(0, LogicalType::Int())).ok());
  EXPECT_EQ(EvalText(Call("UPPER", {Str("ab")})), "AB");
}

TEST(CompiledExprTest, CompileErrors) {
  auto schema = *Schema::Parse("a INT");
  auto out_of_range = CompiledExpr::Make(Col(3, LogicalType::Int()), *schema);
  EXPECT_EQ(out_of_range.status().message(),
            "Column reference $3 is outside the input of 1 columns");
  auto wrong_type = CompiledExpr::Make(Col(0, LogicalType::String()), *schema);
  EXPECT_EQ(wrong_type.status().message(),
            "Column reference $0 has type STRING but the input column is INT");
  auto unknown = CompiledExpr::Make(Expr::Call("NOPE", {}, LogicalType::Int()), *schema);
  EXPECT_EQ(unknown.status().message(), "NOPE(): No such function: NOPE");
  EvalContext ctx;
  ctx.time_zone = "Mars/Olympus";
  EXPECT_FALSE(CompiledExpr::Make(Int(1), *schema, FunctionRegistry::Builtins(), ctx).ok());
  auto bad_case = Expr::Case({Int(1), Int(2), Int(3)}, LogicalType::Int());
  EXPECT_FALSE(CompiledExpr::Make(bad_case, *schema).ok());
}

TEST(CompiledExprTest, DeclaredTypeWins) {
  // A plan may type INT + INT as BIGINT; the result is cast to the declared type.
  auto e = Expr::Call("+", {Col(0, LogicalType::Int()), Int(1)}, LogicalType::BigInt());
  auto batch = *RecordBatch::Parse("a INT\n+I 2147483647");
  auto c = CompiledExpr::Make(e, *batch->schema());
  ASSERT_TRUE(c.ok());
  auto col = (*c)->Evaluate(*batch);
  ASSERT_TRUE(col.ok());
  EXPECT_EQ((*col)->type().id(), TypeId::kBigInt);
  EXPECT_EQ((*col)->Value<int64_t>(0), -2147483648LL);
}

TEST(CompiledExprTest, NestedCaseWithSelection) {
  auto i = LogicalType::Int();
  auto inner =
      Expr::Case({Call(">", {Col(1, i), Int(2)}), Call("/", {Int(100), Col(1, i)}), Int(-1)},
                 LogicalType::Int(false));
  auto outer = Expr::Case({Call("IS NULL", {Col(1, i)}), Int(0), inner}, LogicalType::Int(false));
  SelectionVector sel(std::vector<int32_t>{4, 3, 1, 0});
  EXPECT_EQ(*EvalRows(outer, kBatch, &sel), (Rows{"20", "25", "0", "-1"}));
}

TEST(CompiledExprTest, EmptyBatches) {
  auto i = LogicalType::Int();
  auto s = LogicalType::String();
  std::string empty = "a INT, s STRING";
  std::vector<ExprPtr> exprs = {
      Call("+", {Col(0, i), Int(1)}),
      Call("UPPER", {Col(1, s)}),
      Call("LIKE", {Col(1, s), Str("a%")}),
      Expr::Case({Call(">", {Col(0, i), Int(0)}), Col(1, s), Str("x")}, LogicalType::String()),
      Call("COALESCE", {Col(0, i), Int(1)}),
      Call("AND", {Call("IS NULL", {Col(0, i)}), Bool(true)}),
      Expr::Cast(Col(1, s), LogicalType::Decimal(5, 2), true),
  };
  for (const auto& e : exprs) {
    auto rows = EvalRows(e, empty);
    ASSERT_TRUE(rows.ok()) << e->ToString() << ": " << rows.status().ToString();
    EXPECT_TRUE(rows->empty());
  }
}

}  // namespace
}  // namespace weir::sql
