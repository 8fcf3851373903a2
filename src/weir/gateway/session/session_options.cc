// Registration of the SQL session's table.* options.
#include "weir/gateway/session/session_options.h"

#include "weir/common/config/option_registry.h"

namespace weir::gateway {

Status RegisterSessionOptions(config::OptionRegistry& registry) {
  return registry.Register(kDmlSync);
}

}  // namespace weir::gateway
