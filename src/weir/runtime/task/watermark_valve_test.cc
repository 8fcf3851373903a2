// Tests of the watermark valve (minimum, idleness, end of channels) and barrier alignment.
#include "weir/runtime/task/watermark_valve.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "weir/runtime/task/barrier_aligner.h"

namespace weir::runtime {
namespace {

TEST(StatusWatermarkValveTest, OutputsMinimumOverChannelsAndNeverGoesBack) {
  StatusWatermarkValve valve(3);
  EXPECT_FALSE(valve.InputWatermark(0, 10).watermark_changed);
  EXPECT_FALSE(valve.InputWatermark(1, 5).watermark_changed);
  auto r = valve.InputWatermark(2, 7);
  ASSERT_TRUE(r.watermark_changed);
  EXPECT_EQ(r.watermark, 5);
  r = valve.InputWatermark(1, 20);
  ASSERT_TRUE(r.watermark_changed);
  EXPECT_EQ(r.watermark, 7);
  EXPECT_FALSE(valve.InputWatermark(1, 3).watermark_changed);  // a channel going back
  r = valve.InputWatermark(2, 30);
  ASSERT_TRUE(r.watermark_changed);
  EXPECT_EQ(r.watermark, 10);
  EXPECT_EQ(valve.output_watermark(), 10);
}

TEST(StatusWatermarkValveTest, IdleChannelsAreExcluded) {
  StatusWatermarkValve valve(2);
  (void)valve.InputWatermark(0, 100);
  // Channel 1 never sent a watermark; going idle releases the minimum.
  auto r = valve.InputWatermarkStatus(1, true);
  ASSERT_TRUE(r.watermark_changed);
  EXPECT_EQ(r.watermark, 100);
  EXPECT_FALSE(r.status_changed);
  // Watermarks from an idle channel are ignored.
  EXPECT_FALSE(valve.InputWatermark(1, 500).watermark_changed);
  r = valve.InputWatermark(0, 150);
  ASSERT_TRUE(r.watermark_changed);
  EXPECT_EQ(r.watermark, 150);
  // Channel 1 becomes active again behind the output: it does not pull the watermark back
  // and only rejoins the minimum once it catches up.
  r = valve.InputWatermarkStatus(1, false);
  EXPECT_FALSE(r.watermark_changed);
  EXPECT_FALSE(r.status_changed);
  r = valve.InputWatermark(0, 300);
  ASSERT_TRUE(r.watermark_changed);
  EXPECT_EQ(r.watermark, 300);
  r = valve.InputWatermark(1, 200);  // still behind: not aligned
  EXPECT_FALSE(r.watermark_changed);
  r = valve.InputWatermark(1, 310);  // caught up: aligned again, min = 300 (no change)
  EXPECT_FALSE(r.watermark_changed);
  r = valve.InputWatermark(0, 400);
  ASSERT_TRUE(r.watermark_changed);
  EXPECT_EQ(r.watermark, 310);
}

TEST(StatusWatermarkValveTest, AllIdleEmitsMaxThenIdleAndActiveAgain) {
  StatusWatermarkValve valve(2);
  (void)valve.InputWatermark(0, 10);
  (void)valve.InputWatermark(1, 50);
  EXPECT_EQ(valve.output_watermark(), 10);
  auto r = valve.InputWatermarkStatus(1, true);
  EXPECT_FALSE(r.watermark_changed);  // channel 0 alone still holds 10
  r = valve.InputWatermarkStatus(0, true);
  EXPECT_TRUE(r.status_changed);
  EXPECT_TRUE(r.idle);
  EXPECT_TRUE(valve.output_idle());
  EXPECT_EQ(valve.output_watermark(), 50);
  r = valve.InputWatermarkStatus(0, false);
  EXPECT_TRUE(r.status_changed);
  EXPECT_FALSE(r.idle);
  EXPECT_FALSE(valve.output_idle());
}

TEST(StatusWatermarkValveTest, EndedChannelsLeaveTheMinimum) {
  StatusWatermarkValve valve(2);
  (void)valve.InputWatermark(0, 10);
  (void)valve.InputWatermark(1, 40);
  auto r = valve.ChannelEnded(0);
  ASSERT_TRUE(r.watermark_changed);
  EXPECT_EQ(r.watermark, 40);
  EXPECT_FALSE(valve.InputWatermark(0, 100).watermark_changed);
  r = valve.InputWatermark(1, 60);
  ASSERT_TRUE(r.watermark_changed);
  EXPECT_EQ(r.watermark, 60);
}

class RecordingTarget final : public BarrierAligner::Target {
 public:
  std::vector<std::string> log;
  void SetChannelBlocked(int32_t channel, bool blocked) override {
    log.push_back((blocked ? "block " : "unblock ") + std::to_string(channel));
  }
  Status TriggerCheckpointOnBarrier(const CheckpointBarrier& barrier,
                                    int64_t alignment_ns) override {
    log.push_back("snapshot " + std::to_string(barrier.id.value()) + " after " +
                  std::to_string(alignment_ns));
    return Status::OK();
  }
  Status AbortCheckpointOnBarrier(CheckpointId id, const Status& reason) override {
    log.push_back("abort " + std::to_string(id.value()));
    return Status::OK();
  }
};

CheckpointBarrier Barrier(int64_t id) {
  CheckpointBarrier b;
  b.id = CheckpointId(id);
  return b;
}

TEST(BarrierAlignerTest, BlocksUntilAllChannelsThenSnapshotsOnce) {
  RecordingTarget target;
  int64_t now = 100;
  BarrierAligner aligner(3, &target, [&] { return now; });
  ASSERT_TRUE(aligner.OnBarrier(1, Barrier(1)).ok());
  now = 130;
  ASSERT_TRUE(aligner.OnBarrier(0, Barrier(1)).ok());
  EXPECT_TRUE(aligner.aligning());
  EXPECT_EQ(aligner.num_blocked(), 2);
  now = 175;
  ASSERT_TRUE(aligner.OnBarrier(2, Barrier(1)).ok());
  EXPECT_FALSE(aligner.aligning());
  EXPECT_EQ(target.log, (std::vector<std::string>{"block 1", "block 0", "unblock 0", "unblock 1",
                                                  "snapshot 1 after 75"}));
  target.log.clear();
  // A late duplicate of checkpoint 1 changes nothing.
  ASSERT_TRUE(aligner.OnBarrier(0, Barrier(1)).ok());
  EXPECT_TRUE(target.log.empty());
}

TEST(BarrierAlignerTest, NewerBarrierAbortsOlderAlignment) {
  RecordingTarget target;
  BarrierAligner aligner(2, &target, [] { return 0; });
  ASSERT_TRUE(aligner.OnBarrier(0, Barrier(1)).ok());
  ASSERT_TRUE(aligner.OnBarrier(1, Barrier(2)).ok());
  EXPECT_EQ(aligner.latest_checkpoint(), CheckpointId(2));
  ASSERT_TRUE(aligner.OnBarrier(1, Barrier(1)).ok());  // obsolete: ignored
  ASSERT_TRUE(aligner.OnBarrier(0, Barrier(2)).ok());
  EXPECT_EQ(target.log, (std::vector<std::string>{"block 0", "unblock 0", "abort 1", "block 1",
                                                  "unblock 1", "snapshot 2 after 0"}));
}

TEST(BarrierAlignerTest, CancelBarrierAbortsOnceAndEndedChannelsCountAsAligned) {
  RecordingTarget target;
  BarrierAligner aligner(3, &target, [] { return 0; });
  ASSERT_TRUE(aligner.OnBarrier(0, Barrier(1)).ok());
  ASSERT_TRUE(aligner.OnCancelBarrier(1, CheckpointId(1)).ok());
  ASSERT_TRUE(aligner.OnCancelBarrier(2, CheckpointId(1)).ok());  // already aborted
  ASSERT_TRUE(aligner.OnBarrier(2, Barrier(1)).ok());             // ignored too
  EXPECT_EQ(target.log, (std::vector<std::string>{"block 0", "unblock 0", "abort 1"}));
  target.log.clear();
  ASSERT_TRUE(aligner.OnBarrier(0, Barrier(2)).ok());
  ASSERT_TRUE(aligner.OnChannelEnded(2).ok());
  ASSERT_TRUE(aligner.OnBarrier(1, Barrier(2)).ok());
  EXPECT_EQ(target.log, (std::vector<std::string>{"block 0", "unblock 0", "snapshot 2 after 0"}));
  target.log.clear();
  // A cancel barrier for a checkpoint never seen aborts it without alignment.
  ASSERT_TRUE(aligner.OnCancelBarrier(0, CheckpointId(5)).ok());
  EXPECT_EQ(target.log, (std::vector<std::string>{"abort 5"}));
}

}  // namespace
}  // namespace weir::runtime
