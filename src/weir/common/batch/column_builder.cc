// Column builders for scalar types (fixed width, boolean, strings, NULL) and ColumnBuilder::Make.
#include "weir/common/batch/column_builder.h"

#include <algorithm>
#include <bit>
#include <limits>
#include <type_traits>

#include "weir/common/batch/builder_buffers.h"
#include "weir/common/batch/selection_vector.h"
#include "weir/common/batch/value_check.h"

namespace weir {

namespace {

static_assert(std::endian::native == std::endian::little,
              "the bit gathers load bitmap bytes into words LSB first");

// Reads `n` (1..57) bits of an LSB-first bitmap from bit `pos` on; the bitmap holds
// `size` readable bytes, and the bits read lie within them.
inline uint64_t LoadBits(const uint8_t* bitmap, int64_t size, int64_t pos, int n) {
  const int64_t byte = pos >> 3;
  uint64_t word = 0;
  if (size - byte >= 8) {
    std::memcpy(&word, bitmap + byte, 8);
  } else {
    std::memcpy(&word, bitmap + byte, static_cast<size_t>(size - byte));
  }
  return (word >> (pos & 7)) & ((uint64_t{1} << n) - 1);
}

// Appends bits to a bitmap from a bit position on, collecting them in a 64-bit word that
// is stored whole. Keeps the bits below the start position; Flush() zeroes the bits after
// the end up to the next byte boundary (builders own those bits: they lie past length_).
class BitAppender {
 public:
  BitAppender(uint8_t* bitmap, int64_t pos) : bitmap_(bitmap), word_(pos >> 6), used_(pos & 63) {
    if (used_ > 0) {
      std::memcpy(&pending_, bitmap_ + word_ * 8, static_cast<size_t>((used_ + 7) >> 3));
      pending_ &= (uint64_t{1} << used_) - 1;
    }
  }
  // Appends the low `n` (1..64) bits of `bits`; the bits above them must be zero.
  void Append(uint64_t bits, int n) {
    pending_ |= bits << used_;
    const int total = used_ + n;
    if (total < 64) {
      used_ = total;
      return;
    }
    std::memcpy(bitmap_ + word_ * 8, &pending_, 8);
    ++word_;
    used_ = total - 64;
    pending_ = used_ == 0 ? 0 : bits >> (n - used_);
  }
  // Stores the bits of the last, partial word.
  void Flush() {
    if (used_ > 0) {
      std::memcpy(bitmap_ + word_ * 8, &pending_, static_cast<size_t>((used_ + 7) >> 3));
    }
  }

 private:
  uint8_t* bitmap_;
  int64_t word_;  // index of the 64-bit word being filled
  int used_;      // bits of that word already in pending_
  uint64_t pending_ = 0;
};

// Copies bits src[src_offset + indices[i]] (src: `src_bits` readable bits from bit 0) to
// dst[dst_offset + i] for i in [0, count), a run of consecutive indices at a time. Indices
// are in range.
void GatherBits(const uint8_t* src, int64_t src_bits, int64_t src_offset, const int32_t* indices,
                int64_t count, uint8_t* dst, int64_t dst_offset) {
  const int64_t size = bits::BytesForBits(src_bits);
  BitAppender out(dst, dst_offset);
  int64_t i = 0;
  while (i < count) {
    // Isolated indices: up to 64 bits collected in a register (shifted in from the top, so
    // every shift is by a constant), one append.
    uint64_t word = 0;
    int k = 0;
    while (k < 64 && i + 1 < count &&
           static_cast<uint32_t>(indices[i + 1]) != static_cast<uint32_t>(indices[i]) + 1) {
      word = (word >> 1) | (uint64_t{bits::GetBit(src, src_offset + indices[i])} << 63);
      ++k;
      ++i;
    }
    if (k > 0) out.Append(word >> (64 - k), k);
    if (k == 64) continue;
    // A run (or the last index): up to 56 bits per load.
    const int64_t end = IndexRunEnd(indices, i, count);
    int64_t pos = src_offset + indices[i];
    for (int64_t left = end - i; left > 0;) {
      const int m = static_cast<int>(std::min<int64_t>(left, 56));
      out.Append(LoadBits(src, size, pos, m), m);
      pos += m;
      left -= m;
    }
    i = end;
  }
  out.Flush();
}

}  // namespace

// ---------------------------------------------------------------------------------------
// ColumnBuilder

ColumnBuilder::ColumnBuilder(LogicalType type, MemoryPool* pool)
    : type_(std::move(type)), pool_(pool != nullptr ? pool : DefaultMemoryPool()) {}

Status ColumnBuilder::Reserve(int64_t additional) {
  if (additional < 0) return Status::Invalid("Negative reservation: ", additional, " rows");
  return ReserveValidity(additional);
}

Status ColumnBuilder::EnsureValidity(int64_t num_bits) {
  const int64_t bytes = bits::BytesForBits(num_bits);
  if (validity_ == nullptr) {
    const int64_t initial = bits::BytesForBits(std::max(num_bits, validity_reserved_));
    WEIR_ASSIGN_OR_RAISE(validity_, Buffer::AllocateZeroed(initial, pool_));
    bits::SetBitsTo(validity_->mutable_data(), 0, length_, true);
    return Status::OK();
  }
  const int64_t old = validity_->size();
  if (bytes <= old) return Status::OK();
  WEIR_RETURN_NOT_OK(validity_->Resize(bytes));
  std::memset(validity_->mutable_data() + old, 0, static_cast<size_t>(bytes - old));
  return Status::OK();
}

Status ColumnBuilder::ReserveValidity(int64_t additional) {
  const int64_t needed = length_ + additional;
  if (validity_ == nullptr) {
    validity_reserved_ = std::max(validity_reserved_, needed);
    return Status::OK();
  }
  return EnsureValidity(needed);
}

Status ColumnBuilder::AppendValidity(bool valid) {
  if (valid) {
    if (validity_ == nullptr) return Status::OK();
    WEIR_RETURN_NOT_OK(EnsureValidity(length_ + 1));
    bits::SetBit(validity_->mutable_data(), length_);
    return Status::OK();
  }
  WEIR_RETURN_NOT_OK(EnsureValidity(length_ + 1));
  bits::ClearBit(validity_->mutable_data(), length_);
  ++null_count_;
  return Status::OK();
}

Status ColumnBuilder::AppendValidityRange(const ColumnVector& src, int64_t offset, int64_t length) {
  if (length <= 0) return Status::OK();
  if (src.type().id() == TypeId::kNull) {
    WEIR_RETURN_NOT_OK(EnsureValidity(length_ + length));
    bits::SetBitsTo(validity_->mutable_data(), length_, length, false);
    null_count_ += length;
    return Status::OK();
  }
  const uint8_t* v = src.validity();
  const int64_t valid =
      v == nullptr ? length : bits::CountSetBits(v, src.offset() + offset, length);
  if (valid == length) {
    if (validity_ == nullptr) return Status::OK();
    WEIR_RETURN_NOT_OK(EnsureValidity(length_ + length));
    bits::SetBitsTo(validity_->mutable_data(), length_, length, true);
    return Status::OK();
  }
  WEIR_RETURN_NOT_OK(EnsureValidity(length_ + length));
  bits::CopyBits(v, src.offset() + offset, length, validity_->mutable_data(), length_);
  null_count_ += length - valid;
  return Status::OK();
}

Status ColumnBuilder::AppendValidityIndices(const ColumnVector& src, const int32_t* indices,
                                            int64_t count) {
  if (count <= 0) return Status::OK();
  if (src.type().id() == TypeId::kNull) {
    WEIR_RETURN_NOT_OK(EnsureValidity(length_ + count));
    bits::SetBitsTo(validity_->mutable_data(), length_, count, false);
    null_count_ += count;
    return Status::OK();
  }
  const uint8_t* v = src.validity();
  if (v == nullptr || src.null_count() == 0) {
    if (validity_ == nullptr) return Status::OK();
    WEIR_RETURN_NOT_OK(EnsureValidity(length_ + count));
    bits::SetBitsTo(validity_->mutable_data(), length_, count, true);
    return Status::OK();
  }
  WEIR_RETURN_NOT_OK(EnsureValidity(length_ + count));
  uint8_t* d = validity_->mutable_data();
  GatherBits(v, src.offset() + src.length(), src.offset(), indices, count, d, length_);
  null_count_ += count - bits::CountSetBits(d, length_, count);
  return Status::OK();
}

Result<BufferPtr> ColumnBuilder::FinishValidity() {
  validity_reserved_ = 0;
  if (validity_ == nullptr) return BufferPtr();
  BufferPtr out = std::move(validity_);
  validity_ = nullptr;
  WEIR_RETURN_NOT_OK(internal::FinishBuffer(*out, bits::BytesForBits(length_)));
  return out;
}

Status ColumnBuilder::CheckIndices(const int32_t* indices, int64_t count, int64_t src_length) {
  // Branch-free scan: an index is bad when it is negative or not below src_length.
  uint32_t bad = 0;
  const uint32_t limit = IndexLimit(src_length);
  for (int64_t i = 0; i < count; ++i) bad |= static_cast<uint32_t>(indices[i]) >= limit;
  if (bad != 0 || (count > 0 && src_length <= 0)) {
    for (int64_t i = 0; i < count; ++i) {
      if (indices[i] < 0 || indices[i] >= src_length) {
        return Status::Invalid("Row index out of range: ", indices[i], " for a column of ",
                               src_length, " rows (position ", i, ")");
      }
    }
  }
  return Status::OK();
}

Status ColumnBuilder::IndexError(const int32_t* indices, int64_t count, int64_t src_length) {
  WEIR_RETURN_NOT_OK(CheckIndices(indices, count, src_length));
  return Status::Internal("Gather found a bad row index that CheckIndices accepts (", count,
                          " indices, column of ", src_length, " rows)");
}

Result<int64_t> ColumnBuilder::SpannedByIndexRuns(const ColumnVector& src, const int32_t* indices,
                                                  int64_t count) {
  const int32_t* so = src.value_offsets();
  const uint32_t limit = IndexLimit(src.length());
  int64_t total = 0;
  const bool in_range = VisitIndexRuns(indices, count, [&](int64_t i, int64_t n) {
    const int32_t first = indices[i];
    const int32_t last = indices[i + n - 1];
    if (!RunInRange(first, last, limit)) return false;
    total += int64_t{so[last + 1]} - so[first];
    return true;
  });
  if (!in_range) return IndexError(indices, count, src.length());
  return total;
}

Status ColumnBuilder::ReserveForIndices(const int32_t* indices, int64_t count, int64_t src_length) {
  if (count > kMaxRunCheckedCount) WEIR_RETURN_NOT_OK(CheckIndices(indices, count, src_length));
  Status reserved = Reserve(count);
  if (!reserved.ok()) WEIR_RETURN_NOT_OK(CheckIndices(indices, count, src_length));
  return reserved;
}

Status ColumnBuilder::CheckRange(int64_t offset, int64_t length, int64_t src_length) {
  if (offset < 0 || length < 0 || offset > src_length - length) {
    return Status::Invalid("Row range out of bounds: offset ", offset, ", length ", length,
                           " for a column of ", src_length, " rows");
  }
  return Status::OK();
}

Status ColumnBuilder::CheckSourceType(const ColumnVector& src) const {
  const LogicalType& t = src.type();
  bool ok = t.id() == type_.id();
  if (ok) {
    if (type_.is_nested()) {
      ok = t.num_children() == type_.num_children();
    } else {
      ok = t.EqualsIgnoringNullability(type_);
    }
  }
  if (!ok) {
    return Status::TypeError("Cannot append a column of type ", t.ToString(),
                             " to a builder of type ", type_.ToString());
  }
  return Status::OK();
}

Status ColumnBuilder::AppendIndices(const ColumnVector& src, const int32_t* indices,
                                    int64_t count) {
  WEIR_RETURN_NOT_OK(CheckIndices(indices, count, src.length()));
  WEIR_RETURN_NOT_OK(Reserve(count));
  // Gather runs of consecutive indices as ranges.
  for (int64_t i = 0; i < count;) {
    const int64_t end = IndexRunEnd(indices, i, count);
    WEIR_RETURN_NOT_OK(AppendRange(src, indices[i], end - i));
    i = end;
  }
  return Status::OK();
}

// ---------------------------------------------------------------------------------------
// FixedWidthBuilder<T>

template <typename T>
Status FixedWidthBuilder<T>::Reserve(int64_t additional) {
  if (additional < 0) return Status::Invalid("Negative reservation: ", additional, " rows");
  const int64_t needed = length_ + additional;
  if (needed > capacity_) {
    const int64_t new_capacity = std::max(needed, capacity_ * 2);
    if (values_ == nullptr) {
      WEIR_ASSIGN_OR_RAISE(values_, Buffer::Allocate(new_capacity * int64_t{sizeof(T)}, pool_));
    } else {
      WEIR_RETURN_NOT_OK(values_->Reserve(new_capacity * int64_t{sizeof(T)}));
    }
    capacity_ = values_->capacity() / int64_t{sizeof(T)};
  }
  return ReserveValidity(capacity_ - length_);
}

template <typename T>
Status FixedWidthBuilder<T>::AppendValues(const T* values, int64_t n) {
  if (n <= 0) return Status::OK();
  WEIR_RETURN_NOT_OK(Reserve(n));
  std::memcpy(values_->mutable_data() + length_ * int64_t{sizeof(T)}, values,
              static_cast<size_t>(n) * sizeof(T));
  if (validity_) bits::SetBitsTo(validity_->mutable_data(), length_, n, true);
  length_ += n;
  return Status::OK();
}

template <typename T>
Status FixedWidthBuilder<T>::AppendNull() {
  if (length_ == capacity_) WEIR_RETURN_NOT_OK(Reserve(length_ == 0 ? 64 : length_));
  WEIR_RETURN_NOT_OK(AppendValidity(false));
  std::memset(values_->mutable_data() + length_ * int64_t{sizeof(T)}, 0, sizeof(T));
  ++length_;
  return Status::OK();
}

template <typename T>
Status FixedWidthBuilder<T>::AppendValue(const Value& value) {
  if (value.is_null()) {
    WEIR_RETURN_NOT_OK(internal::CheckValueFits(type_, value));
    return AppendNull();
  }
  T v{};
  WEIR_RETURN_NOT_OK(internal::ValueToFixed<T>(type_, value, &v));
  return Append(v);
}

template <typename T>
Status FixedWidthBuilder<T>::AppendRange(const ColumnVector& src, int64_t offset, int64_t length) {
  WEIR_RETURN_NOT_OK(CheckSourceType(src));
  WEIR_RETURN_NOT_OK(CheckRange(offset, length, src.length()));
  if (length == 0) return Status::OK();
  WEIR_RETURN_NOT_OK(Reserve(length));
  WEIR_RETURN_NOT_OK(AppendValidityRange(src, offset, length));
  std::memcpy(values_->mutable_data() + length_ * int64_t{sizeof(T)},
              src.buffer(1)->data() + (src.offset() + offset) * int64_t{sizeof(T)},
              static_cast<size_t>(length) * sizeof(T));
  length_ += length;
  return Status::OK();
}

template <typename T>
Status FixedWidthBuilder<T>::AppendIndices(const ColumnVector& src, const int32_t* indices,
                                           int64_t count) {
  constexpr int64_t kWidth = sizeof(T);
  WEIR_RETURN_NOT_OK(CheckSourceType(src));
  if (count == 0) return Status::OK();
  WEIR_RETURN_NOT_OK(ReserveForIndices(indices, count, src.length()));
  // One pass checks the bounds of each run (by its ends) and copies it; values past length_
  // stay invisible until the commit below, so a bad index appends nothing.
  const uint32_t limit = IndexLimit(src.length());
  const uint8_t* base = src.buffer(1)->data() + src.offset() * kWidth;
  uint8_t* out = values_->mutable_data() + length_ * kWidth;
  const bool in_range = VisitIndexRuns(indices, count, [&](int64_t i, int64_t n) {
    const int32_t first = indices[i];
    if (!RunInRange(first, indices[i + n - 1], limit)) return false;
    const uint8_t* from = base + int64_t{first} * kWidth;
    if (n == 1) {
      std::memcpy(out + i * kWidth, from, sizeof(T));  // inlined: no memcpy call for one row
    } else {
      std::memcpy(out + i * kWidth, from, static_cast<size_t>(n * kWidth));
    }
    return true;
  });
  if (!in_range) return IndexError(indices, count, src.length());
  WEIR_RETURN_NOT_OK(AppendValidityIndices(src, indices, count));
  length_ += count;
  return Status::OK();
}

template <typename T>
Result<ColumnPtr> FixedWidthBuilder<T>::Finish() {
  if (values_ == nullptr) {
    WEIR_ASSIGN_OR_RAISE(values_, Buffer::Allocate(0, pool_));
  }
  WEIR_RETURN_NOT_OK(internal::FinishBuffer(*values_, length_ * int64_t{sizeof(T)}));
  WEIR_ASSIGN_OR_RAISE(BufferPtr validity, FinishValidity());
  auto column = std::make_shared<const ColumnVector>(
      type_, length_, std::vector<BufferPtr>{std::move(validity), std::move(values_)},
      std::vector<ColumnPtr>{}, null_count_);
  values_ = nullptr;
  capacity_ = 0;
  length_ = 0;
  null_count_ = 0;
  return ColumnPtr(std::move(column));
}

template class FixedWidthBuilder<int8_t>;
template class FixedWidthBuilder<int16_t>;
template class FixedWidthBuilder<int32_t>;
template class FixedWidthBuilder<int64_t>;
template class FixedWidthBuilder<float>;
template class FixedWidthBuilder<double>;
template class FixedWidthBuilder<__int128>;

// ---------------------------------------------------------------------------------------
// BooleanBuilder

Status BooleanBuilder::Reserve(int64_t additional) {
  if (additional < 0) return Status::Invalid("Negative reservation: ", additional, " rows");
  const int64_t needed = length_ + additional;
  if (needed > capacity_) {
    const int64_t new_capacity = std::max(needed, capacity_ * 2);
    const int64_t bytes = bits::BytesForBits(new_capacity);
    if (values_ == nullptr) {
      WEIR_ASSIGN_OR_RAISE(values_, Buffer::AllocateZeroed(bytes, pool_));
    } else {
      const int64_t old = values_->size();
      WEIR_RETURN_NOT_OK(values_->Resize(bytes));
      std::memset(values_->mutable_data() + old, 0, static_cast<size_t>(bytes - old));
    }
    capacity_ = bytes * 8;
  }
  return ReserveValidity(capacity_ - length_);
}

Status BooleanBuilder::AppendNull() {
  if (length_ == capacity_) WEIR_RETURN_NOT_OK(Reserve(length_ == 0 ? 64 : length_));
  WEIR_RETURN_NOT_OK(AppendValidity(false));
  bits::ClearBit(values_->mutable_data(), length_);
  ++length_;
  return Status::OK();
}

Status BooleanBuilder::AppendValue(const Value& value) {
  WEIR_RETURN_NOT_OK(internal::CheckValueFits(type_, value));
  if (value.is_null()) return AppendNull();
  return Append(value.bool_value());
}

Status BooleanBuilder::AppendRange(const ColumnVector& src, int64_t offset, int64_t length) {
  WEIR_RETURN_NOT_OK(CheckSourceType(src));
  WEIR_RETURN_NOT_OK(CheckRange(offset, length, src.length()));
  if (length == 0) return Status::OK();
  WEIR_RETURN_NOT_OK(Reserve(length));
  WEIR_RETURN_NOT_OK(AppendValidityRange(src, offset, length));
  bits::CopyBits(src.buffer(1)->data(), src.offset() + offset, length, values_->mutable_data(),
                 length_);
  length_ += length;
  return Status::OK();
}

Status BooleanBuilder::AppendIndices(const ColumnVector& src, const int32_t* indices,
                                     int64_t count) {
  WEIR_RETURN_NOT_OK(CheckSourceType(src));
  WEIR_RETURN_NOT_OK(CheckIndices(indices, count, src.length()));
  if (count == 0) return Status::OK();
  WEIR_RETURN_NOT_OK(Reserve(count));
  GatherBits(src.buffer(1)->data(), src.offset() + src.length(), src.offset(), indices, count,
             values_->mutable_data(), length_);
  WEIR_RETURN_NOT_OK(AppendValidityIndices(src, indices, count));
  length_ += count;
  return Status::OK();
}

Result<ColumnPtr> BooleanBuilder::Finish() {
  if (values_ == nullptr) {
    WEIR_ASSIGN_OR_RAISE(values_, Buffer::Allocate(0, pool_));
  }
  WEIR_RETURN_NOT_OK(internal::FinishBuffer(*values_, bits::BytesForBits(length_)));
  WEIR_ASSIGN_OR_RAISE(BufferPtr validity, FinishValidity());
  auto column = std::make_shared<const ColumnVector>(
      type_, length_, std::vector<BufferPtr>{std::move(validity), std::move(values_)},
      std::vector<ColumnPtr>{}, null_count_);
  values_ = nullptr;
  capacity_ = 0;
  length_ = 0;
  null_count_ = 0;
  return ColumnPtr(std::move(column));
}

// ---------------------------------------------------------------------------------------
// StringBuilder

namespace {
// Largest byte size of a string column: int32 offsets, kept a multiple of the alignment so
// that rounding a reservation never passes it.
constexpr int64_t kMaxStringData =
    (int64_t{INT32_MAX} / MemoryPool::kAlignment) * MemoryPool::kAlignment;
}  // namespace

Status StringBuilder::EnsureOffsets() {
  if (offsets_ == nullptr) {
    WEIR_ASSIGN_OR_RAISE(offsets_, internal::AllocateOffsets(pool_));
    capacity_ = 0;
  }
  if (data_ == nullptr) {
    WEIR_ASSIGN_OR_RAISE(data_, Buffer::Allocate(0, pool_));
    data_size_ = 0;
  }
  return Status::OK();
}

Status StringBuilder::Reserve(int64_t additional) {
  if (additional < 0) return Status::Invalid("Negative reservation: ", additional, " rows");
  WEIR_RETURN_NOT_OK(EnsureOffsets());
  WEIR_RETURN_NOT_OK(internal::ReserveOffsets(*offsets_, length_ + additional, &capacity_));
  return ReserveValidity(capacity_ - length_);
}

Status StringBuilder::ReserveData(int64_t bytes) {
  WEIR_RETURN_NOT_OK(EnsureOffsets());
  if (bytes < 0) return Status::Invalid("Negative reservation: ", bytes, " bytes");
  if (bytes > kMaxStringData - data_size_) {
    return Status::Invalid("String column too large: ", data_size_, " + ", bytes,
                           " bytes exceed the limit of ", kMaxStringData, " bytes (type ",
                           type_.ToString(), ")");
  }
  const int64_t needed = data_size_ + bytes;
  if (needed > data_->capacity()) {
    const int64_t new_capacity = std::min(kMaxStringData, std::max(needed, data_->capacity() * 2));
    WEIR_RETURN_NOT_OK(data_->Reserve(new_capacity));
  }
  return Status::OK();
}

Status StringBuilder::AppendNull() {
  if (length_ == capacity_) WEIR_RETURN_NOT_OK(Reserve(length_ == 0 ? 64 : length_));
  WEIR_RETURN_NOT_OK(AppendValidity(false));
  offsets_->mutable_data_as<int32_t>()[length_ + 1] = static_cast<int32_t>(data_size_);
  ++length_;
  return Status::OK();
}

Status StringBuilder::AppendValue(const Value& value) {
  WEIR_RETURN_NOT_OK(internal::CheckValueFits(type_, value));
  if (value.is_null()) return AppendNull();
  return Append(value.string_value());
}

Status StringBuilder::AppendRange(const ColumnVector& src, int64_t offset, int64_t length) {
  WEIR_RETURN_NOT_OK(CheckSourceType(src));
  WEIR_RETURN_NOT_OK(CheckRange(offset, length, src.length()));
  if (length == 0) return Status::OK();
  WEIR_RETURN_NOT_OK(Reserve(length));
  const int32_t* so = src.value_offsets() + offset;
  const int64_t start = so[0];
  const int64_t bytes = int64_t{so[length]} - start;
  WEIR_RETURN_NOT_OK(ReserveData(bytes));
  WEIR_RETURN_NOT_OK(AppendValidityRange(src, offset, length));
  if (bytes > 0) {
    std::memcpy(data_->mutable_data() + data_size_, src.buffer(2)->data() + start,
                static_cast<size_t>(bytes));
  }
  int32_t* out = offsets_->mutable_data_as<int32_t>() + length_;
  const int64_t shift = data_size_ - start;
  for (int64_t k = 1; k <= length; ++k) out[k] = static_cast<int32_t>(so[k] + shift);
  data_size_ += bytes;
  length_ += length;
  return Status::OK();
}

Status StringBuilder::AppendIndices(const ColumnVector& src, const int32_t* indices,
                                    int64_t count) {
  WEIR_RETURN_NOT_OK(CheckSourceType(src));
  if (count == 0) return Status::OK();
  WEIR_RETURN_NOT_OK(ReserveForIndices(indices, count, src.length()));
  const int32_t* so = src.value_offsets();
  // Pass 1: bounds and the bytes the runs span, so that the data is reserved once.
  WEIR_ASSIGN_OR_RAISE(const int64_t total, SpannedByIndexRuns(src, indices, count));
  WEIR_RETURN_NOT_OK(ReserveData(total));
  // Pass 2: one copy of the bytes of each run and its offsets rebased onto the output.
  const uint8_t* src_data = src.buffer(2)->data();
  uint8_t* dst_data = data_->mutable_data();
  int32_t* out = offsets_->mutable_data_as<int32_t>() + length_;
  int64_t pos = data_size_;
  VisitIndexRuns(indices, count, [&](int64_t i, int64_t n) {
    const int32_t* run = so + indices[i];
    const int64_t begin = run[0];
    const int64_t bytes = int64_t{run[n]} - begin;
    if (bytes > 0) std::memcpy(dst_data + pos, src_data + begin, static_cast<size_t>(bytes));
    if (n == 1) {
      out[i + 1] = static_cast<int32_t>(pos + bytes);
    } else {
      const int32_t shift = static_cast<int32_t>(pos - begin);
      int32_t* o = out + i;
      for (int64_t k = 1; k <= n; ++k) o[k] = run[k] + shift;
    }
    pos += bytes;
    return true;
  });
  WEIR_RETURN_NOT_OK(AppendValidityIndices(src, indices, count));
  data_size_ = pos;
  length_ += count;
  return Status::OK();
}

Result<ColumnPtr> StringBuilder::Finish() {
  WEIR_RETURN_NOT_OK(EnsureOffsets());
  WEIR_RETURN_NOT_OK(internal::FinishBuffer(*offsets_, (length_ + 1) * 4));
  WEIR_RETURN_NOT_OK(internal::FinishBuffer(*data_, data_size_));
  WEIR_ASSIGN_OR_RAISE(BufferPtr validity, FinishValidity());
  auto column = std::make_shared<const ColumnVector>(
      type_, length_,
      std::vector<BufferPtr>{std::move(validity), std::move(offsets_), std::move(data_)},
      std::vector<ColumnPtr>{}, null_count_);
  offsets_ = nullptr;
  data_ = nullptr;
  capacity_ = 0;
  data_size_ = 0;
  length_ = 0;
  null_count_ = 0;
  return ColumnPtr(std::move(column));
}

// ---------------------------------------------------------------------------------------
// NullBuilder

Status NullBuilder::AppendNull() {
  ++length_;
  ++null_count_;
  return Status::OK();
}

Status NullBuilder::AppendValue(const Value& value) {
  WEIR_RETURN_NOT_OK(internal::CheckValueFits(type_, value));
  return AppendNull();
}

Status NullBuilder::AppendRange(const ColumnVector& src, int64_t offset, int64_t length) {
  WEIR_RETURN_NOT_OK(CheckSourceType(src));
  WEIR_RETURN_NOT_OK(CheckRange(offset, length, src.length()));
  length_ += length;
  null_count_ += length;
  return Status::OK();
}

Status NullBuilder::AppendIndices(const ColumnVector& src, const int32_t* indices, int64_t count) {
  WEIR_RETURN_NOT_OK(CheckSourceType(src));
  WEIR_RETURN_NOT_OK(CheckIndices(indices, count, src.length()));
  if (count < 0) return Status::Invalid("Negative reservation: ", count, " rows");
  length_ += count;
  null_count_ += count;
  return Status::OK();
}

Result<ColumnPtr> NullBuilder::Finish() {
  auto column = std::make_shared<const ColumnVector>(type_, length_, std::vector<BufferPtr>{},
                                                     std::vector<ColumnPtr>{}, length_);
  length_ = 0;
  null_count_ = 0;
  return ColumnPtr(std::move(column));
}

// ---------------------------------------------------------------------------------------
// Make

namespace {

template <typename T>
Result<std::unique_ptr<ColumnBuilder>> MakeFixed(const LogicalType& type, MemoryPool* pool) {
  if (type.byte_width() != static_cast<int>(sizeof(T))) {
    return Status::Internal("Byte width ", type.byte_width(), " of ", type.ToString(),
                            " does not match its builder's ", sizeof(T), " bytes");
  }
  return std::unique_ptr<ColumnBuilder>(new FixedWidthBuilder<T>(type, pool));
}

}  // namespace

Result<std::unique_ptr<ColumnBuilder>> ColumnBuilder::Make(const LogicalType& type,
                                                           MemoryPool* pool) {
  pool = pool != nullptr ? pool : DefaultMemoryPool();
  switch (type.id()) {
    case TypeId::kNull:
      return std::unique_ptr<ColumnBuilder>(new NullBuilder(type, pool));
    case TypeId::kBoolean:
      return std::unique_ptr<ColumnBuilder>(new BooleanBuilder(type, pool));
    case TypeId::kTinyInt:
      return MakeFixed<int8_t>(type, pool);
    case TypeId::kSmallInt:
      return MakeFixed<int16_t>(type, pool);
    case TypeId::kInt:
    case TypeId::kDate:
    case TypeId::kIntervalYearMonth:
      return MakeFixed<int32_t>(type, pool);
    case TypeId::kBigInt:
    case TypeId::kTime:
    case TypeId::kTimestamp:
    case TypeId::kTimestampLtz:
    case TypeId::kIntervalDayTime:
      return MakeFixed<int64_t>(type, pool);
    case TypeId::kFloat:
      return MakeFixed<float>(type, pool);
    case TypeId::kDouble:
      return MakeFixed<double>(type, pool);
    case TypeId::kDecimal:
      return MakeFixed<__int128>(type, pool);
    case TypeId::kChar:
    case TypeId::kVarChar:
    case TypeId::kBinary:
    case TypeId::kVarBinary:
      return std::unique_ptr<ColumnBuilder>(new StringBuilder(type, pool));
    case TypeId::kArray: {
      WEIR_ASSIGN_OR_RAISE(auto element, Make(type.element_type(), pool));
      return std::unique_ptr<ColumnBuilder>(new ListBuilder(type, pool, std::move(element)));
    }
    case TypeId::kMap:
    case TypeId::kMultiset: {
      WEIR_ASSIGN_OR_RAISE(auto entries, Make(MapEntriesType(type), pool));
      return std::unique_ptr<ColumnBuilder>(new ListBuilder(type, pool, std::move(entries)));
    }
    case TypeId::kRow: {
      std::vector<std::unique_ptr<ColumnBuilder>> fields;
      for (const Field& f : type.fields()) {
        WEIR_ASSIGN_OR_RAISE(auto field, Make(f.logical_type(), pool));
        fields.push_back(std::move(field));
      }
      return std::unique_ptr<ColumnBuilder>(new StructBuilder(type, pool, std::move(fields)));
    }
  }
  return Status::NotSupported("No column builder for type ", type.ToString());
}

}  // namespace weir
