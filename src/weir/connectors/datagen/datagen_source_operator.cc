// DatagenSourceOperator: rate limiting, end of input and generator position in list state.
#include "weir/connectors/datagen/datagen_source_operator.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "weir/common/str_cat.h"
#include "weir/runtime/operators/operator_context.h"
#include "weir/runtime/state/state_context.h"
#include "weir/runtime/state/state_descriptor.h"

namespace weir::connectors {

namespace {
// One entry per subtask (its generator state), restored by every subtask (union).
constexpr char kPositionState[] = "datagen-source-position";
}  // namespace

DatagenSourceOperator::DatagenSourceOperator(SchemaPtr schema, DatagenOptions options,
                                             DatagenSourceConfig config, std::string name)
    : schema_(std::move(schema)),
      options_(std::move(options)),
      config_(std::move(config)),
      name_(std::move(name)) {}

DatagenSourceOperator::~DatagenSourceOperator() = default;

double DatagenSourceOperator::SubtaskRate(int64_t rows_per_second, int32_t parallelism) {
  return static_cast<double>(rows_per_second) / std::max(parallelism, 1);
}

Status DatagenSourceOperator::MakeGenerator() {
  if (config_.batch_size <= 0) {
    return Status::Invalid("datagen source ", name_, " needs a positive batch size, got ",
                           config_.batch_size);
  }
  DatagenGeneratorConfig gen;
  gen.subtask = context_ != nullptr ? context_->subtask_index : 0;
  gen.parallelism = context_ != nullptr ? context_->parallelism : 1;
  gen.seed = config_.seed;
  gen.clock = config_.clock;
  gen.pool = context_ != nullptr ? context_->memory_pool : nullptr;
  gen.projected_fields = config_.projected_fields;
  WEIR_ASSIGN_OR_RAISE(generator_, DatagenGenerator::Make(schema_, options_, std::move(gen)));
  return Status::OK();
}

Status DatagenSourceOperator::InitializeState(runtime::StateInitializationContext& ctx) {
  WEIR_RETURN_NOT_OK(MakeGenerator());
  if (ctx.operator_state_backend() == nullptr) return Status::OK();
  WEIR_ASSIGN_OR_RAISE(position_state_,
                       ctx.operator_state_backend()->GetUnionListState(
                           runtime::ListStateDescriptor<std::string>(kPositionState)));
  const std::vector<std::string>& entries = position_state_->Get();
  if (entries.empty()) return Status::OK();
  const int32_t subtask = context_ != nullptr ? context_->subtask_index : 0;
  const int32_t parallelism = context_ != nullptr ? context_->parallelism : 1;
  // The entries start "datagen-v1 <subtask> <parallelism> ".
  const std::string own = StrCat("datagen-v1 ", subtask, " ", parallelism, " ");
  for (const std::string& entry : entries) {
    if (entry.starts_with(own)) return generator_->RestoreState(entry);
  }
  // Not ours: restoring it reports the parallelism (or malformed state) it came from.
  return generator_->RestoreState(entries.front());
}

Status DatagenSourceOperator::Open(runtime::OperatorContext& ctx) {
  if (generator_ == nullptr) WEIR_RETURN_NOT_OK(MakeGenerator());  // stateless use
  rate_ = SubtaskRate(options_.rows_per_second, ctx.parallelism);
  if (ctx.processing_time == nullptr || !ctx.wake) {
    return Status::Invalid("datagen source ", name_,
                           " is rate limited but has no processing-time service or wake");
  }
  rate_start_ms_ = ctx.processing_time->CurrentTimeMs();
  return Status::OK();
}

Status DatagenSourceOperator::ProcessBatch(int input, const RecordBatchPtr& /*batch*/) {
  return Status::Internal("source ", name_, " has no input ", input);
}

Result<runtime::SourcePoll> DatagenSourceOperator::PollNext() {
  if (context_ == nullptr || context_->output == nullptr || generator_ == nullptr) {
    return Status::Internal("datagen source ", name_, " polled before Open");
  }
  if (generator_->exhausted()) return runtime::SourcePoll::kEndOfInput;
  int64_t rows = std::min<int64_t>(config_.batch_size, generator_->remaining());
  const int64_t now = context_->processing_time->CurrentTimeMs();
  const double allowed_d = std::floor(static_cast<double>(now - rate_start_ms_) * rate_ / 1000.0);
  const int64_t allowed = allowed_d >= 9e18 ? INT64_MAX : static_cast<int64_t>(allowed_d);
  if (allowed <= emitted_) {
    if (wake_timer_ == 0) {
      const auto due =
          rate_start_ms_ +
          static_cast<int64_t>(std::ceil(static_cast<double>(emitted_ + 1) * 1000.0 / rate_));
      std::function<void()> wake = context_->wake;
      wake_timer_ =
          context_->processing_time->Schedule(due, [wake](int64_t /*deadline*/) { wake(); });
    }
    return runtime::SourcePoll::kNothingAvailable;
  }
  rows = std::min(rows, allowed - emitted_);
  CancelWakeUp();
  WEIR_ASSIGN_OR_RAISE(RecordBatchPtr batch, generator_->Next(rows));
  emitted_ += batch->num_rows();
  WEIR_RETURN_NOT_OK(context_->output->Emit(std::move(batch)));
  return generator_->exhausted() ? runtime::SourcePoll::kEndOfInput
                                 : runtime::SourcePoll::kMoreAvailable;
}

Status DatagenSourceOperator::SnapshotState(runtime::StateSnapshotContext& /*ctx*/) {
  if (position_state_ == nullptr || generator_ == nullptr) {
    return Status::Internal("datagen source ", name_, " snapshot without operator state");
  }
  position_state_->Update({generator_->SaveState()});
  return Status::OK();
}

Status DatagenSourceOperator::Close() {
  CancelWakeUp();
  return Status::OK();
}

void DatagenSourceOperator::CancelWakeUp() {
  if (wake_timer_ != 0 && context_ != nullptr && context_->processing_time != nullptr) {
    context_->processing_time->Cancel(wake_timer_);
  }
  wake_timer_ = 0;
}

}  // namespace weir::connectors
