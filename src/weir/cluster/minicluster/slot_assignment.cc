// SlotAssignment: slot sharing groups to slots, slots to TaskManagers.
#include "weir/cluster/minicluster/slot_assignment.h"

#include <algorithm>
#include <map>

#include "weir/common/str_cat.h"

namespace weir::cluster {

Result<SlotAssignment> AssignSlots(const runtime::JobGraph& job,
                                   const std::vector<int32_t>& free_slots) {
  if (free_slots.empty()) return Status::Invalid("the mini-cluster has no TaskManager");
  const auto& vertices = job.vertices();
  // Slots needed per group, in order of first appearance.
  std::vector<std::string> groups;
  std::map<std::string, int32_t> needed;
  for (const runtime::JobVertex& vertex : vertices) {
    auto [it, inserted] = needed.emplace(vertex.slot_sharing_group, vertex.parallelism);
    if (inserted) {
      groups.push_back(vertex.slot_sharing_group);
    } else {
      it->second = std::max(it->second, vertex.parallelism);
    }
  }
  int64_t total_needed = 0;
  for (const auto& [group, n] : needed) total_needed += n;
  int64_t total_free = 0;
  bool on_demand = false;
  for (int32_t f : free_slots) {
    if (f == kOnDemandSlots) {
      on_demand = true;
    } else {
      total_free += f;
    }
  }
  if (!on_demand && total_needed > total_free) {
    std::string per_group;
    for (const std::string& g : groups) {
      per_group += StrCat(per_group.empty() ? "" : ", ", g, "=", needed[g]);
    }
    return Status::Invalid(
        "Could not acquire the minimum required resources: job ", job.job_name(), " needs ",
        total_needed, " slots (slot sharing groups: ", per_group, ") but the mini-cluster has ",
        total_free, " free of ", free_slots.size(),
        " TaskManager(s); raise taskmanager.numberOfTaskSlots or "
        "minicluster.number-of-taskmanagers, or lower the parallelism");
  }

  SlotAssignment out;
  out.slots_per_task_manager.assign(free_slots.size(), 0);
  std::vector<int32_t> left = free_slots;
  size_t tm = 0;
  // The TaskManager of each slot of each group.
  std::map<std::string, std::vector<int32_t>> slot_tm;
  for (const std::string& g : groups) {
    for (int32_t slot = 0; slot < needed[g]; ++slot) {
      while (left[tm] == 0) ++tm;  // enough slots were checked above
      if (left[tm] != kOnDemandSlots) --left[tm];
      ++out.slots_per_task_manager[tm];
      slot_tm[g].push_back(static_cast<int32_t>(tm));
    }
  }
  out.placement.resize(vertices.size());
  for (size_t v = 0; v < vertices.size(); ++v) {
    const std::vector<int32_t>& slots = slot_tm[vertices[v].slot_sharing_group];
    out.placement[v].assign(slots.begin(), slots.begin() + vertices[v].parallelism);
  }
  return out;
}

}  // namespace weir::cluster
