// CompletedCheckpoint and the store that retains the latest N of them.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "weir/runtime/checkpoint/checkpoint_metadata.h"

namespace weir::runtime {

/// A checkpoint or savepoint whose `_metadata` is durable.
struct CompletedCheckpoint {
  CheckpointMetadata metadata;
  /// The checkpoint or savepoint directory (Flink's "external path").
  std::string directory;
  std::string metadata_path;

  CheckpointId id() const { return metadata.checkpoint_id; }
  SnapshotKind kind() const { return metadata.kind; }
  bool is_savepoint() const { return metadata.is_savepoint(); }
};

using CompletedCheckpointPtr = std::shared_ptr<const CompletedCheckpoint>;

/// Retains the latest `max_retained` completed checkpoints (savepoints are never added: they
/// belong to the user and are never deleted).
///
/// Thread: thread-safe.
class CompletedCheckpointStore {
 public:
  explicit CompletedCheckpointStore(int32_t max_retained);

  /// Adds a checkpoint with a higher id than every retained one; returns the checkpoints that
  /// fell out of retention, oldest first, for the caller to delete off the worker threads.
  /// Adding a savepoint or an older id is refused (returns it, so it is not retained).
  std::vector<CompletedCheckpointPtr> Add(CompletedCheckpointPtr checkpoint);

  /// Returns the checkpoint with the highest id, or nullptr.
  CompletedCheckpointPtr Latest() const;
  /// Returns the retained checkpoints, oldest first.
  std::vector<CompletedCheckpointPtr> All() const;
  size_t size() const;
  int32_t max_retained() const { return max_retained_; }

 private:
  const int32_t max_retained_;
  mutable std::mutex mu_;
  std::deque<CompletedCheckpointPtr> checkpoints_;  // REQUIRES: mu_ held; ascending ids
};

}  // namespace weir::runtime
