// Parser entry points, token helpers and Flink-style error messages.
#include "weir/sql/parser/parser.h"

#include <algorithm>
#include <charconv>

#include "weir/sql/parser/lexer.h"
#include "weir/sql/parser/parser_impl.h"

namespace weir::sql::ast {

namespace internal {

namespace {

constexpr size_t kMaxExpectedShown = 12;
constexpr size_t kMaxExpectedKept = 128;

std::string Quoted(std::string_view text) { return StrCat("\"", text, "\""); }

// Tokens that would merely continue an expression; they are listed last in errors.
bool IsExpressionContinuation(std::string_view e) {
  static constexpr std::string_view kContinuations[] = {
      "[",   "*",       "/",      "%",      "||",     "+",       "-",     "IS",
      "NOT", "BETWEEN", "IN",     "LIKE",   "ILIKE",  "SIMILAR", "AND",   "OR",
      ".",   "OVER",    "FILTER", "WITHIN", "IGNORE", "RESPECT", "ESCAPE"};
  for (std::string_view c : kContinuations) {
    if (c == e) return true;
  }
  return false;
}

}  // namespace

void ParserImpl::ExpectAlso(std::string_view what, bool quote) {
  if (expected_at_ != pos_) {
    expected_at_ = pos_;
    expected_.clear();
  }
  // Duplicates are dropped when the message is built; this runs for every failed check.
  if (expected_.size() < kMaxExpectedKept) expected_.push_back(Expected{what, quote});
}

bool ParserImpl::Check(TokenKind kind) {
  if (Peek().kind == kind) return true;
  switch (kind) {
    case TokenKind::kWord:
    case TokenKind::kQuotedIdent:
      ExpectAlso("<identifier>");
      break;
    case TokenKind::kString:
      ExpectAlso("<string literal>");
      break;
    case TokenKind::kInteger:
      ExpectAlso("<integer literal>");
      break;
    case TokenKind::kEof:
      ExpectAlso("<EOF>");
      break;
    default:
      ExpectAlso(TokenKindName(kind), true);
      break;
  }
  return false;
}

bool ParserImpl::CheckWord(std::string_view keyword) {
  if (Peek().IsWord(keyword)) return true;
  ExpectAlso(keyword, true);
  return false;
}

bool ParserImpl::Accept(TokenKind kind) {
  if (!Check(kind)) return false;
  Next();
  return true;
}

bool ParserImpl::AcceptWord(std::string_view keyword) {
  if (!CheckWord(keyword)) return false;
  Next();
  return true;
}

bool ParserImpl::AcceptWords(std::initializer_list<std::string_view> words) {
  size_t i = 0;
  for (std::string_view w : words) {
    if (!Peek(i).IsWord(w)) {
      if (i == 0) ExpectAlso(w, true);
      return false;
    }
    ++i;
  }
  for (size_t k = 0; k < i; ++k) Next();
  return true;
}

Status ParserImpl::Expect(TokenKind kind) {
  if (Accept(kind)) return Status::OK();
  return Unexpected();
}

Status ParserImpl::ExpectWord(std::string_view keyword) {
  if (AcceptWord(keyword)) return Status::OK();
  return Unexpected();
}

Status ParserImpl::Unexpected() {
  const Token& t = Peek();
  std::string encountered = t.kind == TokenKind::kEof ? "<EOF>" : std::string(t.text);
  if (encountered.size() > 40) encountered = encountered.substr(0, 37) + "...";
  std::string message = StrCat("SQL parse failed. Encountered \"", encountered, "\" at line ",
                               t.pos.line, ", column ", t.pos.column, ".");
  const bool wanted_name =
      expected_at_ == pos_ && std::find(expected_.begin(), expected_.end(),
                                        Expected{"<identifier>", false}) != expected_.end();
  if (t.kind == TokenKind::kWord && t.reserved && wanted_name) {
    message += StrCat(" (", t.value, " is a reserved keyword; quote it as `", t.value,
                      "` to use it as a name.)");
  }
  if (expected_at_ == pos_ && !expected_.empty()) {
    // Tokens that would merely continue an expression go last: a missing ")" or keyword is
    // the likelier mistake.
    std::vector<std::string> shown;
    for (int pass = 0; pass < 2; ++pass) {
      for (const Expected& e : expected_) {
        if ((e.quote && IsExpressionContinuation(e.text)) != (pass == 1)) continue;
        std::string text = e.quote ? Quoted(e.text) : std::string(e.text);
        if (std::find(shown.begin(), shown.end(), text) == shown.end()) {
          shown.push_back(std::move(text));
        }
      }
    }
    message += " Was expecting one of: ";
    for (size_t i = 0; i < shown.size() && i < kMaxExpectedShown; ++i) {
      if (i > 0) message += ", ";
      message += shown[i];
    }
    if (shown.size() > kMaxExpectedShown) message += ", ...";
  }
  return Status::Invalid(message);
}

Status ParserImpl::ErrorAt(SourcePos pos, std::string_view message) const {
  return Status::Invalid("SQL parse failed. ", message, " at line ", pos.line, ", column ",
                         pos.column);
}

Status ParserImpl::Enter() {
  if (++depth_ > kMaxParseDepth) {
    --depth_;
    return ErrorAt(Peek().pos,
                   StrCat("Nesting is too deep (more than ", kMaxParseDepth, " levels)"));
  }
  return Status::OK();
}

bool ParserImpl::IsIdentifierToken(const Token& t) const {
  return (t.kind == TokenKind::kWord && !t.reserved) || t.kind == TokenKind::kQuotedIdent;
}

Result<std::string> ParserImpl::ParseIdentifier() {
  if (IsIdentifierToken(Peek())) return Next().value;
  ExpectAlso("<identifier>");
  return Unexpected();
}

Result<std::vector<std::string>> ParserImpl::ParseCompoundIdentifier() {
  std::vector<std::string> names;
  WEIR_ASSIGN_OR_RAISE(std::string first, ParseIdentifier());
  names.push_back(std::move(first));
  while (Peek().kind == TokenKind::kDot && IsIdentifierToken(Peek(1))) {
    Next();
    names.push_back(Next().value);
  }
  return names;
}

Result<std::vector<std::string>> ParserImpl::ParseIdentifierList() {
  WEIR_RETURN_NOT_OK(Expect(TokenKind::kLParen));
  std::vector<std::string> names;
  do {
    WEIR_ASSIGN_OR_RAISE(std::string name, ParseIdentifier());
    names.push_back(std::move(name));
  } while (Accept(TokenKind::kComma));
  WEIR_RETURN_NOT_OK(Expect(TokenKind::kRParen));
  return names;
}

Result<std::string> ParserImpl::ParseStringLiteral() {
  if (Peek().kind == TokenKind::kString || Peek().kind == TokenKind::kUnicodeString) {
    std::string value = Next().value;
    // Adjacent literals continue one string, as in standard SQL.
    while (Peek().kind == TokenKind::kString) value += Next().value;
    return value;
  }
  ExpectAlso("<string literal>");
  return Unexpected();
}

Result<int32_t> ParserImpl::ParseInt32() {
  if (!Check(TokenKind::kInteger)) return Unexpected();
  const Token& t = Peek();
  int32_t value = 0;
  auto res = std::from_chars(t.text.data(), t.text.data() + t.text.size(), value);
  if (res.ec != std::errc() || res.ptr != t.text.data() + t.text.size()) {
    return ErrorAt(t.pos, StrCat("Integer out of range: ", t.text));
  }
  Next();
  return value;
}

void ParserImpl::SetText(Statement& stmt, int32_t start, int32_t end) const {
  stmt.offset = start;
  stmt.end_offset = end;
  stmt.text.assign(sql_.substr(start, end - start));
}

Result<std::vector<StatementPtr>> ParserImpl::ParseScript() {
  std::vector<StatementPtr> statements;
  while (true) {
    while (Accept(TokenKind::kSemicolon)) {
    }
    if (AtEnd()) break;
    int32_t start = Peek().offset;
    WEIR_ASSIGN_OR_RAISE(StatementPtr stmt, ParseStatementInner());
    int32_t end = tokens_[pos_ == 0 ? 0 : pos_ - 1].end_offset;
    SetText(*stmt, start, end);
    statements.push_back(std::move(stmt));
    if (!AtEnd()) WEIR_RETURN_NOT_OK(Expect(TokenKind::kSemicolon));
  }
  return statements;
}

Result<StatementPtr> ParserImpl::ParseSingleStatement() {
  while (Accept(TokenKind::kSemicolon)) {
  }
  int32_t start = Peek().offset;
  WEIR_ASSIGN_OR_RAISE(StatementPtr stmt, ParseStatementInner());
  int32_t end = tokens_[pos_ == 0 ? 0 : pos_ - 1].end_offset;
  SetText(*stmt, start, end);
  while (Accept(TokenKind::kSemicolon)) {
  }
  if (!Check(TokenKind::kEof)) return Unexpected();
  return stmt;
}

Result<ExprPtr> ParserImpl::ParseStandaloneExpression() {
  WEIR_ASSIGN_OR_RAISE(ExprPtr expr, ParseExpr());
  if (!Check(TokenKind::kEof)) return Unexpected();
  return expr;
}

Result<DataTypePtr> ParserImpl::ParseStandaloneType() {
  WEIR_ASSIGN_OR_RAISE(DataTypePtr type, ParseDataType());
  if (!Check(TokenKind::kEof)) return Unexpected();
  return type;
}

}  // namespace internal

Result<std::vector<StatementPtr>> ParseScript(std::string_view sql) {
  WEIR_ASSIGN_OR_RAISE(std::vector<Token> tokens, Tokenize(sql));
  internal::ParserImpl parser(sql, std::move(tokens));
  return parser.ParseScript();
}

Result<StatementPtr> ParseStatement(std::string_view sql) {
  WEIR_ASSIGN_OR_RAISE(std::vector<Token> tokens, Tokenize(sql));
  internal::ParserImpl parser(sql, std::move(tokens));
  return parser.ParseSingleStatement();
}

Result<ExprPtr> ParseExpression(std::string_view sql) {
  WEIR_ASSIGN_OR_RAISE(std::vector<Token> tokens, Tokenize(sql));
  internal::ParserImpl parser(sql, std::move(tokens));
  return parser.ParseStandaloneExpression();
}

Result<DataTypePtr> ParseDataType(std::string_view sql) {
  WEIR_ASSIGN_OR_RAISE(std::vector<Token> tokens, Tokenize(sql));
  internal::ParserImpl parser(sql, std::move(tokens));
  return parser.ParseStandaloneType();
}

std::optional<SourcePos> ParseErrorPosition(const Status& status) {
  if (status.ok()) return std::nullopt;
  const std::string& msg = status.message();
  size_t at = msg.find(" at line ");
  if (at == std::string::npos) return std::nullopt;
  const char* p = msg.data() + at + 9;
  const char* end = msg.data() + msg.size();
  SourcePos pos;
  auto r1 = std::from_chars(p, end, pos.line);
  if (r1.ec != std::errc()) return std::nullopt;
  std::string_view rest(r1.ptr, end - r1.ptr);
  if (rest.substr(0, 9) != ", column ") return std::nullopt;
  auto r2 = std::from_chars(r1.ptr + 9, end, pos.column);
  if (r2.ec != std::errc()) return std::nullopt;
  return pos;
}

}  // namespace weir::sql::ast
