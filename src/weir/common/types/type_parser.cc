// LogicalType::Parse and ParseFields: Flink's type syntax (LogicalTypeParser and SQL DDL types).
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "weir/common/ascii.h"
#include "weir/common/types/logical_type.h"

namespace weir {

namespace {

// Deeper nesting is rejected so that hostile input cannot exhaust the stack.
constexpr int kMaxNestingDepth = 200;

enum class TokenKind : uint8_t {
  kWord,        // a keyword or bare identifier, as typed
  kInteger,     // a run of digits
  kString,      // '...' with '' escaping; text holds the unescaped content
  kIdentifier,  // `...` with `` escaping; text holds the unescaped content
  kSymbol,      // one of < > ( ) , *
  kEnd,
};

struct Token {
  TokenKind kind;
  std::string text;
  int64_t position;  // 1-based character position of the token's first character
};

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsWordChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || IsDigit(c) || c == '_' ||
         c == '$' || static_cast<unsigned char>(c) >= 0x80;
}

Status AtPosition(Status st, int64_t position) {
  return Status(st.code(), StrCat(st.message(), " (at position ", position, ")"));
}

Result<std::vector<Token>> Tokenize(std::string_view text) {
  std::vector<Token> tokens;
  size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    const int64_t position = static_cast<int64_t>(i) + 1;
    if (IsSpace(c)) {
      ++i;
    } else if (c == '<' || c == '>' || c == '(' || c == ')' || c == ',' || c == '*') {
      tokens.push_back({TokenKind::kSymbol, std::string(1, c), position});
      ++i;
    } else if (c == '\'' || c == '`') {
      std::string content;
      size_t j = i + 1;
      bool closed = false;
      while (j < text.size()) {
        if (text[j] == c) {
          if (j + 1 < text.size() && text[j + 1] == c) {
            content.push_back(c);
            j += 2;
            continue;
          }
          closed = true;
          ++j;
          break;
        }
        content.push_back(text[j++]);
      }
      if (!closed) {
        return Status::Invalid(c == '`' ? "Unterminated quoted identifier"
                                        : "Unterminated string literal",
                               " (at position ", position, ")");
      }
      tokens.push_back({c == '`' ? TokenKind::kIdentifier : TokenKind::kString,
                        std::move(content), position});
      i = j;
    } else if (IsDigit(c)) {
      size_t j = i;
      while (j < text.size() && IsDigit(text[j])) ++j;
      if (j < text.size() && IsWordChar(text[j])) {
        while (j < text.size() && IsWordChar(text[j])) ++j;
        tokens.push_back({TokenKind::kWord, std::string(text.substr(i, j - i)), position});
      } else {
        tokens.push_back({TokenKind::kInteger, std::string(text.substr(i, j - i)), position});
      }
      i = j;
    } else if (IsWordChar(c)) {
      size_t j = i;
      while (j < text.size() && IsWordChar(text[j])) ++j;
      tokens.push_back({TokenKind::kWord, std::string(text.substr(i, j - i)), position});
      i = j;
    } else {
      return Status::Invalid("Unexpected character: '", std::string(1, c), "' (at position ",
                             position, ")");
    }
  }
  tokens.push_back({TokenKind::kEnd, "", static_cast<int64_t>(text.size()) + 1});
  return tokens;
}

std::string Describe(const Token& t) {
  switch (t.kind) {
    case TokenKind::kEnd: return "end of input";
    case TokenKind::kSymbol: return "'" + t.text + "'";
    case TokenKind::kString: return "string '" + t.text + "'";
    case TokenKind::kIdentifier: return "`" + t.text + "`";
    default: return t.text;
  }
}

class TypeParser {
 public:
  explicit TypeParser(std::vector<Token> tokens) : tokens_(std::move(tokens)) {}

  // type [NOT NULL | NULL] [time attribute] {ARRAY | MULTISET [NOT NULL | NULL]}
  Result<LogicalType> ParseType(int depth) {
    if (depth > kMaxNestingDepth) {
      return Error(Peek(), "Type nesting is deeper than ", kMaxNestingDepth, " levels");
    }
    WEIR_ASSIGN_OR_RAISE(LogicalType type, ParseBaseType(depth));
    WEIR_ASSIGN_OR_RAISE(type, ParseNullability(std::move(type)));
    if (PeekSymbol('*') &&
        (type.id() == TypeId::kTimestamp || type.id() == TypeId::kTimestampLtz)) {
      WEIR_ASSIGN_OR_RAISE(type, ParseTimeAttribute(std::move(type)));
    }
    while (PeekKeyword("ARRAY") || PeekKeyword("MULTISET")) {
      const bool is_array = PeekKeyword("ARRAY");
      Next();
      if (++depth > kMaxNestingDepth) {
        return Error(Peek(), "Type nesting is deeper than ", kMaxNestingDepth, " levels");
      }
      type = is_array ? LogicalType::Array(std::move(type))
                      : LogicalType::Multiset(std::move(type));
      WEIR_ASSIGN_OR_RAISE(type, ParseNullability(std::move(type)));
    }
    return type;
  }

  // Fields until `end` (not consumed): name type ['description'], ...
  Result<std::vector<Field>> ParseFieldList(int depth, bool until_end_of_input, char end) {
    std::vector<Field> fields;
    std::unordered_set<std::string> names;
    auto at_end = [&] { return until_end_of_input ? PeekEnd() : PeekSymbol(end); };
    if (at_end()) return fields;
    while (true) {
      const Token& name_token = Next();
      if (name_token.kind != TokenKind::kWord && name_token.kind != TokenKind::kIdentifier) {
        return Error(name_token, "Expected a field name but found ", Describe(name_token));
      }
      std::string name = name_token.text;
      bool blank = true;
      for (char c : name) blank = blank && IsSpace(c);
      if (blank) {
        return Error(name_token, "Field names must contain a non-whitespace character: `", name,
                     "`");
      }
      if (!names.insert(name).second) {
        return Error(name_token, "Duplicate field name: ", name);
      }
      WEIR_ASSIGN_OR_RAISE(LogicalType type, ParseType(depth + 1));
      std::string description;
      if (Peek().kind == TokenKind::kString) description = Next().text;
      fields.emplace_back(std::move(name), std::move(type), std::move(description));
      if (!PeekSymbol(',')) break;
      Next();
    }
    return fields;
  }

  Status ExpectEnd(const char* expected) {
    if (!PeekEnd()) return Error(Peek(), "Expected ", expected, " but found ", Describe(Peek()));
    return Status::OK();
  }

 private:
  const Token& Peek(size_t ahead = 0) const {
    const size_t i = pos_ + ahead;
    return i < tokens_.size() ? tokens_[i] : tokens_.back();
  }
  const Token& Next() {
    const Token& t = Peek();
    if (pos_ + 1 < tokens_.size()) ++pos_;
    return t;
  }
  bool PeekEnd() const { return Peek().kind == TokenKind::kEnd; }
  bool PeekSymbol(char c, size_t ahead = 0) const {
    const Token& t = Peek(ahead);
    return t.kind == TokenKind::kSymbol && t.text[0] == c;
  }
  bool PeekKeyword(std::string_view keyword, size_t ahead = 0) const {
    const Token& t = Peek(ahead);
    return t.kind == TokenKind::kWord && AsciiUpper(t.text) == keyword;
  }

  template <typename... Args>
  static Status Error(const Token& at, const Args&... args) {
    return Status::Invalid(StrCat(args..., " (at position ", at.position, ")"));
  }

  Status ExpectSymbol(char c) {
    const Token& t = Next();
    if (t.kind != TokenKind::kSymbol || t.text[0] != c) {
      return Error(t, "Expected '", std::string(1, c), "' but found ", Describe(t));
    }
    return Status::OK();
  }

  Status ExpectKeyword(std::string_view keyword) {
    const Token& t = Next();
    if (t.kind != TokenKind::kWord || AsciiUpper(t.text) != keyword) {
      return Error(t, "Expected ", keyword, " but found ", Describe(t));
    }
    return Status::OK();
  }

  Result<int32_t> ExpectInt(const char* what) {
    const Token& t = Next();
    if (t.kind != TokenKind::kInteger) {
      return Error(t, "Expected an integer for ", what, " but found ", Describe(t));
    }
    int64_t value = 0;
    for (char c : t.text) {
      value = value * 10 + (c - '0');
      if (value > LogicalType::kMaxLength) {
        return Error(t, "Integer too large for ", what, ": ", t.text);
      }
    }
    return static_cast<int32_t>(value);
  }

  // "(n)" if present, else `default_value`.
  Result<int32_t> OptionalParameter(const char* what, int32_t default_value) {
    if (!PeekSymbol('(')) return default_value;
    Next();
    WEIR_ASSIGN_OR_RAISE(int32_t value, ExpectInt(what));
    WEIR_RETURN_NOT_OK(ExpectSymbol(')'));
    return value;
  }

  Result<LogicalType> ParseNullability(LogicalType type) {
    if (PeekKeyword("NOT") && PeekKeyword("NULL", 1)) {
      const Token& not_token = Next();
      Next();
      if (type.id() == TypeId::kNull) {
        return Error(not_token, "The NULL type cannot be NOT NULL");
      }
      return type.WithNullable(false);
    }
    if (PeekKeyword("NULL")) {
      Next();
      return type.WithNullable(true);
    }
    return type;
  }

  // *ROWTIME* or *PROCTIME*, as Flink prints time attributes.
  Result<LogicalType> ParseTimeAttribute(LogicalType type) {
    Next();
    const Token& kind = Next();
    TimestampKind parsed;
    if (kind.kind == TokenKind::kWord && AsciiUpper(kind.text) == "ROWTIME") {
      parsed = TimestampKind::kRowtime;
    } else if (kind.kind == TokenKind::kWord && AsciiUpper(kind.text) == "PROCTIME") {
      parsed = TimestampKind::kProctime;
    } else {
      return Error(kind, "Expected ROWTIME or PROCTIME but found ", Describe(kind));
    }
    WEIR_RETURN_NOT_OK(ExpectSymbol('*'));
    return type.WithTimestampKind(parsed);
  }

  Result<LogicalType> WithPosition(Result<LogicalType> result, const Token& at) {
    if (result.ok()) return result;
    return AtPosition(result.status(), at.position);
  }

  Result<LogicalType> ParseBaseType(int depth) {
    const Token& start = Next();
    if (start.kind != TokenKind::kWord) {
      return Error(start, "Expected a type but found ", Describe(start));
    }
    const std::string kw = AsciiUpper(start.text);
    if (kw == "BOOLEAN") return LogicalType::Boolean();
    if (kw == "TINYINT") return LogicalType::TinyInt();
    if (kw == "SMALLINT") return LogicalType::SmallInt();
    if (kw == "INT" || kw == "INTEGER") return LogicalType::Int();
    if (kw == "BIGINT") return LogicalType::BigInt();
    if (kw == "FLOAT" || kw == "REAL") return LogicalType::Float();
    if (kw == "DOUBLE") {
      if (PeekKeyword("PRECISION")) Next();
      return LogicalType::Double();
    }
    if (kw == "DATE") return LogicalType::Date();
    if (kw == "NULL") return LogicalType::Null();
    if (kw == "STRING") return LogicalType::String();
    if (kw == "BYTES") return LogicalType::Bytes();
    if (kw == "DECIMAL" || kw == "DEC" || kw == "NUMERIC") {
      int32_t precision = 10;
      int32_t scale = 0;
      if (PeekSymbol('(')) {
        Next();
        WEIR_ASSIGN_OR_RAISE(precision, ExpectInt("the DECIMAL precision"));
        if (PeekSymbol(',')) {
          Next();
          WEIR_ASSIGN_OR_RAISE(scale, ExpectInt("the DECIMAL scale"));
        }
        WEIR_RETURN_NOT_OK(ExpectSymbol(')'));
      }
      return WithPosition(LogicalType::MakeDecimal(precision, scale), start);
    }
    if (kw == "CHAR" || kw == "CHARACTER" || kw == "VARCHAR" || kw == "BINARY" ||
        kw == "VARBINARY") {
      const bool is_binary = kw == "BINARY" || kw == "VARBINARY";
      bool varying = kw == "VARCHAR" || kw == "VARBINARY";
      if (!varying && PeekKeyword("VARYING")) {
        Next();
        varying = true;
      }
      const TypeId id = is_binary ? (varying ? TypeId::kVarBinary : TypeId::kBinary)
                                  : (varying ? TypeId::kVarChar : TypeId::kChar);
      WEIR_ASSIGN_OR_RAISE(int32_t length, OptionalParameter("the length", 1));
      return WithPosition(LogicalType::MakeChar(id, length), start);
    }
    if (kw == "TIME") {
      WEIR_ASSIGN_OR_RAISE(int32_t precision, OptionalParameter("the TIME precision", 0));
      if (PeekKeyword("WITHOUT")) {
        WEIR_RETURN_NOT_OK(ParseTimeZoneSuffix(/*without=*/true));
      } else if (PeekKeyword("WITH")) {
        return Status::NotSupported("TIME WITH TIME ZONE is not supported (at position ",
                                    Peek().position, ")");
      }
      return WithPosition(LogicalType::MakeTemporal(TypeId::kTime, precision), start);
    }
    if (kw == "TIMESTAMP") {
      WEIR_ASSIGN_OR_RAISE(int32_t precision, OptionalParameter("the TIMESTAMP precision", 6));
      TypeId id = TypeId::kTimestamp;
      if (PeekKeyword("WITHOUT")) {
        WEIR_RETURN_NOT_OK(ParseTimeZoneSuffix(/*without=*/true));
      } else if (PeekKeyword("WITH")) {
        if (!PeekKeyword("LOCAL", 1)) {
          return Status::NotSupported("TIMESTAMP WITH TIME ZONE is not supported (at position ",
                                      Peek().position, ")");
        }
        WEIR_RETURN_NOT_OK(ParseTimeZoneSuffix(/*without=*/false));
        id = TypeId::kTimestampLtz;
      }
      return WithPosition(LogicalType::MakeTemporal(id, precision), start);
    }
    if (kw == "TIMESTAMP_LTZ") {
      WEIR_ASSIGN_OR_RAISE(int32_t precision, OptionalParameter("the TIMESTAMP_LTZ precision", 6));
      return WithPosition(LogicalType::MakeTemporal(TypeId::kTimestampLtz, precision), start);
    }
    if (kw == "INTERVAL") return ParseInterval(start);
    if (kw == "ARRAY" || kw == "MULTISET") {
      WEIR_RETURN_NOT_OK(ExpectSymbol('<'));
      WEIR_ASSIGN_OR_RAISE(LogicalType element, ParseType(depth + 1));
      WEIR_RETURN_NOT_OK(ExpectSymbol('>'));
      return kw == "ARRAY" ? LogicalType::Array(std::move(element))
                           : LogicalType::Multiset(std::move(element));
    }
    if (kw == "MAP") {
      WEIR_RETURN_NOT_OK(ExpectSymbol('<'));
      WEIR_ASSIGN_OR_RAISE(LogicalType key, ParseType(depth + 1));
      WEIR_RETURN_NOT_OK(ExpectSymbol(','));
      WEIR_ASSIGN_OR_RAISE(LogicalType value, ParseType(depth + 1));
      WEIR_RETURN_NOT_OK(ExpectSymbol('>'));
      return LogicalType::Map(std::move(key), std::move(value));
    }
    if (kw == "ROW") {
      const Token& open = Next();
      if (open.kind != TokenKind::kSymbol || (open.text[0] != '<' && open.text[0] != '(')) {
        return Error(open, "Expected '<' or '(' after ROW but found ", Describe(open));
      }
      const char close = open.text[0] == '<' ? '>' : ')';
      WEIR_ASSIGN_OR_RAISE(std::vector<Field> fields, ParseFieldList(depth, false, close));
      const Token& end = Next();
      if (end.kind != TokenKind::kSymbol || end.text[0] != close) {
        return Error(end, "Expected ',' or '", std::string(1, close), "' but found ",
                     Describe(end));
      }
      return LogicalType::Row(std::move(fields));
    }
    if (kw == "RAW" || kw == "STRUCTURED" || kw == "LEGACY" || kw == "DESCRIPTOR" ||
        kw == "VARIANT" || kw == "BITMAP" || kw == "SYMBOL") {
      return Status::NotSupported("Unsupported type: ", start.text, " (at position ",
                                  start.position, ")");
    }
    return Error(start, "Unknown type: ", start.text);
  }

  // WITHOUT TIME ZONE | WITH LOCAL TIME ZONE
  Status ParseTimeZoneSuffix(bool without) {
    Next();
    if (!without) WEIR_RETURN_NOT_OK(ExpectKeyword("LOCAL"));
    WEIR_RETURN_NOT_OK(ExpectKeyword("TIME"));
    return ExpectKeyword("ZONE");
  }

  Result<LogicalType> ParseInterval(const Token& start) {
    using R = IntervalResolution;
    auto year_month = [&](R r, int32_t p) {
      return WithPosition(LogicalType::MakeIntervalYearMonth(r, p), start);
    };
    auto day_time = [&](R r, int32_t p, int32_t f) {
      return WithPosition(LogicalType::MakeIntervalDayTime(r, p, f), start);
    };
    constexpr int32_t kFraction = LogicalType::kDefaultFractionalPrecision;
    const Token& unit = Next();
    const std::string u = unit.kind == TokenKind::kWord ? AsciiUpper(unit.text) : std::string();
    if (u == "YEAR") {
      WEIR_ASSIGN_OR_RAISE(int32_t p, OptionalParameter("the year precision", 2));
      if (PeekKeyword("TO")) {
        Next();
        WEIR_RETURN_NOT_OK(ExpectKeyword("MONTH"));
        return year_month(R::kYearToMonth, p);
      }
      return year_month(R::kYear, p);
    }
    if (u == "MONTH") return year_month(R::kMonth, LogicalType::kDefaultYearPrecision);
    if (u == "DAY" || u == "HOUR" || u == "MINUTE") {
      int32_t day_precision = LogicalType::kDefaultDayPrecision;
      if (u == "DAY") {
        WEIR_ASSIGN_OR_RAISE(day_precision, OptionalParameter("the day precision", 2));
      }
      R single = u == "DAY" ? R::kDay : (u == "HOUR" ? R::kHour : R::kMinute);
      if (!PeekKeyword("TO")) return day_time(single, day_precision, kFraction);
      Next();
      const Token& end_unit = Next();
      const std::string e =
          end_unit.kind == TokenKind::kWord ? AsciiUpper(end_unit.text) : std::string();
      if (e == "SECOND") {
        WEIR_ASSIGN_OR_RAISE(int32_t f, OptionalParameter("the fractional precision", 6));
        const R r = u == "DAY" ? R::kDayToSecond
                               : (u == "HOUR" ? R::kHourToSecond : R::kMinuteToSecond);
        return day_time(r, day_precision, f);
      }
      if (e == "MINUTE" && u != "MINUTE") {
        return day_time(u == "DAY" ? R::kDayToMinute : R::kHourToMinute, day_precision,
                        kFraction);
      }
      if (e == "HOUR" && u == "DAY") {
        return day_time(R::kDayToHour, day_precision, kFraction);
      }
      const char* expected = u == "DAY" ? "HOUR, MINUTE or SECOND"
                                        : (u == "HOUR" ? "MINUTE or SECOND" : "SECOND");
      return Error(end_unit, "Expected ", expected, " but found ", Describe(end_unit));
    }
    if (u == "SECOND") {
      WEIR_ASSIGN_OR_RAISE(int32_t f, OptionalParameter("the fractional precision", 6));
      return day_time(R::kSecond, LogicalType::kDefaultDayPrecision, f);
    }
    return Error(unit, "Expected YEAR, MONTH, DAY, HOUR, MINUTE or SECOND after INTERVAL but found ",
                 Describe(unit));
  }

  std::vector<Token> tokens_;
  size_t pos_ = 0;
};

}  // namespace

Result<LogicalType> LogicalType::Parse(std::string_view text) {
  WEIR_ASSIGN_OR_RAISE(std::vector<Token> tokens, Tokenize(text));
  TypeParser parser(std::move(tokens));
  WEIR_ASSIGN_OR_RAISE(LogicalType type, parser.ParseType(0));
  WEIR_RETURN_NOT_OK(parser.ExpectEnd("end of input"));
  return type;
}

Result<std::vector<Field>> LogicalType::ParseFields(std::string_view text) {
  WEIR_ASSIGN_OR_RAISE(std::vector<Token> tokens, Tokenize(text));
  TypeParser parser(std::move(tokens));
  WEIR_ASSIGN_OR_RAISE(std::vector<Field> fields, parser.ParseFieldList(0, true, '\0'));
  WEIR_RETURN_NOT_OK(parser.ExpectEnd("',' or end of input"));
  return fields;
}

}  // namespace weir
