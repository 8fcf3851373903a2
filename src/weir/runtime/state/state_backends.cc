// StateBackends: creating, restoring and installing the state of one operator subtask.
#include "weir/runtime/state/state_backends.h"

namespace weir::runtime {

StateBackends::~StateBackends() = default;

Result<std::unique_ptr<StateBackends>> StateBackends::Make(const OperatorContext& ctx,
                                                           std::vector<LogicalType> key_types) {
  std::unique_ptr<StateBackends> b(new StateBackends());
  std::string name = ctx.operator_name.empty() ? ctx.operator_uid : ctx.operator_name;
  b->operator_state_ = std::make_unique<OperatorStateBackend>(name);
  if (key_types.empty()) return b;
  WEIR_ASSIGN_OR_RAISE(b->keyed_, KeyedStateBackend::Make(KeyedStateBackendOptions{
                                      name, std::move(key_types), ctx.max_parallelism,
                                      ctx.key_groups, ctx.memory_pool}));
  if (ctx.processing_time != nullptr && ctx.post) {
    b->scheduler_ = std::make_unique<TaskProcessingTimeScheduler>(ctx.processing_time, ctx.post);
  }
  b->timers_ = std::make_unique<TimerServiceManager>(b->keyed_.get(), b->scheduler_.get());
  return b;
}

Status StateBackends::Restore(const OperatorSubtaskState& state, CheckpointStreamOpener& opener) {
  return RestoreOperatorState(state, opener, keyed_.get(), operator_state_.get());
}

void StateBackends::InstallInto(OperatorContext* ctx) {
  ctx->keyed_state = keyed_.get();
  ctx->operator_state = operator_state_.get();
  ctx->timers = timers_.get();
  if (timers_ != nullptr) {
    ctx->advance_event_time = timers_->EventTimeHook();
  } else {
    ctx->advance_event_time = nullptr;
  }
}

}  // namespace weir::runtime
