// In-memory checkpoint streams: a CheckpointStreamFactory and Opener over a map of byte strings (tests).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "weir/runtime/checkpoint/checkpoint_stream.h"

namespace weir::runtime {

/// Keeps the "files" of checkpoints in memory: CreateOutputStream() adds a file named after
/// the hint (made unique with a counter), Open() reads a handle's byte range back. For tests
/// and the operator test harness; the checkpoint layer has the file-system implementation.
/// Thread: thread-safe (streams may be written on I/O threads).
class MemoryCheckpointStorage : public CheckpointStreamFactory, public CheckpointStreamOpener {
 public:
  Result<std::unique_ptr<CheckpointOutputStream>> CreateOutputStream(
      std::string_view name_hint) override;
  Result<std::unique_ptr<CheckpointInputStream>> Open(const StreamStateHandle& handle) override;

  /// Returns the bytes of file `path` (empty when unknown).
  std::string file(const std::string& path) const;
  /// Replaces the bytes of file `path` (tests corrupt state with it).
  void set_file(const std::string& path, std::string bytes);
  int64_t num_files() const;
  int64_t total_bytes() const;

 private:
  friend class MemoryOutputStream;
  void Store(const std::string& path, std::string bytes);

  mutable std::mutex mu_;
  std::map<std::string, std::shared_ptr<const std::string>> files_;  // GUARDED_BY(mu_)
  int64_t counter_ = 0;                                              // GUARDED_BY(mu_)
};

}  // namespace weir::runtime
