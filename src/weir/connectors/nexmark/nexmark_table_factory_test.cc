// Tests for the 'nexmark' table factory: schema check, options, projection push-down and
// reproducible sources.
#include "weir/connectors/nexmark/nexmark_table_factory.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "weir/connectors/nexmark/nexmark_generator.h"
#include "weir/runtime/testkit/operator_test_harness.h"

namespace weir::connectors {
namespace {

using runtime::SourcePoll;
using runtime::testkit::OperatorTestHarness;

// The physical columns of ddl_gen.sql as the SQL layer declares them (VARCHAR is STRING).
constexpr char kDdlColumns[] =
    "event_type INT, "
    "person ROW<id BIGINT, name STRING, emailAddress STRING, creditCard STRING, city STRING, "
    "state STRING, `dateTime` TIMESTAMP(3), extra STRING>, "
    "auction ROW<id BIGINT, itemName STRING, description STRING, initialBid BIGINT, "
    "reserve BIGINT, `dateTime` TIMESTAMP(3), expires TIMESTAMP(3), seller BIGINT, "
    "category BIGINT, extra STRING>, "
    "bid ROW<auction BIGINT, bidder BIGINT, price BIGINT, channel STRING, url STRING, "
    "`dateTime` TIMESTAMP(3), extra STRING>";

TableContext Table(formats::FormatOptions options, std::string_view columns = kDdlColumns) {
  TableContext t;
  t.table_name = "default_catalog.default_database.datagen";
  auto schema = Schema::Parse(columns);
  EXPECT_TRUE(schema.ok()) << schema.status().ToString();
  t.physical_schema = schema.ok() ? *schema : nullptr;
  t.options = std::move(options);
  t.options["connector"] = "nexmark";
  return t;
}

std::vector<std::string> RunSource(const SourceDescriptor& source, int64_t* rows = nullptr,
                                   SchemaPtr* schema = nullptr) {
  auto op = source.factory(0);
  EXPECT_TRUE(op.ok()) << op.status().ToString();
  OperatorTestHarness h(std::move(*op));
  EXPECT_TRUE(h.Open().ok());
  auto poll = h.PollUntilBlocked();
  EXPECT_TRUE(poll.ok());
  EXPECT_EQ(*poll, SourcePoll::kEndOfInput);
  if (rows != nullptr) {
    *rows = 0;
    for (const auto& b : h.Output()) *rows += b->num_rows();
  }
  if (schema != nullptr && !h.Output().empty()) *schema = h.Output().front()->schema();
  return h.OutputText();
}

TEST(NexmarkTableFactoryTest, MakesAnUnboundedInsertOnlySource) {
  auto factory = MakeNexmarkTableFactory();
  EXPECT_EQ(factory->identifier(), "nexmark");
  EXPECT_TRUE(factory->supports_source());
  EXPECT_FALSE(factory->supports_sink());
  EXPECT_TRUE(factory->supports_projection_pushdown());
  EXPECT_TRUE(*Table({}).physical_schema == *NexmarkGenerator::ProducedSchema());
  auto source = factory->CreateSource(Table(
      {{"events.num", "500"}, {"first-event.rate", "1000"}, {"seed", "3"}, {"base-time", "0"}}));
  ASSERT_TRUE(source.ok()) << source.status().ToString();
  EXPECT_FALSE(source->bounded);
  EXPECT_EQ(source->changelog_mode, ChangelogMode::InsertOnly());
  int64_t rows = 0;
  const std::vector<std::string> text = RunSource(*source, &rows);
  EXPECT_EQ(rows, 500);
  // The first event (e = 2) is auction 1001 at base-time + trunc(1 · 1000 µs) ÷ 1000 = 1 ms.
  ASSERT_FALSE(text.empty());
  EXPECT_TRUE(text[0].starts_with("+I[1, null, +I[1001, ")) << text[0];
  EXPECT_NE(text[0].find("1970-01-01T00:00:00.001"), std::string::npos) << text[0];
}

TEST(NexmarkTableFactoryTest, SameSeedAndBaseTimeGiveTheSameEvents) {
  auto factory = MakeNexmarkTableFactory();
  const formats::FormatOptions options = {
      {"events.num", "300"}, {"seed", "77"}, {"base-time", "1700000000000"}};
  auto a = factory->CreateSource(Table(options));
  auto b = factory->CreateSource(Table(options));
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(RunSource(*a), RunSource(*b));
  formats::FormatOptions other = options;
  other["seed"] = "78";
  auto c = factory->CreateSource(Table(other));
  ASSERT_TRUE(c.ok());
  EXPECT_NE(RunSource(*a), RunSource(*c));
}

TEST(NexmarkTableFactoryTest, ProducesOnlyTheProjectedColumns) {
  auto factory = MakeNexmarkTableFactory();
  TableContext table = Table({{"events.num", "200"}, {"seed", "5"}, {"base-time", "0"}});
  table.projected_fields = std::vector<int32_t>{3, 0};
  auto source = factory->CreateSource(table);
  ASSERT_TRUE(source.ok()) << source.status().ToString();
  SchemaPtr schema;
  int64_t rows = 0;
  RunSource(*source, &rows, &schema);
  EXPECT_EQ(rows, 200);
  ASSERT_NE(schema, nullptr);
  ASSERT_EQ(schema->num_fields(), 2);
  EXPECT_EQ(schema->field(0).name, "bid");
  EXPECT_EQ(schema->field(1).name, "event_type");

  // Nothing read (COUNT(*)): batches without columns that still count the events.
  table.projected_fields = std::vector<int32_t>{};
  auto counting = factory->CreateSource(table);
  ASSERT_TRUE(counting.ok()) << counting.status().ToString();
  RunSource(*counting, &rows);
  EXPECT_EQ(rows, 200);
}

TEST(NexmarkTableFactoryTest, RejectsAnotherSchema) {
  auto factory = MakeNexmarkTableFactory();
  auto source = factory->CreateSource(Table({}, "event_type INT, person STRING"));
  ASSERT_FALSE(source.ok());
  EXPECT_NE(source.status().message().find("default_catalog.default_database.datagen"),
            std::string::npos)
      << source.status().ToString();
  EXPECT_NE(source.status().message().find("ddl_gen.sql"), std::string::npos);
  // A renamed nested field is another schema too.
  std::string renamed = kDdlColumns;
  renamed.replace(renamed.find("itemName"), 8, "item_name");
  EXPECT_FALSE(factory->CreateSource(Table({}, renamed)).ok());
}

TEST(NexmarkTableFactoryTest, RejectsUnknownOptions) {
  auto factory = MakeNexmarkTableFactory();
  auto source = factory->CreateSource(Table({{"rows-per-second", "5"}}));
  ASSERT_FALSE(source.ok());
  EXPECT_NE(source.status().message().find("rows-per-second"), std::string::npos);
  EXPECT_NE(source.status().message().find("Unsupported options"), std::string::npos);
}

}  // namespace
}  // namespace weir::connectors
