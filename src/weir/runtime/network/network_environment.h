// NetworkEnvironment: one TaskManager's network stack — config, memory, gates and partitions.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "weir/common/memory/memory_pool.h"
#include "weir/common/result.h"
#include "weir/runtime/graph/partitioner.h"
#include "weir/runtime/network/input_gate.h"
#include "weir/runtime/network/network_config.h"
#include "weir/runtime/network/result_partition.h"

namespace weir::runtime {

/// Creates the gates and partitions of the tasks of one TaskManager from its network config
/// and network memory pool (the "network" share of the process budget). All channels are
/// local for now; a TCP transport will connect remote ones behind the same interfaces.
/// Thread: thread-safe (it only creates objects).
class NetworkEnvironment {
 public:
  NetworkEnvironment(NetworkConfig config, std::shared_ptr<MemoryPool> network_pool)
      : config_(config), pool_(std::move(network_pool)) {}

  const NetworkConfig& config() const { return config_; }
  const std::shared_ptr<MemoryPool>& pool() const { return pool_; }

  /// Makes an input gate of `num_channels` channels feeding head input `input_index`.
  Result<std::shared_ptr<InputGate>> CreateInputGate(std::string name, int32_t num_channels,
                                                     int32_t input_index) const {
    return InputGate::Make(std::move(name), num_channels, input_index, config_, pool_);
  }
  /// Makes a result partition of `num_subpartitions` subpartitions.
  Result<std::shared_ptr<ResultPartition>> CreateResultPartition(
      std::string name, int32_t num_subpartitions, PartitionerSpec partitioner,
      int32_t max_parallelism, int32_t producer_subtask, MemoryPool* staging_pool = nullptr) const {
    return ResultPartition::Make(std::move(name), num_subpartitions, std::move(partitioner),
                                 max_parallelism, producer_subtask, config_, pool_, staging_pool);
  }

  /// Wires an all-to-all edge: subpartition c of partitions[p] feeds channel p of gates[c].
  static Status ConnectAllToAll(const std::vector<std::shared_ptr<ResultPartition>>& partitions,
                                const std::vector<std::shared_ptr<InputGate>>& gates) {
    for (size_t p = 0; p < partitions.size(); ++p) {
      if (partitions[p]->num_subpartitions() != static_cast<int32_t>(gates.size())) {
        return Status::Invalid("all-to-all edge: partition ", partitions[p]->name(), " has ",
                               partitions[p]->num_subpartitions(), " subpartitions for ",
                               gates.size(), " consumers");
      }
      for (size_t c = 0; c < gates.size(); ++c) {
        if (gates[c]->num_channels() != static_cast<int32_t>(partitions.size())) {
          return Status::Invalid("all-to-all edge: gate ", gates[c]->name(), " has ",
                                 gates[c]->num_channels(), " channels for ", partitions.size(),
                                 " producers");
        }
        WEIR_RETURN_NOT_OK(partitions[p]->ConnectLocal(static_cast<int32_t>(c), gates[c],
                                                       static_cast<int32_t>(p)));
      }
    }
    return Status::OK();
  }

 private:
  const NetworkConfig config_;
  const std::shared_ptr<MemoryPool> pool_;
};

}  // namespace weir::runtime
