// InsertBinder: target columns, static partitions and assignment casts of INSERT statements.
#include "weir/sql/binder/insert_binder.h"

#include <algorithm>
#include <map>

#include "weir/common/str_cat.h"
#include "weir/sql/binder/query_binder.h"
#include "weir/sql/functions/cast_functions.h"
#include "weir/sql/functions/type_inference.h"

namespace weir::sql {

namespace {

std::string SchemaText(const std::vector<std::pair<std::string, LogicalType>>& columns) {
  std::string out = "[";
  for (size_t i = 0; i < columns.size(); ++i) {
    out += StrCat(i == 0 ? "" : ", ", columns[i].first, ": ", columns[i].second.ToString());
  }
  return out + "]";
}

// The text of a static partition value as the connector receives it.
std::string PartitionValueText(const Expr& literal) {
  if (literal.literal().is_null()) return "null";
  if (literal.type().is_string()) return literal.literal().string_value();
  if (literal.type().id() == TypeId::kDecimal) {
    return literal.literal().decimal_value().ToPlainString(literal.type().scale());
  }
  return literal.literal().ToString();
}

}  // namespace

Result<RelPtr> InsertBinder::Bind(const ast::InsertStatement& stmt) {
  if (ctx_.catalogs == nullptr) return Status::Invalid("INSERT needs a catalog");
  Result<ObjectIdentifier> qualified = ctx_.catalogs->Qualify(stmt.table);
  if (!qualified.ok()) return AtPos(qualified.status(), stmt.pos);
  const ObjectIdentifier id = *qualified;
  std::optional<ResolvedCatalogObject> object = ctx_.catalogs->GetTable(id);
  if (!object.has_value()) {
    return Status::Invalid("Table ", id.ToString(), " was not found", PosSuffix(stmt.pos));
  }
  if (IsView(object->object)) {
    return Status::Invalid("Cannot INSERT into view ", id.ToSummaryString(),
                           "; only tables can be written", PosSuffix(stmt.pos));
  }
  CatalogTable table = std::get<CatalogTable>(object->object);
  WEIR_ASSIGN_OR_RAISE(TableOptions hint_options, TableHintOptions(ctx_, stmt.hints));
  for (const auto& [k, v] : hint_options) SetOption(&table.options, k, v);

  std::vector<const CatalogColumn*> persisted;
  for (const CatalogColumn& c : table.columns) {
    if (c.persisted()) persisted.push_back(&c);
  }
  auto find_persisted = [&](const std::string& name) -> int {
    for (size_t i = 0; i < persisted.size(); ++i) {
      if (persisted[i]->name == name) return static_cast<int>(i);
    }
    return -1;
  };
  // Static partitions: PARTITION (k = 'v') fills partition column k with a constant.
  TableOptions static_partitions;
  std::map<int, ExprPtr> constants;
  ExpressionBinder constant_binder(ctx_, nullptr);
  for (const auto& [name, value] : stmt.partition) {
    const int idx = find_persisted(name);
    if (idx < 0 || std::find(table.partition_keys.begin(), table.partition_keys.end(), name) ==
                       table.partition_keys.end()) {
      return Status::Invalid("Static partition column '", name,
                             "' is not a partition key of table ", id.ToSummaryString(),
                             PosSuffix(value->pos));
    }
    WEIR_ASSIGN_OR_RAISE(ExprPtr lit, constant_binder.Bind(*value));
    if (lit->kind() != ExprKind::kLiteral) {
      return Status::Invalid("Static partition value of '", name, "' must be a literal",
                             PosSuffix(value->pos));
    }
    const LogicalType& target = persisted[static_cast<size_t>(idx)]->type;
    Value v = lit->literal();
    if (!v.is_null() && !lit->type().EqualsIgnoringNullability(target)) {
      Result<Value> cast = CastValue(v, lit->type(), target);
      if (!cast.ok()) return AtPos(cast.status(), value->pos);
      v = std::move(cast).ValueOrDie();
    }
    SetOption(&static_partitions, name, PartitionValueText(*lit));
    const bool is_null = v.is_null();
    constants[idx] = Expr::Literal(std::move(v), target.WithNullable(is_null));
  }
  // The columns the query writes, in the query's order.
  std::vector<int> targets;
  if (!stmt.columns.empty()) {
    for (const std::string& name : stmt.columns) {
      const int idx = find_persisted(name);
      if (idx < 0) {
        return Status::Invalid("Unknown target column '", name, "' of table ", id.ToSummaryString(),
                               PosSuffix(stmt.pos));
      }
      if (std::find(targets.begin(), targets.end(), idx) != targets.end() ||
          constants.count(idx) > 0) {
        return Status::Invalid("Target column '", name, "' is assigned more than once",
                               PosSuffix(stmt.pos));
      }
      targets.push_back(idx);
    }
  } else {
    for (size_t i = 0; i < persisted.size(); ++i) {
      if (constants.count(static_cast<int>(i)) == 0) targets.push_back(static_cast<int>(i));
    }
  }
  QueryBinder query_binder(ctx_);
  WEIR_ASSIGN_OR_RAISE(RelPtr query, query_binder.Bind(*stmt.query));
  const auto& fields = query->row_type().fields();
  std::vector<std::pair<std::string, LogicalType>> query_schema, sink_schema;
  for (const Field& f : fields) query_schema.emplace_back(f.name, f.logical_type());
  for (int t : targets) {
    const CatalogColumn* c = persisted[static_cast<size_t>(t)];
    sink_schema.emplace_back(c->name, c->type);
  }
  auto mismatch = [&](const std::string& cause) {
    return Status::TypeError("Column types of query result and sink for '", id.ToSummaryString(),
                             "' do not match.\nCause: ", cause,
                             "\n\nQuery schema: ", SchemaText(query_schema),
                             "\nSink schema:  ", SchemaText(sink_schema), PosSuffix(stmt.pos));
  };
  if (fields.size() != targets.size()) return mismatch("Different number of columns.");
  std::vector<ExprPtr> exprs(persisted.size());
  bool identity = targets.size() == persisted.size();
  for (size_t q = 0; q < targets.size(); ++q) {
    const int t = targets[q];
    const LogicalType& from = fields[q].logical_type();
    const LogicalType& to = persisted[static_cast<size_t>(t)]->type;
    if (!ImplicitCastAllowed(from, to)) {
      return mismatch(StrCat("Incompatible types for sink column '",
                             persisted[static_cast<size_t>(t)]->name, "' at position ", t, "."));
    }
    ExprPtr e = Expr::Column(static_cast<int>(q), from);
    if (!from.EqualsIgnoringNullability(to)) {
      e = Expr::Cast(e, to.WithNullable(from.nullable()));
      identity = false;
    }
    if (t != static_cast<int>(q)) identity = false;
    exprs[static_cast<size_t>(t)] = std::move(e);
  }
  std::vector<std::string> names;
  for (size_t i = 0; i < persisted.size(); ++i) {
    names.push_back(persisted[i]->name);
    if (exprs[i] != nullptr) continue;
    identity = false;
    auto constant = constants.find(static_cast<int>(i));
    if (constant != constants.end()) {
      exprs[i] = constant->second;
      continue;
    }
    if (!persisted[i]->type.nullable()) {
      return Status::Invalid("Column '", persisted[i]->name,
                             "' has no default value and does not allow NULLs",
                             PosSuffix(stmt.pos));
    }
    exprs[i] = Expr::Literal(Value(), persisted[i]->type);
  }
  RelPtr input = query;
  if (!identity) input = std::make_shared<ProjectRel>(query, std::move(exprs), std::move(names));
  return RelPtr(std::make_shared<SinkRel>(input, id, std::move(table), stmt.overwrite,
                                          std::move(static_partitions)));
}

}  // namespace weir::sql
