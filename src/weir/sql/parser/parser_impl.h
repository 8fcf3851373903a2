// ParserImpl: the recursive-descent parser shared by parser*.cc (internal to the parser).
#pragma once

#include <cctype>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "weir/common/result.h"
#include "weir/sql/parser/ast_statement.h"
#include "weir/sql/parser/token.h"

namespace weir::sql::ast::internal {

/// Returns a new AST node of type T at `pos`.
template <typename T>
std::unique_ptr<T> MakeNode(SourcePos pos) {
  auto node = std::make_unique<T>();
  node->pos = pos;
  return node;
}

/// Returns `s` in ASCII upper case.
inline std::string ToUpper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

/// Parses a token stream. One instance parses one input; not thread-safe.
class ParserImpl {
 public:
  ParserImpl(std::string_view sql, std::vector<Token> tokens)
      : sql_(sql), tokens_(std::move(tokens)) {}

  Result<std::vector<StatementPtr>> ParseScript();
  Result<StatementPtr> ParseSingleStatement();
  Result<ExprPtr> ParseStandaloneExpression();
  Result<DataTypePtr> ParseStandaloneType();

  // --- token helpers (parser.cc) ---
  const Token& Peek(size_t ahead = 0) const {
    size_t i = pos_ + ahead;
    return i < tokens_.size() ? tokens_[i] : tokens_.back();
  }
  const Token& Next() {
    const Token& t = tokens_[pos_];
    if (pos_ + 1 < tokens_.size()) ++pos_;
    return t;
  }
  bool AtEnd() const { return Peek().kind == TokenKind::kEof; }
  /// Returns true if the current token is `kind` (recorded as expected otherwise).
  bool Check(TokenKind kind);
  bool CheckWord(std::string_view keyword);
  bool Accept(TokenKind kind);
  bool AcceptWord(std::string_view keyword);
  /// Accepts a sequence of words only if all of them follow.
  bool AcceptWords(std::initializer_list<std::string_view> words);
  Status Expect(TokenKind kind);
  Status ExpectWord(std::string_view keyword);
  /// Returns the "Encountered ... Was expecting one of" error at the current token.
  Status Unexpected();
  /// Returns an error with `message` at `pos`.
  Status ErrorAt(SourcePos pos, std::string_view message) const;
  /// Records `what` (a string with static storage) as acceptable at the current token;
  /// `quote` prints it in double quotes (keywords and punctuation).
  void ExpectAlso(std::string_view what, bool quote = false);

  Result<std::string> ParseIdentifier();
  Result<std::vector<std::string>> ParseCompoundIdentifier();
  Result<std::vector<std::string>> ParseIdentifierList();  // ( a, b, ... )
  Result<std::string> ParseStringLiteral();
  Result<int32_t> ParseInt32();
  bool IsIdentifierToken(const Token& t) const;
  Status Enter();
  /// Sets the statement's source text to bytes [start, end) of the input.
  void SetText(Statement& stmt, int32_t start, int32_t end) const;
  void Leave() { --depth_; }

  // --- statements (parser_statement.cc, parser_ddl.cc) ---
  Result<StatementPtr> ParseStatementInner();
  Result<StatementPtr> ParseCreate();
  Result<StatementPtr> ParseCreateTable(SourcePos pos, bool or_replace, bool temporary);
  Result<StatementPtr> ParseCreateView(SourcePos pos, bool or_replace, bool temporary);
  Result<StatementPtr> ParseCreateFunction(SourcePos pos, bool temporary, bool system);
  Result<StatementPtr> ParseDrop();
  Result<StatementPtr> ParseAlter();
  Result<StatementPtr> ParseShow();
  Result<StatementPtr> ParseUse();
  Result<StatementPtr> ParseDescribe();
  Result<StatementPtr> ParseExplain();
  Result<StatementPtr> ParseSet();
  Result<StatementPtr> ParseReset();
  Result<StatementPtr> ParseInsert();
  Result<StatementPtr> ParseStatementSetBody(SourcePos pos, bool begin_first);
  Result<StatementPtr> ParseExecute();
  Result<StatementPtr> ParseStop();
  Result<Options> ParseOptions();  // ( 'k' = 'v', ... )
  Status ParseTableSchema(CreateTableStatement& stmt);
  Status ParseColumnDef(CreateTableStatement& stmt);
  Status ParseLikeClause(CreateTableStatement& stmt);

  // --- queries (parser_query.cc) ---
  Result<QueryPtr> ParseQuery();
  bool AtQueryStart();
  Result<QueryBodyPtr> ParseQueryBody();
  Result<QueryBodyPtr> ParseQueryTerm();
  Result<QueryBodyPtr> ParseQueryPrimary();
  Result<QueryBodyPtr> ParseSelect();
  Result<QueryBodyPtr> ParseValues();
  Status ParseOrderLimit(Query& query);
  Result<std::vector<OrderItem>> ParseOrderItems();
  Result<TableRefPtr> ParseFrom();
  Result<TableRefPtr> ParseJoinChain();
  Result<TableRefPtr> ParseTablePrimary();
  Status ParseTableAlias(TableRef& ref, bool allow_columns);
  Result<std::vector<GroupItem>> ParseGroupItems();
  Result<GroupItem> ParseGroupItem();
  Result<std::vector<Hint>> ParseHints();
  Result<WindowSpec> ParseWindowSpecBody();  // after '('; consumes ')'
  Result<FrameBound> ParseFrameBound();

  // --- expressions (parser_expr.cc, parser_call.cc) ---
  Result<ExprPtr> ParseExpr();
  Result<ExprPtr> ParseOr();
  Result<ExprPtr> ParseAnd();
  Result<ExprPtr> ParseNot();
  Result<ExprPtr> ParsePredicate();
  Result<ExprPtr> ParseConcat();
  Result<ExprPtr> ParseAdditive();
  Result<ExprPtr> ParseMultiplicative();
  Result<ExprPtr> ParseUnary();
  Result<ExprPtr> ParsePostfix();
  Result<ExprPtr> ParsePrimary();
  Result<ExprPtr> ParseParenthesized();
  Result<ExprPtr> ParseNameOrCall();
  Result<ExprPtr> ParseCallArgs(std::vector<std::string> name, SourcePos pos);
  Status ParseCallSuffix(CallExpr& call);
  Result<ExprPtr> ParseSpecialCall(const std::string& upper, SourcePos pos, bool* handled);
  Result<ExprPtr> ParseFunctionArg();
  Result<ExprPtr> ParseIntervalLiteral(SourcePos pos);
  Result<IntervalQualifier> ParseIntervalQualifier();
  Result<DateTimeUnit> ParseTimeUnit();
  Result<ExprPtr> ParseCase(SourcePos pos);
  Result<ExprPtr> ParseCast(SourcePos pos, bool try_cast);
  Status ParseJsonClauses(CallExpr& call, bool value_function);
  Result<JsonBehavior> ParseJsonBehavior();

  // --- types (parser_type.cc) ---
  Result<DataTypePtr> ParseDataType();
  Result<DataTypePtr> ParseDataTypeRoot();

  std::string_view sql_;
  std::vector<Token> tokens_;
  size_t pos_ = 0;
  int depth_ = 0;
  int32_t param_count_ = 0;
  size_t expected_at_ = static_cast<size_t>(-1);
  struct Expected {
    std::string_view text;
    bool quote;
    bool operator==(const Expected& other) const = default;
  };
  std::vector<Expected> expected_;
};

/// Keeps a depth count for a recursive call; see ParserImpl::Enter.
class DepthGuard {
 public:
  explicit DepthGuard(ParserImpl& p) : p_(p) {}
  ~DepthGuard() { p_.Leave(); }
  DepthGuard(const DepthGuard&) = delete;
  DepthGuard& operator=(const DepthGuard&) = delete;

 private:
  ParserImpl& p_;
};

}  // namespace weir::sql::ast::internal

/// Enters one nesting level or returns the depth error; leaves it at the end of the scope.
#define WEIR_PARSER_ENTER(parser)       \
  WEIR_RETURN_NOT_OK((parser).Enter()); \
  ::weir::sql::ast::internal::DepthGuard _weir_depth_guard(parser)
