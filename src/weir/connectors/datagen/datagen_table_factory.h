// The 'datagen' connector's table factory.
#pragma once

#include <memory>

#include "weir/connectors/base/table_factory.h"

namespace weir::connectors {

/// Returns the factory of the 'datagen' connector.
std::unique_ptr<TableFactory> MakeDatagenTableFactory();

}  // namespace weir::connectors
