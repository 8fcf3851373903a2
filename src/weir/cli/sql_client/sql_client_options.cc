// The SQL client's configuration options (sql-client.*).
#include "weir/cli/sql_client/sql_client_options.h"

#include "weir/common/config/option_registry.h"

namespace weir::cli {

Status RegisterSqlClientOptions(config::OptionRegistry& registry) {
  WEIR_RETURN_NOT_OK(registry.Register(kResultMode));
  WEIR_RETURN_NOT_OK(registry.Register(kMaxColumnWidth));
  return registry.Register(kPrintTimeCost);
}

Result<ResultPrinterOptions> ResultPrinterOptionsFromConfiguration(
    const config::Configuration& config, bool streaming) {
  ResultPrinterOptions options;
  options.streaming = streaming;
  WEIR_ASSIGN_OR_RAISE(std::string mode, config.Get(kResultMode));
  Result<ResultMode> parsed = ParseResultMode(mode);
  if (!parsed.ok()) {
    return Status::Invalid("Invalid value for '", kResultMode.key(), "' (expected TABLE, ",
                           "CHANGELOG or TABLEAU): ", mode);
  }
  options.mode = *parsed;
  WEIR_ASSIGN_OR_RAISE(options.max_column_width, config.Get(kMaxColumnWidth));
  if (options.max_column_width <= 0) {
    return Status::Invalid("'", kMaxColumnWidth.key(),
                           "' must be greater than 0: ", options.max_column_width);
  }
  WEIR_ASSIGN_OR_RAISE(options.print_time_cost, config.Get(kPrintTimeCost));
  return options;
}

}  // namespace weir::cli
