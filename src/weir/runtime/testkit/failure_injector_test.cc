// Tests of FailureInjector: record, checkpoint and random triggers and the shared budget.
#include "weir/runtime/testkit/failure_injector.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "weir/runtime/testkit/operator_test_harness.h"
#include "weir/runtime/testkit/testkit_test_util.h"

namespace weir::runtime::testkit {
namespace {

constexpr char kThree[] = "v BIGINT\n+I 1\n+I 2\n+I 3";

HarnessOptions At(int32_t subtask, int32_t attempt = 0) {
  HarnessOptions o;
  o.subtask_index = subtask;
  o.parallelism = 2;
  o.attempt = attempt;
  return o;
}

TEST(FailureInjectorTest, FailsOnTheBatchHoldingRecordN) {
  FailureInjectorOptions o;
  o.fail_at_record = 5;
  OperatorTestHarness h(std::make_unique<FailureInjector>(o), At(0));
  TESTKIT_ASSERT_OK(h.Open());
  TESTKIT_ASSERT_OK(h.Process(kThree));
  EXPECT_EQ(h.OutputText(), (std::vector<std::string>{"+I[1]", "+I[2]", "+I[3]"}));
  Status st = h.Process(kThree);
  EXPECT_FALSE(st.ok());
  EXPECT_NE(st.message().find("injected failure at record 5"), std::string::npos) << st.ToString();
  EXPECT_EQ(h.OutputText().size(), 3u);  // the failing batch was not forwarded
  // The trigger fires once per instance.
  TESTKIT_ASSERT_OK(h.Process(kThree));
  TESTKIT_ASSERT_OK(h.Watermark(0, 7));
  EXPECT_EQ(h.Watermarks(), (std::vector<EventTime>{7}));
}

TEST(FailureInjectorTest, FailsAtCheckpointN) {
  FailureInjectorOptions o;
  o.fail_at_checkpoint = 2;
  OperatorTestHarness h(std::make_unique<FailureInjector>(o), At(0));
  TESTKIT_ASSERT_OK(h.Open());
  EXPECT_TRUE(h.Snapshot(CheckpointId(1)).ok());
  auto second = h.Snapshot(CheckpointId(2));
  ASSERT_FALSE(second.ok());
  EXPECT_NE(second.status().message().find("injected failure at checkpoint 2"), std::string::npos);
  EXPECT_TRUE(h.Snapshot(CheckpointId(3)).ok());
}

TEST(FailureInjectorTest, BudgetLimitsFailuresAcrossRestarts) {
  auto budget = std::make_shared<FailureBudget>(2);
  FailureInjectorOptions o;
  o.fail_at_record = 1;
  o.budget = budget;
  int failures = 0;
  for (int attempt = 0; attempt < 5; ++attempt) {
    OperatorTestHarness h(std::make_unique<FailureInjector>(o), At(0, attempt));
    TESTKIT_ASSERT_OK(h.Open());
    if (!h.Process(kThree).ok()) ++failures;
  }
  EXPECT_EQ(failures, 2);
  EXPECT_EQ(budget->injected(), 2);
  EXPECT_EQ(budget->remaining(), 0);
}

TEST(FailureInjectorTest, OnlyTheChosenSubtaskFails) {
  FailureInjectorOptions o;
  o.fail_at_record = 1;
  o.subtask = 1;
  OperatorTestHarness h0(std::make_unique<FailureInjector>(o), At(0));
  OperatorTestHarness h1(std::make_unique<FailureInjector>(o), At(1));
  TESTKIT_ASSERT_OK(h0.Open());
  TESTKIT_ASSERT_OK(h1.Open());
  EXPECT_TRUE(h0.Process(kThree).ok());
  EXPECT_FALSE(h1.Process(kThree).ok());
}

// Returns the indices of the batches that failed among `n`.
std::vector<int> RandomFailures(uint64_t seed, int32_t subtask, int n) {
  FailureInjectorOptions o;
  o.probability = 0.3;
  o.seed = seed;
  OperatorTestHarness h(std::make_unique<FailureInjector>(o), At(subtask));
  WEIR_CHECK_OK(h.Open());
  std::vector<int> failed;
  for (int i = 0; i < n; ++i) {
    if (!h.Process(kThree).ok()) failed.push_back(i);
  }
  return failed;
}

TEST(FailureInjectorTest, RandomFailuresAreDeterministicPerSeed) {
  const std::vector<int> a = RandomFailures(42, 0, 200);
  EXPECT_EQ(a, RandomFailures(42, 0, 200));
  EXPECT_NE(a, RandomFailures(43, 0, 200));
  EXPECT_NE(a, RandomFailures(42, 1, 200));
  EXPECT_GT(a.size(), 30u);
  EXPECT_LT(a.size(), 100u);
}

TEST(FailureBudgetTest, ConcurrentConsumersNeverExceedTheBudget) {
  FailureBudget budget(1000);
  std::vector<std::thread> threads;
  std::atomic<int64_t> granted{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 1000; ++i) {
        if (budget.TryConsume()) granted.fetch_add(1);
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(granted.load(), 1000);
  EXPECT_EQ(budget.injected(), 1000);
  EXPECT_FALSE(budget.TryConsume());
  FailureBudget unlimited(-1);
  for (int i = 0; i < 10; ++i) EXPECT_TRUE(unlimited.TryConsume());
  EXPECT_EQ(unlimited.injected(), 10);
}

}  // namespace
}  // namespace weir::runtime::testkit
