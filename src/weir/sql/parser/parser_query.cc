// Query parsing: WITH, SELECT, set operations, VALUES, FROM items, GROUP BY, windows and hints.
#include <string>

#include "weir/sql/parser/parser_impl.h"

namespace weir::sql::ast::internal {

bool ParserImpl::AtQueryStart() {
  // Recorded as expectations so that errors after "(" list them.
  return CheckWord("SELECT") || CheckWord("WITH") || CheckWord("VALUES");
}

Result<QueryPtr> ParserImpl::ParseQuery() {
  WEIR_PARSER_ENTER(*this);
  auto query = std::make_unique<Query>();
  query->pos = Peek().pos;
  if (AcceptWord("WITH")) {
    do {
      CommonTableExpr cte;
      cte.pos = Peek().pos;
      WEIR_ASSIGN_OR_RAISE(cte.name, ParseIdentifier());
      if (Check(TokenKind::kLParen)) {
        WEIR_ASSIGN_OR_RAISE(cte.columns, ParseIdentifierList());
      }
      WEIR_RETURN_NOT_OK(ExpectWord("AS"));
      WEIR_RETURN_NOT_OK(Expect(TokenKind::kLParen));
      WEIR_ASSIGN_OR_RAISE(cte.query, ParseQuery());
      WEIR_RETURN_NOT_OK(Expect(TokenKind::kRParen));
      query->with.push_back(std::move(cte));
    } while (Accept(TokenKind::kComma));
  }
  WEIR_ASSIGN_OR_RAISE(query->body, ParseQueryBody());
  WEIR_RETURN_NOT_OK(ParseOrderLimit(*query));
  return query;
}

Result<QueryBodyPtr> ParserImpl::ParseQueryBody() {
  WEIR_ASSIGN_OR_RAISE(QueryBodyPtr left, ParseQueryTerm());
  int chain = 0;
  while (CheckWord("UNION") || CheckWord("EXCEPT") || CheckWord("MINUS")) {
    const Token& t = Next();
    WEIR_RETURN_NOT_OK(Enter());
    ++chain;
    auto node = MakeNode<SetOpBody>(t.pos);
    node->op = t.IsWord("UNION") ? SetOp::kUnion : SetOp::kExcept;
    if (AcceptWord("ALL")) {
      node->all = true;
    } else if (AcceptWord("DISTINCT")) {
      node->distinct = true;
    }
    node->left = std::move(left);
    WEIR_ASSIGN_OR_RAISE(node->right, ParseQueryTerm());
    left = std::move(node);
  }
  depth_ -= chain;
  return left;
}

Result<QueryBodyPtr> ParserImpl::ParseQueryTerm() {
  WEIR_ASSIGN_OR_RAISE(QueryBodyPtr left, ParseQueryPrimary());
  int chain = 0;
  while (CheckWord("INTERSECT")) {
    SourcePos pos = Next().pos;
    WEIR_RETURN_NOT_OK(Enter());
    ++chain;
    auto node = MakeNode<SetOpBody>(pos);
    node->op = SetOp::kIntersect;
    if (AcceptWord("ALL")) {
      node->all = true;
    } else if (AcceptWord("DISTINCT")) {
      node->distinct = true;
    }
    node->left = std::move(left);
    WEIR_ASSIGN_OR_RAISE(node->right, ParseQueryPrimary());
    left = std::move(node);
  }
  depth_ -= chain;
  return left;
}

Result<QueryBodyPtr> ParserImpl::ParseQueryPrimary() {
  if (CheckWord("SELECT")) return ParseSelect();
  if (CheckWord("VALUES")) return ParseValues();
  if (Check(TokenKind::kLParen)) {
    auto node = MakeNode<NestedBody>(Next().pos);
    WEIR_ASSIGN_OR_RAISE(node->query, ParseQuery());
    WEIR_RETURN_NOT_OK(Expect(TokenKind::kRParen));
    return QueryBodyPtr(std::move(node));
  }
  return Unexpected();
}

Result<QueryBodyPtr> ParserImpl::ParseValues() {
  auto node = MakeNode<ValuesBody>(Next().pos);
  do {
    std::vector<ExprPtr> row;
    if (CheckWord("ROW") && Peek(1).kind == TokenKind::kLParen) Next();
    WEIR_RETURN_NOT_OK(Expect(TokenKind::kLParen));
    do {
      WEIR_ASSIGN_OR_RAISE(ExprPtr value, ParseExpr());
      row.push_back(std::move(value));
    } while (Accept(TokenKind::kComma));
    WEIR_RETURN_NOT_OK(Expect(TokenKind::kRParen));
    node->rows.push_back(std::move(row));
  } while (Accept(TokenKind::kComma));
  return QueryBodyPtr(std::move(node));
}

Result<std::vector<Hint>> ParserImpl::ParseHints() {
  std::vector<Hint> hints;
  WEIR_RETURN_NOT_OK(Expect(TokenKind::kHintBegin));
  do {
    Hint hint;
    hint.pos = Peek().pos;
    WEIR_ASSIGN_OR_RAISE(hint.name, ParseIdentifier());
    if (Accept(TokenKind::kLParen)) {
      if (!Check(TokenKind::kRParen)) {
        const bool kv = Peek(1).kind == TokenKind::kEq;
        do {
          const Token& t = Peek();
          std::string key;
          if (t.kind == TokenKind::kString || IsIdentifierToken(t) ||
              t.kind == TokenKind::kInteger || t.kind == TokenKind::kDecimal) {
            key = t.kind == TokenKind::kInteger || t.kind == TokenKind::kDecimal
                      ? std::string(t.text)
                      : t.value;
            Next();
          } else {
            ExpectAlso("<hint option>");
            return Unexpected();
          }
          if (kv) {
            WEIR_RETURN_NOT_OK(Expect(TokenKind::kEq));
            WEIR_ASSIGN_OR_RAISE(std::string value, ParseStringLiteral());
            hint.options.emplace_back(std::move(key), std::move(value));
          } else {
            hint.args.push_back(std::move(key));
          }
        } while (Accept(TokenKind::kComma));
      }
      WEIR_RETURN_NOT_OK(Expect(TokenKind::kRParen));
    }
    hints.push_back(std::move(hint));
  } while (Accept(TokenKind::kComma));
  WEIR_RETURN_NOT_OK(Expect(TokenKind::kHintEnd));
  return hints;
}

Result<QueryBodyPtr> ParserImpl::ParseSelect() {
  auto node = MakeNode<SelectBody>(Next().pos);
  if (Peek().kind == TokenKind::kHintBegin) {
    WEIR_ASSIGN_OR_RAISE(node->hints, ParseHints());
  }
  if (AcceptWord("DISTINCT")) {
    node->distinct = true;
  } else if (AcceptWord("ALL")) {
    node->all = true;
  }
  do {
    SelectItem item;
    WEIR_ASSIGN_OR_RAISE(item.expr, ParseExpr());
    if (item.expr->kind == ExprKind::kStar) {
      // `*` and `t.*` take no alias.
    } else if (AcceptWord("AS")) {
      WEIR_ASSIGN_OR_RAISE(std::string alias, ParseIdentifier());
      item.alias = std::move(alias);
    } else if (IsIdentifierToken(Peek())) {
      item.alias = Next().value;
    }
    node->items.push_back(std::move(item));
  } while (Accept(TokenKind::kComma));
  if (AcceptWord("FROM")) {
    WEIR_ASSIGN_OR_RAISE(node->from, ParseJoinChain());
  }
  if (AcceptWord("WHERE")) {
    WEIR_ASSIGN_OR_RAISE(node->where, ParseExpr());
  }
  if (AcceptWord("GROUP")) {
    WEIR_RETURN_NOT_OK(ExpectWord("BY"));
    if (AcceptWord("DISTINCT")) {
      node->group_by_distinct = true;
    } else {
      AcceptWord("ALL");
    }
    WEIR_ASSIGN_OR_RAISE(node->group_by, ParseGroupItems());
  }
  if (AcceptWord("HAVING")) {
    WEIR_ASSIGN_OR_RAISE(node->having, ParseExpr());
  }
  if (AcceptWord("WINDOW")) {
    do {
      NamedWindow w;
      WEIR_ASSIGN_OR_RAISE(w.name, ParseIdentifier());
      WEIR_RETURN_NOT_OK(ExpectWord("AS"));
      WEIR_RETURN_NOT_OK(Expect(TokenKind::kLParen));
      WEIR_ASSIGN_OR_RAISE(w.spec, ParseWindowSpecBody());
      node->windows.push_back(std::move(w));
    } while (Accept(TokenKind::kComma));
  }
  if (Peek().IsWord("QUALIFY")) {
    return ErrorAt(Peek().pos,
                   "QUALIFY is not supported by Flink SQL; filter on ROW_NUMBER() "
                   "in an outer query instead");
  }
  return QueryBodyPtr(std::move(node));
}

Result<std::vector<GroupItem>> ParserImpl::ParseGroupItems() {
  std::vector<GroupItem> items;
  do {
    WEIR_ASSIGN_OR_RAISE(GroupItem item, ParseGroupItem());
    items.push_back(std::move(item));
  } while (Accept(TokenKind::kComma));
  return items;
}

Result<GroupItem> ParserImpl::ParseGroupItem() {
  WEIR_PARSER_ENTER(*this);
  GroupItem item;
  if (Peek().kind == TokenKind::kLParen && Peek(1).kind == TokenKind::kRParen) {
    Next();
    Next();
    item.kind = GroupItemKind::kEmpty;
    return item;
  }
  const bool sets = Peek().IsWord("GROUPING") && Peek(1).IsWord("SETS");
  const bool rollup = Peek().IsWord("ROLLUP") && Peek(1).kind == TokenKind::kLParen;
  const bool cube = Peek().IsWord("CUBE") && Peek(1).kind == TokenKind::kLParen;
  if (sets || rollup || cube) {
    Next();
    if (sets) Next();
    item.kind = sets     ? GroupItemKind::kGroupingSets
                : rollup ? GroupItemKind::kRollup
                         : GroupItemKind::kCube;
    WEIR_RETURN_NOT_OK(Expect(TokenKind::kLParen));
    WEIR_ASSIGN_OR_RAISE(item.children, ParseGroupItems());
    WEIR_RETURN_NOT_OK(Expect(TokenKind::kRParen));
    return item;
  }
  WEIR_ASSIGN_OR_RAISE(item.expr, ParseExpr());
  return item;
}

Result<FrameBound> ParserImpl::ParseFrameBound() {
  FrameBound bound;
  if (AcceptWord("UNBOUNDED")) {
    if (AcceptWord("PRECEDING")) {
      bound.kind = BoundKind::kUnboundedPreceding;
    } else if (AcceptWord("FOLLOWING")) {
      bound.kind = BoundKind::kUnboundedFollowing;
    } else {
      return Unexpected();
    }
    return bound;
  }
  if (AcceptWord("CURRENT")) {
    WEIR_RETURN_NOT_OK(ExpectWord("ROW"));
    bound.kind = BoundKind::kCurrentRow;
    return bound;
  }
  WEIR_ASSIGN_OR_RAISE(bound.offset, ParseAdditive());
  if (AcceptWord("PRECEDING")) {
    bound.kind = BoundKind::kPreceding;
  } else if (AcceptWord("FOLLOWING")) {
    bound.kind = BoundKind::kFollowing;
  } else {
    return Unexpected();
  }
  return bound;
}

Result<WindowSpec> ParserImpl::ParseWindowSpecBody() {
  WEIR_PARSER_ENTER(*this);
  WindowSpec spec;
  if (IsIdentifierToken(Peek()) && !Peek().IsWord("RANGE")) {
    spec.base_name = Next().value;
  }
  if (AcceptWord("PARTITION")) {
    WEIR_RETURN_NOT_OK(ExpectWord("BY"));
    do {
      WEIR_ASSIGN_OR_RAISE(ExprPtr key, ParseExpr());
      spec.partition_by.push_back(std::move(key));
    } while (Accept(TokenKind::kComma));
  }
  if (AcceptWord("ORDER")) {
    WEIR_RETURN_NOT_OK(ExpectWord("BY"));
    WEIR_ASSIGN_OR_RAISE(spec.order_by, ParseOrderItems());
  }
  if (CheckWord("ROWS") || CheckWord("RANGE")) {
    WindowFrame frame;
    frame.unit = Next().IsWord("ROWS") ? FrameUnit::kRows : FrameUnit::kRange;
    if (AcceptWord("BETWEEN")) {
      WEIR_ASSIGN_OR_RAISE(frame.start, ParseFrameBound());
      WEIR_RETURN_NOT_OK(ExpectWord("AND"));
      WEIR_ASSIGN_OR_RAISE(FrameBound end, ParseFrameBound());
      frame.end = std::move(end);
    } else {
      WEIR_ASSIGN_OR_RAISE(frame.start, ParseFrameBound());
    }
    spec.frame = std::move(frame);
  }
  WEIR_RETURN_NOT_OK(Expect(TokenKind::kRParen));
  return spec;
}

Result<std::vector<OrderItem>> ParserImpl::ParseOrderItems() {
  std::vector<OrderItem> items;
  do {
    OrderItem item;
    WEIR_ASSIGN_OR_RAISE(item.expr, ParseExpr());
    if (AcceptWord("DESC")) {
      item.descending = true;
    } else {
      AcceptWord("ASC");
    }
    if (AcceptWord("NULLS")) {
      if (AcceptWord("FIRST")) {
        item.nulls_first = true;
      } else if (AcceptWord("LAST")) {
        item.nulls_first = false;
      } else {
        return Unexpected();
      }
    }
    items.push_back(std::move(item));
  } while (Accept(TokenKind::kComma));
  return items;
}

Status ParserImpl::ParseOrderLimit(Query& query) {
  if (AcceptWord("ORDER")) {
    WEIR_RETURN_NOT_OK(ExpectWord("BY"));
    WEIR_ASSIGN_OR_RAISE(query.order_by, ParseOrderItems());
  }
  auto parse_offset = [&]() -> Status {
    WEIR_ASSIGN_OR_RAISE(query.offset, ParseAdditive());
    if (!AcceptWord("ROWS")) AcceptWord("ROW");
    return Status::OK();
  };
  if (AcceptWord("OFFSET")) WEIR_RETURN_NOT_OK(parse_offset());
  if (AcceptWord("LIMIT")) {
    if (AcceptWord("ALL")) {
      query.limit_all = true;
    } else {
      WEIR_ASSIGN_OR_RAISE(query.limit, ParseAdditive());
    }
    if (!query.offset && AcceptWord("OFFSET")) WEIR_RETURN_NOT_OK(parse_offset());
  } else if (AcceptWord("FETCH")) {
    if (!AcceptWord("FIRST")) WEIR_RETURN_NOT_OK(ExpectWord("NEXT"));
    query.fetch_syntax = true;
    if (!CheckWord("ROW") && !CheckWord("ROWS")) {
      WEIR_ASSIGN_OR_RAISE(query.limit, ParseAdditive());
    }
    if (!AcceptWord("ROWS")) WEIR_RETURN_NOT_OK(ExpectWord("ROW"));
    WEIR_RETURN_NOT_OK(ExpectWord("ONLY"));
  }
  return Status::OK();
}

Result<TableRefPtr> ParserImpl::ParseJoinChain() {
  WEIR_ASSIGN_OR_RAISE(TableRefPtr left, ParseTablePrimary());
  int chain = 0;
  while (true) {
    SourcePos pos = Peek().pos;
    JoinType type;
    bool natural = false;
    if (Accept(TokenKind::kComma)) {
      type = JoinType::kComma;
    } else {
      natural = AcceptWord("NATURAL");
      if (AcceptWord("JOIN")) {
        type = JoinType::kInner;
      } else if (AcceptWord("INNER")) {
        type = JoinType::kInner;
        WEIR_RETURN_NOT_OK(ExpectWord("JOIN"));
      } else if (AcceptWord("CROSS")) {
        type = JoinType::kCross;
        WEIR_RETURN_NOT_OK(ExpectWord("JOIN"));
      } else if (CheckWord("LEFT") || CheckWord("RIGHT") || CheckWord("FULL")) {
        const Token& t = Next();
        type = t.IsWord("LEFT")    ? JoinType::kLeft
               : t.IsWord("RIGHT") ? JoinType::kRight
                                   : JoinType::kFull;
        AcceptWord("OUTER");
        WEIR_RETURN_NOT_OK(ExpectWord("JOIN"));
      } else if (natural) {
        return Unexpected();
      } else {
        break;
      }
    }
    WEIR_RETURN_NOT_OK(Enter());
    ++chain;
    auto join = MakeNode<JoinTableRef>(pos);
    join->join = type;
    join->natural = natural;
    join->left = std::move(left);
    WEIR_ASSIGN_OR_RAISE(join->right, ParseTablePrimary());
    if (type != JoinType::kComma && type != JoinType::kCross && !natural) {
      if (AcceptWord("ON")) {
        WEIR_ASSIGN_OR_RAISE(join->on, ParseExpr());
      } else if (AcceptWord("USING")) {
        WEIR_ASSIGN_OR_RAISE(join->using_columns, ParseIdentifierList());
      } else {
        return Unexpected();
      }
    }
    left = std::move(join);
  }
  depth_ -= chain;
  return left;
}

Status ParserImpl::ParseTableAlias(TableRef& ref, bool allow_columns) {
  if (AcceptWord("AS")) {
    WEIR_ASSIGN_OR_RAISE(std::string alias, ParseIdentifier());
    ref.alias = std::move(alias);
  } else if (IsIdentifierToken(Peek()) && !Peek().IsWord("QUALIFY")) {
    // QUALIFY is not Flink SQL; it is left unconsumed so that it gets a clear error.
    ref.alias = Next().value;
  }
  if (ref.alias && allow_columns && Peek().kind == TokenKind::kLParen) {
    WEIR_ASSIGN_OR_RAISE(ref.column_aliases, ParseIdentifierList());
  }
  if (CheckWord("MATCH_RECOGNIZE")) {
    return ErrorAt(Peek().pos, "MATCH_RECOGNIZE is not supported yet");
  }
  return Status::OK();
}

Result<TableRefPtr> ParserImpl::ParseTablePrimary() {
  WEIR_PARSER_ENTER(*this);
  SourcePos pos = Peek().pos;
  const bool lateral = AcceptWord("LATERAL");
  if (CheckWord("TABLE") && Peek(1).kind == TokenKind::kLParen) {
    Next();
    Next();
    auto ref = MakeNode<FunctionTableRef>(pos);
    ref->lateral = lateral;
    SourcePos call_pos = Peek().pos;
    WEIR_ASSIGN_OR_RAISE(ExprPtr call, ParseExpr());
    if (call->kind != ExprKind::kCall) {
      return ErrorAt(call_pos, "TABLE(...) in FROM needs a table function call");
    }
    ref->call = std::move(call);
    WEIR_RETURN_NOT_OK(Expect(TokenKind::kRParen));
    WEIR_RETURN_NOT_OK(ParseTableAlias(*ref, true));
    return TableRefPtr(std::move(ref));
  }
  if (Peek().kind == TokenKind::kLParen) {
    size_t i = 0;
    while (Peek(i).kind == TokenKind::kLParen) ++i;
    const Token& first = Peek(i);
    if (lateral || first.IsWord("SELECT") || first.IsWord("WITH") || first.IsWord("VALUES")) {
      WEIR_RETURN_NOT_OK(Expect(TokenKind::kLParen));
      auto ref = MakeNode<DerivedTableRef>(pos);
      ref->lateral = lateral;
      WEIR_ASSIGN_OR_RAISE(ref->query, ParseQuery());
      WEIR_RETURN_NOT_OK(Expect(TokenKind::kRParen));
      WEIR_RETURN_NOT_OK(ParseTableAlias(*ref, true));
      return TableRefPtr(std::move(ref));
    }
    Next();
    WEIR_ASSIGN_OR_RAISE(TableRefPtr inner, ParseJoinChain());
    WEIR_RETURN_NOT_OK(Expect(TokenKind::kRParen));
    return inner;
  }
  if (lateral) return Unexpected();
  if (CheckWord("UNNEST")) {
    Next();
    auto ref = MakeNode<UnnestTableRef>(pos);
    WEIR_RETURN_NOT_OK(Expect(TokenKind::kLParen));
    do {
      WEIR_ASSIGN_OR_RAISE(ExprPtr arg, ParseExpr());
      ref->args.push_back(std::move(arg));
    } while (Accept(TokenKind::kComma));
    WEIR_RETURN_NOT_OK(Expect(TokenKind::kRParen));
    if (AcceptWords({"WITH", "ORDINALITY"})) ref->with_ordinality = true;
    WEIR_RETURN_NOT_OK(ParseTableAlias(*ref, true));
    return TableRefPtr(std::move(ref));
  }
  WEIR_ASSIGN_OR_RAISE(std::vector<std::string> name, ParseCompoundIdentifier());
  if (Peek().kind == TokenKind::kLParen) {
    // A table function called without TABLE(...): FROM TUMBLE(TABLE t, ...).
    auto fn = MakeNode<FunctionTableRef>(pos);
    fn->table_keyword = false;
    WEIR_ASSIGN_OR_RAISE(fn->call, ParseCallArgs(std::move(name), pos));
    if (fn->call->kind != ExprKind::kCall) {
      return ErrorAt(pos, "A table function call is expected in FROM");
    }
    WEIR_RETURN_NOT_OK(ParseTableAlias(*fn, true));
    return TableRefPtr(std::move(fn));
  }
  auto ref = MakeNode<NamedTableRef>(pos);
  ref->name = std::move(name);
  if (Peek().kind == TokenKind::kHintBegin) {
    WEIR_ASSIGN_OR_RAISE(ref->hints, ParseHints());
  }
  if (AcceptWord("FOR")) {
    WEIR_RETURN_NOT_OK(ExpectWord("SYSTEM_TIME"));
    WEIR_RETURN_NOT_OK(ExpectWord("AS"));
    WEIR_RETURN_NOT_OK(ExpectWord("OF"));
    WEIR_ASSIGN_OR_RAISE(ref->system_time, ParseExpr());
  }
  WEIR_RETURN_NOT_OK(ParseTableAlias(*ref, true));
  return TableRefPtr(std::move(ref));
}

}  // namespace weir::sql::ast::internal
