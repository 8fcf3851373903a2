// CheckpointMetadata: what a checkpoint's `_metadata` holds; its versioned, checksummed encoding.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "weir/common/result.h"
#include "weir/runtime/checkpoint/state_handle.h"
#include "weir/runtime/graph/ids.h"
#include "weir/runtime/task/stream_element.h"

namespace weir::runtime {

/// The current version of the metadata format (docs/design/0013-checkpoints.md).
inline constexpr int32_t kCheckpointMetadataVersion = 1;
/// The name of the metadata file inside a checkpoint or savepoint directory.
inline constexpr std::string_view kMetadataFileName = "_metadata";

/// Parses a name printed by SnapshotKindName; false if unknown.
bool ParseSnapshotKind(std::string_view name, SnapshotKind* out);
/// Returns "SPLIT_DISTRIBUTE", "UNION" or "BROADCAST".
const char* OperatorStateModeName(OperatorStateMode mode);

/// The state of all subtasks of one operator (identified by uid) in a checkpoint.
struct OperatorStateMetadata {
  std::string uid;
  int32_t parallelism = 1;
  int32_t max_parallelism = kDefaultMaxParallelism;
  /// One entry per subtask, indexed by subtask index (size == parallelism).
  std::vector<OperatorSubtaskState> subtasks;

  /// Returns true if some subtask has keyed or operator state.
  bool HasState() const;
  bool HasKeyedState() const;
  /// Returns true if every subtask had finished (FLIP-147: the operator is fully finished).
  bool FullyFinished() const;
  /// Returns the bytes of state of all subtasks (the sum of the handles' sizes).
  int64_t StateSize() const;
  bool operator==(const OperatorStateMetadata&) const = default;
};

/// What `_metadata` holds: a completed checkpoint or savepoint of a job.
struct CheckpointMetadata {
  int32_t version = kCheckpointMetadataVersion;
  CheckpointId checkpoint_id;
  JobId job_id;
  SnapshotKind kind = SnapshotKind::kCheckpoint;
  /// Wall-clock time (ms since the epoch) of the trigger and of the completion.
  int64_t timestamp_ms = 0;
  int64_t completion_timestamp_ms = 0;
  /// Operators sorted by uid.
  std::vector<OperatorStateMetadata> operators;

  bool is_savepoint() const { return kind != SnapshotKind::kCheckpoint; }
  /// Returns the operator with `uid`, or nullptr.
  const OperatorStateMetadata* FindOperator(std::string_view uid) const;
  int64_t StateSize() const;
  bool operator==(const CheckpointMetadata&) const = default;
};

/// Returns the bytes of one subtask's state (the sum of its handles' sizes).
int64_t SubtaskStateSize(const OperatorSubtaskState& state);

/// Checks that metadata is consistent: unique uids, 1 <= parallelism <= max parallelism,
/// one subtask entry per subtask, key-group ranges inside [0, max parallelism) with one offset
/// per key group, offsets inside their handles, and safe relative paths (no absolute paths,
/// no "." or ".." components). `source` names the file in errors.
Status ValidateCheckpointMetadata(const CheckpointMetadata& metadata, std::string_view source);

/// Returns true if `path` is a relative path without "." / ".." components or empty parts.
bool IsSafeRelativePath(std::string_view path);

/// Encodes metadata as the `_metadata` file content: a header line
/// "WEIR-CHECKPOINT-METADATA <version> <json bytes> <xxh3-64 of the json, 16 hex digits>\n"
/// followed by the JSON document.
std::string EncodeCheckpointMetadata(const CheckpointMetadata& metadata);

/// Decodes and validates `_metadata` content; `source` (the file) is named in errors. Fails
/// with SerializationError on a bad header, a length or checksum mismatch, a version newer than
/// this build reads, or JSON that does not describe valid metadata.
Result<CheckpointMetadata> DecodeCheckpointMetadata(std::string_view bytes,
                                                    std::string_view source);

/// Returns the metadata as indented JSON without the header (for tools and debugging).
std::string CheckpointMetadataToJson(const CheckpointMetadata& metadata);

}  // namespace weir::runtime
