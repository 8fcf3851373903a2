// The SQL client's configuration options (sql-client.*) and the printer options they select.
#pragma once

#include <cstdint>
#include <string>

#include "weir/cli/sql_client/result_printer.h"
#include "weir/common/config/config_option.h"
#include "weir/common/config/configuration.h"
#include "weir/common/result.h"

namespace weir::config {
class OptionRegistry;
}  // namespace weir::config

namespace weir::cli {

/// Flink's default is TABLE (a full-screen view Weir does not have yet), so Weir defaults to
/// TABLEAU; -f scripts need TABLEAU either way.
inline constexpr config::ConfigOption<std::string> kResultMode =
    config::ConfigOption<std::string>("sql-client.execution.result-mode")
        .WithDefault("TABLEAU")
        .WithDescription(
            "How query results are shown: TABLEAU (a table printed as rows arrive), "
            "CHANGELOG (the changes with their +I/-U/+U/-D kinds) or TABLE (a full-screen "
            "paginated view; not supported yet).");

inline constexpr config::ConfigOption<int32_t> kMaxColumnWidth =
    config::ConfigOption<int32_t>("sql-client.display.max-column-width")
        .WithDefault("30")
        .WithDescription(
            "Widest a result column is printed; longer values are cut and end with '...'.");

inline constexpr config::ConfigOption<bool> kPrintTimeCost =
    config::ConfigOption<bool>("sql-client.display.print-time-cost")
        .WithDefault("true")
        .WithDescription(
            "Whether the line after a query result says how long the query took, as in "
            "'3 rows in set (0.52 seconds)'.");

/// Registers the sql-client.* options.
Status RegisterSqlClientOptions(config::OptionRegistry& registry);

/// Reads the printer options from a session configuration; `streaming` says whether the
/// query runs in streaming mode. Errors name the key.
Result<ResultPrinterOptions> ResultPrinterOptionsFromConfiguration(
    const config::Configuration& config, bool streaming);

}  // namespace weir::cli
