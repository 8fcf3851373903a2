// KvTable: the heap table of one keyed state — (key, namespace) → value, one CowTable per key group.
#pragma once

#include <atomic>
#include <cstdint>
#include <cstring>
#include <new>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "weir/common/result.h"
#include "weir/runtime/state/cow_table.h"
#include "weir/runtime/state/state_memory.h"
#include "weir/runtime/state/state_serializer.h"

namespace weir::runtime {

/// A key as the state tables see it: canonical bytes (KeyEncoder), the Foundation key hash,
/// and the index of its key group within the backend's key-group range.
struct KeyRef {
  std::string_view bytes;
  uint64_t hash = 0;
  int32_t index = 0;  // key group - range.start
};

/// A namespace: its bytes (empty for VoidNamespace) and their hash (0 for empty).
struct NsRef {
  std::string_view bytes;
  uint64_t hash = 0;
};

/// Returns the hash of namespace bytes (0 for the empty namespace).
uint64_t HashNamespace(std::string_view bytes);

namespace state_internal {

/// The key and namespace of one entry: immutable, reference-counted by the pages holding it.
struct KeyNs {
  mutable std::atomic<int32_t> refs;
  uint32_t key_size;
  uint32_t ns_size;
  uint64_t key_hash;

  const char* data() const { return reinterpret_cast<const char*>(this + 1); }
  std::string_view key() const { return std::string_view(data(), key_size); }
  std::string_view ns() const { return std::string_view(data() + key_size, ns_size); }
  int64_t bytes() const { return static_cast<int64_t>(sizeof(KeyNs)) + key_size + ns_size; }
  bool Matches(std::string_view k, std::string_view n) const {
    return key_size == k.size() && ns_size == n.size() &&
           std::memcmp(data(), k.data(), k.size()) == 0 &&
           std::memcmp(data() + key_size, n.data(), n.size()) == 0;
  }
};

/// Allocates a KeyNs with one reference, accounted in `memory` (nullptr when refused).
KeyNs* NewKeyNs(std::string_view key, std::string_view ns, uint64_t key_hash, StateMemory* memory,
                Status* error);
inline void RefKeyNs(const KeyNs* k) { k->refs.fetch_add(1, std::memory_order_relaxed); }
void UnrefKeyNs(const KeyNs* k, StateMemory* memory);

/// A value too large or not trivially copyable to live in a slot: boxed and
/// reference-counted like KeyNs; mutated in place only while one page refers to it.
template <typename T>
struct Box {
  std::atomic<int32_t> refs{1};
  int64_t charged = 0;  // bytes accounted for this box
  T value;
};

template <typename T>
inline constexpr bool kInlineValue = std::is_trivially_copyable_v<T> && sizeof(T) <= 16;

template <typename T>
using CellType = std::conditional_t<kInlineValue<T>, T, Box<T>*>;

template <typename T>
struct KvSlot {
  uint64_t hash;  // key hash XOR namespace hash: the placement hash
  KeyNs* keyns;   // nullptr: empty slot
  CellType<T> cell;
};

template <typename T>
void UnrefBox(Box<T>* box, StateMemory* memory) {
  if (box->refs.fetch_sub(1, std::memory_order_acq_rel) == 1) {
    memory->Discharge(box->charged);
    delete box;
  }
}

template <typename T>
struct KvPolicy {
  using Slot = KvSlot<T>;
  static constexpr bool kHasRefs = true;
  static bool IsEmpty(const Slot& s) { return s.keyns == nullptr; }
  static void SetEmpty(Slot& s) { s.keyns = nullptr; }
  static uint64_t Hash(const Slot& s) { return s.hash; }
  static void Share(const Slot& s) {
    RefKeyNs(s.keyns);
    if constexpr (!kInlineValue<T>) s.cell->refs.fetch_add(1, std::memory_order_relaxed);
  }
  static void Release(const Slot& s, StateMemory* memory) {
    UnrefKeyNs(s.keyns, memory);
    if constexpr (!kInlineValue<T>) UnrefBox(s.cell, memory);
  }
};

}  // namespace state_internal

/// A writable value inside a KvTable; valid until the next write to the table.
template <typename T>
struct ValueRef {
  T* value = nullptr;         // nullptr: absent
  int64_t* charged = nullptr; // accounted bytes of a boxed value (nullptr for inline values)
  bool created = false;       // the entry was just created with a default value
};

/// The entries of one keyed state: (key, namespace) → T, one CowTable per key group of the
/// backend's range. Values that are trivially copyable and at most 16 bytes live in the
/// slots; others are boxed and copied on write while a snapshot shares them.
/// Thread: the owning task thread; views from Snapshot() may go to other threads.
template <typename T>
class KvTable {
 public:
  using Policy = state_internal::KvPolicy<T>;
  using Table = state_internal::CowTable<Policy>;
  using Slot = typename Policy::Slot;
  using View = state_internal::CowTableView<Policy>;

  KvTable(int32_t num_key_groups, StateMemory* memory) : memory_(memory) {
    tables_.reserve(static_cast<size_t>(num_key_groups));
    for (int32_t i = 0; i < num_key_groups; ++i) tables_.emplace_back(memory);
  }

  int32_t num_key_groups() const { return static_cast<int32_t>(tables_.size()); }
  StateMemory* memory() const { return memory_; }

  /// Returns the value of (key, ns), or nullptr.
  const T* Find(const KeyRef& key, const NsRef& ns) const {
    const Table& t = tables_[static_cast<size_t>(key.index)];
    int64_t i = t.Find(key.hash ^ ns.hash, Matcher(key, ns));
    return i < 0 ? nullptr : &Value(t.At(static_cast<uint64_t>(i)));
  }

  /// Returns the value of (key, ns) for writing; value is nullptr when absent.
  Result<ValueRef<T>> FindMutable(const KeyRef& key, const NsRef& ns) {
    Table& t = tables_[static_cast<size_t>(key.index)];
    int64_t i = t.Find(key.hash ^ ns.hash, Matcher(key, ns));
    if (i < 0) return ValueRef<T>{};
    return MutableValue(t, static_cast<uint64_t>(i));
  }

  /// Returns the value of (key, ns) for writing, creating a default-constructed one first.
  Result<ValueRef<T>> Upsert(const KeyRef& key, const NsRef& ns) {
    Table& t = tables_[static_cast<size_t>(key.index)];
    uint64_t hash = key.hash ^ ns.hash;
    int64_t i = t.Find(hash, Matcher(key, ns));
    if (i >= 0) return MutableValue(t, static_cast<uint64_t>(i));
    WEIR_ASSIGN_OR_RAISE(Slot * s, Insert(t, hash, key.bytes, ns.bytes, key.hash, T{}));
    ValueRef<T> ref = RefOf(*s);
    ref.created = true;
    return ref;
  }

  /// Returns the KeyNs of (key, ns), or nullptr.
  const state_internal::KeyNs* FindKeyNs(const KeyRef& key, const NsRef& ns) const {
    const Table& t = tables_[static_cast<size_t>(key.index)];
    int64_t i = t.Find(key.hash ^ ns.hash, Matcher(key, ns));
    return i < 0 ? nullptr : t.At(static_cast<uint64_t>(i)).keyns;
  }

  /// Inserts (key, ns) with a value-initialised value unless present. Returns its KeyNs and
  /// whether it was inserted.
  Result<std::pair<const state_internal::KeyNs*, bool>> Emplace(const KeyRef& key,
                                                                const NsRef& ns) {
    Table& t = tables_[static_cast<size_t>(key.index)];
    uint64_t hash = key.hash ^ ns.hash;
    int64_t i = t.Find(hash, Matcher(key, ns));
    if (i >= 0) {
      return std::pair<const state_internal::KeyNs*, bool>(t.At(static_cast<uint64_t>(i)).keyns,
                                                           false);
    }
    WEIR_ASSIGN_OR_RAISE(Slot * s, Insert(t, hash, key.bytes, ns.bytes, key.hash, T{}));
    return std::pair<const state_internal::KeyNs*, bool>(s->keyns, true);
  }

  /// Sets the value of (key, ns).
  Status Put(const KeyRef& key, const NsRef& ns, T value) {
    WEIR_ASSIGN_OR_RAISE(ValueRef<T> ref, Upsert(key, ns));
    *ref.value = std::move(value);
    return Recharge(ref);
  }

  /// Removes (key, ns) if present; returns whether it was.
  Result<bool> Remove(const KeyRef& key, const NsRef& ns) {
    Table& t = tables_[static_cast<size_t>(key.index)];
    int64_t i = t.Find(key.hash ^ ns.hash, Matcher(key, ns));
    if (i < 0) return false;
    WEIR_RETURN_NOT_OK(t.EraseAt(static_cast<uint64_t>(i)));
    return true;
  }

  /// Inserts an entry known to be absent (restore). Fails with SerializationError on a
  /// duplicate (corrupt snapshot).
  Status InsertRestored(int32_t index, uint64_t key_hash, std::string_view key,
                        std::string_view ns, T value) {
    Table& t = tables_[static_cast<size_t>(index)];
    uint64_t hash = key_hash ^ HashNamespace(ns);
    KeyRef k{key, key_hash, index};
    NsRef n{ns, HashNamespace(ns)};
    if (t.Find(hash, Matcher(k, n)) >= 0) {
      return Status::SerializationError("Duplicate key and namespace in keyed state snapshot");
    }
    WEIR_ASSIGN_OR_RAISE(Slot * s, Insert(t, hash, key, ns, key_hash, std::move(value)));
    return Recharge(RefOf(*s));
  }

  /// Re-accounts a boxed value after it changed (no-op for inline values).
  Status Recharge(const ValueRef<T>& ref) {
    if constexpr (!state_internal::kInlineValue<T>) {
      int64_t now = static_cast<int64_t>(sizeof(state_internal::Box<T>)) +
                    StateSerializer<T>::HeapBytes(*ref.value);
      int64_t delta = now - *ref.charged;
      if (delta > 0) {
        WEIR_RETURN_NOT_OK(memory_->Charge(delta));
      } else if (delta < 0) {
        memory_->Discharge(-delta);
      }
      *ref.charged = now;
    }
    return Status::OK();
  }

  /// Calls fn(const KeyNs&, const T&) for every entry of key group index `index`.
  template <typename Fn>
  void ForEachInKeyGroup(int32_t index, Fn&& fn) const {
    tables_[static_cast<size_t>(index)].ForEach(
        [&](const Slot& s) { fn(*s.keyns, Value(s)); });
  }

  /// Calls fn(const KeyNs&, const T&) for every entry.
  template <typename Fn>
  void ForEach(Fn&& fn) const {
    for (int32_t i = 0; i < num_key_groups(); ++i) ForEachInKeyGroup(i, fn);
  }

  int64_t size() const {
    int64_t n = 0;
    for (const Table& t : tables_) n += t.size();
    return n;
  }

  /// Captures every key group (O(pages)); see CowTable::Snapshot.
  std::vector<View> Snapshot() {
    std::vector<View> views;
    views.reserve(tables_.size());
    for (Table& t : tables_) views.push_back(t.Snapshot());
    return views;
  }

  /// Returns the value stored in an occupied slot.
  static const T& Value(const Slot& s) {
    if constexpr (state_internal::kInlineValue<T>) {
      return s.cell;
    } else {
      return s.cell->value;
    }
  }

 private:
  struct MatchFn {
    uint64_t hash;
    std::string_view key;
    std::string_view ns;
    bool operator()(const Slot& s) const { return s.hash == hash && s.keyns->Matches(key, ns); }
  };
  static MatchFn Matcher(const KeyRef& key, const NsRef& ns) {
    return MatchFn{key.hash ^ ns.hash, key.bytes, ns.bytes};
  }

  static ValueRef<T> RefOf(Slot& s) {
    if constexpr (state_internal::kInlineValue<T>) {
      return ValueRef<T>{&s.cell, nullptr, false};
    } else {
      return ValueRef<T>{&s.cell->value, &s.cell->charged, false};
    }
  }

  Result<ValueRef<T>> MutableValue(Table& t, uint64_t index) {
    Slot* s = t.MutableAt(index);
    if (s == nullptr) return t.TakeError();
    if constexpr (!state_internal::kInlineValue<T>) {
      state_internal::Box<T>* box = s->cell;
      if (box->refs.load(std::memory_order_acquire) != 1) {  // a snapshot still sees it
        int64_t bytes = box->charged;
        WEIR_RETURN_NOT_OK(memory_->Charge(bytes));
        auto* copy = new state_internal::Box<T>();
        copy->value = box->value;
        copy->charged = bytes;
        state_internal::UnrefBox(box, memory_);
        s->cell = copy;
      }
    }
    return RefOf(*s);
  }

  Result<Slot*> Insert(Table& t, uint64_t hash, std::string_view key, std::string_view ns,
                       uint64_t key_hash, T value) {
    if (t.NeedsGrow()) WEIR_RETURN_NOT_OK(t.Grow());
    Status error;
    state_internal::KeyNs* keyns = state_internal::NewKeyNs(key, ns, key_hash, memory_, &error);
    if (keyns == nullptr) return error;
    state_internal::CellType<T> cell;
    if constexpr (state_internal::kInlineValue<T>) {
      cell = value;
    } else {
      int64_t bytes = static_cast<int64_t>(sizeof(state_internal::Box<T>));
      Status st = memory_->Charge(bytes);
      if (!st.ok()) {
        state_internal::UnrefKeyNs(keyns, memory_);
        return st;
      }
      cell = new state_internal::Box<T>();
      cell->value = std::move(value);
      cell->charged = bytes;
    }
    Slot* s = t.Claim(t.FindEmpty(hash));
    if (s == nullptr) {
      state_internal::UnrefKeyNs(keyns, memory_);
      if constexpr (!state_internal::kInlineValue<T>) state_internal::UnrefBox(cell, memory_);
      return t.TakeError();
    }
    s->hash = hash;
    s->keyns = keyns;
    s->cell = cell;
    return s;
  }

  std::vector<Table> tables_;
  StateMemory* memory_;
};

}  // namespace weir::runtime
