// LegacyConnectorOptions: Flink 1.x descriptor keys ('connector.type', 'format.type', ...)
// rewritten to the current option keys.
#pragma once

#include "weir/formats/format_options.h"

namespace weir::connectors {

/// Rewrites the options of a table declared with Flink's legacy descriptor keys (used by
/// Nexmark's q13: 'connector.type' = 'filesystem', 'connector.path', 'format.type' = 'csv')
/// into the current keys, in place: 'connector.type' → 'connector', 'connector.path' →
/// 'path', 'format.type' → 'format', 'format.<name>' → '<format>.<name>'; the
/// 'connector.property-version' and 'format.property-version' markers carry no setting and
/// are dropped. Any other 'connector.*' key is left as it is, so the connector rejects it by
/// name. Does nothing when the table has a 'connector' option or no 'connector.type'.
void RewriteLegacyConnectorOptions(formats::FormatOptions* options);

}  // namespace weir::connectors
