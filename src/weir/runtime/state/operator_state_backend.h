// OperatorStateBackend: non-keyed operator state — list, union list and broadcast state — and its snapshots.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "weir/common/result.h"
#include "weir/runtime/checkpoint/checkpoint_stream.h"
#include "weir/runtime/checkpoint/state_handle.h"
#include "weir/runtime/state/state_descriptor.h"
#include "weir/runtime/state/state_serializer.h"

namespace weir::runtime {

/// The type name recorded for raw operator state (bytes added by operators at snapshot).
inline constexpr char kRawOperatorStateType[] = "RAW";

/// One registered operator state as the backend snapshots and restores it.
/// Thread: the owning task thread.
class RegisteredOperatorState {
 public:
  RegisteredOperatorState(std::string name, OperatorStateMode mode, std::string type_name)
      : name_(std::move(name)), mode_(mode), type_name_(std::move(type_name)) {}
  virtual ~RegisteredOperatorState() = default;
  RegisteredOperatorState(const RegisteredOperatorState&) = delete;
  RegisteredOperatorState& operator=(const RegisteredOperatorState&) = delete;

  const std::string& name() const { return name_; }
  OperatorStateMode mode() const { return mode_; }
  const std::string& type_name() const { return type_name_; }

  /// Serialises the state: one string per list element, or one for a broadcast map.
  virtual std::vector<std::string> SerializeEntries() const = 0;
  /// Adds one restored entry (a list element, or a broadcast map merged in).
  virtual Status RestoreEntry(std::string_view bytes) = 0;

 private:
  std::string name_;
  OperatorStateMode mode_;
  std::string type_name_;
};

/// Operator list state (Flink's ListState from getListState / getUnionListState): a list
/// per subtask; on rescale its elements are split round-robin (kSplitDistribute) or every
/// subtask gets all elements of all old subtasks (kUnion).
template <typename T>
class OperatorListState : public RegisteredOperatorState {
 public:
  OperatorListState(std::string name, OperatorStateMode mode)
      : RegisteredOperatorState(std::move(name), mode,
                                StateSerializer<T>::TypeName()) {}
  const std::vector<T>& Get() const { return elements_; }
  void Add(T value) { elements_.push_back(std::move(value)); }
  void AddAll(const std::vector<T>& values) {
    elements_.insert(elements_.end(), values.begin(), values.end());
  }
  void Update(std::vector<T> values) { elements_ = std::move(values); }
  void Clear() { elements_.clear(); }

  std::vector<std::string> SerializeEntries() const override {
    std::vector<std::string> out;
    out.reserve(elements_.size());
    for (const T& e : elements_) out.push_back(SerializeStateValue(e));
    return out;
  }
  Status RestoreEntry(std::string_view bytes) override {
    T value{};
    WEIR_RETURN_NOT_OK(DeserializeStateValue(bytes, &value));
    elements_.push_back(std::move(value));
    return Status::OK();
  }

 private:
  std::vector<T> elements_;
};

/// Broadcast state (Flink's BroadcastState): a map that every subtask keeps a copy of,
/// restored as a copy on every subtask whatever the parallelism.
template <typename K, typename V>
class BroadcastState : public RegisteredOperatorState {
 public:
  using Map = std::map<K, V>;
  explicit BroadcastState(std::string name)
      : RegisteredOperatorState(std::move(name), OperatorStateMode::kBroadcast,
                                StateSerializer<Map>::TypeName()) {}
  const V* Get(const K& key) const {
    auto it = map_.find(key);
    return it == map_.end() ? nullptr : &it->second;
  }
  bool Contains(const K& key) const { return map_.count(key) > 0; }
  void Put(K key, V value) { map_[std::move(key)] = std::move(value); }
  void Remove(const K& key) { map_.erase(key); }
  void Clear() { map_.clear(); }
  const Map& Entries() const { return map_; }

  std::vector<std::string> SerializeEntries() const override {
    return {SerializeStateValue(map_)};
  }
  Status RestoreEntry(std::string_view bytes) override {
    Map restored;
    WEIR_RETURN_NOT_OK(DeserializeStateValue(bytes, &restored));
    for (auto& [k, v] : restored) map_[k] = std::move(v);
    return Status::OK();
  }

 private:
  Map map_;
};

/// Raw operator state bytes added by an operator for one snapshot (StateSnapshotContext).
struct RawOperatorState {
  std::string name;
  OperatorStateMode mode = OperatorStateMode::kSplitDistribute;
  std::vector<std::string> entries;
};

/// The entries of one operator state read back from snapshots.
struct RestoredOperatorStateData {
  OperatorStateMode mode = OperatorStateMode::kSplitDistribute;
  std::string type_name;
  std::vector<std::string> entries;
};

/// Operator state read from handles (the handles a subtask was assigned on restore).
struct RestoredOperatorState {
  std::map<std::string, RestoredOperatorStateData> states;
};

/// Reads every state entry referenced by `handles`. Blocking I/O.
Result<RestoredOperatorState> ReadOperatorState(const std::vector<OperatorStateHandle>& handles,
                                                CheckpointStreamOpener& opener);

/// A snapshot of operator state: serialised synchronously (operator state is small, as in
/// Flink), written by Write() on any thread.
class OperatorStateSnapshot {
 public:
  /// Writes the states into a new stream; nullopt when there is no operator state.
  Result<std::optional<OperatorStateHandle>> Write(CheckpointStreamFactory& factory,
                                                   std::string_view name_hint);

 private:
  friend class OperatorStateBackend;
  struct StateData {
    std::string name;
    OperatorStateMode mode;
    std::string type_name;
    std::vector<std::string> entries;
  };
  std::vector<StateData> states_;
};

// An operator state stream: header "WOST", u8 version (1), 3 zero bytes, u64 header length,
// u32 state count, per state: varint-length name, u8 mode, varint-length type name; u64
// XXH3-64 of the bytes after the first 16; zero padding to 8. Then entries, each: u64
// length, the bytes, u64 XXH3-64 of the bytes. A handle's OperatorStateEntry lists the
// offsets of its entries, so redistribution picks entries without reading them.
inline constexpr uint8_t kOperatorStateFormatVersion = 1;

/// The operator state of one operator subtask. States are registered by descriptor (the
/// same name returns the same object; another mode or type is an error). Restored states
/// are kept as bytes until registered and carried over into snapshots until then.
/// Thread: the owning task thread.
class OperatorStateBackend {
 public:
  explicit OperatorStateBackend(std::string operator_name = "")
      : operator_name_(std::move(operator_name)) {}

  /// Returns the list state `d.name`, split round-robin on rescale.
  template <typename T>
  Result<OperatorListState<T>*> GetListState(const ListStateDescriptor<T>& d) {
    return GetOrCreate<OperatorListState<T>>(d.name, OperatorStateMode::kSplitDistribute,
                                             StateSerializer<T>::TypeName(), [&] {
                                               return std::make_unique<OperatorListState<T>>(
                                                   d.name, OperatorStateMode::kSplitDistribute);
                                             });
  }
  /// Returns the union list state `d.name`: every subtask restores all elements.
  template <typename T>
  Result<OperatorListState<T>*> GetUnionListState(const ListStateDescriptor<T>& d) {
    return GetOrCreate<OperatorListState<T>>(d.name, OperatorStateMode::kUnion,
                                             StateSerializer<T>::TypeName(), [&] {
                                               return std::make_unique<OperatorListState<T>>(
                                                   d.name, OperatorStateMode::kUnion);
                                             });
  }
  /// Returns the broadcast state `d.name`.
  template <typename K, typename V>
  Result<BroadcastState<K, V>*> GetBroadcastState(const MapStateDescriptor<K, V>& d) {
    return GetOrCreate<BroadcastState<K, V>>(
        d.name, OperatorStateMode::kBroadcast, StateSerializer<std::map<K, V>>::TypeName(),
        [&] { return std::make_unique<BroadcastState<K, V>>(d.name); });
  }

  /// Returns (and forgets) the restored raw operator state `name` (empty when none).
  std::vector<std::string> TakeRawState(const std::string& name);

  /// Serialises every state, plus `raw` states for this snapshot only.
  Result<std::unique_ptr<OperatorStateSnapshot>> Snapshot(std::vector<RawOperatorState> raw = {});

  /// Restores from the handles assigned to this subtask (RedistributeOperatorState). Must
  /// precede the registration of states.
  Status Restore(const std::vector<OperatorStateHandle>& handles, CheckpointStreamOpener& opener);
  Status Restore(RestoredOperatorState restored);
  bool is_restored() const { return restored_; }

  /// Returns the names of registered and pending restored states.
  std::vector<std::string> StateNames() const;

 private:
  template <typename S, typename Make>
  Result<S*> GetOrCreate(const std::string& name, OperatorStateMode mode,
                         const std::string& type_name, Make&& make) {
    if (auto it = states_.find(name); it != states_.end()) {
      auto* existing = dynamic_cast<S*>(it->second.get());
      if (existing == nullptr || it->second->mode() != mode ||
          it->second->type_name() != type_name) {
        return Status::Invalid("Operator state ", name, " of ", operator_name_,
                               " is already registered with another mode or type");
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
  Status ApplyRestored(RegisteredOperatorState* state);

  std::string operator_name_;
  std::map<std::string, std::unique_ptr<RegisteredOperatorState>> states_;
  std::map<std::string, RestoredOperatorStateData> pending_;
  bool restored_ = false;
};

}  // namespace weir::runtime
