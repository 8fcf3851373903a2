// Print connector options parsing and the PrintSink line format.
#include "weir/connectors/print/print_format.h"

#include "weir/common/batch/batch_text.h"
#include "weir/common/config/config_parse.h"
#include "weir/common/str_cat.h"

namespace weir::connectors {

Result<PrintOptions> PrintOptions::Parse(const formats::FormatOptions& options) {
  PrintOptions out;
  for (const auto& [key, text] : options) {
    if (key == "connector") {
      if (text != "print") {
        return Status::Invalid("Invalid value for print option 'connector': '", text,
                               "' (expected 'print')");
      }
    } else if (key == "print-identifier") {
      out.print_identifier = text;
    } else if (key == "standard-error") {
      auto b = config::ParseBool(text);
      if (!b.ok()) {
        return Status::Invalid("Invalid value for print option 'standard-error': '", text,
                               "' (expected true or false)");
      }
      out.standard_error = *b;
    } else if (key == "sink.parallelism") {
      auto p = config::ParseInt32(text);
      if (!p.ok() || *p <= 0) {
        return Status::Invalid("Invalid value for print option 'sink.parallelism': '", text,
                               "' (expected a positive integer)");
      }
      out.sink_parallelism = *p;
    } else {
      return Status::Invalid("Unsupported option for 'print': '", key,
                             "' (supported: connector, print-identifier, standard-error, "
                             "sink.parallelism)");
    }
  }
  return out;
}

std::string PrintPrefix(std::string_view identifier, int32_t subtask, int32_t parallelism) {
  std::string prefix(identifier);
  if (parallelism > 1) {
    if (!prefix.empty()) prefix += ':';
    prefix += std::to_string(subtask + 1);
  }
  if (!prefix.empty()) prefix += "> ";
  return prefix;
}

void AppendPrintedRows(std::string& out, std::string_view prefix, const RecordBatch& batch,
                       const SelectionVector* selection) {
  const int64_t n = selection != nullptr ? selection->size() : batch.num_rows();
  for (int64_t i = 0; i < n; ++i) {
    out.append(prefix);
    AppendRowText(out, batch, selection != nullptr ? (*selection)[i] : i);
    out += '\n';
  }
}

}  // namespace weir::connectors
