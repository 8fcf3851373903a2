// Every layer's configuration options, registered for the command line's validation.
#pragma once

#include "weir/common/config/option_registry.h"
#include "weir/common/status.h"

namespace weir::cli {

/// Registers the options of every layer (checkpoints, restarts, runtime mode, network,
/// mini-cluster, SQL client, watermarks) into `registry`; registering twice is harmless.
Status RegisterAllOptions(config::OptionRegistry& registry);

}  // namespace weir::cli
