// The distribution test of Weir issue 5: over one million events the generator's type
// proportions are exact and its hot shares, prices and sizes match GENERATOR.md's measures.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string_view>

#include "weir/connectors/nexmark/nexmark_generator.h"

namespace weir::connectors {
namespace {

// Running sums of one measured figure.
struct Mean {
  double sum = 0;
  int64_t n = 0;
  void Add(double v) {
    sum += v;
    ++n;
  }
  double value() const { return n == 0 ? 0 : sum / static_cast<double>(n); }
};

TEST(NexmarkDistributionTest, OneMillionEventsMatchTheSpec) {
  NexmarkGeneratorConfig config;
  config.base_time_ms = 0;
  config.seed = 20261122;
  auto made = NexmarkGenerator::Make(config);
  ASSERT_TRUE(made.ok()) << made.status().ToString();
  const NexmarkGenerator& g = **made;
  constexpr int64_t kEvents = 1'000'000;
  constexpr int64_t kBatch = 8192;
  const NexmarkSplit split = MakeNexmarkSplits(kEvents, -1, 1)[0];

  int64_t counts[3] = {0, 0, 0};
  int64_t hot_auction = 0;
  int64_t hot_channel = 0;
  int64_t cold_with_id = 0;
  int64_t price_min = INT64_MAX;
  int64_t price_max = 0;
  int64_t price_decades[7] = {0};
  int64_t bid_extra_min = INT64_MAX;
  int64_t bid_extra_max = 0;
  Mean person_accounted, person_extra, auction_accounted, auction_extra, item_name, description,
      bid_accounted, bid_extra, c_per_bid_extra, log_price;
  for (int64_t first = 0; first < kEvents; first += kBatch) {
    const int64_t count = std::min(kBatch, kEvents - first);
    auto batch = g.Generate(split, first, count);
    ASSERT_TRUE(batch.ok()) << batch.status().ToString();
    const RecordBatch& b = **batch;
    const ColumnVector& type = *b.column(0);
    const ColumnVector& person = *b.column(1);
    const ColumnVector& auction = *b.column(2);
    const ColumnVector& bid = *b.column(3);
    for (int64_t row = 0; row < count; ++row) {
      const int32_t t = type.Value<int32_t>(row);
      ++counts[t];
      const int64_t e = split.first_event_id + 1 + first + row;
      if (t == 0) {
        int64_t acc = 8;
        for (int f : {1, 2, 3, 4, 5}) {
          acc += static_cast<int64_t>(person.child(f)->StringValue(row).size());
        }
        const auto extra = static_cast<double>(person.child(7)->StringValue(row).size());
        person_accounted.Add(static_cast<double>(acc) + extra);
        person_extra.Add(extra);
        EXPECT_EQ(person.child(3)->StringValue(row).size(), 19u);
      } else if (t == 1) {
        const auto item = static_cast<double>(auction.child(1)->StringValue(row).size());
        const auto desc = static_cast<double>(auction.child(2)->StringValue(row).size());
        const auto extra = static_cast<double>(auction.child(9)->StringValue(row).size());
        auction_accounted.Add(48 + item + desc + extra);
        auction_extra.Add(extra);
        item_name.Add(item);
        description.Add(desc);
      } else {
        const int64_t a = bid.child(0)->Value<int64_t>(row) - 1000;
        if (a == (g.LastAuction(e) / 100) * 100) ++hot_auction;
        const int64_t price = bid.child(2)->Value<int64_t>(row);
        price_min = std::min(price_min, price);
        price_max = std::max(price_max, price);
        log_price.Add(std::log10(static_cast<double>(price)));
        ++price_decades[std::min<int>(static_cast<int>(std::log10(static_cast<double>(price))) - 2,
                                      6)];
        const std::string_view channel = bid.child(3)->StringValue(row);
        if (!channel.starts_with("channel-")) {
          ++hot_channel;
        } else if (bid.child(4)->StringValue(row).find("&channel_id=") != std::string_view::npos) {
          ++cold_with_id;
        }
        const std::string_view extra = bid.child(6)->StringValue(row);
        bid_extra_min = std::min<int64_t>(bid_extra_min, static_cast<int64_t>(extra.size()));
        bid_extra_max = std::max<int64_t>(bid_extra_max, static_cast<int64_t>(extra.size()));
        bid_accounted.Add(32 + static_cast<double>(extra.size()));
        bid_extra.Add(static_cast<double>(extra.size()));
        c_per_bid_extra.Add(static_cast<double>(std::count(extra.begin(), extra.end(), 'c')));
      }
    }
  }
  // Events e = 2 .. 1,000,001 are exactly 20,000 cycles of T = 50: the shares are exact.
  EXPECT_EQ(counts[0], 20'000);
  EXPECT_EQ(counts[1], 60'000);
  EXPECT_EQ(counts[2], 920'000);

  // Hot auction with probability 1/2, plus the ~1% of random picks that land on it.
  const double bids = static_cast<double>(counts[2]);
  EXPECT_NEAR(static_cast<double>(hot_auction) / bids, 0.505, 0.01);
  // Half the bids use a hot channel; about 90% of the others carry a channel_id.
  EXPECT_NEAR(static_cast<double>(hot_channel) / bids, 0.5, 0.005);
  EXPECT_NEAR(static_cast<double>(cold_with_id) / (bids - static_cast<double>(hot_channel)), 0.9,
              0.01);

  // Prices: cents in [100, 1e8], log-uniform (a sixth per decade, mean log10 = 5).
  EXPECT_GE(price_min, 100);
  EXPECT_LE(price_max, 100'000'000);
  EXPECT_NEAR(log_price.value(), 5.0, 0.01);
  for (int d = 0; d < 6; ++d) {
    EXPECT_NEAR(static_cast<double>(price_decades[d]) / bids, 1.0 / 6, 0.005) << "decade " << d;
  }

  // Accounted sizes (GENERATOR.md §6, measured over 2M events).
  EXPECT_NEAR(person_accounted.value(), 199.5, 1.0);
  EXPECT_NEAR(person_extra.value(), 139, 1.5);
  EXPECT_NEAR(auction_accounted.value(), 499.6, 1.0);
  EXPECT_NEAR(auction_extra.value(), 390, 2.0);
  EXPECT_NEAR(item_name.value(), 10.8, 0.2);
  EXPECT_NEAR(description.value(), 51, 0.5);
  EXPECT_NEAR(bid_accounted.value(), 99.5, 0.1);
  EXPECT_NEAR(bid_extra.value(), 67.5, 0.1);
  EXPECT_EQ(bid_extra_min, 54);
  EXPECT_EQ(bid_extra_max, 81);
  // count_char(extra, 'c') on bids: about 1.3 (the pool has 'c' at about 1/52).
  EXPECT_NEAR(c_per_bid_extra.value(), 1.3, 0.1);
}

}  // namespace
}  // namespace weir::connectors
