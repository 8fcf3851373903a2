// Tests for INSERT OVERWRITE in FileSinkOperator and the filesystem table factory: old files
// replaced at commit (whole table, or only the partitions written), never before, and
// rejected in streaming mode.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "weir/connectors/base/table_factory.h"
#include "weir/connectors/filesystem/file_sink_operator.h"
#include "weir/connectors/filesystem/filesystem_table_factory.h"
#include "weir/connectors/filesystem/filesystem_test_util.h"
#include "weir/runtime/testkit/operator_test_harness.h"

namespace weir::connectors {
namespace {

using fs_test::ListFiles;
using fs_test::ScratchDir;
using fs_test::VisibleLines;
using fs_test::WriteFile;
using runtime::testkit::HarnessOptions;
using runtime::testkit::OperatorTestHarness;
using ::testing::HasSubstr;

std::unique_ptr<FileSinkOperator> MakeSink(const std::string& path, std::string_view schema,
                                           std::vector<std::string> partition_keys,
                                           bool commit_on_finish = true) {
  auto s = Schema::Parse(schema);
  EXPECT_TRUE(s.ok());
  auto o =
      FileSystemOptions::Parse({{"path", path}, {"format", "csv"}}, *s, std::move(partition_keys));
  EXPECT_TRUE(o.ok()) << o.status().ToString();
  FileSinkConfig config;
  config.commit_on_finish = commit_on_finish;
  config.overwrite = true;
  config.uuid = "00000000-1111-2222-3333-444444444444";  // the job's, shared by its subtasks
  return std::make_unique<FileSinkOperator>(*s, std::move(*o), std::move(config));
}

HarnessOptions At(int32_t subtask, int32_t parallelism) {
  HarnessOptions o;
  o.operator_uid = "fs-sink";
  o.subtask_index = subtask;
  o.parallelism = parallelism;
  return o;
}

TEST(FileSinkOverwriteTest, ReplacesTheWholeTableAtCommit) {
  ScratchDir dir;
  WriteFile(dir / "old-1.csv", "1\n");
  WriteFile(dir / "nested/old-2.csv", "2\n");
  WriteFile(dir / "_hidden", "x\n");
  OperatorTestHarness h(MakeSink(dir.path(), "a INT", {}), At(0, 1));
  FS_ASSERT_OK(h.Open());
  FS_ASSERT_OK(h.Process("a INT\n+I 7\n+I 8"));
  FS_ASSERT_OK(h.EndInput(0));
  // Nothing is removed before the commit.
  EXPECT_EQ(VisibleLines(dir.path()), (std::vector<std::string>{"1", "2"}));
  FS_ASSERT_OK(h.Finish());
  EXPECT_EQ(VisibleLines(dir.path()), (std::vector<std::string>{"7", "8"}));
  EXPECT_TRUE(std::filesystem::exists(dir / "_hidden"));
  EXPECT_FALSE(std::filesystem::exists(dir / "nested"));
  FS_ASSERT_OK(h.Close());
}

TEST(FileSinkOverwriteTest, EmptyInputEmptiesAnUnpartitionedTable) {
  ScratchDir dir;
  WriteFile(dir / "old.csv", "1\n");
  OperatorTestHarness h(MakeSink(dir.path(), "a INT", {}), At(0, 1));
  FS_ASSERT_OK(h.Open());
  FS_ASSERT_OK(h.EndInput(0));
  FS_ASSERT_OK(h.Finish());
  EXPECT_TRUE(VisibleLines(dir.path()).empty());
}

TEST(FileSinkOverwriteTest, ReplacesOnlyThePartitionsWritten) {
  ScratchDir dir;
  WriteFile(dir / "p=a/old.csv", "1\n");
  WriteFile(dir / "p=b/old.csv", "2\n");
  // Two subtasks writing the same partition: neither deletes the other's new files.
  OperatorTestHarness s0(MakeSink(dir.path(), "a INT, p STRING", {"p"}), At(0, 2));
  OperatorTestHarness s1(MakeSink(dir.path(), "a INT, p STRING", {"p"}), At(1, 2));
  FS_ASSERT_OK(s0.Open());
  FS_ASSERT_OK(s1.Open());
  FS_ASSERT_OK(s0.Process("a INT, p STRING\n+I 10 a\n+I 30 c"));
  FS_ASSERT_OK(s1.Process("a INT, p STRING\n+I 11 a"));
  FS_ASSERT_OK(s0.EndInput(0));
  FS_ASSERT_OK(s1.EndInput(0));
  FS_ASSERT_OK(s0.Finish());
  FS_ASSERT_OK(s1.Finish());
  EXPECT_EQ(VisibleLines(dir / "p=a"), (std::vector<std::string>{"10", "11"}));
  EXPECT_EQ(VisibleLines(dir / "p=b"), (std::vector<std::string>{"2"}));
  EXPECT_EQ(VisibleLines(dir / "p=c"), (std::vector<std::string>{"30"}));
  EXPECT_EQ(ListFiles(dir / "p=a", false).size(), 2u);
}

TEST(FileSinkOverwriteTest, IsRejectedInStreamingMode) {
  ScratchDir dir;
  OperatorTestHarness h(MakeSink(dir.path(), "a INT", {}, /*commit_on_finish=*/false), At(0, 1));
  const Status st = h.Open();
  ASSERT_FALSE(st.ok());
  EXPECT_THAT(st.ToString(), HasSubstr("Streaming mode not support overwrite."));

  auto factory = MakeFilesystemTableFactory();
  TableContext table;
  table.table_name = "default_catalog.default_database.t";
  auto schema = Schema::Parse("a INT");
  ASSERT_TRUE(schema.ok());
  table.physical_schema = *schema;
  table.options = {{"connector", "filesystem"}, {"path", dir.path()}, {"format", "csv"}};
  table.overwrite = true;
  table.checkpointing = true;
  auto streaming = factory->CreateSink(table);
  ASSERT_FALSE(streaming.ok());
  EXPECT_THAT(streaming.status().ToString(),
              HasSubstr("Streaming mode not support overwrite. (table "
                        "'default_catalog.default_database.t')"));
  table.checkpointing = false;  // streaming without checkpoints: still refused
  ASSERT_FALSE(factory->CreateSink(table).ok());
  table.batch = true;
  auto batch = factory->CreateSink(table);
  EXPECT_TRUE(batch.ok()) << batch.status().ToString();
}

}  // namespace
}  // namespace weir::connectors
