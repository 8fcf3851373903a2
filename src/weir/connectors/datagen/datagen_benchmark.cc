// Benchmark of the datagen generator: rows/s for (BIGINT sequence, BIGINT random, STRING(16)).
#include <benchmark/benchmark.h>

#include <cstdint>
#include <memory>

#include "weir/common/check.h"
#include "weir/connectors/datagen/datagen_generator.h"

namespace weir::connectors {
namespace {

void BM_DatagenGenerate(benchmark::State& state) {
  const int64_t batch_rows = state.range(0);
  auto schema = Schema::Parse("id BIGINT, v BIGINT, s STRING");
  WEIR_CHECK(schema.ok());
  auto options = DatagenOptions::Parse({{"fields.id.kind", "sequence"},
                                        {"fields.id.start", "0"},
                                        {"fields.id.end", "9223372036854775806"},
                                        {"fields.s.length", "16"}},
                                       **schema);
  WEIR_CHECK(options.ok());
  DatagenGeneratorConfig config;
  config.seed = 1;
  auto gen = DatagenGenerator::Make(*schema, *options, config);
  WEIR_CHECK(gen.ok());
  DatagenGenerator& g = **gen;
  int64_t rows = 0;
  for (auto _ : state) {
    auto batch = g.Next(batch_rows);
    WEIR_CHECK(batch.ok());
    rows += (*batch)->num_rows();
    benchmark::DoNotOptimize(batch);
  }
  state.SetItemsProcessed(rows);
  state.counters["rows/s"] =
      benchmark::Counter(static_cast<double>(rows), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_DatagenGenerate)->Arg(1024)->Arg(4096)->Arg(16384);

}  // namespace
}  // namespace weir::connectors
