// Tests for the checkpoint options: registration, Flink keys (old and new), defaults, validation.
#include "weir/runtime/checkpoint/checkpoint_options.h"

#include <gtest/gtest.h>

#include "weir/common/config/config_loader.h"
#include "weir/common/config/option_registry.h"

namespace weir::runtime {
namespace {

TEST(CheckpointOptionsTest, RegistersFlinkKeys) {
  config::OptionRegistry registry;
  ASSERT_TRUE(RegisterCheckpointOptions(registry).ok());
  ASSERT_TRUE(RegisterCheckpointOptions(registry).ok());  // idempotent
  for (const char* key :
       {"execution.checkpointing.interval", "execution.checkpointing.timeout",
        "execution.checkpointing.min-pause", "execution.checkpointing.max-concurrent-checkpoints",
        "execution.checkpointing.tolerable-failed-checkpoints", "execution.checkpointing.mode",
        "execution.checkpointing.unaligned.enabled", "execution.checkpointing.dir",
        "execution.checkpointing.savepoint-dir", "execution.checkpointing.num-retained",
        "execution.state-recovery.path", "execution.state-recovery.ignore-unclaimed-state"}) {
    EXPECT_TRUE(registry.Find(key).has_value()) << key;
  }
  // Flink 1.x keys still work, as deprecated keys.
  for (const char* old_key :
       {"state.checkpoints.dir", "state.savepoints.dir", "state.checkpoints.num-retained",
        "execution.savepoint.path", "execution.savepoint.ignore-unclaimed-state",
        "execution.checkpointing.unaligned"}) {
    std::optional<config::KeyMatch> match = registry.Lookup(old_key);
    ASSERT_TRUE(match.has_value()) << old_key;
    EXPECT_EQ(match->kind, config::KeyKind::kDeprecated) << old_key;
  }
}

TEST(CheckpointOptionsTest, DefaultsAreFlinks) {
  config::Configuration conf;
  Result<CheckpointingSettings> s = CheckpointingSettings::FromConfiguration(conf);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_FALSE(s->periodic());
  EXPECT_EQ(s->timeout_ms, 600000);
  EXPECT_EQ(s->min_pause_ms, 0);
  EXPECT_EQ(s->max_concurrent, 1);
  EXPECT_EQ(s->tolerable_failures, 0);
  EXPECT_EQ(s->mode, CheckpointingMode::kExactlyOnce);
  EXPECT_FALSE(s->unaligned);
  EXPECT_EQ(s->num_retained, 1);
  EXPECT_TRUE(s->checkpoints_dir.empty());
  EXPECT_FALSE(s->restore_path.has_value());
  EXPECT_FALSE(s->allow_non_restored_state);
}

TEST(CheckpointOptionsTest, ReadsYamlWithOldAndNewKeys) {
  config::OptionRegistry registry;
  ASSERT_TRUE(RegisterCheckpointOptions(registry).ok());
  Result<config::Configuration> conf = config::ParseYamlConfiguration(
      "execution.checkpointing.interval: 30 s\n"
      "execution.checkpointing.timeout: 2 min\n"
      "execution.checkpointing.min-pause: 500\n"
      "execution.checkpointing.max-concurrent-checkpoints: 1\n"
      "execution.checkpointing.tolerable-failed-checkpoints: 3\n"
      "execution.checkpointing.mode: at_least_once\n"
      "state.checkpoints.dir: /tmp/ckpts\n"
      "state.savepoints.dir: /tmp/sps\n"
      "state.checkpoints.num-retained: 3\n"
      "execution.savepoint.path: /tmp/sps/savepoint-abc\n"
      "execution.savepoint.ignore-unclaimed-state: true\n",
      "test.yaml", registry);
  ASSERT_TRUE(conf.ok()) << conf.status().ToString();
  Result<CheckpointingSettings> s = CheckpointingSettings::FromConfiguration(*conf);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->interval_ms, 30000);
  EXPECT_EQ(s->timeout_ms, 120000);
  EXPECT_EQ(s->min_pause_ms, 500);
  EXPECT_EQ(s->tolerable_failures, 3);
  EXPECT_EQ(s->mode, CheckpointingMode::kAtLeastOnce);
  EXPECT_EQ(s->checkpoints_dir, "/tmp/ckpts");
  EXPECT_EQ(s->savepoints_dir, "/tmp/sps");
  EXPECT_EQ(s->num_retained, 3);
  EXPECT_EQ(s->restore_path, std::optional<std::string>("/tmp/sps/savepoint-abc"));
  EXPECT_TRUE(s->allow_non_restored_state);
}

TEST(CheckpointOptionsTest, InvalidValuesNameTheirKey) {
  struct Case {
    const char* key;
    const char* value;
  };
  for (const Case& c : {Case{"execution.checkpointing.max-concurrent-checkpoints", "0"},
                        Case{"execution.checkpointing.num-retained", "0"},
                        Case{"execution.checkpointing.timeout", "0 ms"},
                        Case{"execution.checkpointing.tolerable-failed-checkpoints", "-2"},
                        Case{"execution.checkpointing.mode", "SOMETIMES"},
                        Case{"execution.checkpointing.interval", "soon"}}) {
    config::Configuration conf;
    conf.SetString(c.key, c.value);
    Result<CheckpointingSettings> s = CheckpointingSettings::FromConfiguration(conf);
    ASSERT_FALSE(s.ok()) << c.key;
    EXPECT_NE(s.status().message().find(c.key), std::string::npos) << s.status().ToString();
  }
  config::Configuration unaligned;
  unaligned.SetString("execution.checkpointing.unaligned.enabled", "true");
  unaligned.SetString("execution.checkpointing.mode", "AT_LEAST_ONCE");
  EXPECT_FALSE(CheckpointingSettings::FromConfiguration(unaligned).ok());
  unaligned.SetString("execution.checkpointing.mode", "EXACTLY_ONCE");
  Result<CheckpointingSettings> ok = CheckpointingSettings::FromConfiguration(unaligned);
  ASSERT_TRUE(ok.ok());
  EXPECT_TRUE(ok->unaligned);
  unaligned.SetString("execution.checkpointing.max-concurrent-checkpoints", "2");
  EXPECT_FALSE(CheckpointingSettings::FromConfiguration(unaligned).ok());
}

}  // namespace
}  // namespace weir::runtime
