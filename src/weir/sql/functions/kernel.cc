// Column helpers shared by the scalar kernels.
#include "weir/sql/functions/kernel.h"

#include <cstring>

namespace weir::sql {

namespace {

// Copies `n` bits of `src` starting at bit `offset` into dst (offset 0), byte-wise when aligned.
void CopyBitsTo(const uint8_t* src, int64_t offset, int64_t n, uint8_t* dst) {
  if ((offset & 7) == 0) {
    std::memcpy(dst, src + (offset >> 3), static_cast<size_t>(bits::BytesForBits(n)));
  } else {
    bits::CopyBits(src, offset, n, dst, 0);
  }
}

}  // namespace

void PackBytes(const uint8_t* bytes, int64_t n, uint8_t* out) {
  int64_t i = 0;
  for (; i + 8 <= n; i += 8) {
    out[i >> 3] = static_cast<uint8_t>(
        bytes[i] | (bytes[i + 1] << 1) | (bytes[i + 2] << 2) | (bytes[i + 3] << 3) |
        (bytes[i + 4] << 4) | (bytes[i + 5] << 5) | (bytes[i + 6] << 6) | (bytes[i + 7] << 7));
  }
  if (i < n) {
    uint8_t b = 0;
    for (int64_t j = i; j < n; ++j) b |= static_cast<uint8_t>((bytes[j] & 1) << (j - i));
    out[i >> 3] = b;
  }
}

int64_t CountNulls(const BufferPtr& validity, int64_t n) {
  if (!validity) return 0;
  return n - bits::CountSetBits(validity->data(), 0, n);
}

Result<BufferPtr> CopyValidity(const Datum& d, int64_t n, MemoryPool* pool) {
  if (d.type().id() == TypeId::kNull || (d.scalar && d.IsNull(0))) {
    return AllocateBits(n, pool);  // all null
  }
  if (d.NoNulls() || d.scalar) return BufferPtr();
  WEIR_ASSIGN_OR_RAISE(auto out, AllocateBits(n, pool));
  CopyBitsTo(d.column->validity(), d.column->offset(), n, out->mutable_data());
  return out;
}

Result<BufferPtr> CombineValidity(const std::vector<Datum>& args, int64_t n, MemoryPool* pool) {
  BufferPtr out;
  for (const Datum& d : args) {
    bool all_null = d.type().id() == TypeId::kNull || (d.scalar && d.IsNull(0));
    if (all_null) return AllocateBits(n, pool);
    if (d.scalar || d.NoNulls()) continue;
    if (!out) {
      WEIR_ASSIGN_OR_RAISE(out, CopyValidity(d, n, pool));
      continue;
    }
    WEIR_ASSIGN_OR_RAISE(auto other, CopyValidity(d, n, pool));
    uint8_t* o = out->mutable_data();
    const uint8_t* p = other->data();
    for (int64_t i = 0, nb = bits::BytesForBits(n); i < nb; ++i) o[i] &= p[i];
  }
  return out;
}

Result<BufferPtr> BooleanBits(const Datum& d, int64_t n, MemoryPool* pool) {
  WEIR_ASSIGN_OR_RAISE(auto out, AllocateBits(n, pool));
  if (d.type().id() == TypeId::kNull) return out;
  if (d.scalar) {
    bool v = !d.IsNull(0) && d.column->BoolValue(0);
    if (v) std::memset(out->mutable_data(), 0xFF, static_cast<size_t>(bits::BytesForBits(n)));
    return out;
  }
  CopyBitsTo(d.column->buffer(1)->data(), d.column->offset(), n, out->mutable_data());
  return out;
}

ColumnPtr MakeFixedColumn(const LogicalType& type, int64_t n, BufferPtr values,
                          BufferPtr validity) {
  int64_t nulls = validity ? CountNulls(validity, n) : 0;
  if (nulls == 0) validity = nullptr;
  return std::make_shared<ColumnVector>(type, n,
                                        std::vector<BufferPtr>{validity, std::move(values)},
                                        std::vector<ColumnPtr>{}, nulls);
}

ColumnPtr MakeBooleanColumn(const LogicalType& type, int64_t n, BufferPtr bits_buf,
                            BufferPtr validity) {
  return MakeFixedColumn(type, n, std::move(bits_buf), std::move(validity));
}

Result<ColumnPtr> Broadcast(const ColumnPtr& column, int64_t n, MemoryPool* pool) {
  std::vector<int32_t> zeros(static_cast<size_t>(n), 0);
  WEIR_ASSIGN_OR_RAISE(auto builder, ColumnBuilder::Make(column->type(), pool));
  if (column->type().id() == TypeId::kNull) {
    return ColumnVector::MakeNulls(column->type(), n, pool);
  }
  WEIR_RETURN_NOT_OK(builder->AppendIndices(*column, zeros.data(), n));
  return builder->Finish();
}

Result<ColumnPtr> Materialize(const Datum& d, int64_t n, MemoryPool* pool) {
  if (!d.scalar) return d.column;
  return Broadcast(d.column, n, pool);
}

Result<ColumnPtr> MakeScalarColumn(const LogicalType& type, const Value& value, MemoryPool* pool) {
  WEIR_ASSIGN_OR_RAISE(auto builder, ColumnBuilder::Make(type, pool));
  WEIR_RETURN_NOT_OK(builder->AppendValue(value));
  return builder->Finish();
}

}  // namespace weir::sql
