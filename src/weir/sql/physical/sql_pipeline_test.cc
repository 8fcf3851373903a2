// End-to-end: Flink SQL text → parse → bind → translate → mini-cluster, checked on the files
// a filesystem sink committed.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "weir/cluster/minicluster/mini_cluster.h"
#include "weir/runtime/graph/job_graph.h"
#include "weir/sql/binder/binder.h"
#include "weir/sql/parser/parser.h"
#include "weir/sql/physical/stream_graph_translator.h"

namespace weir::sql {
namespace {

// Runs a script of CREATE TABLE statements and INSERTs (one job per INSERT).
Status RunScript(const std::string& sql) {
  CatalogManager catalogs;
  Binder binder(&catalogs, &FunctionRegistry::Builtins(), nullptr);
  WEIR_ASSIGN_OR_RAISE(std::vector<ast::StatementPtr> statements, ast::ParseScript(sql));
  config::Configuration config;
  config.SetString("weir.worker-threads", "2");
  WEIR_ASSIGN_OR_RAISE(auto cluster, cluster::MiniCluster::Make(config));
  for (const ast::StatementPtr& stmt : statements) {
    if (stmt->kind == ast::StatementKind::kCreateTable) {
      const auto& create = stmt->As<ast::CreateTableStatement>();
      WEIR_ASSIGN_OR_RAISE(CatalogTable table, binder.ConvertCreateTable(create));
      WEIR_ASSIGN_OR_RAISE(ObjectIdentifier id, catalogs.Qualify(create.name));
      WEIR_RETURN_NOT_OK(catalogs.CreateTable(id, std::move(table), false));
      continue;
    }
    if (stmt->kind != ast::StatementKind::kInsert) {
      return Status::NotSupported("this test runs CREATE TABLE and INSERT only");
    }
    WEIR_ASSIGN_OR_RAISE(RelPtr plan, binder.BindInsert(stmt->As<ast::InsertStatement>()));
    WEIR_ASSIGN_OR_RAISE(runtime::StreamGraph graph, TranslateToStreamGraph({plan}));
    WEIR_ASSIGN_OR_RAISE(runtime::JobGraph job, runtime::BuildJobGraph(graph));
    WEIR_ASSIGN_OR_RAISE(cluster::JobClient client, cluster->SubmitJob(job));
    WEIR_ASSIGN_OR_RAISE(cluster::JobResult result, client.WaitForResult(std::chrono::seconds(60)));
    if (result.status != cluster::JobStatus::kFinished) return result.failure;
  }
  return Status::OK();
}

std::vector<std::string> CommittedLines(const std::string& dir) {
  std::vector<std::string> lines;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (!entry.is_regular_file() || name[0] == '.' || name[0] == '_') continue;
    std::ifstream in(entry.path());
    for (std::string line; std::getline(in, line);) lines.push_back(line);
  }
  std::sort(lines.begin(), lines.end());
  return lines;
}

TEST(SqlPipelineTest, InsertSelectWithFunctionsWritesCsvFiles) {
  const std::string dir = ::testing::TempDir() + "/weir-sql-e2e-" + std::to_string(::getpid());
  std::filesystem::remove_all(dir);
  const std::string sql = R"(
    CREATE TABLE src (a BIGINT, s STRING) WITH (
      'connector' = 'datagen', 'number-of-rows' = '20', 'rows-per-second' = '1000000',
      'fields.a.kind' = 'sequence', 'fields.a.start' = '1', 'fields.a.end' = '20',
      'fields.s.kind' = 'sequence', 'fields.s.start' = '100', 'fields.s.end' = '119');
    CREATE TABLE out (a BIGINT, label STRING, twice BIGINT) WITH (
      'connector' = 'filesystem', 'path' = ')" +
                          dir + R"(', 'format' = 'csv');
    INSERT INTO out
    SELECT a, CONCAT('n-', UPPER(s), CASE WHEN a > 18 THEN '!' ELSE '' END), a * 2
    FROM src WHERE a % 5 = 0 OR a > 18;
  )";
  Status st = RunScript(sql);
  ASSERT_TRUE(st.ok()) << st.ToString();
  // Like Flink's CSV writer, text with a character below ',' ('!') is quoted.
  EXPECT_EQ(CommittedLines(dir),
            (std::vector<std::string>{"10,n-109,20", "15,n-114,30", "19,\"n-118!\",38",
                                      "20,\"n-119!\",40", "5,n-104,10"}));
  std::filesystem::remove_all(dir);
}

TEST(SqlPipelineTest, ErrorsKeepTheirPositions) {
  Status st = RunScript(
      "CREATE TABLE src (a BIGINT) WITH ('connector' = 'datagen');\n"
      "CREATE TABLE out (a BIGINT) WITH ('connector' = 'blackhole');\n"
      "INSERT INTO out SELECT b FROM src;");
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.message().find("Column 'b' not found"), std::string::npos) << st.ToString();
  EXPECT_NE(st.message().find("line 3, column 24"), std::string::npos) << st.ToString();
}

}  // namespace
}  // namespace weir::sql
