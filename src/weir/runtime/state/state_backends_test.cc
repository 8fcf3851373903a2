// Tests of StateBackends: creating, installing, snapshotting and restoring an operator's state.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "weir/runtime/state/memory_checkpoint_streams.h"
#include "weir/runtime/state/state_backends.h"
#include "weir/runtime/state/state_test_util.h"

namespace weir::runtime {
namespace {

class CountingTarget : public Triggerable {
 public:
  Status OnEventTime(const InternalTimer& timer) override {
    fired.push_back(timer.timestamp);
    return Status::OK();
  }
  Status OnProcessingTime(const InternalTimer&) override { return Status::OK(); }
  std::vector<int64_t> fired;
};

OperatorContext Context() {
  OperatorContext ctx;
  ctx.operator_uid = "sum-uid";
  ctx.operator_name = "sum";
  ctx.key_groups = KeyGroupRange{0, 127};
  return ctx;
}

TEST(StateBackendsTest, InstallSnapshotAndRestore) {
  MemoryCheckpointStorage storage;
  OperatorSubtaskState saved;
  {
    OperatorContext ctx = Context();
    ASSERT_OK_AND_ASSIGN(auto backends, StateBackends::Make(ctx, {LogicalType::BigInt()}));
    backends->InstallInto(&ctx);
    ASSERT_NE(ctx.keyed_state, nullptr);
    ASSERT_NE(ctx.operator_state, nullptr);
    ASSERT_NE(ctx.timers, nullptr);
    ASSERT_TRUE(static_cast<bool>(ctx.advance_event_time));
    StateInitializationContext init = backends->InitializationContext(std::nullopt);
    EXPECT_FALSE(init.is_restored());
    ASSERT_OK_AND_ASSIGN(auto* count, init.keyed_state_backend()->GetValueState(ValueStateDescriptor<int64_t>("count")));
    ASSERT_OK_AND_ASSIGN(auto* offsets, init.operator_state_backend()->GetListState(ListStateDescriptor<int64_t>("offsets")));
    CountingTarget target;
    ASSERT_OK_AND_ASSIGN(auto* timers, init.timer_service_manager()->GetInternalTimerService("t", &target));
    ASSERT_TRUE(ctx.keyed_state->SetCurrentKeyValues({Value(int64_t{7})}).ok());
    ASSERT_TRUE(count->Update(3).ok());
    ASSERT_TRUE(timers->RegisterEventTimeTimer("", 50).ok());
    offsets->Add(99);
    StateSnapshotContext snap(CheckpointId(1), 123);
    ASSERT_OK_AND_ASSIGN(auto snapshots, backends->Capture(snap));
    ASSERT_TRUE(snapshots.WriteTo(storage, "sum-uid-0", &saved).ok());
    EXPECT_EQ(saved.keyed.size(), 1u);
    EXPECT_EQ(saved.operator_state.size(), 1u);
  }
  OperatorContext ctx = Context();
  ASSERT_OK_AND_ASSIGN(auto backends, StateBackends::Make(ctx, {LogicalType::BigInt()}));
  ASSERT_TRUE(backends->Restore(saved, storage).ok());
  backends->InstallInto(&ctx);
  StateInitializationContext init = backends->InitializationContext(CheckpointId(1));
  EXPECT_TRUE(init.is_restored());
  ASSERT_OK_AND_ASSIGN(auto* count, init.keyed_state_backend()->GetValueState(ValueStateDescriptor<int64_t>("count")));
  ASSERT_OK_AND_ASSIGN(auto* offsets, init.operator_state_backend()->GetListState(ListStateDescriptor<int64_t>("offsets")));
  EXPECT_EQ(offsets->Get(), (std::vector<int64_t>{99}));
  CountingTarget target;
  ASSERT_OK_AND_ASSIGN(auto* timers, init.timer_service_manager()->GetInternalTimerService("t", &target));
  EXPECT_EQ(timers->num_event_time_timers(), 1);
  ASSERT_TRUE(ctx.advance_event_time(60).ok());  // the hook the default ProcessWatermark calls
  EXPECT_EQ(target.fired, (std::vector<int64_t>{50}));
  ASSERT_NE(count->Get(), nullptr);  // the firing key (7) is current
  EXPECT_EQ(*count->Get(), 3);
}

TEST(StateBackendsTest, NonKeyedOperatorsGetOperatorStateOnly) {
  OperatorContext ctx = Context();
  ASSERT_OK_AND_ASSIGN(auto backends, StateBackends::Make(ctx, {}));
  backends->InstallInto(&ctx);
  EXPECT_EQ(ctx.keyed_state, nullptr);
  EXPECT_EQ(ctx.timers, nullptr);
  EXPECT_NE(ctx.operator_state, nullptr);
  EXPECT_FALSE(static_cast<bool>(ctx.advance_event_time));
  OperatorContext bad = Context();
  bad.key_groups = KeyGroupRange{};
  EXPECT_FALSE(StateBackends::Make(bad, {LogicalType::BigInt()}).ok());
}

}  // namespace
}  // namespace weir::runtime
