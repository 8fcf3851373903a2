// JobStatus: the lifecycle of a job in a cluster, named as Flink prints it.
#pragma once

#include <cstdint>

namespace weir::cluster {

/// The state of a job. Legal transitions:
///   CREATED    -> RUNNING | FAILED | CANCELED
///   RUNNING    -> FINISHED | FAILING | CANCELLING | RESTARTING
///   FAILING    -> FAILED | RESTARTING | CANCELLING
///   CANCELLING -> CANCELED
///   RESTARTING -> RUNNING | FAILED | CANCELLING
///   FINISHED, FAILED, CANCELED: terminal (globally terminal, as in Flink).
/// FAILING and CANCELLING last until every task has stopped; RESTARTING is used by restart
/// strategies between the old attempt stopping and the new one running.
enum class JobStatus : uint8_t {
  kCreated,
  kRunning,
  kFailing,
  kCancelling,
  kRestarting,
  kFinished,
  kFailed,
  kCanceled,
};

/// Returns "CREATED", "RUNNING", "FAILING", "CANCELLING", "RESTARTING", "FINISHED", "FAILED"
/// or "CANCELED".
const char* JobStatusName(JobStatus status);
/// Returns true for the transitions listed above.
bool IsLegalJobTransition(JobStatus from, JobStatus to);
/// Returns true for FINISHED, FAILED and CANCELED.
inline bool IsTerminal(JobStatus s) {
  return s == JobStatus::kFinished || s == JobStatus::kFailed || s == JobStatus::kCanceled;
}

}  // namespace weir::cluster
