// Tests for FileSinkOperator through OperatorTestHarness: visibility only after checkpoint
// completion, rolling by size and time, restore without duplicates or partial files,
// partition directories with success files, and commit at Finish without checkpoints.
#include "weir/connectors/filesystem/file_sink_operator.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "weir/connectors/filesystem/file_source_operator.h"
#include "weir/connectors/filesystem/filesystem_test_util.h"
#include "weir/runtime/testkit/operator_test_harness.h"

namespace weir::connectors {
namespace {

using fs_test::ListFiles;
using fs_test::ReadFile;
using fs_test::ScratchDir;
using fs_test::VisibleLines;
using runtime::CheckpointId;
using runtime::testkit::HarnessOptions;
using runtime::testkit::HarnessSnapshot;
using runtime::testkit::OperatorTestHarness;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;

constexpr char kUuid[] = "00000000-1111-2222-3333-444444444444";

HarnessOptions At(int32_t subtask, int32_t parallelism) {
  HarnessOptions o;
  o.operator_uid = "fs-sink";
  o.subtask_index = subtask;
  o.parallelism = parallelism;
  return o;
}

std::unique_ptr<FileSinkOperator> MakeSink(const std::string& path, std::string_view schema,
                                           formats::FormatOptions options,
                                           std::vector<std::string> partition_keys = {},
                                           FileSinkConfig config = {}) {
  options.emplace("path", path);
  options.emplace("format", "csv");
  auto s = Schema::Parse(schema);
  EXPECT_TRUE(s.ok());
  auto o = FileSystemOptions::Parse(options, *s, std::move(partition_keys));
  EXPECT_TRUE(o.ok()) << o.status().ToString();
  return std::make_unique<FileSinkOperator>(*s, std::move(*o), std::move(config));
}

FileSinkConfig WithUuid() {
  FileSinkConfig c;
  c.uuid = kUuid;
  return c;
}

// Ends the input, then takes checkpoint `id` and completes it: the sink commits what it wrote.
Status EndAndCommit(OperatorTestHarness& h, int64_t id) {
  WEIR_RETURN_NOT_OK(h.EndInput(0));
  WEIR_RETURN_NOT_OK(h.Snapshot(CheckpointId(id)).status());
  return h.NotifyCheckpointComplete(CheckpointId(id));
}

TEST(FileSinkOperatorTest, NothingIsVisibleBeforeCheckpointCompletion) {
  ScratchDir dir;
  OperatorTestHarness h(MakeSink(dir.path(), "a INT, b STRING", {}, {}, WithUuid()), At(0, 1));
  FS_ASSERT_OK(h.Open());
  FS_ASSERT_OK(h.Process("a INT, b STRING\n+I 1 x\n+I 2 'y z'"));
  EXPECT_TRUE(ListFiles(dir.path(), false).empty());
  // One hidden in-progress file, named as Flink names it.
  auto hidden = ListFiles(dir.path(), true);
  ASSERT_EQ(hidden.size(), 1u);
  EXPECT_THAT(hidden[0],
              MatchesRegex(std::string("\\.part-") + kUuid + "-0-0\\.inprogress\\.[0-9a-f-]+"));
  // Row formats do not roll at a checkpoint: the file stays in progress.
  ASSERT_TRUE(h.Snapshot(CheckpointId(1)).ok());
  FS_ASSERT_OK(h.NotifyCheckpointComplete(CheckpointId(1)));
  EXPECT_TRUE(ListFiles(dir.path(), false).empty());
  // End of input rolls it; the final checkpoint commits it.
  FS_ASSERT_OK(h.EndInput(0));
  FS_ASSERT_OK(h.Finish());
  ASSERT_TRUE(h.Snapshot(CheckpointId(2)).ok());
  EXPECT_TRUE(ListFiles(dir.path(), false).empty());
  FS_ASSERT_OK(h.NotifyCheckpointComplete(CheckpointId(2)));
  EXPECT_EQ(ListFiles(dir.path(), true),
            (std::vector<std::string>{std::string("part-") + kUuid + "-0-0"}));
  EXPECT_EQ(ReadFile(dir / (std::string("part-") + kUuid + "-0-0")), "1,x\n2,\"y z\"\n");
  // A repeated notification is harmless.
  FS_ASSERT_OK(h.NotifyCheckpointComplete(CheckpointId(2)));
  FS_ASSERT_OK(h.Close());
}

TEST(FileSinkOperatorTest, RollsBySizeAndCommitsOnlyCompletedCheckpoints) {
  ScratchDir dir;
  auto op = MakeSink(dir.path(), "a INT, b STRING", {{"sink.rolling-policy.file-size", "8b"}});
  FileSinkOperator* sink = op.get();
  OperatorTestHarness h(std::move(op), At(0, 1));
  FS_ASSERT_OK(h.Open());
  FS_ASSERT_OK(h.Process("a INT, b STRING\n+I 1 aaaa\n+I 2 bbbb"));  // 14 bytes: over the size
  FS_ASSERT_OK(h.Process("a INT, b STRING\n+I 3 cccc"));             // rolls first
  FS_ASSERT_OK(h.Process("a INT, b STRING\n+I 4 d"));  // 7 bytes so far: no roll, 11 after
  EXPECT_EQ(sink->num_pending(), 1);
  EXPECT_EQ(sink->num_in_progress(), 1);
  ASSERT_TRUE(h.Snapshot(CheckpointId(1)).ok());  // over the size: rolled at the checkpoint
  EXPECT_EQ(sink->num_pending(), 2);
  EXPECT_EQ(sink->num_in_progress(), 0);
  FS_ASSERT_OK(h.Process("a INT, b STRING\n+I 5 e"));
  ASSERT_TRUE(h.Snapshot(CheckpointId(2)).ok());  // "5,e" is under the size: stays open
  EXPECT_EQ(sink->num_in_progress(), 1);
  EXPECT_TRUE(ListFiles(dir.path(), false).empty());
  FS_ASSERT_OK(h.NotifyCheckpointComplete(CheckpointId(1)));
  EXPECT_EQ(VisibleLines(dir.path()),
            (std::vector<std::string>{"1,aaaa", "2,bbbb", "3,cccc", "4,d"}));
  FS_ASSERT_OK(h.NotifyCheckpointComplete(CheckpointId(2)));
  EXPECT_EQ(VisibleLines(dir.path()).size(), 4u);
  FS_ASSERT_OK(h.EndInput(0));
  ASSERT_TRUE(h.Snapshot(CheckpointId(3)).ok());
  EXPECT_EQ(VisibleLines(dir.path()).size(), 4u);
  FS_ASSERT_OK(h.NotifyCheckpointComplete(CheckpointId(3)));
  EXPECT_EQ(VisibleLines(dir.path()),
            (std::vector<std::string>{"1,aaaa", "2,bbbb", "3,cccc", "4,d", "5,e"}));
  EXPECT_EQ(ListFiles(dir.path(), false).size(), 3u);
  EXPECT_EQ(sink->files_committed(), 3);
  FS_ASSERT_OK(h.Close());
}

TEST(FileSinkOperatorTest, RollsByRolloverAndInactivityTime) {
  ScratchDir dir;
  auto op = MakeSink(dir.path(), "a INT",
                     {{"sink.rolling-policy.rollover-interval", "10 min"},
                      {"sink.rolling-policy.inactivity-interval", "3 min"},
                      {"sink.rolling-policy.check-interval", "1 min"}});
  FileSinkOperator* sink = op.get();
  OperatorTestHarness h(std::move(op), At(0, 1));
  FS_ASSERT_OK(h.Open());
  FS_ASSERT_OK(h.Process("a INT\n+I 1"));
  FS_ASSERT_OK(h.SetProcessingTime(2 * 60 * 1000));
  FS_ASSERT_OK(h.Process("a INT\n+I 2"));
  FS_ASSERT_OK(h.SetProcessingTime(4 * 60 * 1000));
  EXPECT_EQ(sink->num_pending(), 0);  // written 2 minutes ago: still active
  FS_ASSERT_OK(h.SetProcessingTime(5 * 60 * 1000));
  EXPECT_EQ(sink->num_pending(), 1);  // idle for 3 minutes
  FS_ASSERT_OK(h.Process("a INT\n+I 3"));
  for (int m = 6; m < 15; ++m) FS_ASSERT_OK(h.Process("a INT\n+I 4"));
  FS_ASSERT_OK(h.SetProcessingTime(15 * 60 * 1000));
  EXPECT_EQ(sink->num_pending(), 2);  // opened at minute 5: over the rollover interval
  ASSERT_TRUE(h.Snapshot(CheckpointId(1)).ok());
  FS_ASSERT_OK(h.NotifyCheckpointComplete(CheckpointId(1)));
  EXPECT_EQ(ListFiles(dir.path(), false).size(), 2u);
  EXPECT_EQ(VisibleLines(dir.path()).size(), 12u);
  FS_ASSERT_OK(h.Close());
}

TEST(FileSinkOperatorTest, RestoreAfterFailureLeavesNoDuplicatesOrPartialFiles) {
  ScratchDir dir;
  HarnessSnapshot snap;
  {
    OperatorTestHarness h(MakeSink(dir.path(), "a INT", {{"sink.rolling-policy.file-size", "4b"}}),
                          At(0, 1));
    FS_ASSERT_OK(h.Open());
    FS_ASSERT_OK(h.Process("a INT\n+I 1\n+I 2\n+I 3"));  // over the size
    FS_ASSERT_OK(h.Process("a INT\n+I 4"));              // rolls the first: pending
    auto s = h.Snapshot(CheckpointId(1));                // "4" in progress, 2 bytes
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    snap = *s;
    // After the checkpoint: more rows in the same in-progress file and a new one; then the
    // task fails before checkpoint 1 is confirmed.
    FS_ASSERT_OK(h.Process("a INT\n+I 5\n+I 6"));
    FS_ASSERT_OK(h.Process("a INT\n+I 7"));
    EXPECT_TRUE(ListFiles(dir.path(), false).empty());
  }
  std::vector<std::string> expected_after_restore = {"1", "2", "3", "4"};
  OperatorTestHarness h(MakeSink(dir.path(), "a INT", {{"sink.rolling-policy.file-size", "4b"}}),
                        At(0, 1));
  FS_ASSERT_OK(h.Restore(snap));
  FS_ASSERT_OK(h.Open());
  // The restored checkpoint's data is committed (the in-progress file truncated to "4\n");
  // what came after it is gone, and no hidden file is left.
  EXPECT_EQ(VisibleLines(dir.path()), expected_after_restore);
  EXPECT_EQ(ListFiles(dir.path(), true).size(), 2u);
  // The replayed input goes to new files with new part numbers.
  FS_ASSERT_OK(h.Process("a INT\n+I 5\n+I 6"));
  FS_ASSERT_OK(h.Process("a INT\n+I 7"));
  FS_ASSERT_OK(h.EndInput(0));
  FS_ASSERT_OK(h.Finish());
  ASSERT_TRUE(h.Snapshot(CheckpointId(2)).ok());
  FS_ASSERT_OK(h.NotifyCheckpointComplete(CheckpointId(2)));
  EXPECT_EQ(VisibleLines(dir.path()),
            (std::vector<std::string>{"1", "2", "3", "4", "5", "6", "7"}));
  for (const std::string& f : ListFiles(dir.path(), true)) EXPECT_THAT(f, MatchesRegex("part-.*"));

  // Restoring the same snapshot again (a second failure) changes nothing: commits are
  // idempotent and the later files are kept.
  OperatorTestHarness again(
      MakeSink(dir.path(), "a INT", {{"sink.rolling-policy.file-size", "4b"}}), At(0, 1));
  FS_ASSERT_OK(again.Restore(snap));
  FS_ASSERT_OK(again.Open());
  EXPECT_EQ(VisibleLines(dir.path()),
            (std::vector<std::string>{"1", "2", "3", "4", "5", "6", "7"}));
  // Its new files take numbers after the existing ones: nothing committed is overwritten.
  FS_ASSERT_OK(again.Process("a INT\n+I 8"));
  FS_ASSERT_OK(EndAndCommit(again, 2));
  EXPECT_EQ(VisibleLines(dir.path()),
            (std::vector<std::string>{"1", "2", "3", "4", "5", "6", "7", "8"}));
}

TEST(FileSinkOperatorTest, WritesPartitionDirectoriesWithSuccessFiles) {
  ScratchDir dir;
  auto op =
      MakeSink(dir.path(), "a INT, dt STRING, b STRING, h INT",
               {{"sink.partition-commit.policy.kind", "success-file"}}, {"dt", "h"}, WithUuid());
  FileSinkOperator* sink = op.get();
  OperatorTestHarness h(std::move(op), At(0, 1));
  FS_ASSERT_OK(h.Open());
  FS_ASSERT_OK(
      h.Process("a INT, dt STRING, b STRING, h INT\n"
                "+I 1 2020-01-01 x 1\n+I 2 2020-01-02 y 1\n+I 3 2020-01-01 z 1\n+I 4 null w null\n"
                "+I 5 a/b v 2"));
  FS_ASSERT_OK(h.EndInput(0));
  ASSERT_TRUE(h.Snapshot(CheckpointId(1)).ok());
  EXPECT_TRUE(ListFiles(dir.path(), false).empty());
  FS_ASSERT_OK(h.NotifyCheckpointComplete(CheckpointId(1)));
  const std::string part = std::string("part-") + kUuid + "-0-";
  EXPECT_EQ(
      ListFiles(dir.path(), true),
      (std::vector<std::string>{"dt=2020-01-01/h=1/_SUCCESS", "dt=2020-01-01/h=1/" + part + "0",
                                "dt=2020-01-02/h=1/_SUCCESS", "dt=2020-01-02/h=1/" + part + "1",
                                "dt=__DEFAULT_PARTITION__/h=__DEFAULT_PARTITION__/_SUCCESS",
                                "dt=__DEFAULT_PARTITION__/h=__DEFAULT_PARTITION__/" + part + "2",
                                "dt=a%2Fb/h=2/_SUCCESS", "dt=a%2Fb/h=2/" + part + "3"}));
  // Partition columns are not written into the files.
  EXPECT_EQ(ReadFile(dir / ("dt=2020-01-01/h=1/" + part + "0")), "1,x\n3,z\n");
  EXPECT_EQ(sink->success_files_written(), 4);

  // The source reads the layout back with the partition values.
  auto s = Schema::Parse("a INT, dt STRING, b STRING, h INT");
  auto o = FileSystemOptions::Parse({{"path", dir.path()}, {"format", "csv"}}, *s, {"dt", "h"});
  ASSERT_TRUE(o.ok());
  OperatorTestHarness src(std::make_unique<FileSourceOperator>(*s, std::move(*o)), At(0, 1));
  FS_ASSERT_OK(src.Open());
  ASSERT_TRUE(src.PollUntilBlocked().ok());
  EXPECT_EQ(src.OutputText(),
            (std::vector<std::string>{"+I[1, 2020-01-01, x, 1]", "+I[3, 2020-01-01, z, 1]",
                                      "+I[2, 2020-01-02, y, 1]", "+I[4, null, w, null]",
                                      "+I[5, a/b, v, 2]"}));
}

// Consecutive rows share a bucket only when every partition value matches.
TEST(FileSinkOperatorTest, RunsOfEqualPartitionValuesSplitOnAnyColumn) {
  ScratchDir dir;
  auto op = MakeSink(dir.path(), "a INT, dt STRING, h INT", {}, {"dt", "h"}, WithUuid());
  OperatorTestHarness h(std::move(op), At(0, 1));
  FS_ASSERT_OK(h.Open());
  FS_ASSERT_OK(
      h.Process("a INT, dt STRING, h INT\n"
                "+I 1 x 1\n+I 2 x 2\n+I 3 x 2\n+I 4 null null\n+I 5 null null\n+I 6 null 2\n"
                "+I 7 x 1"));
  FS_ASSERT_OK(EndAndCommit(h, 1));
  const std::string part = std::string("part-") + kUuid + "-0-";
  EXPECT_EQ(
      ListFiles(dir.path(), true),
      (std::vector<std::string>{"dt=__DEFAULT_PARTITION__/h=2/" + part + "0",
                                "dt=__DEFAULT_PARTITION__/h=__DEFAULT_PARTITION__/" + part + "1",
                                "dt=x/h=1/" + part + "2", "dt=x/h=2/" + part + "3"}));
  EXPECT_EQ(ReadFile(dir / ("dt=x/h=1/" + part + "2")), "1\n7\n");
  EXPECT_EQ(ReadFile(dir / ("dt=x/h=2/" + part + "3")), "2\n3\n");
  EXPECT_EQ(ReadFile(dir / ("dt=__DEFAULT_PARTITION__/h=__DEFAULT_PARTITION__/" + part + "1")),
            "4\n5\n");
  EXPECT_EQ(ReadFile(dir / ("dt=__DEFAULT_PARTITION__/h=2/" + part + "0")), "6\n");
}

TEST(FileSinkOperatorTest, SuccessFileWaitsForTheCommitDelay) {
  ScratchDir dir;
  auto op = MakeSink(dir.path(), "a INT, dt STRING",
                     {{"sink.partition-commit.policy.kind", "success-file"},
                      {"sink.partition-commit.delay", "1 h"},
                      {"sink.partition-commit.success-file.name", "_DONE"}},
                     {"dt"});
  OperatorTestHarness h(std::move(op), At(0, 1));
  FS_ASSERT_OK(h.Open());
  FS_ASSERT_OK(h.Process("a INT, dt STRING\n+I 1 d1"));
  FS_ASSERT_OK(EndAndCommit(h, 1));
  EXPECT_EQ(ListFiles(dir.path(), false).size(), 1u);
  EXPECT_FALSE(std::filesystem::exists(dir / "d1/_DONE"));
  EXPECT_FALSE(std::filesystem::exists(dir / "dt=d1/_DONE"));
  // The waiting partition survives a restore and is committed once the delay has passed.
  auto snap = h.Snapshot(CheckpointId(2));
  ASSERT_TRUE(snap.ok());
  FS_ASSERT_OK(h.Close());
  HarnessOptions later = At(0, 1);
  later.start_processing_time_ms = 30 * 60 * 1000;
  OperatorTestHarness r(MakeSink(dir.path(), "a INT, dt STRING",
                                 {{"sink.partition-commit.policy.kind", "success-file"},
                                  {"sink.partition-commit.delay", "1 h"},
                                  {"sink.partition-commit.success-file.name", "_DONE"}},
                                 {"dt"}),
                        later);
  FS_ASSERT_OK(r.Restore(*snap));
  FS_ASSERT_OK(r.Open());
  ASSERT_TRUE(r.Snapshot(CheckpointId(3)).ok());
  FS_ASSERT_OK(r.NotifyCheckpointComplete(CheckpointId(3)));
  EXPECT_FALSE(std::filesystem::exists(dir / "dt=d1/_DONE"));
  // Exactly first seen + delay is not yet later than it.
  FS_ASSERT_OK(r.SetProcessingTime(60 * 60 * 1000));
  ASSERT_TRUE(r.Snapshot(CheckpointId(4)).ok());
  FS_ASSERT_OK(r.NotifyCheckpointComplete(CheckpointId(4)));
  EXPECT_FALSE(std::filesystem::exists(dir / "dt=d1/_DONE"));
  FS_ASSERT_OK(r.SetProcessingTime(60 * 60 * 1000 + 1));
  ASSERT_TRUE(r.Snapshot(CheckpointId(5)).ok());
  FS_ASSERT_OK(r.NotifyCheckpointComplete(CheckpointId(5)));
  EXPECT_TRUE(std::filesystem::exists(dir / "dt=d1/_DONE"));
}

TEST(FileSinkOperatorTest, FinishCommitsWithoutCheckpointsInBatchMode) {
  ScratchDir dir;
  FileSinkConfig config;
  config.commit_on_finish = true;
  OperatorTestHarness h(MakeSink(dir.path(), "a INT, dt STRING",
                                 {{"format", "json"},
                                  {"sink.partition-commit.policy.kind", "success-file"},
                                  {"sink.partition-commit.delay", "1 d"}},
                                 {"dt"}, config),
                        At(0, 1));
  FS_ASSERT_OK(h.Open());
  FS_ASSERT_OK(h.Process("a INT, dt STRING\n+I 1 x\n+I 2 y"));
  EXPECT_TRUE(ListFiles(dir.path(), false).empty());
  FS_ASSERT_OK(h.EndInput(0));
  FS_ASSERT_OK(h.Finish());
  EXPECT_EQ(VisibleLines(dir.path()), (std::vector<std::string>{"{\"a\":1}", "{\"a\":2}"}));
  EXPECT_TRUE(std::filesystem::exists(dir / "dt=x/_SUCCESS"));
  EXPECT_TRUE(std::filesystem::exists(dir / "dt=y/_SUCCESS"));
}

TEST(FileSinkOperatorTest, SubtasksWriteTheirOwnFilesAndRestoreOnlyTheirOwnStrays) {
  ScratchDir dir;
  HarnessSnapshot snap1;
  OperatorTestHarness s0(MakeSink(dir.path(), "a INT", {}, {}, WithUuid()), At(0, 2));
  OperatorTestHarness s1(MakeSink(dir.path(), "a INT", {}, {}, WithUuid()), At(1, 2));
  FS_ASSERT_OK(s0.Open());
  FS_ASSERT_OK(s1.Open());
  FS_ASSERT_OK(s0.Process("a INT\n+I 1"));
  FS_ASSERT_OK(s1.Process("a INT\n+I 2"));
  ASSERT_TRUE(s1.Snapshot(CheckpointId(1)).ok());
  auto snap0 = s0.Snapshot(CheckpointId(1));
  ASSERT_TRUE(snap0.ok());
  FS_ASSERT_OK(s1.Process("a INT\n+I 3"));
  // Subtask 0 fails and restores; subtask 1's in-progress file is not touched.
  FS_ASSERT_OK(s0.Close());
  OperatorTestHarness r0(MakeSink(dir.path(), "a INT", {}, {}, WithUuid()), At(0, 2));
  FS_ASSERT_OK(r0.Restore(*snap0));
  FS_ASSERT_OK(r0.Open());
  EXPECT_EQ(VisibleLines(dir.path()), (std::vector<std::string>{"1"}));
  FS_ASSERT_OK(EndAndCommit(s1, 2));
  EXPECT_EQ(VisibleLines(dir.path()), (std::vector<std::string>{"1", "2", "3"}));
  EXPECT_EQ(ListFiles(dir.path(), true),
            (std::vector<std::string>{std::string("part-") + kUuid + "-0-0",
                                      std::string("part-") + kUuid + "-1-0"}));
}

TEST(FileSinkOperatorTest, RejectsRetractions) {
  ScratchDir dir;
  OperatorTestHarness h(MakeSink(dir.path(), "a INT", {}), At(0, 1));
  FS_ASSERT_OK(h.Open());
  const Status st = h.Process("a INT\n+I 1\n-D 1");
  ASSERT_FALSE(st.ok());
  EXPECT_THAT(st.ToString(), HasSubstr("accepts only INSERT rows"));
}

}  // namespace
}  // namespace weir::connectors
