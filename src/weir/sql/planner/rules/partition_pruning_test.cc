// Tests of partition pruning against a fake filesystem connector that lists partitions.
#include "weir/sql/planner/rules/partition_pruning.h"

#include "weir/sql/planner/rules/optimizer_test_util.h"

namespace weir::sql {
namespace {

using PartitionPruningTest = testing::OptimizerTest;

TEST_F(PartitionPruningTest, KeepsMatchingPartitionsAndDropsTheirConjuncts) {
  EXPECT_EQ(Optimized("SELECT msg FROM logs WHERE dt = '2026-11-21' AND code > 1"),
            "LogicalProject(msg=[$0])\n"
            "+- LogicalFilter(condition=[>($1, 1)])\n"
            "   +- LogicalTableScan(table=[[default_catalog, default_database, logs, project=[msg, "
            "code], partitions=[{dt=2026-11-21, hr=1}, {dt=2026-11-21, hr=2}]]])\n");
  EXPECT_EQ(Optimized("SELECT msg FROM logs WHERE hr >= 2"),
            "LogicalTableScan(table=[[default_catalog, default_database, logs, project=[msg], "
            "partitions=[{dt=2026-11-21, hr=2}, {dt=__DEFAULT_PARTITION__, hr=3}]]])\n");
  EXPECT_EQ(Optimized("SELECT msg FROM logs WHERE dt IS NULL"),
            "LogicalTableScan(table=[[default_catalog, default_database, logs, project=[msg], "
            "partitions=[{dt=__DEFAULT_PARTITION__, hr=3}]]])\n");
}

TEST_F(PartitionPruningTest, PrunesThroughProjects) {
  EXPECT_EQ(Optimized("SELECT m FROM (SELECT msg AS m, hr + 1 AS h FROM logs) WHERE h = 2"),
            "LogicalProject(m=[$0])\n"
            "+- LogicalTableScan(table=[[default_catalog, default_database, logs, project=[msg], "
            "partitions=[{dt=2026-11-20, hr=1}, {dt=2026-11-21, hr=1}]]])\n");
}

TEST_F(PartitionPruningTest, MixedConjunctsStayInTheFilter) {
  EXPECT_EQ(Optimized("SELECT msg FROM logs WHERE hr = 1 OR code = 2"),
            "LogicalProject(msg=[$0])\n"
            "+- LogicalFilter(condition=[OR(=($2, 1), =($1, 2))])\n"
            "   +- LogicalTableScan(table=[[default_catalog, default_database, logs, project=[msg, "
            "code, hr]]])\n");
}

TEST_F(PartitionPruningTest, SkipsTablesScannedTwice) {
  std::vector<RelPtr> plans =
      OptimizeAll({"INSERT INTO psink SELECT code, msg, dt FROM logs WHERE dt = '2026-11-21'",
                   "INSERT INTO psink SELECT code, msg, dt FROM logs WHERE hr = 3"});
  ASSERT_EQ(plans.size(), 2u);
  EXPECT_EQ(ExplainTree(plans[0]),
            "LogicalSink(table=[default_catalog.default_database.psink], fields=[code, msg, dt])\n"
            "+- LogicalProject(code=[$1], msg=[$0], dt=[$2])\n"
            "   +- LogicalFilter(condition=[=($2, '2026-11-21')])\n"
            "      +- LogicalTableScan(table=[[default_catalog, default_database, logs]])\n");
  EXPECT_EQ(ExplainTree(plans[1]),
            "LogicalSink(table=[default_catalog.default_database.psink], fields=[code, msg, dt])\n"
            "+- LogicalProject(code=[$1], msg=[$0], dt=[$2])\n"
            "   +- LogicalFilter(condition=[=($3, 3)])\n"
            "      +- LogicalTableScan(table=[[default_catalog, default_database, logs]])\n");
}

TEST_F(PartitionPruningTest, SkipsWhenListingFails) {
  EXPECT_EQ(Optimized("SELECT msg FROM broken WHERE dt = 'x'"),
            "LogicalProject(msg=[$0])\n"
            "+- LogicalFilter(condition=[=($1, 'x')])\n"
            "   +- LogicalTableScan(table=[[default_catalog, default_database, broken]])\n");
}

TEST_F(PartitionPruningTest, SkipsWhenAValueDoesNotConvert) {
  // hr=late is no INT: the runtime decides what happens to that partition.
  EXPECT_EQ(Optimized("SELECT msg FROM badlogs WHERE hr = 1"),
            "LogicalProject(msg=[$0])\n"
            "+- LogicalFilter(condition=[=($1, 1)])\n"
            "   +- LogicalTableScan(table=[[default_catalog, default_database, badlogs, "
            "project=[msg, hr]]])\n");
  // Conjuncts on keys that convert still prune.
  EXPECT_EQ(Optimized("SELECT msg FROM badlogs WHERE dt = '2026-11-21'"),
            "LogicalTableScan(table=[[default_catalog, default_database, badlogs, project=[msg], "
            "partitions=[{dt=2026-11-21, hr=late}]]])\n");
}

TEST_F(PartitionPruningTest, SkipsScansWithOtherConsumers) {
  // One scan node read by a pruning Filter and by a sink that needs every partition.
  RelPtr all = BindSql("SELECT * FROM logs");
  ASSERT_NE(all, nullptr);
  auto filter = std::make_shared<FilterRel>(
      all, *FunctionRegistry::Builtins().MakeCall(
               "=", {Expr::Column(3, LogicalType::Int()),
                     Expr::Literal(Value(int32_t{2}), LogicalType::Int(false))}));
  Result<std::vector<RelPtr>> out = Optimize({filter, all}, context_);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(ExplainTree((*out)[0]),
            "LogicalFilter(condition=[=($3, 2)])\n"
            "+- LogicalTableScan(table=[[default_catalog, default_database, logs]])\n");
  // Alone, the same filter prunes.
  out = Optimize({filter}, context_);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(ExplainTree((*out)[0]),
            "LogicalTableScan(table=[[default_catalog, default_database, logs, "
            "partitions=[{dt=2026-11-21, hr=2}]]])\n");
}

}  // namespace
}  // namespace weir::sql
