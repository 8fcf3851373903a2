// PartitionerSpec: how an edge distributes batches over the consumer's subtasks.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "weir/common/batch/record_batch.h"
#include "weir/common/status.h"

namespace weir::runtime {

/// The partitioners of Flink's DataStream API. The wiring they imply between producer and
/// consumer subtasks is built by ExecutionGraph (see docs/design/0010-job-graph.md):
///   kForward    producer subtask i feeds consumer subtask i (equal parallelism required);
///   kHash       rows go to the subtask owning KeyGroupForHash(HashColumns(keys), max_p);
///   kRebalance  round-robin over all consumer subtasks;
///   kRescale    round-robin over a local subset of consumers (pointwise wiring);
///   kBroadcast  every batch goes to every consumer subtask;
///   kGlobal     everything goes to consumer subtask 0;
///   kCustom     a user function picks the consumer subtask of each row.
enum class PartitionerKind : uint8_t {
  kForward,
  kHash,
  kRebalance,
  kRescale,
  kBroadcast,
  kGlobal,
  kCustom,
};

/// Picks a consumer channel in [0, num_channels) for every row of `batch`, writing
/// batch.num_rows() entries to `channels`. Called once per batch, never per row.
using CustomPartitionFunction =
    std::function<Status(const RecordBatch& batch, int32_t num_channels, int32_t* channels)>;

/// Describes an edge's partitioner. Plain data; the network stack turns it into a channel
/// selector when it builds the producer's result partition.
struct PartitionerSpec {
  PartitionerKind kind = PartitionerKind::kForward;
  /// Key column indices (kHash only), in the producer's output schema.
  std::vector<int32_t> key_columns;
  /// Name shown in plans (kCustom only).
  std::string custom_name;
  /// The row-to-channel function (kCustom only).
  CustomPartitionFunction custom_function;

  static PartitionerSpec Forward() { return PartitionerSpec{PartitionerKind::kForward}; }
  static PartitionerSpec Hash(std::vector<int32_t> key_columns) {
    return PartitionerSpec{PartitionerKind::kHash, std::move(key_columns)};
  }
  static PartitionerSpec Rebalance() { return PartitionerSpec{PartitionerKind::kRebalance}; }
  static PartitionerSpec Rescale() { return PartitionerSpec{PartitionerKind::kRescale}; }
  static PartitionerSpec Broadcast() { return PartitionerSpec{PartitionerKind::kBroadcast}; }
  static PartitionerSpec Global() { return PartitionerSpec{PartitionerKind::kGlobal}; }
  static PartitionerSpec Custom(std::string name, CustomPartitionFunction function) {
    return PartitionerSpec{PartitionerKind::kCustom, {}, std::move(name), std::move(function)};
  }

  /// Returns the ship strategy name as Flink prints it in plans ("HASH", "FORWARD", ...).
  std::string ToString() const;
};

/// Returns the ship strategy name as Flink prints it: FORWARD, HASH, REBALANCE, RESCALE,
/// BROADCAST, GLOBAL or CUSTOM.
const char* ShipStrategyName(PartitionerKind kind);
/// Returns the lower-case name used in the job graph JSON: forward, hash, rebalance, ...
const char* PartitionerKindName(PartitionerKind kind);
/// Parses a name printed by PartitionerKindName or ShipStrategyName (case-insensitive).
std::optional<PartitionerKind> ParsePartitionerKind(std::string_view name);

/// Returns true for the partitioners wired pointwise (forward, rescale): each consumer reads
/// from a subset of the producers. The others are wired all-to-all.
inline bool IsPointwise(PartitionerKind kind) {
  return kind == PartitionerKind::kForward || kind == PartitionerKind::kRescale;
}

}  // namespace weir::runtime
