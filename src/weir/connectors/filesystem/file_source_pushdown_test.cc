// Tests for projection and partition push-down into the filesystem source, through the table
// factory: projected csv and json columns, listed and chosen partitions, monitoring.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "weir/connectors/filesystem/filesystem_table_factory.h"
#include "weir/connectors/filesystem/filesystem_test_util.h"
#include "weir/runtime/testkit/operator_test_harness.h"

namespace weir::connectors {
namespace {

using fs_test::ScratchDir;
using fs_test::WriteFile;
using runtime::SourcePoll;
using runtime::testkit::HarnessOptions;
using runtime::testkit::OperatorTestHarness;
using ::testing::HasSubstr;

TableContext MakeTable(const std::string& path, std::string_view schema,
                       std::vector<std::string> partition_keys, formats::FormatOptions options) {
  TableContext t;
  t.table_name = "cat.db.files";
  auto s = Schema::Parse(schema);
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  t.physical_schema = *s;
  t.partition_keys = std::move(partition_keys);
  options.emplace("connector", "filesystem");
  options.emplace("path", path);
  options.emplace("format", "csv");
  t.options = std::move(options);
  return t;
}

std::unique_ptr<runtime::Operator> MakeOperator(const TableContext& table) {
  auto source = MakeFilesystemTableFactory()->CreateSource(table);
  EXPECT_TRUE(source.ok()) << source.status().ToString();
  if (!source.ok()) return nullptr;
  auto op = source->factory(0);
  EXPECT_TRUE(op.ok()) << op.status().ToString();
  return op.ok() ? std::move(op).ValueOrDie() : nullptr;
}

HarnessOptions Single() {
  HarnessOptions o;
  o.operator_uid = "fs-source";
  return o;
}

// Reads a bounded table to its end; returns its rows, or the error as "error: <status>".
std::vector<std::string> ReadAll(const TableContext& table, int* num_fields = nullptr) {
  OperatorTestHarness h(MakeOperator(table), Single());
  Status st = h.Open();
  if (!st.ok()) return {"error: " + st.ToString()};
  auto poll = h.PollUntilBlocked();
  if (!poll.ok()) return {"error: " + poll.status().ToString()};
  EXPECT_EQ(*poll, SourcePoll::kEndOfInput);
  for (const auto& b : h.Output()) {
    EXPECT_TRUE(b->Validate().ok());
    if (num_fields != nullptr) *num_fields = b->schema()->num_fields();
  }
  return h.OutputText();
}

void WritePartitionedCsv(const ScratchDir& dir) {
  WriteFile(dir / "dt=2020-01-01/h=1/a.csv", "1,x,10\n2,y,20\n");
  WriteFile(dir / "dt=2020-01-01/h=2/b.csv", "3,w,30\n");
  WriteFile(dir / "dt=2020-01-02/h=__DEFAULT_PARTITION__/c.csv", "4,v,40\n");
  WriteFile(dir / "dt=a%2Fb/h=3/d.csv", "5,u,50\n");
}

TEST(FileSourcePushDownTest, FactoryDeclaresPushDown) {
  auto factory = MakeFilesystemTableFactory();
  EXPECT_TRUE(factory->supports_projection_pushdown());
  EXPECT_TRUE(factory->supports_partition_pushdown());
}

TEST(FileSourcePushDownTest, ProjectsCsvColumnsAndPartitionKeys) {
  ScratchDir dir;
  WritePartitionedCsv(dir);
  TableContext t =
      MakeTable(dir.path(), "a INT, dt STRING, b STRING, h INT, c BIGINT", {"dt", "h"}, {});
  EXPECT_EQ(ReadAll(t), (std::vector<std::string>{
                            "+I[1, 2020-01-01, x, 1, 10]",
                            "+I[2, 2020-01-01, y, 1, 20]",
                            "+I[3, 2020-01-01, w, 2, 30]",
                            "+I[4, 2020-01-02, v, null, 40]",
                            "+I[5, a/b, u, 3, 50]",
                        }));
  t.projected_fields = std::vector<int32_t>{4, 3, 0};
  int num_fields = -1;
  EXPECT_EQ(ReadAll(t, &num_fields), (std::vector<std::string>{
                                         "+I[10, 1, 1]",
                                         "+I[20, 1, 2]",
                                         "+I[30, 2, 3]",
                                         "+I[40, null, 4]",
                                         "+I[50, 3, 5]",
                                     }));
  EXPECT_EQ(num_fields, 3);
  // Only a partition key.
  t.projected_fields = std::vector<int32_t>{1};
  EXPECT_EQ(ReadAll(t), (std::vector<std::string>{"+I[2020-01-01]", "+I[2020-01-01]",
                                                  "+I[2020-01-01]", "+I[2020-01-02]", "+I[a/b]"}));
  // Nothing (COUNT(*)): the rows without columns.
  t.projected_fields = std::vector<int32_t>{};
  OperatorTestHarness h(MakeOperator(t), Single());
  ASSERT_TRUE(h.Open().ok());
  ASSERT_EQ(*h.PollUntilBlocked(), SourcePoll::kEndOfInput);
  int64_t rows = 0;
  for (const auto& b : h.Output()) {
    EXPECT_EQ(b->num_columns(), 0);
    rows += b->num_rows();
  }
  EXPECT_EQ(rows, 5);
}

TEST(FileSourcePushDownTest, CsvFieldsNotProjectedAreNotConverted) {
  ScratchDir dir;
  WriteFile(dir / "a.csv", "1,not-a-number,x\n2,3,y\n");
  TableContext t = MakeTable(dir.path(), "a INT, b INT, c STRING", {}, {});
  EXPECT_THAT(ReadAll(t).front(), HasSubstr("not-a-number"));  // an error when read
  t.projected_fields = std::vector<int32_t>{2, 0};
  EXPECT_EQ(ReadAll(t), (std::vector<std::string>{"+I[x, 1]", "+I[y, 2]"}));
  // The record structure is still checked: a record with too many fields fails.
  WriteFile(dir / "b.csv", "4,5,z,extra\n");
  EXPECT_THAT(ReadAll(t).front(), HasSubstr("error: "));
}

TEST(FileSourcePushDownTest, PartitionValuesNotProjectedAreNotParsed) {
  ScratchDir dir;
  WriteFile(dir / "h=abc/a.csv", "1\n");
  TableContext t = MakeTable(dir.path(), "a INT, h INT", {"h"}, {});
  EXPECT_THAT(ReadAll(t).front(), HasSubstr("Invalid partition value for column h"));
  t.projected_fields = std::vector<int32_t>{0};
  EXPECT_EQ(ReadAll(t), (std::vector<std::string>{"+I[1]"}));
}

TEST(FileSourcePushDownTest, ProjectsJsonMembers) {
  ScratchDir dir;
  WriteFile(dir / "k=1/a.json",
            "{\"id\": 1, \"name\": \"x\", \"n\": \"bad\"}\n{\"id\": 2, \"n\": 7}\n");
  TableContext t =
      MakeTable(dir.path(), "id BIGINT, name STRING, n INT, k INT", {"k"}, {{"format", "json"}});
  EXPECT_THAT(ReadAll(t).front(), HasSubstr("bad"));  // n does not convert
  t.projected_fields = std::vector<int32_t>{3, 1, 0};
  EXPECT_EQ(ReadAll(t), (std::vector<std::string>{"+I[1, x, 1]", "+I[1, null, 2]"}));
  t.projected_fields = std::vector<int32_t>{3};
  EXPECT_EQ(ReadAll(t), (std::vector<std::string>{"+I[1]", "+I[1]"}));
}

TEST(FileSourcePushDownTest, ListsPartitionsThroughTheFactory) {
  ScratchDir dir;
  WritePartitionedCsv(dir);
  auto factory = MakeFilesystemTableFactory();
  TableContext t = MakeTable(dir.path(), "a INT, dt STRING, b STRING, h INT", {"dt", "h"}, {});
  auto listed = factory->ListPartitions(t);
  ASSERT_TRUE(listed.ok()) << listed.status().ToString();
  EXPECT_EQ(*listed, (std::vector<PartitionSpec>{
                         {{"dt", "2020-01-01"}, {"h", "1"}},
                         {{"dt", "2020-01-01"}, {"h", "2"}},
                         {{"dt", "2020-01-02"}, {"h", "__DEFAULT_PARTITION__"}},
                         {{"dt", "a/b"}, {"h", "3"}},
                     }));
  // Another default name is listed as it is written.
  WriteFile(dir / "dt=2020-01-03/h=NULLS/e.csv", "6,t\n");
  t.options["partition.default-name"] = "NULLS";
  listed = factory->ListPartitions(t);
  ASSERT_TRUE(listed.ok()) << listed.status().ToString();
  EXPECT_EQ(listed->size(), 5u);
  EXPECT_EQ(listed->at(3), (PartitionSpec{{"dt", "2020-01-03"}, {"h", "NULLS"}}));

  WriteFile(dir / "misc/readme.txt", "x\n");
  auto bad = factory->ListPartitions(t);
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(bad.status().ToString(), HasSubstr(dir / "misc"));

  TableContext plain = MakeTable(dir.path(), "a INT", {}, {});
  auto unpartitioned = factory->ListPartitions(plain);
  ASSERT_FALSE(unpartitioned.ok());
  EXPECT_THAT(unpartitioned.status().ToString(), HasSubstr("not partitioned"));
}

TEST(FileSourcePushDownTest, ReadsOnlyTheChosenPartitions) {
  ScratchDir dir;
  WritePartitionedCsv(dir);
  WriteFile(dir / "stray.csv", "9,s,90\n");  // in no partition
  TableContext t =
      MakeTable(dir.path(), "a INT, dt STRING, b STRING, h INT, c BIGINT", {"dt", "h"}, {});
  t.partitions = std::vector<PartitionSpec>{
      {{"dt", "2020-01-01"}, {"h", "2"}},
      {{"dt", "2020-01-02"}, {"h", "__DEFAULT_PARTITION__"}},
      {{"dt", "a/b"}, {"h", "3"}},
      {{"dt", "2020-01-09"}, {"h", "1"}},  // does not exist: nothing to read
  };
  t.projected_fields = std::vector<int32_t>{0, 1};
  EXPECT_EQ(ReadAll(t),
            (std::vector<std::string>{"+I[3, 2020-01-01]", "+I[4, 2020-01-02]", "+I[5, a/b]"}));
  t.partitions = std::vector<PartitionSpec>{};
  EXPECT_TRUE(ReadAll(t).empty());

  t.partitions = std::vector<PartitionSpec>{{{"h", "2"}, {"dt", "2020-01-01"}}};
  auto bad = MakeFilesystemTableFactory()->CreateSource(t);
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(bad.status().ToString(), HasSubstr("does not match PARTITIONED BY (dt, h)"));
  EXPECT_THAT(bad.status().ToString(), HasSubstr("cat.db.files"));
}

TEST(FileSourcePushDownTest, MonitoringIgnoresFilesOfOtherPartitions) {
  ScratchDir dir;
  WriteFile(dir / "dt=1/a.csv", "1\n");
  WriteFile(dir / "dt=2/a.csv", "2\n");
  TableContext t =
      MakeTable(dir.path(), "a INT, dt INT", {"dt"}, {{"source.monitor-interval", "10 s"}});
  t.partitions = std::vector<PartitionSpec>{{{"dt", "1"}}, {{"dt", "3"}}};
  OperatorTestHarness h(MakeOperator(t), Single());
  ASSERT_TRUE(h.Open().ok());
  ASSERT_EQ(*h.PollUntilBlocked(), SourcePoll::kNothingAvailable);
  EXPECT_EQ(h.OutputText(), (std::vector<std::string>{"+I[1, 1]"}));
  WriteFile(dir / "dt=1/b.csv", "11\n");
  WriteFile(dir / "dt=2/b.csv", "22\n");
  WriteFile(dir / "dt=3/a.csv", "3\n");  // a chosen partition that appears later
  WriteFile(dir / "dt=4/a.csv", "4\n");
  ASSERT_TRUE(h.SetProcessingTime(10000).ok());
  ASSERT_EQ(*h.PollUntilBlocked(), SourcePoll::kNothingAvailable);
  EXPECT_EQ(h.OutputText(), (std::vector<std::string>{"+I[1, 1]", "+I[11, 1]", "+I[3, 3]"}));
  ASSERT_TRUE(h.Close().ok());
}

}  // namespace
}  // namespace weir::connectors
