// JsonRowEncoder: column-at-a-time JSON encoding in Flink's output form.
#include "weir/formats/json/json_encoder.h"

#include <charconv>
#include <cmath>

#include "weir/formats/json/json_scanner.h"
#include "weir/formats/text_values.h"

namespace weir::formats {

namespace {

template <typename T>
void AppendInt(std::string& out, T v) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), v);
  out.append(buf, end);
}

}  // namespace

Result<std::unique_ptr<JsonRowEncoder>> JsonRowEncoder::Make(const SchemaPtr& physical_schema,
                                                             const FormatOptions& options) {
  WEIR_ASSIGN_OR_RAISE(JsonOptions parsed, JsonOptions::Parse(options));
  WEIR_RETURN_NOT_OK(ValidateJsonSchema(*physical_schema));
  return std::unique_ptr<JsonRowEncoder>(new JsonRowEncoder(physical_schema, std::move(parsed)));
}

JsonRowEncoder::JsonRowEncoder(SchemaPtr schema, JsonOptions options)
    : schema_(std::move(schema)), options_(std::move(options)) {
  for (const Field& f : schema_->fields()) {
    std::string prefix;
    json::AppendQuoted(prefix, f.name);
    prefix.push_back(':');
    member_prefixes_.push_back(std::move(prefix));
  }
  cells_.resize(member_prefixes_.size());
  cell_ends_.resize(member_prefixes_.size());
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
      AppendInt(out, col.Value<int8_t>(i));
      return Status::OK();
    case TypeId::kSmallInt:
      AppendInt(out, col.Value<int16_t>(i));
      return Status::OK();
    case TypeId::kInt:
    case TypeId::kIntervalYearMonth:
      AppendInt(out, col.Value<int32_t>(i));
      return Status::OK();
    case TypeId::kBigInt:
    case TypeId::kIntervalDayTime:
      AppendInt(out, col.Value<int64_t>(i));
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
                                    int c) {
  std::string& cells = cells_[static_cast<size_t>(c)];
  std::vector<uint32_t>& ends = cell_ends_[static_cast<size_t>(c)];
  const std::string& prefix = member_prefixes_[static_cast<size_t>(c)];
  cells.clear();
  ends.resize(static_cast<size_t>(num_rows));
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
    ends[static_cast<size_t>(k)] = static_cast<uint32_t>(cells.size());
  }
  return Status::OK();
}

Status JsonRowEncoder::EncodeRows(const RecordBatch& batch, const int32_t* rows, int64_t num_rows,
                                  bool line_ends, std::string* out) {
  const int num_columns = schema_->num_fields();
  if (batch.num_columns() != num_columns) {
    return Status::Invalid("JSON encoder for schema (", schema_->ToString(),
                           ") got a batch of schema (", batch.schema()->ToString(), ")");
  }
  for (int64_t k = 0; k < num_rows; ++k) {
    if (rows[k] < 0 || rows[k] >= batch.num_rows()) {
      return Status::Invalid("Selected row ", rows[k], " is outside the batch of ",
                             batch.num_rows(), " rows");
    }
  }
  for (int c = 0; c < num_columns; ++c) {
    if (!batch.column(c)->type().EqualsIgnoringNullability(schema_->type(c))) {
      return Status::TypeError("JSON encoder: column ", c, " has type ",
                               batch.column(c)->type().ToString(), ", expected ",
                               schema_->type(c).ToString());
    }
    WEIR_RETURN_NOT_OK(EncodeColumn(*batch.column(c), rows, num_rows, c));
  }
  size_t total = 0;
  for (const auto& cells : cells_) total += cells.size();
  out->reserve(out->size() + total + static_cast<size_t>(num_rows * (num_columns + 3)));
  for (int64_t k = 0; k < num_rows; ++k) {
    out->push_back('{');
    bool first = true;
    for (int c = 0; c < num_columns; ++c) {
      const std::vector<uint32_t>& ends = cell_ends_[static_cast<size_t>(c)];
      const uint32_t begin = k == 0 ? 0 : ends[static_cast<size_t>(k - 1)];
      const uint32_t end = ends[static_cast<size_t>(k)];
      if (begin == end) continue;  // a null member left out
      if (!first) out->push_back(',');
      first = false;
      out->append(cells_[static_cast<size_t>(c)], begin, end - begin);
    }
    out->push_back('}');
    if (line_ends) out->push_back('\n');
  }
  return Status::OK();
}

Status JsonRowEncoder::Encode(const RecordBatch& batch, const SelectionVector* selection,
                              std::string* out) {
  if (selection != nullptr) {
    return EncodeRows(batch, selection->data(), selection->size(), true, out);
  }
  if (static_cast<int64_t>(all_rows_.size()) < batch.num_rows()) {
    const size_t old = all_rows_.size();
    all_rows_.resize(static_cast<size_t>(batch.num_rows()));
    for (size_t i = old; i < all_rows_.size(); ++i) all_rows_[i] = static_cast<int32_t>(i);
  }
  return EncodeRows(batch, all_rows_.data(), batch.num_rows(), true, out);
}

Status JsonRowEncoder::EncodeRow(const RecordBatch& batch, int64_t row, std::string* out) {
  const int32_t r = static_cast<int32_t>(row);
  return EncodeRows(batch, &r, 1, false, out);
}

}  // namespace weir::formats
