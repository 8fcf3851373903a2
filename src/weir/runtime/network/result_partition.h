// ResultPartition: a task's writing end of one output edge — partitioning into one
// subpartition per consumer subtask, staging, splitting, credit checks and overdraft.
#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "weir/common/batch/column_builder.h"
#include "weir/common/memory/memory_pool.h"
#include "weir/common/result.h"
#include "weir/runtime/exec/worker_pool.h"
#include "weir/runtime/graph/partitioner.h"
#include "weir/runtime/network/input_gate.h"
#include "weir/runtime/network/network_buffer.h"
#include "weir/runtime/network/network_config.h"
#include "weir/runtime/operators/operator.h"

namespace weir::runtime {

class TaskMetrics;

/// The producer side of one job edge for one producer subtask. It is the Output at the end
/// of the operator that feeds the edge: Emit partitions a batch over the subpartitions,
/// watermarks and other events go to every subpartition in order with the data.
///
/// - forward / global / rebalance / rescale / broadcast send whole batches (zero-copy;
///   rebalance and rescale rotate per batch; a batch larger than a segment is split into
///   zero-copy slices);
/// - hash and custom scatter rows into per-subpartition builders (a vectorised gather per
///   column), flushed as one buffer when they reach the segment size, on FlushStaged (the
///   buffer timeout) and before every event.
/// A buffer goes to its channel only with credit. Otherwise it waits in the subpartition's
/// pending queue (the overdraft: up to max-overdraft-buffers-per-gate of them are charged to
/// the network pool) and has_pending() tells the task to take no new input; the producer is
/// woken when credit returns. Subpartitions drain independently, so a slow consumer only
/// holds what its own channel cannot take.
/// Thread: the producing task only, except usage() (any thread).
class ResultPartition final : public Output {
 public:
  /// Makes a partition of `num_subpartitions`. `max_parallelism` is the consumer's (for
  /// key groups); `producer_subtask` seeds the round-robin start; staging builders allocate
  /// from `staging_pool` (DefaultMemoryPool() if null).
  static Result<std::shared_ptr<ResultPartition>> Make(
      std::string name, int32_t num_subpartitions, PartitionerSpec partitioner,
      int32_t max_parallelism, int32_t producer_subtask, const NetworkConfig& config,
      std::shared_ptr<MemoryPool> network_pool, MemoryPool* staging_pool = nullptr);
  ~ResultPartition() override;

  /// Wires subpartition `subpartition` to channel `channel` of `gate` (same process).
  Status ConnectLocal(int32_t subpartition, std::shared_ptr<InputGate> gate, int32_t channel);
  /// Fails unless every subpartition is connected.
  Status CheckConnected() const;
  /// Sets the task to wake when credit returns and where to count records out.
  void SetProducer(std::weak_ptr<Schedulable> producer, TaskMetrics* metrics);

  const std::string& name() const { return name_; }
  int32_t num_subpartitions() const { return static_cast<int32_t>(subs_.size()); }
  const PartitionerSpec& partitioner() const { return partitioner_; }

  // Output: the end of the chain.
  Status Emit(RecordBatchPtr batch) override;
  Status EmitSide(int tag, RecordBatchPtr batch) override;
  Status EmitWatermark(EventTime watermark) override;
  Status EmitWatermarkStatus(bool idle) override;

  /// Sends `event` to every subpartition after the data emitted before it.
  Status BroadcastEvent(const StreamElement& event);
  /// Turns all staged rows into buffers (the buffer timeout, or before idling).
  Status FlushStaged();
  /// Pushes pending buffers that now find credit; returns true when none is left.
  bool TrySendPending();
  /// Returns true while some buffer waits for credit (take no new input).
  bool has_pending() const { return num_pending_ > 0; }
  /// Returns true while rows are staged in builders.
  bool has_staged() const { return staged_rows_ > 0; }
  /// Sends EndOfPartition to every subpartition (after everything else).
  Status Finish();
  /// Drops staged and pending data and returns the overdraft memory (failure, cancel).
  void Release();

  /// Fraction of the exclusive output credit in use: buffers queued at the consumers or
  /// pending here (Flink's outPoolUsage). Any thread.
  double usage() const;
  /// Pending data buffers beyond the overdraft limit so far (a chain that emits much more
  /// than its credit for one input element).
  int64_t overdraft_exceeded() const { return overdraft_exceeded_; }

 private:
  struct Staging {
    std::vector<std::unique_ptr<ColumnBuilder>> builders;
    std::vector<int8_t> kinds;
    bool any_non_insert = false;
    int64_t rows = 0;
    double bytes = 0;
  };
  struct Subpartition {
    std::shared_ptr<InputGate> gate;
    int32_t channel = -1;
    std::deque<NetworkBuffer> pending;
    std::atomic<int32_t> pending_data{0};
    Staging staging;
  };

  ResultPartition(std::string name, int32_t num_subpartitions, PartitionerSpec partitioner,
                  int32_t max_parallelism, int32_t producer_subtask, const NetworkConfig& config,
                  std::shared_ptr<MemoryPool> network_pool, MemoryPool* staging_pool);

  // Sends a whole batch to one subpartition, split at the segment size.
  Status SendWhole(int32_t sub, const RecordBatchPtr& batch);
  // Queues one buffer (data or event) behind the pending ones, pushing it if it can.
  void Enqueue(int32_t sub, NetworkBuffer buffer);
  // Routes rows to subpartitions by targets_[0..rows).
  Status Scatter(const RecordBatchPtr& batch);
  Status ComputeHashTargets(const RecordBatch& batch);
  Status EnsureStagingSchema(const RecordBatch& batch);
  Status FlushStaging(int32_t sub);
  // Keeps min(pending data buffers, overdraft limit) segments reserved.
  void UpdateOverdraftReservation();

  const std::string name_;
  const PartitionerSpec partitioner_;
  const int32_t max_parallelism_;
  const NetworkConfig config_;
  const std::shared_ptr<MemoryPool> network_pool_;
  MemoryPool* const staging_pool_;
  std::vector<Subpartition> subs_;
  std::weak_ptr<Schedulable> producer_;
  TaskMetrics* metrics_ = nullptr;

  int32_t next_channel_ = 0;  // round-robin position
  int64_t num_pending_ = 0;   // pending buffers (data and events) over all subpartitions
  int64_t num_pending_data_ = 0;
  int64_t overdraft_reserved_ = 0;  // segments reserved for pending data buffers
  int64_t overdraft_exceeded_ = 0;
  int64_t staged_rows_ = 0;
  SchemaPtr staged_schema_;
  int staged_event_time_index_ = -1;

  const std::vector<int> key_indices_;  // hash key columns, as HashColumns takes them
  // Scratch space of the row partitioners, reused across batches.
  std::vector<uint64_t> hashes_;
  std::vector<int32_t> targets_;
  std::vector<int32_t> counts_;
  std::vector<int32_t> starts_;
  std::vector<int32_t> indices_;
};

}  // namespace weir::runtime
