// Column builders: append values (typed fast paths, or generic Values) and finish an immutable
// column.
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "weir/common/batch/column_vector.h"
#include "weir/common/batch/value.h"
#include "weir/common/memory/buffer.h"

namespace weir {

/// Builds one column. Make() returns the builder for a type; typed subclasses add
/// non-virtual Append methods for hot paths. Thread: one thread at a time.
class ColumnBuilder {
 public:
  /// Creates the builder for `type`, allocating from `pool` (DefaultMemoryPool() if null).
  static Result<std::unique_ptr<ColumnBuilder>> Make(const LogicalType& type,
                                                     MemoryPool* pool = nullptr);
  virtual ~ColumnBuilder() = default;

  const LogicalType& type() const { return type_; }
  int64_t length() const { return length_; }
  int64_t null_count() const { return null_count_; }

  /// Ensures room for `additional` more rows without reallocating.
  virtual Status Reserve(int64_t additional);
  virtual Status AppendNull() = 0;
  /// Appends a generic value; fails with TypeError when it does not fit the type.
  virtual Status AppendValue(const Value& value) = 0;
  /// Appends rows [offset, offset + length) of `src` (same type, ignoring nullability).
  virtual Status AppendRange(const ColumnVector& src, int64_t offset, int64_t length) = 0;
  /// Appends the rows of `src` listed in `indices` (a gather). Fails with Invalid, appending
  /// nothing, when an index is outside [0, src.length()). Runs of consecutive indices are
  /// copied as blocks, so filters that keep long stretches of rows gather fastest.
  virtual Status AppendIndices(const ColumnVector& src, const int32_t* indices, int64_t count);
  /// Returns the built column and resets the builder to empty.
  virtual Result<ColumnPtr> Finish() = 0;

 protected:
  ColumnBuilder(LogicalType type, MemoryPool* pool);
  // Validity bitmap handling shared by all builders: appends one validity bit.
  Status AppendValidity(bool valid);
  Status AppendValidityRange(const ColumnVector& src, int64_t offset, int64_t length);
  // Hands the validity buffer to the finished column (nullptr when there were no nulls).
  Result<BufferPtr> FinishValidity();
  // Ensures validity bits for length_ + additional rows once a bitmap exists (remembered
  // for the lazy allocation otherwise), so typed appends can set bits without checks.
  Status ReserveValidity(int64_t additional);
  // Appends the validity of src rows indices[0..count) (indices already bounds-checked),
  // copying runs of consecutive indices a word at a time.
  Status AppendValidityIndices(const ColumnVector& src, const int32_t* indices, int64_t count);
  // Reserves `count` rows for a gather; when that fails and an index is out of range,
  // returns the index error instead (bad input wins over running out of memory).
  Status ReserveForIndices(const int32_t* indices, int64_t count, int64_t src_length);
  // Creates the bitmap (all earlier rows valid) or grows it to hold `num_bits` bits.
  Status EnsureValidity(int64_t num_bits);
  // Checks that every index lies in [0, src_length).
  static Status CheckIndices(const int32_t* indices, int64_t count, int64_t src_length);
  // Returns the error of CheckIndices for indices known to hold a bad one (Internal if not).
  static Status IndexError(const int32_t* indices, int64_t count, int64_t src_length);
  // Returns the bound a gather compares indices against as uint32 (negative indices become
  // >= 2^31): src_length, at most 2^31.
  static uint32_t IndexLimit(int64_t src_length) {
    return static_cast<uint32_t>(
        std::min<int64_t>(src_length < 0 ? 0 : src_length, int64_t{1} << 31));
  }
  // Tells whether the run of consecutive indices [first, last] (see IndexRunEnd) lies in
  // [0, limit): with limit <= 2^31 a run that passes both ends cannot have wrapped, as long
  // as the gather has fewer than 2^31 indices.
  static bool RunInRange(int32_t first, int32_t last, uint32_t limit) {
    return static_cast<uint32_t>(first) < limit && static_cast<uint32_t>(last) < limit;
  }
  // For an offsets column `src` (strings, lists): checks the bounds of each run of the
  // gather's indices (by its ends) and returns how many values (bytes, elements) the rows
  // span, so the target reserves them once.
  static Result<int64_t> SpannedByIndexRuns(const ColumnVector& src, const int32_t* indices,
                                            int64_t count);
  // Largest index count whose runs RunInRange may check by their ends.
  static constexpr int64_t kMaxRunCheckedCount = INT32_MAX;
  // Checks that [offset, offset + length) lies within a column of `src_length` rows.
  static Status CheckRange(int64_t offset, int64_t length, int64_t src_length);
  // Checks that `src` can be appended to this builder (same physical shape).
  Status CheckSourceType(const ColumnVector& src) const;

  LogicalType type_;
  MemoryPool* pool_;
  int64_t length_ = 0;
  int64_t null_count_ = 0;
  BufferPtr validity_;             // allocated lazily at the first null
  int64_t validity_reserved_ = 0;  // rows reserved before the bitmap existed
};

/// Builds fixed-width columns (integers, floating point, DECIMAL as __int128, temporal values).
template <typename T>
class FixedWidthBuilder final : public ColumnBuilder {
 public:
  FixedWidthBuilder(LogicalType type, MemoryPool* pool) : ColumnBuilder(std::move(type), pool) {}

  Status Append(T value) {
    if (length_ == capacity_) WEIR_RETURN_NOT_OK(Reserve(length_ == 0 ? 64 : length_));
    UnsafeAppend(value);
    return Status::OK();
  }
  /// Appends without checking capacity (after Reserve) or validity.
  void UnsafeAppend(T value) {
    reinterpret_cast<T*>(values_->mutable_data())[length_] = value;
    if (validity_) bits::SetBit(validity_->mutable_data(), length_);
    ++length_;
  }
  /// Appends `n` values at once.
  Status AppendValues(const T* values, int64_t n);

  Status Reserve(int64_t additional) override;
  Status AppendNull() override;
  Status AppendValue(const Value& value) override;
  Status AppendRange(const ColumnVector& src, int64_t offset, int64_t length) override;
  Status AppendIndices(const ColumnVector& src, const int32_t* indices, int64_t count) override;
  Result<ColumnPtr> Finish() override;

 private:
  BufferPtr values_;
  int64_t capacity_ = 0;
};

/// Builds BOOLEAN columns (bit-packed).
class BooleanBuilder final : public ColumnBuilder {
 public:
  BooleanBuilder(LogicalType type, MemoryPool* pool) : ColumnBuilder(std::move(type), pool) {}
  Status Append(bool value) {
    if (length_ == capacity_) WEIR_RETURN_NOT_OK(Reserve(length_ == 0 ? 64 : length_));
    bits::SetBitTo(values_->mutable_data(), length_, value);
    if (validity_) bits::SetBit(validity_->mutable_data(), length_);
    ++length_;
    return Status::OK();
  }
  Status Reserve(int64_t additional) override;
  Status AppendNull() override;
  Status AppendValue(const Value& value) override;
  Status AppendRange(const ColumnVector& src, int64_t offset, int64_t length) override;
  Status AppendIndices(const ColumnVector& src, const int32_t* indices, int64_t count) override;
  Result<ColumnPtr> Finish() override;

 private:
  BufferPtr values_;
  int64_t capacity_ = 0;
};

/// Builds CHAR/VARCHAR/STRING and BINARY/VARBINARY/BYTES columns.
class StringBuilder final : public ColumnBuilder {
 public:
  StringBuilder(LogicalType type, MemoryPool* pool) : ColumnBuilder(std::move(type), pool) {}
  Status Append(std::string_view value) {
    if (length_ == capacity_) WEIR_RETURN_NOT_OK(Reserve(length_ == 0 ? 64 : length_));
    const int64_t n = static_cast<int64_t>(value.size());
    if (n > data_->capacity() - data_size_) WEIR_RETURN_NOT_OK(ReserveData(n));
    if (n > 0) std::memcpy(data_->mutable_data() + data_size_, value.data(), value.size());
    data_size_ += n;
    offsets_->mutable_data_as<int32_t>()[length_ + 1] = static_cast<int32_t>(data_size_);
    if (validity_) bits::SetBit(validity_->mutable_data(), length_);
    ++length_;
    return Status::OK();
  }
  /// Ensures room for `bytes` more bytes of string data.
  Status ReserveData(int64_t bytes);
  Status Reserve(int64_t additional) override;
  Status AppendNull() override;
  Status AppendValue(const Value& value) override;
  Status AppendRange(const ColumnVector& src, int64_t offset, int64_t length) override;
  Status AppendIndices(const ColumnVector& src, const int32_t* indices, int64_t count) override;
  Result<ColumnPtr> Finish() override;

 private:
  Status EnsureOffsets();
  BufferPtr offsets_;
  BufferPtr data_;  // bytes in [0, data_size_) are used; capacity() bounds the rest
  int64_t capacity_ = 0;
  int64_t data_size_ = 0;
};

/// Builds ARRAY (list) and MAP/MULTISET (list of STRUCT<key, value>) columns.
/// Append a list by appending its elements to element_builder() (for maps: to the key
/// and value builders of the entries) and then calling Append(num_elements).
class ListBuilder final : public ColumnBuilder {
 public:
  ListBuilder(LogicalType type, MemoryPool* pool, std::unique_ptr<ColumnBuilder> element);
  /// Closes a list of `num_elements` elements just appended to the element builder.
  Status Append(int64_t num_elements);
  ColumnBuilder* element_builder() { return element_.get(); }
  Status Reserve(int64_t additional) override;
  Status AppendNull() override;
  Status AppendValue(const Value& value) override;
  Status AppendRange(const ColumnVector& src, int64_t offset, int64_t length) override;
  Status AppendIndices(const ColumnVector& src, const int32_t* indices, int64_t count) override;
  Result<ColumnPtr> Finish() override;

 private:
  Status EnsureOffsets();
  std::unique_ptr<ColumnBuilder> element_;  // for maps: a StructBuilder of {key, value}
  BufferPtr offsets_;
  // Element indices of a gather; kept between calls so that gathers do not allocate.
  std::vector<int32_t> element_indices_;
  int64_t capacity_ = 0;
};

/// Builds ROW (struct) columns: append each field to field_builder(i), then Append().
class StructBuilder final : public ColumnBuilder {
 public:
  StructBuilder(LogicalType type, MemoryPool* pool,
                std::vector<std::unique_ptr<ColumnBuilder>> fields);
  /// Closes a row whose fields were appended to the field builders.
  Status Append();
  ColumnBuilder* field_builder(int i) { return fields_[i].get(); }
  int num_fields() const { return static_cast<int>(fields_.size()); }
  Status Reserve(int64_t additional) override;
  Status AppendNull() override;
  Status AppendValue(const Value& value) override;
  Status AppendRange(const ColumnVector& src, int64_t offset, int64_t length) override;
  Status AppendIndices(const ColumnVector& src, const int32_t* indices, int64_t count) override;
  Result<ColumnPtr> Finish() override;

 private:
  std::vector<std::unique_ptr<ColumnBuilder>> fields_;
};

/// Builds columns of the NULL type.
class NullBuilder final : public ColumnBuilder {
 public:
  NullBuilder(LogicalType type, MemoryPool* pool) : ColumnBuilder(std::move(type), pool) {}
  Status AppendNull() override;
  Status AppendValue(const Value& value) override;
  Status AppendRange(const ColumnVector& src, int64_t offset, int64_t length) override;
  Status AppendIndices(const ColumnVector& src, const int32_t* indices, int64_t count) override;
  Result<ColumnPtr> Finish() override;
};

/// Reads row `i` of a column as a generic Value (see Value for the encodings).
Value ValueAt(const ColumnVector& column, int64_t i);

}  // namespace weir
