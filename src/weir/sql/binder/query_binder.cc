// QueryBinder: FROM items, WHERE, select lists, UNION ALL, VALUES and table scans.
#include "weir/sql/binder/query_binder.h"

#include <set>

#include "weir/common/ascii.h"
#include "weir/common/str_cat.h"
#include "weir/sql/functions/cast_functions.h"
#include "weir/sql/functions/type_inference.h"
#include "weir/sql/parser/parser.h"

namespace weir::sql {

namespace {

constexpr int kMaxViewDepth = 32;
constexpr const char* kDynamicOptionsKey = "table.dynamic-table-options.enabled";

Status NotYet(const std::string& feature, const ast::SourcePos& pos) {
  return Status::NotSupported("not supported yet: ", feature, PosSuffix(pos));
}

std::string JoinDotted(const std::vector<std::string>& parts) {
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : ".") + p;
  return out;
}

std::string QuotedList(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += StrCat(out.empty() ? "" : ", ", "'", n, "'");
  return out;
}

// Pops the innermost CTE scope when a WITH clause ends (also on early returns).
class CteScope {
 public:
  explicit CteScope(std::vector<std::map<std::string, RelPtr>>* stack) : stack_(stack) {
    stack_->emplace_back();
  }
  ~CteScope() { stack_->pop_back(); }
  CteScope(const CteScope&) = delete;
  CteScope& operator=(const CteScope&) = delete;

 private:
  std::vector<std::map<std::string, RelPtr>>* stack_;
};

// A one-row VALUES with a single INT column, the input of a FROM-less SELECT (Calcite's
// `VALUES (0)`).
RelPtr SingleRow() {
  LogicalType row = LogicalType::Row({Field("ZERO", LogicalType::Int(false))}, false);
  return std::make_shared<ValuesRel>(row, std::vector<std::vector<ExprPtr>>{{Expr::Literal(
                                              Value(int64_t{0}), LogicalType::Int(false))}});
}

// Returns a projection of `rel` casting each field to `types` (nullability kept), or `rel`.
// The first input of a union also gets nullable fields where any input has them, because
// the union's row type is its first input's.
RelPtr CastFields(const RelPtr& rel, const std::vector<LogicalType>& types, bool first) {
  const auto& fields = rel->row_type().fields();
  bool needed = false;
  std::vector<ExprPtr> exprs;
  std::vector<std::string> names;
  for (size_t i = 0; i < fields.size(); ++i) {
    const LogicalType& t = fields[i].logical_type();
    ExprPtr ref = Expr::Column(static_cast<int>(i), t);
    const bool widen_null = first && types[i].nullable() && !t.nullable();
    if (t.timestamp_kind() != types[i].timestamp_kind()) {
      // Same type, other time attribute (a union of a rowtime and a plain timestamp).
      needed = true;
      ref = Expr::Column(static_cast<int>(i), t.WithTimestampKind(types[i].timestamp_kind()));
    }
    if (!t.EqualsIgnoringNullability(types[i]) || widen_null) {
      needed = true;
      ref = Expr::Cast(ref, types[i].WithNullable(t.nullable() || widen_null));
    }
    exprs.push_back(std::move(ref));
    names.push_back(fields[i].name);
  }
  if (!needed) return rel;
  return std::make_shared<ProjectRel>(rel, std::move(exprs), std::move(names));
}

}  // namespace

std::vector<std::string> UniquifyNames(std::vector<std::string> names) {
  std::set<std::string> used;
  for (std::string& name : names) {
    if (used.insert(name).second) continue;
    for (int k = 0;; ++k) {
      std::string candidate = StrCat(name, k);
      if (used.insert(candidate).second) {
        name = std::move(candidate);
        break;
      }
    }
  }
  return names;
}

RelPtr RenameFields(const RelPtr& rel, const std::vector<std::string>& names) {
  if (rel->field_names() == names) return rel;
  std::vector<ExprPtr> exprs;
  const auto& fields = rel->row_type().fields();
  for (size_t i = 0; i < fields.size(); ++i) {
    exprs.push_back(Expr::Column(static_cast<int>(i), fields[i].logical_type()));
  }
  return std::make_shared<ProjectRel>(rel, std::move(exprs), names);
}

Result<RelPtr> QueryBinder::Bind(const ast::Query& query) {
  if (!query.order_by.empty()) return NotYet("ORDER BY", query.order_by[0].expr->pos);
  if (query.limit != nullptr || query.limit_all) {
    return NotYet(query.fetch_syntax ? "FETCH" : "LIMIT",
                  query.limit != nullptr ? query.limit->pos : query.pos);
  }
  if (query.offset != nullptr) return NotYet("OFFSET", query.offset->pos);
  if (query.with.empty()) return BindBody(*query.body);
  CteScope scope(&ctes_);
  for (const ast::CommonTableExpr& cte : query.with) {
    if (ctes_.back().count(cte.name) > 0) {
      return Status::Invalid("Duplicate name '", cte.name, "' in WITH clause", PosSuffix(cte.pos));
    }
    WEIR_ASSIGN_OR_RAISE(RelPtr rel, Bind(*cte.query));
    if (!cte.columns.empty()) {
      if (cte.columns.size() != rel->row_type().fields().size()) {
        return Status::Invalid("Number of columns must match number of query columns in WITH '",
                               cte.name, "'", PosSuffix(cte.pos));
      }
      rel = RenameFields(rel, cte.columns);
    }
    ctes_.back()[cte.name] = std::move(rel);
  }
  return BindBody(*query.body);
}

Result<RelPtr> QueryBinder::BindBody(const ast::QueryBody& body) {
  switch (body.kind) {
    case ast::QueryBodyKind::kSelect:
      return BindSelect(body.As<ast::SelectBody>());
    case ast::QueryBodyKind::kSetOp: {
      const auto& op = body.As<ast::SetOpBody>();
      if (op.op == ast::SetOp::kUnion && op.all) return BindUnionAll(op);
      const char* name = op.op == ast::SetOp::kUnion       ? "UNION"
                         : op.op == ast::SetOp::kIntersect ? "INTERSECT"
                                                           : "EXCEPT";
      return NotYet(StrCat(name, op.all ? " ALL" : ""), body.pos);
    }
    case ast::QueryBodyKind::kValues:
      return BindValues(body.As<ast::ValuesBody>());
    case ast::QueryBodyKind::kNested:
      return Bind(*body.As<ast::NestedBody>().query);
  }
  return Status::Internal("unknown query body kind");
}

Result<RelPtr> QueryBinder::BindUnionAll(const ast::SetOpBody& set_op) {
  // a UNION ALL b UNION ALL c is one LogicalUnion with three inputs, as Calcite builds it.
  std::vector<const ast::QueryBody*> operands;
  std::vector<const ast::QueryBody*> stack = {&set_op};
  while (!stack.empty()) {
    const ast::QueryBody* b = stack.back();
    stack.pop_back();
    if (b->kind == ast::QueryBodyKind::kSetOp) {
      const auto& s = b->As<ast::SetOpBody>();
      if (s.op == ast::SetOp::kUnion && s.all) {
        stack.push_back(s.right.get());
        stack.push_back(s.left.get());
        continue;
      }
    }
    operands.push_back(b);
  }
  std::vector<RelPtr> inputs;
  for (const ast::QueryBody* b : operands) {
    WEIR_ASSIGN_OR_RAISE(RelPtr rel, BindBody(*b));
    inputs.push_back(std::move(rel));
  }
  const size_t width = inputs[0]->row_type().fields().size();
  std::vector<LogicalType> types;
  for (size_t c = 0; c < width; ++c) {
    std::vector<LogicalType> column;
    for (const RelPtr& in : inputs) {
      if (in->row_type().fields().size() != width) {
        return Status::Invalid("Column count mismatch in UNION ALL", PosSuffix(set_op.pos));
      }
      column.push_back(in->row_type().fields()[c].logical_type());
    }
    auto common = CommonType(column);
    if (!common) {
      return Status::TypeError("Type mismatch in column ", c + 1, " of UNION ALL",
                               PosSuffix(set_op.pos));
    }
    // The union keeps a time attribute only when every input has the same one.
    if (common->id() == TypeId::kTimestamp || common->id() == TypeId::kTimestampLtz) {
      TimestampKind kind = column[0].timestamp_kind();
      for (const LogicalType& t : column) {
        if (t.timestamp_kind() != kind || !t.EqualsIgnoringNullability(*common)) {
          kind = TimestampKind::kRegular;
        }
      }
      common = common->WithTimestampKind(kind);
    }
    types.push_back(*common);
  }
  for (size_t i = 0; i < inputs.size(); ++i) inputs[i] = CastFields(inputs[i], types, i == 0);
  return RelPtr(std::make_shared<UnionRel>(std::move(inputs), true));
}

Result<RelPtr> QueryBinder::BindValues(const ast::ValuesBody& values) {
  ExpressionBinder binder(ctx_, nullptr);
  std::vector<std::vector<ExprPtr>> rows;
  size_t width = 0;
  for (const auto& row : values.rows) {
    std::vector<ExprPtr> bound;
    for (const ast::ExprPtr& e : row) {
      // A row written as ROW(a, b) or (a, b) holds its values directly.
      if (e->kind == ast::ExprKind::kConstructor && row.size() == 1 &&
          e->As<ast::ConstructorExpr>().constructor != ast::ConstructorKind::kArray &&
          e->As<ast::ConstructorExpr>().constructor != ast::ConstructorKind::kMap) {
        for (const ast::ExprPtr& v : e->As<ast::ConstructorExpr>().args) {
          WEIR_ASSIGN_OR_RAISE(ExprPtr x, binder.Bind(*v));
          bound.push_back(std::move(x));
        }
        continue;
      }
      WEIR_ASSIGN_OR_RAISE(ExprPtr x, binder.Bind(*e));
      bound.push_back(std::move(x));
    }
    if (rows.empty()) width = bound.size();
    if (bound.size() != width) {
      return Status::Invalid("Values rows must all have ", width, " columns, one has ",
                             bound.size(), PosSuffix(values.pos));
    }
    rows.push_back(std::move(bound));
  }
  std::vector<LogicalType> types;
  std::vector<Field> fields;
  for (size_t c = 0; c < width; ++c) {
    std::vector<LogicalType> column;
    for (const auto& row : rows) column.push_back(row[c]->type());
    auto common = CommonType(column);
    if (!common) {
      return Status::TypeError("Type mismatch in column ", c + 1, " of VALUES",
                               PosSuffix(values.pos));
    }
    if (common->id() == TypeId::kNull) {
      return Status::Invalid("Illegal use of 'NULL' in column ", c + 1, " of VALUES",
                             PosSuffix(values.pos));
    }
    types.push_back(*common);
    fields.emplace_back(StrCat("EXPR$", c), *common);
  }
  bool all_literals = true;
  for (const auto& row : rows) {
    for (const ExprPtr& e : row) all_literals = all_literals && e->kind() == ExprKind::kLiteral;
  }
  if (all_literals) {
    for (auto& row : rows) {
      for (size_t c = 0; c < width; ++c) {
        const ExprPtr& e = row[c];
        Value v = e->literal();
        if (!v.is_null() && !e->type().EqualsIgnoringNullability(types[c])) {
          Result<Value> cast = CastValue(v, e->type(), types[c]);
          if (!cast.ok()) return AtPos(cast.status(), values.pos);
          v = std::move(cast).ValueOrDie();
        }
        row[c] = Expr::Literal(std::move(v), types[c]);
      }
    }
    return RelPtr(
        std::make_shared<ValuesRel>(LogicalType::Row(std::move(fields), false), std::move(rows)));
  }
  // Rows with expressions: a union of one-row projections, as Calcite plans them.
  std::vector<RelPtr> inputs;
  std::vector<std::string> names;
  for (const Field& f : fields) names.push_back(f.name);
  for (size_t r = 0; r < rows.size(); ++r) {
    auto& row = rows[r];
    for (size_t c = 0; c < width; ++c) {
      const LogicalType& t = row[c]->type();
      const bool widen_null = r == 0 && types[c].nullable() && !t.nullable();
      if (!t.EqualsIgnoringNullability(types[c]) || widen_null) {
        row[c] = Expr::Cast(row[c], types[c].WithNullable(t.nullable() || widen_null));
      }
    }
    inputs.push_back(std::make_shared<ProjectRel>(SingleRow(), std::move(row), names));
  }
  if (inputs.size() == 1) return inputs[0];
  return RelPtr(std::make_shared<UnionRel>(std::move(inputs), true));
}

Result<RelPtr> QueryBinder::BindSelect(const ast::SelectBody& select) {
  if (!select.hints.empty()) {
    return NotYet(StrCat("query hint ", select.hints[0].name), select.hints[0].pos);
  }
  if (select.distinct) return NotYet("SELECT DISTINCT", select.pos);
  if (!select.group_by.empty() || select.group_by_distinct) {
    const ast::Expr* first = select.group_by.empty() ? nullptr : select.group_by[0].expr.get();
    return NotYet("GROUP BY", first != nullptr ? first->pos : select.pos);
  }
  if (select.having != nullptr) return NotYet("HAVING", select.having->pos);
  if (!select.windows.empty()) return NotYet("WINDOW clause", select.pos);
  Relation from{SingleRow(), ""};
  if (select.from != nullptr) {
    WEIR_ASSIGN_OR_RAISE(from, BindFrom(*select.from));
  }
  const Scope scope = Scope::FromRow(from.rel->row_type(), from.qualifier);
  ExpressionBinder binder(ctx_, &scope);
  RelPtr input = from.rel;
  if (select.where != nullptr) {
    WEIR_ASSIGN_OR_RAISE(ExprPtr cond, binder.Bind(*select.where));
    if (cond->type().id() != TypeId::kBoolean) {
      return Status::TypeError("WHERE clause must be a condition, got ", cond->type().ToString(),
                               PosSuffix(select.where->pos));
    }
    input = std::make_shared<FilterRel>(input, std::move(cond));
  }
  std::vector<ExprPtr> exprs;
  std::vector<std::string> names;
  for (const ast::SelectItem& item : select.items) {
    if (item.expr->kind == ast::ExprKind::kStar) {
      const auto& star = item.expr->As<ast::StarExpr>();
      bool any = false;
      for (size_t i = 0; i < scope.fields.size(); ++i) {
        const ScopeField& f = scope.fields[i];
        if (!star.qualifier.empty() && f.qualifier != star.qualifier.back()) continue;
        exprs.push_back(Expr::Column(static_cast<int>(i), f.type));
        names.push_back(f.name);
        any = true;
      }
      if (!any && !star.qualifier.empty()) {
        return Status::Invalid("Unknown identifier '", JoinDotted(star.qualifier), "'",
                               PosSuffix(item.expr->pos));
      }
      continue;
    }
    WEIR_ASSIGN_OR_RAISE(ExprPtr e, binder.Bind(*item.expr));
    std::string name = item.alias.value_or(ExpressionBinder::DerivedName(*item.expr));
    if (name.empty()) name = StrCat("EXPR$", exprs.size());
    exprs.push_back(std::move(e));
    names.push_back(std::move(name));
  }
  return RelPtr(
      std::make_shared<ProjectRel>(input, std::move(exprs), UniquifyNames(std::move(names))));
}

Result<QueryBinder::Relation> QueryBinder::BindFrom(const ast::TableRef& ref) {
  Relation out;
  switch (ref.kind) {
    case ast::TableRefKind::kNamed: {
      const auto& named = ref.As<ast::NamedTableRef>();
      if (named.system_time != nullptr) {
        return NotYet("FOR SYSTEM_TIME AS OF", named.system_time->pos);
      }
      WEIR_ASSIGN_OR_RAISE(out.rel, BindNamedTable(named));
      out.qualifier = ref.alias.value_or(named.name.back());
      break;
    }
    case ast::TableRefKind::kDerived: {
      const auto& derived = ref.As<ast::DerivedTableRef>();
      if (derived.lateral) return NotYet("LATERAL", ref.pos);
      WEIR_ASSIGN_OR_RAISE(out.rel, Bind(*derived.query));
      out.qualifier = ref.alias.value_or("");
      break;
    }
    case ast::TableRefKind::kJoin: {
      const auto& join = ref.As<ast::JoinTableRef>();
      return NotYet(join.join == ast::JoinType::kComma ? "JOIN (comma-separated FROM)" : "JOIN",
                    ref.pos);
    }
    case ast::TableRefKind::kFunction: {
      const auto& fn = ref.As<ast::FunctionTableRef>();
      std::string name = "table function";
      if (fn.call != nullptr && fn.call->kind == ast::ExprKind::kCall) {
        const std::string upper = UpperName(JoinDotted(fn.call->As<ast::CallExpr>().name));
        name = (upper == "TUMBLE" || upper == "HOP" || upper == "CUMULATE" || upper == "SESSION")
                   ? StrCat("window table function ", upper)
                   : StrCat("table function ", upper);
      }
      return NotYet(fn.lateral ? "LATERAL " + name : name, ref.pos);
    }
    case ast::TableRefKind::kUnnest:
      return NotYet("UNNEST", ref.pos);
  }
  if (!ref.column_aliases.empty()) {
    const std::vector<std::string> names = out.rel->field_names();
    if (names.size() != ref.column_aliases.size()) {
      return Status::Invalid("List of column aliases must have same degree as table; table has ",
                             names.size(), " columns (", QuotedList(names),
                             "), whereas alias list has ", ref.column_aliases.size(), " columns",
                             PosSuffix(ref.pos));
    }
    out.rel = RenameFields(out.rel, ref.column_aliases);
  }
  return out;
}

Result<TableOptions> TableHintOptions(const BindContext& ctx, const std::vector<ast::Hint>& hints) {
  TableOptions options;
  for (const ast::Hint& hint : hints) {
    if (!EqualsIgnoreAsciiCase(hint.name, "OPTIONS")) {
      return NotYet(StrCat("table hint ", hint.name), hint.pos);
    }
    // Flink enables dynamic table options by default; a session may turn them off.
    if (ctx.config != nullptr) {
      auto enabled = ctx.config->GetString(kDynamicOptionsKey);
      if (enabled.has_value() && EqualsIgnoreAsciiCase(*enabled, "false")) {
        return Status::Invalid("OPTIONS hint is allowed only when ", kDynamicOptionsKey,
                               " is set to true", PosSuffix(hint.pos));
      }
    }
    if (hint.options.empty()) {
      return Status::Invalid("Hint [OPTIONS] needs key-value options: OPTIONS('k'='v')",
                             PosSuffix(hint.pos));
    }
    for (const auto& [k, v] : hint.options) SetOption(&options, k, v);
  }
  return options;
}

Result<RelPtr> QueryBinder::BindNamedTable(const ast::NamedTableRef& ref) {
  if (ref.name.size() == 1) {
    for (auto it = ctes_.rbegin(); it != ctes_.rend(); ++it) {
      auto found = it->find(ref.name[0]);
      if (found == it->end()) continue;
      if (!ref.hints.empty()) {
        return Status::Invalid("Hints can only be applied to tables, not to the WITH query '",
                               ref.name[0], "'", PosSuffix(ref.pos));
      }
      return found->second;
    }
  }
  if (ctx_.catalogs == nullptr) {
    return Status::Invalid("Object '", JoinDotted(ref.name), "' not found", PosSuffix(ref.pos));
  }
  Result<ObjectIdentifier> id = ctx_.catalogs->Qualify(ref.name);
  if (!id.ok()) return AtPos(id.status(), ref.pos);
  std::optional<ResolvedCatalogObject> object = ctx_.catalogs->GetTable(*id);
  if (!object.has_value()) {
    if (ref.name.size() == 1) {
      return Status::Invalid("Object '", ref.name[0], "' not found within '", id->catalog, ".",
                             id->database, "'", PosSuffix(ref.pos));
    }
    return Status::Invalid("Object '", JoinDotted(ref.name), "' not found", PosSuffix(ref.pos));
  }
  if (IsView(object->object)) {
    if (!ref.hints.empty()) {
      return Status::Invalid("View '", id->ToSummaryString(),
                             "' cannot be enriched with new options. Hints can only be applied "
                             "to tables.",
                             PosSuffix(ref.pos));
    }
    return BindView(*id, std::get<CatalogView>(object->object), ref.pos);
  }
  WEIR_ASSIGN_OR_RAISE(TableOptions hint_options, TableHintOptions(ctx_, ref.hints));
  Result<RelPtr> scan =
      BindTableScan(*id, std::get<CatalogTable>(object->object), std::move(hint_options));
  if (!scan.ok()) return AtPos(scan.status(), ref.pos);
  return scan;
}

Result<RelPtr> QueryBinder::BindView(const ObjectIdentifier& id, const CatalogView& view,
                                     const ast::SourcePos& pos) {
  if (view_depth_ >= kMaxViewDepth) {
    return Status::Invalid("View ", id.ToSummaryString(), " nests more than ", kMaxViewDepth,
                           " views (a cycle?)", PosSuffix(pos));
  }
  auto fail = [&](const Status& st) {
    return Status(st.code(), StrCat("Cannot expand view ", id.ToSummaryString(), PosSuffix(pos),
                                    ": ", st.message()));
  };
  Result<ast::StatementPtr> stmt = ast::ParseStatement(view.expanded_query);
  if (!stmt.ok()) return fail(stmt.status());
  if ((*stmt)->kind != ast::StatementKind::kQuery) {
    return Status::Internal("view ", id.ToSummaryString(), " does not hold a query");
  }
  QueryBinder inner(ctx_);
  inner.view_depth_ = view_depth_ + 1;
  Result<RelPtr> rel = inner.Bind(*(*stmt)->As<ast::QueryStatement>().query);
  if (!rel.ok()) return fail(rel.status());
  std::vector<std::string> names;
  for (const auto& [name, type] : view.columns) names.push_back(name);
  if (names.size() != (*rel)->row_type().fields().size()) {
    return Status::Invalid("View ", id.ToSummaryString(), " has ", names.size(),
                           " columns but its query now returns ",
                           (*rel)->row_type().fields().size(), PosSuffix(pos));
  }
  return RenameFields(*rel, names);
}

Result<RelPtr> QueryBinder::BindTableScan(const ObjectIdentifier& id, const CatalogTable& table,
                                          TableOptions hint_options) {
  // The scan reads physical and metadata columns; computed columns and the watermark are the
  // nodes above it.
  CatalogTable source = table;
  source.watermarks.clear();
  std::erase_if(source.columns,
                [](const CatalogColumn& c) { return c.kind == CatalogColumnKind::kComputed; });
  RelPtr rel = std::make_shared<TableScanRel>(id, std::move(source), std::move(hint_options));
  const bool has_computed = rel->row_type().fields().size() != table.columns.size();
  if (has_computed) {
    const Scope scope = Scope::FromRow(rel->row_type(), "");
    ExpressionBinder binder(ctx_, &scope);
    std::vector<ExprPtr> exprs;
    std::vector<std::string> names;
    int next_physical = 0;
    for (const CatalogColumn& c : table.columns) {
      names.push_back(c.name);
      if (c.kind != CatalogColumnKind::kComputed) {
        exprs.push_back(Expr::Column(next_physical, scope.fields[next_physical].type));
        ++next_physical;
        continue;
      }
      Result<ast::ExprPtr> parsed = ast::ParseExpression(c.expression);
      if (!parsed.ok()) {
        return Status::Invalid("Invalid computed column '", c.name, "' of table ",
                               id.ToSummaryString(), ": ", parsed.status().message());
      }
      Result<ExprPtr> bound = binder.Bind(**parsed);
      if (!bound.ok()) {
        return Status(bound.status().code(),
                      StrCat("Invalid computed column '", c.name, "' of table ",
                             id.ToSummaryString(), ": ", bound.status().message()));
      }
      ExprPtr e = std::move(bound).ValueOrDie();
      if (c.type.timestamp_kind() == TimestampKind::kRowtime &&
          e->type().timestamp_kind() != TimestampKind::kRowtime) {
        e = e->Rebuild(e->args(), e->type().WithTimestampKind(TimestampKind::kRowtime));
      }
      exprs.push_back(std::move(e));
    }
    rel = std::make_shared<ProjectRel>(rel, std::move(exprs), std::move(names));
  }
  for (const WatermarkSpec& wm : table.watermarks) {
    const std::vector<std::string> names = rel->field_names();
    int index = -1;
    for (size_t i = 0; i < names.size(); ++i) {
      if (names[i] == wm.rowtime_column) index = static_cast<int>(i);
    }
    if (index < 0) {
      return Status::Invalid("Unknown rowtime column '", wm.rowtime_column, "' of table ",
                             id.ToSummaryString());
    }
    const Scope scope = Scope::FromRow(rel->row_type(), "");
    ExpressionBinder binder(ctx_, &scope);
    Result<ast::ExprPtr> parsed = ast::ParseExpression(wm.expression);
    if (!parsed.ok()) {
      return Status::Invalid("Invalid watermark of table ", id.ToSummaryString(), ": ",
                             parsed.status().message());
    }
    Result<ExprPtr> bound = binder.Bind(**parsed);
    if (!bound.ok()) {
      return Status(bound.status().code(),
                    StrCat("Invalid watermark of table ", id.ToSummaryString(), ": ",
                           bound.status().message()));
    }
    rel = std::make_shared<WatermarkAssignerRel>(rel, index, std::move(bound).ValueOrDie());
  }
  return rel;
}

}  // namespace weir::sql
