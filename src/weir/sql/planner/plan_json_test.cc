// Tests of compiled-plan JSON: round trips of every node kind, shared sub-plans, bad input.
#include "weir/sql/planner/plan_json.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "weir/sql/catalog/catalog_json.h"

namespace weir::sql {
namespace {

ObjectIdentifier Id(std::string name) { return ObjectIdentifier{"cat", "db", std::move(name)}; }

CatalogTable Events() {
  CatalogTable t =
      MakePhysicalTable({{"id", LogicalType::BigInt(false)}, {"ts", LogicalType::Timestamp(3)}},
                        {{"connector", "datagen"}, {"number-of-rows", "10"}});
  CatalogColumn computed;
  computed.name = "id2";
  computed.type = LogicalType::BigInt();
  computed.kind = CatalogColumnKind::kComputed;
  computed.expression = "`id` * 2";
  computed.comment = "twice";
  t.columns.push_back(computed);
  t.watermarks.push_back(
      WatermarkSpec{"ts", "`ts` - INTERVAL '5' SECOND", LogicalType::Timestamp(3)});
  t.primary_key = PrimaryKeyConstraint{"PK_id", {"id"}};
  t.partition_keys = {"id"};
  t.comment = "events";
  return t;
}

// Two sinks over one watermarked scan: a filter+project, and a union with VALUES.
std::vector<RelPtr> SamplePlan() {
  auto scan = std::make_shared<TableScanRel>(Id("events"), Events(),
                                             TableOptions{{"rows-per-second", "5"}});
  auto wm =
      std::make_shared<WatermarkAssignerRel>(scan, 1, Expr::Column(1, LogicalType::Timestamp(3)));
  ExprPtr id = Expr::Column(0, LogicalType::BigInt(false));
  auto filter = std::make_shared<FilterRel>(
      wm, Expr::Call(">", {id, Expr::Literal(Value(int64_t{3}), LogicalType::BigInt(false))},
                     LogicalType::Boolean(false)));
  auto project = std::make_shared<ProjectRel>(filter, std::vector<ExprPtr>{id},
                                              std::vector<std::string>{"id"});
  auto values = std::make_shared<ValuesRel>(
      LogicalType::Row({Field("id", LogicalType::BigInt(false))}, false),
      std::vector<std::vector<ExprPtr>>{
          {Expr::Literal(Value(int64_t{42}), LogicalType::BigInt(false))}});
  auto u = std::make_shared<UnionRel>(std::vector<RelPtr>{project, values}, true);
  CatalogTable out = MakePhysicalTable({{"id", LogicalType::BigInt()}}, {{"connector", "print"}});
  auto sink1 = std::make_shared<SinkRel>(project, Id("out1"), out, false, TableOptions{});
  auto sink2 = std::make_shared<SinkRel>(u, Id("out2"), out, true, TableOptions{{"id", "1"}});
  return {sink1, sink2};
}

TEST(PlanJsonTest, RoundTripsEveryNodeKindAndSharedSubPlans) {
  const std::vector<RelPtr> plan = SamplePlan();
  const nlohmann::json doc = PlanToJson(plan);
  EXPECT_EQ(doc.at("format"), "weir.compiled-plan/v1");
  int scans = 0;
  for (const auto& n : doc.at("nodes")) scans += n.at("type") == "TableScan" ? 1 : 0;
  EXPECT_EQ(scans, 1);  // shared by both sinks
  auto back = PlanFromJson(nlohmann::json::parse(doc.dump()));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  ASSERT_EQ(back->size(), 2u);
  for (size_t i = 0; i < plan.size(); ++i) {
    EXPECT_EQ(ExplainTree((*back)[i]), ExplainTree(plan[i]));
  }
  // The shared project is one node after reading too.
  EXPECT_EQ((*back)[0]->input(0).get(), (*back)[1]->input(0)->input(0).get());
  EXPECT_EQ(PlanToJson(*back), doc);
  const auto& table = (*back)[0]->input(0)->input(0)->input(0)->input(0)->As<TableScanRel>();
  EXPECT_EQ(CatalogTableToJson(table.definition()), CatalogTableToJson(Events()));
  EXPECT_EQ(table.hint_options(), (TableOptions{{"rows-per-second", "5"}}));
}

TEST(PlanJsonTest, RejectsForeignOrBrokenDocuments) {
  EXPECT_EQ(PlanFromJson(nlohmann::json::object()).status().code(), StatusCode::kNotSupported);
  nlohmann::json doc = PlanToJson(SamplePlan());
  nlohmann::json future = doc;
  future["nodes"][0]["version"] = 2;
  auto r = PlanFromJson(future);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("version 2"), std::string::npos);
  nlohmann::json unknown = doc;
  unknown["nodes"][0]["type"] = "Teleport";
  EXPECT_FALSE(PlanFromJson(unknown).ok());
  nlohmann::json forward = doc;
  forward["nodes"][1]["inputs"] = nlohmann::json::array({7});
  EXPECT_FALSE(PlanFromJson(forward).ok());
  nlohmann::json broken = doc;
  broken["nodes"][0].erase("definition");
  EXPECT_EQ(PlanFromJson(broken).status().code(), StatusCode::kSerialization);
  nlohmann::json bad_type = doc;
  bad_type["nodes"][0]["definition"]["columns"][0]["type"] = "BIGINTEGER";
  EXPECT_FALSE(PlanFromJson(bad_type).ok());
}

}  // namespace
}  // namespace weir::sql
