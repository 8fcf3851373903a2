// RestartBackoff: whether and when a failed job restarts (Flink's restart-strategy.* options).
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "weir/common/config/config_option.h"
#include "weir/common/config/configuration.h"
#include "weir/common/config/option_registry.h"
#include "weir/common/result.h"

namespace weir::cluster {

inline constexpr config::ConfigOption<std::string> kRestartStrategyType =
    config::ConfigOption<std::string>("restart-strategy.type")
        .WithDeprecatedKeys({"restart-strategy"})
        .WithDescription(
            "Restart strategy of failed jobs: none (also off, disable), fixed-delay (also "
            "fixeddelay) or exponential-delay (also exponentialdelay). Unset: exponential-delay "
            "with its default options when checkpointing is enabled, none otherwise.");

inline constexpr config::ConfigOption<int32_t> kRestartFixedDelayAttempts =
    config::ConfigOption<int32_t>("restart-strategy.fixed-delay.attempts")
        .WithDefault("1")
        .WithDescription("Number of restarts of the fixed-delay strategy before the job fails.");
inline constexpr config::ConfigOption<config::Duration> kRestartFixedDelayDelay =
    config::ConfigOption<config::Duration>("restart-strategy.fixed-delay.delay")
        .WithDefault("1 s")
        .WithDescription("Delay between two restarts of the fixed-delay strategy.");

inline constexpr config::ConfigOption<config::Duration> kRestartExponentialInitialBackoff =
    config::ConfigOption<config::Duration>("restart-strategy.exponential-delay.initial-backoff")
        .WithDefault("1 s")
        .WithDescription("Backoff before the first restart of the exponential-delay strategy.");
inline constexpr config::ConfigOption<config::Duration> kRestartExponentialMaxBackoff =
    config::ConfigOption<config::Duration>("restart-strategy.exponential-delay.max-backoff")
        .WithDefault("1 min")
        .WithDescription("Upper bound of the exponential-delay strategy's backoff.");
inline constexpr config::ConfigOption<double> kRestartExponentialBackoffMultiplier =
    config::ConfigOption<double>("restart-strategy.exponential-delay.backoff-multiplier")
        .WithDefault("1.5")
        .WithDescription(
            "Factor by which the exponential-delay backoff grows with every restart, up to the "
            "max backoff.");
inline constexpr config::ConfigOption<config::Duration> kRestartExponentialResetBackoffThreshold =
    config::ConfigOption<config::Duration>(
        "restart-strategy.exponential-delay.reset-backoff-threshold")
        .WithDefault("1 h")
        .WithDescription(
            "How long a job must run without failing before the exponential-delay backoff and "
            "its attempt count go back to their initial values.");
inline constexpr config::ConfigOption<double> kRestartExponentialJitterFactor =
    config::ConfigOption<double>("restart-strategy.exponential-delay.jitter-factor")
        .WithDefault("0.1")
        .WithDescription(
            "Share of the exponential-delay backoff (0 to 1) by which a random amount may "
            "lengthen or shorten it, so that jobs failing together do not restart together.");
inline constexpr config::ConfigOption<int32_t> kRestartExponentialAttempts =
    config::ConfigOption<int32_t>(
        "restart-strategy.exponential-delay.attempts-before-reset-backoff")
        .WithDefault("2147483647")
        .WithDescription(
            "Number of restarts of the exponential-delay strategy before the job fails; counted "
            "again from zero once the backoff resets. Default: unlimited.");

/// Registers every restart-strategy.* option.
Status RegisterRestartStrategyOptions(config::OptionRegistry& registry);

/// The restart strategies (values of restart-strategy.type).
enum class RestartStrategyKind : uint8_t { kNone, kFixedDelay, kExponentialDelay };

/// The restart-strategy.* options, read and checked.
struct RestartBackoffOptions {
  RestartStrategyKind kind = RestartStrategyKind::kNone;
  // fixed-delay
  int32_t fixed_delay_attempts = 1;
  int64_t fixed_delay_ms = 1000;
  // exponential-delay
  int64_t initial_backoff_ms = 1000;
  int64_t max_backoff_ms = 60'000;
  double backoff_multiplier = 1.5;
  int64_t reset_backoff_threshold_ms = 3'600'000;
  double jitter_factor = 0.1;
  int32_t attempts_before_reset_backoff = INT32_MAX;

  /// Reads the options. With restart-strategy.type unset, `checkpointing` picks
  /// exponential-delay (as Flink 1.19 and later do) and otherwise none. Type names are matched
  /// ignoring case. Errors name the offending key and value.
  static Result<RestartBackoffOptions> FromConfiguration(const config::Configuration& config,
                                                         bool checkpointing);
  /// Checks the values against the ranges Flink accepts; errors name the option key.
  Status Validate() const;
};

/// The restart state of one job, in the spirit of Flink's RestartBackoffTimeStrategy: told of
/// every failure, it says whether the job may restart and after how long.
///
/// Use per failure that ends a running attempt (the caller merges failures of tasks of the
/// same attempt into one):
///
///   backoff->NotifyFailure(now_ms);
///   if (backoff->CanRestart()) schedule the restart in backoff->BackoffTimeMs();
///   else fail the job.
///
/// Thread: not thread-safe; the owning job calls it under its own lock.
class RestartBackoff {
 public:
  virtual ~RestartBackoff() = default;

  /// Makes the strategy the options describe. Jitter draws from a generator seeded by
  /// `jitter_seed`, so equal seeds give equal backoff sequences.
  static Result<std::unique_ptr<RestartBackoff>> Make(const RestartBackoffOptions& options,
                                                      uint64_t jitter_seed);
  /// Reads the options (see RestartBackoffOptions::FromConfiguration) and makes the strategy,
  /// with jitter seeded by `jitter_seed`.
  static Result<std::unique_ptr<RestartBackoff>> Make(const config::Configuration& config,
                                                      bool checkpointing, uint64_t jitter_seed);
  /// As above, with jitter seeded from std::random_device.
  static Result<std::unique_ptr<RestartBackoff>> Make(const config::Configuration& config,
                                                      bool checkpointing);

  /// Returns the strategy that never restarts (a default before the options are read).
  static std::unique_ptr<RestartBackoff> None();

  /// Records a failure at `now_ms` (any monotonic millisecond clock, used consistently);
  /// updates the attempt count and computes the backoff of this restart.
  virtual void NotifyFailure(int64_t now_ms) = 0;
  /// Returns whether the job may restart after the failures notified so far.
  virtual bool CanRestart() const = 0;
  /// Returns the delay before the restart of the last notified failure (0 before any).
  virtual int64_t BackoffTimeMs() const = 0;
  /// Returns Flink's description: "NoRestartBackoffTimeStrategy",
  /// "FixedDelayRestartBackoffTimeStrategy(maxNumberRestartAttempts=3, backoffTimeMS=2000)" or
  /// "ExponentialDelayRestartBackoffTimeStrategy(initialBackoffMS=1000, ...)".
  virtual std::string ToString() const = 0;
  /// Returns which strategy this is.
  virtual RestartStrategyKind kind() const = 0;
};

}  // namespace weir::cluster
