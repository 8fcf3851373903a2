// Printing of expressions and data types as canonical SQL.
#include "weir/sql/parser/ast_printer.h"

#include <cctype>

#include "weir/sql/parser/ast_printer_internal.h"

namespace weir::sql::ast {

std::string QuoteIdentifier(std::string_view name) {
  std::string out = "`";
  for (char c : name) {
    if (c == '`') out.push_back('`');
    out.push_back(c);
  }
  out.push_back('`');
  return out;
}

std::string QuoteName(const std::vector<std::string>& parts) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out.push_back('.');
    out += QuoteIdentifier(parts[i]);
  }
  return out;
}

std::string QuoteString(std::string_view value) {
  std::string out = "'";
  for (char c : value) {
    if (c == '\'') out.push_back('\'');
    out.push_back(c);
  }
  out.push_back('\'');
  return out;
}

const char* BinaryOpName(BinaryOp op) {
  switch (op) {
    case BinaryOp::kOr:
      return "OR";
    case BinaryOp::kAnd:
      return "AND";
    case BinaryOp::kEq:
      return "=";
    case BinaryOp::kNe:
      return "<>";
    case BinaryOp::kLt:
      return "<";
    case BinaryOp::kLe:
      return "<=";
    case BinaryOp::kGt:
      return ">";
    case BinaryOp::kGe:
      return ">=";
    case BinaryOp::kIsDistinctFrom:
      return "IS DISTINCT FROM";
    case BinaryOp::kIsNotDistinctFrom:
      return "IS NOT DISTINCT FROM";
    case BinaryOp::kPlus:
      return "+";
    case BinaryOp::kMinus:
      return "-";
    case BinaryOp::kMul:
      return "*";
    case BinaryOp::kDiv:
      return "/";
    case BinaryOp::kMod:
      return "%";
    case BinaryOp::kConcat:
      return "||";
    case BinaryOp::kOverlaps:
      return "OVERLAPS";
  }
  return "?";
}

const char* ObjectKindName(ObjectKind kind) {
  switch (kind) {
    case ObjectKind::kTable:
      return "TABLE";
    case ObjectKind::kView:
      return "VIEW";
    case ObjectKind::kFunction:
      return "FUNCTION";
    case ObjectKind::kCatalog:
      return "CATALOG";
    case ObjectKind::kDatabase:
      return "DATABASE";
  }
  return "?";
}

namespace internal {

bool IsBareIdentifier(std::string_view name) {
  if (name.empty() || !(std::isalpha(static_cast<unsigned char>(name[0])) || name[0] == '_')) {
    return false;
  }
  std::string upper(name);
  for (char& c : upper) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) return false;
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return !IsReservedKeyword(upper);
}

namespace {

// Binding strength of an expression: higher binds tighter.
enum Prec : int {
  kPrecOr = 1,
  kPrecAnd = 2,
  kPrecNot = 3,
  kPrecPredicate = 4,
  kPrecAdd = 5,
  kPrecMul = 6,
  kPrecUnary = 7,
  kPrecPrimary = 8,
};

int PrecOf(const Expr& e) {
  switch (e.kind) {
    case ExprKind::kBinary:
      switch (e.As<BinaryExpr>().op) {
        case BinaryOp::kOr:
          return kPrecOr;
        case BinaryOp::kAnd:
          return kPrecAnd;
        case BinaryOp::kPlus:
        case BinaryOp::kMinus:
          return kPrecAdd;
        case BinaryOp::kMul:
        case BinaryOp::kDiv:
        case BinaryOp::kMod:
        case BinaryOp::kConcat:
          return kPrecMul;
        default:
          return kPrecPredicate;
      }
    case ExprKind::kUnary:
      return e.As<UnaryExpr>().op == UnaryOp::kNot ? kPrecNot : kPrecUnary;
    case ExprKind::kIs:
    case ExprKind::kBetween:
    case ExprKind::kInList:
    case ExprKind::kInQuery:
    case ExprKind::kLike:
      return kPrecPredicate;
    default:
      return kPrecPrimary;
  }
}

void PrintAt(const Expr& e, int min_prec, std::string& out) {
  if (PrecOf(e) < min_prec) {
    out.push_back('(');
    PrintExpr(e, out);
    out.push_back(')');
  } else {
    PrintExpr(e, out);
  }
}

bool IsPlainWord(std::string_view name) {
  if (name.empty() || !(std::isalpha(static_cast<unsigned char>(name[0])) || name[0] == '_')) {
    return false;
  }
  for (char c : name) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) return false;
  }
  std::string upper(name);
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  static constexpr std::string_view kCallable[] = {"YEAR",   "MONTH", "DAY",   "HOUR",  "MINUTE",
                                                   "SECOND", "LEFT",  "RIGHT", "INSERT"};
  for (std::string_view w : kCallable) {
    if (upper == w) return true;
  }
  return !IsReservedKeyword(upper);
}

void PrintFunctionName(const std::vector<std::string>& name, std::string& out) {
  for (size_t i = 0; i < name.size(); ++i) {
    if (i > 0) out.push_back('.');
    out += IsPlainWord(name[i]) && name.size() == 1 ? name[i] : QuoteIdentifier(name[i]);
  }
}

void PrintList(const std::vector<ExprPtr>& list, std::string& out) {
  for (size_t i = 0; i < list.size(); ++i) {
    if (i > 0) out += ", ";
    PrintExpr(*list[i], out);
  }
}

void PrintJsonBehavior(const JsonBehavior& b, const char* target, std::string& out) {
  out += " ";
  out += b.behavior;
  if (b.default_value) {
    out += " ";
    PrintExpr(*b.default_value, out);
  }
  out += " ON ";
  out += target;
}

void PrintCall(const CallExpr& c, std::string& out) {
  if (c.syntax == CallSyntax::kNiladic) {
    out += c.name[0];
    return;
  }
  PrintFunctionName(c.name, out);
  out.push_back('(');
  const auto& a = c.args;
  switch (c.syntax) {
    case CallSyntax::kExtract:
      out += a[0]->As<SymbolExpr>().symbol + " FROM ";
      PrintExpr(*a[1], out);
      break;
    case CallSyntax::kTrim:
      out += a[0]->As<SymbolExpr>().symbol + " ";
      PrintExpr(*a[1], out);
      out += " FROM ";
      PrintExpr(*a[2], out);
      break;
    case CallSyntax::kPosition:
      PrintAt(*a[0], kPrecAdd, out);
      out += " IN ";
      PrintExpr(*a[1], out);
      if (a.size() > 2) {
        out += " FROM ";
        PrintExpr(*a[2], out);
      }
      break;
    case CallSyntax::kOverlay:
      PrintExpr(*a[0], out);
      out += " PLACING ";
      PrintExpr(*a[1], out);
      out += " FROM ";
      PrintExpr(*a[2], out);
      if (a.size() > 3) {
        out += " FOR ";
        PrintExpr(*a[3], out);
      }
      break;
    case CallSyntax::kSubstring:
      PrintExpr(*a[0], out);
      out += " FROM ";
      PrintExpr(*a[1], out);
      if (a.size() > 2) {
        out += " FOR ";
        PrintExpr(*a[2], out);
      }
      break;
    case CallSyntax::kFloorCeil:
      PrintExpr(*a[0], out);
      out += " TO " + a[1]->As<SymbolExpr>().symbol;
      break;
    case CallSyntax::kJsonValue:
      PrintList(a, out);
      if (c.json.returning) {
        out += " RETURNING ";
        PrintType(*c.json.returning, out);
      }
      if (!c.json.wrapper.empty()) out += " " + c.json.wrapper + " WRAPPER";
      if (c.json.on_empty) PrintJsonBehavior(*c.json.on_empty, "EMPTY", out);
      if (c.json.on_error) PrintJsonBehavior(*c.json.on_error, "ERROR", out);
      break;
    case CallSyntax::kJsonObject:
      for (size_t i = 0; i + 1 < a.size(); i += 2) {
        if (i > 0) out += ", ";
        out += "KEY ";
        PrintAt(*a[i], kPrecAdd, out);
        out += " VALUE ";
        PrintExpr(*a[i + 1], out);
      }
      if (!c.json.on_null.empty()) out += (a.empty() ? "" : " ") + c.json.on_null + " ON NULL";
      break;
    case CallSyntax::kJsonArray:
      PrintList(a, out);
      if (!c.arg_order_by.empty()) {
        out += " ORDER BY ";
        PrintOrderItems(c.arg_order_by, out);
      }
      if (!c.json.on_null.empty()) out += (a.empty() ? "" : " ") + c.json.on_null + " ON NULL";
      break;
    case CallSyntax::kFunction:
    case CallSyntax::kNiladic:
      if (c.star) {
        out.push_back('*');
      } else {
        if (c.distinct) out += "DISTINCT ";
        if (c.all) out += "ALL ";
        PrintList(a, out);
      }
      break;
  }
  out.push_back(')');
  if (c.within_group_set) {
    out += " WITHIN GROUP (ORDER BY ";
    PrintOrderItems(c.within_group, out);
    out += ")";
  }
  if (c.filter) {
    out += " FILTER (WHERE ";
    PrintExpr(*c.filter, out);
    out += ")";
  }
  if (c.null_treatment) out += " " + *c.null_treatment;
  if (c.over) {
    out += " OVER ";
    PrintWindowSpec(*c.over, out);
  } else if (c.over_name) {
    out += " OVER " + QuoteIdentifier(*c.over_name);
  }
}

void PrintLiteral(const LiteralExpr& l, std::string& out) {
  switch (l.literal) {
    case LiteralKind::kExactNumeric:
    case LiteralKind::kApproxNumeric:
    case LiteralKind::kBoolean:
      out += l.text;
      return;
    case LiteralKind::kString:
      out += QuoteString(l.text);
      return;
    case LiteralKind::kBinary:
      out += "X'" + l.text + "'";
      return;
    case LiteralKind::kNull:
      out += "NULL";
      return;
    case LiteralKind::kDate:
      out += "DATE " + QuoteString(l.text);
      return;
    case LiteralKind::kTime:
      out += "TIME " + QuoteString(l.text);
      return;
    case LiteralKind::kTimestamp:
      out += "TIMESTAMP " + QuoteString(l.text);
      return;
    case LiteralKind::kTimestampLtz:
      out += "TIMESTAMP_LTZ " + QuoteString(l.text);
      return;
    case LiteralKind::kInterval:
      out += "INTERVAL ";
      if (l.negative) out += "-";
      out += QuoteString(l.text) + " ";
      PrintIntervalQualifier(l.qualifier, out);
      return;
  }
}

}  // namespace

void PrintIntervalQualifier(const IntervalQualifier& q, std::string& out) {
  out += DateTimeUnitName(q.start);
  const bool second_start = q.start == DateTimeUnit::kSecond;
  if (q.start_precision) {
    out += StrCat("(", *q.start_precision);
    if (second_start && !q.end && q.fractional_precision) {
      out += StrCat(", ", *q.fractional_precision);
    }
    out += ")";
  }
  if (q.end) {
    out += " TO ";
    out += DateTimeUnitName(*q.end);
    if (*q.end == DateTimeUnit::kSecond && q.fractional_precision) {
      out += StrCat("(", *q.fractional_precision, ")");
    }
  }
}

void PrintOrderItems(const std::vector<OrderItem>& items, std::string& out) {
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ", ";
    PrintExpr(*items[i].expr, out);
    if (items[i].descending) out += " DESC";
    if (items[i].nulls_first) out += *items[i].nulls_first ? " NULLS FIRST" : " NULLS LAST";
  }
}

namespace {

void PrintBound(const FrameBound& b, std::string& out) {
  switch (b.kind) {
    case BoundKind::kUnboundedPreceding:
      out += "UNBOUNDED PRECEDING";
      return;
    case BoundKind::kUnboundedFollowing:
      out += "UNBOUNDED FOLLOWING";
      return;
    case BoundKind::kCurrentRow:
      out += "CURRENT ROW";
      return;
    case BoundKind::kPreceding:
    case BoundKind::kFollowing:
      PrintAt(*b.offset, kPrecAdd, out);
      out += b.kind == BoundKind::kPreceding ? " PRECEDING" : " FOLLOWING";
      return;
  }
}

}  // namespace

void PrintWindowSpec(const WindowSpec& w, std::string& out) {
  out.push_back('(');
  std::string sep;
  if (w.base_name) {
    out += QuoteIdentifier(*w.base_name);
    sep = " ";
  }
  if (!w.partition_by.empty()) {
    out += sep + "PARTITION BY ";
    PrintList(w.partition_by, out);
    sep = " ";
  }
  if (!w.order_by.empty()) {
    out += sep + "ORDER BY ";
    PrintOrderItems(w.order_by, out);
    sep = " ";
  }
  if (w.frame) {
    out += sep + (w.frame->unit == FrameUnit::kRows ? "ROWS " : "RANGE ");
    if (w.frame->end) {
      out += "BETWEEN ";
      PrintBound(w.frame->start, out);
      out += " AND ";
      PrintBound(*w.frame->end, out);
    } else {
      PrintBound(w.frame->start, out);
    }
  }
  out.push_back(')');
}

void PrintExpr(const Expr& e, std::string& out) {
  switch (e.kind) {
    case ExprKind::kLiteral:
      PrintLiteral(e.As<LiteralExpr>(), out);
      return;
    case ExprKind::kIdentifier:
      out += QuoteName(e.As<IdentifierExpr>().names);
      return;
    case ExprKind::kStar: {
      const auto& s = e.As<StarExpr>();
      if (!s.qualifier.empty()) out += QuoteName(s.qualifier) + ".";
      out += "*";
      return;
    }
    case ExprKind::kCall:
      PrintCall(e.As<CallExpr>(), out);
      return;
    case ExprKind::kCast: {
      const auto& c = e.As<CastExpr>();
      out += c.try_cast ? "TRY_CAST(" : "CAST(";
      PrintExpr(*c.operand, out);
      out += " AS ";
      PrintType(*c.type, out);
      out += ")";
      return;
    }
    case ExprKind::kCase: {
      const auto& c = e.As<CaseExpr>();
      out += "CASE";
      if (c.operand) {
        out += " ";
        PrintExpr(*c.operand, out);
      }
      for (const auto& [when, then] : c.when_then) {
        out += " WHEN ";
        PrintExpr(*when, out);
        out += " THEN ";
        PrintExpr(*then, out);
      }
      if (c.else_expr) {
        out += " ELSE ";
        PrintExpr(*c.else_expr, out);
      }
      out += " END";
      return;
    }
    case ExprKind::kUnary: {
      const auto& u = e.As<UnaryExpr>();
      if (u.op == UnaryOp::kNot) {
        out += "NOT ";
        PrintAt(*u.operand, kPrecNot, out);
      } else {
        out += u.op == UnaryOp::kMinus ? "-" : "+";
        // Keep "- -x" from turning into a "--" comment.
        PrintAt(*u.operand, u.operand->kind == ExprKind::kUnary ? kPrecPrimary : kPrecUnary, out);
      }
      return;
    }
    case ExprKind::kBinary: {
      const auto& b = e.As<BinaryExpr>();
      int prec = PrecOf(e);
      const bool predicate = prec == kPrecPredicate;
      PrintAt(*b.left, predicate ? prec + 1 : prec, out);
      out += " ";
      out += BinaryOpName(b.op);
      out += " ";
      PrintAt(*b.right, prec + 1, out);
      return;
    }
    case ExprKind::kIs: {
      const auto& i = e.As<IsExpr>();
      PrintAt(*i.operand, kPrecAdd, out);
      out += i.negated ? " IS NOT " : " IS ";
      out += i.what;
      return;
    }
    case ExprKind::kBetween: {
      const auto& b = e.As<BetweenExpr>();
      PrintAt(*b.operand, kPrecAdd, out);
      out += b.negated ? " NOT BETWEEN " : " BETWEEN ";
      if (b.symmetric) out += "SYMMETRIC ";
      PrintAt(*b.low, kPrecAdd, out);
      out += " AND ";
      PrintAt(*b.high, kPrecAdd, out);
      return;
    }
    case ExprKind::kInList: {
      const auto& i = e.As<InListExpr>();
      PrintAt(*i.operand, kPrecAdd, out);
      out += i.negated ? " NOT IN (" : " IN (";
      PrintList(i.list, out);
      out += ")";
      return;
    }
    case ExprKind::kInQuery: {
      const auto& i = e.As<InQueryExpr>();
      PrintAt(*i.operand, kPrecAdd, out);
      out += i.negated ? " NOT IN (" : " IN (";
      PrintQuery(*i.query, out);
      out += ")";
      return;
    }
    case ExprKind::kLike: {
      const auto& l = e.As<LikeExpr>();
      PrintAt(*l.operand, kPrecAdd, out);
      out += l.negated ? " NOT" : "";
      out += l.op == LikeOp::kLike ? " LIKE " : l.op == LikeOp::kILike ? " ILIKE " : " SIMILAR TO ";
      PrintAt(*l.pattern, kPrecAdd, out);
      if (l.escape) {
        out += " ESCAPE ";
        PrintAt(*l.escape, kPrecAdd, out);
      }
      return;
    }
    case ExprKind::kExists:
      out += "EXISTS (";
      PrintQuery(*e.As<ExistsExpr>().query, out);
      out += ")";
      return;
    case ExprKind::kSubquery:
      out += "(";
      PrintQuery(*e.As<SubqueryExpr>().query, out);
      out += ")";
      return;
    case ExprKind::kConstructor: {
      const auto& c = e.As<ConstructorExpr>();
      switch (c.constructor) {
        case ConstructorKind::kRow:
          out += "ROW(";
          break;
        case ConstructorKind::kImplicitRow:
          out += "(";
          break;
        case ConstructorKind::kArray:
          out += c.query ? "ARRAY(" : "ARRAY[";
          break;
        case ConstructorKind::kMap:
          out += c.query ? "MAP(" : "MAP[";
          break;
      }
      if (c.query) {
        PrintQuery(*c.query, out);
        out += ")";
        return;
      }
      PrintList(c.args, out);
      const bool brackets =
          c.constructor == ConstructorKind::kArray || c.constructor == ConstructorKind::kMap;
      out += brackets ? "]" : ")";
      return;
    }
    case ExprKind::kItem: {
      const auto& i = e.As<ItemExpr>();
      PrintAt(*i.base, kPrecPrimary, out);
      out += "[";
      PrintExpr(*i.index, out);
      out += "]";
      return;
    }
    case ExprKind::kField: {
      const auto& f = e.As<FieldExpr>();
      // Parentheses keep the base from merging into a compound name.
      const bool paren = f.base->kind != ExprKind::kCall && f.base->kind != ExprKind::kItem &&
                         f.base->kind != ExprKind::kField;
      if (paren) out += "(";
      PrintExpr(*f.base, out);
      if (paren) out += ")";
      out += "." + QuoteIdentifier(f.field);
      return;
    }
    case ExprKind::kSymbol:
      out += e.As<SymbolExpr>().symbol;
      return;
    case ExprKind::kTableArg: {
      const auto& t = e.As<TableArgExpr>();
      out += "TABLE ";
      if (t.query) {
        out += "(";
        PrintQuery(*t.query, out);
        out += ")";
      } else {
        out += QuoteName(t.table);
      }
      if (t.partition_by.size() == 1) {
        out += " PARTITION BY ";
        PrintExpr(*t.partition_by[0], out);
      } else if (!t.partition_by.empty()) {
        out += " PARTITION BY (";
        PrintList(t.partition_by, out);
        out += ")";
      }
      if (!t.order_by.empty()) {
        out += " ORDER BY ";
        PrintOrderItems(t.order_by, out);
      }
      return;
    }
    case ExprKind::kDescriptor: {
      const auto& d = e.As<DescriptorExpr>();
      out += "DESCRIPTOR(";
      for (size_t i = 0; i < d.columns.size(); ++i) {
        if (i > 0) out += ", ";
        out += QuoteIdentifier(d.columns[i]);
      }
      out += ")";
      return;
    }
    case ExprKind::kNamedArg: {
      const auto& n = e.As<NamedArgExpr>();
      out += QuoteIdentifier(n.name) + " => ";
      PrintExpr(*n.value, out);
      return;
    }
    case ExprKind::kParam:
      out += "?";
      return;
  }
}

void PrintType(const DataTypeNode& t, std::string& out) {
  auto precision = [&]() {
    if (t.precision) out += StrCat("(", *t.precision, ")");
  };
  switch (t.name) {
    case TypeName::kBoolean:
      out += "BOOLEAN";
      break;
    case TypeName::kTinyInt:
      out += "TINYINT";
      break;
    case TypeName::kSmallInt:
      out += "SMALLINT";
      break;
    case TypeName::kInt:
      out += "INT";
      break;
    case TypeName::kBigInt:
      out += "BIGINT";
      break;
    case TypeName::kFloat:
      out += "FLOAT";
      break;
    case TypeName::kDouble:
      out += "DOUBLE";
      break;
    case TypeName::kDecimal:
      out += "DECIMAL";
      if (t.precision) {
        out += StrCat("(", *t.precision);
        if (t.scale) out += StrCat(", ", *t.scale);
        out += ")";
      }
      break;
    case TypeName::kChar:
      out += "CHAR";
      precision();
      break;
    case TypeName::kVarChar:
      out += "VARCHAR";
      precision();
      break;
    case TypeName::kString:
      out += "STRING";
      break;
    case TypeName::kBinary:
      out += "BINARY";
      precision();
      break;
    case TypeName::kVarBinary:
      out += "VARBINARY";
      precision();
      break;
    case TypeName::kBytes:
      out += "BYTES";
      break;
    case TypeName::kDate:
      out += "DATE";
      break;
    case TypeName::kTime:
      out += "TIME";
      precision();
      break;
    case TypeName::kTimestamp:
      out += "TIMESTAMP";
      precision();
      if (t.with_time_zone) out += " WITH TIME ZONE";
      break;
    case TypeName::kTimestampLtz:
      if (t.ltz_keyword) {
        out += "TIMESTAMP_LTZ";
        precision();
      } else {
        out += "TIMESTAMP";
        precision();
        out += " WITH LOCAL TIME ZONE";
      }
      break;
    case TypeName::kInterval:
      out += "INTERVAL ";
      PrintIntervalQualifier(t.interval, out);
      break;
    case TypeName::kArray:
    case TypeName::kMultiset:
      out += t.name == TypeName::kArray ? "ARRAY<" : "MULTISET<";
      PrintType(*t.element, out);
      out += ">";
      break;
    case TypeName::kMap:
      out += "MAP<";
      PrintType(*t.element, out);
      out += ", ";
      PrintType(*t.value, out);
      out += ">";
      break;
    case TypeName::kRow:
      out += t.row_angle_brackets ? "ROW<" : "ROW(";
      for (size_t i = 0; i < t.fields.size(); ++i) {
        if (i > 0) out += ", ";
        out += QuoteIdentifier(t.fields[i].name) + " ";
        PrintType(*t.fields[i].type, out);
        if (t.fields[i].description) out += " " + QuoteString(*t.fields[i].description);
      }
      out += t.row_angle_brackets ? ">" : ")";
      break;
    case TypeName::kNull:
      out += "NULL";
      break;
    case TypeName::kUserDefined:
      out += QuoteName(t.user_name);
      break;
  }
  if (!t.nullable && t.name != TypeName::kNull) out += " NOT NULL";
}

}  // namespace internal

std::string ToSql(const Expr& expr) {
  std::string out;
  internal::PrintExpr(expr, out);
  return out;
}

std::string ToSql(const DataTypeNode& type) {
  std::string out;
  internal::PrintType(type, out);
  return out;
}

std::string ToSql(const Query& query) {
  std::string out;
  internal::PrintQuery(query, out);
  return out;
}

}  // namespace weir::sql::ast
