// SQL pipeline benchmarks: plans translated by the SQL layer, run on the mini-cluster.
//
// Prints, per pipeline:
//   BENCH name=<name> records=<n> cpu_s=<x> wall_s=<y> records_per_cpu_second=<n>
// (records divided by the process's user+sys CPU time over the job's run).
//
// sql_filter_project is
//   INSERT INTO blackhole SELECT a, b * 2, UPPER(s) FROM datagen WHERE a % 7 = 0
// over BIGINT a (a sequence), BIGINT b and STRING s of length 16 (random). Until the binder
// lands the plan is built here node by node; it then switches to the SQL text.
// Flags: --quick (fewer rows), --rows=<n>.
#include <cstdlib>
#include <cstring>
#include <string>

#include "bench/common/bench_report.h"
#include "weir/cluster/minicluster/mini_cluster.h"
#include "weir/runtime/graph/job_graph.h"
#include "weir/sql/physical/stream_graph_translator.h"

namespace {

using namespace weir;        // NOLINT
using namespace weir::sql;  // NOLINT

ExprPtr BigIntLit(int64_t v) { return Expr::Literal(Value(v), LogicalType::BigInt(false)); }

RelPtr FilterProjectPlan(int64_t rows) {
  ObjectIdentifier src{"default_catalog", "default_database", "datagen"};
  auto scan = std::make_shared<TableScanRel>(
      src,
      MakePhysicalTable({{"a", LogicalType::BigInt()}, {"b", LogicalType::BigInt()},
                 {"s", LogicalType::String()}},
                {{"connector", "datagen"},
                 {"number-of-rows", std::to_string(rows)},
                 {"rows-per-second", "1000000000000"},
                 {"fields.a.kind", "sequence"},
                 {"fields.a.start", "0"},
                 {"fields.a.end", std::to_string(rows - 1)},
                 {"fields.s.length", "16"}}),
      TableOptions{});
  ExprPtr a = Expr::Column(0, LogicalType::BigInt());
  ExprPtr b = Expr::Column(1, LogicalType::BigInt());
  ExprPtr s = Expr::Column(2, LogicalType::String());
  auto filter = std::make_shared<FilterRel>(
      scan, Expr::Call("=", {Expr::Call("MOD", {a, BigIntLit(7)}, LogicalType::BigInt()),
                             BigIntLit(0)},
                       LogicalType::Boolean()));
  auto project = std::make_shared<ProjectRel>(
      filter,
      std::vector<ExprPtr>{a, Expr::Call("*", {b, BigIntLit(2)}, LogicalType::BigInt()),
                           Expr::Call("UPPER", {s}, LogicalType::String())},
      std::vector<std::string>{"a", "EXPR$1", "EXPR$2"});
  ObjectIdentifier sink{"default_catalog", "default_database", "blackhole"};
  return std::make_shared<SinkRel>(
      project, sink,
      MakePhysicalTable({{"a", LogicalType::BigInt()}, {"b", LogicalType::BigInt()},
                 {"s", LogicalType::String()}},
                {{"connector", "blackhole"}}),
      false, TableOptions{});
}

int Run(int64_t rows) {
  config::Configuration config;
  config.SetString("weir.worker-threads", "1");
  auto graph = TranslateToStreamGraph({FilterProjectPlan(rows)});
  if (!graph.ok()) {
    std::fprintf(stderr, "plan: %s\n", graph.status().ToString().c_str());
    return 1;
  }
  auto job = runtime::BuildJobGraph(*graph);
  auto cluster = cluster::MiniCluster::Make(config);
  if (!job.ok() || !cluster.ok()) {
    std::fprintf(stderr, "setup failed\n");
    job.status().IgnoreError();
    cluster.status().IgnoreError();
    return 1;
  }
  const double cpu0 = bench::CpuSeconds();
  const double wall0 = bench::WallSeconds();
  auto client = (*cluster)->SubmitJob(*job);
  if (!client.ok()) {
    std::fprintf(stderr, "submit: %s\n", client.status().ToString().c_str());
    return 1;
  }
  auto result = client->WaitForResult(std::chrono::minutes(10));
  const bench::Measurement m{rows, bench::CpuSeconds() - cpu0, bench::WallSeconds() - wall0};
  if (!result.ok() || result->status != cluster::JobStatus::kFinished) {
    std::fprintf(stderr, "job failed: %s\n",
                 result.ok() ? result->failure.ToString().c_str()
                             : result.status().ToString().c_str());
    return 1;
  }
  bench::PrintBench("sql_filter_project", m, " plan=translated");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  int64_t rows = 50'000'000;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--quick") == 0) rows = 2'000'000;
    if (std::strncmp(argv[i], "--rows=", 7) == 0) rows = std::atoll(argv[i] + 7);
  }
  return Run(rows);
}
