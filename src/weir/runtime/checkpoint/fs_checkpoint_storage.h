// File-system checkpoint storage: chk-<n>/ and savepoint directories, streams, _metadata.
//
// Layout (docs/design/0013-checkpoints.md):
//   <checkpoints-dir>/<job-id>/chk-<n>/<stream files...>   one file per state stream
//   <checkpoints-dir>/<job-id>/chk-<n>/_metadata           written last, atomically
//   <target-dir>/savepoint-<6 hex of job id>-<12 random hex>/   same content, self-contained
// Every path inside metadata is relative to its checkpoint or savepoint directory.
//
// All functions here do blocking file I/O: call them on I/O threads (IoExecutor), never on a
// task's worker thread.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "weir/common/memory/memory_pool.h"
#include "weir/common/result.h"
#include "weir/runtime/checkpoint/checkpoint_metadata.h"
#include "weir/runtime/checkpoint/checkpoint_stream.h"
#include "weir/runtime/checkpoint/completed_checkpoint_store.h"
#include "weir/runtime/graph/ids.h"
#include "weir/runtime/task/stream_element.h"

namespace weir::runtime {

/// The name of the temporary file `_metadata` is written to before its rename.
inline constexpr std::string_view kMetadataTempFileName = "_metadata.inprogress";
/// Size of the write and read buffers of checkpoint streams unless configured.
inline constexpr int64_t kDefaultCheckpointStreamBufferSize = 64 * 1024;

/// Returns "chk-<n>".
std::string CheckpointDirectoryName(CheckpointId id);

/// Writes streams into one directory. Thread: each stream is used by one thread at a time;
/// the factory is thread-safe.
class FsCheckpointStreamFactory final : public CheckpointStreamFactory {
 public:
  /// `directory` must exist. Stream files are named "<sanitised hint>-<16 random hex>".
  FsCheckpointStreamFactory(std::string directory, int64_t buffer_size,
                            std::shared_ptr<MemoryPool> memory_pool);

  /// Creates a new file; its handle's relative path is the file name. Writes are buffered
  /// (buffer_size bytes) and CloseAndGetHandle() fsyncs. A stream destroyed without
  /// CloseAndGetHandle() deletes its file.
  Result<std::unique_ptr<CheckpointOutputStream>> CreateOutputStream(
      std::string_view name_hint) override;

  const std::string& directory() const { return directory_; }

 private:
  const std::string directory_;
  const int64_t buffer_size_;
  const std::shared_ptr<MemoryPool> memory_pool_;
};

/// Opens handles relative to one checkpoint or savepoint directory. Thread-safe.
class FsCheckpointStreamOpener final : public CheckpointStreamOpener {
 public:
  explicit FsCheckpointStreamOpener(std::string directory,
                                    int64_t buffer_size = kDefaultCheckpointStreamBufferSize);

  /// Opens the handle's byte range. Fails on an unsafe relative path, a missing file, or a
  /// file shorter than offset + size.
  Result<std::unique_ptr<CheckpointInputStream>> Open(const StreamStateHandle& handle) override;

  const std::string& directory() const { return directory_; }

 private:
  const std::string directory_;
  const int64_t buffer_size_;
};

/// The directory of one checkpoint or savepoint being taken.
class CheckpointStorageLocation {
 public:
  CheckpointStorageLocation(CheckpointId id, SnapshotKind kind, std::string directory,
                            bool is_default_location, int64_t buffer_size,
                            std::shared_ptr<MemoryPool> memory_pool);

  CheckpointId checkpoint_id() const { return id_; }
  SnapshotKind kind() const { return kind_; }
  /// The absolute directory path.
  const std::string& directory() const { return directory_; }
  std::string metadata_path() const;
  /// Returns how tasks find this location (FsCheckpointStorage::CreateStreamFactory): empty
  /// for the default chk-<n> directory, else the directory path (savepoints).
  std::string reference() const { return is_default_location_ ? std::string() : directory_; }

  /// Returns a factory writing streams into this directory.
  std::unique_ptr<CheckpointStreamFactory> CreateStreamFactory() const;

  /// Writes `_metadata` atomically: to _metadata.inprogress, fsync, rename, fsync of the
  /// directory and its parent. Fails with AlreadyExists if `_metadata` exists. Returns the
  /// path of `_metadata`.
  Result<std::string> WriteMetadata(const CheckpointMetadata& metadata) const;

  /// Deletes the directory with everything in it (an aborted or subsumed checkpoint). Refuses
  /// to delete a savepoint that has its `_metadata` (completed savepoints are the user's).
  Status Discard() const;

 private:
  const CheckpointId id_;
  const SnapshotKind kind_;
  const std::string directory_;
  const bool is_default_location_;
  const int64_t buffer_size_;
  const std::shared_ptr<MemoryPool> memory_pool_;
};

struct FsCheckpointStorageOptions {
  /// Base directory of checkpoints (execution.checkpointing.dir); may be empty when the job
  /// takes only savepoints.
  std::string checkpoints_dir;
  /// Default savepoint target (execution.checkpointing.savepoint-dir); may be empty.
  std::string savepoints_dir;
  int64_t buffer_size = kDefaultCheckpointStreamBufferSize;
  /// Optional pool that stream buffers are accounted in.
  std::shared_ptr<MemoryPool> memory_pool;
};

/// A checkpoint or savepoint read back from storage, ready for restore.
struct LoadedCheckpoint {
  CheckpointMetadata metadata;
  /// The absolute checkpoint or savepoint directory (where the handles' files are).
  std::string directory;
  std::string metadata_path;
  std::shared_ptr<CheckpointStreamOpener> opener;
};

/// The checkpoint storage of one job.
///
/// Thread: all methods are thread-safe; they do blocking I/O unless said otherwise.
class FsCheckpointStorage {
 public:
  /// Creates <checkpoints_dir>/<job-id>/ if a checkpoints directory is set.
  static Result<std::shared_ptr<FsCheckpointStorage>> Make(JobId job_id,
                                                           FsCheckpointStorageOptions options);

  const JobId& job_id() const { return job_id_; }
  bool has_checkpoints_dir() const { return !job_dir_.empty(); }
  /// <checkpoints_dir>/<job-id> (absolute), or empty.
  const std::string& job_directory() const { return job_dir_; }
  const std::string& default_savepoints_dir() const { return options_.savepoints_dir; }

  /// Creates chk-<id>/ (replacing a leftover incomplete one) for a checkpoint.
  Result<std::shared_ptr<CheckpointStorageLocation>> InitializeCheckpoint(CheckpointId id);
  /// Creates <target>/savepoint-<6 hex of job id>-<12 random hex>/; an empty `target_dir`
  /// means the default savepoint directory (an error if none is configured).
  Result<std::shared_ptr<CheckpointStorageLocation>> InitializeSavepoint(
      CheckpointId id, SnapshotKind kind, std::string_view target_dir);
  /// Forgets an initialized location (after completion or abort). No I/O.
  void ReleaseLocation(CheckpointId id);

  /// Returns the stream factory tasks use for checkpoint `id`: the directory named by
  /// `location_reference` if set, else the location initialized for `id` in this process,
  /// else chk-<id>/. Creates no directories (a task of an aborted checkpoint fails to write).
  /// No I/O.
  Result<std::unique_ptr<CheckpointStreamFactory>> CreateStreamFactory(
      CheckpointId id, std::string_view location_reference = {}) const;

  /// Returns the ids of this job's checkpoints whose `_metadata` exists, ascending.
  Result<std::vector<CheckpointId>> ListCompletedCheckpointIds() const;
  /// Deletes this job's chk-<n>/ directories that have no `_metadata` (aborted or crashed
  /// checkpoints); returns how many were deleted. Call before the coordinator starts.
  Result<int> DiscardIncompleteCheckpoints() const;
  /// Deletes chk-<id>/ of this job.
  Status DiscardCheckpoint(CheckpointId id) const;

 private:
  FsCheckpointStorage(JobId job_id, FsCheckpointStorageOptions options, std::string job_dir);

  const JobId job_id_;
  const FsCheckpointStorageOptions options_;
  const std::string job_dir_;
  mutable std::mutex mu_;
  std::map<CheckpointId, std::string> locations_;  // REQUIRES: mu_ held
};

/// Loads a savepoint or retained checkpoint: `path` is its directory or its `_metadata` file.
/// Fails with NotFound if there is no `_metadata` (an incomplete checkpoint) and with
/// SerializationError naming the file if it is corrupted.
Result<LoadedCheckpoint> LoadCheckpoint(std::string_view path);

/// Returns a loaded checkpoint or savepoint as a CompletedCheckpoint (for
/// CheckpointCoordinator::SetRestoredCheckpoint).
CompletedCheckpointPtr ToCompletedCheckpoint(const LoadedCheckpoint& loaded);

/// Loads the completed checkpoint with the highest id under <checkpoints_dir>/<job-id>/, or
/// returns nullopt if there is none. A corrupted latest `_metadata` is an error (it is never
/// skipped silently: restoring an older checkpoint would replay committed output).
Result<std::optional<LoadedCheckpoint>> FindLatestCompletedCheckpoint(
    std::string_view checkpoints_dir, const JobId& job_id);

}  // namespace weir::runtime
