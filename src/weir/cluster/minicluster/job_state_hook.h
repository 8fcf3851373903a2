// TaskStateHook: a task's SnapshotHook in a mini-cluster — state backends and checkpoint acks.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "weir/common/types/logical_type.h"
#include "weir/runtime/checkpoint/checkpoint_coordinator.h"
#include "weir/runtime/checkpoint/fs_checkpoint_storage.h"
#include "weir/runtime/checkpoint/io_executor.h"
#include "weir/runtime/checkpoint/restore_planner.h"
#include "weir/runtime/graph/job_graph.h"
#include "weir/runtime/state/state_backends.h"
#include "weir/runtime/task/snapshot_hook.h"

namespace weir::cluster {

/// Returns the key column types of the keyed operator with `uid` (the job graph does not
/// carry types yet; see docs/design/0014-mini-cluster.md).
using KeyTypesFunction = std::function<Result<std::vector<LogicalType>>(const std::string& uid)>;

/// What the state hooks of one job share. Set up before the tasks start, then read-only.
struct JobStateServices {
  /// Null when the job takes no checkpoints (then snapshots only forward barriers).
  std::shared_ptr<runtime::FsCheckpointStorage> storage;
  std::shared_ptr<runtime::CheckpointCoordinator> coordinator;
  runtime::IoExecutor* io_executor = nullptr;
  KeyTypesFunction key_types;
};

/// What the tasks of one attempt restore from: the plan of the latest completed checkpoint.
struct JobRestoreState {
  runtime::RestorePlan plan;
  std::shared_ptr<runtime::CheckpointStreamOpener> opener;
};

/// The SnapshotHook of one task: InitializeState makes the operator's StateBackends (keyed
/// ones for keyed operators), installs them into its context and calls its InitializeState;
/// SnapshotState runs Operator::SnapshotState and captures the backends on the task thread,
/// then writes the captures on the I/O executor through the storage's stream factory and
/// acknowledges to the coordinator (or declines on an error).
/// Thread: the owning task's thread, except the I/O part.
class TaskStateHook final : public runtime::SnapshotHook,
                            public std::enable_shared_from_this<TaskStateHook> {
 public:
  /// `restore` is null for a fresh start.
  TaskStateHook(std::shared_ptr<const JobStateServices> services, const runtime::JobVertex* vertex,
                runtime::TaskRef task, std::shared_ptr<const JobRestoreState> restore = nullptr);

  Status InitializeState(const runtime::ChainedOperatorRef& op) override;
  Status SnapshotState(const runtime::CheckpointBarrier& barrier,
                       const std::vector<runtime::ChainedOperatorRef>& chain,
                       const runtime::CheckpointMetrics& metrics) override;
  void DeclineCheckpoint(runtime::CheckpointId id, const Status& reason) override;

  /// Returns the backends of chain operator `index` (null before InitializeState).
  runtime::StateBackends* backends(int32_t index) const;

 private:
  const std::shared_ptr<const JobStateServices> services_;
  const runtime::JobVertex* const vertex_;  // owned by the job execution
  const runtime::TaskRef task_;
  const std::shared_ptr<const JobRestoreState> restore_;
  // By chain index. Shared with the I/O work that writes their snapshots.
  std::vector<std::shared_ptr<runtime::StateBackends>> backends_;
};

}  // namespace weir::cluster
