// Timer services: registering, deleting and firing timers; processing-time wake-ups.
#include "weir/runtime/time/timer_service.h"

#include <limits>

#include "weir/common/str_cat.h"
#include "weir/runtime/state/keyed_state_backend.h"

namespace weir::runtime {

Status InternalTimerService::RegisterEventTimeTimer(std::string_view ns, int64_t time) {
  return event_->Add(ns, time).status();
}

Status InternalTimerService::DeleteEventTimeTimer(std::string_view ns, int64_t time) {
  return event_->Delete(ns, time).status();
}

Status InternalTimerService::RegisterProcessingTimeTimer(std::string_view ns, int64_t time) {
  WEIR_ASSIGN_OR_RAISE(bool added, processing_->Add(ns, time));
  if (added) manager_->EnsureWakeUp();
  return Status::OK();
}

Status InternalTimerService::DeleteProcessingTimeTimer(std::string_view ns, int64_t time) {
  return processing_->Delete(ns, time).status();
}

EventTime InternalTimerService::current_watermark() const { return manager_->current_watermark(); }

int64_t InternalTimerService::CurrentProcessingTime() const {
  return manager_->CurrentProcessingTime();
}

Status InternalTimerService::Fire(TimerQueue* queue, int64_t limit, bool event_time) {
  PoppedTimer timer;
  while (true) {
    WEIR_ASSIGN_OR_RAISE(bool due, queue->PopIfDue(limit, &timer));
    if (!due) return Status::OK();
    if (target_ == nullptr) {
      return Status::Internal("Timer service ", name_, " fired without a target");
    }
    WEIR_RETURN_NOT_OK(manager_->backend()->SetCurrentKey(timer.key(), timer.key_hash()));
    InternalTimer t{timer.key(), timer.ns(), timer.time()};
    WEIR_RETURN_NOT_OK(event_time ? target_->OnEventTime(t) : target_->OnProcessingTime(t));
  }
}

TimerServiceManager::TimerServiceManager(KeyedStateBackend* backend,
                                         ProcessingTimeScheduler* scheduler)
    : backend_(backend), scheduler_(scheduler) {}

TimerServiceManager::~TimerServiceManager() { *alive_ = false; }

int64_t TimerServiceManager::CurrentProcessingTime() const {
  return scheduler_ != nullptr ? scheduler_->CurrentProcessingTime() : 0;
}

Result<InternalTimerService*> TimerServiceManager::GetInternalTimerService(
    const std::string& name, Triggerable* target) {
  if (auto it = services_.find(name); it != services_.end()) {
    it->second->target_ = target;
    return it->second.get();
  }
  if (name.empty()) return Status::Invalid("Timer service names must not be empty");
  auto make_queue = [&](const std::string& state_name) -> Result<TimerQueue*> {
    KeyedStateBackend* b = backend_;
    return b->GetOrCreateState<TimerQueue>(
        state_name, StateKind::kTimers, StateSerializer<Unit>::TypeName(), [&] {
          return std::make_unique<TimerQueue>(state_name, &b->current_key(),
                                              b->key_groups().size(), b->max_parallelism(),
                                              b->key_groups(), &b->memory());
        });
  };
  WEIR_ASSIGN_OR_RAISE(TimerQueue * event, make_queue(StrCat("_timers/", name, "/event")));
  WEIR_ASSIGN_OR_RAISE(TimerQueue * processing, make_queue(StrCat("_timers/", name, "/processing")));
  WEIR_RETURN_NOT_OK(event->RebuildHeap());
  WEIR_RETURN_NOT_OK(processing->RebuildHeap());
  std::unique_ptr<InternalTimerService> service(
      new InternalTimerService(name, this, event, processing));
  service->target_ = target;
  InternalTimerService* raw = service.get();
  services_.emplace(name, std::move(service));
  if (processing->size() > 0) EnsureWakeUp();
  return raw;
}

Status TimerServiceManager::AdvanceWatermark(EventTime watermark) {
  if (watermark > watermark_) watermark_ = watermark;
  for (auto& [name, service] : services_) {
    WEIR_RETURN_NOT_OK(service->Fire(service->event_, watermark, true));
  }
  return Status::OK();
}

Status TimerServiceManager::AdvanceProcessingTime(int64_t time_ms) {
  for (auto& [name, service] : services_) {
    WEIR_RETURN_NOT_OK(service->Fire(service->processing_, time_ms, false));
  }
  EnsureWakeUp();
  return Status::OK();
}

void TimerServiceManager::EnsureWakeUp() {
  if (scheduler_ == nullptr) return;
  int64_t earliest = std::numeric_limits<int64_t>::max();
  for (auto& [name, service] : services_) {
    int64_t t = service->processing_->PeekTime();
    if (t < earliest) earliest = t;
  }
  if (earliest == std::numeric_limits<int64_t>::max()) return;
  if (!pending_wakeups_.empty() && *pending_wakeups_.begin() <= earliest) return;
  pending_wakeups_.insert(earliest);
  std::weak_ptr<bool> alive = alive_;
  scheduler_->ScheduleWakeUp(earliest, [this, alive, earliest](int64_t now) -> Status {
    auto token = alive.lock();
    if (token == nullptr || !*token) return Status::OK();
    return OnWakeUp(earliest, now);
  });
}

Status TimerServiceManager::OnWakeUp(int64_t scheduled, int64_t now) {
  auto it = pending_wakeups_.find(scheduled);
  if (it != pending_wakeups_.end()) pending_wakeups_.erase(it);
  return AdvanceProcessingTime(now > scheduled ? now : scheduled);
}

}  // namespace weir::runtime
