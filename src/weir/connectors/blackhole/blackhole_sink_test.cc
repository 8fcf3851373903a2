// Tests for the blackhole connector: option validation and row counting.
#include <gtest/gtest.h>

#include "weir/connectors/blackhole/blackhole_sink_operator.h"
#include "weir/runtime/testkit/operator_test_harness.h"

namespace weir::connectors {
namespace {

TEST(BlackholeTest, AcceptsOnlyTheConnectorOption) {
  EXPECT_TRUE(ValidateBlackholeOptions({}).ok());
  EXPECT_TRUE(ValidateBlackholeOptions({{"connector", "blackhole"}}).ok());
  Status st = ValidateBlackholeOptions({{"connector", "blackhole"}, {"sink.parallelism", "2"}});
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.ToString().find("'sink.parallelism'"), std::string::npos) << st.ToString();
  EXPECT_FALSE(ValidateBlackholeOptions({{"connector", "print"}}).ok());
}

TEST(BlackholeTest, SwallowsAndCounts) {
  runtime::testkit::OperatorTestHarness h(std::make_unique<BlackholeSinkOperator>());
  ASSERT_TRUE(h.Open().ok());
  ASSERT_TRUE(h.Process("a INT\n+I 1\n-D 2\n+U 3").ok());
  ASSERT_TRUE(h.Watermark(0, 5).ok());
  ASSERT_TRUE(h.Process("a INT\n+I 4").ok());
  auto* op = static_cast<BlackholeSinkOperator*>(h.op());
  EXPECT_EQ(op->rows(), 4);
  EXPECT_EQ(op->batches(), 2);
  EXPECT_TRUE(h.Output().empty());
  EXPECT_TRUE(h.Watermarks().empty());
  ASSERT_TRUE(h.Close().ok());
}

}  // namespace
}  // namespace weir::connectors
