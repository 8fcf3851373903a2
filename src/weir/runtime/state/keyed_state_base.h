// The type-erased side of keyed states: the current key, registered states and their snapshot views.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "weir/common/batch/record_batch.h"
#include "weir/common/status.h"
#include "weir/runtime/state/kv_table.h"
#include "weir/runtime/state/state_descriptor.h"

namespace weir::runtime {

class EntryWriter;

/// The key that per-record state access applies to, set by KeyedStateBackend.
struct CurrentKey {
  std::string bytes;       // canonical bytes (KeyEncoder)
  uint64_t hash = 0;       // Foundation key hash
  int32_t key_group = 0;
  int32_t index = 0;       // key_group - range.start
  int64_t integer = 0;     // the value of a single integer key column
  bool integer_null = false;
  bool is_set = false;

  KeyRef ref() const { return KeyRef{bytes, hash, index}; }
};

/// A consistent view of one state captured by the synchronous part of a snapshot.
/// Thread: written and destroyed on one (I/O) thread after capture.
class KeyedStateView {
 public:
  virtual ~KeyedStateView() = default;
  /// Adds every entry of key group index `index` (key group - range.start) to `out`.
  virtual Status WriteKeyGroup(int32_t index, EntryWriter& out) = 0;
};

/// One registered keyed state of a backend, as the backend snapshots and restores it.
/// Typed subclasses (ValueState<T>, FixedValueState<V>, the timer queues, ...) add the
/// per-record and batch access. Snapshots write entries as (key hash, key bytes, namespace
/// bytes, value bytes) with the value written by StateSerializer<stored type>.
/// Thread: the owning task thread.
class RegisteredKeyedState {
 public:
  RegisteredKeyedState(std::string name, StateKind kind, std::string type_name)
      : name_(std::move(name)), kind_(kind), type_name_(std::move(type_name)) {}
  virtual ~RegisteredKeyedState() = default;
  RegisteredKeyedState(const RegisteredKeyedState&) = delete;
  RegisteredKeyedState& operator=(const RegisteredKeyedState&) = delete;

  const std::string& name() const { return name_; }
  StateKind kind() const { return kind_; }
  /// The serializer's type name of the stored value (checked on restore).
  const std::string& type_name() const { return type_name_; }

  /// Captures the current entries without copying them (the synchronous snapshot part).
  virtual std::unique_ptr<KeyedStateView> Capture() = 0;
  /// Adds restored entries of key group index `index` (rows of the entry schema; see
  /// keyed_snapshot_format.h). Fails with SerializationError on malformed entries.
  virtual Status RestoreEntries(int32_t index, const RecordBatch& entries) = 0;
  /// Returns the number of entries over all key groups.
  virtual int64_t NumEntries() const = 0;

 private:
  std::string name_;
  StateKind kind_;
  std::string type_name_;
};

}  // namespace weir::runtime
