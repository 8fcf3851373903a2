// Tests for NexmarkSourceOperator through the runtime's OperatorTestHarness: split shares,
// end of input, keep-alive, stop-at, pacing, and snapshot/restore at other parallelisms.
#include "weir/connectors/nexmark/nexmark_source_operator.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "weir/runtime/testkit/operator_test_harness.h"

namespace weir::connectors {
namespace {

using runtime::SourcePoll;
using runtime::testkit::HarnessOptions;
using runtime::testkit::HarnessSnapshot;
using runtime::testkit::OperatorTestHarness;

#define NEX_ASSERT_OK(expr)                  \
  do {                                       \
    const ::weir::Status _st = (expr);       \
    ASSERT_TRUE(_st.ok()) << _st.ToString(); \
  } while (false)

HarnessOptions At(int32_t subtask, int32_t parallelism) {
  HarnessOptions o;
  o.operator_uid = "nexmark";
  o.subtask_index = subtask;
  o.parallelism = parallelism;
  return o;
}

NexmarkGeneratorConfig Config(int64_t events, int64_t stop_at = -1, bool keep_alive = false) {
  NexmarkGeneratorConfig c;
  c.options.events_num = events;
  c.options.stop_at = stop_at;
  c.options.keep_alive = keep_alive;
  c.base_time_ms = 1'700'000'000'000;
  c.seed = 11;
  return c;
}

std::unique_ptr<NexmarkSourceOperator> MakeSource(NexmarkGeneratorConfig config,
                                                  int32_t batch_size = 64) {
  NexmarkSourceConfig source;
  source.batch_size = batch_size;
  return std::make_unique<NexmarkSourceOperator>(std::move(config),
                                                 std::optional<std::vector<int32_t>>(), source);
}

int64_t OutputRows(const OperatorTestHarness& h) {
  int64_t n = 0;
  for (const auto& b : h.Output()) n += b->num_rows();
  return n;
}

void Append(const OperatorTestHarness& h, std::vector<std::string>* rows) {
  for (std::string& row : h.OutputText()) rows->push_back(std::move(row));
}

// Runs every subtask of a fresh job to its end and returns all rows, sorted.
std::vector<std::string> RunToEnd(const NexmarkGeneratorConfig& config, int32_t parallelism) {
  std::vector<std::string> rows;
  for (int32_t s = 0; s < parallelism; ++s) {
    OperatorTestHarness h(MakeSource(config), At(s, parallelism));
    EXPECT_TRUE(h.Open().ok());
    auto poll = h.PollUntilBlocked();
    EXPECT_TRUE(poll.ok());
    EXPECT_EQ(*poll, SourcePoll::kEndOfInput);
    Append(h, &rows);
  }
  std::sort(rows.begin(), rows.end());
  return rows;
}

TEST(NexmarkSourceOperatorTest, EachSubtaskReadsItsSplitToTheEnd) {
  for (int32_t p = 1; p <= 4; ++p) {
    int64_t total = 0;
    for (int32_t s = 0; s < p; ++s) {
      OperatorTestHarness h(MakeSource(Config(1003)), At(s, p));
      NEX_ASSERT_OK(h.Open());
      auto poll = h.PollUntilBlocked();
      ASSERT_TRUE(poll.ok());
      EXPECT_EQ(*poll, SourcePoll::kEndOfInput);
      const int64_t share = 1003 / p + (s == p - 1 ? 1003 % p : 0);
      EXPECT_EQ(OutputRows(h), share);
      for (const auto& b : h.Output()) EXPECT_LE(b->num_rows(), 64);
      auto* op = static_cast<NexmarkSourceOperator*>(h.op());
      ASSERT_EQ(op->splits().size(), 1u);
      EXPECT_EQ(op->splits()[0].split.first_event_id, 1 + s * (1003 / p));
      total += OutputRows(h);
      auto again = h.PollNext();
      ASSERT_TRUE(again.ok());
      EXPECT_EQ(*again, SourcePoll::kEndOfInput);
    }
    EXPECT_EQ(total, 1003);
  }
}

TEST(NexmarkSourceOperatorTest, KeepAliveIdlesAfterTheSplitEnds) {
  OperatorTestHarness h(MakeSource(Config(100, -1, /*keep_alive=*/true)), At(0, 1));
  NEX_ASSERT_OK(h.Open());
  auto poll = h.PollUntilBlocked();
  ASSERT_TRUE(poll.ok());
  EXPECT_EQ(*poll, SourcePoll::kNothingAvailable);
  EXPECT_EQ(OutputRows(h), 100);
  poll = h.PollNext();
  ASSERT_TRUE(poll.ok());
  EXPECT_EQ(*poll, SourcePoll::kNothingAvailable);
  EXPECT_EQ(OutputRows(h), 100);
}

TEST(NexmarkSourceOperatorTest, StopAtBudgetsAndARestoreWithoutItContinues) {
  // The V2 sequence: warm up to stop-at with keep-alive, checkpoint, restore with
  // stop-at = -1 and keep-alive = false: the splits continue to events.num.
  std::vector<HarnessSnapshot> snaps;
  std::vector<std::string> rows;
  for (int32_t s = 0; s < 2; ++s) {
    OperatorTestHarness h(MakeSource(Config(1000, 150, true)), At(s, 2));
    NEX_ASSERT_OK(h.Open());
    auto poll = h.PollUntilBlocked();
    ASSERT_TRUE(poll.ok());
    EXPECT_EQ(*poll, SourcePoll::kNothingAvailable);
    EXPECT_EQ(OutputRows(h), 75);
    Append(h, &rows);
    auto snap = h.Snapshot(runtime::CheckpointId(1));
    ASSERT_TRUE(snap.ok()) << snap.status().ToString();
    snaps.push_back(*snap);
  }
  for (int32_t s = 0; s < 2; ++s) {
    OperatorTestHarness h(MakeSource(Config(1000)), At(s, 2));
    NEX_ASSERT_OK(h.Restore(snaps[s]));
    NEX_ASSERT_OK(h.Open());
    auto poll = h.PollUntilBlocked();
    ASSERT_TRUE(poll.ok());
    EXPECT_EQ(*poll, SourcePoll::kEndOfInput);
    EXPECT_EQ(OutputRows(h), 425);
    Append(h, &rows);
  }
  std::sort(rows.begin(), rows.end());
  EXPECT_EQ(rows, RunToEnd(Config(1000), 2));
}

TEST(NexmarkSourceOperatorTest, RestoreAtAnotherParallelismContinuesExactly) {
  const NexmarkGeneratorConfig config = Config(5000);
  const std::vector<std::string> uninterrupted = RunToEnd(config, 3);
  ASSERT_EQ(uninterrupted.size(), 5000u);

  for (int32_t new_parallelism : {1, 2, 3, 5}) {
    std::vector<std::string> rows;
    std::vector<HarnessSnapshot> snaps;
    for (int32_t s = 0; s < 3; ++s) {
      OperatorTestHarness h(MakeSource(config), At(s, 3));
      NEX_ASSERT_OK(h.Open());
      for (int i = 0; i < 4 + s; ++i) ASSERT_TRUE(h.PollNext().ok());  // K events each
      Append(h, &rows);
      auto snap = h.Snapshot(runtime::CheckpointId(7));
      ASSERT_TRUE(snap.ok()) << snap.status().ToString();
      snaps.push_back(*snap);
      // Events after the checkpoint are lost with the failure.
      ASSERT_TRUE(h.PollNext().ok());
    }
    // The restored job runs with another base time and seed in its options: the checkpointed
    // splits keep theirs, so the events are the same.
    NexmarkGeneratorConfig restarted = config;
    restarted.base_time_ms += 12345;
    restarted.seed = 99;
    int64_t owned = 0;
    for (int32_t s = 0; s < new_parallelism; ++s) {
      auto moved = OperatorTestHarness::Repartition(snaps, 128, new_parallelism, s);
      ASSERT_TRUE(moved.ok()) << moved.status().ToString();
      OperatorTestHarness h(MakeSource(restarted), At(s, new_parallelism));
      NEX_ASSERT_OK(h.Restore(*moved));
      NEX_ASSERT_OK(h.Open());
      owned += static_cast<int64_t>(static_cast<NexmarkSourceOperator*>(h.op())->splits().size());
      auto poll = h.PollUntilBlocked();
      ASSERT_TRUE(poll.ok());
      EXPECT_EQ(*poll, SourcePoll::kEndOfInput);
      Append(h, &rows);
    }
    EXPECT_EQ(owned, 3) << "parallelism " << new_parallelism;
    std::sort(rows.begin(), rows.end());
    EXPECT_EQ(rows, uninterrupted) << "parallelism " << new_parallelism;
  }
}

TEST(NexmarkSourceOperatorTest, PacesSplitsToTheWallClock) {
  NexmarkGeneratorConfig config = Config(1000);
  config.options.first_event_rate = 1000;  // event n is due n ms after the first poll
  config.options.max_emit_speed = false;
  OperatorTestHarness h(MakeSource(config), At(0, 1));
  NEX_ASSERT_OK(h.Open());
  NEX_ASSERT_OK(h.SetProcessingTime(50));  // W0 is taken at the first poll
  auto poll = h.PollNext();
  ASSERT_TRUE(poll.ok());
  EXPECT_EQ(*poll, SourcePoll::kNothingAvailable);
  EXPECT_EQ(OutputRows(h), 0);
  const int64_t wakes = h.wake_count();
  NEX_ASSERT_OK(h.SetProcessingTime(51));
  EXPECT_GT(h.wake_count(), wakes);
  poll = h.PollUntilBlocked();
  ASSERT_TRUE(poll.ok());
  EXPECT_EQ(*poll, SourcePoll::kNothingAvailable);
  EXPECT_EQ(OutputRows(h), 1);
  NEX_ASSERT_OK(h.SetProcessingTime(50 + 200));
  ASSERT_TRUE(h.PollUntilBlocked().ok());
  EXPECT_EQ(OutputRows(h), 200);
  NEX_ASSERT_OK(h.SetProcessingTime(50 + 1000));
  poll = h.PollUntilBlocked();
  ASSERT_TRUE(poll.ok());
  EXPECT_EQ(*poll, SourcePoll::kEndOfInput);
  EXPECT_EQ(OutputRows(h), 1000);
}

TEST(NexmarkSourceOperatorTest, RestoresWithAnotherNestedProjection) {
  const NexmarkGeneratorConfig config = Config(1000);
  NexmarkSourceConfig source;
  source.batch_size = 64;
  using Paths = std::vector<std::vector<int32_t>>;
  // Before the failure: event_type and the flattened bid.price.
  OperatorTestHarness before(
      std::make_unique<NexmarkSourceOperator>(config, Paths{{0}, {3, 2}}, source), At(0, 1));
  NEX_ASSERT_OK(before.Open());
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(before.PollNext().ok());
  ASSERT_EQ(before.Output().size(), 3u);
  EXPECT_EQ(before.Output()[0]->schema()->field(1).name, "bid_price");
  auto snap = before.Snapshot(runtime::CheckpointId(3));
  ASSERT_TRUE(snap.ok()) << snap.status().ToString();
  // Restored with whole columns: the split position carries over unchanged.
  OperatorTestHarness after(
      std::make_unique<NexmarkSourceOperator>(config, Paths{{3}, {0}}, source), At(0, 1));
  NEX_ASSERT_OK(after.Restore(*snap));
  NEX_ASSERT_OK(after.Open());
  auto poll = after.PollUntilBlocked();
  ASSERT_TRUE(poll.ok());
  EXPECT_EQ(*poll, SourcePoll::kEndOfInput);

  auto full = NexmarkGenerator::Make(config);
  ASSERT_TRUE(full.ok());
  auto all = (*full)->Generate(MakeNexmarkSplits(1000, -1, 1)[0], 0, 1000);
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  int64_t offset = 0;
  for (const RecordBatchPtr& b : before.Output()) {
    EXPECT_TRUE(b->column(0)->Equals(*(*all)->column(0)->Slice(offset, b->num_rows())));
    const ColumnVector& bid = *(*all)->column(3);
    for (int64_t i = 0; i < b->num_rows(); ++i) {
      ASSERT_EQ(b->column(1)->IsNull(i), bid.IsNull(offset + i));
      if (!bid.IsNull(offset + i)) {
        EXPECT_EQ(b->column(1)->Value<int64_t>(i), bid.child(2)->Value<int64_t>(offset + i));
      }
    }
    offset += b->num_rows();
  }
  EXPECT_EQ(offset, 192);
  for (const RecordBatchPtr& b : after.Output()) {
    EXPECT_TRUE(b->column(0)->Equals(*(*all)->column(3)->Slice(offset, b->num_rows())));
    EXPECT_TRUE(b->column(1)->Equals(*(*all)->column(0)->Slice(offset, b->num_rows())));
    offset += b->num_rows();
  }
  EXPECT_EQ(offset, 1000);
}

TEST(NexmarkSourceOperatorTest, EncodesSplitPositions) {
  OperatorTestHarness a(MakeSource(Config(100)), At(0, 1));
  NEX_ASSERT_OK(a.Open());
  auto* op = static_cast<NexmarkSourceOperator*>(a.op());
  const std::string entry = op->EncodeSplit(op->splits()[0]);
  EXPECT_EQ(entry, "nexmark-v1 0 1 1 100 0 -1 1700000000000 11");
}

}  // namespace
}  // namespace weir::connectors
