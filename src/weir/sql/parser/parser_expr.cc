// Expression parsing: operator precedence, predicates, literals, names and constructors.
#include <string>

#include "weir/sql/parser/parser_impl.h"

namespace weir::sql::ast::internal {

namespace {

ExprPtr MakeBinary(BinaryOp op, ExprPtr left, ExprPtr right, SourcePos pos) {
  auto node = MakeNode<BinaryExpr>(pos);
  node->op = op;
  node->left = std::move(left);
  node->right = std::move(right);
  return node;
}

// Reserved words that may still name a function when "(" follows, e.g. HOUR(ts), LEFT(s, 2).
bool IsCallableReserved(const Token& t) {
  static constexpr std::string_view kWords[] = {"YEAR",   "MONTH", "DAY",   "HOUR",  "MINUTE",
                                                "SECOND", "LEFT",  "RIGHT", "INSERT"};
  if (t.kind != TokenKind::kWord || !t.reserved) return false;
  for (std::string_view w : kWords) {
    if (t.IsWord(w)) return true;
  }
  return false;
}

}  // namespace

Result<ExprPtr> ParserImpl::ParseExpr() {
  WEIR_PARSER_ENTER(*this);
  return ParseOr();
}

Result<ExprPtr> ParserImpl::ParseOr() {
  WEIR_ASSIGN_OR_RAISE(ExprPtr left, ParseAnd());
  int chain = 0;
  while (CheckWord("OR")) {
    SourcePos pos = Next().pos;
    WEIR_RETURN_NOT_OK(Enter());  // a long chain nests as deep as it is long
    ++chain;
    WEIR_ASSIGN_OR_RAISE(ExprPtr right, ParseAnd());
    left = MakeBinary(BinaryOp::kOr, std::move(left), std::move(right), pos);
  }
  depth_ -= chain;
  return left;
}

Result<ExprPtr> ParserImpl::ParseAnd() {
  WEIR_ASSIGN_OR_RAISE(ExprPtr left, ParseNot());
  int chain = 0;
  while (CheckWord("AND")) {
    SourcePos pos = Next().pos;
    WEIR_RETURN_NOT_OK(Enter());
    ++chain;
    WEIR_ASSIGN_OR_RAISE(ExprPtr right, ParseNot());
    left = MakeBinary(BinaryOp::kAnd, std::move(left), std::move(right), pos);
  }
  depth_ -= chain;
  return left;
}

Result<ExprPtr> ParserImpl::ParseNot() {
  if (CheckWord("NOT")) {
    SourcePos pos = Next().pos;
    WEIR_PARSER_ENTER(*this);
    WEIR_ASSIGN_OR_RAISE(ExprPtr operand, ParseNot());
    auto node = MakeNode<UnaryExpr>(pos);
    node->op = UnaryOp::kNot;
    node->operand = std::move(operand);
    return ExprPtr(std::move(node));
  }
  return ParsePredicate();
}

Result<ExprPtr> ParserImpl::ParsePredicate() {
  WEIR_ASSIGN_OR_RAISE(ExprPtr left, ParseAdditive());
  int chain = 0;
  while (true) {
    const Token& t = Peek();
    SourcePos pos = t.pos;
    std::optional<BinaryOp> cmp;
    switch (t.kind) {
      case TokenKind::kEq:
        cmp = BinaryOp::kEq;
        break;
      case TokenKind::kNe:
        cmp = BinaryOp::kNe;
        break;
      case TokenKind::kLt:
        cmp = BinaryOp::kLt;
        break;
      case TokenKind::kLe:
        cmp = BinaryOp::kLe;
        break;
      case TokenKind::kGt:
        cmp = BinaryOp::kGt;
        break;
      case TokenKind::kGe:
        cmp = BinaryOp::kGe;
        break;
      default:
        break;
    }
    WEIR_RETURN_NOT_OK(Enter());
    ++chain;
    if (cmp) {
      Next();
      WEIR_ASSIGN_OR_RAISE(ExprPtr right, ParseAdditive());
      left = MakeBinary(*cmp, std::move(left), std::move(right), pos);
      continue;
    }
    if (AcceptWord("IS")) {
      bool negated = AcceptWord("NOT");
      if (AcceptWord("DISTINCT")) {
        WEIR_RETURN_NOT_OK(ExpectWord("FROM"));
        WEIR_ASSIGN_OR_RAISE(ExprPtr right, ParseAdditive());
        left = MakeBinary(negated ? BinaryOp::kIsNotDistinctFrom : BinaryOp::kIsDistinctFrom,
                          std::move(left), std::move(right), pos);
        continue;
      }
      auto node = MakeNode<IsExpr>(pos);
      node->negated = negated;
      node->operand = std::move(left);
      for (std::string_view w : {"NULL", "TRUE", "FALSE", "UNKNOWN"}) {
        if (AcceptWord(w)) {
          node->what = std::string(w);
          break;
        }
      }
      if (node->what.empty()) {
        if (!AcceptWord("JSON")) return Unexpected();
        node->what = "JSON";
        for (std::string_view w : {"VALUE", "SCALAR", "ARRAY", "OBJECT"}) {
          if (AcceptWord(w)) {
            node->what = StrCat("JSON ", w);
            break;
          }
        }
      }
      left = std::move(node);
      continue;
    }
    // Row-value period predicate: (s1, e1) OVERLAPS (s2, e2); the binder checks the rows.
    if (CheckWord("OVERLAPS") && (Peek(1).kind == TokenKind::kLParen || Peek(1).IsWord("ROW"))) {
      Next();
      WEIR_ASSIGN_OR_RAISE(ExprPtr right, ParseAdditive());
      left = MakeBinary(BinaryOp::kOverlaps, std::move(left), std::move(right), pos);
      continue;
    }
    bool negated = false;
    if (CheckWord("NOT") &&
        (Peek(1).IsWord("BETWEEN") || Peek(1).IsWord("IN") || Peek(1).IsWord("LIKE") ||
         Peek(1).IsWord("ILIKE") || Peek(1).IsWord("SIMILAR"))) {
      Next();
      negated = true;
    }
    if (AcceptWord("BETWEEN")) {
      auto node = MakeNode<BetweenExpr>(pos);
      node->negated = negated;
      node->operand = std::move(left);
      if (AcceptWord("SYMMETRIC")) {
        node->symmetric = true;
      } else {
        AcceptWord("ASYMMETRIC");
      }
      WEIR_ASSIGN_OR_RAISE(node->low, ParseAdditive());
      WEIR_RETURN_NOT_OK(ExpectWord("AND"));
      WEIR_ASSIGN_OR_RAISE(node->high, ParseAdditive());
      left = std::move(node);
      continue;
    }
    if (AcceptWord("IN")) {
      WEIR_RETURN_NOT_OK(Expect(TokenKind::kLParen));
      if (AtQueryStart()) {
        auto node = MakeNode<InQueryExpr>(pos);
        node->negated = negated;
        node->operand = std::move(left);
        WEIR_ASSIGN_OR_RAISE(node->query, ParseQuery());
        WEIR_RETURN_NOT_OK(Expect(TokenKind::kRParen));
        left = std::move(node);
        continue;
      }
      auto node = MakeNode<InListExpr>(pos);
      node->negated = negated;
      node->operand = std::move(left);
      do {
        WEIR_ASSIGN_OR_RAISE(ExprPtr item, ParseExpr());
        node->list.push_back(std::move(item));
      } while (Accept(TokenKind::kComma));
      WEIR_RETURN_NOT_OK(Expect(TokenKind::kRParen));
      left = std::move(node);
      continue;
    }
    std::optional<LikeOp> like;
    if (AcceptWord("LIKE")) {
      like = LikeOp::kLike;
    } else if (AcceptWord("ILIKE")) {
      like = LikeOp::kILike;
    } else if (AcceptWord("SIMILAR")) {
      WEIR_RETURN_NOT_OK(ExpectWord("TO"));
      like = LikeOp::kSimilarTo;
    }
    if (like) {
      auto node = MakeNode<LikeExpr>(pos);
      node->op = *like;
      node->negated = negated;
      node->operand = std::move(left);
      WEIR_ASSIGN_OR_RAISE(node->pattern, ParseAdditive());
      if (AcceptWord("ESCAPE")) {
        WEIR_ASSIGN_OR_RAISE(node->escape, ParseAdditive());
      }
      left = std::move(node);
      continue;
    }
    if (negated) return Unexpected();
    break;
  }
  depth_ -= chain;
  return left;
}

Result<ExprPtr> ParserImpl::ParseAdditive() {
  WEIR_ASSIGN_OR_RAISE(ExprPtr left, ParseMultiplicative());
  int chain = 0;
  while (true) {
    BinaryOp op;
    if (Check(TokenKind::kPlus)) {
      op = BinaryOp::kPlus;
    } else if (Check(TokenKind::kMinus)) {
      op = BinaryOp::kMinus;
    } else {
      break;
    }
    SourcePos pos = Next().pos;
    WEIR_RETURN_NOT_OK(Enter());
    ++chain;
    WEIR_ASSIGN_OR_RAISE(ExprPtr right, ParseMultiplicative());
    left = MakeBinary(op, std::move(left), std::move(right), pos);
  }
  depth_ -= chain;
  return left;
}

Result<ExprPtr> ParserImpl::ParseMultiplicative() {
  WEIR_ASSIGN_OR_RAISE(ExprPtr left, ParseUnary());
  int chain = 0;
  while (true) {
    BinaryOp op;
    if (Check(TokenKind::kStar)) {
      op = BinaryOp::kMul;
    } else if (Check(TokenKind::kSlash)) {
      op = BinaryOp::kDiv;
    } else if (Check(TokenKind::kPercent)) {
      op = BinaryOp::kMod;
    } else if (Check(TokenKind::kConcat)) {
      op = BinaryOp::kConcat;
    } else {
      break;
    }
    SourcePos pos = Next().pos;
    WEIR_RETURN_NOT_OK(Enter());
    ++chain;
    WEIR_ASSIGN_OR_RAISE(ExprPtr right, ParseUnary());
    left = MakeBinary(op, std::move(left), std::move(right), pos);
  }
  depth_ -= chain;
  return left;
}

Result<ExprPtr> ParserImpl::ParseUnary() {
  if (Check(TokenKind::kMinus) || Check(TokenKind::kPlus)) {
    const Token& t = Next();
    WEIR_PARSER_ENTER(*this);
    WEIR_ASSIGN_OR_RAISE(ExprPtr operand, ParseUnary());
    auto node = MakeNode<UnaryExpr>(t.pos);
    node->op = t.kind == TokenKind::kMinus ? UnaryOp::kMinus : UnaryOp::kPlus;
    node->operand = std::move(operand);
    return ExprPtr(std::move(node));
  }
  return ParsePostfix();
}

Result<ExprPtr> ParserImpl::ParsePostfix() {
  const bool parenthesized = Peek().kind == TokenKind::kLParen;
  WEIR_ASSIGN_OR_RAISE(ExprPtr base, ParsePrimary());
  int chain = 0;
  while (true) {
    if (Check(TokenKind::kLBracket)) {
      SourcePos pos = Next().pos;
      WEIR_RETURN_NOT_OK(Enter());
      ++chain;
      auto node = MakeNode<ItemExpr>(pos);
      node->base = std::move(base);
      WEIR_ASSIGN_OR_RAISE(node->index, ParseExpr());
      WEIR_RETURN_NOT_OK(Expect(TokenKind::kRBracket));
      base = std::move(node);
      continue;
    }
    if (Peek().kind == TokenKind::kDot && base->kind != ExprKind::kStar &&
        (parenthesized || base->kind != ExprKind::kIdentifier)) {
      SourcePos pos = Next().pos;
      if (Accept(TokenKind::kStar)) {
        // (expr).* is not supported; a star qualifies only names.
        return ErrorAt(pos, "\".*\" may follow only a table name");
      }
      WEIR_RETURN_NOT_OK(Enter());
      ++chain;
      auto node = MakeNode<FieldExpr>(pos);
      node->base = std::move(base);
      WEIR_ASSIGN_OR_RAISE(node->field, ParseIdentifier());
      base = std::move(node);
      continue;
    }
    break;
  }
  depth_ -= chain;
  return base;
}

Result<ExprPtr> ParserImpl::ParsePrimary() {
  const Token& t = Peek();
  SourcePos pos = t.pos;
  switch (t.kind) {
    case TokenKind::kInteger:
    case TokenKind::kDecimal:
    case TokenKind::kApprox: {
      auto node = MakeNode<LiteralExpr>(pos);
      node->literal =
          t.kind == TokenKind::kApprox ? LiteralKind::kApproxNumeric : LiteralKind::kExactNumeric;
      node->text = std::string(Next().text);
      return ExprPtr(std::move(node));
    }
    case TokenKind::kString:
    case TokenKind::kUnicodeString: {
      auto node = MakeNode<LiteralExpr>(pos);
      node->literal = LiteralKind::kString;
      node->unicode = t.kind == TokenKind::kUnicodeString;
      WEIR_ASSIGN_OR_RAISE(node->text, ParseStringLiteral());
      return ExprPtr(std::move(node));
    }
    case TokenKind::kBinaryString: {
      auto node = MakeNode<LiteralExpr>(pos);
      node->literal = LiteralKind::kBinary;
      node->text = Next().value;
      while (Peek().kind == TokenKind::kBinaryString) node->text += Next().value;
      return ExprPtr(std::move(node));
    }
    case TokenKind::kLParen:
      return ParseParenthesized();
    case TokenKind::kStar: {
      Next();
      return ExprPtr(MakeNode<StarExpr>(pos));
    }
    case TokenKind::kQuestion: {
      Next();
      auto node = MakeNode<ParamExpr>(pos);
      node->index = param_count_++;
      return ExprPtr(std::move(node));
    }
    case TokenKind::kWord:
    case TokenKind::kQuotedIdent:
      break;
    default:
      ExpectAlso("<expression>");
      return Unexpected();
  }
  if (t.kind == TokenKind::kWord) {
    if (t.IsWord("TRUE") || t.IsWord("FALSE") || t.IsWord("UNKNOWN")) {
      auto node = MakeNode<LiteralExpr>(pos);
      node->literal = LiteralKind::kBoolean;
      node->text = ToUpper(Next().value);
      return ExprPtr(std::move(node));
    }
    if (t.IsWord("NULL")) {
      Next();
      auto node = MakeNode<LiteralExpr>(pos);
      node->literal = LiteralKind::kNull;
      return ExprPtr(std::move(node));
    }
    const bool string_follows = Peek(1).kind == TokenKind::kString;
    if (string_follows && (t.IsWord("DATE") || t.IsWord("TIME") || t.IsWord("TIMESTAMP") ||
                           t.IsWord("TIMESTAMP_LTZ"))) {
      auto node = MakeNode<LiteralExpr>(pos);
      std::string kw = ToUpper(Next().value);
      node->literal = kw == "DATE"        ? LiteralKind::kDate
                      : kw == "TIME"      ? LiteralKind::kTime
                      : kw == "TIMESTAMP" ? LiteralKind::kTimestamp
                                          : LiteralKind::kTimestampLtz;
      WEIR_ASSIGN_OR_RAISE(node->text, ParseStringLiteral());
      return ExprPtr(std::move(node));
    }
    if (t.IsWord("INTERVAL")) {
      Next();
      return ParseIntervalLiteral(pos);
    }
    if (t.IsWord("CASE")) {
      Next();
      return ParseCase(pos);
    }
    if (t.IsWord("CAST") || (t.IsWord("TRY_CAST") && Peek(1).kind == TokenKind::kLParen)) {
      bool try_cast = t.IsWord("TRY_CAST");
      Next();
      return ParseCast(pos, try_cast);
    }
    if (t.IsWord("EXISTS")) {
      Next();
      WEIR_PARSER_ENTER(*this);
      WEIR_RETURN_NOT_OK(Expect(TokenKind::kLParen));
      auto node = MakeNode<ExistsExpr>(pos);
      WEIR_ASSIGN_OR_RAISE(node->query, ParseQuery());
      WEIR_RETURN_NOT_OK(Expect(TokenKind::kRParen));
      return ExprPtr(std::move(node));
    }
    const bool is_row = t.IsWord("ROW") && Peek(1).kind == TokenKind::kLParen;
    const bool is_array = t.IsWord("ARRAY") && (Peek(1).kind == TokenKind::kLBracket ||
                                                Peek(1).kind == TokenKind::kLParen);
    const bool is_map = t.IsWord("MAP") && (Peek(1).kind == TokenKind::kLBracket ||
                                            (Peek(1).kind == TokenKind::kLParen &&
                                             (Peek(2).IsWord("SELECT") || Peek(2).IsWord("WITH"))));
    if (is_row || is_array || is_map) {
      Next();
      WEIR_PARSER_ENTER(*this);
      auto node = MakeNode<ConstructorExpr>(pos);
      node->constructor = is_row     ? ConstructorKind::kRow
                          : is_array ? ConstructorKind::kArray
                                     : ConstructorKind::kMap;
      const bool brackets = Peek().kind == TokenKind::kLBracket;
      Next();
      TokenKind close = brackets ? TokenKind::kRBracket : TokenKind::kRParen;
      if (!brackets && !is_row) {
        WEIR_ASSIGN_OR_RAISE(node->query, ParseQuery());
      } else if (!Check(close)) {
        do {
          WEIR_ASSIGN_OR_RAISE(ExprPtr arg, ParseExpr());
          node->args.push_back(std::move(arg));
        } while (Accept(TokenKind::kComma));
      }
      WEIR_RETURN_NOT_OK(Expect(close));
      if (is_map && brackets && node->args.size() % 2 != 0) {
        return ErrorAt(pos, "MAP[...] needs an even number of arguments (key, value, ...)");
      }
      return ExprPtr(std::move(node));
    }
    for (std::string_view w :
         {"CURRENT_DATE", "CURRENT_TIME", "CURRENT_TIMESTAMP", "LOCALTIME", "LOCALTIMESTAMP"}) {
      if (t.IsWord(w)) {
        Next();
        auto node = MakeNode<CallExpr>(pos);
        node->name = {std::string(w)};
        node->syntax = CallSyntax::kNiladic;
        if (Peek().kind == TokenKind::kLParen && Peek(1).kind == TokenKind::kRParen) {
          // CURRENT_TIMESTAMP() is accepted as the same call.
          Next();
          Next();
        }
        return ExprPtr(std::move(node));
      }
    }
    if (t.IsWord("MATCH_RECOGNIZE")) {
      return ErrorAt(pos, "MATCH_RECOGNIZE is not supported yet");
    }
    if (t.reserved && !(IsCallableReserved(t) && Peek(1).kind == TokenKind::kLParen)) {
      ExpectAlso("<expression>");
      return Unexpected();
    }
  }
  return ParseNameOrCall();
}

Result<ExprPtr> ParserImpl::ParseParenthesized() {
  SourcePos pos = Next().pos;  // (
  WEIR_PARSER_ENTER(*this);
  if (AtQueryStart()) {
    auto node = MakeNode<SubqueryExpr>(pos);
    WEIR_ASSIGN_OR_RAISE(node->query, ParseQuery());
    WEIR_RETURN_NOT_OK(Expect(TokenKind::kRParen));
    return ExprPtr(std::move(node));
  }
  WEIR_ASSIGN_OR_RAISE(ExprPtr first, ParseExpr());
  if (Accept(TokenKind::kRParen)) return first;
  auto row = MakeNode<ConstructorExpr>(pos);
  row->constructor = ConstructorKind::kImplicitRow;
  row->args.push_back(std::move(first));
  while (Accept(TokenKind::kComma)) {
    WEIR_ASSIGN_OR_RAISE(ExprPtr arg, ParseExpr());
    row->args.push_back(std::move(arg));
  }
  WEIR_RETURN_NOT_OK(Expect(TokenKind::kRParen));
  return ExprPtr(std::move(row));
}

Result<ExprPtr> ParserImpl::ParseNameOrCall() {
  SourcePos pos = Peek().pos;
  std::vector<std::string> names;
  if (IsCallableReserved(Peek())) {
    names.push_back(ToUpper(Next().value));
  } else {
    WEIR_ASSIGN_OR_RAISE(std::string first, ParseIdentifier());
    names.push_back(std::move(first));
  }
  while (Peek().kind == TokenKind::kDot) {
    if (Peek(1).kind == TokenKind::kStar) {
      Next();
      Next();
      auto star = MakeNode<StarExpr>(pos);
      star->qualifier = std::move(names);
      return ExprPtr(std::move(star));
    }
    if (!IsIdentifierToken(Peek(1))) break;
    Next();
    names.push_back(Next().value);
  }
  if (Peek().kind == TokenKind::kLParen) return ParseCallArgs(std::move(names), pos);
  auto node = MakeNode<IdentifierExpr>(pos);
  node->names = std::move(names);
  return ExprPtr(std::move(node));
}

Result<ExprPtr> ParserImpl::ParseCase(SourcePos pos) {
  WEIR_PARSER_ENTER(*this);
  auto node = MakeNode<CaseExpr>(pos);
  if (!CheckWord("WHEN")) {
    WEIR_ASSIGN_OR_RAISE(node->operand, ParseExpr());
  }
  while (AcceptWord("WHEN")) {
    WEIR_ASSIGN_OR_RAISE(ExprPtr when, ParseExpr());
    WEIR_RETURN_NOT_OK(ExpectWord("THEN"));
    WEIR_ASSIGN_OR_RAISE(ExprPtr then, ParseExpr());
    node->when_then.emplace_back(std::move(when), std::move(then));
  }
  if (node->when_then.empty()) return Unexpected();
  if (AcceptWord("ELSE")) {
    WEIR_ASSIGN_OR_RAISE(node->else_expr, ParseExpr());
  }
  WEIR_RETURN_NOT_OK(ExpectWord("END"));
  return ExprPtr(std::move(node));
}

Result<ExprPtr> ParserImpl::ParseCast(SourcePos pos, bool try_cast) {
  WEIR_PARSER_ENTER(*this);
  WEIR_RETURN_NOT_OK(Expect(TokenKind::kLParen));
  auto node = MakeNode<CastExpr>(pos);
  node->try_cast = try_cast;
  WEIR_ASSIGN_OR_RAISE(node->operand, ParseExpr());
  WEIR_RETURN_NOT_OK(ExpectWord("AS"));
  WEIR_ASSIGN_OR_RAISE(node->type, ParseDataType());
  WEIR_RETURN_NOT_OK(Expect(TokenKind::kRParen));
  return ExprPtr(std::move(node));
}

Result<DateTimeUnit> ParserImpl::ParseTimeUnit() {
  struct UnitWord {
    std::string_view word;
    DateTimeUnit unit;
  };
  static constexpr UnitWord kUnits[] = {
      {"YEAR", DateTimeUnit::kYear},
      {"YEARS", DateTimeUnit::kYear},
      {"QUARTER", DateTimeUnit::kQuarter},
      {"QUARTERS", DateTimeUnit::kQuarter},
      {"MONTH", DateTimeUnit::kMonth},
      {"MONTHS", DateTimeUnit::kMonth},
      {"WEEK", DateTimeUnit::kWeek},
      {"WEEKS", DateTimeUnit::kWeek},
      {"DAY", DateTimeUnit::kDay},
      {"DAYS", DateTimeUnit::kDay},
      {"HOUR", DateTimeUnit::kHour},
      {"HOURS", DateTimeUnit::kHour},
      {"MINUTE", DateTimeUnit::kMinute},
      {"MINUTES", DateTimeUnit::kMinute},
      {"SECOND", DateTimeUnit::kSecond},
      {"SECONDS", DateTimeUnit::kSecond},
      {"MILLISECOND", DateTimeUnit::kMillisecond},
      {"MICROSECOND", DateTimeUnit::kMicrosecond},
      {"NANOSECOND", DateTimeUnit::kNanosecond},
      {"DOW", DateTimeUnit::kDow},
      {"DOY", DateTimeUnit::kDoy},
      {"ISODOW", DateTimeUnit::kIsodow},
      {"ISOYEAR", DateTimeUnit::kIsoyear},
      {"EPOCH", DateTimeUnit::kEpoch},
      {"DECADE", DateTimeUnit::kDecade},
      {"CENTURY", DateTimeUnit::kCentury},
      {"MILLENNIUM", DateTimeUnit::kMillennium},
  };
  for (const UnitWord& u : kUnits) {
    if (Peek().IsWord(u.word)) {
      Next();
      return u.unit;
    }
  }
  ExpectAlso("<time unit>");
  return Unexpected();
}

Result<IntervalQualifier> ParserImpl::ParseIntervalQualifier() {
  IntervalQualifier q;
  SourcePos pos = Peek().pos;
  WEIR_ASSIGN_OR_RAISE(q.start, ParseTimeUnit());
  if (q.start > DateTimeUnit::kSecond || q.start == DateTimeUnit::kQuarter ||
      q.start == DateTimeUnit::kWeek) {
    return ErrorAt(pos, StrCat("Unit ", DateTimeUnitName(q.start),
                               " is not allowed in an interval qualifier"));
  }
  if (Accept(TokenKind::kLParen)) {
    WEIR_ASSIGN_OR_RAISE(q.start_precision, ParseInt32());
    if (q.start == DateTimeUnit::kSecond && Accept(TokenKind::kComma)) {
      WEIR_ASSIGN_OR_RAISE(q.fractional_precision, ParseInt32());
    }
    WEIR_RETURN_NOT_OK(Expect(TokenKind::kRParen));
  }
  if (AcceptWord("TO")) {
    SourcePos end_pos = Peek().pos;
    WEIR_ASSIGN_OR_RAISE(DateTimeUnit end, ParseTimeUnit());
    const bool year_month = q.start == DateTimeUnit::kYear && end == DateTimeUnit::kMonth;
    const bool day_time = q.start >= DateTimeUnit::kDay && q.start < DateTimeUnit::kSecond &&
                          end > q.start && end <= DateTimeUnit::kSecond;
    if (!year_month && !day_time) {
      return ErrorAt(end_pos, StrCat("Invalid interval qualifier ", DateTimeUnitName(q.start),
                                     " TO ", DateTimeUnitName(end)));
    }
    q.end = end;
    if (end == DateTimeUnit::kSecond && Accept(TokenKind::kLParen)) {
      WEIR_ASSIGN_OR_RAISE(q.fractional_precision, ParseInt32());
      WEIR_RETURN_NOT_OK(Expect(TokenKind::kRParen));
    }
  }
  return q;
}

Result<ExprPtr> ParserImpl::ParseIntervalLiteral(SourcePos pos) {
  auto node = MakeNode<LiteralExpr>(pos);
  node->literal = LiteralKind::kInterval;
  if (Accept(TokenKind::kMinus)) {
    node->negative = true;
  } else {
    Accept(TokenKind::kPlus);
  }
  WEIR_ASSIGN_OR_RAISE(node->text, ParseStringLiteral());
  WEIR_ASSIGN_OR_RAISE(node->qualifier, ParseIntervalQualifier());
  return ExprPtr(std::move(node));
}

}  // namespace weir::sql::ast::internal
