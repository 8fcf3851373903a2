// Function call parsing: arguments, FILTER/OVER suffixes and built-ins with special syntax.
#include <string>

#include "weir/sql/parser/parser_impl.h"

namespace weir::sql::ast::internal {

namespace {

ExprPtr MakeSymbol(std::string symbol, SourcePos pos) {
  auto node = MakeNode<SymbolExpr>(pos);
  node->symbol = std::move(symbol);
  return node;
}

}  // namespace

Result<ExprPtr> ParserImpl::ParseCallArgs(std::vector<std::string> name, SourcePos pos) {
  WEIR_PARSER_ENTER(*this);
  if (name.size() == 1) {
    bool handled = false;
    WEIR_ASSIGN_OR_RAISE(ExprPtr special, ParseSpecialCall(ToUpper(name[0]), pos, &handled));
    if (handled) return special;
  }
  WEIR_RETURN_NOT_OK(Expect(TokenKind::kLParen));
  auto call = MakeNode<CallExpr>(pos);
  call->name = std::move(name);
  if (Peek().kind == TokenKind::kStar && Peek(1).kind == TokenKind::kRParen) {
    Next();
    call->star = true;
  } else if (!Check(TokenKind::kRParen)) {
    if (AcceptWord("DISTINCT")) {
      call->distinct = true;
    } else if (AcceptWord("ALL")) {
      call->all = true;
    }
    do {
      WEIR_ASSIGN_OR_RAISE(ExprPtr arg, ParseFunctionArg());
      call->args.push_back(std::move(arg));
    } while (Accept(TokenKind::kComma));
  }
  WEIR_RETURN_NOT_OK(Expect(TokenKind::kRParen));
  WEIR_RETURN_NOT_OK(ParseCallSuffix(*call));
  return ExprPtr(std::move(call));
}

Result<ExprPtr> ParserImpl::ParseFunctionArg() {
  const Token& t = Peek();
  SourcePos pos = t.pos;
  if (IsIdentifierToken(t) && Peek(1).kind == TokenKind::kArrow) {
    auto node = MakeNode<NamedArgExpr>(pos);
    node->name = Next().value;
    Next();  // =>
    WEIR_ASSIGN_OR_RAISE(node->value, ParseFunctionArg());
    return ExprPtr(std::move(node));
  }
  if (t.IsWord("TABLE")) {
    Next();
    auto node = MakeNode<TableArgExpr>(pos);
    if (Accept(TokenKind::kLParen)) {
      WEIR_ASSIGN_OR_RAISE(node->query, ParseQuery());
      WEIR_RETURN_NOT_OK(Expect(TokenKind::kRParen));
    } else {
      WEIR_ASSIGN_OR_RAISE(node->table, ParseCompoundIdentifier());
    }
    // One key, or several in parentheses: the comma after a single key ends the argument.
    if (AcceptWords({"PARTITION", "BY"})) {
      if (Accept(TokenKind::kLParen)) {
        do {
          WEIR_ASSIGN_OR_RAISE(ExprPtr key, ParseExpr());
          node->partition_by.push_back(std::move(key));
        } while (Accept(TokenKind::kComma));
        WEIR_RETURN_NOT_OK(Expect(TokenKind::kRParen));
      } else {
        WEIR_ASSIGN_OR_RAISE(ExprPtr key, ParseExpr());
        node->partition_by.push_back(std::move(key));
      }
    }
    if (AcceptWords({"ORDER", "BY"})) {
      OrderItem item;
      WEIR_ASSIGN_OR_RAISE(item.expr, ParseExpr());
      if (AcceptWord("DESC")) {
        item.descending = true;
      } else {
        AcceptWord("ASC");
      }
      node->order_by.push_back(std::move(item));
    }
    return ExprPtr(std::move(node));
  }
  if (t.IsWord("DESCRIPTOR") && Peek(1).kind == TokenKind::kLParen) {
    Next();
    auto node = MakeNode<DescriptorExpr>(pos);
    WEIR_ASSIGN_OR_RAISE(node->columns, ParseIdentifierList());
    return ExprPtr(std::move(node));
  }
  return ParseExpr();
}

Status ParserImpl::ParseCallSuffix(CallExpr& call) {
  if (CheckWord("WITHIN") && Peek(1).IsWord("GROUP")) {
    Next();
    Next();
    WEIR_RETURN_NOT_OK(Expect(TokenKind::kLParen));
    WEIR_RETURN_NOT_OK(ExpectWord("ORDER"));
    WEIR_RETURN_NOT_OK(ExpectWord("BY"));
    WEIR_ASSIGN_OR_RAISE(call.within_group, ParseOrderItems());
    call.within_group_set = true;
    WEIR_RETURN_NOT_OK(Expect(TokenKind::kRParen));
  }
  if (AcceptWord("FILTER")) {
    WEIR_RETURN_NOT_OK(Expect(TokenKind::kLParen));
    WEIR_RETURN_NOT_OK(ExpectWord("WHERE"));
    WEIR_ASSIGN_OR_RAISE(call.filter, ParseExpr());
    WEIR_RETURN_NOT_OK(Expect(TokenKind::kRParen));
  }
  if ((CheckWord("IGNORE") || CheckWord("RESPECT")) && Peek(1).IsWord("NULLS")) {
    call.null_treatment = StrCat(ToUpper(Next().value), " NULLS");
    Next();
  }
  if (AcceptWord("OVER")) {
    if (Accept(TokenKind::kLParen)) {
      WEIR_ASSIGN_OR_RAISE(WindowSpec spec, ParseWindowSpecBody());
      call.over = std::make_unique<WindowSpec>(std::move(spec));
    } else {
      WEIR_ASSIGN_OR_RAISE(std::string name, ParseIdentifier());
      call.over_name = std::move(name);
    }
  }
  return Status::OK();
}

Result<JsonBehavior> ParserImpl::ParseJsonBehavior() {
  JsonBehavior b;
  for (std::string_view w : {"NULL", "ERROR", "TRUE", "FALSE", "UNKNOWN"}) {
    if (AcceptWord(w)) {
      b.behavior = std::string(w);
      return b;
    }
  }
  if (AcceptWord("DEFAULT")) {
    b.behavior = "DEFAULT";
    WEIR_ASSIGN_OR_RAISE(b.default_value, ParseExpr());
    return b;
  }
  if (AcceptWord("EMPTY")) {
    if (AcceptWord("ARRAY")) {
      b.behavior = "EMPTY ARRAY";
    } else if (AcceptWord("OBJECT")) {
      b.behavior = "EMPTY OBJECT";
    } else {
      return Unexpected();
    }
    return b;
  }
  return Unexpected();
}

Status ParserImpl::ParseJsonClauses(CallExpr& call, bool value_function) {
  while (true) {
    if (value_function && AcceptWord("RETURNING")) {
      WEIR_ASSIGN_OR_RAISE(call.json.returning, ParseDataType());
      continue;
    }
    if (CheckWord("WITHOUT") || (CheckWord("WITH") && !Peek(1).IsWord("TIME"))) {
      bool with = ToUpper(Next().value) == "WITH";
      std::string wrapper = with ? "WITH" : "WITHOUT";
      if (with) {
        if (AcceptWord("CONDITIONAL")) {
          wrapper += " CONDITIONAL";
        } else if (AcceptWord("UNCONDITIONAL")) {
          wrapper += " UNCONDITIONAL";
        }
      }
      if (AcceptWord("ARRAY")) wrapper += " ARRAY";
      WEIR_RETURN_NOT_OK(ExpectWord("WRAPPER"));
      call.json.wrapper = std::move(wrapper);
      continue;
    }
    if (Check(TokenKind::kRParen)) break;
    WEIR_ASSIGN_OR_RAISE(JsonBehavior behavior, ParseJsonBehavior());
    WEIR_RETURN_NOT_OK(ExpectWord("ON"));
    if (AcceptWord("EMPTY")) {
      call.json.on_empty = std::move(behavior);
    } else if (AcceptWord("ERROR")) {
      call.json.on_error = std::move(behavior);
    } else {
      return Unexpected();
    }
  }
  return Status::OK();
}

Result<ExprPtr> ParserImpl::ParseSpecialCall(const std::string& upper, SourcePos pos,
                                             bool* handled) {
  *handled = true;
  auto call = MakeNode<CallExpr>(pos);
  call->name = {upper};
  auto finish = [&]() -> Result<ExprPtr> {
    WEIR_RETURN_NOT_OK(Expect(TokenKind::kRParen));
    return ExprPtr(std::move(call));
  };
  if (upper == "EXTRACT") {
    Next();
    call->syntax = CallSyntax::kExtract;
    SourcePos unit_pos = Peek().pos;
    WEIR_ASSIGN_OR_RAISE(DateTimeUnit unit, ParseTimeUnit());
    call->args.push_back(MakeSymbol(DateTimeUnitName(unit), unit_pos));
    WEIR_RETURN_NOT_OK(ExpectWord("FROM"));
    WEIR_ASSIGN_OR_RAISE(ExprPtr arg, ParseExpr());
    call->args.push_back(std::move(arg));
    return finish();
  }
  if (upper == "TRIM") {
    Next();
    call->syntax = CallSyntax::kTrim;
    std::string mode = "BOTH";
    SourcePos mode_pos = Peek().pos;
    bool explicit_mode = false;
    for (std::string_view w : {"BOTH", "LEADING", "TRAILING"}) {
      if (AcceptWord(w)) {
        mode = std::string(w);
        explicit_mode = true;
        break;
      }
    }
    call->args.push_back(MakeSymbol(mode, mode_pos));
    ExprPtr chars;
    ExprPtr source;
    if (AcceptWord("FROM")) {
      WEIR_ASSIGN_OR_RAISE(source, ParseExpr());
    } else {
      WEIR_ASSIGN_OR_RAISE(ExprPtr first, ParseExpr());
      if (AcceptWord("FROM")) {
        chars = std::move(first);
        WEIR_ASSIGN_OR_RAISE(source, ParseExpr());
      } else if (explicit_mode) {
        return Unexpected();
      } else {
        source = std::move(first);
      }
    }
    if (!chars) {
      auto space = MakeNode<LiteralExpr>(pos);
      space->literal = LiteralKind::kString;
      space->text = " ";
      chars = std::move(space);
    }
    call->args.push_back(std::move(chars));
    call->args.push_back(std::move(source));
    return finish();
  }
  if (upper == "POSITION") {
    Next();
    call->syntax = CallSyntax::kPosition;
    WEIR_ASSIGN_OR_RAISE(ExprPtr needle, ParseAdditive());
    WEIR_RETURN_NOT_OK(ExpectWord("IN"));
    WEIR_ASSIGN_OR_RAISE(ExprPtr haystack, ParseExpr());
    call->args.push_back(std::move(needle));
    call->args.push_back(std::move(haystack));
    if (AcceptWord("FROM")) {
      WEIR_ASSIGN_OR_RAISE(ExprPtr from, ParseExpr());
      call->args.push_back(std::move(from));
    }
    return finish();
  }
  if (upper == "OVERLAY") {
    Next();
    call->syntax = CallSyntax::kOverlay;
    WEIR_ASSIGN_OR_RAISE(ExprPtr s, ParseExpr());
    call->args.push_back(std::move(s));
    WEIR_RETURN_NOT_OK(ExpectWord("PLACING"));
    WEIR_ASSIGN_OR_RAISE(ExprPtr r, ParseExpr());
    call->args.push_back(std::move(r));
    WEIR_RETURN_NOT_OK(ExpectWord("FROM"));
    WEIR_ASSIGN_OR_RAISE(ExprPtr from, ParseExpr());
    call->args.push_back(std::move(from));
    if (AcceptWord("FOR")) {
      WEIR_ASSIGN_OR_RAISE(ExprPtr len, ParseExpr());
      call->args.push_back(std::move(len));
    }
    return finish();
  }
  if (upper == "SUBSTRING") {
    Next();
    WEIR_ASSIGN_OR_RAISE(ExprPtr s, ParseExpr());
    call->args.push_back(std::move(s));
    if (AcceptWord("FROM")) {
      call->syntax = CallSyntax::kSubstring;
      WEIR_ASSIGN_OR_RAISE(ExprPtr from, ParseExpr());
      call->args.push_back(std::move(from));
      if (AcceptWord("FOR")) {
        WEIR_ASSIGN_OR_RAISE(ExprPtr len, ParseExpr());
        call->args.push_back(std::move(len));
      }
    } else {
      while (Accept(TokenKind::kComma)) {
        WEIR_ASSIGN_OR_RAISE(ExprPtr arg, ParseExpr());
        call->args.push_back(std::move(arg));
      }
    }
    return finish();
  }
  if (upper == "FLOOR" || upper == "CEIL" || upper == "CEILING") {
    Next();
    WEIR_ASSIGN_OR_RAISE(ExprPtr x, ParseExpr());
    call->args.push_back(std::move(x));
    if (AcceptWord("TO")) {
      call->syntax = CallSyntax::kFloorCeil;
      SourcePos unit_pos = Peek().pos;
      WEIR_ASSIGN_OR_RAISE(DateTimeUnit unit, ParseTimeUnit());
      call->args.push_back(MakeSymbol(DateTimeUnitName(unit), unit_pos));
    }
    return finish();
  }
  if (upper == "TIMESTAMPADD" || upper == "TIMESTAMPDIFF") {
    Next();
    SourcePos unit_pos = Peek().pos;
    WEIR_ASSIGN_OR_RAISE(DateTimeUnit unit, ParseTimeUnit());
    call->args.push_back(MakeSymbol(DateTimeUnitName(unit), unit_pos));
    for (int i = 0; i < 2; ++i) {
      WEIR_RETURN_NOT_OK(Expect(TokenKind::kComma));
      WEIR_ASSIGN_OR_RAISE(ExprPtr arg, ParseExpr());
      call->args.push_back(std::move(arg));
    }
    return finish();
  }
  if (upper == "JSON_VALUE" || upper == "JSON_QUERY" || upper == "JSON_EXISTS") {
    Next();
    call->syntax = CallSyntax::kJsonValue;
    WEIR_ASSIGN_OR_RAISE(ExprPtr json, ParseExpr());
    call->args.push_back(std::move(json));
    WEIR_RETURN_NOT_OK(Expect(TokenKind::kComma));
    WEIR_ASSIGN_OR_RAISE(ExprPtr path, ParseExpr());
    call->args.push_back(std::move(path));
    WEIR_RETURN_NOT_OK(ParseJsonClauses(*call, upper != "JSON_EXISTS"));
    return finish();
  }
  auto parse_on_null = [&]() -> bool {
    if (AcceptWords({"NULL", "ON", "NULL"})) {
      call->json.on_null = "NULL";
      return true;
    }
    if (AcceptWords({"ABSENT", "ON", "NULL"})) {
      call->json.on_null = "ABSENT";
      return true;
    }
    return false;
  };
  if (upper == "JSON_OBJECT" || upper == "JSON_OBJECTAGG") {
    Next();
    call->syntax = CallSyntax::kJsonObject;
    if (!parse_on_null() && !Check(TokenKind::kRParen)) {
      do {
        AcceptWord("KEY");
        WEIR_ASSIGN_OR_RAISE(ExprPtr key, ParseAdditive());
        WEIR_RETURN_NOT_OK(ExpectWord("VALUE"));
        WEIR_ASSIGN_OR_RAISE(ExprPtr value, ParseExpr());
        call->args.push_back(std::move(key));
        call->args.push_back(std::move(value));
      } while (Accept(TokenKind::kComma));
      parse_on_null();
    }
    WEIR_RETURN_NOT_OK(Expect(TokenKind::kRParen));
    if (upper == "JSON_OBJECTAGG") WEIR_RETURN_NOT_OK(ParseCallSuffix(*call));
    return ExprPtr(std::move(call));
  }
  if (upper == "JSON_ARRAY" || upper == "JSON_ARRAYAGG") {
    Next();
    call->syntax = CallSyntax::kJsonArray;
    if (!parse_on_null() && !Check(TokenKind::kRParen)) {
      do {
        WEIR_ASSIGN_OR_RAISE(ExprPtr value, ParseExpr());
        call->args.push_back(std::move(value));
      } while (Accept(TokenKind::kComma));
      if (AcceptWords({"ORDER", "BY"})) {
        WEIR_ASSIGN_OR_RAISE(call->arg_order_by, ParseOrderItems());
      }
      parse_on_null();
    }
    WEIR_RETURN_NOT_OK(Expect(TokenKind::kRParen));
    if (upper == "JSON_ARRAYAGG") WEIR_RETURN_NOT_OK(ParseCallSuffix(*call));
    return ExprPtr(std::move(call));
  }
  *handled = false;
  return ExprPtr();
}

}  // namespace weir::sql::ast::internal
