// ColumnVector: one column of a batch in the Arrow columnar layout (validity, values, offsets,
// children).
#pragma once

#include <atomic>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>
#include <vector>

#include "weir/common/check.h"
#include "weir/common/memory/buffer.h"
#include "weir/common/result.h"
#include "weir/common/types/decimal.h"
#include "weir/common/types/logical_type.h"

namespace weir {

class ColumnVector;
using ColumnPtr = std::shared_ptr<const ColumnVector>;

/// Bit helpers for Arrow's LSB-first bitmaps.
namespace bits {
inline bool GetBit(const uint8_t* bitmap, int64_t i) { return (bitmap[i >> 3] >> (i & 7)) & 1; }
inline void SetBit(uint8_t* bitmap, int64_t i) { bitmap[i >> 3] |= uint8_t(1u << (i & 7)); }
inline void ClearBit(uint8_t* bitmap, int64_t i) {
  bitmap[i >> 3] &= static_cast<uint8_t>(~(1u << (i & 7)));
}
inline void SetBitTo(uint8_t* bitmap, int64_t i, bool v) {
  if (v)
    SetBit(bitmap, i);
  else
    ClearBit(bitmap, i);
}
inline int64_t BytesForBits(int64_t n) { return (n + 7) >> 3; }
/// Counts set bits in [offset, offset + length).
int64_t CountSetBits(const uint8_t* bitmap, int64_t offset, int64_t length);
/// Copies `length` bits from src[src_offset..] to dst[dst_offset..].
void CopyBits(const uint8_t* src, int64_t src_offset, int64_t length, uint8_t* dst,
              int64_t dst_offset);
/// Sets bits [offset, offset + length) to `value`.
void SetBitsTo(uint8_t* bitmap, int64_t offset, int64_t length, bool value);
}  // namespace bits

/// An immutable column: a logical type, `length` values starting at `offset` within the
/// buffers, and children for nested types. Buffers per layout (Arrow order):
///   kNull:       none
///   kBitmap:     [validity, bits]
///   kFixedWidth: [validity, values]          (byte_width() bytes each)
///   kVarBinary:  [validity, int32 offsets, bytes]
///   kList/kMap:  [validity, int32 offsets]    children: {element} / {entries STRUCT<key, value>}
///   kStruct:     [validity]                   children: one per field
/// A null validity buffer means no nulls. Slicing shares buffers and moves `offset`.
///
/// Fixed-width storage: BOOLEAN bits; TINYINT..BIGINT, FLOAT, DOUBLE native; DECIMAL int128;
/// DATE int32 days since 1970-01-01; TIME int64 nanoseconds of the day; TIMESTAMP(p) and
/// TIMESTAMP_LTZ(p) int64 since the epoch in TimestampUnit(p); INTERVAL YEAR TO MONTH int32
/// months; INTERVAL DAY TO SECOND int64 milliseconds.
class ColumnVector {
 public:
  ColumnVector(LogicalType type, int64_t length, std::vector<BufferPtr> buffers,
               std::vector<ColumnPtr> children = {}, int64_t null_count = kUnknownNullCount,
               int64_t offset = 0);

  static constexpr int64_t kUnknownNullCount = -1;

  /// Makes a column of `length` nulls of `type`.
  static Result<ColumnPtr> MakeNulls(const LogicalType& type, int64_t length,
                                     MemoryPool* pool = nullptr);

  const LogicalType& type() const { return type_; }
  int64_t length() const { return length_; }
  int64_t offset() const { return offset_; }
  int64_t null_count() const;
  const std::vector<BufferPtr>& buffers() const { return buffers_; }
  const BufferPtr& buffer(int i) const { return buffers_[i]; }
  const std::vector<ColumnPtr>& children() const { return children_; }
  const ColumnPtr& child(int i) const { return children_[i]; }

  /// Validity bitmap (or nullptr when there are no nulls); bit index is offset() + i.
  const uint8_t* validity() const {
    return buffers_.empty() || !buffers_[0] ? nullptr : buffers_[0]->data();
  }
  bool IsNull(int64_t i) const {
    if (type_.id() == TypeId::kNull) return true;
    const uint8_t* v = validity();
    return v != nullptr && !bits::GetBit(v, offset_ + i);
  }
  bool IsValid(int64_t i) const { return !IsNull(i); }

  /// Typed access to fixed-width values, already adjusted by offset().
  template <typename T>
  const T* values() const {
    return buffers_[1]->data_as<T>() + offset_;
  }
  template <typename T>
  T Value(int64_t i) const {
    return values<T>()[i];
  }
  bool BoolValue(int64_t i) const { return bits::GetBit(buffers_[1]->data(), offset_ + i); }
  Decimal128 DecimalValue(int64_t i) const {
    __int128 v;
    std::memcpy(&v, buffers_[1]->data() + (offset_ + i) * 16, 16);
    return Decimal128(v);
  }

  /// Offsets of var-binary, list and map columns (length() + 1 entries, adjusted by offset()).
  const int32_t* value_offsets() const { return buffers_[1]->data_as<int32_t>() + offset_; }
  /// String/binary value i (valid until the column is destroyed).
  std::string_view StringValue(int64_t i) const {
    const int32_t* o = value_offsets();
    return std::string_view(reinterpret_cast<const char*>(buffers_[2]->data()) + o[i],
                            static_cast<size_t>(o[i + 1] - o[i]));
  }
  /// Start and length of list/map element i within child(0).
  int64_t ListOffset(int64_t i) const { return value_offsets()[i]; }
  int64_t ListLength(int64_t i) const { return value_offsets()[i + 1] - value_offsets()[i]; }

  /// Returns a zero-copy view of rows [offset, offset + length).
  ColumnPtr Slice(int64_t offset, int64_t length) const;

  /// Checks the layout invariants (buffer sizes, offsets within bounds and monotonic,
  /// children lengths). Used on every column that comes from outside (decoding, import).
  Status Validate() const;

  /// Compares values (not buffers) row by row, including nulls.
  bool Equals(const ColumnVector& other) const;

  /// Bytes of buffer memory this column references (shared buffers count fully).
  int64_t ReferencedBytes() const;

 private:
  LogicalType type_;
  int64_t length_;
  int64_t offset_;
  mutable std::atomic<int64_t> null_count_;  // computed lazily when kUnknownNullCount
  std::vector<BufferPtr> buffers_;
  std::vector<ColumnPtr> children_;
};

/// Number of buffers a column of `layout` has.
int NumBuffers(PhysicalLayout layout);

/// Returns the type of the child of a MAP or MULTISET column: ROW<key K, value V> NOT NULL
/// (MULTISET: key = element, value = INT NOT NULL count), named "entries" on export.
LogicalType MapEntriesType(const LogicalType& map_type);

}  // namespace weir
