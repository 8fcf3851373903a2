// Benchmarks of batch building: 4096-row (BIGINT, DOUBLE, STRING) batches, typed vs generic.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "weir/common/batch/column_builder.h"
#include "weir/common/batch/record_batch.h"
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

BENCHMARK(BM_BuildBatchTyped);
BENCHMARK(BM_BuildBatchGeneric);

}  // namespace
}  // namespace weir
