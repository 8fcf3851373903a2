// In-memory checkpoint streams for tests.
#include "weir/runtime/state/memory_checkpoint_streams.h"

#include <cstring>

#include "weir/common/str_cat.h"

namespace weir::runtime {

class MemoryOutputStream : public CheckpointOutputStream {
 public:
  MemoryOutputStream(MemoryCheckpointStorage* storage, std::string path)
      : storage_(storage), path_(std::move(path)) {}
  using CheckpointOutputStream::Write;
  Status Write(const void* data, int64_t size) override {
    if (closed_) return Status::Internal("Write to a closed checkpoint stream: ", path_);
    if (size < 0) return Status::Invalid("Negative write size: ", size);
    bytes_.append(static_cast<const char*>(data), static_cast<size_t>(size));
    return Status::OK();
  }
  int64_t position() const override { return static_cast<int64_t>(bytes_.size()); }
  Result<StreamStateHandle> CloseAndGetHandle() override {
    if (closed_) return Status::Internal("Checkpoint stream closed twice: ", path_);
    closed_ = true;
    StreamStateHandle handle{path_, 0, static_cast<int64_t>(bytes_.size())};
    storage_->Store(path_, std::move(bytes_));
    return handle;
  }

 private:
  MemoryCheckpointStorage* storage_;
  std::string path_;
  std::string bytes_;
  bool closed_ = false;
};

namespace {

class MemoryInputStream : public CheckpointInputStream {
 public:
  MemoryInputStream(std::shared_ptr<const std::string> file, int64_t offset, int64_t size)
      : file_(std::move(file)), offset_(offset), size_(size) {}
  Status Seek(int64_t offset) override {
    if (offset < 0 || offset > size_) {
      return Status::IOError("Seek out of range: ", offset, " of ", size_);
    }
    position_ = offset;
    return Status::OK();
  }
  Status ReadFully(void* out, int64_t size) override {
    if (size < 0 || size > size_ - position_) {
      return Status::IOError("Read past the end of checkpoint state: ", size, " bytes at ",
                             position_, " of ", size_);
    }
    std::memcpy(out, file_->data() + offset_ + position_, static_cast<size_t>(size));
    position_ += size;
    return Status::OK();
  }
  int64_t position() const override { return position_; }

 private:
  std::shared_ptr<const std::string> file_;
  int64_t offset_;
  int64_t size_;
  int64_t position_ = 0;
};

}  // namespace

Result<std::unique_ptr<CheckpointOutputStream>> MemoryCheckpointStorage::CreateOutputStream(
    std::string_view name_hint) {
  std::lock_guard<std::mutex> lock(mu_);
  std::string path = StrCat(name_hint, "-", counter_++);
  return std::unique_ptr<CheckpointOutputStream>(new MemoryOutputStream(this, std::move(path)));
}

Result<std::unique_ptr<CheckpointInputStream>> MemoryCheckpointStorage::Open(
    const StreamStateHandle& handle) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = files_.find(handle.relative_path);
  if (it == files_.end()) return Status::NotFound("No checkpoint file: ", handle.relative_path);
  int64_t file_size = static_cast<int64_t>(it->second->size());
  if (handle.offset < 0 || handle.size < 0 || handle.offset > file_size ||
      handle.size > file_size - handle.offset) {
    return Status::IOError("State handle out of range of ", handle.relative_path);
  }
  return std::unique_ptr<CheckpointInputStream>(
      new MemoryInputStream(it->second, handle.offset, handle.size));
}

void MemoryCheckpointStorage::Store(const std::string& path, std::string bytes) {
  std::lock_guard<std::mutex> lock(mu_);
  files_[path] = std::make_shared<const std::string>(std::move(bytes));
}

std::string MemoryCheckpointStorage::file(const std::string& path) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = files_.find(path);
  return it == files_.end() ? std::string() : *it->second;
}

void MemoryCheckpointStorage::set_file(const std::string& path, std::string bytes) {
  Store(path, std::move(bytes));
}

int64_t MemoryCheckpointStorage::num_files() const {
  std::lock_guard<std::mutex> lock(mu_);
  return static_cast<int64_t>(files_.size());
}

int64_t MemoryCheckpointStorage::total_bytes() const {
  std::lock_guard<std::mutex> lock(mu_);
  int64_t n = 0;
  for (const auto& [path, bytes] : files_) n += static_cast<int64_t>(bytes->size());
  return n;
}

}  // namespace weir::runtime
