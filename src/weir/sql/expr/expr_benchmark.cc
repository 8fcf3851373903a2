// Benchmarks of compiled expressions over 4096-row batches: the WHERE and SELECT items of
// `SELECT a, b * 2, UPPER(s) FROM t WHERE a % 7 = 0`, and Nexmark q21's Calc with and without
// shared subexpressions.
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

RecordBatchPtr MakeBatch() {
  auto schema = *Schema::Parse("a BIGINT, b INT, s STRING");
  std::mt19937_64 rng(42);
  FixedWidthBuilder<int64_t> a(LogicalType::BigInt(), nullptr);
  FixedWidthBuilder<int32_t> b(LogicalType::Int(), nullptr);
  StringBuilder s(LogicalType::String(), nullptr);
  std::string text;
  for (int64_t i = 0; i < kRows; ++i) {
    WEIR_CHECK(a.Append(static_cast<int64_t>(rng() % 1000000)).ok());
    WEIR_CHECK(b.Append(static_cast<int32_t>(rng() % 100000)).ok());
    text.clear();
    size_t len = 8 + rng() % 16;
    for (size_t k = 0; k < len; ++k) text += static_cast<char>('a' + rng() % 26);
    WEIR_CHECK(s.Append(text).ok());
  }
  return *RecordBatch::Make(schema, {*a.Finish(), *b.Finish(), *s.Finish()});
}

ExprPtr Bind(const std::string& name, std::vector<ExprPtr> args) {
  auto r = FunctionRegistry::Builtins().MakeCall(name, std::move(args));
  WEIR_CHECK(r.ok());
  return *r;
}

ExprPtr ModPredicate() {
  auto a = Expr::Column(0, LogicalType::BigInt());
  auto seven = Expr::Literal(Value(int32_t{7}), LogicalType::Int(false));
  auto zero = Expr::Literal(Value(int32_t{0}), LogicalType::Int(false));
  return Bind("=", {Bind("%", {a, seven}), zero});
}

std::unique_ptr<CompiledExpr> Compile(const ExprPtr& e, const RecordBatch& batch) {
  auto c = CompiledExpr::Make(e, *batch.schema());
  WEIR_CHECK(c.ok());
  return std::move(*c);
}

void BM_FilterModEq(benchmark::State& state) {
  auto batch = MakeBatch();
  auto pred = Compile(ModPredicate(), *batch);
  for (auto _ : state) {
    auto sel = pred->Filter(*batch);
    benchmark::DoNotOptimize(sel);
  }
  state.SetItemsProcessed(state.iterations() * kRows);
}
BENCHMARK(BM_FilterModEq);

void BM_MultiplyByTwo(benchmark::State& state) {
  auto batch = MakeBatch();
  auto e = Compile(Bind("*", {Expr::Column(1, LogicalType::Int()),
                              Expr::Literal(Value(int32_t{2}), LogicalType::Int(false))}),
                   *batch);
  for (auto _ : state) {
    auto col = e->Evaluate(*batch);
    benchmark::DoNotOptimize(col);
  }
  state.SetItemsProcessed(state.iterations() * kRows);
}
BENCHMARK(BM_MultiplyByTwo);

void BM_Upper(benchmark::State& state) {
  auto batch = MakeBatch();
  auto e = Compile(Bind("UPPER", {Expr::Column(2, LogicalType::String())}), *batch);
  for (auto _ : state) {
    auto col = e->Evaluate(*batch);
    benchmark::DoNotOptimize(col);
  }
  state.SetItemsProcessed(state.iterations() * kRows);
}
BENCHMARK(BM_Upper);

// The whole query shape: filter, then the projections over the selected rows.
void BM_SelectWhere(benchmark::State& state) {
  auto batch = MakeBatch();
  auto pred = Compile(ModPredicate(), *batch);
  auto times_two = Compile(Bind("*", {Expr::Column(1, LogicalType::Int()),
                                      Expr::Literal(Value(int32_t{2}), LogicalType::Int(false))}),
                           *batch);
  auto upper = Compile(Bind("UPPER", {Expr::Column(2, LogicalType::String())}), *batch);
  auto a = Compile(Expr::Column(0, LogicalType::BigInt()), *batch);
  for (auto _ : state) {
    auto sel = pred->Filter(*batch);
    auto c0 = a->Evaluate(*batch, &*sel);
    auto c1 = times_two->Evaluate(*batch, &*sel);
    auto c2 = upper->Evaluate(*batch, &*sel);
    benchmark::DoNotOptimize(c0);
    benchmark::DoNotOptimize(c1);
    benchmark::DoNotOptimize(c2);
  }
  state.SetItemsProcessed(state.iterations() * kRows);
}
BENCHMARK(BM_SelectWhere);

// Nexmark q21 bids: channel (half of them one of four hot channels, in varying case) and url
// (the others mostly end with "&channel_id=<int>").
RecordBatchPtr MakeBids() {
  auto schema = *Schema::Parse("channel STRING, url STRING");
  std::mt19937_64 rng(21);
  StringBuilder channels(LogicalType::String(), nullptr);
  StringBuilder urls(LogicalType::String(), nullptr);
  static const char* kHot[] = {"Apple", "Google", "Facebook", "Baidu"};
  std::string url;
  for (int64_t i = 0; i < kRows; ++i) {
    bench::NexmarkBidUrl(rng, url);
    if (rng() % 2 == 0) {
      WEIR_CHECK(channels.Append(kHot[rng() % 4]).ok());
    } else {
      WEIR_CHECK(channels.Append("channel-" + std::to_string(rng() % 10000)).ok());
      if (rng() % 10 != 0) bench::AppendChannelId(rng, url);
    }
    WEIR_CHECK(urls.Append(url).ok());
  }
  return *RecordBatch::Make(schema, {*channels.Finish(), *urls.Finish()});
}

ExprPtr Text(const std::string& s) { return Expr::Literal(Value(s), LogicalType::String(false)); }

// q21's WHERE and its channel_id projection.
std::vector<ExprPtr> Q21Exprs() {
  auto lower = [] { return Bind("LOWER", {Expr::Column(0, LogicalType::String())}); };
  auto extract = [] {
    return Bind("REGEXP_EXTRACT",
                {Expr::Column(1, LogicalType::String()), Text("(&|^)channel_id=([^&]*)"),
                 Expr::Literal(Value(int32_t{2}), LogicalType::Int(false))});
  };
  auto where =
      Bind("OR",
           {Bind("IS NOT NULL", {extract()}),
            Bind("IN", {lower(), Text("apple"), Text("google"), Text("facebook"), Text("baidu")})});
  std::vector<ExprPtr> operands;
  const char* hot[] = {"apple", "google", "facebook", "baidu"};
  for (int k = 0; k < 4; ++k) {
    operands.push_back(Bind("=", {lower(), Text(hot[k])}));
    operands.push_back(Text(std::to_string(k)));
  }
  operands.push_back(extract());
  auto channel_id = Expr::Case(std::move(operands), LogicalType::String());
  return {where, Expr::Column(0, LogicalType::String()), channel_id};
}

// Filter, then the projections over the selected rows, as CalcOperator runs them.
void RunQ21(benchmark::State& state, bool shared) {
  auto batch = MakeBids();
  std::vector<std::unique_ptr<CompiledExpr>> exprs;
  if (shared) {
    auto group = CompiledExpr::MakeGroup(Q21Exprs(), *batch->schema());
    WEIR_CHECK(group.ok());
    exprs = std::move(*group);
  } else {
    for (const auto& e : Q21Exprs()) exprs.push_back(Compile(e, *batch));
  }
  for (auto _ : state) {
    SharedValues values(*batch);
    SharedValues* v = shared ? &values : nullptr;
    auto sel = exprs[0]->Filter(*batch, nullptr, v);
    WEIR_CHECK(sel.ok());
    for (size_t k = 1; k < exprs.size(); ++k) {
      auto col = shared ? exprs[k]->Evaluate(*batch, &*sel, v) : exprs[k]->Evaluate(*batch, &*sel);
      WEIR_CHECK(col.ok());
      benchmark::DoNotOptimize(col);
    }
  }
  state.SetItemsProcessed(state.iterations() * kRows);
}

void BM_Q21CalcSeparate(benchmark::State& state) { RunQ21(state, false); }
BENCHMARK(BM_Q21CalcSeparate);

void BM_Q21CalcShared(benchmark::State& state) { RunQ21(state, true); }
BENCHMARK(BM_Q21CalcShared);

}  // namespace
}  // namespace weir::sql
