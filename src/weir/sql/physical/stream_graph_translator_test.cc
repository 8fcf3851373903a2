// Tests of plan translation: datagen → Calc → sink runs on a mini-cluster with the right rows;
// statement sets share their scan; unsupported nodes and sinks fail by name.
#include "weir/sql/physical/stream_graph_translator.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "weir/cluster/minicluster/mini_cluster.h"
#include "weir/runtime/graph/job_graph.h"
#include "weir/runtime/operators/basic_operators.h"
#include "weir/sql/physical/physical_planner.h"
#include "weir/sql/physical/physical_test_util.h"

namespace weir::sql {
namespace {

// A sink connector for tests: rows go to one shared CollectedOutput.
class CollectFactory final : public connectors::TableFactory {
 public:
  explicit CollectFactory(std::shared_ptr<runtime::CollectedOutput> out) : out_(std::move(out)) {}
  std::string identifier() const override { return "test-collect"; }
  bool supports_sink() const override { return true; }
  Result<connectors::SinkDescriptor> CreateSink(const connectors::TableContext&) const override {
    connectors::SinkDescriptor sink;
    auto out = out_;
    sink.factory = [out](int32_t) -> Result<std::unique_ptr<runtime::Operator>> {
      return std::unique_ptr<runtime::Operator>(
          std::make_unique<runtime::CollectingSink>("collect", out));
    };
    return sink;
  }

 private:
  std::shared_ptr<runtime::CollectedOutput> out_;
};

// Forwards to a built-in connector (the test registries add their collecting sink to it).
class BuiltinProxy final : public connectors::TableFactory {
 public:
  explicit BuiltinProxy(std::string identifier) : identifier_(std::move(identifier)) {}
  std::string identifier() const override { return identifier_; }
  bool supports_source() const override { return true; }
  Result<connectors::SourceDescriptor> CreateSource(
      const connectors::TableContext& t) const override {
    WEIR_ASSIGN_OR_RAISE(auto f, connectors::TableFactoryRegistry::Builtins().FindSourceFactory(t));
    return f->CreateSource(t);
  }

 private:
  std::string identifier_;
};

// datagen plus the collecting sink.
struct TestConnectors {
  explicit TestConnectors(std::shared_ptr<runtime::CollectedOutput> out) {
    registry.Register(std::make_unique<BuiltinProxy>("datagen"));
    registry.Register(std::make_unique<CollectFactory>(std::move(out)));
  }
  connectors::TableFactoryRegistry registry;
};

// Builds the job graph, runs it on a two-worker mini-cluster and returns how it ended.
Result<cluster::JobResult> RunToEnd(const runtime::StreamGraph& graph) {
  WEIR_ASSIGN_OR_RAISE(runtime::JobGraph job, runtime::BuildJobGraph(graph));
  config::Configuration config;
  config.SetString("weir.worker-threads", "2");
  WEIR_ASSIGN_OR_RAISE(auto cluster, cluster::MiniCluster::Make(config));
  WEIR_ASSIGN_OR_RAISE(cluster::JobClient client, cluster->SubmitJob(job));
  return client.WaitForResult(std::chrono::seconds(30));
}

CatalogTable Table(std::vector<std::pair<std::string, LogicalType>> columns, TableOptions options) {
  return MakePhysicalTable(columns, std::move(options));
}

ObjectIdentifier Id(std::string name) {
  return ObjectIdentifier{"default_catalog", "default_database", std::move(name)};
}

ExprPtr BigIntLit(int64_t v) { return Expr::Literal(Value(v), LogicalType::BigInt(false)); }

// INSERT INTO out SELECT a, b * 2, UPPER(s) FROM src WHERE a % 7 = 0, written as a plan.
RelPtr BenchmarkPlan(const std::string& sink_name) {
  auto scan = std::make_shared<TableScanRel>(Id("src"),
                                             Table({{"a", LogicalType::BigInt()},
                                                    {"b", LogicalType::BigInt()},
                                                    {"s", LogicalType::String()}},
                                                   {{"connector", "datagen"},
                                                    {"number-of-rows", "1000"},
                                                    {"rows-per-second", "1000000"},
                                                    {"fields.a.kind", "sequence"},
                                                    {"fields.a.start", "0"},
                                                    {"fields.a.end", "999"},
                                                    {"fields.s.length", "16"}}),
                                             TableOptions{});
  ExprPtr a = Expr::Column(0, LogicalType::BigInt());
  ExprPtr b = Expr::Column(1, LogicalType::BigInt());
  ExprPtr s = Expr::Column(2, LogicalType::String());
  auto filter = std::make_shared<FilterRel>(
      scan,
      Expr::Call("=", {Expr::Call("MOD", {a, BigIntLit(7)}, LogicalType::BigInt()), BigIntLit(0)},
                 LogicalType::Boolean()));
  auto project = std::make_shared<ProjectRel>(
      filter,
      std::vector<ExprPtr>{a, Expr::Call("*", {b, BigIntLit(2)}, LogicalType::BigInt()),
                           Expr::Call("UPPER", {s}, LogicalType::String())},
      std::vector<std::string>{"a", "EXPR$1", "EXPR$2"});
  return std::make_shared<SinkRel>(project, Id(sink_name),
                                   Table({{"a", LogicalType::BigInt()},
                                          {"b2", LogicalType::BigInt()},
                                          {"u", LogicalType::String()}},
                                         {{"connector", "test-collect"}}),
                                   false, TableOptions{});
}

TEST(StreamGraphTranslatorTest, DatagenCalcSinkRunsOnTheMiniCluster) {
  auto out = std::make_shared<runtime::CollectedOutput>();
  TestConnectors connectors(out);
  TranslateOptions options;
  options.connectors = &connectors.registry;
  auto graph = TranslateToStreamGraph({BenchmarkPlan("out")}, options);
  ASSERT_TRUE(graph.ok()) << graph.status().ToString();
  EXPECT_EQ(graph->job_name(), "insert-into_default_catalog.default_database.out");
  ASSERT_EQ(graph->num_nodes(), 3);  // scan, one Calc (project over filter), sink
  EXPECT_EQ(graph->nodes()[1].spec.name,
            "Calc(select=[a, (b * 2:BIGINT) AS EXPR$1, UPPER(s) AS EXPR$2], "
            "where=[(MOD(a, 7:BIGINT) = 0:BIGINT)])");
  auto job = runtime::BuildJobGraph(*graph);
  ASSERT_TRUE(job.ok()) << job.status().ToString();
  EXPECT_EQ(job->vertices().size(), 1u);  // chained into one task
  auto result = RunToEnd(*graph);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  ASSERT_EQ(result->status, cluster::JobStatus::kFinished) << result->failure.ToString();
  EXPECT_EQ(out->num_rows(), 143);  // multiples of 7 in [0, 999]
  for (const auto& batch : out->Batches()) {
    for (int64_t r = 0; r < batch->num_rows(); ++r) {
      EXPECT_EQ(batch->column(0)->Value<int64_t>(r) % 7, 0);
      EXPECT_EQ(batch->column(1)->Value<int64_t>(r) % 2, 0);
      for (char c : batch->column(2)->StringValue(r)) EXPECT_FALSE(c >= 'a' && c <= 'z');
    }
  }
}

TEST(StreamGraphTranslatorTest, StatementSetsShareTheirScan) {
  TestConnectors connectors(std::make_shared<runtime::CollectedOutput>());
  TranslateOptions options;
  options.connectors = &connectors.registry;
  auto graph = TranslateToStreamGraph({BenchmarkPlan("out1"), BenchmarkPlan("out2")}, options);
  ASSERT_TRUE(graph.ok()) << graph.status().ToString();
  int scans = 0;
  for (const auto& n : graph->nodes()) scans += n.spec.num_inputs == 0 ? 1 : 0;
  EXPECT_EQ(scans, 1);
  EXPECT_EQ(graph->job_name(),
            "insert-into_default_catalog.default_database.out1,"
            "default_catalog.default_database.out2");
  EXPECT_EQ(graph->job_type(), runtime::JobType::kStreaming);
  config::Configuration batch;
  batch.SetString("execution.runtime-mode", "batch");
  options.config = &batch;
  auto batch_graph = TranslateToStreamGraph({BenchmarkPlan("out1")}, options);
  ASSERT_TRUE(batch_graph.ok()) << batch_graph.status().ToString();
  EXPECT_EQ(batch_graph->job_type(), runtime::JobType::kBatch);  // datagen with number-of-rows
}

TEST(StreamGraphTranslatorTest, UnknownConnectorsAndUnsupportedNodesFailByName) {
  auto plan = BenchmarkPlan("out");  // its sink connector 'test-collect' is not built in
  auto graph = TranslateToStreamGraph({plan});
  ASSERT_FALSE(graph.ok());
  EXPECT_NE(graph.status().message().find("identifier 'test-collect'"), std::string::npos)
      << graph.status().ToString();
  EXPECT_FALSE(TranslateToStreamGraph(std::vector<RelPtr>{}).ok());
  EXPECT_FALSE(TranslateToStreamGraph(std::vector<PhysicalPtr>{}).ok());
  auto project = plan->input(0);
  EXPECT_FALSE(TranslateToStreamGraph({project}).ok());  // not rooted at a sink
}

TEST(StreamGraphTranslatorTest, WatermarkAssignerFollowsTheScan) {
  auto out = std::make_shared<runtime::CollectedOutput>();
  TestConnectors connectors(out);
  TranslateOptions options;
  options.connectors = &connectors.registry;
  auto scan = std::make_shared<TableScanRel>(
      Id("events"),
      Table({{"id", LogicalType::BigInt()}, {"ts", LogicalType::Timestamp(3)}},
            {{"connector", "datagen"}, {"number-of-rows", "500"}, {"rows-per-second", "1000000"}}),
      TableOptions{});
  auto wm =
      std::make_shared<WatermarkAssignerRel>(scan, 1, Expr::Column(1, LogicalType::Timestamp(3)));
  auto sink = std::make_shared<SinkRel>(
      wm, Id("out"),
      Table({{"id", LogicalType::BigInt()}, {"ts", LogicalType::Timestamp(3)}},
            {{"connector", "test-collect"}}),
      false, TableOptions{});
  auto graph = TranslateToStreamGraph({sink}, options);
  ASSERT_TRUE(graph.ok()) << graph.status().ToString();
  ASSERT_EQ(graph->num_nodes(), 3);
  EXPECT_EQ(graph->nodes()[1].spec.name, "WatermarkAssigner(rowtime=[ts], watermark=[ts])");
  auto result = RunToEnd(*graph);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  ASSERT_EQ(result->status, cluster::JobStatus::kFinished) << result->failure.ToString();
  EXPECT_EQ(out->num_rows(), 500);
  ASSERT_FALSE(out->Watermarks().empty());
  EXPECT_EQ(out->Watermarks().back(), runtime::kMaxWatermark);
}

// datagen → filesystem (csv) in one job, then filesystem → collect in another: without
// checkpointing the sink commits when its input ends, so the second job reads every row.
TEST(StreamGraphTranslatorTest, FilesystemTablesRoundTripThroughCsvFiles) {
  const std::string dir = ::testing::TempDir() + "/weir-fs-translate-" + std::to_string(::getpid());
  std::filesystem::remove_all(dir);
  const CatalogTable files = Table({{"a", LogicalType::BigInt()}, {"s", LogicalType::String()}},
                                   {{"connector", "filesystem"}, {"path", dir}, {"format", "csv"}});
  auto gen = std::make_shared<TableScanRel>(
      Id("gen"),
      Table({{"a", LogicalType::BigInt()}, {"s", LogicalType::String()}},
            {{"connector", "datagen"},
             {"number-of-rows", "300"},
             {"rows-per-second", "1000000"},
             {"fields.a.kind", "sequence"},
             {"fields.a.start", "1"},
             {"fields.a.end", "300"},
             {"fields.s.length", "8"}}),
      TableOptions{});
  auto write = TranslateToStreamGraph(
      {std::make_shared<SinkRel>(gen, Id("files"), files, false, TableOptions{})});
  ASSERT_TRUE(write.ok()) << write.status().ToString();
  auto written = RunToEnd(*write);
  ASSERT_TRUE(written.ok()) << written.status().ToString();
  ASSERT_EQ(written->status, cluster::JobStatus::kFinished) << written->failure.ToString();

  auto out = std::make_shared<runtime::CollectedOutput>();
  TestConnectors connectors(out);
  connectors.registry.Register(std::make_unique<BuiltinProxy>("filesystem"));
  TranslateOptions options;
  options.connectors = &connectors.registry;
  auto scan = std::make_shared<TableScanRel>(Id("files"), files, TableOptions{});
  auto read = TranslateToStreamGraph(
      {std::make_shared<SinkRel>(scan, Id("out"),
                                 Table({{"a", LogicalType::BigInt()}, {"s", LogicalType::String()}},
                                       {{"connector", "test-collect"}}),
                                 false, TableOptions{})},
      options);
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  EXPECT_EQ(read->job_type(), runtime::JobType::kStreaming);
  auto result = RunToEnd(*read);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  ASSERT_EQ(result->status, cluster::JobStatus::kFinished) << result->failure.ToString();
  EXPECT_EQ(out->num_rows(), 300);
  int64_t sum = 0;
  for (const auto& batch : out->Batches()) {
    for (int64_t r = 0; r < batch->num_rows(); ++r) sum += batch->column(0)->Value<int64_t>(r);
  }
  EXPECT_EQ(sum, 300 * 301 / 2);
  std::filesystem::remove_all(dir);
}

// Projection indices of the definition's columns reach the connector as physical-field indices;
// scans differing only in push-down are separate sources; metadata columns are rejected.
TEST(StreamGraphTranslatorTest, PushDownReachesTheConnector) {
  testing::FakeConnectors connectors;
  TranslateOptions options;
  options.connectors = &connectors.registry;
  CatalogTable table = testing::AbsTable("inserts");  // a, b, s
  CatalogColumn computed;
  computed.name = "c";
  computed.type = LogicalType::BigInt();
  computed.kind = CatalogColumnKind::kComputed;
  computed.expression = "`a` + 1";
  table.columns.insert(table.columns.begin() + 1, computed);  // a, c, b, s
  ScanPushDown push_down;
  push_down.projection = std::vector<int32_t>{3, 0};  // s, a
  push_down.partitions = std::vector<connectors::PartitionSpec>{{{"a", "7"}}};
  auto scan = std::make_shared<TableScanRel>(Id("src"), table, TableOptions{}, push_down);
  auto full =
      std::make_shared<TableScanRel>(Id("src"), testing::AbsTable("inserts"), TableOptions{});
  auto graph = TranslateToStreamGraph(
      {testing::SinkOf(scan, "o1", "append"), testing::SinkOf(scan, "o2", "append"),
       testing::SinkOf(full, "o3", "append")},
      options);
  ASSERT_TRUE(graph.ok()) << graph.status().ToString();
  int sources = 0;
  for (const auto& n : graph->nodes()) sources += n.spec.num_inputs == 0 ? 1 : 0;
  EXPECT_EQ(sources, 2);  // the projected scan is shared by o1 and o2; o3 reads all columns
  const auto& seen = connectors.inserts->contexts();
  ASSERT_FALSE(seen.empty());
  bool projected = false;
  for (const connectors::TableContext& ctx : seen) {
    if (!ctx.projected_fields) continue;
    projected = true;
    EXPECT_EQ(*ctx.projected_fields, (std::vector<int32_t>{2, 0}));
    ASSERT_TRUE(ctx.partitions.has_value());
    EXPECT_EQ((*ctx.partitions)[0][0].second, "7");
  }
  EXPECT_TRUE(projected);
  EXPECT_EQ(graph->nodes()[0].spec.name,
            "TableSourceScan(table=[[default_catalog, default_database, src, project=[s, a], "
            "partitions=[{a=7}]]], fields=[s, a])");

  ScanPushDown computed_only;
  computed_only.projection = std::vector<int32_t>{1};
  auto bad = TranslateToStreamGraph(
      {testing::SinkOf(
          std::make_shared<TableScanRel>(Id("src"), table, TableOptions{}, computed_only), "o",
          "append")},
      options);
  EXPECT_EQ(bad.status().code(), StatusCode::kNotSupported);
  EXPECT_NE(bad.status().message().find("column c"), std::string::npos);
  // A connector without projection push-down cannot be given one.
  ScanPushDown plain_push_down;
  plain_push_down.projection = std::vector<int32_t>{2, 0};
  auto plain = std::make_shared<TableScanRel>(Id("src"), testing::AbsTable("plain"), TableOptions{},
                                              plain_push_down);
  EXPECT_FALSE(TranslateToStreamGraph({testing::SinkOf(plain, "o", "append")}, options).ok());
}

TEST(StreamGraphTranslatorTest, EmptyValuesAreABoundedSource) {
  testing::FakeConnectors connectors;
  TranslateOptions options;
  options.connectors = &connectors.registry;
  auto values =
      std::make_shared<ValuesRel>(LogicalType::Row({Field("x", LogicalType::BigInt(false))}, false),
                                  std::vector<std::vector<ExprPtr>>{});
  auto graph = TranslateToStreamGraph({testing::SinkOf(values, "o", "append")}, options);
  ASSERT_TRUE(graph.ok()) << graph.status().ToString();
  EXPECT_TRUE(graph->nodes()[0].spec.bounded);
  EXPECT_EQ(graph->nodes()[0].spec.name, "Values(tuples=[[]])");
  auto result = RunToEnd(*graph);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->status, cluster::JobStatus::kFinished) << result->failure.ToString();
  EXPECT_EQ(connectors.out->num_rows(), 0);
}

}  // namespace
}  // namespace weir::sql
