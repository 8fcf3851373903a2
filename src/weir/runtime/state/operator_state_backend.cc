// OperatorStateBackend: registration, snapshot writing and restore of operator state.
#include "weir/runtime/state/operator_state_backend.h"

#include <cstring>

#include "weir/common/str_cat.h"
#include "weir/runtime/state/state_bytes.h"

#define XXH_INLINE_ALL
#include <xxhash.h>

namespace weir::runtime {
namespace {

constexpr char kMagic[4] = {'W', 'O', 'S', 'T'};
constexpr int64_t kMaxHeaderBytes = int64_t{64} << 20;
constexpr uint64_t kMaxEntryBytes = uint64_t{1} << 40;

struct StreamMeta {
  OperatorStateMode mode;
  std::string type_name;
};

bool ValidMode(uint8_t mode) { return mode <= static_cast<uint8_t>(OperatorStateMode::kBroadcast); }

Result<std::map<std::string, StreamMeta>> ReadHeader(CheckpointInputStream& in,
                                                      const StreamStateHandle& handle) {
  uint8_t fixed[16];
  WEIR_RETURN_NOT_OK(in.ReadFully(fixed, 16));
  if (std::memcmp(fixed, kMagic, 4) != 0) {
    return Status::SerializationError("Not an operator state stream: ", handle.relative_path);
  }
  if (fixed[4] != kOperatorStateFormatVersion) {
    return Status::SerializationError("Unsupported operator state format version ",
                                      int{fixed[4]}, ": ", handle.relative_path);
  }
  uint64_t length = 0;
  std::memcpy(&length, fixed + 8, 8);
  if (length < 16 + 12 || static_cast<int64_t>(length) > kMaxHeaderBytes ||
      (handle.size > 0 && static_cast<int64_t>(length) > handle.size)) {
    return Status::SerializationError("Invalid operator state header length ", length, ": ",
                                      handle.relative_path);
  }
  std::string rest(length - 16, '\0');
  WEIR_RETURN_NOT_OK(in.ReadFully(rest.data(), static_cast<int64_t>(rest.size())));
  ByteReader r(rest, "operator state header");
  uint32_t count = 0;
  WEIR_RETURN_NOT_OK(r.GetU32(&count));
  if (count > r.remaining()) return r.Truncated();
  std::map<std::string, StreamMeta> metas;
  for (uint32_t i = 0; i < count; ++i) {
    std::string_view name, type;
    uint8_t mode = 0;
    WEIR_RETURN_NOT_OK(r.GetBytes(&name));
    WEIR_RETURN_NOT_OK(r.GetU8(&mode));
    WEIR_RETURN_NOT_OK(r.GetBytes(&type));
    if (!ValidMode(mode)) {
      return Status::SerializationError("Unknown operator state mode ", int{mode});
    }
    metas[std::string(name)] = StreamMeta{static_cast<OperatorStateMode>(mode), std::string(type)};
  }
  size_t checked = static_cast<size_t>(r.position() - reinterpret_cast<const uint8_t*>(rest.data()));
  uint64_t checksum = 0;
  WEIR_RETURN_NOT_OK(r.GetU64(&checksum));
  if (checksum != XXH3_64bits(rest.data(), checked)) {
    return Status::SerializationError("Operator state header checksum mismatch: ",
                                      handle.relative_path);
  }
  return metas;
}

}  // namespace

Result<std::optional<OperatorStateHandle>> OperatorStateSnapshot::Write(
    CheckpointStreamFactory& factory, std::string_view name_hint) {
  if (states_.empty()) return std::optional<OperatorStateHandle>();
  std::string header;
  ByteWriter w(&header);
  w.PutRaw(kMagic, 4);
  w.PutU8(kOperatorStateFormatVersion);
  w.PutRaw("\0\0\0", 3);
  w.PutU64(0);
  w.PutU32(static_cast<uint32_t>(states_.size()));
  for (const StateData& s : states_) {
    w.PutBytes(s.name);
    w.PutU8(static_cast<uint8_t>(s.mode));
    w.PutBytes(s.type_name);
  }
  w.PutU64(XXH3_64bits(header.data() + 16, header.size() - 16));
  w.PadTo(8);
  uint64_t length = header.size();
  std::memcpy(header.data() + 8, &length, 8);

  WEIR_ASSIGN_OR_RAISE(auto out, factory.CreateOutputStream(name_hint));
  WEIR_RETURN_NOT_OK(out->Write(header));
  OperatorStateHandle handle;
  std::string record;
  for (const StateData& s : states_) {
    OperatorStateEntry entry;
    entry.name = s.name;
    entry.mode = s.mode;
    for (const std::string& bytes : s.entries) {
      entry.offsets.push_back(out->position());
      record.clear();
      ByteWriter rw(&record);
      rw.PutU64(bytes.size());
      rw.PutRaw(bytes.data(), bytes.size());
      rw.PutU64(XXH3_64bits(bytes.data(), bytes.size()));
      WEIR_RETURN_NOT_OK(out->Write(record));
    }
    handle.states.push_back(std::move(entry));
  }
  WEIR_ASSIGN_OR_RAISE(handle.stream, out->CloseAndGetHandle());
  return std::optional<OperatorStateHandle>(std::move(handle));
}

Result<RestoredOperatorState> ReadOperatorState(const std::vector<OperatorStateHandle>& handles,
                                                CheckpointStreamOpener& opener) {
  RestoredOperatorState restored;
  for (const OperatorStateHandle& handle : handles) {
    if (handle.states.empty()) continue;
    WEIR_ASSIGN_OR_RAISE(auto in, opener.Open(handle.stream));
    WEIR_RETURN_NOT_OK(in->Seek(0));
    WEIR_ASSIGN_OR_RAISE(auto metas, ReadHeader(*in, handle.stream));
    for (const OperatorStateEntry& entry : handle.states) {
      auto meta = metas.find(entry.name);
      if (meta == metas.end() || meta->second.mode != entry.mode) {
        return Status::SerializationError("Operator state ", entry.name, " is not in ",
                                          handle.stream.relative_path, " with that mode");
      }
      auto [it, inserted] = restored.states.try_emplace(entry.name);
      RestoredOperatorStateData& data = it->second;
      if (inserted) {
        data.mode = entry.mode;
        data.type_name = meta->second.type_name;
      } else if (data.mode != entry.mode || data.type_name != meta->second.type_name) {
        return Status::SerializationError("Operator state ", entry.name,
                                          " has different modes or types in different handles");
      }
      for (int64_t offset : entry.offsets) {
        if (offset < 0 || (handle.stream.size > 0 && offset + 16 > handle.stream.size)) {
          return Status::SerializationError("Operator state offset out of bounds: ", offset);
        }
        WEIR_RETURN_NOT_OK(in->Seek(offset));
        uint64_t length = 0;
        WEIR_RETURN_NOT_OK(in->ReadFully(&length, 8));
        if (length > kMaxEntryBytes ||
            (handle.stream.size > 0 &&
             length > static_cast<uint64_t>(handle.stream.size - offset - 16))) {
          return Status::SerializationError("Invalid operator state entry length ", length);
        }
        std::string bytes(length, '\0');
        WEIR_RETURN_NOT_OK(in->ReadFully(bytes.data(), static_cast<int64_t>(length)));
        uint64_t checksum = 0;
        WEIR_RETURN_NOT_OK(in->ReadFully(&checksum, 8));
        if (checksum != XXH3_64bits(bytes.data(), bytes.size())) {
          return Status::SerializationError("Operator state entry checksum mismatch in ",
                                            handle.stream.relative_path);
        }
        data.entries.push_back(std::move(bytes));
      }
    }
  }
  return restored;
}

Status OperatorStateBackend::ApplyRestored(RegisteredOperatorState* state) {
  auto it = pending_.find(state->name());
  if (it == pending_.end()) return Status::OK();
  if (it->second.mode != state->mode() || it->second.type_name != state->type_name()) {
    return Status::Invalid("Operator state ", state->name(), " of ", operator_name_,
                           " was snapshotted with type ", it->second.type_name,
                           " and another mode or type cannot restore it (", state->type_name(),
                           ")");
  }
  for (const std::string& entry : it->second.entries) {
    Status st = state->RestoreEntry(entry);
    if (!st.ok()) return st.WithContext(StrCat("restoring operator state ", state->name()));
  }
  pending_.erase(it);
  return Status::OK();
}

std::vector<std::string> OperatorStateBackend::TakeRawState(const std::string& name) {
  auto it = pending_.find(name);
  if (it == pending_.end() || it->second.type_name != kRawOperatorStateType) return {};
  std::vector<std::string> entries = std::move(it->second.entries);
  pending_.erase(it);
  return entries;
}

Result<std::unique_ptr<OperatorStateSnapshot>> OperatorStateBackend::Snapshot(
    std::vector<RawOperatorState> raw) {
  std::unique_ptr<OperatorStateSnapshot> snapshot(new OperatorStateSnapshot());
  std::map<std::string, OperatorStateSnapshot::StateData> all;
  for (const auto& [name, state] : states_) {
    all[name] = {name, state->mode(), state->type_name(), state->SerializeEntries()};
  }
  for (RawOperatorState& r : raw) {
    if (r.name.empty() || states_.count(r.name) > 0 || all.count(r.name) > 0) {
      return Status::Invalid("Raw operator state name ", r.name, " of ", operator_name_,
                             " is empty or already used");
    }
    all[r.name] = {r.name, r.mode, kRawOperatorStateType, std::move(r.entries)};
  }
  for (const auto& [name, data] : pending_) {
    if (all.count(name) == 0) all[name] = {name, data.mode, data.type_name, data.entries};
  }
  for (auto& [name, data] : all) snapshot->states_.push_back(std::move(data));
  return snapshot;
}

Status OperatorStateBackend::Restore(const std::vector<OperatorStateHandle>& handles,
                                     CheckpointStreamOpener& opener) {
  WEIR_ASSIGN_OR_RAISE(RestoredOperatorState restored, ReadOperatorState(handles, opener));
  return Restore(std::move(restored));
}

Status OperatorStateBackend::Restore(RestoredOperatorState restored) {
  if (!states_.empty()) {
    return Status::Internal("Operator state of ", operator_name_,
                            " restored after states were registered");
  }
  for (auto& [name, data] : restored.states) {
    auto [it, inserted] = pending_.try_emplace(name, std::move(data));
    if (!inserted) return Status::Internal("Operator state ", name, " restored twice");
  }
  restored_ = true;
  return Status::OK();
}

std::vector<std::string> OperatorStateBackend::StateNames() const {
  std::map<std::string, bool> names;
  for (const auto& [name, state] : states_) names[name] = true;
  for (const auto& [name, data] : pending_) names[name] = true;
  std::vector<std::string> out;
  for (const auto& [name, unused] : names) out.push_back(name);
  return out;
}

}  // namespace weir::runtime
