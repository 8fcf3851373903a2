// The 'print' connector's table factory.
#pragma once

#include <memory>

#include "weir/connectors/base/table_factory.h"

namespace weir::connectors {

/// Returns the factory of the 'print' connector.
std::unique_ptr<TableFactory> MakePrintTableFactory();

}  // namespace weir::connectors
