// BlackholeSinkOperator: option validation and row counting.
#include "weir/connectors/blackhole/blackhole_sink_operator.h"

namespace weir::connectors {

Status ValidateBlackholeOptions(const formats::FormatOptions& options) {
  for (const auto& [key, value] : options) {
    if (key == "connector") {
      if (value != "blackhole") {
        return Status::Invalid("Invalid value for blackhole option 'connector': '", value,
                               "' (expected 'blackhole')");
      }
      continue;
    }
    return Status::Invalid("Unsupported option for 'blackhole': '", key,
                           "' (the blackhole connector takes no options)");
  }
  return Status::OK();
}

Status BlackholeSinkOperator::ProcessBatch(int input, const RecordBatchPtr& batch) {
  if (input != 0) return Status::Internal("blackhole sink ", name_, " has no input ", input);
  if (batch != nullptr) {
    rows_ += batch->num_rows();
    ++batches_;
  }
  return Status::OK();
}

}  // namespace weir::connectors
