// ExpressionBinder: names, operators, calls, CAST and CASE bound into typed Expr trees.
#include "weir/sql/binder/expression_binder.h"

#include <cctype>
#include <set>

#include "weir/common/str_cat.h"
#include "weir/sql/functions/type_inference.h"

namespace weir::sql {

namespace {

// Aggregate functions: recognised so that their use reports "not supported yet".
bool IsAggregateName(const std::string& upper) {
  static const std::set<std::string> kNames = {"COUNT",
                                               "SUM",
                                               "SUM0",
                                               "AVG",
                                               "MIN",
                                               "MAX",
                                               "LISTAGG",
                                               "COLLECT",
                                               "FIRST_VALUE",
                                               "LAST_VALUE",
                                               "STDDEV",
                                               "STDDEV_POP",
                                               "STDDEV_SAMP",
                                               "VAR_POP",
                                               "VAR_SAMP",
                                               "VARIANCE",
                                               "ARRAY_AGG",
                                               "JSON_OBJECTAGG",
                                               "JSON_ARRAYAGG",
                                               "RANK",
                                               "DENSE_RANK",
                                               "ROW_NUMBER",
                                               "LEAD",
                                               "LAG",
                                               "NTILE",
                                               "CUME_DIST",
                                               "PERCENT_RANK",
                                               "BIT_AND",
                                               "BIT_OR",
                                               "BIT_XOR",
                                               "APPROX_COUNT_DISTINCT"};
  return kNames.count(upper) > 0;
}

// Grouping functions of the legacy group windows (GROUP BY TUMBLE(...)).
bool IsGroupWindowName(const std::string& upper) {
  static const std::set<std::string> kNames = {
      "TUMBLE",        "HOP",         "SESSION",         "CUMULATE",
      "TUMBLE_START",  "TUMBLE_END",  "TUMBLE_ROWTIME",  "TUMBLE_PROCTIME",
      "HOP_START",     "HOP_END",     "HOP_ROWTIME",     "HOP_PROCTIME",
      "SESSION_START", "SESSION_END", "SESSION_ROWTIME", "SESSION_PROCTIME",
      "GROUPING",      "GROUP_ID"};
  return kNames.count(upper) > 0;
}

// The type family Calcite names in "No match found for function signature f(<NUMERIC>)".
std::string TypeFamily(const LogicalType& t) {
  if (t.is_numeric()) return "<NUMERIC>";
  if (t.is_string()) return "<CHARACTER>";
  if (t.is_binary()) return "<BINARY>";
  switch (t.id()) {
    case TypeId::kNull:
      return "<NULL>";
    case TypeId::kBoolean:
      return "<BOOLEAN>";
    case TypeId::kDate:
      return "<DATE>";
    case TypeId::kTime:
      return "<TIME>";
    case TypeId::kTimestamp:
      return "<TIMESTAMP>";
    case TypeId::kTimestampLtz:
      return "<TIMESTAMP_WITH_LOCAL_TIME_ZONE>";
    case TypeId::kIntervalYearMonth:
      return "<INTERVAL_YEAR_MONTH>";
    case TypeId::kIntervalDayTime:
      return "<INTERVAL_DAY_TIME>";
    case TypeId::kArray:
      return "<ARRAY>";
    case TypeId::kMap:
      return "<MAP>";
    case TypeId::kMultiset:
      return "<MULTISET>";
    case TypeId::kRow:
      return "<ROW>";
    default:
      return StrCat("<", TypeIdName(t.id()), ">");
  }
}

std::string JoinName(const std::vector<std::string>& parts) {
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : ".") + p;
  return out;
}

Status NoSuchFunction(const std::string& name, const std::vector<ExprPtr>& args,
                      const ast::SourcePos& pos) {
  std::string sig;
  for (const ExprPtr& a : args) sig += (sig.empty() ? "" : ", ") + TypeFamily(a->type());
  return Status::Invalid("No match found for function signature ", name, "(", sig, ")",
                         PosSuffix(pos));
}

ExprPtr StringLiteral(const std::string& s) {
  return Expr::Literal(
      Value(s), LogicalType::Char(std::max<int32_t>(1, static_cast<int32_t>(s.size())), false));
}

// Niladic time functions as Flink types them, for registries without them.
std::optional<LogicalType> TimeFunctionType(const std::string& upper) {
  if (upper == "PROCTIME") {
    return LogicalType::TimestampLtz(3, false).WithTimestampKind(TimestampKind::kProctime);
  }
  if (upper == "CURRENT_TIMESTAMP" || upper == "NOW" || upper == "CURRENT_ROW_TIMESTAMP") {
    return LogicalType::TimestampLtz(3, false);
  }
  if (upper == "LOCALTIMESTAMP") return LogicalType::Timestamp(3, false);
  if (upper == "CURRENT_DATE") return LogicalType::Date(false);
  if (upper == "CURRENT_TIME" || upper == "LOCALTIME") return LogicalType::Time(0, false);
  return std::nullopt;
}

// Returns `e` with the time attribute dropped from its type (its top node retyped).
ExprPtr WithoutTimeAttribute(const ExprPtr& e) {
  return e->Rebuild(e->args(), e->type().WithTimestampKind(TimestampKind::kRegular));
}

// Collects the operands of a chain of the same AND/OR operator (Flink prints AND(a, b, c)).
void Flatten(const ast::Expr& e, ast::BinaryOp op, std::vector<const ast::Expr*>* out) {
  if (e.kind == ast::ExprKind::kBinary && e.As<ast::BinaryExpr>().op == op) {
    const auto& b = e.As<ast::BinaryExpr>();
    Flatten(*b.left, op, out);
    Flatten(*b.right, op, out);
    return;
  }
  out->push_back(&e);
}

const char* BinaryFunctionName(ast::BinaryOp op) {
  switch (op) {
    case ast::BinaryOp::kOr:
      return "OR";
    case ast::BinaryOp::kAnd:
      return "AND";
    case ast::BinaryOp::kEq:
      return "=";
    case ast::BinaryOp::kNe:
      return "<>";
    case ast::BinaryOp::kLt:
      return "<";
    case ast::BinaryOp::kLe:
      return "<=";
    case ast::BinaryOp::kGt:
      return ">";
    case ast::BinaryOp::kGe:
      return ">=";
    case ast::BinaryOp::kIsDistinctFrom:
      return "IS DISTINCT FROM";
    case ast::BinaryOp::kIsNotDistinctFrom:
      return "IS NOT DISTINCT FROM";
    case ast::BinaryOp::kPlus:
      return "+";
    case ast::BinaryOp::kMinus:
      return "-";
    case ast::BinaryOp::kMul:
      return "*";
    case ast::BinaryOp::kDiv:
      return "/";
    case ast::BinaryOp::kMod:
      return "MOD";
    case ast::BinaryOp::kConcat:
      return "||";
    case ast::BinaryOp::kOverlaps:
      return "OVERLAPS";
  }
  return "?";
}

}  // namespace

std::string PosSuffix(const ast::SourcePos& pos) {
  if (pos.line <= 0) return "";
  return StrCat(" (line ", pos.line, ", column ", pos.column, ")");
}

Status AtPos(const Status& status, const ast::SourcePos& pos) {
  if (status.ok()) return status;
  const std::string& msg = status.message();
  if (pos.line <= 0 || msg.find("(line ") != std::string::npos ||
      msg.find(" at line ") != std::string::npos) {
    return status;
  }
  return Status(status.code(), msg + PosSuffix(pos));
}

Scope Scope::FromRow(const LogicalType& row, const std::string& qualifier) {
  Scope scope;
  for (const Field& f : row.fields()) scope.fields.push_back({f.name, qualifier, f.logical_type()});
  return scope;
}

std::string ExpressionBinder::DerivedName(const ast::Expr& expr) {
  if (expr.kind == ast::ExprKind::kIdentifier) return expr.As<ast::IdentifierExpr>().names.back();
  if (expr.kind == ast::ExprKind::kField) return expr.As<ast::FieldExpr>().field;
  return "";
}

Result<std::vector<ExprPtr>> ExpressionBinder::BindAll(
    const std::vector<ast::ExprPtr>& args) const {
  std::vector<ExprPtr> out;
  out.reserve(args.size());
  for (const ast::ExprPtr& a : args) {
    WEIR_ASSIGN_OR_RAISE(ExprPtr e, Bind(*a));
    out.push_back(std::move(e));
  }
  return out;
}

Result<ExprPtr> ExpressionBinder::Bind(const ast::Expr& expr) const {
  WEIR_ASSIGN_OR_RAISE(ExprPtr e, BindNode(expr));
  const LogicalType& t = e->type();
  if (t.timestamp_kind() == TimestampKind::kRegular || e->kind() == ExprKind::kColumnRef) return e;
  if (e->kind() == ExprKind::kCall && e->name() == "PROCTIME") return e;
  return WithoutTimeAttribute(e);
}

Result<ExprPtr> ExpressionBinder::BindNode(const ast::Expr& expr) const {
  switch (expr.kind) {
    case ast::ExprKind::kLiteral: {
      const auto& literal = expr.As<ast::LiteralExpr>();
      Result<ExprPtr> lit = BindLiteral(literal);
      if (!lit.ok()) return AtPos(lit.status(), expr.pos);
      if (literal.literal != ast::LiteralKind::kTimestampLtz) return lit;
      // A TIMESTAMP_LTZ literal is a local time of the session's time zone.
      Result<int64_t> offset = SessionOffsetSeconds(expr.pos);
      if (!offset.ok()) return offset.status();
      const ExprPtr& e = *lit;
      const int64_t units = UnitsPerSecond(TimestampUnit(e->type().precision()));
      return Expr::Literal(Value(e->literal().int_value() - *offset * units), e->type());
    }
    case ast::ExprKind::kIdentifier:
      return BindIdentifier(expr.As<ast::IdentifierExpr>());
    case ast::ExprKind::kStar:
      return Status::Invalid("Unknown use of '*' in an expression", PosSuffix(expr.pos));
    case ast::ExprKind::kCall:
      return BindCall(expr.As<ast::CallExpr>());
    case ast::ExprKind::kCast:
      return BindCast(expr.As<ast::CastExpr>());
    case ast::ExprKind::kCase:
      return BindCase(expr.As<ast::CaseExpr>());
    case ast::ExprKind::kUnary:
      return BindUnary(expr.As<ast::UnaryExpr>());
    case ast::ExprKind::kBinary:
      return BindBinary(expr.As<ast::BinaryExpr>());
    case ast::ExprKind::kIs:
      return BindIs(expr.As<ast::IsExpr>());
    case ast::ExprKind::kBetween:
      return BindBetween(expr.As<ast::BetweenExpr>());
    case ast::ExprKind::kInList:
      return BindInList(expr.As<ast::InListExpr>());
    case ast::ExprKind::kLike:
      return BindLike(expr.As<ast::LikeExpr>());
    case ast::ExprKind::kInQuery:
      return Status::NotSupported("not supported yet: IN (subquery)", PosSuffix(expr.pos));
    case ast::ExprKind::kExists:
      return Status::NotSupported("not supported yet: EXISTS (subquery)", PosSuffix(expr.pos));
    case ast::ExprKind::kSubquery:
      return Status::NotSupported("not supported yet: scalar subquery", PosSuffix(expr.pos));
    case ast::ExprKind::kConstructor: {
      const auto& c = expr.As<ast::ConstructorExpr>();
      const char* name = c.constructor == ast::ConstructorKind::kArray ? "ARRAY"
                         : c.constructor == ast::ConstructorKind::kMap ? "MAP"
                                                                       : "ROW";
      if (c.query != nullptr || ctx_.registry->Find(name) == nullptr) {
        return Status::NotSupported("not supported yet: ", name, " constructor",
                                    PosSuffix(expr.pos));
      }
      WEIR_ASSIGN_OR_RAISE(std::vector<ExprPtr> args, BindAll(c.args));
      return MakeCall(name, std::move(args), expr.pos);
    }
    case ast::ExprKind::kItem: {
      const auto& item = expr.As<ast::ItemExpr>();
      if (ctx_.registry->Find("ITEM") == nullptr) {
        return Status::NotSupported("not supported yet: element access with []",
                                    PosSuffix(expr.pos));
      }
      WEIR_ASSIGN_OR_RAISE(ExprPtr base, Bind(*item.base));
      WEIR_ASSIGN_OR_RAISE(ExprPtr index, Bind(*item.index));
      return MakeCall("ITEM", {base, index}, expr.pos);
    }
    case ast::ExprKind::kField: {
      const auto& f = expr.As<ast::FieldExpr>();
      WEIR_ASSIGN_OR_RAISE(ExprPtr base, Bind(*f.base));
      return BindFieldAccess(std::move(base), f.field, expr.pos);
    }
    case ast::ExprKind::kSymbol:
      return StringLiteral(expr.As<ast::SymbolExpr>().symbol);
    case ast::ExprKind::kTableArg:
    case ast::ExprKind::kDescriptor:
    case ast::ExprKind::kNamedArg:
      return Status::NotSupported("not supported yet: table function arguments",
                                  PosSuffix(expr.pos));
    case ast::ExprKind::kParam:
      return Status::NotSupported("not supported yet: dynamic parameter '?'", PosSuffix(expr.pos));
  }
  return Status::Internal("unknown expression kind");
}

Result<int64_t> ExpressionBinder::SessionOffsetSeconds(const ast::SourcePos& pos) const {
  std::optional<std::string> zone;
  if (ctx_.config != nullptr) zone = ctx_.config->GetString("table.local-time-zone");
  if (!zone.has_value() || *zone == "default" || *zone == "UTC" || *zone == "GMT" || *zone == "Z" ||
      *zone == "Etc/UTC") {
    return 0;
  }
  // Fixed offsets: [UTC|GMT]+HH[:MM] or -HH[:MM].
  std::string_view s = *zone;
  if (s.rfind("UTC", 0) == 0 || s.rfind("GMT", 0) == 0) s.remove_prefix(3);
  if (s.size() >= 2 && (s[0] == '+' || s[0] == '-')) {
    const int sign = s[0] == '-' ? -1 : 1;
    int hours = 0, minutes = 0;
    size_t i = 1;
    int digits = 0;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])) && digits < 2) {
      hours = hours * 10 + (s[i++] - '0');
      ++digits;
    }
    bool ok = digits > 0;
    if (ok && i < s.size()) {
      ok = s[i++] == ':' && i + 2 == s.size() && std::isdigit(static_cast<unsigned char>(s[i])) &&
           std::isdigit(static_cast<unsigned char>(s[i + 1]));
      if (ok) minutes = (s[i] - '0') * 10 + (s[i + 1] - '0');
    }
    if (ok && hours <= 18 && minutes < 60) return sign * (hours * 3600 + minutes * 60);
  }
  return Status::NotSupported("not supported yet: TIMESTAMP_LTZ literals in time zone '", *zone,
                              "' (only UTC and fixed offsets)", PosSuffix(pos));
}

Result<ExprPtr> ExpressionBinder::BindIdentifier(const ast::IdentifierExpr& id) const {
  const std::vector<std::string>& names = id.names;
  const std::vector<ScopeField> empty;
  const std::vector<ScopeField>& fields = scope_ != nullptr ? scope_->fields : empty;
  int found = -1;
  size_t consumed = 0;
  if (names.size() >= 2) {
    for (size_t i = 0; i < fields.size(); ++i) {
      if (fields[i].qualifier == names[0] && fields[i].name == names[1]) {
        if (found >= 0) {
          return Status::Invalid("Column '", names[1], "' is ambiguous in table '", names[0], "'",
                                 PosSuffix(id.pos));
        }
        found = static_cast<int>(i);
        consumed = 2;
      }
    }
  }
  if (found < 0) {
    std::vector<std::string> tables;
    for (size_t i = 0; i < fields.size(); ++i) {
      if (fields[i].name != names[0]) continue;
      if (found >= 0) {
        tables.push_back(fields[i].qualifier.empty() ? "<unnamed>" : fields[i].qualifier);
        continue;
      }
      found = static_cast<int>(i);
      consumed = 1;
      tables.push_back(fields[i].qualifier.empty() ? "<unnamed>" : fields[i].qualifier);
    }
    if (tables.size() > 1) {
      std::string list;
      for (const std::string& t : tables) list += (list.empty() ? "'" : ", '") + t + "'";
      return Status::Invalid("Column '", names[0], "' is ambiguous; it is in tables ", list,
                             PosSuffix(id.pos));
    }
  }
  if (found < 0) {
    if (names.size() >= 2) {
      for (const ScopeField& f : fields) {
        if (f.qualifier == names[0]) {
          return Status::Invalid("Column '", names[1], "' not found in table '", names[0], "'",
                                 PosSuffix(id.pos));
        }
      }
      return Status::Invalid("Table '", names[0], "' not found", PosSuffix(id.pos));
    }
    return Status::Invalid("Column '", names[0], "' not found in any table", PosSuffix(id.pos));
  }
  ExprPtr e = Expr::Column(found, fields[static_cast<size_t>(found)].type);
  for (size_t k = consumed; k < names.size(); ++k) {
    WEIR_ASSIGN_OR_RAISE(e, BindFieldAccess(std::move(e), names[k], id.pos));
  }
  return e;
}

Result<ExprPtr> ExpressionBinder::BindFieldAccess(ExprPtr base, const std::string& field,
                                                  const ast::SourcePos& pos) const {
  const LogicalType& t = base->type();
  if (t.id() != TypeId::kRow) {
    return Status::Invalid("Cannot access field '", field, "' of a value of type ", t.ToString(),
                           PosSuffix(pos));
  }
  const Field* target = nullptr;
  for (const Field& f : t.fields()) {
    if (f.name == field) target = &f;
  }
  if (target == nullptr) {
    return Status::Invalid("Unknown field '", field, "' in ", t.ToString(), PosSuffix(pos));
  }
  if (ctx_.registry->Find("DOT") != nullptr) {
    return MakeCall("DOT", {std::move(base), StringLiteral(field)}, pos);
  }
  // Calcite's DOT: the field's type, nullable when the row is. Typed here until the registry
  // has a kernel for it (plans bind; compiling them needs the registry entry).
  const bool nullable = t.nullable() || target->logical_type().nullable();
  LogicalType type = target->logical_type().WithNullable(nullable);
  return Expr::Call("DOT", {std::move(base), StringLiteral(field)}, std::move(type));
}

Result<ExprPtr> ExpressionBinder::MakeCall(const std::string& name, std::vector<ExprPtr> args,
                                           const ast::SourcePos& pos) const {
  Result<ExprPtr> r = ctx_.registry->MakeCall(name, std::move(args));
  if (!r.ok()) return AtPos(r.status(), pos);
  return r;
}

Result<ExprPtr> ExpressionBinder::CallUserFunction(const std::string& name,
                                                   const std::string& class_name,
                                                   std::vector<ExprPtr> args,
                                                   const ast::SourcePos& pos) const {
  const FunctionInfo* info = ctx_.registry->FindClass(class_name);
  if (info == nullptr) {
    return Status::NotSupported("No native implementation of function class '", class_name,
                                "' used by function ", name, PosSuffix(pos));
  }
  BindInput in;
  for (const ExprPtr& a : args) {
    in.types.push_back(a->type());
    in.constants.push_back(a->kind() == sql::ExprKind::kLiteral ? &a->literal() : nullptr);
  }
  Result<BoundFunction> bound = info->bind(in);
  if (!bound.ok()) return AtPos(bound.status(), pos);
  return Expr::Call(name, std::move(args), bound->return_type);
}

Result<ExprPtr> ExpressionBinder::BindCall(const ast::CallExpr& call) const {
  const std::string upper = UpperName(JoinName(call.name));
  if (call.over != nullptr || call.over_name.has_value()) {
    return Status::NotSupported("not supported yet: OVER window", PosSuffix(call.pos));
  }
  if (call.syntax == ast::CallSyntax::kJsonValue || call.syntax == ast::CallSyntax::kJsonObject ||
      call.syntax == ast::CallSyntax::kJsonArray) {
    return BindJsonCall(call, upper);
  }
  if (call.name.size() == 1 && ctx_.registry->Find(upper) == nullptr) {
    if (IsAggregateName(upper) || call.star || call.distinct || call.filter != nullptr) {
      return Status::NotSupported("not supported yet: aggregate function ", upper,
                                  PosSuffix(call.pos));
    }
    if (IsGroupWindowName(upper)) {
      return Status::NotSupported("not supported yet: group window function ", upper,
                                  PosSuffix(call.pos));
    }
  }
  if (call.distinct || call.all || call.star || call.filter != nullptr || call.within_group_set ||
      call.null_treatment.has_value() || !call.arg_order_by.empty()) {
    // DISTINCT, FILTER, WITHIN GROUP, ... only mean something to aggregate functions.
    return Status::NotSupported("not supported yet: aggregate call syntax in ", upper,
                                PosSuffix(call.pos));
  }
  WEIR_ASSIGN_OR_RAISE(std::vector<ExprPtr> args, BindAll(call.args));
  if (upper == "CURRENT_WATERMARK" && call.name.size() == 1) {
    if (args.size() != 1 || args[0]->type().timestamp_kind() != TimestampKind::kRowtime) {
      const std::string arg = args.size() == 1 ? args[0]->type().ToString() : "no single argument";
      return Status::Invalid("The argument of CURRENT_WATERMARK must be a rowtime attribute, ",
                             "but was '", arg, "'", PosSuffix(call.pos));
    }
  }
  switch (call.syntax) {
    case ast::CallSyntax::kPosition:
      if (args.size() == 3) return MakeCall("LOCATE", std::move(args), call.pos);
      return MakeCall("POSITION", std::move(args), call.pos);
    case ast::CallSyntax::kSubstring:
      return MakeCall("SUBSTRING", std::move(args), call.pos);
    case ast::CallSyntax::kExtract:
    case ast::CallSyntax::kTrim:
    case ast::CallSyntax::kFloorCeil:
      return MakeCall(upper == "CEILING" ? "CEIL" : upper, std::move(args), call.pos);
    default:
      break;
  }
  if (call.name.size() == 1) {
    // Flink's order: temporary system function, built-in function, temporary catalog
    // function, catalog function.
    std::optional<ResolvedCatalogFunction> user;
    if (ctx_.catalogs != nullptr) user = ctx_.catalogs->LookupFunction(call.name, true);
    if (user.has_value() && user->system) {
      return CallUserFunction(call.name[0], user->function.class_name, std::move(args), call.pos);
    }
    if (ctx_.registry->Find(upper) != nullptr) return MakeCall(upper, std::move(args), call.pos);
    if (args.empty()) {
      if (auto t = TimeFunctionType(upper)) return Expr::Call(upper, {}, *t);
    }
    if (user.has_value()) {
      return CallUserFunction(call.name[0], user->function.class_name, std::move(args), call.pos);
    }
    return NoSuchFunction(call.name[0], args, call.pos);
  }
  if (ctx_.catalogs != nullptr) {
    auto user = ctx_.catalogs->LookupFunction(call.name, false);
    if (user.has_value()) {
      return CallUserFunction(user->identifier.object, user->function.class_name, std::move(args),
                              call.pos);
    }
  }
  return NoSuchFunction(JoinName(call.name), args, call.pos);
}

Result<ExprPtr> ExpressionBinder::BindUnary(const ast::UnaryExpr& unary) const {
  const ast::Expr& operand = *unary.operand;
  if (unary.op == ast::UnaryOp::kNot) {
    WEIR_ASSIGN_OR_RAISE(ExprPtr x, Bind(operand));
    return MakeCall("NOT", {std::move(x)}, unary.pos);
  }
  const bool minus = unary.op == ast::UnaryOp::kMinus;
  if (operand.kind == ast::ExprKind::kLiteral) {
    const auto& lit = operand.As<ast::LiteralExpr>();
    if (lit.literal == ast::LiteralKind::kExactNumeric ||
        lit.literal == ast::LiteralKind::kApproxNumeric) {
      ast::LiteralExpr folded;
      folded.literal = lit.literal;
      folded.text = minus ? "-" + lit.text : lit.text;
      Result<ExprPtr> r = BindLiteral(folded);
      if (!r.ok()) return AtPos(r.status(), unary.pos);
      return r;
    }
    if (lit.literal == ast::LiteralKind::kInterval) {
      ast::LiteralExpr folded;
      folded.literal = lit.literal;
      folded.text = lit.text;
      folded.negative = minus ? !lit.negative : lit.negative;
      folded.qualifier = lit.qualifier;
      Result<ExprPtr> r = BindLiteral(folded);
      if (!r.ok()) return AtPos(r.status(), unary.pos);
      return r;
    }
  }
  WEIR_ASSIGN_OR_RAISE(ExprPtr x, Bind(operand));
  return MakeCall(minus ? "-" : "+", {std::move(x)}, unary.pos);
}

Result<ExprPtr> ExpressionBinder::BindBinary(const ast::BinaryExpr& binary) const {
  if (binary.op == ast::BinaryOp::kAnd || binary.op == ast::BinaryOp::kOr) {
    std::vector<const ast::Expr*> operands;
    Flatten(binary, binary.op, &operands);
    std::vector<ExprPtr> args;
    for (const ast::Expr* e : operands) {
      WEIR_ASSIGN_OR_RAISE(ExprPtr x, Bind(*e));
      args.push_back(std::move(x));
    }
    return MakeCall(BinaryFunctionName(binary.op), std::move(args), binary.pos);
  }
  if (binary.op == ast::BinaryOp::kOverlaps) {
    // (start1, end1) OVERLAPS (start2, end2) -> OVERLAPS(start1, end1, start2, end2); each end
    // may be an interval (see the function's kernel for the rules).
    std::vector<ExprPtr> args;
    for (const ast::Expr* side : {binary.left.get(), binary.right.get()}) {
      const bool is_row =
          side->kind == ast::ExprKind::kConstructor &&
          (side->As<ast::ConstructorExpr>().constructor == ast::ConstructorKind::kRow ||
           side->As<ast::ConstructorExpr>().constructor == ast::ConstructorKind::kImplicitRow);
      if (!is_row || side->As<ast::ConstructorExpr>().args.size() != 2) {
        return Status::Invalid("OVERLAPS needs a period on each side: (start, end) or ",
                               "(start, interval)", PosSuffix(side->pos));
      }
      for (const ast::ExprPtr& a : side->As<ast::ConstructorExpr>().args) {
        WEIR_ASSIGN_OR_RAISE(ExprPtr x, Bind(*a));
        args.push_back(std::move(x));
      }
    }
    return MakeCall("OVERLAPS", std::move(args), binary.pos);
  }
  WEIR_ASSIGN_OR_RAISE(ExprPtr left, Bind(*binary.left));
  WEIR_ASSIGN_OR_RAISE(ExprPtr right, Bind(*binary.right));
  const char* name = BinaryFunctionName(binary.op);
  return MakeCall(name, {std::move(left), std::move(right)}, binary.pos);
}

Result<ExprPtr> ExpressionBinder::BindCast(const ast::CastExpr& cast) const {
  WEIR_ASSIGN_OR_RAISE(ExprPtr x, Bind(*cast.operand));
  Result<LogicalType> target = cast.type->ToLogicalType();
  if (!target.ok()) return AtPos(target.status(), cast.type->pos);
  const LogicalType& from = x->type();
  if (!ExplicitCastSupported(from, *target)) {
    return Status::TypeError("Cast function cannot convert value of type ",
                             from.WithNullable(true).ToString(), " to type ",
                             target->WithNullable(true).ToString(), PosSuffix(cast.pos));
  }
  return Expr::Cast(std::move(x), target->WithNullable(from.nullable()), cast.try_cast);
}

Result<ExprPtr> ExpressionBinder::BindCase(const ast::CaseExpr& node) const {
  ExprPtr operand;
  if (node.operand != nullptr) {
    WEIR_ASSIGN_OR_RAISE(operand, Bind(*node.operand));
  }
  std::vector<ExprPtr> operands;
  std::vector<LogicalType> types;
  for (const auto& [when, then] : node.when_then) {
    WEIR_ASSIGN_OR_RAISE(ExprPtr cond, Bind(*when));
    if (operand != nullptr) {
      // Simple CASE x WHEN v THEN ... is searched CASE WHEN x = v THEN ...
      WEIR_ASSIGN_OR_RAISE(cond, MakeCall("=", {operand, cond}, when->pos));
    }
    if (cond->type().id() != TypeId::kBoolean && cond->type().id() != TypeId::kNull) {
      return Status::TypeError("Expected a BOOLEAN condition in CASE WHEN, got ",
                               cond->type().ToString(), PosSuffix(when->pos));
    }
    WEIR_ASSIGN_OR_RAISE(ExprPtr value, Bind(*then));
    types.push_back(cond->type());
    types.push_back(value->type());
    operands.push_back(std::move(cond));
    operands.push_back(std::move(value));
  }
  ExprPtr else_value;
  if (node.else_expr != nullptr) {
    WEIR_ASSIGN_OR_RAISE(else_value, Bind(*node.else_expr));
  } else {
    else_value = Expr::Literal(Value(), LogicalType::Null());
  }
  types.push_back(else_value->type());
  operands.push_back(std::move(else_value));
  Result<LogicalType> type = ctx_.registry->InferType("CASE", types);
  if (!type.ok()) {
    type.status().IgnoreError();
    return Status::TypeError("Illegal mixing of types in CASE or COALESCE statement",
                             PosSuffix(node.pos));
  }
  if (type->id() == TypeId::kNull) {
    return Status::Invalid("Illegal use of 'NULL': every branch of CASE is NULL",
                           PosSuffix(node.pos));
  }
  // A CASE is no time attribute, even when its branches are.
  if (type->id() == TypeId::kTimestamp || type->id() == TypeId::kTimestampLtz) {
    type = type->WithTimestampKind(TimestampKind::kRegular);
  }
  // Untyped NULL branches take the CASE's type, as Flink prints them (null:INT).
  for (size_t i = 1; i < operands.size(); i += 2) {
    if (operands[i]->type().id() == TypeId::kNull) {
      operands[i] = Expr::Literal(Value(), type->WithNullable(true));
    }
  }
  if (operands.back()->type().id() == TypeId::kNull) {
    operands.back() = Expr::Literal(Value(), type->WithNullable(true));
  }
  return Expr::Case(std::move(operands), *type);
}

Result<ExprPtr> ExpressionBinder::BindIs(const ast::IsExpr& node) const {
  WEIR_ASSIGN_OR_RAISE(ExprPtr x, Bind(*node.operand));
  const std::string name = StrCat("IS ", node.negated ? "NOT " : "", node.what);
  return MakeCall(name, {std::move(x)}, node.pos);
}

Result<ExprPtr> ExpressionBinder::BindBetween(const ast::BetweenExpr& node) const {
  if (node.symmetric) {
    return Status::NotSupported("not supported yet: BETWEEN SYMMETRIC", PosSuffix(node.pos));
  }
  WEIR_ASSIGN_OR_RAISE(ExprPtr x, Bind(*node.operand));
  WEIR_ASSIGN_OR_RAISE(ExprPtr low, Bind(*node.low));
  WEIR_ASSIGN_OR_RAISE(ExprPtr high, Bind(*node.high));
  return MakeCall(node.negated ? "NOT BETWEEN" : "BETWEEN", {x, low, high}, node.pos);
}

Result<ExprPtr> ExpressionBinder::BindInList(const ast::InListExpr& node) const {
  WEIR_ASSIGN_OR_RAISE(ExprPtr x, Bind(*node.operand));
  WEIR_ASSIGN_OR_RAISE(std::vector<ExprPtr> items, BindAll(node.list));
  items.insert(items.begin(), std::move(x));
  return MakeCall(node.negated ? "NOT IN" : "IN", std::move(items), node.pos);
}

Result<ExprPtr> ExpressionBinder::BindLike(const ast::LikeExpr& node) const {
  if (node.op == ast::LikeOp::kILike) {
    return Status::NotSupported("not supported yet: ILIKE", PosSuffix(node.pos));
  }
  std::vector<ExprPtr> args;
  WEIR_ASSIGN_OR_RAISE(ExprPtr x, Bind(*node.operand));
  WEIR_ASSIGN_OR_RAISE(ExprPtr pattern, Bind(*node.pattern));
  args.push_back(std::move(x));
  args.push_back(std::move(pattern));
  if (node.escape != nullptr) {
    WEIR_ASSIGN_OR_RAISE(ExprPtr escape, Bind(*node.escape));
    args.push_back(std::move(escape));
  }
  const bool similar = node.op == ast::LikeOp::kSimilarTo;
  std::string name = StrCat(node.negated ? "NOT " : "", similar ? "SIMILAR TO" : "LIKE");
  return MakeCall(name, std::move(args), node.pos);
}

}  // namespace weir::sql
