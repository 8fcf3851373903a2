// Tests of compiled-plan JSON (v2): round trips of every physical node kind, bad input.
#include "weir/sql/physical/plan_json.h"

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
  t.watermarks.push_back(
      WatermarkSpec{"ts", "`ts` - INTERVAL '5' SECOND", LogicalType::Timestamp(3)});
  t.primary_key = PrimaryKeyConstraint{"PK_id", {"id"}};
  t.partition_keys = {"id"};
  t.comment = "events";
  return t;
}

// Two sinks over one watermarked scan (upserts, with push-down): a Calc, and a union of
// that Calc with VALUES.
std::vector<PhysicalPtr> SamplePlan() {
  ScanPushDown push_down;
  push_down.projection = std::vector<int32_t>{0, 1};
  push_down.partitions = std::vector<connectors::PartitionSpec>{{{"id", "1"}}, {{"id", "2"}}};
  auto scan = std::make_shared<TableSourceScanNode>(Id("events"), Events(),
                                                    TableOptions{{"rows-per-second", "5"}},
                                                    push_down, ChangelogMode::Upsert({0}));
  auto wm =
      std::make_shared<WatermarkAssignerNode>(scan, 1, Expr::Column(1, LogicalType::Timestamp(3)));
  ExprPtr id = Expr::Column(0, LogicalType::BigInt(false));
  auto calc = std::make_shared<CalcNode>(
      wm, std::vector<ExprPtr>{id}, std::vector<std::string>{"id"},
      Expr::Call(">", {id, Expr::Literal(Value(int64_t{3}), LogicalType::BigInt(false))},
                 LogicalType::Boolean(false)));
  auto values = std::make_shared<ValuesNode>(
      LogicalType::Row({Field("id", LogicalType::BigInt(false))}, false),
      std::vector<std::vector<ExprPtr>>{
          {Expr::Literal(Value(int64_t{42}), LogicalType::BigInt(false))}});
  auto u = std::make_shared<UnionNode>(std::vector<PhysicalPtr>{calc, values});
  CatalogTable out = MakePhysicalTable({{"id", LogicalType::BigInt()}}, {{"connector", "print"}});
  auto sink1 = std::make_shared<SinkNode>(calc, Id("out1"), out, false, TableOptions{},
                                          ChangelogMode::All());
  auto sink2 = std::make_shared<SinkNode>(u, Id("out2"), out, true, TableOptions{{"id", "1"}},
                                          ChangelogMode::All());
  return {sink1, sink2};
}

TEST(PlanJsonTest, RoundTripsEveryNodeKindAndSharedSubPlans) {
  const std::vector<PhysicalPtr> plan = SamplePlan();
  const nlohmann::json doc = PlanToJson(plan);
  EXPECT_EQ(doc.at("format"), "weir.compiled-plan/v2");
  int scans = 0;
  for (const auto& n : doc.at("nodes")) scans += n.at("type") == "TableSourceScan" ? 1 : 0;
  EXPECT_EQ(scans, 1);  // shared by both sinks
  auto back = PlanFromJson(nlohmann::json::parse(doc.dump()));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  ASSERT_EQ(back->size(), 2u);
  EXPECT_EQ(ExplainPhysical(*back, ExprForm::kPrefix, true),
            ExplainPhysical(plan, ExprForm::kPrefix, true));
  // The shared Calc is one node after reading too.
  EXPECT_EQ((*back)[0]->input(0).get(), (*back)[1]->input(0)->input(0).get());
  EXPECT_EQ(PlanToJson(*back), doc);
  const auto& scan = (*back)[0]->input(0)->input(0)->input(0)->As<TableSourceScanNode>();
  EXPECT_EQ(CatalogTableToJson(scan.definition()), CatalogTableToJson(Events()));
  EXPECT_EQ(scan.hint_options(), (TableOptions{{"rows-per-second", "5"}}));
  EXPECT_EQ(scan.changelog_mode(), ChangelogMode::Upsert({0}));
  EXPECT_EQ(scan.push_down().partitions->size(), 2u);
  // Modes are re-derived: the union of upserts and inserts is the upsert kinds.
  EXPECT_EQ((*back)[1]->input(0)->changelog_mode().ToString(), "I,UA,D");
  EXPECT_EQ((*back)[1]->As<SinkNode>().accepted_mode(), ChangelogMode::All());
}

TEST(PlanJsonTest, ChangelogModesRoundTrip) {
  for (const ChangelogMode& m : {ChangelogMode::InsertOnly(), ChangelogMode::All(),
                                 ChangelogMode::Upsert({1, 0}), ChangelogMode::None()}) {
    auto back = ChangelogModeFromJson(ChangelogModeToJson(m));
    ASSERT_TRUE(back.ok()) << back.status().ToString();
    EXPECT_EQ(*back, m);
  }
  EXPECT_FALSE(ChangelogModeFromJson(nlohmann::json{{"kinds", "I,XX"}}).ok());
  EXPECT_FALSE(ChangelogModeFromJson(nlohmann::json{{"kinds", "I"}, {"upsertKey", {0}}}).ok());
  EXPECT_FALSE(ChangelogModeFromJson(nlohmann::json::array()).ok());
}

TEST(PlanJsonTest, RejectsForeignOrBrokenDocuments) {
  EXPECT_EQ(PlanFromJson(nlohmann::json::object()).status().code(), StatusCode::kNotSupported);
  nlohmann::json doc = PlanToJson(SamplePlan());
  nlohmann::json v1 = doc;
  v1["format"] = "weir.compiled-plan/v1";
  EXPECT_EQ(PlanFromJson(v1).status().code(), StatusCode::kNotSupported);
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
  nlohmann::json bad_projection = doc;
  bad_projection["nodes"][0]["projection"] = nlohmann::json::array({9});
  EXPECT_FALSE(PlanFromJson(bad_projection).ok());
  nlohmann::json mixed_union = doc;
  for (auto& n : mixed_union["nodes"]) {
    if (n["type"] != "Values") continue;
    std::string type = n["row_type"].get<std::string>();
    ASSERT_NE(type.find("BIGINT"), std::string::npos) << type;
    n["row_type"] = type.replace(type.find("BIGINT"), 6, "DOUBLE");
    ASSERT_TRUE(LogicalType::Parse(n["row_type"].get<std::string>()).ok());
  }
  auto mixed = PlanFromJson(mixed_union);  // a Values literal that is not its field's type
  ASSERT_FALSE(mixed.ok());
  EXPECT_NE(mixed.status().message().find("Values field 0"), std::string::npos)
      << mixed.status().ToString();
  nlohmann::json not_sink = doc;
  not_sink["sinks"] = nlohmann::json::array({0});
  EXPECT_FALSE(PlanFromJson(not_sink).ok());
}

TEST(PlanJsonTest, NestedProjectionRoundTripsAndIsChecked) {
  CatalogTable t = MakePhysicalTable({{"k", LogicalType::Int()},
                                      {"r", LogicalType::Row({Field("x", LogicalType::Int(false)),
                                                              Field("y", LogicalType::String())})}},
                                     {{"connector", "nexmark"}});
  ScanPushDown push_down;
  push_down.projection = std::vector<int32_t>{0, 1};
  push_down.nested_fields = std::vector<std::vector<int32_t>>{{}, {0}};
  auto scan = std::make_shared<TableSourceScanNode>(Id("n"), t, TableOptions{}, push_down,
                                                    ChangelogMode::InsertOnly());
  EXPECT_EQ(scan->row_type().ToString(), "ROW<`k` INT, `r_x` INT> NOT NULL");
  CatalogTable out = MakePhysicalTable({{"k", LogicalType::Int()}, {"x", LogicalType::Int()}},
                                       {{"connector", "print"}});
  std::vector<PhysicalPtr> plan = {std::make_shared<SinkNode>(
      scan, Id("out"), out, false, TableOptions{}, ChangelogMode::All())};
  const nlohmann::json doc = PlanToJson(plan);
  auto back = PlanFromJson(nlohmann::json::parse(doc.dump()));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(PlanToJson(*back), doc);
  EXPECT_EQ((*back)[0]->input(0)->As<TableSourceScanNode>().push_down().nested_fields,
            push_down.nested_fields);
  nlohmann::json too_deep = doc;
  too_deep["nodes"][0]["nestedProjection"] = nlohmann::json::parse("[[], [0, 0]]");
  EXPECT_EQ(PlanFromJson(too_deep).status().code(), StatusCode::kSerialization);
  nlohmann::json not_row = doc;
  not_row["nodes"][0]["nestedProjection"] = nlohmann::json::parse("[[1], [0]]");
  EXPECT_EQ(PlanFromJson(not_row).status().code(), StatusCode::kSerialization);
  nlohmann::json short_list = doc;
  short_list["nodes"][0]["nestedProjection"] = nlohmann::json::parse("[[]]");
  EXPECT_EQ(PlanFromJson(short_list).status().code(), StatusCode::kSerialization);
}

}  // namespace
}  // namespace weir::sql
