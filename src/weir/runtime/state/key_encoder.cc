// KeyEncoder: canonical key bytes of rows, their decoding and their key hash.
#include "weir/runtime/state/key_encoder.h"

#include <algorithm>
#include <bit>
#include <cstring>

#include "weir/common/hash/key_hash.h"
#include "weir/runtime/state/state_bytes.h"

#define XXH_INLINE_ALL
#include <xxhash.h>

namespace weir::runtime {
namespace {

constexpr int kMaxKeyDepth = 64;

uint32_t CanonicalFloatBits(float v) {
  if (v != v) return 0x7FC00000u;
  if (v == 0.0f) return 0;
  return std::bit_cast<uint32_t>(v);
}
uint64_t CanonicalDoubleBits(double v) {
  if (v != v) return 0x7FF8000000000000ull;
  if (v == 0.0) return 0;
  return std::bit_cast<uint64_t>(v);
}

// Width of the integer that stores a value of `type`, or 0 when it is not stored as one.
int IntegerWidth(const LogicalType& type) {
  switch (type.id()) {
    case TypeId::kTinyInt:
      return 1;
    case TypeId::kSmallInt:
      return 2;
    case TypeId::kInt:
    case TypeId::kDate:
    case TypeId::kIntervalYearMonth:
      return 4;
    case TypeId::kBigInt:
    case TypeId::kTime:
    case TypeId::kTimestamp:
    case TypeId::kTimestampLtz:
    case TypeId::kIntervalDayTime:
      return 8;
    default:
      return 0;
  }
}

void PutInteger(int64_t v, int width, std::string* out) {
  char buf[8];
  std::memcpy(buf, &v, 8);  // little-endian: the low `width` bytes come first
  out->append(buf, static_cast<size_t>(width));
}

int64_t GetInteger(const uint8_t* p, int width) {
  switch (width) {
    case 1:
      return static_cast<int8_t>(p[0]);
    case 2: {
      int16_t v = 0;
      std::memcpy(&v, p, 2);
      return v;
    }
    case 4: {
      int32_t v = 0;
      std::memcpy(&v, p, 4);
      return v;
    }
    default: {
      int64_t v = 0;
      std::memcpy(&v, p, 8);
      return v;
    }
  }
}

// Encodes a generic value of `type` (presence byte and payload).
void EncodeValue(const Value& v, const LogicalType& type, std::string* out) {
  if (v.is_null()) {
    out->push_back(0);
    return;
  }
  out->push_back(1);
  if (int width = IntegerWidth(type); width > 0) {
    PutInteger(v.int_value(), width, out);
    return;
  }
  ByteWriter w(out);
  switch (type.id()) {
    case TypeId::kBoolean:
      w.PutU8(v.bool_value() ? 1 : 0);
      return;
    case TypeId::kFloat:
      w.PutU32(CanonicalFloatBits(static_cast<float>(v.double_value())));
      return;
    case TypeId::kDouble:
      w.PutU64(CanonicalDoubleBits(v.double_value()));
      return;
    case TypeId::kDecimal:
      w.PutU64(v.decimal_value().low_bits());
      w.PutI64(v.decimal_value().high_bits());
      return;
    case TypeId::kChar:
    case TypeId::kVarChar:
    case TypeId::kBinary:
    case TypeId::kVarBinary:
      w.PutBytes(v.string_value());
      return;
    case TypeId::kArray: {
      const ValueList& items = v.list_items();
      w.PutVarint(items.size());
      for (const Value& e : items) EncodeValue(e, type.element_type(), out);
      return;
    }
    case TypeId::kRow: {
      const ValueList& fields = v.row_fields();
      for (size_t i = 0; i < fields.size(); ++i) {
        EncodeValue(fields[i], type.fields()[i].logical_type(), out);
      }
      return;
    }
    case TypeId::kMap:
    case TypeId::kMultiset: {
      const ValuePairs& entries = v.map_entries();
      std::vector<std::string> encoded;
      encoded.reserve(entries.size());
      for (const auto& [k, val] : entries) {
        std::string e;
        EncodeValue(k, type.key_type(), &e);
        EncodeValue(val, type.value_type(), &e);
        encoded.push_back(std::move(e));
      }
      std::sort(encoded.begin(), encoded.end());
      w.PutVarint(encoded.size());
      for (const std::string& e : encoded) out->append(e);
      return;
    }
    default:
      return;  // kNull never reaches here: Make() rejects it and NULL values stop above
  }
}

Status DecodeValue(ByteReader& in, const LogicalType& type, int depth, Value* v) {
  if (depth > kMaxKeyDepth) return Status::SerializationError("Key nested too deeply");
  uint8_t present = 0;
  WEIR_RETURN_NOT_OK(in.GetU8(&present));
  if (present == 0) {
    *v = Value();
    return Status::OK();
  }
  if (present != 1) return Status::SerializationError("Invalid presence byte in key: ", int{present});
  if (int width = IntegerWidth(type); width > 0) {
    uint8_t buf[8];
    WEIR_RETURN_NOT_OK(in.GetRaw(buf, static_cast<size_t>(width)));
    *v = Value(GetInteger(buf, width));
    return Status::OK();
  }
  switch (type.id()) {
    case TypeId::kBoolean: {
      uint8_t b = 0;
      WEIR_RETURN_NOT_OK(in.GetU8(&b));
      *v = Value(b != 0);
      return Status::OK();
    }
    case TypeId::kFloat: {
      uint32_t bits = 0;
      WEIR_RETURN_NOT_OK(in.GetU32(&bits));
      *v = Value(static_cast<double>(std::bit_cast<float>(bits)));
      return Status::OK();
    }
    case TypeId::kDouble: {
      uint64_t bits = 0;
      WEIR_RETURN_NOT_OK(in.GetU64(&bits));
      *v = Value(std::bit_cast<double>(bits));
      return Status::OK();
    }
    case TypeId::kDecimal: {
      uint64_t low = 0;
      int64_t high = 0;
      WEIR_RETURN_NOT_OK(in.GetU64(&low));
      WEIR_RETURN_NOT_OK(in.GetI64(&high));
      *v = Value(Decimal128((static_cast<__int128>(high) << 64) | low));
      return Status::OK();
    }
    case TypeId::kChar:
    case TypeId::kVarChar:
    case TypeId::kBinary:
    case TypeId::kVarBinary: {
      std::string_view bytes;
      WEIR_RETURN_NOT_OK(in.GetBytes(&bytes));
      *v = Value(std::string(bytes));
      return Status::OK();
    }
    case TypeId::kArray: {
      uint64_t n = 0;
      WEIR_RETURN_NOT_OK(in.GetVarint(&n));
      if (n > in.remaining()) return in.Truncated();
      ValueList items(static_cast<size_t>(n));
      for (Value& e : items) {
        WEIR_RETURN_NOT_OK(DecodeValue(in, type.element_type(), depth + 1, &e));
      }
      *v = Value::MakeList(std::move(items));
      return Status::OK();
    }
    case TypeId::kRow: {
      ValueList fields(type.fields().size());
      for (size_t i = 0; i < fields.size(); ++i) {
        WEIR_RETURN_NOT_OK(
            DecodeValue(in, type.fields()[i].logical_type(), depth + 1, &fields[i]));
      }
      *v = Value::MakeRow(std::move(fields));
      return Status::OK();
    }
    case TypeId::kMap:
    case TypeId::kMultiset: {
      uint64_t n = 0;
      WEIR_RETURN_NOT_OK(in.GetVarint(&n));
      if (n > in.remaining()) return in.Truncated();
      ValuePairs entries(static_cast<size_t>(n));
      for (auto& [k, val] : entries) {
        WEIR_RETURN_NOT_OK(DecodeValue(in, type.key_type(), depth + 1, &k));
        WEIR_RETURN_NOT_OK(DecodeValue(in, type.value_type(), depth + 1, &val));
      }
      *v = Value::MakeMap(std::move(entries));
      return Status::OK();
    }
    default:
      return Status::SerializationError("Key of type ", type.ToString(), " cannot be decoded");
  }
}

template <typename T>
void EncodeFixedRow(const ColumnVector& c, int64_t row, std::string* out) {
  if (c.IsNull(row)) {
    out->push_back(0);
    return;
  }
  out->push_back(1);
  T v = c.Value<T>(row);
  out->append(reinterpret_cast<const char*>(&v), sizeof(T));
}

}  // namespace

bool IsIntegerKeyType(const LogicalType& type) { return IntegerWidth(type) > 0; }

Result<KeyEncoder> KeyEncoder::Make(std::vector<LogicalType> key_types) {
  if (key_types.empty()) return Status::Invalid("Keyed state needs at least one key column");
  for (const LogicalType& t : key_types) {
    if (t.id() == TypeId::kNull) {
      return Status::NotSupported("Key column of type NULL cannot key state");
    }
  }
  KeyEncoder e;
  e.key_types_ = std::move(key_types);
  e.integer_width_ = e.key_types_.size() == 1 ? IntegerWidth(e.key_types_[0]) : 0;
  return e;
}

Status KeyEncoder::CheckColumns(const std::vector<const ColumnVector*>& columns) const {
  if (columns.size() != key_types_.size()) {
    return Status::Invalid("Key column count mismatch: expected ", key_types_.size(), ", got ",
                           columns.size());
  }
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i] == nullptr || !columns[i]->type().EqualsIgnoringNullability(key_types_[i])) {
      return Status::TypeError("Key column ", i, " has type ",
                               columns[i] ? columns[i]->type().ToString() : "null",
                               ", expected ", key_types_[i].ToString());
    }
    if (columns[i]->length() != columns[0]->length()) {
      return Status::Invalid("Key columns have different lengths: ", columns[i]->length(), " and ",
                             columns[0]->length());
    }
  }
  return Status::OK();
}

void KeyEncoder::EncodeRow(const ColumnVector* const* columns, int64_t row,
                           std::string* out) const {
  for (size_t i = 0; i < key_types_.size(); ++i) {
    const ColumnVector& c = *columns[i];
    const LogicalType& type = key_types_[i];
    switch (IntegerWidth(type)) {
      case 1:
        EncodeFixedRow<int8_t>(c, row, out);
        continue;
      case 2:
        EncodeFixedRow<int16_t>(c, row, out);
        continue;
      case 4:
        EncodeFixedRow<int32_t>(c, row, out);
        continue;
      case 8:
        EncodeFixedRow<int64_t>(c, row, out);
        continue;
      default:
        break;
    }
    if (c.IsNull(row)) {
      out->push_back(0);
      continue;
    }
    switch (type.id()) {
      case TypeId::kBoolean:
        out->push_back(1);
        out->push_back(c.BoolValue(row) ? 1 : 0);
        break;
      case TypeId::kFloat: {
        out->push_back(1);
        uint32_t bits = CanonicalFloatBits(c.Value<float>(row));
        out->append(reinterpret_cast<const char*>(&bits), 4);
        break;
      }
      case TypeId::kDouble: {
        out->push_back(1);
        uint64_t bits = CanonicalDoubleBits(c.Value<double>(row));
        out->append(reinterpret_cast<const char*>(&bits), 8);
        break;
      }
      case TypeId::kChar:
      case TypeId::kVarChar:
      case TypeId::kBinary:
      case TypeId::kVarBinary: {
        out->push_back(1);
        ByteWriter(out).PutBytes(c.StringValue(row));
        break;
      }
      default:
        EncodeValue(ValueAt(c, row), type, out);  // DECIMAL and nested types
        break;
    }
  }
}

Result<uint64_t> KeyEncoder::EncodeValues(const std::vector<Value>& key, std::string* out) const {
  if (key.size() != key_types_.size()) {
    return Status::Invalid("Key value count mismatch: expected ", key_types_.size(), ", got ",
                           key.size());
  }
  uint64_t h = kKeyHashSeed;
  for (size_t i = 0; i < key.size(); ++i) {
    WEIR_ASSIGN_OR_RAISE(h, HashValue(key[i], key_types_[i], h));  // also checks the type
  }
  for (size_t i = 0; i < key.size(); ++i) EncodeValue(key[i], key_types_[i], out);
  return h;
}

Status KeyEncoder::DecodeKey(std::string_view bytes, std::vector<Value>* out) const {
  ByteReader in(bytes, "key bytes");
  out->resize(key_types_.size());
  for (size_t i = 0; i < key_types_.size(); ++i) {
    WEIR_RETURN_NOT_OK(DecodeValue(in, key_types_[i], 0, &(*out)[i]));
  }
  return in.ExpectEnd();
}

Status KeyEncoder::AppendKey(std::string_view bytes,
                             const std::vector<ColumnBuilder*>& builders) const {
  if (builders.size() != key_types_.size()) {
    return Status::Invalid("Key builder count mismatch: expected ", key_types_.size(), ", got ",
                           builders.size());
  }
  std::vector<Value> values;
  WEIR_RETURN_NOT_OK(DecodeKey(bytes, &values));
  for (size_t i = 0; i < values.size(); ++i) {
    if (values[i].is_null()) {
      WEIR_RETURN_NOT_OK(builders[i]->AppendNull());
    } else {
      WEIR_RETURN_NOT_OK(builders[i]->AppendValue(values[i]));
    }
  }
  return Status::OK();
}

Result<uint64_t> KeyEncoder::HashKey(std::string_view bytes) const {
  std::vector<Value> values;
  WEIR_RETURN_NOT_OK(DecodeKey(bytes, &values));
  uint64_t h = kKeyHashSeed;
  for (size_t i = 0; i < values.size(); ++i) {
    WEIR_ASSIGN_OR_RAISE(h, HashValue(values[i], key_types_[i], h));
  }
  return h;
}

void KeyEncoder::EncodeInteger(int64_t value, bool is_null, int width, std::string* out) {
  if (is_null) {
    out->push_back(0);
    return;
  }
  out->push_back(1);
  PutInteger(value, width, out);
}

uint64_t KeyEncoder::HashInteger(int64_t value, bool is_null, int width) {
  if (is_null) return XXH3_64bits_withSeed(nullptr, 0, kKeyHashSeed ^ kKeyHashNullSalt);
  switch (width) {
    case 1: {
      auto v = static_cast<int8_t>(value);
      return XXH3_64bits_withSeed(&v, 1, kKeyHashSeed);
    }
    case 2: {
      auto v = static_cast<int16_t>(value);
      return XXH3_64bits_withSeed(&v, 2, kKeyHashSeed);
    }
    case 4: {
      auto v = static_cast<int32_t>(value);
      return XXH3_64bits_withSeed(&v, 4, kKeyHashSeed);
    }
    default:
      return XXH3_64bits_withSeed(&value, 8, kKeyHashSeed);
  }
}

Status KeyEncoder::DecodeInteger(std::string_view bytes, int width, int64_t* value,
                                 bool* is_null) {
  const auto* p = reinterpret_cast<const uint8_t*>(bytes.data());
  if (bytes.size() == 1 && p[0] == 0) {
    *is_null = true;
    *value = 0;
    return Status::OK();
  }
  if (bytes.size() != static_cast<size_t>(width) + 1 || p[0] != 1) {
    return Status::SerializationError("Invalid integer key bytes of length ", bytes.size());
  }
  *is_null = false;
  *value = GetInteger(p + 1, width);
  return Status::OK();
}

}  // namespace weir::runtime
