// CREATE TABLE conversion: columns, computed columns, watermarks, keys, partitions and LIKE.
#include "weir/sql/binder/ddl_converter.h"

#include <algorithm>
#include <map>

#include "weir/common/ascii.h"
#include "weir/common/str_cat.h"
#include "weir/sql/parser/ast_printer.h"
#include "weir/sql/parser/parser.h"

namespace weir::sql {

namespace {

using ast::LikeOptionMode;

Status NotYet(const std::string& feature, const ast::SourcePos& pos) {
  return Status::NotSupported("not supported yet: ", feature, PosSuffix(pos));
}

std::string BacktickList(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += StrCat(out.empty() ? "" : ", ", "`", n, "`");
  return "[" + out + "]";
}

// How LIKE treats each feature of the base table.
struct LikeModes {
  LikeOptionMode constraints = LikeOptionMode::kIncluding;
  LikeOptionMode partitions = LikeOptionMode::kIncluding;
  LikeOptionMode generated = LikeOptionMode::kIncluding;
  LikeOptionMode metadata = LikeOptionMode::kIncluding;
  LikeOptionMode options = LikeOptionMode::kOverwriting;
  LikeOptionMode watermarks = LikeOptionMode::kIncluding;
};

Result<LikeModes> ParseLikeModes(const ast::LikeClause& like, const ast::SourcePos& pos) {
  LikeModes modes;  // Flink's default: INCLUDING ALL OVERWRITING OPTIONS
  std::vector<std::string> seen;
  for (const ast::LikeOption& opt : like.options) {
    const std::string feature = AsciiUpper(opt.feature);
    if (std::find(seen.begin(), seen.end(), feature) != seen.end()) {
      return Status::Invalid("Each like option feature can be declared only once: ", feature,
                             PosSuffix(pos));
    }
    seen.push_back(feature);
    const bool overwriting = opt.mode == LikeOptionMode::kOverwriting;
    if (overwriting && (feature == "CONSTRAINTS" || feature == "PARTITIONS" || feature == "ALL")) {
      return Status::Invalid("Illegal merging strategy 'OVERWRITING' for '", feature, "' option",
                             PosSuffix(pos));
    }
    if (feature == "ALL") {
      modes.constraints = modes.partitions = modes.generated = modes.metadata = modes.options =
          modes.watermarks = opt.mode;
    } else if (feature == "CONSTRAINTS") {
      modes.constraints = opt.mode;
    } else if (feature == "PARTITIONS") {
      modes.partitions = opt.mode;
    } else if (feature == "GENERATED") {
      modes.generated = opt.mode;
    } else if (feature == "METADATA") {
      modes.metadata = opt.mode;
    } else if (feature == "OPTIONS") {
      modes.options = opt.mode;
    } else if (feature == "WATERMARKS") {
      modes.watermarks = opt.mode;
    } else {
      return Status::Invalid("Unknown LIKE option feature: ", opt.feature, PosSuffix(pos));
    }
  }
  return modes;
}

// A column while the table is assembled: computed columns keep their SQL until bound.
struct PendingColumn {
  CatalogColumn column;
  const ast::Expr* expr = nullptr;  // own computed columns
  ast::SourcePos pos;
};

struct PendingWatermark {
  std::string rowtime;
  std::string sql;
  ast::SourcePos pos;
};

bool ValidTimeAttributeType(const LogicalType& t) {
  return (t.id() == TypeId::kTimestamp || t.id() == TypeId::kTimestampLtz) && t.precision() <= 3;
}

std::string PlainTypeName(const LogicalType& t) {
  LogicalType plain = t;
  if (t.id() == TypeId::kTimestamp || t.id() == TypeId::kTimestampLtz) {
    plain = t.WithTimestampKind(TimestampKind::kRegular);
  }
  return plain.ToString();
}

// Converts the columns written in the statement (computed ones are bound later).
Result<std::vector<PendingColumn>> OwnColumns(const ast::CreateTableStatement& stmt) {
  std::vector<PendingColumn> out;
  for (const ast::ColumnDef& def : stmt.columns) {
    for (const PendingColumn& p : out) {
      if (p.column.name == def.name) {
        return Status::Invalid("A column named '", def.name, "' already exists in the table",
                               PosSuffix(def.pos));
      }
    }
    PendingColumn p;
    p.pos = def.pos;
    p.column.name = def.name;
    p.column.comment = def.comment;
    switch (def.column_kind) {
      case ast::ColumnKind::kPhysical:
      case ast::ColumnKind::kMetadata: {
        Result<LogicalType> type = def.type->ToLogicalType();
        if (!type.ok()) return AtPos(type.status(), def.type->pos);
        if (type->id() == TypeId::kNull) {
          return Status::Invalid("Column '", def.name, "' cannot have type NULL",
                                 PosSuffix(def.pos));
        }
        p.column.type = *type;
        if (def.column_kind == ast::ColumnKind::kMetadata) {
          p.column.kind = CatalogColumnKind::kMetadata;
          p.column.metadata_key = def.metadata_key;
          p.column.is_virtual = def.is_virtual;
        }
        break;
      }
      case ast::ColumnKind::kComputed:
        p.column.kind = CatalogColumnKind::kComputed;
        p.column.expression = ast::ToSql(*def.expr);
        p.expr = def.expr.get();
        break;
    }
    out.push_back(std::move(p));
  }
  return out;
}

// Adds the statement's columns to the base table's, following the LIKE modes.
Status MergeColumns(std::vector<PendingColumn> own, const LikeModes& modes,
                    std::vector<PendingColumn>* merged) {
  for (PendingColumn& p : own) {
    auto existing = std::find_if(merged->begin(), merged->end(), [&](const PendingColumn& m) {
      return m.column.name == p.column.name;
    });
    if (existing == merged->end()) {
      merged->push_back(std::move(p));
      continue;
    }
    const CatalogColumnKind kind = p.column.kind;
    if (kind == CatalogColumnKind::kPhysical || existing->column.kind != kind) {
      return Status::Invalid("A column named '", p.column.name,
                             "' already exists in the base table", PosSuffix(p.pos));
    }
    const bool computed = kind == CatalogColumnKind::kComputed;
    const LikeOptionMode mode = computed ? modes.generated : modes.metadata;
    if (mode == LikeOptionMode::kOverwriting) {
      *existing = std::move(p);
      continue;
    }
    const char* what = computed ? "generated" : "metadata";
    const char* feature = computed ? "GENERATED" : "METADATA";
    return Status::Invalid("A ", what, " column named '", p.column.name,
                           "' already exists in the base table. You might want to specify "
                           "EXCLUDING ",
                           feature, " or OVERWRITING ", feature, PosSuffix(p.pos));
  }
  return Status::OK();
}

}  // namespace

Result<ObjectIdentifier> DdlConverter::Qualify(const std::vector<std::string>& name,
                                               const ast::SourcePos& pos) const {
  if (ctx_.catalogs == nullptr) return Status::Invalid("no catalog to resolve names");
  Result<ObjectIdentifier> id = ctx_.catalogs->Qualify(name);
  if (!id.ok()) return AtPos(id.status(), pos);
  return id;
}

Result<CatalogTable> DdlConverter::ConvertCreateTable(const ast::CreateTableStatement& stmt) const {
  if (stmt.as_query != nullptr) {
    return NotYet(stmt.replace_only ? "REPLACE TABLE AS SELECT" : "CREATE TABLE AS SELECT",
                  stmt.pos);
  }
  if (stmt.distribution.has_value()) return NotYet("DISTRIBUTED BY", stmt.pos);
  WEIR_ASSIGN_OR_RAISE(std::vector<PendingColumn> own, OwnColumns(stmt));

  // The base table of LIKE, filtered by the merging modes.
  LikeModes modes;
  std::vector<PendingColumn> columns;
  std::vector<PendingWatermark> watermarks;
  std::optional<PrimaryKeyConstraint> primary_key;
  std::vector<std::string> partition_keys;
  TableOptions options;
  if (stmt.like.has_value()) {
    WEIR_ASSIGN_OR_RAISE(modes, ParseLikeModes(*stmt.like, stmt.pos));
    WEIR_ASSIGN_OR_RAISE(ObjectIdentifier base_id, Qualify(stmt.like->source, stmt.pos));
    std::optional<ResolvedCatalogObject> base = ctx_.catalogs->GetTable(base_id);
    if (!base.has_value()) {
      return Status::Invalid("Source table '", base_id.ToSummaryString(),
                             "' of the LIKE clause not found", PosSuffix(stmt.pos));
    }
    if (IsView(base->object)) {
      return Status::Invalid("Source table '", base_id.ToSummaryString(),
                             "' of the LIKE clause can not be a VIEW", PosSuffix(stmt.pos));
    }
    const CatalogTable& b = std::get<CatalogTable>(base->object);
    for (const CatalogColumn& c : b.columns) {
      if (c.kind == CatalogColumnKind::kComputed && modes.generated == LikeOptionMode::kExcluding)
        continue;
      if (c.kind == CatalogColumnKind::kMetadata && modes.metadata == LikeOptionMode::kExcluding)
        continue;
      PendingColumn p;
      p.column = c;
      if (p.column.type.id() == TypeId::kTimestamp || p.column.type.id() == TypeId::kTimestampLtz)
        p.column.type = p.column.type.WithTimestampKind(TimestampKind::kRegular);
      columns.push_back(std::move(p));
    }
    if (modes.watermarks != LikeOptionMode::kExcluding) {
      for (const WatermarkSpec& w : b.watermarks) {
        watermarks.push_back({w.rowtime_column, w.expression, stmt.pos});
      }
    }
    if (modes.constraints == LikeOptionMode::kIncluding) primary_key = b.primary_key;
    if (modes.partitions == LikeOptionMode::kIncluding) partition_keys = b.partition_keys;
    if (modes.options != LikeOptionMode::kExcluding) options = b.options;
  }
  WEIR_RETURN_NOT_OK(MergeColumns(std::move(own), modes, &columns));

  // Computed columns are typed by binding them over the physical and metadata columns.
  Scope scope;
  for (const PendingColumn& p : columns) {
    if (p.column.kind != CatalogColumnKind::kComputed) {
      scope.fields.push_back({p.column.name, "", p.column.type});
    }
  }
  ExpressionBinder binder(ctx_, &scope);
  for (PendingColumn& p : columns) {
    if (p.column.kind != CatalogColumnKind::kComputed) continue;
    ast::ExprPtr parsed;
    const ast::Expr* expr = p.expr;
    if (expr == nullptr) {
      WEIR_ASSIGN_OR_RAISE(parsed, ast::ParseExpression(p.column.expression));
      expr = parsed.get();
    }
    WEIR_ASSIGN_OR_RAISE(ExprPtr bound, binder.Bind(*expr));
    if (bound->type().id() == TypeId::kNull) {
      return Status::Invalid("Computed column '", p.column.name, "' has the type NULL",
                             PosSuffix(p.pos));
    }
    p.column.type = bound->type();
  }

  // Primary key.
  // The parser folds an inline `col ... PRIMARY KEY` into the statement's key.
  const std::optional<ast::PrimaryKeyDef>& own_key = stmt.primary_key;
  if (own_key.has_value()) {
    if (own_key->enforced) {
      return Status::Invalid(
          "Flink doesn't support ENFORCED mode for PRIMARY KEY constraint. ENFORCED/NOT "
          "ENFORCED controls if the constraint checks are performed on the incoming/outgoing "
          "data. Flink does not own the data therefore the only supported mode is the NOT "
          "ENFORCED mode",
          PosSuffix(own_key->pos));
    }
    if (primary_key.has_value()) {
      return Status::Invalid(
          "The base table already has a primary key. You might want to specify EXCLUDING "
          "CONSTRAINTS.",
          PosSuffix(own_key->pos));
    }
    PrimaryKeyConstraint pk;
    pk.columns = own_key->columns;
    if (own_key->constraint_name.has_value()) {
      pk.name = *own_key->constraint_name;
    } else {
      pk.name = "PK";
      for (const std::string& c : pk.columns) pk.name += "_" + c;
    }
    primary_key = std::move(pk);
  }
  if (primary_key.has_value()) {
    std::vector<std::string> seen;
    for (const std::string& name : primary_key->columns) {
      auto it = std::find_if(columns.begin(), columns.end(),
                             [&](const PendingColumn& p) { return p.column.name == name; });
      const ast::SourcePos pos = own_key.has_value() ? own_key->pos : stmt.pos;
      if (it == columns.end()) {
        return Status::Invalid("Could not create a PRIMARY KEY '", primary_key->name, "'. Column '",
                               name, "' does not exist.", PosSuffix(pos));
      }
      if (it->column.kind != CatalogColumnKind::kPhysical) {
        return Status::Invalid("Could not create a PRIMARY KEY '", primary_key->name, "'. Column '",
                               name, "' is not a physical column.", PosSuffix(pos));
      }
      if (std::find(seen.begin(), seen.end(), name) != seen.end()) {
        return Status::Invalid("Could not create a PRIMARY KEY '", primary_key->name, "'. Column '",
                               name, "' is listed twice.", PosSuffix(pos));
      }
      seen.push_back(name);
      it->column.type = it->column.type.WithNullable(false);
    }
  }

  // Watermark.
  for (const ast::WatermarkDef& w : stmt.watermarks) {
    if (w.column.size() > 1) return NotYet("WATERMARK FOR a nested field", w.pos);
    auto existing =
        std::find_if(watermarks.begin(), watermarks.end(),
                     [&](const PendingWatermark& p) { return p.rowtime == w.column[0]; });
    PendingWatermark pw{w.column[0], ast::ToSql(*w.expr), w.pos};
    if (existing != watermarks.end()) {
      if (modes.watermarks != LikeOptionMode::kOverwriting) {
        return Status::Invalid("There already exists a watermark spec for column '", w.column[0],
                               "' in the base table. You might want to specify EXCLUDING "
                               "WATERMARKS or OVERWRITING WATERMARKS.",
                               PosSuffix(w.pos));
      }
      *existing = std::move(pw);
    } else {
      watermarks.push_back(std::move(pw));
    }
  }
  if (watermarks.size() > 1) {
    return Status::NotSupported("Multiple watermark definitions are not supported yet.",
                                PosSuffix(watermarks[1].pos));
  }
  std::vector<WatermarkSpec> watermark_specs;
  for (const PendingWatermark& w : watermarks) {
    auto it = std::find_if(columns.begin(), columns.end(),
                           [&](const PendingColumn& p) { return p.column.name == w.rowtime; });
    if (it == columns.end()) {
      std::vector<std::string> names;
      for (const PendingColumn& p : columns) names.push_back(p.column.name);
      return Status::Invalid("The rowtime attribute field '", w.rowtime,
                             "' is not defined in the table schema. Available fields: ",
                             BacktickList(names), PosSuffix(w.pos));
    }
    if (!ValidTimeAttributeType(it->column.type)) {
      return Status::TypeError(
          "Invalid data type of time field for watermark definition. The field must be of type "
          "TIMESTAMP(p) or TIMESTAMP_LTZ(p), the supported precision 'p' is from 0 to 3, but the "
          "time field type is ",
          PlainTypeName(it->column.type), PosSuffix(w.pos));
    }
    Scope all;
    for (const PendingColumn& p : columns) all.fields.push_back({p.column.name, "", p.column.type});
    ExpressionBinder wm_binder(ctx_, &all);
    WEIR_ASSIGN_OR_RAISE(ast::ExprPtr parsed, ast::ParseExpression(w.sql));
    Result<ExprPtr> bound = wm_binder.Bind(*parsed);
    if (!bound.ok()) {
      // Positions inside the re-parsed text are meaningless; name the WATERMARK instead.
      return Status(bound.status().code(),
                    StrCat("Invalid expression in WATERMARK FOR ", w.rowtime, PosSuffix(w.pos),
                           ": ", bound.status().message()));
    }
    if (!ValidTimeAttributeType((*bound)->type())) {
      return Status::TypeError(
          "Invalid data type of expression for watermark definition. The field must be of type "
          "TIMESTAMP(p) or TIMESTAMP_LTZ(p), the supported precision 'p' is from 0 to 3, but the "
          "watermark expression type is ",
          PlainTypeName((*bound)->type()), PosSuffix(w.pos));
    }
    it->column.type = it->column.type.WithTimestampKind(TimestampKind::kRowtime);
    watermark_specs.push_back({w.rowtime, w.sql, (*bound)->type()});
  }

  // Partitions.
  if (!stmt.partition_keys.empty()) {
    if (!partition_keys.empty()) {
      return Status::Invalid(
          "The base table already has partitions defined. You might want to specify EXCLUDING "
          "PARTITIONS.",
          PosSuffix(stmt.pos));
    }
    partition_keys = stmt.partition_keys;
  }
  for (const std::string& key : partition_keys) {
    auto it = std::find_if(columns.begin(), columns.end(),
                           [&](const PendingColumn& p) { return p.column.name == key; });
    if (it == columns.end()) {
      std::vector<std::string> names;
      for (const PendingColumn& p : columns) names.push_back("'" + p.column.name + "'");
      std::string list;
      for (const std::string& n : names) list += (list.empty() ? "" : ", ") + n;
      return Status::Invalid("Partition column '", key,
                             "' not defined in the table schema. Available columns: [", list, "]",
                             PosSuffix(stmt.pos));
    }
  }

  // Options.
  for (const auto& [k, v] : stmt.options) {
    if (stmt.like.has_value() && modes.options == LikeOptionMode::kIncluding &&
        FindOption(options, k) != nullptr) {
      return Status::Invalid("There already exists an option ['", k, "' -> '",
                             *FindOption(options, k),
                             "'] in the base table. You might want to specify EXCLUDING OPTIONS "
                             "or OVERWRITING OPTIONS.",
                             PosSuffix(stmt.pos));
    }
    SetOption(&options, k, v);
  }

  CatalogTable table;
  for (PendingColumn& p : columns) table.columns.push_back(std::move(p.column));
  table.watermarks = std::move(watermark_specs);
  table.primary_key = std::move(primary_key);
  table.partition_keys = std::move(partition_keys);
  table.options = std::move(options);
  table.comment = stmt.comment.value_or("");
  return table;
}

}  // namespace weir::sql
