// Tests of changelog inference: pass-through, unions, and Flink's sink errors.
#include "weir/sql/physical/changelog_inference.h"

#include <gtest/gtest.h>

#include "weir/sql/physical/physical_planner.h"
#include "weir/sql/physical/physical_test_util.h"

namespace weir::sql {
namespace {

using testing::AbsScan;
using testing::Col;
using testing::FakeConnectors;
using testing::SinkOf;

PhysicalPtr Scan(ChangelogMode mode) {
  return std::make_shared<TableSourceScanNode>(testing::TestId("src"), testing::AbsTable("x"),
                                               TableOptions{}, ScanPushDown{}, std::move(mode));
}

TEST(ChangelogInferenceTest, PassThroughUnionAndSinks) {
  const ChangelogMode retract = ChangelogMode::All();
  PhysicalPtr upserts = Scan(ChangelogMode::Upsert({0}));
  PhysicalPtr inserts = Scan(ChangelogMode::InsertOnly());
  auto calc = std::make_shared<CalcNode>(upserts, std::vector<ExprPtr>{Col(0)},
                                         std::vector<std::string>{"a"}, nullptr);
  EXPECT_EQ(calc->changelog_mode(), ChangelogMode::Upsert({0}));
  auto swapped = std::make_shared<CalcNode>(upserts, std::vector<ExprPtr>{Col(1), Col(0)},
                                            std::vector<std::string>{"b", "a"}, nullptr);
  EXPECT_EQ(swapped->changelog_mode(), ChangelogMode::Upsert({1}));
  auto keyless = std::make_shared<CalcNode>(upserts, std::vector<ExprPtr>{Col(1)},
                                            std::vector<std::string>{"b"}, nullptr);
  EXPECT_EQ(keyless->changelog_mode().ToString(), "I,UA,D");
  EXPECT_FALSE(keyless->changelog_mode().upsert_key());
  auto wm = std::make_shared<WatermarkAssignerNode>(inserts, 0, Col(0));
  EXPECT_EQ(wm->changelog_mode().ToString(), "I");
  EXPECT_EQ(InferChangelogMode(PhysicalKind::kUnion, {inserts, inserts}).ToString(), "I");
  EXPECT_EQ(InferChangelogMode(PhysicalKind::kUnion, {inserts, upserts}).ToString(), "I,UA,D");
  EXPECT_FALSE(InferChangelogMode(PhysicalKind::kUnion, {inserts, upserts}).upsert_key());
  EXPECT_EQ(InferChangelogMode(PhysicalKind::kUnion, {upserts, upserts}),
            ChangelogMode::Upsert({0}));
  EXPECT_EQ(InferChangelogMode(PhysicalKind::kUnion, {Scan(retract), upserts}).ToString(),
            "I,UB,UA,D");
  auto sink = std::make_shared<SinkNode>(calc, testing::TestId("out"), testing::AbsTable("y"),
                                         false, TableOptions{}, retract);
  EXPECT_TRUE(sink->changelog_mode().is_none());
  EXPECT_TRUE(CheckSinkChangelog(*sink).ok());
  EXPECT_EQ(ExplainPhysical({sink}, ExprForm::kPrefix, true),
            "Sink(table=[default_catalog.default_database.out], fields=[a], "
            "changelogMode=[NONE])\n"
            "+- Calc(select=[a], changelogMode=[I,UA,D])\n"
            "   +- TableSourceScan(table=[[default_catalog, default_database, src]], "
            "fields=[a, b, s], changelogMode=[I,UA,D])\n");
}

TEST(ChangelogInferenceTest, SinksRejectChangesTheyCannotTakeNamingTheProducer) {
  auto check = [](ChangelogMode produced) {
    auto sink = std::make_shared<SinkNode>(Scan(std::move(produced)), testing::TestId("out"),
                                           testing::AbsTable("y"), false, TableOptions{},
                                           ChangelogMode::InsertOnly());
    return CheckSinkChangelogs({sink}).message();
  };
  const std::string scan =
      " which is produced by node TableSourceScan(table=[[default_catalog, default_database, "
      "src]], fields=[a, b, s])";
  EXPECT_EQ(check(ChangelogMode::Upsert({0})),
            "Table sink 'default_catalog.default_database.out' doesn't support consuming update "
            "and delete changes" +
                scan);
  EXPECT_EQ(
      check(ChangelogMode::InsertOnly().With(RowKind::kUpdateBefore).With(RowKind::kUpdateAfter)),
      "Table sink 'default_catalog.default_database.out' doesn't support consuming update "
      "changes" +
          scan);
  EXPECT_EQ(check(ChangelogMode::InsertOnly().With(RowKind::kDelete)),
            "Table sink 'default_catalog.default_database.out' doesn't support consuming delete "
            "changes" +
                scan);
  EXPECT_TRUE(CheckSinkChangelogs({Scan(ChangelogMode::All())}).ok());  // not a sink
}

TEST(ChangelogInferenceTest, PlanningFailsForAnAppendSinkOverAnUpsertSource) {
  FakeConnectors connectors;
  PhysicalPlannerContext context;
  context.connectors = &connectors.registry;
  // The producer is the upsert scan below the union and the Calc.
  auto filter = std::make_shared<FilterRel>(
      AbsScan("changes", "upserts"),
      Expr::Call(">", {Col(0), testing::Lit(0)}, LogicalType::Boolean()));
  auto u = std::make_shared<UnionRel>(std::vector<RelPtr>{AbsScan("src", "inserts"), filter}, true);
  auto plan = PlanPhysical({SinkOf(u, "out", "append")}, context);
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.status().message(),
            "Table sink 'default_catalog.default_database.out' doesn't support consuming update "
            "and delete changes which is produced by node TableSourceScan(table=[[default_catalog, "
            "default_database, changes]], fields=[a, b, s])");
  auto ok = PlanPhysical({SinkOf(u, "out", "retract")}, context);
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ((*ok)[0]->input(0)->changelog_mode().ToString(), "I,UA,D");
}

}  // namespace
}  // namespace weir::sql
