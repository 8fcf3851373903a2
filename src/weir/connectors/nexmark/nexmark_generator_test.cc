// Tests for NexmarkGenerator: the id, type, timestamp and split formulas against values worked
// out by hand from GENERATOR.md, the seeded random primitives, tables and projection.
#include "weir/connectors/nexmark/nexmark_generator.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "weir/connectors/nexmark/nexmark_random.h"
#include "weir/connectors/nexmark/nexmark_tables.h"

namespace weir::connectors {
namespace {

std::unique_ptr<NexmarkGenerator> MakeGenerator(
    NexmarkOptions options = {}, std::optional<std::vector<int32_t>> projection = std::nullopt,
    int32_t num_generators = 1) {
  NexmarkGeneratorConfig config;
  config.options = options;
  config.base_time_ms = 1'000'000;
  config.seed = 42;
  config.num_generators = num_generators;
  auto g = NexmarkGenerator::Make(config, std::move(projection));
  EXPECT_TRUE(g.ok()) << g.status().ToString();
  return g.ok() ? std::move(*g) : nullptr;
}

RecordBatchPtr Generate(const NexmarkGenerator& g, const NexmarkSplit& split, int64_t first,
                        int64_t count) {
  auto batch = g.Generate(split, first, count);
  EXPECT_TRUE(batch.ok()) << batch.status().ToString();
  return batch.ok() ? *batch : nullptr;
}

TEST(NexmarkRandomTest, MatchesSplitMix64) {
  // The reference SplitMix64 from state 0 gives 0xe220a8397b1dcdaf first.
  NexmarkRandom r(0);
  EXPECT_EQ(static_cast<uint64_t>(r.NextLong()), 0xe220a8397b1dcdafULL);
  NexmarkRandom a(7);
  NexmarkRandom b(7);
  for (int bound : {1, 2, 3, 10, 13, 26, 10000, 1 << 20}) {
    const int32_t v = a.NextInt(bound);
    EXPECT_GE(v, 0);
    EXPECT_LT(v, bound);
    b.NextInt(bound);
  }
  EXPECT_EQ(a.state(), b.state());
  // nextInt(1) still consumes a draw.
  NexmarkRandom c(9);
  EXPECT_EQ(c.NextInt(1), 0);
  EXPECT_EQ(c.state(), 9 + NexmarkRandom::kGamma);
  for (int i = 0; i < 1000; ++i) {
    const double d = a.NextDouble();
    EXPECT_GE(d, 0.0);
    EXPECT_LT(d, 1.0);
  }
}

TEST(NexmarkRandomTest, PrecomputedBoundsDrawAsPlainBounds) {
  for (int32_t bound :
       {1, 2, 3, 7, 13, 26, 111, 1010, 10000, 1 << 20, (1 << 20) - 68, 0x7ffffffe, 0x7fffffff}) {
    const NexmarkBound precomputed(bound);
    for (uint32_t u : {0u, 1u, 12345u, 0x7fffffffu, 0x80000000u, 0xffffffffu}) {
      ASSERT_EQ(precomputed.Mod(u), u % static_cast<uint32_t>(bound)) << bound << " " << u;
    }
    NexmarkRandom a(static_cast<uint64_t>(bound) * 977);
    NexmarkRandom b = a;
    for (int i = 0; i < 2000; ++i) {
      ASSERT_EQ(a.NextInt(precomputed), b.NextInt(bound)) << bound;
      ASSERT_EQ(precomputed.Mod(static_cast<uint32_t>(b.state() >> 32)),
                static_cast<uint32_t>(b.state() >> 32) % static_cast<uint32_t>(bound));
    }
    EXPECT_EQ(a.state(), b.state());
  }
}

TEST(NexmarkGeneratorTest, SplitsCutEventsAsUpstream) {
  std::vector<NexmarkSplit> s = MakeNexmarkSplits(100'000'000, -1, 4);
  ASSERT_EQ(s.size(), 4u);
  EXPECT_EQ(s[0].first_event_id, 1);
  EXPECT_EQ(s[1].first_event_id, 25'000'001);
  EXPECT_EQ(s[2].first_event_id, 50'000'001);
  EXPECT_EQ(s[3].first_event_id, 75'000'001);
  for (const auto& split : s) EXPECT_EQ(split.limit(), 25'000'000);

  s = MakeNexmarkSplits(10, 10, 3);
  EXPECT_EQ(s[0].max_events, 3);
  EXPECT_EQ(s[2].max_events, 4);
  EXPECT_EQ(s[1].stop, 3);
  EXPECT_EQ(s[2].stop, 4);
  s = MakeNexmarkSplits(100, 7, 2);  // stop-at below events.num wins
  EXPECT_EQ(s[0].limit(), 3);
  EXPECT_EQ(s[1].limit(), 4);
  EXPECT_EQ(s[1].max_events, 50);

  NexmarkOptions unbounded;
  EXPECT_EQ(unbounded.max_events(), 368'934'881'474'191);
}

TEST(NexmarkGeneratorTest, FirstEventsOfSplitZero) {
  auto g = MakeGenerator();
  const NexmarkSplit split = MakeNexmarkSplits(100'000'000, -1, 4)[0];
  RecordBatchPtr b = Generate(*g, split, 0, 60);
  ASSERT_NE(b, nullptr);
  const ColumnVector& type = *b->column(0);
  const ColumnVector& person = *b->column(1);
  const ColumnVector& auction = *b->column(2);
  const ColumnVector& bid = *b->column(3);
  // e = 2, 3: auctions 1001 and 1002.
  EXPECT_EQ(type.Value<int32_t>(0), 1);
  EXPECT_EQ(type.Value<int32_t>(1), 1);
  EXPECT_EQ(auction.child(0)->Value<int64_t>(0), 1001);
  EXPECT_EQ(auction.child(0)->Value<int64_t>(1), 1002);
  // e = 4..49: bids.
  for (int row = 2; row <= 47; ++row) {
    EXPECT_EQ(type.Value<int32_t>(row), 2) << row;
    EXPECT_TRUE(person.IsNull(row));
    EXPECT_TRUE(auction.IsNull(row));
    EXPECT_TRUE(bid.IsValid(row));
  }
  // e = 50: person 1001; e = 51..53: auctions 1003..1005; e = 54: a bid.
  EXPECT_EQ(type.Value<int32_t>(48), 0);
  EXPECT_TRUE(person.IsValid(48));
  EXPECT_EQ(person.child(0)->Value<int64_t>(48), 1001);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(type.Value<int32_t>(49 + i), 1);
    EXPECT_EQ(auction.child(0)->Value<int64_t>(49 + i), 1003 + i);
  }
  EXPECT_EQ(type.Value<int32_t>(52), 2);
  EXPECT_EQ(person.null_count(), 59);
  EXPECT_EQ(auction.null_count(), 55);
}

TEST(NexmarkGeneratorTest, FirstAuctionIdsOfFourSplits) {
  auto g = MakeGenerator({}, std::vector<int32_t>{kNexmarkAuction});
  const std::vector<NexmarkSplit> splits = MakeNexmarkSplits(100'000'000, -1, 4);
  const int64_t expected[] = {1001, 1'501'001, 3'001'001, 4'501'001};
  for (int i = 0; i < 4; ++i) {
    RecordBatchPtr b = Generate(*g, splits[i], 0, 1);
    ASSERT_NE(b, nullptr);
    ASSERT_EQ(b->num_columns(), 1);
    EXPECT_EQ(b->column(0)->child(0)->Value<int64_t>(0), expected[i]) << "split " << i;
  }
}

TEST(NexmarkGeneratorTest, SplitInAnotherPhaseStartsOnABid) {
  NexmarkOptions o;  // events.num = 0: practically unbounded
  auto g = MakeGenerator(o, std::vector<int32_t>{kNexmarkEventType});
  const NexmarkSplit split = MakeNexmarkSplits(o.max_events(), -1, 3)[1];
  EXPECT_EQ(split.first_event_id, 1 + 122'978'293'824'730);
  RecordBatchPtr b = Generate(*g, split, 0, 1);
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(b->column(0)->Value<int32_t>(0), 2);  // e mod 50 = 32
}

TEST(NexmarkGeneratorTest, TypesFollowProportions) {
  NexmarkOptions o;
  o.person_proportion = 2;
  o.auction_proportion = 1;
  o.bid_proportion = 2;  // T = 5: r 0,1 person; 2 auction; 3,4 bid
  auto g = MakeGenerator(o);
  EXPECT_EQ(g->TypeOf(10), NexmarkEventType::kPerson);
  EXPECT_EQ(g->TypeOf(11), NexmarkEventType::kPerson);
  EXPECT_EQ(g->TypeOf(12), NexmarkEventType::kAuction);
  EXPECT_EQ(g->TypeOf(13), NexmarkEventType::kBid);
  EXPECT_EQ(g->TypeOf(14), NexmarkEventType::kBid);
  // lastPerson(e) = (e ÷ 5)·2 + min(e mod 5, 1); lastAuction as §4.
  EXPECT_EQ(g->LastPerson(10), 4);
  EXPECT_EQ(g->LastPerson(11), 5);
  EXPECT_EQ(g->LastPerson(14), 5);
  EXPECT_EQ(g->LastAuction(10), 1);  // r < P: (q−1)·A + A−1
  EXPECT_EQ(g->LastAuction(12), 2);  // q·A + (r − P)
  EXPECT_EQ(g->LastAuction(13), 2);  // r >= P + A: q·A + A − 1
  RecordBatchPtr b = Generate(*g, MakeNexmarkSplits(1000, -1, 1)[0], 0, 5);
  ASSERT_NE(b, nullptr);
  // e = 2..6 → auction, bid, bid, person, person.
  const int32_t expected[] = {1, 2, 2, 0, 0};
  for (int i = 0; i < 5; ++i) EXPECT_EQ(b->column(0)->Value<int32_t>(i), expected[i]);
  EXPECT_EQ(b->column(1)->child(0)->Value<int64_t>(3), 1000 + 2);  // lastPerson(5) = 2
  EXPECT_EQ(b->column(1)->child(0)->Value<int64_t>(4), 1000 + 3);
}

TEST(NexmarkGeneratorTest, TimestampsFollowRateAndGeneratorCount) {
  auto g = MakeGenerator();  // rate 10,000/s, G = 1: 100 µs per event
  EXPECT_EQ(g->Timestamp(1), 1'000'000);
  EXPECT_EQ(g->Timestamp(9), 1'000'000);
  EXPECT_EQ(g->Timestamp(10), 1'000'001);
  EXPECT_EQ(g->Timestamp(19), 1'000'001);
  EXPECT_EQ(g->Timestamp(20), 1'000'002);
  NexmarkOptions v1;
  v1.first_event_rate = 10'000'000;  // V1: 0.1 µs · 8 = 0.8 µs per event
  auto g8 = MakeGenerator(v1, {}, 8);
  EXPECT_EQ(g8->Timestamp(1249), 1'000'000);
  EXPECT_EQ(g8->Timestamp(1250), 1'000'001);
  EXPECT_EQ(g8->Timestamp(12'500'000), 1'010'000);  // 100M events / 8 splits ≈ 10 s

  // Every dateTime of an event is ts(n) of its number, in every split alike.
  const std::vector<NexmarkSplit> splits = MakeNexmarkSplits(1'000'000, -1, 2);
  for (const NexmarkSplit& split : splits) {
    RecordBatchPtr b = Generate(*g, split, 100, 50);
    ASSERT_NE(b, nullptr);
    for (int64_t row = 0; row < 50; ++row) {
      const int type = b->column(0)->Value<int32_t>(row);
      const int date_field = type == 0 ? 6 : type == 1 ? 5 : 5;
      EXPECT_EQ(b->column(1 + type)->child(date_field)->Value<int64_t>(row),
                g->Timestamp(101 + row));
    }
  }
}

TEST(NexmarkGeneratorTest, AuctionsExpireWithinTwiceTheInFlightHorizon) {
  auto g = MakeGenerator({}, std::vector<int32_t>{kNexmarkAuction});
  RecordBatchPtr b = Generate(*g, MakeNexmarkSplits(1'000'000, -1, 1)[0], 0, 20'000);
  ASSERT_NE(b, nullptr);
  const ColumnVector& a = *b->column(0);
  // m = 100·50 ÷ 3 = 1666 events = 166.6 ms, so H is 166 or 167 and expires − ts ∈ [1, 2H].
  int64_t n = 0;
  double sum = 0;
  for (int64_t row = 0; row < a.length(); ++row) {
    if (a.IsNull(row)) continue;
    const int64_t life = a.child(6)->Value<int64_t>(row) - a.child(5)->Value<int64_t>(row);
    EXPECT_GE(life, 1);
    EXPECT_LE(life, 334);
    EXPECT_GE(a.child(4)->Value<int64_t>(row), a.child(3)->Value<int64_t>(row) + 100);
    const int64_t category = a.child(8)->Value<int64_t>(row);
    EXPECT_TRUE(category >= 10 && category <= 14) << category;
    sum += static_cast<double>(life);
    ++n;
  }
  EXPECT_EQ(n, 1200);
  EXPECT_NEAR(sum / static_cast<double>(n), 167, 10);
}

TEST(NexmarkGeneratorTest, EventContentDependsOnlyOnSeedAndEventId) {
  auto g = MakeGenerator();
  const NexmarkSplit split = MakeNexmarkSplits(1'000'000, -1, 1)[0];
  RecordBatchPtr whole = Generate(*g, split, 0, 300);
  RecordBatchPtr part = Generate(*g, split, 120, 80);
  ASSERT_NE(whole, nullptr);
  ASSERT_NE(part, nullptr);
  for (int c = 0; c < 4; ++c) {
    EXPECT_TRUE(whole->column(c)->Slice(120, 80)->Equals(*part->column(c))) << "column " << c;
  }
  // Another seed changes the values but not ids and types.
  NexmarkGeneratorConfig other = g->config();
  other.seed = 43;
  auto g2 = NexmarkGenerator::Make(other);
  ASSERT_TRUE(g2.ok());
  RecordBatchPtr reseeded = Generate(**g2, split, 0, 300);
  ASSERT_NE(reseeded, nullptr);
  EXPECT_TRUE(whole->column(0)->Equals(*reseeded->column(0)));
  EXPECT_FALSE(whole->column(3)->Equals(*reseeded->column(3)));
}

TEST(NexmarkGeneratorTest, ProjectedColumnsEqualTheFullTable) {
  auto full = MakeGenerator();
  const NexmarkSplit split = MakeNexmarkSplits(1'000'000, -1, 3)[2];
  RecordBatchPtr all = Generate(*full, split, 777, 2000);
  ASSERT_NE(all, nullptr);
  const std::vector<std::vector<int32_t>> projections = {
      {kNexmarkBid}, {kNexmarkEventType}, {kNexmarkAuction, kNexmarkPerson}, {3, 0, 2}};
  for (const auto& projection : projections) {
    auto g = MakeGenerator({}, projection);
    RecordBatchPtr b = Generate(*g, split, 777, 2000);
    ASSERT_NE(b, nullptr);
    ASSERT_EQ(b->num_columns(), static_cast<int>(projection.size()));
    for (size_t i = 0; i < projection.size(); ++i) {
      EXPECT_EQ(b->schema()->field(static_cast<int>(i)).name,
                NexmarkGenerator::ProducedSchema()->field(projection[i]).name);
      EXPECT_TRUE(b->column(static_cast<int>(i))->Equals(*all->column(projection[i])))
          << "column " << projection[i];
    }
  }
  EXPECT_FALSE(NexmarkGenerator::Make(full->config(), std::vector<int32_t>{4}).ok());
  EXPECT_FALSE(NexmarkGenerator::Make(full->config(), std::vector<int32_t>{1, 1}).ok());
  // No column at all (COUNT(*)): batches carry only their row count.
  auto none = MakeGenerator({}, std::vector<int32_t>{});
  RecordBatchPtr counted = Generate(*none, split, 777, 2000);
  ASSERT_NE(counted, nullptr);
  EXPECT_EQ(counted->num_columns(), 0);
  EXPECT_EQ(counted->num_rows(), 2000);
}

TEST(NexmarkGeneratorTest, RejectsRangesPastTheSplitLimit) {
  auto g = MakeGenerator();
  const NexmarkSplit split = MakeNexmarkSplits(100, 10, 1)[0];
  EXPECT_TRUE(g->Generate(split, 0, 10).ok());
  EXPECT_FALSE(g->Generate(split, 5, 6).ok());
  EXPECT_FALSE(g->Generate(split, -1, 1).ok());
}

TEST(NexmarkGeneratorTest, BiddersCarryTheDoubleOffset) {
  NexmarkOptions o;
  auto g = MakeGenerator(o, std::vector<int32_t>{kNexmarkBid});
  RecordBatchPtr b = Generate(*g, MakeNexmarkSplits(1'000'000, -1, 1)[0], 500'000, 5000);
  ASSERT_NE(b, nullptr);
  const ColumnVector& bid = *b->column(0);
  int64_t hot = 0;
  for (int64_t row = 0; row < bid.length(); ++row) {
    if (bid.IsNull(row)) continue;
    const int64_t e = 1 + 1 + 500'000 + row;
    const int64_t last = g->LastPerson(e);
    const int64_t bidder = bid.child(1)->Value<int64_t>(row) - 2000;  // base-0
    const int64_t active = std::min<int64_t>(last + 1, 1000);
    EXPECT_GE(bidder, last + 1 - active);
    EXPECT_LE(bidder, last + 10);
    if (bidder == (last / 100) * 100 + 1) ++hot;
  }
  // The hot bidder is drawn with probability 3/4 (plus random hits).
  EXPECT_GT(hot, 3300);
}

TEST(NexmarkGeneratorTest, LongPaddingsAreGeneratedFresh) {
  NexmarkOptions o;
  o.bid_avg_size = 1 << 20;  // R = 2^20 − 32, δ = 209,709: lengths in [R − δ, R + δ − 1]
  auto g = MakeGenerator(o, std::vector<int32_t>{kNexmarkBid});
  RecordBatchPtr b = Generate(*g, MakeNexmarkSplits(1000, -1, 1)[0], 2, 10);
  ASSERT_NE(b, nullptr);
  const ColumnVector& bid = *b->column(0);
  const int64_t rest = (1 << 20) - 32;
  const int64_t delta = 209'709;
  int64_t checked = 0;
  for (int64_t row = 0; row < bid.length(); ++row) {
    if (bid.IsNull(row)) continue;
    const std::string_view extra = bid.child(6)->StringValue(row);
    EXPECT_GE(static_cast<int64_t>(extra.size()), rest - delta);
    EXPECT_LE(static_cast<int64_t>(extra.size()), rest + delta - 1);
    for (char ch : extra.substr(0, 4096)) ASSERT_TRUE(ch >= 'H' && ch <= 'z') << int{ch};
    ++checked;
  }
  EXPECT_EQ(checked, 10);
}

TEST(NexmarkTablesTest, ChannelUrlsKeepTheOverflowQuirk) {
  // Find a seed whose channel 1 carries a channel_id (probability 0.9 per seed).
  bool checked = false;
  for (uint64_t seed = 0; seed < 20 && !checked; ++seed) {
    NexmarkTables t(seed);
    EXPECT_EQ(t.pool().size(), static_cast<size_t>(NexmarkTables::kPoolSize));
    for (int j = 0; j < 4; ++j) {
      EXPECT_EQ(t.hot_url(j).find("channel_id"), std::string::npos);
      EXPECT_TRUE(t.hot_url(j).starts_with("https://www.nexmark.com/"));
      EXPECT_TRUE(t.hot_url(j).ends_with("/item.htm?query=1"));
    }
    EXPECT_EQ(t.channel_name(17), "channel-17");
    const std::string_view url1 = t.channel_url(1);
    if (url1.find("&channel_id=") == std::string_view::npos) continue;
    EXPECT_TRUE(url1.ends_with("&channel_id=-2147483648")) << url1;
    if (t.channel_url(2).find("&channel_id=") != std::string::npos) {
      EXPECT_TRUE(t.channel_url(2).ends_with("&channel_id=1073741824"));
    }
    if (t.channel_url(3).find("&channel_id=") != std::string::npos) {
      EXPECT_TRUE(t.channel_url(3).ends_with("&channel_id=1073741824"));  // abs(0xC0000000)
    }
    checked = true;
  }
  EXPECT_TRUE(checked);
  // The same seed builds the same tables.
  EXPECT_EQ(NexmarkTables(5).channel_url(99), NexmarkTables(5).channel_url(99));
  EXPECT_EQ(NexmarkTables::Get(5).get(), NexmarkTables::Get(5).get());
}

}  // namespace
}  // namespace weir::connectors
