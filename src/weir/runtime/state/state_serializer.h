// StateSerializer<T>: how state values of type T are written into snapshots and read back.
#pragma once

#include <cstdint>
#include <cstring>
#include <map>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "weir/common/batch/value.h"
#include "weir/common/status.h"
#include "weir/runtime/state/state_bytes.h"

namespace weir::runtime {

/// The value type of states that hold nothing but their presence (timers, sets).
struct Unit {
  bool operator==(const Unit&) const = default;
};

/// Serialises state values. A specialisation provides:
///   static std::string TypeName();                 // recorded in snapshots, checked on restore
///   static void Write(const T& v, ByteWriter& out);
///   static Status Read(ByteReader& in, T* v);       // never trusts the bytes
///   static int64_t HeapBytes(const T& v);           // heap memory owned beyond sizeof(T)
/// Provided: bool, int8..int64, float, double, std::string (bytes), Unit, Value,
/// std::vector<T>, std::map<K, V>, std::pair<A, B>. For a trivially copyable struct, derive
/// a specialisation from PodStateSerializer<T> and give it a TypeName().
/// The encodings are part of the snapshot format (docs/design/0012-state.md).
template <typename T, typename Enable = void>
struct StateSerializer;

namespace state_internal {
template <typename T>
void WriteFixed(const T& v, ByteWriter& out) {
  out.PutRaw(&v, sizeof(T));
}
template <typename T>
Status ReadFixed(ByteReader& in, T* v) {
  return in.GetRaw(v, sizeof(T));
}
}  // namespace state_internal

/// Writes a trivially copyable value as its little-endian bytes.
template <typename T>
struct PodStateSerializer {
  static_assert(std::is_trivially_copyable_v<T>);
  static void Write(const T& v, ByteWriter& out) { state_internal::WriteFixed(v, out); }
  static Status Read(ByteReader& in, T* v) { return state_internal::ReadFixed(in, v); }
  static int64_t HeapBytes(const T&) { return 0; }
};

#define WEIR_STATE_FIXED_SERIALIZER(TYPE, NAME)                 \
  template <>                                                   \
  struct StateSerializer<TYPE> : PodStateSerializer<TYPE> {     \
    static std::string TypeName() { return NAME; }              \
  };
WEIR_STATE_FIXED_SERIALIZER(int8_t, "TINYINT")
WEIR_STATE_FIXED_SERIALIZER(int16_t, "SMALLINT")
WEIR_STATE_FIXED_SERIALIZER(int32_t, "INT")
WEIR_STATE_FIXED_SERIALIZER(int64_t, "BIGINT")
WEIR_STATE_FIXED_SERIALIZER(float, "FLOAT")
WEIR_STATE_FIXED_SERIALIZER(double, "DOUBLE")
#undef WEIR_STATE_FIXED_SERIALIZER

template <>
struct StateSerializer<bool> {
  static std::string TypeName() { return "BOOLEAN"; }
  static void Write(bool v, ByteWriter& out) { out.PutU8(v ? 1 : 0); }
  static Status Read(ByteReader& in, bool* v) {
    uint8_t b = 0;
    WEIR_RETURN_NOT_OK(in.GetU8(&b));
    if (b > 1) return Status::SerializationError("Invalid BOOLEAN state value: ", int{b});
    *v = b != 0;
    return Status::OK();
  }
  static int64_t HeapBytes(bool) { return 0; }
};

template <>
struct StateSerializer<Unit> {
  static std::string TypeName() { return "UNIT"; }
  static void Write(const Unit&, ByteWriter&) {}
  static Status Read(ByteReader&, Unit*) { return Status::OK(); }
  static int64_t HeapBytes(const Unit&) { return 0; }
};

template <>
struct StateSerializer<std::string> {
  static std::string TypeName() { return "BYTES"; }
  static void Write(const std::string& v, ByteWriter& out) { out.PutBytes(v); }
  static Status Read(ByteReader& in, std::string* v) {
    std::string_view bytes;
    WEIR_RETURN_NOT_OK(in.GetBytes(&bytes));
    v->assign(bytes.data(), bytes.size());
    return Status::OK();
  }
  static int64_t HeapBytes(const std::string& v) {
    return v.capacity() > 15 ? static_cast<int64_t>(v.capacity()) + 1 : 0;
  }
};

/// Encodes a generic Value with a tag byte per node (0 null, 1 bool, 2 integer, 3 double,
/// 4 decimal, 5 bytes, 6 list, 7 map, 8 row); nesting deeper than 64 is rejected on read.
void WriteStateValue(const Value& v, ByteWriter& out);
Status ReadStateValue(ByteReader& in, Value* v);
int64_t StateValueHeapBytes(const Value& v);

template <>
struct StateSerializer<Value> {
  static std::string TypeName() { return "VALUE"; }
  static void Write(const Value& v, ByteWriter& out) { WriteStateValue(v, out); }
  static Status Read(ByteReader& in, Value* v) { return ReadStateValue(in, v); }
  static int64_t HeapBytes(const Value& v) { return StateValueHeapBytes(v); }
};

template <typename T>
struct StateSerializer<std::vector<T>> {
  static std::string TypeName() { return "ARRAY<" + StateSerializer<T>::TypeName() + ">"; }
  static void Write(const std::vector<T>& v, ByteWriter& out) {
    out.PutVarint(v.size());
    for (const T& e : v) StateSerializer<T>::Write(e, out);
  }
  static Status Read(ByteReader& in, std::vector<T>* v) {
    uint64_t n = 0;
    WEIR_RETURN_NOT_OK(in.GetVarint(&n));
    // Every element takes at least one byte unless it is a Unit: bound the reservation.
    if (n > in.remaining() && !std::is_same_v<T, Unit>) return in.Truncated();
    v->clear();
    v->reserve(static_cast<size_t>(std::is_same_v<T, Unit> ? 0 : n));
    for (uint64_t i = 0; i < n; ++i) {
      T e{};
      WEIR_RETURN_NOT_OK(StateSerializer<T>::Read(in, &e));
      v->push_back(std::move(e));
    }
    return Status::OK();
  }
  static int64_t HeapBytes(const std::vector<T>& v) {
    int64_t bytes = static_cast<int64_t>(v.capacity() * sizeof(T));
    if constexpr (!std::is_trivially_copyable_v<T>) {
      for (const T& e : v) bytes += StateSerializer<T>::HeapBytes(e);
    }
    return bytes;
  }
};

/// Approximate heap bytes of one std::map node beyond its key and value.
inline constexpr int64_t kMapNodeOverhead = 48;

template <typename K, typename V>
struct StateSerializer<std::map<K, V>> {
  static std::string TypeName() {
    return "MAP<" + StateSerializer<K>::TypeName() + ", " + StateSerializer<V>::TypeName() + ">";
  }
  static void Write(const std::map<K, V>& m, ByteWriter& out) {
    out.PutVarint(m.size());
    for (const auto& [k, v] : m) {
      StateSerializer<K>::Write(k, out);
      StateSerializer<V>::Write(v, out);
    }
  }
  static Status Read(ByteReader& in, std::map<K, V>* m) {
    uint64_t n = 0;
    WEIR_RETURN_NOT_OK(in.GetVarint(&n));
    if (n > in.remaining()) return in.Truncated();
    m->clear();
    for (uint64_t i = 0; i < n; ++i) {
      K k{};
      V v{};
      WEIR_RETURN_NOT_OK(StateSerializer<K>::Read(in, &k));
      WEIR_RETURN_NOT_OK(StateSerializer<V>::Read(in, &v));
      if (!m->emplace(std::move(k), std::move(v)).second) {
        return Status::SerializationError("Duplicate key in MAP state value");
      }
    }
    return Status::OK();
  }
  static int64_t HeapBytes(const std::map<K, V>& m) {
    int64_t bytes = 0;
    for (const auto& [k, v] : m) bytes += EntryBytes(k, v);
    return bytes;
  }
  /// Returns the heap bytes one entry adds to a map.
  static int64_t EntryBytes(const K& k, const V& v) {
    return kMapNodeOverhead + static_cast<int64_t>(sizeof(K) + sizeof(V)) +
           StateSerializer<K>::HeapBytes(k) + StateSerializer<V>::HeapBytes(v);
  }
};

template <typename A, typename B>
struct StateSerializer<std::pair<A, B>> {
  static std::string TypeName() {
    return "PAIR<" + StateSerializer<A>::TypeName() + ", " + StateSerializer<B>::TypeName() + ">";
  }
  static void Write(const std::pair<A, B>& p, ByteWriter& out) {
    StateSerializer<A>::Write(p.first, out);
    StateSerializer<B>::Write(p.second, out);
  }
  static Status Read(ByteReader& in, std::pair<A, B>* p) {
    WEIR_RETURN_NOT_OK(StateSerializer<A>::Read(in, &p->first));
    return StateSerializer<B>::Read(in, &p->second);
  }
  static int64_t HeapBytes(const std::pair<A, B>& p) {
    return StateSerializer<A>::HeapBytes(p.first) + StateSerializer<B>::HeapBytes(p.second);
  }
};

/// Serialises one value to a new string (tests, operator state).
template <typename T>
std::string SerializeStateValue(const T& v) {
  std::string out;
  ByteWriter w(&out);
  StateSerializer<T>::Write(v, w);
  return out;
}

/// Reads one value that must fill `bytes` exactly.
template <typename T>
Status DeserializeStateValue(std::string_view bytes, T* v) {
  ByteReader r(bytes, "state value");
  WEIR_RETURN_NOT_OK(StateSerializer<T>::Read(r, v));
  return r.ExpectEnd();
}

}  // namespace weir::runtime
