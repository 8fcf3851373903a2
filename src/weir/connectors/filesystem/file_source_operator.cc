// FileSourceOperator: directory scans, line reading through the format decoder, partition
// columns and the per-file position in union list state.
#include "weir/connectors/filesystem/file_source_operator.h"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <system_error>
#include <utility>

#include "weir/common/batch/batch_text.h"
#include "weir/common/batch/column_builder.h"
#include "weir/common/str_cat.h"
#include "weir/runtime/operators/operator_context.h"
#include "weir/runtime/state/state_context.h"
#include "weir/runtime/state/state_descriptor.h"

namespace weir::connectors {

namespace fs = std::filesystem;

namespace {

// One entry per file: "<offset> <line> <done> <relative path>" (union: every subtask sees all
// and keeps the files it owns).
constexpr char kPositionState[] = "filesystem-source-files";

std::string EncodeEntry(const std::string& rel, int64_t offset, int64_t line, bool done) {
  return StrCat(offset, " ", line, " ", done ? 1 : 0, " ", rel);
}

bool DecodeEntry(const std::string& entry, std::string* rel, int64_t* offset, int64_t* line,
                 bool* done) {
  const char* cur = entry.data();
  const char* end = entry.data() + entry.size();
  int done_flag = 0;
  auto [a, e1] = std::from_chars(cur, end, *offset);
  if (e1 != std::errc() || a >= end || *a != ' ') return false;
  auto [b, e2] = std::from_chars(a + 1, end, *line);
  if (e2 != std::errc() || b >= end || *b != ' ') return false;
  auto [c, e3] = std::from_chars(b + 1, end, done_flag);
  if (e3 != std::errc() || c >= end || *c != ' ' || (done_flag != 0 && done_flag != 1)) {
    return false;
  }
  *done = done_flag == 1;
  rel->assign(c + 1, end);
  return *offset >= 0 && *line >= 0;
}

std::string JoinPath(const std::string& root, const std::string& rel) {
  if (rel.empty()) return root;
  return (fs::path(root) / rel).string();
}

}  // namespace

FileSourceOperator::FileSourceOperator(SchemaPtr schema, FileSystemOptions options,
                                       FileSourceConfig config, std::string name)
    : schema_(std::move(schema)),
      options_(std::move(options)),
      config_(config),
      name_(std::move(name)) {}

FileSourceOperator::~FileSourceOperator() { CloseFile(); }

int32_t FileSourceOperator::subtask() const {
  return context_ != nullptr ? context_->subtask_index : 0;
}

int32_t FileSourceOperator::parallelism() const {
  return context_ != nullptr ? std::max(context_->parallelism, 1) : 1;
}

int32_t FileSourceOperator::FileOwner(std::string_view relative_path, int32_t parallelism) {
  uint64_t h = 1469598103934665603ull;  // FNV-1a, 64 bit
  for (char c : relative_path) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  return static_cast<int32_t>(h % static_cast<uint64_t>(std::max(parallelism, 1)));
}

int64_t FileSourceOperator::skipped_records() const {
  if (csv_decoder_ != nullptr) return csv_decoder_->counters().skipped_records;
  if (json_decoder_ != nullptr) return json_decoder_->counters().skipped_records;
  return 0;
}

int64_t FileSourceOperator::null_fields() const {
  if (csv_decoder_ != nullptr) return csv_decoder_->counters().null_fields;
  if (json_decoder_ != nullptr) return json_decoder_->counters().null_fields;
  return 0;
}

Status FileSourceOperator::MakeDecoder() {
  if (config_.batch_size <= 0 || config_.read_chunk_bytes <= 0) {
    return Status::Invalid("filesystem source ", name_,
                           " needs a positive batch size and read chunk size");
  }
  if (options_.data_schema == nullptr || schema_ == nullptr ||
      options_.column_sources.size() != static_cast<size_t>(schema_->num_fields())) {
    return Status::Invalid("filesystem source ", name_,
                           " options were not parsed for its schema (FileSystemOptions::Parse)");
  }
  WEIR_RETURN_NOT_OK(PlanColumns());
  MemoryPool* pool = context_ != nullptr ? context_->memory_pool : nullptr;
  if (options_.format == FileFormat::kCsv) {
    WEIR_ASSIGN_OR_RAISE(
        csv_decoder_, formats::CsvRowDecoder::Make(decode_schema_, options_.table_options, pool));
  } else {
    WEIR_ASSIGN_OR_RAISE(
        json_decoder_, formats::JsonRowDecoder::Make(decode_schema_, options_.table_options, pool));
  }
  if (config_.partitions.has_value()) {
    WEIR_ASSIGN_OR_RAISE(PartitionFilter filter,
                         PartitionFilter::Make(options_.partition_keys, *config_.partitions));
    partition_filter_.emplace(std::move(filter));
  }
  if (options_.path_regex.has_value()) {
    try {
      path_regex_.emplace(*options_.path_regex);
    } catch (const std::regex_error& e) {
      return Status::Invalid("Invalid value for filesystem option 'source.path.regex-pattern': '",
                             *options_.path_regex, "' (", e.what(), ")");
    }
  }
  zeros_.assign(static_cast<size_t>(config_.batch_size), 0);
  return Status::OK();
}

Status FileSourceOperator::PlanColumns() {
  const Schema& data = *options_.data_schema;
  std::vector<int32_t> fields;
  if (config_.projected_fields.has_value()) {
    fields = *config_.projected_fields;
  } else {
    for (int32_t i = 0; i < schema_->num_fields(); ++i) fields.push_back(i);
  }
  std::vector<uint8_t> needed(static_cast<size_t>(data.num_fields()), 0);
  std::vector<Field> output;
  for (int32_t f : fields) {
    if (f < 0 || f >= schema_->num_fields()) {
      return Status::Invalid("filesystem source ", name_, ": projected field ", f,
                             " is out of range for ", schema_->num_fields(), " fields");
    }
    output.push_back(schema_->field(f));
    const int source = options_.column_sources[static_cast<size_t>(f)];
    if (source >= 0) needed[static_cast<size_t>(source)] = 1;
  }
  output_schema_ = std::make_shared<const Schema>(std::move(output));
  // Where each data column lands in the decoded batch (-1: not decoded).
  std::vector<int> decoded_index(needed.size(), -1);
  std::vector<Field> decoded;
  for (int d = 0; d < data.num_fields(); ++d) {
    const bool keep = needed[static_cast<size_t>(d)] != 0;
    if (options_.format == FileFormat::kJson) {
      // Members map by name: decode only the needed ones.
      if (!keep) continue;
      decoded_index[static_cast<size_t>(d)] = static_cast<int>(decoded.size());
      decoded.push_back(data.field(d));
    } else {
      // Fields map by position: split all, convert the unneeded ones as strings (never fails).
      decoded_index[static_cast<size_t>(d)] = d;
      decoded.push_back(keep ? data.field(d) : Field(data.name(d), LogicalType::String(true)));
    }
  }
  decode_schema_ = std::make_shared<const Schema>(std::move(decoded));
  output_sources_.clear();
  partition_key_emitted_.assign(options_.partition_keys.size(), 0);
  for (int32_t f : fields) {
    const int source = options_.column_sources[static_cast<size_t>(f)];
    output_sources_.push_back(source >= 0 ? decoded_index[static_cast<size_t>(source)] : source);
    if (source < 0) partition_key_emitted_[static_cast<size_t>(-source - 1)] = 1;
  }
  output_is_decoded_ = !output_sources_.empty() &&
                       output_sources_.size() == static_cast<size_t>(decode_schema_->num_fields());
  for (size_t i = 0; output_is_decoded_ && i < output_sources_.size(); ++i) {
    output_is_decoded_ =
        output_sources_[i] == static_cast<int>(i) &&
        decode_schema_->field(static_cast<int>(i)) == output_schema_->field(static_cast<int>(i));
  }
  return Status::OK();
}

Status FileSourceOperator::InitializeState(runtime::StateInitializationContext& ctx) {
  WEIR_RETURN_NOT_OK(MakeDecoder());
  if (ctx.operator_state_backend() == nullptr) return Status::OK();
  WEIR_ASSIGN_OR_RAISE(position_state_,
                       ctx.operator_state_backend()->GetUnionListState(
                           runtime::ListStateDescriptor<std::string>(kPositionState)));
  for (const std::string& entry : position_state_->Get()) {
    std::string rel;
    FileState st;
    if (!DecodeEntry(entry, &rel, &st.offset, &st.line, &st.done)) {
      return Status::Invalid("malformed file position in filesystem source state: '", entry, "'");
    }
    if (FileOwner(rel, parallelism()) != subtask()) continue;
    if (partition_filter_.has_value() && !partition_filter_->AdmitsFile(rel)) continue;
    files_[rel] = st;
  }
  return Status::OK();
}

Status FileSourceOperator::Open(runtime::OperatorContext& ctx) {
  if (csv_decoder_ == nullptr && json_decoder_ == nullptr) WEIR_RETURN_NOT_OK(MakeDecoder());
  if (!options_.bounded() && (ctx.processing_time == nullptr || !ctx.wake)) {
    return Status::Invalid("filesystem source ", name_,
                           " monitors its path but has no processing-time service or wake");
  }
  WEIR_RETURN_NOT_OK(Scan());
  if (!options_.bounded()) {
    next_scan_ms_ = ctx.processing_time->CurrentTimeMs() + *options_.monitor_interval_ms;
  }
  return Status::OK();
}

Status FileSourceOperator::ProcessBatch(int input, const RecordBatchPtr& /*batch*/) {
  return Status::Internal("source ", name_, " has no input ", input);
}

Status FileSourceOperator::Scan() {
  ++num_scans_;
  const fs::path root(options_.path);
  std::error_code ec;
  const fs::file_status root_status = fs::status(root, ec);
  if (ec || !fs::exists(root_status)) {
    if (!options_.bounded()) return Status::OK();  // it may appear later
    return Status::IOError("filesystem source path does not exist: ", options_.path);
  }
  auto consider = [&](const std::string& rel, const fs::path& full) {
    if (path_regex_.has_value()) {
      std::error_code aec;
      const std::string abs = fs::absolute(full, aec).lexically_normal().string();
      if (!std::regex_match(aec ? full.string() : abs, *path_regex_)) return;
    }
    if (FileOwner(rel, parallelism()) != subtask()) return;
    if (partition_filter_.has_value() && !partition_filter_->AdmitsFile(rel)) return;
    files_.try_emplace(rel);  // known files keep their position
  };
  if (fs::is_regular_file(root_status)) {
    consider("", root);
    return Status::OK();
  }
  if (!fs::is_directory(root_status)) {
    return Status::IOError("filesystem source path is neither a file nor a directory: ",
                           options_.path);
  }
  fs::recursive_directory_iterator it(root, fs::directory_options::follow_directory_symlink, ec);
  for (fs::recursive_directory_iterator end; !ec && it != end; it.increment(ec)) {
    const fs::path& p = it->path();
    if (IsHiddenFileName(p.filename().string())) {
      if (it->is_directory(ec)) it.disable_recursion_pending();
      ec.clear();
      continue;
    }
    std::error_code fec;
    if (partition_filter_.has_value() && it->is_directory(fec)) {
      // Walk only the directories of the chosen partitions.
      if (!partition_filter_->AdmitsDirectory(p.lexically_relative(root).generic_string())) {
        it.disable_recursion_pending();
      }
      continue;
    }
    if (!it->is_regular_file(fec)) continue;
    consider(p.lexically_relative(root).generic_string(), p);
  }
  if (ec) {
    return Status::IOError("cannot list filesystem source directory: ", ec.message(), ": ",
                           options_.path);
  }
  return Status::OK();
}

Status FileSourceOperator::MakePartitionColumns(const std::string& relative_path) {
  partition_values_.clear();
  if (options_.partition_keys.empty()) return Status::OK();
  // The "k=v" directories of the path.
  std::vector<std::pair<std::string, std::string>> dirs;
  size_t start = 0;
  while (true) {
    const size_t slash = relative_path.find('/', start);
    if (slash == std::string::npos) break;  // the last component is the file name
    const std::string_view part(relative_path.data() + start, slash - start);
    const size_t eq = part.find('=');
    if (eq != std::string_view::npos) {
      dirs.emplace_back(UnescapePartitionValue(part.substr(0, eq)),
                        UnescapePartitionValue(part.substr(eq + 1)));
    }
    start = slash + 1;
  }
  MemoryPool* pool = context_ != nullptr ? context_->memory_pool : nullptr;
  for (size_t k = 0; k < options_.partition_keys.size(); ++k) {
    const std::string& key = options_.partition_keys[k];
    if (!partition_key_emitted_[k]) {  // not projected: not parsed either
      partition_values_.push_back(nullptr);
      continue;
    }
    const LogicalType& type = schema_->type(schema_->FieldIndex(key));
    const std::string* text = nullptr;
    for (const auto& [k, v] : dirs) {
      if (k == key) text = &v;  // the deepest directory of a key wins
    }
    WEIR_ASSIGN_OR_RAISE(auto builder, ColumnBuilder::Make(type, pool));
    if (text == nullptr || *text == options_.partition_default_name) {
      WEIR_RETURN_NOT_OK(builder->AppendNull());
    } else if (type.is_string()) {
      WEIR_RETURN_NOT_OK(builder->AppendValue(Value(*text)));
    } else {
      auto value = ParseValueText(*text, type);
      if (!value.ok() || value->is_null()) {
        return Status::Invalid("Invalid partition value for column ", key, " (", type.ToString(),
                               "): '", *text, "' in ", JoinPath(options_.path, relative_path));
      }
      WEIR_RETURN_NOT_OK(builder->AppendValue(*value));
    }
    WEIR_ASSIGN_OR_RAISE(ColumnPtr column, builder->Finish());
    partition_values_.push_back(std::move(column));
  }
  return Status::OK();
}

Status FileSourceOperator::OpenNextFile(bool* opened) {
  *opened = false;
  for (auto it = files_.begin(); it != files_.end(); ++it) {
    if (it->second.done) continue;
    file_path_ = JoinPath(options_.path, it->first);
    file_ = std::fopen(file_path_.c_str(), "rb");
    if (file_ == nullptr) {
      return Status::IOError("cannot open file for reading: ", std::strerror(errno), ": ",
                             file_path_);
    }
    if (it->second.offset > 0 &&
        ::fseeko(file_, static_cast<off_t>(it->second.offset), SEEK_SET) != 0) {
      const int err = errno;
      CloseFile();
      return Status::IOError("cannot seek in file: ", std::strerror(err), ": ", file_path_);
    }
    WEIR_RETURN_NOT_OK(MakePartitionColumns(it->first));
    current_ = it;
    reading_ = true;
    buffer_.clear();
    buffer_pos_ = 0;
    eof_ = false;
    *opened = true;
    return Status::OK();
  }
  return Status::OK();
}

void FileSourceOperator::CloseFile() {
  if (file_ != nullptr) std::fclose(file_);
  file_ = nullptr;
  reading_ = false;
}

Result<bool> FileSourceOperator::NextLine(std::string_view* line) {
  while (true) {
    const size_t nl = buffer_.find('\n', buffer_pos_);
    if (nl != std::string::npos) {
      *line = std::string_view(buffer_).substr(buffer_pos_, nl + 1 - buffer_pos_);
      buffer_pos_ = nl + 1;
      return true;
    }
    if (eof_) {
      if (buffer_pos_ < buffer_.size()) {  // a last line without a line end
        *line = std::string_view(buffer_).substr(buffer_pos_);
        buffer_pos_ = buffer_.size();
        return true;
      }
      return false;
    }
    buffer_.erase(0, buffer_pos_);
    buffer_pos_ = 0;
    const size_t old = buffer_.size();
    const auto chunk = static_cast<size_t>(config_.read_chunk_bytes);
    buffer_.resize(old + chunk);
    const size_t n = std::fread(buffer_.data() + old, 1, chunk, file_);
    buffer_.resize(old + n);
    if (n < chunk) {
      if (std::ferror(file_) != 0) {
        return Status::IOError("read error in file: ", std::strerror(errno), ": ", file_path_);
      }
      eof_ = true;
    }
  }
}

template <typename Decoder>
Status FileSourceOperator::DecodeLines(Decoder& decoder, int64_t max_rows, bool* file_done) {
  FileState& st = current_->second;
  *file_done = false;
  for (int64_t n = 0; n < max_rows; ++n) {
    std::string_view line;
    WEIR_ASSIGN_OR_RAISE(bool got, NextLine(&line));
    if (!got) {
      *file_done = true;
      return Status::OK();
    }
    st.offset += static_cast<int64_t>(line.size());
    st.line += 1;
    WEIR_RETURN_NOT_OK(decoder.Decode(line, formats::RecordPosition{file_path_, -1, st.line}));
  }
  return Status::OK();
}

Result<RecordBatchPtr> FileSourceOperator::Assemble(const RecordBatchPtr& data, int64_t num_rows) {
  if (output_is_decoded_) return RecordBatch::Make(output_schema_, data->columns());
  const int64_t n = num_rows;
  MemoryPool* pool = context_ != nullptr ? context_->memory_pool : nullptr;
  std::vector<ColumnPtr> columns;
  columns.reserve(output_sources_.size());
  for (const int source : output_sources_) {
    if (source >= 0) {
      columns.push_back(data->column(source));
      continue;
    }
    const ColumnPtr& value = partition_values_[static_cast<size_t>(-source - 1)];
    WEIR_ASSIGN_OR_RAISE(auto builder, ColumnBuilder::Make(value->type(), pool));
    WEIR_RETURN_NOT_OK(builder->Reserve(n));
    WEIR_RETURN_NOT_OK(builder->AppendIndices(*value, zeros_.data(), n));
    WEIR_ASSIGN_OR_RAISE(ColumnPtr column, builder->Finish());
    columns.push_back(std::move(column));
  }
  if (columns.empty()) {  // nothing projected (COUNT(*)): rows without columns
    return std::make_shared<const RecordBatch>(output_schema_, std::move(columns), n);
  }
  return RecordBatch::Make(output_schema_, std::move(columns));
}

Result<runtime::SourcePoll> FileSourceOperator::PollNext() {
  if (context_ == nullptr || context_->output == nullptr ||
      (csv_decoder_ == nullptr && json_decoder_ == nullptr)) {
    return Status::Internal("filesystem source ", name_, " polled before Open");
  }
  if (!reading_) {
    bool opened = false;
    WEIR_RETURN_NOT_OK(OpenNextFile(&opened));
    if (!opened && !options_.bounded()) {
      const int64_t now = context_->processing_time->CurrentTimeMs();
      if (now >= next_scan_ms_) {
        CancelWakeUp();
        WEIR_RETURN_NOT_OK(Scan());
        next_scan_ms_ = now + *options_.monitor_interval_ms;
        WEIR_RETURN_NOT_OK(OpenNextFile(&opened));
      }
      if (!opened) {
        if (wake_timer_ == 0) {
          std::function<void()> wake = context_->wake;
          wake_timer_ = context_->processing_time->Schedule(
              next_scan_ms_, [wake](int64_t /*deadline*/) { wake(); });
        }
        return runtime::SourcePoll::kNothingAvailable;
      }
    }
    if (!opened) return runtime::SourcePoll::kEndOfInput;
  }

  bool file_done = false;
  RecordBatchPtr data;
  int64_t num_rows = 0;  // counted before Flush: a decoder of no columns makes empty batches
  if (csv_decoder_ != nullptr) {
    WEIR_RETURN_NOT_OK(DecodeLines(*csv_decoder_, config_.batch_size, &file_done));
    num_rows = csv_decoder_->num_pending_rows();
    WEIR_ASSIGN_OR_RAISE(data, csv_decoder_->Flush());
  } else {
    WEIR_RETURN_NOT_OK(DecodeLines(*json_decoder_, config_.batch_size, &file_done));
    num_rows = json_decoder_->num_pending_rows();
    WEIR_ASSIGN_OR_RAISE(data, json_decoder_->Flush());
  }
  if (num_rows > 0) {
    WEIR_ASSIGN_OR_RAISE(RecordBatchPtr batch, Assemble(data, num_rows));
    WEIR_RETURN_NOT_OK(context_->output->Emit(std::move(batch)));
  }
  if (file_done) {
    current_->second.done = true;
    CloseFile();
  }
  return runtime::SourcePoll::kMoreAvailable;
}

Status FileSourceOperator::SnapshotState(runtime::StateSnapshotContext& /*ctx*/) {
  if (position_state_ == nullptr) {
    return Status::Internal("filesystem source ", name_, " snapshot without operator state");
  }
  std::vector<std::string> entries;
  entries.reserve(files_.size());
  for (const auto& [rel, st] : files_) {
    entries.push_back(EncodeEntry(rel, st.offset, st.line, st.done));
  }
  position_state_->Update(std::move(entries));
  return Status::OK();
}

Status FileSourceOperator::Close() {
  CancelWakeUp();
  CloseFile();
  return Status::OK();
}

void FileSourceOperator::CancelWakeUp() {
  if (wake_timer_ != 0 && context_ != nullptr && context_->processing_time != nullptr) {
    context_->processing_time->Cancel(wake_timer_);
  }
  wake_timer_ = 0;
}

}  // namespace weir::connectors
