// Tests of WatermarkAssignerOperator: periodic and per-batch emission, upstream watermarks,
// NULL rowtimes and the expression's type check.
#include "weir/sql/physical/watermark_assigner_operator.h"

#include <gtest/gtest.h>

#include "weir/runtime/testkit/operator_test_harness.h"

namespace weir::sql {
namespace {

using runtime::testkit::OperatorTestHarness;

// WATERMARK FOR ts AS ts - INTERVAL '5' SECOND over "id BIGINT, ts TIMESTAMP(3)", as the
// binder makes it: -($1, 5000:INTERVAL SECOND).
WatermarkAssignerSpec FiveSecondsLate(int64_t interval_ms) {
  WatermarkAssignerSpec spec;
  spec.input_schema = *Schema::Parse("id BIGINT, ts TIMESTAMP(3)");
  ExprPtr ts = Expr::Column(1, LogicalType::Timestamp(3));
  ExprPtr five_seconds = Expr::Literal(
      Value(int64_t{5000}), LogicalType::IntervalDayTime(IntervalResolution::kSecond, 2, 6, false));
  spec.watermark = FunctionRegistry::Builtins().MakeCall("-", {ts, five_seconds}).ValueOrDie();
  spec.interval_ms = interval_ms;
  return spec;
}

constexpr char kRows[] =
    "id BIGINT, ts TIMESTAMP(3)\n"
    "+I 1 1970-01-01T00:00:10\n"
    "+I 2 1970-01-01T00:00:30\n"
    "+I 3 null\n"
    "+I 4 1970-01-01T00:00:20";

TEST(WatermarkAssignerOperatorTest, EmitsPeriodicallyWhenTheWatermarkAdvanced) {
  auto op = WatermarkAssignerOperator::Make(FiveSecondsLate(200));
  ASSERT_TRUE(op.ok()) << op.status().ToString();
  OperatorTestHarness h(std::move(*op));
  ASSERT_TRUE(h.Open().ok());
  Status st = h.Process(kRows);
  ASSERT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ(h.OutputText().size(), 4u);  // rows pass unchanged
  EXPECT_TRUE(h.Watermarks().empty());   // not before the interval
  ASSERT_TRUE(h.SetProcessingTime(200).ok());
  EXPECT_EQ(h.Watermarks(), (std::vector<runtime::EventTime>{25000}));
  ASSERT_TRUE(h.SetProcessingTime(400).ok());  // nothing new: nothing emitted
  EXPECT_EQ(h.Watermarks().size(), 1u);
  // Upstream watermarks are replaced by the table's; the end of input passes.
  ASSERT_TRUE(h.Watermark(0, 999999).ok());
  EXPECT_EQ(h.Watermarks().size(), 1u);
  ASSERT_TRUE(h.Watermark(0, runtime::kMaxWatermark).ok());
  EXPECT_EQ(h.Watermarks().back(), runtime::kMaxWatermark);
  ASSERT_TRUE(h.Close().ok());
}

TEST(WatermarkAssignerOperatorTest, IntervalZeroEmitsAfterEveryBatch) {
  auto op = WatermarkAssignerOperator::Make(FiveSecondsLate(0));
  ASSERT_TRUE(op.ok()) << op.status().ToString();
  OperatorTestHarness h(std::move(*op));
  ASSERT_TRUE(h.Open().ok());
  ASSERT_TRUE(h.Process("id BIGINT, ts TIMESTAMP(3)\n+I 1 1970-01-01T00:00:10").ok());
  ASSERT_TRUE(h.Process("id BIGINT, ts TIMESTAMP(3)\n+I 1 1970-01-01T00:00:08").ok());
  ASSERT_TRUE(h.Process("id BIGINT, ts TIMESTAMP(3)\n+I 1 1970-01-01T00:00:11").ok());
  EXPECT_EQ(h.Watermarks(), (std::vector<runtime::EventTime>{5000, 6000}));
}

TEST(WatermarkAssignerOperatorTest, RejectsExpressionsOfOtherTypes) {
  WatermarkAssignerSpec spec = FiveSecondsLate(200);
  spec.watermark = Expr::Column(0, LogicalType::BigInt());
  auto op = WatermarkAssignerOperator::Make(spec);
  ASSERT_FALSE(op.ok());
  EXPECT_NE(op.status().message().find("TIMESTAMP(3)"), std::string::npos);
  spec = FiveSecondsLate(-1);
  EXPECT_FALSE(WatermarkAssignerOperator::Make(spec).ok());
}

}  // namespace
}  // namespace weir::sql
