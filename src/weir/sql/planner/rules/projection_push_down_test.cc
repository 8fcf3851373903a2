// Tests of projection push-down into scans, statement sets sharing one projection per table.
#include "weir/sql/planner/rules/projection_push_down.h"

#include "weir/sql/planner/rules/optimizer_test_util.h"

namespace weir::sql {
namespace {

using ProjectionPushDownTest = testing::OptimizerTest;

TEST_F(ProjectionPushDownTest, ScansReadOnlyUsedColumns) {
  EXPECT_EQ(Optimized("SELECT s, a FROM src WHERE d > 1"),
            "LogicalProject(s=[$1], a=[$0])\n"
            "+- LogicalFilter(condition=[>($2, 1)])\n"
            "   +- LogicalTableScan(table=[[default_catalog, default_database, src, project=[a, s, "
            "d]]])\n");
}

TEST_F(ProjectionPushDownTest, KeepsOneColumnWhenNoneIsRead) {
  EXPECT_EQ(Optimized("SELECT 1 AS one FROM src"),
            "LogicalProject(one=[1])\n"
            "+- LogicalTableScan(table=[[default_catalog, default_database, src, project=[a]]])\n");
}

TEST_F(ProjectionPushDownTest, LeavesScansOfConnectorsWithoutSupport) {
  EXPECT_EQ(Optimized("SELECT a FROM plain"),
            "LogicalProject(a=[$0])\n"
            "+- LogicalTableScan(table=[[default_catalog, default_database, plain]])\n");
}

TEST_F(ProjectionPushDownTest, WatermarkKeepsItsColumns) {
  EXPECT_EQ(
      Optimized("SELECT id FROM orders"),
      "LogicalProject(id=[$0])\n"
      "+- LogicalWatermarkAssigner(rowtime=[ts], watermark=[-($1, 5000:INTERVAL SECOND)])\n"
      "   +- LogicalTableScan(table=[[default_catalog, default_database, orders, project=[id, "
      "ts]]])\n");
}

TEST_F(ProjectionPushDownTest, StatementSetReadsEachTableWithOneProjection) {
  std::vector<RelPtr> plans =
      OptimizeAll({"INSERT INTO snk SELECT a, CAST(NULL AS BIGINT), CAST(NULL AS STRING) FROM src",
                   "INSERT INTO snk SELECT CAST(NULL AS INT), b, s FROM src WHERE d > 0"});
  ASSERT_EQ(plans.size(), 2u);
  EXPECT_EQ(
      ExplainTree(plans[0]),
      "LogicalSink(table=[default_catalog.default_database.snk], fields=[a, EXPR$1, EXPR$2])\n"
      "+- LogicalProject(a=[$0], EXPR$1=[null:BIGINT], EXPR$2=[null:STRING])\n"
      "   +- LogicalTableScan(table=[[default_catalog, default_database, src, project=[a, b, s, "
      "d]]])\n");
  EXPECT_EQ(ExplainTree(plans[1]),
            "LogicalSink(table=[default_catalog.default_database.snk], fields=[EXPR$0, b, s])\n"
            "+- LogicalProject(EXPR$0=[null:INT], b=[$1], s=[$2])\n"
            "   +- LogicalFilter(condition=[>($3, 0)])\n"
            "      +- LogicalTableScan(table=[[default_catalog, default_database, src, project=[a, "
            "b, s, d]]])\n");
}

TEST_F(ProjectionPushDownTest, SharedSubPlansStayShared) {
  RelPtr filtered = BindSql("SELECT a, b, s FROM src WHERE a > 1");
  ASSERT_NE(filtered, nullptr);
  CatalogTable snk = Table("snk");
  ObjectIdentifier id{"default_catalog", "default_database", "snk"};
  auto sink1 = std::make_shared<SinkRel>(filtered, id, snk, false, TableOptions{});
  auto sink2 = std::make_shared<SinkRel>(filtered, id, snk, false, TableOptions{});
  Result<std::vector<RelPtr>> out = Optimize({sink1, sink2}, context_);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ((*out)[0]->input(0), (*out)[1]->input(0));
  EXPECT_EQ(ExplainTree((*out)[0]),
            "LogicalSink(table=[default_catalog.default_database.snk], fields=[a, b, s])\n"
            "+- LogicalFilter(condition=[>($0, 1)])\n"
            "   +- LogicalTableScan(table=[[default_catalog, default_database, src, project=[a, b, "
            "s]]])\n");
}

TEST_F(ProjectionPushDownTest, RenumbersWatermarkOverNarrowedScan) {
  Exec(
      "CREATE TABLE ev (a INT, s STRING, ts TIMESTAMP(3), b BIGINT, "
      "WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH ('connector' = 'datagen')");
  EXPECT_EQ(
      Optimized("SELECT b FROM ev"),
      "LogicalProject(b=[$1])\n"
      "+- LogicalWatermarkAssigner(rowtime=[ts], watermark=[-($0, 1000:INTERVAL SECOND)])\n"
      "   +- LogicalTableScan(table=[[default_catalog, default_database, ev, project=[ts, b]]])\n");
}

TEST_F(ProjectionPushDownTest, ScansOfOneTableInOneQueryShareTheProjection) {
  EXPECT_EQ(
      Optimized("SELECT a FROM src UNION ALL SELECT CAST(b AS INT) FROM src"),
      "LogicalUnion(all=[true])\n"
      ":- LogicalProject(a=[$0])\n"
      ":  +- LogicalTableScan(table=[[default_catalog, default_database, src, project=[a, b]]])\n"
      "+- LogicalProject(EXPR$0=[CAST($1 AS INT)])\n"
      "   +- LogicalTableScan(table=[[default_catalog, default_database, src, project=[a, b]]])\n");
}

// Nested projection push-down (a connector with supports_nested_projection_pushdown()).
class NestedProjectionPushDownTest : public testing::OptimizerTest {
 protected:
  void SetUp() override {
    testing::OptimizerTest::SetUp();
    connectors_.Register(std::make_unique<testing::PushDownSourceFactory>(
        "nested", true, false, std::vector<connectors::PartitionSpec>{}, false, /*nested=*/true));
    Exec(
        "CREATE TABLE n (k INT, r ROW<x INT, y STRING, z BIGINT>, q ROW<p INT NOT NULL>, "
        "ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) "
        "WITH ('connector' = 'nested')");
    Exec("CREATE TABLE flat (k INT, r ROW<x INT, y STRING>) WITH ('connector' = 'datagen')");
  }
};

TEST_F(NestedProjectionPushDownTest, ReadFieldsBecomeTopLevelColumns) {
  EXPECT_EQ(
      Optimized("SELECT n.r.z, k FROM n WHERE n.r.x > 1"),
      "LogicalProject(z=[$2], k=[$0])\n"
      "+- LogicalFilter(condition=[>($1, 1)])\n"
      "   +- LogicalWatermarkAssigner(rowtime=[ts], watermark=[-($3, 1000:INTERVAL SECOND)])\n"
      "      +- LogicalTableScan(table=[[default_catalog, default_database, n, project=[k, r_x, "
      "r_z, ts]]])\n");
  RelPtr plan = OptimizeAll({"SELECT n.r.z, n.q.p FROM n"})[0];
  const RelNode* scan = plan.get();
  while (scan->kind() != RelKind::kTableScan) scan = scan->input(0).get();
  // A field is nullable when its ROW is, even if the field itself is NOT NULL.
  EXPECT_EQ(scan->row_type().ToString(),
            "ROW<`r_z` BIGINT, `q_p` INT, `ts` TIMESTAMP(3) *ROWTIME*> NOT NULL");
  const ScanPushDown& push_down = scan->As<TableScanRel>().push_down();
  ASSERT_TRUE(push_down.nested_fields.has_value());
  EXPECT_EQ(*push_down.nested_fields, (std::vector<std::vector<int32_t>>{{2}, {0}, {}}));
}

TEST_F(NestedProjectionPushDownTest, ColumnReadWholeIsNotFlattened) {
  EXPECT_EQ(Optimized("SELECT r, n.r.x FROM n"),
            "LogicalProject(r=[$0], x=[DOT($0, 'x')])\n"
            "+- LogicalWatermarkAssigner(rowtime=[ts], watermark=[-($1, 1000:INTERVAL SECOND)])\n"
            "   +- LogicalTableScan(table=[[default_catalog, default_database, n, project=[r, "
            "ts]]])\n");
}

TEST_F(NestedProjectionPushDownTest, ConnectorsWithoutNestedSupportReadTheWholeColumn) {
  EXPECT_EQ(
      Optimized("SELECT flat.r.x FROM flat"),
      "LogicalProject(x=[DOT($0, 'x')])\n"
      "+- LogicalTableScan(table=[[default_catalog, default_database, flat, project=[r]]])\n");
}

// As the Nexmark views read the table: a computed column over fields of several ROWs, a
// view passing a ROW column through, and a filter between them.
TEST_F(NestedProjectionPushDownTest, FieldsPassThroughProjectsAndScansShareTheUnion) {
  Exec(
      "CREATE VIEW v AS SELECT r, CASE WHEN k = 0 THEN n.r.x ELSE n.q.p END AS c, ts FROM n "
      "WHERE k < 5");
  std::vector<RelPtr> plans =
      OptimizeAll({"INSERT INTO snk SELECT c, v.r.z, CAST(NULL AS STRING) FROM v",
                   "INSERT INTO snk SELECT CAST(NULL AS INT), CAST(NULL AS BIGINT), n.r.y FROM n"});
  ASSERT_EQ(plans.size(), 2u);
  EXPECT_EQ(ExplainTree(plans[0]),
            "LogicalSink(table=[default_catalog.default_database.snk], fields=[c, z, EXPR$2])\n"
            "+- LogicalProject(c=[CASE(=($0, 0), $1, $4)], z=[$3], EXPR$2=[null:STRING])\n"
            "   +- LogicalFilter(condition=[<($0, 5)])\n"
            "      +- LogicalWatermarkAssigner(rowtime=[ts], watermark=[-($5, 1000:INTERVAL "
            "SECOND)])\n"
            "         +- LogicalTableScan(table=[[default_catalog, default_database, n, "
            "project=[k, r_x, r_y, r_z, q_p, ts]]])\n");
  EXPECT_EQ(ExplainTree(plans[1]),
            "LogicalSink(table=[default_catalog.default_database.snk], fields=[EXPR$0, EXPR$1, "
            "y])\n"
            "+- LogicalProject(EXPR$0=[null:INT], EXPR$1=[null:BIGINT], y=[$2])\n"
            "   +- LogicalWatermarkAssigner(rowtime=[ts], watermark=[-($5, 1000:INTERVAL "
            "SECOND)])\n"
            "      +- LogicalTableScan(table=[[default_catalog, default_database, n, "
            "project=[k, r_x, r_y, r_z, q_p, ts]]])\n");
}

}  // namespace
}  // namespace weir::sql
