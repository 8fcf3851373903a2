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

// A registry with TICK(x) and TICK_ND(x): both return x and count the rows they are
// evaluated on; TICK_ND is declared non-deterministic.
int64_t g_ticks = 0;

FunctionRegistry TickRegistry() {
  FunctionRegistry r = FunctionRegistry::Builtins();
  for (bool deterministic : {true, false}) {
    FunctionInfo info;
    info.name = deterministic ? "TICK" : "TICK_ND";
    info.category = "test";
    info.deterministic = deterministic;
    info.bind = [deterministic](const BindInput& in) -> Result<BoundFunction> {
      BoundFunction f;
      f.return_type = in.types[0];
      f.operand_types = {in.types[0]};
      f.deterministic = deterministic;
      f.kernel = [](const EvalContext& c, const std::vector<Datum>& a,
                    int64_t n) -> Result<ColumnPtr> {
        g_ticks += n;
        return Materialize(a[0], n, c.pool);
      };
      return f;
    };
    r.Register(std::move(info));
  }
  return r;
}

ExprPtr RCall(const FunctionRegistry& r, const std::string& name, std::vector<ExprPtr> args) {
  auto e = r.MakeCall(name, std::move(args));
  WEIR_CHECK(e.ok());
  return *e;
}

Rows Texts(const ColumnVector& col) {
  Rows out;
  for (int64_t i = 0; i < col.length(); ++i) {
    std::string s;
    AppendValueText(s, col, i);
    out.push_back(s);
  }
  return out;
}

// CASE WHEN f(a) = 7 THEN 'x' WHEN f(a) = 3 THEN 'y' WHEN f(a) = 14 THEN 'z' ELSE 'w' END
ExprPtr ChainedCase(const FunctionRegistry& r, const std::string& f) {
  auto fa = [&] { return RCall(r, f, {Col(0, LogicalType::BigInt())}); };
  return Expr::Case({Call("=", {fa(), Big(7)}), Str("x"), Call("=", {fa(), Big(3)}), Str("y"),
                     Call("=", {fa(), Big(14)}), Str("z"), Str("w")},
                    LogicalType::Char(1, false));
}

TEST(CompiledExprSharingTest, RepeatedSubexpressionRunsOnce) {
  FunctionRegistry r = TickRegistry();
  g_ticks = 0;
  EXPECT_EQ(*EvalRows(ChainedCase(r, "TICK"), kBatch, nullptr, {}, r),
            (Rows{"x", "y", "z", "w", "w"}));
  EXPECT_EQ(g_ticks, 5);  // computed on the 5 rows once, then gathered for later branches
  // Over a selection the shared value covers the selected rows only.
  SelectionVector some(std::vector<int32_t>{4, 2, 1});
  g_ticks = 0;
  EXPECT_EQ(*EvalRows(ChainedCase(r, "TICK"), kBatch, &some, {}, r), (Rows{"w", "z", "y"}));
  EXPECT_EQ(g_ticks, 3);
}

TEST(CompiledExprSharingTest, NonDeterministicCallsAreNotShared) {
  FunctionRegistry r = TickRegistry();
  g_ticks = 0;
  EXPECT_EQ(*EvalRows(ChainedCase(r, "TICK_ND"), kBatch, nullptr, {}, r),
            (Rows{"x", "y", "z", "w", "w"}));
  EXPECT_EQ(g_ticks, 5 + 4 + 3);  // each branch evaluates its own call on its rows
  // Two RAND() calls stay two random values: sharing them would make every row TRUE.
  auto rows = EvalRows(Call("=", {Call("RAND", {}), Call("RAND", {})}), kBatch);
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ(*rows, (Rows{"false", "false", "false", "false", "false"}));
}

TEST(CompiledExprSharingTest, GuardedErrorsStayGuarded) {
  // 10 / b appears in two CASEs that guard it against b = 0, and in a third place only on
  // rows where b <> 0: sharing must never evaluate it on the b = 0 row.
  const char* batch_text = "b INT\n+I 1\n+I 0\n+I 5\n+I null";
  auto b = [] { return Col(0, LogicalType::Int()); };
  auto div = [&] { return Call("/", {Int(10), b()}); };
  auto guarded = [&](int32_t otherwise) {
    return Expr::Case({Call("=", {b(), Int(0)}), Int(otherwise), div()}, LogicalType::Int());
  };
  auto sum = Call("+", {guarded(-1), guarded(-2)});
  EXPECT_EQ(*EvalRows(sum, batch_text), (Rows{"20", "-3", "4", "null"}));
  EXPECT_FALSE(EvalRows(Call("+", {guarded(-1), div()}), batch_text).ok());

  auto batch = *RecordBatch::Parse(batch_text);
  auto group =
      CompiledExpr::MakeGroup({Call("<>", {b(), Int(0)}), div(), guarded(-1)}, *batch->schema());
  ASSERT_TRUE(group.ok()) << group.status().ToString();
  SharedValues shared(*batch);
  auto sel = (*group)[0]->Filter(*batch, nullptr, &shared);
  ASSERT_TRUE(sel.ok());
  EXPECT_EQ(sel->indices(), (std::vector<int32_t>{0, 2}));
  auto p1 = (*group)[1]->Evaluate(*batch, &*sel, &shared);
  ASSERT_TRUE(p1.ok()) << p1.status().ToString();
  EXPECT_EQ(Texts(**p1), (Rows{"10", "2"}));
  // Over every row, the unguarded division fails, and the guarded one does not.
  EXPECT_FALSE((*group)[1]->Evaluate(*batch, nullptr, &shared).ok());
  auto p2 = (*group)[2]->Evaluate(*batch, nullptr, &shared);
  ASSERT_TRUE(p2.ok()) << p2.status().ToString();
  EXPECT_EQ(Texts(**p2), (Rows{"10", "-1", "2", "null"}));
}

TEST(CompiledExprSharingTest, LaterConditionsThatCannotFailSeeEveryRowOnce) {
  // WHEN a > 10 / a = 7 / a IS NULL: comparisons over a column are read at the rows still
  // open; rows taken earlier keep their branch, NULL conditions fall through.
  auto a = [] { return Col(0, LogicalType::BigInt()); };
  auto chained = Expr::Case({Call(">", {a(), Big(10)}), Str("big"), Call("=", {a(), Big(7)}),
                             Str("seven"), Call("IS NULL", {a()}), Str("none"), Str("other")},
                            LogicalType::String());
  EXPECT_EQ(*EvalRows(chained, kBatch), (Rows{"seven", "other", "big", "none", "big"}));
  // Over a selection, in its order.
  SelectionVector some(std::vector<int32_t>{3, 1, 0});
  EXPECT_EQ(*EvalRows(chained, kBatch, &some), (Rows{"none", "other", "seven"}));
  // Every row takes one constant branch: the constant is broadcast.
  auto all = Expr::Case(
      {Call("OR", {Call("IS NULL", {a()}), Call("IS NOT NULL", {a()})}), Str("all"), Str("none")},
      LogicalType::String());
  EXPECT_EQ(*EvalRows(all, kBatch), (Rows{"all", "all", "all", "all", "all"}));

  // A condition that can fail (10 / b) still sees only the rows no earlier condition took;
  // the one after it (b IS NULL) cannot fail and is read for the rows left.
  auto b = [] { return Col(0, LogicalType::Int()); };
  auto guarded =
      Expr::Case({Call("=", {b(), Int(0)}), Int(-1), Call(">", {Call("/", {Int(10), b()}), Int(3)}),
                  Int(1), Call("IS NULL", {b()}), Int(0), Int(2)},
                 LogicalType::Int());
  EXPECT_EQ(*EvalRows(guarded, "b INT\n+I 1\n+I 0\n+I 5\n+I null"), (Rows{"1", "-1", "2", "0"}));
}

TEST(CompiledExprSharingTest, GroupGathersFilterValuesForProjections) {
  FunctionRegistry r = TickRegistry();
  auto batch = *RecordBatch::Parse(kBatch);
  auto a = [] { return Col(0, LogicalType::BigInt()); };
  auto tick = [&] { return RCall(r, "TICK", {a()}); };
  auto filter = Call(">", {tick(), Big(5)});
  auto plus_one = Call("+", {tick(), Big(1)});
  // Only in the ELSE branch: gathered through the branch's rows of the selection.
  auto in_else = Expr::Case({Call("=", {Col(1, LogicalType::Int()), Int(2)}), Big(0), tick()},
                            LogicalType::BigInt());
  auto group = CompiledExpr::MakeGroup({filter, tick(), plus_one, in_else}, *batch->schema(), r);
  ASSERT_TRUE(group.ok()) << group.status().ToString();
  g_ticks = 0;
  SharedValues shared(*batch);
  auto sel = (*group)[0]->Filter(*batch, nullptr, &shared);
  ASSERT_TRUE(sel.ok());
  EXPECT_EQ(sel->indices(), (std::vector<int32_t>{0, 2, 4}));
  Rows expected[] = {{"7", "14", "21"}, {"8", "15", "22"}, {"7", "0", "21"}};
  for (int k = 0; k < 3; ++k) {
    auto col = (*group)[static_cast<size_t>(k) + 1]->Evaluate(*batch, &*sel, &shared);
    ASSERT_TRUE(col.ok()) << col.status().ToString();
    EXPECT_EQ(Texts(**col), expected[k]);
  }
  EXPECT_EQ(g_ticks, 5);  // the filter's evaluation only
  // Without shared values each projection computes its own.
  auto alone = (*group)[1]->Evaluate(*batch, &*sel);
  ASSERT_TRUE(alone.ok());
  EXPECT_EQ(Texts(**alone), expected[0]);
  EXPECT_EQ(g_ticks, 8);

  // Shared values belong to one batch and one group.
  auto other_batch = *RecordBatch::Parse(kBatch);
  EXPECT_FALSE((*group)[1]->Evaluate(*other_batch, nullptr, &shared).ok());
  auto other = CompiledExpr::MakeGroup({tick(), tick()}, *batch->schema(), r);
  ASSERT_TRUE(other.ok());
  EXPECT_FALSE((*other)[0]->Evaluate(*batch, nullptr, &shared).ok());
}

}  // namespace
}  // namespace weir::sql
