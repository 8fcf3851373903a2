// The table.* options a SQL session reads while executing statements.
#pragma once

#include "weir/common/config/config_option.h"
#include "weir/common/status.h"

namespace weir::config {
class OptionRegistry;
}  // namespace weir::config

namespace weir::gateway {

/// Flink's `table.dml-sync`: when true, INSERT, statement sets and executed plans return only
/// after their job has ended, and a job that fails makes the statement fail.
inline constexpr config::ConfigOption<bool> kDmlSync =
    config::ConfigOption<bool>("table.dml-sync")
        .WithDefault("false")
        .WithDescription(
            "Whether DML statements (INSERT, statement sets, EXECUTE PLAN) wait for their job "
            "to end before returning; a failed job fails the statement with the job's error.");

/// Registers the session's table.* options.
Status RegisterSessionOptions(config::OptionRegistry& registry);

}  // namespace weir::gateway
