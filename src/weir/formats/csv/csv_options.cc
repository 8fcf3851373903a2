// CsvOptions: parsing and validation of the 'csv.*' options and of CSV column types.
#include "weir/formats/csv/csv_options.h"

namespace weir::formats {

Result<CsvOptions> CsvOptions::Parse(const FormatOptions& options) {
  WEIR_ASSIGN_OR_RAISE(
      FormatOptionReader r,
      FormatOptionReader::Make(
          options, "csv",
          {"field-delimiter", "disable-quote-character", "quote-character", "allow-comments",
           "ignore-parse-errors", "array-element-delimiter", "escape-character", "null-literal",
           "write-bigdecimal-in-scientific-notation"}));
  CsvOptions o;
  WEIR_ASSIGN_OR_RAISE(o.field_delimiter, r.GetChar("field-delimiter", ','));
  WEIR_ASSIGN_OR_RAISE(o.disable_quote_character, r.GetBool("disable-quote-character", false));
  WEIR_ASSIGN_OR_RAISE(o.quote_character, r.GetChar("quote-character", '"'));
  WEIR_ASSIGN_OR_RAISE(o.allow_comments, r.GetBool("allow-comments", false));
  WEIR_ASSIGN_OR_RAISE(o.ignore_parse_errors, r.GetBool("ignore-parse-errors", false));
  o.array_element_delimiter = r.GetString("array-element-delimiter", ";");
  if (r.Has("escape-character")) {
    WEIR_ASSIGN_OR_RAISE(char c, r.GetChar("escape-character", '\\'));
    o.escape_character = c;
  }
  if (r.Has("null-literal")) o.null_literal = r.GetString("null-literal", "");
  WEIR_ASSIGN_OR_RAISE(o.write_bigdecimal_in_scientific_notation,
                       r.GetBool("write-bigdecimal-in-scientific-notation", true));

  if (o.disable_quote_character && r.Has("quote-character")) {
    return Status::Invalid(
        "Options 'csv.quote-character' and 'csv.disable-quote-character' "
        "cannot be set together: disable the quote character or define one");
  }
  if (o.array_element_delimiter.empty()) {
    return Status::Invalid(
        "Invalid value for option 'csv.array-element-delimiter': it must not "
        "be empty");
  }
  const bool quoting = !o.disable_quote_character;
  if ((quoting && o.quote_character == o.field_delimiter) ||
      (o.escape_character && *o.escape_character == o.field_delimiter) ||
      (o.escape_character && quoting && *o.escape_character == o.quote_character)) {
    return Status::Invalid(
        "Options 'csv.field-delimiter', 'csv.quote-character' and "
        "'csv.escape-character' must be different characters");
  }
  if (o.field_delimiter == '\n' || o.field_delimiter == '\r') {
    return Status::Invalid(
        "Invalid value for option 'csv.field-delimiter': a line break cannot "
        "separate fields");
  }
  return o;
}

namespace {

Status CheckScalar(const std::string& column, const LogicalType& type, const char* context) {
  switch (type.id()) {
    case TypeId::kArray:
    case TypeId::kRow:
    case TypeId::kMap:
    case TypeId::kMultiset:
      return Status::NotSupported("CSV format does not support type ", type.ToString(), " ",
                                  context, " (column \"", column, "\")");
    case TypeId::kTime:
      if (type.precision() > 3) {
        return Status::NotSupported("CSV format does not support TIME(", type.precision(),
                                    ") (column \"", column, "\"): only precision 0 to 3");
      }
      return Status::OK();
    default:
      return Status::OK();
  }
}

}  // namespace

Status ValidateCsvSchema(const Schema& schema) {
  for (const Field& f : schema.fields()) {
    const LogicalType& t = f.logical_type();
    switch (t.id()) {
      case TypeId::kMap:
      case TypeId::kMultiset:
        return Status::NotSupported("CSV format does not support type ", t.ToString(),
                                    " (column \"", f.name, "\"): use the JSON format for maps");
      case TypeId::kArray:
        WEIR_RETURN_NOT_OK(CheckScalar(f.name, t.element_type(), "inside an ARRAY"));
        break;
      case TypeId::kRow:
        for (const Field& nested : t.fields()) {
          WEIR_RETURN_NOT_OK(CheckScalar(f.name, nested.logical_type(), "inside a ROW"));
        }
        break;
      default:
        WEIR_RETURN_NOT_OK(CheckScalar(f.name, t, "here"));
    }
  }
  return Status::OK();
}

}  // namespace weir::formats
