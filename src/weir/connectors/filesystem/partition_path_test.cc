// Tests for the partition directories: listing `k=v` levels, bad layouts and the filter of
// chosen partitions.
#include "weir/connectors/filesystem/partition_path.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "weir/connectors/filesystem/filesystem_test_util.h"

namespace weir::connectors {
namespace {

using fs_test::ScratchDir;
using fs_test::WriteFile;
using ::testing::HasSubstr;

const std::vector<std::string> kKeys = {"dt", "h"};

PartitionSpec Spec(const std::string& dt, const std::string& h) { return {{"dt", dt}, {"h", h}}; }

TEST(PartitionPathTest, ListsPartitionsSortedAndUnescaped) {
  ScratchDir dir;
  WriteFile(dir / "dt=2020-01-02/h=1/a.csv", "1\n");
  WriteFile(dir / "dt=2020-01-01/h=2/a.csv", "1\n");
  WriteFile(dir / "dt=2020-01-01/h=10/part/deeper.csv", "1\n");  // below the partition level
  WriteFile(dir / "dt=a%2Fb/h=__DEFAULT_PARTITION__/a.csv", "1\n");
  std::filesystem::create_directories(dir / "dt=2020-01-03/h=0");  // empty, still a partition
  std::filesystem::create_directories(dir / "dt=2020-01-04");      // no h level: none
  WriteFile(dir / "dt=2020-01-01/_temporary/x/a.csv", "1\n");      // hidden
  WriteFile(dir / ".staging/a.csv", "1\n");                        // hidden
  WriteFile(dir / "README", "files above the partition level are not partitions\n");
  WriteFile(dir / "dt=2020-01-02/stray.csv", "1\n");
  auto listed = ListPartitionDirectories(dir.path(), kKeys);
  ASSERT_TRUE(listed.ok()) << listed.status().ToString();
  EXPECT_EQ(*listed, (std::vector<PartitionSpec>{
                         Spec("2020-01-01", "10"),
                         Spec("2020-01-01", "2"),
                         Spec("2020-01-02", "1"),
                         Spec("2020-01-03", "0"),
                         Spec("a/b", "__DEFAULT_PARTITION__"),
                     }));
  // One key: the first level only.
  auto one = ListPartitionDirectories(dir.path(), {"dt"});
  ASSERT_TRUE(one.ok()) << one.status().ToString();
  EXPECT_EQ(one->size(), 5u);
}

TEST(PartitionPathTest, MissingPathHasNoPartitions) {
  ScratchDir dir;
  auto listed = ListPartitionDirectories(dir / "nope", kKeys);
  ASSERT_TRUE(listed.ok());
  EXPECT_TRUE(listed->empty());
}

TEST(PartitionPathTest, BadLayoutNamesTheDirectory) {
  {
    ScratchDir dir;
    WriteFile(dir / "dt=2020-01-01/h=1/a.csv", "1\n");
    WriteFile(dir / "2020-01-02/h=1/a.csv", "1\n");
    auto listed = ListPartitionDirectories(dir.path(), kKeys);
    ASSERT_FALSE(listed.ok());
    EXPECT_TRUE(listed.status().IsInvalid());
    EXPECT_THAT(listed.status().ToString(), HasSubstr("not a partition directory 'dt=<value>'"));
    EXPECT_THAT(listed.status().ToString(), HasSubstr(dir / "2020-01-02"));
  }
  {
    ScratchDir dir;
    WriteFile(dir / "dt=2020-01-01/hour=1/a.csv", "1\n");
    auto listed = ListPartitionDirectories(dir.path(), kKeys);
    ASSERT_FALSE(listed.ok());
    EXPECT_THAT(listed.status().ToString(), HasSubstr("key 'hour'"));
    EXPECT_THAT(listed.status().ToString(), HasSubstr("expects 'h'"));
    EXPECT_THAT(listed.status().ToString(), HasSubstr(dir / "dt=2020-01-01/hour=1"));
  }
}

TEST(PartitionPathTest, FilterAdmitsOnlyTheChosenPartitions) {
  auto made = PartitionFilter::Make(kKeys, {Spec("2020-01-01", "1"), Spec("a/b", "2")});
  ASSERT_TRUE(made.ok()) << made.status().ToString();
  const PartitionFilter& f = *made;
  EXPECT_TRUE(f.AdmitsDirectory(""));
  EXPECT_TRUE(f.AdmitsDirectory("dt=2020-01-01"));
  EXPECT_TRUE(f.AdmitsDirectory("dt=2020-01-01/h=1"));
  EXPECT_TRUE(f.AdmitsDirectory("dt=2020-01-01/h=1/sub"));
  EXPECT_TRUE(f.AdmitsDirectory("dt=a%2Fb/h=2"));
  EXPECT_FALSE(f.AdmitsDirectory("dt=2020-01-02"));
  EXPECT_FALSE(f.AdmitsDirectory("dt=2020-01-01/h=2"));
  EXPECT_FALSE(f.AdmitsDirectory("dt=2020-01-01/hour=1"));
  EXPECT_FALSE(f.AdmitsDirectory("other"));
  EXPECT_TRUE(f.AdmitsFile("dt=2020-01-01/h=1/a.csv"));
  EXPECT_TRUE(f.AdmitsFile("dt=2020-01-01/h=1/sub/a.csv"));
  EXPECT_TRUE(f.AdmitsFile("dt=a%2Fb/h=2/a.csv"));
  EXPECT_FALSE(f.AdmitsFile("dt=2020-01-01/a.csv"));
  EXPECT_FALSE(f.AdmitsFile("dt=2020-01-01/h=2/a.csv"));
  EXPECT_FALSE(f.AdmitsFile("a.csv"));
  EXPECT_FALSE(f.AdmitsFile(""));

  auto none = PartitionFilter::Make(kKeys, {});
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->AdmitsDirectory("dt=2020-01-01"));
  EXPECT_FALSE(none->AdmitsFile("dt=2020-01-01/h=1/a.csv"));
}

TEST(PartitionPathTest, FilterRejectsSpecsOfOtherKeys) {
  for (const PartitionSpec& bad :
       {PartitionSpec{{"dt", "x"}}, PartitionSpec{{"h", "1"}, {"dt", "x"}},
        PartitionSpec{{"dt", "x"}, {"h", "1"}, {"m", "0"}}}) {
    auto made = PartitionFilter::Make(kKeys, {bad});
    ASSERT_FALSE(made.ok());
    EXPECT_THAT(made.status().ToString(), HasSubstr("does not match PARTITIONED BY (dt, h)"));
  }
}

}  // namespace
}  // namespace weir::connectors
