// Task: deployment, the slice loop, input elements, checkpoints and the lifecycle.
#include "weir/runtime/task/task.h"

#include <chrono>
#include <utility>

#include "weir/common/check.h"
#include "weir/common/log/log.h"
#include "weir/common/str_cat.h"

namespace weir::runtime {

namespace {

int64_t NowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

const char* TaskStateName(TaskState state) {
  switch (state) {
    case TaskState::kCreated:
      return "CREATED";
    case TaskState::kDeploying:
      return "DEPLOYING";
    case TaskState::kInitializing:
      return "INITIALIZING";
    case TaskState::kRunning:
      return "RUNNING";
    case TaskState::kFinished:
      return "FINISHED";
    case TaskState::kFailed:
      return "FAILED";
    case TaskState::kCanceled:
      return "CANCELED";
  }
  return "?";
}

bool IsLegalTransition(TaskState from, TaskState to) {
  switch (from) {
    case TaskState::kCreated:
      return to == TaskState::kDeploying || to == TaskState::kCanceled;
    case TaskState::kDeploying:
      return to == TaskState::kInitializing || to == TaskState::kFailed ||
             to == TaskState::kCanceled;
    case TaskState::kInitializing:
      return to == TaskState::kRunning || to == TaskState::kFailed || to == TaskState::kCanceled;
    case TaskState::kRunning:
      return to == TaskState::kFinished || to == TaskState::kFailed || to == TaskState::kCanceled;
    case TaskState::kFinished:
    case TaskState::kFailed:
    case TaskState::kCanceled:
      return false;
  }
  return false;
}

const char* SliceResultName(SliceResult result) {
  switch (result) {
    case SliceResult::kMoreWork:
      return "MORE_WORK";
    case SliceResult::kWaitingForInput:
      return "WAITING_FOR_INPUT";
    case SliceResult::kWaitingForSource:
      return "WAITING_FOR_SOURCE";
    case SliceResult::kWaitingForCredit:
      return "WAITING_FOR_CREDIT";
    case SliceResult::kWaitingForCheckpoint:
      return "WAITING_FOR_CHECKPOINT";
    case SliceResult::kNotStarted:
      return "NOT_STARTED";
    case SliceResult::kFinished:
      return "FINISHED";
    case SliceResult::kFailed:
      return "FAILED";
    case SliceResult::kCanceled:
      return "CANCELED";
  }
  return "?";
}

/// Connects the aligner to the task's private methods.
class Task::AlignerTarget final : public BarrierAligner::Target {
 public:
  explicit AlignerTarget(Task* task) : task_(task) {}
  void SetChannelBlocked(int32_t channel, bool blocked) override {
    task_->SetChannelBlocked(channel, blocked);
  }
  Status TriggerCheckpointOnBarrier(const CheckpointBarrier& barrier,
                                    int64_t alignment_ns) override {
    return task_->PerformCheckpoint(barrier, alignment_ns);
  }
  Status AbortCheckpointOnBarrier(CheckpointId id, const Status& reason) override {
    return task_->AbortCheckpoint(id, reason);
  }

 private:
  Task* const task_;
};

Result<std::shared_ptr<Task>> Task::Make(TaskDeployment deployment, WorkerPool* pool) {
  if (pool == nullptr) return Status::Invalid("task needs a worker pool");
  if (deployment.operators.empty()) {
    return Status::Invalid("task deployment without operators: ", deployment.task_name);
  }
  if (deployment.options.slice_budget <= 0) {
    return Status::Invalid("task slice budget must be positive, got ",
                           deployment.options.slice_budget);
  }
  if (deployment.task_name.empty()) {
    deployment.task_name = StrCat(deployment.operators.front().name, " (",
                                  deployment.subtask_index + 1, "/", deployment.parallelism, ")");
  }
  for (const auto& gate : deployment.input_gates) {
    if (gate == nullptr) return Status::Invalid("null input gate in task ", deployment.task_name);
  }
  for (const auto& partition : deployment.result_partitions) {
    if (partition == nullptr) {
      return Status::Invalid("null result partition in task ", deployment.task_name);
    }
    WEIR_RETURN_NOT_OK(partition->CheckConnected());
  }

  std::shared_ptr<Task> task(new Task(std::move(deployment), pool));
  const TaskDeployment& d = task->deployment_;
  std::weak_ptr<Schedulable> self = task;
  for (int32_t g = 0; g < static_cast<int32_t>(d.input_gates.size()); ++g) {
    const auto& gate = d.input_gates[static_cast<size_t>(g)];
    gate->SetConsumer(self);
    task->gate_offsets_.push_back(static_cast<int32_t>(task->channels_.size()));
    const int32_t input = gate->input_index();
    for (int32_t c = 0; c < gate->num_channels(); ++c) {
      ChannelInfo info;
      info.gate = g;
      info.channel = c;
      info.input = input;
      info.valve_index = task->inputs_[input].num_channels++;
      task->channels_.push_back(info);
    }
  }
  for (const auto& partition : d.result_partitions) partition->SetProducer(self, &task->metrics_);

  auto gates = d.input_gates;
  auto partitions = d.result_partitions;
  task->metrics_.SetPoolUsageGauges(
      [gates] {
        if (gates.empty()) return 0.0;
        double sum = 0;
        for (const auto& g : gates) sum += g->usage();
        return sum / static_cast<double>(gates.size());
      },
      [partitions] {
        if (partitions.empty()) return 0.0;
        double sum = 0;
        for (const auto& p : partitions) sum += p->usage();
        return sum / static_cast<double>(partitions.size());
      });
  Task* raw = task.get();
  task->mailbox_.set_wake([raw] { raw->Wake(); });
  return task;
}

Task::Task(TaskDeployment deployment, WorkerPool* pool)
    : Schedulable(pool), deployment_(std::move(deployment)), metrics_(deployment_.task_name) {}

Task::~Task() {
  if (flush_timer_scheduled_ && deployment_.processing_time != nullptr) {
    deployment_.processing_time->Cancel(flush_timer_);
  }
}

Status Task::failure() const {
  std::lock_guard<std::mutex> lock(failure_mu_);
  return failure_;
}

bool Task::TransitionTo(TaskState to, Status error) {
  TaskState from = state_.load(std::memory_order_acquire);
  while (true) {
    if (!IsLegalTransition(from, to)) {
      error.IgnoreError();
      return false;
    }
    if (state_.compare_exchange_weak(from, to, std::memory_order_acq_rel)) break;
  }
  if (to == TaskState::kFailed) {
    WEIR_LOG_WARN("task {} failed: {}", name(), error.ToString());
  }
  // The reported status is marked inspected: a callback may ignore OK and errors alike.
  Status reported = to == TaskState::kFailed ? std::move(error) : Status();
  reported.IgnoreError();
  error.IgnoreError();
  if (deployment_.on_state_change) {
    deployment_.on_state_change(TaskStateChange{this, from, to, std::move(reported)});
  }
  return true;
}

void Task::Start() {
  if (TransitionTo(TaskState::kDeploying)) Wake();
}

void Task::Cancel() {
  TaskState expected = TaskState::kCreated;
  if (state_.compare_exchange_strong(expected, TaskState::kCanceled)) {
    // Never started: nothing runs, so release everything right here.
    mailbox_.Close();
    mailbox_.DropAll();
    for (const auto& gate : deployment_.input_gates) gate->Close();
    for (const auto& partition : deployment_.result_partitions) partition->Release();
    if (deployment_.on_state_change) {
      deployment_.on_state_change(
          TaskStateChange{this, TaskState::kCreated, TaskState::kCanceled, Status::OK()});
    }
    return;
  }
  if (IsTerminal(state())) return;
  cancel_requested_.store(true, std::memory_order_release);
  Wake();
}

bool Task::Post(Mailbox::Action action) { return mailbox_.Post(std::move(action)); }

bool Task::TriggerCheckpoint(const CheckpointBarrier& barrier) {
  return Post([this, barrier]() -> Status {
    const bool inputs_done = num_channels_ended_ == static_cast<int32_t>(channels_.size());
    const bool finishing = operators_finished_ && !deployment_.options.wait_for_final_checkpoint;
    if (state() != TaskState::kRunning || partitions_ended_ || finishing ||
        (!is_source_ && !inputs_done)) {
      if (deployment_.snapshot_hook != nullptr) {
        Status reason = Status::Cancelled(
            "task ", name(), " cannot take checkpoint ", barrier.id.value(), " now: it is ",
            TaskStateName(state()), partitions_ended_ || finishing ? " and finishing" : "");
        reason.IgnoreError();
        deployment_.snapshot_hook->DeclineCheckpoint(barrier.id, reason);
      }
      return Status::OK();
    }
    if (is_source_ && IsStopWithSavepoint(barrier.kind)) {
      WEIR_RETURN_NOT_OK(StopSource(barrier.kind));
    }
    return PerformCheckpoint(barrier, 0);
  });
}

bool Task::NotifyCheckpointComplete(CheckpointId id) {
  return Post([this, id]() -> Status {
    if (chain_ == nullptr) return Status::OK();
    WEIR_RETURN_NOT_OK(chain_->NotifyCheckpointComplete(id));
    if (deployment_.snapshot_hook != nullptr) {
      WEIR_RETURN_NOT_OK(deployment_.snapshot_hook->NotifyCheckpointComplete(id));
    }
    if (stop_requested_) {
      if (id == stop_savepoint_) final_checkpoint_done_ = true;
    } else if (operators_finished_ && final_checkpoint_.value() != 0 && id >= final_checkpoint_) {
      final_checkpoint_done_ = true;
    }
    return Status::OK();
  });
}

bool Task::NotifyCheckpointAborted(CheckpointId id) {
  return Post([this, id]() -> Status {
    if (chain_ == nullptr) return Status::OK();
    WEIR_RETURN_NOT_OK(chain_->NotifyCheckpointAborted(id));
    if (deployment_.snapshot_hook != nullptr) {
      WEIR_RETURN_NOT_OK(deployment_.snapshot_hook->NotifyCheckpointAborted(id));
    }
    if (stop_requested_ && id == stop_savepoint_) {
      return Status::Cancelled("stop-with-savepoint ", id.value(), " was aborted after task ",
                               name(),
                               " had stopped its input; the job fails over and resumes "
                               "from its latest checkpoint");
    }
    return Status::OK();
  });
}

Status Task::Deploy() {
  OperatorContext base;
  base.memory_pool =
      deployment_.memory_pool != nullptr ? deployment_.memory_pool : DefaultMemoryPool();
  base.processing_time = deployment_.processing_time;
  base.metrics = &metrics_;
  std::weak_ptr<Task> weak = std::static_pointer_cast<Task>(shared_from_this());
  base.wake = [weak] {
    if (auto t = weak.lock()) t->Wake();
  };
  input_suspension_ = std::make_unique<InputSuspension>(base.wake);
  base.input_suspension = input_suspension_.get();
  base.post = [weak](std::function<Status()> action) {
    if (auto t = weak.lock()) t->Post(std::move(action));
  };
  std::vector<Output*> outputs;
  for (const auto& p : deployment_.result_partitions) outputs.push_back(p.get());
  ChainIdentity identity{deployment_.subtask_index, deployment_.parallelism,
                         deployment_.max_parallelism, deployment_.attempt,
                         deployment_.options.batch};
  WEIR_ASSIGN_OR_RAISE(chain_, OperatorChain::Make(deployment_.operators, outputs, identity, base));

  Operator* head = chain_->head();
  is_source_ = chain_->is_source();
  num_inputs_ = head->num_inputs();
  if (num_inputs_ < 0 || num_inputs_ > 2) {
    return Status::Invalid("operator ", head->name(), " declares ", num_inputs_,
                           " inputs; operators have 0, 1 or 2");
  }
  if (is_source_ && !deployment_.input_gates.empty()) {
    return Status::Invalid("source operator ", head->name(), " cannot read input gates (task ",
                           name(), " has ", deployment_.input_gates.size(), ")");
  }
  for (const auto& gate : deployment_.input_gates) {
    if (gate->input_index() >= num_inputs_) {
      return Status::Invalid("input gate ", gate->name(), " feeds input ", gate->input_index(),
                             " of operator ", head->name(), ", which has ", num_inputs_);
    }
  }
  for (int32_t i = 0; i < num_inputs_; ++i) {
    if (inputs_[i].num_channels == 0) {
      return Status::Invalid("input ", i, " of operator ", head->name(), " in task ", name(),
                             " has no input gate");
    }
    inputs_[i].valve = std::make_unique<StatusWatermarkValve>(inputs_[i].num_channels);
  }
  if (!channels_.empty()) {
    aligner_target_ = std::make_unique<AlignerTarget>(this);
    aligner_ = std::make_unique<BarrierAligner>(static_cast<int32_t>(channels_.size()),
                                                aligner_target_.get(), NowNs);
  }
  return Status::OK();
}

SliceOutcome Task::RunScheduledSlice() {
  const int64_t start = NowNs();
  if (last_slice_end_ns_ != 0) metrics_.AddTime(last_wait_kind_, start - last_slice_end_ns_);
  const SliceResult r = RunSlice(deployment_.options.slice_budget);
  const int64_t end = NowNs();
  metrics_.AddTime(TaskTime::kBusy, end - start);
  last_slice_end_ns_ = end;
  last_wait_kind_ = r == SliceResult::kMoreWork           ? TaskTime::kBusy
                    : r == SliceResult::kWaitingForCredit ? TaskTime::kBackpressured
                                                          : TaskTime::kIdle;
  return r == SliceResult::kMoreWork ? SliceOutcome::kYield : SliceOutcome::kWait;
}

SliceResult Task::TerminalResult() const {
  switch (state()) {
    case TaskState::kFinished:
      return SliceResult::kFinished;
    case TaskState::kFailed:
      return SliceResult::kFailed;
    default:
      return SliceResult::kCanceled;
  }
}

SliceResult Task::RunSlice(int32_t budget) {
  SliceResult result;
  TaskState s = state();
  if (IsTerminal(s)) {
    result = TerminalResult();
  } else if (cancel_requested_.load(std::memory_order_acquire)) {
    Terminate(TaskState::kCanceled, Status::OK());
    result = SliceResult::kCanceled;
  } else if (s == TaskState::kCreated) {
    result = SliceResult::kNotStarted;
  } else {
    Status st;
    if (s == TaskState::kDeploying) {
      st = Deploy();
      if (st.ok()) TransitionTo(TaskState::kInitializing);
    }
    if (st.ok() && state() == TaskState::kInitializing) {
      st = chain_->InitializeAndOpen(deployment_.snapshot_hook.get());
      if (st.ok()) TransitionTo(TaskState::kRunning);
    }
    if (st.ok()) result = ProcessSlice(budget, &st);
    if (!st.ok()) {
      Terminate(TaskState::kFailed, st);
      result = SliceResult::kFailed;
    } else if (CanFinish()) {
      Status close = chain_->Close();
      if (close.ok()) {
        Terminate(TaskState::kFinished, Status::OK());
        result = SliceResult::kFinished;
      } else {
        Terminate(TaskState::kFailed, close);
        result = SliceResult::kFailed;
      }
    }
  }
  last_result_.store(result, std::memory_order_release);
  return result;
}

SliceResult Task::ProcessSlice(int32_t budget, Status* error) {
#define WEIR_TASK_CHECK(expr)      \
  do {                             \
    Status _st = (expr);           \
    if (!_st.ok()) {               \
      *error = std::move(_st);     \
      return SliceResult::kFailed; \
    }                              \
  } while (false)

  WEIR_TASK_CHECK(mailbox_.RunAll());
  if (!SendPending()) return SliceResult::kWaitingForCredit;
  const bool flush_every_element = deployment_.options.buffer_timeout_ms == 0;
  SliceResult result = SliceResult::kMoreWork;
  int32_t done = 0;
  while (true) {
    if (mailbox_.HasMail()) {
      WEIR_TASK_CHECK(mailbox_.RunAll());
      if (!SendPending()) {
        result = SliceResult::kWaitingForCredit;
        break;
      }
    }
    if (partitions_ended_ || (is_source_ && source_ended_) ||
        (operators_finished_ && channels_.empty())) {
      result = SliceResult::kWaitingForCheckpoint;
      break;
    }
    if (done >= budget || cancel_requested_.load(std::memory_order_relaxed)) {
      result = SliceResult::kMoreWork;  // a cancel is handled at the start of the next slice
      break;
    }
    if (input_suspension_->suspended()) {
      result = SliceResult::kWaitingForCredit;
      break;
    }
    if (is_source_) {
      Result<SourcePoll> poll = chain_->head()->PollNext();
      WEIR_TASK_CHECK(poll.status());
      ++done;
      if (*poll == SourcePoll::kNothingAvailable) {
        result = SliceResult::kWaitingForSource;
        break;
      }
      if (*poll == SourcePoll::kEndOfInput) WEIR_TASK_CHECK(OnSourceEnded());
    } else {
      bool got = false;
      WEIR_TASK_CHECK(PollInput(&got));
      if (!got) {
        result = SliceResult::kWaitingForInput;
        break;
      }
      ++done;
    }
    if (flush_every_element) {
      for (const auto& p : deployment_.result_partitions) WEIR_TASK_CHECK(p->FlushStaged());
    }
    if (!SendPending()) {
      result = SliceResult::kWaitingForCredit;
      break;
    }
  }

  // Staged output rows: the buffer timeout.
  const bool waiting = result == SliceResult::kWaitingForInput ||
                       result == SliceResult::kWaitingForSource ||
                       result == SliceResult::kWaitingForCheckpoint;
  if (AnyStaged() && deployment_.options.buffer_timeout_ms >= 0) {
    if (waiting && (deployment_.processing_time == nullptr || flush_every_element)) {
      WEIR_TASK_CHECK(FlushStagedOutputs());
    } else {
      MaybeScheduleFlush();
    }
  }
  WEIR_TASK_CHECK(MaybeEndPartitions());
  if (waiting && !SendPending()) result = SliceResult::kWaitingForCredit;
  return result;
#undef WEIR_TASK_CHECK
}

Status Task::PollInput(bool* got) {
  const auto& gates = deployment_.input_gates;
  const int32_t n = static_cast<int32_t>(gates.size());
  for (int32_t k = 0; k < n; ++k) {
    const int32_t g = (next_gate_ + k) % n;
    std::optional<InputGate::Polled> polled = gates[static_cast<size_t>(g)]->Poll();
    if (polled) {
      next_gate_ = g + 1 == n ? 0 : g + 1;
      *got = true;
      return HandleElement(g, *polled);
    }
  }
  *got = false;
  return Status::OK();
}

Status Task::HandleElement(int32_t gate, InputGate::Polled& polled) {
  const int32_t global = gate_offsets_[static_cast<size_t>(gate)] + polled.channel;
  ChannelInfo& ch = channels_[static_cast<size_t>(global)];
  const StreamElement& e = polled.buffer.element;
  InputInfo& input = inputs_[ch.input];
  switch (e.kind()) {
    case ElementKind::kBatch: {
      const RecordBatchPtr& batch = e.batch();
      metrics_.AddRecordsIn(batch->num_rows(), polled.buffer.bytes);
      Status st = operators_finished_
                      ? Status::Internal("data after end of input on channel ", polled.channel,
                                         " of ", deployment_.input_gates[gate]->name())
                      : chain_->ProcessBatch(ch.input, batch);
      deployment_.input_gates[static_cast<size_t>(gate)]->Recycle(polled.channel, polled.buffer);
      return st;
    }
    case ElementKind::kWatermark:
      return ApplyValve(ch.input, input.valve->InputWatermark(ch.valve_index, e.watermark()));
    case ElementKind::kWatermarkStatus:
      return ApplyValve(ch.input, input.valve->InputWatermarkStatus(ch.valve_index, e.idle()));
    case ElementKind::kBarrier:
      return aligner_->OnBarrier(global, e.barrier());
    case ElementKind::kCancelBarrier:
      return aligner_->OnCancelBarrier(global, e.barrier().id);
    case ElementKind::kEndOfData:
      return OnChannelDataEnded(global, e.stop_mode());
    case ElementKind::kEndOfPartition:
      if (ch.ended) return Status::OK();
      ch.ended = true;
      ++num_channels_ended_;
      WEIR_RETURN_NOT_OK(ApplyValve(ch.input, input.valve->ChannelEnded(ch.valve_index)));
      WEIR_RETURN_NOT_OK(OnChannelDataEnded(global, StopMode::kNone));
      return aligner_->OnChannelEnded(global);
  }
  return Status::Internal("unknown stream element kind in task ", name());
}

Status Task::ApplyValve(int32_t input, const StatusWatermarkValve::Result& r) {
  if (operators_finished_ || inputs_[input].ended) return Status::OK();
  if (r.watermark_changed) WEIR_RETURN_NOT_OK(chain_->ProcessWatermark(input, r.watermark));
  if (r.status_changed) WEIR_RETURN_NOT_OK(chain_->ProcessWatermarkStatus(input, r.idle));
  return Status::OK();
}

Status Task::OnChannelDataEnded(int32_t global_channel, StopMode mode) {
  ChannelInfo& ch = channels_[static_cast<size_t>(global_channel)];
  if (ch.data_ended) return Status::OK();
  ch.data_ended = true;
  InputInfo& input = inputs_[ch.input];
  if (mode != StopMode::kNone) stop_requested_ = true;
  if (mode == StopMode::kNoDrain) input.stopped_no_drain = true;
  ++input.num_data_ended;
  if (input.num_data_ended < input.num_channels || input.ended) return Status::OK();
  input.ended = true;
  // An input stopped without drain does not end: its operators resume from the savepoint.
  if (!input.stopped_no_drain) WEIR_RETURN_NOT_OK(chain_->EndInput(ch.input));
  bool stopped_no_drain = false;
  for (int32_t i = 0; i < num_inputs_; ++i) {
    if (!inputs_[i].ended) return Status::OK();
    stopped_no_drain |= inputs_[i].stopped_no_drain;
  }
  if (stopped_no_drain) {
    operators_finished_ = true;  // no more input; EndOfData follows with the barrier
    suspended_ = true;
    return Status::OK();
  }
  WEIR_RETURN_NOT_OK(chain_->FinishOperators());
  return OnOperatorsFinished(stop_requested_ ? StopMode::kDrain : StopMode::kNone);
}

Status Task::OnSourceEnded() {
  source_ended_ = true;
  WEIR_RETURN_NOT_OK(chain_->EmitWatermarkFromHead(kMaxWatermark));
  WEIR_RETURN_NOT_OK(chain_->FinishOperators());
  return OnOperatorsFinished(StopMode::kNone);
}

Status Task::StopSource(SnapshotKind kind) {
  stop_requested_ = true;
  if (operators_finished_) return Status::OK();  // ended already: only the savepoint remains
  source_ended_ = true;
  if (kind == SnapshotKind::kSavepointTerminate) {
    WEIR_RETURN_NOT_OK(chain_->EmitWatermarkFromHead(kMaxWatermark));
    WEIR_RETURN_NOT_OK(chain_->FinishOperators());
    return OnOperatorsFinished(StopMode::kDrain);
  }
  operators_finished_ = true;
  suspended_ = true;
  return Status::OK();
}

Status Task::OnOperatorsFinished(StopMode mode) {
  operators_finished_ = true;
  const StreamElement end = StreamElement::EndOfData(mode);
  for (const auto& p : deployment_.result_partitions) WEIR_RETURN_NOT_OK(p->BroadcastEvent(end));
  if (!deployment_.options.wait_for_final_checkpoint && !stop_requested_) {
    final_checkpoint_done_ = true;
  }
  return Status::OK();
}

Status Task::MaybeEndPartitions() {
  if (partitions_ended_ || !operators_finished_ || !final_checkpoint_done_) return Status::OK();
  if (num_channels_ended_ < static_cast<int32_t>(channels_.size())) return Status::OK();
  for (const auto& p : deployment_.result_partitions) WEIR_RETURN_NOT_OK(p->Finish());
  partitions_ended_ = true;
  SendPending();
  return Status::OK();
}

bool Task::CanFinish() const {
  if (!partitions_ended_) return false;
  for (const auto& p : deployment_.result_partitions) {
    if (p->has_pending()) return false;
  }
  return true;
}

Status Task::PerformCheckpoint(const CheckpointBarrier& barrier, int64_t alignment_ns) {
  // Operators stopped without drain still hold their state: they flush like running ones.
  const bool finished = operators_finished_ && !suspended_;
  if (!finished) WEIR_RETURN_NOT_OK(chain_->PrepareSnapshotPreBarrier(barrier.id));
  if (suspended_ && !suspend_end_sent_) {
    suspend_end_sent_ = true;
    const StreamElement end = StreamElement::EndOfData(StopMode::kNoDrain);
    for (const auto& p : deployment_.result_partitions) WEIR_RETURN_NOT_OK(p->BroadcastEvent(end));
  }
  const StreamElement event = StreamElement::Barrier(barrier);
  for (const auto& p : deployment_.result_partitions) WEIR_RETURN_NOT_OK(p->BroadcastEvent(event));
  if (deployment_.snapshot_hook != nullptr) {
    WEIR_RETURN_NOT_OK(deployment_.snapshot_hook->SnapshotState(
        barrier, chain_->refs(), CheckpointMetrics{alignment_ns, finished}));
  }
  metrics_.RecordCheckpoint(barrier.id.value(), alignment_ns);
  if (IsStopWithSavepoint(barrier.kind)) {
    // The task ends only once this savepoint completed (two-phase sinks commit it).
    stop_requested_ = true;
    stop_savepoint_ = barrier.id;
    if (!partitions_ended_) final_checkpoint_done_ = false;
  } else if (finished && final_checkpoint_.value() == 0) {
    final_checkpoint_ = barrier.id;
  }
  return Status::OK();
}

Status Task::AbortCheckpoint(CheckpointId id, const Status& reason) {
  const StreamElement event = StreamElement::CancelBarrier(id);
  for (const auto& p : deployment_.result_partitions) WEIR_RETURN_NOT_OK(p->BroadcastEvent(event));
  if (deployment_.snapshot_hook != nullptr)
    deployment_.snapshot_hook->DeclineCheckpoint(id, reason);
  return Status::OK();
}

void Task::SetChannelBlocked(int32_t global_channel, bool blocked) {
  const ChannelInfo& ch = channels_[static_cast<size_t>(global_channel)];
  deployment_.input_gates[static_cast<size_t>(ch.gate)]->SetBlocked(ch.channel, blocked);
}

bool Task::SendPending() {
  bool all = true;
  for (const auto& p : deployment_.result_partitions) all &= p->TrySendPending();
  return all;
}

bool Task::AnyStaged() const {
  for (const auto& p : deployment_.result_partitions) {
    if (p->has_staged()) return true;
  }
  return false;
}

Status Task::FlushStagedOutputs() {
  for (const auto& p : deployment_.result_partitions) WEIR_RETURN_NOT_OK(p->FlushStaged());
  SendPending();
  return Status::OK();
}

void Task::MaybeScheduleFlush() {
  ProcessingTimeService* pts = deployment_.processing_time;
  if (flush_timer_scheduled_ || pts == nullptr || deployment_.options.buffer_timeout_ms <= 0) {
    return;
  }
  flush_timer_scheduled_ = true;
  std::weak_ptr<Task> weak = std::static_pointer_cast<Task>(shared_from_this());
  flush_timer_ =
      pts->Schedule(pts->CurrentTimeMs() + deployment_.options.buffer_timeout_ms, [weak](int64_t) {
        std::shared_ptr<Task> t = weak.lock();
        if (t == nullptr) return;
        Task* raw = t.get();
        t->Post([raw]() -> Status {
          raw->flush_timer_scheduled_ = false;
          return raw->FlushStagedOutputs();
        });
      });
}

void Task::Terminate(TaskState to, Status error) {
  if (flush_timer_scheduled_ && deployment_.processing_time != nullptr) {
    deployment_.processing_time->Cancel(flush_timer_);
    flush_timer_scheduled_ = false;
  }
  mailbox_.Close();
  mailbox_.DropAll();
  if (to != TaskState::kFinished) {
    if (chain_ != nullptr) chain_->CloseQuietly();
    for (const auto& p : deployment_.result_partitions) p->Release();
  }
  for (const auto& gate : deployment_.input_gates) gate->Close();
  if (to == TaskState::kFailed) {
    std::lock_guard<std::mutex> lock(failure_mu_);
    failure_ = error;
    failure_.IgnoreError();  // callers of failure() get an unchecked copy
  }
  TransitionTo(to, std::move(error));
}

}  // namespace weir::runtime
