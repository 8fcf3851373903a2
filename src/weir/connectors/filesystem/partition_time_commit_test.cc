// Tests for FileSinkOperator's partition-time commit trigger: success files when the watermark
// of a completed checkpoint passes partition time + delay, only after the files are
// committed, waiting partitions across a restore, time zones, and end of input.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "weir/connectors/filesystem/file_sink_operator.h"
#include "weir/connectors/filesystem/filesystem_test_util.h"
#include "weir/runtime/testkit/operator_test_harness.h"

namespace weir::connectors {
namespace {

using fs_test::ListFiles;
using fs_test::ScratchDir;
using fs_test::VisibleLines;
using runtime::CheckpointId;
using runtime::testkit::HarnessOptions;
using runtime::testkit::OperatorTestHarness;
using ::testing::HasSubstr;

constexpr int64_t kMinute = 60'000;
constexpr int64_t kHour = 60 * kMinute;
// 2026-11-22T10:05:00Z and 10:06:00Z in ms since the epoch.
constexpr int64_t k1005 = int64_t{20779} * 24 * kHour + 10 * kHour + 5 * kMinute;
constexpr int64_t k1006 = k1005 + kMinute;
constexpr char kSchema[] = "a INT, dt STRING, hm STRING";

// Nexmark q10's sink options.
formats::FormatOptions Q10Options() {
  return {{"sink.partition-commit.trigger", "partition-time"},
          {"sink.partition-commit.delay", "1 min"},
          {"sink.partition-commit.policy.kind", "success-file"},
          {"partition.time-extractor.timestamp-pattern", "$dt $hm:00"},
          {"sink.rolling-policy.rollover-interval", "1min"},
          {"sink.rolling-policy.check-interval", "1min"}};
}

std::unique_ptr<FileSinkOperator> MakeSink(const std::string& path,
                                           formats::FormatOptions options = Q10Options(),
                                           FileSinkConfig config = {}) {
  options.emplace("path", path);
  options.emplace("format", "csv");
  auto s = Schema::Parse(kSchema);
  EXPECT_TRUE(s.ok());
  auto o = FileSystemOptions::Parse(options, *s, {"dt", "hm"});
  EXPECT_TRUE(o.ok()) << o.status().ToString();
  return std::make_unique<FileSinkOperator>(*s, std::move(*o), std::move(config));
}

HarnessOptions Solo() {
  HarnessOptions o;
  o.operator_uid = "fs-sink";
  return o;
}

bool Committed(const ScratchDir& dir, const std::string& hm) {
  return std::filesystem::exists(dir / ("dt=2026-11-22/hm=" + hm + "/_SUCCESS"));
}

TEST(PartitionTimeCommitTest, CommitsWhenTheWatermarkPassesPartitionTimePlusDelay) {
  ScratchDir dir;
  auto op = MakeSink(dir.path());
  FileSinkOperator* sink = op.get();
  OperatorTestHarness h(std::move(op), Solo());
  FS_ASSERT_OK(h.Open());
  FS_ASSERT_OK(h.Process(std::string(kSchema) +
                         "\n+I 1 2026-11-22 10:05\n+I 2 2026-11-22 10:06\n+I 3 2026-11-22 10:05"));
  // Exactly partition time + delay is not yet later than it.
  FS_ASSERT_OK(h.Watermark(0, k1005 + kMinute));
  ASSERT_TRUE(h.Snapshot(CheckpointId(1)).ok());
  FS_ASSERT_OK(h.NotifyCheckpointComplete(CheckpointId(1)));
  EXPECT_FALSE(Committed(dir, "10%3A05"));
  EXPECT_EQ(sink->num_waiting_partitions(), 2);
  // The watermark a checkpoint recorded decides, not the one at its completion.
  FS_ASSERT_OK(h.Watermark(0, k1005 + kMinute + 1));
  EXPECT_FALSE(Committed(dir, "10%3A05"));
  ASSERT_TRUE(h.Snapshot(CheckpointId(2)).ok());
  FS_ASSERT_OK(h.Watermark(0, k1006 + 2 * kMinute));
  FS_ASSERT_OK(h.NotifyCheckpointComplete(CheckpointId(2)));
  EXPECT_TRUE(Committed(dir, "10%3A05"));
  EXPECT_FALSE(Committed(dir, "10%3A06"));
  EXPECT_EQ(sink->num_waiting_partitions(), 1);
  ASSERT_TRUE(h.Snapshot(CheckpointId(3)).ok());
  FS_ASSERT_OK(h.NotifyCheckpointComplete(CheckpointId(3)));
  EXPECT_TRUE(Committed(dir, "10%3A06"));
  EXPECT_EQ(sink->num_waiting_partitions(), 0);
  EXPECT_EQ(sink->success_files_written(), 2);
  // Late data re-opens a committed partition: it is committed again once its files are.
  FS_ASSERT_OK(h.Process(std::string(kSchema) + "\n+I 4 2026-11-22 10:05"));
  ASSERT_TRUE(h.Snapshot(CheckpointId(4)).ok());
  EXPECT_EQ(sink->success_files_written(), 2);
  FS_ASSERT_OK(h.NotifyCheckpointComplete(CheckpointId(4)));
  EXPECT_EQ(sink->success_files_written(), 3);
  FS_ASSERT_OK(h.Close());
}

TEST(PartitionTimeCommitTest, WaitsForTheCheckpointThatCommitsTheFiles) {
  ScratchDir dir;
  OperatorTestHarness h(MakeSink(dir.path()), Solo());
  FS_ASSERT_OK(h.Open());
  FS_ASSERT_OK(h.Watermark(0, k1006 + kHour));  // far past the partition time
  FS_ASSERT_OK(h.Process(std::string(kSchema) + "\n+I 1 2026-11-22 10:05"));
  EXPECT_FALSE(Committed(dir, "10%3A05"));
  ASSERT_TRUE(h.Snapshot(CheckpointId(1)).ok());
  EXPECT_FALSE(Committed(dir, "10%3A05"));
  FS_ASSERT_OK(h.NotifyCheckpointAborted(CheckpointId(1)));
  EXPECT_FALSE(Committed(dir, "10%3A05"));
  // The file rolls at the rollover interval and is committed with the partition.
  FS_ASSERT_OK(h.SetProcessingTime(2 * kMinute));
  ASSERT_TRUE(h.Snapshot(CheckpointId(2)).ok());
  FS_ASSERT_OK(h.NotifyCheckpointComplete(CheckpointId(2)));
  EXPECT_TRUE(Committed(dir, "10%3A05"));
  EXPECT_EQ(VisibleLines(dir.path()), (std::vector<std::string>{"1"}));
  FS_ASSERT_OK(h.Close());
}

TEST(PartitionTimeCommitTest, WaitingPartitionsAndTheWatermarkSurviveARestore) {
  ScratchDir dir;
  runtime::testkit::HarnessSnapshot snap;
  {
    OperatorTestHarness h(MakeSink(dir.path()), Solo());
    FS_ASSERT_OK(h.Open());
    FS_ASSERT_OK(
        h.Process(std::string(kSchema) + "\n+I 1 2026-11-22 10:05\n+I 2 2026-11-22 10:06"));
    FS_ASSERT_OK(h.Watermark(0, k1005));
    ASSERT_TRUE(h.Snapshot(CheckpointId(1)).ok());
    FS_ASSERT_OK(h.NotifyCheckpointComplete(CheckpointId(1)));
    FS_ASSERT_OK(h.Watermark(0, k1005 + kMinute + 1));
    auto s = h.Snapshot(CheckpointId(2));  // 10:05 is due, but checkpoint 2 never completes
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    snap = *s;
    EXPECT_FALSE(Committed(dir, "10%3A05"));
  }
  auto op = MakeSink(dir.path());
  FileSinkOperator* sink = op.get();
  OperatorTestHarness r(std::move(op), Solo());
  FS_ASSERT_OK(r.Restore(snap));
  FS_ASSERT_OK(r.Open());
  EXPECT_EQ(sink->num_waiting_partitions(), 2);
  // The restored checkpoint's watermark commits 10:05 at the next completed checkpoint.
  ASSERT_TRUE(r.Snapshot(CheckpointId(3)).ok());
  FS_ASSERT_OK(r.NotifyCheckpointComplete(CheckpointId(3)));
  EXPECT_TRUE(Committed(dir, "10%3A05"));
  EXPECT_FALSE(Committed(dir, "10%3A06"));
  FS_ASSERT_OK(r.Watermark(0, k1006 + kMinute + 1));
  ASSERT_TRUE(r.Snapshot(CheckpointId(4)).ok());
  FS_ASSERT_OK(r.NotifyCheckpointComplete(CheckpointId(4)));
  EXPECT_TRUE(Committed(dir, "10%3A06"));
  EXPECT_EQ(VisibleLines(dir.path()), (std::vector<std::string>{"1", "2"}));
  FS_ASSERT_OK(r.Close());
}

TEST(PartitionTimeCommitTest, EndOfInputCommitsEveryPartition) {
  ScratchDir dir;
  OperatorTestHarness h(MakeSink(dir.path()), Solo());
  FS_ASSERT_OK(h.Open());
  FS_ASSERT_OK(h.Process(std::string(kSchema) + "\n+I 1 2026-11-22 10:05\n+I 2 2026-11-22 10:06"));
  FS_ASSERT_OK(h.Watermark(0, k1005));
  FS_ASSERT_OK(h.EndInput(0));
  FS_ASSERT_OK(h.Finish());
  ASSERT_TRUE(h.Snapshot(CheckpointId(1)).ok());
  EXPECT_FALSE(Committed(dir, "10%3A05"));
  FS_ASSERT_OK(h.NotifyCheckpointComplete(CheckpointId(1)));
  EXPECT_TRUE(Committed(dir, "10%3A05"));
  EXPECT_TRUE(Committed(dir, "10%3A06"));

  // Without checkpoints (batch) Finish commits them all.
  ScratchDir batch_dir;
  FileSinkConfig batch;
  batch.commit_on_finish = true;
  OperatorTestHarness b(MakeSink(batch_dir.path(), Q10Options(), batch), Solo());
  FS_ASSERT_OK(b.Open());
  FS_ASSERT_OK(b.Process(std::string(kSchema) + "\n+I 1 2026-11-22 10:05"));
  FS_ASSERT_OK(b.EndInput(0));
  FS_ASSERT_OK(b.Finish());
  EXPECT_TRUE(Committed(batch_dir, "10%3A05"));
}

TEST(PartitionTimeCommitTest, ReadsPartitionTimeInTheWatermarkTimeZone) {
  ScratchDir dir;
  formats::FormatOptions options = Q10Options();
  options.emplace("sink.partition-commit.watermark-time-zone", "UTC+08:00");
  OperatorTestHarness h(MakeSink(dir.path(), options), Solo());
  FS_ASSERT_OK(h.Open());
  FS_ASSERT_OK(h.Process(std::string(kSchema) + "\n+I 1 2026-11-22 10:05"));
  // 10:05 at UTC+8 is 02:05Z: due after 02:06Z.
  FS_ASSERT_OK(h.Watermark(0, k1005 - 8 * kHour + kMinute + 1));
  ASSERT_TRUE(h.Snapshot(CheckpointId(1)).ok());
  FS_ASSERT_OK(h.NotifyCheckpointComplete(CheckpointId(1)));
  EXPECT_TRUE(Committed(dir, "10%3A05"));
  FS_ASSERT_OK(h.Close());
}

TEST(PartitionTimeCommitTest, FailsOnAPartitionWithoutATime) {
  ScratchDir dir;
  OperatorTestHarness h(MakeSink(dir.path()), Solo());
  FS_ASSERT_OK(h.Open());
  FS_ASSERT_OK(h.Process(std::string(kSchema) + "\n+I 1 yesterday 10:05"));
  FS_ASSERT_OK(h.Watermark(0, k1005));
  ASSERT_TRUE(h.Snapshot(CheckpointId(1)).ok());
  const Status st = h.NotifyCheckpointComplete(CheckpointId(1));
  ASSERT_FALSE(st.ok());
  EXPECT_THAT(st.ToString(), HasSubstr("Partition time 'yesterday 10:05:00'"));
  EXPECT_THAT(st.ToString(), HasSubstr("dt=yesterday/hm=10%3A05"));
}

}  // namespace
}  // namespace weir::connectors
