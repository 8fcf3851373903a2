// Tests of keyed-state snapshots: isolation from later writes, restore, rescaling, corruption.
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "weir/common/hash/key_hash.h"
#include "weir/runtime/state/keyed_state_backend.h"
#include "weir/runtime/state/memory_checkpoint_streams.h"
#include "weir/runtime/state/state_redistribution.h"
#include "weir/runtime/state/state_test_util.h"

namespace weir::runtime {
namespace {

using state_test::MakeBackend;

constexpr int32_t kMaxP = 128;

int32_t KeyGroupOf(int64_t k) { return KeyGroupForHash(KeyEncoder::HashInteger(k, false, 8), kMaxP); }

struct States {
  ValueState<int64_t>* value = nullptr;
  ListState<std::string>* list = nullptr;
  MapState<int64_t, std::string>* map = nullptr;
  FixedValueState<int64_t>* fixed = nullptr;
};

States Register(KeyedStateBackend& b) {
  States s;
  s.value = b.GetValueState(ValueStateDescriptor<int64_t>("value")).ValueOrDie();
  s.list = b.GetListState(ListStateDescriptor<std::string>("list")).ValueOrDie();
  s.map = b.GetMapState(MapStateDescriptor<int64_t, std::string>("map")).ValueOrDie();
  s.fixed = b.GetFixedValueState(ValueStateDescriptor<int64_t>("fixed")).ValueOrDie();
  return s;
}

// What the four states hold for one key.
struct Expected {
  int64_t value;
  std::vector<std::string> list;
  std::map<int64_t, std::string> map;
  int64_t fixed;
  bool operator==(const Expected&) const = default;
};

Status Put(KeyedStateBackend& b, const States& s, int64_t k, const Expected& e) {
  WEIR_RETURN_NOT_OK(b.SetCurrentKeyValues({Value(k)}));
  WEIR_RETURN_NOT_OK(s.value->Update(e.value));
  WEIR_RETURN_NOT_OK(s.list->Update(e.list));
  WEIR_RETURN_NOT_OK(s.map->Clear());
  WEIR_RETURN_NOT_OK(s.map->PutAll(e.map));
  return s.fixed->Update(e.fixed);
}

Status Delete(KeyedStateBackend& b, const States& s, int64_t k) {
  WEIR_RETURN_NOT_OK(b.SetCurrentKeyValues({Value(k)}));
  WEIR_RETURN_NOT_OK(s.value->Clear());
  WEIR_RETURN_NOT_OK(s.list->Clear());
  WEIR_RETURN_NOT_OK(s.map->Clear());
  return s.fixed->Clear();
}

Expected Make(int64_t k, int64_t version) {
  Expected e;
  e.value = k * 7 + version;
  for (int64_t i = 0; i < k % 4; ++i) e.list.push_back(std::to_string(k) + "/" + std::to_string(version + i));
  if (k % 3 != 0) e.map[k % 5] = "m" + std::to_string(version);
  e.fixed = k - version;
  return e;
}

// Checks that `b` holds exactly `model` (keys owned by b) in all four states.
void ExpectHolds(KeyedStateBackend& b, const States& s, const std::map<int64_t, Expected>& model,
                 int64_t max_key) {
  int64_t owned = 0, with_list = 0, with_map = 0;
  for (int64_t k = 0; k < max_key; ++k) {
    if (!b.key_groups().Contains(KeyGroupOf(k))) continue;
    ASSERT_TRUE(b.SetCurrentKeyValues({Value(k)}).ok());
    auto it = model.find(k);
    if (it == model.end()) {
      EXPECT_EQ(s.value->Get(), nullptr) << k;
      EXPECT_EQ(s.list->Get(), nullptr) << k;
      EXPECT_TRUE(s.map->IsEmpty()) << k;
      EXPECT_EQ(s.fixed->Get(), nullptr) << k;
      continue;
    }
    ++owned;
    const Expected& e = it->second;
    ASSERT_NE(s.value->Get(), nullptr) << k;
    EXPECT_EQ(*s.value->Get(), e.value) << k;
    if (e.list.empty()) {
      EXPECT_EQ(s.list->Get(), nullptr);
    } else {
      ++with_list;
      ASSERT_NE(s.list->Get(), nullptr);
      EXPECT_EQ(*s.list->Get(), e.list);
    }
    if (e.map.empty()) {
      EXPECT_TRUE(s.map->IsEmpty());
    } else {
      ++with_map;
      ASSERT_NE(s.map->Entries(), nullptr);
      EXPECT_EQ(*s.map->Entries(), e.map);
    }
    ASSERT_NE(s.fixed->Get(), nullptr) << k;
    EXPECT_EQ(*s.fixed->Get(), e.fixed);
  }
  EXPECT_EQ(s.value->NumEntries(), owned);
  EXPECT_EQ(s.fixed->NumEntries(), owned);
  EXPECT_EQ(s.list->NumEntries(), with_list);
  EXPECT_EQ(s.map->NumEntries(), with_map);
}

TEST(KeyedSnapshotTest, SnapshotSeesStateAsOfCaptureWhileWritesContinue) {
  auto backend = MakeBackend({LogicalType::BigInt()});
  States s = Register(*backend);
  std::map<int64_t, Expected> model;
  for (int64_t k = 0; k < 20000; ++k) {
    model[k] = Make(k, 0);
    ASSERT_TRUE(Put(*backend, s, k, model[k]).ok());
  }
  const std::map<int64_t, Expected> at_snapshot = model;
  ASSERT_OK_AND_ASSIGN(auto snapshot, backend->Snapshot());
  const int64_t memory_before_writes = backend->memory().used();

  // The asynchronous part runs on another thread while the task keeps writing: updates,
  // deletions and new keys, through pages shared with the snapshot.
  MemoryCheckpointStorage storage;
  std::optional<Result<std::optional<KeyGroupsStateHandle>>> result;
  std::atomic<bool> go{false};
  std::thread io([&] {
    while (!go.load()) std::this_thread::yield();
    result.emplace(snapshot->Write(storage, "op-0-keyed"));
  });
  go = true;
  for (int64_t k = 0; k < 30000; ++k) {
    if (k % 2 == 0 && k < 20000) {
      ASSERT_TRUE(Delete(*backend, s, k).ok());
      model.erase(k);
    } else {
      model[k] = Make(k, 1);
      ASSERT_TRUE(Put(*backend, s, k, model[k]).ok());
    }
  }
  io.join();
  ASSERT_TRUE(result.has_value());
  auto& written = *result;
  ASSERT_TRUE(written.ok()) << written.status().ToString();
  ASSERT_TRUE(written->has_value());
  EXPECT_EQ(snapshot->entries_written(),
            20000 * 2 + static_cast<int64_t>(std::count_if(at_snapshot.begin(), at_snapshot.end(), [](auto& p) { return !p.second.list.empty(); })) +
                static_cast<int64_t>(std::count_if(at_snapshot.begin(), at_snapshot.end(), [](auto& p) { return !p.second.map.empty(); })));

  // The live backend has the new state; the snapshot restores the old one.
  ExpectHolds(*backend, s, model, 30000);
  auto restored = MakeBackend({LogicalType::BigInt()});
  ASSERT_TRUE(restored->Restore({**written}, storage).ok());
  EXPECT_TRUE(restored->is_restored());
  States r = Register(*restored);
  ExpectHolds(*restored, r, at_snapshot, 30000);

  // Releasing the snapshot frees the versions it kept alive.
  EXPECT_GT(memory_before_writes, 0);
  const int64_t with_snapshot = backend->memory().used();
  snapshot.reset();
  EXPECT_LE(backend->memory().used(), with_snapshot);
}

TEST(KeyedSnapshotTest, ReleasingAnUnwrittenSnapshotFreesOldVersions) {
  auto backend = MakeBackend({LogicalType::BigInt()});
  States s = Register(*backend);
  for (int64_t k = 0; k < 5000; ++k) ASSERT_TRUE(Put(*backend, s, k, Make(k, 0)).ok());
  const int64_t base = backend->memory().used();
  ASSERT_OK_AND_ASSIGN(auto snapshot, backend->Snapshot());
  EXPECT_EQ(backend->memory().used(), base);  // capturing copies nothing
  for (int64_t k = 0; k < 5000; ++k) ASSERT_TRUE(Put(*backend, s, k, Make(k, 1)).ok());
  const int64_t with_copies = backend->memory().used();
  EXPECT_GT(with_copies, base + base / 2);  // pages and boxes were copied on write
  snapshot.reset();
  EXPECT_LT(backend->memory().used(), with_copies - base / 2);
  // A second snapshot cycle returns to about the same footprint.
  ASSERT_OK_AND_ASSIGN(auto second, backend->Snapshot());
  for (int64_t k = 0; k < 5000; ++k) ASSERT_TRUE(Put(*backend, s, k, Make(k, 2)).ok());
  second.reset();
  EXPECT_LT(backend->memory().used(), with_copies - base / 2);
}

TEST(KeyedSnapshotTest, OverlappingSnapshotsEachKeepTheirVersion) {
  MemoryCheckpointStorage storage;
  auto backend = MakeBackend({LogicalType::BigInt()});
  States s = Register(*backend);
  std::vector<std::map<int64_t, Expected>> models(3);
  std::vector<std::unique_ptr<KeyedStateSnapshot>> snapshots;
  for (int version = 0; version < 3; ++version) {
    for (int64_t k = 0; k < 3000; ++k) {
      if ((k + version) % 5 == 0) {
        ASSERT_TRUE(Delete(*backend, s, k).ok());
      } else {
        ASSERT_TRUE(Put(*backend, s, k, Make(k, version)).ok());
        models[static_cast<size_t>(version)][k] = Make(k, version);
      }
    }
    ASSERT_OK_AND_ASSIGN(auto snapshot, backend->Snapshot());
    snapshots.push_back(std::move(snapshot));
  }
  // Written newest first; each still sees its own version.
  for (int version = 2; version >= 0; --version) {
    ASSERT_OK_AND_ASSIGN(auto handle, snapshots[static_cast<size_t>(version)]->Write(storage, "v"));
    EXPECT_FALSE(snapshots[static_cast<size_t>(version)]->Write(storage, "v").ok());
    auto restored = MakeBackend({LogicalType::BigInt()});
    ASSERT_TRUE(restored->Restore({*handle}, storage).ok());
    States r = Register(*restored);
    ExpectHolds(*restored, r, models[static_cast<size_t>(version)], 3000);
  }
}

TEST(KeyedSnapshotTest, EmptyBackendWritesNothing) {
  auto backend = MakeBackend({LogicalType::BigInt()});
  MemoryCheckpointStorage storage;
  ASSERT_OK_AND_ASSIGN(auto snapshot, backend->Snapshot());
  ASSERT_OK_AND_ASSIGN(auto handle, snapshot->Write(storage, "x"));
  EXPECT_FALSE(handle.has_value());
  EXPECT_EQ(storage.num_files(), 0);
}

TEST(KeyedSnapshotTest, ReducingAggregatingAndNamespacesRoundTrip) {
  auto backend = MakeBackend({LogicalType::String()});
  auto sum_fn = [](const int64_t& a, const int64_t& b) { return a + b; };
  ASSERT_OK_AND_ASSIGN(auto* sum, backend->GetReducingState(ReducingStateDescriptor<int64_t>("sum", sum_fn)));
  AggregateFunction<int64_t, int64_t, std::string> count_fn{
      [] { return int64_t{0}; }, [](const int64_t&, int64_t* acc) { ++*acc; },
      [](const int64_t& acc) { return std::to_string(acc); }, nullptr};
  AggregatingStateDescriptor<int64_t, int64_t, std::string> count_desc("count", count_fn);
  ASSERT_OK_AND_ASSIGN(auto* count, backend->GetAggregatingState(count_desc));
  for (int i = 0; i < 100; ++i) {
    ASSERT_TRUE(backend->SetCurrentKeyValues({Value("k" + std::to_string(i % 10))}).ok());
    std::string ns = "w" + std::to_string(i % 3);
    sum->SetCurrentNamespace(ns);
    count->SetCurrentNamespace(ns);
    ASSERT_TRUE(sum->Add(i).ok());
    ASSERT_TRUE(count->Add(i).ok());
  }
  MemoryCheckpointStorage storage;
  ASSERT_OK_AND_ASSIGN(auto snapshot, backend->Snapshot());
  ASSERT_OK_AND_ASSIGN(auto handle, snapshot->Write(storage, "op"));
  auto restored = MakeBackend({LogicalType::String()});
  ASSERT_TRUE(restored->Restore({*handle}, storage).ok());
  ASSERT_OK_AND_ASSIGN(auto* sum2, restored->GetReducingState(ReducingStateDescriptor<int64_t>("sum", sum_fn)));
  ASSERT_OK_AND_ASSIGN(auto* count2, restored->GetAggregatingState(count_desc));
  EXPECT_EQ(sum2->NumEntries(), 30);
  for (int k = 0; k < 10; ++k) {
    for (int w = 0; w < 3; ++w) {
      ASSERT_TRUE(backend->SetCurrentKeyValues({Value("k" + std::to_string(k))}).ok());
      ASSERT_TRUE(restored->SetCurrentKeyValues({Value("k" + std::to_string(k))}).ok());
      for (auto* st : {sum, sum2}) st->SetCurrentNamespace("w" + std::to_string(w));
      for (auto* st : {count, count2}) st->SetCurrentNamespace("w" + std::to_string(w));
      ASSERT_EQ(sum->Get() == nullptr, sum2->Get() == nullptr);
      if (sum->Get()) {
        EXPECT_EQ(*sum->Get(), *sum2->Get());
      }
      EXPECT_EQ(count->Get(), count2->Get());
    }
  }
}

TEST(KeyedSnapshotTest, UnregisteredRestoredStateIsCarriedOver) {
  MemoryCheckpointStorage storage;
  auto first = MakeBackend({LogicalType::BigInt()});
  States s = Register(*first);
  for (int64_t k = 0; k < 1000; ++k) ASSERT_TRUE(Put(*first, s, k, Make(k, 0)).ok());
  ASSERT_OK_AND_ASSIGN(auto snap1, first->Snapshot());
  ASSERT_OK_AND_ASSIGN(auto h1, snap1->Write(storage, "a"));

  auto second = MakeBackend({LogicalType::BigInt()});
  ASSERT_TRUE(second->Restore({*h1}, storage).ok());
  EXPECT_EQ(second->StateNames(), (std::vector<std::string>{"fixed", "list", "map", "value"}));
  ASSERT_OK_AND_ASSIGN(auto* value, second->GetValueState(ValueStateDescriptor<int64_t>("value")));
  ASSERT_TRUE(second->SetCurrentKeyValues({Value(int64_t{5})}).ok());
  ASSERT_TRUE(value->Update(-5).ok());
  ASSERT_OK_AND_ASSIGN(auto snap2, second->Snapshot());
  ASSERT_OK_AND_ASSIGN(auto h2, snap2->Write(storage, "b"));

  auto third = MakeBackend({LogicalType::BigInt()});
  ASSERT_TRUE(third->Restore({*h2}, storage).ok());
  States t = Register(*third);
  std::map<int64_t, Expected> model;
  for (int64_t k = 0; k < 1000; ++k) model[k] = Make(k, 0);
  model[5].value = -5;
  ExpectHolds(*third, t, model, 1000);
}

TEST(KeyedSnapshotTest, RestoreChecksTypesAndMaxParallelism) {
  MemoryCheckpointStorage storage;
  auto backend = MakeBackend({LogicalType::BigInt()});
  ASSERT_OK_AND_ASSIGN(auto* v, backend->GetValueState(ValueStateDescriptor<int64_t>("v")));
  ASSERT_TRUE(backend->SetCurrentKeyValues({Value(int64_t{1})}).ok());
  ASSERT_TRUE(v->Update(1).ok());
  ASSERT_OK_AND_ASSIGN(auto snapshot, backend->Snapshot());
  ASSERT_OK_AND_ASSIGN(auto handle, snapshot->Write(storage, "op"));

  auto wrong_type = MakeBackend({LogicalType::BigInt()});
  ASSERT_TRUE(wrong_type->Restore({*handle}, storage).ok());
  EXPECT_FALSE(wrong_type->GetValueState(ValueStateDescriptor<double>("v")).ok());
  EXPECT_FALSE(wrong_type->GetListState(ListStateDescriptor<int64_t>("v")).ok());
  EXPECT_TRUE(wrong_type->GetFixedValueState(ValueStateDescriptor<int64_t>("v")).ok());

  auto other_max = MakeBackend({LogicalType::BigInt()}, KeyGroupRange{0, 255}, 256);
  Status st = other_max->Restore({*handle}, storage);
  EXPECT_TRUE(st.IsInvalid()) << st.ToString();

  auto late = MakeBackend({LogicalType::BigInt()});
  ASSERT_TRUE(late->GetValueState(ValueStateDescriptor<int64_t>("v")).ok());
  EXPECT_FALSE(late->Restore({*handle}, storage).ok());
}

TEST(KeyedSnapshotTest, CorruptOrTruncatedSnapshotsFailCleanly) {
  MemoryCheckpointStorage storage;
  auto backend = MakeBackend({LogicalType::BigInt()});
  States s = Register(*backend);
  for (int64_t k = 0; k < 300; ++k) ASSERT_TRUE(Put(*backend, s, k, Make(k, 0)).ok());
  ASSERT_OK_AND_ASSIGN(auto snapshot, backend->Snapshot());
  ASSERT_OK_AND_ASSIGN(auto handle, snapshot->Write(storage, "op"));
  const std::string good = storage.file(handle->stream.relative_path);

  auto try_restore = [&](const std::string& bytes, const KeyGroupsStateHandle& h) -> Status {
    storage.set_file(h.stream.relative_path, bytes);
    auto b = MakeBackend({LogicalType::BigInt()});
    std::vector<KeyGroupsStateHandle> handles;
    handles.push_back(h);
    WEIR_RETURN_NOT_OK(b->Restore(handles, storage));
    States r;
    WEIR_ASSIGN_OR_RAISE(r.value, b->GetValueState(ValueStateDescriptor<int64_t>("value")));
    WEIR_ASSIGN_OR_RAISE(r.list, b->GetListState(ListStateDescriptor<std::string>("list")));
    WEIR_ASSIGN_OR_RAISE(r.map, b->GetMapState(MapStateDescriptor<int64_t, std::string>("map")));
    WEIR_ASSIGN_OR_RAISE(r.fixed, b->GetFixedValueState(ValueStateDescriptor<int64_t>("fixed")));
    return Status::OK();
  };
  ASSERT_TRUE(try_restore(good, *handle).ok());
  std::mt19937 rng(7);
  int failures = 0;
  for (int trial = 0; trial < 200; ++trial) {
    std::string bad = good;
    size_t pos = rng() % bad.size();
    bad[pos] = static_cast<char>(bad[pos] ^ (1 + rng() % 255));
    Status st = try_restore(bad, *handle);
    if (!st.ok()) ++failures;
  }
  EXPECT_GT(failures, 150);  // only flips in padding or reserved bytes go unnoticed
  KeyGroupsStateHandle truncated = *handle;
  truncated.stream.size = static_cast<int64_t>(good.size()) / 2;
  EXPECT_FALSE(try_restore(good.substr(0, good.size() / 2), truncated).ok());
  KeyGroupsStateHandle bad_offsets = *handle;
  bad_offsets.offsets[3] += 8;
  EXPECT_FALSE(try_restore(good, bad_offsets).ok());
  bad_offsets.offsets.pop_back();
  EXPECT_FALSE(try_restore(good, bad_offsets).ok());
}

// Writes keyed state at parallelism `from`, restores it at `to` and checks that every key
// lands exactly once, in the subtask that owns its key group.
void Rescale(int32_t from, int32_t to, bool narrow_handles) {
  MemoryCheckpointStorage storage;
  constexpr int64_t kKeys = 6000;
  std::map<int64_t, Expected> model;
  std::vector<KeyGroupsStateHandle> handles;
  {
    std::vector<std::unique_ptr<KeyedStateBackend>> old;
    std::vector<States> states;
    for (int32_t i = 0; i < from; ++i) {
      old.push_back(MakeBackend({LogicalType::BigInt()}, KeyGroupRangeForSubtask(kMaxP, from, i), kMaxP));
      states.push_back(Register(*old.back()));
    }
    for (int64_t k = 0; k < kKeys; ++k) {
      int32_t owner = SubtaskForKeyGroup(kMaxP, from, KeyGroupOf(k));
      model[k] = Make(k, owner);
      ASSERT_TRUE(Put(*old[static_cast<size_t>(owner)], states[static_cast<size_t>(owner)], k, model[k]).ok());
    }
    for (int32_t i = 0; i < from; ++i) {
      ASSERT_OK_AND_ASSIGN(auto snapshot, old[static_cast<size_t>(i)]->Snapshot());
      ASSERT_OK_AND_ASSIGN(auto handle, snapshot->Write(storage, "op-" + std::to_string(i)));
      ASSERT_TRUE(handle.has_value());
      EXPECT_EQ(handle->range, KeyGroupRangeForSubtask(kMaxP, from, i));
      handles.push_back(*handle);
    }
  }
  auto assigned = AssignKeyedStateHandles(handles, kMaxP, to);
  ASSERT_EQ(assigned.size(), static_cast<size_t>(to));
  int64_t total = 0;
  for (int32_t j = 0; j < to; ++j) {
    KeyGroupRange range = KeyGroupRangeForSubtask(kMaxP, to, j);
    int32_t covered = 0;
    for (const auto& h : assigned[static_cast<size_t>(j)]) {
      EXPECT_EQ(h.range.Intersect(range), h.range);
      covered += h.range.size();
    }
    EXPECT_EQ(covered, range.size());
    auto backend = MakeBackend({LogicalType::BigInt()}, range, kMaxP);
    ASSERT_TRUE(backend->Restore(narrow_handles ? assigned[static_cast<size_t>(j)] : handles, storage).ok());
    States s = Register(*backend);
    std::map<int64_t, Expected> mine;
    for (const auto& [k, e] : model) {
      if (range.Contains(KeyGroupOf(k))) mine[k] = e;
    }
    ExpectHolds(*backend, s, mine, kKeys);
    total += s.value->NumEntries();
  }
  EXPECT_EQ(total, kKeys);
}

TEST(KeyedSnapshotTest, RescaleTwoToThree) { Rescale(2, 3, true); }
TEST(KeyedSnapshotTest, RescaleFourToTwo) { Rescale(4, 2, true); }
TEST(KeyedSnapshotTest, RescaleWithUnnarrowedHandles) { Rescale(3, 5, false); }
TEST(KeyedSnapshotTest, RescaleToOneAndBack) {
  Rescale(5, 1, true);
  Rescale(1, 7, true);
}

TEST(KeyedSnapshotTest, IntersectKeyedHandle) {
  KeyGroupsStateHandle h;
  h.stream.relative_path = "f";
  h.stream.size = 100;
  h.range = KeyGroupRange{10, 19};
  h.offsets = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
  auto part = IntersectKeyedHandle(h, KeyGroupRange{15, 40});
  ASSERT_TRUE(part.has_value());
  EXPECT_EQ(part->range, (KeyGroupRange{15, 19}));
  EXPECT_EQ(part->offsets, (std::vector<int64_t>{5, 6, 7, 8, 9}));
  EXPECT_FALSE(IntersectKeyedHandle(h, KeyGroupRange{20, 30}).has_value());
}

}  // namespace
}  // namespace weir::runtime
