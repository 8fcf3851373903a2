// StreamElement: text form for logs and test failure messages.
#include "weir/runtime/task/stream_element.h"

#include "weir/common/str_cat.h"

namespace weir::runtime {

const char* SnapshotKindName(SnapshotKind kind) {
  switch (kind) {
    case SnapshotKind::kCheckpoint:
      return "CHECKPOINT";
    case SnapshotKind::kSavepoint:
      return "SAVEPOINT";
    case SnapshotKind::kSavepointSuspend:
      return "SAVEPOINT_SUSPEND";
    case SnapshotKind::kSavepointTerminate:
      return "SAVEPOINT_TERMINATE";
  }
  return "UNKNOWN";
}

const char* StopModeName(StopMode mode) {
  switch (mode) {
    case StopMode::kNone:
      return "NONE";
    case StopMode::kDrain:
      return "DRAIN";
    case StopMode::kNoDrain:
      return "NO_DRAIN";
  }
  return "UNKNOWN";
}

namespace {

std::string WatermarkText(EventTime t) {
  if (t == kMinWatermark) return "-inf";
  if (t == kMaxWatermark) return "+inf";
  return StrCat(t);
}

}  // namespace

std::string StreamElement::ToString() const {
  switch (kind_) {
    case ElementKind::kBatch:
      return StrCat("Batch(rows=", batch_ ? batch_->num_rows() : 0, ")");
    case ElementKind::kWatermark:
      return StrCat("Watermark(", WatermarkText(value_), ")");
    case ElementKind::kWatermarkStatus:
      return value_ != 0 ? "WatermarkStatus(IDLE)" : "WatermarkStatus(ACTIVE)";
    case ElementKind::kBarrier:
      return StrCat("Barrier(id=", barrier_.id.value(), ", ", SnapshotKindName(barrier_.kind),
                    barrier_.unaligned ? ", unaligned" : "", ")");
    case ElementKind::kCancelBarrier:
      return StrCat("CancelBarrier(id=", barrier_.id.value(), ")");
    case ElementKind::kEndOfData:
      return stop_mode() == StopMode::kNone ? std::string("EndOfData")
                                            : StrCat("EndOfData(", StopModeName(stop_mode()), ")");
    case ElementKind::kEndOfPartition:
      return "EndOfPartition";
  }
  return "?";
}

}  // namespace weir::runtime
