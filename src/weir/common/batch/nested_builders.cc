// Builders of nested columns (ARRAY, MAP, MULTISET, ROW) and the Value checks they rely on.
#include <algorithm>

#include "weir/common/batch/builder_buffers.h"
#include "weir/common/batch/column_builder.h"
#include "weir/common/batch/selection_vector.h"
#include "weir/common/batch/value_check.h"

namespace weir {

namespace internal {

const char* ValueKindName(const Value& value) {
  switch (value.storage().index()) {
    case 0:
      return "NULL";
    case 1:
      return "BOOLEAN";
    case 2:
      return "INTEGER";
    case 3:
      return "DOUBLE";
    case 4:
      return "DECIMAL";
    case 5:
      return "STRING";
    case 6:
      return "List";
    case 7:
      return "Map";
    case 8:
      return "Row";
  }
  return "?";
}

namespace {

template <typename Alt>
Status Expect(const LogicalType& type, const Value& value) {
  if (!std::holds_alternative<Alt>(value.storage())) {
    return Status::TypeError("Value does not match type ", type.ToString(), ": got ",
                             ValueKindName(value));
  }
  return Status::OK();
}

template <typename T>
Status CheckFixed(const LogicalType& type, const Value& value) {
  T out{};
  return ValueToFixed<T>(type, value, &out);
}

}  // namespace

Status CheckValueFits(const LogicalType& type, const Value& value) {
  if (value.is_null()) {
    if (!type.nullable() && type.id() != TypeId::kNull) {
      return Status::TypeError("Null value for a NOT NULL type: ", type.ToString());
    }
    return Status::OK();
  }
  switch (type.id()) {
    case TypeId::kNull:
      return Status::TypeError("Value does not match type NULL: got ", ValueKindName(value));
    case TypeId::kBoolean:
      return Expect<bool>(type, value);
    case TypeId::kTinyInt:
      return CheckFixed<int8_t>(type, value);
    case TypeId::kSmallInt:
      return CheckFixed<int16_t>(type, value);
    case TypeId::kInt:
    case TypeId::kDate:
    case TypeId::kIntervalYearMonth:
      return CheckFixed<int32_t>(type, value);
    case TypeId::kBigInt:
    case TypeId::kTime:
    case TypeId::kTimestamp:
    case TypeId::kTimestampLtz:
    case TypeId::kIntervalDayTime:
      return CheckFixed<int64_t>(type, value);
    case TypeId::kFloat:
    case TypeId::kDouble:
      return Expect<double>(type, value);
    case TypeId::kDecimal:
      return CheckFixed<__int128>(type, value);
    case TypeId::kChar:
    case TypeId::kVarChar:
    case TypeId::kBinary:
    case TypeId::kVarBinary:
      return Expect<std::string>(type, value);
    case TypeId::kArray: {
      WEIR_RETURN_NOT_OK(Expect<Value::List>(type, value));
      for (const Value& item : value.list_items()) {
        WEIR_RETURN_NOT_OK(CheckValueFits(type.element_type(), item));
      }
      return Status::OK();
    }
    case TypeId::kMap:
    case TypeId::kMultiset: {
      WEIR_RETURN_NOT_OK(Expect<Value::Map>(type, value));
      for (const auto& [k, v] : value.map_entries()) {
        WEIR_RETURN_NOT_OK(CheckValueFits(type.key_type(), k));
        WEIR_RETURN_NOT_OK(CheckValueFits(type.value_type(), v));
      }
      return Status::OK();
    }
    case TypeId::kRow: {
      WEIR_RETURN_NOT_OK(Expect<Value::Row>(type, value));
      const std::vector<Field>& fields = type.fields();
      const ValueList& values = value.row_fields();
      if (values.size() != fields.size()) {
        return Status::TypeError("Row value has ", values.size(), " fields, type ", type.ToString(),
                                 " has ", fields.size());
      }
      for (size_t i = 0; i < fields.size(); ++i) {
        WEIR_RETURN_NOT_OK(CheckValueFits(fields[i].logical_type(), values[i]));
      }
      return Status::OK();
    }
  }
  return Status::TypeError("Value does not match type ", type.ToString());
}

}  // namespace internal

// ---------------------------------------------------------------------------------------
// ListBuilder

ListBuilder::ListBuilder(LogicalType type, MemoryPool* pool, std::unique_ptr<ColumnBuilder> element)
    : ColumnBuilder(std::move(type), pool), element_(std::move(element)) {}

Status ListBuilder::EnsureOffsets() {
  if (offsets_ == nullptr) {
    // The element builder starts empty with this builder (both restart at Finish).
    WEIR_ASSIGN_OR_RAISE(offsets_, internal::AllocateOffsets(pool_));
    capacity_ = 0;
  }
  return Status::OK();
}

Status ListBuilder::Reserve(int64_t additional) {
  if (additional < 0) return Status::Invalid("Negative reservation: ", additional, " rows");
  WEIR_RETURN_NOT_OK(EnsureOffsets());
  WEIR_RETURN_NOT_OK(internal::ReserveOffsets(*offsets_, length_ + additional, &capacity_));
  return ReserveValidity(capacity_ - length_);
}

Status ListBuilder::Append(int64_t num_elements) {
  if (length_ == capacity_) WEIR_RETURN_NOT_OK(Reserve(length_ == 0 ? 64 : length_));
  int32_t* o = offsets_->mutable_data_as<int32_t>();
  const int64_t next = int64_t{o[length_]} + num_elements;
  if (num_elements < 0 || next != element_->length()) {
    return Status::Invalid("List of ", num_elements, " elements does not match the ",
                           element_->length() - o[length_], " elements appended (type ",
                           type_.ToString(), ")");
  }
  if (next > INT32_MAX) {
    return Status::Invalid("List column too large: ", next, " elements (type ", type_.ToString(),
                           ")");
  }
  o[length_ + 1] = static_cast<int32_t>(next);
  if (validity_) bits::SetBit(validity_->mutable_data(), length_);
  ++length_;
  return Status::OK();
}

Status ListBuilder::AppendNull() {
  if (length_ == capacity_) WEIR_RETURN_NOT_OK(Reserve(length_ == 0 ? 64 : length_));
  WEIR_RETURN_NOT_OK(AppendValidity(false));
  int32_t* o = offsets_->mutable_data_as<int32_t>();
  o[length_ + 1] = o[length_];
  ++length_;
  return Status::OK();
}

Status ListBuilder::AppendValue(const Value& value) {
  WEIR_RETURN_NOT_OK(internal::CheckValueFits(type_, value));
  if (value.is_null()) return AppendNull();
  if (type_.id() == TypeId::kArray) {
    const ValueList& items = value.list_items();
    for (const Value& item : items) WEIR_RETURN_NOT_OK(element_->AppendValue(item));
    return Append(static_cast<int64_t>(items.size()));
  }
  auto* entries = static_cast<StructBuilder*>(element_.get());
  const ValuePairs& pairs = value.map_entries();
  for (const auto& [k, v] : pairs) {
    WEIR_RETURN_NOT_OK(entries->field_builder(0)->AppendValue(k));
    WEIR_RETURN_NOT_OK(entries->field_builder(1)->AppendValue(v));
    WEIR_RETURN_NOT_OK(entries->Append());
  }
  return Append(static_cast<int64_t>(pairs.size()));
}

Status ListBuilder::AppendRange(const ColumnVector& src, int64_t offset, int64_t length) {
  WEIR_RETURN_NOT_OK(CheckSourceType(src));
  WEIR_RETURN_NOT_OK(CheckRange(offset, length, src.length()));
  if (length == 0) return Status::OK();
  WEIR_RETURN_NOT_OK(Reserve(length));
  const int32_t* so = src.value_offsets() + offset;
  const int64_t start = so[0];
  const int64_t count = int64_t{so[length]} - start;
  int32_t* out = offsets_->mutable_data_as<int32_t>() + length_;
  const int64_t base = out[0];
  if (base + count > INT32_MAX) {
    return Status::Invalid("List column too large: ", base + count, " elements (type ",
                           type_.ToString(), ")");
  }
  WEIR_RETURN_NOT_OK(element_->AppendRange(*src.child(0), start, count));
  WEIR_RETURN_NOT_OK(AppendValidityRange(src, offset, length));
  const int64_t shift = base - start;
  for (int64_t k = 1; k <= length; ++k) out[k] = static_cast<int32_t>(so[k] + shift);
  length_ += length;
  return Status::OK();
}

Status ListBuilder::AppendIndices(const ColumnVector& src, const int32_t* indices, int64_t count) {
  WEIR_RETURN_NOT_OK(CheckSourceType(src));
  if (count == 0) return Status::OK();
  WEIR_RETURN_NOT_OK(ReserveForIndices(indices, count, src.length()));
  const int32_t* so = src.value_offsets();
  // Pass 1: bounds and the elements the runs of lists span.
  WEIR_ASSIGN_OR_RAISE(const int64_t total, SpannedByIndexRuns(src, indices, count));
  int32_t* out = offsets_->mutable_data_as<int32_t>() + length_;
  const int64_t base = out[0];
  if (base + total > INT32_MAX) {
    return Status::Invalid("List column too large: ", base + total, " elements (type ",
                           type_.ToString(), ")");
  }
  // Pass 2: rebase the offsets of each run and list its elements (consecutive for a run of
  // lists, so the element builder copies them as one block), then gather the elements with
  // one call on the element builder.
  if (element_indices_.size() < static_cast<size_t>(total)) {
    element_indices_.resize(static_cast<size_t>(total));
  }
  int32_t* elements = element_indices_.data();
  int64_t pos = base;
  VisitIndexRuns(indices, count, [&](int64_t i, int64_t n) {
    const int32_t* run = so + indices[i];
    const int32_t begin = run[0];
    const int64_t num_elements = int64_t{run[n]} - begin;
    const int32_t shift = static_cast<int32_t>(pos - begin);
    for (int64_t k = 1; k <= n; ++k) out[i + k] = run[k] + shift;
    for (int64_t e = 0; e < num_elements; ++e) elements[e] = begin + static_cast<int32_t>(e);
    elements += num_elements;
    pos += num_elements;
    return true;
  });
  WEIR_RETURN_NOT_OK(element_->AppendIndices(*src.child(0), element_indices_.data(), total));
  WEIR_RETURN_NOT_OK(AppendValidityIndices(src, indices, count));
  length_ += count;
  return Status::OK();
}

Result<ColumnPtr> ListBuilder::Finish() {
  WEIR_RETURN_NOT_OK(EnsureOffsets());
  WEIR_ASSIGN_OR_RAISE(ColumnPtr child, element_->Finish());
  // The element builder restarts at 0 too, so the next list column starts at offset 0.
  WEIR_RETURN_NOT_OK(internal::FinishBuffer(*offsets_, (length_ + 1) * 4));
  WEIR_ASSIGN_OR_RAISE(BufferPtr validity, FinishValidity());
  auto column = std::make_shared<const ColumnVector>(
      type_, length_, std::vector<BufferPtr>{std::move(validity), std::move(offsets_)},
      std::vector<ColumnPtr>{std::move(child)}, null_count_);
  offsets_ = nullptr;
  capacity_ = 0;
  length_ = 0;
  null_count_ = 0;
  return ColumnPtr(std::move(column));
}

// ---------------------------------------------------------------------------------------
// StructBuilder

StructBuilder::StructBuilder(LogicalType type, MemoryPool* pool,
                             std::vector<std::unique_ptr<ColumnBuilder>> fields)
    : ColumnBuilder(std::move(type), pool), fields_(std::move(fields)) {}

Status StructBuilder::Append() {
  for (size_t i = 0; i < fields_.size(); ++i) {
    if (fields_[i]->length() != length_ + 1) {
      return Status::Invalid("Row field ", i, " has ", fields_[i]->length(), " values, expected ",
                             length_ + 1, " (type ", type_.ToString(), ")");
    }
  }
  WEIR_RETURN_NOT_OK(AppendValidity(true));
  ++length_;
  return Status::OK();
}

Status StructBuilder::Reserve(int64_t additional) {
  if (additional < 0) return Status::Invalid("Negative reservation: ", additional, " rows");
  for (auto& f : fields_) WEIR_RETURN_NOT_OK(f->Reserve(additional));
  return ReserveValidity(additional);
}

Status StructBuilder::AppendNull() {
  for (auto& f : fields_) WEIR_RETURN_NOT_OK(f->AppendNull());
  WEIR_RETURN_NOT_OK(AppendValidity(false));
  ++length_;
  return Status::OK();
}

Status StructBuilder::AppendValue(const Value& value) {
  WEIR_RETURN_NOT_OK(internal::CheckValueFits(type_, value));
  if (value.is_null()) return AppendNull();
  const ValueList& values = value.row_fields();
  for (size_t i = 0; i < fields_.size(); ++i)
    WEIR_RETURN_NOT_OK(fields_[i]->AppendValue(values[i]));
  return Append();
}

Status StructBuilder::AppendRange(const ColumnVector& src, int64_t offset, int64_t length) {
  WEIR_RETURN_NOT_OK(CheckSourceType(src));
  WEIR_RETURN_NOT_OK(CheckRange(offset, length, src.length()));
  if (length == 0) return Status::OK();
  for (size_t i = 0; i < fields_.size(); ++i) {
    WEIR_RETURN_NOT_OK(
        fields_[i]->AppendRange(*src.child(static_cast<int>(i)), src.offset() + offset, length));
  }
  WEIR_RETURN_NOT_OK(AppendValidityRange(src, offset, length));
  length_ += length;
  return Status::OK();
}

Status StructBuilder::AppendIndices(const ColumnVector& src, const int32_t* indices,
                                    int64_t count) {
  WEIR_RETURN_NOT_OK(CheckSourceType(src));
  WEIR_RETURN_NOT_OK(CheckIndices(indices, count, src.length()));
  if (count == 0) return Status::OK();
  for (size_t i = 0; i < fields_.size(); ++i) {
    // Row r of the struct is row offset() + r of each child. Without an offset the child
    // takes the same indices; otherwise gather from a view that starts at offset().
    const ColumnPtr& child = src.child(static_cast<int>(i));
    if (child->length() < src.offset() + src.length()) {
      return Status::Invalid("Row field ", i, " has ", child->length(), " rows, needs ",
                             src.offset() + src.length(), " (type ", src.type().ToString(), ")");
    }
    if (src.offset() == 0) {
      WEIR_RETURN_NOT_OK(fields_[i]->AppendIndices(*child, indices, count));
    } else {
      ColumnPtr view = child->Slice(src.offset(), src.length());
      WEIR_RETURN_NOT_OK(fields_[i]->AppendIndices(*view, indices, count));
    }
  }
  WEIR_RETURN_NOT_OK(AppendValidityIndices(src, indices, count));
  length_ += count;
  return Status::OK();
}

Result<ColumnPtr> StructBuilder::Finish() {
  std::vector<ColumnPtr> children;
  children.reserve(fields_.size());
  for (auto& f : fields_) {
    WEIR_ASSIGN_OR_RAISE(ColumnPtr child, f->Finish());
    children.push_back(std::move(child));
  }
  WEIR_ASSIGN_OR_RAISE(BufferPtr validity, FinishValidity());
  auto column = std::make_shared<const ColumnVector>(type_, length_,
                                                     std::vector<BufferPtr>{std::move(validity)},
                                                     std::move(children), null_count_);
  length_ = 0;
  null_count_ = 0;
  return ColumnPtr(std::move(column));
}

}  // namespace weir
