// Options of the common layer: process memory budget, slots, parallelism, logging, threads.
#pragma once

#include "weir/common/config/config_option.h"
#include "weir/common/config/configuration.h"
#include "weir/common/log/log.h"

namespace weir::config {

class OptionRegistry;

// --- Memory (see weir/common/memory/memory_budget.h for how the split is computed) ---

inline constexpr ConfigOption<MemorySize> kTaskManagerMemoryProcessSize =
    ConfigOption<MemorySize>("taskmanager.memory.process.size")
        .WithDefault("1728m")
        .WithDescription(
            "Total memory of a Weir worker process. It is split into overhead, network, "
            "state and operator memory; the process never allocates beyond it.");

inline constexpr ConfigOption<double> kTaskManagerMemoryOverheadFraction =
    ConfigOption<double>("taskmanager.memory.overhead.fraction")
        .WithDefault("0.1")
        .WithDescription(
            "Fraction of the process size kept back for code, thread stacks and allocator "
            "slack (Weir's counterpart of Flink's JVM overhead), clamped to the min and max.")
        .WithDeprecatedKeys({"taskmanager.memory.jvm-overhead.fraction"});

inline constexpr ConfigOption<MemorySize> kTaskManagerMemoryOverheadMin =
    ConfigOption<MemorySize>("taskmanager.memory.overhead.min")
        .WithDefault("192m")
        .WithDescription("Minimum overhead memory.")
        .WithDeprecatedKeys({"taskmanager.memory.jvm-overhead.min"});

inline constexpr ConfigOption<MemorySize> kTaskManagerMemoryOverheadMax =
    ConfigOption<MemorySize>("taskmanager.memory.overhead.max")
        .WithDefault("1g")
        .WithDescription("Maximum overhead memory.")
        .WithDeprecatedKeys({"taskmanager.memory.jvm-overhead.max"});

inline constexpr ConfigOption<double> kTaskManagerMemoryNetworkFraction =
    ConfigOption<double>("taskmanager.memory.network.fraction")
        .WithDefault("0.1")
        .WithDescription(
            "Fraction of the process size used for network buffers (shuffle and "
            "backpressure), clamped to the min and max.")
        .WithDeprecatedKeys({"taskmanager.network.memory.fraction"});

inline constexpr ConfigOption<MemorySize> kTaskManagerMemoryNetworkMin =
    ConfigOption<MemorySize>("taskmanager.memory.network.min")
        .WithDefault("64m")
        .WithDescription("Minimum network memory.")
        .WithDeprecatedKeys({"taskmanager.network.memory.min"});

inline constexpr ConfigOption<MemorySize> kTaskManagerMemoryNetworkMax =
    ConfigOption<MemorySize>("taskmanager.memory.network.max")
        .WithDefault("1g")
        .WithDescription("Maximum network memory.")
        .WithDeprecatedKeys({"taskmanager.network.memory.max"});

inline constexpr ConfigOption<double> kTaskManagerMemoryManagedFraction =
    ConfigOption<double>("taskmanager.memory.managed.fraction")
        .WithDefault("0.4")
        .WithDescription(
            "Fraction of the process size managed for state (state backend caches and "
            "write buffers). The rest after overhead, network and state goes to operators "
            "(sort, hash, spill and batches).");

// --- Execution ---

inline constexpr ConfigOption<int32_t> kTaskManagerNumberOfTaskSlots =
    ConfigOption<int32_t>("taskmanager.numberOfTaskSlots")
        .WithDefault("1")
        .WithDescription("Number of parallel slots a worker process offers.");

inline constexpr ConfigOption<int32_t> kParallelismDefault =
    ConfigOption<int32_t>("parallelism.default")
        .WithDefault("1")
        .WithDescription("Default parallelism of jobs that do not set their own.");

inline constexpr ConfigOption<int32_t> kWorkerThreads =
    ConfigOption<int32_t>("weir.worker-threads")
        .WithDefault("0")
        .WithDescription("Number of task worker threads; 0 means one per CPU core.");

// --- Logging ---

inline constexpr ConfigOption<LogLevel> kLogLevel =
    ConfigOption<LogLevel>("log.level")
        .WithDefault("INFO")
        .WithEnumNames(kLogLevelNames)
        .WithDescription("Lowest level of log messages written to stderr.");

/// Registers the options above.
Status RegisterCoreOptions(OptionRegistry& registry);

/// Sets the log level from `log.level`.
Status ConfigureLogging(const Configuration& config);

/// Returns the number of worker threads: `weir.worker-threads`, or the core count if 0.
Result<int32_t> ResolveWorkerThreads(const Configuration& config);

}  // namespace weir::config
