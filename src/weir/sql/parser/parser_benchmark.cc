// Benchmarks of the SQL parser: lexing, parsing and printing a Nexmark-sized script.
#include <benchmark/benchmark.h>

#include <string>

#include "weir/common/check.h"
#include "weir/sql/parser/ast_printer.h"
#include "weir/sql/parser/lexer.h"
#include "weir/sql/parser/parser.h"

namespace weir::sql::ast {
namespace {

// A DDL plus a join of two HOP window aggregations, like Nexmark q5.
constexpr const char* kScript = R"(
CREATE TABLE bid (
  auction BIGINT, bidder BIGINT, price BIGINT, channel VARCHAR, url VARCHAR,
  `dateTime` TIMESTAMP(3), extra VARCHAR,
  WATERMARK FOR `dateTime` AS `dateTime` - INTERVAL '4' SECOND
) WITH ('connector' = 'nexmark', 'first-event.rate' = '10000');
INSERT INTO sink
SELECT AuctionBids.auction, AuctionBids.num
FROM (
  SELECT auction, count(*) AS num, window_start AS starttime, window_end AS endtime
  FROM TABLE(HOP(TABLE bid, DESCRIPTOR(`dateTime`), INTERVAL '2' SECOND, INTERVAL '10' SECOND))
  GROUP BY auction, window_start, window_end
) AS AuctionBids
JOIN (
  SELECT max(CountBids.num) AS maxn, CountBids.starttime, CountBids.endtime
  FROM (
    SELECT count(*) AS num, window_start AS starttime, window_end AS endtime
    FROM TABLE(HOP(TABLE bid, DESCRIPTOR(`dateTime`), INTERVAL '2' SECOND, INTERVAL '10' SECOND))
    GROUP BY auction, window_start, window_end
  ) AS CountBids
  GROUP BY CountBids.starttime, CountBids.endtime
) AS MaxBids
ON AuctionBids.starttime = MaxBids.starttime AND AuctionBids.endtime = MaxBids.endtime AND
   AuctionBids.num >= MaxBids.maxn;
)";

void BM_Tokenize(benchmark::State& state) {
  const std::string sql = kScript;
  for (auto _ : state) {
    Result<std::vector<Token>> tokens = Tokenize(sql);
    WEIR_CHECK_OK(tokens.status());
    benchmark::DoNotOptimize(tokens->size());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * sql.size()));
}
BENCHMARK(BM_Tokenize);

void BM_ParseScript(benchmark::State& state) {
  const std::string sql = kScript;
  for (auto _ : state) {
    Result<std::vector<StatementPtr>> script = ParseScript(sql);
    WEIR_CHECK_OK(script.status());
    benchmark::DoNotOptimize(script->size());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * sql.size()));
}
BENCHMARK(BM_ParseScript);

void BM_PrintScript(benchmark::State& state) {
  Result<std::vector<StatementPtr>> script = ParseScript(kScript);
  WEIR_CHECK_OK(script.status());
  for (auto _ : state) {
    size_t bytes = 0;
    for (const StatementPtr& stmt : *script) bytes += ToSql(*stmt).size();
    benchmark::DoNotOptimize(bytes);
  }
}
BENCHMARK(BM_PrintScript);

}  // namespace
}  // namespace weir::sql::ast
