// Keyed states of the heap backend: value, list, map, reducing and aggregating, per (key, namespace).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "weir/common/hash/key_hash.h"
#include "weir/runtime/state/keyed_snapshot_format.h"
#include "weir/runtime/state/keyed_state_base.h"
#include "weir/runtime/state/kv_table.h"
#include "weir/runtime/state/state_descriptor.h"
#include "weir/runtime/state/state_serializer.h"

namespace weir::runtime {

/// The common part of the per-record keyed states: a KvTable of the stored type S, the
/// backend's current key and this state's current namespace (empty = VoidNamespace).
/// Accessors apply to (current key, current namespace); the backend's current key must be
/// set (KeyedStateBackend::SetCurrentKeyRow) before any access.
/// Thread: the owning task thread.
template <typename S>
class KvState : public RegisteredKeyedState {
 public:
  using Stored = S;

  KvState(std::string name, StateKind kind, const CurrentKey* key, int32_t num_key_groups,
          int32_t max_parallelism, KeyGroupRange range, StateMemory* memory)
      : RegisteredKeyedState(std::move(name), kind, StateSerializer<S>::TypeName()),
        key_(key),
        max_parallelism_(max_parallelism),
        range_(range),
        table_(num_key_groups, memory) {}

  /// Scopes later accesses to namespace `ns` (bytes; windows encode themselves).
  void SetCurrentNamespace(std::string_view ns) {
    ns_.assign(ns.data(), ns.size());
    ns_hash_ = HashNamespace(ns);
  }
  /// Scopes later accesses to the void namespace.
  void SetVoidNamespace() {
    ns_.clear();
    ns_hash_ = 0;
  }
  std::string_view current_namespace() const { return ns_; }

  /// Calls fn(key bytes, namespace bytes, const S&) for every entry (any order).
  template <typename Fn>
  void ForEachEntry(Fn&& fn) const {
    table_.ForEach([&](const state_internal::KeyNs& k, const S& v) { fn(k.key(), k.ns(), v); });
  }

  std::unique_ptr<KeyedStateView> Capture() override {
    return std::make_unique<View>(table_.Snapshot());
  }

  Status RestoreEntries(int32_t index, const RecordBatch& entries) override {
    const ColumnVector& hashes = *entries.column(0);
    const ColumnVector& keys = *entries.column(1);
    const ColumnVector& nss = *entries.column(2);
    const ColumnVector& values = *entries.column(3);
    const int32_t key_group = range_.start + index;
    for (int64_t i = 0; i < entries.num_rows(); ++i) {
      auto hash = static_cast<uint64_t>(hashes.Value<int64_t>(i));
      if (KeyGroupForHash(hash, max_parallelism_) != key_group) {
        return Status::SerializationError("Entry of state ", name(), " in key group section ",
                                          key_group, " hashes to key group ",
                                          KeyGroupForHash(hash, max_parallelism_));
      }
      S value{};
      ByteReader r(values.StringValue(i), "keyed state value");
      WEIR_RETURN_NOT_OK(StateSerializer<S>::Read(r, &value));
      WEIR_RETURN_NOT_OK(r.ExpectEnd());
      WEIR_RETURN_NOT_OK(table_.InsertRestored(index, hash, keys.StringValue(i),
                                               nss.StringValue(i), std::move(value)));
    }
    return Status::OK();
  }

  int64_t NumEntries() const override { return table_.size(); }

 protected:
  NsRef ns() const { return NsRef{ns_, ns_hash_}; }
  KeyRef key() const { return key_->ref(); }

  // Returns the stored value of (current key, namespace `n`), or nullptr.
  const S* FindIn(const NsRef& n) const { return table_.Find(key(), n); }
  // Removes and returns the stored value of (current key, `n`).
  Result<std::optional<S>> TakeFrom(const NsRef& n) {
    WEIR_ASSIGN_OR_RAISE(ValueRef<S> ref, table_.FindMutable(key(), n));
    if (ref.value == nullptr) return std::optional<S>();
    std::optional<S> out(std::move(*ref.value));
    WEIR_ASSIGN_OR_RAISE(bool removed, table_.Remove(key(), n));
    (void)removed;
    return out;
  }

  const CurrentKey* key_;
  int32_t max_parallelism_;
  KeyGroupRange range_;
  KvTable<S> table_;
  std::string ns_;
  uint64_t ns_hash_ = 0;

 private:
  class View : public KeyedStateView {
   public:
    explicit View(std::vector<typename KvTable<S>::View> views) : views_(std::move(views)) {}
    Status WriteKeyGroup(int32_t index, EntryWriter& out) override {
      views_[static_cast<size_t>(index)].ForEach([&](const typename KvTable<S>::Slot& s) {
        std::string& scratch = out.scratch();
        scratch.clear();
        ByteWriter w(&scratch);
        StateSerializer<S>::Write(KvTable<S>::Value(s), w);
        out.Add(s.keyns->key_hash, s.keyns->key(), s.keyns->ns(), scratch);
      });
      return Status::OK();
    }

   private:
    std::vector<typename KvTable<S>::View> views_;
  };
};

/// Flink's ValueState: one value per (key, namespace).
template <typename T>
class ValueState : public KvState<T> {
 public:
  using KvState<T>::KvState;
  /// Returns the value, or nullptr when none was set.
  const T* Get() const { return this->FindIn(this->ns()); }
  /// Sets the value.
  Status Update(T value) { return this->table_.Put(this->key(), this->ns(), std::move(value)); }
  /// Removes the value.
  Status Clear() { return this->table_.Remove(this->key(), this->ns()).status(); }
};

/// Flink's ListState: a list of elements per (key, namespace). An empty list is no entry.
template <typename T>
class ListState : public KvState<std::vector<T>> {
 public:
  using KvState<std::vector<T>>::KvState;
  /// Returns the elements, or nullptr when the list is empty.
  const std::vector<T>* Get() const { return this->FindIn(this->ns()); }
  /// Appends one element.
  Status Add(T value) {
    WEIR_ASSIGN_OR_RAISE(ValueRef<std::vector<T>> ref, this->table_.Upsert(this->key(), this->ns()));
    ref.value->push_back(std::move(value));
    return this->table_.Recharge(ref);
  }
  /// Appends elements.
  Status AddAll(const std::vector<T>& values) {
    if (values.empty()) return Status::OK();
    WEIR_ASSIGN_OR_RAISE(ValueRef<std::vector<T>> ref, this->table_.Upsert(this->key(), this->ns()));
    ref.value->insert(ref.value->end(), values.begin(), values.end());
    return this->table_.Recharge(ref);
  }
  /// Replaces the elements (an empty list clears).
  Status Update(std::vector<T> values) {
    if (values.empty()) return Clear();
    return this->table_.Put(this->key(), this->ns(), std::move(values));
  }
  Status Clear() { return this->table_.Remove(this->key(), this->ns()).status(); }
  /// Appends the lists of `sources` to the list of `target` and removes them.
  Status MergeNamespaces(std::string_view target, const std::vector<std::string>& sources) {
    std::vector<T> merged;
    for (const std::string& source : sources) {
      if (source == target) continue;
      WEIR_ASSIGN_OR_RAISE(auto taken, this->TakeFrom(NsRef{source, HashNamespace(source)}));
      if (taken) merged.insert(merged.end(), taken->begin(), taken->end());
    }
    if (merged.empty()) return Status::OK();
    WEIR_ASSIGN_OR_RAISE(ValueRef<std::vector<T>> ref,
                         this->table_.Upsert(this->key(), NsRef{target, HashNamespace(target)}));
    ref.value->insert(ref.value->end(), merged.begin(), merged.end());
    return this->table_.Recharge(ref);
  }
};

/// Flink's MapState: a map of user keys to values per (key, namespace); iteration is in
/// user-key order (deterministic). An empty map is no entry.
template <typename K, typename V>
class MapState : public KvState<std::map<K, V>> {
 public:
  using Map = std::map<K, V>;
  using KvState<Map>::KvState;
  /// Returns the value of `user_key`, or nullptr.
  const V* Get(const K& user_key) const {
    const Map* m = this->FindIn(this->ns());
    if (m == nullptr) return nullptr;
    auto it = m->find(user_key);
    return it == m->end() ? nullptr : &it->second;
  }
  bool Contains(const K& user_key) const { return Get(user_key) != nullptr; }
  /// Sets the value of `user_key`.
  Status Put(K user_key, V value) {
    WEIR_ASSIGN_OR_RAISE(ValueRef<Map> ref, this->table_.Upsert(this->key(), this->ns()));
    auto it = ref.value->find(user_key);
    if (it != ref.value->end()) {
      it->second = std::move(value);
      return this->table_.Recharge(ref);
    }
    ref.value->emplace(std::move(user_key), std::move(value));
    return this->table_.Recharge(ref);
  }
  Status PutAll(const Map& entries) {
    for (const auto& [k, v] : entries) WEIR_RETURN_NOT_OK(Put(k, v));
    return Status::OK();
  }
  /// Removes `user_key` (and the whole entry when the map becomes empty).
  Status Remove(const K& user_key) {
    WEIR_ASSIGN_OR_RAISE(ValueRef<Map> ref, this->table_.FindMutable(this->key(), this->ns()));
    if (ref.value == nullptr || ref.value->find(user_key) == ref.value->end()) {
      return Status::OK();
    }
    ref.value->erase(user_key);
    if (ref.value->empty()) return Clear();
    return this->table_.Recharge(ref);
  }
  /// Returns the whole map for iteration, or nullptr when empty.
  const Map* Entries() const { return this->FindIn(this->ns()); }
  bool IsEmpty() const { return Entries() == nullptr; }
  Status Clear() { return this->table_.Remove(this->key(), this->ns()).status(); }
};

/// Flink's ReducingState: Add(v) stores reduce(current, v).
template <typename T>
class ReducingState : public KvState<T> {
 public:
  ReducingState(std::string name, const CurrentKey* key, int32_t num_key_groups,
                int32_t max_parallelism, KeyGroupRange range, StateMemory* memory,
                std::function<T(const T&, const T&)> reduce)
      : KvState<T>(std::move(name), StateKind::kReducing, key, num_key_groups, max_parallelism,
                   range, memory),
        reduce_(std::move(reduce)) {}
  /// Returns the reduced value, or nullptr when nothing was added.
  const T* Get() const { return this->FindIn(this->ns()); }
  Status Add(T value) {
    WEIR_ASSIGN_OR_RAISE(ValueRef<T> ref, this->table_.Upsert(this->key(), this->ns()));
    if (ref.created) {
      *ref.value = std::move(value);
    } else {
      *ref.value = reduce_(*ref.value, value);
    }
    return this->table_.Recharge(ref);
  }
  Status Clear() { return this->table_.Remove(this->key(), this->ns()).status(); }
  /// Reduces the values of `sources` into `target` and removes them.
  Status MergeNamespaces(std::string_view target, const std::vector<std::string>& sources) {
    for (const std::string& source : sources) {
      if (source == target) continue;
      WEIR_ASSIGN_OR_RAISE(auto taken, this->TakeFrom(NsRef{source, HashNamespace(source)}));
      if (!taken) continue;
      WEIR_ASSIGN_OR_RAISE(ValueRef<T> ref,
                           this->table_.Upsert(this->key(), NsRef{target, HashNamespace(target)}));
      *ref.value = ref.created ? std::move(*taken) : reduce_(*ref.value, *taken);
      WEIR_RETURN_NOT_OK(this->table_.Recharge(ref));
    }
    return Status::OK();
  }

 private:
  std::function<T(const T&, const T&)> reduce_;
};

/// Flink's AggregatingState: Add(in) folds into an accumulator; Get() returns the result.
template <typename IN, typename ACC, typename OUT>
class AggregatingState : public KvState<ACC> {
 public:
  AggregatingState(std::string name, const CurrentKey* key, int32_t num_key_groups,
                   int32_t max_parallelism, KeyGroupRange range, StateMemory* memory,
                   AggregateFunction<IN, ACC, OUT> function)
      : KvState<ACC>(std::move(name), StateKind::kAggregating, key, num_key_groups,
                     max_parallelism, range, memory),
        function_(std::move(function)) {}
  /// Returns the result for the accumulator, or nullopt when nothing was added.
  std::optional<OUT> Get() const {
    const ACC* acc = this->FindIn(this->ns());
    if (acc == nullptr) return std::nullopt;
    return function_.get_result(*acc);
  }
  /// Returns the accumulator itself, or nullptr.
  const ACC* GetAccumulator() const { return this->FindIn(this->ns()); }
  Status Add(const IN& value) {
    WEIR_ASSIGN_OR_RAISE(ValueRef<ACC> ref, this->table_.Upsert(this->key(), this->ns()));
    if (ref.created) *ref.value = function_.create_accumulator();
    function_.add(value, ref.value);
    return this->table_.Recharge(ref);
  }
  Status Clear() { return this->table_.Remove(this->key(), this->ns()).status(); }
  /// Merges the accumulators of `sources` into `target` and removes them (needs `merge`).
  Status MergeNamespaces(std::string_view target, const std::vector<std::string>& sources) {
    if (!function_.merge) {
      return Status::Invalid("Aggregating state ", this->name(), " has no merge function");
    }
    for (const std::string& source : sources) {
      if (source == target) continue;
      WEIR_ASSIGN_OR_RAISE(auto taken, this->TakeFrom(NsRef{source, HashNamespace(source)}));
      if (!taken) continue;
      WEIR_ASSIGN_OR_RAISE(ValueRef<ACC> ref,
                           this->table_.Upsert(this->key(), NsRef{target, HashNamespace(target)}));
      if (ref.created) {
        *ref.value = std::move(*taken);
      } else {
        function_.merge(*taken, ref.value);
      }
      WEIR_RETURN_NOT_OK(this->table_.Recharge(ref));
    }
    return Status::OK();
  }

 private:
  AggregateFunction<IN, ACC, OUT> function_;
};

}  // namespace weir::runtime
