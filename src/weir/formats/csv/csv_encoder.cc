// CsvRowEncoder: column-at-a-time CSV encoding with Flink's (Jackson's) quoting rules.
#include "weir/formats/csv/csv_encoder.h"

#include <algorithm>
#include <cstring>

#include "weir/formats/text_values.h"

namespace weir::formats {

Result<std::unique_ptr<CsvRowEncoder>> CsvRowEncoder::Make(const SchemaPtr& physical_schema,
                                                           const FormatOptions& options) {
  WEIR_ASSIGN_OR_RAISE(CsvOptions parsed, CsvOptions::Parse(options));
  WEIR_RETURN_NOT_OK(ValidateCsvSchema(*physical_schema));
  return std::unique_ptr<CsvRowEncoder>(new CsvRowEncoder(physical_schema, std::move(parsed)));
}

CsvRowEncoder::CsvRowEncoder(SchemaPtr schema, CsvOptions options)
    : TextRowEncoder(std::move(schema), "CSV"), options_(std::move(options)) {
  // Jackson's loose rule: quote text holding any character not above both the delimiter and
  // the quote character (line breaks and the escape character are checked as well).
  int max = std::max<int>(static_cast<unsigned char>(options_.field_delimiter), '\r');
  if (!options_.disable_quote_character) {
    max = std::max<int>(max, static_cast<unsigned char>(options_.quote_character));
  }
  min_safe_char_ = static_cast<unsigned char>(std::min(max + 1, 255));
}

void CsvRowEncoder::AppendNull(std::string& out) const {
  if (options_.null_literal) out += *options_.null_literal;
}

bool CsvRowEncoder::AppendScalar(std::string& out, const ColumnVector& col, int64_t i) {
  const LogicalType& t = col.type();
  switch (t.id()) {
    case TypeId::kNull:
      AppendNull(out);
      return false;
    case TypeId::kBoolean:
      out += col.BoolValue(i) ? "true" : "false";
      return false;
    case TypeId::kTinyInt:
      text::AppendInteger(out, col.Value<int8_t>(i));
      return false;
    case TypeId::kSmallInt:
      text::AppendInteger(out, col.Value<int16_t>(i));
      return false;
    case TypeId::kInt:
    case TypeId::kIntervalYearMonth:
      text::AppendInteger(out, col.Value<int32_t>(i));
      return false;
    case TypeId::kBigInt:
    case TypeId::kIntervalDayTime:
      text::AppendInteger(out, col.Value<int64_t>(i));
      return false;
    case TypeId::kFloat:
      java::AppendFloat(out, col.Value<float>(i));
      return false;
    case TypeId::kDouble:
      java::AppendDouble(out, col.Value<double>(i));
      return false;
    case TypeId::kDecimal:
      text::AppendDecimal(out, col.DecimalValue(i).value(), t.scale(),
                          options_.write_bigdecimal_in_scientific_notation);
      return false;
    case TypeId::kChar:
    case TypeId::kVarChar:
      out += col.StringValue(i);
      return true;
    case TypeId::kBinary:
    case TypeId::kVarBinary:
      text::AppendBase64(out, col.StringValue(i));
      return true;
    case TypeId::kDate:
      text::AppendDate(out, col.Value<int32_t>(i));
      return true;
    case TypeId::kTime: {
      const int64_t nanos = col.Value<int64_t>(i);
      text::AppendTimeOfDay(out, nanos - nanos % 1'000'000);  // Flink keeps milliseconds
      return true;
    }
    case TypeId::kTimestamp:
    case TypeId::kTimestampLtz:
      text::AppendTimestamp(
          out, text::FromTimestampUnits(col.Value<int64_t>(i), TimestampUnit(t.precision())), ' ',
          t.id() == TypeId::kTimestampLtz);
      return true;
    default:
      return true;  // nested types are handled by AppendNested
  }
}

void CsvRowEncoder::AppendNested(std::string& out, const ColumnVector& col, int64_t i) {
  const std::string& delim = options_.array_element_delimiter;
  if (col.type().id() == TypeId::kArray) {
    const ColumnVector& elements = *col.child(0);
    const int64_t start = col.ListOffset(i);
    const int64_t n = col.ListLength(i);
    for (int64_t k = 0; k < n; ++k) {
      if (k > 0) out += delim;
      if (elements.IsNull(start + k)) {
        AppendNull(out);
      } else {
        AppendScalar(out, elements, start + k);
      }
    }
    return;
  }
  // ROW: the fields joined by the element delimiter.
  for (int f = 0; f < static_cast<int>(col.children().size()); ++f) {
    if (f > 0) out += delim;
    const ColumnVector& field = *col.child(f);
    const int64_t j = col.offset() + i;
    if (field.IsNull(j)) {
      AppendNull(out);
    } else {
      AppendScalar(out, field, j);
    }
  }
}

void CsvRowEncoder::AppendCell(std::string& out, std::string_view v, bool may_quote,
                               bool first_column) {
  const bool quoting = !options_.disable_quote_character;
  const char delim = options_.field_delimiter;
  const bool escaping = options_.escape_character.has_value();
  const char esc = escaping ? *options_.escape_character : '\0';
  if (!may_quote || v.empty()) {
    out += v;
    return;
  }
  if (quoting) {
    // Whole-string scans without early exit, so that they vectorise (cells are short).
    bool needs = first_column && v[0] == '#';
    unsigned unsafe = 0;
    for (char c : v)
      unsafe |= static_cast<unsigned>(static_cast<unsigned char>(c) < min_safe_char_);
    if (escaping) {
      for (char c : v) unsafe |= static_cast<unsigned>(c == esc);
    }
    needs = needs || unsafe != 0;
    if (!needs) {
      out += v;
      return;
    }
    const char quote = options_.quote_character;
    out.push_back(quote);
    size_t run = 0;  // copy runs between characters that are doubled
    for (size_t k = 0; k < v.size(); ++k) {
      if (v[k] == quote || (escaping && v[k] == esc)) {
        out.append(v.data() + run, k + 1 - run);
        run = k;
      }
    }
    out.append(v.data() + run, v.size() - run);
    out.push_back(quote);
    return;
  }
  if (!escaping) {
    out += v;
    return;
  }
  for (char c : v) {
    if (c == delim || c == esc) {
      out.push_back(esc);
      out.push_back(c);
    } else if (c == '\n') {
      out.push_back(esc);
      out.push_back('n');
    } else if (c == '\r') {
      out.push_back(esc);
      out.push_back('r');
    } else {
      out.push_back(c);
    }
  }
}

namespace {

// Copies n bytes with at most two fixed-size moves for the short cells that dominate CSV rows
// (a library memcpy call costs more than the copy itself there).
inline void CopyCell(char* dst, const char* src, size_t n) {
  if (n >= 8 && n <= 16) {
    std::memcpy(dst, src, 8);
    std::memcpy(dst + n - 8, src + n - 8, 8);
  } else if (n >= 4 && n < 8) {
    std::memcpy(dst, src, 4);
    std::memcpy(dst + n - 4, src + n - 4, 4);
  } else if (n > 16) {
    std::memcpy(dst, src, n);
  } else {
    for (size_t i = 0; i < n; ++i) dst[i] = src[i];
  }
}

}  // namespace

template <typename AppendValue>
void CsvRowEncoder::EncodeCells(const ColumnVector& col, const int32_t* rows, int64_t num_rows,
                                EncodedColumn* out, AppendValue append_value) {
  std::string& cells = out->bytes;
  for (int64_t k = 0; k < num_rows; ++k) {
    const int64_t i = rows[k];
    if (col.IsNull(i)) {
      AppendNull(cells);
    } else {
      append_value(cells, i);
    }
    out->EndRow(k);
  }
}

template <typename T>
void CsvRowEncoder::EncodeIntegers(const ColumnVector& col, const int32_t* rows,
                                   int64_t num_rows, EncodedColumn* out) {
  EncodeCells(col, rows, num_rows, out,
              [&](std::string& cells, int64_t i) { text::AppendInteger(cells, col.Value<T>(i)); });
}

Status CsvRowEncoder::EncodeColumn(const ColumnVector& col, const int32_t* rows, int64_t num_rows,
                                   int c, EncodedColumn* out) {
  const bool first = c == 0;
  // The type is dispatched once per column; the common types get loops of their own.
  switch (col.type().id()) {
    case TypeId::kTinyInt:
      EncodeIntegers<int8_t>(col, rows, num_rows, out);
      return Status::OK();
    case TypeId::kSmallInt:
      EncodeIntegers<int16_t>(col, rows, num_rows, out);
      return Status::OK();
    case TypeId::kInt:
    case TypeId::kIntervalYearMonth:
      EncodeIntegers<int32_t>(col, rows, num_rows, out);
      return Status::OK();
    case TypeId::kBigInt:
    case TypeId::kIntervalDayTime:
      EncodeIntegers<int64_t>(col, rows, num_rows, out);
      return Status::OK();
    case TypeId::kChar:
    case TypeId::kVarChar:
      EncodeCells(col, rows, num_rows, out, [&](std::string& cells, int64_t i) {
        AppendCell(cells, col.StringValue(i), true, first);
      });
      return Status::OK();
    case TypeId::kTimestamp:
    case TypeId::kTimestampLtz: {
      const TimeUnit unit = TimestampUnit(col.type().precision());
      text::TimestampTextCache timestamps(' ', col.type().id() == TypeId::kTimestampLtz);
      EncodeCells(col, rows, num_rows, out, [&](std::string& cells, int64_t i) {
        value_.clear();
        timestamps.Append(value_, text::FromTimestampUnits(col.Value<int64_t>(i), unit));
        AppendCell(cells, value_, true, first);
      });
      return Status::OK();
    }
    case TypeId::kArray:
    case TypeId::kRow:
      EncodeCells(col, rows, num_rows, out, [&](std::string& cells, int64_t i) {
        value_.clear();
        AppendNested(value_, col, i);
        AppendCell(cells, value_, true, first);
      });
      return Status::OK();
    default:
      EncodeCells(col, rows, num_rows, out, [&](std::string& cells, int64_t i) {
        value_.clear();
        const bool text = AppendScalar(value_, col, i);
        AppendCell(cells, value_, text, first);
      });
      return Status::OK();
  }
}

void CsvRowEncoder::JoinRows(const std::vector<EncodedColumn>& columns, int64_t num_rows,
                             bool line_ends, std::string* out) const {
  // The exact size is known, so the rows are written through a pointer with no capacity checks.
  size_t total = 0;
  for (const EncodedColumn& cells : columns) total += cells.bytes.size();
  const size_t separators = columns.empty() ? 0 : columns.size() - 1;
  total += static_cast<size_t>(num_rows) * (separators + (line_ends ? 1 : 0));
  const size_t start = out->size();
  out->resize(start + total);
  char* p = out->data() + start;
  const char delim = options_.field_delimiter;
  for (int64_t k = 0; k < num_rows; ++k) {
    for (size_t c = 0; c < columns.size(); ++c) {
      if (c > 0) *p++ = delim;
      const EncodedColumn& cells = columns[c];
      const uint32_t begin = cells.begin(k);
      const size_t n = cells.end(k) - begin;
      CopyCell(p, cells.bytes.data() + begin, n);
      p += n;
    }
    if (line_ends) *p++ = '\n';
  }
}

}  // namespace weir::formats
