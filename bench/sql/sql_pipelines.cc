// SQL pipeline benchmarks: plans translated by the SQL layer, run on the mini-cluster.
//
// Prints, per pipeline:
//   BENCH name=<name> records=<n> cpu_s=<x> wall_s=<y> records_per_cpu_second=<n>
// (records divided by the process's user+sys CPU time over the job's run).
//
// sql_filter_project is
//   INSERT INTO blackhole SELECT a, b * 2, UPPER(s) FROM datagen WHERE a % 7 = 0
// over BIGINT a (a sequence), BIGINT b and STRING s of length 16 (random): the SQL text is
// parsed, bound against an in-memory catalog, translated and run.
// Flags: --quick (fewer rows), --rows=<n>.
#include <cstdlib>
#include <cstring>
#include <string>

#include "bench/common/bench_report.h"
#include "weir/cluster/minicluster/mini_cluster.h"
#include "weir/runtime/graph/job_graph.h"
#include "weir/sql/binder/binder.h"
#include "weir/sql/parser/parser.h"
#include "weir/sql/physical/sql_compiler.h"
#include "weir/sql/physical/stream_graph_translator.h"

namespace {

using namespace weir;       // NOLINT
using namespace weir::sql;  // NOLINT

// The DDL and the query, as a Flink user writes them.
std::string Script(int64_t rows) {
  return "CREATE TABLE datagen (a BIGINT, b BIGINT, s STRING) WITH ("
         "'connector' = 'datagen', 'number-of-rows' = '" +
         std::to_string(rows) +
         "', 'rows-per-second' = '1000000000000', 'fields.a.kind' = 'sequence', "
         "'fields.a.start' = '0', 'fields.a.end' = '" +
         std::to_string(rows - 1) +
         "', 'fields.s.length' = '16');\n"
         "CREATE TABLE blackhole (a BIGINT, b BIGINT, s STRING) WITH ('connector' = 'blackhole');\n"
         "INSERT INTO blackhole SELECT a, b * 2, UPPER(s) FROM datagen WHERE a % 7 = 0;\n";
}

// Parses and binds the script: DDL goes into `catalogs`, the INSERT becomes the plan.
Result<RelPtr> FilterProjectPlan(int64_t rows, CatalogManager* catalogs) {
  WEIR_ASSIGN_OR_RAISE(std::vector<ast::StatementPtr> statements, ast::ParseScript(Script(rows)));
  Binder binder(catalogs, &FunctionRegistry::Builtins(), nullptr);
  RelPtr plan;
  for (const ast::StatementPtr& stmt : statements) {
    if (stmt->kind == ast::StatementKind::kCreateTable) {
      const auto& create = stmt->As<ast::CreateTableStatement>();
      WEIR_ASSIGN_OR_RAISE(CatalogTable table, binder.ConvertCreateTable(create));
      WEIR_ASSIGN_OR_RAISE(ObjectIdentifier id, catalogs->Qualify(create.name));
      WEIR_RETURN_NOT_OK(catalogs->CreateTable(id, std::move(table), false));
    } else {
      WEIR_ASSIGN_OR_RAISE(plan, binder.BindInsert(stmt->As<ast::InsertStatement>()));
    }
  }
  return plan;
}

int Run(int64_t rows) {
  config::Configuration config;
  config.SetString("weir.worker-threads", "1");
  CatalogManager catalogs;
  auto plan = FilterProjectPlan(rows, &catalogs);
  if (!plan.ok()) {
    std::fprintf(stderr, "plan: %s\n", plan.status().ToString().c_str());
    return 1;
  }
  auto graph = CompileToStreamGraph({*plan});
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
    std::fprintf(
        stderr, "job failed: %s\n",
        result.ok() ? result->failure.ToString().c_str() : result.status().ToString().c_str());
    return 1;
  }
  bench::PrintBench("sql_filter_project", m, "");
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
