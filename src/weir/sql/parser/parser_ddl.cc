// DDL parsing: CREATE TABLE/VIEW/FUNCTION/CATALOG/DATABASE, DROP and ALTER TABLE.
#include <charconv>
#include <string>

#include "weir/sql/parser/parser_impl.h"

namespace weir::sql::ast::internal {

Result<Options> ParserImpl::ParseOptions() {
  Options options;
  WEIR_RETURN_NOT_OK(Expect(TokenKind::kLParen));
  if (Accept(TokenKind::kRParen)) return options;
  do {
    WEIR_ASSIGN_OR_RAISE(std::string key, ParseStringLiteral());
    WEIR_RETURN_NOT_OK(Expect(TokenKind::kEq));
    WEIR_ASSIGN_OR_RAISE(std::string value, ParseStringLiteral());
    options.emplace_back(std::move(key), std::move(value));
  } while (Accept(TokenKind::kComma));
  WEIR_RETURN_NOT_OK(Expect(TokenKind::kRParen));
  return options;
}

Result<StatementPtr> ParserImpl::ParseCreate() {
  SourcePos pos = Next().pos;
  const bool or_replace = AcceptWords({"OR", "REPLACE"});
  bool temporary = AcceptWord("TEMPORARY");
  bool system = temporary && AcceptWord("SYSTEM");
  if (AcceptWord("TABLE")) {
    if (system) return ErrorAt(pos, "TEMPORARY SYSTEM applies only to functions");
    return ParseCreateTable(pos, or_replace, temporary);
  }
  if (or_replace) {
    return ErrorAt(pos,
                   "CREATE OR REPLACE is supported only for tables (CREATE OR REPLACE "
                   "TABLE ... AS SELECT)");
  }
  if (AcceptWord("VIEW")) {
    if (system) return ErrorAt(pos, "TEMPORARY SYSTEM applies only to functions");
    return ParseCreateView(pos, false, temporary);
  }
  if (AcceptWord("FUNCTION")) return ParseCreateFunction(pos, temporary, system);
  if (!temporary) {
    if (AcceptWord("CATALOG")) {
      auto stmt = MakeNode<CreateCatalogStatement>(pos);
      stmt->if_not_exists = AcceptWords({"IF", "NOT", "EXISTS"});
      WEIR_ASSIGN_OR_RAISE(stmt->name, ParseIdentifier());
      if (AcceptWord("COMMENT")) {
        WEIR_ASSIGN_OR_RAISE(std::string comment, ParseStringLiteral());
        stmt->comment = std::move(comment);
      }
      WEIR_RETURN_NOT_OK(ExpectWord("WITH"));
      WEIR_ASSIGN_OR_RAISE(stmt->options, ParseOptions());
      return StatementPtr(std::move(stmt));
    }
    if (AcceptWord("DATABASE")) {
      auto stmt = MakeNode<CreateDatabaseStatement>(pos);
      stmt->if_not_exists = AcceptWords({"IF", "NOT", "EXISTS"});
      WEIR_ASSIGN_OR_RAISE(stmt->name, ParseCompoundIdentifier());
      if (stmt->name.size() > 2) {
        return ErrorAt(pos, "A database name is [catalog.]database");
      }
      if (AcceptWord("COMMENT")) {
        WEIR_ASSIGN_OR_RAISE(std::string comment, ParseStringLiteral());
        stmt->comment = std::move(comment);
      }
      if (AcceptWord("WITH")) {
        WEIR_ASSIGN_OR_RAISE(stmt->options, ParseOptions());
      }
      return StatementPtr(std::move(stmt));
    }
  }
  return Unexpected();
}

Status ParserImpl::ParseColumnDef(CreateTableStatement& stmt) {
  ColumnDef col;
  col.pos = Peek().pos;
  WEIR_ASSIGN_OR_RAISE(col.name, ParseIdentifier());
  if (AcceptWord("AS")) {
    col.column_kind = ColumnKind::kComputed;
    WEIR_ASSIGN_OR_RAISE(col.expr, ParseExpr());
  } else {
    WEIR_ASSIGN_OR_RAISE(col.type, ParseDataType());
    if (AcceptWord("METADATA")) {
      col.column_kind = ColumnKind::kMetadata;
      if (AcceptWord("FROM")) {
        WEIR_ASSIGN_OR_RAISE(std::string key, ParseStringLiteral());
        col.metadata_key = std::move(key);
      }
      col.is_virtual = AcceptWord("VIRTUAL");
    } else {
      if (AcceptWord("CONSTRAINT")) {
        WEIR_ASSIGN_OR_RAISE(std::string name, ParseIdentifier());
        col.inline_constraint_name = std::move(name);
        if (!CheckWord("PRIMARY")) return Unexpected();
      }
      if (AcceptWord("PRIMARY")) {
        SourcePos pk_pos = tokens_[pos_ - 1].pos;
        WEIR_RETURN_NOT_OK(ExpectWord("KEY"));
        col.inline_primary_key = true;
        bool enforced = !AcceptWords({"NOT", "ENFORCED"});
        if (stmt.primary_key) return ErrorAt(pk_pos, "Duplicate primary key definition");
        PrimaryKeyDef pk;
        pk.pos = pk_pos;
        pk.constraint_name = col.inline_constraint_name;
        pk.columns = {col.name};
        pk.enforced = enforced;
        stmt.primary_key = std::move(pk);
      }
    }
  }
  if (AcceptWord("COMMENT")) {
    WEIR_ASSIGN_OR_RAISE(std::string comment, ParseStringLiteral());
    col.comment = std::move(comment);
  }
  stmt.columns.push_back(std::move(col));
  return Status::OK();
}

Status ParserImpl::ParseTableSchema(CreateTableStatement& stmt) {
  WEIR_RETURN_NOT_OK(Expect(TokenKind::kLParen));
  stmt.has_schema = true;
  do {
    SourcePos pos = Peek().pos;
    if (CheckWord("WATERMARK") && Peek(1).IsWord("FOR")) {
      Next();
      Next();
      WatermarkDef wm;
      wm.pos = pos;
      WEIR_ASSIGN_OR_RAISE(wm.column, ParseCompoundIdentifier());
      WEIR_RETURN_NOT_OK(ExpectWord("AS"));
      WEIR_ASSIGN_OR_RAISE(wm.expr, ParseExpr());
      stmt.watermarks.push_back(std::move(wm));
      continue;
    }
    if (CheckWord("CONSTRAINT") || (CheckWord("PRIMARY") && Peek(1).IsWord("KEY"))) {
      PrimaryKeyDef pk;
      pk.pos = pos;
      if (AcceptWord("CONSTRAINT")) {
        WEIR_ASSIGN_OR_RAISE(std::string name, ParseIdentifier());
        pk.constraint_name = std::move(name);
      }
      WEIR_RETURN_NOT_OK(ExpectWord("PRIMARY"));
      WEIR_RETURN_NOT_OK(ExpectWord("KEY"));
      WEIR_ASSIGN_OR_RAISE(pk.columns, ParseIdentifierList());
      pk.enforced = !AcceptWords({"NOT", "ENFORCED"});
      if (stmt.primary_key) return ErrorAt(pos, "Duplicate primary key definition");
      stmt.primary_key = std::move(pk);
      continue;
    }
    WEIR_RETURN_NOT_OK(ParseColumnDef(stmt));
  } while (Accept(TokenKind::kComma));
  return Expect(TokenKind::kRParen);
}

Status ParserImpl::ParseLikeClause(CreateTableStatement& stmt) {
  LikeClause like;
  WEIR_ASSIGN_OR_RAISE(like.source, ParseCompoundIdentifier());
  if (Accept(TokenKind::kLParen)) {
    static constexpr std::string_view kFeatures[] = {"ALL",        "CONSTRAINTS", "DISTRIBUTION",
                                                     "GENERATED",  "METADATA",    "OPTIONS",
                                                     "PARTITIONS", "WATERMARKS"};
    do {
      LikeOption option;
      if (AcceptWord("INCLUDING")) {
        option.mode = LikeOptionMode::kIncluding;
      } else if (AcceptWord("EXCLUDING")) {
        option.mode = LikeOptionMode::kExcluding;
      } else if (AcceptWord("OVERWRITING")) {
        option.mode = LikeOptionMode::kOverwriting;
      } else {
        return Unexpected();
      }
      for (std::string_view f : kFeatures) {
        if (AcceptWord(f)) {
          option.feature = std::string(f);
          break;
        }
      }
      if (option.feature.empty()) return Unexpected();
      like.options.push_back(std::move(option));
      Accept(TokenKind::kComma);
    } while (!Accept(TokenKind::kRParen));
  }
  stmt.like = std::move(like);
  return Status::OK();
}

Result<StatementPtr> ParserImpl::ParseCreateTable(SourcePos pos, bool or_replace, bool temporary) {
  auto stmt = MakeNode<CreateTableStatement>(pos);
  stmt->or_replace = or_replace;
  stmt->temporary = temporary;
  stmt->if_not_exists = AcceptWords({"IF", "NOT", "EXISTS"});
  WEIR_ASSIGN_OR_RAISE(stmt->name, ParseCompoundIdentifier());
  if (Peek().kind == TokenKind::kLParen) WEIR_RETURN_NOT_OK(ParseTableSchema(*stmt));
  if (AcceptWord("COMMENT")) {
    WEIR_ASSIGN_OR_RAISE(std::string comment, ParseStringLiteral());
    stmt->comment = std::move(comment);
  }
  if (AcceptWord("DISTRIBUTED")) {
    Distribution dist;
    if (AcceptWord("BY")) {
      if (AcceptWord("HASH")) {
        dist.algorithm = "HASH";
      } else if (AcceptWord("RANGE")) {
        dist.algorithm = "RANGE";
      }
      WEIR_ASSIGN_OR_RAISE(dist.columns, ParseIdentifierList());
      if (AcceptWord("INTO")) {
        WEIR_ASSIGN_OR_RAISE(int32_t n, ParseInt32());
        dist.buckets = n;
        WEIR_RETURN_NOT_OK(ExpectWord("BUCKETS"));
      }
    } else {
      WEIR_RETURN_NOT_OK(ExpectWord("INTO"));
      WEIR_ASSIGN_OR_RAISE(int32_t n, ParseInt32());
      dist.buckets = n;
      WEIR_RETURN_NOT_OK(ExpectWord("BUCKETS"));
    }
    stmt->distribution = std::move(dist);
  }
  if (AcceptWord("PARTITIONED")) {
    WEIR_RETURN_NOT_OK(ExpectWord("BY"));
    WEIR_ASSIGN_OR_RAISE(stmt->partition_keys, ParseIdentifierList());
  }
  if (AcceptWord("WITH")) {
    WEIR_ASSIGN_OR_RAISE(stmt->options, ParseOptions());
  }
  if (AcceptWord("LIKE")) {
    WEIR_RETURN_NOT_OK(ParseLikeClause(*stmt));
  }
  if (AcceptWord("AS")) {
    if (stmt->like) return ErrorAt(pos, "CREATE TABLE cannot have both LIKE and AS <query>");
    WEIR_ASSIGN_OR_RAISE(stmt->as_query, ParseQuery());
  } else if (or_replace) {
    return ErrorAt(pos, "CREATE OR REPLACE TABLE needs AS <query>");
  }
  return StatementPtr(std::move(stmt));
}

Result<StatementPtr> ParserImpl::ParseCreateView(SourcePos pos, bool or_replace, bool temporary) {
  auto stmt = MakeNode<CreateViewStatement>(pos);
  stmt->or_replace = or_replace;
  stmt->temporary = temporary;
  stmt->if_not_exists = AcceptWords({"IF", "NOT", "EXISTS"});
  WEIR_ASSIGN_OR_RAISE(stmt->name, ParseCompoundIdentifier());
  if (Peek().kind == TokenKind::kLParen) {
    WEIR_ASSIGN_OR_RAISE(stmt->columns, ParseIdentifierList());
  }
  if (AcceptWord("COMMENT")) {
    WEIR_ASSIGN_OR_RAISE(std::string comment, ParseStringLiteral());
    stmt->comment = std::move(comment);
  }
  WEIR_RETURN_NOT_OK(ExpectWord("AS"));
  WEIR_ASSIGN_OR_RAISE(stmt->query, ParseQuery());
  return StatementPtr(std::move(stmt));
}

Result<StatementPtr> ParserImpl::ParseCreateFunction(SourcePos pos, bool temporary, bool system) {
  auto stmt = MakeNode<CreateFunctionStatement>(pos);
  stmt->temporary = temporary;
  stmt->system = system;
  stmt->if_not_exists = AcceptWords({"IF", "NOT", "EXISTS"});
  WEIR_ASSIGN_OR_RAISE(stmt->name, ParseCompoundIdentifier());
  if (system && stmt->name.size() > 1) {
    return ErrorAt(pos, "A temporary system function name must not be qualified");
  }
  WEIR_RETURN_NOT_OK(ExpectWord("AS"));
  WEIR_ASSIGN_OR_RAISE(stmt->class_name, ParseStringLiteral());
  if (AcceptWord("LANGUAGE")) {
    if (!CheckWord("JAVA") && !CheckWord("SCALA") && !CheckWord("PYTHON")) return Unexpected();
    stmt->language = ToUpper(Next().value);
  }
  if (AcceptWord("USING")) {
    do {
      WEIR_RETURN_NOT_OK(ExpectWord("JAR"));
      WEIR_ASSIGN_OR_RAISE(std::string jar, ParseStringLiteral());
      stmt->jars.push_back(std::move(jar));
    } while (Accept(TokenKind::kComma));
  }
  return StatementPtr(std::move(stmt));
}

Result<StatementPtr> ParserImpl::ParseDrop() {
  auto stmt = MakeNode<DropStatement>(Next().pos);
  stmt->temporary = AcceptWord("TEMPORARY");
  stmt->system = stmt->temporary && AcceptWord("SYSTEM");
  if (AcceptWord("TABLE")) {
    stmt->object = ObjectKind::kTable;
  } else if (AcceptWord("VIEW")) {
    stmt->object = ObjectKind::kView;
  } else if (AcceptWord("FUNCTION")) {
    stmt->object = ObjectKind::kFunction;
  } else if (!stmt->temporary && AcceptWord("CATALOG")) {
    stmt->object = ObjectKind::kCatalog;
  } else if (!stmt->temporary && AcceptWord("DATABASE")) {
    stmt->object = ObjectKind::kDatabase;
  } else {
    return Unexpected();
  }
  if (stmt->system && stmt->object != ObjectKind::kFunction) {
    return ErrorAt(stmt->pos, "TEMPORARY SYSTEM applies only to functions");
  }
  stmt->if_exists = AcceptWords({"IF", "EXISTS"});
  WEIR_ASSIGN_OR_RAISE(stmt->name, ParseCompoundIdentifier());
  if (stmt->object == ObjectKind::kDatabase) {
    if (CheckWord("RESTRICT") || CheckWord("CASCADE")) {
      stmt->restrict_or_cascade = ToUpper(Next().value);
    }
  }
  return StatementPtr(std::move(stmt));
}

Result<StatementPtr> ParserImpl::ParseAlter() {
  SourcePos pos = Next().pos;
  if (!AcceptWord("TABLE")) {
    if (CheckWord("VIEW") || CheckWord("DATABASE") || CheckWord("FUNCTION") ||
        CheckWord("CATALOG")) {
      return ErrorAt(pos, StrCat("ALTER ", ToUpper(Peek().value), " is not supported yet"));
    }
    return Unexpected();
  }
  auto stmt = MakeNode<AlterTableStatement>(pos);
  stmt->if_exists = AcceptWords({"IF", "EXISTS"});
  WEIR_ASSIGN_OR_RAISE(stmt->name, ParseCompoundIdentifier());
  if (AcceptWord("RENAME")) {
    if (!CheckWord("TO")) {
      return ErrorAt(pos, "ALTER TABLE ... RENAME <column> is not supported yet");
    }
    Next();
    stmt->action = AlterTableAction::kRename;
    WEIR_ASSIGN_OR_RAISE(stmt->new_name, ParseCompoundIdentifier());
  } else if (AcceptWord("SET")) {
    stmt->action = AlterTableAction::kSetOptions;
    WEIR_ASSIGN_OR_RAISE(stmt->options, ParseOptions());
  } else if (AcceptWord("RESET")) {
    stmt->action = AlterTableAction::kResetOptions;
    WEIR_RETURN_NOT_OK(Expect(TokenKind::kLParen));
    do {
      WEIR_ASSIGN_OR_RAISE(std::string key, ParseStringLiteral());
      stmt->reset_keys.push_back(std::move(key));
    } while (Accept(TokenKind::kComma));
    WEIR_RETURN_NOT_OK(Expect(TokenKind::kRParen));
  } else {
    for (std::string_view w : {"ADD", "MODIFY", "DROP", "DISTRIBUTED"}) {
      if (Peek().IsWord(w)) {
        return ErrorAt(Peek().pos, StrCat("ALTER TABLE ... ", w, " is not supported yet"));
      }
    }
    return Unexpected();
  }
  return StatementPtr(std::move(stmt));
}

}  // namespace weir::sql::ast::internal
