// CsvOptions: the 'csv.*' options of Flink's CSV format, parsed and validated.
#pragma once

#include <optional>
#include <string>

#include "weir/common/result.h"
#include "weir/common/types/schema.h"
#include "weir/formats/format_options.h"

namespace weir::formats {

/// Flink's CSV format options (names and defaults as in Flink's docs).
struct CsvOptions {
  char field_delimiter = ',';                           // csv.field-delimiter
  bool disable_quote_character = false;                 // csv.disable-quote-character
  char quote_character = '"';                           // csv.quote-character
  bool allow_comments = false;                          // csv.allow-comments ('#' lines)
  bool ignore_parse_errors = false;                     // csv.ignore-parse-errors
  std::string array_element_delimiter = ";";            // csv.array-element-delimiter
  std::optional<char> escape_character;                 // csv.escape-character (none)
  std::optional<std::string> null_literal;              // csv.null-literal (none)
  bool write_bigdecimal_in_scientific_notation = true;  // csv.write-bigdecimal-in-...

  /// Reads and validates the 'csv.*' entries of a table's options; unknown 'csv.*' keys and
  /// bad values fail with an error naming the key.
  static Result<CsvOptions> Parse(const FormatOptions& options);
};

/// Checks that every column type can be read and written as CSV: scalars, ARRAY of scalars and
/// ROW of scalars; MAP, MULTISET, deeper nesting and TIME(p > 3) fail naming the column.
Status ValidateCsvSchema(const Schema& schema);

}  // namespace weir::formats
