// Benchmarks of batch serialisation: serialise and deserialise GB/s per codec for a 4096-row batch.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <string>

#include "weir/common/batch/batch_serde.h"
#include "weir/common/batch/column_builder.h"
#include "weir/common/batch/record_batch.h"
#include "weir/common/check.h"

namespace weir {
namespace {

constexpr int64_t kRows = 4096;

// BIGINT ids, DOUBLE prices and 16-character STRING names, like a typical event stream.
RecordBatchPtr MakeBenchBatch() {
  auto schema = Schema::Parse("id BIGINT, price DOUBLE, name STRING");
  WEIR_CHECK_OK(schema.status());
  FixedWidthBuilder<int64_t> ids(LogicalType::BigInt(), DefaultMemoryPool());
  FixedWidthBuilder<double> prices(LogicalType::Double(), DefaultMemoryPool());
  StringBuilder names(LogicalType::String(), DefaultMemoryPool());
  char name[17];
  for (int64_t i = 0; i < kRows; ++i) {
    WEIR_CHECK_OK(ids.Append(1000000 + i * 37));
    WEIR_CHECK_OK(prices.Append(static_cast<double>((i * 7919) % 100000) / 100.0));
    std::snprintf(name, sizeof(name), "user-%011lld", static_cast<long long>((i * 104729) % 1000003));
    WEIR_CHECK_OK(names.Append(std::string_view(name, 16)));
  }
  auto id_col = ids.Finish();
  auto price_col = prices.Finish();
  auto name_col = names.Finish();
  WEIR_CHECK_OK(id_col.status());
  WEIR_CHECK_OK(price_col.status());
  WEIR_CHECK_OK(name_col.status());
  auto batch = RecordBatch::Make(*schema, {*id_col, *price_col, *name_col});
  WEIR_CHECK_OK(batch.status());
  return *batch;
}

const RecordBatchPtr& BenchBatch() {
  static const RecordBatchPtr batch = MakeBenchBatch();
  return batch;
}

void SetCounters(benchmark::State& state, Compression codec, int64_t plain, int64_t stored) {
  state.SetBytesProcessed(state.iterations() * plain);
  state.SetLabel(CompressionName(codec));
  state.counters["ratio"] = static_cast<double>(plain) / static_cast<double>(stored);
}

void BM_SerializeBatch(benchmark::State& state) {
  const auto codec = static_cast<Compression>(state.range(0));
  const RecordBatch& batch = *BenchBatch();
  auto plain = SerializedBatchSize(batch);
  WEIR_CHECK_OK(plain.status());
  int64_t stored = 0;
  for (auto _ : state) {
    Result<BufferPtr> bytes = SerializeBatch(batch, SerializeOptions{codec});
    WEIR_CHECK(bytes.ok());
    stored = (*bytes)->size();
    benchmark::DoNotOptimize((*bytes)->data());
  }
  SetCounters(state, codec, *plain, stored);
}

void BM_DeserializeBatch(benchmark::State& state) {
  const auto codec = static_cast<Compression>(state.range(0));
  const RecordBatch& batch = *BenchBatch();
  auto plain = SerializedBatchSize(batch);
  WEIR_CHECK_OK(plain.status());
  auto bytes = SerializeBatch(batch, SerializeOptions{codec});
  WEIR_CHECK_OK(bytes.status());
  for (auto _ : state) {
    Result<RecordBatchPtr> decoded = DeserializeBatch(*bytes, batch.schema());
    WEIR_CHECK(decoded.ok());
    benchmark::DoNotOptimize((*decoded)->num_rows());
  }
  SetCounters(state, codec, *plain, (*bytes)->size());
}

BENCHMARK(BM_SerializeBatch)->ArgName("codec")->Arg(0)->Arg(1)->Arg(2);
BENCHMARK(BM_DeserializeBatch)->ArgName("codec")->Arg(0)->Arg(1)->Arg(2);

}  // namespace
}  // namespace weir
