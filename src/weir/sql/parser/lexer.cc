// Lexer for Flink SQL: identifiers, literals, operators, comments and hint comments.
#include "weir/sql/parser/lexer.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

#include "weir/common/utf8.h"

namespace weir::sql::ast {

namespace {

// Upper-case reserved words, sorted for binary search. Words that Flink accepts as column
// names (KEY, FINAL, NAME, ...) stay out of this list; function-like words that appear before
// "(" (HOUR, LEFT, ...) are handled by the parser even though they are reserved.
constexpr std::array<std::string_view, 114> kReserved = {
    "ALL",
    "ALTER",
    "AND",
    "ANY",
    "ARRAY",
    "AS",
    "ASYMMETRIC",
    "BETWEEN",
    "BIGINT",
    "BINARY",
    "BOOLEAN",
    "BOTH",
    "BY",
    "CASE",
    "CAST",
    "CHAR",
    "CHARACTER",
    "CHECK",
    "COLLATE",
    "CONSTRAINT",
    "CREATE",
    "CROSS",
    "CUBE",
    "CURRENT",
    "CURRENT_DATE",
    "CURRENT_ROW",
    "CURRENT_TIME",
    "CURRENT_TIMESTAMP",
    "DATE",
    "DAY",
    "DECIMAL",
    "DEFAULT",
    "DELETE",
    "DESCRIBE",
    "DISTINCT",
    "DOUBLE",
    "DROP",
    "ELSE",
    "END",
    "ESCAPE",
    "EXCEPT",
    "EXISTS",
    "FALSE",
    "FETCH",
    "FILTER",
    "FLOAT",
    "FOR",
    "FROM",
    "FULL",
    "FUNCTION",
    "GROUP",
    "HAVING",
    "HOUR",
    "IN",
    "INNER",
    "INSERT",
    "INT",
    "INTEGER",
    "INTERSECT",
    "INTERVAL",
    "INTO",
    "IS",
    "JOIN",
    "LATERAL",
    "LEADING",
    "LEFT",
    "LIKE",
    "LIMIT",
    "LOCALTIME",
    "LOCALTIMESTAMP",
    "MATCH_RECOGNIZE",
    "MINUTE",
    "MONTH",
    "MULTISET",
    "NATURAL",
    "NOT",
    "NULL",
    "OFFSET",
    "ON",
    "OR",
    "ORDER",
    "OUTER",
    "OVER",
    "PARTITION",
    "RIGHT",
    "ROW",
    "ROWS",
    "SECOND",
    "SELECT",
    "SET",
    "SIMILAR",
    "SMALLINT",
    "SYMMETRIC",
    "TABLE",
    "THEN",
    "TIME",
    "TIMESTAMP",
    "TINYINT",
    "TO",
    "TRAILING",
    "TRUE",
    "UESCAPE",
    "UNION",
    "UNKNOWN",
    "UNNEST",
    "USING",
    "VALUE",
    "VALUES",
    "VARCHAR",
    "WHEN",
    "WHERE",
    "WINDOW",
    "WITH",
    "YEAR",
};

bool IsWordStart(unsigned char c) { return std::isalpha(c) || c == '_' || c >= 0x80; }
bool IsWordPart(unsigned char c) { return std::isalnum(c) || c == '_' || c == '$' || c >= 0x80; }
int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}


class Lexer {
 public:
  explicit Lexer(std::string_view sql) : sql_(sql) {}

  Result<std::vector<Token>> Run() {
    std::vector<Token> tokens;
    tokens.reserve(sql_.size() / 4 + 2);
    while (true) {
      WEIR_RETURN_NOT_OK(SkipSpaceAndComments());
      if (pos_ >= sql_.size()) break;
      Token tok;
      tok.pos = SourcePos{line_, Column()};
      tok.offset = static_cast<int32_t>(pos_);
      WEIR_RETURN_NOT_OK(LexOne(tok));
      tok.end_offset = static_cast<int32_t>(pos_);
      tok.text = sql_.substr(tok.offset, pos_ - tok.offset);
      tokens.push_back(std::move(tok));
    }
    if (in_hint_) return Error(hint_pos_, "Unterminated hint comment \"/*+\"");
    Token eof;
    eof.pos = SourcePos{line_, Column()};
    eof.offset = eof.end_offset = static_cast<int32_t>(sql_.size());
    tokens.push_back(std::move(eof));
    return tokens;
  }

 private:
  int32_t Column() const { return static_cast<int32_t>(pos_ - line_start_) + 1; }
  char Peek(size_t ahead = 0) const {
    return pos_ + ahead < sql_.size() ? sql_[pos_ + ahead] : '\0';
  }
  void Advance() {
    if (sql_[pos_] == '\n') {
      ++line_;
      line_start_ = pos_ + 1;
    }
    ++pos_;
  }
  static Status Error(SourcePos at, std::string_view what) {
    return Status::Invalid("SQL parse failed. ", what, " at line ", at.line, ", column ",
                           at.column);
  }
  SourcePos Here() const { return SourcePos{line_, Column()}; }

  Status SkipSpaceAndComments() {
    while (pos_ < sql_.size()) {
      char c = sql_[pos_];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
        Advance();
      } else if (c == '-' && Peek(1) == '-') {
        while (pos_ < sql_.size() && sql_[pos_] != '\n') Advance();
      } else if (c == '/' && Peek(1) == '*' && Peek(2) != '+') {
        SourcePos start = Here();
        Advance();
        Advance();
        while (pos_ < sql_.size() && !(sql_[pos_] == '*' && Peek(1) == '/')) Advance();
        if (pos_ >= sql_.size()) return Error(start, "Unterminated comment \"/*\"");
        Advance();
        Advance();
      } else {
        break;
      }
    }
    return Status::OK();
  }

  Status LexOne(Token& tok) {
    unsigned char c = static_cast<unsigned char>(sql_[pos_]);
    if ((c == 'U' || c == 'u') && Peek(1) == '&' && Peek(2) == '\'') {
      Advance();
      Advance();
      return LexUnicodeString(tok);
    }
    if ((c == 'X' || c == 'x') && Peek(1) == '\'') {
      Advance();
      return LexBinaryString(tok);
    }
    if (IsWordStart(c)) {
      size_t start = pos_;
      while (pos_ < sql_.size() && IsWordPart(static_cast<unsigned char>(sql_[pos_]))) Advance();
      tok.kind = TokenKind::kWord;
      tok.value.assign(sql_.substr(start, pos_ - start));
      std::string upper = tok.value;
      for (char& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      tok.reserved = IsReservedKeyword(upper);
      return Status::OK();
    }
    if (std::isdigit(c) || (c == '.' && std::isdigit(static_cast<unsigned char>(Peek(1))))) {
      return LexNumber(tok);
    }
    switch (c) {
      case '`':
        return LexQuotedIdent(tok);
      case '\'':
        tok.kind = TokenKind::kString;
        return LexQuoted('\'', tok.value);
      case '(':
        return Single(tok, TokenKind::kLParen);
      case ')':
        return Single(tok, TokenKind::kRParen);
      case '[':
        return Single(tok, TokenKind::kLBracket);
      case ']':
        return Single(tok, TokenKind::kRBracket);
      case ',':
        return Single(tok, TokenKind::kComma);
      case '.':
        return Single(tok, TokenKind::kDot);
      case ';':
        return Single(tok, TokenKind::kSemicolon);
      case '+':
        return Single(tok, TokenKind::kPlus);
      case '-':
        return Single(tok, TokenKind::kMinus);
      case '%':
        return Single(tok, TokenKind::kPercent);
      case '?':
        return Single(tok, TokenKind::kQuestion);
      case '*':
        if (in_hint_ && Peek(1) == '/') {
          in_hint_ = false;
          return Double(tok, TokenKind::kHintEnd);
        }
        return Single(tok, TokenKind::kStar);
      case '/':
        if (Peek(1) == '*' && Peek(2) == '+') {
          if (in_hint_) return Error(Here(), "Nested hint comment \"/*+\"");
          in_hint_ = true;
          hint_pos_ = Here();
          Advance();
          return Double(tok, TokenKind::kHintBegin);
        }
        return Single(tok, TokenKind::kSlash);
      case '|':
        if (Peek(1) == '|') return Double(tok, TokenKind::kConcat);
        break;
      case '=':
        if (Peek(1) == '>') return Double(tok, TokenKind::kArrow);
        return Single(tok, TokenKind::kEq);
      case '!':
        if (Peek(1) == '=') return Double(tok, TokenKind::kNe);
        break;
      case '<':
        if (Peek(1) == '>') return Double(tok, TokenKind::kNe);
        if (Peek(1) == '=') return Double(tok, TokenKind::kLe);
        return Single(tok, TokenKind::kLt);
      case '>':
        if (Peek(1) == '=') return Double(tok, TokenKind::kGe);
        return Single(tok, TokenKind::kGt);
      default:
        break;
    }
    std::string shown = c >= 0x20 && c < 0x7F ? std::string(1, static_cast<char>(c))
                                              : StrCat("\\x", static_cast<int>(c));
    return Error(Here(), StrCat("Lexical error: unexpected character \"", shown, "\""));
  }

  Status Single(Token& tok, TokenKind kind) {
    tok.kind = kind;
    Advance();
    return Status::OK();
  }
  Status Double(Token& tok, TokenKind kind) {
    tok.kind = kind;
    Advance();
    Advance();
    return Status::OK();
  }

  // Reads a literal quoted by `quote` where a doubled quote stands for one.
  Status LexQuoted(char quote, std::string& out) {
    SourcePos start = Here();
    Advance();
    while (true) {
      if (pos_ >= sql_.size()) {
        return Error(
            start, quote == '`' ? "Unterminated quoted identifier" : "Unterminated string literal");
      }
      char ch = sql_[pos_];
      if (ch == quote) {
        if (Peek(1) == quote) {
          out.push_back(quote);
          Advance();
          Advance();
          continue;
        }
        Advance();
        return Status::OK();
      }
      out.push_back(ch);
      Advance();
    }
  }

  Status LexQuotedIdent(Token& tok) {
    SourcePos start = Here();
    tok.kind = TokenKind::kQuotedIdent;
    WEIR_RETURN_NOT_OK(LexQuoted('`', tok.value));
    if (tok.value.empty()) return Error(start, "Empty quoted identifier ``");
    return Status::OK();
  }

  Status LexBinaryString(Token& tok) {
    SourcePos start = Here();
    tok.kind = TokenKind::kBinaryString;
    WEIR_RETURN_NOT_OK(LexQuoted('\'', tok.value));
    for (char ch : tok.value) {
      if (HexValue(ch) < 0)
        return Error(start, "Binary literal string must contain only hex digits");
    }
    if (tok.value.size() % 2 != 0) {
      return Error(start, "Binary literal string must contain an even number of hex digits");
    }
    return Status::OK();
  }

  Status LexUnicodeString(Token& tok) {
    SourcePos start = Here();
    tok.kind = TokenKind::kUnicodeString;
    std::string raw;
    WEIR_RETURN_NOT_OK(LexQuoted('\'', raw));
    // An optional UESCAPE 'c' after the literal picks another escape character.
    char escape = '\\';
    size_t save_pos = pos_, save_line = line_, save_start = line_start_;
    WEIR_RETURN_NOT_OK(SkipSpaceAndComments());
    if (pos_ + 7 <= sql_.size() && !IsWordPart(static_cast<unsigned char>(Peek(7)))) {
      std::string word(sql_.substr(pos_, 7));
      for (char& ch : word) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      if (word == "UESCAPE") {
        for (int i = 0; i < 7; ++i) Advance();
        WEIR_RETURN_NOT_OK(SkipSpaceAndComments());
        SourcePos esc_pos = Here();
        if (Peek() != '\'') return Error(esc_pos, "UESCAPE must be followed by a string literal");
        std::string esc;
        WEIR_RETURN_NOT_OK(LexQuoted('\'', esc));
        if (esc.size() != 1 || std::isxdigit(static_cast<unsigned char>(esc[0])) || esc[0] == '+' ||
            esc[0] == '\'' || esc[0] == '"' || esc[0] == ' ') {
          return Error(esc_pos,
                       "UESCAPE needs a single character that is not a hex digit, "
                       "'+', a quote or a space");
        }
        escape = esc[0];
        save_pos = std::string::npos;
      }
    }
    if (save_pos != std::string::npos) {
      pos_ = save_pos;
      line_ = static_cast<int32_t>(save_line);
      line_start_ = save_start;
    }
    for (size_t i = 0; i < raw.size();) {
      if (raw[i] != escape) {
        tok.value.push_back(raw[i++]);
        continue;
      }
      if (i + 1 < raw.size() && raw[i + 1] == escape) {
        tok.value.push_back(escape);
        i += 2;
        continue;
      }
      size_t digits = 4;
      size_t first = i + 1;
      if (first < raw.size() && raw[first] == '+') {
        digits = 6;
        ++first;
      }
      if (first + digits > raw.size())
        return Error(start, "Invalid unicode escape in U&'' literal");
      uint32_t cp = 0;
      for (size_t k = 0; k < digits; ++k) {
        int v = HexValue(raw[first + k]);
        if (v < 0) return Error(start, "Invalid unicode escape in U&'' literal");
        cp = cp * 16 + static_cast<uint32_t>(v);
      }
      if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        return Error(start, "Invalid unicode code point in U&'' literal");
      }
      AppendUtf8(tok.value, cp);
      i = first + digits;
    }
    return Status::OK();
  }

  Status LexNumber(Token& tok) {
    tok.kind = TokenKind::kInteger;
    while (std::isdigit(static_cast<unsigned char>(Peek()))) Advance();
    if (Peek() == '.') {
      tok.kind = TokenKind::kDecimal;
      Advance();
      while (std::isdigit(static_cast<unsigned char>(Peek()))) Advance();
    }
    if (Peek() == 'e' || Peek() == 'E') {
      size_t digits_at = (Peek(1) == '+' || Peek(1) == '-') ? 2 : 1;
      if (std::isdigit(static_cast<unsigned char>(Peek(digits_at)))) {
        tok.kind = TokenKind::kApprox;
        for (size_t i = 0; i < digits_at; ++i) Advance();
        while (std::isdigit(static_cast<unsigned char>(Peek()))) Advance();
      }
    }
    if (IsWordStart(static_cast<unsigned char>(Peek()))) {
      return Error(Here(), "Lexical error: a number must not run into a word");
    }
    return Status::OK();
  }

  std::string_view sql_;
  size_t pos_ = 0;
  int32_t line_ = 1;
  size_t line_start_ = 0;
  bool in_hint_ = false;
  SourcePos hint_pos_;
};

}  // namespace

bool Token::IsWord(std::string_view keyword) const {
  if (kind != TokenKind::kWord || value.size() != keyword.size()) return false;
  for (size_t i = 0; i < keyword.size(); ++i) {
    if (std::toupper(static_cast<unsigned char>(value[i])) != keyword[i]) return false;
  }
  return true;
}

bool IsReservedKeyword(std::string_view upper_word) {
  return std::binary_search(kReserved.begin(), kReserved.end(), upper_word);
}

const char* TokenKindName(TokenKind kind) {
  switch (kind) {
    case TokenKind::kEof:
      return "<EOF>";
    case TokenKind::kWord:
      return "<identifier>";
    case TokenKind::kQuotedIdent:
      return "<quoted identifier>";
    case TokenKind::kString:
      return "<string literal>";
    case TokenKind::kUnicodeString:
      return "<unicode string literal>";
    case TokenKind::kBinaryString:
      return "<binary string literal>";
    case TokenKind::kInteger:
      return "<integer literal>";
    case TokenKind::kDecimal:
      return "<decimal literal>";
    case TokenKind::kApprox:
      return "<approximate numeric literal>";
    case TokenKind::kLParen:
      return "(";
    case TokenKind::kRParen:
      return ")";
    case TokenKind::kLBracket:
      return "[";
    case TokenKind::kRBracket:
      return "]";
    case TokenKind::kComma:
      return ",";
    case TokenKind::kDot:
      return ".";
    case TokenKind::kSemicolon:
      return ";";
    case TokenKind::kStar:
      return "*";
    case TokenKind::kPlus:
      return "+";
    case TokenKind::kMinus:
      return "-";
    case TokenKind::kSlash:
      return "/";
    case TokenKind::kPercent:
      return "%";
    case TokenKind::kConcat:
      return "||";
    case TokenKind::kEq:
      return "=";
    case TokenKind::kNe:
      return "<>";
    case TokenKind::kLt:
      return "<";
    case TokenKind::kLe:
      return "<=";
    case TokenKind::kGt:
      return ">";
    case TokenKind::kGe:
      return ">=";
    case TokenKind::kArrow:
      return "=>";
    case TokenKind::kQuestion:
      return "?";
    case TokenKind::kHintBegin:
      return "/*+";
    case TokenKind::kHintEnd:
      return "*/";
  }
  return "?";
}

Result<std::vector<Token>> Tokenize(std::string_view sql) { return Lexer(sql).Run(); }

}  // namespace weir::sql::ast
