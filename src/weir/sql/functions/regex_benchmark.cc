// Benchmarks of the regex kernels over 4096 Nexmark-like bid urls (Nexmark q21's shape).
#include <benchmark/benchmark.h>

#include <random>

#include "weir/common/batch/column_builder.h"
#include "weir/common/check.h"
#include "weir/sql/expr/compiled_expr.h"
#include "weir/sql/functions/bench_bid_urls.h"
#include "weir/sql/functions/function_registry.h"

namespace weir::sql {
namespace {

constexpr int64_t kRows = 4096;
constexpr const char* kChannelPattern = "(&|^)channel_id=([^&]*)";

// Urls of ~80 bytes; about half carry "&channel_id=<int>" at the end (the non-hot channels).
RecordBatchPtr MakeUrls() {
  auto schema = *Schema::Parse("url STRING");
  std::mt19937_64 rng(7);
  StringBuilder urls(LogicalType::String(), nullptr);
  std::string url;
  for (int64_t i = 0; i < kRows; ++i) {
    bench::NexmarkBidUrl(rng, url);
    if (rng() % 2 == 0) bench::AppendChannelId(rng, url);
    WEIR_CHECK(urls.Append(url).ok());
  }
  return *RecordBatch::Make(schema, {*urls.Finish()});
}

ExprPtr Call(const std::string& name, std::vector<ExprPtr> args) {
  auto r = FunctionRegistry::Builtins().MakeCall(name, std::move(args));
  WEIR_CHECK(r.ok());
  return *r;
}

ExprPtr Str(const std::string& s) { return Expr::Literal(Value(s), LogicalType::String(false)); }

ExprPtr Int(int32_t v) { return Expr::Literal(Value(v), LogicalType::Int(false)); }

void RunExpr(benchmark::State& state, const ExprPtr& e) {
  auto batch = MakeUrls();
  auto compiled = CompiledExpr::Make(e, *batch->schema());
  WEIR_CHECK(compiled.ok());
  for (auto _ : state) {
    auto col = (*compiled)->Evaluate(*batch);
    WEIR_CHECK(col.ok());
    benchmark::DoNotOptimize(col);
  }
  state.SetItemsProcessed(state.iterations() * kRows);
}

ExprPtr UrlColumn() { return Expr::Column(0, LogicalType::String()); }

void BM_RegexpExtractChannelId(benchmark::State& state) {
  RunExpr(state, Call("REGEXP_EXTRACT", {UrlColumn(), Str(kChannelPattern), Int(2)}));
}
BENCHMARK(BM_RegexpExtractChannelId);

void BM_RegexpExtractWholeMatch(benchmark::State& state) {
  RunExpr(state, Call("REGEXP_EXTRACT", {UrlColumn(), Str("channel_id=[0-9-]+"), Int(0)}));
}
BENCHMARK(BM_RegexpExtractWholeMatch);

void BM_Regexp(benchmark::State& state) {
  RunExpr(state, Call("REGEXP", {UrlColumn(), Str(kChannelPattern)}));
}
BENCHMARK(BM_Regexp);

void BM_RegexpReplace(benchmark::State& state) {
  RunExpr(state, Call("REGEXP_REPLACE", {UrlColumn(), Str("&channel_id=[^&]*"), Str("")}));
}
BENCHMARK(BM_RegexpReplace);

void BM_RegexpInstr(benchmark::State& state) {
  RunExpr(state, Call("REGEXP_INSTR", {UrlColumn(), Str(kChannelPattern)}));
}
BENCHMARK(BM_RegexpInstr);

void BM_RegexpExtractAll(benchmark::State& state) {
  RunExpr(state, Call("REGEXP_EXTRACT_ALL", {UrlColumn(), Str(kChannelPattern), Int(2)}));
}
BENCHMARK(BM_RegexpExtractAll);

}  // namespace
}  // namespace weir::sql
