// MiniCluster: a JobManager and one TaskManager in one process, for tests and local runs.
#pragma once

#include <memory>
#include <mutex>
#include <vector>

#include "weir/cluster/minicluster/job_client.h"
#include "weir/cluster/minicluster/job_execution.h"
#include "weir/common/config/configuration.h"
#include "weir/common/memory/memory_budget.h"
#include "weir/common/memory/memory_pool.h"
#include "weir/common/result.h"
#include "weir/runtime/checkpoint/coordinator_time.h"
#include "weir/runtime/checkpoint/io_executor.h"
#include "weir/runtime/exec/processing_time_service.h"
#include "weir/runtime/exec/worker_pool.h"
#include "weir/runtime/graph/job_graph.h"
#include "weir/runtime/network/network_environment.h"

namespace weir::cluster {

/// Runs job graphs in-process: one worker pool (weir.worker-threads), one processing-time
/// service, one I/O executor for checkpoint persistence, one network environment (the
/// taskmanager.network.* options) and the memory pools of the budget
/// (taskmanager.memory.*). SubmitJob deploys a job and returns its client.
/// Thread: thread-safe. Destroying the cluster cancels its running jobs and waits for them.
class MiniCluster {
 public:
  /// Creates a cluster from `config`. With `root` the budget's pools are children of `root`
  /// (tests give a small root to check accounting); otherwise a fresh root is made (the
  /// process default pool is left alone).
  static Result<std::unique_ptr<MiniCluster>> Make(const config::Configuration& config,
                                                   std::shared_ptr<MemoryPool> root = nullptr);
  ~MiniCluster();
  MiniCluster(const MiniCluster&) = delete;
  MiniCluster& operator=(const MiniCluster&) = delete;

  /// Deploys `job` and starts it; the returned client's job is RUNNING (or already ended).
  /// With execution.checkpointing.interval set in the cluster's configuration the job takes
  /// periodic checkpoints under execution.checkpointing.dir/<job-id>/.
  Result<JobClient> SubmitJob(const runtime::JobGraph& job, JobSubmitOptions options = {});

  const config::Configuration& config() const { return config_; }
  runtime::WorkerPool& worker_pool() { return *worker_pool_; }
  runtime::ProcessingTimeService& processing_time() { return *processing_time_; }
  runtime::IoExecutor& io_executor() { return *io_executor_; }
  const runtime::NetworkEnvironment& network() const { return *network_; }
  const MemoryBudgetPools& pools() const { return pools_; }

 private:
  explicit MiniCluster(config::Configuration config) : config_(std::move(config)) {}

  const config::Configuration config_;
  MemoryBudgetPools pools_;
  std::unique_ptr<runtime::WorkerPool> worker_pool_;
  std::unique_ptr<runtime::ProcessingTimeService> processing_time_;
  std::unique_ptr<runtime::ThreadIoExecutor> io_executor_;
  std::unique_ptr<runtime::ThreadTimerScheduler> timer_scheduler_;
  std::unique_ptr<runtime::NetworkEnvironment> network_;
  runtime::TaskOptions task_options_;

  std::mutex mu_;
  std::vector<std::shared_ptr<JobExecution>> jobs_;  // REQUIRES: mu_ held
};

}  // namespace weir::cluster
