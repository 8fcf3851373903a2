// Benchmarks of key hashing: rows/s for 1-3 BIGINT or STRING key columns over 4096-row batches.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "weir/common/batch/column_builder.h"
#include "weir/common/batch/record_batch.h"
#include "weir/common/hash/key_hash.h"
#include "weir/common/types/schema.h"

namespace weir {
namespace {

constexpr int64_t kRows = 4096;
constexpr int kStringLength = 16;

ColumnPtr MakeBigIntColumn(uint64_t seed) {
  FixedWidthBuilder<int64_t> builder(LogicalType::BigInt(), nullptr);
  WEIR_CHECK_OK(builder.Reserve(kRows));
  std::mt19937_64 rng(seed);
  for (int64_t i = 0; i < kRows; ++i) builder.UnsafeAppend(static_cast<int64_t>(rng()));
  auto column = builder.Finish();
  WEIR_CHECK_OK(column.status());
  return *column;
}

ColumnPtr MakeStringColumn(uint64_t seed) {
  StringBuilder builder(LogicalType::String(), nullptr);
  WEIR_CHECK_OK(builder.Reserve(kRows));
  WEIR_CHECK_OK(builder.ReserveData(kRows * kStringLength));
  std::mt19937_64 rng(seed);
  std::string s(kStringLength, 'x');
  for (int64_t i = 0; i < kRows; ++i) {
    for (char& c : s) c = static_cast<char>('a' + rng() % 26);
    WEIR_CHECK_OK(builder.Append(s));
  }
  auto column = builder.Finish();
  WEIR_CHECK_OK(column.status());
  return *column;
}

RecordBatchPtr MakeKeyBatch(bool strings, int num_keys) {
  std::vector<Field> fields;
  std::vector<ColumnPtr> columns;
  for (int k = 0; k < num_keys; ++k) {
    static const char* const kNames[] = {"k0", "k1", "k2", "k3"};
    fields.emplace_back(kNames[k], strings ? LogicalType::String() : LogicalType::BigInt());
    columns.push_back(strings ? MakeStringColumn(k + 1) : MakeBigIntColumn(k + 1));
  }
  auto batch = RecordBatch::Make(std::make_shared<Schema>(std::move(fields)), std::move(columns));
  WEIR_CHECK_OK(batch.status());
  return *batch;
}

void RunHashColumns(benchmark::State& state, bool strings) {
  const int num_keys = static_cast<int>(state.range(0));
  RecordBatchPtr batch = MakeKeyBatch(strings, num_keys);
  std::vector<int> keys;
  for (int k = 0; k < num_keys; ++k) keys.push_back(k);
  std::vector<uint64_t> hashes(kRows);
  for (auto _ : state) {
    HashColumns(*batch, keys, hashes.data());
    benchmark::DoNotOptimize(hashes.data());
    benchmark::ClobberMemory();
  }
  const int64_t key_bytes = strings ? kStringLength : 8;
  state.SetItemsProcessed(state.iterations() * kRows);
  state.SetBytesProcessed(state.iterations() * kRows * num_keys * key_bytes);
}

void BM_HashBigIntKeys(benchmark::State& state) { RunHashColumns(state, /*strings=*/false); }
void BM_HashStringKeys(benchmark::State& state) { RunHashColumns(state, /*strings=*/true); }

// The row-at-a-time path, for comparison with the vectorised one.
void BM_HashRowBigIntKeys(benchmark::State& state) {
  const int num_keys = static_cast<int>(state.range(0));
  RecordBatchPtr batch = MakeKeyBatch(/*strings=*/false, num_keys);
  std::vector<int> keys;
  for (int k = 0; k < num_keys; ++k) keys.push_back(k);
  std::vector<uint64_t> hashes(kRows);
  for (auto _ : state) {
    for (int64_t i = 0; i < kRows; ++i) hashes[i] = HashRow(*batch, keys, i);
    benchmark::DoNotOptimize(hashes.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * kRows);
  state.SetBytesProcessed(state.iterations() * kRows * num_keys * 8);
}

BENCHMARK(BM_HashBigIntKeys)->Arg(1)->Arg(2)->Arg(3);
BENCHMARK(BM_HashStringKeys)->Arg(1)->Arg(2)->Arg(3);
BENCHMARK(BM_HashRowBigIntKeys)->Arg(1)->Arg(3);

}  // namespace
}  // namespace weir
