// StreamElement: what flows between operators — data batches and, in order between them, control events.
#pragma once

#include <cstdint>
#include <limits>
#include <string>

#include "weir/common/batch/record_batch.h"
#include "weir/runtime/graph/ids.h"

namespace weir::runtime {

/// Event time in milliseconds since the epoch (Flink's watermark unit).
using EventTime = int64_t;
inline constexpr EventTime kMinWatermark = std::numeric_limits<int64_t>::min();
inline constexpr EventTime kMaxWatermark = std::numeric_limits<int64_t>::max();

/// What a checkpoint barrier asks for.
enum class SnapshotKind : uint8_t {
  kCheckpoint,            // periodic checkpoint (may be incremental, retained by count)
  kSavepoint,             // self-contained, user-owned
  kSavepointSuspend,      // stop-with-savepoint: tasks finish after it completes
  kSavepointTerminate,    // stop-with-savepoint --drain: watermark +inf and flush first
};

/// Returns "CHECKPOINT", "SAVEPOINT", "SAVEPOINT_SUSPEND" or "SAVEPOINT_TERMINATE".
const char* SnapshotKindName(SnapshotKind kind);

/// Returns true for the savepoints of stop-with-savepoint (suspend and terminate).
inline bool IsStopWithSavepoint(SnapshotKind kind) {
  return kind == SnapshotKind::kSavepointSuspend || kind == SnapshotKind::kSavepointTerminate;
}

/// Why no more data follows on a channel (carried by EndOfData).
enum class StopMode : uint8_t {
  kNone,     // the input is exhausted (bounded source): operators end their input and finish
  kDrain,    // stop-with-savepoint --drain: watermark +inf, operators finish, savepoint follows
  kNoDrain,  // stop-with-savepoint: operators stop without finishing; the savepoint follows
};

/// Returns "NONE", "DRAIN" or "NO_DRAIN".
const char* StopModeName(StopMode mode);

/// Options carried by a barrier.
struct CheckpointBarrier {
  CheckpointId id;
  int64_t timestamp_ms = 0;  // wall-clock time of the trigger
  SnapshotKind kind = SnapshotKind::kCheckpoint;
  bool unaligned = false;
  /// Where the snapshot goes (the checkpoint storage's location reference, e.g. a savepoint
  /// target directory); empty for the default checkpoint location. Every task that sees the
  /// barrier receives it, as Flink's CheckpointOptions carry the target location.
  std::string location_reference;

  bool is_savepoint() const { return kind != SnapshotKind::kCheckpoint; }
};

enum class ElementKind : uint8_t {
  kBatch,
  kWatermark,
  kWatermarkStatus,   // idle / active
  kBarrier,
  kCancelBarrier,     // a checkpoint was aborted upstream: stop aligning it
  kEndOfData,         // no more data will follow (FLIP-147); barriers may still follow
  kEndOfPartition,    // the channel is finished; nothing follows
};

/// One element of a stream. Cheap to move; batches are shared, never copied.
class StreamElement {
 public:
  static StreamElement Batch(RecordBatchPtr batch) {
    StreamElement e(ElementKind::kBatch);
    e.batch_ = std::move(batch);
    return e;
  }
  static StreamElement MakeWatermark(EventTime timestamp) {
    StreamElement e(ElementKind::kWatermark);
    e.value_ = timestamp;
    return e;
  }
  static StreamElement WatermarkStatus(bool idle) {
    StreamElement e(ElementKind::kWatermarkStatus);
    e.value_ = idle ? 1 : 0;
    return e;
  }
  static StreamElement Barrier(const CheckpointBarrier& barrier) {
    StreamElement e(ElementKind::kBarrier);
    e.barrier_ = barrier;
    return e;
  }
  static StreamElement CancelBarrier(CheckpointId id) {
    StreamElement e(ElementKind::kCancelBarrier);
    e.barrier_.id = id;
    return e;
  }
  /// `mode` says whether the input is exhausted or the job stops with a savepoint.
  static StreamElement EndOfData(StopMode mode) {
    StreamElement e(ElementKind::kEndOfData);
    e.value_ = static_cast<int64_t>(mode);
    return e;
  }
  static StreamElement EndOfPartition() { return StreamElement(ElementKind::kEndOfPartition); }

  ElementKind kind() const { return kind_; }
  bool is_batch() const { return kind_ == ElementKind::kBatch; }
  bool is_event() const { return kind_ != ElementKind::kBatch; }
  const RecordBatchPtr& batch() const { return batch_; }
  RecordBatchPtr&& TakeBatch() { return std::move(batch_); }
  EventTime watermark() const { return value_; }
  bool idle() const { return value_ != 0; }
  StopMode stop_mode() const { return static_cast<StopMode>(value_); }
  const CheckpointBarrier& barrier() const { return barrier_; }

  std::string ToString() const;

 private:
  explicit StreamElement(ElementKind kind) : kind_(kind) {}

  ElementKind kind_;
  int64_t value_ = 0;
  CheckpointBarrier barrier_;
  RecordBatchPtr batch_;
};

}  // namespace weir::runtime
