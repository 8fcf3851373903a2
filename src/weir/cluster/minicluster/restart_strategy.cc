// RestartStrategy: parsing Flink's restart-strategy.* options.
#include "weir/cluster/minicluster/restart_strategy.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <limits>

#include "weir/common/str_cat.h"

namespace weir::cluster {

Result<RestartStrategy> RestartStrategy::FromConfiguration(const config::Configuration& config,
                                                           bool checkpointing) {
  WEIR_ASSIGN_OR_RAISE(std::optional<std::string> type, config.GetOptional(kRestartStrategyType));
  RestartStrategy s;
  if (!type.has_value()) {
    if (!checkpointing) return s;
    s.kind = Kind::kFixedDelay;
    s.max_attempts = std::numeric_limits<int32_t>::max();
    s.delay_ms = 1000;
    return s;
  }
  std::string name = *type;
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (name == "none" || name == "off" || name == "disable") return s;
  if (name != "fixed-delay" && name != "fixeddelay") {
    return Status::Invalid("Invalid value '", *type, "' for key '", kRestartStrategyType.key(),
                           "': expected none or fixed-delay");
  }
  s.kind = Kind::kFixedDelay;
  WEIR_ASSIGN_OR_RAISE(s.max_attempts, config.Get(kRestartFixedDelayAttempts));
  if (s.max_attempts < 0) {
    return Status::Invalid("Invalid value ", s.max_attempts, " for key '",
                           kRestartFixedDelayAttempts.key(), "': must be 0 or more");
  }
  WEIR_ASSIGN_OR_RAISE(config::Duration delay, config.Get(kRestartFixedDelayDelay));
  s.delay_ms = std::chrono::duration_cast<std::chrono::milliseconds>(delay).count();
  return s;
}

std::string RestartStrategy::ToString() const {
  if (kind == Kind::kNone) return "NoRestartStrategy";
  return StrCat("FixedDelayRestartStrategy(maxNumberRestartAttempts=", max_attempts,
                ", backoffTimeMS=", delay_ms, ")");
}

}  // namespace weir::cluster
