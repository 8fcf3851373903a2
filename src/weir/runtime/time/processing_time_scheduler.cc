// ProcessingTimeScheduler implementations: a manual clock and the adapter to a task's service.
#include "weir/runtime/time/processing_time_scheduler.h"

#include <vector>

namespace weir::runtime {

Status ManualProcessingTimeScheduler::AdvanceTo(int64_t time_ms) {
  if (time_ms > now_) now_ = time_ms;
  while (!pending_.empty() && pending_.begin()->first.first <= now_) {
    auto node = pending_.extract(pending_.begin());
    WEIR_RETURN_NOT_OK(node.mapped()(now_));
  }
  return Status::OK();
}

TaskProcessingTimeScheduler::~TaskProcessingTimeScheduler() {
  std::vector<TimerId> ids;
  {
    std::lock_guard<std::mutex> lock(state_->mu);
    state_->closed = true;
    ids.assign(state_->pending.begin(), state_->pending.end());
    state_->pending.clear();
  }
  for (TimerId id : ids) service_->Cancel(id);
}

void TaskProcessingTimeScheduler::ScheduleWakeUp(int64_t time_ms, WakeUp callback) {
  std::shared_ptr<Shared> shared = state_;
  struct Holder {
    TimerId id = 0;
    bool fired = false;
  };
  auto id_holder = std::make_shared<Holder>();  // GUARDED_BY(shared->mu)
  ProcessingTimeService* service = service_;
  Post post = post_;
  TimerId id = service_->Schedule(
      time_ms, [shared, id_holder, service, post, callback = std::move(callback)](int64_t) {
        {
          std::lock_guard<std::mutex> lock(shared->mu);
          if (shared->closed) return;
          id_holder->fired = true;
          shared->pending.erase(id_holder->id);
        }
        // The action checks again on the task thread: the scheduler may be gone by then.
        post([shared, service, callback]() -> Status {
          {
            std::lock_guard<std::mutex> lock(shared->mu);
            if (shared->closed) return Status::OK();
          }
          return callback(service->CurrentTimeMs());
        });
      });
  std::lock_guard<std::mutex> lock(state_->mu);
  if (id != 0 && !id_holder->fired) {
    id_holder->id = id;
    state_->pending.insert(id);
  }
}

}  // namespace weir::runtime
