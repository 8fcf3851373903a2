// Statement parsing: dispatch, INSERT, SHOW, USE, DESCRIBE, EXPLAIN, SET/RESET and job statements.
#include <string>

#include "weir/sql/parser/parser_impl.h"

namespace weir::sql::ast::internal {

Result<StatementPtr> ParserImpl::ParseStatementInner() {
  WEIR_PARSER_ENTER(*this);
  const Token& t = Peek();
  SourcePos pos = t.pos;
  if (AtQueryStart() || Check(TokenKind::kLParen)) {
    auto stmt = MakeNode<QueryStatement>(pos);
    WEIR_ASSIGN_OR_RAISE(stmt->query, ParseQuery());
    return StatementPtr(std::move(stmt));
  }
  if (CheckWord("INSERT")) return ParseInsert();
  if (CheckWord("CREATE")) return ParseCreate();
  if (CheckWord("REPLACE") && Peek(1).IsWord("TABLE")) {
    Next();
    Next();
    WEIR_ASSIGN_OR_RAISE(StatementPtr stmt, ParseCreateTable(pos, false, false));
    auto& create = static_cast<CreateTableStatement&>(*stmt);
    create.replace_only = true;
    if (!create.as_query) return ErrorAt(pos, "REPLACE TABLE needs AS <query>");
    return stmt;
  }
  if (CheckWord("DROP")) return ParseDrop();
  if (CheckWord("ALTER")) return ParseAlter();
  if (CheckWord("SHOW")) return ParseShow();
  if (CheckWord("USE")) return ParseUse();
  if (CheckWord("DESCRIBE") || CheckWord("DESC")) return ParseDescribe();
  if (CheckWord("EXPLAIN")) return ParseExplain();
  if (CheckWord("SET")) return ParseSet();
  if (CheckWord("RESET")) return ParseReset();
  if (CheckWord("EXECUTE")) return ParseExecute();
  if (CheckWord("STOP")) return ParseStop();
  if (CheckWord("COMPILE")) {
    // COMPILE [AND EXECUTE] PLAN 'file' [IF NOT EXISTS] FOR <INSERT | STATEMENT SET>.
    auto stmt = MakeNode<CompilePlanStatement>(Next().pos);
    if (AcceptWord("AND")) {
      WEIR_RETURN_NOT_OK(ExpectWord("EXECUTE"));
      stmt->and_execute = true;
    }
    WEIR_RETURN_NOT_OK(ExpectWord("PLAN"));
    WEIR_ASSIGN_OR_RAISE(stmt->path, ParseStringLiteral());
    if (!stmt->and_execute && AcceptWord("IF")) {
      WEIR_RETURN_NOT_OK(ExpectWord("NOT"));
      WEIR_RETURN_NOT_OK(ExpectWord("EXISTS"));
      stmt->if_not_exists = true;
    }
    WEIR_RETURN_NOT_OK(ExpectWord("FOR"));
    SourcePos inner = Peek().pos;
    if (CheckWord("INSERT")) {
      WEIR_ASSIGN_OR_RAISE(stmt->statement, ParseInsert());
    } else {
      AcceptWord("EXECUTE");
      if (!CheckWord("STATEMENT")) {
        ExpectAlso("INSERT");
        ExpectAlso("STATEMENT");
        return Unexpected();
      }
      Next();
      WEIR_RETURN_NOT_OK(ExpectWord("SET"));
      WEIR_RETURN_NOT_OK(ExpectWord("BEGIN"));
      WEIR_ASSIGN_OR_RAISE(stmt->statement, ParseStatementSetBody(inner, false));
    }
    return StatementPtr(std::move(stmt));
  }
  if (CheckWord("BEGIN")) {
    Next();
    WEIR_RETURN_NOT_OK(ExpectWord("STATEMENT"));
    WEIR_RETURN_NOT_OK(ExpectWord("SET"));
    WEIR_RETURN_NOT_OK(Expect(TokenKind::kSemicolon));
    return ParseStatementSetBody(pos, true);
  }
  if (CheckWord("STATEMENT")) {
    Next();
    WEIR_RETURN_NOT_OK(ExpectWord("SET"));
    WEIR_RETURN_NOT_OK(ExpectWord("BEGIN"));
    return ParseStatementSetBody(pos, false);
  }
  for (std::string_view w : {"UPDATE", "DELETE", "TRUNCATE", "ANALYZE", "LOAD", "UNLOAD", "ADD",
                             "REMOVE", "CALL", "MERGE"}) {
    if (t.IsWord(w)) {
      return ErrorAt(pos, StrCat(w, " statements are not supported yet"));
    }
  }
  return Unexpected();
}

Result<StatementPtr> ParserImpl::ParseInsert() {
  auto stmt = MakeNode<InsertStatement>(Next().pos);
  if (AcceptWord("OVERWRITE")) {
    stmt->overwrite = true;
  } else {
    WEIR_RETURN_NOT_OK(ExpectWord("INTO"));
  }
  WEIR_ASSIGN_OR_RAISE(stmt->table, ParseCompoundIdentifier());
  if (Peek().kind == TokenKind::kHintBegin) {
    WEIR_ASSIGN_OR_RAISE(stmt->hints, ParseHints());
  }
  if (AcceptWord("PARTITION")) {
    WEIR_RETURN_NOT_OK(Expect(TokenKind::kLParen));
    do {
      WEIR_ASSIGN_OR_RAISE(std::string key, ParseIdentifier());
      WEIR_RETURN_NOT_OK(Expect(TokenKind::kEq));
      WEIR_ASSIGN_OR_RAISE(ExprPtr value, ParseUnary());
      stmt->partition.emplace_back(std::move(key), std::move(value));
    } while (Accept(TokenKind::kComma));
    WEIR_RETURN_NOT_OK(Expect(TokenKind::kRParen));
  }
  if (Peek().kind == TokenKind::kLParen && !Peek(1).IsWord("SELECT") && !Peek(1).IsWord("WITH") &&
      !Peek(1).IsWord("VALUES") && Peek(1).kind != TokenKind::kLParen) {
    WEIR_ASSIGN_OR_RAISE(stmt->columns, ParseIdentifierList());
  }
  WEIR_ASSIGN_OR_RAISE(stmt->query, ParseQuery());
  return StatementPtr(std::move(stmt));
}

Result<StatementPtr> ParserImpl::ParseStatementSetBody(SourcePos pos, bool begin_first) {
  auto stmt = MakeNode<StatementSetStatement>(pos);
  stmt->begin_first = begin_first;
  while (true) {
    while (Accept(TokenKind::kSemicolon)) {
    }
    if (AcceptWord("END")) break;
    if (!CheckWord("INSERT")) return Unexpected();
    int32_t start = Peek().offset;
    WEIR_ASSIGN_OR_RAISE(StatementPtr insert, ParseInsert());
    int32_t end = tokens_[pos_ - 1].end_offset;
    SetText(*insert, start, end);
    stmt->inserts.push_back(std::move(insert));
    if (!CheckWord("END")) WEIR_RETURN_NOT_OK(Expect(TokenKind::kSemicolon));
  }
  if (stmt->inserts.empty()) {
    return ErrorAt(pos, "A statement set needs at least one INSERT statement");
  }
  return StatementPtr(std::move(stmt));
}

Result<StatementPtr> ParserImpl::ParseExecute() {
  SourcePos execute_pos = Next().pos;
  if (CheckWord("PLAN")) {
    auto plan = MakeNode<ExecutePlanStatement>(execute_pos);
    Next();
    WEIR_ASSIGN_OR_RAISE(plan->path, ParseStringLiteral());
    return StatementPtr(std::move(plan));
  }
  auto stmt = MakeNode<ExecuteStatement>(execute_pos);
  SourcePos pos = Peek().pos;
  if (AcceptWord("STATEMENT")) {
    WEIR_RETURN_NOT_OK(ExpectWord("SET"));
    WEIR_RETURN_NOT_OK(ExpectWord("BEGIN"));
    WEIR_ASSIGN_OR_RAISE(stmt->statement, ParseStatementSetBody(pos, false));
  } else if (CheckWord("INSERT")) {
    WEIR_ASSIGN_OR_RAISE(stmt->statement, ParseInsert());
  } else if (AtQueryStart()) {
    auto query = MakeNode<QueryStatement>(pos);
    WEIR_ASSIGN_OR_RAISE(query->query, ParseQuery());
    stmt->statement = std::move(query);
  } else {
    return Unexpected();
  }
  return StatementPtr(std::move(stmt));
}

Result<StatementPtr> ParserImpl::ParseStop() {
  auto stmt = MakeNode<StopJobStatement>(Next().pos);
  WEIR_RETURN_NOT_OK(ExpectWord("JOB"));
  WEIR_ASSIGN_OR_RAISE(stmt->job_id, ParseStringLiteral());
  while (AcceptWord("WITH")) {
    if (AcceptWord("SAVEPOINT")) {
      stmt->with_savepoint = true;
    } else if (AcceptWord("DRAIN")) {
      stmt->with_drain = true;
    } else {
      return Unexpected();
    }
  }
  return StatementPtr(std::move(stmt));
}

Result<StatementPtr> ParserImpl::ParseSet() {
  auto stmt = MakeNode<SetStatement>(Next().pos);
  if (AtEnd() || Peek().kind == TokenKind::kSemicolon) return StatementPtr(std::move(stmt));
  if (Peek().kind != TokenKind::kString) {
    ExpectAlso("<string literal>");
    ExpectAlso(";", true);
    return Unexpected();
  }
  WEIR_ASSIGN_OR_RAISE(std::string key, ParseStringLiteral());
  stmt->key = std::move(key);
  WEIR_RETURN_NOT_OK(Expect(TokenKind::kEq));
  WEIR_ASSIGN_OR_RAISE(std::string value, ParseStringLiteral());
  stmt->value = std::move(value);
  return StatementPtr(std::move(stmt));
}

Result<StatementPtr> ParserImpl::ParseReset() {
  auto stmt = MakeNode<ResetStatement>(Next().pos);
  if (Peek().kind == TokenKind::kString) {
    WEIR_ASSIGN_OR_RAISE(std::string key, ParseStringLiteral());
    stmt->key = std::move(key);
  }
  return StatementPtr(std::move(stmt));
}

Result<StatementPtr> ParserImpl::ParseUse() {
  auto stmt = MakeNode<UseStatement>(Next().pos);
  if (AcceptWord("CATALOG")) {
    stmt->target = UseStatement::Target::kCatalog;
    WEIR_ASSIGN_OR_RAISE(std::string name, ParseIdentifier());
    stmt->name.push_back(std::move(name));
  } else if (AcceptWord("MODULES")) {
    stmt->target = UseStatement::Target::kModules;
    do {
      WEIR_ASSIGN_OR_RAISE(std::string name, ParseIdentifier());
      stmt->name.push_back(std::move(name));
    } while (Accept(TokenKind::kComma));
  } else {
    WEIR_ASSIGN_OR_RAISE(stmt->name, ParseCompoundIdentifier());
    if (stmt->name.size() > 2) {
      return ErrorAt(stmt->pos, "USE takes a database name: [catalog.]database");
    }
  }
  return StatementPtr(std::move(stmt));
}

Result<StatementPtr> ParserImpl::ParseDescribe() {
  auto stmt = MakeNode<DescribeStatement>(Next().pos);
  stmt->extended = AcceptWord("EXTENDED");
  WEIR_ASSIGN_OR_RAISE(stmt->name, ParseCompoundIdentifier());
  return StatementPtr(std::move(stmt));
}

Result<StatementPtr> ParserImpl::ParseExplain() {
  auto stmt = MakeNode<ExplainStatement>(Next().pos);
  if (AcceptWords({"PLAN", "FOR"})) {
    stmt->plan_for = true;
  } else {
    static constexpr std::string_view kDetails[] = {"ESTIMATED_COST", "CHANGELOG_MODE",
                                                    "JSON_EXECUTION_PLAN", "PLAN_ADVICE"};
    auto accept_detail = [&]() {
      for (std::string_view d : kDetails) {
        if (AcceptWord(d)) {
          stmt->details.emplace_back(d);
          return true;
        }
      }
      return false;
    };
    if (accept_detail()) {
      while (Accept(TokenKind::kComma)) {
        if (!accept_detail()) return Unexpected();
      }
    }
  }
  SourcePos inner_pos = Peek().pos;
  WEIR_ASSIGN_OR_RAISE(stmt->statement, ParseStatementInner());
  StatementKind k = stmt->statement->kind;
  const bool ctas = k == StatementKind::kCreateTable &&
                    stmt->statement->As<CreateTableStatement>().as_query != nullptr;
  if (k != StatementKind::kQuery && k != StatementKind::kInsert &&
      k != StatementKind::kStatementSet && k != StatementKind::kExecute && !ctas) {
    return ErrorAt(inner_pos,
                   "EXPLAIN accepts a query, INSERT, CREATE TABLE AS or a statement "
                   "set");
  }
  return StatementPtr(std::move(stmt));
}

Result<StatementPtr> ParserImpl::ParseShow() {
  auto stmt = MakeNode<ShowStatement>(Next().pos);
  bool scope = false;  // accepts FROM|IN name
  bool likes = true;   // accepts [NOT] LIKE|ILIKE pattern
  if (AcceptWord("CATALOGS")) {
    stmt->show = ShowKind::kCatalogs;
  } else if (AcceptWord("CURRENT")) {
    if (AcceptWord("CATALOG")) {
      stmt->show = ShowKind::kCurrentCatalog;
    } else {
      WEIR_RETURN_NOT_OK(ExpectWord("DATABASE"));
      stmt->show = ShowKind::kCurrentDatabase;
    }
    likes = false;
  } else if (AcceptWord("DATABASES")) {
    stmt->show = ShowKind::kDatabases;
    scope = true;
  } else if (AcceptWord("TABLES")) {
    stmt->show = ShowKind::kTables;
    scope = true;
  } else if (AcceptWord("VIEWS")) {
    stmt->show = ShowKind::kViews;
    scope = true;
  } else if (AcceptWord("USER")) {
    WEIR_RETURN_NOT_OK(ExpectWord("FUNCTIONS"));
    stmt->show = ShowKind::kFunctions;
    stmt->user = true;
    scope = true;
  } else if (AcceptWord("FUNCTIONS")) {
    stmt->show = ShowKind::kFunctions;
    scope = true;
  } else if (AcceptWord("COLUMNS")) {
    stmt->show = ShowKind::kColumns;
    if (!CheckWord("FROM") && !CheckWord("IN")) return Unexpected();
    stmt->from_keyword = ToUpper(Next().value);
    WEIR_ASSIGN_OR_RAISE(stmt->name, ParseCompoundIdentifier());
  } else if (AcceptWord("CREATE")) {
    if (AcceptWord("TABLE")) {
      stmt->show = ShowKind::kCreateTable;
    } else {
      WEIR_RETURN_NOT_OK(ExpectWord("VIEW"));
      stmt->show = ShowKind::kCreateView;
    }
    WEIR_ASSIGN_OR_RAISE(stmt->name, ParseCompoundIdentifier());
    likes = false;
  } else if (AcceptWord("JOBS")) {
    stmt->show = ShowKind::kJobs;
  } else if (AcceptWord("FULL")) {
    WEIR_RETURN_NOT_OK(ExpectWord("MODULES"));
    stmt->show = ShowKind::kModules;
    stmt->full = true;
  } else if (AcceptWord("MODULES")) {
    stmt->show = ShowKind::kModules;
  } else if (AcceptWord("JARS")) {
    stmt->show = ShowKind::kJars;
  } else if (AcceptWord("PARTITIONS")) {
    stmt->show = ShowKind::kPartitions;
    WEIR_ASSIGN_OR_RAISE(stmt->name, ParseCompoundIdentifier());
    likes = false;
  } else {
    return Unexpected();
  }
  if (scope && (CheckWord("FROM") || CheckWord("IN"))) {
    stmt->from_keyword = ToUpper(Next().value);
    WEIR_ASSIGN_OR_RAISE(stmt->name, ParseCompoundIdentifier());
  }
  if (likes) {
    if (CheckWord("NOT") && (Peek(1).IsWord("LIKE") || Peek(1).IsWord("ILIKE"))) {
      Next();
      stmt->not_like = true;
    }
    if (CheckWord("LIKE") || CheckWord("ILIKE")) {
      stmt->like_keyword = ToUpper(Next().value);
      WEIR_ASSIGN_OR_RAISE(std::string pattern, ParseStringLiteral());
      stmt->like_pattern = std::move(pattern);
    } else if (stmt->not_like) {
      return Unexpected();
    }
  }
  return StatementPtr(std::move(stmt));
}

}  // namespace weir::sql::ast::internal
