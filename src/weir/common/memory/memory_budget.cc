// MemoryBudget: computing the process memory split and building its MemoryPool tree.
#include "weir/common/memory/memory_budget.h"

#include <algorithm>
#include <cmath>

#include <fmt/core.h>

#include "weir/common/config/core_options.h"

namespace weir {

namespace {

using config::ConfigOption;
using config::Configuration;

Result<double> GetFraction(const Configuration& config, const ConfigOption<double>& option) {
  WEIR_ASSIGN_OR_RAISE(double fraction, config.Get(option));
  if (!(fraction >= 0.0 && fraction < 1.0)) {
    return Status::Invalid("Invalid fraction ", config::FormatDouble(fraction), " for key '",
                           option.key(), "': must be at least 0 and less than 1");
  }
  return fraction;
}

// Returns floor(bytes * fraction), exact enough for any size below 2^63.
int64_t Fraction(int64_t bytes, double fraction) {
  const long double product = static_cast<long double>(bytes) * fraction;
  return static_cast<int64_t>(std::floor(product));
}

// Reads a "<part>.fraction/.min/.max" triple and returns the clamped size.
Result<int64_t> ClampedPart(const Configuration& config, int64_t process,
                            const ConfigOption<double>& fraction_option,
                            const ConfigOption<MemorySize>& min_option,
                            const ConfigOption<MemorySize>& max_option) {
  WEIR_ASSIGN_OR_RAISE(double fraction, GetFraction(config, fraction_option));
  WEIR_ASSIGN_OR_RAISE(MemorySize min, config.Get(min_option));
  WEIR_ASSIGN_OR_RAISE(MemorySize max, config.Get(max_option));
  if (min > max) {
    return Status::Invalid("Invalid memory configuration: '", min_option.key(), "' (",
                           min.ToString(), ") is larger than '", max_option.key(), "' (",
                           max.ToString(), ")");
  }
  return std::clamp(Fraction(process, fraction), min.bytes(), max.bytes());
}

}  // namespace

Result<MemoryBudget> MemoryBudget::FromConfiguration(const Configuration& config) {
  MemoryBudget b;
  WEIR_ASSIGN_OR_RAISE(MemorySize process, config.Get(config::kTaskManagerMemoryProcessSize));
  if (process.bytes() <= 0) {
    return Status::Invalid("Invalid memory configuration: '",
                           config::kTaskManagerMemoryProcessSize.key(), "' must be positive");
  }
  b.process = process.bytes();
  WEIR_ASSIGN_OR_RAISE(b.overhead, ClampedPart(config, b.process,
                                               config::kTaskManagerMemoryOverheadFraction,
                                               config::kTaskManagerMemoryOverheadMin,
                                               config::kTaskManagerMemoryOverheadMax));
  WEIR_ASSIGN_OR_RAISE(b.network, ClampedPart(config, b.process,
                                              config::kTaskManagerMemoryNetworkFraction,
                                              config::kTaskManagerMemoryNetworkMin,
                                              config::kTaskManagerMemoryNetworkMax));
  WEIR_ASSIGN_OR_RAISE(double state_fraction,
                       GetFraction(config, config::kTaskManagerMemoryManagedFraction));
  b.state = Fraction(b.process, state_fraction);

  // Each part is at most ~max(process, 1 TiB-scale option), so the sum cannot overflow
  // unless the min/max options are absurd; check in a wider type anyway.
  const __int128 reserved = static_cast<__int128>(b.overhead) + b.network + b.state;
  if (reserved >= b.process) {
    return Status::Invalid(
        "Invalid memory configuration: '", config::kTaskManagerMemoryProcessSize.key(), "' (",
        process.ToString(), ") leaves no memory for operators after overhead (",
        MemorySize(b.overhead).ToHumanString(), ", taskmanager.memory.overhead.*), network (",
        MemorySize(b.network).ToHumanString(), ", taskmanager.memory.network.*) and state (",
        MemorySize(b.state).ToHumanString(), ", '", config::kTaskManagerMemoryManagedFraction.key(),
        "'); raise the process size or lower the others");
  }
  b.operators = b.process - b.overhead - b.network - b.state;
  return b;
}

std::string MemoryBudget::ToString() const {
  auto line = [](const char* name, int64_t bytes) {
    return fmt::format("  {:<11}{:<11}({} bytes)\n", name, MemorySize(bytes).ToHumanString(),
                       bytes);
  };
  return line("process", process) + line("overhead", overhead) + line("network", network) +
         line("state", state) + line("operators", operators);
}

MemoryBudgetPools MakeMemoryBudgetPools(const MemoryBudget& budget) {
  MemoryBudgetPools pools;
  pools.process = MemoryPool::MakeRoot("process", budget.process, OverLimitPolicy::kFail);
  pools.network = pools.process->MakeChild("network", budget.network, OverLimitPolicy::kWait);
  pools.state = pools.process->MakeChild("state", budget.state, OverLimitPolicy::kFail);
  pools.operators =
      pools.process->MakeChild("operators", budget.operators, OverLimitPolicy::kFail);
  return pools;
}

Result<MemoryBudgetPools> InstallMemoryBudget(const Configuration& config) {
  WEIR_ASSIGN_OR_RAISE(MemoryBudget budget, MemoryBudget::FromConfiguration(config));
  MemoryBudgetPools pools = MakeMemoryBudgetPools(budget);
  SetDefaultMemoryPool(pools.process);
  return pools;
}

}  // namespace weir
