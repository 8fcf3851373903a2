// Tests of DeterministicSource: splits, batching, restore and rescale, watermarks, rate limit.
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

// Restoring at the same parallelism continues with the very same rows, also when the
// snapshot falls in the middle of a round over the splits.
TEST(DeterministicSourceTest, RestoresItsPositionExactly) {
  for (int32_t batch_size : {4, 5}) {
    DeterministicSourceOptions o;
    o.num_records = 50;
    o.batch_size = batch_size;
    OperatorTestHarness a(std::make_unique<DeterministicSource>(o), At(1, 2));
    TESTKIT_ASSERT_OK(a.Open());
    for (int i = 0; i < 3; ++i) ASSERT_TRUE(a.PollNext().ok());
    auto snap = a.Snapshot(CheckpointId(1));
    ASSERT_TRUE(snap.ok()) << snap.status().ToString();
    a.ClearOutput();
    ASSERT_TRUE(a.PollUntilBlocked().ok());
    const std::vector<std::string> rest = a.OutputText();
    ASSERT_FALSE(rest.empty());
    // 1, 3, ..., were emitted (3 * batch_size rows).
    EXPECT_EQ(rest.front(), batch_size == 4 ? "+I[5, 25]" : "+I[1, 31]") << batch_size;

    OperatorTestHarness b(std::make_unique<DeterministicSource>(o), At(1, 2));
    TESTKIT_ASSERT_OK(b.Restore(*snap));
    TESTKIT_ASSERT_OK(b.Open());
    EXPECT_EQ(b.op() == nullptr ? 0u : static_cast<DeterministicSource*>(b.op())->splits().size(),
              6u);
    ASSERT_TRUE(b.PollUntilBlocked().ok());
    EXPECT_EQ(b.OutputText(), rest) << batch_size;
  }
}

// Runs one generation of a job's source: `parallelism` subtasks, restored from `previous`
// (the snapshots of the last generation, any parallelism; empty: a fresh start), each polled
// polls[s] times (or to the end when polls is empty); appends what they emitted to `values`
// and returns their snapshots. Checks that no subtask's watermark passes a row it emits later.
std::vector<HarnessSnapshot> RunGeneration(const DeterministicSourceOptions& o,
                                           const std::vector<HarnessSnapshot>& previous,
                                           int32_t parallelism, const std::vector<int>& polls,
                                           std::vector<int64_t>* values, int64_t checkpoint) {
  std::vector<HarnessSnapshot> out;
  for (int32_t s = 0; s < parallelism; ++s) {
    OperatorTestHarness h(std::make_unique<DeterministicSource>(o), At(s, parallelism));
    if (!previous.empty()) {
      auto restored = OperatorTestHarness::Repartition(previous, 128, parallelism, s);
      EXPECT_TRUE(restored.ok()) << restored.status().ToString();
      if (!restored.ok()) return {};
      EXPECT_TRUE(h.Restore(*restored).ok());
    }
    Status st = h.Open();
    EXPECT_TRUE(st.ok()) << st.ToString();
    if (!st.ok()) return {};
    const int max_polls = polls.empty() ? 1000000 : polls[static_cast<size_t>(s)];
    EventTime watermark = kMinWatermark;
    size_t seen = 0;
    for (int i = 0; i < max_polls; ++i) {
      auto poll = h.PollNext();
      EXPECT_TRUE(poll.ok()) << poll.status().ToString();
      std::vector<int64_t> now = Values(h);
      for (size_t r = seen; r < now.size(); ++r) {
        EXPECT_GT(o.event_time_base + now[r], watermark) << "subtask " << s << " row " << now[r];
      }
      seen = now.size();
      if (!h.Watermarks().empty()) watermark = h.Watermarks().back();
      if (!poll.ok() || *poll == SourcePoll::kEndOfInput) break;
    }
    std::vector<int64_t> emitted = Values(h);
    values->insert(values->end(), emitted.begin(), emitted.end());
    auto snap = h.Snapshot(CheckpointId(checkpoint));
    EXPECT_TRUE(snap.ok()) << snap.status().ToString();
    if (snap.ok()) out.push_back(*snap);
  }
  return out;
}

// Expects `values` to hold 0..n-1 exactly once each.
void ExpectEveryIndexOnce(std::vector<int64_t> values, int64_t n) {
  std::sort(values.begin(), values.end());
  ASSERT_EQ(values.size(), static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) ASSERT_EQ(values[static_cast<size_t>(i)], i);
}

TEST(DeterministicSourceTest, RescaleTwoToThreeEmitsEveryIndexOnce) {
  DeterministicSourceOptions o;
  o.num_records = 1000;
  o.batch_size = 7;
  o.event_time = true;
  std::vector<int64_t> values;
  // The two subtasks stop at different points (42 and 63 rows).
  auto first = RunGeneration(o, {}, 2, {6, 9}, &values, 1);
  ASSERT_EQ(first.size(), 2u);
  EXPECT_EQ(values.size(), 42u + 63u);
  auto second = RunGeneration(o, first, 3, {}, &values, 2);
  ASSERT_EQ(second.size(), 3u);
  ExpectEveryIndexOnce(values, 1000);
}

TEST(DeterministicSourceTest, RescaleThreeToTwoEmitsEveryIndexOnce) {
  DeterministicSourceOptions o;
  o.num_records = 1000;
  o.batch_size = 10;
  o.event_time = true;
  std::vector<int64_t> values;
  auto first = RunGeneration(o, {}, 3, {1, 4, 9}, &values, 1);
  ASSERT_EQ(first.size(), 3u);
  auto second = RunGeneration(o, first, 2, {}, &values, 2);
  ASSERT_EQ(second.size(), 2u);
  ExpectEveryIndexOnce(values, 1000);
}

// Several rescales in a row, to more subtasks than splits and back; the splits keep their
// positions through subtasks that own none.
TEST(DeterministicSourceTest, RepeatedRescalesEmitEveryIndexOnce) {
  DeterministicSourceOptions o;
  o.num_records = 5000;
  o.batch_size = 13;
  o.num_splits = 8;
  std::vector<int64_t> values;
  auto g1 = RunGeneration(o, {}, 2, {5, 2}, &values, 1);
  auto g2 = RunGeneration(o, g1, 3, {3, 0, 7}, &values, 2);
  auto g3 = RunGeneration(o, g2, 11, std::vector<int>(11, 2), &values, 3);
  ASSERT_EQ(g3.size(), 11u);
  auto g4 = RunGeneration(o, g3, 1, {4}, &values, 4);
  auto g5 = RunGeneration(o, g4, 4, {}, &values, 5);
  ASSERT_EQ(g5.size(), 4u);
  ExpectEveryIndexOnce(values, 5000);
}

TEST(DeterministicSourceTest, BoundedEndAfterRescaleAndIdleSubtasks) {
  DeterministicSourceOptions o;
  o.num_records = 100;
  o.batch_size = 1000;
  o.num_splits = 4;
  std::vector<int64_t> values;
  auto first = RunGeneration(o, {}, 2, {0, 0}, &values, 1);
  ASSERT_EQ(first.size(), 2u);
  // Six subtasks for four splits: two own nothing and end at once without output.
  for (int32_t s = 0; s < 6; ++s) {
    auto restored = OperatorTestHarness::Repartition(first, 128, 6, s);
    ASSERT_TRUE(restored.ok()) << restored.status().ToString();
    OperatorTestHarness h(std::make_unique<DeterministicSource>(o), At(s, 6));
    TESTKIT_ASSERT_OK(h.Restore(*restored));
    TESTKIT_ASSERT_OK(h.Open());
    const size_t owned = static_cast<DeterministicSource*>(h.op())->splits().size();
    EXPECT_LE(owned, 1u);
    auto poll = h.PollUntilBlocked();
    ASSERT_TRUE(poll.ok());
    EXPECT_EQ(*poll, SourcePoll::kEndOfInput);
    EXPECT_EQ(Values(h).size(), owned * 25) << s;
    std::vector<int64_t> emitted = Values(h);
    values.insert(values.end(), emitted.begin(), emitted.end());
    // A finished source keeps saying so.
    auto again = h.PollNext();
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(*again, SourcePoll::kEndOfInput);
  }
  ExpectEveryIndexOnce(values, 100);
}

TEST(DeterministicSourceTest, FreshSubtasksBeyondTheSplitsOwnNothing) {
  DeterministicSourceOptions o;
  o.num_records = -1;
  o.num_splits = 2;
  OperatorTestHarness h(std::make_unique<DeterministicSource>(o), At(2, 3));
  TESTKIT_ASSERT_OK(h.Open());
  auto poll = h.PollNext();
  ASSERT_TRUE(poll.ok());
  EXPECT_EQ(*poll, SourcePoll::kEndOfInput);
  EXPECT_TRUE(h.Output().empty());
}

TEST(DeterministicSourceTest, RejectsRestoreWithAnotherNumberOfSplits) {
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
  DeterministicSourceOptions other = o;
  other.num_splits = 10;
  // Every new subtask refuses, also one that would get no split.
  for (int32_t s : {0, 29}) {
    auto merged = OperatorTestHarness::Repartition({*s0, *s1}, 128, 30, s);
    ASSERT_TRUE(merged.ok()) << merged.status().ToString();
    OperatorTestHarness b(std::make_unique<DeterministicSource>(other), At(s, 30));
    TESTKIT_ASSERT_OK(b.Restore(*merged));
    Status st = b.Open();
    EXPECT_TRUE(st.IsNotSupported()) << st.ToString();
  }
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
  // After 0..3 the next owned record is 4 (ts 1004), after 4..7 it is 8; after the last
  // batch no split is left and the task's end of input takes over.
  EXPECT_EQ(h.Watermarks(), (std::vector<EventTime>{1003, 1007}));
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
  for (int which = 0; which < 3; ++which) {
    DeterministicSourceOptions o;
    if (which == 0) o.batch_size = 0;
    if (which == 1) o.num_keys = 0;
    if (which == 2) o.num_splits = 0;
    OperatorTestHarness h(std::make_unique<DeterministicSource>(o), At(0, 1));
    EXPECT_FALSE(h.Open().ok()) << which;
  }
}

}  // namespace
}  // namespace weir::runtime::testkit
