// Benchmark of the Nexmark generator: events/s of batch generation, whole columns and the
// nested projections the queries read.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "weir/common/check.h"
#include "weir/connectors/nexmark/nexmark_generator.h"

namespace weir::connectors {
namespace {

using Paths = std::vector<std::vector<int32_t>>;

void RunGenerator(benchmark::State& state, std::optional<Paths> projection) {
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

// Returns the one-entry paths of whole columns.
Paths Whole(std::vector<int32_t> columns) {
  Paths paths;
  for (int32_t c : columns) paths.push_back({c});
  return paths;
}

void BM_NexmarkGenerateAllColumns(benchmark::State& state) { RunGenerator(state, std::nullopt); }
BENCHMARK(BM_NexmarkGenerateAllColumns)->Arg(1024)->Arg(4096)->Arg(16384);

void BM_NexmarkGenerateBidOnly(benchmark::State& state) {
  RunGenerator(state, Whole({kNexmarkBid}));
}
BENCHMARK(BM_NexmarkGenerateBidOnly)->Arg(1024)->Arg(4096)->Arg(16384);

// What the bid view reads once the planner folds the computed dateTime under event_type = 2.
void BM_NexmarkGenerateEventTypeAndBid(benchmark::State& state) {
  RunGenerator(state, Whole({kNexmarkEventType, kNexmarkBid}));
}
BENCHMARK(BM_NexmarkGenerateEventTypeAndBid)->Arg(4096);

void BM_NexmarkGenerateEventTypeOnly(benchmark::State& state) {
  RunGenerator(state, Whole({kNexmarkEventType}));
}
BENCHMARK(BM_NexmarkGenerateEventTypeOnly)->Arg(4096);

// Nested projections as the planner pushes them for the bid view: event_type, the person's and
// the auction's dateTime (fields 6 and 5: they feed the computed watermark column), then the
// bid fields read (auction 0, bidder 1, price 2, channel 3, url 4, dateTime 5, extra 6).
Paths BidView(std::vector<int32_t> bid_fields) {
  Paths paths{{kNexmarkEventType}, {kNexmarkPerson, 6}, {kNexmarkAuction, 5}};
  for (int32_t f : bid_fields) paths.push_back({kNexmarkBid, f});
  return paths;
}

// q0: the whole bid view.
void BM_NexmarkGenerateQ0Like(benchmark::State& state) {
  RunGenerator(state, BidView({0, 1, 2, 5, 6}));
}
BENCHMARK(BM_NexmarkGenerateQ0Like)->Arg(1024)->Arg(4096)->Arg(16384);

// q2: scalars only.
void BM_NexmarkGenerateQ2Like(benchmark::State& state) { RunGenerator(state, BidView({5, 0, 2})); }
BENCHMARK(BM_NexmarkGenerateQ2Like)->Arg(1024)->Arg(4096)->Arg(16384);

// q22: the bid's scalars plus channel and url.
void BM_NexmarkGenerateQ22Like(benchmark::State& state) {
  RunGenerator(state, BidView({0, 1, 2, 3, 4, 5}));
}
BENCHMARK(BM_NexmarkGenerateQ22Like)->Arg(4096);

}  // namespace
}  // namespace weir::connectors
