// Benchmarks of batch building (typed vs generic) and of gathers (AppendIndices) by pattern.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "weir/common/batch/column_builder.h"
#include "weir/common/batch/record_batch.h"
#include "weir/common/batch/selection_vector.h"
#include "weir/common/batch/value.h"
#include "weir/common/types/schema.h"

namespace weir {
namespace {

constexpr int64_t kRows = 4096;

SchemaPtr BenchSchema() {
  return std::make_shared<Schema>(std::vector<Field>{Field("id", LogicalType::BigInt()),
                                                     Field("price", LogicalType::Double()),
                                                     Field("name", LogicalType::String())});
}

// Row i's string: 8 to 23 bytes, so the data buffer is not one fixed stride.
std::vector<std::string> MakeNames() {
  std::vector<std::string> names;
  names.reserve(kRows);
  for (int64_t i = 0; i < kRows; ++i) {
    std::string name = "name-";
    name += std::to_string(i * 2654435761u % 100000);
    name.append(static_cast<size_t>(i % 16), 'x');
    names.push_back(std::move(name));
  }
  return names;
}

int64_t PayloadBytes(const std::vector<std::string>& names) {
  int64_t bytes = kRows * (8 + 8);
  for (const std::string& s : names) bytes += static_cast<int64_t>(s.size());
  return bytes;
}

// Typed builders: Reserve, then FixedWidthBuilder::UnsafeAppend and StringBuilder::Append.
void BM_BuildBatchTyped(benchmark::State& state) {
  SchemaPtr schema = BenchSchema();
  const std::vector<std::string> names = MakeNames();
  int64_t name_bytes = 0;
  for (const std::string& s : names) name_bytes += static_cast<int64_t>(s.size());
  for (auto _ : state) {
    FixedWidthBuilder<int64_t> ids(LogicalType::BigInt(), nullptr);
    FixedWidthBuilder<double> prices(LogicalType::Double(), nullptr);
    StringBuilder strings(LogicalType::String(), nullptr);
    WEIR_CHECK_OK(ids.Reserve(kRows));
    WEIR_CHECK_OK(prices.Reserve(kRows));
    WEIR_CHECK_OK(strings.Reserve(kRows));
    WEIR_CHECK_OK(strings.ReserveData(name_bytes));
    for (int64_t i = 0; i < kRows; ++i) {
      ids.UnsafeAppend(i);
      prices.UnsafeAppend(static_cast<double>(i) * 0.25);
      WEIR_CHECK_OK(strings.Append(names[i]));
    }
    auto id_col = ids.Finish();
    auto price_col = prices.Finish();
    auto name_col = strings.Finish();
    WEIR_CHECK_OK(id_col.status());
    WEIR_CHECK_OK(price_col.status());
    WEIR_CHECK_OK(name_col.status());
    auto batch = RecordBatch::Make(schema, {*id_col, *price_col, *name_col});
    WEIR_CHECK_OK(batch.status());
    benchmark::DoNotOptimize(batch->get());
  }
  state.SetItemsProcessed(state.iterations() * kRows);
  state.SetBytesProcessed(state.iterations() * PayloadBytes(names));
}

// Generic path: ColumnBuilder::Make and the virtual AppendValue(Value), for comparison.
void BM_BuildBatchGeneric(benchmark::State& state) {
  SchemaPtr schema = BenchSchema();
  const std::vector<std::string> names = MakeNames();
  std::vector<Value> id_values, price_values, name_values;
  for (int64_t i = 0; i < kRows; ++i) {
    id_values.emplace_back(i);
    price_values.emplace_back(static_cast<double>(i) * 0.25);
    name_values.emplace_back(names[i]);
  }
  const std::vector<Value>* values[] = {&id_values, &price_values, &name_values};
  for (auto _ : state) {
    std::vector<ColumnPtr> columns;
    for (int c = 0; c < schema->num_fields(); ++c) {
      auto builder = ColumnBuilder::Make(schema->type(c));
      WEIR_CHECK_OK(builder.status());
      WEIR_CHECK_OK((*builder)->Reserve(kRows));
      for (const Value& v : *values[c]) WEIR_CHECK_OK((*builder)->AppendValue(v));
      auto column = (*builder)->Finish();
      WEIR_CHECK_OK(column.status());
      columns.push_back(std::move(*column));
    }
    auto batch = RecordBatch::Make(schema, std::move(columns));
    WEIR_CHECK_OK(batch.status());
    benchmark::DoNotOptimize(batch->get());
  }
  state.SetItemsProcessed(state.iterations() * kRows);
  state.SetBytesProcessed(state.iterations() * PayloadBytes(names));
}

// ---------------------------------------------------------------------------------------
// Gathers: ColumnBuilder::AppendIndices (what Take and a filtering Calc run) of a 4096-row
// column, by selection pattern. The counter time_per_row is the CPU time per selected row
// (printed in seconds with an SI prefix: 2.5n is 2.5 ns).

enum GatherPattern : int64_t {
  kRuns46Of50 = 0,  // Nexmark `event_type = 2`: runs of 46 consecutive rows out of every 50
  kRandom1Pct = 1,  // a selective filter: isolated rows, about 1%
  kAllRows = 2,     // a filter that keeps everything
  kEveryOther = 3,  // isolated rows at a high rate: every second row
};

std::vector<int32_t> GatherIndices(int64_t pattern) {
  std::vector<int32_t> out;
  std::mt19937 rng(42);
  for (int32_t i = 0; i < kRows; ++i) {
    bool keep = true;
    if (pattern == kRuns46Of50) keep = i % 50 < 46;
    if (pattern == kRandom1Pct) keep = rng() % 100 == 0;
    if (pattern == kEveryOther) keep = i % 2 == 0;
    if (keep) out.push_back(i);
  }
  return out;
}

const char* GatherLabel(int64_t pattern) {
  switch (pattern) {
    case kRuns46Of50:
      return "runs 46 of 50";
    case kRandom1Pct:
      return "1% random";
    case kEveryOther:
      return "every other row";
    default:
      return "all rows";
  }
}

// Row i's string for the gather source: 62 to 77 bytes, like a Nexmark url/extra field.
ColumnPtr GatherStringColumn() {
  StringBuilder b(LogicalType::String(), nullptr);
  for (int64_t i = 0; i < kRows; ++i) {
    std::string s = "https://www.nexmark.com/item/";
    s += std::to_string(i * 2654435761u % 1000000);
    s.append(static_cast<size_t>(27 + i % 16), 'q');
    WEIR_CHECK_OK(b.Append(s));
  }
  auto c = b.Finish();
  WEIR_CHECK_OK(c.status());
  return *c;
}

ColumnPtr GatherBigIntColumn() {
  FixedWidthBuilder<int64_t> b(LogicalType::BigInt(), nullptr);
  WEIR_CHECK_OK(b.Reserve(kRows));
  for (int64_t i = 0; i < kRows; ++i) b.UnsafeAppend(i * 7919);
  auto c = b.Finish();
  WEIR_CHECK_OK(c.status());
  return *c;
}

// BIGINT with every 10th row null, for the validity gather.
ColumnPtr GatherNullableBigIntColumn() {
  FixedWidthBuilder<int64_t> b(LogicalType::BigInt(), nullptr);
  for (int64_t i = 0; i < kRows; ++i) {
    WEIR_CHECK_OK(i % 10 == 3 ? b.AppendNull() : b.Append(i * 7919));
  }
  auto c = b.Finish();
  WEIR_CHECK_OK(c.status());
  return *c;
}

void RunGather(benchmark::State& state, const ColumnVector& src) {
  const std::vector<int32_t> indices = GatherIndices(state.range(0));
  const int64_t n = static_cast<int64_t>(indices.size());
  auto made = ColumnBuilder::Make(src.type());
  WEIR_CHECK_OK(made.status());
  std::unique_ptr<ColumnBuilder> builder = std::move(*made);
  for (auto _ : state) {
    WEIR_CHECK_OK(builder->AppendIndices(src, indices.data(), n));
    auto column = builder->Finish();
    WEIR_CHECK_OK(column.status());
    benchmark::DoNotOptimize(column->get());
  }
  state.SetLabel(GatherLabel(state.range(0)));
  state.SetItemsProcessed(state.iterations() * n);
  state.counters["time_per_row"] =
      benchmark::Counter(static_cast<double>(n), benchmark::Counter::kIsIterationInvariantRate |
                                                     benchmark::Counter::kInvert);
}

void BM_GatherBigInt(benchmark::State& state) { RunGather(state, *GatherBigIntColumn()); }
void BM_GatherBigIntNulls(benchmark::State& state) {
  RunGather(state, *GatherNullableBigIntColumn());
}
void BM_GatherString(benchmark::State& state) { RunGather(state, *GatherStringColumn()); }

BENCHMARK(BM_BuildBatchTyped);
BENCHMARK(BM_BuildBatchGeneric);
BENCHMARK(BM_GatherBigInt)->Arg(kRuns46Of50)->Arg(kRandom1Pct)->Arg(kAllRows)->Arg(kEveryOther);
BENCHMARK(BM_GatherBigIntNulls)
    ->Arg(kRuns46Of50)
    ->Arg(kRandom1Pct)
    ->Arg(kAllRows)
    ->Arg(kEveryOther);
BENCHMARK(BM_GatherString)->Arg(kRuns46Of50)->Arg(kRandom1Pct)->Arg(kAllRows)->Arg(kEveryOther);

}  // namespace
}  // namespace weir
