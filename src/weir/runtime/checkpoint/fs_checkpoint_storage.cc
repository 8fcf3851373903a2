// File-system checkpoint storage: stream files, atomic _metadata, savepoint directories, discovery.
#include "weir/runtime/checkpoint/fs_checkpoint_storage.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <random>
#include <system_error>
#include <thread>

#include "weir/common/io/file_sync.h"
#include "weir/common/log/log.h"

namespace weir::runtime {

namespace fs = std::filesystem;

namespace {

Status ErrnoError(std::string_view what, std::string_view path, int err) {
  return Status::IOError(what, " ", path, ": ", std::strerror(err));
}

std::string RandomHex(int digits) {
  thread_local std::mt19937_64 generator([] {
    std::random_device device;
    uint64_t seed = (uint64_t{device()} << 32) ^ device();
    seed ^= static_cast<uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
    seed ^= std::hash<std::thread::id>()(std::this_thread::get_id()) * 0x9E3779B97F4A7C15ULL;
    return seed;
  }());
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(static_cast<size_t>(digits));
  uint64_t bits = 0;
  for (int i = 0; i < digits; ++i) {
    if (i % 16 == 0) bits = generator();
    out.push_back(kDigits[bits & 0xF]);
    bits >>= 4;
  }
  return out;
}

// Keeps [A-Za-z0-9._-] of a name hint (others become '_'), at most 96 characters.
std::string SanitizeHint(std::string_view hint) {
  std::string out;
  for (char c : hint.substr(0, 96)) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '-';
    out.push_back(ok ? c : '_');
  }
  if (out.empty() || out[0] == '.' || out[0] == '_') out.insert(0, "state");
  return out;
}

Status WriteAll(int fd, const uint8_t* data, int64_t size, std::string_view path) {
  while (size > 0) {
    ssize_t n = ::write(fd, data, static_cast<size_t>(std::min<int64_t>(size, 1 << 30)));
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoError("Failed to write checkpoint file", path, errno);
    }
    data += n;
    size -= n;
  }
  return Status::OK();
}

std::string AbsolutePath(std::string_view path) {
  std::error_code ec;
  fs::path p = fs::absolute(fs::path(path), ec);
  if (ec) p = fs::path(path);
  std::string out = p.lexically_normal().string();
  while (out.size() > 1 && out.back() == '/') out.pop_back();
  return out;
}

// Deletes a directory tree; retries once, since a late task may still create a file in an
// aborted checkpoint's directory while it is removed.
Status RemoveTree(const std::string& dir) {
  std::error_code ec;
  for (int attempt = 0; attempt < 3; ++attempt) {
    ec.clear();
    fs::remove_all(dir, ec);
    if (!ec) return Status::OK();
  }
  return Status::IOError("Failed to delete checkpoint directory ", dir, ": ", ec.message());
}

// Parses "chk-<n>" (n >= 1); returns 0 otherwise.
int64_t ParseCheckpointDirName(std::string_view name) {
  if (name.size() <= 4 || name.substr(0, 4) != "chk-") return 0;
  int64_t id = 0;
  for (char c : name.substr(4)) {
    if (c < '0' || c > '9' || id > (INT64_MAX - 9) / 10) return 0;
    id = id * 10 + (c - '0');
  }
  return id;
}

Result<std::string> ReadWholeFile(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return Status::NotFound("No checkpoint metadata file ", path);
    return ErrnoError("Failed to open checkpoint metadata", path, errno);
  }
  std::string out;
  char buf[64 * 1024];
  while (true) {
    ssize_t n = ::read(fd, buf, sizeof(buf));
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      ::close(fd);
      return ErrnoError("Failed to read checkpoint metadata", path, err);
    }
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
    if (out.size() > (size_t{1} << 31)) {
      ::close(fd);
      return Status::SerializationError("Checkpoint metadata file is larger than 2 GiB: ", path);
    }
  }
  ::close(fd);
  return out;
}

// Reserves buffer memory in an optional pool for the lifetime of a stream.
class BufferReservation {
 public:
  BufferReservation() = default;
  BufferReservation(const BufferReservation&) = delete;
  BufferReservation& operator=(const BufferReservation&) = delete;
  ~BufferReservation() {
    if (pool_ != nullptr) pool_->Release(bytes_);
  }
  Status Reserve(const std::shared_ptr<MemoryPool>& pool, int64_t bytes) {
    if (pool == nullptr) return Status::OK();
    WEIR_RETURN_NOT_OK(pool->Reserve(bytes));
    pool_ = pool;
    bytes_ = bytes;
    return Status::OK();
  }

 private:
  std::shared_ptr<MemoryPool> pool_;
  int64_t bytes_ = 0;
};

class FsCheckpointOutputStream final : public CheckpointOutputStream {
 public:
  FsCheckpointOutputStream(int fd, std::string path, std::string relative_path, int64_t buffer_size)
      : fd_(fd),
        path_(std::move(path)),
        relative_path_(std::move(relative_path)),
        buffer_(std::make_unique<uint8_t[]>(static_cast<size_t>(buffer_size))),
        capacity_(buffer_size) {}

  ~FsCheckpointOutputStream() override {
    if (fd_ >= 0) {
      ::close(fd_);
      ::unlink(path_.c_str());  // never closed: the snapshot failed or was cancelled
    }
  }

  BufferReservation& reservation() { return reservation_; }

  Status Write(const void* data, int64_t size) override {
    if (fd_ < 0) return Status::Invalid("Write to a closed checkpoint stream: ", path_);
    WEIR_RETURN_NOT_OK(failed_);
    if (size < 0) return Status::Invalid("Negative write size ", size, " to ", path_);
    const auto* bytes = static_cast<const uint8_t*>(data);
    if (used_ + size <= capacity_) {
      std::memcpy(buffer_.get() + used_, bytes, static_cast<size_t>(size));
      used_ += size;
      return Status::OK();
    }
    WEIR_RETURN_NOT_OK(Remember(Flush()));
    if (size >= capacity_) return Remember(WriteDirect(bytes, size));
    std::memcpy(buffer_.get(), bytes, static_cast<size_t>(size));
    used_ = size;
    return Status::OK();
  }

  int64_t position() const override { return flushed_ + used_; }

  Result<StreamStateHandle> CloseAndGetHandle() override {
    if (fd_ < 0) return Status::Invalid("Checkpoint stream closed twice: ", path_);
    WEIR_RETURN_NOT_OK(failed_);
    WEIR_RETURN_NOT_OK(Remember(Flush()));
    if (::fsync(fd_) != 0) {
      return Remember(ErrnoError("Failed to fsync checkpoint file", path_, errno));
    }
    if (::close(fd_) != 0) {
      int err = errno;
      fd_ = -1;
      ::unlink(path_.c_str());
      return ErrnoError("Failed to close checkpoint file", path_, err);
    }
    fd_ = -1;
    return StreamStateHandle{relative_path_, 0, flushed_};
  }

 private:
  Status Flush() {
    if (used_ == 0) return Status::OK();
    WEIR_RETURN_NOT_OK(WriteAll(fd_, buffer_.get(), used_, path_));
    flushed_ += used_;
    used_ = 0;
    return Status::OK();
  }
  Status WriteDirect(const uint8_t* data, int64_t size) {
    WEIR_RETURN_NOT_OK(WriteAll(fd_, data, size, path_));
    flushed_ += size;
    return Status::OK();
  }
  // Keeps the first error: a stream that failed stays failed.
  Status Remember(Status st) {
    if (!st.ok()) {
      failed_ = st;
      failed_.IgnoreError();  // storage: the caller inspects `st`
    }
    return st;
  }

  int fd_;
  const std::string path_;
  const std::string relative_path_;
  std::unique_ptr<uint8_t[]> buffer_;
  const int64_t capacity_;
  int64_t used_ = 0;
  int64_t flushed_ = 0;
  Status failed_;
  BufferReservation reservation_;
};

class FsCheckpointInputStream final : public CheckpointInputStream {
 public:
  FsCheckpointInputStream(int fd, std::string path, int64_t base, int64_t size, int64_t buffer_size)
      : fd_(fd),
        path_(std::move(path)),
        base_(base),
        size_(size),
        buffer_(std::make_unique<uint8_t[]>(static_cast<size_t>(buffer_size))),
        capacity_(buffer_size) {}
  ~FsCheckpointInputStream() override { ::close(fd_); }

  Status Seek(int64_t offset) override {
    if (offset < 0 || offset > size_) {
      return Status::Invalid("Seek to ", offset, " outside the state handle of ", size_,
                             " bytes in ", path_);
    }
    pos_ = offset;
    return Status::OK();
  }

  Status ReadFully(void* out, int64_t size) override {
    if (size < 0) return Status::Invalid("Negative read size ", size, " from ", path_);
    if (size > size_ - pos_) {
      return Status::SerializationError("Truncated checkpoint state: read of ", size,
                                        " bytes at offset ", pos_, " of a ", size_,
                                        "-byte state handle in ", path_);
    }
    auto* dst = static_cast<uint8_t*>(out);
    while (size > 0) {
      if (pos_ >= buf_start_ && pos_ < buf_start_ + buf_len_) {
        int64_t n = std::min(size, buf_start_ + buf_len_ - pos_);
        std::memcpy(dst, buffer_.get() + (pos_ - buf_start_), static_cast<size_t>(n));
        dst += n;
        pos_ += n;
        size -= n;
        continue;
      }
      if (size >= capacity_) {  // large read: straight into the caller's memory
        WEIR_RETURN_NOT_OK(PreadAll(dst, size, pos_));
        pos_ += size;
        return Status::OK();
      }
      int64_t n = std::min(capacity_, size_ - pos_);
      WEIR_RETURN_NOT_OK(PreadAll(buffer_.get(), n, pos_));
      buf_start_ = pos_;
      buf_len_ = n;
    }
    return Status::OK();
  }

  int64_t position() const override { return pos_; }

 private:
  Status PreadAll(uint8_t* dst, int64_t size, int64_t at) {
    while (size > 0) {
      ssize_t n = ::pread(fd_, dst, static_cast<size_t>(std::min<int64_t>(size, 1 << 30)),
                          static_cast<off_t>(base_ + at));
      if (n < 0) {
        if (errno == EINTR) continue;
        return ErrnoError("Failed to read checkpoint file", path_, errno);
      }
      if (n == 0) {
        return Status::SerializationError("Truncated checkpoint file ", path_, " at byte ",
                                          base_ + at);
      }
      dst += n;
      at += n;
      size -= n;
    }
    return Status::OK();
  }

  const int fd_;
  const std::string path_;
  const int64_t base_;
  const int64_t size_;
  std::unique_ptr<uint8_t[]> buffer_;
  const int64_t capacity_;
  int64_t pos_ = 0;
  int64_t buf_start_ = 0;
  int64_t buf_len_ = 0;
};

}  // namespace

std::string CheckpointDirectoryName(CheckpointId id) { return StrCat("chk-", id.value()); }

// --- FsCheckpointStreamFactory ---

FsCheckpointStreamFactory::FsCheckpointStreamFactory(std::string directory, int64_t buffer_size,
                                                     std::shared_ptr<MemoryPool> memory_pool)
    : directory_(std::move(directory)),
      buffer_size_(buffer_size > 0 ? buffer_size : kDefaultCheckpointStreamBufferSize),
      memory_pool_(std::move(memory_pool)) {}

Result<std::unique_ptr<CheckpointOutputStream>> FsCheckpointStreamFactory::CreateOutputStream(
    std::string_view name_hint) {
  std::string base = SanitizeHint(name_hint);
  for (int attempt = 0; attempt < 4; ++attempt) {
    std::string name = StrCat(base, "-", RandomHex(16));
    std::string path = StrCat(directory_, "/", name);
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) {
      if (errno == EEXIST) continue;
      return ErrnoError("Failed to create checkpoint file", path, errno);
    }
    auto stream = std::make_unique<FsCheckpointOutputStream>(fd, path, name, buffer_size_);
    WEIR_RETURN_NOT_OK(stream->reservation().Reserve(memory_pool_, buffer_size_));
    return std::unique_ptr<CheckpointOutputStream>(std::move(stream));
  }
  return Status::IOError("Failed to create a checkpoint file with a unique name in ", directory_);
}

// --- FsCheckpointStreamOpener ---

FsCheckpointStreamOpener::FsCheckpointStreamOpener(std::string directory, int64_t buffer_size)
    : directory_(std::move(directory)),
      buffer_size_(buffer_size > 0 ? buffer_size : kDefaultCheckpointStreamBufferSize) {}

Result<std::unique_ptr<CheckpointInputStream>> FsCheckpointStreamOpener::Open(
    const StreamStateHandle& handle) {
  if (!IsSafeRelativePath(handle.relative_path)) {
    return Status::Invalid("Unsafe path in state handle: '", handle.relative_path,
                           "' (must be relative to ", directory_, ")");
  }
  if (handle.offset < 0 || handle.size < 0 || handle.offset > INT64_MAX - handle.size) {
    return Status::Invalid("Bad byte range in state handle: offset ", handle.offset, ", size ",
                           handle.size, " of ", handle.relative_path);
  }
  std::string path = StrCat(directory_, "/", handle.relative_path);
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) {
      return Status::NotFound("Checkpoint state file is missing: ", path,
                              " (was the directory moved without all its files?)");
    }
    return ErrnoError("Failed to open checkpoint state file", path, errno);
  }
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    int err = errno;
    ::close(fd);
    return ErrnoError("Failed to stat checkpoint state file", path, err);
  }
  if (static_cast<int64_t>(st.st_size) < handle.offset + handle.size) {
    ::close(fd);
    return Status::SerializationError(
        "Truncated checkpoint state file ", path, ": ", static_cast<int64_t>(st.st_size),
        " bytes, but the state handle needs ", handle.offset + handle.size);
  }
  return std::unique_ptr<CheckpointInputStream>(std::make_unique<FsCheckpointInputStream>(
      fd, path, handle.offset, handle.size, buffer_size_));
}

// --- CheckpointStorageLocation ---

CheckpointStorageLocation::CheckpointStorageLocation(CheckpointId id, SnapshotKind kind,
                                                     std::string directory,
                                                     bool is_default_location, int64_t buffer_size,
                                                     std::shared_ptr<MemoryPool> memory_pool)
    : id_(id),
      kind_(kind),
      directory_(std::move(directory)),
      is_default_location_(is_default_location),
      buffer_size_(buffer_size),
      memory_pool_(std::move(memory_pool)) {}

std::string CheckpointStorageLocation::metadata_path() const {
  return StrCat(directory_, "/", kMetadataFileName);
}

std::unique_ptr<CheckpointStreamFactory> CheckpointStorageLocation::CreateStreamFactory() const {
  return std::make_unique<FsCheckpointStreamFactory>(directory_, buffer_size_, memory_pool_);
}

Result<std::string> CheckpointStorageLocation::WriteMetadata(
    const CheckpointMetadata& metadata) const {
  const std::string final_path = metadata_path();
  const std::string temp_path = StrCat(directory_, "/", kMetadataTempFileName);
  if (::access(final_path.c_str(), F_OK) == 0) {
    return Status::AlreadyExists("Checkpoint metadata exists already: ", final_path);
  }
  const std::string bytes = EncodeCheckpointMetadata(metadata);
  int fd = ::open(temp_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return ErrnoError("Failed to create checkpoint metadata", temp_path, errno);
  Status st = WriteAll(fd, reinterpret_cast<const uint8_t*>(bytes.data()),
                       static_cast<int64_t>(bytes.size()), temp_path);
  if (st.ok() && ::fsync(fd) != 0) st = ErrnoError("Failed to fsync", temp_path, errno);
  if (::close(fd) != 0 && st.ok()) st = ErrnoError("Failed to close", temp_path, errno);
  if (st.ok() && ::rename(temp_path.c_str(), final_path.c_str()) != 0) {
    st = ErrnoError("Failed to rename checkpoint metadata to", final_path, errno);
  }
  if (!st.ok()) {
    ::unlink(temp_path.c_str());
    return st;
  }
  WEIR_RETURN_NOT_OK(SyncDirectory(directory_));
  WEIR_RETURN_NOT_OK(SyncDirectory(fs::path(directory_).parent_path().string()));
  return final_path;
}

Status CheckpointStorageLocation::Discard() const {
  if (kind_ != SnapshotKind::kCheckpoint && ::access(metadata_path().c_str(), F_OK) == 0) {
    return Status::Invalid("Refusing to delete the completed savepoint ", directory_);
  }
  return RemoveTree(directory_);
}

// --- FsCheckpointStorage ---

FsCheckpointStorage::FsCheckpointStorage(JobId job_id, FsCheckpointStorageOptions options,
                                         std::string job_dir)
    : job_id_(job_id), options_(std::move(options)), job_dir_(std::move(job_dir)) {}

Result<std::shared_ptr<FsCheckpointStorage>> FsCheckpointStorage::Make(
    JobId job_id, FsCheckpointStorageOptions options) {
  std::string job_dir;
  if (!options.checkpoints_dir.empty()) {
    job_dir = StrCat(AbsolutePath(options.checkpoints_dir), "/", job_id.ToString());
    std::error_code ec;
    fs::create_directories(job_dir, ec);
    if (ec) {
      return Status::IOError("Failed to create the checkpoint directory ", job_dir, ": ",
                             ec.message());
    }
  }
  if (!options.savepoints_dir.empty())
    options.savepoints_dir = AbsolutePath(options.savepoints_dir);
  return std::shared_ptr<FsCheckpointStorage>(
      new FsCheckpointStorage(job_id, std::move(options), std::move(job_dir)));
}

Result<std::shared_ptr<CheckpointStorageLocation>> FsCheckpointStorage::InitializeCheckpoint(
    CheckpointId id) {
  if (job_dir_.empty()) {
    return Status::Invalid("Cannot take checkpoint ", id.value(),
                           ": no checkpoint directory is configured (set "
                           "'execution.checkpointing.dir')");
  }
  std::string dir = StrCat(job_dir_, "/", CheckpointDirectoryName(id));
  std::error_code ec;
  if (fs::exists(dir, ec)) {
    if (fs::exists(StrCat(dir, "/", kMetadataFileName), ec)) {
      return Status::AlreadyExists("Checkpoint ", id.value(), " exists already in ", dir);
    }
    WEIR_RETURN_NOT_OK(RemoveTree(dir));  // a leftover of a crashed attempt
  }
  if (!fs::create_directory(dir, ec) || ec) {
    return Status::IOError("Failed to create the checkpoint directory ", dir, ": ",
                           ec ? ec.message() : "it exists");
  }
  auto location = std::make_shared<CheckpointStorageLocation>(
      id, SnapshotKind::kCheckpoint, dir, /*is_default_location=*/true, options_.buffer_size,
      options_.memory_pool);
  std::lock_guard<std::mutex> lock(mu_);
  locations_[id] = dir;
  return location;
}

Result<std::shared_ptr<CheckpointStorageLocation>> FsCheckpointStorage::InitializeSavepoint(
    CheckpointId id, SnapshotKind kind, std::string_view target_dir) {
  std::string target = target_dir.empty() ? options_.savepoints_dir : AbsolutePath(target_dir);
  if (target.empty()) {
    return Status::Invalid(
        "No savepoint target directory: give one or set "
        "'execution.checkpointing.savepoint-dir'");
  }
  std::error_code ec;
  fs::create_directories(target, ec);
  if (ec) {
    return Status::IOError("Failed to create the savepoint target directory ", target, ": ",
                           ec.message());
  }
  const std::string prefix = StrCat("savepoint-", job_id_.ToString().substr(0, 6), "-");
  for (int attempt = 0; attempt < 4; ++attempt) {
    std::string dir = StrCat(target, "/", prefix, RandomHex(12));
    ec.clear();
    if (fs::create_directory(dir, ec) && !ec) {
      auto location = std::make_shared<CheckpointStorageLocation>(
          id, kind, dir, /*is_default_location=*/false, options_.buffer_size, options_.memory_pool);
      std::lock_guard<std::mutex> lock(mu_);
      locations_[id] = dir;
      return location;
    }
    if (ec) {
      return Status::IOError("Failed to create the savepoint directory ", dir, ": ", ec.message());
    }
  }
  return Status::IOError("Failed to create a savepoint directory with a unique name in ", target);
}

void FsCheckpointStorage::ReleaseLocation(CheckpointId id) {
  std::lock_guard<std::mutex> lock(mu_);
  locations_.erase(id);
}

Result<std::unique_ptr<CheckpointStreamFactory>> FsCheckpointStorage::CreateStreamFactory(
    CheckpointId id, std::string_view location_reference) const {
  std::string dir;
  if (!location_reference.empty()) {
    dir = std::string(location_reference);
  } else {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = locations_.find(id);
    if (it != locations_.end()) dir = it->second;
  }
  if (dir.empty()) {
    if (job_dir_.empty()) {
      return Status::Invalid("No checkpoint directory is configured for checkpoint ", id.value());
    }
    dir = StrCat(job_dir_, "/", CheckpointDirectoryName(id));
  }
  return std::unique_ptr<CheckpointStreamFactory>(
      std::make_unique<FsCheckpointStreamFactory>(dir, options_.buffer_size, options_.memory_pool));
}

Result<std::vector<CheckpointId>> FsCheckpointStorage::ListCompletedCheckpointIds() const {
  std::vector<CheckpointId> ids;
  if (job_dir_.empty()) return ids;
  std::error_code ec;
  fs::directory_iterator it(job_dir_, ec);
  if (ec) {
    return Status::IOError("Failed to list the checkpoint directory ", job_dir_, ": ",
                           ec.message());
  }
  for (const fs::directory_entry& entry : it) {
    int64_t id = ParseCheckpointDirName(entry.path().filename().string());
    if (id == 0) continue;
    std::error_code ec2;
    if (fs::is_regular_file(entry.path() / std::string(kMetadataFileName), ec2)) {
      ids.push_back(CheckpointId(id));
    }
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

Result<int> FsCheckpointStorage::DiscardIncompleteCheckpoints() const {
  if (job_dir_.empty()) return 0;
  std::error_code ec;
  fs::directory_iterator it(job_dir_, ec);
  if (ec) {
    return Status::IOError("Failed to list the checkpoint directory ", job_dir_, ": ",
                           ec.message());
  }
  std::vector<std::string> incomplete;
  for (const fs::directory_entry& entry : it) {
    if (ParseCheckpointDirName(entry.path().filename().string()) == 0) continue;
    std::error_code ec2;
    if (!fs::is_regular_file(entry.path() / std::string(kMetadataFileName), ec2)) {
      incomplete.push_back(entry.path().string());
    }
  }
  for (const std::string& dir : incomplete) {
    WEIR_LOG_INFO("Deleting incomplete checkpoint directory {}", dir);
    WEIR_RETURN_NOT_OK(RemoveTree(dir));
  }
  return static_cast<int>(incomplete.size());
}

Status FsCheckpointStorage::DiscardCheckpoint(CheckpointId id) const {
  if (job_dir_.empty()) return Status::OK();
  return RemoveTree(StrCat(job_dir_, "/", CheckpointDirectoryName(id)));
}

// --- Reading ---

Result<LoadedCheckpoint> LoadCheckpoint(std::string_view path) {
  if (path.empty()) return Status::Invalid("Empty savepoint or checkpoint path");
  std::string abs = AbsolutePath(path);
  std::error_code ec;
  std::string dir;
  std::string metadata_path;
  if (fs::is_directory(abs, ec)) {
    dir = abs;
    metadata_path = StrCat(abs, "/", kMetadataFileName);
  } else if (fs::path(abs).filename() == std::string(kMetadataFileName)) {
    dir = fs::path(abs).parent_path().string();
    metadata_path = abs;
  } else if (!fs::exists(abs, ec)) {
    return Status::NotFound("Savepoint or checkpoint path does not exist: ", abs);
  } else {
    return Status::Invalid("Not a savepoint or checkpoint: ", abs,
                           " (give its directory or its _metadata file)");
  }
  Result<std::string> bytes = ReadWholeFile(metadata_path);
  if (!bytes.ok() && bytes.status().IsNotFound()) {
    return Status::NotFound("No _metadata in ", dir,
                            ": the checkpoint or savepoint is incomplete or the path is wrong");
  }
  WEIR_RETURN_NOT_OK(bytes.status());
  WEIR_ASSIGN_OR_RAISE(CheckpointMetadata metadata,
                       DecodeCheckpointMetadata(*bytes, metadata_path));
  LoadedCheckpoint loaded;
  loaded.metadata = std::move(metadata);
  loaded.directory = dir;
  loaded.metadata_path = metadata_path;
  loaded.opener = std::make_shared<FsCheckpointStreamOpener>(dir);
  return loaded;
}

CompletedCheckpointPtr ToCompletedCheckpoint(const LoadedCheckpoint& loaded) {
  auto completed = std::make_shared<CompletedCheckpoint>();
  completed->metadata = loaded.metadata;
  completed->directory = loaded.directory;
  completed->metadata_path = loaded.metadata_path;
  return completed;
}

Result<std::optional<LoadedCheckpoint>> FindLatestCompletedCheckpoint(
    std::string_view checkpoints_dir, const JobId& job_id) {
  FsCheckpointStorageOptions options;
  options.checkpoints_dir = std::string(checkpoints_dir);
  std::string job_dir = StrCat(AbsolutePath(checkpoints_dir), "/", job_id.ToString());
  std::error_code ec;
  if (!fs::is_directory(job_dir, ec)) return std::optional<LoadedCheckpoint>();
  WEIR_ASSIGN_OR_RAISE(auto storage, FsCheckpointStorage::Make(job_id, std::move(options)));
  WEIR_ASSIGN_OR_RAISE(std::vector<CheckpointId> ids, storage->ListCompletedCheckpointIds());
  if (ids.empty()) return std::optional<LoadedCheckpoint>();
  std::string dir = StrCat(job_dir, "/", CheckpointDirectoryName(ids.back()));
  Result<LoadedCheckpoint> loaded = LoadCheckpoint(dir);
  if (!loaded.ok()) {
    return loaded.status().WithContext(
        StrCat("Cannot restore job ", job_id.ToString(), " from its latest checkpoint ",
               ids.back().value(), " (move ", dir, " away to fall back to an older checkpoint)"));
  }
  if (loaded->metadata.job_id != job_id) {
    return Status::Invalid("Checkpoint ", dir, " belongs to job ",
                           loaded->metadata.job_id.ToString(), ", not ", job_id.ToString());
  }
  return std::optional<LoadedCheckpoint>(std::move(loaded).ValueOrDie());
}

}  // namespace weir::runtime
