// JobExecution: deploying a job graph as tasks and tracking the job status.
#include "weir/cluster/minicluster/job_execution.h"

#include <algorithm>
#include <unordered_map>

#include "weir/common/log/log.h"
#include "weir/common/str_cat.h"

namespace weir::cluster {

using runtime::ChainedOperatorSpec;
using runtime::ChainTarget;
using runtime::ExecutionVertex;
using runtime::InputGate;
using runtime::JobVertex;
using runtime::ResultPartition;
using runtime::Task;
using runtime::TaskDeployment;
using runtime::TaskState;

// The coordinator's link to the job's tasks. Detached when the job stops checkpointing, so
// late calls (timers, I/O threads) never reach a destroyed job.
class JobExecution::Gateway final : public runtime::CheckpointTaskGateway {
 public:
  explicit Gateway(JobExecution* job) : job_(job) {}
  void Detach() {
    std::lock_guard<std::mutex> lock(mu_);
    job_ = nullptr;
  }
  runtime::JobTasksView CurrentTasks() override {
    std::lock_guard<std::mutex> lock(mu_);
    if (job_ == nullptr) return {};
    return job_->CurrentTasks();
  }
  void TriggerCheckpoint(const runtime::TaskRef& ref, const runtime::CheckpointBarrier& barrier,
                         const std::string& location_reference) override {
    runtime::CheckpointBarrier b = barrier;
    if (b.location_reference.empty()) b.location_reference = location_reference;
    bool triggered = false;
    std::shared_ptr<runtime::CheckpointCoordinator> coordinator;
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (job_ == nullptr) return;
      runtime::Task* task = job_->FindTask(ref.vertex, ref.subtask, ref.attempt);
      triggered = task != nullptr && task->TriggerCheckpoint(b);
      coordinator = job_->coordinator_;
    }
    if (!triggered && coordinator != nullptr) {
      coordinator->DeclineCheckpoint(
          ref, b.id, runtime::CheckpointFailureReason::kTaskNotReady,
          Status::Invalid("task ", ref.ToString(), " cannot take checkpoint ", b.id.value()));
    }
  }
  void NotifyCheckpointComplete(const runtime::TaskRef& ref, runtime::CheckpointId id) override {
    std::lock_guard<std::mutex> lock(mu_);
    if (job_ == nullptr) return;
    if (runtime::Task* task = job_->FindTask(ref.vertex, ref.subtask, ref.attempt)) {
      task->NotifyCheckpointComplete(id);
    }
  }
  void NotifyCheckpointAborted(const runtime::TaskRef& ref, runtime::CheckpointId id) override {
    std::lock_guard<std::mutex> lock(mu_);
    if (job_ == nullptr) return;
    if (runtime::Task* task = job_->FindTask(ref.vertex, ref.subtask, ref.attempt)) {
      task->NotifyCheckpointAborted(id);
    }
  }

 private:
  std::mutex mu_;
  JobExecution* job_;  // REQUIRES: mu_ held
};

Result<std::shared_ptr<JobExecution>> JobExecution::Make(const runtime::JobGraph& job,
                                                         JobServices services,
                                                         JobSubmitOptions options) {
  if (services.worker_pool == nullptr || services.networks.empty()) {
    return Status::Invalid("job execution needs a worker pool and a network environment");
  }
  // Shared from the start: the restart timer holds a weak reference.
  std::shared_ptr<JobExecution> execution(new JobExecution(job, services));
  WEIR_ASSIGN_OR_RAISE(execution->graph_, runtime::ExecutionGraph::Build(execution->job_));
  execution->state_services_ = std::make_shared<JobStateServices>();
  execution->state_services_->io_executor = services.io_executor;
  execution->state_services_->key_types = options.key_types;
  size_t first = 0;
  for (const JobVertex& vertex : execution->job_.vertices()) {
    execution->first_task_.push_back(first);
    first += static_cast<size_t>(vertex.parallelism);
  }
  execution->allow_non_restored_state_ = options.allow_non_restored_state;
  {
    const config::Configuration defaults;
    WEIR_ASSIGN_OR_RAISE(runtime::CheckpointingSettings settings,
                         runtime::CheckpointingSettings::FromConfiguration(
                             services.config != nullptr ? *services.config : defaults));
    if (settings.unaligned) {
      return Status::NotSupported(
          "not supported yet: unaligned checkpoints (execution.checkpointing.unaligned.enabled); "
          "unset the option to use aligned checkpoints");
    }
    execution->wait_for_final_checkpoint_ = !execution->batch() && settings.periodic() &&
                                            services.io_executor != nullptr &&
                                            services.timer_scheduler != nullptr;
  }
  std::shared_ptr<const JobRestoreState> restore;
  std::optional<runtime::LoadedCheckpoint> loaded;
  if (!options.restore_path.empty()) {
    WEIR_ASSIGN_OR_RAISE(loaded, runtime::LoadCheckpoint(options.restore_path));
    WEIR_ASSIGN_OR_RAISE(restore, execution->PlanRestoreFrom(loaded->metadata, loaded->directory));
  }
  std::vector<std::shared_ptr<Task>> tasks;
  WEIR_RETURN_NOT_OK(execution->Deploy(0, restore, &tasks));
  execution->tasks_ = std::move(tasks);
  WEIR_RETURN_NOT_OK(execution->SetUpCheckpointing(options));
  if (loaded.has_value() && execution->coordinator_ != nullptr) {
    // Failovers before the first new checkpoint restore the savepoint again.
    execution->coordinator_->SetRestoredCheckpoint(runtime::ToCompletedCheckpoint(*loaded));
  }
  return execution;
}

JobExecution::JobExecution(const runtime::JobGraph& job, JobServices services)
    : job_(job), services_(services), job_id_(job.job_id()), job_name_(job.job_name()) {}

JobExecution::~JobExecution() {
  Cancel();
  DetachTasks();
  StopCheckpointing();
}

Status JobExecution::SetUpCheckpointing(const JobSubmitOptions& /*options*/) {
  const config::Configuration defaults;
  const config::Configuration& config = services_.config != nullptr ? *services_.config : defaults;
  WEIR_ASSIGN_OR_RAISE(runtime::CheckpointingSettings settings,
                       runtime::CheckpointingSettings::FromConfiguration(config));
  // BATCH jobs take no checkpoints (as in Flink); a failover reruns them from the start.
  const bool checkpointing = settings.periodic() && !batch();
  WEIR_ASSIGN_OR_RAISE(std::unique_ptr<RestartBackoff> backoff,
                       RestartBackoff::Make(config, checkpointing));
  {
    std::lock_guard<std::mutex> lock(mu_);
    restart_backoff_ = std::move(backoff);
  }
  if (batch()) {
    if (settings.periodic()) {
      WEIR_LOG_INFO("job {} runs in BATCH mode: execution.checkpointing.interval is ignored",
                    job_name_);
    }
    return Status::OK();
  }
  if (settings.periodic() && settings.checkpoints_dir.empty()) {
    return Status::Invalid("execution.checkpointing.interval is set but no checkpoint directory ",
                           "(execution.checkpointing.dir) is configured for job ", job_name_);
  }
  if (services_.io_executor == nullptr || services_.timer_scheduler == nullptr) {
    if (settings.periodic()) {
      return Status::Invalid("checkpointing needs an I/O executor and a timer scheduler");
    }
    return Status::OK();  // no checkpoints, no savepoints
  }
  runtime::FsCheckpointStorageOptions storage_options;
  storage_options.checkpoints_dir = settings.checkpoints_dir;
  storage_options.savepoints_dir = settings.savepoints_dir;
  WEIR_ASSIGN_OR_RAISE(auto storage, runtime::FsCheckpointStorage::Make(job_id_, storage_options));
  gateway_ = std::make_shared<Gateway>(this);
  runtime::CheckpointCoordinatorOptions coordinator_options;
  coordinator_options.settings = settings;
  coordinator_options.storage = storage;
  coordinator_options.gateway = gateway_;
  coordinator_options.scheduler = services_.timer_scheduler;
  coordinator_options.io_executor = services_.io_executor;
  coordinator_options.fail_job = [this](Status error) { Fail(error); };
  WEIR_ASSIGN_OR_RAISE(coordinator_, runtime::CheckpointCoordinator::Make(coordinator_options));
  state_services_->storage = std::move(storage);
  state_services_->coordinator = coordinator_;
  return Status::OK();
}

Result<std::string> JobExecution::TriggerSavepoint(const std::string& target_dir,
                                                   std::chrono::milliseconds timeout) {
  return RunSavepoint(target_dir, runtime::SnapshotKind::kSavepoint, timeout);
}

Result<std::string> JobExecution::StopWithSavepoint(const std::string& target_dir, bool drain,
                                                    std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  const JobStatus before = status();
  if (before != JobStatus::kRunning) {
    return Status::Invalid("cannot stop job ", job_id_.ToString(), " with a savepoint: it is ",
                           JobStatusName(before), ", not RUNNING");
  }
  WEIR_ASSIGN_OR_RAISE(std::string path,
                       RunSavepoint(target_dir,
                                    drain ? runtime::SnapshotKind::kSavepointTerminate
                                          : runtime::SnapshotKind::kSavepointSuspend,
                                    timeout));
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline - std::chrono::steady_clock::now());
  WEIR_ASSIGN_OR_RAISE(JobResult result,
                       WaitForResult(std::max(left, std::chrono::milliseconds(0))));
  if (result.status != JobStatus::kFinished) {
    return Status::Internal("job ", job_id_.ToString(), " ended ", JobStatusName(result.status),
                            " instead of FINISHED after stop-with-savepoint ", path, ": ",
                            result.failure.ToString());
  }
  return path;
}

Result<std::string> JobExecution::RunSavepoint(const std::string& target_dir,
                                               runtime::SnapshotKind kind,
                                               std::chrono::milliseconds timeout) {
  if (batch()) {
    return Status::NotSupported("savepoints of BATCH jobs (execution.runtime-mode): job ",
                                job_id_.ToString(), " runs in BATCH mode and takes no snapshots");
  }
  if (coordinator_ == nullptr) {
    return Status::NotSupported("job ", job_id_.ToString(), " cannot take savepoints: the ",
                                "cluster has no checkpoint services");
  }
  struct Outcome {
    std::mutex mu;
    std::condition_variable cv;
    bool done = false;
    Status status;
    std::string path;
  };
  auto outcome = std::make_shared<Outcome>();
  coordinator_->TriggerSavepoint(target_dir, kind,
                                 [outcome](Result<runtime::CompletedCheckpointPtr> r) {
                                   std::lock_guard<std::mutex> lock(outcome->mu);
                                   if (r.ok()) {
                                     outcome->path = (*r)->directory;
                                   } else {
                                     outcome->status = r.status();
                                   }
                                   outcome->done = true;
                                   outcome->cv.notify_all();
                                 });
  std::unique_lock<std::mutex> lock(outcome->mu);
  if (!outcome->cv.wait_for(lock, timeout, [&] { return outcome->done; })) {
    return Status::Timeout(runtime::SnapshotKindName(kind), " of job ", job_id_.ToString(),
                           " did not complete within ", timeout.count(), " ms");
  }
  if (!outcome->status.ok()) return outcome->status;
  return outcome->path;
}

void JobExecution::StopCheckpointing() {
  if (coordinator_ != nullptr) coordinator_->Shutdown();
  if (gateway_ != nullptr) gateway_->Detach();
}

runtime::Task* JobExecution::FindTask(runtime::VertexId vertex, int32_t subtask,
                                      int32_t attempt) const {
  std::lock_guard<std::mutex> lock(mu_);
  if (attempt != attempt_ || tasks_.empty()) return nullptr;
  const auto& vertices = job_.vertices();
  for (size_t v = 0; v < vertices.size(); ++v) {
    if (vertices[v].id != vertex) continue;
    if (subtask < 0 || subtask >= vertices[v].parallelism) return nullptr;
    return tasks_[first_task_[v] + static_cast<size_t>(subtask)].get();
  }
  return nullptr;
}

runtime::JobTasksView JobExecution::CurrentTasks() const {
  std::lock_guard<std::mutex> lock(mu_);
  runtime::JobTasksView view;
  if (tasks_.empty()) return view;
  const auto& vertices = job_.vertices();
  for (size_t v = 0; v < vertices.size(); ++v) {
    const JobVertex& vertex = vertices[v];
    runtime::CheckpointVertex cv;
    cv.id = vertex.id;
    cv.hex_id = vertex.hex_id;
    cv.name = vertex.name;
    for (const auto& op : vertex.operators) cv.operator_uids.push_back(op.uid);
    cv.parallelism = vertex.parallelism;
    cv.max_parallelism = vertex.max_parallelism;
    for (int32_t s = 0; s < vertex.parallelism; ++s) {
      const TaskState state = tasks_[first_task_[v] + static_cast<size_t>(s)]->state();
      cv.subtask_states.push_back(
          state == TaskState::kRunning    ? runtime::TaskExecutionState::kRunning
          : state == TaskState::kFinished ? runtime::TaskExecutionState::kFinished
                                          : runtime::TaskExecutionState::kNotRunning);
      cv.subtask_attempts.push_back(attempt_);
    }
    const auto& subtasks = graph_.subtasks(vertex.id);
    for (size_t g = 0; g < vertex.input_edges.size(); ++g) {
      const runtime::JobEdge& edge = job_.edge(vertex.input_edges[g]);
      runtime::CheckpointVertexInput input;
      input.upstream = edge.source;
      const auto kind = edge.partitioner.kind;
      input.all_to_all =
          kind != runtime::PartitionerKind::kForward && kind != runtime::PartitionerKind::kRescale;
      if (!input.all_to_all) {
        for (const ExecutionVertex& ev : subtasks) {
          std::vector<int32_t> producers;
          for (const auto& channel : ev.input_gates[g].channels) {
            producers.push_back(channel.producer_subtask);
          }
          input.upstream_subtasks.push_back(std::move(producers));
        }
      }
      cv.inputs.push_back(std::move(input));
    }
    view.vertices.push_back(std::move(cv));
  }
  return view;
}

void JobExecution::ReleaseTasks() {
  DetachTasks();
  StopCheckpointing();
  std::vector<std::shared_ptr<Task>> tasks;
  {
    std::lock_guard<std::mutex> lock(mu_);
    tasks.swap(tasks_);
    num_terminal_ = 0;  // every remaining (zero) task is terminal
  }
}

void JobExecution::DetachTasks() {
  std::vector<std::shared_ptr<Task>> tasks;
  {
    std::unique_lock<std::mutex> lock(mu_);
    // Tasks never started are canceled synchronously by Cancel(); started ones report.
    terminal_cv_.wait(lock, [&] { return num_terminal_ == static_cast<int32_t>(tasks_.size()); });
    if (detached_) return;
    detached_ = true;
    tasks = tasks_;
  }
  for (auto& task : tasks) task->Detach();
}

int32_t JobExecution::TaskManagerOf(size_t vertex_position, int32_t subtask) const {
  const auto& placement = services_.slots.placement;
  if (vertex_position >= placement.size()) return 0;
  const std::vector<int32_t>& subtasks = placement[vertex_position];
  if (subtask < 0 || static_cast<size_t>(subtask) >= subtasks.size()) return 0;
  const int32_t tm = subtasks[static_cast<size_t>(subtask)];
  return tm >= 0 && static_cast<size_t>(tm) < services_.networks.size() ? tm : 0;
}

Status JobExecution::Deploy(int32_t attempt, std::shared_ptr<const JobRestoreState> restore,
                            std::vector<std::shared_ptr<Task>>* tasks) {
  const auto& vertices = job_.vertices();
  // Position of each vertex in vertices() by id.
  std::unordered_map<int32_t, size_t> position;
  for (size_t v = 0; v < vertices.size(); ++v) position[vertices[v].id.value()] = v;

  // gates[v][s][g]: input gate g of subtask s of vertex v.
  std::vector<std::vector<std::vector<std::shared_ptr<InputGate>>>> gates(vertices.size());
  std::vector<std::vector<std::vector<std::shared_ptr<ResultPartition>>>> partitions(
      vertices.size());
  for (size_t v = 0; v < vertices.size(); ++v) {
    const JobVertex& vertex = vertices[v];
    const auto& subtasks = graph_.subtasks(vertex.id);
    gates[v].resize(subtasks.size());
    partitions[v].resize(subtasks.size());
    for (const ExecutionVertex& ev : subtasks) {
      for (const runtime::InputGateSpec& spec : ev.input_gates) {
        WEIR_ASSIGN_OR_RAISE(
            auto gate, services_.networks[TaskManagerOf(v, ev.subtask_index)]->CreateInputGate(
                           StrCat(vertex.name, " (", ev.subtask_index + 1, "/", ev.parallelism,
                                  ") gate ", spec.job_edge),
                           static_cast<int32_t>(spec.channels.size()), spec.target_input));
        gates[v][ev.subtask_index].push_back(std::move(gate));
      }
    }
  }
  for (size_t v = 0; v < vertices.size(); ++v) {
    const JobVertex& vertex = vertices[v];
    for (const ExecutionVertex& ev : graph_.subtasks(vertex.id)) {
      for (const runtime::ResultPartitionSpec& spec : ev.partitions) {
        WEIR_ASSIGN_OR_RAISE(
            auto partition,
            services_.networks[TaskManagerOf(v, ev.subtask_index)]->CreateResultPartition(
                StrCat(vertex.name, " (", ev.subtask_index + 1, "/", ev.parallelism, ") partition ",
                       spec.job_edge),
                static_cast<int32_t>(spec.subpartitions.size()),
                job_.edge(spec.job_edge).partitioner, spec.consumer_max_parallelism,
                ev.subtask_index, services_.operator_pool.get()));
        auto it = position.find(spec.consumer.value());
        if (it == position.end()) {
          return Status::Internal("job edge ", spec.job_edge, " targets an unknown vertex");
        }
        const JobVertex& consumer = vertices[it->second];
        // The consumer's gate for this edge.
        int32_t gate_index = -1;
        for (size_t g = 0; g < consumer.input_edges.size(); ++g) {
          if (consumer.input_edges[g] == spec.job_edge) gate_index = static_cast<int32_t>(g);
        }
        if (gate_index < 0) {
          return Status::Internal("job edge ", spec.job_edge, " is not an input of ",
                                  consumer.name);
        }
        for (size_t s = 0; s < spec.subpartitions.size(); ++s) {
          const runtime::SubpartitionTarget& target = spec.subpartitions[s];
          WEIR_RETURN_NOT_OK(partition->ConnectLocal(
              static_cast<int32_t>(s), gates[it->second][target.consumer_subtask][gate_index],
              target.channel));
        }
        partitions[v][ev.subtask_index].push_back(std::move(partition));
      }
    }
  }

  for (size_t v = 0; v < vertices.size(); ++v) {
    const JobVertex& vertex = vertices[v];
    // The chain specs are the same for every subtask.
    std::vector<ChainedOperatorSpec> specs;
    for (size_t i = 0; i < vertex.operators.size(); ++i) {
      const runtime::ChainedOperator& op = vertex.operators[i];
      ChainedOperatorSpec spec;
      spec.uid = op.uid;
      spec.name = op.name;
      spec.factory = op.factory;
      spec.side_outputs.resize(op.side_outputs.size());
      if (i + 1 < vertex.operators.size()) {
        spec.outputs.push_back(ChainTarget::ToOperator(static_cast<int32_t>(i + 1), 0));
      }
      for (int32_t edge_id : op.output_edges) {
        int32_t partition_index = -1;
        for (size_t p = 0; p < vertex.output_edges.size(); ++p) {
          if (vertex.output_edges[p] == edge_id) partition_index = static_cast<int32_t>(p);
        }
        if (partition_index < 0) {
          return Status::Internal("job edge ", edge_id, " is not an output of ", vertex.name);
        }
        const runtime::JobEdge& edge = job_.edge(edge_id);
        if (edge.source_output == runtime::kMainOutput) {
          spec.outputs.push_back(ChainTarget::ToPartition(partition_index));
        } else if (edge.source_output >= 0 &&
                   edge.source_output < static_cast<int32_t>(spec.side_outputs.size())) {
          spec.side_outputs[edge.source_output].push_back(
              ChainTarget::ToPartition(partition_index));
        } else {
          return Status::Internal("job edge ", edge_id, " leaves undeclared side output ",
                                  edge.source_output, " of ", op.name);
        }
      }
      specs.push_back(std::move(spec));
    }
    for (const ExecutionVertex& ev : graph_.subtasks(vertex.id)) {
      auto hook = std::make_shared<TaskStateHook>(
          state_services_, &vertex, runtime::TaskRef{vertex.id, ev.subtask_index, attempt},
          restore);
      TaskDeployment d;
      d.snapshot_hook = hook;
      d.job_id = job_id_;
      d.vertex_id = vertex.id;
      d.task_name = runtime::SubtaskDisplayName(vertex, ev.subtask_index);
      d.subtask_index = ev.subtask_index;
      d.parallelism = ev.parallelism;
      d.max_parallelism = ev.max_parallelism;
      d.operators = specs;
      d.input_gates = gates[v][ev.subtask_index];
      d.result_partitions = partitions[v][ev.subtask_index];
      d.memory_pool = services_.operator_pool.get();
      d.processing_time = services_.processing_time;
      d.options = services_.task_options;
      d.options.wait_for_final_checkpoint = wait_for_final_checkpoint_;
      d.options.batch = batch();
      d.attempt = attempt;
      d.on_state_change = [this, attempt](const runtime::TaskStateChange& c) {
        OnTaskStateChange(attempt, c);
      };
      WEIR_ASSIGN_OR_RAISE(auto task, Task::Make(std::move(d), services_.worker_pool));
      tasks->push_back(std::move(task));
    }
  }
  return Status::OK();
}

void JobExecution::Start() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (status_ != JobStatus::kCreated) return;
    TransitionLocked(JobStatus::kRunning);
  }
  // Consumers first, so no producer waits on a consumer that is not scheduled yet.
  const std::vector<std::shared_ptr<Task>> tasks = this->tasks();
  for (auto it = tasks.rbegin(); it != tasks.rend(); ++it) (*it)->Start();
  if (coordinator_ != nullptr) coordinator_->StartPeriodicScheduling();
  WatchForFinalCheckpoint(0);
}

void JobExecution::WatchForFinalCheckpoint(int32_t attempt) {
  if (!wait_for_final_checkpoint_ || coordinator_ == nullptr) return;
  constexpr int64_t kPollMs = 10;
  constexpr int64_t kRetryMs = 100;
  bool sources_ended = true;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (status_ != JobStatus::kRunning || attempt != attempt_) return;  // stale watch
    const auto& vertices = job_.vertices();
    for (size_t v = 0; v < vertices.size() && sources_ended; ++v) {
      if (!vertices[v].input_edges.empty()) continue;
      for (int32_t s = 0; s < vertices[v].parallelism; ++s) {
        const Task& task = *tasks_[first_task_[v] + static_cast<size_t>(s)];
        if (task.state() != TaskState::kFinished &&
            task.last_slice_result() != runtime::SliceResult::kWaitingForCheckpoint) {
          sources_ended = false;
          break;
        }
      }
    }
  }
  // Once the sources ended, keep a checkpoint going until the job finishes (a declined or
  // aborted final checkpoint is retried).
  if (sources_ended && coordinator_->PendingCheckpointIds().empty()) {
    WEIR_LOG_DEBUG("job {} ({}): every source ended; triggering a final checkpoint", job_name_,
                   job_id_.ToString());
    coordinator_->TriggerCheckpoint();
  }
  std::weak_ptr<JobExecution> weak = weak_from_this();
  services_.timer_scheduler->Schedule(sources_ended ? kRetryMs : kPollMs, [weak, attempt] {
    if (std::shared_ptr<JobExecution> job = weak.lock()) job->WatchForFinalCheckpoint(attempt);
  });
}

void JobExecution::Cancel() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (IsTerminal(status_) || status_ == JobStatus::kCancelling) return;
    if (status_ == JobStatus::kCreated) {
      TransitionLocked(JobStatus::kCanceled);
    } else {
      TransitionLocked(JobStatus::kCancelling);
    }
  }
  StopCheckpointing();
  CancelTasks();
  std::lock_guard<std::mutex> lock(mu_);
  MaybeCompleteLocked();
}

void JobExecution::Fail(const Status& error) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (IsTerminal(status_) || status_ == JobStatus::kCancelling || !failure_.ok()) return;
    failure_ = error;
    failure_.IgnoreError();
    WEIR_LOG_INFO("job {} ({}) is failing: {}", job_name_, job_id_.ToString(), error.ToString());
    TransitionLocked(JobStatus::kFailing);
  }
  StopCheckpointing();
  CancelTasks();
  std::lock_guard<std::mutex> lock(mu_);
  MaybeCompleteLocked();
}

void JobExecution::CancelTasks() {
  // Outside mu_: Cancel of a task never started reports its state change synchronously.
  for (auto& task : tasks()) task->Cancel();
}

JobStatus JobExecution::status() const {
  std::lock_guard<std::mutex> lock(mu_);
  return status_;
}

Result<JobResult> JobExecution::WaitForResult(std::optional<std::chrono::milliseconds> timeout) {
  std::unique_lock<std::mutex> lock(mu_);
  auto done = [&] { return IsTerminal(status_); };
  if (timeout.has_value()) {
    if (!terminal_cv_.wait_for(lock, *timeout, done)) {
      return Status::Timeout("job did not reach a terminal state within ", timeout->count(),
                             " ms; status ", JobStatusName(status_), " of job ",
                             job_id_.ToString());
    }
  } else {
    terminal_cv_.wait(lock, done);
  }
  JobResult result{
      status_, failure_, restarts_,
      std::chrono::duration_cast<std::chrono::milliseconds>(ended_ - started_).count()};
  // The status above is the outcome; the failure is its explanation (callers need not look).
  result.failure.IgnoreError();
  return result;
}

std::vector<std::shared_ptr<Task>> JobExecution::tasks() const {
  std::lock_guard<std::mutex> lock(mu_);
  return tasks_;
}

void JobExecution::OnTaskStateChange(int32_t attempt, const runtime::TaskStateChange& change) {
  // Inspect the error even when it is not kept (a later failure, or a cancel in progress).
  const bool has_error = !change.error.ok();
  if (!runtime::IsTerminal(change.to)) return;
  bool cancel_others = false;
  bool restart = false;
  bool schedule_restart = false;
  bool now_terminal = false;
  Status cause;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (attempt != attempt_) return;  // a task of an earlier attempt
    ++num_terminal_;
    const bool unexpected = change.to == TaskState::kFailed ||
                            (change.to == TaskState::kCanceled && status_ == JobStatus::kRunning);
    if (unexpected && status_ == JobStatus::kRunning) {
      if (has_error) {
        cause = change.error;
      } else if (change.to == TaskState::kCanceled) {
        cause = Status::Cancelled("task ", change.task->name(), " was canceled");
      } else {
        cause = Status::Internal("task ", change.task->name(), " failed");
      }
      cause.IgnoreError();
      cancel_others = true;
      restart_backoff_->NotifyFailure(std::chrono::duration_cast<std::chrono::milliseconds>(
                                          std::chrono::steady_clock::now().time_since_epoch())
                                          .count());
      if (services_.timer_scheduler != nullptr && restart_backoff_->CanRestart()) {
        WEIR_LOG_INFO("job {} ({}) is restarting (attempt {}, {}): task {} failed: {}", job_name_,
                      job_id_.ToString(), attempt_ + 1, restart_backoff_->ToString(),
                      change.task->name(), cause.ToString());
        TransitionLocked(JobStatus::kRestarting);
        restart = true;
      } else {
        failure_ = cause;
        failure_.IgnoreError();
        WEIR_LOG_INFO("job {} ({}) is failing: task {} failed: {}", job_name_, job_id_.ToString(),
                      change.task->name(), cause.ToString());
        TransitionLocked(JobStatus::kFailing);
      }
    }
    schedule_restart = MaybeCompleteLocked();
    now_terminal = IsTerminal(status_);
    terminal_cv_.notify_all();
  }
  if (now_terminal) StopCheckpointing();
  if (change.to == TaskState::kFinished && coordinator_ != nullptr) {
    coordinator_->ReportTaskFinished(runtime::TaskRef{
        change.task->deployment().vertex_id, change.task->deployment().subtask_index, attempt});
  }
  if (cancel_others) {
    if (restart) {
      if (coordinator_ != nullptr) {
        coordinator_->StopPeriodicScheduling();
        coordinator_->AbortPendingCheckpoints(runtime::CheckpointFailureReason::kTaskFailure,
                                              cause);
      }
    } else {
      StopCheckpointing();
    }
    CancelTasks();
    std::lock_guard<std::mutex> lock(mu_);
    schedule_restart = schedule_restart || MaybeCompleteLocked();
  }
  if (schedule_restart) ScheduleRestart();
}

void JobExecution::ScheduleRestart() {
  std::weak_ptr<JobExecution> weak = weak_from_this();
  int64_t delay_ms = 0;
  {
    std::lock_guard<std::mutex> lock(mu_);
    delay_ms = restart_backoff_->BackoffTimeMs();
  }
  services_.timer_scheduler->Schedule(delay_ms, [weak] {
    if (std::shared_ptr<JobExecution> job = weak.lock()) job->Restart();
  });
}

Result<std::shared_ptr<const JobRestoreState>> JobExecution::PlanRestart() const {
  if (coordinator_ == nullptr) return std::shared_ptr<const JobRestoreState>();
  runtime::CompletedCheckpointPtr point = coordinator_->LatestRestorePoint();
  if (point == nullptr) return std::shared_ptr<const JobRestoreState>();
  return PlanRestoreFrom(point->metadata, point->directory);
}

Result<std::shared_ptr<const JobRestoreState>> JobExecution::PlanRestoreFrom(
    const runtime::CheckpointMetadata& metadata, const std::string& directory) const {
  std::vector<runtime::RestoreOperatorSpec> specs;
  for (const JobVertex& vertex : job_.vertices()) {
    for (const auto& op : vertex.operators) {
      runtime::RestoreOperatorSpec spec;
      spec.uid = op.uid;
      spec.parallelism = vertex.parallelism;
      spec.max_parallelism = vertex.max_parallelism;
      specs.push_back(std::move(spec));
    }
  }
  auto restore = std::make_shared<JobRestoreState>();
  WEIR_ASSIGN_OR_RAISE(restore->plan,
                       runtime::PlanRestore(metadata, specs, allow_non_restored_state_));
  restore->opener = std::make_shared<runtime::FsCheckpointStreamOpener>(directory);
  return std::shared_ptr<const JobRestoreState>(std::move(restore));
}

void JobExecution::Restart() {
  int32_t attempt = 0;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (status_ != JobStatus::kRestarting) return;
    attempt = attempt_ + 1;
  }
  std::vector<std::shared_ptr<Task>> tasks;
  Status st;
  Result<std::shared_ptr<const JobRestoreState>> restore = PlanRestart();
  if (restore.ok()) {
    st = Deploy(attempt, *restore, &tasks);
  } else {
    st = restore.status();
  }
  std::vector<std::shared_ptr<Task>> old;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (status_ != JobStatus::kRestarting) return;  // canceled meanwhile; drop the new tasks
    if (!st.ok()) {
      failure_ = st;
      failure_.IgnoreError();
      TransitionLocked(JobStatus::kFailed);
    } else {
      old.swap(tasks_);
      tasks_ = tasks;
      attempt_ = attempt;
      ++restarts_;
      num_terminal_ = 0;
      restart_scheduled_ = false;
      TransitionLocked(JobStatus::kRunning);
    }
  }
  if (!st.ok()) {
    StopCheckpointing();
    return;
  }
  // The old attempt's tasks are terminal; stop scheduling them before dropping them.
  for (auto& task : old) task->Detach();
  old.clear();
  for (auto it = tasks.rbegin(); it != tasks.rend(); ++it) (*it)->Start();
  if (coordinator_ != nullptr) coordinator_->StartPeriodicScheduling();
  WatchForFinalCheckpoint(attempt);
}

int32_t JobExecution::attempt() const {
  std::lock_guard<std::mutex> lock(mu_);
  return attempt_;
}

void JobExecution::TransitionLocked(JobStatus to) {
  if (!IsLegalJobTransition(status_, to)) return;
  WEIR_LOG_DEBUG("job {} ({}) switched from {} to {}", job_name_, job_id_.ToString(),
                 JobStatusName(status_), JobStatusName(to));
  status_ = to;
  if (to == JobStatus::kRunning && started_ == std::chrono::steady_clock::time_point()) {
    started_ = std::chrono::steady_clock::now();
  }
  if (IsTerminal(to)) {
    ended_ = std::chrono::steady_clock::now();
    terminal_cv_.notify_all();
  }
}

bool JobExecution::MaybeCompleteLocked() {
  if (num_terminal_ < static_cast<int32_t>(tasks_.size())) return false;
  switch (status_) {
    case JobStatus::kRunning:
      TransitionLocked(JobStatus::kFinished);
      break;
    case JobStatus::kFailing:
      TransitionLocked(JobStatus::kFailed);
      break;
    case JobStatus::kCancelling:
      TransitionLocked(JobStatus::kCanceled);
      break;
    case JobStatus::kRestarting:
      if (!restart_scheduled_) {
        restart_scheduled_ = true;
        return true;
      }
      break;
    default:
      break;
  }
  return false;
}

}  // namespace weir::cluster
