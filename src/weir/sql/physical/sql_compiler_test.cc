// Tests of the SQL compiler facade: EXPLAIN layout and details, compiled plans that run.
#include "weir/sql/physical/sql_compiler.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "weir/sql/physical/physical_test_util.h"

namespace weir::sql {
namespace {

using testing::AbsScan;
using testing::Col;
using testing::FakeConnectors;
using testing::Lit;
using testing::SinkOf;

// INSERT INTO out SELECT a, b * 2, s FROM src WHERE a > 1 over a source without push-down.
RelPtr Insert(const std::string& sink, const std::string& connector = "append") {
  RelPtr scan = AbsScan("src", "plain");
  auto filter =
      std::make_shared<FilterRel>(scan, Expr::Call(">", {Col(0), Lit(1)}, LogicalType::Boolean()));
  auto project = std::make_shared<ProjectRel>(
      filter,
      std::vector<ExprPtr>{Col(0), Expr::Call("*", {Col(1), Lit(2)}, LogicalType::BigInt()),
                           Col(2, LogicalType::String())},
      std::vector<std::string>{"a", "EXPR$1", "s"});
  return SinkOf(project, sink, connector);
}

TEST(SqlCompilerTest, ExplainPrintsFlinksThreeSections) {
  FakeConnectors connectors;
  TranslateOptions options;
  options.connectors = &connectors.registry;
  ExplainOptions explain;
  explain.changelog_mode = true;
  auto text = Explain({Insert("out")}, explain, options);
  ASSERT_TRUE(text.ok()) << text.status().ToString();
  EXPECT_EQ(*text,
            "== Abstract Syntax Tree ==\n"
            "LogicalSink(table=[default_catalog.default_database.out], fields=[a, EXPR$1, s])\n"
            "+- LogicalProject(a=[$0], EXPR$1=[*($1, 2:BIGINT)], s=[$2])\n"
            "   +- LogicalFilter(condition=[>($0, 1:BIGINT)])\n"
            "      +- LogicalTableScan(table=[[default_catalog, default_database, src]])\n"
            "\n"
            "== Optimized Physical Plan ==\n"
            "Sink(table=[default_catalog.default_database.out], fields=[a, EXPR$1, s], "
            "changelogMode=[NONE])\n"
            "+- Calc(select=[a, *(b, 2:BIGINT) AS EXPR$1, s], where=[>(a, 1:BIGINT)], "
            "changelogMode=[I])\n"
            "   +- TableSourceScan(table=[[default_catalog, default_database, src]], "
            "fields=[a, b, s], changelogMode=[I])\n"
            "\n"
            "== Optimized Execution Plan ==\n"
            "Sink(table=[default_catalog.default_database.out], fields=[a, EXPR$1, s])\n"
            "+- Calc(select=[a, (b * 2:BIGINT) AS EXPR$1, s], where=[(a > 1:BIGINT)])\n"
            "   +- TableSourceScan(table=[[default_catalog, default_database, src]], "
            "fields=[a, b, s])\n");
}

TEST(SqlCompilerTest, ExplainQueriesStatementSetsAndDetails) {
  FakeConnectors connectors;
  TranslateOptions options;
  options.connectors = &connectors.registry;
  ExplainOptions query;
  query.query = true;
  auto text = Explain({Insert("collect", "retract")}, query, options);
  ASSERT_TRUE(text.ok()) << text.status().ToString();
  EXPECT_EQ(text->find("Sink"), std::string::npos) << *text;
  EXPECT_NE(text->find("== Abstract Syntax Tree ==\nLogicalProject("), std::string::npos);
  EXPECT_NE(text->find("== Optimized Execution Plan ==\n"
                       "Calc(select=[a, (b * 2:BIGINT) AS EXPR$1, s], where=[(a > 1:BIGINT)])\n"
                       "+- TableSourceScan("),
            std::string::npos)
      << *text;

  auto set = Explain({Insert("o1"), Insert("o2")}, ExplainOptions{}, options);
  ASSERT_TRUE(set.ok()) << set.status().ToString();
  EXPECT_NE(set->find("fields=[a, b, s])\n\nSink(table=[default_catalog.default_database.o2]"),
            std::string::npos)
      << *set;

  ExplainOptions json;
  json.json_execution_plan = true;
  auto with_json = Explain({Insert("out")}, json, options);
  ASSERT_TRUE(with_json.ok()) << with_json.status().ToString();
  const size_t at = with_json->find("\n== Physical Execution Plan ==\n");
  ASSERT_NE(at, std::string::npos);
  auto doc = nlohmann::json::parse(with_json->substr(at + 31), nullptr, false);
  ASSERT_FALSE(doc.is_discarded()) << with_json->substr(at);
  EXPECT_TRUE(doc.at("plan").at("nodes").is_array());

  EXPECT_TRUE(ExplainOptions::FromDetails({"CHANGELOG_MODE", "JSON_EXECUTION_PLAN"}).ok());
  auto cost = ExplainOptions::FromDetails({"ESTIMATED_COST"});
  EXPECT_EQ(cost.status().code(), StatusCode::kNotSupported);
  EXPECT_NE(cost.status().message().find("not supported yet"), std::string::npos);
  EXPECT_FALSE(Explain({}, ExplainOptions{}, options).ok());
}

TEST(SqlCompilerTest, CompiledPlansTranslateLikeFreshOnes) {
  FakeConnectors connectors;
  TranslateOptions options;
  options.connectors = &connectors.registry;
  const std::vector<RelPtr> sinks{Insert("o1"), Insert("o2")};
  auto compiled = CompileInserts(sinks, options);
  ASSERT_TRUE(compiled.ok()) << compiled.status().ToString();
  EXPECT_EQ(compiled->logical.size(), 2u);
  EXPECT_EQ(compiled->physical.size(), 2u);
  auto doc = CompilePlan(sinks, options);
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  auto fresh = CompileToStreamGraph(sinks, options);
  auto loaded = TranslateCompiledPlan(nlohmann::json::parse(doc->dump()), options);
  ASSERT_TRUE(fresh.ok()) << fresh.status().ToString();
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  ASSERT_EQ(fresh->num_nodes(), loaded->num_nodes());
  for (int i = 0; i < fresh->num_nodes(); ++i) {
    EXPECT_EQ(fresh->nodes()[static_cast<size_t>(i)].spec.name,
              loaded->nodes()[static_cast<size_t>(i)].spec.name);
  }
  EXPECT_EQ(fresh->job_name(), loaded->job_name());
  // A sink changed to refuse the plan's changes fails when the plan runs.
  auto upserts = CompilePlan({SinkOf(AbsScan("changes", "upserts"), "out", "retract")}, options);
  ASSERT_TRUE(upserts.ok()) << upserts.status().ToString();
  nlohmann::json changed = *upserts;
  for (auto& n : changed["nodes"]) {
    if (n["type"] == "Sink")
      n["definition"]["options"] =
          nlohmann::json::array({nlohmann::json::array({"connector", "append"})});
  }
  auto refused = TranslateCompiledPlan(changed, options);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("doesn't support consuming update and delete"),
            std::string::npos)
      << refused.status().ToString();
  EXPECT_FALSE(CompileToStreamGraph({}, options).ok());
}

}  // namespace
}  // namespace weir::sql
