// Printing of queries and statements as canonical SQL.
#include "weir/sql/parser/ast_printer.h"
#include "weir/sql/parser/ast_printer_internal.h"

namespace weir::sql::ast {

namespace internal {

namespace {

void PrintNames(const std::vector<std::string>& names, std::string& out) {
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += ", ";
    out += QuoteIdentifier(names[i]);
  }
}

void PrintOptions(const Options& options, std::string& out) {
  out += "WITH (\n";
  for (size_t i = 0; i < options.size(); ++i) {
    out += "  " + QuoteString(options[i].first) + " = " + QuoteString(options[i].second);
    out += i + 1 < options.size() ? ",\n" : "\n";
  }
  out += ")";
}

void PrintHints(const std::vector<Hint>& hints, std::string& out) {
  out += "/*+ ";
  for (size_t i = 0; i < hints.size(); ++i) {
    if (i > 0) out += ", ";
    const Hint& h = hints[i];
    out += IsBareIdentifier(h.name) ? h.name : QuoteIdentifier(h.name);
    if (!h.options.empty()) {
      out += "(";
      for (size_t k = 0; k < h.options.size(); ++k) {
        if (k > 0) out += ", ";
        out += QuoteString(h.options[k].first) + "=" + QuoteString(h.options[k].second);
      }
      out += ")";
    } else if (!h.args.empty()) {
      out += "(";
      for (size_t k = 0; k < h.args.size(); ++k) {
        if (k > 0) out += ", ";
        out += QuoteIdentifier(h.args[k]);
      }
      out += ")";
    }
  }
  out += " */";
}

void PrintAlias(const TableRef& ref, std::string& out) {
  if (!ref.alias) return;
  out += " AS " + QuoteIdentifier(*ref.alias);
  if (!ref.column_aliases.empty()) {
    out += " (";
    PrintNames(ref.column_aliases, out);
    out += ")";
  }
}

void PrintTableRef(const TableRef& ref, std::string& out) {
  switch (ref.kind) {
    case TableRefKind::kNamed: {
      const auto& t = ref.As<NamedTableRef>();
      out += QuoteName(t.name);
      if (!t.hints.empty()) {
        out += " ";
        PrintHints(t.hints, out);
      }
      if (t.system_time) {
        out += " FOR SYSTEM_TIME AS OF ";
        PrintExpr(*t.system_time, out);
      }
      break;
    }
    case TableRefKind::kDerived: {
      const auto& t = ref.As<DerivedTableRef>();
      if (t.lateral) out += "LATERAL ";
      out += "(";
      PrintQuery(*t.query, out);
      out += ")";
      break;
    }
    case TableRefKind::kFunction: {
      const auto& t = ref.As<FunctionTableRef>();
      // Always TABLE(...): both Flink 1.x and 2.x accept it.
      if (t.lateral) out += "LATERAL ";
      out += "TABLE(";
      PrintExpr(*t.call, out);
      out += ")";
      break;
    }
    case TableRefKind::kUnnest: {
      const auto& t = ref.As<UnnestTableRef>();
      out += "UNNEST(";
      for (size_t i = 0; i < t.args.size(); ++i) {
        if (i > 0) out += ", ";
        PrintExpr(*t.args[i], out);
      }
      out += ")";
      if (t.with_ordinality) out += " WITH ORDINALITY";
      break;
    }
    case TableRefKind::kJoin: {
      const auto& j = ref.As<JoinTableRef>();
      PrintTableRef(*j.left, out);
      const bool right_join = j.right->kind == TableRefKind::kJoin;
      switch (j.join) {
        case JoinType::kComma:
          out += ",\n";
          break;
        case JoinType::kInner:
          out += j.natural ? "\nNATURAL JOIN " : "\nJOIN ";
          break;
        case JoinType::kLeft:
          out += j.natural ? "\nNATURAL LEFT JOIN " : "\nLEFT JOIN ";
          break;
        case JoinType::kRight:
          out += j.natural ? "\nNATURAL RIGHT JOIN " : "\nRIGHT JOIN ";
          break;
        case JoinType::kFull:
          out += j.natural ? "\nNATURAL FULL JOIN " : "\nFULL JOIN ";
          break;
        case JoinType::kCross:
          out += "\nCROSS JOIN ";
          break;
      }
      if (right_join) out += "(";
      PrintTableRef(*j.right, out);
      if (right_join) out += ")";
      if (j.on) {
        out += " ON ";
        PrintExpr(*j.on, out);
      } else if (!j.using_columns.empty()) {
        out += " USING (";
        PrintNames(j.using_columns, out);
        out += ")";
      }
      return;
    }
  }
  PrintAlias(ref, out);
}

void PrintGroupItems(const std::vector<GroupItem>& items, std::string& out) {
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ", ";
    const GroupItem& g = items[i];
    switch (g.kind) {
      case GroupItemKind::kExpr:
        PrintExpr(*g.expr, out);
        break;
      case GroupItemKind::kEmpty:
        out += "()";
        break;
      case GroupItemKind::kGroupingSets:
      case GroupItemKind::kRollup:
      case GroupItemKind::kCube:
        out += g.kind == GroupItemKind::kGroupingSets ? "GROUPING SETS ("
               : g.kind == GroupItemKind::kRollup     ? "ROLLUP ("
                                                      : "CUBE (";
        PrintGroupItems(g.children, out);
        out += ")";
        break;
    }
  }
}

void PrintBody(const QueryBody& body, std::string& out) {
  switch (body.kind) {
    case QueryBodyKind::kSelect: {
      const auto& s = body.As<SelectBody>();
      out += "SELECT ";
      if (!s.hints.empty()) {
        PrintHints(s.hints, out);
        out += " ";
      }
      if (s.distinct) out += "DISTINCT ";
      if (s.all) out += "ALL ";
      for (size_t i = 0; i < s.items.size(); ++i) {
        if (i > 0) out += ", ";
        PrintExpr(*s.items[i].expr, out);
        if (s.items[i].alias) out += " AS " + QuoteIdentifier(*s.items[i].alias);
      }
      if (s.from) {
        out += "\nFROM ";
        PrintTableRef(*s.from, out);
      }
      if (s.where) {
        out += "\nWHERE ";
        PrintExpr(*s.where, out);
      }
      if (!s.group_by.empty()) {
        out += s.group_by_distinct ? "\nGROUP BY DISTINCT " : "\nGROUP BY ";
        PrintGroupItems(s.group_by, out);
      }
      if (s.having) {
        out += "\nHAVING ";
        PrintExpr(*s.having, out);
      }
      for (size_t i = 0; i < s.windows.size(); ++i) {
        out += i == 0 ? "\nWINDOW " : ", ";
        out += QuoteIdentifier(s.windows[i].name) + " AS ";
        PrintWindowSpec(s.windows[i].spec, out);
      }
      return;
    }
    case QueryBodyKind::kSetOp: {
      const auto& s = body.As<SetOpBody>();
      PrintBody(*s.left, out);
      out += s.op == SetOp::kUnion       ? "\nUNION"
             : s.op == SetOp::kIntersect ? "\nINTERSECT"
                                         : "\nEXCEPT";
      if (s.all) out += " ALL";
      if (s.distinct) out += " DISTINCT";
      out += "\n";
      // The parser builds left-deep trees; a set operation on the right came from parentheses.
      const bool paren = s.right->kind == QueryBodyKind::kSetOp;
      if (paren) out += "(";
      PrintBody(*s.right, out);
      if (paren) out += ")";
      return;
    }
    case QueryBodyKind::kValues: {
      const auto& v = body.As<ValuesBody>();
      out += "VALUES ";
      for (size_t r = 0; r < v.rows.size(); ++r) {
        if (r > 0) out += ", ";
        out += "(";
        for (size_t i = 0; i < v.rows[r].size(); ++i) {
          if (i > 0) out += ", ";
          PrintExpr(*v.rows[r][i], out);
        }
        out += ")";
      }
      return;
    }
    case QueryBodyKind::kNested:
      out += "(";
      PrintQuery(*body.As<NestedBody>().query, out);
      out += ")";
      return;
  }
}

void PrintColumn(const ColumnDef& c, std::string& out) {
  out += QuoteIdentifier(c.name);
  switch (c.column_kind) {
    case ColumnKind::kPhysical:
      out += " ";
      PrintType(*c.type, out);
      break;
    case ColumnKind::kComputed:
      out += " AS ";
      PrintExpr(*c.expr, out);
      break;
    case ColumnKind::kMetadata:
      out += " ";
      PrintType(*c.type, out);
      out += " METADATA";
      if (c.metadata_key) out += " FROM " + QuoteString(*c.metadata_key);
      if (c.is_virtual) out += " VIRTUAL";
      break;
  }
  if (c.comment) out += " COMMENT " + QuoteString(*c.comment);
}

void PrintCreateTable(const CreateTableStatement& s, std::string& out) {
  if (s.replace_only) {
    out += "REPLACE TABLE ";
  } else {
    out += s.or_replace ? "CREATE OR REPLACE " : "CREATE ";
    if (s.temporary) out += "TEMPORARY ";
    out += "TABLE ";
  }
  if (s.if_not_exists) out += "IF NOT EXISTS ";
  out += QuoteName(s.name);
  if (s.has_schema) {
    out += " (\n";
    std::vector<std::string> lines;
    for (const ColumnDef& c : s.columns) {
      std::string line;
      PrintColumn(c, line);
      lines.push_back(std::move(line));
    }
    for (const WatermarkDef& w : s.watermarks) {
      std::string line = "WATERMARK FOR " + QuoteName(w.column) + " AS ";
      PrintExpr(*w.expr, line);
      lines.push_back(std::move(line));
    }
    if (s.primary_key) {
      std::string line;
      if (s.primary_key->constraint_name) {
        line += "CONSTRAINT " + QuoteIdentifier(*s.primary_key->constraint_name) + " ";
      }
      line += "PRIMARY KEY (";
      PrintNames(s.primary_key->columns, line);
      line += ")";
      if (!s.primary_key->enforced) line += " NOT ENFORCED";
      lines.push_back(std::move(line));
    }
    for (size_t i = 0; i < lines.size(); ++i) {
      out += "  " + lines[i] + (i + 1 < lines.size() ? ",\n" : "\n");
    }
    out += ")";
  }
  if (s.comment) out += "\nCOMMENT " + QuoteString(*s.comment);
  if (s.distribution) {
    const Distribution& d = *s.distribution;
    out += "\nDISTRIBUTED ";
    if (!d.columns.empty()) {
      out += "BY ";
      if (!d.algorithm.empty()) out += d.algorithm;
      out += "(";
      PrintNames(d.columns, out);
      out += ")";
      if (d.buckets) out += " ";
    }
    if (d.buckets) out += StrCat("INTO ", *d.buckets, " BUCKETS");
  }
  if (!s.partition_keys.empty()) {
    out += "\nPARTITIONED BY (";
    PrintNames(s.partition_keys, out);
    out += ")";
  }
  if (!s.options.empty()) {
    out += "\n";
    PrintOptions(s.options, out);
  }
  if (s.like) {
    out += "\nLIKE " + QuoteName(s.like->source);
    if (!s.like->options.empty()) {
      out += " (\n";
      for (const LikeOption& o : s.like->options) {
        out += o.mode == LikeOptionMode::kIncluding   ? "  INCLUDING "
               : o.mode == LikeOptionMode::kExcluding ? "  EXCLUDING "
                                                      : "  OVERWRITING ";
        out += o.feature + "\n";
      }
      out += ")";
    }
  }
  if (s.as_query) {
    out += "\nAS ";
    PrintQuery(*s.as_query, out);
  }
}

const char* ShowKindText(ShowKind k) {
  switch (k) {
    case ShowKind::kCatalogs:
      return "CATALOGS";
    case ShowKind::kCurrentCatalog:
      return "CURRENT CATALOG";
    case ShowKind::kDatabases:
      return "DATABASES";
    case ShowKind::kCurrentDatabase:
      return "CURRENT DATABASE";
    case ShowKind::kTables:
      return "TABLES";
    case ShowKind::kViews:
      return "VIEWS";
    case ShowKind::kFunctions:
      return "FUNCTIONS";
    case ShowKind::kColumns:
      return "COLUMNS";
    case ShowKind::kCreateTable:
      return "CREATE TABLE";
    case ShowKind::kCreateView:
      return "CREATE VIEW";
    case ShowKind::kJobs:
      return "JOBS";
    case ShowKind::kModules:
      return "MODULES";
    case ShowKind::kJars:
      return "JARS";
    case ShowKind::kPartitions:
      return "PARTITIONS";
  }
  return "?";
}

void PrintStatement(const Statement& stmt, std::string& out);

void PrintInsert(const InsertStatement& s, std::string& out) {
  out += s.overwrite ? "INSERT OVERWRITE " : "INSERT INTO ";
  out += QuoteName(s.table);
  if (!s.hints.empty()) {
    out += " ";
    PrintHints(s.hints, out);
  }
  if (!s.partition.empty()) {
    out += " PARTITION (";
    for (size_t i = 0; i < s.partition.size(); ++i) {
      if (i > 0) out += ", ";
      out += QuoteIdentifier(s.partition[i].first) + " = ";
      PrintExpr(*s.partition[i].second, out);
    }
    out += ")";
  }
  if (!s.columns.empty()) {
    out += " (";
    PrintNames(s.columns, out);
    out += ")";
  }
  out += "\n";
  PrintQuery(*s.query, out);
}

void PrintStatement(const Statement& stmt, std::string& out) {
  switch (stmt.kind) {
    case StatementKind::kQuery:
      PrintQuery(*stmt.As<QueryStatement>().query, out);
      return;
    case StatementKind::kInsert:
      PrintInsert(stmt.As<InsertStatement>(), out);
      return;
    case StatementKind::kCreateTable:
      PrintCreateTable(stmt.As<CreateTableStatement>(), out);
      return;
    case StatementKind::kCreateView: {
      const auto& s = stmt.As<CreateViewStatement>();
      out += s.or_replace ? "CREATE OR REPLACE " : "CREATE ";
      if (s.temporary) out += "TEMPORARY ";
      out += "VIEW ";
      if (s.if_not_exists) out += "IF NOT EXISTS ";
      out += QuoteName(s.name);
      if (!s.columns.empty()) {
        out += " (";
        PrintNames(s.columns, out);
        out += ")";
      }
      if (s.comment) out += " COMMENT " + QuoteString(*s.comment);
      out += " AS\n";
      PrintQuery(*s.query, out);
      return;
    }
    case StatementKind::kCreateFunction: {
      const auto& s = stmt.As<CreateFunctionStatement>();
      out += "CREATE ";
      if (s.temporary) out += s.system ? "TEMPORARY SYSTEM " : "TEMPORARY ";
      out += "FUNCTION ";
      if (s.if_not_exists) out += "IF NOT EXISTS ";
      out += QuoteName(s.name) + " AS " + QuoteString(s.class_name);
      if (s.language) out += " LANGUAGE " + *s.language;
      for (size_t i = 0; i < s.jars.size(); ++i) {
        out += i == 0 ? " USING JAR " : ", JAR ";
        out += QuoteString(s.jars[i]);
      }
      return;
    }
    case StatementKind::kCreateCatalog: {
      const auto& s = stmt.As<CreateCatalogStatement>();
      out += "CREATE CATALOG ";
      if (s.if_not_exists) out += "IF NOT EXISTS ";
      out += QuoteIdentifier(s.name);
      if (s.comment) out += " COMMENT " + QuoteString(*s.comment);
      out += " ";
      PrintOptions(s.options, out);
      return;
    }
    case StatementKind::kCreateDatabase: {
      const auto& s = stmt.As<CreateDatabaseStatement>();
      out += "CREATE DATABASE ";
      if (s.if_not_exists) out += "IF NOT EXISTS ";
      out += QuoteName(s.name);
      if (s.comment) out += " COMMENT " + QuoteString(*s.comment);
      if (!s.options.empty()) {
        out += " ";
        PrintOptions(s.options, out);
      }
      return;
    }
    case StatementKind::kDrop: {
      const auto& s = stmt.As<DropStatement>();
      out += "DROP ";
      if (s.temporary) out += s.system ? "TEMPORARY SYSTEM " : "TEMPORARY ";
      out += ObjectKindName(s.object);
      out += " ";
      if (s.if_exists) out += "IF EXISTS ";
      out += QuoteName(s.name);
      if (s.restrict_or_cascade) out += " " + *s.restrict_or_cascade;
      return;
    }
    case StatementKind::kUse: {
      const auto& s = stmt.As<UseStatement>();
      switch (s.target) {
        case UseStatement::Target::kCatalog:
          out += "USE CATALOG " + QuoteName(s.name);
          return;
        case UseStatement::Target::kDatabase:
          out += "USE " + QuoteName(s.name);
          return;
        case UseStatement::Target::kModules:
          out += "USE MODULES ";
          PrintNames(s.name, out);
          return;
      }
      return;
    }
    case StatementKind::kAlterTable: {
      const auto& s = stmt.As<AlterTableStatement>();
      out += "ALTER TABLE ";
      if (s.if_exists) out += "IF EXISTS ";
      out += QuoteName(s.name);
      switch (s.action) {
        case AlterTableAction::kRename:
          out += " RENAME TO " + QuoteName(s.new_name);
          return;
        case AlterTableAction::kSetOptions: {
          out += " SET (";
          for (size_t i = 0; i < s.options.size(); ++i) {
            if (i > 0) out += ", ";
            out += QuoteString(s.options[i].first) + " = " + QuoteString(s.options[i].second);
          }
          out += ")";
          return;
        }
        case AlterTableAction::kResetOptions: {
          out += " RESET (";
          for (size_t i = 0; i < s.reset_keys.size(); ++i) {
            if (i > 0) out += ", ";
            out += QuoteString(s.reset_keys[i]);
          }
          out += ")";
          return;
        }
      }
      return;
    }
    case StatementKind::kShow: {
      const auto& s = stmt.As<ShowStatement>();
      out += "SHOW ";
      if (s.user) out += "USER ";
      if (s.full) out += "FULL ";
      out += ShowKindText(s.show);
      if (s.from_keyword) {
        out += " " + *s.from_keyword + " " + QuoteName(s.name);
      } else if (!s.name.empty()) {
        out += " " + QuoteName(s.name);
      }
      if (s.like_pattern) {
        out += s.not_like ? " NOT " : " ";
        out += *s.like_keyword + " " + QuoteString(*s.like_pattern);
      }
      return;
    }
    case StatementKind::kDescribe: {
      const auto& s = stmt.As<DescribeStatement>();
      out += s.extended ? "DESCRIBE EXTENDED " : "DESCRIBE ";
      out += QuoteName(s.name);
      return;
    }
    case StatementKind::kExplain: {
      const auto& s = stmt.As<ExplainStatement>();
      out += "EXPLAIN ";
      if (s.plan_for) out += "PLAN FOR ";
      for (size_t i = 0; i < s.details.size(); ++i) {
        out += s.details[i];
        out += i + 1 < s.details.size() ? ", " : " ";
      }
      out += "\n";
      PrintStatement(*s.statement, out);
      return;
    }
    case StatementKind::kSet: {
      const auto& s = stmt.As<SetStatement>();
      out += "SET";
      if (s.key) out += " " + QuoteString(*s.key) + " = " + QuoteString(s.value.value_or(""));
      return;
    }
    case StatementKind::kReset: {
      const auto& s = stmt.As<ResetStatement>();
      out += "RESET";
      if (s.key) out += " " + QuoteString(*s.key);
      return;
    }
    case StatementKind::kStatementSet: {
      const auto& s = stmt.As<StatementSetStatement>();
      out += s.begin_first ? "BEGIN STATEMENT SET;\n" : "STATEMENT SET\nBEGIN\n";
      for (const StatementPtr& insert : s.inserts) {
        PrintStatement(*insert, out);
        out += ";\n";
      }
      out += "END";
      return;
    }
    case StatementKind::kExecute:
      out += "EXECUTE ";
      PrintStatement(*stmt.As<ExecuteStatement>().statement, out);
      return;
    case StatementKind::kCompilePlan: {
      const auto& s = stmt.As<CompilePlanStatement>();
      out += s.and_execute ? "COMPILE AND EXECUTE PLAN " : "COMPILE PLAN ";
      out += QuoteString(s.path);
      if (s.if_not_exists) out += " IF NOT EXISTS";
      out += " FOR\n";
      PrintStatement(*s.statement, out);
      return;
    }
    case StatementKind::kExecutePlan:
      out += "EXECUTE PLAN " + QuoteString(stmt.As<ExecutePlanStatement>().path);
      return;
    case StatementKind::kStopJob: {
      const auto& s = stmt.As<StopJobStatement>();
      out += "STOP JOB " + QuoteString(s.job_id);
      if (s.with_savepoint) out += " WITH SAVEPOINT";
      if (s.with_drain) out += " WITH DRAIN";
      return;
    }
  }
}

}  // namespace

void PrintQuery(const Query& q, std::string& out) {
  for (size_t i = 0; i < q.with.size(); ++i) {
    out += i == 0 ? "WITH " : ",\n";
    out += QuoteIdentifier(q.with[i].name);
    if (!q.with[i].columns.empty()) {
      out += " (";
      PrintNames(q.with[i].columns, out);
      out += ")";
    }
    out += " AS (";
    PrintQuery(*q.with[i].query, out);
    out += ")";
    if (i + 1 == q.with.size()) out += "\n";
  }
  PrintBody(*q.body, out);
  if (!q.order_by.empty()) {
    out += "\nORDER BY ";
    PrintOrderItems(q.order_by, out);
  }
  if (q.offset) {
    out += "\nOFFSET ";
    PrintExpr(*q.offset, out);
    out += " ROWS";
  }
  if (q.limit_all) {
    out += "\nLIMIT ALL";
  } else if (q.limit) {
    if (q.fetch_syntax) {
      out += "\nFETCH NEXT ";
      PrintExpr(*q.limit, out);
      out += " ROWS ONLY";
    } else {
      out += "\nLIMIT ";
      PrintExpr(*q.limit, out);
    }
  } else if (q.fetch_syntax) {
    out += "\nFETCH NEXT ROW ONLY";
  }
}

}  // namespace internal

std::string ToSql(const Statement& stmt) {
  std::string out;
  internal::PrintStatement(stmt, out);
  return out;
}

}  // namespace weir::sql::ast
