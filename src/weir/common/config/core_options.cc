// Options of the common layer: registration and the settings they drive.
#include "weir/common/config/core_options.h"

#include <thread>

#include "weir/common/config/option_registry.h"

namespace weir::config {

Status RegisterCoreOptions(OptionRegistry& registry) {
  for (const OptionSpec* spec : {
           &kTaskManagerMemoryProcessSize.spec(),
           &kTaskManagerMemoryOverheadFraction.spec(),
           &kTaskManagerMemoryOverheadMin.spec(),
           &kTaskManagerMemoryOverheadMax.spec(),
           &kTaskManagerMemoryNetworkFraction.spec(),
           &kTaskManagerMemoryNetworkMin.spec(),
           &kTaskManagerMemoryNetworkMax.spec(),
           &kTaskManagerMemoryManagedFraction.spec(),
           &kTaskManagerNumberOfTaskSlots.spec(),
           &kParallelismDefault.spec(),
           &kWorkerThreads.spec(),
           &kLogLevel.spec(),
       }) {
    WEIR_RETURN_NOT_OK(registry.Register(*spec));
  }
  return Status::OK();
}

Status ConfigureLogging(const Configuration& config) {
  WEIR_ASSIGN_OR_RAISE(LogLevel level, config.Get(kLogLevel));
  SetLogLevel(level);
  return Status::OK();
}

Result<int32_t> ResolveWorkerThreads(const Configuration& config) {
  WEIR_ASSIGN_OR_RAISE(int32_t threads, config.Get(kWorkerThreads));
  if (threads < 0) {
    return Status::Invalid("Invalid value ", threads, " for key '", kWorkerThreads.key(),
                           "': must be 0 (one per core) or more");
  }
  if (threads == 0) {
    const unsigned cores = std::thread::hardware_concurrency();
    threads = cores == 0 ? 1 : static_cast<int32_t>(cores);
  }
  return threads;
}

}  // namespace weir::config
