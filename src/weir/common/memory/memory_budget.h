// MemoryBudget: the split of the configured process size into overhead, network, state and
// operator memory, and the MemoryPool tree that enforces it.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "weir/common/config/configuration.h"
#include "weir/common/memory/memory_pool.h"
#include "weir/common/result.h"

namespace weir {

/// How the process size is divided (all in bytes; the parts add up to `process`).
///
///   overhead  = clamp(process * overhead.fraction, overhead.min, overhead.max)
///               kept back for code, stacks and allocator slack; not a pool
///   network   = clamp(process * network.fraction, network.min, network.max)
///   state     = process * managed.fraction
///   operators = process - overhead - network - state   (sort, hash, spill, batches)
///
/// Fractions are of the whole process size and round down to whole bytes. The split is
/// impossible (an error naming the options) when operators would get nothing.
struct MemoryBudget {
  int64_t process = 0;
  int64_t overhead = 0;
  int64_t network = 0;
  int64_t state = 0;
  int64_t operators = 0;

  /// Computes the split from the taskmanager.memory.* options.
  static Result<MemoryBudget> FromConfiguration(const config::Configuration& config);

  /// Returns one "name  size (bytes)" line per part, sizes in human form ("1.688 gb").
  std::string ToString() const;
};

/// The pools of a budget. Keep this alive: a parent pool does not own its children.
struct MemoryBudgetPools {
  std::shared_ptr<MemoryPool> process;    // root, limited to the process size
  std::shared_ptr<MemoryPool> network;    // kWait: full buffers backpressure
  std::shared_ptr<MemoryPool> state;      // kFail
  std::shared_ptr<MemoryPool> operators;  // kFail: operators spill
};

/// Builds the tree: root "process" with children "network", "state" and "operators".
MemoryBudgetPools MakeMemoryBudgetPools(const MemoryBudget& budget);

/// Computes the budget, builds its pools and installs the root as the default pool.
Result<MemoryBudgetPools> InstallMemoryBudget(const config::Configuration& config);

}  // namespace weir
