// MiniCluster: services shared by the jobs of an in-process cluster.
#include "weir/cluster/minicluster/mini_cluster.h"

#include "weir/common/config/core_options.h"
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
  cluster->network_ =
      std::make_unique<runtime::NetworkEnvironment>(network, cluster->pools_.network);
  return cluster;
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
  services.network = network_.get();
  services.operator_pool = pools_.operators;
  services.task_options = task_options_;
  services.io_executor = io_executor_.get();
  services.timer_scheduler = timer_scheduler_.get();
  services.config = &config_;
  WEIR_ASSIGN_OR_RAISE(std::shared_ptr<JobExecution> execution,
                       JobExecution::Make(job, services, std::move(options)));
  {
    std::lock_guard<std::mutex> lock(mu_);
    jobs_.push_back(execution);
  }
  execution->Start();
  return JobClient(execution);
}

}  // namespace weir::cluster
