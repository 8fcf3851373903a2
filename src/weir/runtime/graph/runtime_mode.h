// RuntimeMode: execution.runtime-mode (STREAMING, BATCH, AUTOMATIC) and the job type it selects.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "weir/common/config/config_option.h"
#include "weir/common/config/configuration.h"
#include "weir/common/result.h"
#include "weir/runtime/graph/stream_graph.h"

namespace weir::config {
class OptionRegistry;
}  // namespace weir::config

namespace weir::runtime {

/// How a job executes (Flink's RuntimeExecutionMode).
enum class RuntimeMode : uint8_t {
  kStreaming,  // checkpoints, watermarks as the sources emit them
  kBatch,      // bounded sources only; no checkpoints; watermark -inf until end of input, then +inf
  kAutomatic,  // BATCH if every source is bounded, STREAMING otherwise
};

inline constexpr config::ConfigOption<std::string> kRuntimeMode =
    config::ConfigOption<std::string>("execution.runtime-mode")
        .WithDefault("STREAMING")
        .WithDescription(
            "Runtime execution mode: STREAMING, BATCH (every source must be bounded) or "
            "AUTOMATIC (BATCH when every source is bounded, STREAMING otherwise).");

/// Returns "STREAMING", "BATCH" or "AUTOMATIC".
const char* RuntimeModeName(RuntimeMode mode);
/// Parses a mode name, ignoring case; nullopt for anything else.
std::optional<RuntimeMode> ParseRuntimeMode(std::string_view name);
/// Reads execution.runtime-mode; an unknown value is an error naming the key.
Result<RuntimeMode> RuntimeModeFromConfiguration(const config::Configuration& config);

/// Returns the job type `mode` selects for `graph`: AUTOMATIC looks at the sources'
/// OperatorSpec::bounded. BATCH with an unbounded source is an error naming the source.
Result<JobType> ResolveJobType(RuntimeMode mode, const StreamGraph& graph);
/// Reads execution.runtime-mode from `config` and sets the graph's job type accordingly.
Status ApplyRuntimeMode(const config::Configuration& config, StreamGraph* graph);

/// Registers execution.runtime-mode.
Status RegisterRuntimeModeOptions(config::OptionRegistry& registry);

}  // namespace weir::runtime
