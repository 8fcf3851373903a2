// Tests of the job graph JSON: golden files, round trips, the Flink plan shape, parse errors.
//
// Regenerate the golden files after an intended format change with:
//   WEIR_UPDATE_GOLDEN=1 <build>/test/weir_runtime_test --gtest_filter='JobGraphJsonTest.Golden*'
#include "weir/runtime/graph/job_graph_json.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "weir/runtime/graph/graph_test_util.h"

namespace weir::runtime {
namespace {

using ::testing::HasSubstr;
using testing::Keyed;
using testing::Op;
using testing::Source;

std::string GoldenPath(const std::string& name) {
  return std::string(WEIR_SOURCE_DIR) + "/src/weir/runtime/graph/testdata/" + name;
}

// Compares `actual` with the golden file `name`, or rewrites the file when
// WEIR_UPDATE_GOLDEN=1.
void ExpectGolden(const std::string& name, const std::string& actual) {
  std::string path = GoldenPath(name);
  const char* update = std::getenv("WEIR_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << actual;
    ASSERT_TRUE(out.good()) << "cannot write " << path;
    std::cerr << "updated golden file " << path << "\n";
    return;
  }
  std::ifstream in(path, std::ios::binary);
  ASSERT_TRUE(in.good()) << "missing golden file " << path
                         << " (create it with WEIR_UPDATE_GOLDEN=1)";
  std::stringstream expected;
  expected << in.rdbuf();
  EXPECT_EQ(actual, expected.str())
      << "JSON differs from " << path
      << "; if the change is intended, rerun with WEIR_UPDATE_GOLDEN=1";
}

// A job using every partitioner, a side output, chaining, a keyed and a two-input operator.
JobGraph SampleJob() {
  StreamGraph g("Orders enrichment");
  OperatorSpec orders = Source("Source: orders", 2, "orders-source");
  orders.side_outputs = {"malformed"};
  StreamNodeId src = g.AddNode(orders);
  StreamNodeId parse = g.AddNode(Op("Parse", 2));  // generated uid, chained to the source
  OperatorSpec count = Keyed("Count per customer", 3, {1}, "count");
  count.key_types = {LogicalType::BigInt(/*nullable=*/false)};
  count.max_parallelism = 256;
  StreamNodeId cnt = g.AddNode(count);
  StreamNodeId rates = g.AddNode(Source("Source: rates", 1, "rates"));
  OperatorSpec enrich = Op("Enrich", 3, 2, "enrich");
  enrich.keyed = true;
  enrich.key_columns = {{1}, {}};
  enrich.key_types = {LogicalType::VarChar(32)};
  enrich.max_parallelism = 256;
  StreamNodeId enr = g.AddNode(enrich);
  StreamNodeId rescaled = g.AddNode(Op("Rescaled sink", 6, 1, "rescaled-sink"));
  StreamNodeId dead = g.AddNode(Op("Dead letters", 1, 1, "dead-letters"));
  OperatorSpec region = Op("Region sink", 2, 1, "region-sink");
  region.slot_sharing_group = "sinks";
  region.chaining_strategy = ChainingStrategy::kHead;
  StreamNodeId reg = g.AddNode(region);
  g.Connect(src, parse, PartitionerSpec::Forward());
  g.ConnectSideOutput(src, "malformed", dead, PartitionerSpec::Global());
  g.Connect(parse, cnt, PartitionerSpec::Hash({1}));
  g.Connect(cnt, enr, PartitionerSpec::Forward(), 0);
  g.Connect(rates, enr, PartitionerSpec::Broadcast(), 1);
  g.Connect(enr, rescaled, PartitionerSpec::Rescale());
  g.Connect(enr, reg,
            PartitionerSpec::Custom(
                "by-region", [](const RecordBatch&, int32_t, int32_t*) { return Status::OK(); }));
  g.Connect(parse, g.AddNode(Op("Audit", 2, 1, "audit")), PartitionerSpec::Rebalance());
  Result<JobGraph> job = BuildJobGraph(g);
  EXPECT_TRUE(job.ok()) << job.status().ToString();
  if (!job.ok()) return JobGraph();
  JobGraph out = std::move(job).ValueOrDie();
  out.set_job_id(JobId(0x0123456789abcdefULL, 0xfedcba9876543210ULL));
  return out;
}

TEST(JobGraphJsonTest, GoldenV1) {
  JobGraph job = SampleJob();
  ASSERT_EQ(job.vertices().size(), 8u);
  ExpectGolden("job_graph_v1.json", JobGraphToJson(job));
}

TEST(JobGraphJsonTest, GoldenFlinkPlan) {
  ExpectGolden("job_plan.json", JobPlanToJson(SampleJob()));
}

TEST(JobGraphJsonTest, OutputIsStable) {
  EXPECT_EQ(JobGraphToJson(SampleJob()), JobGraphToJson(SampleJob()));
}

TEST(JobGraphJsonTest, RoundTrip) {
  JobGraph job = SampleJob();
  std::string text = JobGraphToJson(job);
  Result<JobGraphDescription> parsed = ParseJobGraphJson(text);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed.ValueOrDie(), DescribeJobGraph(job));
  EXPECT_EQ(JobGraphToJson(parsed.ValueOrDie()), text);
}

// A keyed operator with a composite key of many kinds of types, each printed as Flink's
// summary string.
JobGraph KeyTypesJob() {
  StreamGraph g("Key types");
  StreamNodeId src = g.AddNode(Source("Source: events", 2, "events"));
  OperatorSpec agg = Keyed("Aggregate", 4, {0, 1, 2, 3, 4, 5}, "agg");
  agg.key_types = {
      LogicalType::String(false),
      LogicalType::Decimal(10, 2),
      LogicalType::Timestamp(3, false),
      LogicalType::Array(LogicalType::Int()),
      LogicalType::Row({Field("a", LogicalType::Int(false)), Field("b c", LogicalType::String())}),
      LogicalType::Map(LogicalType::String(false), LogicalType::Double()),
  };
  StreamNodeId a = g.AddNode(agg);
  g.Connect(src, a, PartitionerSpec::Hash({0, 1, 2, 3, 4, 5}));
  Result<JobGraph> job = BuildJobGraph(g);
  EXPECT_TRUE(job.ok()) << job.status().ToString();
  return job.ok() ? std::move(job).ValueOrDie() : JobGraph();
}

TEST(JobGraphJsonTest, KeyTypesRoundTrip) {
  JobGraph job = KeyTypesJob();
  ASSERT_EQ(job.vertices().size(), 2u);
  std::string text = JobGraphToJson(job);
  EXPECT_THAT(text, HasSubstr("\"key_types\": [\"STRING NOT NULL\", \"DECIMAL(10, 2)\", "
                              "\"TIMESTAMP(3) NOT NULL\", \"ARRAY<INT>\", "
                              "\"ROW<`a` INT NOT NULL, `b c` STRING>\", "
                              "\"MAP<STRING NOT NULL, DOUBLE>\"]"));
  Result<JobGraphDescription> parsed = ParseJobGraphJson(text);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed.ValueOrDie(), DescribeJobGraph(job));
  const OperatorDescription& agg = parsed->vertices[1].operators[0];
  ASSERT_EQ(agg.key_types.size(), 6u);
  EXPECT_EQ(agg.key_types[1], LogicalType::Decimal(10, 2));
  EXPECT_EQ(agg.key_types[4].ToString(), "ROW<`a` INT NOT NULL, `b c` STRING>");
  EXPECT_TRUE(parsed->vertices[0].operators[0].key_types.empty());
  EXPECT_EQ(JobGraphToJson(parsed.ValueOrDie()), text);
}

TEST(JobGraphJsonTest, KeyTypesInTheSampleJob) {
  JobGraphDescription d = DescribeJobGraph(SampleJob());
  bool saw_count = false;
  for (const VertexDescription& v : d.vertices) {
    for (const OperatorDescription& op : v.operators) {
      if (op.uid == "count") {
        saw_count = true;
        EXPECT_EQ(op.key_types, std::vector<LogicalType>{LogicalType::BigInt(false)});
      }
      if (!op.keyed) {
        EXPECT_TRUE(op.key_types.empty()) << op.uid;
      }
    }
  }
  EXPECT_TRUE(saw_count);
}

TEST(JobGraphJsonTest, DescriptionHoldsTheStructure) {
  JobGraphDescription d = DescribeJobGraph(SampleJob());
  EXPECT_EQ(d.job_id, "0123456789abcdeffedcba9876543210");
  EXPECT_EQ(d.job_name, "Orders enrichment");
  ASSERT_EQ(d.vertices[0].operators.size(), 2u);
  EXPECT_EQ(d.vertices[0].name, "Source: orders -> Parse");
  EXPECT_TRUE(d.vertices[0].operators[1].uid_generated);
  bool saw_side = false;
  bool saw_custom = false;
  for (const EdgeDescription& e : d.edges) {
    if (e.side_output == "malformed") {
      saw_side = true;
      EXPECT_EQ(e.partitioner, PartitionerKind::kGlobal);
    }
    if (e.partitioner == PartitionerKind::kCustom) {
      saw_custom = true;
      EXPECT_EQ(e.custom_name, "by-region");
    }
  }
  EXPECT_TRUE(saw_side);
  EXPECT_TRUE(saw_custom);
}

TEST(JobGraphJsonTest, FlinkPlanShape) {
  JobGraph job = SampleJob();
  nlohmann::json plan = nlohmann::json::parse(JobPlanToJson(job));
  ASSERT_TRUE(plan.contains("plan"));
  const nlohmann::json& p = plan["plan"];
  EXPECT_EQ(p["jid"], "0123456789abcdeffedcba9876543210");
  EXPECT_EQ(p["name"], "Orders enrichment");
  EXPECT_EQ(p["type"], "STREAMING");
  ASSERT_EQ(p["nodes"].size(), job.vertices().size());
  for (size_t i = 0; i < job.vertices().size(); ++i) {
    const JobVertex& v = job.vertices()[i];
    const nlohmann::json& node = p["nodes"][i];
    EXPECT_EQ(node["id"], v.hex_id);
    EXPECT_EQ(node["parallelism"], v.parallelism);
    EXPECT_TRUE(node["description"].is_string());
    EXPECT_TRUE(node["optimizer_properties"].is_object());
    if (v.input_edges.empty()) {
      EXPECT_FALSE(node.contains("inputs"));
      continue;
    }
    ASSERT_EQ(node["inputs"].size(), v.input_edges.size());
    for (size_t k = 0; k < v.input_edges.size(); ++k) {
      const JobEdge& e = job.edge(v.input_edges[k]);
      EXPECT_EQ(node["inputs"][k]["num"], k);
      EXPECT_EQ(node["inputs"][k]["id"], job.vertex(e.source).hex_id);
      EXPECT_EQ(node["inputs"][k]["ship_strategy"], ShipStrategyName(e.partitioner.kind));
      EXPECT_EQ(node["inputs"][k]["exchange"], "pipelined_bounded");
    }
  }
}

TEST(JobGraphJsonTest, InvalidUtf8NamesDoNotThrow) {
  StreamGraph g(std::string("bad \xff name"));
  g.AddNode(Source(std::string("Source \xc3")));
  Result<JobGraph> job = BuildJobGraph(g);
  ASSERT_TRUE(job.ok()) << job.status().ToString();
  std::string text = JobGraphToJson(job.ValueOrDie());
  EXPECT_THAT(text, HasSubstr("\"job_name\": \"bad \xef\xbf\xbd name\""));
  EXPECT_TRUE(ParseJobGraphJson(text).ok());
  EXPECT_FALSE(JobPlanToJson(job.ValueOrDie()).empty());
}

// Parses `text` and expects an error whose message contains `needle`.
void ExpectParseError(const std::string& text, const std::string& needle) {
  Result<JobGraphDescription> parsed = ParseJobGraphJson(text);
  ASSERT_FALSE(parsed.ok()) << "parsed: " << text;
  EXPECT_THAT(parsed.status().message(), HasSubstr(needle)) << parsed.status().ToString();
}

// Returns the sample job's JSON with `edit` applied to the parsed document.
template <typename Edit>
std::string Edited(Edit edit) {
  nlohmann::ordered_json doc = nlohmann::ordered_json::parse(JobGraphToJson(SampleJob()));
  edit(doc);
  return doc.dump();
}

TEST(JobGraphJsonTest, ParseErrors) {
  ExpectParseError("", "malformed JSON");
  ExpectParseError("{\"format\": ", "malformed JSON");
  ExpectParseError("[]", "not an object");
  ExpectParseError("{}", "'format'");
  ExpectParseError(Edited([](auto& d) { d["format"] = "weir.job-graph/v2"; }),
                   "Unsupported job graph format: 'weir.job-graph/v2'");
  ExpectParseError(Edited([](auto& d) { d["job_type"] = "STREAM"; }), "unknown job type");
  ExpectParseError(Edited([](auto& d) { d["vertices"][1].erase("parallelism"); }),
                   "'parallelism' (expected an integer) in vertex 1");
  ExpectParseError(Edited([](auto& d) { d["vertices"][0]["parallelism"] = "2"; }), "'parallelism'");
  ExpectParseError(Edited([](auto& d) { d["vertices"][0]["parallelism"] = 1ULL << 40; }),
                   "32-bit integer");
  ExpectParseError(Edited([](auto& d) { d["vertices"][0]["parallelism"] = 0; }),
                   "invalid parallelism 0");
  ExpectParseError(Edited([](auto& d) { d["vertices"][0]["id"] = 5; }), "vertex 0 has id 5");
  ExpectParseError(Edited([](auto& d) { d["vertices"][0]["operators"] = nlohmann::json::array(); }),
                   "vertex 0 is empty");
  ExpectParseError(
      Edited([](auto& d) { d["vertices"][0]["operators"][0]["chaining_strategy"] = "SOMETIMES"; }),
      "unknown chaining strategy: 'SOMETIMES'");
  ExpectParseError(Edited([](auto& d) { d["vertices"][0]["operators"][0]["key_columns"] = {1}; }),
                   "'key_columns' (expected an array of arrays)");
  ExpectParseError(Edited([](auto& d) { d["edges"][0]["target"] = 99; }),
                   "edge 0 names an unknown vertex");
  ExpectParseError(Edited([](auto& d) { d["edges"][0]["source_operator"] = 9; }),
                   "names unknown operator 9");
  ExpectParseError(Edited([](auto& d) { d["edges"][0]["partitioner"] = "shuffle"; }),
                   "unknown partitioner: 'shuffle'");
  ExpectParseError(Edited([](auto& d) { d["edges"][0]["ship_strategy"] = "FORWARD"; }),
                   "does not match partitioner");
  ExpectParseError(Edited([](auto& d) { d["edges"][0]["side_output"] = "nope"; }),
                   "unknown side output 'nope'");
  ExpectParseError(Edited([](auto& d) { d["edges"][0]["side_output"] = ""; }), "'side_output'");
  ExpectParseError(Edited([](auto& d) { d["edges"][0]["target_input"] = 3; }), "feeds input 3");
  ExpectParseError(Edited([](auto& d) { d["edges"][0]["id"] = -1; }), "edge 0 has id -1");
  ExpectParseError(Edited([](auto& d) { d["edges"] = nlohmann::json::object(); }),
                   "'edges' (expected an array)");
}

// Documents written before key types existed still read: the operators have none.
TEST(JobGraphJsonTest, KeyTypesMayBeAbsent) {
  std::string text = Edited([](auto& d) {
    for (auto& v : d["vertices"]) {
      for (auto& op : v["operators"]) op.erase("key_types");
    }
  });
  Result<JobGraphDescription> parsed = ParseJobGraphJson(text);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  for (const VertexDescription& v : parsed->vertices) {
    for (const OperatorDescription& op : v.operators) EXPECT_TRUE(op.key_types.empty());
  }
}

// Finds the operator with uid `uid` in a parsed document.
template <typename Doc>
auto& OperatorByUid(Doc& d, const std::string& uid) {
  for (auto& v : d["vertices"]) {
    for (auto& op : v["operators"]) {
      if (op["uid"] == uid) return op;
    }
  }
  ADD_FAILURE() << "no operator " << uid;
  return d;
}

TEST(JobGraphJsonTest, BadKeyTypesAreErrors) {
  ExpectParseError(Edited([](auto& d) { OperatorByUid(d, "count")["key_types"] = "BIGINT"; }),
                   "'key_types' (expected an array of type strings) in vertex");
  ExpectParseError(Edited([](auto& d) { OperatorByUid(d, "count")["key_types"] = {1}; }),
                   "'key_types' (expected an array of type strings)");
  ExpectParseError(Edited([](auto& d) { OperatorByUid(d, "count")["key_types"] = {"BIGNUM"}; }),
                   "bad key type 'BIGNUM' in vertex");
  ExpectParseError(
      Edited([](auto& d) { OperatorByUid(d, "count")["key_types"] = {"DECIMAL(99, 2)"}; }),
      "bad key type 'DECIMAL(99, 2)'");
  ExpectParseError(Edited([](auto& d) { OperatorByUid(d, "count")["key_types"] = {"ROW<a INT"}; }),
                   "bad key type");
  ExpectParseError(Edited([](auto& d) { OperatorByUid(d, "count")["key_types"] = {""}; }),
                   "bad key type ''");
  std::string deep;
  for (int i = 0; i < 5000; ++i) deep += "ARRAY<";
  deep += "INT";
  for (int i = 0; i < 5000; ++i) deep += ">";
  ExpectParseError(Edited([&](auto& d) { OperatorByUid(d, "count")["key_types"] = {deep}; }),
                   "bad key type");
  ExpectParseError(Edited([](auto& d) {
                     OperatorByUid(d, "count")["key_types"] = {"BIGINT", "STRING"};
                   }),
                   "operator 'count' has 1 key column(s) but 2 key type(s)");
  ExpectParseError(Edited([](auto& d) { OperatorByUid(d, "audit")["key_types"] = {"BIGINT"}; }),
                   "key types given for operator 'audit', which is not keyed");
  // Lenient spelling reads and prints in Flink's canonical form.
  std::string text = Edited([](auto& d) { OperatorByUid(d, "count")["key_types"] = {"bigint"}; });
  Result<JobGraphDescription> parsed = ParseJobGraphJson(text);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_THAT(JobGraphToJson(parsed.ValueOrDie()), HasSubstr("\"key_types\": [\"BIGINT\"]"));
}

TEST(JobGraphJsonTest, HashEdgeNeedsKeyColumns) {
  std::string text = Edited([](auto& d) {
    for (auto& e : d["edges"]) {
      if (e["partitioner"] == "hash") e.erase("key_columns");
    }
  });
  ExpectParseError(text, "'key_columns'");
}

}  // namespace
}  // namespace weir::runtime
