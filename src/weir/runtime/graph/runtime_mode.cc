// RuntimeMode: parsing execution.runtime-mode and resolving it against a graph's sources.
#include "weir/runtime/graph/runtime_mode.h"

#include "weir/common/ascii.h"
#include "weir/common/config/option_registry.h"

namespace weir::runtime {

const char* RuntimeModeName(RuntimeMode mode) {
  switch (mode) {
    case RuntimeMode::kStreaming:
      return "STREAMING";
    case RuntimeMode::kBatch:
      return "BATCH";
    case RuntimeMode::kAutomatic:
      return "AUTOMATIC";
  }
  return "UNKNOWN";
}

std::optional<RuntimeMode> ParseRuntimeMode(std::string_view name) {
  for (RuntimeMode mode : {RuntimeMode::kStreaming, RuntimeMode::kBatch, RuntimeMode::kAutomatic}) {
    if (EqualsIgnoreAsciiCase(name, RuntimeModeName(mode))) return mode;
  }
  return std::nullopt;
}

Result<RuntimeMode> RuntimeModeFromConfiguration(const config::Configuration& config) {
  WEIR_ASSIGN_OR_RAISE(std::string value, config.Get(kRuntimeMode));
  std::optional<RuntimeMode> mode = ParseRuntimeMode(value);
  if (!mode.has_value()) {
    return Status::Invalid("Invalid value '", value, "' for key '", kRuntimeMode.key(),
                           "': expected STREAMING, BATCH or AUTOMATIC");
  }
  return *mode;
}

Result<JobType> ResolveJobType(RuntimeMode mode, const StreamGraph& graph) {
  const StreamNode* unbounded = nullptr;
  for (const StreamNode& node : graph.nodes()) {
    if (node.spec.num_inputs == 0 && !node.spec.bounded) {
      unbounded = &node;
      break;
    }
  }
  switch (mode) {
    case RuntimeMode::kStreaming:
      return JobType::kStreaming;
    case RuntimeMode::kAutomatic:
      return unbounded == nullptr ? JobType::kBatch : JobType::kStreaming;
    case RuntimeMode::kBatch:
      if (unbounded != nullptr) {
        return Status::Invalid("Detected an unbounded source with '", kRuntimeMode.key(),
                               "' set to BATCH: ", unbounded->spec.name,
                               ". Use STREAMING or AUTOMATIC, or make the source bounded");
      }
      return JobType::kBatch;
  }
  return Status::Internal("unknown runtime mode");
}

Status ApplyRuntimeMode(const config::Configuration& config, StreamGraph* graph) {
  WEIR_ASSIGN_OR_RAISE(RuntimeMode mode, RuntimeModeFromConfiguration(config));
  WEIR_ASSIGN_OR_RAISE(JobType type, ResolveJobType(mode, *graph));
  graph->set_job_type(type);
  return Status::OK();
}

Status RegisterRuntimeModeOptions(config::OptionRegistry& registry) {
  return registry.Register(kRuntimeMode.spec());
}

}  // namespace weir::runtime
