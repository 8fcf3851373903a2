// JobStatus names and transitions.
#include "weir/cluster/minicluster/job_status.h"

namespace weir::cluster {

const char* JobStatusName(JobStatus status) {
  switch (status) {
    case JobStatus::kCreated:
      return "CREATED";
    case JobStatus::kRunning:
      return "RUNNING";
    case JobStatus::kFailing:
      return "FAILING";
    case JobStatus::kCancelling:
      return "CANCELLING";
    case JobStatus::kRestarting:
      return "RESTARTING";
    case JobStatus::kFinished:
      return "FINISHED";
    case JobStatus::kFailed:
      return "FAILED";
    case JobStatus::kCanceled:
      return "CANCELED";
  }
  return "UNKNOWN";
}

bool IsLegalJobTransition(JobStatus from, JobStatus to) {
  switch (from) {
    case JobStatus::kCreated:
      return to == JobStatus::kRunning || to == JobStatus::kFailed || to == JobStatus::kCanceled;
    case JobStatus::kRunning:
      return to == JobStatus::kFinished || to == JobStatus::kFailing ||
             to == JobStatus::kCancelling || to == JobStatus::kRestarting;
    case JobStatus::kFailing:
      return to == JobStatus::kFailed || to == JobStatus::kRestarting ||
             to == JobStatus::kCancelling;
    case JobStatus::kCancelling:
      return to == JobStatus::kCanceled;
    case JobStatus::kRestarting:
      return to == JobStatus::kRunning || to == JobStatus::kFailed || to == JobStatus::kCancelling;
    case JobStatus::kFinished:
    case JobStatus::kFailed:
    case JobStatus::kCanceled:
      return false;
  }
  return false;
}

}  // namespace weir::cluster
