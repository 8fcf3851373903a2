// RestartStrategy: whether and when a failed job restarts (Flink's restart-strategy.* options).
#pragma once

#include <cstdint>
#include <string>

#include "weir/common/config/config_option.h"
#include "weir/common/config/configuration.h"
#include "weir/common/result.h"

namespace weir::cluster {

inline constexpr config::ConfigOption<std::string> kRestartStrategyType =
    config::ConfigOption<std::string>("restart-strategy.type")
        .WithDeprecatedKeys({"restart-strategy"})
        .WithDescription(
            "Restart strategy of failed jobs: none (also off, disable) or fixed-delay (also "
            "fixeddelay). Unset: fixed-delay with unlimited attempts when checkpointing is "
            "enabled, none otherwise.");
inline constexpr config::ConfigOption<int32_t> kRestartFixedDelayAttempts =
    config::ConfigOption<int32_t>("restart-strategy.fixed-delay.attempts")
        .WithDefault("1")
        .WithDescription("Number of restarts of the fixed-delay strategy before the job fails.");
inline constexpr config::ConfigOption<config::Duration> kRestartFixedDelayDelay =
    config::ConfigOption<config::Duration>("restart-strategy.fixed-delay.delay")
        .WithDefault("1 s")
        .WithDescription("Delay between two restarts of the fixed-delay strategy.");

/// How a job reacts to a task failure.
struct RestartStrategy {
  enum class Kind : uint8_t { kNone, kFixedDelay };
  Kind kind = Kind::kNone;
  /// Restarts allowed (fixed delay); INT32_MAX means unlimited.
  int32_t max_attempts = 0;
  int64_t delay_ms = 0;

  /// Reads the options; `checkpointing` selects the default when no type is set. Errors name
  /// the offending key.
  static Result<RestartStrategy> FromConfiguration(const config::Configuration& config,
                                                   bool checkpointing);
  /// Returns true if restart number `restarts_done + 1` is allowed.
  bool CanRestart(int32_t restarts_done) const {
    return kind != Kind::kNone && restarts_done < max_attempts;
  }
  /// Returns "NoRestartStrategy" or "FixedDelayRestartStrategy(maxNumberRestartAttempts=...,
  /// backoffTimeMS=...)" as Flink describes its strategies.
  std::string ToString() const;
};

}  // namespace weir::cluster
