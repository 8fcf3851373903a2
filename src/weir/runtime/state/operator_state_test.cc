// Tests of operator state (list, union, broadcast, raw), its snapshots and its redistribution.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "weir/runtime/state/memory_checkpoint_streams.h"
#include "weir/runtime/state/operator_state_backend.h"
#include "weir/runtime/state/state_context.h"
#include "weir/runtime/state/state_redistribution.h"
#include "weir/runtime/state/state_test_util.h"

namespace weir::runtime {
namespace {

struct OpStates {
  OperatorListState<std::string>* split = nullptr;
  OperatorListState<int64_t>* uni = nullptr;
  BroadcastState<std::string, int64_t>* broadcast = nullptr;
};

OpStates Register(OperatorStateBackend& b) {
  OpStates s;
  s.split = b.GetListState(ListStateDescriptor<std::string>("offsets")).ValueOrDie();
  s.uni = b.GetUnionListState(ListStateDescriptor<int64_t>("union")).ValueOrDie();
  s.broadcast = b.GetBroadcastState(MapStateDescriptor<std::string, int64_t>("rules")).ValueOrDie();
  return s;
}

// Writes the operator state of `old` subtasks (subtask i holds `counts[i]` split elements).
std::vector<std::vector<OperatorStateHandle>> WriteOld(MemoryCheckpointStorage& storage,
                                                       const std::vector<int>& counts) {
  std::vector<std::vector<OperatorStateHandle>> handles;
  for (size_t i = 0; i < counts.size(); ++i) {
    OperatorStateBackend backend("op");
    OpStates s = Register(backend);
    for (int e = 0; e < counts[i]; ++e) s.split->Add(std::to_string(i) + "-" + std::to_string(e));
    s.uni->Add(static_cast<int64_t>(i));
    s.broadcast->Put("a", 1);
    s.broadcast->Put("b", 2);
    StateSnapshotContext ctx(CheckpointId(1), 1000);
    auto snapshots = CaptureOperatorState(nullptr, &backend, ctx).ValueOrDie();
    OperatorSubtaskState out;
    WEIR_CHECK_OK(snapshots.WriteTo(storage, "op-" + std::to_string(i), &out));
    handles.push_back(out.operator_state);
  }
  return handles;
}

void CheckRedistribution(const std::vector<int>& counts, int32_t new_parallelism) {
  MemoryCheckpointStorage storage;
  auto old = WriteOld(storage, counts);
  ASSERT_OK_AND_ASSIGN(auto assigned, RedistributeOperatorState(old, new_parallelism));
  ASSERT_EQ(assigned.size(), static_cast<size_t>(new_parallelism));
  std::vector<std::string> all_split;
  std::vector<size_t> sizes;
  for (int32_t j = 0; j < new_parallelism; ++j) {
    OperatorStateBackend backend("op");
    ASSERT_TRUE(backend.Restore(assigned[static_cast<size_t>(j)], storage).ok());
    OpStates s = Register(backend);
    all_split.insert(all_split.end(), s.split->Get().begin(), s.split->Get().end());
    sizes.push_back(s.split->Get().size());
    // Union: every subtask gets every element of every old subtask.
    std::vector<int64_t> uni = s.uni->Get();
    std::sort(uni.begin(), uni.end());
    std::vector<int64_t> expected_union;
    for (size_t i = 0; i < counts.size(); ++i) expected_union.push_back(static_cast<int64_t>(i));
    EXPECT_EQ(uni, expected_union);
    // Broadcast: every subtask gets one copy.
    EXPECT_EQ(s.broadcast->Entries(), (std::map<std::string, int64_t>{{"a", 1}, {"b", 2}}));
    if (new_parallelism == static_cast<int32_t>(counts.size())) {
      EXPECT_EQ(s.split->Get().size(), static_cast<size_t>(counts[static_cast<size_t>(j)]));
      for (const std::string& e : s.split->Get()) EXPECT_EQ(e.substr(0, e.find('-')), std::to_string(j));
    }
  }
  // Split: every element lands exactly once, spread evenly.
  std::vector<std::string> expected;
  for (size_t i = 0; i < counts.size(); ++i) {
    for (int e = 0; e < counts[i]; ++e) expected.push_back(std::to_string(i) + "-" + std::to_string(e));
  }
  std::sort(all_split.begin(), all_split.end());
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(all_split, expected);
  if (new_parallelism != static_cast<int32_t>(counts.size())) {
    auto [lo, hi] = std::minmax_element(sizes.begin(), sizes.end());
    EXPECT_LE(*hi - *lo, 1u);
  }
}

TEST(OperatorStateTest, RedistributeThreeToTwo) { CheckRedistribution({5, 0, 7}, 2); }
TEST(OperatorStateTest, RedistributeThreeToFive) { CheckRedistribution({5, 0, 7}, 5); }
TEST(OperatorStateTest, RedistributeKeepsAssignmentAtSameParallelism) {
  CheckRedistribution({5, 0, 7}, 3);
}
TEST(OperatorStateTest, RedistributeOneToFour) { CheckRedistribution({9}, 4); }

TEST(OperatorStateTest, ListAndBroadcastStateBasics) {
  OperatorStateBackend backend("op");
  OpStates s = Register(backend);
  EXPECT_TRUE(s.split->Get().empty());
  s.split->AddAll({"x", "y"});
  s.split->Update({"z"});
  EXPECT_EQ(s.split->Get(), (std::vector<std::string>{"z"}));
  s.split->Clear();
  EXPECT_TRUE(s.split->Get().empty());
  s.broadcast->Put("k", 5);
  EXPECT_TRUE(s.broadcast->Contains("k"));
  EXPECT_EQ(*s.broadcast->Get("k"), 5);
  s.broadcast->Remove("k");
  EXPECT_EQ(s.broadcast->Get("k"), nullptr);
  // The same name returns the same object; another mode or type is an error.
  EXPECT_EQ(backend.GetListState(ListStateDescriptor<std::string>("offsets")).ValueOrDie(), s.split);
  EXPECT_FALSE(backend.GetUnionListState(ListStateDescriptor<std::string>("offsets")).ok());
  EXPECT_FALSE(backend.GetListState(ListStateDescriptor<int64_t>("offsets")).ok());
  EXPECT_FALSE(backend.GetListState(ListStateDescriptor<int64_t>("")).ok());
  MemoryCheckpointStorage storage;
  OperatorStateBackend empty("op");
  ASSERT_OK_AND_ASSIGN(auto snapshot, empty.Snapshot());
  ASSERT_OK_AND_ASSIGN(auto handle, snapshot->Write(storage, "x"));
  EXPECT_FALSE(handle.has_value());
}

TEST(OperatorStateTest, RawStateUnregisteredStateAndTypeChecks) {
  MemoryCheckpointStorage storage;
  OperatorSubtaskState first;
  {
    OperatorStateBackend backend("op");
    OpStates s = Register(backend);
    s.split->Add("e1");
    StateSnapshotContext ctx(CheckpointId(3), 42, SnapshotKind::kSavepoint);
    EXPECT_TRUE(ctx.is_savepoint());
    EXPECT_EQ(ctx.checkpoint_id(), CheckpointId(3));
    ASSERT_TRUE(ctx.AddRawOperatorState("raw", {"r1", "r2"}).ok());
    EXPECT_FALSE(ctx.AddRawOperatorState("raw", {}).ok());
    ASSERT_OK_AND_ASSIGN(auto snapshots, CaptureOperatorState(nullptr, &backend, ctx));
    ASSERT_TRUE(snapshots.WriteTo(storage, "op-0", &first).ok());
    StateSnapshotContext clash(CheckpointId(4), 0);
    ASSERT_TRUE(clash.AddRawOperatorState("offsets", {"x"}).ok());
    EXPECT_FALSE(CaptureOperatorState(nullptr, &backend, clash).ok());
  }
  OperatorSubtaskState second;
  {
    // Restore without registering "offsets": it is carried over; the raw state is taken.
    OperatorStateBackend backend("op");
    ASSERT_TRUE(RestoreOperatorState(first, storage, nullptr, &backend).ok());
    StateInitializationContext init(CheckpointId(3), nullptr, &backend, nullptr);
    EXPECT_TRUE(init.is_restored());
    EXPECT_EQ(init.TakeRawOperatorState("raw"), (std::vector<std::string>{"r1", "r2"}));
    EXPECT_TRUE(init.TakeRawOperatorState("raw").empty());
    EXPECT_TRUE(init.TakeRawOperatorState("offsets").empty());  // not raw
    StateSnapshotContext ctx(CheckpointId(4), 43);
    ASSERT_OK_AND_ASSIGN(auto snapshots, CaptureOperatorState(nullptr, &backend, ctx));
    ASSERT_TRUE(snapshots.WriteTo(storage, "op-0b", &second).ok());
  }
  {
    OperatorStateBackend backend("op");
    ASSERT_TRUE(backend.Restore(second.operator_state, storage).ok());
    EXPECT_FALSE(backend.GetUnionListState(ListStateDescriptor<std::string>("offsets")).ok());
    EXPECT_FALSE(backend.GetListState(ListStateDescriptor<int64_t>("offsets")).ok());
    ASSERT_OK_AND_ASSIGN(auto* offsets, backend.GetListState(ListStateDescriptor<std::string>("offsets")));
    EXPECT_EQ(offsets->Get(), (std::vector<std::string>{"e1"}));
    EXPECT_TRUE(backend.TakeRawState("raw").empty());  // raw state is not carried over
  }
  StateInitializationContext fresh(std::nullopt, nullptr, nullptr, nullptr);
  EXPECT_FALSE(fresh.is_restored());
  EXPECT_TRUE(fresh.TakeRawOperatorState("raw").empty());
}

TEST(OperatorStateTest, RedistributionRejectsConflictingModes) {
  auto make = [](const std::string& path, OperatorStateMode mode) {
    OperatorStateHandle h;
    h.stream.relative_path = path;
    h.stream.size = 10;
    OperatorStateEntry e;
    e.name = "s";
    e.mode = mode;
    e.offsets = {16};
    h.states.push_back(e);
    return h;
  };
  OperatorStateHandle a = make("a", OperatorStateMode::kUnion);
  OperatorStateHandle b = make("b", OperatorStateMode::kBroadcast);
  EXPECT_FALSE(RedistributeOperatorState({{a}, {b}}, 2).ok());
  EXPECT_FALSE(RedistributeOperatorState({{a}}, 0).ok());
  ASSERT_OK_AND_ASSIGN(auto none, RedistributeOperatorState({}, 2));
  EXPECT_EQ(none.size(), 2u);
  EXPECT_TRUE(none[0].empty());
}

TEST(OperatorStateTest, CorruptStateFailsCleanly) {
  MemoryCheckpointStorage storage;
  auto old = WriteOld(storage, {4});
  const OperatorStateHandle& handle = old[0][0];
  const std::string good = storage.file(handle.stream.relative_path);
  int failures = 0;
  for (size_t pos = 0; pos < good.size(); ++pos) {
    std::string bad = good;
    bad[pos] = static_cast<char>(bad[pos] ^ 0x40);
    storage.set_file(handle.stream.relative_path, bad);
    OperatorStateBackend backend("op");
    Status st = backend.Restore({handle}, storage);
    if (st.ok()) {
      auto s1 = backend.GetListState(ListStateDescriptor<std::string>("offsets"));
      auto s2 = backend.GetUnionListState(ListStateDescriptor<int64_t>("union"));
      auto s3 = backend.GetBroadcastState(MapStateDescriptor<std::string, int64_t>("rules"));
      if (s1.ok() && s2.ok() && s3.ok()) continue;
    }
    ++failures;
  }
  EXPECT_GT(failures, static_cast<int>(good.size()) * 3 / 4);
  storage.set_file(handle.stream.relative_path, good.substr(0, good.size() - 3));
  OperatorStateBackend backend("op");
  EXPECT_FALSE(backend.Restore({handle}, storage).ok());
}

}  // namespace
}  // namespace weir::runtime
