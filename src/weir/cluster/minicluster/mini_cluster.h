// MiniCluster: a JobManager and TaskManagers in one process, for tests and local runs.
#pragma once

#include <memory>
#include <mutex>
#include <vector>

#include "weir/cluster/minicluster/job_client.h"
#include "weir/cluster/minicluster/job_execution.h"
#include "weir/cluster/minicluster/slot_assignment.h"
#include "weir/common/config/config_option.h"
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

namespace weir::config {
class OptionRegistry;
}  // namespace weir::config

namespace weir::cluster {

inline constexpr config::ConfigOption<int32_t> kMiniClusterNumberOfTaskManagers =
    config::ConfigOption<int32_t>("minicluster.number-of-taskmanagers")
        .WithDefault("1")
        .WithDescription("Number of TaskManagers of the embedded mini-cluster.");

/// Registers the mini-cluster's options.
Status RegisterMiniClusterOptions(config::OptionRegistry& registry);

/// One TaskManager of a mini-cluster: its slots and its network stack (buffers of a
/// TaskManager come from its own share of the network memory).
struct LocalTaskManager {
  int32_t index = 0;
  /// taskmanager.numberOfTaskSlots, or kOnDemandSlots when the option is not set.
  int32_t num_slots = kOnDemandSlots;
  std::unique_ptr<runtime::NetworkEnvironment> network;
};

/// Runs job graphs in-process: one worker pool (weir.worker-threads), one processing-time
/// service, one I/O executor for checkpoint persistence, minicluster.number-of-taskmanagers
/// TaskManagers with taskmanager.numberOfTaskSlots slots each (unset: as many as a job needs)
/// and an equal share each of the network memory (the taskmanager.network.* options), and
/// the memory pools of the budget (taskmanager.memory.*). SubmitJob places the job's subtasks
/// on slots (slot sharing groups, see AssignSlots), deploys it and returns its client; a job
/// holds its slots until it ends.
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
  /// Returns the network environment of TaskManager 0.
  const runtime::NetworkEnvironment& network() const { return *task_managers_[0].network; }
  const std::vector<LocalTaskManager>& task_managers() const { return task_managers_; }
  const MemoryBudgetPools& pools() const { return pools_; }

 private:
  explicit MiniCluster(config::Configuration config) : config_(std::move(config)) {}

  const config::Configuration config_;
  MemoryBudgetPools pools_;
  std::unique_ptr<runtime::WorkerPool> worker_pool_;
  std::unique_ptr<runtime::ProcessingTimeService> processing_time_;
  std::unique_ptr<runtime::ThreadIoExecutor> io_executor_;
  std::unique_ptr<runtime::ThreadTimerScheduler> timer_scheduler_;
  std::vector<LocalTaskManager> task_managers_;
  runtime::TaskOptions task_options_;

  std::mutex mu_;
  std::vector<std::shared_ptr<JobExecution>> jobs_;  // REQUIRES: mu_ held
};

}  // namespace weir::cluster
