// The 'blackhole' connector's table factory.
#pragma once

#include <memory>

#include "weir/connectors/base/table_factory.h"

namespace weir::connectors {

/// Returns the factory of the 'blackhole' connector.
std::unique_ptr<TableFactory> MakeBlackholeTableFactory();

}  // namespace weir::connectors
