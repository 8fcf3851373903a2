// The keyed-state snapshot format: writing entry batches and sections, reading handles back.
#include "weir/runtime/state/keyed_snapshot_format.h"

#include <cstring>

#include "weir/common/batch/batch_serde.h"
#include "weir/common/check.h"
#include "weir/common/hash/key_hash.h"
#include "weir/runtime/state/state_bytes.h"

#define XXH_INLINE_ALL
#include <xxhash.h>

namespace weir::runtime {
namespace {

constexpr char kStreamMagic[4] = {'W', 'K', 'S', 'T'};
constexpr char kSectionMagic[4] = {'W', 'K', 'G', 'S'};
constexpr int64_t kSectionHeaderBytes = 16;
constexpr int64_t kMaxHeaderBytes = int64_t{64} << 20;
constexpr int64_t kMaxSectionBytes = int64_t{1} << 40;

BufferPtr WrapBytes(const void* data, size_t size) {
  return Buffer::Wrap(static_cast<const uint8_t*>(data), static_cast<int64_t>(size), nullptr);
}

ColumnPtr BytesColumn(const LogicalType& type, const std::vector<int32_t>& offsets,
                      const std::string& bytes) {
  int64_t n = static_cast<int64_t>(offsets.size()) - 1;
  return std::make_shared<ColumnVector>(
      type, n,
      std::vector<BufferPtr>{nullptr, WrapBytes(offsets.data(), offsets.size() * 4),
                             WrapBytes(bytes.data(), bytes.size())},
      std::vector<ColumnPtr>{}, 0);
}

void AppendBytes(std::string* data, std::vector<int32_t>* offsets, std::string_view bytes) {
  data->append(bytes.data(), bytes.size());
  offsets->push_back(static_cast<int32_t>(data->size()));
}

}  // namespace

const SchemaPtr& EntrySchema() {
  static const SchemaPtr schema = [] {
    auto parsed = Schema::Parse(kEntrySchemaText);
    WEIR_CHECK(parsed.ok());
    return std::move(parsed).ValueOrDie();
  }();
  return schema;
}

std::string EncodeKeyedStreamHeader(const KeyedStreamHeader& header) {
  std::string out;
  ByteWriter w(&out);
  w.PutRaw(kStreamMagic, 4);
  w.PutU8(kKeyedStateFormatVersion);
  w.PutRaw("\0\0\0", 3);
  w.PutU64(0);  // header length, patched below
  w.PutU32(static_cast<uint32_t>(header.max_parallelism));
  w.PutU32(static_cast<uint32_t>(header.range.start));
  w.PutU32(static_cast<uint32_t>(header.range.end));
  w.PutU32(static_cast<uint32_t>(header.states.size()));
  for (const KeyedStateMeta& s : header.states) {
    w.PutBytes(s.name);
    w.PutU8(static_cast<uint8_t>(s.kind));
    w.PutBytes(s.type_name);
  }
  w.PutU64(XXH3_64bits(out.data() + 16, out.size() - 16));
  w.PadTo(8);
  uint64_t length = out.size();
  std::memcpy(out.data() + 8, &length, 8);
  return out;
}

Result<KeyedStreamHeader> ReadKeyedStreamHeader(CheckpointInputStream& in, int64_t stream_size) {
  uint8_t fixed[16];
  WEIR_RETURN_NOT_OK(in.ReadFully(fixed, 16));
  if (std::memcmp(fixed, kStreamMagic, 4) != 0) {
    return Status::SerializationError("Not a keyed state stream (bad magic)");
  }
  if (fixed[4] != kKeyedStateFormatVersion) {
    return Status::SerializationError("Unsupported keyed state format version: ", int{fixed[4]});
  }
  uint64_t length = 0;
  std::memcpy(&length, fixed + 8, 8);
  if (length < 16 + 24 || static_cast<int64_t>(length) > kMaxHeaderBytes ||
      (stream_size > 0 && static_cast<int64_t>(length) > stream_size)) {
    return Status::SerializationError("Invalid keyed state header length: ", length);
  }
  std::string rest(length - 16, '\0');
  WEIR_RETURN_NOT_OK(in.ReadFully(rest.data(), static_cast<int64_t>(rest.size())));
  ByteReader r(rest, "keyed state header");
  KeyedStreamHeader h;
  uint32_t max_p = 0, start = 0, end = 0, count = 0;
  WEIR_RETURN_NOT_OK(r.GetU32(&max_p));
  WEIR_RETURN_NOT_OK(r.GetU32(&start));
  WEIR_RETURN_NOT_OK(r.GetU32(&end));
  WEIR_RETURN_NOT_OK(r.GetU32(&count));
  h.max_parallelism = static_cast<int32_t>(max_p);
  h.range = KeyGroupRange{static_cast<int32_t>(start), static_cast<int32_t>(end)};
  if (count > r.remaining()) return r.Truncated();
  for (uint32_t i = 0; i < count; ++i) {
    KeyedStateMeta meta;
    std::string_view name, type;
    uint8_t kind = 0;
    WEIR_RETURN_NOT_OK(r.GetBytes(&name));
    WEIR_RETURN_NOT_OK(r.GetU8(&kind));
    WEIR_RETURN_NOT_OK(r.GetBytes(&type));
    if (kind < static_cast<uint8_t>(StateKind::kValue) ||
        kind > static_cast<uint8_t>(StateKind::kTimers)) {
      return Status::SerializationError("Unknown state kind in keyed state header: ", int{kind});
    }
    meta.name = std::string(name);
    meta.kind = static_cast<StateKind>(kind);
    meta.type_name = std::string(type);
    h.states.push_back(std::move(meta));
  }
  size_t checked = static_cast<size_t>(r.position() - reinterpret_cast<const uint8_t*>(rest.data()));
  uint64_t checksum = 0;
  WEIR_RETURN_NOT_OK(r.GetU64(&checksum));
  if (checksum != XXH3_64bits(rest.data(), checked)) {
    return Status::SerializationError("Keyed state header checksum mismatch");
  }
  if (h.max_parallelism <= 0 || h.range.start < 0 || h.range.end >= h.max_parallelism) {
    return Status::SerializationError("Invalid key group range in keyed state header: ",
                                      h.range.ToString());
  }
  return h;
}

void EntryWriter::BeginState(uint32_t state_index) {
  Flush();
  state_index_ = state_index;
}

void EntryWriter::Add(uint64_t key_hash, std::string_view key, std::string_view ns,
                      std::string_view value) {
  if (key.size() + ns.size() + value.size() > kMaxEntryBytes) {
    if (error_.ok()) {
      error_ = Status::Invalid("Keyed state entry of ", key.size() + ns.size() + value.size(),
                               " bytes is larger than the snapshot limit of ", kMaxEntryBytes);
    }
    return;
  }
  hashes_.push_back(static_cast<int64_t>(key_hash));
  AppendBytes(&keys_, &key_offsets_, key);
  AppendBytes(&namespaces_, &ns_offsets_, ns);
  AppendBytes(&values_, &value_offsets_, value);
  ++total_entries_;
  if (static_cast<int64_t>(hashes_.size()) >= kMaxRowsPerMessage ||
      static_cast<int64_t>(keys_.size() + namespaces_.size() + values_.size()) >=
          kMaxBytesPerMessage) {
    Flush();
  }
}

void EntryWriter::Flush() {
  int64_t n = static_cast<int64_t>(hashes_.size());
  if (n == 0) return;
  const SchemaPtr& schema = EntrySchema();
  std::vector<ColumnPtr> columns;
  columns.push_back(std::make_shared<ColumnVector>(
      schema->field(0).logical_type(), n,
      std::vector<BufferPtr>{nullptr, WrapBytes(hashes_.data(), hashes_.size() * 8)},
      std::vector<ColumnPtr>{}, 0));
  columns.push_back(BytesColumn(schema->field(1).logical_type(), key_offsets_, keys_));
  columns.push_back(BytesColumn(schema->field(2).logical_type(), ns_offsets_, namespaces_));
  columns.push_back(BytesColumn(schema->field(3).logical_type(), value_offsets_, values_));
  RecordBatch batch(schema, std::move(columns), n);
  ByteWriter w(section_);
  w.PadTo(8);
  w.PutU32(state_index_);
  w.PutU32(0);
  Status st = SerializeBatchTo(batch, SerializeOptions{}, section_);
  if (!st.ok() && error_.ok()) error_ = std::move(st);
  w.PadTo(8);
  hashes_.clear();
  keys_.clear();
  namespaces_.clear();
  values_.clear();
  key_offsets_.assign(1, 0);
  ns_offsets_.assign(1, 0);
  value_offsets_.assign(1, 0);
}

Status EntryWriter::Finish() {
  Flush();
  ByteWriter(section_).PadTo(8);
  if (!error_.ok()) return std::move(error_);
  return Status::OK();
}

std::string EncodeSectionHeader(int32_t key_group, int64_t body_length) {
  std::string out;
  ByteWriter w(&out);
  w.PutRaw(kSectionMagic, 4);
  w.PutU32(static_cast<uint32_t>(key_group));
  w.PutI64(body_length);
  return out;
}

Status ForEachSectionRecord(const BufferPtr& body,
                            const std::function<Status(uint32_t, RecordBatchPtr)>& fn) {
  const int64_t size = body->size();
  int64_t offset = 0;
  while (offset < size) {
    if (size - offset < 8 + kBatchHeaderSize) {
      return Status::SerializationError("Truncated record in keyed state section at ", offset);
    }
    uint32_t state_index = 0;
    std::memcpy(&state_index, body->data() + offset, 4);
    WEIR_ASSIGN_OR_RAISE(BatchMessageHeader header,
                         PeekBatchHeader(body->data() + offset + 8, size - offset - 8));
    int64_t message_size = header.message_size();
    if (message_size > size - offset - 8) {
      return Status::SerializationError("Truncated entry batch in keyed state section at ",
                                        offset);
    }
    WEIR_ASSIGN_OR_RAISE(
        RecordBatchPtr batch,
        DeserializeBatch(Buffer::Slice(body, offset + 8, message_size), EntrySchema()));
    WEIR_RETURN_NOT_OK(fn(state_index, std::move(batch)));
    offset += 8 + message_size;
    offset = (offset + 7) & ~int64_t{7};
  }
  if (offset != size) return Status::SerializationError("Misaligned keyed state section end");
  return Status::OK();
}

Result<RestoredKeyedState> ReadKeyedState(const std::vector<KeyGroupsStateHandle>& handles,
                                          KeyGroupRange range, int32_t max_parallelism,
                                          CheckpointStreamOpener& opener) {
  RestoredKeyedState restored;
  restored.max_parallelism = max_parallelism;
  restored.key_groups = range;
  for (const KeyGroupsStateHandle& handle : handles) {
    KeyGroupRange overlap = handle.range.Intersect(range);
    if (overlap.size() == 0) continue;
    if (static_cast<int64_t>(handle.offsets.size()) != handle.range.size()) {
      return Status::SerializationError("Keyed state handle of ", handle.stream.relative_path,
                                        " has ", handle.offsets.size(), " offsets for ",
                                        handle.range.ToString());
    }
    WEIR_ASSIGN_OR_RAISE(auto in, opener.Open(handle.stream));
    WEIR_RETURN_NOT_OK(in->Seek(0));
    auto header_result = ReadKeyedStreamHeader(*in, handle.stream.size);
    if (!header_result.ok()) {
      return header_result.status().WithContext(handle.stream.relative_path);
    }
    KeyedStreamHeader header = std::move(header_result).ValueOrDie();
    if (header.max_parallelism != max_parallelism) {
      return Status::Invalid(
          "Keyed state was written with max parallelism ", header.max_parallelism,
          " and cannot be restored with max parallelism ", max_parallelism,
          " (the max parallelism of an operator must not change): ", handle.stream.relative_path);
    }
    for (const KeyedStateMeta& meta : header.states) {
      auto [it, inserted] = restored.states.try_emplace(meta.name);
      if (inserted) {
        it->second.kind = meta.kind;
        it->second.type_name = meta.type_name;
      } else if (it->second.kind != meta.kind || it->second.type_name != meta.type_name) {
        return Status::SerializationError("Keyed state ", meta.name,
                                          " has different kinds or types in different handles");
      }
    }
    ++restored.num_handles;
    for (int32_t kg = overlap.start; kg <= overlap.end; ++kg) {
      int64_t offset = handle.offsets[static_cast<size_t>(kg - handle.range.start)];
      if (offset < 0 || (handle.stream.size > 0 && offset + kSectionHeaderBytes > handle.stream.size)) {
        return Status::SerializationError("Key group offset out of bounds: ", offset, " in ",
                                          handle.stream.relative_path);
      }
      WEIR_RETURN_NOT_OK(in->Seek(offset));
      uint8_t section_header[kSectionHeaderBytes];
      WEIR_RETURN_NOT_OK(in->ReadFully(section_header, kSectionHeaderBytes));
      int32_t section_kg = 0;
      int64_t body_length = 0;
      std::memcpy(&section_kg, section_header + 4, 4);
      std::memcpy(&body_length, section_header + 8, 8);
      if (std::memcmp(section_header, kSectionMagic, 4) != 0 || section_kg != kg) {
        return Status::SerializationError("Key group section ", kg, " not found at offset ",
                                          offset, " in ", handle.stream.relative_path);
      }
      if (body_length < 0 || body_length > kMaxSectionBytes || (body_length & 7) != 0 ||
          (handle.stream.size > 0 &&
           body_length > handle.stream.size - offset - kSectionHeaderBytes)) {
        return Status::SerializationError("Invalid key group section length ", body_length,
                                          " in ", handle.stream.relative_path);
      }
      if (body_length == 0) continue;
      WEIR_ASSIGN_OR_RAISE(BufferPtr body, Buffer::Allocate(body_length));
      WEIR_RETURN_NOT_OK(in->ReadFully(body->mutable_data(), body_length));
      WEIR_RETURN_NOT_OK(ForEachSectionRecord(body, [&](uint32_t index, RecordBatchPtr batch) {
        if (index >= header.states.size()) {
          return Status::SerializationError("State index out of range in key group ", kg, ": ",
                                            index);
        }
        restored.states[header.states[index].name].batches.emplace_back(kg, std::move(batch));
        return Status::OK();
      }));
    }
  }
  return restored;
}

}  // namespace weir::runtime
