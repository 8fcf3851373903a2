// Tests for FileSourceOperator through OperatorTestHarness: csv and json directories with
// partitions, hidden files, restore of the position, split among subtasks, monitoring and
// bad records.
#include "weir/connectors/filesystem/file_source_operator.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "weir/connectors/filesystem/filesystem_test_util.h"
#include "weir/runtime/testkit/operator_test_harness.h"

namespace weir::connectors {
namespace {

using fs_test::ScratchDir;
using fs_test::WriteFile;
using runtime::SourcePoll;
using runtime::testkit::HarnessOptions;
using runtime::testkit::HarnessSnapshot;
using runtime::testkit::OperatorTestHarness;
using ::testing::HasSubstr;

HarnessOptions At(int32_t subtask, int32_t parallelism) {
  HarnessOptions o;
  o.operator_uid = "fs-source";
  o.subtask_index = subtask;
  o.parallelism = parallelism;
  return o;
}

std::unique_ptr<FileSourceOperator> MakeSource(const std::string& path, std::string_view schema,
                                               formats::FormatOptions options,
                                               std::vector<std::string> partition_keys = {},
                                               int32_t batch_size = 1024) {
  options.emplace("path", path);
  options.emplace("format", "csv");
  auto s = Schema::Parse(schema);
  EXPECT_TRUE(s.ok());
  auto o = FileSystemOptions::Parse(options, *s, std::move(partition_keys));
  EXPECT_TRUE(o.ok()) << o.status().ToString();
  FileSourceConfig config;
  config.batch_size = batch_size;
  config.read_chunk_bytes = 7;  // small: lines cross chunk boundaries
  return std::make_unique<FileSourceOperator>(*s, std::move(*o), config);
}

std::vector<std::string> Sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

TEST(FileSourceOperatorTest, ReadsPartitionedCsvDirectorySkippingHiddenFiles) {
  ScratchDir dir;
  WriteFile(dir / "dt=2020-01-01/h=1/a.csv", "1,x\n2,\"y, z\"\n");
  WriteFile(dir / "dt=2020-01-01/h=2/b.csv", "3,w");  // no line end at the end
  WriteFile(dir / "dt=2020-01-02/h=__DEFAULT_PARTITION__/c.csv", "4,v\r\n");
  WriteFile(dir / "dt=a%2Fb/h=3/d.csv", "5,u\n");
  WriteFile(dir / "dt=2020-01-01/h=1/.hidden.csv", "99,hidden\n");
  WriteFile(dir / "dt=2020-01-01/h=1/_SUCCESS", "");
  WriteFile(dir / "_temporary/h=1/e.csv", "98,temp\n");
  OperatorTestHarness h(
      MakeSource(dir.path(), "a INT, dt STRING, b STRING, h INT", {}, {"dt", "h"}), At(0, 1));
  FS_ASSERT_OK(h.Open());
  auto poll = h.PollUntilBlocked();
  ASSERT_TRUE(poll.ok()) << poll.status().ToString();
  EXPECT_EQ(*poll, SourcePoll::kEndOfInput);
  // Files in path order, partition values typed (h INT) and the default name as NULL.
  EXPECT_EQ(h.OutputText(), (std::vector<std::string>{
                                "+I[1, 2020-01-01, x, 1]",
                                "+I[2, 2020-01-01, y, z, 1]",
                                "+I[3, 2020-01-01, w, 2]",
                                "+I[4, 2020-01-02, v, null]",
                                "+I[5, a/b, u, 3]",
                            }));
  FS_ASSERT_OK(h.Close());
}

TEST(FileSourceOperatorTest, ReadsJsonFileAndRegexFilteredDirectory) {
  ScratchDir dir;
  WriteFile(dir / "in/a.json", "{\"id\": 1, \"name\": \"x\"}\n{\"id\": 2}\n");
  WriteFile(dir / "in/b.txt", "{\"id\": 3, \"name\": \"skipped by the regex\"}\n");
  // A single file as the path.
  {
    OperatorTestHarness h(
        MakeSource(dir / "in/a.json", "id BIGINT, name STRING", {{"format", "json"}}), At(0, 1));
    FS_ASSERT_OK(h.Open());
    ASSERT_EQ(*h.PollUntilBlocked(), SourcePoll::kEndOfInput);
    EXPECT_EQ(h.OutputText(), (std::vector<std::string>{"+I[1, x]", "+I[2, null]"}));
  }
  {
    OperatorTestHarness h(
        MakeSource(dir / "in", "id BIGINT, name STRING",
                   {{"format", "json"}, {"source.path.regex-pattern", ".*\\.json"}}),
        At(0, 1));
    FS_ASSERT_OK(h.Open());
    ASSERT_EQ(*h.PollUntilBlocked(), SourcePoll::kEndOfInput);
    EXPECT_EQ(h.OutputText(), (std::vector<std::string>{"+I[1, x]", "+I[2, null]"}));
  }
}

TEST(FileSourceOperatorTest, EmitsBatchesOfAtMostBatchSizeRows) {
  ScratchDir dir;
  WriteFile(dir / "a.csv", "1\n2\n3\n4\n5\n");
  OperatorTestHarness h(MakeSource(dir.path(), "a INT", {}, {}, /*batch_size=*/2), At(0, 1));
  FS_ASSERT_OK(h.Open());
  ASSERT_EQ(*h.PollUntilBlocked(), SourcePoll::kEndOfInput);
  std::vector<int64_t> sizes;
  for (const auto& b : h.Output()) sizes.push_back(b->num_rows());
  EXPECT_EQ(sizes, (std::vector<int64_t>{2, 2, 1}));
}

TEST(FileSourceOperatorTest, RestoreContinuesExactlyAfterTheSnapshot) {
  ScratchDir dir;
  WriteFile(dir / "a.csv", "1\n2\n3\n4\n5\n");
  WriteFile(dir / "b.csv", "6\n7\n");
  HarnessSnapshot snap;
  std::vector<std::string> before;
  {
    OperatorTestHarness h(MakeSource(dir.path(), "a INT", {}, {}, 2), At(0, 1));
    FS_ASSERT_OK(h.Open());
    ASSERT_EQ(*h.PollNext(), SourcePoll::kMoreAvailable);  // 1, 2
    ASSERT_EQ(*h.PollNext(), SourcePoll::kMoreAvailable);  // 3, 4
    auto s = h.Snapshot(runtime::CheckpointId(1));
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    snap = *s;
    before = h.OutputText();
    ASSERT_EQ(*h.PollNext(), SourcePoll::kMoreAvailable);  // 5: lost with the failure
  }
  OperatorTestHarness h(MakeSource(dir.path(), "a INT", {}, {}, 2), At(0, 1));
  FS_ASSERT_OK(h.Restore(snap));
  FS_ASSERT_OK(h.Open());
  ASSERT_EQ(*h.PollUntilBlocked(), SourcePoll::kEndOfInput);
  EXPECT_EQ(before, (std::vector<std::string>{"+I[1]", "+I[2]", "+I[3]", "+I[4]"}));
  EXPECT_EQ(h.OutputText(), (std::vector<std::string>{"+I[5]", "+I[6]", "+I[7]"}));

  // A snapshot after the end restores to nothing left.
  auto end_snap = h.Snapshot(runtime::CheckpointId(2));
  ASSERT_TRUE(end_snap.ok());
  OperatorTestHarness again(MakeSource(dir.path(), "a INT", {}, {}, 2), At(0, 1));
  FS_ASSERT_OK(again.Restore(*end_snap));
  FS_ASSERT_OK(again.Open());
  ASSERT_EQ(*again.PollUntilBlocked(), SourcePoll::kEndOfInput);
  EXPECT_TRUE(again.OutputText().empty());
}

TEST(FileSourceOperatorTest, SubtasksSplitTheFilesWithoutOverlap) {
  ScratchDir dir;
  std::vector<std::string> expected;
  for (int f = 0; f < 8; ++f) {
    WriteFile(dir / ("f" + std::to_string(f) + ".csv"),
              std::to_string(f * 10) + "\n" + std::to_string(f * 10 + 1) + "\n");
    expected.push_back("+I[" + std::to_string(f * 10) + "]");
    expected.push_back("+I[" + std::to_string(f * 10 + 1) + "]");
  }
  std::vector<std::string> all;
  for (int s = 0; s < 3; ++s) {
    OperatorTestHarness h(MakeSource(dir.path(), "a INT", {}), At(s, 3));
    FS_ASSERT_OK(h.Open());
    ASSERT_EQ(*h.PollUntilBlocked(), SourcePoll::kEndOfInput);
    for (const std::string& row : h.OutputText()) all.push_back(row);
  }
  EXPECT_EQ(Sorted(all), Sorted(expected));
}

TEST(FileSourceOperatorTest, RestoreAtAnotherParallelismReadsEveryRowOnce) {
  ScratchDir dir;
  std::vector<std::string> expected;
  for (int f = 0; f < 6; ++f) {
    std::string text;
    for (int r = 0; r < 3; ++r) {
      text += std::to_string(f * 10 + r) + "\n";
      expected.push_back("+I[" + std::to_string(f * 10 + r) + "]");
    }
    WriteFile(dir / ("f" + std::to_string(f) + ".csv"), text);
  }
  std::vector<std::string> all;
  std::vector<HarnessSnapshot> old;
  for (int s = 0; s < 2; ++s) {
    OperatorTestHarness h(MakeSource(dir.path(), "a INT", {}, {}, /*batch_size=*/2), At(s, 2));
    FS_ASSERT_OK(h.Open());
    for (int i = 0; i < 3; ++i) ASSERT_TRUE(h.PollNext().ok());
    auto snap = h.Snapshot(runtime::CheckpointId(1));
    ASSERT_TRUE(snap.ok());
    old.push_back(*snap);
    for (const std::string& row : h.OutputText()) all.push_back(row);
  }
  for (int s = 0; s < 3; ++s) {
    auto snap = OperatorTestHarness::Repartition(old, 128, 3, s);
    ASSERT_TRUE(snap.ok()) << snap.status().ToString();
    OperatorTestHarness h(MakeSource(dir.path(), "a INT", {}, {}, 2), At(s, 3));
    FS_ASSERT_OK(h.Restore(*snap));
    FS_ASSERT_OK(h.Open());
    ASSERT_EQ(*h.PollUntilBlocked(), SourcePoll::kEndOfInput);
    for (const std::string& row : h.OutputText()) all.push_back(row);
  }
  EXPECT_EQ(Sorted(all), Sorted(expected));
}

TEST(FileSourceOperatorTest, MonitoringPicksUpNewFilesAndNeverEnds) {
  ScratchDir dir;
  WriteFile(dir / "a.csv", "1\n");
  HarnessSnapshot snap;
  {
    OperatorTestHarness h(MakeSource(dir.path(), "a INT", {{"source.monitor-interval", "10 s"}}),
                          At(0, 1));
    FS_ASSERT_OK(h.Open());
    ASSERT_EQ(*h.PollUntilBlocked(), SourcePoll::kNothingAvailable);
    EXPECT_EQ(h.OutputText(), (std::vector<std::string>{"+I[1]"}));
    WriteFile(dir / "sub/b.csv", "2\n");
    WriteFile(dir / ".c.csv.inprogress", "3\n");
    // Not yet due: nothing new, no wake.
    FS_ASSERT_OK(h.SetProcessingTime(5000));
    EXPECT_EQ(h.wake_count(), 0);
    ASSERT_EQ(*h.PollUntilBlocked(), SourcePoll::kNothingAvailable);
    EXPECT_EQ(h.OutputText().size(), 1u);
    // The timer wakes the task; the next poll scans.
    FS_ASSERT_OK(h.SetProcessingTime(10000));
    EXPECT_EQ(h.wake_count(), 1);
    ASSERT_EQ(*h.PollUntilBlocked(), SourcePoll::kNothingAvailable);
    EXPECT_EQ(h.OutputText(), (std::vector<std::string>{"+I[1]", "+I[2]"}));
    auto s = h.Snapshot(runtime::CheckpointId(1));
    ASSERT_TRUE(s.ok());
    snap = *s;
  }
  // Restored: the files already read are remembered, only the new one is read.
  WriteFile(dir / "c.csv", "4\n");
  OperatorTestHarness h(MakeSource(dir.path(), "a INT", {{"source.monitor-interval", "10 s"}}),
                        At(0, 1));
  FS_ASSERT_OK(h.Restore(snap));
  FS_ASSERT_OK(h.Open());
  ASSERT_EQ(*h.PollUntilBlocked(), SourcePoll::kNothingAvailable);
  EXPECT_EQ(h.OutputText(), (std::vector<std::string>{"+I[4]"}));
  FS_ASSERT_OK(h.Close());
}

TEST(FileSourceOperatorTest, BadRecordNamesFileAndLine) {
  ScratchDir dir;
  WriteFile(dir / "bad.csv", "1,x\nnot-a-number,y\n");
  OperatorTestHarness h(MakeSource(dir.path(), "a INT, b STRING", {}), At(0, 1));
  FS_ASSERT_OK(h.Open());
  auto poll = h.PollUntilBlocked();
  ASSERT_FALSE(poll.ok());
  EXPECT_THAT(poll.status().ToString(), HasSubstr(dir / "bad.csv:2"));
  EXPECT_THAT(poll.status().ToString(), HasSubstr("not-a-number"));
}

TEST(FileSourceOperatorTest, IgnoreParseErrorsCountsBadRecords) {
  ScratchDir dir;
  WriteFile(dir / "bad.json", "{\"a\": 1}\n{broken\n{\"a\": 3}\n");
  auto op =
      MakeSource(dir.path(), "a INT", {{"format", "json"}, {"json.ignore-parse-errors", "true"}});
  FileSourceOperator* source = op.get();
  OperatorTestHarness h(std::move(op), At(0, 1));
  FS_ASSERT_OK(h.Open());
  ASSERT_EQ(*h.PollUntilBlocked(), SourcePoll::kEndOfInput);
  EXPECT_EQ(h.OutputText(), (std::vector<std::string>{"+I[1]", "+I[3]"}));
  EXPECT_EQ(source->skipped_records(), 1);
}

TEST(FileSourceOperatorTest, MissingPathFailsWhenBounded) {
  ScratchDir dir;
  OperatorTestHarness h(MakeSource(dir / "nope", "a INT", {}), At(0, 1));
  const Status st = h.Open();
  ASSERT_FALSE(st.ok());
  EXPECT_THAT(st.ToString(), HasSubstr("does not exist"));
}

TEST(FileSourceOperatorTest, BadPartitionValueIsAnError) {
  ScratchDir dir;
  WriteFile(dir / "h=abc/a.csv", "1\n");
  OperatorTestHarness h(MakeSource(dir.path(), "a INT, h INT", {}, {"h"}), At(0, 1));
  FS_ASSERT_OK(h.Open());
  auto poll = h.PollUntilBlocked();
  ASSERT_FALSE(poll.ok());
  EXPECT_THAT(poll.status().ToString(), HasSubstr("Invalid partition value for column h"));
}

}  // namespace
}  // namespace weir::connectors
