// Key hashing: typed, vectorised XXH3 loops per column type, and the per-row/per-value paths.
#include "weir/common/hash/key_hash.h"

#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <variant>

#include "weir/common/check.h"

#define XXH_INLINE_ALL
#include <xxhash.h>

namespace weir {
namespace {

static_assert(std::endian::native == std::endian::little || std::endian::native == std::endian::big,
              "mixed-endian hosts are not supported");

// ---- Canonical encodings ------------------------------------------------------------------
// Every value is hashed from its canonical little-endian bytes, never from host memory.

template <typename U>
inline U ToLittleEndian(U v) {
  if constexpr (std::endian::native == std::endian::little || sizeof(U) == 1) {
    return v;
  } else if constexpr (sizeof(U) == 2) {
    return static_cast<U>(__builtin_bswap16(static_cast<uint16_t>(v)));
  } else if constexpr (sizeof(U) == 4) {
    return static_cast<U>(__builtin_bswap32(static_cast<uint32_t>(v)));
  } else {
    static_assert(sizeof(U) == 8);
    return static_cast<U>(__builtin_bswap64(static_cast<uint64_t>(v)));
  }
}

inline uint64_t HashBytes(const void* data, size_t size, uint64_t seed) {
  return XXH3_64bits_withSeed(data, size, seed);
}

// Hashes an integer of the width of U (its two's-complement little-endian bytes).
template <typename U>
inline uint64_t HashInt(U v, uint64_t seed) {
  U le = ToLittleEndian(v);
  return HashBytes(&le, sizeof(U), seed);
}

// -0.0 becomes 0.0 and every NaN the quiet NaN with a zero payload.
inline uint32_t CanonicalFloatBits(float v) {
  if (v != v) return 0x7FC00000u;
  if (v == 0.0f) return 0;
  return std::bit_cast<uint32_t>(v);
}
inline uint64_t CanonicalDoubleBits(double v) {
  if (v != v) return 0x7FF8000000000000ull;
  if (v == 0.0) return 0;
  return std::bit_cast<uint64_t>(v);
}

inline uint64_t HashDecimal(__int128 v, uint64_t seed) {
  uint64_t le[2] = {ToLittleEndian(static_cast<uint64_t>(v)),
                    ToLittleEndian(static_cast<uint64_t>(static_cast<unsigned __int128>(v) >> 64))};
  return HashBytes(le, sizeof(le), seed);
}

inline uint64_t HashNull(uint64_t seed) {
  static constexpr uint8_t kEmpty = 0;
  return HashBytes(&kEmpty, 0, seed ^ kKeyHashNullSalt);
}

// A nested value starts with its element count (ARRAY, MAP, MULTISET) or field count (ROW).
inline uint64_t HashCount(int64_t count, uint64_t seed) {
  return HashInt(static_cast<uint64_t>(count), seed);
}

// Folds the order-independent sum of a map's entry hashes into the running hash.
inline uint64_t HashMapSum(int64_t count, uint64_t entry_sum, uint64_t seed) {
  uint64_t le[2] = {ToLittleEndian(static_cast<uint64_t>(count)), ToLittleEndian(entry_sum)};
  return HashBytes(le, sizeof(le), seed);
}

// ---- Vectorised loops ---------------------------------------------------------------------

// Runs `hash_one(i, seed)` for every valid row, HashNull(seed) for every null row. The loop
// body is a template argument: no per-row virtual call, allocation or type switch.
template <bool kCombine, typename HashOne>
inline void HashLoop(const ColumnVector& column, uint64_t* hashes, HashOne hash_one) {
  const int64_t n = column.length();
  const uint8_t* validity = column.validity();
  if (validity == nullptr || column.null_count() == 0) {
    for (int64_t i = 0; i < n; ++i) {
      hashes[i] = hash_one(i, kCombine ? hashes[i] : kKeyHashSeed);
    }
    return;
  }
  const int64_t offset = column.offset();
  for (int64_t i = 0; i < n; ++i) {
    const uint64_t seed = kCombine ? hashes[i] : kKeyHashSeed;
    hashes[i] = bits::GetBit(validity, offset + i) ? hash_one(i, seed) : HashNull(seed);
  }
}

template <bool kCombine, typename T>
void HashIntColumn(const ColumnVector& column, uint64_t* hashes) {
  const T* values = column.values<T>();
  HashLoop<kCombine>(column, hashes,
                     [values](int64_t i, uint64_t seed) { return HashInt(values[i], seed); });
}

template <bool kCombine>
void HashColumnImpl(const ColumnVector& column, uint64_t* hashes) {
  const LogicalType& type = column.type();
  switch (type.id()) {
    case TypeId::kNull:
      for (int64_t i = 0; i < column.length(); ++i) {
        hashes[i] = HashNull(kCombine ? hashes[i] : kKeyHashSeed);
      }
      return;
    case TypeId::kBoolean: {
      const uint8_t* bitmap = column.buffer(1)->data();
      const int64_t offset = column.offset();
      HashLoop<kCombine>(column, hashes, [bitmap, offset](int64_t i, uint64_t seed) {
        const uint8_t byte = bits::GetBit(bitmap, offset + i) ? 1 : 0;
        return HashBytes(&byte, 1, seed);
      });
      return;
    }
    case TypeId::kTinyInt:
      return HashIntColumn<kCombine, int8_t>(column, hashes);
    case TypeId::kSmallInt:
      return HashIntColumn<kCombine, int16_t>(column, hashes);
    case TypeId::kInt:
    case TypeId::kDate:
    case TypeId::kIntervalYearMonth:
      return HashIntColumn<kCombine, int32_t>(column, hashes);
    case TypeId::kBigInt:
    case TypeId::kTime:
    case TypeId::kTimestamp:
    case TypeId::kTimestampLtz:
    case TypeId::kIntervalDayTime:
      return HashIntColumn<kCombine, int64_t>(column, hashes);
    case TypeId::kFloat: {
      const float* values = column.values<float>();
      HashLoop<kCombine>(column, hashes, [values](int64_t i, uint64_t seed) {
        return HashInt(CanonicalFloatBits(values[i]), seed);
      });
      return;
    }
    case TypeId::kDouble: {
      const double* values = column.values<double>();
      HashLoop<kCombine>(column, hashes, [values](int64_t i, uint64_t seed) {
        return HashInt(CanonicalDoubleBits(values[i]), seed);
      });
      return;
    }
    case TypeId::kDecimal: {
      const uint8_t* data = column.buffer(1)->data() + column.offset() * 16;
      HashLoop<kCombine>(column, hashes, [data](int64_t i, uint64_t seed) {
        __int128 v;
        std::memcpy(&v, data + i * 16, 16);
        return HashDecimal(v, seed);
      });
      return;
    }
    case TypeId::kChar:
    case TypeId::kVarChar:
    case TypeId::kBinary:
    case TypeId::kVarBinary: {
      const int32_t* offsets = column.value_offsets();
      const uint8_t* data = column.buffer(2) ? column.buffer(2)->data() : nullptr;
      HashLoop<kCombine>(column, hashes, [offsets, data](int64_t i, uint64_t seed) {
        return HashBytes(data + offsets[i], static_cast<size_t>(offsets[i + 1] - offsets[i]), seed);
      });
      return;
    }
    case TypeId::kArray:
    case TypeId::kMap:
    case TypeId::kMultiset:
    case TypeId::kRow:
      // Nested keys are rare: the per-row recursive path is fast enough.
      for (int64_t i = 0; i < column.length(); ++i) {
        hashes[i] = HashColumnValue(column, i, kCombine ? hashes[i] : kKeyHashSeed);
      }
      return;
  }
  WEIR_CHECK_MSG(false, "unknown type id in HashColumn: ", static_cast<int>(type.id()));
}

// Row `i` of a ROW/STRUCT column lives at row offset() + i of each child (Arrow's layout:
// children are shared unsliced and the parent's offset applies to them).
inline int64_t StructChildRow(const ColumnVector& column, int64_t i) { return column.offset() + i; }

// ---- Generic values -----------------------------------------------------------------------

template <typename Alt>
const Alt* Get(const Value& value) {
  return std::get_if<Alt>(&value.storage());
}

Status ValueMismatch(const Value& value, const LogicalType& type) {
  return Status::TypeError("Value does not fit the key type: variant index ",
                           value.storage().index(), " for ", type.ToString(), " (HashValue)");
}

template <typename U>
Result<uint64_t> HashIntValue(const Value& value, const LogicalType& type, uint64_t seed) {
  const int64_t* v = Get<int64_t>(value);
  if (v == nullptr || *v < std::numeric_limits<U>::min() || *v > std::numeric_limits<U>::max()) {
    return ValueMismatch(value, type);
  }
  return HashInt(static_cast<U>(*v), seed);
}

}  // namespace

void HashColumn(const ColumnVector& column, uint64_t* hashes, bool combine) {
  if (combine) {
    HashColumnImpl<true>(column, hashes);
  } else {
    HashColumnImpl<false>(column, hashes);
  }
}

void HashColumns(const RecordBatch& batch, const std::vector<int>& key_indices, uint64_t* hashes) {
  if (key_indices.empty()) {
    for (int64_t i = 0; i < batch.num_rows(); ++i) hashes[i] = kKeyHashSeed;
    return;
  }
  for (size_t k = 0; k < key_indices.size(); ++k) {
    WEIR_DCHECK_GE(key_indices[k], 0);
    WEIR_DCHECK_LT(key_indices[k], batch.num_columns());
    HashColumn(*batch.column(key_indices[k]), hashes, /*combine=*/k > 0);
  }
}

uint64_t HashColumnValue(const ColumnVector& column, int64_t row, uint64_t seed) {
  if (column.IsNull(row)) return HashNull(seed);
  switch (column.type().id()) {
    case TypeId::kNull:
      return HashNull(seed);
    case TypeId::kBoolean: {
      const uint8_t byte = column.BoolValue(row) ? 1 : 0;
      return HashBytes(&byte, 1, seed);
    }
    case TypeId::kTinyInt:
      return HashInt(column.Value<int8_t>(row), seed);
    case TypeId::kSmallInt:
      return HashInt(column.Value<int16_t>(row), seed);
    case TypeId::kInt:
    case TypeId::kDate:
    case TypeId::kIntervalYearMonth:
      return HashInt(column.Value<int32_t>(row), seed);
    case TypeId::kBigInt:
    case TypeId::kTime:
    case TypeId::kTimestamp:
    case TypeId::kTimestampLtz:
    case TypeId::kIntervalDayTime:
      return HashInt(column.Value<int64_t>(row), seed);
    case TypeId::kFloat:
      return HashInt(CanonicalFloatBits(column.Value<float>(row)), seed);
    case TypeId::kDouble:
      return HashInt(CanonicalDoubleBits(column.Value<double>(row)), seed);
    case TypeId::kDecimal:
      return HashDecimal(column.DecimalValue(row).value(), seed);
    case TypeId::kChar:
    case TypeId::kVarChar:
    case TypeId::kBinary:
    case TypeId::kVarBinary: {
      std::string_view s = column.StringValue(row);
      return HashBytes(s.data(), s.size(), seed);
    }
    case TypeId::kArray: {
      const ColumnVector& elements = *column.child(0);
      const int64_t start = column.ListOffset(row);
      const int64_t count = column.ListLength(row);
      uint64_t h = HashCount(count, seed);
      for (int64_t j = 0; j < count; ++j) h = HashColumnValue(elements, start + j, h);
      return h;
    }
    case TypeId::kMap:
    case TypeId::kMultiset: {
      const ColumnVector& entries = *column.child(0);
      const ColumnVector& keys = *entries.child(0);
      const ColumnVector& values = *entries.child(1);
      const int64_t start = column.ListOffset(row);
      const int64_t count = column.ListLength(row);
      uint64_t sum = 0;
      for (int64_t j = 0; j < count; ++j) {
        const int64_t e = StructChildRow(entries, start + j);
        sum += HashColumnValue(values, e, HashColumnValue(keys, e, kKeyHashMapEntrySeed));
      }
      return HashMapSum(count, sum, seed);
    }
    case TypeId::kRow: {
      const int num_fields = static_cast<int>(column.children().size());
      const int64_t child_row = StructChildRow(column, row);
      uint64_t h = HashCount(num_fields, seed);
      for (int f = 0; f < num_fields; ++f) h = HashColumnValue(*column.child(f), child_row, h);
      return h;
    }
  }
  WEIR_CHECK_MSG(false,
                 "unknown type id in HashColumnValue: ", static_cast<int>(column.type().id()));
  return 0;
}

uint64_t HashRow(const RecordBatch& batch, const std::vector<int>& key_indices, int64_t row) {
  uint64_t h = kKeyHashSeed;
  for (int index : key_indices) {
    WEIR_DCHECK_GE(index, 0);
    WEIR_DCHECK_LT(index, batch.num_columns());
    h = HashColumnValue(*batch.column(index), row, h);
  }
  return h;
}

Result<uint64_t> HashValue(const Value& value, const LogicalType& type, uint64_t seed) {
  if (value.is_null()) return HashNull(seed);
  switch (type.id()) {
    case TypeId::kNull:
      return ValueMismatch(value, type);
    case TypeId::kBoolean: {
      const bool* v = Get<bool>(value);
      if (v == nullptr) return ValueMismatch(value, type);
      const uint8_t byte = *v ? 1 : 0;
      return HashBytes(&byte, 1, seed);
    }
    case TypeId::kTinyInt:
      return HashIntValue<int8_t>(value, type, seed);
    case TypeId::kSmallInt:
      return HashIntValue<int16_t>(value, type, seed);
    case TypeId::kInt:
    case TypeId::kDate:
    case TypeId::kIntervalYearMonth:
      return HashIntValue<int32_t>(value, type, seed);
    case TypeId::kBigInt:
    case TypeId::kTime:
    case TypeId::kTimestamp:
    case TypeId::kTimestampLtz:
    case TypeId::kIntervalDayTime:
      return HashIntValue<int64_t>(value, type, seed);
    case TypeId::kFloat: {
      const double* v = Get<double>(value);
      // Finite doubles beyond FLOAT's range have no FLOAT value (and converting them is UB).
      if (v == nullptr ||
          (std::isfinite(*v) && std::fabs(*v) > std::numeric_limits<float>::max())) {
        return ValueMismatch(value, type);
      }
      return HashInt(CanonicalFloatBits(static_cast<float>(*v)), seed);
    }
    case TypeId::kDouble: {
      const double* v = Get<double>(value);
      if (v == nullptr) return ValueMismatch(value, type);
      return HashInt(CanonicalDoubleBits(*v), seed);
    }
    case TypeId::kDecimal: {
      const Decimal128* v = Get<Decimal128>(value);
      if (v == nullptr) return ValueMismatch(value, type);
      return HashDecimal(v->value(), seed);
    }
    case TypeId::kChar:
    case TypeId::kVarChar:
    case TypeId::kBinary:
    case TypeId::kVarBinary: {
      const std::string* v = Get<std::string>(value);
      if (v == nullptr) return ValueMismatch(value, type);
      return HashBytes(v->data(), v->size(), seed);
    }
    case TypeId::kArray: {
      const Value::List* v = Get<Value::List>(value);
      if (v == nullptr) return ValueMismatch(value, type);
      uint64_t h = HashCount(static_cast<int64_t>(v->items.size()), seed);
      for (const Value& item : v->items) {
        WEIR_ASSIGN_OR_RAISE(h, HashValue(item, type.element_type(), h));
      }
      return h;
    }
    case TypeId::kMap:
    case TypeId::kMultiset: {
      const Value::Map* v = Get<Value::Map>(value);
      if (v == nullptr) return ValueMismatch(value, type);
      uint64_t sum = 0;
      for (const auto& [key, val] : v->entries) {
        WEIR_ASSIGN_OR_RAISE(uint64_t kh, HashValue(key, type.key_type(), kKeyHashMapEntrySeed));
        WEIR_ASSIGN_OR_RAISE(uint64_t eh, HashValue(val, type.value_type(), kh));
        sum += eh;
      }
      return HashMapSum(static_cast<int64_t>(v->entries.size()), sum, seed);
    }
    case TypeId::kRow: {
      const Value::Row* v = Get<Value::Row>(value);
      const std::vector<Field>& fields = type.fields();
      if (v == nullptr || v->fields.size() != fields.size()) return ValueMismatch(value, type);
      uint64_t h = HashCount(static_cast<int64_t>(fields.size()), seed);
      for (size_t f = 0; f < fields.size(); ++f) {
        WEIR_ASSIGN_OR_RAISE(h, HashValue(v->fields[f], *fields[f].type, h));
      }
      return h;
    }
  }
  return Status::Internal("Unknown type id in HashValue: ", static_cast<int>(type.id()));
}

}  // namespace weir
