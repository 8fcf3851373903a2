// KeyedStateBackend: current key handling, registration, snapshot capture and writing, restore.
#include "weir/runtime/state/keyed_state_backend.h"

#include "weir/common/hash/key_hash.h"
#include "weir/common/str_cat.h"

namespace weir::runtime {
namespace {

// Writes the stored entry batches of a restored state that was never registered again.
class RestoredStateView : public KeyedStateView {
 public:
  RestoredStateView(const RestoredStateData& data, KeyGroupRange range)
      : batches_(static_cast<size_t>(range.size())) {
    for (const auto& [kg, batch] : data.batches) {
      batches_[static_cast<size_t>(kg - range.start)].push_back(batch);
    }
  }
  Status WriteKeyGroup(int32_t index, EntryWriter& out) override {
    for (const RecordBatchPtr& b : batches_[static_cast<size_t>(index)]) {
      const ColumnVector& hashes = *b->column(0);
      for (int64_t i = 0; i < b->num_rows(); ++i) {
        out.Add(static_cast<uint64_t>(hashes.Value<int64_t>(i)), b->column(1)->StringValue(i),
                b->column(2)->StringValue(i), b->column(3)->StringValue(i));
      }
    }
    return Status::OK();
  }

 private:
  std::vector<std::vector<RecordBatchPtr>> batches_;
};

}  // namespace

Result<std::optional<KeyGroupsStateHandle>> KeyedStateSnapshot::Write(
    CheckpointStreamFactory& factory, std::string_view name_hint) {
  if (written_) return Status::Internal("Keyed state snapshot written twice");
  written_ = true;
  entries_written_ = 0;
  if (views_.empty()) return std::optional<KeyGroupsStateHandle>();
  WEIR_ASSIGN_OR_RAISE(auto out, factory.CreateOutputStream(name_hint));
  WEIR_RETURN_NOT_OK(out->Write(EncodeKeyedStreamHeader(header_)));
  KeyGroupsStateHandle handle;
  handle.range = header_.range;
  handle.offsets.reserve(static_cast<size_t>(header_.range.size()));
  std::string body;
  for (int32_t index = 0; index < header_.range.size(); ++index) {
    body.clear();
    EntryWriter writer(&body);
    for (size_t s = 0; s < views_.size(); ++s) {
      writer.BeginState(static_cast<uint32_t>(s));
      WEIR_RETURN_NOT_OK(views_[s]->WriteKeyGroup(index, writer));
    }
    WEIR_RETURN_NOT_OK(writer.Finish());
    entries_written_ += writer.num_entries();
    handle.offsets.push_back(out->position());
    WEIR_RETURN_NOT_OK(out->Write(
        EncodeSectionHeader(header_.range.start + index, static_cast<int64_t>(body.size()))));
    WEIR_RETURN_NOT_OK(out->Write(body));
  }
  WEIR_ASSIGN_OR_RAISE(handle.stream, out->CloseAndGetHandle());
  // The retained versions are no longer needed.
  views_.clear();
  return std::optional<KeyGroupsStateHandle>(std::move(handle));
}

KeyedStateBackend::KeyedStateBackend(KeyedStateBackendOptions options, KeyEncoder encoder)
    : options_(std::move(options)),
      encoder_(std::move(encoder)),
      memory_(std::make_shared<StateMemory>(options_.memory_pool)) {}

KeyedStateBackend::~KeyedStateBackend() = default;

Result<std::unique_ptr<KeyedStateBackend>> KeyedStateBackend::Make(
    KeyedStateBackendOptions options) {
  if (options.max_parallelism <= 0 || options.key_groups.size() <= 0 ||
      options.key_groups.start < 0 || options.key_groups.end >= options.max_parallelism) {
    return Status::Invalid("Invalid key groups for keyed state of ", options.operator_name, ": ",
                           options.key_groups.ToString(), " with max parallelism ",
                           options.max_parallelism);
  }
  WEIR_ASSIGN_OR_RAISE(KeyEncoder encoder, KeyEncoder::Make(options.key_types));
  return std::unique_ptr<KeyedStateBackend>(
      new KeyedStateBackend(std::move(options), std::move(encoder)));
}

std::string KeyedStateBackend::KeyTypesToString() const {
  std::string out;
  for (const LogicalType& t : encoder_.key_types()) {
    if (!out.empty()) out += ", ";
    out += t.ToString();
  }
  return out;
}

Status KeyedStateBackend::KeyGroupError(int32_t key_group) const {
  return Status::Invalid("Key group ", key_group, " is not in ", options_.key_groups.ToString(),
                         " of ", options_.operator_name,
                         " (the input is not partitioned by this key)");
}

Status KeyedStateBackend::SetKeyColumns(const RecordBatch& batch,
                                        const std::vector<int>& key_indices) {
  std::vector<const ColumnVector*> columns;
  columns.reserve(key_indices.size());
  for (int i : key_indices) {
    if (i < 0 || i >= batch.num_columns()) {
      return Status::Invalid("Key column index out of range: ", i, " of ", batch.num_columns());
    }
    columns.push_back(batch.column(i).get());
  }
  return SetKeyColumns(std::move(columns));
}

Status KeyedStateBackend::SetKeyColumns(std::vector<const ColumnVector*> columns) {
  WEIR_RETURN_NOT_OK(encoder_.CheckColumns(columns));
  key_columns_ = std::move(columns);
  const int64_t n = key_columns_[0]->length();
  key_hashes_.resize(static_cast<size_t>(n));
  for (size_t c = 0; c < key_columns_.size(); ++c) {
    HashColumn(*key_columns_[c], key_hashes_.data(), c > 0);
  }
  return Status::OK();
}

void KeyedStateBackend::SetIntegerFromColumns(int64_t row) {
  const ColumnVector& c = *key_columns_[0];
  current_.integer_null = c.IsNull(row);
  if (current_.integer_null) {
    current_.integer = 0;
    return;
  }
  switch (encoder_.integer_width()) {
    case 1:
      current_.integer = c.Value<int8_t>(row);
      break;
    case 2:
      current_.integer = c.Value<int16_t>(row);
      break;
    case 4:
      current_.integer = c.Value<int32_t>(row);
      break;
    default:
      current_.integer = c.Value<int64_t>(row);
      break;
  }
}

Status KeyedStateBackend::SetCurrentKeyRow(int64_t row) {
  if (row < 0 || row >= static_cast<int64_t>(key_hashes_.size()) || key_columns_.empty()) {
    return Status::Invalid("Key row ", row, " is out of range of the selected key columns (",
                           key_hashes_.size(), " rows)");
  }
  uint64_t hash = key_hashes_[static_cast<size_t>(row)];
  int32_t kg = KeyGroupForHash(hash, options_.max_parallelism);
  if (!options_.key_groups.Contains(kg)) return KeyGroupError(kg);
  current_.bytes.clear();
  encoder_.EncodeRow(key_columns_.data(), row, &current_.bytes);
  current_.hash = hash;
  current_.key_group = kg;
  current_.index = kg - options_.key_groups.start;
  if (encoder_.single_integer_key()) SetIntegerFromColumns(row);
  current_.is_set = true;
  return Status::OK();
}

Status KeyedStateBackend::SetCurrentKey(std::string_view key_bytes, uint64_t key_hash) {
  int32_t kg = KeyGroupForHash(key_hash, options_.max_parallelism);
  if (!options_.key_groups.Contains(kg)) return KeyGroupError(kg);
  if (encoder_.single_integer_key()) {
    WEIR_RETURN_NOT_OK(KeyEncoder::DecodeInteger(key_bytes, encoder_.integer_width(),
                                                 &current_.integer, &current_.integer_null));
  }
  current_.bytes.assign(key_bytes.data(), key_bytes.size());
  current_.hash = key_hash;
  current_.key_group = kg;
  current_.index = kg - options_.key_groups.start;
  current_.is_set = true;
  return Status::OK();
}

Status KeyedStateBackend::SetCurrentKeyValues(const std::vector<Value>& key) {
  std::string bytes;
  WEIR_ASSIGN_OR_RAISE(uint64_t hash, encoder_.EncodeValues(key, &bytes));
  return SetCurrentKey(bytes, hash);
}

RegisteredKeyedState* KeyedStateBackend::FindState(const std::string& name) const {
  auto it = states_.find(name);
  return it == states_.end() ? nullptr : it->second.get();
}

std::vector<std::string> KeyedStateBackend::StateNames() const {
  std::map<std::string, bool> names;
  for (const auto& [name, state] : states_) names[name] = true;
  for (const auto& [name, data] : pending_) names[name] = true;
  std::vector<std::string> out;
  for (const auto& [name, unused] : names) out.push_back(name);
  return out;
}

Status KeyedStateBackend::ApplyRestored(RegisteredKeyedState* state) {
  auto it = pending_.find(state->name());
  if (it == pending_.end()) return Status::OK();
  const RestoredStateData& data = it->second;
  if (data.kind != state->kind() || data.type_name != state->type_name()) {
    return Status::Invalid("State ", state->name(), " of ", options_.operator_name,
                           " was snapshotted as ", StateKindName(data.kind), " of ",
                           data.type_name, " and cannot be restored as ",
                           StateKindName(state->kind()), " of ", state->type_name());
  }
  for (const auto& [kg, batch] : data.batches) {
    Status st = state->RestoreEntries(kg - options_.key_groups.start, *batch);
    if (!st.ok()) return st.WithContext(StrCat("restoring state ", state->name()));
  }
  pending_.erase(it);
  return Status::OK();
}

Result<std::unique_ptr<KeyedStateSnapshot>> KeyedStateBackend::Snapshot() {
  std::unique_ptr<KeyedStateSnapshot> snapshot(new KeyedStateSnapshot());
  snapshot->memory_ = memory_;
  snapshot->header_.max_parallelism = options_.max_parallelism;
  snapshot->header_.range = options_.key_groups;
  // Registered and pending restored states, in name order.
  auto s = states_.begin();
  auto p = pending_.begin();
  while (s != states_.end() || p != pending_.end()) {
    bool take_state = p == pending_.end() || (s != states_.end() && s->first < p->first);
    if (take_state) {
      snapshot->header_.states.push_back(
          KeyedStateMeta{s->first, s->second->kind(), s->second->type_name()});
      snapshot->views_.push_back(s->second->Capture());
      ++s;
    } else {
      snapshot->header_.states.push_back(
          KeyedStateMeta{p->first, p->second.kind, p->second.type_name});
      snapshot->views_.push_back(
          std::make_unique<RestoredStateView>(p->second, options_.key_groups));
      ++p;
    }
  }
  memory_->Trim();
  return snapshot;
}

Status KeyedStateBackend::Restore(const std::vector<KeyGroupsStateHandle>& handles,
                                  CheckpointStreamOpener& opener) {
  WEIR_ASSIGN_OR_RAISE(RestoredKeyedState restored,
                       ReadKeyedState(handles, options_.key_groups, options_.max_parallelism,
                                      opener));
  return Restore(std::move(restored));
}

Status KeyedStateBackend::Restore(RestoredKeyedState restored) {
  if (!states_.empty()) {
    return Status::Internal("Keyed state of ", options_.operator_name,
                            " restored after states were registered");
  }
  if (restored.key_groups != options_.key_groups ||
      restored.max_parallelism != options_.max_parallelism) {
    return Status::Internal("Restored keyed state for ", restored.key_groups.ToString(),
                            " given to a backend of ", options_.key_groups.ToString());
  }
  for (auto& [name, data] : restored.states) {
    auto [it, inserted] = pending_.try_emplace(name, std::move(data));
    if (!inserted) return Status::Internal("Keyed state ", name, " restored twice");
  }
  restored_ = true;
  return Status::OK();
}

}  // namespace weir::runtime
