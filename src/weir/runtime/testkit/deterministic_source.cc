// DeterministicSource: numbered rows cut into splits, split positions in list state, optional
// rate limit.
#include "weir/runtime/testkit/deterministic_source.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <utility>
#include <vector>

#include "weir/common/batch/column_builder.h"
#include "weir/common/str_cat.h"
#include "weir/runtime/operators/operator_context.h"
#include "weir/runtime/state/state_context.h"
#include "weir/runtime/state/state_descriptor.h"

namespace weir::runtime::testkit {

namespace {

// One entry per owned split, "<split>/<num_splits> <next>", redistributed round-robin.
constexpr char kPositionState[] = "deterministic-source-splits";
// One entry per subtask, "<num_splits>", restored by every subtask (union): tells a subtask
// that the checkpoint held this source's state even when it got no split.
constexpr char kLayoutState[] = "deterministic-source-layout";

// Parses the decimal integer at p..end and moves p past it.
bool ParseInt(const char*& p, const char* end, int64_t* out) {
  auto [next, ec] = std::from_chars(p, end, *out);
  if (ec != std::errc() || next == p) return false;
  p = next;
  return true;
}

// Parses a position entry "<split>/<num_splits> <next>".
bool ParsePosition(const std::string& entry, int64_t* split, int64_t* num_splits, int64_t* next) {
  const char* p = entry.data();
  const char* end = entry.data() + entry.size();
  if (!ParseInt(p, end, split) || p == end || *p++ != '/') return false;
  if (!ParseInt(p, end, num_splits) || p == end || *p++ != ' ') return false;
  return ParseInt(p, end, next) && p == end;
}

}  // namespace

DeterministicSource::DeterministicSource(DeterministicSourceOptions options, std::string name)
    : options_(options), name_(std::move(name)), schema_(OutputSchema(options.event_time)) {}

DeterministicSource::~DeterministicSource() = default;

SchemaPtr DeterministicSource::OutputSchema(bool event_time) {
  std::vector<Field> fields = {Field("key", LogicalType::BigInt(false)),
                               Field("value", LogicalType::BigInt(false))};
  if (event_time) fields.emplace_back("ts", LogicalType::BigInt(false));
  return std::make_shared<const Schema>(std::move(fields));
}

Status DeterministicSource::CheckOptions() const {
  if (options_.num_keys <= 0 || options_.batch_size <= 0 || options_.num_splits <= 0) {
    return Status::Invalid(
        "DeterministicSource ", name_, " needs num_keys, batch_size and num_splits > 0, got ",
        options_.num_keys, ", ", options_.batch_size, " and ", options_.num_splits);
  }
  return Status::OK();
}

void DeterministicSource::AssignFreshSplits(int32_t subtask, int32_t parallelism) {
  splits_.clear();
  for (int32_t k = subtask; k < options_.num_splits; k += std::max(parallelism, 1)) {
    splits_.push_back(Split{k, k});
  }
  assigned_ = true;
}

Status DeterministicSource::InitializeState(StateInitializationContext& ctx) {
  WEIR_RETURN_NOT_OK(CheckOptions());
  if (ctx.operator_state_backend() == nullptr) {
    return Status::Invalid("DeterministicSource ", name_, " needs an operator state backend");
  }
  WEIR_ASSIGN_OR_RAISE(position_state_, ctx.operator_state_backend()->GetListState(
                                            ListStateDescriptor<std::string>(kPositionState)));
  OperatorListState<std::string>* layout = nullptr;
  WEIR_ASSIGN_OR_RAISE(layout, ctx.operator_state_backend()->GetUnionListState(
                                   ListStateDescriptor<std::string>(kLayoutState)));
  const int32_t subtask = context_ != nullptr ? context_->subtask_index : 0;
  const int32_t parallelism = context_ != nullptr ? context_->parallelism : 1;
  const std::vector<std::string>& entries = position_state_->Get();
  if (layout->Get().empty() && entries.empty()) {
    AssignFreshSplits(subtask, parallelism);  // a fresh start, or a checkpoint without us
  } else {
    for (const std::string& recorded : layout->Get()) {
      if (recorded != std::to_string(options_.num_splits)) {
        return Status::NotSupported("DeterministicSource ", name_, " restored state of '", recorded,
                                    "' splits but is configured with ", options_.num_splits,
                                    "; the number of splits is fixed");
      }
    }
    splits_.clear();
    for (const std::string& entry : entries) {
      int64_t split = 0;
      int64_t num_splits = 0;
      int64_t next = 0;
      if (!ParsePosition(entry, &split, &num_splits, &next)) {
        return Status::Invalid("DeterministicSource ", name_,
                               " restored a malformed split position '", entry,
                               "' (expected '<split>/<num_splits> <next>')");
      }
      if (num_splits != options_.num_splits) {
        return Status::NotSupported("DeterministicSource ", name_, " restored split position '",
                                    entry, "' of ", num_splits, " splits but is configured with ",
                                    options_.num_splits, "; the number of splits is fixed");
      }
      if (split < 0 || split >= num_splits || next < split || (next - split) % num_splits != 0) {
        return Status::Invalid("DeterministicSource ", name_, " restored an inconsistent split ",
                               "position '", entry, "'");
      }
      splits_.push_back(Split{static_cast<int32_t>(split), next});
    }
    std::sort(splits_.begin(), splits_.end(),
              [](const Split& a, const Split& b) { return a.id < b.id; });
    for (size_t i = 1; i < splits_.size(); ++i) {
      if (splits_[i].id == splits_[i - 1].id) {
        return Status::Invalid("DeterministicSource ", name_, " restored split ", splits_[i].id,
                               " twice at subtask ", subtask);
      }
    }
    assigned_ = true;
  }
  // Written once: the layout entry never changes during the job.
  layout->Update({std::to_string(options_.num_splits)});
  return Status::OK();
}

Status DeterministicSource::Open(OperatorContext& ctx) {
  WEIR_RETURN_NOT_OK(CheckOptions());
  if (!assigned_) AssignFreshSplits(ctx.subtask_index, ctx.parallelism);  // stateless use
  if (options_.records_per_second > 0) {
    if (ctx.processing_time == nullptr || !ctx.wake) {
      return Status::Invalid("DeterministicSource ", name_,
                             " is rate limited but has no processing-time service or wake");
    }
    rate_start_ms_ = ctx.processing_time->CurrentTimeMs();
  }
  return Status::OK();
}

Status DeterministicSource::ProcessBatch(int input, const RecordBatchPtr& /*batch*/) {
  return Status::Internal("source ", name_, " has no input ", input);
}

bool DeterministicSource::Exhausted() const {
  return std::all_of(splits_.begin(), splits_.end(),
                     [this](const Split& split) { return SplitDone(split); });
}

int64_t DeterministicSource::Remaining() const {
  if (options_.num_records < 0) return splits_.empty() ? 0 : std::numeric_limits<int64_t>::max();
  int64_t total = 0;
  for (const Split& split : splits_) {
    if (!SplitDone(split)) {
      total += (options_.num_records - split.next + options_.num_splits - 1) / options_.num_splits;
    }
  }
  return total;
}

Result<RecordBatchPtr> DeterministicSource::MakeBatch(int64_t rows) {
  const int64_t step = options_.num_splits;
  FixedWidthBuilder<int64_t> keys(LogicalType::BigInt(false), context_->memory_pool);
  FixedWidthBuilder<int64_t> values(LogicalType::BigInt(false), context_->memory_pool);
  FixedWidthBuilder<int64_t> times(LogicalType::BigInt(false), context_->memory_pool);
  WEIR_RETURN_NOT_OK(keys.Reserve(rows));
  WEIR_RETURN_NOT_OK(values.Reserve(rows));
  if (options_.event_time) WEIR_RETURN_NOT_OK(times.Reserve(rows));
  const size_t num_splits = splits_.size();
  for (int64_t r = 0; r < rows; ++r) {
    // The unfinished split with the smallest next index (rows <= Remaining() keeps one).
    size_t pick = num_splits;
    for (size_t j = 0; j < num_splits; ++j) {
      if (SplitDone(splits_[j])) continue;
      if (pick == num_splits || splits_[j].next < splits_[pick].next) pick = j;
    }
    WEIR_DCHECK_LT(pick, num_splits);
    const int64_t i = splits_[pick].next;
    splits_[pick].next += step;
    keys.UnsafeAppend(i % options_.num_keys);
    values.UnsafeAppend(i);
    if (options_.event_time) times.UnsafeAppend(options_.event_time_base + i);
  }
  std::vector<ColumnPtr> columns;
  WEIR_ASSIGN_OR_RAISE(ColumnPtr key_col, keys.Finish());
  WEIR_ASSIGN_OR_RAISE(ColumnPtr value_col, values.Finish());
  columns.push_back(std::move(key_col));
  columns.push_back(std::move(value_col));
  if (options_.event_time) {
    WEIR_ASSIGN_OR_RAISE(ColumnPtr time_col, times.Finish());
    columns.push_back(std::move(time_col));
  }
  return RecordBatch::Make(schema_, std::move(columns));
}

Result<SourcePoll> DeterministicSource::PollNext() {
  if (context_ == nullptr || context_->output == nullptr) {
    return Status::Internal("DeterministicSource ", name_, " polled before Open");
  }
  if (Exhausted()) return SourcePoll::kEndOfInput;
  int64_t rows = std::min<int64_t>(options_.batch_size, Remaining());
  if (options_.records_per_second > 0) {
    const int64_t now = context_->processing_time->CurrentTimeMs();
    const auto allowed = static_cast<int64_t>(std::floor(static_cast<double>(now - rate_start_ms_) *
                                                         options_.records_per_second / 1000.0));
    if (allowed <= emitted_) {
      if (wake_timer_ == 0) {
        const auto due =
            rate_start_ms_ + static_cast<int64_t>(std::ceil(static_cast<double>(emitted_ + 1) *
                                                            1000.0 / options_.records_per_second));
        std::function<void()> wake = context_->wake;
        wake_timer_ =
            context_->processing_time->Schedule(due, [wake](int64_t /*deadline*/) { wake(); });
      }
      return SourcePoll::kNothingAvailable;
    }
    rows = std::min(rows, allowed - emitted_);
  }
  CancelWakeUp();  // a fired wake-up, or one made moot by a clock that moved on
  WEIR_ASSIGN_OR_RAISE(RecordBatchPtr batch, MakeBatch(rows));
  emitted_ += rows;
  WEIR_RETURN_NOT_OK(context_->output->Emit(std::move(batch)));
  if (options_.event_time) {
    // No owned split emits a timestamp below its next index's: the watermark is the smallest
    // of those minus one, over the splits that still have records.
    int64_t min_next = std::numeric_limits<int64_t>::max();
    for (const Split& split : splits_) {
      if (!SplitDone(split)) min_next = std::min(min_next, split.next);
    }
    if (min_next != std::numeric_limits<int64_t>::max()) {
      const EventTime watermark = options_.event_time_base + min_next - 1;
      if (watermark > output_watermark_) {
        output_watermark_ = watermark;
        WEIR_RETURN_NOT_OK(context_->output->EmitWatermark(watermark));
      }
    }
  }
  return Exhausted() ? SourcePoll::kEndOfInput : SourcePoll::kMoreAvailable;
}

Status DeterministicSource::SnapshotState(StateSnapshotContext& /*ctx*/) {
  if (position_state_ == nullptr) {
    return Status::Internal("DeterministicSource ", name_, " snapshot without InitializeState");
  }
  std::vector<std::string> entries;
  entries.reserve(splits_.size());
  for (const Split& split : splits_) {
    entries.push_back(StrCat(split.id, "/", options_.num_splits, " ", split.next));
  }
  position_state_->Update(std::move(entries));
  return Status::OK();
}

Status DeterministicSource::Close() {
  CancelWakeUp();
  return Status::OK();
}

void DeterministicSource::CancelWakeUp() {
  if (wake_timer_ != 0 && context_ != nullptr && context_->processing_time != nullptr) {
    context_->processing_time->Cancel(wake_timer_);
  }
  wake_timer_ = 0;
}

}  // namespace weir::runtime::testkit
