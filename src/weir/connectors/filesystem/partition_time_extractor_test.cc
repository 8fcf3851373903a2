// Tests for PartitionTimeExtractor: pattern substitution, the lenient default, formatters,
// bad partition values, and fixed watermark time zones.
#include "weir/connectors/filesystem/partition_time_extractor.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace weir::connectors {
namespace {

using ::testing::HasSubstr;

constexpr int64_t kMinute = 60'000;
constexpr int64_t kHour = 60 * kMinute;
constexpr int64_t kDay = 24 * kHour;
// 2026-11-22T00:00 local, in ms since 1970-01-01T00:00.
constexpr int64_t k20261122 = int64_t{20779} * kDay;

PartitionTimeExtractor Make(std::vector<std::string> keys, std::optional<std::string> pattern,
                            std::optional<std::string> formatter = std::nullopt) {
  auto e = PartitionTimeExtractor::Make(std::move(keys), std::move(pattern), std::move(formatter));
  EXPECT_TRUE(e.ok()) << e.status().ToString();
  return *e;
}

int64_t ExtractOk(const PartitionTimeExtractor& e, std::vector<std::string> values) {
  auto t = e.Extract(values);
  EXPECT_TRUE(t.ok()) << t.status().ToString();
  return t.ok() ? *t : -1;
}

TEST(PartitionTimeExtractorTest, SubstitutesPartitionValuesIntoThePattern) {
  // Nexmark q10: dt = '2026-11-22', hm = '10:05'.
  auto e = Make({"dt", "hm"}, "$dt $hm:00");
  EXPECT_EQ(ExtractOk(e, {"2026-11-22", "10:05"}), k20261122 + 10 * kHour + 5 * kMinute);
  auto hourly = Make({"dt", "hour"}, "$dt $hour:00:00");
  EXPECT_EQ(ExtractOk(hourly, {"2026-11-22", "23"}), k20261122 + 23 * kHour);
  EXPECT_EQ(ExtractOk(hourly, {"1970-01-01", "00"}), 0);
  EXPECT_EQ(ExtractOk(hourly, {"1969-12-31", "23"}), -kHour);
}

TEST(PartitionTimeExtractorTest, DefaultsToTheFirstValueParsedLeniently) {
  auto e = Make({"day", "other"}, std::nullopt);
  EXPECT_EQ(ExtractOk(e, {"2026-11-22", "x"}), k20261122);
  EXPECT_EQ(ExtractOk(e, {"2026-11-22 7:08", "x"}), k20261122 + 7 * kHour + 8 * kMinute);
  EXPECT_EQ(ExtractOk(e, {"2026-11-22T07:08:09.5", "x"}),
            k20261122 + 7 * kHour + 8 * kMinute + 9500);
  EXPECT_EQ(ExtractOk(e, {"2024-2-29", "x"}), int64_t{19782} * kDay);
  for (const char* bad :
       {"", "2026-11", "2026-13-01", "2025-02-29", "2026-11-22 25:00", "2026-11-22 10",
        "2026-11-22 10:00:00x", "__DEFAULT_PARTITION__", "999999999-01-01"}) {
    auto t = e.Extract({bad, "x"});
    EXPECT_FALSE(t.ok()) << bad;
    if (!t.ok()) {
      EXPECT_THAT(t.status().ToString(), HasSubstr("Partition time"));
    }
  }
  EXPECT_FALSE(e.Extract({"2026-11-22"}).ok());  // one value per key
}

TEST(PartitionTimeExtractorTest, ParsesWithAFormatter) {
  auto compact = Make({"dt"}, std::nullopt, "yyyyMMdd");
  EXPECT_EQ(ExtractOk(compact, {"20261122"}), k20261122);
  EXPECT_FALSE(compact.Extract({"2026-11-22"}).ok());
  auto quoted = Make({"dt", "h"}, "$dt-$h", "yyyy/MM/dd-HH'h'");
  EXPECT_EQ(ExtractOk(quoted, {"2026/11/22", "06h"}), k20261122 + 6 * kHour);
  auto frac = Make({"ts"}, std::nullopt, "yyyy-MM-dd HH:mm:ss.SSS");
  EXPECT_EQ(ExtractOk(frac, {"2026-11-22 00:00:01.250"}), k20261122 + 1250);
  auto t = quoted.Extract({"2026/11/22", "6"});
  ASSERT_FALSE(t.ok());
  EXPECT_THAT(t.status().ToString(), HasSubstr("does not match the formatter 'yyyy/MM/dd-HH'h''"));
  EXPECT_FALSE(PartitionTimeExtractor::Make({"dt"}, std::nullopt, "yyyy-MM-dd a").ok());
  EXPECT_FALSE(PartitionTimeExtractor::Make({"dt"}, std::nullopt, "yyyy-MM-dd 'x").ok());
  EXPECT_FALSE(PartitionTimeExtractor::Make({"dt"}, std::nullopt, "yyyyy-MM-dd").ok());
}

TEST(PartitionTimeExtractorTest, ReadsValuesFromEscapedPartitionDirectories) {
  auto e = Make({"dt", "hm"}, "$dt $hm:00");
  auto t = e.ExtractFromPath("dt=2026-11-22/hm=10%3A05");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(*t, k20261122 + 10 * kHour + 5 * kMinute);
  EXPECT_FALSE(e.ExtractFromPath("2026-11-22/hm=10%3A05").ok());
}

int64_t OffsetOf(std::string_view zone) {
  auto r = ParseFixedZoneOffsetMs(zone);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *r : -1;
}

TEST(PartitionTimeExtractorTest, ParsesFixedWatermarkTimeZones) {
  EXPECT_EQ(OffsetOf("UTC"), 0);
  EXPECT_EQ(OffsetOf("Z"), 0);
  EXPECT_EQ(OffsetOf("GMT"), 0);
  EXPECT_EQ(OffsetOf("+08:00"), 8 * kHour);
  EXPECT_EQ(OffsetOf("UTC+8"), 8 * kHour);
  EXPECT_EQ(OffsetOf("GMT-05:30"), -(5 * kHour + 30 * kMinute));
  for (const char* bad : {"Asia/Shanghai", "UTC+", "+25:00", "PST", "+08:0", ""}) {
    auto r = ParseFixedZoneOffsetMs(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_THAT(r.status().ToString(), HasSubstr("watermark-time-zone"));
  }
}

}  // namespace
}  // namespace weir::connectors
