// LegacyConnectorOptions: the key rewriting of Flink's legacy descriptor options.
#include "weir/connectors/base/legacy_options.h"

#include <string>
#include <string_view>
#include <utility>

namespace weir::connectors {

void RewriteLegacyConnectorOptions(formats::FormatOptions* options) {
  if (options->count("connector") > 0 || options->count("connector.type") == 0) return;
  constexpr std::string_view kFormatPrefix = "format.";
  const auto format = options->find("format.type");
  const std::string format_name = format != options->end() ? format->second : "";
  formats::FormatOptions out;
  for (auto& [key, value] : *options) {
    if (key == "connector.type") {
      out["connector"] = std::move(value);
    } else if (key == "connector.path") {
      out["path"] = std::move(value);
    } else if (key == "format.type") {
      out["format"] = std::move(value);
    } else if (key == "connector.property-version" || key == "format.property-version") {
      continue;
    } else if (key.starts_with(kFormatPrefix) && !format_name.empty()) {
      out[format_name + "." + key.substr(kFormatPrefix.size())] = std::move(value);
    } else {
      out[key] = std::move(value);
    }
  }
  *options = std::move(out);
}

}  // namespace weir::connectors
