// The 'filesystem' connector's table factory.
#pragma once

#include <memory>

#include "weir/connectors/base/table_factory.h"

namespace weir::connectors {

/// Returns the factory of the 'filesystem' connector (formats csv and json).
std::unique_ptr<TableFactory> MakeFilesystemTableFactory();

}  // namespace weir::connectors
