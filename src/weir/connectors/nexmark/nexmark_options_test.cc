// Tests for NexmarkOptions: upstream names and defaults, value parsing and unknown keys.
#include "weir/connectors/nexmark/nexmark_options.h"

#include <gtest/gtest.h>

namespace weir::connectors {
namespace {

TEST(NexmarkOptionsTest, DefaultsAreUpstreams) {
  auto o = NexmarkOptions::Parse({{"connector", "nexmark"}}, "t");
  ASSERT_TRUE(o.ok()) << o.status().ToString();
  EXPECT_EQ(o->first_event_rate, 10000);
  EXPECT_EQ(o->next_event_rate, 10000);
  EXPECT_EQ(o->rate_shape, NexmarkRateShape::kSquare);
  EXPECT_EQ(o->rate_period_ms, 600000);
  EXPECT_FALSE(o->rate_limited);
  EXPECT_EQ(o->events_num, 0);
  EXPECT_EQ(o->person_proportion, 1);
  EXPECT_EQ(o->auction_proportion, 3);
  EXPECT_EQ(o->bid_proportion, 46);
  EXPECT_EQ(o->person_avg_size, 200);
  EXPECT_EQ(o->auction_avg_size, 500);
  EXPECT_EQ(o->bid_avg_size, 100);
  EXPECT_EQ(o->hot_auction_ratio, 2);
  EXPECT_EQ(o->hot_bidder_ratio, 4);
  EXPECT_EQ(o->hot_seller_ratio, 4);
  EXPECT_FALSE(o->keep_alive);
  EXPECT_EQ(o->stop_at, -1);
  EXPECT_TRUE(o->max_emit_speed);
  EXPECT_FALSE(o->seed.has_value());
  EXPECT_FALSE(o->base_time.has_value());
  EXPECT_EQ(o->max_events(), 368'934'881'474'191);
}

TEST(NexmarkOptionsTest, ParsesEveryOption) {
  auto o =
      NexmarkOptions::Parse({{"connector", "nexmark"},        {"first-event.rate", "10000000"},
                             {"next-event.rate", "10000000"}, {"rate.shape", "sine"},
                             {"rate.period", "10 min"},       {"rate.limited", "true"},
                             {"events.num", "100000000"},     {"person.proportion", "2"},
                             {"auction.proportion", "6"},     {"bid.proportion", "92"},
                             {"person.avg-size", "1kb"},      {"auction.avg-size", "300b"},
                             {"bid.avg-size", "64"},          {"bid.hot-ratio.auctions", "1"},
                             {"bid.hot-ratio.bidders", "8"},  {"auction.hot-ratio.sellers", "3"},
                             {"keep-alive", "TRUE"},          {"stop-at", "150000000"},
                             {"max-emit-speed", "false"},     {"seed", "18446744073709551615"},
                             {"base-time", "1700000000000"}},
                            "t");
  ASSERT_TRUE(o.ok()) << o.status().ToString();
  EXPECT_EQ(o->first_event_rate, 10'000'000);
  EXPECT_EQ(o->rate_shape, NexmarkRateShape::kSine);
  EXPECT_EQ(o->rate_period_ms, 600000);
  EXPECT_TRUE(o->rate_limited);
  EXPECT_EQ(o->events_num, 100'000'000);
  EXPECT_EQ(o->max_events(), 100'000'000);
  EXPECT_EQ(o->total_proportion(), 100);
  EXPECT_EQ(o->person_avg_size, 1024);
  EXPECT_EQ(o->auction_avg_size, 300);
  EXPECT_EQ(o->bid_avg_size, 64);
  EXPECT_EQ(o->hot_auction_ratio, 1);
  EXPECT_EQ(o->hot_bidder_ratio, 8);
  EXPECT_EQ(o->hot_seller_ratio, 3);
  EXPECT_TRUE(o->keep_alive);
  EXPECT_EQ(o->stop_at, 150'000'000);
  EXPECT_FALSE(o->max_emit_speed);
  EXPECT_EQ(o->seed, 18446744073709551615ULL);
  EXPECT_EQ(o->base_time, 1'700'000'000'000);
}

TEST(NexmarkOptionsTest, RejectsUnknownKeysNamingKeyAndTable) {
  auto o = NexmarkOptions::Parse({{"connector", "nexmark"}, {"events.nun", "5"}}, "cat.db.nx");
  ASSERT_FALSE(o.ok());
  const std::string m = o.status().message();
  EXPECT_NE(m.find("Unsupported options found for 'nexmark'"), std::string::npos) << m;
  EXPECT_NE(m.find("cat.db.nx"), std::string::npos) << m;
  EXPECT_NE(m.find("Unsupported options:\n\nevents.nun\n"), std::string::npos) << m;
  EXPECT_NE(m.find("Supported options:"), std::string::npos) << m;
  EXPECT_NE(m.find("max-emit-speed"), std::string::npos) << m;
}

TEST(NexmarkOptionsTest, RejectsBadValues) {
  for (const auto& [key, value] :
       std::vector<std::pair<std::string, std::string>>{{"first-event.rate", "0"},
                                                        {"events.num", "-1"},
                                                        {"events.num", "many"},
                                                        {"person.proportion", "-1"},
                                                        {"bid.avg-size", "12 parsecs"},
                                                        {"bid.hot-ratio.auctions", "0"},
                                                        {"keep-alive", "yes"},
                                                        {"rate.shape", "TRIANGLE"},
                                                        {"rate.period", "soon"},
                                                        {"seed", "-3"},
                                                        {"base-time", "yesterday"},
                                                        {"person.avg-size", "1gb"}}) {
    auto o = NexmarkOptions::Parse({{key, value}}, "t");
    ASSERT_FALSE(o.ok()) << key << "=" << value;
    EXPECT_NE(o.status().message().find(key), std::string::npos) << o.status().ToString();
  }
  auto zero = NexmarkOptions::Parse(
      {{"person.proportion", "0"}, {"auction.proportion", "0"}, {"bid.proportion", "0"}}, "t");
  EXPECT_FALSE(zero.ok());
}

}  // namespace
}  // namespace weir::connectors
