// JsonRowEncoder: column-at-a-time JSON encoding in Flink's output form.
#include "weir/formats/json/json_encoder.h"

#include <cmath>

#include "weir/formats/json/json_scanner.h"
#include "weir/formats/text_values.h"

namespace weir::formats {

Result<std::unique_ptr<JsonRowEncoder>> JsonRowEncoder::Make(const SchemaPtr& physical_schema,
                                                             const FormatOptions& options) {
  WEIR_ASSIGN_OR_RAISE(JsonOptions parsed, JsonOptions::Parse(options));
  WEIR_RETURN_NOT_OK(ValidateJsonSchema(*physical_schema));
  return std::unique_ptr<JsonRowEncoder>(new JsonRowEncoder(physical_schema, std::move(parsed)));
}

JsonRowEncoder::JsonRowEncoder(SchemaPtr schema, JsonOptions options)
    : TextRowEncoder(std::move(schema), "JSON"), options_(std::move(options)) {
  for (const Field& f : this->schema()->fields()) {
    std::string prefix;
    json::AppendQuoted(prefix, f.name);
    prefix.push_back(':');
    member_prefixes_.push_back(std::move(prefix));
  }
}

Status JsonRowEncoder::AppendRowObject(std::string& out, const ColumnVector& col, int64_t i) {
  const std::vector<Field>& fields = col.type().fields();
  out.push_back('{');
  bool first = true;
  for (size_t f = 0; f < fields.size(); ++f) {
    const ColumnVector& field = *col.child(static_cast<int>(f));
    const int64_t j = col.offset() + i;
    const bool null = field.IsNull(j);
    if (null && options_.encode_ignore_null_fields) continue;
    if (!first) out.push_back(',');
    first = false;
    json::AppendQuoted(out, fields[f].name);
    out.push_back(':');
    if (null) {
      out += "null";
    } else {
      WEIR_RETURN_NOT_OK(AppendValue(out, field, j));
    }
  }
  out.push_back('}');
  return Status::OK();
}

Status JsonRowEncoder::AppendMap(std::string& out, const ColumnVector& col, int64_t i) {
  const ColumnVector& entries = *col.child(0);
  const ColumnVector& keys = *entries.child(0);
  const ColumnVector& values = *entries.child(1);
  const int64_t start = col.ListOffset(i);
  const int64_t n = col.ListLength(i);
  out.push_back('{');
  bool first = true;
  for (int64_t k = start; k < start + n; ++k) {
    const int64_t e = entries.offset() + k;
    std::string_view key;
    if (keys.IsNull(e)) {
      switch (options_.map_null_key_mode) {
        case MapNullKeyMode::kFail:
          return Status::Invalid("JSON format cannot write a MAP with a null key (type ",
                                 col.type().ToString(),
                                 "): drop such entries or write the key as a literal with option "
                                 "'json.map-null-key.mode' (DROP or LITERAL)");
        case MapNullKeyMode::kDrop:
          continue;
        case MapNullKeyMode::kLiteral:
          key = options_.map_null_key_literal;
          break;
      }
    } else {
      key = keys.StringValue(e);
    }
    if (!first) out.push_back(',');
    first = false;
    json::AppendQuoted(out, key);
    out.push_back(':');
    if (values.IsNull(e)) {
      out += "null";
    } else {
      WEIR_RETURN_NOT_OK(AppendValue(out, values, e));
    }
  }
  out.push_back('}');
  return Status::OK();
}

Status JsonRowEncoder::AppendValue(std::string& out, const ColumnVector& col, int64_t i) {
  const LogicalType& t = col.type();
  switch (t.id()) {
    case TypeId::kNull:
      out += "null";
      return Status::OK();
    case TypeId::kBoolean:
      out += col.BoolValue(i) ? "true" : "false";
      return Status::OK();
    case TypeId::kTinyInt:
      text::AppendInteger(out, col.Value<int8_t>(i));
      return Status::OK();
    case TypeId::kSmallInt:
      text::AppendInteger(out, col.Value<int16_t>(i));
      return Status::OK();
    case TypeId::kInt:
    case TypeId::kIntervalYearMonth:
      text::AppendInteger(out, col.Value<int32_t>(i));
      return Status::OK();
    case TypeId::kBigInt:
    case TypeId::kIntervalDayTime:
      text::AppendInteger(out, col.Value<int64_t>(i));
      return Status::OK();
    case TypeId::kFloat:
    case TypeId::kDouble: {
      const double v =
          t.id() == TypeId::kFloat ? double{col.Value<float>(i)} : col.Value<double>(i);
      const bool finite = std::isfinite(v);
      if (!finite) out.push_back('"');  // Jackson writes NaN and infinities as strings
      if (t.id() == TypeId::kFloat) {
        java::AppendFloat(out, col.Value<float>(i));
      } else {
        java::AppendDouble(out, v);
      }
      if (!finite) out.push_back('"');
      return Status::OK();
    }
    case TypeId::kDecimal:
      text::AppendDecimal(out, col.DecimalValue(i).value(), t.scale(),
                          !options_.encode_decimal_as_plain_number);
      return Status::OK();
    case TypeId::kChar:
    case TypeId::kVarChar:
      json::AppendQuoted(out, col.StringValue(i));
      return Status::OK();
    case TypeId::kBinary:
    case TypeId::kVarBinary:
      out.push_back('"');
      text::AppendBase64(out, col.StringValue(i));
      out.push_back('"');
      return Status::OK();
    case TypeId::kDate:
      out.push_back('"');
      text::AppendDate(out, col.Value<int32_t>(i));
      out.push_back('"');
      return Status::OK();
    case TypeId::kTime: {
      const int64_t nanos = col.Value<int64_t>(i);
      out.push_back('"');
      text::AppendTimeOfDay(out, nanos - nanos % 1'000'000'000);  // Flink writes whole seconds
      out.push_back('"');
      return Status::OK();
    }
    case TypeId::kTimestamp:
    case TypeId::kTimestampLtz:
      out.push_back('"');
      text::AppendTimestamp(
          out, text::FromTimestampUnits(col.Value<int64_t>(i), TimestampUnit(t.precision())),
          options_.iso8601_timestamps ? 'T' : ' ', t.id() == TypeId::kTimestampLtz);
      out.push_back('"');
      return Status::OK();
    case TypeId::kArray: {
      const ColumnVector& elements = *col.child(0);
      const int64_t start = col.ListOffset(i);
      const int64_t n = col.ListLength(i);
      out.push_back('[');
      for (int64_t k = start; k < start + n; ++k) {
        if (k > start) out.push_back(',');
        if (elements.IsNull(k)) {
          out += "null";
        } else {
          WEIR_RETURN_NOT_OK(AppendValue(out, elements, k));
        }
      }
      out.push_back(']');
      return Status::OK();
    }
    case TypeId::kMap:
    case TypeId::kMultiset:
      return AppendMap(out, col, i);
    case TypeId::kRow:
      return AppendRowObject(out, col, i);
  }
  return Status::Internal("JSON encoder got type ", t.ToString());
}

Status JsonRowEncoder::EncodeColumn(const ColumnVector& col, const int32_t* rows, int64_t num_rows,
                                    int c, EncodedColumn* out) {
  std::string& cells = out->bytes;
  const std::string& prefix = member_prefixes_[static_cast<size_t>(c)];
  for (int64_t k = 0; k < num_rows; ++k) {
    const int64_t i = rows[k];
    if (col.IsNull(i)) {
      if (!options_.encode_ignore_null_fields) {
        cells += prefix;
        cells += "null";
      }
    } else {
      cells += prefix;
      WEIR_RETURN_NOT_OK(AppendValue(cells, col, i));
    }
    out->EndRow(k);
  }
  return Status::OK();
}

void JsonRowEncoder::JoinRows(const std::vector<EncodedColumn>& columns, int64_t num_rows,
                              bool line_ends, std::string* out) const {
  for (int64_t k = 0; k < num_rows; ++k) {
    out->push_back('{');
    bool first = true;
    for (const EncodedColumn& cells : columns) {
      const uint32_t begin = cells.begin(k);
      const uint32_t end = cells.end(k);
      if (begin == end) continue;  // a null member left out
      if (!first) out->push_back(',');
      first = false;
      out->append(cells.bytes, begin, end - begin);
    }
    out->push_back('}');
    if (line_ends) out->push_back('\n');
  }
}

}  // namespace weir::formats
