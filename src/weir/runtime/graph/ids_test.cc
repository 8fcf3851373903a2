// Tests of the runtime ids: JobId text form and generation, strong id comparisons and hashing.
#include "weir/runtime/graph/ids.h"

#include <gtest/gtest.h>

#include <set>
#include <unordered_set>

namespace weir::runtime {
namespace {

TEST(JobIdTest, PrintsThirtyTwoLowerCaseHexDigits) {
  EXPECT_EQ(JobId().ToString(), "00000000000000000000000000000000");
  EXPECT_EQ(JobId(0x0123456789abcdefULL, 0xfedcba9876543210ULL).ToString(),
            "0123456789abcdeffedcba9876543210");
  EXPECT_EQ(JobId(~0ULL, 1).ToString(), "ffffffffffffffff0000000000000001");
}

TEST(JobIdTest, ParsesWhatItPrints) {
  JobId id;
  ASSERT_TRUE(JobId::Parse("0123456789abcdeffedcba9876543210", &id));
  EXPECT_EQ(id, JobId(0x0123456789abcdefULL, 0xfedcba9876543210ULL));
  EXPECT_EQ(id.high(), 0x0123456789abcdefULL);
  EXPECT_EQ(id.low(), 0xfedcba9876543210ULL);
  // Upper case is accepted (Flink accepts both), printing is always lower case.
  ASSERT_TRUE(JobId::Parse("0123456789ABCDEFFEDCBA9876543210", &id));
  EXPECT_EQ(id.ToString(), "0123456789abcdeffedcba9876543210");
  for (int i = 0; i < 100; ++i) {
    JobId generated = JobId::Generate();
    JobId parsed;
    ASSERT_TRUE(JobId::Parse(generated.ToString(), &parsed));
    EXPECT_EQ(parsed, generated);
  }
}

TEST(JobIdTest, RejectsMalformedText) {
  JobId id(7, 7);
  EXPECT_FALSE(JobId::Parse("", &id));
  EXPECT_FALSE(JobId::Parse("0123456789abcdeffedcba987654321", &id));    // 31 digits
  EXPECT_FALSE(JobId::Parse("0123456789abcdeffedcba98765432100", &id));  // 33 digits
  EXPECT_FALSE(JobId::Parse("0123456789abcdeffedcba987654321g", &id));
  EXPECT_FALSE(JobId::Parse(" 123456789abcdeffedcba9876543210", &id));
  EXPECT_FALSE(JobId::Parse("0x23456789abcdeffedcba9876543210", &id));
  EXPECT_FALSE(JobId::Parse(std::string_view("0123456789abcdef\0edcba9876543210", 32), &id));
  EXPECT_EQ(id, JobId(7, 7));  // untouched on failure
}

TEST(JobIdTest, GeneratedIdsDiffer) {
  std::set<JobId> ids;
  std::unordered_set<JobId> hashed;
  for (int i = 0; i < 1000; ++i) {
    JobId id = JobId::Generate();
    ids.insert(id);
    hashed.insert(id);
    std::string text = id.ToString();
    ASSERT_EQ(text.size(), 32u);
    for (char c : text) EXPECT_TRUE((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')) << text;
  }
  EXPECT_EQ(ids.size(), 1000u);
  EXPECT_EQ(hashed.size(), 1000u);
}

TEST(StrongIdTest, ComparesAndPrints) {
  EXPECT_LT(CheckpointId(1), CheckpointId(2));
  EXPECT_EQ(VertexId(3).ToString(), "3");
  EXPECT_EQ(StreamNodeId(4).value(), 4);
  std::unordered_set<SubtaskIndex> set{SubtaskIndex(1), SubtaskIndex(1), SubtaskIndex(2)};
  EXPECT_EQ(set.size(), 2u);
}

}  // namespace
}  // namespace weir::runtime
