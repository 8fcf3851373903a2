// RestartBackoff: Flink's restart-strategy.* options and the none, fixed-delay and
// exponential-delay strategies.
#include "weir/cluster/minicluster/restart_strategy.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <chrono>
#include <cmath>
#include <limits>
#include <random>
#include <string_view>

#include "weir/common/ascii.h"
#include "weir/common/str_cat.h"

namespace weir::cluster {

namespace {

int64_t ToMillis(config::Duration d) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
}

// Prints a double as Java does in Flink's descriptions: "1.5", "2.0", "0.1".
std::string JavaDouble(double v) {
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof(buf), v);
  std::string out(buf, res.ptr);
  if (std::isfinite(v) && out.find_first_of(".e") == std::string::npos) out += ".0";
  return out;
}

template <typename T>
Status OutOfRange(const config::ConfigOption<T>& option, std::string_view value,
                  std::string_view expected) {
  return Status::Invalid("Invalid value ", value, " for key '", option.key(), "': ", expected);
}

class NoRestartBackoff final : public RestartBackoff {
 public:
  void NotifyFailure(int64_t /*now_ms*/) override {}
  bool CanRestart() const override { return false; }
  int64_t BackoffTimeMs() const override { return 0; }
  std::string ToString() const override { return "NoRestartBackoffTimeStrategy"; }
  RestartStrategyKind kind() const override { return RestartStrategyKind::kNone; }
};

// Restarts at most `max_attempts` times, each after the same delay.
class FixedDelayRestartBackoff final : public RestartBackoff {
 public:
  FixedDelayRestartBackoff(int32_t max_attempts, int64_t delay_ms)
      : max_attempts_(max_attempts), delay_ms_(delay_ms) {}

  void NotifyFailure(int64_t /*now_ms*/) override {
    if (attempts_ < std::numeric_limits<int64_t>::max()) ++attempts_;
  }
  bool CanRestart() const override { return attempts_ <= max_attempts_; }
  int64_t BackoffTimeMs() const override { return delay_ms_; }
  std::string ToString() const override {
    return StrCat("FixedDelayRestartBackoffTimeStrategy(maxNumberRestartAttempts=", max_attempts_,
                  ", backoffTimeMS=", delay_ms_, ")");
  }
  RestartStrategyKind kind() const override { return RestartStrategyKind::kFixedDelay; }

 private:
  const int32_t max_attempts_;
  const int64_t delay_ms_;
  int64_t attempts_ = 0;  // failures notified
};

// Restart n (counted from 0 since the last reset) waits
//   clamp(b + u * jitter_factor * b, initial, max),  b = initial * multiplier^n,
// u uniform in [-1, 1]. A failure more than reset_threshold after the previous restart starts
// the count (and the backoff) again; after attempts_before_reset restarts without a reset the
// job fails.
class ExponentialDelayRestartBackoff final : public RestartBackoff {
 public:
  ExponentialDelayRestartBackoff(const RestartBackoffOptions& o, uint64_t seed)
      : options_(o), random_(seed) {}

  void NotifyFailure(int64_t now_ms) override {
    if (has_failed_ && now_ms - restart_at_ms_ >= options_.reset_backoff_threshold_ms) {
      attempt_ = 0;  // the job ran long enough since its last restart
    }
    has_failed_ = true;
    backoff_ms_ = ComputeBackoff();
    restart_at_ms_ = now_ms + backoff_ms_;
    if (attempt_ < std::numeric_limits<int64_t>::max()) ++attempt_;
  }
  bool CanRestart() const override { return attempt_ <= options_.attempts_before_reset_backoff; }
  int64_t BackoffTimeMs() const override { return backoff_ms_; }
  std::string ToString() const override {
    return StrCat("ExponentialDelayRestartBackoffTimeStrategy(initialBackoffMS=",
                  options_.initial_backoff_ms, ", maxBackoffMS=", options_.max_backoff_ms,
                  ", backoffMultiplier=", JavaDouble(options_.backoff_multiplier),
                  ", resetBackoffThresholdMS=", options_.reset_backoff_threshold_ms,
                  ", jitterFactor=", JavaDouble(options_.jitter_factor),
                  ", attemptsBeforeResetBackoff=", options_.attempts_before_reset_backoff,
                  ", currentRestartAttempt=", attempt_, ", currentBackoffMS=", backoff_ms_, ")");
  }
  RestartStrategyKind kind() const override { return RestartStrategyKind::kExponentialDelay; }

 private:
  int64_t ComputeBackoff() {
    const double initial = static_cast<double>(options_.initial_backoff_ms);
    const double max = static_cast<double>(options_.max_backoff_ms);
    // Kept finite so that the jitter below never meets infinity (inf - inf is NaN).
    const double base = std::min(
        initial * std::pow(options_.backoff_multiplier, static_cast<double>(attempt_)), 1e18);
    double backoff = base;
    if (options_.jitter_factor > 0) {
      std::uniform_real_distribution<double> unit(-1.0, 1.0);
      backoff += unit(random_) * options_.jitter_factor * base;
    }
    backoff = std::clamp(backoff, initial, max);
    return static_cast<int64_t>(std::llround(backoff));
  }

  const RestartBackoffOptions options_;
  std::mt19937_64 random_;
  bool has_failed_ = false;
  int64_t attempt_ = 0;        // restarts since the last reset
  int64_t backoff_ms_ = 0;     // of the last notified failure
  int64_t restart_at_ms_ = 0;  // when the last notified failure's restart happens
};

}  // namespace

Status RegisterRestartStrategyOptions(config::OptionRegistry& registry) {
  for (const config::OptionSpec* spec : {
           &kRestartStrategyType.spec(),
           &kRestartFixedDelayAttempts.spec(),
           &kRestartFixedDelayDelay.spec(),
           &kRestartExponentialInitialBackoff.spec(),
           &kRestartExponentialMaxBackoff.spec(),
           &kRestartExponentialBackoffMultiplier.spec(),
           &kRestartExponentialResetBackoffThreshold.spec(),
           &kRestartExponentialJitterFactor.spec(),
           &kRestartExponentialAttempts.spec(),
       }) {
    WEIR_RETURN_NOT_OK(registry.Register(*spec));
  }
  return Status::OK();
}

Result<RestartBackoffOptions> RestartBackoffOptions::FromConfiguration(
    const config::Configuration& config, bool checkpointing) {
  RestartBackoffOptions o;
  WEIR_ASSIGN_OR_RAISE(std::optional<std::string> type, config.GetOptional(kRestartStrategyType));
  if (!type.has_value()) {
    o.kind = checkpointing ? RestartStrategyKind::kExponentialDelay : RestartStrategyKind::kNone;
  } else {
    const std::string name = AsciiLower(*type);
    if (name == "none" || name == "off" || name == "disable") {
      o.kind = RestartStrategyKind::kNone;
    } else if (name == "fixed-delay" || name == "fixeddelay") {
      o.kind = RestartStrategyKind::kFixedDelay;
    } else if (name == "exponential-delay" || name == "exponentialdelay") {
      o.kind = RestartStrategyKind::kExponentialDelay;
    } else if (name == "failure-rate" || name == "failurerate") {
      return Status::NotSupported("Restart strategy '", *type, "' (key '",
                                  kRestartStrategyType.key(),
                                  "') is not supported; use none, fixed-delay or "
                                  "exponential-delay");
    } else {
      return Status::Invalid("Invalid value '", *type, "' for key '", kRestartStrategyType.key(),
                             "': expected none, fixed-delay or exponential-delay");
    }
  }
  if (o.kind == RestartStrategyKind::kFixedDelay) {
    WEIR_ASSIGN_OR_RAISE(o.fixed_delay_attempts, config.Get(kRestartFixedDelayAttempts));
    WEIR_ASSIGN_OR_RAISE(config::Duration delay, config.Get(kRestartFixedDelayDelay));
    o.fixed_delay_ms = ToMillis(delay);
  }
  if (o.kind == RestartStrategyKind::kExponentialDelay) {
    WEIR_ASSIGN_OR_RAISE(config::Duration initial, config.Get(kRestartExponentialInitialBackoff));
    WEIR_ASSIGN_OR_RAISE(config::Duration max, config.Get(kRestartExponentialMaxBackoff));
    WEIR_ASSIGN_OR_RAISE(o.backoff_multiplier, config.Get(kRestartExponentialBackoffMultiplier));
    WEIR_ASSIGN_OR_RAISE(config::Duration reset,
                         config.Get(kRestartExponentialResetBackoffThreshold));
    WEIR_ASSIGN_OR_RAISE(o.jitter_factor, config.Get(kRestartExponentialJitterFactor));
    WEIR_ASSIGN_OR_RAISE(o.attempts_before_reset_backoff, config.Get(kRestartExponentialAttempts));
    o.initial_backoff_ms = ToMillis(initial);
    o.max_backoff_ms = ToMillis(max);
    o.reset_backoff_threshold_ms = ToMillis(reset);
  }
  WEIR_RETURN_NOT_OK(o.Validate());
  return o;
}

Status RestartBackoffOptions::Validate() const {
  switch (kind) {
    case RestartStrategyKind::kNone:
      return Status::OK();
    case RestartStrategyKind::kFixedDelay:
      if (fixed_delay_attempts < 0) {
        return OutOfRange(kRestartFixedDelayAttempts, std::to_string(fixed_delay_attempts),
                          "must be 0 or more");
      }
      if (fixed_delay_ms < 0) {
        return OutOfRange(kRestartFixedDelayDelay, StrCat(fixed_delay_ms, " ms"),
                          "must not be negative");
      }
      return Status::OK();
    case RestartStrategyKind::kExponentialDelay:
      if (initial_backoff_ms < 1) {
        return OutOfRange(kRestartExponentialInitialBackoff, StrCat(initial_backoff_ms, " ms"),
                          "must be at least 1 ms");
      }
      if (max_backoff_ms < 1) {
        return OutOfRange(kRestartExponentialMaxBackoff, StrCat(max_backoff_ms, " ms"),
                          "must be at least 1 ms");
      }
      if (initial_backoff_ms > max_backoff_ms) {
        return OutOfRange(kRestartExponentialInitialBackoff, StrCat(initial_backoff_ms, " ms"),
                          StrCat("must not exceed '", kRestartExponentialMaxBackoff.key(), "' (",
                                 max_backoff_ms, " ms)"));
      }
      if (!(backoff_multiplier >= 1.0) || !std::isfinite(backoff_multiplier)) {
        return OutOfRange(kRestartExponentialBackoffMultiplier, JavaDouble(backoff_multiplier),
                          "must be a finite number of at least 1");
      }
      if (reset_backoff_threshold_ms < 1) {
        return OutOfRange(kRestartExponentialResetBackoffThreshold,
                          StrCat(reset_backoff_threshold_ms, " ms"), "must be at least 1 ms");
      }
      if (!(jitter_factor >= 0.0 && jitter_factor <= 1.0)) {
        return OutOfRange(kRestartExponentialJitterFactor, JavaDouble(jitter_factor),
                          "must be between 0 and 1");
      }
      if (attempts_before_reset_backoff < 1) {
        return OutOfRange(kRestartExponentialAttempts,
                          std::to_string(attempts_before_reset_backoff), "must be at least 1");
      }
      return Status::OK();
  }
  return Status::Internal("unknown restart strategy kind ", static_cast<int>(kind));
}

std::unique_ptr<RestartBackoff> RestartBackoff::None() {
  return std::make_unique<NoRestartBackoff>();
}

Result<std::unique_ptr<RestartBackoff>> RestartBackoff::Make(const RestartBackoffOptions& options,
                                                             uint64_t jitter_seed) {
  WEIR_RETURN_NOT_OK(options.Validate());
  switch (options.kind) {
    case RestartStrategyKind::kNone:
      return std::unique_ptr<RestartBackoff>(std::make_unique<NoRestartBackoff>());
    case RestartStrategyKind::kFixedDelay:
      return std::unique_ptr<RestartBackoff>(std::make_unique<FixedDelayRestartBackoff>(
          options.fixed_delay_attempts, options.fixed_delay_ms));
    case RestartStrategyKind::kExponentialDelay:
      return std::unique_ptr<RestartBackoff>(
          std::make_unique<ExponentialDelayRestartBackoff>(options, jitter_seed));
  }
  return Status::Internal("unknown restart strategy kind ", static_cast<int>(options.kind));
}

Result<std::unique_ptr<RestartBackoff>> RestartBackoff::Make(const config::Configuration& config,
                                                             bool checkpointing,
                                                             uint64_t jitter_seed) {
  WEIR_ASSIGN_OR_RAISE(RestartBackoffOptions options,
                       RestartBackoffOptions::FromConfiguration(config, checkpointing));
  return Make(options, jitter_seed);
}

Result<std::unique_ptr<RestartBackoff>> RestartBackoff::Make(const config::Configuration& config,
                                                             bool checkpointing) {
  std::random_device device;
  const uint64_t seed = (static_cast<uint64_t>(device()) << 32) ^ device();
  return Make(config, checkpointing, seed);
}

}  // namespace weir::cluster
