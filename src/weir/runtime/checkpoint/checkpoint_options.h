// Checkpoint and savepoint options (Flink's keys) and the settings the coordinator reads from them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "weir/common/config/config_option.h"
#include "weir/common/config/configuration.h"
#include "weir/common/result.h"

namespace weir::config {
class OptionRegistry;
}  // namespace weir::config

namespace weir::runtime {

/// Checkpointing consistency (Flink's CheckpointingMode).
enum class CheckpointingMode : uint8_t { kExactlyOnce, kAtLeastOnce };
inline constexpr std::string_view kCheckpointingModeNames[] = {"EXACTLY_ONCE", "AT_LEAST_ONCE"};

// Keys follow Flink 2.x; the Flink 1.x keys are read as deprecated keys (with a warning).

inline constexpr config::ConfigOption<config::Duration> kCheckpointingInterval =
    config::ConfigOption<config::Duration>("execution.checkpointing.interval")
        .WithDescription(
            "Interval in which checkpoints are periodically triggered. Unset or 0 disables "
            "periodic checkpoints. Triggering may be delayed by "
            "execution.checkpointing.max-concurrent-checkpoints and "
            "execution.checkpointing.min-pause.");

inline constexpr config::ConfigOption<config::Duration> kCheckpointingTimeout =
    config::ConfigOption<config::Duration>("execution.checkpointing.timeout")
        .WithDefault("10 min")
        .WithDescription("Maximum time a checkpoint may take before it is aborted.");

inline constexpr config::ConfigOption<config::Duration> kCheckpointingMinPause =
    config::ConfigOption<config::Duration>("execution.checkpointing.min-pause")
        .WithDefault("0 ms")
        .WithDescription(
            "Minimal pause between the end of one checkpoint and the start of the next "
            "periodic one.");

inline constexpr config::ConfigOption<int32_t> kCheckpointingMaxConcurrent =
    config::ConfigOption<int32_t>("execution.checkpointing.max-concurrent-checkpoints")
        .WithDefault("1")
        .WithDescription("Maximum number of checkpoints in progress at the same time.");

inline constexpr config::ConfigOption<int32_t> kCheckpointingTolerableFailures =
    config::ConfigOption<int32_t>("execution.checkpointing.tolerable-failed-checkpoints")
        .WithDefault("0")
        .WithDescription(
            "Number of consecutive checkpoint failures (timeouts, declines by tasks, storage "
            "errors) tolerated before the job fails; 0 tolerates none. -1 tolerates any "
            "number.");

inline constexpr config::ConfigOption<CheckpointingMode> kCheckpointingMode =
    config::ConfigOption<CheckpointingMode>("execution.checkpointing.mode")
        .WithDefault("EXACTLY_ONCE")
        .WithEnumNames(kCheckpointingModeNames)
        .WithDescription("Checkpointing mode: EXACTLY_ONCE (aligned barriers) or AT_LEAST_ONCE.");

inline constexpr config::ConfigOption<bool> kCheckpointingUnaligned =
    config::ConfigOption<bool>("execution.checkpointing.unaligned.enabled")
        .WithDefault("false")
        .WithDeprecatedKeys({"execution.checkpointing.unaligned"})
        .WithDescription(
            "Enables unaligned checkpoints (barriers overtake buffered data, which becomes part "
            "of the checkpoint). Needs EXACTLY_ONCE and max-concurrent-checkpoints 1.");

inline constexpr config::ConfigOption<std::string> kCheckpointsDirectory =
    config::ConfigOption<std::string>("execution.checkpointing.dir")
        .WithDeprecatedKeys({"state.checkpoints.dir", "state.backend.fs.checkpointdir"})
        .WithDescription(
            "Directory for the files and metadata of checkpoints: "
            "<dir>/<job-id>/chk-<n>/. Must be reachable from every process of the cluster.");

inline constexpr config::ConfigOption<std::string> kSavepointDirectory =
    config::ConfigOption<std::string>("execution.checkpointing.savepoint-dir")
        .WithDeprecatedKeys({"state.savepoints.dir", "savepoints.state.backend.fs.dir"})
        .WithDescription("Default target directory of savepoints.");

inline constexpr config::ConfigOption<int32_t> kCheckpointsNumRetained =
    config::ConfigOption<int32_t>("execution.checkpointing.num-retained")
        .WithDefault("1")
        .WithDeprecatedKeys({"state.checkpoints.num-retained"})
        .WithDescription("Maximum number of completed checkpoints to retain.");

inline constexpr config::ConfigOption<std::string> kStateRecoveryPath =
    config::ConfigOption<std::string>("execution.state-recovery.path")
        .WithDeprecatedKeys({"execution.savepoint.path"})
        .WithDescription(
            "Savepoint or retained checkpoint to restore the job from: its directory or its "
            "_metadata file.");

inline constexpr config::ConfigOption<bool> kStateRecoveryIgnoreUnclaimedState =
    config::ConfigOption<bool>("execution.state-recovery.ignore-unclaimed-state")
        .WithDefault("false")
        .WithDeprecatedKeys({"execution.savepoint.ignore-unclaimed-state"})
        .WithDescription(
            "Allow to skip savepoint state that cannot be mapped to an operator of the new job "
            "(Flink's --allowNonRestoredState).");

/// Registers the options above.
Status RegisterCheckpointOptions(config::OptionRegistry& registry);

/// How a job checkpoints, read from the configuration and checked.
struct CheckpointingSettings {
  /// Periodic checkpoint interval; 0 means no periodic checkpoints.
  int64_t interval_ms = 0;
  int64_t timeout_ms = 10 * 60 * 1000;
  int64_t min_pause_ms = 0;
  int32_t max_concurrent = 1;
  /// Consecutive counted failures tolerated; -1 means unlimited.
  int32_t tolerable_failures = 0;
  CheckpointingMode mode = CheckpointingMode::kExactlyOnce;
  bool unaligned = false;
  /// Base directory of checkpoints; empty means none configured.
  std::string checkpoints_dir;
  /// Default savepoint target; empty means a target must be given per savepoint.
  std::string savepoints_dir;
  int32_t num_retained = 1;
  /// Where to restore from (execution.state-recovery.path), if set.
  std::optional<std::string> restore_path;
  bool allow_non_restored_state = false;

  bool periodic() const { return interval_ms > 0; }

  /// Reads and validates the settings; errors name the offending key.
  static Result<CheckpointingSettings> FromConfiguration(const config::Configuration& config);
};

}  // namespace weir::runtime
