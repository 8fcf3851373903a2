// Text forms of batches: rows printed as Flink's Row.toString, and the batch text parser for tests.
#include "weir/common/batch/batch_text.h"

#include <charconv>
#include <limits>
#include <memory>
#include <utility>
#include <vector>

#include "weir/common/batch/column_builder.h"
#include "weir/common/batch/java_format.h"
#include "weir/common/batch/nested_text.h"
#include "weir/common/types/decimal.h"
#include "weir/common/types/schema.h"

namespace weir {

namespace {

constexpr int64_t kNanosPerSecond = 1000000000;

int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}
// Positive divisors only; avoids the overflow of a - FloorDiv(a, b) * b near INT64_MIN.
int64_t FloorMod(int64_t a, int64_t b) {
  int64_t r = a % b;
  return r < 0 ? r + b : r;
}

// ---------------------------------------------------------------------------------------------
// Printing
// ---------------------------------------------------------------------------------------------

void AppendInt(std::string& out, int64_t v) {
  char buf[24];
  auto res = std::to_chars(buf, buf + sizeof(buf), v);
  out.append(buf, res.ptr);
}

// Prints bytes as Java's Arrays.toString(byte[]): signed values.
void AppendBytes(std::string& out, std::string_view bytes) {
  out.push_back('[');
  for (size_t i = 0; i < bytes.size(); ++i) {
    if (i > 0) out.append(", ");
    AppendInt(out, static_cast<int8_t>(bytes[i]));
  }
  out.push_back(']');
}

void AppendTimestamp(std::string& out, int64_t v, const LogicalType& type) {
  const int64_t per_second = UnitsPerSecond(TimestampUnit(type.precision()));
  const int64_t seconds = FloorDiv(v, per_second);
  const auto nano = static_cast<int32_t>(FloorMod(v, per_second) * (kNanosPerSecond / per_second));
  if (type.id() == TypeId::kTimestampLtz) {
    java::AppendInstant(out, seconds, nano);
  } else {
    java::AppendLocalDateTime(out, seconds, nano);
  }
}

// Prints months as Flink's Period conversion of the type's resolution does.
void AppendYearMonthInterval(std::string& out, int64_t months, const LogicalType& type) {
  switch (type.interval_resolution()) {
    case IntervalResolution::kYear:
      java::AppendPeriod(out, months / 12, 0, 0);
      break;
    case IntervalResolution::kMonth:
      java::AppendPeriod(out, 0, months, 0);
      break;
    default:
      java::AppendPeriod(out, months / 12, months % 12, 0);
      break;
  }
}

// Prints milliseconds as Duration.ofMillis(ms).toString().
void AppendDayTimeInterval(std::string& out, int64_t millis) {
  const int64_t seconds = FloorDiv(millis, 1000);
  java::AppendDuration(out, seconds, static_cast<int32_t>(FloorMod(millis, 1000) * 1000000));
}

// Prints a scalar whose storage is an integer (see ColumnVector for the encodings).
void AppendIntegerLike(std::string& out, int64_t v, const LogicalType& type) {
  switch (type.id()) {
    case TypeId::kDate:
      java::AppendLocalDate(out, v);
      break;
    case TypeId::kTime:
      java::AppendLocalTime(out, v);
      break;
    case TypeId::kTimestamp:
    case TypeId::kTimestampLtz:
      AppendTimestamp(out, v, type);
      break;
    case TypeId::kIntervalYearMonth:
      AppendYearMonthInterval(out, v, type);
      break;
    case TypeId::kIntervalDayTime:
      AppendDayTimeInterval(out, v);
      break;
    default:
      AppendInt(out, v);
      break;
  }
}

// The entries of row `i` of a MAP/MULTISET column: keys and values at [begin, end) of the
// entries struct, whose children are indexed from the struct's offset.
// Renders nested elements as Row.toString does.
void AppendElementText(std::string& out, const ColumnVector& column, int64_t row) {
  AppendValueText(out, column, row);
}

}  // namespace

void AppendValueText(std::string& out, const ColumnVector& column, int64_t row) {
  if (column.IsNull(row)) {
    out.append("null");
    return;
  }
  const LogicalType& type = column.type();
  switch (type.id()) {
    case TypeId::kNull:
      out.append("null");
      return;
    case TypeId::kBoolean:
      out.append(column.BoolValue(row) ? "true" : "false");
      return;
    case TypeId::kTinyInt:
      AppendInt(out, column.Value<int8_t>(row));
      return;
    case TypeId::kSmallInt:
      AppendInt(out, column.Value<int16_t>(row));
      return;
    case TypeId::kInt:
    case TypeId::kDate:
    case TypeId::kIntervalYearMonth:
      AppendIntegerLike(out, column.Value<int32_t>(row), type);
      return;
    case TypeId::kBigInt:
    case TypeId::kTime:
    case TypeId::kTimestamp:
    case TypeId::kTimestampLtz:
    case TypeId::kIntervalDayTime:
      AppendIntegerLike(out, column.Value<int64_t>(row), type);
      return;
    case TypeId::kFloat:
      java::AppendFloat(out, column.Value<float>(row));
      return;
    case TypeId::kDouble:
      java::AppendDouble(out, column.Value<double>(row));
      return;
    case TypeId::kDecimal:
      out.append(column.DecimalValue(row).ToString(type.scale()));
      return;
    case TypeId::kChar:
    case TypeId::kVarChar:
      out.append(column.StringValue(row));
      return;
    case TypeId::kBinary:
    case TypeId::kVarBinary:
      AppendBytes(out, column.StringValue(row));
      return;
    case TypeId::kArray:
      AppendArrayText(out, column, row, AppendElementText);
      return;
    case TypeId::kMap:
    case TypeId::kMultiset:
      AppendMapText(out, column, row, AppendElementText);
      return;
    case TypeId::kRow:
      AppendRowText(out, column, row, "+I[", "]", AppendElementText);
      return;
  }
  out.append("null");
}

void AppendValueText(std::string& out, const Value& value, const LogicalType& type) {
  const Value::Storage& v = value.storage();
  if (value.is_null() || type.id() == TypeId::kNull) {
    out.append("null");
  } else if (const bool* b = std::get_if<bool>(&v)) {
    out.append(*b ? "true" : "false");
  } else if (const int64_t* i = std::get_if<int64_t>(&v)) {
    AppendIntegerLike(out, *i, type);
  } else if (const double* d = std::get_if<double>(&v)) {
    if (type.id() == TypeId::kFloat) {
      java::AppendFloat(out, static_cast<float>(*d));
    } else {
      java::AppendDouble(out, *d);
    }
  } else if (const Decimal128* dec = std::get_if<Decimal128>(&v)) {
    out.append(dec->ToString(type.scale()));
  } else if (const std::string* s = std::get_if<std::string>(&v)) {
    if (type.is_binary()) {
      AppendBytes(out, *s);
    } else {
      out.append(*s);
    }
  } else if (const Value::List* list = std::get_if<Value::List>(&v)) {
    out.push_back('[');
    for (size_t k = 0; k < list->items.size(); ++k) {
      if (k > 0) out.append(", ");
      AppendValueText(out, list->items[k], type.element_type());
    }
    out.push_back(']');
  } else if (const Value::Map* map = std::get_if<Value::Map>(&v)) {
    const bool is_map = type.id() == TypeId::kMap || type.id() == TypeId::kMultiset;
    out.push_back('{');
    for (size_t k = 0; k < map->entries.size(); ++k) {
      if (k > 0) out.append(", ");
      AppendValueText(out, map->entries[k].first, is_map ? type.key_type() : type);
      out.push_back('=');
      AppendValueText(out, map->entries[k].second, is_map ? type.value_type() : type);
    }
    out.push_back('}');
  } else if (const Value::Row* r = std::get_if<Value::Row>(&v)) {
    out.append("+I[");
    const bool is_row = type.id() == TypeId::kRow;
    for (size_t k = 0; k < r->fields.size(); ++k) {
      if (k > 0) out.append(", ");
      const bool known = is_row && k < type.fields().size();
      AppendValueText(out, r->fields[k], known ? type.fields()[k].logical_type() : type);
    }
    out.push_back(']');
  }
}

void AppendRowText(std::string& out, const RecordBatch& batch, int64_t row) {
  out.append(RowKindShortString(batch.row_kind(row)));
  out.push_back('[');
  for (int c = 0; c < batch.num_columns(); ++c) {
    if (c > 0) out.append(", ");
    AppendValueText(out, *batch.column(c), row);
  }
  out.push_back(']');
}

std::string FormatRow(const RecordBatch& batch, int64_t row) {
  std::string out;
  AppendRowText(out, batch, row);
  return out;
}

std::string RecordBatch::RowToString(int64_t i) const { return FormatRow(*this, i); }

std::string RecordBatch::ToString() const {
  std::string out;
  for (int64_t i = 0; i < num_rows_; ++i) {
    AppendRowText(out, *this, i);
    out.push_back('\n');
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------------------

namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i] >= 'A' && a[i] <= 'Z' ? static_cast<char>(a[i] - 'A' + 'a') : a[i];
    char y = b[i] >= 'A' && b[i] <= 'Z' ? static_cast<char>(b[i] - 'A' + 'a') : b[i];
    if (x != y) return false;
  }
  return true;
}

// Parses a whole integer with an optional sign; false if malformed or outside [lo, hi].
// Drops one leading '+' (Java's parsers accept it); false if a sign or nothing follows.
bool StripPlus(std::string_view* text) {
  if (!text->empty() && (*text)[0] == '+') {
    text->remove_prefix(1);
    if (!text->empty() && ((*text)[0] == '+' || (*text)[0] == '-')) return false;
  }
  return !text->empty();
}

bool ParseInteger(std::string_view text, int64_t lo, int64_t hi, int64_t* out) {
  if (!StripPlus(&text)) return false;
  int64_t v = 0;
  auto res = std::from_chars(text.data(), text.data() + text.size(), v);
  if (res.ec != std::errc() || res.ptr != text.data() + text.size()) return false;
  if (v < lo || v > hi) return false;
  *out = v;
  return true;
}

template <typename F>
bool ParseFloating(std::string_view text, F* out) {
  if (!StripPlus(&text)) return false;
  F v{};
  auto res = std::from_chars(text.data(), text.data() + text.size(), v);
  if (res.ec != std::errc() || res.ptr != text.data() + text.size()) return false;
  *out = v;
  return true;
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Converts a timestamp's seconds and nanoseconds to its storage unit; false when the value
// has digits below the unit or overflows int64.
bool ToTimestampStorage(const java::EpochTime& t, const LogicalType& type, int64_t* out) {
  const int64_t per_second = UnitsPerSecond(TimestampUnit(type.precision()));
  const int64_t nanos_per_unit = kNanosPerSecond / per_second;
  if (t.nano % nanos_per_unit != 0) return false;
  const __int128 v = static_cast<__int128>(t.seconds) * per_second + t.nano / nanos_per_unit;
  if (v < INT64_MIN || v > INT64_MAX) return false;
  *out = static_cast<int64_t>(v);
  return true;
}

// Converts the text of a scalar (not BINARY) to its Value. Returns false when the text does not
// parse; `reason` may carry a detail.
bool ConvertScalar(std::string_view text, const LogicalType& type, Value* out,
                   std::string* reason) {
  int64_t i = 0;
  // An integer within [lo, hi].
  auto integer = [&](int64_t lo, int64_t hi) {
    if (!ParseInteger(text, lo, hi, &i)) return false;
    *out = Value(i);
    return true;
  };
  switch (type.id()) {
    case TypeId::kNull:
      return false;
    case TypeId::kBoolean:
      if (EqualsIgnoreCase(text, "true")) {
        *out = Value(true);
      } else if (EqualsIgnoreCase(text, "false")) {
        *out = Value(false);
      } else {
        return false;
      }
      return true;
    case TypeId::kTinyInt:
      return integer(INT8_MIN, INT8_MAX);
    case TypeId::kSmallInt:
      return integer(INT16_MIN, INT16_MAX);
    case TypeId::kInt:
      return integer(INT32_MIN, INT32_MAX);
    case TypeId::kBigInt:
      return integer(INT64_MIN, INT64_MAX);
    case TypeId::kFloat: {
      float f = 0;
      if (!ParseFloating(text, &f)) return false;
      *out = Value(static_cast<double>(f));
      return true;
    }
    case TypeId::kDouble: {
      double d = 0;
      if (!ParseFloating(text, &d)) return false;
      *out = Value(d);
      return true;
    }
    case TypeId::kDecimal: {
      Result<Decimal128> dec = Decimal128::Parse(text, type.precision(), type.scale());
      if (!dec.ok()) {
        *reason = dec.status().message();
        return false;
      }
      *out = Value(*dec);
      return true;
    }
    case TypeId::kChar:
    case TypeId::kVarChar:
      *out = Value(std::string(text));
      return true;
    case TypeId::kDate: {
      auto day = java::ParseLocalDate(text);
      if (!day || *day < INT32_MIN || *day > INT32_MAX) return false;
      *out = Value(*day);
      return true;
    }
    case TypeId::kTime: {
      auto nanos = java::ParseLocalTime(text);
      if (!nanos) return false;
      *out = Value(*nanos);
      return true;
    }
    case TypeId::kTimestamp:
    case TypeId::kTimestampLtz: {
      if (type.id() == TypeId::kTimestampLtz && !text.empty() &&
          (text.back() == 'Z' || text.back() == 'z')) {
        text.remove_suffix(1);
      }
      auto t = java::ParseLocalDateTime(text);
      if (!t) return false;
      if (!ToTimestampStorage(*t, type, &i)) {
        *reason = "too precise or out of range";
        return false;
      }
      *out = Value(i);
      return true;
    }
    case TypeId::kIntervalYearMonth: {
      if (!ParseInteger(text, INT32_MIN, INT32_MAX, &i)) {
        auto p = java::ParsePeriod(text);
        if (!p || p->days != 0) return false;
        __int128 months = static_cast<__int128>(p->years) * 12 + p->months;
        if (months < INT32_MIN || months > INT32_MAX) return false;
        i = static_cast<int64_t>(months);
      }
      *out = Value(i);
      return true;
    }
    case TypeId::kIntervalDayTime: {
      if (!ParseInteger(text, INT64_MIN, INT64_MAX, &i)) {
        auto d = java::ParseDuration(text);
        if (!d) return false;
        if (d->nano % 1000000 != 0) {
          *reason = "finer than milliseconds";
          return false;
        }
        const __int128 millis = static_cast<__int128>(d->seconds) * 1000 + d->nano / 1000000;
        if (millis < INT64_MIN || millis > INT64_MAX) return false;
        i = static_cast<int64_t>(millis);
      }
      *out = Value(i);
      return true;
    }
    default:
      return false;
  }
}

// Parses one line of the batch text form. Positions are 0-based offsets into the line.
class LineParser {
 public:
  LineParser(std::string_view line, int64_t line_number) : s_(line), line_number_(line_number) {}

  // Parses "KIND values..." or "KIND[values]" into a row kind and one value per field.
  Status ParseRow(const Schema& schema, RowKind* kind, ValueList* values) {
    SkipSpace();
    const size_t kind_pos = pos_;
    if (s_.size() - pos_ < 2) return Error(kind_pos, "Expected a row kind (+I, -U, +U, -D)");
    Result<RowKind> k = ParseRowKind(s_.substr(pos_, 2));
    if (!k.ok()) {
      return Error(kind_pos, "Unknown row kind '", s_.substr(pos_, 2),
                   "', expected +I, -U, +U or -D");
    }
    *kind = *k;
    pos_ += 2;
    values->clear();
    values->reserve(schema.num_fields());
    if (pos_ < s_.size() && s_[pos_] == '[') {
      ++pos_;
      WEIR_RETURN_NOT_OK(ParseFields(schema.fields(), ']', /*greedy_last=*/true, values));
    } else {
      for (int f = 0; f < schema.num_fields(); ++f) {
        const size_t before = pos_;
        SkipSpace();
        if (pos_ >= s_.size()) {
          return Error(pos_, "Expected ", schema.num_fields(), " values, got ", f);
        }
        if (pos_ == before) return Error(pos_, "Expected whitespace before a value");
        Value v;
        WEIR_RETURN_NOT_OK(ParseValue(schema.type(f), kSpaceTerminators, &v));
        values->push_back(std::move(v));
      }
    }
    SkipSpace();
    if (pos_ < s_.size()) {
      return Error(pos_, "Unexpected text after the row: '", s_.substr(pos_), "'");
    }
    return Status::OK();
  }

  // Parses a whole text as one value of `type`.
  Status ParseSingle(const LogicalType& type, Value* out) {
    SkipSpace();
    WEIR_RETURN_NOT_OK(ParseValue(type, kSpaceTerminators, out));
    SkipSpace();
    if (pos_ < s_.size()) {
      return Error(pos_, "Unexpected text after the value: '", s_.substr(pos_), "'");
    }
    return Status::OK();
  }

 private:
  static constexpr std::string_view kSpaceTerminators = " \t\r\f\v";

  template <typename... Args>
  Status Error(size_t pos, const Args&... args) const {
    return Status::Invalid(args..., " (line ", line_number_, ", column ", pos + 1, ")");
  }

  void SkipSpace() {
    while (pos_ < s_.size() && IsSpace(s_[pos_])) ++pos_;
  }
  // Consumes an unquoted `null` followed by a terminator (possibly after whitespace) or the end.
  bool TakeNull(std::string_view terminators) {
    if (s_.substr(pos_, 4) != "null") return false;
    const size_t saved = pos_;
    pos_ += 4;
    while (pos_ < s_.size() && IsSpace(s_[pos_]) &&
           terminators.find(s_[pos_]) == std::string_view::npos) {
      ++pos_;
    }
    if (pos_ >= s_.size() || terminators.find(s_[pos_]) != std::string_view::npos) return true;
    pos_ = saved;
    return false;
  }

  // Reads a scalar token: a quoted string, or bare text up to a terminator (whitespace ends
  // it in the whitespace-separated form; inside brackets it is trimmed).
  Status ReadToken(std::string_view terminators, std::string* token, bool* quoted) {
    token->clear();
    *quoted = false;
    if (pos_ < s_.size() && (s_[pos_] == '\'' || s_[pos_] == '"')) {
      const char quote = s_[pos_];
      const size_t start = pos_++;
      while (true) {
        if (pos_ >= s_.size()) return Error(start, "Unterminated quoted value");
        if (s_[pos_] == quote) {
          if (pos_ + 1 < s_.size() && s_[pos_ + 1] == quote) {
            token->push_back(quote);
            pos_ += 2;
            continue;
          }
          ++pos_;
          break;
        }
        token->push_back(s_[pos_++]);
      }
      *quoted = true;
      return Status::OK();
    }
    const size_t start = pos_;
    while (pos_ < s_.size() && terminators.find(s_[pos_]) == std::string_view::npos) ++pos_;
    size_t end = pos_;
    while (end > start && IsSpace(s_[end - 1])) --end;
    token->assign(s_.substr(start, end - start));
    return Status::OK();
  }

  // Skips whitespace inside brackets and consumes `c`.
  Status Expect(char c, const char* what) {
    SkipSpace();
    if (pos_ >= s_.size() || s_[pos_] != c) {
      return Error(pos_, "Expected '", c, "' ", what);
    }
    ++pos_;
    return Status::OK();
  }

  // Parses "v1, v2, ..., vn<close>" for the fields (after the opening bracket). With
  // `greedy_last`, a bare string in the last field runs to the last `close` of the line, so
  // the top-level Row.toString form keeps commas and brackets of its last string.
  Status ParseFields(const std::vector<Field>& fields, char close, bool greedy_last,
                     ValueList* values) {
    const char terminators[] = {',', close, '\0'};
    for (size_t f = 0; f < fields.size(); ++f) {
      if (f > 0) {
        SkipSpace();
        if (pos_ < s_.size() && s_[pos_] == close) {
          return Error(pos_, "Expected ", fields.size(), " values, got ", f);
        }
        WEIR_RETURN_NOT_OK(Expect(',', "between values"));
      }
      SkipSpace();
      Value v;
      const LogicalType& type = fields[f].logical_type();
      const size_t close_pos = s_.rfind(close);
      bool greedy = greedy_last && f + 1 == fields.size() && type.is_string() && pos_ < s_.size() &&
                    s_[pos_] != '\'' && s_[pos_] != '"' && close_pos != std::string_view::npos &&
                    close_pos >= pos_;
      if (greedy) {
        const size_t start = pos_;
        if (TakeNull(terminators)) greedy = false;  // ParseValue reads the null again
        pos_ = start;
      }
      if (greedy) {
        size_t end = close_pos;
        while (end > pos_ && IsSpace(s_[end - 1])) --end;
        v = Value(std::string(s_.substr(pos_, end - pos_)));
        pos_ = close_pos;
      } else {
        WEIR_RETURN_NOT_OK(ParseValue(type, terminators, &v));
      }
      values->push_back(std::move(v));
    }
    SkipSpace();
    if (pos_ < s_.size() && s_[pos_] == ',') {
      return Error(pos_, "Too many values, expected ", fields.size());
    }
    return Expect(close, "at the end of the row");
  }

  // Parses "item, item, ...<close>" (after the opening bracket; may be empty), calling
  // `parse_item()` at the start of each item.
  template <typename ParseItem>
  Status ParseItems(char close, const char* what, ParseItem&& parse_item) {
    SkipSpace();
    if (pos_ < s_.size() && s_[pos_] == close) {
      ++pos_;
      return Status::OK();
    }
    while (true) {
      SkipSpace();
      WEIR_RETURN_NOT_OK(parse_item());
      SkipSpace();
      if (pos_ < s_.size() && s_[pos_] == ',') {
        ++pos_;
        continue;
      }
      return Expect(close, what);
    }
  }

  Status ParseArray(const LogicalType& type, Value* out) {
    if (pos_ >= s_.size() || s_[pos_] != '[') {
      return Error(pos_, "Expected '[' to start a value of ", type.ToString());
    }
    ++pos_;
    ValueList items;
    WEIR_RETURN_NOT_OK(ParseItems(']', "after the array elements", [&]() -> Status {
      Value v;
      WEIR_RETURN_NOT_OK(ParseValue(type.element_type(), ",]", &v));
      items.push_back(std::move(v));
      return Status::OK();
    }));
    *out = Value::MakeList(std::move(items));
    return Status::OK();
  }

  Status ParseMap(const LogicalType& type, Value* out) {
    if (pos_ >= s_.size() || s_[pos_] != '{') {
      return Error(pos_, "Expected '{' to start a value of ", type.ToString());
    }
    ++pos_;
    ValuePairs entries;
    WEIR_RETURN_NOT_OK(ParseItems('}', "after the map entries", [&]() -> Status {
      Value key;
      Value value;
      WEIR_RETURN_NOT_OK(ParseValue(type.key_type(), "=,}", &key));
      WEIR_RETURN_NOT_OK(Expect('=', "between a key and its value"));
      SkipSpace();
      WEIR_RETURN_NOT_OK(ParseValue(type.value_type(), ",}", &value));
      entries.emplace_back(std::move(key), std::move(value));
      return Status::OK();
    }));
    *out = Value::MakeMap(std::move(entries));
    return Status::OK();
  }

  Status ParseRowValue(const LogicalType& type, Value* out) {
    char close = 0;
    if (pos_ < s_.size() && s_[pos_] == '(') {
      close = ')';
      ++pos_;
    } else if (pos_ < s_.size() && s_[pos_] == '[') {
      close = ']';
      ++pos_;
    } else if (s_.size() - pos_ >= 3 && s_[pos_ + 2] == '[' &&
               ParseRowKind(s_.substr(pos_, 2)).ok()) {
      close = ']';
      pos_ += 3;
    } else {
      return Error(pos_, "Expected '(', '[' or '+I[' to start a value of ", type.ToString());
    }
    ValueList fields;
    WEIR_RETURN_NOT_OK(ParseFields(type.fields(), close, /*greedy_last=*/false, &fields));
    *out = Value::MakeRow(std::move(fields));
    return Status::OK();
  }

  // Parses BINARY/VARBINARY: "[1, -2]", x'01FE' or a quoted text.
  Status ParseBinary(const LogicalType& type, std::string_view terminators, Value* out) {
    const size_t start = pos_;
    if (pos_ < s_.size() && s_[pos_] == '[') {
      ++pos_;
      std::string bytes;
      WEIR_RETURN_NOT_OK(ParseItems(']', "after the bytes", [&]() -> Status {
        const size_t item = pos_;
        std::string token;
        bool quoted = false;
        WEIR_RETURN_NOT_OK(ReadToken(",]", &token, &quoted));
        int64_t b = 0;
        if (quoted || !ParseInteger(token, -128, 255, &b)) {
          return Error(item, "Cannot parse '", token, "' as a byte of ", type.ToString());
        }
        bytes.push_back(static_cast<char>(static_cast<uint8_t>(b)));
        return Status::OK();
      }));
      *out = Value(std::move(bytes));
      return Status::OK();
    }
    if (s_.size() - pos_ >= 2 && (s_[pos_] == 'x' || s_[pos_] == 'X') && s_[pos_ + 1] == '\'') {
      ++pos_;
      std::string hex;
      bool quoted = false;
      WEIR_RETURN_NOT_OK(ReadToken(terminators, &hex, &quoted));
      std::string bytes;
      bool ok = hex.size() % 2 == 0;
      for (size_t k = 0; ok && k < hex.size(); k += 2) {
        const int hi = HexDigit(hex[k]);
        const int lo = HexDigit(hex[k + 1]);
        ok = hi >= 0 && lo >= 0;
        bytes.push_back(static_cast<char>(hi * 16 + lo));
      }
      if (!ok) return Error(start, "Cannot parse x'", hex, "' as ", type.ToString());
      *out = Value(std::move(bytes));
      return Status::OK();
    }
    std::string token;
    bool quoted = false;
    WEIR_RETURN_NOT_OK(ReadToken(terminators, &token, &quoted));
    if (!quoted) {
      return Error(start, "Cannot parse '", token, "' as ", type.ToString(),
                   ": expected [bytes], x'hex' or a quoted text");
    }
    *out = Value(std::move(token));
    return Status::OK();
  }

  // Parses one value of `type` at the current position (after any leading whitespace).
  Status ParseValue(const LogicalType& type, std::string_view terminators, Value* out) {
    const size_t start = pos_;
    if (TakeNull(terminators)) {
      if (!type.nullable()) return Error(start, "NULL is not allowed for ", type.ToString());
      *out = Value::MakeNull();
      return Status::OK();
    }
    switch (type.id()) {
      case TypeId::kArray:
        return ParseArray(type, out);
      case TypeId::kMap:
      case TypeId::kMultiset:
        return ParseMap(type, out);
      case TypeId::kRow:
        return ParseRowValue(type, out);
      case TypeId::kBinary:
      case TypeId::kVarBinary:
        return ParseBinary(type, terminators, out);
      default:
        break;
    }
    std::string token;
    bool quoted = false;
    WEIR_RETURN_NOT_OK(ReadToken(terminators, &token, &quoted));
    std::string reason;
    if (!ConvertScalar(token, type, out, &reason)) {
      if (reason.empty()) return Error(start, "Cannot parse '", token, "' as ", type.ToString());
      return Error(start, "Cannot parse '", token, "' as ", type.ToString(), ": ", reason);
    }
    return Status::OK();
  }

  std::string_view s_;
  size_t pos_ = 0;
  int64_t line_number_;
};

}  // namespace

Result<Value> ParseValueText(std::string_view text, const LogicalType& type) {
  LineParser parser(text, 1);
  Value v;
  WEIR_RETURN_NOT_OK(parser.ParseSingle(type, &v));
  return v;
}

Result<RecordBatchPtr> RecordBatch::Parse(std::string_view text, MemoryPool* pool) {
  SchemaPtr schema;
  std::vector<std::unique_ptr<ColumnBuilder>> builders;
  std::unique_ptr<ColumnBuilder> kinds_builder;
  bool all_inserts = true;
  int64_t num_rows = 0;
  ValueList values;
  int64_t line_number = 0;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    ++line_number;
    size_t first = 0;
    while (first < line.size() && IsSpace(line[first])) ++first;
    if (first == line.size() || line[first] == '#') continue;
    if (schema == nullptr) {
      while (!line.empty() && IsSpace(line.back())) line.remove_suffix(1);
      Result<SchemaPtr> parsed = Schema::Parse(line.substr(first));
      if (!parsed.ok()) {
        return Status::Invalid("Cannot parse the schema line: ", parsed.status().message(),
                               " (line ", line_number, ")");
      }
      schema = *parsed;
      for (int f = 0; f < schema->num_fields(); ++f) {
        WEIR_ASSIGN_OR_RAISE(auto builder, ColumnBuilder::Make(schema->type(f), pool));
        builders.push_back(std::move(builder));
      }
      WEIR_ASSIGN_OR_RAISE(kinds_builder, ColumnBuilder::Make(LogicalType::TinyInt(false), pool));
      continue;
    }
    LineParser parser(line, line_number);
    RowKind kind = RowKind::kInsert;
    WEIR_RETURN_NOT_OK(parser.ParseRow(*schema, &kind, &values));
    for (int f = 0; f < schema->num_fields(); ++f) {
      Status st = builders[f]->AppendValue(values[f]);
      if (!st.ok()) {
        return Status::Invalid("Cannot add the value of column ", schema->name(f), ": ",
                               st.message(), " (line ", line_number, ")");
      }
    }
    WEIR_RETURN_NOT_OK(kinds_builder->AppendValue(Value(static_cast<int64_t>(kind))));
    if (kind != RowKind::kInsert) all_inserts = false;
    ++num_rows;
  }
  if (schema == nullptr) return Status::Invalid("Batch text has no schema line");
  std::vector<ColumnPtr> columns;
  columns.reserve(builders.size());
  for (auto& builder : builders) {
    WEIR_ASSIGN_OR_RAISE(ColumnPtr column, builder->Finish());
    columns.push_back(std::move(column));
  }
  ColumnPtr row_kinds;
  if (!all_inserts) {
    WEIR_ASSIGN_OR_RAISE(row_kinds, kinds_builder->Finish());
  }
  if (columns.empty()) {
    // Without columns the row count lives only in the batch itself.
    auto batch = std::make_shared<const RecordBatch>(schema, std::move(columns), num_rows,
                                                     std::move(row_kinds));
    WEIR_RETURN_NOT_OK(batch->Validate());
    return RecordBatchPtr(batch);
  }
  return RecordBatch::Make(schema, std::move(columns), std::move(row_kinds));
}

}  // namespace weir
