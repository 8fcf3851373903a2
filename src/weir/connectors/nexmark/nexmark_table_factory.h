// The 'nexmark' connector's table factory.
#pragma once

#include <memory>

#include "weir/connectors/base/table_factory.h"

namespace weir::connectors {

/// Returns the factory of the 'nexmark' connector (Nexmark's event generator as a table).
std::unique_ptr<TableFactory> MakeNexmarkTableFactory();

}  // namespace weir::connectors
