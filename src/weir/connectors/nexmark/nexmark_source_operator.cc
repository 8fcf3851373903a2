// NexmarkSourceOperator: split ownership and positions in list state, pacing, end of input.
#include "weir/connectors/nexmark/nexmark_source_operator.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <utility>

#include "weir/common/str_cat.h"
#include "weir/runtime/operators/operator_context.h"
#include "weir/runtime/state/state_context.h"
#include "weir/runtime/state/state_descriptor.h"

namespace weir::connectors {

namespace {

// One entry per split: "nexmark-v1 <index> <num_splits> <first_event_id> <max_events>
// <emitted> <w0_ms> <base_time_ms> <seed>"; redistributed round-robin on restore.
constexpr char kSplitState[] = "nexmark-source-splits";
// One entry per subtask, "<num_splits>", restored by every subtask (union): tells a subtask
// that got no split that the checkpoint held this source's state.
constexpr char kLayoutState[] = "nexmark-source-layout";
constexpr std::string_view kEntryPrefix = "nexmark-v1 ";
constexpr int64_t kMaxBatchBytes = int64_t{64} << 20;

template <typename T>
bool ParseNumber(std::string_view& text, T* out) {
  auto [next, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
  if (ec != std::errc() || next == text.data()) return false;
  text.remove_prefix(static_cast<size_t>(next - text.data()));
  if (!text.empty()) {
    if (text.front() != ' ') return false;
    text.remove_prefix(1);
  }
  return true;
}

}  // namespace

namespace {

// Returns the one-entry paths of whole columns.
std::optional<std::vector<std::vector<int32_t>>> WholeColumnPaths(
    const std::optional<std::vector<int32_t>>& projection) {
  if (!projection.has_value()) return std::nullopt;
  std::vector<std::vector<int32_t>> paths;
  paths.reserve(projection->size());
  for (int32_t column : *projection) paths.push_back({column});
  return paths;
}

}  // namespace

NexmarkSourceOperator::NexmarkSourceOperator(NexmarkGeneratorConfig config,
                                             std::optional<std::vector<int32_t>> projection,
                                             NexmarkSourceConfig source_config, std::string name)
    : NexmarkSourceOperator(std::move(config), WholeColumnPaths(projection), source_config,
                            std::move(name)) {}

NexmarkSourceOperator::NexmarkSourceOperator(NexmarkGeneratorConfig config,
                                             std::optional<std::vector<std::vector<int32_t>>> paths,
                                             NexmarkSourceConfig source_config, std::string name)
    : config_(std::move(config)),
      paths_(std::move(paths)),
      source_config_(source_config),
      name_(std::move(name)) {}

NexmarkSourceOperator::~NexmarkSourceOperator() = default;

Status NexmarkSourceOperator::MakeGenerator(int64_t base_time_ms, uint64_t seed) {
  if (source_config_.batch_size <= 0) {
    return Status::Invalid("nexmark source ", name_, " needs a positive batch size, got ",
                           source_config_.batch_size);
  }
  if (generator_ != nullptr && generator_->config().base_time_ms == base_time_ms &&
      generator_->config().seed == seed) {
    return Status::OK();
  }
  NexmarkGeneratorConfig config = config_;
  config.base_time_ms = base_time_ms;
  config.seed = seed;
  WEIR_ASSIGN_OR_RAISE(generator_, NexmarkGenerator::Make(std::move(config), paths_));
  return Status::OK();
}

void NexmarkSourceOperator::AssignFreshSplits(int32_t subtask, int32_t parallelism) {
  splits_.clear();
  const std::vector<NexmarkSplit> all = MakeNexmarkSplits(
      config_.options.max_events(), config_.options.stop_at, std::max(parallelism, 1));
  if (subtask >= 0 && subtask < static_cast<int32_t>(all.size())) {
    splits_.push_back(SplitState{all[subtask]});
  }
  assigned_ = true;
}

std::string NexmarkSourceOperator::EncodeSplit(const SplitState& s) const {
  return StrCat(kEntryPrefix, s.split.index, " ", s.split.num_splits, " ", s.split.first_event_id,
                " ", s.split.max_events, " ", s.emitted, " ", s.w0_ms, " ",
                generator_->config().base_time_ms, " ", generator_->config().seed);
}

Status NexmarkSourceOperator::RestoreSplits(const std::vector<std::string>& entries) {
  splits_.clear();
  bool have_origin = false;
  int64_t base_time = 0;
  uint64_t seed = 0;
  for (const std::string& entry : entries) {
    std::string_view text = entry;
    SplitState s;
    int64_t entry_base = 0;
    uint64_t entry_seed = 0;
    const bool ok =
        text.starts_with(kEntryPrefix) && (text.remove_prefix(kEntryPrefix.size()), true) &&
        ParseNumber(text, &s.split.index) && ParseNumber(text, &s.split.num_splits) &&
        ParseNumber(text, &s.split.first_event_id) && ParseNumber(text, &s.split.max_events) &&
        ParseNumber(text, &s.emitted) && ParseNumber(text, &s.w0_ms) &&
        ParseNumber(text, &entry_base) && ParseNumber(text, &entry_seed) && text.empty();
    if (!ok || s.split.num_splits <= 0 || s.split.index < 0 ||
        s.split.index >= s.split.num_splits || s.split.max_events < 0 || s.emitted < 0 ||
        s.emitted > s.split.max_events) {
      return Status::Invalid("nexmark source ", name_, " restored a malformed split entry '", entry,
                             "'");
    }
    if (have_origin && (entry_base != base_time || entry_seed != seed)) {
      return Status::Invalid("nexmark source ", name_,
                             " restored splits with different base times or seeds");
    }
    have_origin = true;
    base_time = entry_base;
    seed = entry_seed;
    // stop-at is the current job's: the budget is cut again over the recorded splits.
    const int64_t stop_at = config_.options.stop_at;
    if (stop_at >= 0) {
      const int64_t share = stop_at / s.split.num_splits;
      s.split.stop = s.split.index == s.split.num_splits - 1
                         ? stop_at - (s.split.num_splits - 1) * share
                         : share;
    }
    splits_.push_back(s);
  }
  std::sort(splits_.begin(), splits_.end(),
            [](const SplitState& a, const SplitState& b) { return a.split.index < b.split.index; });
  for (size_t i = 1; i < splits_.size(); ++i) {
    if (splits_[i].split.index == splits_[i - 1].split.index) {
      return Status::Invalid("nexmark source ", name_, " restored split ", splits_[i].split.index,
                             " twice");
    }
  }
  if (have_origin) WEIR_RETURN_NOT_OK(MakeGenerator(base_time, seed));
  assigned_ = true;
  return Status::OK();
}

Status NexmarkSourceOperator::InitializeState(runtime::StateInitializationContext& ctx) {
  WEIR_RETURN_NOT_OK(MakeGenerator(config_.base_time_ms, config_.seed));
  if (ctx.operator_state_backend() == nullptr) {
    return Status::Invalid("nexmark source ", name_, " needs an operator state backend");
  }
  WEIR_ASSIGN_OR_RAISE(split_state_, ctx.operator_state_backend()->GetListState(
                                         runtime::ListStateDescriptor<std::string>(kSplitState)));
  runtime::OperatorListState<std::string>* layout = nullptr;
  WEIR_ASSIGN_OR_RAISE(layout, ctx.operator_state_backend()->GetUnionListState(
                                   runtime::ListStateDescriptor<std::string>(kLayoutState)));
  const int32_t subtask = context_ != nullptr ? context_->subtask_index : 0;
  const int32_t parallelism = context_ != nullptr ? context_->parallelism : 1;
  if (layout->Get().empty() && split_state_->Get().empty()) {
    AssignFreshSplits(subtask, parallelism);
    layout->Update({std::to_string(std::max(parallelism, 1))});
  } else {
    WEIR_RETURN_NOT_OK(RestoreSplits(split_state_->Get()));
    const std::string recorded = layout->Get().empty() ? "" : layout->Get().front();
    layout->Update({recorded});
  }
  return Status::OK();
}

Status NexmarkSourceOperator::Open(runtime::OperatorContext& ctx) {
  if (generator_ == nullptr) WEIR_RETURN_NOT_OK(MakeGenerator(config_.base_time_ms, config_.seed));
  if (!assigned_) AssignFreshSplits(ctx.subtask_index, ctx.parallelism);  // stateless use
  // Huge avg-size options make huge `extra` strings: keep a batch near kMaxBatchBytes.
  const NexmarkOptions& o = config_.options;
  const int64_t max_size =
      std::max<int64_t>({o.person_avg_size, o.auction_avg_size, o.bid_avg_size, int64_t{1}});
  batch_rows_ = std::clamp<int64_t>(kMaxBatchBytes / (2 * max_size), 1, source_config_.batch_size);
  if (!config_.options.max_emit_speed && (ctx.processing_time == nullptr || !ctx.wake)) {
    return Status::Invalid("nexmark source ", name_,
                           " paces to the wall clock (max-emit-speed = false) but has no "
                           "processing-time service or wake");
  }
  return Status::OK();
}

Status NexmarkSourceOperator::ProcessBatch(int input, const RecordBatchPtr& /*batch*/) {
  return Status::Internal("source ", name_, " has no input ", input);
}

int64_t NexmarkSourceOperator::DueEvents(const SplitState& s, int64_t now) const {
  const int64_t elapsed = now - s.w0_ms;
  if (elapsed < 0) return 0;
  // The event numbers n with ts(n) − base <= elapsed form a prefix 1..due; estimate `due`
  // from the rate and correct it with the exact formula.
  const int64_t base = generator_->config().base_time_ms;
  const double delay_us = (1000000.0 / static_cast<double>(config_.options.first_event_rate)) *
                          static_cast<double>(generator_->config().num_generators);
  const double estimate = std::floor(static_cast<double>(elapsed + 1) * 1000.0 / delay_us);
  const int64_t limit = s.split.limit();
  int64_t due = estimate >= static_cast<double>(limit) ? limit : static_cast<int64_t>(estimate);
  while (due > 0 && generator_->Timestamp(due) - base > elapsed) --due;
  while (due < limit && generator_->Timestamp(due + 1) - base <= elapsed) ++due;
  return std::max<int64_t>(due - s.emitted, 0);
}

Result<runtime::SourcePoll> NexmarkSourceOperator::PollNext() {
  if (context_ == nullptr || context_->output == nullptr || generator_ == nullptr) {
    return Status::Internal("nexmark source ", name_, " polled before Open");
  }
  // The least advanced unfinished split.
  SplitState* next = nullptr;
  for (SplitState& s : splits_) {
    if (!s.done() && (next == nullptr || s.emitted < next->emitted)) next = &s;
  }
  if (next == nullptr) {
    // keep-alive: idle for ever (checkpoints still run); the job never finishes.
    return config_.options.keep_alive ? runtime::SourcePoll::kNothingAvailable
                                      : runtime::SourcePoll::kEndOfInput;
  }
  int64_t rows = std::min(batch_rows_, next->split.limit() - next->emitted);
  if (!config_.options.max_emit_speed) {
    const int64_t now = context_->processing_time->CurrentTimeMs();
    if (next->w0_ms < 0) next->w0_ms = now;
    const int64_t due = DueEvents(*next, now);
    if (due == 0) {
      if (wake_timer_ == 0) {
        const int64_t at = next->w0_ms + (generator_->Timestamp(next->emitted + 1) -
                                          generator_->config().base_time_ms);
        std::function<void()> wake = context_->wake;
        wake_timer_ =
            context_->processing_time->Schedule(at, [wake](int64_t /*deadline*/) { wake(); });
      }
      return runtime::SourcePoll::kNothingAvailable;
    }
    rows = std::min(rows, due);
    CancelWakeUp();
  } else if (next->w0_ms < 0 && context_->processing_time != nullptr) {
    next->w0_ms = context_->processing_time->CurrentTimeMs();
  }
  WEIR_ASSIGN_OR_RAISE(RecordBatchPtr batch, generator_->Generate(next->split, next->emitted, rows,
                                                                  context_->memory_pool));
  next->emitted += rows;
  WEIR_RETURN_NOT_OK(context_->output->Emit(std::move(batch)));
  const bool all_done =
      std::all_of(splits_.begin(), splits_.end(), [](const SplitState& s) { return s.done(); });
  if (all_done && !config_.options.keep_alive) return runtime::SourcePoll::kEndOfInput;
  return all_done ? runtime::SourcePoll::kNothingAvailable : runtime::SourcePoll::kMoreAvailable;
}

Status NexmarkSourceOperator::SnapshotState(runtime::StateSnapshotContext& /*ctx*/) {
  if (split_state_ == nullptr) {
    return Status::Internal("nexmark source ", name_, " snapshot without InitializeState");
  }
  std::vector<std::string> entries;
  entries.reserve(splits_.size());
  for (const SplitState& s : splits_) entries.push_back(EncodeSplit(s));
  split_state_->Update(std::move(entries));
  return Status::OK();
}

Status NexmarkSourceOperator::Close() {
  CancelWakeUp();
  return Status::OK();
}

void NexmarkSourceOperator::CancelWakeUp() {
  if (wake_timer_ != 0 && context_ != nullptr && context_->processing_time != nullptr) {
    context_->processing_time->Cancel(wake_timer_);
  }
  wake_timer_ = 0;
}

}  // namespace weir::connectors
