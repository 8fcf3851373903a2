// KeyedStateBackend: the heap keyed-state backend of one operator subtask — current key, states, snapshots.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "weir/common/batch/record_batch.h"
#include "weir/common/memory/memory_pool.h"
#include "weir/common/result.h"
#include "weir/runtime/checkpoint/checkpoint_stream.h"
#include "weir/runtime/checkpoint/state_handle.h"
#include "weir/runtime/state/fixed_value_state.h"
#include "weir/runtime/state/key_encoder.h"
#include "weir/runtime/state/key_group_range.h"
#include "weir/runtime/state/keyed_snapshot_format.h"
#include "weir/runtime/state/keyed_state.h"
#include "weir/runtime/state/keyed_state_base.h"
#include "weir/runtime/state/state_memory.h"

namespace weir::runtime {

/// How to create a keyed state backend.
struct KeyedStateBackendOptions {
  std::string operator_name;            // for messages
  std::vector<LogicalType> key_types;   // the types of the key columns, in key order
  int32_t max_parallelism = kDefaultMaxParallelism;
  KeyGroupRange key_groups;             // the key groups this subtask owns (non-empty)
  MemoryPool* memory_pool = nullptr;    // accounts state memory (DefaultMemoryPool() if null)
};

/// The synchronous part of a keyed-state snapshot: a consistent view of every state, taken
/// without copying entries. Write() (the asynchronous part) serialises it; destroying it
/// releases the old versions it retained.
/// Thread: created on the task thread; Write() and destruction on any one thread.
class KeyedStateSnapshot {
 public:
  /// Writes every key group of the view into a new stream of `factory` and returns its
  /// handle, or nullopt when the backend had no state at all. Call once; the retained
  /// versions are released when it returns.
  Result<std::optional<KeyGroupsStateHandle>> Write(CheckpointStreamFactory& factory,
                                                    std::string_view name_hint);
  /// Returns the number of entries the last Write() wrote.
  int64_t entries_written() const { return entries_written_; }

 private:
  friend class KeyedStateBackend;
  KeyedStateSnapshot() = default;

  StateMemoryPtr memory_;  // outlives the views, which discharge into it
  KeyedStreamHeader header_;
  std::vector<std::unique_ptr<KeyedStateView>> views_;
  int64_t entries_written_ = 0;
  bool written_ = false;
};

/// The heap keyed-state backend of one operator subtask: states registered by descriptor,
/// scoped to (current key, namespace), stored per key group in copy-on-write tables.
///
/// Keys are the canonical bytes of the key columns (KeyEncoder) with the Foundation key
/// hash; key group = KeyGroupForHash(hash, max parallelism); a key outside the owned range
/// is an error (the input was not partitioned by key). Per-record access: SetKeyColumns
/// once per batch (hashes all rows), SetCurrentKeyRow per row, then the states' accessors.
/// The batch fast path is FixedValueState (GetFixedValueState).
///
/// Snapshot() is the O(states × pages) synchronous part; Restore() reads the key groups of
/// this subtask from any number of handles (also of other parallelisms). States restored
/// but not registered again are carried over into later snapshots unchanged.
/// Thread: the owning task thread (snapshots excepted, see KeyedStateSnapshot).
class KeyedStateBackend {
 public:
  static Result<std::unique_ptr<KeyedStateBackend>> Make(KeyedStateBackendOptions options);
  ~KeyedStateBackend();
  KeyedStateBackend(const KeyedStateBackend&) = delete;
  KeyedStateBackend& operator=(const KeyedStateBackend&) = delete;

  const KeyEncoder& key_encoder() const { return encoder_; }
  const KeyGroupRange& key_groups() const { return options_.key_groups; }
  int32_t max_parallelism() const { return options_.max_parallelism; }
  const std::string& operator_name() const { return options_.operator_name; }
  StateMemory& memory() { return *memory_; }

  // ---- The current key -----------------------------------------------------------------

  /// Selects the key columns of `batch` for SetCurrentKeyRow and hashes every row's key.
  /// The columns must stay alive until the next call.
  Status SetKeyColumns(const RecordBatch& batch, const std::vector<int>& key_indices);
  Status SetKeyColumns(std::vector<const ColumnVector*> columns);
  /// Makes row `row` of the selected key columns the current key. Fails when its key group
  /// is not owned by this backend.
  Status SetCurrentKeyRow(int64_t row);
  /// Returns the key hashes of the selected key columns (one per row).
  const std::vector<uint64_t>& key_hashes() const { return key_hashes_; }
  /// Sets the current key from canonical bytes and their key hash (timers, iteration).
  Status SetCurrentKey(std::string_view key_bytes, uint64_t key_hash);
  /// Sets the current key from one Value per key column (tests, row-at-a-time callers).
  Status SetCurrentKeyValues(const std::vector<Value>& key);
  const CurrentKey& current_key() const { return current_; }

  // ---- States ---------------------------------------------------------------------------
  // Each Get*State registers the state on first use (restoring its entries when the backend
  // was restored) and returns the same object later; the name may not be reused for another
  // kind or type. The returned pointers live as long as the backend.

  template <typename T>
  Result<ValueState<T>*> GetValueState(const ValueStateDescriptor<T>& d) {
    return GetOrCreateState<ValueState<T>>(d.name, StateKind::kValue,
                                           StateSerializer<T>::TypeName(), [&] {
                                             return std::make_unique<ValueState<T>>(
                                                 d.name, StateKind::kValue, &current_,
                                                 num_key_groups(), max_parallelism(),
                                                 key_groups(), memory_.get());
                                           });
  }

  template <typename T>
  Result<ListState<T>*> GetListState(const ListStateDescriptor<T>& d) {
    return GetOrCreateState<ListState<T>>(d.name, StateKind::kList,
                                          StateSerializer<std::vector<T>>::TypeName(), [&] {
                                            return std::make_unique<ListState<T>>(
                                                d.name, StateKind::kList, &current_,
                                                num_key_groups(), max_parallelism(),
                                                key_groups(), memory_.get());
                                          });
  }

  template <typename K, typename V>
  Result<MapState<K, V>*> GetMapState(const MapStateDescriptor<K, V>& d) {
    return GetOrCreateState<MapState<K, V>>(d.name, StateKind::kMap,
                                            StateSerializer<std::map<K, V>>::TypeName(), [&] {
                                              return std::make_unique<MapState<K, V>>(
                                                  d.name, StateKind::kMap, &current_,
                                                  num_key_groups(), max_parallelism(),
                                                  key_groups(), memory_.get());
                                            });
  }

  template <typename T>
  Result<ReducingState<T>*> GetReducingState(const ReducingStateDescriptor<T>& d) {
    if (!d.reduce) return Status::Invalid("Reducing state ", d.name, " has no reduce function");
    return GetOrCreateState<ReducingState<T>>(d.name, StateKind::kReducing,
                                              StateSerializer<T>::TypeName(), [&] {
                                                return std::make_unique<ReducingState<T>>(
                                                    d.name, &current_, num_key_groups(),
                                                    max_parallelism(), key_groups(),
                                                    memory_.get(), d.reduce);
                                              });
  }

  template <typename IN, typename ACC, typename OUT>
  Result<AggregatingState<IN, ACC, OUT>*> GetAggregatingState(
      const AggregatingStateDescriptor<IN, ACC, OUT>& d) {
    if (!d.function.create_accumulator || !d.function.add || !d.function.get_result) {
      return Status::Invalid("Aggregating state ", d.name, " needs create_accumulator, add and ",
                             "get_result");
    }
    return GetOrCreateState<AggregatingState<IN, ACC, OUT>>(
        d.name, StateKind::kAggregating, StateSerializer<ACC>::TypeName(), [&] {
          return std::make_unique<AggregatingState<IN, ACC, OUT>>(
              d.name, &current_, num_key_groups(), max_parallelism(), key_groups(),
              memory_.get(), d.function);
        });
  }

  /// Returns the batch fast-path value state; needs a single integer-like key column.
  template <typename V>
  Result<FixedValueState<V>*> GetFixedValueState(const ValueStateDescriptor<V>& d) {
    if (!encoder_.single_integer_key()) {
      return Status::NotSupported("Fixed value state ", d.name,
                                  " needs one integer-like key column; the key is ",
                                  KeyTypesToString());
    }
    return GetOrCreateState<FixedValueState<V>>(
        d.name, StateKind::kValue, StateSerializer<V>::TypeName(), [&] {
          return std::make_unique<FixedValueState<V>>(d.name, &current_,
                                                      encoder_.key_types()[0], max_parallelism(),
                                                      key_groups(), memory_.get());
        });
  }

  /// Registers the state that `make` builds under `name`, or returns the registered one
  /// when it has class S, `kind` and `type_name` (used by timer services).
  template <typename S, typename Make>
  Result<S*> GetOrCreateState(const std::string& name, StateKind kind,
                              const std::string& type_name, Make&& make) {
    if (auto it = states_.find(name); it != states_.end()) {
      auto* existing = dynamic_cast<S*>(it->second.get());
      if (existing == nullptr || it->second->kind() != kind ||
          it->second->type_name() != type_name) {
        return Status::Invalid("State ", name, " of ", options_.operator_name,
                               " is already registered as ", StateKindName(it->second->kind()),
                               " of ", it->second->type_name(), ", not ", StateKindName(kind),
                               " of ", type_name);
      }
      return existing;
    }
    if (name.empty()) return Status::Invalid("State names must not be empty");
    std::unique_ptr<S> state = make();
    WEIR_RETURN_NOT_OK(ApplyRestored(state.get()));
    S* raw = state.get();
    states_.emplace(name, std::move(state));
    return raw;
  }

  /// Returns the registered state `name`, or nullptr.
  RegisteredKeyedState* FindState(const std::string& name) const;
  /// Returns the names of registered states and of restored states not registered yet.
  std::vector<std::string> StateNames() const;

  // ---- Snapshots -------------------------------------------------------------------------

  /// Captures every state (the synchronous part of a checkpoint): O(states × table pages),
  /// no entry is copied; processing may continue at once.
  Result<std::unique_ptr<KeyedStateSnapshot>> Snapshot();

  /// Restores from handles of any old subtasks: reads only this subtask's key groups.
  /// Must precede the registration of states. Blocking I/O (task initialisation).
  Status Restore(const std::vector<KeyGroupsStateHandle>& handles, CheckpointStreamOpener& opener);
  /// Restores state read earlier by ReadKeyedState (e.g. on an I/O thread).
  Status Restore(RestoredKeyedState restored);
  bool is_restored() const { return restored_; }

 private:
  explicit KeyedStateBackend(KeyedStateBackendOptions options, KeyEncoder encoder);
  int32_t num_key_groups() const { return options_.key_groups.size(); }
  std::string KeyTypesToString() const;
  Status ApplyRestored(RegisteredKeyedState* state);
  Status KeyGroupError(int32_t key_group) const;
  void SetIntegerFromColumns(int64_t row);

  KeyedStateBackendOptions options_;
  KeyEncoder encoder_;
  StateMemoryPtr memory_;  // declared before the states: destroyed after them
  CurrentKey current_;
  std::vector<const ColumnVector*> key_columns_;
  std::vector<uint64_t> key_hashes_;
  std::map<std::string, std::unique_ptr<RegisteredKeyedState>> states_;
  std::map<std::string, RestoredStateData> pending_;  // restored, not registered yet
  bool restored_ = false;
};

}  // namespace weir::runtime
