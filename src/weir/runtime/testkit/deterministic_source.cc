// DeterministicSource: numbered rows per subtask, position in list state, optional rate limit.
#include "weir/runtime/testkit/deterministic_source.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <utility>
#include <vector>

#include "weir/common/batch/column_builder.h"
#include "weir/common/str_cat.h"
#include "weir/runtime/operators/operator_context.h"
#include "weir/runtime/state/state_context.h"
#include "weir/runtime/state/state_descriptor.h"

namespace weir::runtime::testkit {

namespace {

constexpr char kPositionState[] = "deterministic-source-position";

// Parses "subtask parallelism next" (the position state entry).
bool ParsePosition(const std::string& entry, int64_t out[3]) {
  const char* p = entry.data();
  const char* end = entry.data() + entry.size();
  for (int i = 0; i < 3; ++i) {
    while (p < end && *p == ' ') ++p;
    auto [next, ec] = std::from_chars(p, end, out[i]);
    if (ec != std::errc() || next == p) return false;
    p = next;
  }
  return p == end;
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

Status DeterministicSource::InitializeState(StateInitializationContext& ctx) {
  if (ctx.operator_state_backend() == nullptr) {
    return Status::Invalid("DeterministicSource ", name_, " needs an operator state backend");
  }
  WEIR_ASSIGN_OR_RAISE(position_state_, ctx.operator_state_backend()->GetListState(
                                            ListStateDescriptor<std::string>(kPositionState)));
  const int32_t subtask = context_ != nullptr ? context_->subtask_index : 0;
  const int32_t parallelism = context_ != nullptr ? context_->parallelism : 1;
  next_ = subtask;
  const std::vector<std::string>& entries = position_state_->Get();
  if (entries.empty()) return Status::OK();
  if (entries.size() != 1) {
    return Status::NotSupported("DeterministicSource ", name_, " restored ", entries.size(),
                                " positions at subtask ", subtask,
                                "; it restores only at an unchanged parallelism");
  }
  int64_t pos[3];
  if (!ParsePosition(entries[0], pos)) {
    return Status::Invalid("DeterministicSource ", name_, " restored a malformed position '",
                           entries[0], "'");
  }
  if (pos[0] != subtask || pos[1] != parallelism || pos[2] < subtask ||
      (pos[2] - subtask) % parallelism != 0) {
    return Status::NotSupported("DeterministicSource ", name_, " restored position '", entries[0],
                                "' (subtask parallelism next) at subtask ", subtask, " of ",
                                parallelism, "; it restores only at an unchanged parallelism");
  }
  next_ = pos[2];
  return Status::OK();
}

Status DeterministicSource::Open(OperatorContext& ctx) {
  if (options_.num_keys <= 0 || options_.batch_size <= 0) {
    return Status::Invalid("DeterministicSource ", name_,
                           " needs num_keys and batch_size > 0, got ", options_.num_keys, " and ",
                           options_.batch_size);
  }
  if (next_ < 0) next_ = ctx.subtask_index;  // no InitializeState (stateless use)
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

Result<RecordBatchPtr> DeterministicSource::MakeBatch(int64_t rows) {
  const int64_t step = context_->parallelism;
  FixedWidthBuilder<int64_t> keys(LogicalType::BigInt(false), context_->memory_pool);
  FixedWidthBuilder<int64_t> values(LogicalType::BigInt(false), context_->memory_pool);
  FixedWidthBuilder<int64_t> times(LogicalType::BigInt(false), context_->memory_pool);
  WEIR_RETURN_NOT_OK(keys.Reserve(rows));
  WEIR_RETURN_NOT_OK(values.Reserve(rows));
  if (options_.event_time) WEIR_RETURN_NOT_OK(times.Reserve(rows));
  int64_t i = next_;
  for (int64_t r = 0; r < rows; ++r, i += step) {
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
    max_timestamp_ = options_.event_time_base + (i - step);
  }
  next_ = i;
  return RecordBatch::Make(schema_, std::move(columns));
}

Result<SourcePoll> DeterministicSource::PollNext() {
  if (context_ == nullptr || context_->output == nullptr) {
    return Status::Internal("DeterministicSource ", name_, " polled before Open");
  }
  if (Exhausted()) return SourcePoll::kEndOfInput;
  const int64_t step = context_->parallelism;
  int64_t rows = options_.batch_size;
  if (options_.num_records >= 0) {
    rows = std::min(rows, (options_.num_records - next_ + step - 1) / step);
  }
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
    const EventTime watermark = max_timestamp_ - 1;
    if (watermark > output_watermark_) {
      output_watermark_ = watermark;
      WEIR_RETURN_NOT_OK(context_->output->EmitWatermark(watermark));
    }
  }
  return Exhausted() ? SourcePoll::kEndOfInput : SourcePoll::kMoreAvailable;
}

Status DeterministicSource::SnapshotState(StateSnapshotContext& /*ctx*/) {
  if (position_state_ == nullptr) {
    return Status::Internal("DeterministicSource ", name_, " snapshot without InitializeState");
  }
  position_state_->Update(
      {StrCat(context_->subtask_index, " ", context_->parallelism, " ", next_)});
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
