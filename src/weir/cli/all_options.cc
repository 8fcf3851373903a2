// Every layer's configuration options, registered once into a registry.
#include "weir/cli/all_options.h"

#include "weir/cli/sql_client/sql_client_options.h"
#include "weir/cluster/minicluster/mini_cluster.h"
#include "weir/cluster/minicluster/restart_strategy.h"
#include "weir/gateway/session/session_options.h"
#include "weir/runtime/checkpoint/checkpoint_options.h"
#include "weir/runtime/graph/runtime_mode.h"
#include "weir/runtime/network/network_config.h"
#include "weir/sql/physical/watermark_assigner_operator.h"

namespace weir::cli {

Status RegisterAllOptions(config::OptionRegistry& registry) {
  if (registry.Find(runtime::kRuntimeMode.key()).has_value()) return Status::OK();
  WEIR_RETURN_NOT_OK(runtime::RegisterCheckpointOptions(registry));
  WEIR_RETURN_NOT_OK(runtime::RegisterNetworkOptions(registry));
  WEIR_RETURN_NOT_OK(runtime::RegisterRuntimeModeOptions(registry));
  WEIR_RETURN_NOT_OK(cluster::RegisterRestartStrategyOptions(registry));
  WEIR_RETURN_NOT_OK(cluster::RegisterMiniClusterOptions(registry));
  WEIR_RETURN_NOT_OK(RegisterSqlClientOptions(registry));
  WEIR_RETURN_NOT_OK(gateway::RegisterSessionOptions(registry));
  return registry.Register(sql::kAutoWatermarkInterval.spec());
}

}  // namespace weir::cli
