// SqlSession: CREATE TABLE ... AS SELECT and [CREATE OR] REPLACE TABLE ... AS SELECT.
#include <algorithm>
#include <utility>

#include "weir/common/str_cat.h"
#include "weir/gateway/session/sql_session.h"
#include "weir/sql/binder/binder.h"
#include "weir/sql/binder/expression_binder.h"

namespace weir::gateway {

namespace ast = sql::ast;

namespace {

bool HasColumn(const sql::CatalogTable& table, const std::string& name) {
  return table.FindColumn(name) != nullptr;
}

std::string ColumnList(const sql::CatalogTable& table) {
  std::string out;
  for (const sql::CatalogColumn& c : table.columns) {
    if (!out.empty()) out += ", ";
    out += c.name;
  }
  return StrCat("[", out, "]");
}

// The CTAS table's schema (Flink's semantics): columns declared in the CREATE part but absent
// from the query come first, then the query's columns in its order; a query column declared in
// the CREATE part takes the declared definition (e.g. another type, cast on insert).
sql::CatalogTable MergeQueryColumns(sql::CatalogTable declared, const sql::RelPtr& plan) {
  sql::CatalogTable table = declared;
  table.columns.clear();
  const auto& fields = plan->row_type().fields();
  auto in_query = [&](const std::string& name) {
    return std::any_of(fields.begin(), fields.end(),
                       [&](const Field& f) { return f.name == name; });
  };
  for (const sql::CatalogColumn& c : declared.columns) {
    if (!in_query(c.name)) table.columns.push_back(c);
  }
  for (const Field& f : fields) {
    if (const sql::CatalogColumn* c = declared.FindColumn(f.name)) {
      table.columns.push_back(*c);
    } else {
      sql::CatalogColumn column;
      column.name = f.name;
      column.type = f.logical_type();
      table.columns.push_back(std::move(column));
    }
  }
  return table;
}

}  // namespace

Result<StatementOutcome> SqlSession::ExecuteCreateTableAs(ast::CreateTableStatement& create,
                                                          ast::QueryPtr query) {
  const bool replace = create.or_replace || create.replace_only;
  const char* what = create.replace_only ? "REPLACE TABLE ... AS SELECT"
                     : create.or_replace ? "CREATE OR REPLACE TABLE ... AS SELECT"
                                         : "CREATE TABLE ... AS SELECT";
  if (create.like.has_value()) {
    return Status::Invalid(what, " cannot have a LIKE clause; the columns come from the query",
                           sql::PosSuffix(create.pos));
  }
  if (replace && create.temporary) {
    return Status::NotSupported("not supported yet: ", what, " of a TEMPORARY table");
  }
  sql::Binder binder(&catalogs_, &functions_, &config_);
  WEIR_ASSIGN_OR_RAISE(sql::RelPtr plan, binder.BindQuery(*query));
  WEIR_ASSIGN_OR_RAISE(sql::ObjectIdentifier id, binder.Qualify(create.name, create.pos));

  // The CREATE part alone; partition keys and the primary key may name query columns, so they
  // are checked against the merged schema.
  std::vector<std::string> partition_keys = std::move(create.partition_keys);
  create.partition_keys.clear();
  std::optional<ast::PrimaryKeyDef> key = std::move(create.primary_key);
  create.primary_key.reset();
  WEIR_ASSIGN_OR_RAISE(sql::CatalogTable declared, binder.ConvertCreateTable(create));
  const size_t declared_columns = declared.columns.size();
  sql::CatalogTable table = MergeQueryColumns(std::move(declared), plan);
  const bool adds_columns =
      declared_columns > 0 && table.columns.size() > plan->row_type().fields().size();
  for (const std::string& p : partition_keys) {
    if (!HasColumn(table, p)) {
      return Status::Invalid("Partition column '", p, "' is not a column of the table ",
                             id.ToSummaryString(), "; its columns are ", ColumnList(table),
                             sql::PosSuffix(create.pos));
    }
  }
  table.partition_keys = std::move(partition_keys);
  if (key.has_value()) {
    if (key->enforced) {
      return Status::Invalid("Flink doesn't support ENFORCED mode for PRIMARY KEY constraint; ",
                             "write PRIMARY KEY (...) NOT ENFORCED");
    }
    sql::PrimaryKeyConstraint pk;
    for (const std::string& c : key->columns) {
      if (!HasColumn(table, c)) {
        return Status::Invalid("Primary key column '", c, "' is not a column of the table ",
                               id.ToSummaryString(), "; its columns are ", ColumnList(table),
                               sql::PosSuffix(create.pos));
      }
      pk.columns.push_back(c);
    }
    // Primary key columns are NOT NULL, as in a CREATE TABLE.
    for (sql::CatalogColumn& column : table.columns) {
      if (std::find(pk.columns.begin(), pk.columns.end(), column.name) != pk.columns.end()) {
        column.type = column.type.WithNullable(false);
      }
    }
    if (key->constraint_name.has_value()) {
      pk.name = *key->constraint_name;
    } else {
      pk.name = "PK";
      for (const std::string& c : pk.columns) pk.name += "_" + c;
    }
    table.primary_key = std::move(pk);
  }

  // Create (or replace) the table; with IF NOT EXISTS an existing table just gets the rows.
  std::optional<sql::ResolvedCatalogObject> previous = catalogs_.GetTable(id);
  if (create.replace_only && !previous.has_value()) {
    return Status::NotFound("The table ", id.ToSummaryString(),
                            " to be replaced does not exist; use CREATE TABLE ... AS SELECT or ",
                            "CREATE OR REPLACE TABLE ... AS SELECT");
  }
  if (previous.has_value() && sql::IsView(previous->object)) {
    return Status::Invalid(id.ToSummaryString(), " is a view; ", what, " needs a table");
  }
  bool created = false;
  if (replace && previous.has_value()) {
    WEIR_RETURN_NOT_OK(catalogs_.DropTable(id, false, previous->temporary, false));
  }
  if (!previous.has_value() || replace) {
    if (create.temporary) {
      WEIR_RETURN_NOT_OK(catalogs_.CreateTemporaryTable(id, std::move(table), false));
    } else {
      WEIR_RETURN_NOT_OK(catalogs_.CreateTable(id, std::move(table), false));
    }
    created = true;
  } else if (!create.if_not_exists) {
    return Status::AlreadyExists("Could not execute ", what, ": table ", id.ToSummaryString(),
                                 " already exists");
  }

  // The job: INSERT INTO the table the query's rows (by name when the table has more columns).
  ast::InsertStatement insert;
  insert.pos = create.pos;
  insert.table = create.name;
  if (adds_columns) {
    for (const Field& f : plan->row_type().fields()) insert.columns.push_back(f.name);
  }
  insert.query = std::move(query);
  Result<StatementOutcome> submitted = SubmitInserts({&insert});
  if (!submitted.ok() && created) {
    // Leave the catalog as it was before the statement.
    Status dropped = catalogs_.DropTable(id, false, create.temporary, true);
    if (dropped.ok() && previous.has_value()) {
      dropped = previous->temporary
                    ? catalogs_.CreateTemporaryTable(id, std::move(previous->object), false)
                    : catalogs_.CreateTable(id, std::move(previous->object), false);
    }
    dropped.IgnoreError();  // the planning error is the one to report
  }
  return submitted;
}

}  // namespace weir::gateway
