// FixedValueState: the batch fast path — integer key column → fixed-width value, void namespace.
#pragma once

#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "weir/common/batch/column_vector.h"
#include "weir/common/hash/key_hash.h"
#include "weir/runtime/state/cow_table.h"
#include "weir/runtime/state/key_encoder.h"
#include "weir/runtime/state/keyed_snapshot_format.h"
#include "weir/runtime/state/keyed_state_base.h"
#include "weir/runtime/state/state_serializer.h"

namespace weir::runtime {

namespace state_internal {

/// Mixes a 64-bit integer into a placement hash (the murmur3 finaliser).
inline uint64_t MixInteger(uint64_t x) {
  x ^= x >> 33;
  x *= 0xFF51AFD7ED558CCDULL;
  x ^= x >> 33;
  x *= 0xC4CEB9FE1A85EC53ULL;
  x ^= x >> 33;
  return x;
}

template <typename V>
struct FixedSlot {
  int64_t key;
  V value;
};

template <typename V>
struct FixedPolicy {
  using Slot = FixedSlot<V>;
  /// Marks an empty slot; the key INT64_MIN itself lives outside the table.
  static constexpr int64_t kEmptyKey = std::numeric_limits<int64_t>::min();
  static constexpr bool kHasRefs = false;
  static bool IsEmpty(const Slot& s) { return s.key == kEmptyKey; }
  static void SetEmpty(Slot& s) { s.key = kEmptyKey; }
  static uint64_t Hash(const Slot& s) { return MixInteger(static_cast<uint64_t>(s.key)); }
  static void Share(const Slot&) {}
  static void Release(const Slot&, StateMemory*) {}
};

/// A value kept outside the table (the NULL key and the key INT64_MIN of a key group).
template <typename V>
struct SideEntry {
  bool present = false;
  V value{};
};

}  // namespace state_internal

/// A value state keyed by one integer-like key column (KeyEncoder::single_integer_key) with
/// a trivially copyable value V and the void namespace: the fast path of keyed aggregation.
/// Besides per-record access (the backend's current key), it takes whole key columns:
/// UpdateBatch hashes the column vectorised, checks key groups, prefetches the home slots
/// of rows ahead and applies an inlined function per row — no per-row allocation, virtual
/// call or lock. Its snapshots have the same entries (and format) as ValueState<V>, so
/// either can restore the other's state.
/// Thread: the owning task thread.
template <typename V>
class FixedValueState : public RegisteredKeyedState {
 public:
  static_assert(std::is_trivially_copyable_v<V>, "FixedValueState needs a fixed-width value");
  using Policy = state_internal::FixedPolicy<V>;
  using Table = state_internal::CowTable<Policy>;
  using Slot = typename Policy::Slot;
  using Side = state_internal::SideEntry<V>;
  static constexpr int64_t kPrefetchDistance = 16;

  /// `key_type` is the backend's single integer-like key type (KeyEncoder::single_integer_key).
  FixedValueState(std::string name, const CurrentKey* key, LogicalType key_type,
                  int32_t max_parallelism, KeyGroupRange range, StateMemory* memory)
      : RegisteredKeyedState(std::move(name), StateKind::kValue, StateSerializer<V>::TypeName()),
        key_(key),
        key_type_(std::move(key_type)),
        key_width_(key_type_.byte_width()),
        max_parallelism_(max_parallelism),
        range_(range),
        null_(static_cast<size_t>(range.size())),
        min_(static_cast<size_t>(range.size())) {
    tables_.reserve(static_cast<size_t>(range.size()));
    for (int32_t i = 0; i < range.size(); ++i) tables_.emplace_back(memory);
  }

  // ---- Per-record access (the backend's current key) ----------------------------------

  /// Returns the value of the current key, or nullptr.
  const V* Get() const {
    const CurrentKey& k = *key_;
    if (Side* side = SideFor(k.index, k.integer, k.integer_null)) {
      return side->present ? &side->value : nullptr;
    }
    const Table& t = tables_[static_cast<size_t>(k.index)];
    int64_t key = k.integer;
    int64_t i = t.Find(state_internal::MixInteger(static_cast<uint64_t>(key)),
                       [key](const Slot& s) { return s.key == key; });
    return i < 0 ? nullptr : &t.At(static_cast<uint64_t>(i)).value;
  }

  /// Sets the value of the current key.
  Status Update(const V& value) {
    const CurrentKey& k = *key_;
    return UpsertOne(k.index, k.integer, k.integer_null, [&](V& v, bool) {
      v = value;
      return true;
    });
  }

  /// Removes the value of the current key.
  Status Clear() {
    const CurrentKey& k = *key_;
    return UpsertOne(k.index, k.integer, k.integer_null, [](V&, bool) { return false; });
  }

  // ---- Batch access ----------------------------------------------------------------------

  /// For every row i of `keys` (the key column), calls fn(i, V& value, bool created) on the
  /// row's value, creating it value-initialised first when absent. fn returns void, or bool
  /// (false removes the entry). Rows apply in order, so a key repeated in the batch sees its
  /// earlier rows' updates. Fails (before changing anything) when a key's group is not
  /// owned by this backend.
  template <typename Fn>
  Status UpdateBatch(const ColumnVector& keys, Fn&& fn) {
    WEIR_RETURN_NOT_OK(PrepareBatch(keys));
    switch (key_width_) {
      case 1:
        return UpdateTyped<int8_t>(keys, fn);
      case 2:
        return UpdateTyped<int16_t>(keys, fn);
      case 4:
        return UpdateTyped<int32_t>(keys, fn);
      default:
        return UpdateTyped<int64_t>(keys, fn);
    }
  }

  /// Sets values[i] to the value of row i's key and found[i] to 1 (or 0 and a
  /// value-initialised V when absent).
  Status GetBatch(const ColumnVector& keys, V* values, uint8_t* found) {
    WEIR_RETURN_NOT_OK(PrepareBatch(keys));
    switch (key_width_) {
      case 1:
        return GetTyped<int8_t>(keys, values, found);
      case 2:
        return GetTyped<int16_t>(keys, values, found);
      case 4:
        return GetTyped<int32_t>(keys, values, found);
      default:
        return GetTyped<int64_t>(keys, values, found);
    }
  }

  /// Sets the value of every row's key to values[i] (later rows win).
  Status PutBatch(const ColumnVector& keys, const V* values) {
    return UpdateBatch(keys, [values](int64_t i, V& v, bool) { v = values[i]; });
  }

  /// Calls fn(int64_t key, bool key_is_null, const V&) for every entry.
  template <typename Fn>
  void ForEach(Fn&& fn) const {
    for (size_t i = 0; i < tables_.size(); ++i) {
      if (null_[i].present) fn(int64_t{0}, true, null_[i].value);
      if (min_[i].present) fn(Policy::kEmptyKey, false, min_[i].value);
      tables_[i].ForEach([&](const Slot& s) { fn(s.key, false, s.value); });
    }
  }

  int key_width() const { return key_width_; }

  // ---- Snapshots -------------------------------------------------------------------------

  std::unique_ptr<KeyedStateView> Capture() override {
    auto view = std::make_unique<View>();
    view->key_width = key_width_;
    view->null = null_;
    view->min = min_;
    view->tables.reserve(tables_.size());
    for (Table& t : tables_) view->tables.push_back(t.Snapshot());
    return view;
  }

  Status RestoreEntries(int32_t index, const RecordBatch& entries) override {
    const ColumnVector& hashes = *entries.column(0);
    const ColumnVector& keys = *entries.column(1);
    const ColumnVector& nss = *entries.column(2);
    const ColumnVector& values = *entries.column(3);
    const int32_t key_group = range_.start + index;
    for (int64_t i = 0; i < entries.num_rows(); ++i) {
      auto hash = static_cast<uint64_t>(hashes.Value<int64_t>(i));
      int64_t key = 0;
      bool is_null = false;
      WEIR_RETURN_NOT_OK(KeyEncoder::DecodeInteger(keys.StringValue(i), key_width_, &key, &is_null));
      if (!nss.StringValue(i).empty()) {
        return Status::SerializationError("State ", name(),
                                          " has namespaces and cannot restore as a FixedValueState");
      }
      if (KeyGroupForHash(hash, max_parallelism_) != key_group ||
          KeyEncoder::HashInteger(key, is_null, key_width_) != hash) {
        return Status::SerializationError("Entry of state ", name(), " does not belong to key group ",
                                          key_group);
      }
      V value{};
      WEIR_RETURN_NOT_OK(DeserializeStateValue(values.StringValue(i), &value));
      bool duplicate = false;
      WEIR_RETURN_NOT_OK(UpsertOne(index, key, is_null, [&](V& v, bool created) {
        duplicate = !created;
        v = value;
        return true;
      }));
      if (duplicate) return Status::SerializationError("Duplicate key in state ", name());
    }
    return Status::OK();
  }

  int64_t NumEntries() const override {
    int64_t n = 0;
    for (size_t i = 0; i < tables_.size(); ++i) {
      n += tables_[i].size() + (null_[i].present ? 1 : 0) + (min_[i].present ? 1 : 0);
    }
    return n;
  }

 private:
  struct View : KeyedStateView {
    int key_width = 8;
    std::vector<Side> null, min;
    std::vector<state_internal::CowTableView<Policy>> tables;

    Status WriteKeyGroup(int32_t index, EntryWriter& out) override {
      auto i = static_cast<size_t>(index);
      if (null[i].present) Write(0, true, null[i].value, out);
      if (min[i].present) Write(Policy::kEmptyKey, false, min[i].value, out);
      tables[i].ForEach([&](const Slot& s) { Write(s.key, false, s.value, out); });
      return Status::OK();
    }
    void Write(int64_t key, bool is_null, const V& value, EntryWriter& out) {
      char key_bytes[9];
      key_bytes[0] = is_null ? 0 : 1;
      std::memcpy(key_bytes + 1, &key, static_cast<size_t>(key_width));
      std::string& scratch = out.scratch();
      scratch.clear();
      ByteWriter w(&scratch);
      StateSerializer<V>::Write(value, w);
      out.Add(KeyEncoder::HashInteger(key, is_null, key_width),
              std::string_view(key_bytes, is_null ? 1 : static_cast<size_t>(key_width) + 1), {},
              scratch);
    }
  };

  Side* SideFor(int32_t index, int64_t key, bool is_null) const {
    if (is_null) return &null_[static_cast<size_t>(index)];
    if (key == Policy::kEmptyKey) return &min_[static_cast<size_t>(index)];
    return nullptr;
  }

  // Applies fn(V&, bool created) -> bool keep to one key.
  template <typename Fn>
  Status UpsertOne(int32_t index, int64_t key, bool is_null, Fn&& fn) {
    if (Side* side = SideFor(index, key, is_null)) {
      bool created = !side->present;
      if (created) side->value = V{};
      side->present = fn(side->value, created);
      return Status::OK();
    }
    Table& t = tables_[static_cast<size_t>(index)];
    if (t.NeedsGrow()) WEIR_RETURN_NOT_OK(t.Grow());
    auto [i, found] = t.FindOrEmpty(state_internal::MixInteger(static_cast<uint64_t>(key)),
                                    [key](const Slot& s) { return s.key == key; });
    Slot* s = found ? t.MutableAt(i) : t.Claim(i);
    if (s == nullptr) return t.TakeError();
    if (!found) {
      s->key = key;
      s->value = V{};
    }
    if (!fn(s->value, !found)) return t.EraseAt(i);
    return Status::OK();
  }

  // Hashes the key column and checks every row's key group.
  Status PrepareBatch(const ColumnVector& keys) {
    if (!keys.type().EqualsIgnoringNullability(key_type_)) {
      return Status::TypeError("Key column of type ", keys.type().ToString(), " does not fit state ",
                               name(), " keyed by ", key_type_.ToString());
    }
    const int64_t n = keys.length();
    hashes_.resize(static_cast<size_t>(n));
    indices_.resize(static_cast<size_t>(n));
    HashColumn(keys, hashes_.data(), false);
    const auto num = static_cast<uint32_t>(range_.size());
    for (int64_t i = 0; i < n; ++i) {
      int32_t kg = KeyGroupForHash(hashes_[static_cast<size_t>(i)], max_parallelism_);
      auto index = static_cast<uint32_t>(kg - range_.start);
      if (__builtin_expect(index >= num, 0)) {
        return Status::Invalid("Key group ", kg, " of row ", i, " is not in ", range_.ToString(),
                               " of state ", name(), " (the input is not partitioned by key)");
      }
      indices_[static_cast<size_t>(i)] = index;
    }
    return Status::OK();
  }

  template <typename K, typename Fn>
  Status UpdateTyped(const ColumnVector& keys, Fn& fn) {
    const int64_t n = keys.length();
    const K* data = keys.values<K>();
    const bool has_nulls = keys.null_count() > 0;
    const uint32_t* idx = indices_.data();
    auto prefetch = [&](int64_t j) {
      tables_[idx[j]].Prefetch(state_internal::MixInteger(static_cast<uint64_t>(int64_t{data[j]})));
    };
    for (int64_t j = 0; j < n && j < kPrefetchDistance; ++j) prefetch(j);
    for (int64_t i = 0; i < n; ++i) {
      if (i + kPrefetchDistance < n) prefetch(i + kPrefetchDistance);
      const bool is_null = has_nulls && keys.IsNull(i);
      const int64_t key = is_null ? 0 : int64_t{data[i]};
      auto apply = [&](V& v, bool created) {
        if constexpr (std::is_void_v<decltype(fn(i, v, created))>) {
          fn(i, v, created);
          return true;
        } else {
          return static_cast<bool>(fn(i, v, created));
        }
      };
      if (__builtin_expect(is_null || key == Policy::kEmptyKey, 0)) {
        WEIR_RETURN_NOT_OK(UpsertOne(static_cast<int32_t>(idx[i]), key, is_null, apply));
        continue;
      }
      Table& t = tables_[idx[i]];
      if (__builtin_expect(t.NeedsGrow(), 0)) WEIR_RETURN_NOT_OK(t.Grow());
      auto [slot, found] = t.FindOrEmpty(state_internal::MixInteger(static_cast<uint64_t>(key)),
                                         [key](const Slot& s) { return s.key == key; });
      Slot* s = found ? t.MutableAt(slot) : t.Claim(slot);
      if (__builtin_expect(s == nullptr, 0)) return t.TakeError();
      if (!found) {
        s->key = key;
        s->value = V{};
      }
      if (!apply(s->value, !found)) WEIR_RETURN_NOT_OK(t.EraseAt(slot));
    }
    return Status::OK();
  }

  template <typename K>
  Status GetTyped(const ColumnVector& keys, V* values, uint8_t* found) {
    const int64_t n = keys.length();
    const K* data = keys.values<K>();
    const bool has_nulls = keys.null_count() > 0;
    const uint32_t* idx = indices_.data();
    for (int64_t j = 0; j < n && j < kPrefetchDistance; ++j) {
      tables_[idx[j]].Prefetch(state_internal::MixInteger(static_cast<uint64_t>(int64_t{data[j]})));
    }
    for (int64_t i = 0; i < n; ++i) {
      if (i + kPrefetchDistance < n) {
        int64_t j = i + kPrefetchDistance;
        tables_[idx[j]].Prefetch(state_internal::MixInteger(static_cast<uint64_t>(int64_t{data[j]})));
      }
      const bool is_null = has_nulls && keys.IsNull(i);
      const int64_t key = is_null ? 0 : int64_t{data[i]};
      if (Side* side = SideFor(static_cast<int32_t>(idx[i]), key, is_null)) {
        found[i] = side->present ? 1 : 0;
        values[i] = side->present ? side->value : V{};
        continue;
      }
      const Table& t = tables_[idx[i]];
      int64_t slot = t.Find(state_internal::MixInteger(static_cast<uint64_t>(key)),
                            [key](const Slot& s) { return s.key == key; });
      found[i] = slot >= 0 ? 1 : 0;
      values[i] = slot >= 0 ? t.At(static_cast<uint64_t>(slot)).value : V{};
    }
    return Status::OK();
  }

  const CurrentKey* key_;
  LogicalType key_type_;
  int key_width_;
  int32_t max_parallelism_;
  KeyGroupRange range_;
  std::vector<Table> tables_;
  mutable std::vector<Side> null_;  // per key group index: the NULL key
  mutable std::vector<Side> min_;   // per key group index: the key INT64_MIN
  std::vector<uint64_t> hashes_;    // batch scratch
  std::vector<uint32_t> indices_;   // batch scratch: key group index per row
};

}  // namespace weir::runtime
