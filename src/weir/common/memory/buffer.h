// Buffer: a contiguous, 64-byte aligned, memory-accounted byte region shared by column vectors.
#pragma once

#include <cstdint>
#include <cstring>
#include <memory>

#include "weir/common/memory/memory_pool.h"
#include "weir/common/result.h"

namespace weir {

/// A byte region. Either owned (allocated from a MemoryPool, resizable while it is being
/// built) or a view into memory kept alive by `owner` (a slice of another buffer, an
/// imported Arrow array, a received network buffer). Shared as std::shared_ptr<Buffer>;
/// treat it as immutable once published in a column vector.
class Buffer {
 public:
  /// Allocates an owned buffer of `size` bytes (uninitialised).
  static Result<std::shared_ptr<Buffer>> Allocate(int64_t size, MemoryPool* pool = nullptr);
  /// Allocates an owned buffer filled with zeros.
  static Result<std::shared_ptr<Buffer>> AllocateZeroed(int64_t size, MemoryPool* pool = nullptr);
  /// Wraps memory owned elsewhere; `owner` is kept alive as long as the view lives.
  static std::shared_ptr<Buffer> Wrap(const uint8_t* data, int64_t size,
                                      std::shared_ptr<const void> owner);
  /// Returns a view of [offset, offset + size) of `parent` that keeps `parent` alive.
  static std::shared_ptr<Buffer> Slice(const std::shared_ptr<Buffer>& parent, int64_t offset,
                                       int64_t size);
  /// Copies `size` bytes into a new owned buffer.
  static Result<std::shared_ptr<Buffer>> CopyOf(const uint8_t* data, int64_t size,
                                                MemoryPool* pool = nullptr);

  ~Buffer();
  Buffer(const Buffer&) = delete;
  Buffer& operator=(const Buffer&) = delete;

  const uint8_t* data() const { return data_; }
  /// Writable access; only for owned buffers that are still being built.
  uint8_t* mutable_data() { return data_; }
  template <typename T>
  const T* data_as() const {
    return reinterpret_cast<const T*>(data_);
  }
  template <typename T>
  T* mutable_data_as() {
    return reinterpret_cast<T*>(data_);
  }
  int64_t size() const { return size_; }
  int64_t capacity() const { return capacity_; }
  bool is_owned() const { return pool_ != nullptr; }
  MemoryPool* pool() const { return pool_; }

  /// Sets the size of an owned buffer, growing capacity (geometrically) when needed.
  Status Resize(int64_t new_size);
  /// Ensures capacity for `capacity` bytes without changing the size.
  Status Reserve(int64_t capacity);
  /// Releases unused capacity.
  Status ShrinkToFit();

  bool Equals(const Buffer& other) const {
    return size_ == other.size_ && (size_ == 0 || std::memcmp(data_, other.data_, size_) == 0);
  }

 private:
  Buffer() = default;

  uint8_t* data_ = nullptr;
  int64_t size_ = 0;
  int64_t capacity_ = 0;
  MemoryPool* pool_ = nullptr;  // set when owned; keeps the pool alive via pool_ref_
  std::shared_ptr<MemoryPool> pool_ref_;
  std::shared_ptr<const void> owner_;  // set for views
};

using BufferPtr = std::shared_ptr<Buffer>;

}  // namespace weir
