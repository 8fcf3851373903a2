// ColumnVector: null counting, null columns, slicing, validation and value equality; bit helpers.
#include "weir/common/batch/column_vector.h"

#include <bit>

namespace weir {

static_assert(std::endian::native == std::endian::little,
              "the bitmap word loops assume a little-endian host");

namespace bits {

int64_t CountSetBits(const uint8_t* bitmap, int64_t offset, int64_t length) {
  if (length <= 0) return 0;
  int64_t count = 0;
  int64_t i = offset;
  const int64_t end = offset + length;
  while (i < end && (i & 7) != 0) {
    count += GetBit(bitmap, i);
    ++i;
  }
  const int64_t full_bytes = (end - i) >> 3;
  const uint8_t* p = bitmap + (i >> 3);
  int64_t k = 0;
  for (; k + 8 <= full_bytes; k += 8) {
    uint64_t w;
    std::memcpy(&w, p + k, 8);
    count += std::popcount(w);
  }
  for (; k < full_bytes; ++k) count += std::popcount(static_cast<unsigned>(p[k]));
  i += full_bytes * 8;
  while (i < end) {
    count += GetBit(bitmap, i);
    ++i;
  }
  return count;
}

void CopyBits(const uint8_t* src, int64_t src_offset, int64_t length, uint8_t* dst,
              int64_t dst_offset) {
  if (length <= 0) return;
  // Bit by bit until the destination is byte aligned.
  while (length > 0 && (dst_offset & 7) != 0) {
    SetBitTo(dst, dst_offset, GetBit(src, src_offset));
    ++src_offset;
    ++dst_offset;
    --length;
  }
  const int64_t nbytes = length >> 3;
  uint8_t* d = dst + (dst_offset >> 3);
  const uint8_t* s = src + (src_offset >> 3);
  const int shift = static_cast<int>(src_offset & 7);
  if (shift == 0) {
    if (nbytes > 0) std::memmove(d, s, static_cast<size_t>(nbytes));
  } else {
    // Every destination byte takes the high bits of s[k] and the low bits of s[k + 1];
    // s[k + 1] holds bits inside the copied range, so reading it stays in bounds.
    int64_t k = 0;
    for (; k + 8 <= nbytes; k += 8) {
      uint64_t w;
      std::memcpy(&w, s + k, 8);
      w = (w >> shift) | (static_cast<uint64_t>(s[k + 8]) << (64 - shift));
      std::memcpy(d + k, &w, 8);
    }
    for (; k < nbytes; ++k) {
      d[k] = static_cast<uint8_t>((s[k] >> shift) | (s[k + 1] << (8 - shift)));
    }
  }
  src_offset += nbytes * 8;
  dst_offset += nbytes * 8;
  length -= nbytes * 8;
  while (length > 0) {
    SetBitTo(dst, dst_offset, GetBit(src, src_offset));
    ++src_offset;
    ++dst_offset;
    --length;
  }
}

void SetBitsTo(uint8_t* bitmap, int64_t offset, int64_t length, bool value) {
  if (length <= 0) return;
  while (length > 0 && (offset & 7) != 0) {
    SetBitTo(bitmap, offset, value);
    ++offset;
    --length;
  }
  const int64_t nbytes = length >> 3;
  if (nbytes > 0) {
    std::memset(bitmap + (offset >> 3), value ? 0xFF : 0, static_cast<size_t>(nbytes));
  }
  offset += nbytes * 8;
  length -= nbytes * 8;
  while (length > 0) {
    SetBitTo(bitmap, offset, value);
    ++offset;
    --length;
  }
}

}  // namespace bits

int NumBuffers(PhysicalLayout layout) {
  switch (layout) {
    case PhysicalLayout::kNull:
      return 0;
    case PhysicalLayout::kBitmap:
    case PhysicalLayout::kFixedWidth:
      return 2;
    case PhysicalLayout::kVarBinary:
      return 3;
    case PhysicalLayout::kList:
    case PhysicalLayout::kMap:
      return 2;
    case PhysicalLayout::kStruct:
      return 1;
  }
  return 0;
}

LogicalType MapEntriesType(const LogicalType& map_type) {
  return LogicalType::Row(
      {Field("key", map_type.key_type()), Field("value", map_type.value_type())},
      /*nullable=*/false);
}

ColumnVector::ColumnVector(LogicalType type, int64_t length, std::vector<BufferPtr> buffers,
                           std::vector<ColumnPtr> children, int64_t null_count, int64_t offset)
    : type_(std::move(type)),
      length_(length),
      offset_(offset),
      null_count_(null_count),
      buffers_(std::move(buffers)),
      children_(std::move(children)) {
  if (type_.id() == TypeId::kNull) {
    null_count_.store(length_, std::memory_order_relaxed);
  } else if (validity() == nullptr) {
    null_count_.store(0, std::memory_order_relaxed);
  }
}

int64_t ColumnVector::null_count() const {
  int64_t n = null_count_.load(std::memory_order_relaxed);
  if (n < 0) {
    n = length_ - bits::CountSetBits(validity(), offset_, length_);
    null_count_.store(n, std::memory_order_relaxed);
  }
  return n;
}

Result<ColumnPtr> ColumnVector::MakeNulls(const LogicalType& type, int64_t length,
                                          MemoryPool* pool) {
  if (length < 0) return Status::Invalid("Negative column length: ", length);
  const PhysicalLayout layout = type.layout();
  if (layout == PhysicalLayout::kNull) {
    return std::make_shared<const ColumnVector>(type, length, std::vector<BufferPtr>{});
  }
  WEIR_ASSIGN_OR_RAISE(BufferPtr validity,
                       Buffer::AllocateZeroed(bits::BytesForBits(length), pool));
  std::vector<BufferPtr> buffers{validity};
  std::vector<ColumnPtr> children;
  switch (layout) {
    case PhysicalLayout::kNull:
      break;
    case PhysicalLayout::kBitmap: {
      WEIR_ASSIGN_OR_RAISE(BufferPtr values,
                           Buffer::AllocateZeroed(bits::BytesForBits(length), pool));
      buffers.push_back(std::move(values));
      break;
    }
    case PhysicalLayout::kFixedWidth: {
      WEIR_ASSIGN_OR_RAISE(BufferPtr values,
                           Buffer::AllocateZeroed(length * type.byte_width(), pool));
      buffers.push_back(std::move(values));
      break;
    }
    case PhysicalLayout::kVarBinary: {
      WEIR_ASSIGN_OR_RAISE(BufferPtr offsets, Buffer::AllocateZeroed((length + 1) * 4, pool));
      WEIR_ASSIGN_OR_RAISE(BufferPtr data, Buffer::Allocate(0, pool));
      buffers.push_back(std::move(offsets));
      buffers.push_back(std::move(data));
      break;
    }
    case PhysicalLayout::kList:
    case PhysicalLayout::kMap: {
      WEIR_ASSIGN_OR_RAISE(BufferPtr offsets, Buffer::AllocateZeroed((length + 1) * 4, pool));
      buffers.push_back(std::move(offsets));
      const LogicalType child_type =
          layout == PhysicalLayout::kList ? type.element_type() : MapEntriesType(type);
      WEIR_ASSIGN_OR_RAISE(ColumnPtr child, MakeNulls(child_type, 0, pool));
      children.push_back(std::move(child));
      break;
    }
    case PhysicalLayout::kStruct: {
      for (const Field& f : type.fields()) {
        WEIR_ASSIGN_OR_RAISE(ColumnPtr child, MakeNulls(f.logical_type(), length, pool));
        children.push_back(std::move(child));
      }
      break;
    }
  }
  return std::make_shared<const ColumnVector>(type, length, std::move(buffers), std::move(children),
                                              length);
}

ColumnPtr ColumnVector::Slice(int64_t offset, int64_t length) const {
  WEIR_CHECK_GE(offset, 0);
  WEIR_CHECK_GE(length, 0);
  WEIR_CHECK_LE(offset, length_ - length);
  int64_t null_count = kUnknownNullCount;
  if (type_.id() == TypeId::kNull) {
    null_count = length;
  } else if (validity() == nullptr || null_count_.load(std::memory_order_relaxed) == 0) {
    null_count = 0;
  } else if (offset == 0 && length == length_) {
    null_count = null_count_.load(std::memory_order_relaxed);
  }
  return std::make_shared<const ColumnVector>(type_, length, buffers_, children_, null_count,
                                              offset_ + offset);
}

namespace {

// Prints a type inside error messages without building the string up front.
struct TypeName {
  const LogicalType& type;
  std::string ToString() const { return type.ToString(); }
};

bool IsAligned(const Buffer& b, int64_t alignment) {
  return reinterpret_cast<uintptr_t>(b.data()) % static_cast<uintptr_t>(alignment) == 0;
}

// Checks an int32 offsets buffer for rows [offset, offset + length) of a column whose
// values live in something of `target_size` elements (bytes or child rows).
Status ValidateOffsets(const ColumnVector& c, const Buffer* offsets, int64_t end,
                       int64_t target_size, const char* target_name) {
  if (offsets == nullptr) {
    return Status::Invalid("Invalid column: missing offsets buffer (type ", c.type().ToString(),
                           ")");
  }
  if (offsets->size() / 4 < end + 1) {
    return Status::Invalid("Invalid column: offsets buffer too short: ", offsets->size(),
                           " bytes for ", end + 1, " offsets (type ", c.type().ToString(), ")");
  }
  if (!IsAligned(*offsets, 4)) {
    return Status::Invalid("Invalid column: offsets buffer not 4-byte aligned (type ",
                           c.type().ToString(), ")");
  }
  const int32_t* o = offsets->data_as<int32_t>();
  int32_t prev = o[c.offset()];
  if (prev < 0) {
    return Status::Invalid("Invalid column: negative offset ", prev, " at row 0 (type ",
                           c.type().ToString(), ")");
  }
  for (int64_t i = c.offset() + 1; i <= end; ++i) {
    if (o[i] < prev) {
      return Status::Invalid("Invalid column: offsets decrease from ", prev, " to ", o[i],
                             " at row ", i - c.offset(), " (type ", c.type().ToString(), ")");
    }
    prev = o[i];
  }
  if (prev > target_size) {
    return Status::Invalid("Invalid column: offset ", prev, " beyond the ", target_name, " length ",
                           target_size, " (type ", c.type().ToString(), ")");
  }
  return Status::OK();
}

Status ValidateChildType(const ColumnVector& c, const ColumnPtr& child,
                         const LogicalType& expected) {
  if (child == nullptr) {
    return Status::Invalid("Invalid column: missing child (type ", c.type().ToString(), ")");
  }
  if (!child->type().EqualsIgnoringNullability(expected)) {
    return Status::Invalid("Invalid column: child type ", child->type().ToString(),
                           " does not match ", expected.ToString(), " (type ", c.type().ToString(),
                           ")");
  }
  return Status::OK();
}

}  // namespace

Status ColumnVector::Validate() const {
  const PhysicalLayout layout = type_.layout();
  const TypeName type_name{type_};  // printed only when an error is built
  if (length_ < 0 || offset_ < 0 || length_ > INT64_MAX / 2 - offset_) {
    return Status::Invalid("Invalid column: bad length ", length_, " or offset ", offset_,
                           " (type ", type_name, ")");
  }
  const int64_t end = offset_ + length_;
  if (static_cast<int64_t>(buffers_.size()) != NumBuffers(layout)) {
    return Status::Invalid("Invalid column: expected ", NumBuffers(layout), " buffers, got ",
                           buffers_.size(), " (type ", type_name, ")");
  }
  for (const BufferPtr& b : buffers_) {
    if (b != nullptr && (b->size() < 0 || (b->data() == nullptr && b->size() > 0))) {
      return Status::Invalid("Invalid column: buffer without memory (type ", type_name, ")");
    }
  }
  size_t expected_children = 0;
  if (layout == PhysicalLayout::kList || layout == PhysicalLayout::kMap) expected_children = 1;
  if (layout == PhysicalLayout::kStruct) expected_children = type_.fields().size();
  if (children_.size() != expected_children) {
    return Status::Invalid("Invalid column: expected ", expected_children, " children, got ",
                           children_.size(), " (type ", type_name, ")");
  }
  if (layout != PhysicalLayout::kNull && buffers_[0] != nullptr &&
      buffers_[0]->size() < bits::BytesForBits(end)) {
    return Status::Invalid("Invalid column: validity buffer too short: ", buffers_[0]->size(),
                           " bytes for ", end, " rows (type ", type_name, ")");
  }
  switch (layout) {
    case PhysicalLayout::kNull:
      break;
    case PhysicalLayout::kBitmap:
      if (buffers_[1] == nullptr || buffers_[1]->size() < bits::BytesForBits(end)) {
        return Status::Invalid("Invalid column: values buffer missing or too short for ", end,
                               " rows (type ", type_name, ")");
      }
      break;
    case PhysicalLayout::kFixedWidth: {
      const int64_t width = type_.byte_width();
      if (width <= 0) {
        return Status::Invalid("Invalid column: no fixed width (type ", type_name, ")");
      }
      if (buffers_[1] == nullptr || buffers_[1]->size() / width < end) {
        return Status::Invalid("Invalid column: values buffer missing or too short for ", end,
                               " values of ", width, " bytes (type ", type_name, ")");
      }
      if (!IsAligned(*buffers_[1], std::min<int64_t>(width, 8))) {
        return Status::Invalid("Invalid column: values buffer not aligned to ",
                               std::min<int64_t>(width, 8), " bytes (type ", type_name, ")");
      }
      break;
    }
    case PhysicalLayout::kVarBinary: {
      if (buffers_[2] == nullptr) {
        return Status::Invalid("Invalid column: missing data buffer (type ", type_name, ")");
      }
      WEIR_RETURN_NOT_OK(
          ValidateOffsets(*this, buffers_[1].get(), end, buffers_[2]->size(), "data"));
      break;
    }
    case PhysicalLayout::kList:
    case PhysicalLayout::kMap: {
      const LogicalType child_type =
          layout == PhysicalLayout::kList ? type_.element_type() : MapEntriesType(type_);
      WEIR_RETURN_NOT_OK(ValidateChildType(*this, children_[0], child_type));
      WEIR_RETURN_NOT_OK(
          ValidateOffsets(*this, buffers_[1].get(), end, children_[0]->length(), "child"));
      WEIR_RETURN_NOT_OK(children_[0]->Validate());
      break;
    }
    case PhysicalLayout::kStruct: {
      const std::vector<Field>& fields = type_.fields();
      for (size_t k = 0; k < fields.size(); ++k) {
        WEIR_RETURN_NOT_OK(ValidateChildType(*this, children_[k], fields[k].logical_type()));
        if (children_[k]->length() < end) {
          return Status::Invalid("Invalid column: field ", fields[k].name, " has ",
                                 children_[k]->length(), " rows, needs ", end, " (type ", type_name,
                                 ")");
        }
        WEIR_RETURN_NOT_OK(children_[k]->Validate());
      }
      break;
    }
  }
  const int64_t claimed = null_count_.load(std::memory_order_relaxed);
  if (claimed >= 0) {
    int64_t actual = 0;
    if (layout == PhysicalLayout::kNull) {
      actual = length_;
    } else if (validity() != nullptr) {
      actual = length_ - bits::CountSetBits(validity(), offset_, length_);
    }
    if (actual != claimed) {
      return Status::Invalid("Invalid column: null count ", claimed, " but ", actual,
                             " nulls (type ", type_name, ")");
    }
  }
  return Status::OK();
}

namespace {

// Compares rows [ai, ai + n) of `a` with rows [bi, bi + n) of `b` (logical row indices).
bool RangeEquals(const ColumnVector& a, int64_t ai, const ColumnVector& b, int64_t bi, int64_t n) {
  if (n <= 0) return true;
  const PhysicalLayout layout = a.type().layout();
  if (layout == PhysicalLayout::kNull) return true;
  const bool a_nulls = a.validity() != nullptr && a.null_count() > 0;
  const bool b_nulls = b.validity() != nullptr && b.null_count() > 0;
  const bool any_nulls = a_nulls || b_nulls;
  if (any_nulls) {
    for (int64_t k = 0; k < n; ++k) {
      if (a.IsNull(ai + k) != b.IsNull(bi + k)) return false;
    }
  }
  switch (layout) {
    case PhysicalLayout::kNull:
      return true;
    case PhysicalLayout::kBitmap:
      for (int64_t k = 0; k < n; ++k) {
        if (any_nulls && a.IsNull(ai + k)) continue;
        if (a.BoolValue(ai + k) != b.BoolValue(bi + k)) return false;
      }
      return true;
    case PhysicalLayout::kFixedWidth: {
      const int64_t w = a.type().byte_width();
      const uint8_t* pa = a.buffer(1)->data() + (a.offset() + ai) * w;
      const uint8_t* pb = b.buffer(1)->data() + (b.offset() + bi) * w;
      if (!any_nulls) return std::memcmp(pa, pb, static_cast<size_t>(n * w)) == 0;
      for (int64_t k = 0; k < n; ++k) {
        if (a.IsNull(ai + k)) continue;
        if (std::memcmp(pa + k * w, pb + k * w, static_cast<size_t>(w)) != 0) return false;
      }
      return true;
    }
    case PhysicalLayout::kVarBinary:
      for (int64_t k = 0; k < n; ++k) {
        if (any_nulls && a.IsNull(ai + k)) continue;
        if (a.StringValue(ai + k) != b.StringValue(bi + k)) return false;
      }
      return true;
    case PhysicalLayout::kList:
    case PhysicalLayout::kMap:
      for (int64_t k = 0; k < n; ++k) {
        if (any_nulls && a.IsNull(ai + k)) continue;
        const int64_t len = a.ListLength(ai + k);
        if (len != b.ListLength(bi + k)) return false;
        if (!RangeEquals(*a.child(0), a.ListOffset(ai + k), *b.child(0), b.ListOffset(bi + k),
                         len)) {
          return false;
        }
      }
      return true;
    case PhysicalLayout::kStruct:
      for (size_t f = 0; f < a.children().size(); ++f) {
        const ColumnVector& ca = *a.children()[f];
        const ColumnVector& cb = *b.children()[f];
        if (!any_nulls) {
          if (!RangeEquals(ca, a.offset() + ai, cb, b.offset() + bi, n)) return false;
          continue;
        }
        // Compare runs of non-null rows; fields under null rows do not matter.
        int64_t k = 0;
        while (k < n) {
          if (a.IsNull(ai + k)) {
            ++k;
            continue;
          }
          int64_t run = 1;
          while (k + run < n && !a.IsNull(ai + k + run)) ++run;
          if (!RangeEquals(ca, a.offset() + ai + k, cb, b.offset() + bi + k, run)) return false;
          k += run;
        }
      }
      return true;
  }
  return false;
}

}  // namespace

bool ColumnVector::Equals(const ColumnVector& other) const {
  if (this == &other) return true;
  if (length_ != other.length_) return false;
  if (!type_.EqualsIgnoringNullability(other.type_)) return false;
  if (null_count() != other.null_count()) return false;
  return RangeEquals(*this, 0, other, 0, length_);
}

int64_t ColumnVector::ReferencedBytes() const {
  int64_t total = 0;
  for (const BufferPtr& b : buffers_) {
    if (b != nullptr) total += b->size();
  }
  for (const ColumnPtr& c : children_) {
    if (c != nullptr) total += c->ReferencedBytes();
  }
  return total;
}

}  // namespace weir
