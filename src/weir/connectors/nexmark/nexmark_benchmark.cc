// Benchmark of the Nexmark generator: events/s of batch generation, all columns and
// bid-only projection.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "weir/common/check.h"
#include "weir/connectors/nexmark/nexmark_generator.h"

namespace weir::connectors {
namespace {

void RunGenerator(benchmark::State& state, std::optional<std::vector<int32_t>> projection) {
  const int64_t batch_rows = state.range(0);
  NexmarkGeneratorConfig config;
  config.options.first_event_rate = 10'000'000;
  config.base_time_ms = 1'700'000'000'000;
  config.seed = 1;
  config.num_generators = 8;
  auto made = NexmarkGenerator::Make(config, std::move(projection));
  WEIR_CHECK(made.ok());
  const NexmarkGenerator& g = **made;
  const NexmarkSplit split = MakeNexmarkSplits(config.options.max_events(), -1, 8)[0];
  int64_t next = 0;
  for (auto _ : state) {
    auto batch = g.Generate(split, next, batch_rows);
    WEIR_CHECK(batch.ok());
    next += batch_rows;
    benchmark::DoNotOptimize(batch);
  }
  state.SetItemsProcessed(next);
  state.counters["events/s"] =
      benchmark::Counter(static_cast<double>(next), benchmark::Counter::kIsRate);
}

void BM_NexmarkGenerateAllColumns(benchmark::State& state) { RunGenerator(state, std::nullopt); }
BENCHMARK(BM_NexmarkGenerateAllColumns)->Arg(1024)->Arg(4096)->Arg(16384);

void BM_NexmarkGenerateBidOnly(benchmark::State& state) {
  RunGenerator(state, std::vector<int32_t>{kNexmarkBid});
}
BENCHMARK(BM_NexmarkGenerateBidOnly)->Arg(1024)->Arg(4096)->Arg(16384);

// What the bid view reads once the planner folds the computed dateTime under event_type = 2.
void BM_NexmarkGenerateEventTypeAndBid(benchmark::State& state) {
  RunGenerator(state, std::vector<int32_t>{kNexmarkEventType, kNexmarkBid});
}
BENCHMARK(BM_NexmarkGenerateEventTypeAndBid)->Arg(4096);

void BM_NexmarkGenerateEventTypeOnly(benchmark::State& state) {
  RunGenerator(state, std::vector<int32_t>{kNexmarkEventType});
}
BENCHMARK(BM_NexmarkGenerateEventTypeOnly)->Arg(4096);

}  // namespace
}  // namespace weir::connectors
