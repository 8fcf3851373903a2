// Checkpoint options: registration and reading the coordinator's settings.
#include "weir/runtime/checkpoint/checkpoint_options.h"

#include <chrono>

#include "weir/common/config/option_registry.h"

namespace weir::runtime {

namespace {

int64_t ToMillis(config::Duration d) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
}

Status OutOfRange(std::string_view key, int64_t value, std::string_view rule) {
  return Status::Invalid("Invalid value ", value, " for key '", key, "': ", rule);
}

}  // namespace

Status RegisterCheckpointOptions(config::OptionRegistry& registry) {
  for (const config::OptionSpec* spec : {
           &kCheckpointingInterval.spec(),
           &kCheckpointingTimeout.spec(),
           &kCheckpointingMinPause.spec(),
           &kCheckpointingMaxConcurrent.spec(),
           &kCheckpointingTolerableFailures.spec(),
           &kCheckpointingMode.spec(),
           &kCheckpointingUnaligned.spec(),
           &kCheckpointsDirectory.spec(),
           &kSavepointDirectory.spec(),
           &kCheckpointsNumRetained.spec(),
           &kStateRecoveryPath.spec(),
           &kStateRecoveryIgnoreUnclaimedState.spec(),
       }) {
    WEIR_RETURN_NOT_OK(registry.Register(*spec));
  }
  return Status::OK();
}

Result<CheckpointingSettings> CheckpointingSettings::FromConfiguration(
    const config::Configuration& config) {
  CheckpointingSettings s;
  WEIR_ASSIGN_OR_RAISE(std::optional<config::Duration> interval,
                       config.GetOptional(kCheckpointingInterval));
  s.interval_ms = interval.has_value() ? ToMillis(*interval) : 0;
  WEIR_ASSIGN_OR_RAISE(config::Duration timeout, config.Get(kCheckpointingTimeout));
  s.timeout_ms = ToMillis(timeout);
  if (s.timeout_ms <= 0) {
    return OutOfRange(kCheckpointingTimeout.key(), s.timeout_ms, "must be at least 1 ms");
  }
  WEIR_ASSIGN_OR_RAISE(config::Duration min_pause, config.Get(kCheckpointingMinPause));
  s.min_pause_ms = ToMillis(min_pause);
  WEIR_ASSIGN_OR_RAISE(s.max_concurrent, config.Get(kCheckpointingMaxConcurrent));
  if (s.max_concurrent < 1) {
    return OutOfRange(kCheckpointingMaxConcurrent.key(), s.max_concurrent, "must be 1 or more");
  }
  WEIR_ASSIGN_OR_RAISE(s.tolerable_failures, config.Get(kCheckpointingTolerableFailures));
  if (s.tolerable_failures < -1) {
    return OutOfRange(kCheckpointingTolerableFailures.key(), s.tolerable_failures,
                      "must be -1 (unlimited) or more");
  }
  WEIR_ASSIGN_OR_RAISE(s.mode, config.Get(kCheckpointingMode));
  WEIR_ASSIGN_OR_RAISE(s.unaligned, config.Get(kCheckpointingUnaligned));
  if (s.unaligned && s.mode != CheckpointingMode::kExactlyOnce) {
    return Status::Invalid("Unaligned checkpoints ('", kCheckpointingUnaligned.key(), "') need '",
                           kCheckpointingMode.key(), "' = EXACTLY_ONCE");
  }
  if (s.unaligned && s.max_concurrent > 1) {
    return Status::Invalid("Unaligned checkpoints ('", kCheckpointingUnaligned.key(), "') need '",
                           kCheckpointingMaxConcurrent.key(), "' = 1, not ", s.max_concurrent);
  }
  WEIR_ASSIGN_OR_RAISE(std::optional<std::string> dir, config.GetOptional(kCheckpointsDirectory));
  s.checkpoints_dir = dir.value_or("");
  WEIR_ASSIGN_OR_RAISE(std::optional<std::string> sp_dir, config.GetOptional(kSavepointDirectory));
  s.savepoints_dir = sp_dir.value_or("");
  WEIR_ASSIGN_OR_RAISE(s.num_retained, config.Get(kCheckpointsNumRetained));
  if (s.num_retained < 1) {
    return OutOfRange(kCheckpointsNumRetained.key(), s.num_retained, "must be 1 or more");
  }
  WEIR_ASSIGN_OR_RAISE(s.restore_path, config.GetOptional(kStateRecoveryPath));
  if (s.restore_path.has_value() && s.restore_path->empty()) s.restore_path.reset();
  WEIR_ASSIGN_OR_RAISE(s.allow_non_restored_state, config.Get(kStateRecoveryIgnoreUnclaimedState));
  return s;
}

}  // namespace weir::runtime
