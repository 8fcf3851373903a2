// MiniCluster: services shared by the jobs of an in-process cluster.
#include "weir/cluster/minicluster/mini_cluster.h"

#include "weir/common/config/core_options.h"
#include "weir/common/config/option_registry.h"
#include "weir/runtime/network/network_config.h"

namespace weir::cluster {

Result<std::unique_ptr<MiniCluster>> MiniCluster::Make(const config::Configuration& config,
                                                       std::shared_ptr<MemoryPool> root) {
  WEIR_ASSIGN_OR_RAISE(MemoryBudget budget, MemoryBudget::FromConfiguration(config));
  WEIR_ASSIGN_OR_RAISE(int32_t threads, config::ResolveWorkerThreads(config));
  WEIR_ASSIGN_OR_RAISE(runtime::NetworkConfig network,
                       runtime::NetworkConfig::FromConfiguration(config));
  std::unique_ptr<MiniCluster> cluster(new MiniCluster(config));
  if (root == nullptr) {
    cluster->pools_ = MakeMemoryBudgetPools(budget);
  } else {
    MemoryBudgetPools& p = cluster->pools_;
    p.process = root;
    p.network = root->MakeChild("network", budget.network, OverLimitPolicy::kWait);
    p.state = root->MakeChild("state", budget.state);
    p.operators = root->MakeChild("operators", budget.operators);
  }
  cluster->worker_pool_ = std::make_unique<runtime::WorkerPool>(threads, "weir-worker");
  cluster->processing_time_ = runtime::ProcessingTimeService::MakeSystem();
  cluster->io_executor_ = std::make_unique<runtime::ThreadIoExecutor>("weir-io", 2);
  cluster->timer_scheduler_ = std::make_unique<runtime::ThreadTimerScheduler>();
  cluster->task_options_.buffer_timeout_ms = network.buffer_timeout_ms;
  WEIR_ASSIGN_OR_RAISE(int32_t num_task_managers, config.Get(kMiniClusterNumberOfTaskManagers));
  if (num_task_managers < 1) {
    return Status::Invalid("Invalid value ", num_task_managers, " for key '",
                           kMiniClusterNumberOfTaskManagers.key(), "': must be at least 1");
  }
  int32_t slots = kOnDemandSlots;
  if (config.Contains(config::kTaskManagerNumberOfTaskSlots)) {
    WEIR_ASSIGN_OR_RAISE(slots, config.Get(config::kTaskManagerNumberOfTaskSlots));
    if (slots < 1) {
      return Status::Invalid("Invalid value ", slots, " for key '",
                             config::kTaskManagerNumberOfTaskSlots.key(),
                             "': must be at least 1");
    }
  }
  for (int32_t t = 0; t < num_task_managers; ++t) {
    LocalTaskManager tm;
    tm.index = t;
    tm.num_slots = slots;
    // One TaskManager uses the whole network pool; several split it evenly.
    std::shared_ptr<MemoryPool> pool =
        num_task_managers == 1
            ? cluster->pools_.network
            : cluster->pools_.network->MakeChild(StrCat("taskmanager-", t, "-network"),
                                                 budget.network / num_task_managers,
                                                 OverLimitPolicy::kWait);
    tm.network = std::make_unique<runtime::NetworkEnvironment>(network, std::move(pool));
    cluster->task_managers_.push_back(std::move(tm));
  }
  return cluster;
}

Status RegisterMiniClusterOptions(config::OptionRegistry& registry) {
  return registry.Register(kMiniClusterNumberOfTaskManagers.spec());
}

MiniCluster::~MiniCluster() {
  std::vector<std::shared_ptr<JobExecution>> jobs;
  {
    std::lock_guard<std::mutex> lock(mu_);
    jobs.swap(jobs_);
  }
  // Each job cancels itself and waits for its tasks when its last reference goes; clients
  // still holding one keep the (stopped) job alive without the cluster's services.
  for (auto& job : jobs) {
    job->Cancel();
    Result<JobResult> r = job->WaitForResult(std::nullopt);
    WEIR_CHECK_OK(r.status());
    job->ReleaseTasks();
  }
  jobs.clear();
  io_executor_->Shutdown();
  timer_scheduler_.reset();
  worker_pool_->Shutdown();
}

Result<JobClient> MiniCluster::SubmitJob(const runtime::JobGraph& job, JobSubmitOptions options) {
  JobServices services;
  services.worker_pool = worker_pool_.get();
  services.processing_time = processing_time_.get();
  for (const LocalTaskManager& tm : task_managers_) services.networks.push_back(tm.network.get());
  services.operator_pool = pools_.operators;
  services.task_options = task_options_;
  services.io_executor = io_executor_.get();
  services.timer_scheduler = timer_scheduler_.get();
  services.config = &config_;
  if (!options.job_config.empty()) {
    auto merged = std::make_shared<config::Configuration>(config_);
    merged->AddAll(options.job_config);
    services.owned_config = merged;
    services.config = merged.get();
  }
  std::shared_ptr<JobExecution> execution;
  {
    // Slots are held from deployment until the job is terminal.
    std::lock_guard<std::mutex> lock(mu_);
    std::vector<int32_t> free_slots;
    for (const LocalTaskManager& tm : task_managers_) free_slots.push_back(tm.num_slots);
    for (const auto& running : jobs_) {
      if (IsTerminal(running->status())) continue;
      const std::vector<int32_t>& held = running->slots().slots_per_task_manager;
      for (size_t t = 0; t < held.size() && t < free_slots.size(); ++t) {
        if (free_slots[t] != kOnDemandSlots) free_slots[t] -= held[t];
      }
    }
    WEIR_ASSIGN_OR_RAISE(services.slots, AssignSlots(job, free_slots));
    WEIR_ASSIGN_OR_RAISE(execution, JobExecution::Make(job, services, std::move(options)));
    jobs_.push_back(execution);
  }
  execution->Start();
  return JobClient(execution);
}

}  // namespace weir::cluster
