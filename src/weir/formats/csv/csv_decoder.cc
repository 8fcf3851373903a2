// CsvRowDecoder: record scanning (quotes, escapes, comments, arity) and column-at-a-time
// conversion of the scanned fields.
#include "weir/formats/csv/csv_decoder.h"

#include <cstring>
#include <limits>

#include "weir/common/str_cat.h"
#include "weir/formats/text_values.h"

namespace weir::formats {

namespace {

constexpr uint8_t kTextKind = 1;
constexpr const char* kBecomesNull = TextRowDecoder::kBecomesNull;

char Unescape(char c) {
  switch (c) {
    case '0':
      return '\0';
    case 'n':
      return '\n';
    case 'r':
      return '\r';
    case 't':
      return '\t';
    default:
      return c;
  }
}

template <typename T>
FixedWidthBuilder<T>* Fixed(ColumnBuilder* b) {
  return static_cast<FixedWidthBuilder<T>*>(b);
}

template <typename T>
Status AppendInteger(ColumnBuilder* b, std::string_view s, const char** reason) {
  int64_t v;
  if (!text::ParseInteger(text::TrimJava(s), std::numeric_limits<T>::min(),
                          std::numeric_limits<T>::max(), &v)) {
    *reason = "invalid number";
    return Status::OK();
  }
  return Fixed<T>(b)->Append(static_cast<T>(v));
}

// Converts the text of one CSV field into `b` (a builder of `t`, a scalar type). On a value
// that does not parse, appends nothing and sets *reason.
Status AppendCsvScalar(ColumnBuilder* b, const LogicalType& t, std::string_view s,
                       std::string* scratch, const char** reason) {
  *reason = nullptr;
  switch (t.id()) {
    case TypeId::kNull:
      return b->AppendNull();
    case TypeId::kBoolean:
      return static_cast<BooleanBuilder*>(b)->Append(text::ParseBoolean(s));
    case TypeId::kTinyInt:
      return AppendInteger<int8_t>(b, s, reason);
    case TypeId::kSmallInt:
      return AppendInteger<int16_t>(b, s, reason);
    case TypeId::kInt:
    case TypeId::kIntervalYearMonth:
      return AppendInteger<int32_t>(b, s, reason);
    case TypeId::kBigInt:
    case TypeId::kIntervalDayTime:
      return AppendInteger<int64_t>(b, s, reason);
    case TypeId::kFloat:
    case TypeId::kDouble: {
      double v;
      if (!text::ParseDouble(s, &v)) {
        *reason = "invalid number";
        return Status::OK();
      }
      if (t.id() == TypeId::kFloat) return Fixed<float>(b)->Append(static_cast<float>(v));
      return Fixed<double>(b)->Append(v);
    }
    case TypeId::kDecimal: {
      __int128 v;
      switch (text::ParseDecimal(s, t.precision(), t.scale(), &v)) {
        case text::DecimalParse::kOk:
          return Fixed<__int128>(b)->Append(v);
        case text::DecimalParse::kOverflow:
          *reason = kBecomesNull;
          return Status::OK();
        case text::DecimalParse::kInvalid:
          *reason = "invalid number";
          return Status::OK();
      }
      return Status::OK();
    }
    case TypeId::kChar:
    case TypeId::kVarChar:
      return static_cast<StringBuilder*>(b)->Append(s);
    case TypeId::kBinary:
    case TypeId::kVarBinary:
      if (!text::DecodeBase64(s, scratch)) {
        *reason = "invalid base64";
        return Status::OK();
      }
      return static_cast<StringBuilder*>(b)->Append(*scratch);
    case TypeId::kDate: {
      int32_t days;
      if (!text::ParseSqlDate(s, &days)) {
        *reason = "invalid date (expected yyyy-MM-dd)";
        return Status::OK();
      }
      return Fixed<int32_t>(b)->Append(days);
    }
    case TypeId::kTime: {
      int64_t nanos;
      if (!text::ParseTimeOfDay(s, false, &nanos)) {
        *reason = "invalid time (expected HH:mm:ss)";
        return Status::OK();
      }
      // Milliseconds, cut to the precision (Flink's CSV keeps TIME up to milliseconds).
      int64_t millis = nanos / 1'000'000;
      for (int p = t.precision(); p < 3; ++p) millis = millis / 10;
      for (int p = t.precision(); p < 3; ++p) millis = millis * 10;
      return Fixed<int64_t>(b)->Append(millis * 1'000'000);
    }
    case TypeId::kTimestamp:
    case TypeId::kTimestampLtz: {
      text::TimestampLayout layout;
      layout.lenient_date = true;
      layout.zone_suffix = t.id() == TypeId::kTimestampLtz;
      java::EpochTime ts;
      int64_t v;
      if (!text::ParseTimestamp(s, layout, &ts) || !text::ToTimestampUnits(ts, t.precision(), &v)) {
        *reason = layout.zone_suffix ? "invalid timestamp (expected yyyy-MM-dd HH:mm:ss[.S]Z)"
                                     : "invalid timestamp (expected yyyy-MM-dd HH:mm:ss[.S])";
        return Status::OK();
      }
      return Fixed<int64_t>(b)->Append(v);
    }
    default:
      return Status::NotSupported("CSV format does not support type ", t.ToString());
  }
}

}  // namespace

Result<std::unique_ptr<CsvRowDecoder>> CsvRowDecoder::Make(const SchemaPtr& physical_schema,
                                                           const FormatOptions& options,
                                                           MemoryPool* pool) {
  WEIR_ASSIGN_OR_RAISE(CsvOptions parsed, CsvOptions::Parse(options));
  WEIR_RETURN_NOT_OK(ValidateCsvSchema(*physical_schema));
  WEIR_ASSIGN_OR_RAISE(auto builders, MakeBuilders(*physical_schema, pool));
  return std::unique_ptr<CsvRowDecoder>(
      new CsvRowDecoder(physical_schema, std::move(parsed), std::move(builders)));
}

CsvRowDecoder::CsvRowDecoder(SchemaPtr schema, CsvOptions options,
                             std::vector<std::unique_ptr<ColumnBuilder>> builders)
    : TextRowDecoder(std::move(schema), std::move(builders), "CSV", options.ignore_parse_errors),
      options_(std::move(options)) {}

Status CsvRowDecoder::Decode(std::string_view record, const RecordPosition& position) {
  record = StripLineEnd(record);
  PendingRecords& pending = pending_records();
  if (options_.allow_comments && !record.empty() && record[0] == '#') return Status::OK();
  const int num_columns = pending.num_columns();
  if (record.empty() && (options_.ignore_parse_errors || num_columns != 1)) {
    return RecordError(position, StrCat("empty line, ", num_columns, " fields expected"));
  }
  if (record.size() >= static_cast<size_t>(PendingRecords::kMaxArenaBytes)) {
    return RecordError(position, "record too large");
  }

  std::string& arena = pending.mutable_arena();
  const size_t arena_before = arena.size();
  WEIR_RETURN_NOT_OK(pending.BeginRow(position));
  const int64_t row = pending.num_rows() - 1;
  const char delim = options_.field_delimiter;
  const bool quoting = !options_.disable_quote_character;
  const char quote = options_.quote_character;
  const bool escaping = options_.escape_character.has_value();
  const char esc = escaping ? *options_.escape_character : '\0';
  const char* p = record.data();
  const size_t n = record.size();
  size_t pos = 0;
  int field = 0;
  auto fail = [&](std::string_view what) {
    pending.AbandonRow(arena_before);
    return RecordError(position, what);
  };

  while (true) {
    const size_t start = arena.size();
    if (quoting && pos < n && p[pos] == quote) {
      ++pos;
      while (true) {
        size_t run = pos;
        while (run < n && p[run] != quote && !(escaping && p[run] == esc)) ++run;
        arena.append(p + pos, run - pos);
        pos = run;
        if (pos >= n) return fail(StrCat("missing closing quote in field ", field + 1));
        if (p[pos] == quote) {
          if (pos + 1 < n && p[pos + 1] == quote) {
            arena.push_back(quote);
            pos += 2;
            continue;
          }
          ++pos;
          break;
        }
        // Escape character.
        if (pos + 1 >= n) return fail(StrCat("escape character at end of field ", field + 1));
        arena.push_back(Unescape(p[pos + 1]));
        pos += 2;
      }
      if (pos < n && p[pos] != delim) {
        return fail(StrCat("unexpected character after the closing quote of field ", field + 1));
      }
    } else {
      while (true) {
        size_t run = pos;
        if (escaping) {
          while (run < n && p[run] != delim && p[run] != esc) ++run;
        } else {
          const void* hit = std::memchr(p + pos, delim, n - pos);
          run = hit == nullptr ? n : static_cast<size_t>(static_cast<const char*>(hit) - p);
        }
        arena.append(p + pos, run - pos);
        pos = run;
        if (pos < n && escaping && p[pos] == esc) {
          if (pos + 1 >= n) return fail(StrCat("escape character at end of field ", field + 1));
          arena.push_back(Unescape(p[pos + 1]));
          pos += 2;
          continue;
        }
        break;
      }
    }
    if (field < num_columns) {
      FieldSlot& slot = pending.slot(row, field);
      slot.offset = static_cast<uint32_t>(start);
      slot.length = static_cast<uint32_t>(arena.size() - start);
      const bool is_null =
          options_.null_literal &&
          std::string_view(arena.data() + start, arena.size() - start) == *options_.null_literal;
      slot.kind = is_null ? PendingRecords::kNullKind : kTextKind;
      if (is_null) arena.resize(start);
    } else {
      arena.resize(start);
    }
    ++field;
    if (pos >= n) break;
    ++pos;  // the delimiter; a delimiter at the end starts one more (empty) field
    if (pos == n) {
      if (field < num_columns) {
        FieldSlot& slot = pending.slot(row, field);
        slot.offset = static_cast<uint32_t>(arena.size());
        slot.length = 0;
        slot.kind = options_.null_literal && options_.null_literal->empty()
                        ? PendingRecords::kNullKind
                        : kTextKind;
      }
      ++field;
      break;
    }
  }
  if (field != num_columns) {
    const std::string what =
        StrCat("row length mismatch, ", num_columns, " fields expected but was ", field);
    if (field > num_columns || !options_.ignore_parse_errors) return fail(what);
    mutable_counters().null_fields += num_columns - field;  // missing trailing fields stay null
  }
  return Status::OK();
}

Status CsvRowDecoder::AppendNested(ColumnBuilder* builder, const LogicalType& type,
                                   std::string_view s, int64_t row, int column) {
  const std::string& delim = options_.array_element_delimiter;
  // Splits on the element delimiter; an empty text has no elements.
  auto for_each_part = [&](auto&& fn) -> Status {
    if (s.empty()) return Status::OK();
    size_t start = 0;
    while (true) {
      const size_t hit = s.find(delim, start);
      const size_t end = hit == std::string_view::npos ? s.size() : hit;
      WEIR_RETURN_NOT_OK(fn(s.substr(start, end - start)));
      if (hit == std::string_view::npos) break;
      start = hit + delim.size();
    }
    return Status::OK();
  };
  auto append_part = [&](ColumnBuilder* b, const LogicalType& t, std::string_view part) {
    if (options_.null_literal && part == *options_.null_literal) return b->AppendNull();
    const char* reason;
    WEIR_RETURN_NOT_OK(AppendCsvScalar(b, t, part, &scratch_, &reason));
    if (reason == nullptr) return Status::OK();
    return AppendUnconverted(b, t, reason, part, row, column);
  };
  if (type.id() == TypeId::kArray) {
    auto* list = static_cast<ListBuilder*>(builder);
    int64_t count = 0;
    WEIR_RETURN_NOT_OK(for_each_part([&](std::string_view part) {
      ++count;
      return append_part(list->element_builder(), type.element_type(), part);
    }));
    return list->Append(count);
  }
  // ROW: fields by position.
  auto* row_builder = static_cast<StructBuilder*>(builder);
  const int arity = row_builder->num_fields();
  int count = 0;
  WEIR_RETURN_NOT_OK(for_each_part([&](std::string_view) {
    ++count;
    return Status::OK();
  }));
  if (count == 0) return row_builder->AppendNull();
  if (count != arity) {
    if (!options_.ignore_parse_errors) {
      return FieldError(
          row, column, type,
          StrCat("row length mismatch, ", arity, " fields expected but was ", count, " in"), s);
    }
    ++mutable_counters().null_fields;
    return row_builder->AppendNull();
  }
  int index = 0;
  WEIR_RETURN_NOT_OK(for_each_part([&](std::string_view part) {
    const int i = index++;
    return append_part(row_builder->field_builder(i), type.fields()[i].logical_type(), part);
  }));
  return row_builder->Append();
}

Status CsvRowDecoder::ConvertColumn(int column, ColumnBuilder* b) {
  const PendingRecords& pending = pending_records();
  const LogicalType& type = schema()->type(column);
  const int64_t num_rows = pending.num_rows();
  const bool nested = type.id() == TypeId::kArray || type.id() == TypeId::kRow;
  for (int64_t r = 0; r < num_rows; ++r) {
    const FieldSlot& slot = pending.slot(r, column);
    if (slot.kind == PendingRecords::kNullKind) {
      WEIR_RETURN_NOT_OK(b->AppendNull());
      continue;
    }
    const std::string_view s = pending.text(slot);
    if (nested) {
      WEIR_RETURN_NOT_OK(AppendNested(b, type, s, r, column));
      continue;
    }
    const char* reason;
    WEIR_RETURN_NOT_OK(AppendCsvScalar(b, type, s, &scratch_, &reason));
    if (reason != nullptr) WEIR_RETURN_NOT_OK(AppendUnconverted(b, type, reason, s, r, column));
  }
  return Status::OK();
}

}  // namespace weir::formats
