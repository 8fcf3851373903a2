// Tests of filter simplification and push-down over plans bound from SQL.
#include "weir/sql/planner/rules/filter_push_down.h"

#include "weir/sql/planner/rules/optimizer_test_util.h"

namespace weir::sql {
namespace {

using FilterPushDownTest = testing::OptimizerTest;

TEST_F(FilterPushDownTest, FalseConditionGivesEmptyValues) {
  EXPECT_EQ(Optimized("SELECT a, s FROM src WHERE 1 = 0"), "LogicalValues(tuples=[[]])\n");
  EXPECT_EQ(Optimized("SELECT a FROM src WHERE a > 1 AND CAST(NULL AS BOOLEAN)"),
            "LogicalValues(tuples=[[]])\n");
  EXPECT_EQ(Optimized("INSERT INTO snk SELECT a, b, s FROM src WHERE 1 = 0"),
            "LogicalSink(table=[default_catalog.default_database.snk], fields=[a, b, s])\n"
            "+- LogicalValues(tuples=[[]])\n");
}

TEST_F(FilterPushDownTest, TrueConditionRemovesTheFilter) {
  EXPECT_EQ(Optimized("SELECT a FROM src WHERE 1 = 1"),
            "LogicalTableScan(table=[[default_catalog, default_database, src, project=[a]]])\n");
  EXPECT_EQ(
      Optimized("SELECT a FROM src WHERE 1 < 2 AND b > 0 AND b > 0"),
      "LogicalProject(a=[$0])\n"
      "+- LogicalFilter(condition=[>($1, 0)])\n"
      "   +- LogicalTableScan(table=[[default_catalog, default_database, src, project=[a, b]]])\n");
}

TEST_F(FilterPushDownTest, PushesThroughProjectsAndMerges) {
  EXPECT_EQ(
      Optimized("SELECT x FROM (SELECT a + 1 AS x, s FROM src WHERE b > 0) WHERE x > 10"),
      "LogicalProject(x=[+($0, 1)])\n"
      "+- LogicalFilter(condition=[AND(>($1, 0), >(+($0, 1), 10))])\n"
      "   +- LogicalTableScan(table=[[default_catalog, default_database, src, project=[a, b]]])\n");
  EXPECT_EQ(
      Optimized("SELECT * FROM (SELECT * FROM (SELECT a, s FROM src) WHERE a > 1) "
                "WHERE s <> 'x'"),
      "LogicalFilter(condition=[AND(>($0, 1), <>($1, 'x'))])\n"
      "+- LogicalTableScan(table=[[default_catalog, default_database, src, project=[a, s]]])\n");
}

TEST_F(FilterPushDownTest, KeepsConjunctsOnNonDeterministicExpressionsAbove) {
  EXPECT_EQ(
      Optimized("SELECT r, a FROM (SELECT RAND() AS r, a FROM src) WHERE r > 0.5 AND a > 1"),
      "LogicalFilter(condition=[>($0, 0.5)])\n"
      "+- LogicalProject(r=[RAND()], a=[$0])\n"
      "   +- LogicalFilter(condition=[>($0, 1)])\n"
      "      +- LogicalTableScan(table=[[default_catalog, default_database, src, project=[a]]])\n");
}

TEST_F(FilterPushDownTest, PushesIntoUnionAllInputs) {
  EXPECT_EQ(
      Optimized("SELECT * FROM (SELECT a, s FROM src UNION ALL SELECT a, s FROM plain) "
                "WHERE a > 1"),
      "LogicalUnion(all=[true])\n"
      ":- LogicalFilter(condition=[>($0, 1)])\n"
      ":  +- LogicalTableScan(table=[[default_catalog, default_database, src, project=[a, s]]])\n"
      "+- LogicalProject(a=[$0], s=[$2])\n"
      "   +- LogicalFilter(condition=[>($0, 1)])\n"
      "      +- LogicalTableScan(table=[[default_catalog, default_database, plain]])\n");
}

TEST_F(FilterPushDownTest, StaysAboveWatermarkAssigner) {
  EXPECT_EQ(
      Optimized("SELECT id, amount FROM orders WHERE amount > 10"),
      "LogicalProject(id=[$0], amount=[$1])\n"
      "+- LogicalFilter(condition=[>($1, 10)])\n"
      "   +- LogicalWatermarkAssigner(rowtime=[ts], watermark=[-($2, 5000:INTERVAL SECOND)])\n"
      "      +- LogicalTableScan(table=[[default_catalog, default_database, orders, project=[id, "
      "amount, ts]]])\n");
}

TEST_F(FilterPushDownTest, MakeFilterOnPlansBuiltDirectly) {
  RelPtr scan = BindSql("SELECT a, s FROM plain");
  ASSERT_NE(scan, nullptr);
  ExprPtr a = Expr::Column(0, LogicalType::Int());
  ExprPtr gt = *FunctionRegistry::Builtins().MakeCall(
      ">", {a, Expr::Literal(Value(int32_t{1}), LogicalType::Int(false))});
  RelPtr f1 = MakeFilter(scan, gt, context_);
  RelPtr f2 = MakeFilter(f1, gt, context_);
  EXPECT_EQ(ExplainTree(f2),
            "LogicalProject(a=[$0], s=[$2])\n"
            "+- LogicalFilter(condition=[>($0, 1)])\n"
            "   +- LogicalTableScan(table=[[default_catalog, default_database, plain]])\n");
}

}  // namespace
}  // namespace weir::sql
