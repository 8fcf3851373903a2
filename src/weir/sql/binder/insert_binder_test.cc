// Tests of INSERT binding: column matching, assignment casts, partitions and Flink's errors.
#include "weir/sql/binder/insert_binder.h"

#include "weir/sql/binder/binder_test_util.h"

namespace weir::sql {
namespace {

using InsertBinderTest = testing::BinderTest;

TEST_F(InsertBinderTest, MatchingColumnsNeedNoProjection) {
  EXPECT_EQ(Plan("INSERT INTO snk SELECT a, b, s FROM src"),
            "LogicalSink(table=[default_catalog.default_database.snk], fields=[a, b, s])\n"
            "+- LogicalProject(a=[$0], b=[$1], s=[$2])\n"
            "   +- LogicalTableScan(table=[[default_catalog, default_database, src]])\n");
}

TEST_F(InsertBinderTest, ImplicitCastsToColumnTypes) {
  EXPECT_EQ(Plan("INSERT INTO snk SELECT a, a, 'x' FROM src"),
            "LogicalSink(table=[default_catalog.default_database.snk], fields=[a, b, s])\n"
            "+- LogicalProject(a=[$0], b=[CAST($1 AS BIGINT)], s=[CAST($2 AS STRING NOT NULL)])\n"
            "   +- LogicalProject(a=[$0], a0=[$0], EXPR$2=['x'])\n"
            "      +- LogicalTableScan(table=[[default_catalog, default_database, src]])\n");
}

TEST_F(InsertBinderTest, TimeAttributesAreAssignableToPlainTimestamps) {
  Exec(
      "CREATE TABLE tsink (ts TIMESTAMP(3), p TIMESTAMP_LTZ(3) NOT NULL) "
      "WITH ('connector' = 'blackhole')");
  const std::string plan = Plan("INSERT INTO tsink SELECT ts, proc FROM orders");
  EXPECT_EQ(plan.substr(0, plan.find('\n', plan.find('\n') + 1) + 1),
            "LogicalSink(table=[default_catalog.default_database.tsink], fields=[ts, proc])\n"
            "+- LogicalProject(ts=[$2], proc=[$5])\n")
      << plan;
}

TEST_F(InsertBinderTest, ColumnListFillsOthersWithNull) {
  EXPECT_EQ(Plan("INSERT INTO snk (s, a) SELECT s, a FROM src"),
            "LogicalSink(table=[default_catalog.default_database.snk], fields=[a, b, s])\n"
            "+- LogicalProject(a=[$1], b=[null:BIGINT], s=[$0])\n"
            "   +- LogicalProject(s=[$2], a=[$0])\n"
            "      +- LogicalTableScan(table=[[default_catalog, default_database, src]])\n");
}

TEST_F(InsertBinderTest, IncompatibleTypesNameTheColumn) {
  EXPECT_EQ(Plan("INSERT INTO snk SELECT a, s, s FROM src"),
            "ERROR: Column types of query result and sink for "
            "'default_catalog.default_database.snk' do not match.\n"
            "Cause: Incompatible types for sink column 'b' at position 1.\n\n"
            "Query schema: [a: INT, s: STRING, s0: STRING]\n"
            "Sink schema:  [a: INT, b: BIGINT, s: STRING] (line 1, column 1)");
  EXPECT_EQ(Plan("INSERT INTO snk SELECT a, b FROM src"),
            "ERROR: Column types of query result and sink for "
            "'default_catalog.default_database.snk' do not match.\n"
            "Cause: Different number of columns.\n\n"
            "Query schema: [a: INT, b: BIGINT]\n"
            "Sink schema:  [a: INT, b: BIGINT, s: STRING] (line 1, column 1)");
}

TEST_F(InsertBinderTest, NotNullColumnsCannotBeLeftOut) {
  Exec("CREATE TABLE keyed (k INT NOT NULL, v STRING) WITH ('connector' = 'blackhole')");
  EXPECT_EQ(Plan("INSERT INTO keyed (v) SELECT s FROM src"),
            "ERROR: Column 'k' has no default value and does not allow NULLs (line 1, column 1)");
  EXPECT_EQ(Plan("INSERT INTO keyed (v, zz) SELECT s, s FROM src"),
            "ERROR: Unknown target column 'zz' of table default_catalog.default_database.keyed "
            "(line 1, column 1)");
  EXPECT_EQ(Plan("INSERT INTO keyed (v, v) SELECT s, s FROM src"),
            "ERROR: Target column 'v' is assigned more than once (line 1, column 1)");
}

TEST_F(InsertBinderTest, StaticPartitionsFillPartitionColumns) {
  EXPECT_EQ(Plan("INSERT INTO psink PARTITION (dt = '2020-01-01') SELECT a, s FROM src"),
            "LogicalSink(table=[default_catalog.default_database.psink], "
            "partition=[{dt=2020-01-01}], fields=[a, s, dt])\n"
            "+- LogicalProject(a=[$0], s=[$1], dt=['2020-01-01'])\n"
            "   +- LogicalProject(a=[$0], s=[$2])\n"
            "      +- LogicalTableScan(table=[[default_catalog, default_database, src]])\n");
  EXPECT_EQ(Plan("INSERT INTO psink PARTITION (a = 1) SELECT s, s FROM src"),
            "ERROR: Static partition column 'a' is not a partition key of table "
            "default_catalog.default_database.psink (line 1, column 34)");
}

TEST_F(InsertBinderTest, OverwriteAndHints) {
  EXPECT_EQ(Plan("INSERT OVERWRITE psink /*+ OPTIONS('path' = '/tmp/y') */ "
                 "SELECT a, s, s FROM src"),
            "LogicalSink(table=[default_catalog.default_database.psink], overwrite=[true], "
            "fields=[a, s, s0])\n"
            "+- LogicalProject(a=[$0], s=[$2], s0=[$2])\n"
            "   +- LogicalTableScan(table=[[default_catalog, default_database, src]])\n");
  auto stmt = ast::ParseStatement(
      "INSERT INTO psink /*+ OPTIONS('path' = '/tmp/y') */ SELECT a, s, s FROM src");
  ASSERT_TRUE(stmt.ok());
  auto rel = binder_.BindInsert((*stmt)->As<ast::InsertStatement>());
  ASSERT_TRUE(rel.ok()) << rel.status().ToString();
  EXPECT_EQ(*FindOption((*rel)->As<SinkRel>().definition().options, "path"), "/tmp/y");
}

TEST_F(InsertBinderTest, ComputedAndVirtualColumnsAreNotWritten) {
  Exec(
      "CREATE TABLE mixed (a INT, c AS a + 1, m STRING METADATA VIRTUAL, "
      "n STRING METADATA FROM 'k') WITH ('connector' = 'blackhole')");
  EXPECT_EQ(Plan("INSERT INTO mixed SELECT a, s FROM src"),
            "LogicalSink(table=[default_catalog.default_database.mixed], fields=[a, s])\n"
            "+- LogicalProject(a=[$0], s=[$2])\n"
            "   +- LogicalTableScan(table=[[default_catalog, default_database, src]])\n");
}

TEST_F(InsertBinderTest, TargetMustBeATable) {
  Exec("CREATE VIEW v AS SELECT a, b, s FROM src");
  EXPECT_EQ(Plan("INSERT INTO v SELECT a, b, s FROM src"),
            "ERROR: Cannot INSERT into view default_catalog.default_database.v; only tables can "
            "be written (line 1, column 1)");
  EXPECT_EQ(Plan("INSERT INTO nope SELECT a FROM src"),
            "ERROR: Table `default_catalog`.`default_database`.`nope` was not found "
            "(line 1, column 1)");
}

}  // namespace
}  // namespace weir::sql
