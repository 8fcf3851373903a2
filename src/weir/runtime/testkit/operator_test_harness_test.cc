// Tests of OperatorTestHarness with a keyed counting operator that uses state and timers.
#include "weir/runtime/testkit/operator_test_harness.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "weir/common/batch/column_builder.h"
#include "weir/runtime/state/keyed_state_backend.h"
#include "weir/runtime/state/state_context.h"
#include "weir/runtime/state/state_descriptor.h"
#include "weir/runtime/testkit/testkit_test_util.h"
#include "weir/runtime/time/timer_service.h"

namespace weir::runtime::testkit {
namespace {

// Input "k BIGINT, ts BIGINT": counts rows per key (ValueState) and registers an event-time
// timer at ts that emits "+I[k, count]"; with a side output, every batch also registers a
// processing-time timer at now + 100 that emits the key to side output 0.
class CountingOperator final : public Operator, public Triggerable {
 public:
  explicit CountingOperator(bool processing_timers = false)
      : processing_timers_(processing_timers) {}
  std::string name() const override { return "counter"; }

  Status InitializeState(StateInitializationContext& ctx) override {
    if (ctx.keyed_state_backend() == nullptr) return Status::Invalid("counter must be keyed");
    backend_ = ctx.keyed_state_backend();
    WEIR_ASSIGN_OR_RAISE(count_, backend_->GetValueState(ValueStateDescriptor<int64_t>("count")));
    WEIR_ASSIGN_OR_RAISE(key_, backend_->GetValueState(ValueStateDescriptor<int64_t>("key")));
    WEIR_ASSIGN_OR_RAISE(timers_, ctx.timer_service_manager()->GetInternalTimerService("t", this));
    return Status::OK();
  }

  Status ProcessBatch(int /*input*/, const RecordBatchPtr& batch) override {
    WEIR_RETURN_NOT_OK(backend_->SetKeyColumns(*batch, {0}));
    const int64_t* keys = batch->column(0)->values<int64_t>();
    const int64_t* ts = batch->column(1)->values<int64_t>();
    for (int64_t i = 0; i < batch->num_rows(); ++i) {
      WEIR_RETURN_NOT_OK(backend_->SetCurrentKeyRow(i));
      const int64_t* c = count_->Get();
      WEIR_RETURN_NOT_OK(count_->Update(c == nullptr ? 1 : *c + 1));
      WEIR_RETURN_NOT_OK(key_->Update(keys[i]));
      WEIR_RETURN_NOT_OK(timers_->RegisterEventTimeTimer("", ts[i]));
      if (processing_timers_) {
        WEIR_RETURN_NOT_OK(
            timers_->RegisterProcessingTimeTimer("", timers_->CurrentProcessingTime() + 100));
      }
    }
    return Status::OK();
  }

  Status OnEventTime(const InternalTimer& /*timer*/) override {
    return context_->output->Emit(Row({*key_->Get(), *count_->Get()}));
  }
  Status OnProcessingTime(const InternalTimer& /*timer*/) override {
    return context_->output->EmitSide(0, Row({*key_->Get(), *count_->Get()}));
  }

 private:
  static RecordBatchPtr Row(std::vector<int64_t> values) {
    static const SchemaPtr schema = *Schema::Parse("k BIGINT, n BIGINT");
    std::vector<ColumnPtr> columns;
    for (int64_t v : values) {
      FixedWidthBuilder<int64_t> b(LogicalType::BigInt(), nullptr);
      WEIR_CHECK_OK(b.Append(v));
      columns.push_back(*b.Finish());
    }
    return std::make_shared<const RecordBatch>(schema, std::move(columns), 1);
  }

  const bool processing_timers_;
  KeyedStateBackend* backend_ = nullptr;
  ValueState<int64_t>* count_ = nullptr;
  ValueState<int64_t>* key_ = nullptr;
  InternalTimerService* timers_ = nullptr;
};

HarnessOptions Keyed(int32_t subtask = 0, int32_t parallelism = 1, int side_outputs = 0) {
  HarnessOptions o;
  o.subtask_index = subtask;
  o.parallelism = parallelism;
  o.key_indices = {0};
  o.key_types = {LogicalType::BigInt()};
  o.num_side_outputs = side_outputs;
  return o;
}

constexpr char kInput1[] = "k BIGINT, ts BIGINT\n+I 1 10\n+I 2 20\n+I 1 15";
constexpr char kInput2[] = "k BIGINT, ts BIGINT\n+I 2 25\n+I 3 30\n+I 1 40";

std::vector<std::string> Sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

TEST(OperatorTestHarnessTest, WatermarkFiresEventTimeTimers) {
  OperatorTestHarness h(std::make_unique<CountingOperator>(), Keyed());
  TESTKIT_ASSERT_OK(h.Open());
  TESTKIT_ASSERT_OK(h.Process(kInput1));
  EXPECT_TRUE(h.OutputText().empty());
  TESTKIT_ASSERT_OK(h.Watermark(0, 12));
  EXPECT_EQ(h.OutputText(), (std::vector<std::string>{"+I[1, 2]"}));
  EXPECT_EQ(h.Watermarks(), (std::vector<EventTime>{12}));
  h.ClearOutput();
  EXPECT_TRUE(h.OutputText().empty());
  EXPECT_TRUE(h.Watermarks().empty());
  TESTKIT_ASSERT_OK(h.Watermark(0, 30));
  EXPECT_EQ(h.OutputText(), (std::vector<std::string>{"+I[1, 2]", "+I[2, 1]"}));
  EXPECT_EQ(h.Output().size(), 2u);
  // A watermark that does not advance is not forwarded.
  TESTKIT_ASSERT_OK(h.Watermark(0, 30));
  EXPECT_EQ(h.Watermarks(), (std::vector<EventTime>{30}));
  TESTKIT_ASSERT_OK(h.Close());
}

TEST(OperatorTestHarnessTest, ProcessingTimeTimersAndSideOutput) {
  OperatorTestHarness h(std::make_unique<CountingOperator>(/*processing_timers=*/true),
                        Keyed(0, 1, /*side_outputs=*/1));
  TESTKIT_ASSERT_OK(h.Open());
  TESTKIT_ASSERT_OK(h.Process("k BIGINT, ts BIGINT\n+I 7 1000"));
  TESTKIT_ASSERT_OK(h.SetProcessingTime(99));
  EXPECT_TRUE(h.SideOutputText(0).empty());
  TESTKIT_ASSERT_OK(h.SetProcessingTime(100));
  EXPECT_EQ(h.SideOutputText(0), (std::vector<std::string>{"+I[7, 1]"}));
  EXPECT_TRUE(h.OutputText().empty());
  EXPECT_TRUE(h.SideOutputText(1).empty());  // undeclared tag: nothing
  TESTKIT_ASSERT_OK(h.Close());
}

TEST(OperatorTestHarnessTest, RejectsMisuseAndBadInput) {
  OperatorTestHarness h(std::make_unique<CountingOperator>(), Keyed());
  EXPECT_FALSE(h.Process(kInput1).ok());  // before Open
  TESTKIT_ASSERT_OK(h.Open());
  EXPECT_FALSE(h.Open().ok());
  EXPECT_FALSE(h.Process("k BIGINT, ts BIGINT\n+I x 1").ok());  // not a number
  EXPECT_FALSE(h.Process(1, kInput1).ok());                     // one-input operator
  EXPECT_FALSE(h.PollNext().ok());                              // not a source
  TESTKIT_ASSERT_OK(h.Close());
  EXPECT_FALSE(h.Process(kInput1).ok());  // after Close
}

TEST(OperatorTestHarnessTest, SnapshotRestoreGivesSameResults) {
  OperatorTestHarness a(std::make_unique<CountingOperator>(), Keyed());
  TESTKIT_ASSERT_OK(a.Open());
  TESTKIT_ASSERT_OK(a.Process(kInput1));
  TESTKIT_ASSERT_OK(a.Watermark(0, 12));
  auto snap = a.Snapshot(CheckpointId(1));
  ASSERT_TRUE(snap.ok()) << snap.status().ToString();
  EXPECT_FALSE(snap->state.keyed.empty());
  EXPECT_EQ(snap->state.watermark, 12);
  TESTKIT_ASSERT_OK(a.NotifyCheckpointComplete(CheckpointId(1)));
  a.ClearOutput();
  TESTKIT_ASSERT_OK(a.Process(kInput2));
  TESTKIT_ASSERT_OK(a.Watermark(0, 100));
  // Timers fire in timestamp order: 1@15, 2@20, 2@25, 3@30, 1@40.
  const std::vector<std::string> expected = {"+I[1, 3]", "+I[2, 2]", "+I[2, 2]", "+I[3, 1]",
                                             "+I[1, 3]"};
  EXPECT_EQ(a.OutputText(), expected);

  OperatorTestHarness b(std::make_unique<CountingOperator>(), Keyed());
  TESTKIT_ASSERT_OK(b.Restore(*snap));
  TESTKIT_ASSERT_OK(b.Open());
  TESTKIT_ASSERT_OK(b.Process(kInput2));
  TESTKIT_ASSERT_OK(b.Watermark(0, 100));
  EXPECT_EQ(b.OutputText(), expected);
}

TEST(OperatorTestHarnessTest, RestoredOperatorResumesFromItsWatermark) {
  OperatorTestHarness a(std::make_unique<CountingOperator>(), Keyed());
  TESTKIT_ASSERT_OK(a.Open());
  TESTKIT_ASSERT_OK(a.Process(kInput1));
  TESTKIT_ASSERT_OK(a.Watermark(0, 12));
  auto snap = a.Snapshot(CheckpointId(1));
  ASSERT_TRUE(snap.ok()) << snap.status().ToString();

  OperatorTestHarness b(std::make_unique<CountingOperator>(), Keyed());
  TESTKIT_ASSERT_OK(b.Restore(*snap));
  TESTKIT_ASSERT_OK(b.Open());
  // Not -inf: an older watermark (e.g. from a restarted source) is not forwarded again.
  TESTKIT_ASSERT_OK(b.Watermark(0, 5));
  TESTKIT_ASSERT_OK(b.Watermark(0, 12));
  EXPECT_TRUE(b.Watermarks().empty());
  EXPECT_TRUE(b.OutputText().empty());
  // A timer at or below the restored watermark fires on the next watermark, as it would
  // have without the restore.
  TESTKIT_ASSERT_OK(b.Process("k BIGINT, ts BIGINT\n+I 9 11"));
  TESTKIT_ASSERT_OK(b.Watermark(0, 13));
  EXPECT_EQ(b.Watermarks(), (std::vector<EventTime>{13}));
  EXPECT_EQ(b.OutputText(), (std::vector<std::string>{"+I[9, 1]"}));
  TESTKIT_ASSERT_OK(b.Watermark(0, 20));
  EXPECT_EQ(b.OutputText(), (std::vector<std::string>{"+I[9, 1]", "+I[1, 2]", "+I[2, 1]"}));
  auto again = b.Snapshot(CheckpointId(2));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->state.watermark, 20);
}

TEST(OperatorTestHarnessTest, RestoreAtParallelismTwoSplitsKeys) {
  std::string input = "k BIGINT, ts BIGINT";
  for (int k = 0; k < 20; ++k) input += "\n+I " + std::to_string(k) + " " + std::to_string(k);
  OperatorTestHarness one(std::make_unique<CountingOperator>(), Keyed());
  TESTKIT_ASSERT_OK(one.Open());
  TESTKIT_ASSERT_OK(one.Process(input));
  auto snap = one.Snapshot(CheckpointId(3));
  ASSERT_TRUE(snap.ok()) << snap.status().ToString();
  TESTKIT_ASSERT_OK(one.Process(input));
  TESTKIT_ASSERT_OK(one.Watermark(0, 1000));
  const std::vector<std::string> expected = Sorted(one.OutputText());
  ASSERT_EQ(expected.size(), 20u);  // the second timer of each key (same ts) is deduplicated

  std::vector<std::string> combined;
  std::set<std::string> keys_seen[2];
  for (int32_t s = 0; s < 2; ++s) {
    auto part = OperatorTestHarness::Repartition({*snap}, 128, 2, s);
    ASSERT_TRUE(part.ok()) << part.status().ToString();
    {
      // Feeding all keys unfiltered fails: some belong to the other subtask.
      OperatorTestHarness probe(std::make_unique<CountingOperator>(), Keyed(s, 2));
      TESTKIT_ASSERT_OK(probe.Restore(*part));
      TESTKIT_ASSERT_OK(probe.Open());
      EXPECT_FALSE(probe.Process(input).ok());
    }
    OperatorTestHarness h(std::make_unique<CountingOperator>(), Keyed(s, 2));
    TESTKIT_ASSERT_OK(h.Restore(*part));
    TESTKIT_ASSERT_OK(h.Open());
    TESTKIT_ASSERT_OK(h.ProcessOwned(0, input));
    TESTKIT_ASSERT_OK(h.Watermark(0, 1000));
    EXPECT_FALSE(h.OutputText().empty());
    for (const std::string& row : h.OutputText()) {
      combined.push_back(row);
      keys_seen[s].insert(row.substr(0, row.find(',')));
    }
  }
  EXPECT_EQ(Sorted(combined), expected);
  for (const std::string& k : keys_seen[0]) EXPECT_EQ(keys_seen[1].count(k), 0u) << k;
}

// Forwards both inputs; watermark handling is the default (minimum of the inputs).
class UnionOperator final : public Operator {
 public:
  int num_inputs() const override { return 2; }
  std::string name() const override { return "union"; }
  Status ProcessBatch(int /*input*/, const RecordBatchPtr& batch) override {
    return context_->output->Emit(batch);
  }
};

TEST(OperatorTestHarnessTest, TwoInputOperatorCombinesWatermarks) {
  OperatorTestHarness h(std::make_unique<UnionOperator>());
  TESTKIT_ASSERT_OK(h.Open());
  TESTKIT_ASSERT_OK(h.Process(0, "v STRING\n+I a"));
  TESTKIT_ASSERT_OK(h.Process(1, "v STRING\n-D b"));
  EXPECT_EQ(h.OutputText(), (std::vector<std::string>{"+I[a]", "-D[b]"}));
  EXPECT_FALSE(h.Process(2, "v STRING\n+I c").ok());
  TESTKIT_ASSERT_OK(h.Watermark(0, 10));
  EXPECT_TRUE(h.Watermarks().empty());
  TESTKIT_ASSERT_OK(h.Watermark(1, 5));
  TESTKIT_ASSERT_OK(h.WatermarkStatus(1, true));  // input 0 alone decides: 10
  EXPECT_EQ(h.Watermarks(), (std::vector<EventTime>{5, 10}));
  TESTKIT_ASSERT_OK(h.WatermarkStatus(0, true));
  EXPECT_EQ(h.WatermarkStatuses(), (std::vector<bool>{true}));
  TESTKIT_ASSERT_OK(h.EndInput(0));
  TESTKIT_ASSERT_OK(h.EndInput(1));
  TESTKIT_ASSERT_OK(h.Finish());
  TESTKIT_ASSERT_OK(h.Close());
  TESTKIT_ASSERT_OK(h.Close());  // idempotent
}

TEST(OperatorTestHarnessTest, RepartitionRejectsBadArguments) {
  EXPECT_FALSE(OperatorTestHarness::Repartition({}, 128, 2, 0).ok());
  HarnessSnapshot empty{CheckpointId(1), {}, std::make_shared<MemoryCheckpointStorage>()};
  EXPECT_FALSE(OperatorTestHarness::Repartition({empty}, 128, 2, 2).ok());
  EXPECT_FALSE(OperatorTestHarness::Repartition({empty}, 128, 0, 0).ok());
  auto ok = OperatorTestHarness::Repartition({empty}, 128, 2, 1);
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_TRUE(ok->state.empty());
}

}  // namespace
}  // namespace weir::runtime::testkit
