// CheckpointMetadata: validation and the `_metadata` encoding (header line + JSON).
#include "weir/runtime/checkpoint/checkpoint_metadata.h"

#include <xxhash.h>

#include <charconv>
#include <limits>
#include <nlohmann/json.hpp>
#include <set>

#include "weir/runtime/state/key_group_range.h"

namespace weir::runtime {

namespace {

using nlohmann::json;

constexpr std::string_view kHeaderMagic = "WEIR-CHECKPOINT-METADATA";
// Flink's upper bound for the max parallelism (number of key groups).
constexpr int32_t kUpperBoundMaxParallelism = 1 << 15;

std::string Hex64(uint64_t value) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i) {
    out[static_cast<size_t>(i)] = kDigits[value & 0xF];
    value >>= 4;
  }
  return out;
}

// --- Encoding ---

json StreamToJson(const StreamStateHandle& h) {
  return json{{"file", h.relative_path}, {"offset", h.offset}, {"size", h.size}};
}

json SubtaskToJson(int32_t index, const OperatorSubtaskState& st) {
  json keyed = json::array();
  for (const KeyGroupsStateHandle& k : st.keyed) {
    json j = StreamToJson(k.stream);
    j["key_groups"] = json::array({k.range.start, k.range.end});
    j["key_group_offsets"] = k.offsets;
    keyed.push_back(std::move(j));
  }
  json op = json::array();
  for (const OperatorStateHandle& o : st.operator_state) {
    json j = StreamToJson(o.stream);
    json states = json::array();
    for (const OperatorStateEntry& e : o.states) {
      states.push_back(
          json{{"name", e.name}, {"mode", OperatorStateModeName(e.mode)}, {"offsets", e.offsets}});
    }
    j["states"] = std::move(states);
    op.push_back(std::move(j));
  }
  return json{{"index", index},
              {"finished", st.finished},
              {"watermark", st.watermark},
              {"keyed", std::move(keyed)},
              {"operator", std::move(op)}};
}

json MetadataToJson(const CheckpointMetadata& m) {
  json operators = json::array();
  for (const OperatorStateMetadata& op : m.operators) {
    json subtasks = json::array();
    for (size_t i = 0; i < op.subtasks.size(); ++i) {
      subtasks.push_back(SubtaskToJson(static_cast<int32_t>(i), op.subtasks[i]));
    }
    operators.push_back(json{{"uid", op.uid},
                             {"parallelism", op.parallelism},
                             {"max_parallelism", op.max_parallelism},
                             {"subtasks", std::move(subtasks)}});
  }
  return json{{"version", m.version},
              {"checkpoint_id", m.checkpoint_id.value()},
              {"job_id", m.job_id.ToString()},
              {"kind", SnapshotKindName(m.kind)},
              {"timestamp", m.timestamp_ms},
              {"completion_timestamp", m.completion_timestamp_ms},
              {"operators", std::move(operators)}};
}

// --- Decoding: typed field access that reports, never throws ---

class Reader {
 public:
  explicit Reader(std::string_view source) : source_(source) {}

  Status Error(std::string_view what, std::string_view where) const {
    return Status::SerializationError("Invalid checkpoint metadata: ", what, " at ", where, " in ",
                                      source_);
  }

  Result<const json*> Field(const json& obj, const char* key, std::string_view where) const {
    if (!obj.is_object()) return Error("expected an object", where);
    auto it = obj.find(key);
    if (it == obj.end()) return Error(StrCat("missing field '", key, "'"), where);
    return &*it;
  }

  Result<int64_t> Int(const json& obj, const char* key, std::string_view where) const {
    WEIR_ASSIGN_OR_RAISE(const json* v, Field(obj, key, where));
    return AsInt(*v, StrCat(where, ".", key));
  }

  Result<int64_t> AsInt(const json& v, std::string_view where) const {
    if (v.is_number_unsigned()) {
      uint64_t u = v.get<uint64_t>();
      if (u > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
        return Error("integer out of range", where);
      }
      return static_cast<int64_t>(u);
    }
    if (v.is_number_integer()) return v.get<int64_t>();
    return Error("expected an integer", where);
  }

  Result<int32_t> Int32(const json& obj, const char* key, std::string_view where) const {
    WEIR_ASSIGN_OR_RAISE(int64_t v, Int(obj, key, where));
    if (v < std::numeric_limits<int32_t>::min() || v > std::numeric_limits<int32_t>::max()) {
      return Error(StrCat("field '", key, "' out of range"), where);
    }
    return static_cast<int32_t>(v);
  }

  Result<std::string> String(const json& obj, const char* key, std::string_view where) const {
    WEIR_ASSIGN_OR_RAISE(const json* v, Field(obj, key, where));
    if (!v->is_string()) return Error(StrCat("field '", key, "' is not a string"), where);
    return v->get<std::string>();
  }

  Result<bool> Bool(const json& obj, const char* key, std::string_view where) const {
    WEIR_ASSIGN_OR_RAISE(const json* v, Field(obj, key, where));
    if (!v->is_boolean()) return Error(StrCat("field '", key, "' is not a boolean"), where);
    return v->get<bool>();
  }

  Result<const json*> Array(const json& obj, const char* key, std::string_view where) const {
    WEIR_ASSIGN_OR_RAISE(const json* v, Field(obj, key, where));
    if (!v->is_array()) return Error(StrCat("field '", key, "' is not an array"), where);
    return v;
  }

  Result<std::vector<int64_t>> IntArray(const json& obj, const char* key,
                                        std::string_view where) const {
    WEIR_ASSIGN_OR_RAISE(const json* arr, Array(obj, key, where));
    std::vector<int64_t> out;
    out.reserve(arr->size());
    for (const json& v : *arr) {
      WEIR_ASSIGN_OR_RAISE(int64_t x, AsInt(v, StrCat(where, ".", key)));
      out.push_back(x);
    }
    return out;
  }

  Result<StreamStateHandle> Stream(const json& obj, std::string_view where) const {
    StreamStateHandle h;
    WEIR_ASSIGN_OR_RAISE(h.relative_path, String(obj, "file", where));
    WEIR_ASSIGN_OR_RAISE(h.offset, Int(obj, "offset", where));
    WEIR_ASSIGN_OR_RAISE(h.size, Int(obj, "size", where));
    return h;
  }

  Result<OperatorSubtaskState> Subtask(const json& obj, std::string_view where) const {
    OperatorSubtaskState st;
    WEIR_ASSIGN_OR_RAISE(st.finished, Bool(obj, "finished", where));
    WEIR_ASSIGN_OR_RAISE(st.watermark, Int(obj, "watermark", where));
    WEIR_ASSIGN_OR_RAISE(const json* keyed, Array(obj, "keyed", where));
    for (size_t i = 0; i < keyed->size(); ++i) {
      std::string at = StrCat(where, ".keyed[", i, "]");
      const json& k = (*keyed)[i];
      KeyGroupsStateHandle h;
      WEIR_ASSIGN_OR_RAISE(h.stream, Stream(k, at));
      WEIR_ASSIGN_OR_RAISE(std::vector<int64_t> range, IntArray(k, "key_groups", at));
      if (range.size() != 2) return Error("key_groups must be [start, end]", at);
      for (int64_t v : range) {
        if (v < -1 || v > kUpperBoundMaxParallelism) return Error("key group out of range", at);
      }
      h.range = KeyGroupRange{static_cast<int32_t>(range[0]), static_cast<int32_t>(range[1])};
      WEIR_ASSIGN_OR_RAISE(h.offsets, IntArray(k, "key_group_offsets", at));
      st.keyed.push_back(std::move(h));
    }
    WEIR_ASSIGN_OR_RAISE(const json* ops, Array(obj, "operator", where));
    for (size_t i = 0; i < ops->size(); ++i) {
      std::string at = StrCat(where, ".operator[", i, "]");
      const json& o = (*ops)[i];
      OperatorStateHandle h;
      WEIR_ASSIGN_OR_RAISE(h.stream, Stream(o, at));
      WEIR_ASSIGN_OR_RAISE(const json* states, Array(o, "states", at));
      for (size_t s = 0; s < states->size(); ++s) {
        std::string sat = StrCat(at, ".states[", s, "]");
        OperatorStateEntry e;
        WEIR_ASSIGN_OR_RAISE(e.name, String((*states)[s], "name", sat));
        WEIR_ASSIGN_OR_RAISE(std::string mode, String((*states)[s], "mode", sat));
        if (mode == "SPLIT_DISTRIBUTE") {
          e.mode = OperatorStateMode::kSplitDistribute;
        } else if (mode == "UNION") {
          e.mode = OperatorStateMode::kUnion;
        } else if (mode == "BROADCAST") {
          e.mode = OperatorStateMode::kBroadcast;
        } else {
          return Error(StrCat("unknown operator state mode '", mode, "'"), sat);
        }
        WEIR_ASSIGN_OR_RAISE(e.offsets, IntArray((*states)[s], "offsets", sat));
        h.states.push_back(std::move(e));
      }
      st.operator_state.push_back(std::move(h));
    }
    return st;
  }

  Result<CheckpointMetadata> Metadata(const json& root) const {
    CheckpointMetadata m;
    WEIR_ASSIGN_OR_RAISE(m.version, Int32(root, "version", "root"));
    WEIR_ASSIGN_OR_RAISE(int64_t id, Int(root, "checkpoint_id", "root"));
    if (id < 1) return Error("checkpoint_id must be 1 or more", "root");
    m.checkpoint_id = CheckpointId(id);
    WEIR_ASSIGN_OR_RAISE(std::string job, String(root, "job_id", "root"));
    if (!JobId::Parse(job, &m.job_id)) return Error("job_id is not 32 hex digits", "root");
    WEIR_ASSIGN_OR_RAISE(std::string kind, String(root, "kind", "root"));
    if (!ParseSnapshotKind(kind, &m.kind)) {
      return Error(StrCat("unknown kind '", kind, "'"), "root");
    }
    WEIR_ASSIGN_OR_RAISE(m.timestamp_ms, Int(root, "timestamp", "root"));
    WEIR_ASSIGN_OR_RAISE(m.completion_timestamp_ms, Int(root, "completion_timestamp", "root"));
    WEIR_ASSIGN_OR_RAISE(const json* ops, Array(root, "operators", "root"));
    for (size_t i = 0; i < ops->size(); ++i) {
      std::string at = StrCat("operators[", i, "]");
      const json& o = (*ops)[i];
      OperatorStateMetadata op;
      WEIR_ASSIGN_OR_RAISE(op.uid, String(o, "uid", at));
      at = StrCat("operator '", op.uid, "'");
      WEIR_ASSIGN_OR_RAISE(op.parallelism, Int32(o, "parallelism", at));
      WEIR_ASSIGN_OR_RAISE(op.max_parallelism, Int32(o, "max_parallelism", at));
      WEIR_ASSIGN_OR_RAISE(const json* subtasks, Array(o, "subtasks", at));
      if (op.parallelism < 1 || op.parallelism > kUpperBoundMaxParallelism ||
          static_cast<int64_t>(subtasks->size()) != op.parallelism) {
        return Error(StrCat("parallelism ", op.parallelism, " does not match the ",
                            subtasks->size(), " subtask entries"),
                     at);
      }
      op.subtasks.resize(subtasks->size());
      for (size_t s = 0; s < subtasks->size(); ++s) {
        std::string sat = StrCat(at, " subtask ", s);
        WEIR_ASSIGN_OR_RAISE(int64_t index, Int((*subtasks)[s], "index", sat));
        if (index != static_cast<int64_t>(s)) return Error("subtask index out of order", sat);
        WEIR_ASSIGN_OR_RAISE(op.subtasks[s], Subtask((*subtasks)[s], sat));
      }
      m.operators.push_back(std::move(op));
    }
    return m;
  }

 private:
  std::string source_;
};

Status CheckStream(const StreamStateHandle& h, std::string_view where) {
  if (!IsSafeRelativePath(h.relative_path)) {
    return Status::SerializationError("Invalid checkpoint metadata: unsafe file path '",
                                      h.relative_path, "' at ", where);
  }
  if (h.offset < 0 || h.size < 0 || h.offset > std::numeric_limits<int64_t>::max() - h.size) {
    return Status::SerializationError("Invalid checkpoint metadata: bad byte range (offset ",
                                      h.offset, ", size ", h.size, ") at ", where);
  }
  return Status::OK();
}

Status CheckOffsets(const std::vector<int64_t>& offsets, int64_t size, std::string_view where) {
  for (int64_t off : offsets) {
    if (off < 0 || off > size) {
      return Status::SerializationError("Invalid checkpoint metadata: offset ", off,
                                        " outside the handle of ", size, " bytes at ", where);
    }
  }
  return Status::OK();
}

}  // namespace

bool ParseSnapshotKind(std::string_view name, SnapshotKind* out) {
  for (SnapshotKind k : {SnapshotKind::kCheckpoint, SnapshotKind::kSavepoint,
                         SnapshotKind::kSavepointSuspend, SnapshotKind::kSavepointTerminate}) {
    if (name == SnapshotKindName(k)) {
      *out = k;
      return true;
    }
  }
  return false;
}

const char* OperatorStateModeName(OperatorStateMode mode) {
  switch (mode) {
    case OperatorStateMode::kSplitDistribute:
      return "SPLIT_DISTRIBUTE";
    case OperatorStateMode::kUnion:
      return "UNION";
    case OperatorStateMode::kBroadcast:
      return "BROADCAST";
  }
  return "UNKNOWN";
}

int64_t SubtaskStateSize(const OperatorSubtaskState& state) {
  int64_t total = 0;
  for (const KeyGroupsStateHandle& k : state.keyed) total += k.stream.size;
  for (const OperatorStateHandle& o : state.operator_state) total += o.stream.size;
  return total;
}

bool OperatorStateMetadata::HasState() const {
  for (const OperatorSubtaskState& st : subtasks) {
    if (!st.empty()) return true;
  }
  return false;
}

bool OperatorStateMetadata::HasKeyedState() const {
  for (const OperatorSubtaskState& st : subtasks) {
    if (!st.keyed.empty()) return true;
  }
  return false;
}

bool OperatorStateMetadata::FullyFinished() const {
  if (subtasks.empty()) return false;
  for (const OperatorSubtaskState& st : subtasks) {
    if (!st.finished) return false;
  }
  return true;
}

int64_t OperatorStateMetadata::StateSize() const {
  int64_t total = 0;
  for (const OperatorSubtaskState& st : subtasks) total += SubtaskStateSize(st);
  return total;
}

const OperatorStateMetadata* CheckpointMetadata::FindOperator(std::string_view uid) const {
  for (const OperatorStateMetadata& op : operators) {
    if (op.uid == uid) return &op;
  }
  return nullptr;
}

int64_t CheckpointMetadata::StateSize() const {
  int64_t total = 0;
  for (const OperatorStateMetadata& op : operators) total += op.StateSize();
  return total;
}

bool IsSafeRelativePath(std::string_view path) {
  if (path.empty() || path.front() == '/' || path.find('\\') != std::string_view::npos ||
      path.find('\0') != std::string_view::npos) {
    return false;
  }
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    std::string_view part = path.substr(start, end - start);
    if (part.empty() || part == "." || part == "..") return false;
    start = end + 1;
  }
  return true;
}

Status ValidateCheckpointMetadata(const CheckpointMetadata& m, std::string_view source) {
  auto error = [&](auto&&... parts) {
    return Status::SerializationError("Invalid checkpoint metadata: ", parts..., " in ", source);
  };
  if (m.checkpoint_id.value() < 1) return error("checkpoint id ", m.checkpoint_id.value());
  std::set<std::string_view> uids;
  for (const OperatorStateMetadata& op : m.operators) {
    if (op.uid.empty()) return error("an operator has an empty uid");
    if (!uids.insert(op.uid).second) return error("duplicate operator uid '", op.uid, "'");
    if (op.max_parallelism < 1 || op.max_parallelism > kUpperBoundMaxParallelism ||
        op.parallelism < 1 || op.parallelism > op.max_parallelism) {
      return error("operator '", op.uid, "' has parallelism ", op.parallelism,
                   " and max parallelism ", op.max_parallelism);
    }
    if (static_cast<int64_t>(op.subtasks.size()) != op.parallelism) {
      return error("operator '", op.uid, "' has ", op.subtasks.size(),
                   " subtask entries for parallelism ", op.parallelism);
    }
    for (size_t s = 0; s < op.subtasks.size(); ++s) {
      const OperatorSubtaskState& st = op.subtasks[s];
      std::string where = StrCat("operator '", op.uid, "' subtask ", s, " in ", source);
      for (const KeyGroupsStateHandle& k : st.keyed) {
        WEIR_RETURN_NOT_OK(CheckStream(k.stream, where));
        if (k.range.size() > 0 && (k.range.start < 0 || k.range.end >= op.max_parallelism)) {
          return error("key groups ", k.range.ToString(), " outside [0, ", op.max_parallelism,
                       ") at ", where);
        }
        if (static_cast<int64_t>(k.offsets.size()) != k.range.size()) {
          return error(k.offsets.size(), " key-group offsets for ", k.range.ToString(), " at ",
                       where);
        }
        WEIR_RETURN_NOT_OK(CheckOffsets(k.offsets, k.stream.size, where));
      }
      for (const OperatorStateHandle& o : st.operator_state) {
        WEIR_RETURN_NOT_OK(CheckStream(o.stream, where));
        for (const OperatorStateEntry& e : o.states) {
          if (e.name.empty()) return error("an operator state has an empty name at ", where);
          WEIR_RETURN_NOT_OK(CheckOffsets(e.offsets, o.stream.size, where));
        }
      }
    }
  }
  return Status::OK();
}

std::string EncodeCheckpointMetadata(const CheckpointMetadata& metadata) {
  std::string body = MetadataToJson(metadata).dump(1);
  body.push_back('\n');
  uint64_t checksum = XXH3_64bits(body.data(), body.size());
  std::string out =
      StrCat(kHeaderMagic, " ", metadata.version, " ", body.size(), " ", Hex64(checksum), "\n");
  out += body;
  return out;
}

Result<CheckpointMetadata> DecodeCheckpointMetadata(std::string_view bytes,
                                                    std::string_view source) {
  auto corrupt = [&](auto&&... parts) {
    return Status::SerializationError("Corrupted checkpoint metadata: ", parts..., " in ", source);
  };
  size_t eol = bytes.find('\n');
  if (eol == std::string_view::npos || eol > 200) return corrupt("no header line");
  std::string_view header = bytes.substr(0, eol);
  std::string_view body = bytes.substr(eol + 1);
  // Split the header into 4 space-separated fields.
  std::vector<std::string_view> fields;
  size_t pos = 0;
  while (pos <= header.size() && fields.size() < 5) {
    size_t sp = header.find(' ', pos);
    if (sp == std::string_view::npos) sp = header.size();
    fields.push_back(header.substr(pos, sp - pos));
    pos = sp + 1;
  }
  if (fields.size() != 4 || fields[0] != kHeaderMagic) {
    return corrupt("not a Weir checkpoint metadata file (bad header)");
  }
  auto parse_num = [](std::string_view s, uint64_t* out, int base) {
    auto res = std::from_chars(s.data(), s.data() + s.size(), *out, base);
    return !s.empty() && res.ec == std::errc() && res.ptr == s.data() + s.size();
  };
  uint64_t version = 0, length = 0, checksum = 0;
  if (!parse_num(fields[1], &version, 10) || !parse_num(fields[2], &length, 10) ||
      fields[3].size() != 16 || !parse_num(fields[3], &checksum, 16)) {
    return corrupt("malformed header '", header, "'");
  }
  if (version < 1 || version > static_cast<uint64_t>(kCheckpointMetadataVersion)) {
    return Status::NotSupported("Checkpoint metadata format version ", version,
                                " is not supported (this build reads versions 1 to ",
                                kCheckpointMetadataVersion, ") in ", source);
  }
  if (length != body.size()) {
    return corrupt("expected ", length, " bytes after the header, found ", body.size(),
                   " (truncated or appended file)");
  }
  uint64_t actual = XXH3_64bits(body.data(), body.size());
  if (actual != checksum) {
    return corrupt("checksum mismatch (header says ", Hex64(checksum), ", content has ",
                   Hex64(actual), ")");
  }
  json root = json::parse(body.begin(), body.end(), nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded() || !root.is_object()) return corrupt("content is not a JSON object");
  Reader reader(source);
  auto parse = [&]() -> Result<CheckpointMetadata> {
    try {
      return reader.Metadata(root);
    } catch (const json::exception& e) {
      return corrupt("unexpected JSON content: ", e.what());
    }
  };
  WEIR_ASSIGN_OR_RAISE(CheckpointMetadata metadata, parse());
  if (metadata.version != static_cast<int32_t>(version)) {
    return corrupt("header version ", version, " differs from content version ", metadata.version);
  }
  WEIR_RETURN_NOT_OK(ValidateCheckpointMetadata(metadata, source));
  return metadata;
}

std::string CheckpointMetadataToJson(const CheckpointMetadata& metadata) {
  return MetadataToJson(metadata).dump(2);
}

}  // namespace weir::runtime
