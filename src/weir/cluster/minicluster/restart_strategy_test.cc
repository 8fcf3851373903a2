// Tests of RestartBackoff: options, defaults, aliases, errors and the backoff sequences.
#include "weir/cluster/minicluster/restart_strategy.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

namespace weir::cluster {
namespace {

using ::testing::HasSubstr;

std::unique_ptr<RestartBackoff> MustMake(const config::Configuration& config, bool checkpointing,
                                         uint64_t seed = 42) {
  auto made = RestartBackoff::Make(config, checkpointing, seed);
  EXPECT_TRUE(made.ok()) << made.status().ToString();
  return made.ok() ? std::move(made).ValueOrDie() : nullptr;
}

// Returns the error of reading `config` (the test fails if it reads).
Status ReadError(const config::Configuration& config, bool checkpointing = false) {
  auto made = RestartBackoff::Make(config, checkpointing, 1);
  EXPECT_FALSE(made.ok()) << made.ValueOrDie()->ToString();
  return made.ok() ? Status::OK() : made.status();
}

config::Configuration Exponential(const std::string& initial, const std::string& max,
                                  const std::string& multiplier, const std::string& jitter) {
  config::Configuration config;
  config.SetString("restart-strategy.type", "exponential-delay");
  config.SetString("restart-strategy.exponential-delay.initial-backoff", initial);
  config.SetString("restart-strategy.exponential-delay.max-backoff", max);
  config.SetString("restart-strategy.exponential-delay.backoff-multiplier", multiplier);
  config.SetString("restart-strategy.exponential-delay.jitter-factor", jitter);
  return config;
}

// Notifies failures `interval_ms` after each restart and returns the backoffs.
std::vector<int64_t> Backoffs(RestartBackoff& backoff, int n, int64_t interval_ms = 10) {
  std::vector<int64_t> out;
  int64_t now = 1'000'000;
  for (int i = 0; i < n; ++i) {
    backoff.NotifyFailure(now);
    out.push_back(backoff.BackoffTimeMs());
    now += backoff.BackoffTimeMs() + interval_ms;
  }
  return out;
}

TEST(RestartBackoffTest, DefaultsFollowFlink) {
  config::Configuration empty;
  auto none = MustMake(empty, /*checkpointing=*/false);
  ASSERT_NE(none, nullptr);
  EXPECT_EQ(none->kind(), RestartStrategyKind::kNone);
  none->NotifyFailure(0);
  EXPECT_FALSE(none->CanRestart());
  EXPECT_EQ(none->ToString(), "NoRestartBackoffTimeStrategy");

  auto fallback = RestartBackoff::None();
  fallback->NotifyFailure(0);
  EXPECT_FALSE(fallback->CanRestart());
  EXPECT_EQ(fallback->kind(), RestartStrategyKind::kNone);

  // Checkpointing on and no type: exponential-delay with its defaults (Flink 1.19 and later).
  auto options = RestartBackoffOptions::FromConfiguration(empty, /*checkpointing=*/true);
  ASSERT_TRUE(options.ok()) << options.status().ToString();
  EXPECT_EQ(options->kind, RestartStrategyKind::kExponentialDelay);
  EXPECT_EQ(options->initial_backoff_ms, 1000);
  EXPECT_EQ(options->max_backoff_ms, 60'000);
  EXPECT_EQ(options->backoff_multiplier, 1.5);
  EXPECT_EQ(options->reset_backoff_threshold_ms, 3'600'000);
  EXPECT_EQ(options->jitter_factor, 0.1);
  EXPECT_EQ(options->attempts_before_reset_backoff, INT32_MAX);
  auto dflt = MustMake(empty, /*checkpointing=*/true);
  ASSERT_NE(dflt, nullptr);
  EXPECT_EQ(dflt->ToString(),
            "ExponentialDelayRestartBackoffTimeStrategy(initialBackoffMS=1000, "
            "maxBackoffMS=60000, backoffMultiplier=1.5, resetBackoffThresholdMS=3600000, "
            "jitterFactor=0.1, attemptsBeforeResetBackoff=2147483647, currentRestartAttempt=0, "
            "currentBackoffMS=0)");
  // The first backoff is the initial one plus at most 10% (jitter below it is cut off).
  dflt->NotifyFailure(0);
  EXPECT_TRUE(dflt->CanRestart());
  EXPECT_GE(dflt->BackoffTimeMs(), 1000);
  EXPECT_LE(dflt->BackoffTimeMs(), 1100);

  // A fixed-delay type alone: one attempt after one second.
  config::Configuration fixed;
  fixed.SetString("restart-strategy.type", "fixed-delay");
  auto f = MustMake(fixed, false);
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->ToString(),
            "FixedDelayRestartBackoffTimeStrategy(maxNumberRestartAttempts=1, backoffTimeMS=1000)");
  f->NotifyFailure(0);
  EXPECT_TRUE(f->CanRestart());
  EXPECT_EQ(f->BackoffTimeMs(), 1000);
  f->NotifyFailure(5000);
  EXPECT_FALSE(f->CanRestart());
}

TEST(RestartBackoffTest, TypeAliasesIgnoreCase) {
  const std::vector<std::pair<std::string, RestartStrategyKind>> cases = {
      {"none", RestartStrategyKind::kNone},
      {"off", RestartStrategyKind::kNone},
      {"disable", RestartStrategyKind::kNone},
      {"NONE", RestartStrategyKind::kNone},
      {"fixed-delay", RestartStrategyKind::kFixedDelay},
      {"fixeddelay", RestartStrategyKind::kFixedDelay},
      {"FixedDelay", RestartStrategyKind::kFixedDelay},
      {"exponential-delay", RestartStrategyKind::kExponentialDelay},
      {"exponentialdelay", RestartStrategyKind::kExponentialDelay},
      {"Exponential-Delay", RestartStrategyKind::kExponentialDelay},
  };
  for (const auto& [name, kind] : cases) {
    config::Configuration config;
    config.SetString("restart-strategy.type", name);
    auto backoff = MustMake(config, /*checkpointing=*/true);
    ASSERT_NE(backoff, nullptr) << name;
    EXPECT_EQ(backoff->kind(), kind) << name;
  }
  // The pre-1.17 key still works.
  config::Configuration old;
  old.SetString("restart-strategy", "fixed-delay");
  auto backoff = MustMake(old, false);
  ASSERT_NE(backoff, nullptr);
  EXPECT_EQ(backoff->kind(), RestartStrategyKind::kFixedDelay);
  // An explicit type wins over the checkpointing default.
  config::Configuration off;
  off.SetString("restart-strategy.type", "none");
  auto none = MustMake(off, /*checkpointing=*/true);
  ASSERT_NE(none, nullptr);
  none->NotifyFailure(0);
  EXPECT_FALSE(none->CanRestart());
}

TEST(RestartBackoffTest, ReadsEveryOption) {
  config::Configuration config = Exponential("250 ms", "30 s", "3", "0.25");
  config.SetString("restart-strategy.exponential-delay.reset-backoff-threshold", "10 min");
  config.SetString("restart-strategy.exponential-delay.attempts-before-reset-backoff", "7");
  auto o = RestartBackoffOptions::FromConfiguration(config, false);
  ASSERT_TRUE(o.ok()) << o.status().ToString();
  EXPECT_EQ(o->kind, RestartStrategyKind::kExponentialDelay);
  EXPECT_EQ(o->initial_backoff_ms, 250);
  EXPECT_EQ(o->max_backoff_ms, 30'000);
  EXPECT_EQ(o->backoff_multiplier, 3.0);
  EXPECT_EQ(o->reset_backoff_threshold_ms, 600'000);
  EXPECT_EQ(o->jitter_factor, 0.25);
  EXPECT_EQ(o->attempts_before_reset_backoff, 7);
  auto backoff = RestartBackoff::Make(*o, 1);
  ASSERT_TRUE(backoff.ok());
  EXPECT_THAT((*backoff)->ToString(),
              HasSubstr("(initialBackoffMS=250, maxBackoffMS=30000, backoffMultiplier=3.0, "
                        "resetBackoffThresholdMS=600000, jitterFactor=0.25, "
                        "attemptsBeforeResetBackoff=7,"));

  config::Configuration fixed;
  fixed.SetString("restart-strategy.type", "fixeddelay");
  fixed.SetString("restart-strategy.fixed-delay.attempts", "3");
  fixed.SetString("restart-strategy.fixed-delay.delay", "2 s");
  auto f = RestartBackoffOptions::FromConfiguration(fixed, false);
  ASSERT_TRUE(f.ok()) << f.status().ToString();
  EXPECT_EQ(f->kind, RestartStrategyKind::kFixedDelay);
  EXPECT_EQ(f->fixed_delay_attempts, 3);
  EXPECT_EQ(f->fixed_delay_ms, 2000);
}

TEST(RestartBackoffTest, BadValuesNameTheKey) {
  {
    config::Configuration c;
    c.SetString("restart-strategy.type", "exponential-backoff-of-doom");
    Status st = ReadError(c);
    EXPECT_TRUE(st.IsInvalid()) << st.ToString();
    EXPECT_THAT(st.message(), HasSubstr("restart-strategy.type"));
    EXPECT_THAT(st.message(), HasSubstr("exponential-backoff-of-doom"));
  }
  {
    config::Configuration c;
    c.SetString("restart-strategy.type", "failure-rate");
    Status st = ReadError(c);
    EXPECT_TRUE(st.IsNotSupported()) << st.ToString();
    EXPECT_THAT(st.message(), HasSubstr("failure-rate"));
  }
  {
    config::Configuration c;
    c.SetString("restart-strategy.type", "fixed-delay");
    c.SetString("restart-strategy.fixed-delay.attempts", "-1");
    EXPECT_THAT(ReadError(c).message(), HasSubstr("restart-strategy.fixed-delay.attempts"));
    c.SetString("restart-strategy.fixed-delay.attempts", "many");
    EXPECT_THAT(ReadError(c).message(), HasSubstr("restart-strategy.fixed-delay.attempts"));
    c.SetString("restart-strategy.fixed-delay.attempts", "2");
    c.SetString("restart-strategy.fixed-delay.delay", "soon");
    EXPECT_THAT(ReadError(c).message(), HasSubstr("restart-strategy.fixed-delay.delay"));
  }
  struct Case {
    std::string key;
    std::string value;
  };
  const std::string prefix = "restart-strategy.exponential-delay.";
  const std::vector<Case> cases = {
      {"initial-backoff", "0 ms"},
      {"initial-backoff", "two seconds"},
      {"initial-backoff", "2 min"},  // above max-backoff (1 min by default)
      {"max-backoff", "0 s"},
      {"backoff-multiplier", "0.5"},
      {"backoff-multiplier", "inf"},
      {"backoff-multiplier", "x"},
      {"reset-backoff-threshold", "0 s"},
      {"jitter-factor", "-0.1"},
      {"jitter-factor", "1.5"},
      {"jitter-factor", "nan"},
      {"attempts-before-reset-backoff", "0"},
      {"attempts-before-reset-backoff", "-3"},
  };
  for (const Case& c : cases) {
    config::Configuration config;
    config.SetString("restart-strategy.type", "exponential-delay");
    config.SetString(prefix + c.key, c.value);
    Status st = ReadError(config);
    EXPECT_THAT(st.message(), HasSubstr(prefix + c.key)) << c.value << ": " << st.ToString();
  }
  // Options of a strategy that is not selected are not read.
  config::Configuration unused;
  unused.SetString("restart-strategy.type", "fixed-delay");
  unused.SetString("restart-strategy.exponential-delay.jitter-factor", "7");
  EXPECT_NE(MustMake(unused, false), nullptr);
  // Options built in code are checked too.
  RestartBackoffOptions o;
  o.kind = RestartStrategyKind::kExponentialDelay;
  o.jitter_factor = 2;
  auto made = RestartBackoff::Make(o, 1);
  ASSERT_FALSE(made.ok());
  EXPECT_THAT(made.status().message(), HasSubstr("jitter-factor"));
}

TEST(RestartBackoffTest, FixedDelayCountsAttempts) {
  config::Configuration config;
  config.SetString("restart-strategy.type", "fixed-delay");
  config.SetString("restart-strategy.fixed-delay.attempts", "3");
  config.SetString("restart-strategy.fixed-delay.delay", "2 s");
  auto backoff = MustMake(config, false);
  ASSERT_NE(backoff, nullptr);
  EXPECT_EQ(backoff->ToString(),
            "FixedDelayRestartBackoffTimeStrategy(maxNumberRestartAttempts=3, backoffTimeMS=2000)");
  for (int i = 0; i < 3; ++i) {
    backoff->NotifyFailure(i * 100'000'000LL);  // however far apart: fixed-delay never resets
    EXPECT_TRUE(backoff->CanRestart()) << i;
    EXPECT_EQ(backoff->BackoffTimeMs(), 2000);
  }
  backoff->NotifyFailure(400'000'000LL);
  EXPECT_FALSE(backoff->CanRestart());

  config.SetString("restart-strategy.fixed-delay.attempts", "0");
  auto never = MustMake(config, false);
  ASSERT_NE(never, nullptr);
  never->NotifyFailure(0);
  EXPECT_FALSE(never->CanRestart());
}

TEST(RestartBackoffTest, ExponentialGrowsToTheCap) {
  auto backoff = MustMake(Exponential("100 ms", "1 s", "2", "0"), false);
  ASSERT_NE(backoff, nullptr);
  EXPECT_EQ(backoff->BackoffTimeMs(), 0);
  EXPECT_EQ(Backoffs(*backoff, 8),
            (std::vector<int64_t>{100, 200, 400, 800, 1000, 1000, 1000, 1000}));
  EXPECT_TRUE(backoff->CanRestart());
  EXPECT_THAT(backoff->ToString(), HasSubstr("currentRestartAttempt=8, currentBackoffMS=1000)"));

  // A fractional multiplier rounds each backoff to the nearest millisecond.
  auto slow = MustMake(Exponential("1 s", "5 s", "1.5", "0"), false);
  ASSERT_NE(slow, nullptr);
  EXPECT_EQ(Backoffs(*slow, 6), (std::vector<int64_t>{1000, 1500, 2250, 3375, 5000, 5000}));

  // Multiplier 1: a constant backoff.
  auto flat = MustMake(Exponential("300 ms", "1 s", "1", "0"), false);
  ASSERT_NE(flat, nullptr);
  EXPECT_EQ(Backoffs(*flat, 3), (std::vector<int64_t>{300, 300, 300}));
}

TEST(RestartBackoffTest, ExponentialNeverOverflows) {
  auto backoff = MustMake(Exponential("1 ms", "1 h", "1000", "1"), false);
  ASSERT_NE(backoff, nullptr);
  std::vector<int64_t> all = Backoffs(*backoff, 2000, /*interval_ms=*/0);
  for (size_t i = 0; i < all.size(); ++i) {
    ASSERT_GE(all[i], 1) << i;
    ASSERT_LE(all[i], 3'600'000) << i;
  }
  EXPECT_TRUE(backoff->CanRestart());
}

TEST(RestartBackoffTest, ExponentialResetsAfterAQuietThreshold) {
  config::Configuration config = Exponential("100 ms", "10 s", "2", "0");
  config.SetString("restart-strategy.exponential-delay.reset-backoff-threshold", "1 min");
  auto backoff = MustMake(config, false);
  ASSERT_NE(backoff, nullptr);
  int64_t now = 0;
  backoff->NotifyFailure(now);  // restart at 100
  EXPECT_EQ(backoff->BackoffTimeMs(), 100);
  now = 100 + 59'999;  // ran one millisecond short of the threshold: no reset
  backoff->NotifyFailure(now);
  EXPECT_EQ(backoff->BackoffTimeMs(), 200);
  now += 200 + 60'000;  // ran exactly the threshold after the restart: reset
  backoff->NotifyFailure(now);
  EXPECT_EQ(backoff->BackoffTimeMs(), 100);
  EXPECT_THAT(backoff->ToString(), HasSubstr("currentRestartAttempt=1,"));
  now += 100 + 5;
  backoff->NotifyFailure(now);
  EXPECT_EQ(backoff->BackoffTimeMs(), 200);
}

TEST(RestartBackoffTest, ExponentialAttemptsLimitAndReset) {
  config::Configuration config = Exponential("10 ms", "1 s", "2", "0");
  config.SetString("restart-strategy.exponential-delay.attempts-before-reset-backoff", "3");
  config.SetString("restart-strategy.exponential-delay.reset-backoff-threshold", "1 s");
  auto backoff = MustMake(config, false);
  ASSERT_NE(backoff, nullptr);
  int64_t now = 0;
  for (int i = 0; i < 3; ++i) {
    backoff->NotifyFailure(now);
    EXPECT_TRUE(backoff->CanRestart()) << i;
    now += backoff->BackoffTimeMs() + 1;
  }
  backoff->NotifyFailure(now);
  EXPECT_FALSE(backoff->CanRestart());  // the fourth failure within the threshold

  // A job that then runs quietly past the threshold gets its attempts back.
  auto again = MustMake(config, false);
  ASSERT_NE(again, nullptr);
  now = 0;
  for (int i = 0; i < 3; ++i) {
    again->NotifyFailure(now);
    now += again->BackoffTimeMs() + 1;
  }
  now += 1000;
  again->NotifyFailure(now);
  EXPECT_TRUE(again->CanRestart());
  EXPECT_EQ(again->BackoffTimeMs(), 10);
}

TEST(RestartBackoffTest, JitterStaysInBoundsAndFollowsTheSeed) {
  const config::Configuration config = Exponential("1 s", "1000 s", "2", "0.5");
  for (uint64_t seed = 0; seed < 20; ++seed) {
    auto backoff = MustMake(config, false, seed);
    ASSERT_NE(backoff, nullptr);
    std::vector<int64_t> all = Backoffs(*backoff, 12);
    double base = 1000;
    for (size_t i = 0; i < all.size(); ++i, base *= 2) {
      const double high = std::min(1'000'000.0, base * 1.5);
      const double low = std::min(high, std::max(1000.0, base * 0.5));
      EXPECT_GE(all[i], static_cast<int64_t>(low) - 1) << "seed " << seed << " restart " << i;
      EXPECT_LE(all[i], static_cast<int64_t>(high) + 1) << "seed " << seed << " restart " << i;
    }
  }
  // Equal seeds give equal sequences; other seeds give other ones.
  auto a = MustMake(config, false, 7);
  auto b = MustMake(config, false, 7);
  auto c = MustMake(config, false, 8);
  ASSERT_TRUE(a && b && c);
  std::vector<int64_t> sa = Backoffs(*a, 10);
  EXPECT_EQ(sa, Backoffs(*b, 10));
  EXPECT_NE(sa, Backoffs(*c, 10));
  // The jitter really varies the backoff (not a constant offset).
  std::vector<int64_t> firsts;
  for (uint64_t seed = 0; seed < 20; ++seed) {
    auto backoff = MustMake(config, false, seed);
    ASSERT_NE(backoff, nullptr);
    backoff->NotifyFailure(0);
    backoff->NotifyFailure(backoff->BackoffTimeMs());
    firsts.push_back(backoff->BackoffTimeMs());  // the second restart: 2000 +- 1000
  }
  EXPECT_NE(*std::min_element(firsts.begin(), firsts.end()),
            *std::max_element(firsts.begin(), firsts.end()));
}

TEST(RestartBackoffTest, RegistersItsOptions) {
  config::OptionRegistry registry;
  ASSERT_TRUE(RegisterRestartStrategyOptions(registry).ok());
  EXPECT_TRUE(registry.Find("restart-strategy.exponential-delay.jitter-factor").has_value());
  EXPECT_TRUE(registry.Find("restart-strategy.fixed-delay.delay").has_value());
  EXPECT_TRUE(
      registry.CheckEntry("restart-strategy.exponential-delay.backoff-multiplier", "2.5", "test")
          .ok());
  EXPECT_FALSE(
      registry.CheckEntry("restart-strategy.exponential-delay.max-backoff", "later", "test").ok());
}

}  // namespace
}  // namespace weir::cluster
