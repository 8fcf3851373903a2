// Tests of CalcOperator: filter + projection over batches, row kinds, pass-through columns.
#include "weir/sql/physical/calc_operator.h"

#include <gtest/gtest.h>

#include <memory>

#include "weir/common/check.h"
#include "weir/runtime/testkit/operator_test_harness.h"
#include "weir/sql/functions/function_registry.h"

namespace weir::sql {
namespace {

using runtime::testkit::OperatorTestHarness;

SchemaPtr InputSchema() { return *Schema::Parse("a BIGINT, b BIGINT, s STRING"); }

ExprPtr Col(int i, LogicalType t) { return Expr::Column(i, std::move(t)); }
ExprPtr BigIntLit(int64_t v) { return Expr::Literal(Value(v), LogicalType::BigInt(false)); }

// Makes the Calc of `spec` and opens it in a harness; null (after a test failure) when either
// fails. `op`, when given, receives the operator.
std::unique_ptr<OperatorTestHarness> OpenCalc(const CalcSpec& spec, CalcOperator** op = nullptr) {
  auto calc = CalcOperator::Make(spec);
  if (!calc.ok()) {
    ADD_FAILURE() << calc.status().ToString();
    return nullptr;
  }
  if (op != nullptr) *op = calc->get();
  auto h = std::make_unique<OperatorTestHarness>(std::move(*calc));
  Status opened = h->Open();
  if (!opened.ok()) {
    ADD_FAILURE() << opened.ToString();
    return nullptr;
  }
  return h;
}

// SELECT a, b * 2, UPPER(s) ... WHERE a % 7 = 0 (the benchmark query of the SQL issue).
CalcSpec BenchmarkCalc() {
  CalcSpec spec;
  spec.input_schema = InputSchema();
  spec.condition = Expr::Call(
      "=",
      {Expr::Call("MOD", {Col(0, LogicalType::BigInt()), BigIntLit(7)}, LogicalType::BigInt()),
       BigIntLit(0)},
      LogicalType::Boolean());
  spec.projections = {
      Col(0, LogicalType::BigInt()),
      Expr::Call("*", {Col(1, LogicalType::BigInt()), BigIntLit(2)}, LogicalType::BigInt()),
      Expr::Call("UPPER", {Col(2, LogicalType::String())}, LogicalType::String())};
  spec.output_schema = *Schema::Parse("a BIGINT, b2 BIGINT, u STRING");
  return spec;
}

TEST(CalcOperatorTest, FiltersAndProjectsKeepingRowKinds) {
  auto h = OpenCalc(BenchmarkCalc());
  ASSERT_NE(h, nullptr);
  Status st = h->Process(
      "a BIGINT, b BIGINT, s STRING\n"
      "+I 7 1 abc\n"
      "+I 8 2 def\n"
      "-U 14 3 null\n"
      "+U 14 4 xy\n"
      "+I null 5 z");
  ASSERT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ(h->OutputText(),
            (std::vector<std::string>{"+I[7, 2, ABC]", "-U[14, 6, null]", "+U[14, 8, XY]"}));
  // A batch where nothing passes emits nothing.
  h->ClearOutput();
  ASSERT_TRUE(h->Process("a BIGINT, b BIGINT, s STRING\n+I 1 1 a").ok());
  EXPECT_TRUE(h->Output().empty());
}

TEST(CalcOperatorTest, ColumnsPassThroughWithoutAFilter) {
  CalcSpec spec;
  spec.input_schema = InputSchema();
  spec.projections = {Col(2, LogicalType::String()), Col(0, LogicalType::BigInt())};
  spec.output_schema = *Schema::Parse("s STRING, a BIGINT");
  auto h = OpenCalc(spec);
  ASSERT_NE(h, nullptr);
  auto input = RecordBatch::Parse("a BIGINT, b BIGINT, s STRING\n+I 1 2 x\n+I 3 4 y");
  ASSERT_TRUE(input.ok());
  ASSERT_TRUE(h->Process(0, *input).ok());
  ASSERT_EQ(h->Output().size(), 1u);
  EXPECT_EQ(h->Output()[0]->column(0), (*input)->column(2));  // the same column, not a copy
  EXPECT_EQ(h->OutputText(), (std::vector<std::string>{"+I[x, 1]", "+I[y, 3]"}));
}

TEST(CalcOperatorTest, RejectsMismatchedSpecs) {
  CalcSpec wrong_type = BenchmarkCalc();
  wrong_type.output_schema = *Schema::Parse("a BIGINT, b2 INT, u STRING");
  auto made = CalcOperator::Make(wrong_type);
  ASSERT_FALSE(made.ok());
  EXPECT_NE(made.status().message().find("b2"), std::string::npos) << made.status().ToString();

  CalcSpec not_boolean = BenchmarkCalc();
  not_boolean.condition = Col(0, LogicalType::BigInt());
  EXPECT_FALSE(CalcOperator::Make(not_boolean).ok());

  CalcSpec count = BenchmarkCalc();
  count.projections.pop_back();
  EXPECT_FALSE(CalcOperator::Make(count).ok());
}

// SELECT a, CURRENT_WATERMARK(ts) ... WHERE CURRENT_WATERMARK(ts) IS NULL OR ts > it.
TEST(CalcOperatorTest, CurrentWatermarkFollowsTheInputWatermark) {
  const LogicalType ts = LogicalType::Timestamp(3);
  CalcSpec spec;
  spec.input_schema = *Schema::Parse("a BIGINT, ts TIMESTAMP(3)");
  ExprPtr wm =
      FunctionRegistry::Builtins().MakeCall("CURRENT_WATERMARK", {Col(1, ts)}).ValueOrDie();
  spec.condition = Expr::Call("OR",
                              {Expr::Call("IS NULL", {wm}, LogicalType::Boolean(false)),
                               Expr::Call(">", {Col(1, ts), wm}, LogicalType::Boolean())},
                              LogicalType::Boolean());
  spec.projections = {Col(0, LogicalType::BigInt()), wm};
  spec.output_schema = *Schema::Parse("a BIGINT, w TIMESTAMP(3)");
  CalcOperator* op = nullptr;
  auto h = OpenCalc(spec, &op);
  ASSERT_NE(h, nullptr);
  const char* rows =
      "a BIGINT, ts TIMESTAMP(3)\n"
      "+I 1 2024-01-01T00:00:01\n"
      "+I 2 2024-01-01T00:00:03\n"
      "+I 3 null";
  ASSERT_TRUE(h->Process(rows).ok());
  EXPECT_EQ(op->current_watermark(), INT64_MIN);
  EXPECT_EQ(h->OutputText(),
            (std::vector<std::string>{"+I[1, null]", "+I[2, null]", "+I[3, null]"}));
  h->ClearOutput();
  const int64_t two_seconds = 1704067202000;  // 2024-01-01T00:00:02
  ASSERT_TRUE(h->Watermark(0, two_seconds).ok());
  ASSERT_TRUE(h->Process(rows).ok());
  EXPECT_EQ(op->current_watermark(), two_seconds);
  EXPECT_EQ(h->OutputText(), (std::vector<std::string>{"+I[2, 2024-01-01T00:00:02]"}));
  EXPECT_EQ(h->Watermarks(), (std::vector<runtime::EventTime>{two_seconds}));
}

ExprPtr Bind(const std::string& name, std::vector<ExprPtr> args) {
  auto r = FunctionRegistry::Builtins().MakeCall(name, std::move(args));
  WEIR_CHECK(r.ok());
  return *r;
}

ExprPtr Text(const std::string& s) { return Expr::Literal(Value(s), LogicalType::String(false)); }

// Nexmark q21: the condition and the CASE share LOWER(channel) and REGEXP_EXTRACT(url, ...);
// the CASE's guarded ELSE and a guarded division keep their row sets.
TEST(CalcOperatorTest, SharesSubexpressionsOfConditionAndProjections) {
  auto lower = [] { return Bind("LOWER", {Col(0, LogicalType::String())}); };
  auto extract = [] {
    return Bind("REGEXP_EXTRACT", {Col(1, LogicalType::String()), Text("(&|^)channel_id=([^&]*)"),
                                   Expr::Literal(Value(int32_t{2}), LogicalType::Int(false))});
  };
  CalcSpec spec;
  spec.input_schema = *Schema::Parse("channel STRING, url STRING, n BIGINT");
  spec.condition = Bind("OR", {Bind("IS NOT NULL", {extract()}),
                               Bind("IN", {lower(), Text("apple"), Text("google")})});
  auto channel_id = Expr::Case({Bind("=", {lower(), Text("apple")}), Text("0"),
                                Bind("=", {lower(), Text("google")}), Text("1"), extract()},
                               LogicalType::String());
  auto n = [] { return Col(2, LogicalType::BigInt()); };
  auto ratio =
      Expr::Case({Bind("=", {n(), BigIntLit(0)}), BigIntLit(-1), Bind("/", {BigIntLit(100), n()})},
                 LogicalType::BigInt());
  // Two RAND() calls are two values, never one shared.
  auto two_rands = Bind("=", {Bind("RAND", {}), Bind("RAND", {})});
  spec.projections = {Col(0, LogicalType::String()), channel_id, ratio, two_rands};
  spec.output_schema =
      *Schema::Parse("channel STRING, channel_id STRING, r BIGINT, x BOOLEAN NOT NULL");
  auto h = OpenCalc(spec);
  ASSERT_NE(h, nullptr);
  Status st = h->Process(
      "channel STRING, url STRING, n BIGINT\n"
      "+I Apple http://x/?a=1 0\n"
      "+I other http://x/?a=1&channel_id=42 4\n"
      "+I other http://x/?a=1 0\n"
      "+I GOOGLE http://x/?channel_id=7 50\n"
      "+I x channel_id=9&b=1 0\n");
  ASSERT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ(h->OutputText(),
            (std::vector<std::string>{"+I[Apple, 0, -1, false]", "+I[other, 42, 25, false]",
                                      "+I[GOOGLE, 1, 2, false]", "+I[x, 9, -1, false]"}));
}

}  // namespace
}  // namespace weir::sql
