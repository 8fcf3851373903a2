// Tests of FixedValueState, the batch fast path: equality with the per-record path, snapshots.
#include <gtest/gtest.h>

#include <limits>
#include <map>
#include <optional>
#include <random>
#include <vector>

#include "weir/common/batch/column_builder.h"
#include "weir/runtime/state/keyed_state_backend.h"
#include "weir/runtime/state/memory_checkpoint_streams.h"
#include "weir/runtime/state/state_test_util.h"

namespace weir::runtime {
namespace {

using state_test::MakeBackend;

struct SumCount {
  int64_t sum = 0;
  int64_t count = 0;
  bool operator==(const SumCount&) const = default;
};

}  // namespace

template <>
struct StateSerializer<SumCount> : PodStateSerializer<SumCount> {
  static std::string TypeName() { return "SUM_COUNT"; }
};

namespace {

// A key column of `type` from optional values (nullopt = NULL).
ColumnPtr KeyColumn(const LogicalType& type, const std::vector<std::optional<int64_t>>& keys) {
  auto builder = ColumnBuilder::Make(type, nullptr).ValueOrDie();
  for (const auto& k : keys) {
    if (k) {
      WEIR_CHECK_OK(builder->AppendValue(Value(*k)));
    } else {
      WEIR_CHECK_OK(builder->AppendNull());
    }
  }
  return builder->Finish().ValueOrDie();
}

std::vector<std::optional<int64_t>> RandomKeys(std::mt19937_64& rng, int64_t n, int64_t distinct) {
  std::vector<std::optional<int64_t>> keys;
  for (int64_t i = 0; i < n; ++i) {
    uint64_t r = rng() % 1000;
    if (r == 0) {
      keys.push_back(std::nullopt);
    } else if (r == 1) {
      keys.push_back(std::numeric_limits<int64_t>::min());
    } else if (r == 2) {
      keys.push_back(std::numeric_limits<int64_t>::max());
    } else {
      keys.push_back(static_cast<int64_t>(rng() % static_cast<uint64_t>(distinct)) - distinct / 2);
    }
  }
  return keys;
}

TEST(FixedValueStateTest, BatchPathEqualsPerRecordPath) {
  auto backend = MakeBackend({LogicalType::BigInt()});
  ASSERT_OK_AND_ASSIGN(auto* fixed, backend->GetFixedValueState(ValueStateDescriptor<SumCount>("fast")));
  ASSERT_OK_AND_ASSIGN(auto* slow, backend->GetValueState(ValueStateDescriptor<SumCount>("slow")));
  std::mt19937_64 rng(1);
  std::map<std::optional<int64_t>, SumCount> model;
  for (int batch = 0; batch < 20; ++batch) {
    auto keys = RandomKeys(rng, 4000, 20000);
    std::vector<int64_t> values(keys.size());
    for (auto& v : values) v = static_cast<int64_t>(rng() % 100);
    ColumnPtr column = KeyColumn(LogicalType::BigInt(), keys);
    ASSERT_TRUE(fixed->UpdateBatch(*column, [&](int64_t row, SumCount& acc, bool) {
                       acc.sum += values[static_cast<size_t>(row)];
                       acc.count += 1;
                     }).ok());
    ASSERT_TRUE(backend->SetKeyColumns({column.get()}).ok());
    for (int64_t row = 0; row < column->length(); ++row) {
      ASSERT_TRUE(backend->SetCurrentKeyRow(row).ok());
      SumCount acc = slow->Get() ? *slow->Get() : SumCount{};
      acc.sum += values[static_cast<size_t>(row)];
      acc.count += 1;
      ASSERT_TRUE(slow->Update(acc).ok());
      auto& m = model[keys[static_cast<size_t>(row)]];
      m.sum += values[static_cast<size_t>(row)];
      m.count += 1;
    }
  }
  EXPECT_EQ(fixed->NumEntries(), static_cast<int64_t>(model.size()));
  EXPECT_EQ(slow->NumEntries(), static_cast<int64_t>(model.size()));
  // Per-record reads of both states, and a batch read, agree with the model.
  std::vector<std::optional<int64_t>> all_keys;
  for (const auto& [k, v] : model) all_keys.push_back(k);
  all_keys.push_back(123456789);  // absent
  ColumnPtr column = KeyColumn(LogicalType::BigInt(), all_keys);
  std::vector<SumCount> got(all_keys.size());
  std::vector<uint8_t> found(all_keys.size());
  ASSERT_TRUE(fixed->GetBatch(*column, got.data(), found.data()).ok());
  ASSERT_TRUE(backend->SetKeyColumns({column.get()}).ok());
  for (size_t i = 0; i < all_keys.size(); ++i) {
    ASSERT_TRUE(backend->SetCurrentKeyRow(static_cast<int64_t>(i)).ok());
    auto it = model.find(all_keys[i]);
    if (it == model.end()) {
      EXPECT_EQ(found[i], 0);
      EXPECT_EQ(fixed->Get(), nullptr);
      EXPECT_EQ(slow->Get(), nullptr);
      continue;
    }
    EXPECT_EQ(found[i], 1);
    EXPECT_EQ(got[i], it->second);
    ASSERT_NE(fixed->Get(), nullptr);
    EXPECT_EQ(*fixed->Get(), it->second);
    ASSERT_NE(slow->Get(), nullptr);
    EXPECT_EQ(*slow->Get(), it->second);
  }
  int64_t visited = 0;
  fixed->ForEach([&](int64_t key, bool is_null, const SumCount& v) {
    ++visited;
    auto it = model.find(is_null ? std::nullopt : std::optional<int64_t>(key));
    ASSERT_NE(it, model.end());
    EXPECT_EQ(v, it->second);
  });
  EXPECT_EQ(visited, static_cast<int64_t>(model.size()));
}

TEST(FixedValueStateTest, RemovalAndPerRecordUpdatesMatchAModel) {
  auto backend = MakeBackend({LogicalType::Int()});
  ASSERT_OK_AND_ASSIGN(auto* count, backend->GetFixedValueState(ValueStateDescriptor<int64_t>("count")));
  std::mt19937_64 rng(2);
  std::map<std::optional<int64_t>, int64_t> model;
  for (int batch = 0; batch < 30; ++batch) {
    std::vector<std::optional<int64_t>> keys;
    std::vector<int64_t> deltas;
    for (int i = 0; i < 3000; ++i) {
      keys.push_back(rng() % 500 == 0 ? std::nullopt
                                     : std::optional<int64_t>(static_cast<int32_t>(rng() % 3000) - 1500));
      deltas.push_back(rng() % 3 == 0 ? -1 : 1);
    }
    ColumnPtr column = KeyColumn(LogicalType::Int(), keys);
    // A running count that disappears at zero (retractions), returning false to remove.
    ASSERT_TRUE(count->UpdateBatch(*column, [&](int64_t row, int64_t& c, bool) {
                       c += deltas[static_cast<size_t>(row)];
                       return c > 0;
                     }).ok());
    for (size_t i = 0; i < keys.size(); ++i) {
      int64_t& c = model[keys[i]];
      c += deltas[i];
      if (c <= 0) model.erase(keys[i]);
    }
    // Per-record updates interleave with batches.
    int64_t k = static_cast<int64_t>(rng() % 3000) - 1500;
    ASSERT_TRUE(backend->SetCurrentKeyValues({Value(k)}).ok());
    ASSERT_TRUE(count->Update(1000).ok());
    model[k] = 1000;
    int64_t gone = static_cast<int64_t>(rng() % 3000) - 1500;
    ASSERT_TRUE(backend->SetCurrentKeyValues({Value(gone)}).ok());
    ASSERT_TRUE(count->Clear().ok());
    model.erase(gone);
  }
  EXPECT_EQ(count->NumEntries(), static_cast<int64_t>(model.size()));
  for (int64_t k = -1500; k < 1500; ++k) {
    ASSERT_TRUE(backend->SetCurrentKeyValues({Value(k)}).ok());
    auto it = model.find(k);
    if (it == model.end()) {
      EXPECT_EQ(count->Get(), nullptr) << k;
    } else {
      ASSERT_NE(count->Get(), nullptr) << k;
      EXPECT_EQ(*count->Get(), it->second);
    }
  }
  ASSERT_TRUE(backend->SetCurrentKeyValues({Value()}).ok());
  auto it = model.find(std::nullopt);
  EXPECT_EQ(count->Get() != nullptr, it != model.end());
}

TEST(FixedValueStateTest, RejectsColumnsOfAnotherType) {
  auto backend = MakeBackend({LogicalType::BigInt()});
  ASSERT_OK_AND_ASSIGN(auto* state, backend->GetFixedValueState(ValueStateDescriptor<int64_t>("s")));
  ColumnPtr ints = KeyColumn(LogicalType::Int(), {1, 2});
  EXPECT_TRUE(state->PutBatch(*ints, std::vector<int64_t>{1, 2}.data()).code() == StatusCode::kTypeError);
  ColumnPtr not_null = KeyColumn(LogicalType::BigInt(false), {1, 2});
  EXPECT_TRUE(state->PutBatch(*not_null, std::vector<int64_t>{1, 2}.data()).ok());
  EXPECT_EQ(state->NumEntries(), 2);
}

// Snapshots of FixedValueState and ValueState have the same entries: each restores the other.
TEST(FixedValueStateTest, SnapshotsAreInterchangeableWithValueState) {
  MemoryCheckpointStorage storage;
  auto fast = MakeBackend({LogicalType::BigInt()});
  ASSERT_OK_AND_ASSIGN(auto* f, fast->GetFixedValueState(ValueStateDescriptor<int64_t>("v")));
  std::vector<std::optional<int64_t>> keys;
  for (int64_t k = -500; k < 500; ++k) keys.push_back(k * 1000003);
  keys.push_back(std::nullopt);
  keys.push_back(std::numeric_limits<int64_t>::min());
  ColumnPtr column = KeyColumn(LogicalType::BigInt(), keys);
  ASSERT_TRUE(f->UpdateBatch(*column, [](int64_t row, int64_t& v, bool) { v = row * 2; }).ok());
  ASSERT_OK_AND_ASSIGN(auto snap, fast->Snapshot());
  ASSERT_OK_AND_ASSIGN(auto handle, snap->Write(storage, "fast"));

  auto slow = MakeBackend({LogicalType::BigInt()});
  ASSERT_TRUE(slow->Restore({*handle}, storage).ok());
  ASSERT_OK_AND_ASSIGN(auto* v, slow->GetValueState(ValueStateDescriptor<int64_t>("v")));
  EXPECT_EQ(v->NumEntries(), static_cast<int64_t>(keys.size()));
  ASSERT_TRUE(slow->SetKeyColumns({column.get()}).ok());
  for (int64_t row = 0; row < column->length(); ++row) {
    ASSERT_TRUE(slow->SetCurrentKeyRow(row).ok());
    ASSERT_NE(v->Get(), nullptr);
    EXPECT_EQ(*v->Get(), row * 2);
    ASSERT_TRUE(v->Update(row * 3).ok());
  }
  ASSERT_OK_AND_ASSIGN(auto snap2, slow->Snapshot());
  ASSERT_OK_AND_ASSIGN(auto handle2, snap2->Write(storage, "slow"));

  auto fast2 = MakeBackend({LogicalType::BigInt()});
  ASSERT_TRUE(fast2->Restore({*handle2}, storage).ok());
  ASSERT_OK_AND_ASSIGN(auto* f2, fast2->GetFixedValueState(ValueStateDescriptor<int64_t>("v")));
  std::vector<int64_t> got(keys.size());
  std::vector<uint8_t> found(keys.size());
  ASSERT_TRUE(f2->GetBatch(*column, got.data(), found.data()).ok());
  for (size_t i = 0; i < keys.size(); ++i) {
    EXPECT_EQ(found[i], 1);
    EXPECT_EQ(got[i], static_cast<int64_t>(i) * 3);
  }
  // Byte-identical encodings: the same state written either way has the same entries.
  EXPECT_EQ(snap2->entries_written(), snap->entries_written());
}

TEST(FixedValueStateTest, SnapshotIgnoresLaterBatches) {
  MemoryCheckpointStorage storage;
  auto backend = MakeBackend({LogicalType::BigInt()});
  ASSERT_OK_AND_ASSIGN(auto* sum, backend->GetFixedValueState(ValueStateDescriptor<int64_t>("sum")));
  std::vector<std::optional<int64_t>> keys;
  for (int64_t k = 0; k < 50000; ++k) keys.push_back(k);
  ColumnPtr column = KeyColumn(LogicalType::BigInt(), keys);
  auto add = [](int64_t row, int64_t& v, bool) { v += row; };
  ASSERT_TRUE(sum->UpdateBatch(*column, add).ok());
  ASSERT_OK_AND_ASSIGN(auto snap, backend->Snapshot());
  ASSERT_TRUE(sum->UpdateBatch(*column, add).ok());  // doubles every value
  ASSERT_TRUE(sum->UpdateBatch(*column, [](int64_t row, int64_t&, bool) { return row % 2 == 0; }).ok());
  ASSERT_OK_AND_ASSIGN(auto handle, snap->Write(storage, "s"));
  auto restored = MakeBackend({LogicalType::BigInt()});
  ASSERT_TRUE(restored->Restore({*handle}, storage).ok());
  ASSERT_OK_AND_ASSIGN(auto* r, restored->GetFixedValueState(ValueStateDescriptor<int64_t>("sum")));
  EXPECT_EQ(r->NumEntries(), 50000);
  EXPECT_EQ(sum->NumEntries(), 25000);
  std::vector<int64_t> got(keys.size()), live(keys.size());
  std::vector<uint8_t> found(keys.size()), live_found(keys.size());
  ASSERT_TRUE(r->GetBatch(*column, got.data(), found.data()).ok());
  ASSERT_TRUE(sum->GetBatch(*column, live.data(), live_found.data()).ok());
  for (int64_t k = 0; k < 50000; ++k) {
    EXPECT_EQ(got[static_cast<size_t>(k)], k);
    EXPECT_EQ(live_found[static_cast<size_t>(k)], k % 2 == 0 ? 1 : 0);
    if (k % 2 == 0) {
      EXPECT_EQ(live[static_cast<size_t>(k)], 2 * k);
    }
  }
}

}  // namespace
}  // namespace weir::runtime
