// Tests of physical nodes: Flink's plan lines in both forms, row types, tree layout.
#include "weir/sql/physical/physical_node.h"

#include <gtest/gtest.h>

#include "weir/sql/physical/physical_test_util.h"

namespace weir::sql {
namespace {

using testing::Col;
using testing::Lit;

PhysicalPtr Scan(TableOptions hints = {}) {
  return std::make_shared<TableSourceScanNode>(testing::TestId("T"), testing::AbsTable("x"),
                                               std::move(hints), ScanPushDown{},
                                               ChangelogMode::InsertOnly());
}

TEST(PhysicalNodeTest, PlanLinesInPrefixAndInfixForm) {
  PhysicalPtr scan = Scan({{"k", "v"}});
  EXPECT_EQ(scan->Describe(ExprForm::kPrefix),
            "TableSourceScan(table=[[default_catalog, default_database, T]], fields=[a, b, s], "
            "hints=[[[OPTIONS options:{k=v}]]])");
  ExprPtr not_null =
      Expr::Call("IS NOT NULL", {Col(2, LogicalType::String())}, LogicalType::Boolean(false));
  auto calc = std::make_shared<CalcNode>(
      scan,
      std::vector<ExprPtr>{
          Col(0), Col(1),
          Expr::Call("UPPER", {Col(2, LogicalType::String())}, LogicalType::String())},
      std::vector<std::string>{"a", "renamed", "u"}, not_null);
  EXPECT_EQ(calc->Describe(ExprForm::kPrefix),
            "Calc(select=[a, b AS renamed, UPPER(s) AS u], where=[IS NOT NULL(s)])");
  EXPECT_EQ(calc->Describe(ExprForm::kInfix),
            "Calc(select=[a, b AS renamed, UPPER(s) AS u], where=[(s IS NOT NULL)])");
  EXPECT_EQ(calc->field_names(), (std::vector<std::string>{"a", "renamed", "u"}));
  auto values = std::make_shared<ValuesNode>(
      LogicalType::Row(
          {Field("x", LogicalType::BigInt(false)), Field("y", LogicalType::BigInt(false))}, false),
      std::vector<std::vector<ExprPtr>>{{Lit(1), Lit(2)}, {Lit(3), Lit(4)}});
  EXPECT_EQ(values->Describe(ExprForm::kInfix),
            "Values(tuples=[[{ 1:BIGINT, 2:BIGINT }, { 3:BIGINT, 4:BIGINT }]])");
  auto wm = std::make_shared<WatermarkAssignerNode>(
      scan, 0, Expr::Call("-", {Col(0), Lit(5)}, LogicalType::BigInt()));
  EXPECT_EQ(wm->Describe(ExprForm::kPrefix),
            "WatermarkAssigner(rowtime=[a], watermark=[-(a, 5:BIGINT)])");
  EXPECT_EQ(wm->Describe(ExprForm::kInfix),
            "WatermarkAssigner(rowtime=[a], watermark=[(a - 5:BIGINT)])");
  auto u = std::make_shared<UnionNode>(std::vector<PhysicalPtr>{scan, wm});
  EXPECT_EQ(u->Describe(ExprForm::kPrefix), "Union(all=[true], union=[a, b, s])");
  auto sink = std::make_shared<SinkNode>(u, testing::TestId("out"), testing::AbsTable("y"), true,
                                         TableOptions{{"p", "1"}}, ChangelogMode::InsertOnly());
  EXPECT_EQ(sink->Describe(ExprForm::kPrefix),
            "Sink(table=[default_catalog.default_database.out], overwrite=[true], "
            "partition=[{p=1}], fields=[a, b, s])");
  EXPECT_EQ(ExplainPhysical({sink}, ExprForm::kInfix),
            "Sink(table=[default_catalog.default_database.out], overwrite=[true], "
            "partition=[{p=1}], fields=[a, b, s])\n"
            "+- Union(all=[true], union=[a, b, s])\n"
            "   :- TableSourceScan(table=[[default_catalog, default_database, T]], "
            "fields=[a, b, s], hints=[[[OPTIONS options:{k=v}]]])\n"
            "   +- WatermarkAssigner(rowtime=[a], watermark=[(a - 5:BIGINT)])\n"
            "      +- TableSourceScan(table=[[default_catalog, default_database, T]], "
            "fields=[a, b, s], hints=[[[OPTIONS options:{k=v}]]])\n");
}

TEST(PhysicalNodeTest, ExprDigestNamesColumnsAndFallsBackToPositions) {
  ExprPtr e =
      Expr::Call("AND",
                 {Expr::Call("=", {Col(0), Col(5)}, LogicalType::Boolean()),
                  Expr::Call("NOT", {Col(1, LogicalType::Boolean())}, LogicalType::Boolean())},
                 LogicalType::Boolean());
  EXPECT_EQ(ExprDigest(*e, {"a", "flag"}, ExprForm::kPrefix), "AND(=(a, $5), NOT(flag))");
  EXPECT_EQ(ExprDigest(*e, {"a", "flag"}, ExprForm::kInfix), "((a = $5) AND NOT(flag))");
}

}  // namespace
}  // namespace weir::sql
