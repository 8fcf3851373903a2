// Tests of logical plan nodes: row types and Flink's EXPLAIN tree layout.
#include "weir/sql/planner/rel_node.h"

#include <gtest/gtest.h>

namespace weir::sql {
namespace {

CatalogTable SourceTable() {
  CatalogTable t;
  for (auto [name, type] :
       std::vector<std::pair<std::string, LogicalType>>{{"a", LogicalType::BigInt()},
                                                        {"b", LogicalType::BigInt()},
                                                        {"s", LogicalType::String()}}) {
    CatalogColumn c;
    c.name = name;
    c.type = type;
    t.columns.push_back(c);
  }
  t.options = {{"connector", "datagen"}};
  return t;
}

ObjectIdentifier Id(std::string name) {
  return ObjectIdentifier{"default_catalog", "default_database", std::move(name)};
}

TEST(RelNodeTest, ExplainsInFlinksTreeLayout) {
  auto scan = std::make_shared<TableScanRel>(Id("src"), SourceTable(), TableOptions{});
  ExprPtr a = Expr::Column(0, LogicalType::BigInt());
  ExprPtr b = Expr::Column(1, LogicalType::BigInt());
  ExprPtr seven = Expr::Literal(Value(int32_t{7}), LogicalType::Int(false));
  ExprPtr zero = Expr::Literal(Value(int64_t{0}), LogicalType::BigInt(false));
  ExprPtr mod = Expr::Call("MOD", {a, seven}, LogicalType::Int());
  auto filter =
      std::make_shared<FilterRel>(scan, Expr::Call("=", {mod, zero}, LogicalType::Boolean()));
  ExprPtr two = Expr::Literal(Value(int64_t{2}), LogicalType::BigInt(false));
  auto project = std::make_shared<ProjectRel>(
      filter, std::vector<ExprPtr>{a, Expr::Call("*", {b, two}, LogicalType::BigInt())},
      std::vector<std::string>{"a", "EXPR$1"});
  EXPECT_EQ(project->row_type().ToString(), "ROW<`a` BIGINT, `EXPR$1` BIGINT> NOT NULL");
  auto other = std::make_shared<ProjectRel>(scan, std::vector<ExprPtr>{a, b},
                                            std::vector<std::string>{"a", "b"});
  auto u = std::make_shared<UnionRel>(std::vector<RelPtr>{project, other}, true);
  auto sink = std::make_shared<SinkRel>(u, Id("out"), SourceTable(), false, TableOptions{});
  const std::string expected =
      "LogicalSink(table=[default_catalog.default_database.out], fields=[a, EXPR$1])\n"
      "+- LogicalUnion(all=[true])\n"
      "   :- LogicalProject(a=[$0], EXPR$1=[*($1, 2:BIGINT)])\n"
      "   :  +- LogicalFilter(condition=[=(MOD($0, 7), 0:BIGINT)])\n"
      "   :     +- LogicalTableScan(table=[[default_catalog, default_database, src]])\n"
      "   +- LogicalProject(a=[$0], b=[$1])\n"
      "      +- LogicalTableScan(table=[[default_catalog, default_database, src]])\n";
  EXPECT_EQ(ExplainTree(sink), expected);
  const std::string annotated =
      ExplainTree(scan, [](const RelNode&) { return std::string(", changelogMode=[I]"); });
  EXPECT_EQ(annotated,
            "LogicalTableScan(table=[[default_catalog, default_database, src]], "
            "changelogMode=[I])\n");
}

TEST(RelNodeTest, ScanRowTypeAndHints) {
  CatalogTable t = SourceTable();
  t.primary_key = PrimaryKeyConstraint{"PK_a", {"a"}};
  auto scan = std::make_shared<TableScanRel>(Id("src"), t, TableOptions{{"rows-per-second", "5"}});
  EXPECT_EQ(scan->field_names(), (std::vector<std::string>{"a", "b", "s"}));
  EXPECT_FALSE(scan->row_type().fields()[0].logical_type().nullable());
  EXPECT_EQ(scan->Describe(),
            "LogicalTableScan(table=[[default_catalog, default_database, src]], "
            "hints=[[[OPTIONS options:{rows-per-second=5}]]])");
  auto wm = std::make_shared<WatermarkAssignerRel>(scan, 0, Expr::Column(0, LogicalType::BigInt()));
  EXPECT_EQ(wm->Describe(), "LogicalWatermarkAssigner(rowtime=[a], watermark=[$0])");
  auto values =
      std::make_shared<ValuesRel>(LogicalType::Row({Field("x", LogicalType::Int(false))}, false),
                                  std::vector<std::vector<ExprPtr>>{
                                      {Expr::Literal(Value(int32_t{1}), LogicalType::Int(false))},
                                      {Expr::Literal(Value(int32_t{2}), LogicalType::Int(false))}});
  EXPECT_EQ(values->Describe(), "LogicalValues(tuples=[[{ 1 }, { 2 }]])");
}

}  // namespace
}  // namespace weir::sql
