// InputGate: a task's reading end of one input edge — one channel per producer subtask,
// with credit-based flow control.
#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "weir/common/memory/memory_pool.h"
#include "weir/common/result.h"
#include "weir/runtime/exec/worker_pool.h"
#include "weir/runtime/network/network_buffer.h"
#include "weir/runtime/network/network_config.h"

namespace weir::runtime {

/// The consumer side of one job edge for one consumer subtask: one InputChannel per producer
/// subtask, all feeding input `input_index` of the task's head operator.
///
/// Credits (Flink's credit-based flow control, docs/design/0011-task-execution.md):
/// - each channel owns `buffers_per_channel` exclusive buffers, reserved from the network
///   memory pool when the gate is made (Make fails when the pool cannot hold them);
/// - the gate lends up to `floating_buffers_per_gate` floating buffers to channels whose
///   exclusive credit is used up, reserving a segment in the network pool per lent buffer;
/// - a producer may push a data buffer only by taking one credit (TryPushData); without one
///   it keeps the buffer and is woken when the consumer recycles a buffer of that channel
///   or returns a floating buffer; events take no credit and stay in order with the data.
/// So the data queued in a gate never exceeds (channels x exclusive + floating) segments, and
/// one slow channel holds only its own credit.
///
/// Thread: the producer methods from any thread; the consumer methods from the consuming
/// task only. One mutex per gate, taken once per buffer (never per row).
class InputGate {
 public:
  /// Makes a gate of `num_channels` channels feeding head input `input_index` and reserves
  /// the exclusive buffers in `network_pool` (OutOfMemory when they do not fit).
  static Result<std::shared_ptr<InputGate>> Make(std::string name, int32_t num_channels,
                                                 int32_t input_index, const NetworkConfig& config,
                                                 std::shared_ptr<MemoryPool> network_pool);
  ~InputGate();
  InputGate(const InputGate&) = delete;
  InputGate& operator=(const InputGate&) = delete;

  const std::string& name() const { return name_; }
  int32_t num_channels() const { return static_cast<int32_t>(channels_.size()); }
  int32_t input_index() const { return input_index_; }
  int64_t segment_size() const { return config_.segment_size; }

  // --- Producer side (any thread) ---

  /// Queues a data buffer on `channel` if it has credit: an exclusive one, else a floating
  /// one. Without credit returns false, leaves `buffer` untouched and remembers `producer`
  /// to wake when credit returns. After Close() accepts and drops everything.
  bool TryPushData(int32_t channel, NetworkBuffer& buffer,
                   const std::weak_ptr<Schedulable>& producer);
  /// Queues an event on `channel` (no credit needed).
  void PushEvent(int32_t channel, StreamElement event);
  /// Returns true if a data buffer pushed now to `channel` would find credit.
  bool HasCredit(int32_t channel) const;

  // --- Consumer side (the consuming task) ---

  /// Sets the task to wake when a channel gets data (before the first push).
  void SetConsumer(std::weak_ptr<Schedulable> consumer);

  struct Polled {
    int32_t channel;
    NetworkBuffer buffer;
  };
  /// Takes the next buffer, round-robin over the channels with data that are not blocked.
  std::optional<Polled> Poll();
  /// Returns the credit of a consumed data buffer (call once per data buffer after its batch
  /// was processed); wakes a producer that waits for it.
  void Recycle(int32_t channel, const NetworkBuffer& buffer);
  /// Blocks or unblocks a channel (barrier alignment): a blocked channel's buffers stay
  /// queued and Poll skips it.
  void SetBlocked(int32_t channel, bool blocked);
  bool IsBlocked(int32_t channel) const;
  /// Releases the gate: drops queued data, returns its memory to the pool, wakes waiting
  /// producers; later pushes are accepted and dropped. Idempotent.
  void Close();

  // --- Metrics and tests (any thread) ---

  /// Data buffers queued and not yet recycled (credits in use).
  int64_t buffers_in_use() const { return buffers_in_use_.load(std::memory_order_relaxed); }
  /// Data bytes queued and not yet recycled.
  int64_t bytes_in_use() const { return bytes_in_use_.load(std::memory_order_relaxed); }
  /// Returns buffers_in_use / (channels x exclusive + floating) (Flink's inPoolUsage).
  double usage() const;
  /// Data buffers of `channel` queued or being processed (for outPoolUsage).
  int32_t channel_buffers_in_use(int32_t channel) const;
  int32_t floating_in_use() const;
  int32_t exclusive_credit(int32_t channel) const;

 private:
  struct Channel {
    std::deque<NetworkBuffer> queue;
    int32_t exclusive_credit = 0;  // free exclusive buffers
    bool blocked = false;
    bool in_available = false;                    // listed in available_
    std::weak_ptr<Schedulable> waiting_producer;  // set when a push found no credit
    bool producer_waiting = false;
    std::atomic<int32_t> in_use{0};  // data buffers queued or being processed
  };

  InputGate(std::string name, int32_t num_channels, int32_t input_index,
            const NetworkConfig& config, std::shared_ptr<MemoryPool> pool);
  // Lists `c` as having data; returns true if it was newly listed. REQUIRES: mu_ held.
  bool MarkAvailable(int32_t c);

  const std::string name_;
  const int32_t input_index_;
  const NetworkConfig config_;
  const std::shared_ptr<MemoryPool> pool_;
  int64_t reserved_exclusive_bytes_ = 0;

  mutable std::mutex mu_;
  std::vector<Channel> channels_;  // REQUIRES: mu_ held (except the atomics)
  std::deque<int32_t> available_;  // REQUIRES: mu_ held
  int32_t floating_in_use_ = 0;    // REQUIRES: mu_ held
  bool closed_ = false;            // REQUIRES: mu_ held
  std::weak_ptr<Schedulable> consumer_;
  std::atomic<int64_t> buffers_in_use_{0};
  std::atomic<int64_t> bytes_in_use_{0};
};

}  // namespace weir::runtime
