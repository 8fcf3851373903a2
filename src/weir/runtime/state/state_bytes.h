// Byte-level helpers of the state formats: a little-endian appender and a bounds-checked reader.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "weir/common/status.h"

namespace weir::runtime {

static_assert(std::endian::native == std::endian::little,
              "the state formats are written with little-endian stores");

/// Appends fixed-width little-endian integers, LEB128 varints and byte strings to a string.
/// Thread: not thread-safe; one writer per buffer.
class ByteWriter {
 public:
  explicit ByteWriter(std::string* out) : out_(out) {}

  void PutU8(uint8_t v) { out_->push_back(static_cast<char>(v)); }
  void PutU32(uint32_t v) { PutRaw(&v, 4); }
  void PutU64(uint64_t v) { PutRaw(&v, 8); }
  void PutI64(int64_t v) { PutRaw(&v, 8); }
  /// Appends an unsigned LEB128 varint (1..10 bytes).
  void PutVarint(uint64_t v) {
    char buf[10];
    int n = 0;
    while (v >= 0x80) {
      buf[n++] = static_cast<char>((v & 0x7F) | 0x80);
      v >>= 7;
    }
    buf[n++] = static_cast<char>(v);
    out_->append(buf, static_cast<size_t>(n));
  }
  /// Appends a varint length followed by the bytes.
  void PutBytes(std::string_view bytes) {
    PutVarint(bytes.size());
    out_->append(bytes.data(), bytes.size());
  }
  void PutRaw(const void* data, size_t size) {
    out_->append(static_cast<const char*>(data), size);
  }
  /// Appends zero bytes until the size is a multiple of `alignment` (a power of two).
  void PadTo(size_t alignment) {
    size_t pad = (alignment - (out_->size() & (alignment - 1))) & (alignment - 1);
    out_->append(pad, '\0');
  }
  size_t size() const { return out_->size(); }
  std::string* buffer() { return out_; }

 private:
  std::string* out_;
};

/// Reads what ByteWriter wrote. Every read checks the remaining length and fails with
/// SerializationError naming `what` instead of reading past the end.
/// Thread: not thread-safe.
class ByteReader {
 public:
  ByteReader(const void* data, size_t size, const char* what = "state bytes")
      : p_(static_cast<const uint8_t*>(data)), end_(p_ + size), what_(what) {}
  explicit ByteReader(std::string_view bytes, const char* what = "state bytes")
      : ByteReader(bytes.data(), bytes.size(), what) {}

  size_t remaining() const { return static_cast<size_t>(end_ - p_); }
  bool empty() const { return p_ == end_; }
  const uint8_t* position() const { return p_; }

  Status GetU8(uint8_t* v) { return GetRaw(v, 1); }
  Status GetU32(uint32_t* v) { return GetRaw(v, 4); }
  Status GetU64(uint64_t* v) { return GetRaw(v, 8); }
  Status GetI64(int64_t* v) { return GetRaw(v, 8); }
  Status GetVarint(uint64_t* v) {
    uint64_t result = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (p_ == end_) return Truncated();
      uint8_t b = *p_++;
      result |= static_cast<uint64_t>(b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        *v = result;
        return Status::OK();
      }
    }
    return Status::SerializationError("Malformed varint in ", what_);
  }
  /// Reads a varint length and returns a view of that many following bytes.
  Status GetBytes(std::string_view* out) {
    uint64_t n = 0;
    WEIR_RETURN_NOT_OK(GetVarint(&n));
    if (n > remaining()) return Truncated();
    *out = std::string_view(reinterpret_cast<const char*>(p_), static_cast<size_t>(n));
    p_ += n;
    return Status::OK();
  }
  Status GetRaw(void* out, size_t size) {
    if (size > remaining()) return Truncated();
    std::memcpy(out, p_, size);
    p_ += size;
    return Status::OK();
  }
  Status Skip(size_t size) {
    if (size > remaining()) return Truncated();
    p_ += size;
    return Status::OK();
  }
  /// Fails unless every byte was consumed.
  Status ExpectEnd() const {
    if (p_ != end_) {
      return Status::SerializationError("Trailing bytes in ", what_, ": ", remaining());
    }
    return Status::OK();
  }
  Status Truncated() const { return Status::SerializationError("Truncated ", what_); }

 private:
  const uint8_t* p_;
  const uint8_t* end_;
  const char* what_;
};

}  // namespace weir::runtime
