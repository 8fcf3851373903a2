// Tests of ChangelogMode: Flink's printed forms and the sink acceptance check.
#include "weir/common/batch/changelog_mode.h"

#include <gtest/gtest.h>

namespace weir {
namespace {

TEST(ChangelogModeTest, PrintsAsFlinkExplainDoes) {
  EXPECT_EQ(ChangelogMode::InsertOnly().ToString(), "I");
  EXPECT_EQ(ChangelogMode::All().ToString(), "I,UB,UA,D");
  EXPECT_EQ(ChangelogMode::Upsert({0}).ToString(), "I,UA,D");
  EXPECT_EQ(ChangelogMode::None().ToString(), "NONE");
}

TEST(ChangelogModeTest, KindsAndUpsertKeys) {
  const ChangelogMode upsert = ChangelogMode::Upsert({1, 2});
  EXPECT_TRUE(upsert.is_upsert());
  EXPECT_FALSE(upsert.is_insert_only());
  EXPECT_EQ(*upsert.upsert_key(), (std::vector<int32_t>{1, 2}));
  EXPECT_FALSE(ChangelogMode::All().is_upsert());
  EXPECT_FALSE(ChangelogMode::All().upsert_key().has_value());
  EXPECT_TRUE(ChangelogMode::InsertOnly().is_insert_only());
  EXPECT_TRUE(ChangelogMode::None().is_none());
  EXPECT_TRUE(ChangelogMode::InsertOnly().With(RowKind::kDelete).Contains(RowKind::kDelete));
}

TEST(ChangelogModeTest, SinksAcceptSubsetsOfTheirMode) {
  const ChangelogMode append_sink = ChangelogMode::InsertOnly();
  EXPECT_TRUE(append_sink.Accepts(ChangelogMode::InsertOnly()));
  EXPECT_FALSE(append_sink.Accepts(ChangelogMode::All()));
  EXPECT_FALSE(append_sink.Accepts(ChangelogMode::Upsert({0})));
  EXPECT_TRUE(ChangelogMode::All().Accepts(ChangelogMode::Upsert({0})));
  EXPECT_TRUE(ChangelogMode::Upsert({0}).Accepts(ChangelogMode::InsertOnly()));
  EXPECT_FALSE(ChangelogMode::Upsert({0}).Accepts(ChangelogMode::All()));
}

}  // namespace
}  // namespace weir
