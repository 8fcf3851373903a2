// Tests of TwoPhaseCommitFileSink: visibility only after commit, restore, idempotence, cleanup.
#include "weir/runtime/testkit/two_phase_commit_file_sink.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "weir/runtime/testkit/operator_test_harness.h"
#include "weir/runtime/testkit/testkit_test_util.h"

namespace weir::runtime::testkit {
namespace {

namespace fs = std::filesystem;

HarnessOptions At(int32_t subtask, int32_t parallelism, int32_t attempt = 0) {
  HarnessOptions o;
  o.operator_uid = "sink";
  o.subtask_index = subtask;
  o.parallelism = parallelism;
  o.attempt = attempt;
  return o;
}

std::vector<std::string> Committed(const std::string& dir) {
  auto lines = ReadCommittedOutput(dir);
  WEIR_CHECK_MSG(lines.ok(), lines.status().ToString());
  return *lines;
}

std::vector<std::string> FileNames(const std::string& dir) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

constexpr char kRowsA[] = "a BIGINT, b STRING\n+I 1 x\n-U 2 y";
constexpr char kRowsB[] = "a BIGINT, b STRING\n+I 3 z";

TEST(TwoPhaseCommitFileSinkTest, RowsBecomeVisibleOnlyOnCommit) {
  TempDir dir;
  OperatorTestHarness h(std::make_unique<TwoPhaseCommitFileSink>(dir.path()), At(0, 1));
  TESTKIT_ASSERT_OK(h.Open());
  TESTKIT_ASSERT_OK(h.Process(kRowsA));
  EXPECT_TRUE(Committed(dir.path()).empty());
  auto snap = h.Snapshot(CheckpointId(1));
  ASSERT_TRUE(snap.ok()) << snap.status().ToString();
  EXPECT_TRUE(Committed(dir.path()).empty());
  TESTKIT_ASSERT_OK(h.Process(kRowsB));
  TESTKIT_ASSERT_OK(h.NotifyCheckpointComplete(CheckpointId(1)));
  EXPECT_EQ(Committed(dir.path()), (std::vector<std::string>{"+I[1, x]", "-U[2, y]"}));
  EXPECT_TRUE(fs::exists(fs::path(dir.path()) / "part-0-1"));
  // Notifying again commits nothing twice.
  TESTKIT_ASSERT_OK(h.NotifyCheckpointComplete(CheckpointId(1)));
  auto* sink = static_cast<TwoPhaseCommitFileSink*>(h.op());
  EXPECT_EQ(sink->files_committed(), 1);
  // End of input and a final checkpoint commit the rest.
  TESTKIT_ASSERT_OK(h.EndInput(0));
  TESTKIT_ASSERT_OK(h.Finish());
  ASSERT_TRUE(h.Snapshot(CheckpointId(2)).ok());
  TESTKIT_ASSERT_OK(h.NotifyCheckpointComplete(CheckpointId(2)));
  EXPECT_EQ(Committed(dir.path()), (std::vector<std::string>{"+I[1, x]", "+I[3, z]", "-U[2, y]"}));
  EXPECT_EQ(FileNames(dir.path()), (std::vector<std::string>{"part-0-1", "part-0-2"}));
  TESTKIT_ASSERT_OK(h.Close());
}

TEST(TwoPhaseCommitFileSinkTest, AbortedCheckpointIsCommittedByALaterOne) {
  TempDir dir;
  OperatorTestHarness h(std::make_unique<TwoPhaseCommitFileSink>(dir.path()), At(0, 1));
  TESTKIT_ASSERT_OK(h.Open());
  TESTKIT_ASSERT_OK(h.Process(kRowsA));
  ASSERT_TRUE(h.Snapshot(CheckpointId(1)).ok());
  TESTKIT_ASSERT_OK(h.NotifyCheckpointAborted(CheckpointId(1)));
  TESTKIT_ASSERT_OK(h.Process(kRowsB));
  ASSERT_TRUE(h.Snapshot(CheckpointId(2)).ok());
  ASSERT_TRUE(h.Snapshot(CheckpointId(3)).ok());  // nothing new: no file
  EXPECT_TRUE(Committed(dir.path()).empty());
  TESTKIT_ASSERT_OK(h.NotifyCheckpointComplete(CheckpointId(3)));
  EXPECT_EQ(FileNames(dir.path()), (std::vector<std::string>{"part-0-1", "part-0-2"}));
  EXPECT_EQ(Committed(dir.path()).size(), 3u);
}

TEST(TwoPhaseCommitFileSinkTest, RestoreCommitsPendingAndDeletesStrayFiles) {
  TempDir dir;
  HarnessSnapshot snap;
  {
    OperatorTestHarness h(std::make_unique<TwoPhaseCommitFileSink>(dir.path()), At(0, 1));
    TESTKIT_ASSERT_OK(h.Open());
    TESTKIT_ASSERT_OK(h.Process(kRowsA));
    auto s = h.Snapshot(CheckpointId(1));
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    snap = *s;
    TESTKIT_ASSERT_OK(h.Process(kRowsB));  // after the checkpoint: lost with the failure
    // The task fails before the notification of checkpoint 1 arrives.
  }
  EXPECT_TRUE(Committed(dir.path()).empty());
  EXPECT_EQ(FileNames(dir.path()).size(), 2u);  // pending + in-progress
  for (int attempt = 1; attempt <= 2; ++attempt) {
    // Restoring twice from the same checkpoint is fine: the second commit is skipped.
    OperatorTestHarness h(std::make_unique<TwoPhaseCommitFileSink>(dir.path()), At(0, 1, attempt));
    TESTKIT_ASSERT_OK(h.Restore(snap));
    TESTKIT_ASSERT_OK(h.Open());
    EXPECT_EQ(Committed(dir.path()), (std::vector<std::string>{"+I[1, x]", "-U[2, y]"}));
    EXPECT_EQ(FileNames(dir.path()), (std::vector<std::string>{"part-0-1"}));
    auto* sink = static_cast<TwoPhaseCommitFileSink*>(h.op());
    EXPECT_EQ(sink->files_committed(), attempt == 1 ? 1 : 0);
    EXPECT_EQ(sink->num_pending(), 0);
  }
}

TEST(TwoPhaseCommitFileSinkTest, RescaleCommitsEveryOldSubtasksPendingFiles) {
  TempDir dir;
  std::vector<HarnessSnapshot> snaps;
  for (int32_t s = 0; s < 2; ++s) {
    OperatorTestHarness h(std::make_unique<TwoPhaseCommitFileSink>(dir.path()), At(s, 2));
    TESTKIT_ASSERT_OK(h.Open());
    TESTKIT_ASSERT_OK(h.Process(s == 0 ? kRowsA : kRowsB));
    auto snap = h.Snapshot(CheckpointId(4));
    ASSERT_TRUE(snap.ok());
    snaps.push_back(*snap);
    TESTKIT_ASSERT_OK(h.Process(kRowsB));  // stray in-progress data
  }
  auto merged = OperatorTestHarness::Repartition(snaps, 128, 1, 0);
  ASSERT_TRUE(merged.ok()) << merged.status().ToString();
  OperatorTestHarness h(std::make_unique<TwoPhaseCommitFileSink>(dir.path()), At(0, 1, 1));
  TESTKIT_ASSERT_OK(h.Restore(*merged));
  TESTKIT_ASSERT_OK(h.Open());
  EXPECT_EQ(Committed(dir.path()), (std::vector<std::string>{"+I[1, x]", "+I[3, z]", "-U[2, y]"}));
  EXPECT_EQ(FileNames(dir.path()), (std::vector<std::string>{"part-0-4", "part-1-4"}));
}

TEST(TwoPhaseCommitFileSinkTest, FreshStartDeletesOnlyItsOwnStrayFiles) {
  TempDir dir;
  for (const char* name : {".part-0-0-0.inprogress", ".part-1-0-0.inprogress", "part-1-3"}) {
    std::ofstream(fs::path(dir.path()) / name) << "+I[9]\n";
  }
  OperatorTestHarness h(std::make_unique<TwoPhaseCommitFileSink>(dir.path()), At(0, 2));
  TESTKIT_ASSERT_OK(h.Open());
  EXPECT_EQ(FileNames(dir.path()),
            (std::vector<std::string>{".part-1-0-0.inprogress", "part-1-3"}));
  EXPECT_EQ(Committed(dir.path()), (std::vector<std::string>{"+I[9]"}));
}

TEST(TwoPhaseCommitFileSinkTest, ReadCommittedOutputOfMissingDirectoryFails) {
  EXPECT_FALSE(ReadCommittedOutput("/nonexistent/weir-testkit-dir").ok());
}

}  // namespace
}  // namespace weir::runtime::testkit
