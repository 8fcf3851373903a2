// FileSinkOperator: buckets, rolling, pending files per checkpoint, commit by rename, recovery
// and success files.
#include "weir/connectors/filesystem/file_sink_operator.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <random>
#include <system_error>
#include <utility>

#include "weir/common/batch/batch_text.h"
#include "weir/common/batch/selection_vector.h"
#include "weir/common/io/file_sync.h"
#include "weir/common/str_cat.h"
#include "weir/formats/csv/csv_encoder.h"
#include "weir/formats/json/json_encoder.h"
#include "weir/runtime/operators/operator_context.h"
#include "weir/runtime/state/state_context.h"
#include "weir/runtime/state/state_descriptor.h"

namespace weir::connectors {

namespace fs = std::filesystem;

namespace {

// Union list state, one entry per item ("<kind> <subtask> ..."; the bucket is last since a
// partition value may hold spaces):
//   U <uuid>
//   C <subtask> <next part number>
//   P <subtask> <checkpoint> <final name> <in-progress name> <bucket>
//   I <subtask> <valid length> <final name> <in-progress name> <bucket>
//   T <subtask> <first seen ms> <bucket>   (partition waiting for its success file)
//   W <subtask> <watermark>                (input watermark at the snapshot)
constexpr char kSinkState[] = "filesystem-sink-files";
constexpr size_t kWriteBufferBytes = 1 << 16;

std::string RandomUuid() {
  std::random_device rd;
  std::mt19937_64 gen((static_cast<uint64_t>(rd()) << 32) ^ rd());
  const uint64_t hi = (gen() & ~uint64_t{0xF000}) | 0x4000;                    // version 4
  const uint64_t lo = (gen() & ~(uint64_t{0xC} << 60)) | (uint64_t{8} << 60);  // variant 10
  static constexpr char kHex[] = "0123456789abcdef";
  std::string s;
  s.reserve(36);
  for (int i = 15; i >= 0; --i) {
    s += kHex[(hi >> (i * 4)) & 15];
    if (i == 8 || i == 4) s += '-';
  }
  s += '-';
  for (int i = 15; i >= 0; --i) {
    s += kHex[(lo >> (i * 4)) & 15];
    if (i == 12) s += '-';
  }
  return s;
}

// Splits "a b c rest with spaces" into `n` words and the rest.
bool SplitEntry(std::string_view entry, size_t n, std::vector<std::string_view>* words,
                std::string_view* rest) {
  words->clear();
  for (size_t i = 0; i < n; ++i) {
    const size_t sp = entry.find(' ');
    if (sp == std::string_view::npos) {
      if (i + 1 != n || rest != nullptr) return false;
      words->push_back(entry);
      return true;
    }
    words->push_back(entry.substr(0, sp));
    entry.remove_prefix(sp + 1);
  }
  if (rest != nullptr) *rest = entry;
  return rest != nullptr || entry.empty();
}

bool ParseI64(std::string_view text, int64_t* out) {
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
  return ec == std::errc() && p == text.data() + text.size();
}

bool IsPlainName(std::string_view name) {
  return !name.empty() && name.find('/') == std::string_view::npos && name != "." && name != "..";
}

// The parts of a part file name of `uuid`: "part-<uuid>-<subtask>-<n>" (committed) or
// ".part-<uuid>-<subtask>-<n>.inprogress.<x>" (in progress).
struct PartFileName {
  bool in_progress = false;
  int64_t subtask = -1;
  int64_t number = -1;
};

// Parses a part file name of `uuid`; false for any other name.
bool ParsePartFileName(const std::string& name, const std::string& uuid, PartFileName* out) {
  const std::string prefix = StrCat("part-", uuid, "-");
  const bool hidden = !name.empty() && name[0] == '.';
  const size_t start = hidden ? 1 : 0;
  if (name.compare(start, prefix.size(), prefix) != 0) return false;
  const char* p = name.data() + start + prefix.size();
  const char* end = name.data() + name.size();
  auto [a, e1] = std::from_chars(p, end, out->subtask);
  if (e1 != std::errc() || a == p || a >= end || *a != '-') return false;
  auto [b, e2] = std::from_chars(a + 1, end, out->number);
  if (e2 != std::errc() || b == a + 1) return false;
  const std::string_view rest(b, static_cast<size_t>(end - b));
  out->in_progress = hidden && rest.starts_with(".inprogress.");
  return out->in_progress || (!hidden && rest.empty());
}

}  // namespace

FileSinkOperator::FileSinkOperator(SchemaPtr schema, FileSystemOptions options,
                                   FileSinkConfig config, std::string name)
    : schema_(std::move(schema)),
      options_(std::move(options)),
      config_(std::move(config)),
      name_(std::move(name)),
      alive_(std::make_shared<FileSinkOperator*>(this)) {}

FileSinkOperator::~FileSinkOperator() {
  for (auto& [bucket, f] : in_progress_) {
    if (f.file != nullptr) std::fclose(f.file);
  }
}

int32_t FileSinkOperator::subtask() const {
  return context_ != nullptr ? context_->subtask_index : 0;
}

int64_t FileSinkOperator::Now() const {
  return context_ != nullptr && context_->processing_time != nullptr
             ? context_->processing_time->CurrentTimeMs()
             : 0;
}

std::string FileSinkOperator::Dir(const std::string& bucket) const {
  return bucket.empty() ? options_.path : (fs::path(options_.path) / bucket).string();
}

Status FileSinkOperator::InitializeState(runtime::StateInitializationContext& ctx) {
  if (options_.data_schema == nullptr || schema_ == nullptr ||
      options_.column_sources.size() != static_cast<size_t>(schema_->num_fields())) {
    return Status::Invalid("filesystem sink ", name_,
                           " options were not parsed for its schema (FileSystemOptions::Parse)");
  }
  if (options_.format == FileFormat::kCsv) {
    WEIR_ASSIGN_OR_RAISE(
        encoder_, formats::CsvRowEncoder::Make(options_.data_schema, options_.table_options));
  } else {
    WEIR_ASSIGN_OR_RAISE(
        encoder_, formats::JsonRowEncoder::Make(options_.data_schema, options_.table_options));
  }
  data_columns_.assign(static_cast<size_t>(options_.data_schema->num_fields()), 0);
  partition_columns_.assign(options_.partition_keys.size(), 0);
  for (size_t i = 0; i < options_.column_sources.size(); ++i) {
    const int source = options_.column_sources[i];
    if (source >= 0) {
      data_columns_[static_cast<size_t>(source)] = static_cast<int>(i);
    } else {
      partition_columns_[static_cast<size_t>(-source - 1)] = static_cast<int>(i);
    }
  }
  std::error_code ec;
  fs::create_directories(options_.path, ec);
  if (ec) {
    return Status::IOError("cannot create filesystem sink directory: ", ec.message(), ": ",
                           options_.path);
  }
  if (ctx.operator_state_backend() == nullptr) {
    return Status::Invalid("filesystem sink ", name_, " needs an operator state backend");
  }
  if (options_.commit_trigger == PartitionCommitTrigger::kPartitionTime &&
      !options_.partition_keys.empty()) {
    WEIR_ASSIGN_OR_RAISE(time_extractor_, PartitionTimeExtractor::Make(
                                              options_.partition_keys, options_.timestamp_pattern,
                                              options_.timestamp_formatter));
  }
  if (config_.overwrite && !config_.commit_on_finish) {
    return Status::NotSupported("Streaming mode not support overwrite. (filesystem sink ", name_,
                                ")");
  }
  WEIR_ASSIGN_OR_RAISE(state_, ctx.operator_state_backend()->GetUnionListState(
                                   runtime::ListStateDescriptor<std::string>(kSinkState)));
  return Restore(state_->Get(), ctx.is_restored());
}

Status FileSinkOperator::Restore(const std::vector<std::string>& entries, bool restored) {
  uuid_ = config_.uuid;
  std::vector<std::string_view> w;
  std::string_view bucket;
  const int64_t now = Now();
  // The uuid and part numbers first, then the files (commits are idempotent).
  for (const std::string& entry : entries) {
    if (entry.starts_with("U ") && config_.uuid.empty()) uuid_ = entry.substr(2);
    if (entry.starts_with("C ")) {
      int64_t next = 0;
      if (!SplitEntry(entry, 3, &w, nullptr) || !ParseI64(w[2], &next)) {
        return Status::Invalid("malformed filesystem sink state entry: '", entry, "'");
      }
      next_part_ = std::max(next_part_, next);
    }
  }
  if (uuid_.empty()) uuid_ = RandomUuid();
  bool restored_watermark = false;
  for (const std::string& entry : entries) {
    if (entry.starts_with("U ") || entry.starts_with("C ")) continue;
    const bool ok = [&] {
      int64_t sub = 0, number = 0;
      if (entry.starts_with("P ") || entry.starts_with("I ")) {
        if (!SplitEntry(entry, 5, &w, &bucket) || !ParseI64(w[1], &sub) ||
            !ParseI64(w[2], &number) || !IsPlainName(w[3]) || !IsPlainName(w[4])) {
          return false;
        }
        return true;
      }
      if (entry.starts_with("W ")) {
        return SplitEntry(entry, 3, &w, nullptr) && ParseI64(w[1], &sub) && ParseI64(w[2], &number);
      }
      if (entry.starts_with("T ")) {
        return SplitEntry(entry, 3, &w, &bucket) && ParseI64(w[1], &sub) && ParseI64(w[2], &number);
      }
      return false;
    }();
    if (!ok) return Status::Invalid("malformed filesystem sink state entry: '", entry, "'");
    if (entry[0] == 'W') {
      int64_t sub = 0, watermark = 0;
      (void)ParseI64(w[1], &sub);
      (void)ParseI64(w[2], &watermark);
      const int32_t p = context_ != nullptr ? std::max(context_->parallelism, 1) : 1;
      // The restored checkpoint completed: its watermark is the trigger's clock. After a
      // rescale a subtask takes the smallest of those it inherits (never commits early).
      if (sub % p == subtask()) {
        committed_watermark_ =
            restored_watermark ? std::min(committed_watermark_, watermark) : watermark;
        restored_watermark = true;
      }
      continue;
    }
    const std::string bucket_dir(bucket);
    if (entry[0] == 'P') {
      WEIR_RETURN_NOT_OK(Commit(bucket_dir, std::string(w[4]), std::string(w[3])));
    } else if (entry[0] == 'I') {
      int64_t valid = 0;
      (void)ParseI64(w[2], &valid);
      WEIR_RETURN_NOT_OK(
          RecoverInProgress(bucket_dir, std::string(w[4]), std::string(w[3]), valid));
    }
    if (!options_.success_file_policy || options_.partition_keys.empty()) continue;
    int64_t sub = 0;
    (void)ParseI64(w[1], &sub);
    const int32_t p = context_ != nullptr ? std::max(context_->parallelism, 1) : 1;
    if (sub % p != subtask()) continue;
    // Partitions of restored files and waiting partitions are checked at the next commit.
    int64_t seen = now;
    if (entry[0] == 'T') (void)ParseI64(w[2], &seen);
    auto [it, inserted] = waiting_partitions_.try_emplace(bucket_dir, seen);
    if (!inserted) it->second = std::min(it->second, seen);
  }
  if (restored) WEIR_RETURN_NOT_OK(DeleteStrayFiles());
  return Status::OK();
}

Status FileSinkOperator::RecoverInProgress(const std::string& bucket, const std::string& name,
                                           const std::string& final_name, int64_t valid_length) {
  const fs::path dir(Dir(bucket));
  const fs::path src = dir / name;
  std::error_code ec;
  if (!fs::exists(src, ec)) {
    if (valid_length == 0 || fs::exists(dir / final_name, ec)) return Status::OK();
    return Status::IOError("in-progress file of a completed checkpoint is lost: ", src.string());
  }
  if (valid_length == 0) {
    fs::remove(src, ec);
    return Status::OK();
  }
  // Drop what was written after the checkpoint, then make the rest visible.
  if (::truncate(src.c_str(), static_cast<off_t>(valid_length)) != 0) {
    return Status::IOError("cannot truncate in-progress file: ", std::strerror(errno), ": ",
                           src.string());
  }
  return Commit(bucket, name, final_name);
}

Status FileSinkOperator::DeleteStrayFiles() {
  const int64_t p = context_ != nullptr ? std::max(context_->parallelism, 1) : 1;
  std::error_code ec;
  std::vector<fs::path> stray;
  fs::recursive_directory_iterator it(options_.path, ec);
  for (fs::recursive_directory_iterator end; !ec && it != end; it.increment(ec)) {
    PartFileName part;
    if (!ParsePartFileName(it->path().filename().string(), uuid_, &part)) continue;
    if (part.in_progress && part.subtask % p == subtask()) stray.push_back(it->path());
    // New files never take the number of a file that exists (e.g. committed after the
    // checkpoint that is restored, when an older one is restored).
    if (part.subtask == subtask()) next_part_ = std::max(next_part_, part.number + 1);
  }
  if (ec) {
    return Status::IOError("cannot list filesystem sink directory: ", ec.message(), ": ",
                           options_.path);
  }
  for (const fs::path& path : stray) {
    fs::remove(path, ec);
    if (ec) return Status::IOError("cannot delete stray file: ", ec.message(), ": ", path.string());
  }
  return Status::OK();
}

Status FileSinkOperator::Open(runtime::OperatorContext& ctx) {
  if (encoder_ == nullptr) {
    return Status::Internal("filesystem sink ", name_, " opened without InitializeState");
  }
  if (ctx.processing_time != nullptr && ctx.post) {
    ScheduleCheck(ctx.processing_time->CurrentTimeMs() + options_.rolling_check_interval_ms);
  }
  return Status::OK();
}

void FileSinkOperator::ScheduleCheck(int64_t due_ms) {
  std::weak_ptr<FileSinkOperator*> alive = alive_;
  auto post = context_->post;
  check_timer_ = context_->processing_time->Schedule(due_ms, [alive, post](int64_t) {
    post([alive]() -> Status {
      auto self = alive.lock();
      return self != nullptr ? (*self)->OnProcessingTime() : Status::OK();
    });
  });
}

Status FileSinkOperator::OnProcessingTime() {
  const int64_t now = Now();
  std::vector<std::string> due;
  for (const auto& [bucket, f] : in_progress_) {
    if (now - f.created_ms >= options_.rollover_interval_ms ||
        now - f.last_write_ms >= options_.inactivity_interval_ms) {
      due.push_back(bucket);
    }
  }
  for (const std::string& bucket : due) WEIR_RETURN_NOT_OK(Roll(bucket));
  ScheduleCheck(now + options_.rolling_check_interval_ms);
  return Status::OK();
}

namespace {

// Returns whether rows `a` and `b` of `col` hold the same value (both NULL counts as same).
bool SameValue(const ColumnVector& col, int64_t a, int64_t b) {
  const bool null_a = col.IsNull(a);
  if (null_a != col.IsNull(b)) return false;
  if (null_a) return true;
  switch (col.type().layout()) {
    case PhysicalLayout::kVarBinary:
      return col.StringValue(a) == col.StringValue(b);
    case PhysicalLayout::kFixedWidth: {
      const int64_t width = col.type().byte_width();
      const uint8_t* values = col.buffer(1)->data();
      return std::memcmp(values + (col.offset() + a) * width, values + (col.offset() + b) * width,
                         static_cast<size_t>(width)) == 0;
    }
    default:
      return false;
  }
}

}  // namespace

Status FileSinkOperator::AppendPartitionDir(const RecordBatch& batch, int64_t row,
                                            std::string* dir) {
  for (size_t k = 0; k < partition_columns_.size(); ++k) {
    const ColumnVector& col = *batch.column(partition_columns_[k]);
    if (k > 0) *dir += '/';
    AppendEscapedPartitionValue(*dir, options_.partition_keys[k]);
    *dir += '=';
    if (col.IsNull(row)) {
      AppendEscapedPartitionValue(*dir, options_.partition_default_name);
      continue;
    }
    value_text_.clear();
    switch (col.type().id()) {
      case TypeId::kChar:
      case TypeId::kVarChar:
      case TypeId::kBoolean:
      case TypeId::kTinyInt:
      case TypeId::kSmallInt:
      case TypeId::kInt:
      case TypeId::kBigInt:
      case TypeId::kDate:
        AppendValueText(value_text_, col, row);  // the value's string form, as Flink writes it
        break;
      default:
        return Status::NotSupported("filesystem partition column type is not supported yet: ",
                                    options_.partition_keys[k], " ", col.type().ToString());
    }
    AppendEscapedPartitionValue(*dir, value_text_.empty()
                                          ? std::string_view(options_.partition_default_name)
                                          : std::string_view(value_text_));
  }
  return Status::OK();
}

Status FileSinkOperator::BucketsOf(const RecordBatch& batch,
                                   std::map<std::string, std::vector<int32_t>>* rows) {
  // Each row's directory "k1=v1/k2=v2" (null or empty: the default name). Rows mostly come
  // in runs with the same partition values (event time moves slowly): a row equal to the
  // one before it joins that row's bucket without building its directory again.
  std::vector<int32_t>* bucket = nullptr;
  for (int64_t i = 0; i < batch.num_rows(); ++i) {
    bool same = bucket != nullptr;
    for (size_t k = 0; same && k < partition_columns_.size(); ++k) {
      same = SameValue(*batch.column(partition_columns_[k]), i - 1, i);
    }
    if (!same) {
      row_dir_.clear();
      WEIR_RETURN_NOT_OK(AppendPartitionDir(batch, i, &row_dir_));
      bucket = &(*rows)[row_dir_];
    }
    bucket->push_back(static_cast<int32_t>(i));
  }
  return Status::OK();
}

Status FileSinkOperator::ProcessBatch(int /*input*/, const RecordBatchPtr& batch) {
  if (encoder_ == nullptr) {
    return Status::Internal("filesystem sink ", name_, " got rows before InitializeState");
  }
  if (batch->num_rows() == 0) return Status::OK();
  if (!batch->all_inserts()) {
    for (int64_t i = 0; i < batch->num_rows(); ++i) {
      if (batch->row_kind(i) != RowKind::kInsert) {
        return Status::NotSupported("filesystem sink ", name_,
                                    " accepts only INSERT rows (an append-only stream), got ",
                                    RowKindShortString(batch->row_kind(i)));
      }
    }
  }
  if (batch->num_columns() != static_cast<int>(options_.column_sources.size())) {
    return Status::Invalid("filesystem sink ", name_, " expects ", options_.column_sources.size(),
                           " columns, got ", batch->num_columns());
  }
  if (partition_columns_.empty()) {  // one bucket: the table directory
    encoded_.clear();
    WEIR_RETURN_NOT_OK(encoder_->Encode(*batch, nullptr, &encoded_));
    return Write("", encoded_);
  }
  std::map<std::string, std::vector<int32_t>> buckets;
  WEIR_RETURN_NOT_OK(BucketsOf(*batch, &buckets));
  WEIR_ASSIGN_OR_RAISE(RecordBatchPtr data, batch->SelectColumns(data_columns_));
  for (auto& [bucket, rows] : buckets) {
    encoded_.clear();
    if (rows.size() == static_cast<size_t>(data->num_rows())) {
      WEIR_RETURN_NOT_OK(encoder_->Encode(*data, nullptr, &encoded_));
    } else {
      const SelectionVector selection(std::move(rows));
      WEIR_RETURN_NOT_OK(encoder_->Encode(*data, &selection, &encoded_));
    }
    WEIR_RETURN_NOT_OK(Write(bucket, encoded_));
    touched_.insert(bucket);
    if (config_.overwrite) written_.insert(bucket);
  }
  return Status::OK();
}

Status FileSinkOperator::Write(const std::string& bucket, const std::string& bytes) {
  auto it = in_progress_.find(bucket);
  if (it != in_progress_.end() && it->second.size > options_.rolling_file_size) {
    WEIR_RETURN_NOT_OK(Roll(bucket));
    it = in_progress_.end();
  }
  const int64_t now = Now();
  if (it == in_progress_.end()) {
    const std::string dir = Dir(bucket);
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) return Status::IOError("cannot create partition directory: ", ec.message(), ": ", dir);
    InProgressFile f;
    f.final_name = StrCat("part-", uuid_, "-", subtask(), "-", next_part_++);
    f.name = StrCat(".", f.final_name, ".inprogress.", RandomUuid());
    const std::string path = (fs::path(dir) / f.name).string();
    f.file = std::fopen(path.c_str(), "wb");
    if (f.file == nullptr) {
      return Status::IOError("cannot create in-progress file: ", std::strerror(errno), ": ", path);
    }
    std::setvbuf(f.file, nullptr, _IOFBF, kWriteBufferBytes);
    f.created_ms = now;
    it = in_progress_.emplace(bucket, std::move(f)).first;
  }
  InProgressFile& f = it->second;
  if (std::fwrite(bytes.data(), 1, bytes.size(), f.file) != bytes.size()) {
    return Status::IOError("write to in-progress file failed: ", std::strerror(errno), ": ", f.name,
                           " in ", Dir(bucket));
  }
  f.size += static_cast<int64_t>(bytes.size());
  f.last_write_ms = now;
  return Status::OK();
}

Status FileSinkOperator::Roll(const std::string& bucket) {
  auto it = in_progress_.find(bucket);
  if (it == in_progress_.end()) return Status::OK();
  InProgressFile f = std::move(it->second);
  in_progress_.erase(it);
  const bool flushed = std::fflush(f.file) == 0 && ::fsync(::fileno(f.file)) == 0;
  const int err = errno;
  const bool closed = std::fclose(f.file) == 0;
  if (!flushed || !closed) {
    return Status::IOError("cannot close in-progress file: ", std::strerror(err), ": ", f.name,
                           " in ", Dir(bucket));
  }
  pending_.push_back(PendingFile{-1, bucket, std::move(f.name), std::move(f.final_name)});
  return Status::OK();
}

Status FileSinkOperator::RollAll() {
  std::vector<std::string> buckets;
  for (const auto& [bucket, f] : in_progress_) buckets.push_back(bucket);
  for (const std::string& bucket : buckets) WEIR_RETURN_NOT_OK(Roll(bucket));
  return Status::OK();
}

Status FileSinkOperator::SnapshotState(runtime::StateSnapshotContext& ctx) {
  if (state_ == nullptr) {
    return Status::Internal("filesystem sink ", name_, " snapshot without InitializeState");
  }
  const int64_t checkpoint = ctx.checkpoint_id().value();
  // Row formats roll at a checkpoint only when the file is over its size.
  std::vector<std::string> big;
  for (const auto& [bucket, f] : in_progress_) {
    if (f.size > options_.rolling_file_size) big.push_back(bucket);
  }
  for (const std::string& bucket : big) WEIR_RETURN_NOT_OK(Roll(bucket));

  const int32_t sub = subtask();
  std::vector<std::string> entries;
  entries.push_back(StrCat("U ", uuid_));
  entries.push_back(StrCat("C ", sub, " ", next_part_));
  for (PendingFile& p : pending_) {
    if (p.checkpoint < 0) p.checkpoint = checkpoint;
    entries.push_back(
        StrCat("P ", sub, " ", p.checkpoint, " ", p.final_name, " ", p.name, " ", p.bucket));
  }
  for (auto& [bucket, f] : in_progress_) {
    if (std::fflush(f.file) != 0 || ::fsync(::fileno(f.file)) != 0) {
      return Status::IOError("cannot flush in-progress file: ", std::strerror(errno), ": ", f.name,
                             " in ", Dir(bucket));
    }
    entries.push_back(StrCat("I ", sub, " ", f.size, " ", f.final_name, " ", f.name, " ", bucket));
  }
  for (const auto& [bucket, seen] : waiting_partitions_) {
    entries.push_back(StrCat("T ", sub, " ", seen, " ", bucket));
  }
  entries.push_back(StrCat("W ", sub, " ", watermark_));
  watermark_by_checkpoint_[checkpoint] = watermark_;
  if (!touched_.empty()) {
    touched_by_checkpoint_[checkpoint].merge(touched_);
    touched_.clear();
  }
  state_->Update(std::move(entries));
  return Status::OK();
}

Status FileSinkOperator::NotifyCheckpointComplete(runtime::CheckpointId id) {
  WEIR_RETURN_NOT_OK(CommitPending(id.value()));
  const int64_t now = Now();
  for (auto it = touched_by_checkpoint_.begin();
       it != touched_by_checkpoint_.end() && it->first <= id.value();) {
    for (const std::string& bucket : it->second) waiting_partitions_.try_emplace(bucket, now);
    it = touched_by_checkpoint_.erase(it);
  }
  for (auto it = watermark_by_checkpoint_.begin();
       it != watermark_by_checkpoint_.end() && it->first <= id.value();) {
    committed_watermark_ = std::max(committed_watermark_, it->second);
    it = watermark_by_checkpoint_.erase(it);
  }
  return CommitPartitions(/*force=*/false, committed_watermark_);
}

Status FileSinkOperator::ProcessWatermark(int input, runtime::EventTime watermark) {
  watermark_ = std::max(watermark_, watermark);
  return Operator::ProcessWatermark(input, watermark);
}

Status FileSinkOperator::CommitPending(int64_t up_to_checkpoint) {
  std::vector<PendingFile> keep;
  for (const PendingFile& p : pending_) {
    if (p.checkpoint >= 0 && p.checkpoint <= up_to_checkpoint) {
      WEIR_RETURN_NOT_OK(Commit(p.bucket, p.name, p.final_name));
    } else {
      keep.push_back(p);
    }
  }
  pending_ = std::move(keep);
  return Status::OK();
}

Status FileSinkOperator::Commit(const std::string& bucket, const std::string& name,
                                const std::string& final_name) {
  const std::string dir = Dir(bucket);
  const fs::path src = fs::path(dir) / name;
  const fs::path dst = fs::path(dir) / final_name;
  std::error_code ec;
  if (!fs::exists(src, ec)) {
    if (fs::exists(dst, ec)) return Status::OK();  // committed before (e.g. before a restore)
    return Status::IOError("pending file is lost: ", src.string());
  }
  if (fs::exists(dst, ec)) {
    if (!fs::exists(src, ec)) return Status::OK();  // another subtask committed it just now
    return Status::IOError("filesystem sink would overwrite a committed file: ", dst.string());
  }
  fs::rename(src, dst, ec);
  if (ec) {
    std::error_code ec2;
    if (!fs::exists(src, ec2) && fs::exists(dst, ec2)) return Status::OK();  // another subtask
    return Status::IOError("cannot commit pending file: ", ec.message(), ": ", src.string());
  }
  ++files_committed_;
  return SyncDirectory(dir);
}

Result<bool> FileSinkOperator::PartitionTimeDue(const std::string& bucket,
                                                runtime::EventTime watermark) const {
  if (watermark == runtime::kMaxWatermark) return true;
  if (watermark == runtime::kMinWatermark) return false;
  Result<int64_t> local = time_extractor_->ExtractFromPath(bucket);
  if (!local.ok()) {
    return Status(local.status().code(), StrCat(local.status().message(), " (partition ", bucket,
                                                " of filesystem sink ", name_, ")"));
  }
  // Flink's predicate: the watermark is strictly later than partition time + delay.
  const int64_t due =
      *local - options_.watermark_zone_offset_ms + options_.partition_commit_delay_ms;
  return watermark > due;
}

Status FileSinkOperator::CommitPartitions(bool force, runtime::EventTime watermark) {
  if (!options_.success_file_policy || options_.partition_keys.empty()) {
    waiting_partitions_.clear();
    return Status::OK();
  }
  const int64_t now = Now();
  for (auto it = waiting_partitions_.begin(); it != waiting_partitions_.end();) {
    // Flink's process-time predicate: no delay, or strictly later than first seen + delay.
    const int64_t delay = options_.partition_commit_delay_ms;
    bool due = force;
    if (!due && time_extractor_.has_value()) {
      WEIR_ASSIGN_OR_RAISE(due, PartitionTimeDue(it->first, watermark));
    } else if (!due) {
      due = delay == 0 || now > it->second + delay;
    }
    if (due) {
      WEIR_RETURN_NOT_OK(WriteSuccessFile(it->first));
      it = waiting_partitions_.erase(it);
    } else {
      ++it;
    }
  }
  return Status::OK();
}

Status FileSinkOperator::WriteSuccessFile(const std::string& bucket) {
  const std::string path = (fs::path(Dir(bucket)) / options_.success_file_name).string();
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr || std::fclose(f) != 0) {
    return Status::IOError("cannot write success file: ", std::strerror(errno), ": ", path);
  }
  ++success_files_written_;
  return Status::OK();
}

Status FileSinkOperator::EndInput(int /*input*/) {
  // Flink's committer ends with an infinite watermark: every partition becomes due.
  watermark_ = runtime::kMaxWatermark;
  return RollAll();
}

Status FileSinkOperator::Finish() {
  WEIR_RETURN_NOT_OK(RollAll());
  if (!config_.commit_on_finish) return Status::OK();  // the final checkpoint commits
  if (config_.overwrite) {
    // The old files go now, just before the new ones become visible.
    if (options_.partition_keys.empty()) {
      WEIR_RETURN_NOT_OK(DeleteOldFiles(""));
    } else {
      for (const std::string& bucket : written_) WEIR_RETURN_NOT_OK(DeleteOldFiles(bucket));
    }
  }
  for (PendingFile& p : pending_) p.checkpoint = 0;
  WEIR_RETURN_NOT_OK(CommitPending(0));
  for (auto& [checkpoint, buckets] : touched_by_checkpoint_) touched_.merge(buckets);
  touched_by_checkpoint_.clear();
  const int64_t now = Now();
  for (const std::string& bucket : touched_) waiting_partitions_.try_emplace(bucket, now);
  touched_.clear();
  return CommitPartitions(/*force=*/true, runtime::kMaxWatermark);
}

Status FileSinkOperator::DeleteOldFiles(const std::string& bucket) {
  const std::string dir = Dir(bucket);
  const std::string ours = StrCat("part-", uuid_, "-");
  std::error_code ec;
  std::vector<fs::path> old;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (IsHiddenFileName(name) || name.starts_with(ours)) continue;
    old.push_back(it->path());
  }
  if (ec && ec != std::errc::no_such_file_or_directory) {
    return Status::IOError("cannot list directory to overwrite: ", ec.message(), ": ", dir);
  }
  for (const fs::path& path : old) {
    fs::remove_all(path, ec);
    if (ec) {
      return Status::IOError("cannot delete overwritten file: ", ec.message(), ": ", path.string());
    }
  }
  return SyncDirectory(dir);
}

Status FileSinkOperator::Close() {
  if (check_timer_ != 0 && context_ != nullptr && context_->processing_time != nullptr) {
    context_->processing_time->Cancel(check_timer_);
  }
  check_timer_ = 0;
  alive_.reset();
  // In-progress files left open here are stray: a restore truncates or deletes them.
  for (auto& [bucket, f] : in_progress_) {
    if (f.file != nullptr) std::fclose(f.file);
    f.file = nullptr;
  }
  in_progress_.clear();
  return Status::OK();
}

}  // namespace weir::connectors
