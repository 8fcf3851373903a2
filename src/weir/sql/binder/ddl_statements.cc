// DDL conversion of views, functions, ALTER TABLE, databases, catalogs and DROP.
#include <set>

#include "weir/common/ascii.h"
#include "weir/common/str_cat.h"
#include "weir/sql/binder/ddl_converter.h"
#include "weir/sql/binder/query_binder.h"
#include "weir/sql/parser/ast_printer.h"
#include "weir/sql/parser/parser.h"

namespace weir::sql {

namespace {

Status NotYet(const std::string& feature, const ast::SourcePos& pos) {
  return Status::NotSupported("not supported yet: ", feature, PosSuffix(pos));
}

std::string NameList(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return "[" + out + "]";
}

// Completes catalog table names in a query (mutable copy of the AST), leaving CTE names.
class NameExpander {
 public:
  explicit NameExpander(const CatalogManager& catalogs) : catalogs_(catalogs) {}

  Status Query(ast::Query* query) {
    scopes_.emplace_back();
    for (ast::CommonTableExpr& cte : query->with) {
      Status st = Query(cte.query.get());
      if (!st.ok()) {
        scopes_.pop_back();
        return st;
      }
      scopes_.back().insert(cte.name);
    }
    Status st = Body(query->body.get());
    scopes_.pop_back();
    return st;
  }

 private:
  Status Body(ast::QueryBody* body) {
    switch (body->kind) {
      case ast::QueryBodyKind::kSelect: {
        auto* select = static_cast<ast::SelectBody*>(body);
        if (select->from != nullptr) return Ref(select->from.get());
        return Status::OK();
      }
      case ast::QueryBodyKind::kSetOp: {
        auto* op = static_cast<ast::SetOpBody*>(body);
        WEIR_RETURN_NOT_OK(Body(op->left.get()));
        return Body(op->right.get());
      }
      case ast::QueryBodyKind::kNested:
        return Query(static_cast<ast::NestedBody*>(body)->query.get());
      case ast::QueryBodyKind::kValues:
        return Status::OK();
    }
    return Status::OK();
  }

  Status Ref(ast::TableRef* ref) {
    switch (ref->kind) {
      case ast::TableRefKind::kNamed: {
        auto* named = static_cast<ast::NamedTableRef*>(ref);
        if (named->name.size() == 1) {
          for (const auto& scope : scopes_) {
            if (scope.count(named->name[0]) > 0) return Status::OK();
          }
        }
        WEIR_ASSIGN_OR_RAISE(ObjectIdentifier id, catalogs_.Qualify(named->name));
        named->name = {id.catalog, id.database, id.object};
        return Status::OK();
      }
      case ast::TableRefKind::kDerived:
        return Query(static_cast<ast::DerivedTableRef*>(ref)->query.get());
      case ast::TableRefKind::kJoin: {
        auto* join = static_cast<ast::JoinTableRef*>(ref);
        WEIR_RETURN_NOT_OK(Ref(join->left.get()));
        return Ref(join->right.get());
      }
      default:
        return Status::OK();
    }
  }

  const CatalogManager& catalogs_;
  std::vector<std::set<std::string>> scopes_;
};

}  // namespace

Result<std::string> ExpandQuerySql(const ast::Query& query, const CatalogManager& catalogs) {
  WEIR_ASSIGN_OR_RAISE(ast::StatementPtr copy, ast::ParseStatement(ast::ToSql(query)));
  if (copy->kind != ast::StatementKind::kQuery) {
    return Status::Internal("a printed query did not parse back as a query");
  }
  ast::Query* mutable_query = static_cast<ast::QueryStatement*>(copy.get())->query.get();
  NameExpander expander(catalogs);
  WEIR_RETURN_NOT_OK(expander.Query(mutable_query));
  return ast::ToSql(*mutable_query);
}

Result<CatalogView> DdlConverter::ConvertCreateView(const ast::CreateViewStatement& stmt) const {
  if (ctx_.catalogs == nullptr) return Status::Invalid("CREATE VIEW needs a catalog");
  QueryBinder binder(ctx_);
  WEIR_ASSIGN_OR_RAISE(RelPtr rel, binder.Bind(*stmt.query));
  const std::vector<std::string> input = rel->field_names();
  std::vector<std::string> names = input;
  if (!stmt.columns.empty()) {
    if (stmt.columns.size() != input.size()) {
      return Status::Invalid(
          "VIEW definition and input fields not match:\n\tDef fields: ", NameList(stmt.columns),
          ".\n\tInput fields: ", NameList(input), ".", PosSuffix(stmt.pos));
    }
    names = stmt.columns;
  }
  CatalogView view;
  view.original_query = ast::ToSql(*stmt.query);
  WEIR_ASSIGN_OR_RAISE(view.expanded_query, ExpandQuerySql(*stmt.query, *ctx_.catalogs));
  const auto& fields = rel->row_type().fields();
  for (size_t i = 0; i < fields.size(); ++i) {
    view.columns.emplace_back(names[i], fields[i].logical_type());
  }
  view.comment = stmt.comment.value_or("");
  return view;
}

Result<CatalogFunction> DdlConverter::ConvertCreateFunction(
    const ast::CreateFunctionStatement& stmt) const {
  CatalogFunction function;
  function.class_name = stmt.class_name;
  if (stmt.language.has_value()) {
    const std::string lang = AsciiUpper(*stmt.language);
    if (lang == "PYTHON") return NotYet("LANGUAGE PYTHON functions", stmt.pos);
    if (lang == "SCALA") {
      function.language = FunctionLanguage::kScala;
    } else if (lang != "JAVA") {
      return Status::Invalid("Unknown function language: ", *stmt.language, PosSuffix(stmt.pos));
    }
  }
  if (!stmt.jars.empty()) return NotYet("CREATE FUNCTION ... USING JAR", stmt.pos);
  if (ctx_.registry->FindClass(stmt.class_name) == nullptr) {
    return Status::NotSupported("No native implementation of function class '", stmt.class_name,
                                "': Weir runs Java UDFs only through native ports",
                                PosSuffix(stmt.pos));
  }
  return function;
}

Result<AlteredTable> DdlConverter::ConvertAlterTable(const ast::AlterTableStatement& stmt) const {
  WEIR_ASSIGN_OR_RAISE(ObjectIdentifier id, Qualify(stmt.name, stmt.pos));
  AlteredTable out;
  out.id = id;
  std::optional<ResolvedCatalogObject> object = ctx_.catalogs->GetTable(id);
  if (!object.has_value()) {
    if (stmt.if_exists) {
      out.exists = false;
      return out;
    }
    return Status::Invalid("Table ", id.ToString(), " doesn't exist or is a temporary table.",
                           PosSuffix(stmt.pos));
  }
  if (IsView(object->object)) {
    return Status::Invalid("ALTER TABLE for a view is not allowed", PosSuffix(stmt.pos));
  }
  CatalogTable table = std::get<CatalogTable>(object->object);
  switch (stmt.action) {
    case ast::AlterTableAction::kRename: {
      if (stmt.new_name.size() > 1) {
        WEIR_ASSIGN_OR_RAISE(ObjectIdentifier target, Qualify(stmt.new_name, stmt.pos));
        if (target.catalog != id.catalog || target.database != id.database) {
          return Status::Invalid("ALTER TABLE RENAME must keep the catalog and database of ",
                                 id.ToSummaryString(), PosSuffix(stmt.pos));
        }
      }
      out.new_name = stmt.new_name.back();
      return out;
    }
    case ast::AlterTableAction::kSetOptions:
      for (const auto& [k, v] : stmt.options) SetOption(&table.options, k, v);
      break;
    case ast::AlterTableAction::kResetOptions:
      if (stmt.reset_keys.empty()) {
        return Status::Invalid("ALTER TABLE RESET does not support empty key", PosSuffix(stmt.pos));
      }
      for (const std::string& key : stmt.reset_keys) {
        if (key == "connector") {
          return Status::Invalid("ALTER TABLE RESET does not support changing 'connector'",
                                 PosSuffix(stmt.pos));
        }
        RemoveOption(&table.options, key);
      }
      break;
  }
  out.table = std::move(table);
  return out;
}

Result<DatabaseDefinition> DdlConverter::ConvertCreateDatabase(
    const ast::CreateDatabaseStatement& stmt) const {
  if (ctx_.catalogs == nullptr) return Status::Invalid("CREATE DATABASE needs a catalog");
  if (stmt.name.empty() || stmt.name.size() > 2) {
    return Status::Invalid("A database name has one or two parts (catalog.database)",
                           PosSuffix(stmt.pos));
  }
  DatabaseDefinition out;
  out.catalog = stmt.name.size() == 2 ? stmt.name[0] : ctx_.catalogs->current_catalog();
  out.database = stmt.name.back();
  out.definition.comment = stmt.comment.value_or("");
  out.definition.properties = stmt.options;
  out.if_not_exists = stmt.if_not_exists;
  Result<std::shared_ptr<Catalog>> catalog = ctx_.catalogs->GetCatalog(out.catalog);
  if (!catalog.ok()) return AtPos(catalog.status(), stmt.pos);
  return out;
}

Result<CatalogDefinition> DdlConverter::ConvertCreateCatalog(
    const ast::CreateCatalogStatement& stmt) const {
  const std::string* type = FindOption(stmt.options, "type");
  if (type == nullptr) {
    return Status::Invalid(
        "Catalog options do not contain an option key 'type' for discovering a catalog.",
        PosSuffix(stmt.pos));
  }
  if (*type != "generic_in_memory") {
    return NotYet(StrCat("catalog type '", *type, "' (only 'generic_in_memory')"), stmt.pos);
  }
  CatalogDefinition out;
  out.name = stmt.name;
  out.options = stmt.options;
  out.comment = stmt.comment.value_or("");
  out.if_not_exists = stmt.if_not_exists;
  return out;
}

Result<DropTarget> DdlConverter::ConvertDrop(const ast::DropStatement& stmt) const {
  DropTarget out;
  out.object = stmt.object;
  out.temporary = stmt.temporary;
  out.system = stmt.system;
  out.if_exists = stmt.if_exists;
  out.cascade =
      stmt.restrict_or_cascade.has_value() && AsciiUpper(*stmt.restrict_or_cascade) == "CASCADE";
  switch (stmt.object) {
    case ast::ObjectKind::kCatalog:
      out.name = stmt.name.back();
      return out;
    case ast::ObjectKind::kDatabase:
      if (stmt.name.size() > 2) {
        return Status::Invalid("A database name has one or two parts (catalog.database)",
                               PosSuffix(stmt.pos));
      }
      if (ctx_.catalogs == nullptr) return Status::Invalid("DROP DATABASE needs a catalog");
      out.id.catalog = stmt.name.size() == 2 ? stmt.name[0] : ctx_.catalogs->current_catalog();
      out.id.database = stmt.name.back();
      return out;
    case ast::ObjectKind::kFunction:
      if (stmt.system) {
        if (stmt.name.size() != 1) {
          return Status::Invalid("A temporary system function has a one-part name",
                                 PosSuffix(stmt.pos));
        }
        out.name = stmt.name[0];
        return out;
      }
      [[fallthrough]];
    case ast::ObjectKind::kTable:
    case ast::ObjectKind::kView: {
      WEIR_ASSIGN_OR_RAISE(out.id, Qualify(stmt.name, stmt.pos));
      return out;
    }
  }
  return Status::Internal("unknown DROP object kind");
}

}  // namespace weir::sql
