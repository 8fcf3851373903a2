// JsonOptions: the 'json.*' options of Flink's JSON format, parsed and validated.
#pragma once

#include <string>

#include "weir/common/result.h"
#include "weir/common/types/schema.h"
#include "weir/formats/format_options.h"

namespace weir::formats {

/// What the JSON encoder does with a null key of a MAP (json.map-null-key.mode).
enum class MapNullKeyMode : uint8_t { kFail, kDrop, kLiteral };

/// Flink's JSON format options (names and defaults as in Flink's docs).
struct JsonOptions {
  bool fail_on_missing_field = false;  // json.fail-on-missing-field
  bool ignore_parse_errors = false;    // json.ignore-parse-errors
  bool iso8601_timestamps = false;     // json.timestamp-format.standard: SQL | ISO-8601
  MapNullKeyMode map_null_key_mode = MapNullKeyMode::kFail;  // json.map-null-key.mode
  std::string map_null_key_literal = "null";                 // json.map-null-key.literal
  bool encode_decimal_as_plain_number = false;               // json.encode.decimal-as-plain-number
  bool encode_ignore_null_fields = false;                    // json.encode.ignore-null-fields
  // json.decode.json-parser.enabled is accepted and has no effect: in Flink it only picks
  // between two Jackson decoding paths (streaming parser or tree) that give the same rows.

  /// Reads and validates the 'json.*' entries of a table's options; unknown 'json.*' keys,
  /// bad values, and fail-on-missing-field together with ignore-parse-errors fail.
  static Result<JsonOptions> Parse(const FormatOptions& options);
};

/// Checks that every column type can be read and written as JSON: all types, with MAP and
/// MULTISET keys of a string type (as in Flink).
Status ValidateJsonSchema(const Schema& schema);

}  // namespace weir::formats
