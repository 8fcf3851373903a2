// Tests of physical planning: Calc merging, identity removal, shared sub-plans, push-down.
#include "weir/sql/physical/physical_planner.h"

#include <gtest/gtest.h>

#include "weir/sql/physical/physical_test_util.h"

namespace weir::sql {
namespace {

using testing::AbsScan;
using testing::Col;
using testing::FakeConnectors;
using testing::Lit;
using testing::SinkOf;

ExprPtr Times(ExprPtr a, ExprPtr b) {
  return Expr::Call("*", {std::move(a), std::move(b)}, LogicalType::BigInt());
}
ExprPtr Greater(ExprPtr a, ExprPtr b) {
  return Expr::Call(">", {std::move(a), std::move(b)}, LogicalType::Boolean());
}

TEST(PhysicalPlannerTest, MergesProjectFilterChainsIntoOneCalc) {
  FakeConnectors connectors;
  PhysicalPlannerContext context;
  context.connectors = &connectors.registry;
  RelPtr scan = AbsScan("src", "inserts");
  // SELECT d AS x, a FROM (SELECT a, b * 2 AS d FROM src WHERE a > 1) WHERE d > 10
  auto filter1 = std::make_shared<FilterRel>(scan, Greater(Col(0), Lit(1)));
  auto project1 =
      std::make_shared<ProjectRel>(filter1, std::vector<ExprPtr>{Col(0), Times(Col(1), Lit(2))},
                                   std::vector<std::string>{"a", "d"});
  auto filter2 = std::make_shared<FilterRel>(project1, Greater(Col(1), Lit(10)));
  auto project2 = std::make_shared<ProjectRel>(filter2, std::vector<ExprPtr>{Col(1), Col(0)},
                                               std::vector<std::string>{"x", "a"});
  auto plan = PlanPhysical({SinkOf(project2, "out", "append")}, context);
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_EQ(ExplainPhysical(*plan, ExprForm::kPrefix),
            "Sink(table=[default_catalog.default_database.out], fields=[x, a])\n"
            "+- Calc(select=[*(b, 2:BIGINT) AS x, a], "
            "where=[AND(>(a, 1:BIGINT), >(*(b, 2:BIGINT), 10:BIGINT))])\n"
            "   +- TableSourceScan(table=[[default_catalog, default_database, src]], "
            "fields=[a, b, s])\n");
  EXPECT_EQ(ExplainPhysical(*plan, ExprForm::kInfix),
            "Sink(table=[default_catalog.default_database.out], fields=[x, a])\n"
            "+- Calc(select=[(b * 2:BIGINT) AS x, a], "
            "where=[((a > 1:BIGINT) AND ((b * 2:BIGINT) > 10:BIGINT))])\n"
            "   +- TableSourceScan(table=[[default_catalog, default_database, src]], "
            "fields=[a, b, s])\n");
}

TEST(PhysicalPlannerTest, DropsIdentityProjectionsAndKeepsSharedNodesShared) {
  FakeConnectors connectors;
  PhysicalPlannerContext context;
  context.connectors = &connectors.registry;
  RelPtr scan = AbsScan("src", "inserts");
  auto identity = std::make_shared<ProjectRel>(
      scan, std::vector<ExprPtr>{Col(0), Col(1), Col(2, LogicalType::String())},
      std::vector<std::string>{"a", "b", "s"});
  auto plan = PlanPhysical({SinkOf(identity, "out", "append")}, context);
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_EQ((*plan)[0]->input(0)->kind(), PhysicalKind::kTableSourceScan);

  // A filter read by two sinks is one Calc under two projections.
  auto filter = std::make_shared<FilterRel>(scan, Greater(Col(0), Lit(1)));
  auto p1 = std::make_shared<ProjectRel>(filter, std::vector<ExprPtr>{Col(0)},
                                         std::vector<std::string>{"a"});
  auto p2 = std::make_shared<ProjectRel>(filter, std::vector<ExprPtr>{Col(1)},
                                         std::vector<std::string>{"b"});
  auto shared = PlanPhysical({SinkOf(p1, "o1", "append"), SinkOf(p2, "o2", "append")}, context);
  ASSERT_TRUE(shared.ok()) << shared.status().ToString();
  const PhysicalNode& calc1 = *(*shared)[0]->input(0);
  const PhysicalNode& calc2 = *(*shared)[1]->input(0);
  EXPECT_EQ(calc1.Describe(ExprForm::kPrefix), "Calc(select=[a])");
  EXPECT_EQ(calc2.Describe(ExprForm::kPrefix), "Calc(select=[b])");
  EXPECT_EQ(calc1.input(0).get(), calc2.input(0).get());
  EXPECT_EQ(calc1.input(0)->Describe(ExprForm::kPrefix),
            "Calc(select=[a, b, s], where=[>(a, 1:BIGINT)])");
}

TEST(PhysicalPlannerTest, EqualScansAreOneNodeShownOnceInTheExecutionPlan) {
  FakeConnectors connectors;
  PhysicalPlannerContext context;
  context.connectors = &connectors.registry;
  // Two INSERTs bound separately: equal scans, not the same logical node.
  auto p1 = std::make_shared<ProjectRel>(AbsScan("src", "inserts"), std::vector<ExprPtr>{Col(0)},
                                         std::vector<std::string>{"a"});
  auto f2 = std::make_shared<FilterRel>(AbsScan("src", "inserts"), Greater(Col(1), Lit(0)));
  auto plan = PlanPhysical({SinkOf(p1, "o1", "append"), SinkOf(f2, "o2", "append")}, context);
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_EQ((*plan)[0]->input(0)->input(0).get(), (*plan)[1]->input(0)->input(0).get());
  EXPECT_EQ(ExplainExecutionPlan(*plan),
            "TableSourceScan(table=[[default_catalog, default_database, src]], "
            "fields=[a, b, s])(reuse_id=[1])\n"
            "\n"
            "Sink(table=[default_catalog.default_database.o1], fields=[a])\n"
            "+- Calc(select=[a])\n"
            "   +- Reused(reference_id=[1])\n"
            "\n"
            "Sink(table=[default_catalog.default_database.o2], fields=[a, b, s])\n"
            "+- Calc(select=[a, b, s], where=[(b > 0:BIGINT)])\n"
            "   +- Reused(reference_id=[1])\n");
  // Equal Calcs over the shared scan are one node too.
  auto again = std::make_shared<ProjectRel>(AbsScan("src", "inserts"), std::vector<ExprPtr>{Col(0)},
                                            std::vector<std::string>{"a"});
  auto reused = PlanPhysical({SinkOf(p1, "o1", "append"), SinkOf(again, "o3", "append")}, context);
  ASSERT_TRUE(reused.ok()) << reused.status().ToString();
  EXPECT_EQ((*reused)[0]->input(0).get(), (*reused)[1]->input(0).get());
  EXPECT_EQ(ExplainExecutionPlan(*reused),
            "Calc(select=[a])(reuse_id=[1])\n"
            "+- TableSourceScan(table=[[default_catalog, default_database, src]], "
            "fields=[a, b, s])\n"
            "\n"
            "Sink(table=[default_catalog.default_database.o1], fields=[a])\n"
            "+- Reused(reference_id=[1])\n"
            "\n"
            "Sink(table=[default_catalog.default_database.o3], fields=[a])\n"
            "+- Reused(reference_id=[1])\n");
  // Without sharing, the execution plan is the plain tree.
  auto single = PlanPhysical({SinkOf(p1, "o1", "append")}, context);
  ASSERT_TRUE(single.ok()) << single.status().ToString();
  EXPECT_EQ(ExplainExecutionPlan(*single), ExplainPhysical(*single, ExprForm::kInfix));
}

TEST(PhysicalPlannerTest, ScansCarryTheirPushDownAndUnionsNeedAll) {
  FakeConnectors connectors;
  PhysicalPlannerContext context;
  context.connectors = &connectors.registry;
  ScanPushDown push_down;
  push_down.projection = std::vector<int32_t>{2, 0};
  push_down.partitions = std::vector<connectors::PartitionSpec>{{{"a", "1"}}};
  RelPtr scan = AbsScan("src", "inserts", push_down);
  auto plan = PlanPhysical({scan}, context);  // a query's root: no sink
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_EQ((*plan)[0]->Describe(ExprForm::kPrefix),
            "TableSourceScan(table=[[default_catalog, default_database, src, project=[s, a], "
            "partitions=[{a=1}]]], fields=[s, a])");
  ASSERT_EQ(connectors.inserts->contexts().size(), 1u);
  EXPECT_EQ(*connectors.inserts->contexts()[0].projected_fields, (std::vector<int32_t>{2, 0}));

  auto distinct = std::make_shared<UnionRel>(std::vector<RelPtr>{AbsScan("src", "inserts")},
                                             /*all=*/false);
  auto r = PlanPhysical({distinct}, context);
  EXPECT_EQ(r.status().code(), StatusCode::kNotSupported);
  auto missing = PlanPhysical({AbsScan("src", "nope")}, context);
  EXPECT_FALSE(missing.ok());
}

TEST(PhysicalPlannerTest, InlineColumnsRebuildsEveryKind) {
  std::vector<ExprPtr> inputs{Times(Col(1), Lit(2)), Col(0)};
  ExprPtr e = Expr::Case({Greater(Col(0), Lit(1)), Expr::Cast(Col(1), LogicalType::Int()),
                          Expr::Cast(Lit(3), LogicalType::Int())},
                         LogicalType::Int());
  EXPECT_EQ(InlineColumns(e, inputs)->ToString(),
            "CASE(>(*($1, 2:BIGINT), 1:BIGINT), CAST($0 AS INT), CAST(3:BIGINT AS INT))");
}

}  // namespace
}  // namespace weir::sql
