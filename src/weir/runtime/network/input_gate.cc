// InputGate: channel queues, credits, floating buffers and wake-ups.
#include "weir/runtime/network/input_gate.h"

#include <utility>

#include "weir/common/check.h"

namespace weir::runtime {

namespace {

void WakeTarget(const std::weak_ptr<Schedulable>& target) {
  if (std::shared_ptr<Schedulable> t = target.lock()) t->Wake();
}

}  // namespace

Result<std::shared_ptr<InputGate>> InputGate::Make(std::string name, int32_t num_channels,
                                                   int32_t input_index, const NetworkConfig& config,
                                                   std::shared_ptr<MemoryPool> network_pool) {
  WEIR_RETURN_NOT_OK(config.Validate());
  if (num_channels <= 0) {
    return Status::Invalid("input gate needs at least one channel: ", num_channels, " (", name,
                           ")");
  }
  if (input_index < 0 || input_index > 1) {
    return Status::Invalid("input gate feeds an operator input that does not exist: input ",
                           input_index, " (", name, ")");
  }
  if (network_pool == nullptr) {
    return Status::Invalid("input gate needs a network memory pool (", name, ")");
  }
  const int64_t exclusive =
      int64_t{num_channels} * config.buffers_per_channel * config.segment_size;
  Status st = network_pool->Reserve(exclusive);
  if (!st.ok()) {
    return Status::OutOfMemory(
        "Insufficient network memory for input gate ", name, ": ", num_channels, " channels x ",
        config.buffers_per_channel, " exclusive buffers x ", config.segment_size, " bytes need ",
        exclusive, " bytes, ", network_pool->available(), " available in ", network_pool->path(),
        ". Increase taskmanager.memory.network.fraction (or .min/.max) or lower "
        "taskmanager.network.memory.buffers-per-channel");
  }
  auto gate = std::shared_ptr<InputGate>(
      new InputGate(std::move(name), num_channels, input_index, config, std::move(network_pool)));
  gate->reserved_exclusive_bytes_ = exclusive;
  return gate;
}

InputGate::InputGate(std::string name, int32_t num_channels, int32_t input_index,
                     const NetworkConfig& config, std::shared_ptr<MemoryPool> pool)
    : name_(std::move(name)),
      input_index_(input_index),
      config_(config),
      pool_(std::move(pool)),
      channels_(static_cast<size_t>(num_channels)) {
  for (Channel& c : channels_) c.exclusive_credit = config_.buffers_per_channel;
}

InputGate::~InputGate() { Close(); }

bool InputGate::MarkAvailable(int32_t c) {
  Channel& ch = channels_[static_cast<size_t>(c)];
  if (ch.in_available || ch.blocked) return false;
  ch.in_available = true;
  available_.push_back(c);
  return true;
}

bool InputGate::TryPushData(int32_t channel, NetworkBuffer& buffer,
                            const std::weak_ptr<Schedulable>& producer) {
  WEIR_DCHECK(channel >= 0 && channel < num_channels());
  bool wake_consumer = false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (closed_) return true;  // the consumer is gone: drop
    Channel& ch = channels_[static_cast<size_t>(channel)];
    if (ch.exclusive_credit > 0) {
      --ch.exclusive_credit;
      buffer.floating = false;
    } else if (floating_in_use_ < config_.floating_buffers_per_gate &&
               pool_->Reserve(config_.segment_size).ok()) {
      ++floating_in_use_;
      buffer.floating = true;
    } else {
      ch.producer_waiting = true;
      ch.waiting_producer = producer;
      return false;
    }
    ch.in_use.fetch_add(1, std::memory_order_relaxed);
    buffers_in_use_.fetch_add(1, std::memory_order_relaxed);
    bytes_in_use_.fetch_add(buffer.bytes, std::memory_order_relaxed);
    ch.queue.push_back(std::move(buffer));
    wake_consumer = MarkAvailable(channel);
  }
  if (wake_consumer) WakeTarget(consumer_);
  return true;
}

void InputGate::PushEvent(int32_t channel, StreamElement event) {
  WEIR_DCHECK(channel >= 0 && channel < num_channels());
  bool wake_consumer = false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (closed_) return;
    Channel& ch = channels_[static_cast<size_t>(channel)];
    ch.queue.push_back(NetworkBuffer{std::move(event), 0, false});
    wake_consumer = MarkAvailable(channel);
  }
  if (wake_consumer) WakeTarget(consumer_);
}

bool InputGate::HasCredit(int32_t channel) const {
  std::lock_guard<std::mutex> lock(mu_);
  const Channel& ch = channels_[static_cast<size_t>(channel)];
  return closed_ || ch.exclusive_credit > 0 ||
         (floating_in_use_ < config_.floating_buffers_per_gate &&
          pool_->available() >= config_.segment_size);
}

void InputGate::SetConsumer(std::weak_ptr<Schedulable> consumer) {
  std::lock_guard<std::mutex> lock(mu_);
  consumer_ = std::move(consumer);
}

std::optional<InputGate::Polled> InputGate::Poll() {
  std::lock_guard<std::mutex> lock(mu_);
  while (!available_.empty()) {
    const int32_t c = available_.front();
    available_.pop_front();
    Channel& ch = channels_[static_cast<size_t>(c)];
    ch.in_available = false;
    if (ch.blocked || ch.queue.empty()) continue;
    Polled polled{c, std::move(ch.queue.front())};
    ch.queue.pop_front();
    if (!ch.queue.empty()) MarkAvailable(c);
    return polled;
  }
  return std::nullopt;
}

void InputGate::Recycle(int32_t channel, const NetworkBuffer& buffer) {
  if (!buffer.element.is_batch()) return;
  std::vector<std::weak_ptr<Schedulable>> to_wake;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (closed_) return;
    Channel& ch = channels_[static_cast<size_t>(channel)];
    ch.in_use.fetch_sub(1, std::memory_order_relaxed);
    buffers_in_use_.fetch_sub(1, std::memory_order_relaxed);
    bytes_in_use_.fetch_sub(buffer.bytes, std::memory_order_relaxed);
    if (buffer.floating) {
      --floating_in_use_;
      pool_->Release(config_.segment_size);
      // Any waiting producer of this gate may take the freed floating buffer.
      for (Channel& other : channels_) {
        if (other.producer_waiting) {
          other.producer_waiting = false;
          to_wake.push_back(std::move(other.waiting_producer));
          other.waiting_producer.reset();
        }
      }
    } else {
      ++ch.exclusive_credit;
      if (ch.producer_waiting) {
        ch.producer_waiting = false;
        to_wake.push_back(std::move(ch.waiting_producer));
        ch.waiting_producer.reset();
      }
    }
  }
  for (const auto& w : to_wake) WakeTarget(w);
}

void InputGate::SetBlocked(int32_t channel, bool blocked) {
  std::lock_guard<std::mutex> lock(mu_);
  Channel& ch = channels_[static_cast<size_t>(channel)];
  ch.blocked = blocked;
  if (!blocked && !ch.queue.empty()) MarkAvailable(channel);
}

bool InputGate::IsBlocked(int32_t channel) const {
  std::lock_guard<std::mutex> lock(mu_);
  return channels_[static_cast<size_t>(channel)].blocked;
}

void InputGate::Close() {
  std::vector<std::weak_ptr<Schedulable>> to_wake;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (closed_) return;
    closed_ = true;
    for (Channel& ch : channels_) {
      ch.queue.clear();
      if (ch.producer_waiting) to_wake.push_back(std::move(ch.waiting_producer));
      ch.producer_waiting = false;
      ch.in_use.store(0, std::memory_order_relaxed);
    }
    available_.clear();
    pool_->Release(reserved_exclusive_bytes_ + int64_t{floating_in_use_} * config_.segment_size);
    reserved_exclusive_bytes_ = 0;
    floating_in_use_ = 0;
    buffers_in_use_.store(0, std::memory_order_relaxed);
    bytes_in_use_.store(0, std::memory_order_relaxed);
  }
  for (const auto& w : to_wake) WakeTarget(w);
}

double InputGate::usage() const {
  const int64_t total =
      int64_t{num_channels()} * config_.buffers_per_channel + config_.floating_buffers_per_gate;
  if (total <= 0) return 0;
  const double u = static_cast<double>(buffers_in_use()) / static_cast<double>(total);
  return u > 1.0 ? 1.0 : u;
}

int32_t InputGate::channel_buffers_in_use(int32_t channel) const {
  return channels_[static_cast<size_t>(channel)].in_use.load(std::memory_order_relaxed);
}

int32_t InputGate::floating_in_use() const {
  std::lock_guard<std::mutex> lock(mu_);
  return floating_in_use_;
}

int32_t InputGate::exclusive_credit(int32_t channel) const {
  std::lock_guard<std::mutex> lock(mu_);
  return channels_[static_cast<size_t>(channel)].exclusive_credit;
}

}  // namespace weir::runtime
