// Tests of DeterministicSource: splitting, batching, restore, watermarks and the rate limit.
#include "weir/runtime/testkit/deterministic_source.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "weir/runtime/testkit/operator_test_harness.h"
#include "weir/runtime/testkit/testkit_test_util.h"

namespace weir::runtime::testkit {
namespace {

HarnessOptions At(int32_t subtask, int32_t parallelism) {
  HarnessOptions o;
  o.operator_uid = "source";
  o.subtask_index = subtask;
  o.parallelism = parallelism;
  return o;
}

// Returns the value column of every emitted row.
std::vector<int64_t> Values(const OperatorTestHarness& h) {
  std::vector<int64_t> out;
  for (const RecordBatchPtr& b : h.Output()) {
    const int64_t* v = b->column(1)->values<int64_t>();
    out.insert(out.end(), v, v + b->num_rows());
  }
  return out;
}

TEST(DeterministicSourceTest, BoundedSingleSubtask) {
  DeterministicSourceOptions o;
  o.num_records = 25;
  o.num_keys = 4;
  o.batch_size = 10;
  OperatorTestHarness h(std::make_unique<DeterministicSource>(o), At(0, 1));
  TESTKIT_ASSERT_OK(h.Open());
  auto poll = h.PollUntilBlocked();
  ASSERT_TRUE(poll.ok()) << poll.status().ToString();
  EXPECT_EQ(*poll, SourcePoll::kEndOfInput);
  ASSERT_EQ(h.Output().size(), 3u);
  EXPECT_EQ(h.Output()[0]->num_rows(), 10);
  EXPECT_EQ(h.Output()[2]->num_rows(), 5);
  std::vector<int64_t> expected(25);
  for (int64_t i = 0; i < 25; ++i) expected[static_cast<size_t>(i)] = i;
  EXPECT_EQ(Values(h), expected);
  EXPECT_EQ(h.OutputText()[0], "+I[0, 0]");
  EXPECT_EQ(h.OutputText()[7], "+I[3, 7]");
  EXPECT_TRUE(h.Watermarks().empty());
  // Polling after the end keeps saying so.
  auto again = h.PollNext();
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, SourcePoll::kEndOfInput);
}

TEST(DeterministicSourceTest, ParallelSubtasksSplitTheSequenceExactlyOnce) {
  DeterministicSourceOptions o;
  o.num_records = 100;
  o.batch_size = 7;
  std::vector<int64_t> all;
  for (int32_t s = 0; s < 3; ++s) {
    OperatorTestHarness h(std::make_unique<DeterministicSource>(o), At(s, 3));
    TESTKIT_ASSERT_OK(h.Open());
    auto poll = h.PollUntilBlocked();
    ASSERT_TRUE(poll.ok());
    EXPECT_EQ(*poll, SourcePoll::kEndOfInput);
    for (int64_t v : Values(h)) {
      EXPECT_EQ(v % 3, s);
      all.push_back(v);
    }
  }
  std::sort(all.begin(), all.end());
  ASSERT_EQ(all.size(), 100u);
  for (int64_t i = 0; i < 100; ++i) EXPECT_EQ(all[static_cast<size_t>(i)], i);
}

TEST(DeterministicSourceTest, UnboundedKeepsGoing) {
  DeterministicSourceOptions o;
  o.num_records = -1;
  o.batch_size = 1000;
  OperatorTestHarness h(std::make_unique<DeterministicSource>(o), At(1, 2));
  TESTKIT_ASSERT_OK(h.Open());
  auto poll = h.PollUntilBlocked(/*max_polls=*/20);
  ASSERT_TRUE(poll.ok());
  EXPECT_EQ(*poll, SourcePoll::kMoreAvailable);
  EXPECT_EQ(Values(h).size(), 20000u);
  EXPECT_EQ(Values(h).back(), 1 + 2 * 19999);
}

TEST(DeterministicSourceTest, RestoresItsPositionExactly) {
  DeterministicSourceOptions o;
  o.num_records = 50;
  o.batch_size = 4;
  OperatorTestHarness a(std::make_unique<DeterministicSource>(o), At(1, 2));
  TESTKIT_ASSERT_OK(a.Open());
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(a.PollNext().ok());
  auto snap = a.Snapshot(CheckpointId(1));
  ASSERT_TRUE(snap.ok()) << snap.status().ToString();
  a.ClearOutput();
  ASSERT_TRUE(a.PollUntilBlocked().ok());
  const std::vector<std::string> rest = a.OutputText();
  ASSERT_FALSE(rest.empty());
  EXPECT_EQ(rest.front(), "+I[5, 25]");  // 1, 3, ..., 23 were emitted (12 rows)

  OperatorTestHarness b(std::make_unique<DeterministicSource>(o), At(1, 2));
  TESTKIT_ASSERT_OK(b.Restore(*snap));
  TESTKIT_ASSERT_OK(b.Open());
  ASSERT_TRUE(b.PollUntilBlocked().ok());
  EXPECT_EQ(b.OutputText(), rest);
}

TEST(DeterministicSourceTest, RejectsRestoreAtAnotherParallelism) {
  DeterministicSourceOptions o;
  OperatorTestHarness a(std::make_unique<DeterministicSource>(o), At(0, 2));
  TESTKIT_ASSERT_OK(a.Open());
  ASSERT_TRUE(a.PollNext().ok());
  auto s0 = a.Snapshot(CheckpointId(1));
  ASSERT_TRUE(s0.ok());
  OperatorTestHarness a1(std::make_unique<DeterministicSource>(o), At(1, 2));
  TESTKIT_ASSERT_OK(a1.Open());
  auto s1 = a1.Snapshot(CheckpointId(1));
  ASSERT_TRUE(s1.ok());
  auto merged = OperatorTestHarness::Repartition({*s0, *s1}, 128, 1, 0);
  ASSERT_TRUE(merged.ok()) << merged.status().ToString();
  OperatorTestHarness b(std::make_unique<DeterministicSource>(o), At(0, 1));
  TESTKIT_ASSERT_OK(b.Restore(*merged));
  Status st = b.Open();
  EXPECT_TRUE(st.IsNotSupported()) << st.ToString();
}

TEST(DeterministicSourceTest, EventTimeColumnAndWatermarks) {
  DeterministicSourceOptions o;
  o.num_records = 10;
  o.batch_size = 4;
  o.event_time = true;
  o.event_time_base = 1000;
  OperatorTestHarness h(std::make_unique<DeterministicSource>(o), At(0, 1));
  TESTKIT_ASSERT_OK(h.Open());
  ASSERT_TRUE(h.PollUntilBlocked().ok());
  EXPECT_EQ(h.OutputText()[2], "+I[2, 2, 1002]");
  EXPECT_EQ(h.Watermarks(), (std::vector<EventTime>{1002, 1006, 1008}));
}

TEST(DeterministicSourceTest, RateLimitWakesThroughProcessingTime) {
  DeterministicSourceOptions o;
  o.num_records = -1;
  o.batch_size = 100;
  o.records_per_second = 1000;  // one per millisecond
  HarnessOptions opts = At(0, 1);
  opts.start_processing_time_ms = 5000;
  OperatorTestHarness h(std::make_unique<DeterministicSource>(o), opts);
  TESTKIT_ASSERT_OK(h.Open());
  auto poll = h.PollNext();
  ASSERT_TRUE(poll.ok());
  EXPECT_EQ(*poll, SourcePoll::kNothingAvailable);
  EXPECT_EQ(h.wake_count(), 0);
  EXPECT_EQ(h.processing_time().pending(), 1u);
  TESTKIT_ASSERT_OK(h.SetProcessingTime(5000 + 30));
  EXPECT_EQ(h.wake_count(), 1);
  poll = h.PollNext();
  ASSERT_TRUE(poll.ok());
  EXPECT_EQ(*poll, SourcePoll::kMoreAvailable);
  EXPECT_EQ(Values(h).size(), 30u);
  poll = h.PollNext();
  ASSERT_TRUE(poll.ok());
  EXPECT_EQ(*poll, SourcePoll::kNothingAvailable);
  TESTKIT_ASSERT_OK(h.SetProcessingTime(5000 + 1000));
  EXPECT_EQ(h.wake_count(), 2);
  poll = h.PollUntilBlocked();
  ASSERT_TRUE(poll.ok());
  EXPECT_EQ(*poll, SourcePoll::kNothingAvailable);
  EXPECT_EQ(Values(h).size(), 1000u);  // capped by the rate, in batches of at most 100
  for (const RecordBatchPtr& b : h.Output()) EXPECT_LE(b->num_rows(), 100);
  TESTKIT_ASSERT_OK(h.Close());
  EXPECT_EQ(h.processing_time().pending(), 0u);  // Close cancels the pending wake-up
}

TEST(DeterministicSourceTest, RejectsBadOptions) {
  DeterministicSourceOptions o;
  o.batch_size = 0;
  OperatorTestHarness h(std::make_unique<DeterministicSource>(o), At(0, 1));
  EXPECT_FALSE(h.Open().ok());
}

}  // namespace
}  // namespace weir::runtime::testkit
