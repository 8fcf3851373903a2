// Tests of the network options: defaults, Flink's keys and their checks.
#include "weir/runtime/network/network_config.h"

#include <gtest/gtest.h>

#include "weir/common/config/option_registry.h"

namespace weir::runtime {
namespace {

TEST(NetworkConfigTest, DefaultsMatchFlink) {
  config::Configuration conf;
  auto c = NetworkConfig::FromConfiguration(conf);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->segment_size, 32 * 1024);
  EXPECT_EQ(c->buffers_per_channel, 2);
  EXPECT_EQ(c->floating_buffers_per_gate, 8);
  EXPECT_EQ(c->max_overdraft_buffers_per_gate, 5);
  EXPECT_EQ(c->buffer_timeout_ms, 100);
}

TEST(NetworkConfigTest, ReadsKeysIncludingTheOldBufferTimeoutKey) {
  config::Configuration conf;
  conf.SetString("taskmanager.memory.segment-size", "64kb");
  conf.SetString("taskmanager.network.memory.buffers-per-channel", "4");
  conf.SetString("taskmanager.network.memory.floating-buffers-per-gate", "0");
  conf.SetString("execution.buffer-timeout", "5 ms");
  auto c = NetworkConfig::FromConfiguration(conf);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->segment_size, 64 * 1024);
  EXPECT_EQ(c->buffers_per_channel, 4);
  EXPECT_EQ(c->floating_buffers_per_gate, 0);
  EXPECT_EQ(c->buffer_timeout_ms, 5);
  conf.SetString("execution.buffer-timeout.enabled", "false");
  c = NetworkConfig::FromConfiguration(conf);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->buffer_timeout_ms, -1);
}

TEST(NetworkConfigTest, RejectsUnusableValues) {
  config::Configuration conf;
  conf.SetString("taskmanager.network.memory.buffers-per-channel", "0");
  conf.SetString("taskmanager.network.memory.floating-buffers-per-gate", "0");
  auto c = NetworkConfig::FromConfiguration(conf);
  ASSERT_FALSE(c.ok());
  EXPECT_TRUE(c.status().IsInvalid());
  config::Configuration small;
  small.SetString("taskmanager.memory.segment-size", "16b");
  EXPECT_FALSE(NetworkConfig::FromConfiguration(small).ok());
}

TEST(NetworkConfigTest, OptionsRegister) {
  config::OptionRegistry registry;
  ASSERT_TRUE(RegisterNetworkOptions(registry).ok());
  ASSERT_TRUE(RegisterNetworkOptions(registry).ok());  // idempotent
  EXPECT_TRUE(registry.Find("taskmanager.memory.segment-size").has_value());
  EXPECT_TRUE(registry.Lookup("execution.buffer-timeout").has_value());
}

}  // namespace
}  // namespace weir::runtime
