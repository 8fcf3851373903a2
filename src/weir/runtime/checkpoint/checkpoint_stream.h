// Checkpoint streams: how state is written into and read back from a checkpoint's storage.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>

#include "weir/common/result.h"
#include "weir/runtime/checkpoint/state_handle.h"

namespace weir::runtime {

/// Appends bytes to one new file of a checkpoint. Used from I/O threads (the asynchronous
/// part of a snapshot), never from a task's worker thread.
class CheckpointOutputStream {
 public:
  virtual ~CheckpointOutputStream() = default;
  virtual Status Write(const void* data, int64_t size) = 0;
  Status Write(std::string_view bytes) { return Write(bytes.data(), static_cast<int64_t>(bytes.size())); }
  /// Returns the number of bytes written so far (the offset of the next byte).
  virtual int64_t position() const = 0;
  /// Flushes, syncs and closes; returns the handle of everything written.
  virtual Result<StreamStateHandle> CloseAndGetHandle() = 0;
};

/// Reads a state handle back.
class CheckpointInputStream {
 public:
  virtual ~CheckpointInputStream() = default;
  /// Moves to `offset` relative to the handle's start.
  virtual Status Seek(int64_t offset) = 0;
  /// Reads exactly `size` bytes or fails (truncated state is an error, never a short read).
  virtual Status ReadFully(void* out, int64_t size) = 0;
  virtual int64_t position() const = 0;
};

/// Creates the streams of one checkpoint (one directory per checkpoint).
class CheckpointStreamFactory {
 public:
  virtual ~CheckpointStreamFactory() = default;
  /// Opens a new file for `name_hint` (e.g. "<operator uid>-<subtask>-keyed").
  virtual Result<std::unique_ptr<CheckpointOutputStream>> CreateOutputStream(
      std::string_view name_hint) = 0;
};

/// Opens handles of a completed checkpoint or savepoint for restore.
class CheckpointStreamOpener {
 public:
  virtual ~CheckpointStreamOpener() = default;
  virtual Result<std::unique_ptr<CheckpointInputStream>> Open(const StreamStateHandle& handle) = 0;
};

}  // namespace weir::runtime
