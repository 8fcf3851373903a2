// JsonOptions: parsing and validation of the 'json.*' options and of JSON column types.
#include "weir/formats/json/json_options.h"

#include <algorithm>

#include "weir/common/ascii.h"

namespace weir::formats {

namespace {

Status CheckType(const std::string& column, const LogicalType& t) {
  switch (t.id()) {
    case TypeId::kArray:
      return CheckType(column, t.element_type());
    case TypeId::kMap:
    case TypeId::kMultiset:
      if (!t.key_type().is_string()) {
        return Status::NotSupported(
            "JSON format does not support non-string keys of MAP or MULTISET: ", t.ToString(),
            " (column \"", column, "\")");
      }
      return CheckType(column, t.value_type());
    case TypeId::kRow:
      for (const Field& f : t.fields()) WEIR_RETURN_NOT_OK(CheckType(column, f.logical_type()));
      return Status::OK();
    default:
      return Status::OK();
  }
}

}  // namespace

Result<JsonOptions> JsonOptions::Parse(const FormatOptions& options) {
  WEIR_ASSIGN_OR_RAISE(
      FormatOptionReader r,
      FormatOptionReader::Make(
          options, "json",
          {"fail-on-missing-field", "ignore-parse-errors", "timestamp-format.standard",
           "map-null-key.mode", "map-null-key.literal", "encode.decimal-as-plain-number",
           "encode.ignore-null-fields", "decode.json-parser.enabled"}));
  JsonOptions o;
  WEIR_ASSIGN_OR_RAISE(o.fail_on_missing_field, r.GetBool("fail-on-missing-field", false));
  WEIR_ASSIGN_OR_RAISE(o.ignore_parse_errors, r.GetBool("ignore-parse-errors", false));
  if (o.fail_on_missing_field && o.ignore_parse_errors) {
    return Status::Invalid(
        "Options 'json.fail-on-missing-field' and 'json.ignore-parse-errors' "
        "cannot both be true");
  }
  const std::string standard = r.GetString("timestamp-format.standard", "SQL");
  if (standard == "SQL") {
    o.iso8601_timestamps = false;
  } else if (standard == "ISO-8601") {
    o.iso8601_timestamps = true;
  } else {
    return Status::Invalid("Invalid value for option 'json.timestamp-format.standard': '", standard,
                           "' (supported: SQL, ISO-8601)");
  }
  const std::string mode = AsciiUpper(r.GetString("map-null-key.mode", "FAIL"));
  if (mode == "FAIL") {
    o.map_null_key_mode = MapNullKeyMode::kFail;
  } else if (mode == "DROP") {
    o.map_null_key_mode = MapNullKeyMode::kDrop;
  } else if (mode == "LITERAL") {
    o.map_null_key_mode = MapNullKeyMode::kLiteral;
  } else {
    return Status::Invalid("Invalid value for option 'json.map-null-key.mode': '",
                           r.GetString("map-null-key.mode", ""),
                           "' (supported: FAIL, DROP, LITERAL)");
  }
  o.map_null_key_literal = r.GetString("map-null-key.literal", "null");
  WEIR_ASSIGN_OR_RAISE(o.encode_decimal_as_plain_number,
                       r.GetBool("encode.decimal-as-plain-number", false));
  WEIR_ASSIGN_OR_RAISE(o.encode_ignore_null_fields, r.GetBool("encode.ignore-null-fields", false));
  WEIR_ASSIGN_OR_RAISE(bool parser_enabled, r.GetBool("decode.json-parser.enabled", true));
  (void)parser_enabled;  // no semantic effect, see the field comment above
  return o;
}

Status ValidateJsonSchema(const Schema& schema) {
  for (const Field& f : schema.fields()) WEIR_RETURN_NOT_OK(CheckType(f.name, f.logical_type()));
  return Status::OK();
}

}  // namespace weir::formats
