// JsonRowDecoder: record scanning into per-column value slots and column-at-a-time conversion
// with Flink's JSON coercions.
#include "weir/formats/json/json_decoder.h"

#include <cmath>
#include <limits>

#include "weir/common/str_cat.h"
#include "weir/formats/text_values.h"

namespace weir::formats {

using json::JsonKind;

namespace {

template <typename T>
FixedWidthBuilder<T>* Fixed(ColumnBuilder* b) {
  return static_cast<FixedWidthBuilder<T>*>(b);
}

}  // namespace

Result<std::unique_ptr<JsonRowDecoder>> JsonRowDecoder::Make(const SchemaPtr& physical_schema,
                                                             const FormatOptions& options,
                                                             MemoryPool* pool) {
  WEIR_ASSIGN_OR_RAISE(JsonOptions parsed, JsonOptions::Parse(options));
  WEIR_RETURN_NOT_OK(ValidateJsonSchema(*physical_schema));
  WEIR_ASSIGN_OR_RAISE(auto builders, MakeBuilders(*physical_schema, pool));
  return std::unique_ptr<JsonRowDecoder>(
      new JsonRowDecoder(physical_schema, std::move(parsed), std::move(builders)));
}

JsonRowDecoder::JsonRowDecoder(SchemaPtr schema, JsonOptions options,
                               std::vector<std::unique_ptr<ColumnBuilder>> builders)
    : TextRowDecoder(std::move(schema), std::move(builders), "JSON", options.ignore_parse_errors),
      options_(std::move(options)),
      seen_(static_cast<size_t>(this->schema()->num_fields())) {}

int JsonRowDecoder::FindField(const std::vector<Field>& fields, std::string_view name,
                              int hint) const {
  const int n = static_cast<int>(fields.size());
  if (hint >= 0 && hint < n && fields[static_cast<size_t>(hint)].name == name) return hint;
  for (int i = 0; i < n; ++i) {
    if (fields[static_cast<size_t>(i)].name == name) return i;
  }
  return -1;
}

Status JsonRowDecoder::Decode(std::string_view record, const RecordPosition& position) {
  record = StripLineEnd(record);
  PendingRecords& pending = pending_records();
  const size_t start = json::SkipSpace(record, 0);
  // Flink drops a record without content and the literal null (Jackson reads them as a
  // missing or null node, which decode to no row), without counting an error.
  if (start >= record.size()) return Status::OK();
  if (record.compare(start, 4, "null") == 0 &&
      json::SkipSpace(record, start + 4) == record.size()) {
    return Status::OK();
  }
  if (record[start] != '{') return RecordError(position, "expected a JSON object");
  if (record.size() >= static_cast<size_t>(PendingRecords::kMaxArenaBytes)) {
    return RecordError(position, "record too large");
  }
  std::string& arena = pending.mutable_arena();
  const size_t arena_before = arena.size();
  WEIR_RETURN_NOT_OK(pending.BeginRow(position));
  arena.append(record.data() + start, record.size() - start);
  const int64_t row = pending.num_rows() - 1;
  const std::string_view text(arena.data() + arena_before, record.size() - start);
  const std::vector<Field>& fields = schema()->fields();
  if (options_.fail_on_missing_field) std::fill(seen_.begin(), seen_.end(), 0);

  // One pass: validate the object and note where each column's value is.
  int hint = 0;
  size_t end;
  const char* err = json::ScanObject(
      text, 0, &end, [&](std::string_view key_token, std::string_view value, JsonKind kind) {
        const std::string_view key = json::StringContent(key_token, &key_scratch_);
        const int c = FindField(fields, key, hint);
        if (c < 0) return;
        hint = c + 1;
        FieldSlot& slot = pending.slot(row, c);
        slot.offset =
            static_cast<uint32_t>(arena_before + static_cast<size_t>(value.data() - text.data()));
        slot.length = static_cast<uint32_t>(value.size());
        slot.kind = static_cast<uint8_t>(kind);
        if (options_.fail_on_missing_field) seen_[static_cast<size_t>(c)] = 1;
      });
  if (err != nullptr) {
    pending.AbandonRow(arena_before);
    return RecordError(position, StrCat(err, " at character ", start + end + 1));
  }
  arena.resize(arena_before + end);  // anything after the object is ignored
  if (options_.fail_on_missing_field) {
    for (size_t c = 0; c < seen_.size(); ++c) {
      if (seen_[c] == 0) {
        pending.AbandonRow(arena_before);
        return RecordError(position,
                           StrCat("could not find field with name '", fields[c].name, "'"));
      }
    }
  }
  return Status::OK();
}

std::string_view JsonRowDecoder::AsText(JsonKind kind, std::string_view token) {
  switch (kind) {
    case JsonKind::kString:
      return json::StringContent(token, &text_scratch_);
    case JsonKind::kNumber:
      return token;
    case JsonKind::kTrue:
      return "true";
    case JsonKind::kFalse:
      return "false";
    default:
      return "";  // containers have no text value in Jackson
  }
}

Status JsonRowDecoder::TryAppendScalar(ColumnBuilder* b, const LogicalType& t, JsonKind kind,
                                       std::string_view token, const char** reason) {
  auto integer = [&](int64_t min, int64_t max, int64_t* v) {
    const bool integral_only = t.id() == TypeId::kTinyInt || t.id() == TypeId::kSmallInt;
    if (!integral_only && kind == JsonKind::kNumber && json::IsFloatingNumber(token)) {
      // Jackson converts a fractional number that is in range by truncation.
      double d;
      if (!text::ParseDouble(token, &d) || !(d >= static_cast<double>(min)) ||
          !(d <= static_cast<double>(max)) || !(d < 9223372036854775808.0)) {
        return false;
      }
      *v = static_cast<int64_t>(std::trunc(d));
      return *v >= min && *v <= max;
    }
    return text::ParseInteger(text::TrimJava(AsText(kind, token)), min, max, v);
  };
  *reason = nullptr;
  switch (t.id()) {
    case TypeId::kNull:
      return b->AppendNull();
    case TypeId::kBoolean:
      if (kind == JsonKind::kTrue || kind == JsonKind::kFalse) {
        return static_cast<BooleanBuilder*>(b)->Append(kind == JsonKind::kTrue);
      }
      return static_cast<BooleanBuilder*>(b)->Append(text::ParseBoolean(AsText(kind, token)));
    case TypeId::kTinyInt: {
      int64_t v;
      if (!integer(INT8_MIN, INT8_MAX, &v)) break;
      return Fixed<int8_t>(b)->Append(static_cast<int8_t>(v));
    }
    case TypeId::kSmallInt: {
      int64_t v;
      if (!integer(INT16_MIN, INT16_MAX, &v)) break;
      return Fixed<int16_t>(b)->Append(static_cast<int16_t>(v));
    }
    case TypeId::kInt:
    case TypeId::kIntervalYearMonth: {
      int64_t v;
      if (!integer(INT32_MIN, INT32_MAX, &v)) break;
      return Fixed<int32_t>(b)->Append(static_cast<int32_t>(v));
    }
    case TypeId::kBigInt:
    case TypeId::kIntervalDayTime: {
      int64_t v;
      if (!integer(INT64_MIN, INT64_MAX, &v)) break;
      return Fixed<int64_t>(b)->Append(v);
    }
    case TypeId::kFloat:
    case TypeId::kDouble: {
      double v;
      if (!text::ParseDouble(AsText(kind, token), &v)) break;
      if (t.id() == TypeId::kFloat) return Fixed<float>(b)->Append(static_cast<float>(v));
      return Fixed<double>(b)->Append(v);
    }
    case TypeId::kDecimal: {
      __int128 v;
      switch (text::ParseDecimal(AsText(kind, token), t.precision(), t.scale(), &v)) {
        case text::DecimalParse::kOk:
          return Fixed<__int128>(b)->Append(v);
        case text::DecimalParse::kOverflow:
          *reason = kBecomesNull;
          return Status::OK();
        case text::DecimalParse::kInvalid:
          break;
      }
      break;
    }
    case TypeId::kChar:
    case TypeId::kVarChar:
      if (kind == JsonKind::kString) {
        return static_cast<StringBuilder*>(b)->Append(json::StringContent(token, &text_scratch_));
      }
      text_scratch_.clear();
      json::AppendCompact(text_scratch_, token);
      return static_cast<StringBuilder*>(b)->Append(text_scratch_);
    case TypeId::kBinary:
    case TypeId::kVarBinary:
      if (kind != JsonKind::kString) {
        *reason = kBecomesNull;
        return Status::OK();
      }
      if (!text::DecodeBase64(json::StringContent(token, &text_scratch_), &bytes_scratch_)) {
        *reason = "invalid base64";
        return Status::OK();
      }
      return static_cast<StringBuilder*>(b)->Append(bytes_scratch_);
    case TypeId::kDate: {
      int32_t days;
      if (!text::ParseIsoDate(AsText(kind, token), &days)) {
        *reason = "invalid date (expected yyyy-MM-dd)";
        return Status::OK();
      }
      return Fixed<int32_t>(b)->Append(days);
    }
    case TypeId::kTime: {
      int64_t nanos;
      if (!text::ParseTimeOfDay(AsText(kind, token), true, &nanos)) {
        *reason = "invalid time (expected HH:mm:ss)";
        return Status::OK();
      }
      // Flink's JSON format keeps whole seconds of TIME values.
      return Fixed<int64_t>(b)->Append(nanos - nanos % 1'000'000'000);
    }
    case TypeId::kTimestamp:
    case TypeId::kTimestampLtz: {
      text::TimestampLayout layout;
      layout.separator = options_.iso8601_timestamps ? 'T' : ' ';
      layout.require_seconds = !options_.iso8601_timestamps;
      layout.zone_suffix = t.id() == TypeId::kTimestampLtz;
      java::EpochTime ts;
      int64_t v;
      if (!text::ParseTimestamp(AsText(kind, token), layout, &ts) ||
          !text::ToTimestampUnits(ts, t.precision(), &v)) {
        if (options_.iso8601_timestamps) {
          *reason = layout.zone_suffix ? "invalid timestamp (expected yyyy-MM-ddTHH:mm:ss[.S]Z)"
                                       : "invalid timestamp (expected yyyy-MM-ddTHH:mm:ss[.S])";
        } else {
          *reason = layout.zone_suffix ? "invalid timestamp (expected yyyy-MM-dd HH:mm:ss[.S]Z)"
                                       : "invalid timestamp (expected yyyy-MM-dd HH:mm:ss[.S])";
        }
        return Status::OK();
      }
      return Fixed<int64_t>(b)->Append(v);
    }
    default:
      return Status::Internal("JSON scalar conversion got type ", t.ToString());
  }
  *reason = kind == JsonKind::kNumber || kind == JsonKind::kString ? "invalid number"
                                                                   : "expected a number";
  return Status::OK();
}

Status JsonRowDecoder::TryAppend(ColumnBuilder* b, const LogicalType& t, JsonKind kind,
                                 std::string_view token, int64_t row, int column, int depth,
                                 const char** reason) {
  *reason = nullptr;
  switch (t.id()) {
    case TypeId::kArray: {
      if (kind != JsonKind::kArray) {
        *reason = "expected a JSON array";
        return Status::OK();
      }
      auto* list = static_cast<ListBuilder*>(b);
      json::ArrayWalker walker(token);
      std::string_view element;
      JsonKind element_kind;
      int64_t count = 0;
      while (walker.Next(&element, &element_kind)) {
        ++count;
        WEIR_RETURN_NOT_OK(AppendValue(list->element_builder(), t.element_type(), element_kind,
                                       element, row, column, depth + 1));
      }
      return list->Append(count);
    }
    case TypeId::kMap:
    case TypeId::kMultiset: {
      if (kind != JsonKind::kObject) {
        *reason = "expected a JSON object";
        return Status::OK();
      }
      auto* list = static_cast<ListBuilder*>(b);
      auto* entries = static_cast<StructBuilder*>(list->element_builder());
      json::ObjectWalker walker(token);
      std::string_view key_token, value;
      JsonKind value_kind;
      int64_t count = 0;
      while (walker.Next(&key_token, &value, &value_kind)) {
        ++count;
        WEIR_RETURN_NOT_OK(static_cast<StringBuilder*>(entries->field_builder(0))
                               ->Append(json::StringContent(key_token, &key_scratch_)));
        WEIR_RETURN_NOT_OK(AppendValue(entries->field_builder(1), t.value_type(), value_kind, value,
                                       row, column, depth + 1));
        WEIR_RETURN_NOT_OK(entries->Append());
      }
      return list->Append(count);
    }
    case TypeId::kRow: {
      if (kind != JsonKind::kObject) {
        *reason = "expected a JSON object";
        return Status::OK();
      }
      auto* row_builder = static_cast<StructBuilder*>(b);
      const std::vector<Field>& fields = t.fields();
      if (nested_.size() <= static_cast<size_t>(depth))
        nested_.resize(static_cast<size_t>(depth) + 1);
      std::vector<NestedField>& found = nested_[static_cast<size_t>(depth)];
      found.assign(fields.size(), NestedField{{}, JsonKind::kNull, false});
      json::ObjectWalker walker(token);
      std::string_view key_token, value;
      JsonKind value_kind;
      int hint = 0;
      while (walker.Next(&key_token, &value, &value_kind)) {
        const int i = FindField(fields, json::StringContent(key_token, &key_scratch_), hint);
        if (i < 0) continue;
        hint = i + 1;
        found[static_cast<size_t>(i)] = NestedField{value, value_kind, true};
      }
      for (size_t i = 0; i < fields.size(); ++i) {
        // Copy: the recursive calls below may reuse nested_ at deeper levels (and resize it).
        const NestedField f = nested_[static_cast<size_t>(depth)][i];
        ColumnBuilder* fb = row_builder->field_builder(static_cast<int>(i));
        if (!f.present && options_.fail_on_missing_field) {
          return RowError(row, StrCat("could not find field with name '", fields[i].name, "'"));
        }
        if (!f.present || f.kind == JsonKind::kNull) {
          WEIR_RETURN_NOT_OK(fb->AppendNull());
          continue;
        }
        WEIR_RETURN_NOT_OK(
            AppendValue(fb, fields[i].logical_type(), f.kind, f.token, row, column, depth + 1));
      }
      return row_builder->Append();
    }
    default:
      return TryAppendScalar(b, t, kind, token, reason);
  }
}

Status JsonRowDecoder::AppendValue(ColumnBuilder* b, const LogicalType& t, JsonKind kind,
                                   std::string_view token, int64_t row, int column, int depth) {
  if (kind == JsonKind::kNull) return b->AppendNull();
  const char* reason;
  WEIR_RETURN_NOT_OK(TryAppend(b, t, kind, token, row, column, depth, &reason));
  if (reason == nullptr) return Status::OK();
  return AppendUnconverted(b, t, reason, token, row, column);
}

Status JsonRowDecoder::ConvertColumn(int column, ColumnBuilder* b) {
  const PendingRecords& pending = pending_records();
  const LogicalType& type = schema()->type(column);
  const int64_t num_rows = pending.num_rows();
  for (int64_t r = 0; r < num_rows; ++r) {
    const FieldSlot& slot = pending.slot(r, column);
    WEIR_RETURN_NOT_OK(
        AppendValue(b, type, static_cast<JsonKind>(slot.kind), pending.text(slot), r, column, 0));
  }
  return Status::OK();
}

}  // namespace weir::formats
