// Tests for restore planning: uid matching, allow-non-restored-state, max parallelism, rescaling.
#include "weir/runtime/checkpoint/restore_planner.h"

#include <gtest/gtest.h>

namespace weir::runtime {
namespace {

// Keyed state of `parallelism` subtasks over `max_parallelism` key groups: subtask i's file
// "k<i>" has 10 bytes per key group.
OperatorStateMetadata KeyedOperator(const std::string& uid, int32_t parallelism,
                                    int32_t max_parallelism) {
  OperatorStateMetadata op;
  op.uid = uid;
  op.parallelism = parallelism;
  op.max_parallelism = max_parallelism;
  for (int32_t i = 0; i < parallelism; ++i) {
    KeyGroupRange range = KeyGroupRangeForSubtask(max_parallelism, parallelism, i);
    KeyGroupsStateHandle h;
    h.stream = StreamStateHandle{StrCat("k", i), 0, 10 * range.size()};
    h.range = range;
    for (int32_t g = 0; g < range.size(); ++g) h.offsets.push_back(10 * g);
    OperatorSubtaskState st;
    st.keyed.push_back(h);
    st.watermark = 1000 + i;
    op.subtasks.push_back(st);
  }
  return op;
}

// Operator state: subtask i has `entries[i]` list entries of state "list" (mode `mode`).
OperatorStateMetadata ListOperator(const std::string& uid, const std::vector<int>& entries,
                                   OperatorStateMode mode, const std::string& name = "list") {
  OperatorStateMetadata op;
  op.uid = uid;
  op.parallelism = static_cast<int32_t>(entries.size());
  op.max_parallelism = 128;
  for (size_t i = 0; i < entries.size(); ++i) {
    OperatorStateEntry e{name, mode, {}};
    for (int k = 0; k < entries[i]; ++k) e.offsets.push_back(k * 8);
    OperatorSubtaskState st;
    st.operator_state.push_back(
        OperatorStateHandle{StreamStateHandle{StrCat(uid, "-op", i), 0, 100}, {e}});
    op.subtasks.push_back(st);
  }
  return op;
}

CheckpointMetadata Checkpoint(std::vector<OperatorStateMetadata> ops) {
  CheckpointMetadata m;
  m.checkpoint_id = CheckpointId(12);
  m.job_id = JobId(1, 2);
  m.operators = std::move(ops);
  return m;
}

// Returns "file@offset" of every entry of state `name` a subtask restores.
std::vector<std::string> Entries(const OperatorSubtaskState& st, const std::string& name) {
  std::vector<std::string> out;
  for (const OperatorStateHandle& h : st.operator_state) {
    for (const OperatorStateEntry& e : h.states) {
      if (e.name != name) continue;
      for (int64_t off : e.offsets) out.push_back(StrCat(h.stream.relative_path, "@", off));
    }
  }
  return out;
}

TEST(RestorePlannerTest, SameParallelismRestoresEachSubtaskItsOwnState) {
  CheckpointMetadata m =
      Checkpoint({KeyedOperator("agg", 2, 8),
                  ListOperator("src", {3, 1}, OperatorStateMode::kSplitDistribute)});
  Result<RestorePlan> plan = PlanRestore(m, {{"agg", 2, 8, true}, {"src", 2, 128, true}}, false);
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_EQ(plan->checkpoint_id, CheckpointId(12));
  EXPECT_TRUE(plan->ignored_uids.empty());
  for (int32_t i = 0; i < 2; ++i) {
    const OperatorSubtaskState* agg = plan->Find("agg", i);
    ASSERT_NE(agg, nullptr);
    ASSERT_EQ(agg->keyed.size(), 1u);
    EXPECT_EQ(agg->keyed[0], m.operators[0].subtasks[static_cast<size_t>(i)].keyed[0]);
    EXPECT_EQ(agg->watermark, 1000 + i);
    EXPECT_FALSE(agg->finished);
  }
  EXPECT_EQ(Entries(*plan->Find("src", 0), "list"),
            (std::vector<std::string>{"src-op0@0", "src-op0@8", "src-op0@16"}));
  EXPECT_EQ(Entries(*plan->Find("src", 1), "list"), (std::vector<std::string>{"src-op1@0"}));
  EXPECT_EQ(plan->Find("src", 2), nullptr);
  EXPECT_EQ(plan->Find("other", 0), nullptr);
}

TEST(RestorePlannerTest, KeyedStateFollowsKeyGroupsOnRescale) {
  // 8 key groups: old p=2 owns [0,3] [4,7]; new p=3 owns [0,2] [3,5] [6,7].
  CheckpointMetadata m = Checkpoint({KeyedOperator("agg", 2, 8)});
  Result<RestorePlan> up = PlanRestore(m, {{"agg", 3, 8, true}}, false);
  ASSERT_TRUE(up.ok()) << up.status().ToString();
  const OperatorRestoreState& agg = up->operators.at("agg");
  EXPECT_TRUE(agg.matched);
  ASSERT_EQ(agg.subtasks.size(), 3u);
  ASSERT_EQ(agg.subtasks[0].keyed.size(), 1u);
  EXPECT_EQ(agg.subtasks[0].keyed[0].range, (KeyGroupRange{0, 2}));
  EXPECT_EQ(agg.subtasks[0].keyed[0].offsets, (std::vector<int64_t>{0, 10, 20}));
  EXPECT_EQ(agg.subtasks[0].keyed[0].stream.relative_path, "k0");
  ASSERT_EQ(agg.subtasks[1].keyed.size(), 2u);  // key group 3 from k0, 4-5 from k1
  EXPECT_EQ(agg.subtasks[1].keyed[0].range, (KeyGroupRange{3, 3}));
  EXPECT_EQ(agg.subtasks[1].keyed[0].offsets, (std::vector<int64_t>{30}));
  EXPECT_EQ(agg.subtasks[1].keyed[1].range, (KeyGroupRange{4, 5}));
  EXPECT_EQ(agg.subtasks[1].keyed[1].offsets, (std::vector<int64_t>{0, 10}));
  EXPECT_EQ(agg.subtasks[1].keyed[1].stream.relative_path, "k1");
  ASSERT_EQ(agg.subtasks[2].keyed.size(), 1u);
  EXPECT_EQ(agg.subtasks[2].keyed[0].range, (KeyGroupRange{6, 7}));
  EXPECT_EQ(agg.subtasks[2].keyed[0].offsets, (std::vector<int64_t>{20, 30}));
  // Rescaled subtasks resume from the minimum watermark of the old ones.
  for (const OperatorSubtaskState& st : agg.subtasks) EXPECT_EQ(st.watermark, 1000);

  // Every key group is restored exactly once, also when scaling down to 1.
  for (int32_t p : {1, 2, 3, 5, 8}) {
    Result<RestorePlan> plan = PlanRestore(m, {{"agg", p, 8, true}}, false);
    ASSERT_TRUE(plan.ok());
    std::vector<int> seen(8, 0);
    for (int32_t i = 0; i < p; ++i) {
      KeyGroupRange own = KeyGroupRangeForSubtask(8, p, i);
      for (const KeyGroupsStateHandle& h : plan->Find("agg", i)->keyed) {
        EXPECT_EQ(h.offsets.size(), static_cast<size_t>(h.range.size()));
        for (int32_t g = h.range.start; g <= h.range.end; ++g) {
          EXPECT_TRUE(own.Contains(g));
          ++seen[static_cast<size_t>(g)];
        }
      }
    }
    EXPECT_EQ(seen, std::vector<int>(8, 1)) << "p=" << p;
  }
}

TEST(RestorePlannerTest, SplitDistributeGoesRoundRobinOnRescale) {
  CheckpointMetadata m =
      Checkpoint({ListOperator("src", {3, 1, 1}, OperatorStateMode::kSplitDistribute)});
  Result<RestorePlan> plan = PlanRestore(m, {{"src", 2, 128, true}}, false);
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_EQ(Entries(*plan->Find("src", 0), "list"),
            (std::vector<std::string>{"src-op0@0", "src-op0@16", "src-op2@0"}));
  EXPECT_EQ(Entries(*plan->Find("src", 1), "list"),
            (std::vector<std::string>{"src-op0@8", "src-op1@0"}));

  plan = PlanRestore(m, {{"src", 4, 128, true}}, false);
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(Entries(*plan->Find("src", 0), "list"),
            (std::vector<std::string>{"src-op0@0", "src-op2@0"}));
  EXPECT_EQ(Entries(*plan->Find("src", 1), "list"), (std::vector<std::string>{"src-op0@8"}));
  EXPECT_EQ(Entries(*plan->Find("src", 2), "list"), (std::vector<std::string>{"src-op0@16"}));
  EXPECT_EQ(Entries(*plan->Find("src", 3), "list"), (std::vector<std::string>{"src-op1@0"}));

  // More subtasks than entries: every entry is restored exactly once.
  plan = PlanRestore(m, {{"src", 7, 128, true}}, false);
  ASSERT_TRUE(plan.ok());
  size_t total = 0;
  for (int32_t i = 0; i < 7; ++i) total += Entries(*plan->Find("src", i), "list").size();
  EXPECT_EQ(total, 5u);
  EXPECT_TRUE(Entries(*plan->Find("src", 6), "list").empty());
}

TEST(RestorePlannerTest, UnionGoesToAllAndBroadcastIsCopied) {
  CheckpointMetadata m =
      Checkpoint({ListOperator("u", {2, 1}, OperatorStateMode::kUnion, "offsets"),
                  ListOperator("b", {1, 1}, OperatorStateMode::kBroadcast, "rules")});
  for (int32_t p : {1, 2, 3}) {
    Result<RestorePlan> plan = PlanRestore(m, {{"u", p, 128, true}, {"b", p, 128, true}}, false);
    ASSERT_TRUE(plan.ok()) << plan.status().ToString();
    for (int32_t i = 0; i < p; ++i) {
      EXPECT_EQ(Entries(*plan->Find("u", i), "offsets"),
                (std::vector<std::string>{"u-op0@0", "u-op0@8", "u-op1@0"}))
          << "p=" << p;
      // New subtask i gets the copy of old subtask i % 2 (all copies are equal).
      std::vector<std::string> expected = {StrCat("b-op", i % 2, "@0")};
      EXPECT_EQ(Entries(*plan->Find("b", i), "rules"), expected) << "p=" << p;
    }
  }
}

TEST(RestorePlannerTest, MixedStatesInOneHandleAreSplitPerMode) {
  OperatorStateMetadata op;
  op.uid = "mixed";
  op.parallelism = 2;
  for (int i = 0; i < 2; ++i) {
    OperatorSubtaskState st;
    st.operator_state.push_back(OperatorStateHandle{
        StreamStateHandle{StrCat("m", i), 0, 100},
        {OperatorStateEntry{"split", OperatorStateMode::kSplitDistribute, {0, 10}},
         OperatorStateEntry{"union", OperatorStateMode::kUnion, {50}}}});
    op.subtasks.push_back(st);
  }
  Result<RestorePlan> plan = PlanRestore(Checkpoint({op}), {{"mixed", 1, 128, true}}, false);
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  const OperatorSubtaskState& st = *plan->Find("mixed", 0);
  EXPECT_EQ(Entries(st, "split"), (std::vector<std::string>{"m0@0", "m0@10", "m1@0", "m1@10"}));
  EXPECT_EQ(Entries(st, "union"), (std::vector<std::string>{"m0@50", "m1@50"}));
  ASSERT_EQ(st.operator_state.size(), 2u);  // one handle per old file
  EXPECT_EQ(st.operator_state[0].stream.relative_path, "m0");

  // Different modes for one name are an error.
  op.subtasks[1].operator_state[0].states[0].mode = OperatorStateMode::kUnion;
  Result<RestorePlan> bad = PlanRestore(Checkpoint({op}), {{"mixed", 1, 128, true}}, false);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("split"), std::string::npos);
}

TEST(RestorePlannerTest, UnclaimedStateIsAnErrorUnlessAllowed) {
  CheckpointMetadata m = Checkpoint({KeyedOperator("gone-1", 1, 8), KeyedOperator("kept", 1, 8),
                                     ListOperator("gone-2", {1}, OperatorStateMode::kUnion)});
  OperatorStateMetadata stateless;
  stateless.uid = "stateless-gone";
  stateless.parallelism = 1;
  stateless.subtasks.resize(1);
  m.operators.push_back(stateless);
  Result<RestorePlan> plan = PlanRestore(m, {{"kept", 1, 8, true}, {"new", 2, 8, true}}, false);
  ASSERT_FALSE(plan.ok());
  EXPECT_TRUE(plan.status().IsInvalid());
  const std::string& msg = plan.status().message();
  EXPECT_NE(msg.find("'gone-1', 'gone-2'"), std::string::npos) << msg;
  EXPECT_EQ(msg.find("stateless-gone"), std::string::npos) << msg;
  EXPECT_NE(msg.find("execution.state-recovery.ignore-unclaimed-state"), std::string::npos);

  plan = PlanRestore(m, {{"kept", 1, 8, true}, {"new", 2, 8, true}}, true);
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_EQ(plan->ignored_uids, (std::vector<std::string>{"gone-1", "gone-2"}));
  EXPECT_TRUE(plan->operators.at("kept").matched);
  const OperatorRestoreState& fresh = plan->operators.at("new");
  EXPECT_FALSE(fresh.matched);
  ASSERT_EQ(fresh.subtasks.size(), 2u);
  EXPECT_TRUE(fresh.subtasks[1].empty());
  EXPECT_EQ(fresh.subtasks[1].watermark, kMinWatermark);
}

TEST(RestorePlannerTest, MaxParallelismMustMatchForKeyedState) {
  CheckpointMetadata m = Checkpoint(
      {KeyedOperator("agg", 2, 8), ListOperator("src", {1, 1}, OperatorStateMode::kUnion)});
  Result<RestorePlan> plan = PlanRestore(m, {{"agg", 2, 16, true}, {"src", 2, 128, true}}, false);
  ASSERT_FALSE(plan.ok());
  EXPECT_NE(plan.status().message().find("max parallelism 8"), std::string::npos)
      << plan.status().ToString();
  EXPECT_NE(plan.status().message().find("'agg'"), std::string::npos);

  // An unset max parallelism adopts the checkpoint's; operator state ignores it.
  plan = PlanRestore(m, {{"agg", 3, 128, false}, {"src", 2, 64, true}}, false);
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_EQ(plan->operators.at("agg").max_parallelism, 8);
  EXPECT_EQ(plan->operators.at("src").max_parallelism, 64);

  // The parallelism cannot exceed the (adopted) max parallelism.
  plan = PlanRestore(m, {{"agg", 9, 128, false}, {"src", 2, 128, true}}, false);
  ASSERT_FALSE(plan.ok());
  EXPECT_NE(plan.status().message().find("above its max parallelism 8"), std::string::npos);
  plan = PlanRestore(m, {{"agg", 0, 8, true}}, true);
  EXPECT_FALSE(plan.ok());
  plan = PlanRestore(m, {{"agg", 2, 8, true}, {"agg", 2, 8, true}}, true);
  EXPECT_FALSE(plan.ok());
}

TEST(RestorePlannerTest, FullyFinishedOperatorsStayFinished) {
  OperatorStateMetadata done = ListOperator("src", {0, 0}, OperatorStateMode::kSplitDistribute);
  for (OperatorSubtaskState& st : done.subtasks) {
    st.operator_state.clear();
    st.finished = true;
    st.watermark = kMaxWatermark;
  }
  OperatorStateMetadata partial = KeyedOperator("agg", 2, 8);
  partial.subtasks[1].keyed.clear();
  partial.subtasks[1].finished = true;
  partial.subtasks[1].watermark = kMaxWatermark;
  Result<RestorePlan> plan =
      PlanRestore(Checkpoint({done, partial}), {{"src", 3, 128, true}, {"agg", 2, 8, true}}, false);
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  for (int32_t i = 0; i < 3; ++i) {
    EXPECT_TRUE(plan->Find("src", i)->finished);
    EXPECT_EQ(plan->Find("src", i)->watermark, kMaxWatermark);
  }
  EXPECT_FALSE(plan->Find("agg", 0)->finished);
  EXPECT_FALSE(plan->Find("agg", 1)->finished);
  EXPECT_EQ(plan->Find("agg", 0)->watermark, 1000);
  EXPECT_TRUE(plan->Find("agg", 1)->keyed.empty());
}

}  // namespace
}  // namespace weir::runtime
