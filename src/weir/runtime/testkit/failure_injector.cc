// FailureInjector: triggers, a deterministic generator and the shared failure budget.
#include "weir/runtime/testkit/failure_injector.h"

#include <utility>

#include "weir/runtime/operators/operator_context.h"
#include "weir/runtime/state/state_context.h"

namespace weir::runtime::testkit {

bool FailureBudget::TryConsume() {
  int64_t left = remaining_.load(std::memory_order_acquire);
  for (;;) {
    if (left == 0) return false;
    if (left < 0) break;  // unlimited
    if (remaining_.compare_exchange_weak(left, left - 1, std::memory_order_acq_rel)) break;
  }
  injected_.fetch_add(1, std::memory_order_acq_rel);
  return true;
}

FailureInjector::FailureInjector(FailureInjectorOptions options, std::string name)
    : options_(std::move(options)), name_(std::move(name)) {}

Status FailureInjector::Open(OperatorContext& ctx) {
  rng_state_ = options_.seed ^ (static_cast<uint64_t>(ctx.subtask_index) * 0x9E3779B97F4A7C15ULL) ^
               (static_cast<uint64_t>(ctx.attempt) * 0xC2B2AE3D27D4EB4FULL);
  return Status::OK();
}

bool FailureInjector::Applies() const {
  if (options_.subtask < 0) return true;
  return context_ != nullptr && context_->subtask_index == options_.subtask;
}

double FailureInjector::NextRandom() {
  uint64_t z = (rng_state_ += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  z ^= z >> 31;
  return static_cast<double>(z >> 11) * 0x1.0p-53;
}

bool FailureInjector::Consume() {
  return options_.budget == nullptr || options_.budget->TryConsume();
}

Status FailureInjector::ProcessBatch(int /*input*/, const RecordBatchPtr& batch) {
  const int64_t before = records_;
  records_ += batch->num_rows();
  if (Applies()) {
    if (options_.fail_at_record > 0 && !record_trigger_fired_ && before < options_.fail_at_record &&
        records_ >= options_.fail_at_record) {
      record_trigger_fired_ = true;
      if (Consume()) {
        return Status::Internal("injected failure at record ", options_.fail_at_record, " in ",
                                name_, " subtask ",
                                context_ != nullptr ? context_->subtask_index : 0);
      }
    }
    // Draw for every batch (also when the budget is empty) so the sequence stays stable.
    if (options_.probability > 0 && NextRandom() < options_.probability && Consume()) {
      return Status::Internal("injected random failure after record ", records_, " in ", name_,
                              " subtask ", context_ != nullptr ? context_->subtask_index : 0);
    }
  }
  return context_->output->Emit(batch);
}

Status FailureInjector::SnapshotState(StateSnapshotContext& ctx) {
  if (Applies() && options_.fail_at_checkpoint > 0 &&
      ctx.checkpoint_id().value() == options_.fail_at_checkpoint && Consume()) {
    return Status::Internal("injected failure at checkpoint ", options_.fail_at_checkpoint, " in ",
                            name_, " subtask ", context_ != nullptr ? context_->subtask_index : 0);
  }
  return Status::OK();
}

}  // namespace weir::runtime::testkit
