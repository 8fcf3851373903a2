// Benchmarks of the heap keyed state: the batch fast path, the per-record path, snapshot capture.
#include <benchmark/benchmark.h>

#include <memory>
#include <random>
#include <vector>

#include "weir/common/batch/column_builder.h"
#include "weir/common/check.h"
#include "weir/runtime/state/keyed_state_backend.h"
#include "weir/runtime/state/memory_checkpoint_streams.h"

namespace weir::runtime {
namespace {

constexpr int64_t kBatchRows = 4096;

std::unique_ptr<KeyedStateBackend> Backend() {
  auto b = KeyedStateBackend::Make(KeyedStateBackendOptions{
      "bench", {LogicalType::BigInt()}, 128, KeyGroupRange{0, 127}, nullptr});
  WEIR_CHECK_OK(b.status());
  return std::move(b).ValueOrDie();
}

// Key batches of uniformly random keys in [0, distinct).
std::vector<ColumnPtr> KeyBatches(int64_t distinct, int num_batches, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<ColumnPtr> batches;
  for (int b = 0; b < num_batches; ++b) {
    FixedWidthBuilder<int64_t> builder(LogicalType::BigInt(false), nullptr);
    WEIR_CHECK_OK(builder.Reserve(kBatchRows));
    for (int64_t i = 0; i < kBatchRows; ++i) {
      builder.UnsafeAppend(static_cast<int64_t>(rng() % static_cast<uint64_t>(distinct)));
    }
    batches.push_back(builder.Finish().ValueOrDie());
  }
  return batches;
}

// Keyed sum through FixedValueState::UpdateBatch (the hash_exchange_sum inner loop).
void BM_FixedValueStateSum(benchmark::State& state) {
  const int64_t distinct = state.range(0);
  auto backend = Backend();
  auto* sum = backend->GetFixedValueState(ValueStateDescriptor<int64_t>("sum")).ValueOrDie();
  auto batches = KeyBatches(distinct, 64, 1);
  std::vector<int64_t> values(kBatchRows, 3);
  // Warm up: every key present, tables at their final size.
  for (int64_t k = 0; k < distinct; k += kBatchRows) {
    FixedWidthBuilder<int64_t> builder(LogicalType::BigInt(false), nullptr);
    for (int64_t i = k; i < k + kBatchRows && i < distinct; ++i) WEIR_CHECK_OK(builder.Append(i));
    ColumnPtr keys = builder.Finish().ValueOrDie();
    WEIR_CHECK_OK(sum->UpdateBatch(*keys, [](int64_t, int64_t& v, bool) { v += 1; }));
  }
  size_t b = 0;
  for (auto _ : state) {
    const ColumnVector& keys = *batches[b++ % batches.size()];
    Status st = sum->UpdateBatch(keys, [&](int64_t row, int64_t& v, bool) {
      v += values[static_cast<size_t>(row)];
    });
    if (!st.ok()) state.SkipWithError(st.ToString().c_str());
  }
  state.SetItemsProcessed(state.iterations() * kBatchRows);
}
BENCHMARK(BM_FixedValueStateSum)->Arg(1000)->Arg(1000000);

// The same sum through the per-record ValueState path.
void BM_ValueStatePerRecordSum(benchmark::State& state) {
  const int64_t distinct = state.range(0);
  auto backend = Backend();
  auto* sum = backend->GetValueState(ValueStateDescriptor<int64_t>("sum")).ValueOrDie();
  auto batches = KeyBatches(distinct, 64, 2);
  size_t b = 0;
  for (auto _ : state) {
    const ColumnVector& keys = *batches[b++ % batches.size()];
    WEIR_CHECK_OK(backend->SetKeyColumns({&keys}));
    for (int64_t row = 0; row < keys.length(); ++row) {
      WEIR_CHECK_OK(backend->SetCurrentKeyRow(row));
      const int64_t* v = sum->Get();
      WEIR_CHECK_OK(sum->Update((v ? *v : 0) + 3));
    }
  }
  state.SetItemsProcessed(state.iterations() * kBatchRows);
}
BENCHMARK(BM_ValueStatePerRecordSum)->Arg(1000000);

// The synchronous part of a snapshot of 1M keys, then the first batch of writes after it
// (which copies the pages it touches).
void BM_SnapshotCapture(benchmark::State& state) {
  auto backend = Backend();
  auto* sum = backend->GetFixedValueState(ValueStateDescriptor<int64_t>("sum")).ValueOrDie();
  for (int64_t k = 0; k < 1000000; k += kBatchRows) {
    FixedWidthBuilder<int64_t> builder(LogicalType::BigInt(false), nullptr);
    for (int64_t i = k; i < k + kBatchRows && i < 1000000; ++i) WEIR_CHECK_OK(builder.Append(i));
    ColumnPtr keys = builder.Finish().ValueOrDie();
    WEIR_CHECK_OK(sum->UpdateBatch(*keys, [](int64_t, int64_t& v, bool) { v += 1; }));
  }
  for (auto _ : state) {
    auto snapshot = backend->Snapshot().ValueOrDie();
    benchmark::DoNotOptimize(snapshot.get());
    state.PauseTiming();
    snapshot.reset();
    state.ResumeTiming();
  }
}
BENCHMARK(BM_SnapshotCapture)->Unit(benchmark::kMicrosecond);

// The asynchronous part: serialising 1M entries into an in-memory stream.
void BM_SnapshotWrite(benchmark::State& state) {
  auto backend = Backend();
  auto* sum = backend->GetFixedValueState(ValueStateDescriptor<int64_t>("sum")).ValueOrDie();
  for (int64_t k = 0; k < 1000000; k += kBatchRows) {
    FixedWidthBuilder<int64_t> builder(LogicalType::BigInt(false), nullptr);
    for (int64_t i = k; i < k + kBatchRows && i < 1000000; ++i) WEIR_CHECK_OK(builder.Append(i));
    ColumnPtr keys = builder.Finish().ValueOrDie();
    WEIR_CHECK_OK(sum->UpdateBatch(*keys, [](int64_t, int64_t& v, bool) { v += 1; }));
  }
  for (auto _ : state) {
    MemoryCheckpointStorage storage;
    auto snapshot = backend->Snapshot().ValueOrDie();
    auto handle = snapshot->Write(storage, "bench").ValueOrDie();
    benchmark::DoNotOptimize(handle);
  }
  state.SetItemsProcessed(state.iterations() * 1000000);
}
BENCHMARK(BM_SnapshotWrite)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace weir::runtime
