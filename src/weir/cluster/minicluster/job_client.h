// JobClient: the handle a submitter keeps to a job running in a mini-cluster.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "weir/cluster/minicluster/job_execution.h"
#include "weir/cluster/minicluster/job_status.h"
#include "weir/common/result.h"
#include "weir/runtime/graph/ids.h"

namespace weir::cluster {

/// Status, cancel and result of one submitted job. Cheap to copy; all copies refer to the
/// same job. The job stays alive while its cluster does (the cluster cancels and drops its
/// jobs when it shuts down; a client used after that reports the last known state).
/// Thread: thread-safe.
class JobClient {
 public:
  JobClient() = default;
  explicit JobClient(std::shared_ptr<JobExecution> job) : job_(std::move(job)) {}

  /// Returns the job id. REQUIRES: valid().
  const runtime::JobId& job_id() const { return job_->job_id(); }
  bool valid() const { return job_ != nullptr; }
  /// Returns the current job status. REQUIRES: valid().
  JobStatus Status() const { return job_->status(); }
  /// Requests cancellation (asynchronous: the job passes CANCELLING, then CANCELED). REQUIRES:
  /// valid().
  void Cancel() { job_->Cancel(); }
  /// Blocks until the job is FINISHED, FAILED or CANCELED, or `timeout` passed (then a
  /// Timeout error). The result carries the failure of a FAILED job. REQUIRES: valid().
  Result<JobResult> WaitForResult(std::optional<std::chrono::milliseconds> timeout = std::nullopt) {
    return job_->WaitForResult(timeout);
  }
  /// Triggers a savepoint into `target_dir` (empty: execution.checkpointing.savepoint-dir),
  /// waits for it and returns its directory. REQUIRES: valid(); not on a worker thread.
  Result<std::string> TriggerSavepoint(
      const std::string& target_dir,
      std::chrono::milliseconds timeout = std::chrono::milliseconds(60000)) {
    return job_->TriggerSavepoint(target_dir, timeout);
  }
  /// Stops the job with a savepoint into `target_dir` (empty: the default savepoint
  /// directory), with or without drain, and waits until it is FINISHED; returns the savepoint
  /// directory (see JobExecution::StopWithSavepoint). REQUIRES: valid(); not on a worker
  /// thread.
  Result<std::string> StopWithSavepoint(
      const std::string& target_dir, bool drain,
      std::chrono::milliseconds timeout = std::chrono::milliseconds(60000)) {
    return job_->StopWithSavepoint(target_dir, drain, timeout);
  }
  /// Returns the job's execution (tasks, metrics) for tests and tools. REQUIRES: valid().
  JobExecution& execution() const { return *job_; }

 private:
  std::shared_ptr<JobExecution> job_;
};

}  // namespace weir::cluster
