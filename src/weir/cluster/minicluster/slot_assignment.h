// SlotAssignment: which TaskManager of a mini-cluster runs each subtask, by slot sharing group.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "weir/common/result.h"
#include "weir/runtime/graph/job_graph.h"

namespace weir::cluster {

/// Slots a TaskManager can still give: a count, or kOnDemandSlots when the cluster sizes
/// itself to the job (taskmanager.numberOfTaskSlots unset, as in Flink's local execution).
inline constexpr int32_t kOnDemandSlots = -1;

/// Where a job's subtasks run.
struct SlotAssignment {
  /// placement[v][s]: the TaskManager of subtask s of the job's v-th vertex (vertices() order).
  std::vector<std::vector<int32_t>> placement;
  /// Slots the job holds on each TaskManager.
  std::vector<int32_t> slots_per_task_manager;
};

/// Assigns slots as Flink's slot sharing does: slot sharing group g needs as many slots as its
/// largest vertex parallelism, and subtask i of every vertex of g runs in the group's slot i.
/// Slots are taken TaskManager by TaskManager in index order. `free_slots[t]` is what
/// TaskManager t can still give (kOnDemandSlots: any number). Too few slots is an error that
/// says how many are needed and free, and which options add slots.
Result<SlotAssignment> AssignSlots(const runtime::JobGraph& job,
                                   const std::vector<int32_t>& free_slots);

}  // namespace weir::cluster
