// Tests of Project simplification, merging and identity removal.
#include "weir/sql/planner/rules/project_merge.h"

#include "weir/sql/planner/rules/optimizer_test_util.h"

namespace weir::sql {
namespace {

using ProjectMergeTest = testing::OptimizerTest;

TEST_F(ProjectMergeTest, FoldsConstantsInProjections) {
  EXPECT_EQ(Optimized("SELECT a + (1 + 2) AS x, UPPER('ab') AS u FROM plain"),
            "LogicalProject(x=[+($0, 3)], u=['AB'])\n"
            "+- LogicalTableScan(table=[[default_catalog, default_database, plain]])\n");
}

TEST_F(ProjectMergeTest, MergesDeterministicProjects) {
  EXPECT_EQ(Optimized("SELECT x * 2 AS y, x + 1 AS z FROM (SELECT a + 1 AS x FROM plain)"),
            "LogicalProject(y=[*(+($0, 1), 2)], z=[+(+($0, 1), 1)])\n"
            "+- LogicalTableScan(table=[[default_catalog, default_database, plain]])\n");
}

TEST_F(ProjectMergeTest, KeepsNonDeterministicExpressionsUsedTwice) {
  EXPECT_EQ(Optimized("SELECT r + 1 AS x, r * 2 AS y FROM (SELECT RAND() AS r FROM plain)"),
            "LogicalProject(x=[+($0, 1)], y=[*($0, 2)])\n"
            "+- LogicalProject(r=[RAND()])\n"
            "   +- LogicalTableScan(table=[[default_catalog, default_database, plain]])\n");
  // Used once: merged.
  EXPECT_EQ(Optimized("SELECT r + 1 AS x, a FROM (SELECT RAND() AS r, a FROM plain)"),
            "LogicalProject(x=[+(RAND(), 1)], a=[$0])\n"
            "+- LogicalTableScan(table=[[default_catalog, default_database, plain]])\n");
}

TEST_F(ProjectMergeTest, RemovesIdentityProjects) {
  EXPECT_EQ(Optimized("SELECT * FROM (SELECT a, b, s FROM plain)"),
            "LogicalTableScan(table=[[default_catalog, default_database, plain]])\n");
  EXPECT_EQ(Optimized("INSERT INTO snk SELECT a, b, s FROM plain"),
            "LogicalSink(table=[default_catalog.default_database.snk], fields=[a, b, s])\n"
            "+- LogicalTableScan(table=[[default_catalog, default_database, plain]])\n");
  // Renaming changes the sink's field names: kept.
  EXPECT_EQ(Optimized("SELECT a AS x, b, s FROM plain"),
            "LogicalProject(x=[$0], b=[$1], s=[$2])\n"
            "+- LogicalTableScan(table=[[default_catalog, default_database, plain]])\n");
}

TEST_F(ProjectMergeTest, NeverFoldsRand) {
  EXPECT_EQ(Optimized("SELECT RAND() + 1 AS r FROM plain"),
            "LogicalProject(r=[+(RAND(), 1)])\n"
            "+- LogicalTableScan(table=[[default_catalog, default_database, plain]])\n");
}

}  // namespace
}  // namespace weir::sql
