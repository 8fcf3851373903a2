// StateSerializer<Value>: the tagged encoding of generic values in state.
#include "weir/runtime/state/state_serializer.h"

#include <variant>

namespace weir::runtime {
namespace {

constexpr int kMaxValueDepth = 64;

enum ValueTag : uint8_t {
  kTagNull = 0,
  kTagBool = 1,
  kTagInt = 2,
  kTagDouble = 3,
  kTagDecimal = 4,
  kTagBytes = 5,
  kTagList = 6,
  kTagMap = 7,
  kTagRow = 8,
};

void WriteList(const ValueList& items, ByteWriter& out) {
  out.PutVarint(items.size());
  for (const Value& v : items) WriteStateValue(v, out);
}

Status ReadList(ByteReader& in, int depth, ValueList* items);

Status ReadValue(ByteReader& in, int depth, Value* v) {
  if (depth > kMaxValueDepth) {
    return Status::SerializationError("State value nested deeper than ", kMaxValueDepth);
  }
  uint8_t tag = 0;
  WEIR_RETURN_NOT_OK(in.GetU8(&tag));
  switch (tag) {
    case kTagNull:
      *v = Value();
      return Status::OK();
    case kTagBool: {
      bool b = 0;
      WEIR_RETURN_NOT_OK(StateSerializer<bool>::Read(in, &b));
      *v = Value(b);
      return Status::OK();
    }
    case kTagInt: {
      int64_t i = 0;
      WEIR_RETURN_NOT_OK(in.GetI64(&i));
      *v = Value(i);
      return Status::OK();
    }
    case kTagDouble: {
      double d = 0;
      WEIR_RETURN_NOT_OK(in.GetRaw(&d, 8));
      *v = Value(d);
      return Status::OK();
    }
    case kTagDecimal: {
      uint64_t low = 0;
      int64_t high = 0;
      WEIR_RETURN_NOT_OK(in.GetU64(&low));
      WEIR_RETURN_NOT_OK(in.GetI64(&high));
      *v = Value(Decimal128((static_cast<__int128>(high) << 64) | low));
      return Status::OK();
    }
    case kTagBytes: {
      std::string_view bytes;
      WEIR_RETURN_NOT_OK(in.GetBytes(&bytes));
      *v = Value(std::string(bytes));
      return Status::OK();
    }
    case kTagList:
    case kTagRow: {
      ValueList items;
      WEIR_RETURN_NOT_OK(ReadList(in, depth + 1, &items));
      *v = tag == kTagList ? Value::MakeList(std::move(items)) : Value::MakeRow(std::move(items));
      return Status::OK();
    }
    case kTagMap: {
      uint64_t n = 0;
      WEIR_RETURN_NOT_OK(in.GetVarint(&n));
      if (n > in.remaining()) return in.Truncated();
      ValuePairs entries;
      entries.reserve(static_cast<size_t>(n));
      for (uint64_t i = 0; i < n; ++i) {
        Value k, val;
        WEIR_RETURN_NOT_OK(ReadValue(in, depth + 1, &k));
        WEIR_RETURN_NOT_OK(ReadValue(in, depth + 1, &val));
        entries.emplace_back(std::move(k), std::move(val));
      }
      *v = Value::MakeMap(std::move(entries));
      return Status::OK();
    }
    default:
      return Status::SerializationError("Unknown value tag in state: ", int{tag});
  }
}

Status ReadList(ByteReader& in, int depth, ValueList* items) {
  uint64_t n = 0;
  WEIR_RETURN_NOT_OK(in.GetVarint(&n));
  if (n > in.remaining()) return in.Truncated();  // every value takes at least its tag byte
  items->reserve(static_cast<size_t>(n));
  for (uint64_t i = 0; i < n; ++i) {
    Value v;
    WEIR_RETURN_NOT_OK(ReadValue(in, depth, &v));
    items->push_back(std::move(v));
  }
  return Status::OK();
}

}  // namespace

void WriteStateValue(const Value& v, ByteWriter& out) {
  const Value::Storage& s = v.storage();
  if (std::holds_alternative<Value::Null>(s)) {
    out.PutU8(kTagNull);
  } else if (const bool* b = std::get_if<bool>(&s)) {
    out.PutU8(kTagBool);
    out.PutU8(*b ? 1 : 0);
  } else if (const int64_t* i = std::get_if<int64_t>(&s)) {
    out.PutU8(kTagInt);
    out.PutI64(*i);
  } else if (const double* d = std::get_if<double>(&s)) {
    out.PutU8(kTagDouble);
    out.PutRaw(d, 8);
  } else if (const Decimal128* dec = std::get_if<Decimal128>(&s)) {
    out.PutU8(kTagDecimal);
    out.PutU64(dec->low_bits());
    out.PutI64(dec->high_bits());
  } else if (const std::string* str = std::get_if<std::string>(&s)) {
    out.PutU8(kTagBytes);
    out.PutBytes(*str);
  } else if (const Value::List* list = std::get_if<Value::List>(&s)) {
    out.PutU8(kTagList);
    WriteList(list->items, out);
  } else if (const Value::Row* row = std::get_if<Value::Row>(&s)) {
    out.PutU8(kTagRow);
    WriteList(row->fields, out);
  } else {
    const Value::Map& map = std::get<Value::Map>(s);
    out.PutU8(kTagMap);
    out.PutVarint(map.entries.size());
    for (const auto& [k, val] : map.entries) {
      WriteStateValue(k, out);
      WriteStateValue(val, out);
    }
  }
}

Status ReadStateValue(ByteReader& in, Value* v) { return ReadValue(in, 0, v); }

int64_t StateValueHeapBytes(const Value& v) {
  const Value::Storage& s = v.storage();
  if (const std::string* str = std::get_if<std::string>(&s)) {
    return StateSerializer<std::string>::HeapBytes(*str);
  }
  auto list_bytes = [](const ValueList& items) {
    int64_t bytes = static_cast<int64_t>(items.capacity() * sizeof(Value));
    for (const Value& e : items) bytes += StateValueHeapBytes(e);
    return bytes;
  };
  if (const Value::List* list = std::get_if<Value::List>(&s)) return list_bytes(list->items);
  if (const Value::Row* row = std::get_if<Value::Row>(&s)) return list_bytes(row->fields);
  if (const Value::Map* map = std::get_if<Value::Map>(&s)) {
    int64_t bytes = static_cast<int64_t>(map->entries.capacity() * sizeof(std::pair<Value, Value>));
    for (const auto& [k, val] : map->entries) {
      bytes += StateValueHeapBytes(k) + StateValueHeapBytes(val);
    }
    return bytes;
  }
  return 0;
}

}  // namespace weir::runtime
