// Tests for nested projection push-down in the Nexmark generator: flattened fields against the
// full generation, output schemas, bad paths and the factory's projected_paths.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "weir/connectors/nexmark/nexmark_generator.h"
#include "weir/connectors/nexmark/nexmark_random.h"
#include "weir/connectors/nexmark/nexmark_strings.h"
#include "weir/connectors/nexmark/nexmark_table_factory.h"
#include "weir/runtime/testkit/operator_test_harness.h"

namespace weir::connectors {
namespace {

using Paths = std::vector<std::vector<int32_t>>;

NexmarkGeneratorConfig Config(uint64_t seed, NexmarkOptions options = {}) {
  NexmarkGeneratorConfig config;
  config.options = options;
  config.base_time_ms = 1'700'000'000'000;
  config.seed = seed;
  config.num_generators = 2;
  return config;
}

std::unique_ptr<NexmarkGenerator> Make(const NexmarkGeneratorConfig& config,
                                       std::optional<Paths> paths) {
  auto g = NexmarkGenerator::Make(config, std::move(paths));
  EXPECT_TRUE(g.ok()) << g.status().ToString();
  return g.ok() ? std::move(*g) : nullptr;
}

// Returns the number of rows where `flat` (rows [0, n)) differs from field `field` of the
// ROW column `row` at rows [offset, offset + n): the field's value where the ROW is valid,
// NULL where it is NULL.
int64_t Mismatches(const ColumnVector& row, int64_t offset, int field, const ColumnVector& flat) {
  const ColumnVector& child = *row.child(field);
  const bool is_string = child.type().layout() == PhysicalLayout::kVarBinary;
  int64_t mismatches = 0;
  for (int64_t i = 0; i < flat.length(); ++i) {
    const int64_t j = offset + i;
    if (row.IsNull(j) || flat.IsNull(i)) {
      mismatches += row.IsNull(j) != flat.IsNull(i);
    } else if (is_string) {
      mismatches += child.StringValue(j) != flat.StringValue(i);
    } else {
      mismatches += child.Value<int64_t>(j) != flat.Value<int64_t>(i);
    }
  }
  return mismatches;
}

// Generates events [first, first + total) of `split` with `g` in batches of the sizes in
// `chunks` (the last one repeated), checks each, and returns them with their offsets.
std::vector<std::pair<int64_t, RecordBatchPtr>> GenerateInChunks(const NexmarkGenerator& g,
                                                                 const NexmarkSplit& split,
                                                                 int64_t first, int64_t total,
                                                                 std::vector<int64_t> chunks) {
  std::vector<std::pair<int64_t, RecordBatchPtr>> batches;
  int64_t done = 0;
  for (size_t i = 0; done < total; ++i) {
    const int64_t n = std::min(chunks[std::min(i, chunks.size() - 1)], total - done);
    auto b = g.Generate(split, first + done, n);
    EXPECT_TRUE(b.ok()) << b.status().ToString();
    if (!b.ok()) break;
    for (int c = 0; c < (*b)->num_columns(); ++c) {
      EXPECT_TRUE((*b)->column(c)->Validate().ok()) << (*b)->column(c)->Validate().ToString();
    }
    batches.emplace_back(done, *b);
    done += n;
  }
  return batches;
}

struct Case {
  std::string name;
  uint64_t seed;
  NexmarkOptions options;
  int64_t events;
};

std::vector<Case> Cases() {
  std::vector<Case> cases;
  cases.push_back({"default seed 1", 1, {}, 3000});
  cases.push_back({"default seed 42", 42, {}, 3000});
  NexmarkOptions tiny;  // every padding target below the accounted size: no extra draws
  tiny.person_avg_size = tiny.auction_avg_size = tiny.bid_avg_size = 1;
  cases.push_back({"tiny sizes", 7, tiny, 1500});
  NexmarkOptions odd;
  odd.person_proportion = 3;
  odd.auction_proportion = 5;
  odd.bid_proportion = 2;
  odd.hot_auction_ratio = odd.hot_bidder_ratio = odd.hot_seller_ratio = 3;
  odd.person_avg_size = odd.auction_avg_size = odd.bid_avg_size = 500;
  cases.push_back({"odd proportions", 9, odd, 1500});
  NexmarkOptions huge;  // paddings too long for the pool are generated fresh
  huge.person_avg_size = huge.auction_avg_size = huge.bid_avg_size = 1 << 20;
  huge.person_proportion = huge.auction_proportion = huge.bid_proportion = 1;
  cases.push_back({"huge paddings", 3, huge, 24});
  return cases;
}

TEST(NexmarkProjectionTest, EachFlattenedFieldEqualsTheFullGeneration) {
  const Schema& produced = *NexmarkGenerator::ProducedSchema();
  for (const Case& c : Cases()) {
    const NexmarkGeneratorConfig config = Config(c.seed, c.options);
    const NexmarkSplit split = MakeNexmarkSplits(10'000'000, -1, 3)[1];
    const int64_t first = 123;
    auto full = Make(config, std::nullopt);
    ASSERT_NE(full, nullptr);
    auto all = full->Generate(split, first, c.events);
    ASSERT_TRUE(all.ok()) << all.status().ToString();
    for (int32_t column = kNexmarkPerson; column <= kNexmarkBid; ++column) {
      const int num_fields =
          static_cast<int>(produced.field(column).logical_type().fields().size());
      for (int32_t field = 0; field < num_fields; ++field) {
        auto g = Make(config, Paths{{column, field}});
        ASSERT_NE(g, nullptr);
        for (const auto& [offset, b] : GenerateInChunks(*g, split, first, c.events, {1, 37, 500})) {
          ASSERT_EQ(b->num_columns(), 1);
          EXPECT_EQ(Mismatches(*(*all)->column(column), offset, field, *b->column(0)), 0)
              << c.name << ": column " << column << " field " << field << " at " << offset;
        }
      }
    }
  }
}

TEST(NexmarkProjectionTest, MixesWholeAndFlattenedColumnsInAnyOrder) {
  for (const Case& c : Cases()) {
    const NexmarkGeneratorConfig config = Config(c.seed, c.options);
    const NexmarkSplit split = MakeNexmarkSplits(10'000'000, -1, 2)[0];
    auto full = Make(config, std::nullopt);
    ASSERT_NE(full, nullptr);
    auto all = full->Generate(split, 0, c.events);
    ASSERT_TRUE(all.ok()) << all.status().ToString();
    // Whole ROW columns next to fields of the same ROW, event_type in the middle.
    const Paths paths = {{kNexmarkBid, 6}, {kNexmarkEventType},  {kNexmarkPerson, 6},
                         {kNexmarkBid},    {kNexmarkAuction, 9}, {kNexmarkAuction, 0},
                         {kNexmarkPerson}, {kNexmarkBid, 3},     {kNexmarkAuction, 4}};
    auto g = Make(config, paths);
    ASSERT_NE(g, nullptr);
    for (const auto& [offset, b] : GenerateInChunks(*g, split, 0, c.events, {1000, 1, 77})) {
      ASSERT_EQ(b->num_columns(), static_cast<int>(paths.size()));
      for (size_t i = 0; i < paths.size(); ++i) {
        const ColumnVector& out = *b->column(static_cast<int>(i));
        const ColumnVector& whole = *(*all)->column(paths[i][0]);
        if (paths[i].size() == 1) {
          EXPECT_TRUE(out.Equals(*whole.Slice(offset, b->num_rows())))
              << c.name << ": column " << paths[i][0] << " at " << offset;
        } else {
          EXPECT_EQ(Mismatches(whole, offset, paths[i][1], out), 0)
              << c.name << ": path " << i << " at " << offset;
        }
      }
    }
  }
}

TEST(NexmarkProjectionTest, FlattenedColumnsAreNamedAndTypedAfterTheirField) {
  auto g = Make(Config(1), Paths{{kNexmarkBid, 6},
                                 {kNexmarkEventType},
                                 {kNexmarkPerson, 6},
                                 {kNexmarkAuction},
                                 {kNexmarkBid, 2},
                                 {kNexmarkPerson, 1}});
  ASSERT_NE(g, nullptr);
  const Schema& s = *g->output_schema();
  ASSERT_EQ(s.num_fields(), 6);
  EXPECT_EQ(s.field(0).name, "bid_extra");
  EXPECT_EQ(s.field(0).logical_type(), LogicalType::String());
  EXPECT_EQ(s.field(1).name, "event_type");
  EXPECT_EQ(s.field(1).logical_type(), LogicalType::Int());
  EXPECT_EQ(s.field(2).name, "person_dateTime");
  EXPECT_EQ(s.field(2).logical_type(), LogicalType::Timestamp(3));
  EXPECT_TRUE(s.field(2).logical_type().nullable());
  EXPECT_EQ(s.field(3).name, "auction");
  EXPECT_EQ(s.field(3).logical_type(),
            NexmarkGenerator::ProducedSchema()->field(kNexmarkAuction).logical_type());
  EXPECT_EQ(s.field(4).name, "bid_price");
  EXPECT_EQ(s.field(4).logical_type(), LogicalType::BigInt());
  EXPECT_EQ(s.field(5).name, "person_name");
  EXPECT_EQ(g->projection(), (std::vector<int32_t>{kNexmarkBid, kNexmarkEventType, kNexmarkPerson,
                                                   kNexmarkAuction, kNexmarkBid, kNexmarkPerson}));
  auto b = g->Generate(MakeNexmarkSplits(1000, -1, 1)[0], 0, 100);
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  EXPECT_TRUE(*(*b)->schema() == s);
  auto empty = g->Generate(MakeNexmarkSplits(1000, -1, 1)[0], 10, 0);
  ASSERT_TRUE(empty.ok()) << empty.status().ToString();
  EXPECT_EQ((*empty)->num_rows(), 0);
  EXPECT_EQ((*empty)->num_columns(), 6);
  for (int c = 0; c < 6; ++c) EXPECT_TRUE((*empty)->column(c)->Validate().ok()) << c;
  // The index-based Make gives one-entry paths.
  auto whole = NexmarkGenerator::Make(Config(1), std::vector<int32_t>{3, 0});
  ASSERT_TRUE(whole.ok());
  EXPECT_EQ((*whole)->paths(), (Paths{{3}, {0}}));
}

TEST(NexmarkProjectionTest, RejectsBadPaths) {
  const NexmarkGeneratorConfig config = Config(1);
  const std::vector<std::pair<Paths, std::string>> bad = {
      {{{}}, "empty path"},
      {{{4}}, "names column 4"},
      {{{-1, 0}}, "names column -1"},
      {{{kNexmarkEventType, 0}}, "event_type, which is not a ROW"},
      {{{kNexmarkBid, 7}}, "field 7 of bid"},
      {{{kNexmarkPerson, -1}}, "field -1 of person"},
      {{{kNexmarkAuction, 1, 0}}, "path of 3 entries into auction"},
      {{{kNexmarkBid, 2}, {kNexmarkEventType}, {kNexmarkBid, 2}}, "names bid.price twice"},
      {{{kNexmarkBid}, {kNexmarkBid}}, "names bid twice"},
  };
  for (const auto& [paths, message] : bad) {
    auto g = NexmarkGenerator::Make(config, paths);
    ASSERT_FALSE(g.ok()) << message;
    EXPECT_TRUE(g.status().IsInvalid()) << g.status().ToString();
    EXPECT_NE(g.status().ToString().find(message), std::string::npos) << g.status().ToString();
  }
  // A whole column and fields of it may be read together.
  EXPECT_TRUE(NexmarkGenerator::Make(config, Paths{{kNexmarkBid}, {kNexmarkBid, 0}}).ok());
}

TEST(NexmarkProjectionTest, KindsCoveringEveryRowOrNoneNeedNoNullHandling) {
  NexmarkOptions bids_only;
  bids_only.person_proportion = 0;
  bids_only.auction_proportion = 0;
  bids_only.bid_proportion = 1;
  auto g = Make(Config(5, bids_only), Paths{{kNexmarkBid, 2}, {kNexmarkPerson, 6}, {kNexmarkBid}});
  ASSERT_NE(g, nullptr);
  auto b = g->Generate(MakeNexmarkSplits(10'000, -1, 1)[0], 10, 500);
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  const ColumnVector& price = *(*b)->column(0);
  EXPECT_EQ(price.validity(), nullptr);
  EXPECT_EQ(price.null_count(), 0);
  for (int64_t i = 0; i < price.length(); ++i) {
    ASSERT_GE(price.Value<int64_t>(i), 100);
    ASSERT_LE(price.Value<int64_t>(i), 100'000'000);
  }
  EXPECT_EQ((*b)->column(1)->null_count(), 500);
  EXPECT_EQ((*b)->column(2)->validity(), nullptr);
  EXPECT_EQ(Mismatches(*(*b)->column(2), 0, 2, price), 0);
}

TEST(NexmarkProjectionTest, SkippedStringsTakeTheSameDrawsAndLength) {
  for (uint64_t seed = 0; seed < 2000; ++seed) {
    for (const auto& [max, special] : {std::pair{7, ' '}, std::pair{100, ' '}, std::pair{5, '_'}}) {
      NexmarkRandom written(NexmarkRandom::Mix64(seed));
      NexmarkRandom skipped = written;
      char buf[128];
      const int length = NexmarkRandomString(written, max, special, buf);
      ASSERT_EQ(NexmarkSkipString(skipped, max, special), length) << seed;
      ASSERT_EQ(skipped.state(), written.state()) << seed;
    }
  }
}

// The nexmark table with the connector's own schema (the factory test checks that it is the
// one ddl_gen.sql declares).
TableContext Table() {
  TableContext t;
  t.table_name = "default_catalog.default_database.datagen";
  t.physical_schema = NexmarkGenerator::ProducedSchema();
  t.options = {{"connector", "nexmark"}, {"events.num", "300"}, {"seed", "5"}, {"base-time", "0"}};
  return t;
}

TEST(NexmarkProjectionTest, FactoryHonoursProjectedPaths) {
  auto factory = MakeNexmarkTableFactory();
  EXPECT_TRUE(factory->supports_nested_projection_pushdown());
  TableContext table = Table();
  table.projected_fields = std::vector<int32_t>{0, 3, 1, 3};
  table.projected_paths = Paths{{0}, {3, 2}, {1, 6}, {3, 6}};
  auto source = factory->CreateSource(table);
  ASSERT_TRUE(source.ok()) << source.status().ToString();
  auto op = source->factory(0);
  ASSERT_TRUE(op.ok()) << op.status().ToString();
  runtime::testkit::OperatorTestHarness h(std::move(*op));
  ASSERT_TRUE(h.Open().ok());
  auto poll = h.PollUntilBlocked();
  ASSERT_TRUE(poll.ok());
  EXPECT_EQ(*poll, runtime::SourcePoll::kEndOfInput);
  ASSERT_FALSE(h.Output().empty());

  // The same events, generated whole.
  NexmarkGeneratorConfig config;
  auto options = NexmarkOptions::Parse(table.options, table.table_name);
  ASSERT_TRUE(options.ok()) << options.status().ToString();
  config.options = *options;
  config.seed = 5;
  config.base_time_ms = 0;
  config.num_generators = 1;
  auto full = Make(config, std::nullopt);
  ASSERT_NE(full, nullptr);
  auto all = full->Generate(MakeNexmarkSplits(300, -1, 1)[0], 0, 300);
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  int64_t offset = 0;
  for (const RecordBatchPtr& b : h.Output()) {
    const Schema& s = *b->schema();
    ASSERT_EQ(s.num_fields(), 4);
    EXPECT_EQ(s.field(0).name, "event_type");
    EXPECT_EQ(s.field(1).name, "bid_price");
    EXPECT_EQ(s.field(2).name, "person_dateTime");
    EXPECT_EQ(s.field(3).name, "bid_extra");
    EXPECT_TRUE(b->column(0)->Equals(*(*all)->column(0)->Slice(offset, b->num_rows())));
    EXPECT_EQ(Mismatches(*(*all)->column(3), offset, 2, *b->column(1)), 0);
    EXPECT_EQ(Mismatches(*(*all)->column(1), offset, 6, *b->column(2)), 0);
    EXPECT_EQ(Mismatches(*(*all)->column(3), offset, 6, *b->column(3)), 0);
    offset += b->num_rows();
  }
  EXPECT_EQ(offset, 300);

  // Bad paths fail at planning time.
  table.projected_fields = std::vector<int32_t>{3};
  table.projected_paths = Paths{{3, 1, 0}};
  auto deep = factory->CreateSource(table);
  ASSERT_FALSE(deep.ok());
  EXPECT_NE(deep.status().ToString().find("at most two entries"), std::string::npos)
      << deep.status().ToString();
  table.projected_paths = Paths{{2, 1}};
  EXPECT_FALSE(factory->CreateSource(table).ok());  // disagrees with projected_fields
}

}  // namespace
}  // namespace weir::connectors
