// NetworkConfig: buffer sizes, credits and flush timing of the network stack, and their options.
#pragma once

#include <cstdint>

#include "weir/common/config/config_option.h"
#include "weir/common/config/configuration.h"
#include "weir/common/result.h"

namespace weir::config {
class OptionRegistry;
}  // namespace weir::config

namespace weir::runtime {

inline constexpr config::ConfigOption<MemorySize> kSegmentSize =
    config::ConfigOption<MemorySize>("taskmanager.memory.segment-size")
        .WithDefault("32kb")
        .WithDescription(
            "Size of a network buffer: the most data one buffer (one credit) carries. Larger "
            "batches are split; partitioners flush a channel's rows when they reach it.");

inline constexpr config::ConfigOption<int32_t> kBuffersPerChannel =
    config::ConfigOption<int32_t>("taskmanager.network.memory.buffers-per-channel")
        .WithDefault("2")
        .WithDescription(
            "Exclusive buffers (credits) of each input channel, reserved when the input gate "
            "is created.");

inline constexpr config::ConfigOption<int32_t> kFloatingBuffersPerGate =
    config::ConfigOption<int32_t>("taskmanager.network.memory.floating-buffers-per-gate")
        .WithDefault("8")
        .WithDescription(
            "Floating buffers of an input gate, lent on demand to its channels that have a "
            "backlog and taken from the network memory while lent.");

inline constexpr config::ConfigOption<int32_t> kMaxOverdraftBuffersPerGate =
    config::ConfigOption<int32_t>("taskmanager.network.memory.max-overdraft-buffers-per-gate")
        .WithDefault("5")
        .WithDescription(
            "Buffers a producing task may fill beyond its credit while it finishes the input "
            "element at hand; it takes no new input until they are sent.");

inline constexpr config::ConfigOption<bool> kBufferTimeoutEnabled =
    config::ConfigOption<bool>("execution.buffer-timeout.enabled")
        .WithDefault("true")
        .WithDescription(
            "Whether partly filled output buffers are flushed after "
            "execution.buffer-timeout.interval; when false they are sent only when full or "
            "before an event.");

inline constexpr config::ConfigOption<config::Duration> kBufferTimeoutInterval =
    config::ConfigOption<config::Duration>("execution.buffer-timeout.interval")
        .WithDefault("100 ms")
        .WithDescription(
            "Longest time rows wait in a partly filled output buffer; 0 flushes after every "
            "batch.")
        .WithDeprecatedKeys({"execution.buffer-timeout"});

/// Registers the network options above.
Status RegisterNetworkOptions(config::OptionRegistry& registry);

/// The settings of one TaskManager's network stack.
struct NetworkConfig {
  int64_t segment_size = 32 * 1024;
  int32_t buffers_per_channel = 2;
  int32_t floating_buffers_per_gate = 8;
  int32_t max_overdraft_buffers_per_gate = 5;
  /// Flush interval of partly filled buffers in ms; 0 = after every batch; < 0 = never.
  int64_t buffer_timeout_ms = 100;

  /// Reads the options; fails with Invalid on a non-positive segment size or negative counts.
  static Result<NetworkConfig> FromConfiguration(const config::Configuration& config);
  /// Checks the values (the same rules as FromConfiguration).
  Status Validate() const;
};

}  // namespace weir::runtime
