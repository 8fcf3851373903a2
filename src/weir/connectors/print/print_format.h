// Print connector options and output format: Flink's PrintSink lines ("id:2> +I[1, abc]").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "weir/common/batch/record_batch.h"
#include "weir/common/batch/selection_vector.h"
#include "weir/common/result.h"
#include "weir/formats/format_options.h"

namespace weir::connectors {

/// Flink's print connector options.
struct PrintOptions {
  std::string print_identifier;             // print-identifier (unset: empty)
  bool standard_error = false;              // standard-error
  std::optional<int32_t> sink_parallelism;  // sink.parallelism

  /// Reads and validates a print table's options; unknown keys and bad values fail naming the
  /// key.
  static Result<PrintOptions> Parse(const formats::FormatOptions& options);
};

/// Returns the line prefix of subtask `subtask` (0-based) of `parallelism`, as Flink's print
/// sink builds it: the identifier, then ":<subtask + 1>" when parallelism > 1 (without the
/// colon when there is no identifier), then "> " unless both parts are empty:
/// "id:2> ", "id> ", "2> ", "".
std::string PrintPrefix(std::string_view identifier, int32_t subtask, int32_t parallelism);

/// Appends one line per row of `batch`, "<prefix><Row.toString>\n" ("+I[1, abc]"), for the
/// rows in `selection` (in its order) or every row when it is null.
void AppendPrintedRows(std::string& out, std::string_view prefix, const RecordBatch& batch,
                       const SelectionVector* selection = nullptr);

}  // namespace weir::connectors
