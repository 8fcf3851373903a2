// NetworkConfig: option registration and reading.
#include "weir/runtime/network/network_config.h"

#include <chrono>

#include "weir/common/config/option_registry.h"

namespace weir::runtime {

Status RegisterNetworkOptions(config::OptionRegistry& registry) {
  WEIR_RETURN_NOT_OK(registry.Register(kSegmentSize));
  WEIR_RETURN_NOT_OK(registry.Register(kBuffersPerChannel));
  WEIR_RETURN_NOT_OK(registry.Register(kFloatingBuffersPerGate));
  WEIR_RETURN_NOT_OK(registry.Register(kMaxOverdraftBuffersPerGate));
  WEIR_RETURN_NOT_OK(registry.Register(kBufferTimeoutEnabled));
  WEIR_RETURN_NOT_OK(registry.Register(kBufferTimeoutInterval));
  return Status::OK();
}

Result<NetworkConfig> NetworkConfig::FromConfiguration(const config::Configuration& config) {
  NetworkConfig c;
  WEIR_ASSIGN_OR_RAISE(MemorySize segment, config.Get(kSegmentSize));
  c.segment_size = segment.bytes();
  WEIR_ASSIGN_OR_RAISE(c.buffers_per_channel, config.Get(kBuffersPerChannel));
  WEIR_ASSIGN_OR_RAISE(c.floating_buffers_per_gate, config.Get(kFloatingBuffersPerGate));
  WEIR_ASSIGN_OR_RAISE(c.max_overdraft_buffers_per_gate, config.Get(kMaxOverdraftBuffersPerGate));
  WEIR_ASSIGN_OR_RAISE(bool timeout_enabled, config.Get(kBufferTimeoutEnabled));
  WEIR_ASSIGN_OR_RAISE(config::Duration timeout, config.Get(kBufferTimeoutInterval));
  c.buffer_timeout_ms =
      timeout_enabled ? std::chrono::duration_cast<std::chrono::milliseconds>(timeout).count() : -1;
  WEIR_RETURN_NOT_OK(c.Validate());
  return c;
}

Status NetworkConfig::Validate() const {
  if (segment_size < 64) {
    return Status::Invalid("Invalid value ", segment_size, " for key '", kSegmentSize.key(),
                           "': a network buffer needs at least 64 bytes");
  }
  if (buffers_per_channel < 0) {
    return Status::Invalid("Invalid value ", buffers_per_channel, " for key '",
                           kBuffersPerChannel.key(), "': must not be negative");
  }
  if (floating_buffers_per_gate < 0) {
    return Status::Invalid("Invalid value ", floating_buffers_per_gate, " for key '",
                           kFloatingBuffersPerGate.key(), "': must not be negative");
  }
  if (buffers_per_channel == 0 && floating_buffers_per_gate == 0) {
    return Status::Invalid("Invalid network buffer settings: '", kBuffersPerChannel.key(),
                           "' and '", kFloatingBuffersPerGate.key(),
                           "' are both 0, so no channel could ever receive data");
  }
  if (max_overdraft_buffers_per_gate < 0) {
    return Status::Invalid("Invalid value ", max_overdraft_buffers_per_gate, " for key '",
                           kMaxOverdraftBuffersPerGate.key(), "': must not be negative");
  }
  return Status::OK();
}

}  // namespace weir::runtime
