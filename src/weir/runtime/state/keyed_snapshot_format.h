// The keyed-state snapshot format: stream header, key-group sections and entry batches.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "weir/common/batch/record_batch.h"
#include "weir/common/memory/buffer.h"
#include "weir/common/result.h"
#include "weir/common/types/schema.h"
#include "weir/runtime/checkpoint/checkpoint_stream.h"
#include "weir/runtime/checkpoint/state_handle.h"
#include "weir/runtime/state/key_group_range.h"
#include "weir/runtime/state/state_descriptor.h"

namespace weir::runtime {

// A keyed-state stream (docs/design/0012-state.md):
//   header   "WKST", u8 version (1), 3 zero bytes, u64 header length (incl. these 16 and
//            padding), u32 max parallelism, i32 range start, i32 range end, u32 state count,
//            per state: varint-length name, u8 kind, varint-length type name;
//            u64 XXH3-64 of everything before it; zero padding to 8 bytes.
//   then one section per key group of the range, in order (the handle's offsets point here):
//            "WKGS", i32 key group, u64 body length, body: repeated
//            { u32 state index, u32 0, one batch message (batch_serde) of entries, padding to 8 }.
// Entry batches have the schema kEntrySchemaText; a state's entries in one key group may
// span several messages.

inline constexpr uint8_t kKeyedStateFormatVersion = 1;
inline constexpr char kEntrySchemaText[] =
    "key_hash BIGINT NOT NULL, key_bytes BYTES NOT NULL, namespace_bytes BYTES NOT NULL, "
    "value_bytes BYTES NOT NULL";

/// Returns the schema of entry batches.
const SchemaPtr& EntrySchema();

/// Name, kind and value type of one state in a stream header.
struct KeyedStateMeta {
  std::string name;
  StateKind kind = StateKind::kValue;
  std::string type_name;
  bool operator==(const KeyedStateMeta&) const = default;
};

/// The header of a keyed-state stream.
struct KeyedStreamHeader {
  int32_t max_parallelism = 0;
  KeyGroupRange range;
  std::vector<KeyedStateMeta> states;
};

/// Encodes a stream header (padded to 8 bytes).
std::string EncodeKeyedStreamHeader(const KeyedStreamHeader& header);
/// Reads the header at the current position of `in` (the stream's start).
Result<KeyedStreamHeader> ReadKeyedStreamHeader(CheckpointInputStream& in, int64_t stream_size);

/// Collects the entries of one state in one key group into entry batches and appends them,
/// as body records, to a key-group section.
/// Thread: one writer per section.
class EntryWriter {
 public:
  static constexpr int64_t kMaxRowsPerMessage = 16384;
  static constexpr int64_t kMaxBytesPerMessage = 4 << 20;
  /// Largest entry (key, namespace and value bytes) a snapshot can hold.
  static constexpr size_t kMaxEntryBytes = size_t{1} << 30;

  explicit EntryWriter(std::string* section) : section_(section) {}
  ~EntryWriter() { error_.IgnoreError(); }  // reported by Finish() when it is called
  EntryWriter(const EntryWriter&) = delete;
  EntryWriter& operator=(const EntryWriter&) = delete;

  /// Directs later entries to state `state_index` of the header (flushes the previous one).
  void BeginState(uint32_t state_index);
  /// Adds one entry.
  void Add(uint64_t key_hash, std::string_view key, std::string_view ns, std::string_view value);
  /// Writes pending entries; returns the first error of any flush.
  Status Finish();
  /// A scratch string for serialising values (cleared by the caller).
  std::string& scratch() { return scratch_; }
  int64_t num_entries() const { return total_entries_; }

 private:
  void Flush();

  std::string* section_;
  uint32_t state_index_ = 0;
  std::vector<int64_t> hashes_;
  std::string keys_, namespaces_, values_;
  std::vector<int32_t> key_offsets_{0}, ns_offsets_{0}, value_offsets_{0};
  std::string scratch_;
  int64_t total_entries_ = 0;
  Status error_;
};

/// Builds a section around `body`: its 16-byte header.
std::string EncodeSectionHeader(int32_t key_group, int64_t body_length);

/// Calls fn(state_index, entries batch) for every record of a section body. `body` must be
/// 8-byte aligned for zero-copy decoding; batches keep it alive.
Status ForEachSectionRecord(const BufferPtr& body,
                            const std::function<Status(uint32_t, RecordBatchPtr)>& fn);

/// Entries of one state read from snapshots, not yet given to a registered state.
struct RestoredStateData {
  StateKind kind = StateKind::kValue;
  std::string type_name;
  /// (key group, entry batch) in the order read.
  std::vector<std::pair<int32_t, RecordBatchPtr>> batches;
};

/// The keyed state of the key groups of one subtask, read from one or more handles.
struct RestoredKeyedState {
  int32_t max_parallelism = 0;
  KeyGroupRange key_groups;
  std::map<std::string, RestoredStateData> states;
  int64_t num_handles = 0;
};

/// Reads the sections of the key groups in `range` from every handle that overlaps it
/// (handles of other old subtasks are skipped). Fails when a handle was written with
/// another max parallelism, when handles disagree on a state's kind or type, or on any
/// malformed byte. Blocking I/O: call from an I/O thread or during task initialisation.
Result<RestoredKeyedState> ReadKeyedState(const std::vector<KeyGroupsStateHandle>& handles,
                                          KeyGroupRange range, int32_t max_parallelism,
                                          CheckpointStreamOpener& opener);

}  // namespace weir::runtime
