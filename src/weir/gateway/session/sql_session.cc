// SqlSession: statement dispatch, DDL against the catalogs, jobs on the mini-cluster.
#include "weir/gateway/session/sql_session.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "weir/common/ascii.h"
#include "weir/common/batch/column_builder.h"
#include "weir/common/config/core_options.h"
#include "weir/common/str_cat.h"
#include "weir/gateway/session/session_options.h"
#include "weir/runtime/graph/job_graph.h"
#include "weir/sql/binder/binder.h"
#include "weir/sql/catalog/in_memory_catalog.h"
#include "weir/sql/parser/parser.h"
#include "weir/sql/physical/sql_compiler.h"
#include "weir/sql/physical/stream_graph_translator.h"

namespace weir::gateway {

namespace ast = sql::ast;
using sql::Binder;
using sql::CatalogTable;
using sql::ObjectIdentifier;
using sql::RelPtr;

namespace {

constexpr char kCollectConnector[] = "weir-collect";

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// The sink of SELECT results: rows go to the ResultQueue of the collect id.
class CollectTableFactory final : public connectors::TableFactory {
 public:
  using Outputs = std::map<int64_t, std::shared_ptr<ResultQueue>>;
  explicit CollectTableFactory(std::shared_ptr<Outputs> outputs) : outputs_(std::move(outputs)) {}
  std::string identifier() const override { return kCollectConnector; }
  bool supports_sink() const override { return true; }
  Result<connectors::SinkDescriptor> CreateSink(const connectors::TableContext& t) const override {
    auto id = t.options.find("collect.id");
    if (id == t.options.end()) return Status::Internal("collect sink without an id");
    auto out = outputs_->find(std::stoll(id->second));
    if (out == outputs_->end()) return Status::Internal("unknown collect id ", id->second);
    connectors::SinkDescriptor sink;
    sink.accepted_mode = ChangelogMode::All();
    sink.parallelism = 1;  // one ordered result
    std::shared_ptr<ResultQueue> queue = out->second;
    sink.factory = [queue](int32_t) -> Result<std::unique_ptr<runtime::Operator>> {
      return std::unique_ptr<runtime::Operator>(std::make_unique<ResultQueueSink>(queue));
    };
    return sink;
  }

 private:
  std::shared_ptr<Outputs> outputs_;
};

StatementOutcome Executed() { return StatementOutcome{}; }

Result<StatementOutcome> RawText(std::string text);

Result<StatementOutcome> Rows(const std::vector<std::string>& names,
                              const std::vector<std::vector<std::string>>& rows) {
  StatementOutcome out;
  out.kind = StatementOutcome::Kind::kRows;
  WEIR_ASSIGN_OR_RAISE(RecordBatchPtr batch, StringRows(names, rows));
  out.schema = batch->schema();
  out.batches.push_back(std::move(batch));
  return out;
}

// A SELECT's plan writing into the collect sink of `collect_id` (its rows go to the session).
RelPtr CollectSink(const RelPtr& plan, int64_t collect_id) {
  std::vector<std::pair<std::string, LogicalType>> columns;
  for (const Field& f : plan->row_type().fields()) columns.emplace_back(f.name, f.logical_type());
  CatalogTable sink_table = sql::MakePhysicalTable(
      columns, {{"connector", kCollectConnector}, {"collect.id", StrCat(collect_id)}});
  return std::make_shared<sql::SinkRel>(
      plan, ObjectIdentifier{"default_catalog", "default_database", StrCat("collect_", collect_id)},
      std::move(sink_table), false, sql::TableOptions{});
}

// One text result (EXPLAIN, SHOW CREATE), printed as is by clients.
Result<StatementOutcome> RawText(std::string text) {
  WEIR_ASSIGN_OR_RAISE(StatementOutcome out, Rows({"result"}, {{std::move(text)}}));
  out.raw_text = true;
  return out;
}

std::string Trimmed(std::string_view text) {
  size_t b = 0;
  size_t e = text.size();
  while (b < e && std::isspace(static_cast<unsigned char>(text[b]))) ++b;
  while (e > b && (std::isspace(static_cast<unsigned char>(text[e - 1])) || text[e - 1] == ';'))
    --e;
  return std::string(text.substr(b, e - b));
}

// Collapses whitespace runs and upper-cases, to recognise client-only statements.
std::string Normalised(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : Trimmed(text)) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return AsciiUpper(out);
}

bool MatchesLike(const std::string& name, const std::string& pattern) {
  // SQL LIKE with % and _ (case-sensitive, as Flink's SHOW ... LIKE).
  std::function<bool(size_t, size_t)> match = [&](size_t i, size_t j) -> bool {
    if (j == pattern.size()) return i == name.size();
    if (pattern[j] == '%') {
      for (size_t k = i; k <= name.size(); ++k) {
        if (match(k, j + 1)) return true;
      }
      return false;
    }
    if (i == name.size()) return false;
    if (pattern[j] == '_' || pattern[j] == name[i]) return match(i + 1, j + 1);
    return false;
  };
  return match(0, 0);
}

}  // namespace

Result<RecordBatchPtr> StringRows(const std::vector<std::string>& names,
                                  const std::vector<std::vector<std::string>>& rows) {
  std::vector<Field> fields;
  std::vector<ColumnPtr> columns;
  for (size_t c = 0; c < names.size(); ++c) {
    fields.emplace_back(names[c], LogicalType::String());
    WEIR_ASSIGN_OR_RAISE(auto builder, ColumnBuilder::Make(LogicalType::String()));
    for (const auto& row : rows) WEIR_RETURN_NOT_OK(builder->AppendValue(Value(row.at(c))));
    WEIR_ASSIGN_OR_RAISE(ColumnPtr column, builder->Finish());
    columns.push_back(std::move(column));
  }
  WEIR_ASSIGN_OR_RAISE(SchemaPtr schema, Schema::Make(std::move(fields)));
  return std::make_shared<const RecordBatch>(schema, std::move(columns),
                                             static_cast<int64_t>(rows.size()));
}

SqlSession::SqlSession(cluster::MiniCluster* cluster, config::Configuration config)
    : cluster_(cluster),
      config_(config),
      initial_config_(std::move(config)),
      functions_(sql::FunctionRegistry::Builtins()),
      connectors_(&connectors::TableFactoryRegistry::Builtins()),
      collected_(std::make_shared<CollectTableFactory::Outputs>()) {
  connectors_.Register(std::make_unique<CollectTableFactory>(collected_));
}

SqlSession::~SqlSession() = default;

std::vector<SessionJob> SqlSession::jobs() const { return jobs_; }

Status SqlSession::WaitForJobs() {
  Status first;
  for (SessionJob& job : jobs_) {
    WEIR_ASSIGN_OR_RAISE(cluster::JobResult r, job.client.WaitForResult(std::nullopt));
    if (r.status == cluster::JobStatus::kFailed && first.ok()) first = r.failure;
  }
  return first;
}

Result<StatementOutcome> SqlSession::Execute(std::string_view statement) {
  const std::string normalised = Normalised(statement);
  if (normalised == "BEGIN STATEMENT SET") {
    if (statement_set_.has_value()) {
      return Status::Invalid("Only one statement set can be open; end it with END first");
    }
    statement_set_.emplace();
    StatementOutcome out;
    out.kind = StatementOutcome::Kind::kStatementSetBegin;
    return out;
  }
  if (normalised == "END" && statement_set_.has_value()) {
    std::vector<std::string> texts = std::move(*statement_set_);
    statement_set_.reset();
    if (texts.empty()) {
      StatementOutcome out;
      out.kind = StatementOutcome::Kind::kStatementSetEmpty;
      return out;
    }
    std::vector<ast::StatementPtr> parsed;
    std::vector<const ast::InsertStatement*> inserts;
    for (const std::string& t : texts) {
      WEIR_ASSIGN_OR_RAISE(ast::StatementPtr stmt, ast::ParseStatement(t));
      inserts.push_back(&stmt->As<ast::InsertStatement>());
      parsed.push_back(std::move(stmt));
    }
    return SubmitInserts(inserts);
  }
  WEIR_ASSIGN_OR_RAISE(ast::StatementPtr stmt, ast::ParseStatement(Trimmed(statement)));
  if (stmt->kind == ast::StatementKind::kCreateTable && !statement_set_.has_value()) {
    auto& create = static_cast<ast::CreateTableStatement&>(*stmt);
    if (create.as_query != nullptr) {
      ast::QueryPtr query = std::move(create.as_query);
      return ExecuteCreateTableAs(create, std::move(query));
    }
  }
  if (statement_set_.has_value()) {
    if (stmt->kind != ast::StatementKind::kInsert) {
      return Status::Invalid("Only INSERT statements are allowed in a statement set; got: ",
                             Trimmed(statement));
    }
    statement_set_->push_back(Trimmed(statement));
    StatementOutcome out;
    out.kind = StatementOutcome::Kind::kStatementSetAdded;
    return out;
  }
  return ExecuteParsed(*stmt);
}

Result<StatementOutcome> SqlSession::ExecuteStreaming(std::string_view statement) {
  stream_results_ = true;
  Result<StatementOutcome> out = Execute(statement);
  stream_results_ = false;
  return out;
}

Result<StatementOutcome> SqlSession::ExecuteParsed(const ast::Statement& stmt) {
  switch (stmt.kind) {
    case ast::StatementKind::kInsert:
      return SubmitInserts({&stmt.As<ast::InsertStatement>()});
    case ast::StatementKind::kStatementSet: {
      std::vector<const ast::InsertStatement*> inserts;
      for (const auto& s : stmt.As<ast::StatementSetStatement>().inserts) {
        inserts.push_back(&s->As<ast::InsertStatement>());
      }
      if (inserts.empty()) {
        StatementOutcome out;
        out.kind = StatementOutcome::Kind::kStatementSetEmpty;
        return out;
      }
      return SubmitInserts(inserts);
    }
    case ast::StatementKind::kExecute:
      return ExecuteParsed(*stmt.As<ast::ExecuteStatement>().statement);
    case ast::StatementKind::kQuery:
      return ExecuteQuery(stmt.As<ast::QueryStatement>());
    case ast::StatementKind::kShow:
      return ExecuteShow(stmt.As<ast::ShowStatement>());
    case ast::StatementKind::kDescribe:
      return ExecuteDescribe(stmt.As<ast::DescribeStatement>());
    case ast::StatementKind::kSet:
      return ExecuteSet(stmt.As<ast::SetStatement>());
    case ast::StatementKind::kReset:
      return ExecuteReset(stmt.As<ast::ResetStatement>());
    case ast::StatementKind::kExplain:
      return ExecuteExplain(stmt.As<ast::ExplainStatement>());
    case ast::StatementKind::kStopJob:
      return ExecuteStopJob(stmt.As<ast::StopJobStatement>());
    case ast::StatementKind::kCompilePlan:
      return ExecuteCompilePlan(stmt.As<ast::CompilePlanStatement>());
    case ast::StatementKind::kExecutePlan:
      return ExecuteExecutePlan(stmt.As<ast::ExecutePlanStatement>());
    default:
      return ExecuteDdl(stmt);
  }
}

Result<StatementOutcome> SqlSession::ExecuteDdl(const ast::Statement& stmt) {
  Binder binder(&catalogs_, &functions_, &config_);
  switch (stmt.kind) {
    case ast::StatementKind::kCreateTable: {
      const auto& create = stmt.As<ast::CreateTableStatement>();
      if (create.as_query != nullptr) {
        return Status::NotSupported("not supported yet: CREATE TABLE ... AS SELECT");
      }
      WEIR_ASSIGN_OR_RAISE(CatalogTable table, binder.ConvertCreateTable(create));
      WEIR_ASSIGN_OR_RAISE(ObjectIdentifier id, binder.Qualify(create.name, create.pos));
      if (create.temporary) {
        WEIR_RETURN_NOT_OK(
            catalogs_.CreateTemporaryTable(id, std::move(table), create.if_not_exists));
      } else {
        WEIR_RETURN_NOT_OK(catalogs_.CreateTable(id, std::move(table), create.if_not_exists));
      }
      return Executed();
    }
    case ast::StatementKind::kCreateView: {
      const auto& create = stmt.As<ast::CreateViewStatement>();
      WEIR_ASSIGN_OR_RAISE(sql::CatalogView view, binder.ConvertCreateView(create));
      WEIR_ASSIGN_OR_RAISE(ObjectIdentifier id, binder.Qualify(create.name, create.pos));
      if (create.temporary) {
        WEIR_RETURN_NOT_OK(
            catalogs_.CreateTemporaryTable(id, std::move(view), create.if_not_exists));
      } else {
        WEIR_RETURN_NOT_OK(catalogs_.CreateTable(id, std::move(view), create.if_not_exists));
      }
      return Executed();
    }
    case ast::StatementKind::kCreateFunction: {
      const auto& create = stmt.As<ast::CreateFunctionStatement>();
      WEIR_ASSIGN_OR_RAISE(sql::CatalogFunction fn, binder.ConvertCreateFunction(create));
      // The session's registry resolves calls by the function's name.
      WEIR_RETURN_NOT_OK(functions_.CreateFunction(create.name.back(), fn.class_name));
      if (create.temporary && create.system) {
        WEIR_RETURN_NOT_OK(
            catalogs_.CreateTemporarySystemFunction(create.name.back(), fn, create.if_not_exists));
        return Executed();
      }
      WEIR_ASSIGN_OR_RAISE(ObjectIdentifier id, binder.Qualify(create.name, create.pos));
      if (create.temporary) {
        WEIR_RETURN_NOT_OK(catalogs_.CreateTemporaryFunction(id, fn, create.if_not_exists));
      } else {
        WEIR_RETURN_NOT_OK(catalogs_.CreateFunction(id, fn, create.if_not_exists));
      }
      return Executed();
    }
    case ast::StatementKind::kCreateDatabase: {
      WEIR_ASSIGN_OR_RAISE(sql::DatabaseDefinition db,
                           binder.ConvertCreateDatabase(stmt.As<ast::CreateDatabaseStatement>()));
      WEIR_ASSIGN_OR_RAISE(auto catalog, catalogs_.GetCatalog(db.catalog));
      WEIR_RETURN_NOT_OK(catalog->CreateDatabase(db.database, db.definition, db.if_not_exists));
      return Executed();
    }
    case ast::StatementKind::kCreateCatalog: {
      WEIR_ASSIGN_OR_RAISE(sql::CatalogDefinition def,
                           binder.ConvertCreateCatalog(stmt.As<ast::CreateCatalogStatement>()));
      const std::string* db = sql::FindOption(def.options, "default-database");
      WEIR_RETURN_NOT_OK(catalogs_.RegisterCatalog(
          def.name,
          std::make_shared<sql::InMemoryCatalog>(def.name, db != nullptr ? *db : "default"),
          def.if_not_exists));
      return Executed();
    }
    case ast::StatementKind::kDrop: {
      WEIR_ASSIGN_OR_RAISE(sql::DropTarget target,
                           binder.ConvertDrop(stmt.As<ast::DropStatement>()));
      switch (target.object) {
        case ast::ObjectKind::kTable:
        case ast::ObjectKind::kView:
          WEIR_RETURN_NOT_OK(catalogs_.DropTable(target.id, target.object == ast::ObjectKind::kView,
                                                 target.temporary, target.if_exists));
          break;
        case ast::ObjectKind::kFunction:
          if (target.system) {
            WEIR_RETURN_NOT_OK(
                catalogs_.DropTemporarySystemFunction(target.name, target.if_exists));
          } else {
            WEIR_RETURN_NOT_OK(
                catalogs_.DropFunction(target.id, target.temporary, target.if_exists));
          }
          break;
        case ast::ObjectKind::kCatalog:
          WEIR_RETURN_NOT_OK(catalogs_.UnregisterCatalog(target.name, target.if_exists));
          break;
        case ast::ObjectKind::kDatabase: {
          WEIR_ASSIGN_OR_RAISE(auto catalog, catalogs_.GetCatalog(target.id.catalog));
          WEIR_RETURN_NOT_OK(
              catalog->DropDatabase(target.id.database, target.if_exists, target.cascade));
          break;
        }
      }
      return Executed();
    }
    case ast::StatementKind::kUse: {
      const auto& use = stmt.As<ast::UseStatement>();
      if (use.target == ast::UseStatement::Target::kCatalog) {
        WEIR_RETURN_NOT_OK(catalogs_.SetCurrentCatalog(use.name.at(0)));
      } else if (use.target == ast::UseStatement::Target::kDatabase) {
        if (use.name.size() == 2) WEIR_RETURN_NOT_OK(catalogs_.SetCurrentCatalog(use.name[0]));
        WEIR_RETURN_NOT_OK(catalogs_.SetCurrentDatabase(use.name.back()));
      } else {
        return Status::NotSupported("not supported yet: USE MODULES");
      }
      return Executed();
    }
    case ast::StatementKind::kAlterTable: {
      WEIR_ASSIGN_OR_RAISE(sql::AlteredTable altered,
                           binder.ConvertAlterTable(stmt.As<ast::AlterTableStatement>()));
      if (!altered.exists) return Executed();
      if (altered.new_name.has_value()) {
        WEIR_RETURN_NOT_OK(catalogs_.RenameTable(altered.id, *altered.new_name));
      } else {
        WEIR_RETURN_NOT_OK(catalogs_.AlterTable(altered.id, std::move(*altered.table)));
      }
      return Executed();
    }
    default:
      return Status::NotSupported("not supported yet: this kind of statement in a session");
  }
}

Result<StatementOutcome> SqlSession::ExecuteShow(const ast::ShowStatement& stmt) {
  std::vector<std::string> names;
  std::string column;
  switch (stmt.show) {
    case ast::ShowKind::kCatalogs:
      names = catalogs_.ListCatalogs();
      column = "catalog name";
      break;
    case ast::ShowKind::kCurrentCatalog:
      return Rows({"current catalog name"}, {{catalogs_.current_catalog()}});
    case ast::ShowKind::kCurrentDatabase:
      return Rows({"current database name"}, {{catalogs_.current_database()}});
    case ast::ShowKind::kDatabases: {
      WEIR_ASSIGN_OR_RAISE(
          auto catalog,
          catalogs_.GetCatalog(stmt.name.empty() ? catalogs_.current_catalog() : stmt.name[0]));
      names = catalog->ListDatabases();
      column = "database name";
      break;
    }
    case ast::ShowKind::kTables:
    case ast::ShowKind::kViews: {
      std::string catalog;
      std::string database;
      if (stmt.name.size() == 2) {
        catalog = stmt.name[0];
        database = stmt.name[1];
      } else if (stmt.name.size() == 1) {
        database = stmt.name[0];
      }
      const bool views = stmt.show == ast::ShowKind::kViews;
      WEIR_ASSIGN_OR_RAISE(names, catalogs_.ListTables(catalog, database, views));
      column = views ? "view name" : "table name";
      break;
    }
    case ast::ShowKind::kFunctions:
      names = catalogs_.ListUserFunctions();
      if (!stmt.user) {
        for (const std::string& f : functions_.Names()) names.push_back(AsciiLower(f));
        std::sort(names.begin(), names.end());
        names.erase(std::unique(names.begin(), names.end()), names.end());
      }
      column = "function name";
      break;
    case ast::ShowKind::kCreateTable:
    case ast::ShowKind::kCreateView: {
      Binder binder(&catalogs_, &functions_, &config_);
      WEIR_ASSIGN_OR_RAISE(ObjectIdentifier id, binder.Qualify(stmt.name, stmt.pos));
      std::optional<sql::ResolvedCatalogObject> found = catalogs_.GetTable(id);
      if (!found.has_value()) {
        return Status::NotFound("Could not execute SHOW CREATE ",
                                stmt.show == ast::ShowKind::kCreateView ? "VIEW" : "TABLE",
                                ". Table with identifier ", id.ToString(), " does not exist.");
      }
      std::string text =
          sql::IsView(found->object)
              ? sql::ShowCreateView(id, std::get<sql::CatalogView>(found->object), found->temporary)
              : sql::ShowCreateTable(id, std::get<CatalogTable>(found->object), found->temporary);
      return RawText(std::move(text));
    }
    case ast::ShowKind::kColumns: {
      ast::DescribeStatement describe;
      describe.name = stmt.name;
      describe.pos = stmt.pos;
      return ExecuteDescribe(describe);
    }
    case ast::ShowKind::kJobs: {
      std::vector<std::vector<std::string>> rows;
      for (const SessionJob& job : jobs_) {
        rows.push_back({job.job_id, job.job_name, JobStatusName(job.client.Status()),
                        StrCat(job.start_time_ms)});
      }
      return Rows({"job id", "job name", "status", "start time"}, rows);
    }
    default:
      return Status::NotSupported("not supported yet: SHOW ",
                                  stmt.text.empty() ? std::string("...") : stmt.text);
  }
  std::vector<std::vector<std::string>> rows;
  for (const std::string& n : names) {
    if (stmt.like_pattern.has_value() && MatchesLike(n, *stmt.like_pattern) == stmt.not_like) {
      continue;
    }
    rows.push_back({n});
  }
  return Rows({column}, rows);
}

Result<StatementOutcome> SqlSession::ExecuteDescribe(const ast::DescribeStatement& stmt) {
  Binder binder(&catalogs_, &functions_, &config_);
  WEIR_ASSIGN_OR_RAISE(ObjectIdentifier id, binder.Qualify(stmt.name, stmt.pos));
  std::optional<sql::ResolvedCatalogObject> found = catalogs_.GetTable(id);
  if (!found.has_value()) {
    return Status::NotFound("Tables or views with the identifier '", id.ToSummaryString(),
                            "' doesn't exist.");
  }
  const std::vector<sql::DescribeRow> described =
      sql::IsView(found->object) ? sql::DescribeView(std::get<sql::CatalogView>(found->object))
                                 : sql::DescribeTable(std::get<CatalogTable>(found->object));
  std::vector<std::vector<std::string>> rows;
  for (const sql::DescribeRow& r : described) {
    rows.push_back({r.name, r.type, r.nullable ? "TRUE" : "FALSE", r.key, r.extras, r.watermark});
  }
  return Rows({"name", "type", "null", "key", "extras", "watermark"}, rows);
}

Result<StatementOutcome> SqlSession::ExecuteSet(const ast::SetStatement& stmt) {
  if (!stmt.key.has_value()) {
    std::vector<std::vector<std::string>> rows;
    for (const std::string& key : config_.Keys()) rows.push_back({key, *config_.GetString(key)});
    return Rows({"key", "value"}, rows);
  }
  config_.SetString(*stmt.key, stmt.value.value_or(""), "SET");
  StatementOutcome out;
  out.kind = StatementOutcome::Kind::kSessionSet;
  return out;
}

Result<StatementOutcome> SqlSession::ExecuteReset(const ast::ResetStatement& stmt) {
  StatementOutcome out;
  if (!stmt.key.has_value()) {
    config_ = initial_config_;
    out.kind = StatementOutcome::Kind::kSessionResetAll;
    return out;
  }
  config_.Remove(*stmt.key);
  if (std::optional<std::string> initial = initial_config_.GetString(*stmt.key)) {
    config_.SetString(*stmt.key, *initial);
  }
  out.kind = StatementOutcome::Kind::kSessionReset;
  return out;
}

Result<StatementOutcome> SqlSession::ExecuteExplain(const ast::ExplainStatement& stmt) {
  WEIR_ASSIGN_OR_RAISE(sql::ExplainOptions explain, sql::ExplainOptions::FromDetails(stmt.details));
  const ast::Statement* target = stmt.statement.get();
  if (target->kind == ast::StatementKind::kExecute) {
    target = target->As<ast::ExecuteStatement>().statement.get();
  }
  WEIR_ASSIGN_OR_RAISE(sql::TranslateOptions options, PlanningOptions());
  if (target->kind != ast::StatementKind::kQuery) {
    WEIR_ASSIGN_OR_RAISE(std::vector<RelPtr> sinks, BindInserts(*target));
    WEIR_ASSIGN_OR_RAISE(std::string text, sql::Explain(sinks, explain, options));
    return RawText(std::move(text));
  }
  // A query is planned into the collect sink it would run with; EXPLAIN shows it without.
  Binder binder(&catalogs_, &functions_, &config_);
  WEIR_ASSIGN_OR_RAISE(RelPtr plan, binder.BindQuery(*target->As<ast::QueryStatement>().query));
  const int64_t id = next_collect_id_++;
  (*collected_)[id] = std::make_shared<ResultQueue>(result_buffer_rows_);
  RelPtr sink = CollectSink(plan, id);
  explain.query = true;
  Result<std::string> text = sql::Explain({sink}, explain, options);
  collected_->erase(id);
  WEIR_RETURN_NOT_OK(text.status());
  return RawText(std::move(*text));
}

Result<StatementOutcome> SqlSession::ExecuteQuery(const ast::QueryStatement& stmt) {
  Binder binder(&catalogs_, &functions_, &config_);
  WEIR_ASSIGN_OR_RAISE(RelPtr plan, binder.BindQuery(*stmt.query));
  WEIR_ASSIGN_OR_RAISE(std::shared_ptr<QueryResult> result,
                       StartQuery(plan, /*require_bounded=*/!stream_results_));
  StatementOutcome out;
  out.kind = StatementOutcome::Kind::kRows;
  out.query = true;
  out.schema = result->schema();
  if (stream_results_) {
    out.result = std::move(result);
  } else {
    WEIR_ASSIGN_OR_RAISE(out.batches, result->FetchAll());
  }
  return out;
}

Result<std::shared_ptr<QueryResult>> SqlSession::StartQuery(const RelPtr& plan,
                                                            bool require_bounded) {
  WEIR_ASSIGN_OR_RAISE(SchemaPtr schema, sql::RowSchema(*plan));
  const int64_t id = next_collect_id_++;
  auto queue = std::make_shared<ResultQueue>(result_buffer_rows_);
  RelPtr sink = CollectSink(plan, id);

  WEIR_ASSIGN_OR_RAISE(sql::TranslateOptions options, PlanningOptions());
  // The sink factory finds the queue by the collect id while the graph is translated.
  (*collected_)[id] = queue;
  Result<runtime::StreamGraph> translated = sql::CompileToStreamGraph({sink}, options);
  collected_->erase(id);
  WEIR_ASSIGN_OR_RAISE(runtime::StreamGraph graph, std::move(translated));
  if (require_bounded) {
    for (const runtime::StreamNode& n : graph.nodes()) {
      if (n.spec.num_inputs == 0 && !n.spec.bounded) {
        return Status::NotSupported("not supported yet: waiting for all rows of a SELECT over an ",
                                    "unbounded source (", n.spec.name, "); read its rows as ",
                                    "they arrive (SqlSession::ExecuteStreaming) or write them ",
                                    "to a print table with INSERT INTO");
      }
    }
  }
  const bool streaming = graph.job_type() == runtime::JobType::kStreaming;
  WEIR_ASSIGN_OR_RAISE(runtime::JobGraph job, runtime::BuildJobGraph(graph));
  cluster::JobSubmitOptions submit;
  submit.job_config = config_;
  WEIR_ASSIGN_OR_RAISE(cluster::JobClient client, cluster_->SubmitJob(job, std::move(submit)));
  return std::make_shared<QueryResult>(std::move(schema), streaming, std::move(client),
                                       std::move(queue));
}

Result<StatementOutcome> SqlSession::ExecuteStopJob(const ast::StopJobStatement& stmt) {
  for (SessionJob& job : jobs_) {
    if (job.job_id != stmt.job_id) continue;
    if (stmt.with_savepoint || stmt.with_drain) {
      WEIR_ASSIGN_OR_RAISE(std::string path, job.client.StopWithSavepoint("", stmt.with_drain));
      return Rows({"savepoint path"}, {{path}});
    }
    job.client.Cancel();
    return Executed();
  }
  return Status::NotFound("Could not stop job ", stmt.job_id, ": no such job in this session");
}

Result<StatementOutcome> SqlSession::SubmitInserts(
    const std::vector<const ast::InsertStatement*>& inserts) {
  Binder binder(&catalogs_, &functions_, &config_);
  std::vector<RelPtr> sinks;
  for (const ast::InsertStatement* insert : inserts) {
    WEIR_ASSIGN_OR_RAISE(RelPtr plan, binder.BindInsert(*insert));
    sinks.push_back(std::move(plan));
  }
  WEIR_ASSIGN_OR_RAISE(std::string job_id, Submit(sinks, /*wait_for_bounded=*/false));
  StatementOutcome out;
  out.kind = StatementOutcome::Kind::kJobSubmitted;
  out.job_id = std::move(job_id);
  return out;
}

Result<std::string> SqlSession::Submit(const std::vector<RelPtr>& sinks, bool wait_for_bounded) {
  WEIR_ASSIGN_OR_RAISE(sql::TranslateOptions options, PlanningOptions());
  WEIR_ASSIGN_OR_RAISE(runtime::StreamGraph graph, sql::CompileToStreamGraph(sinks, options));
  return SubmitGraph(std::move(graph), wait_for_bounded);
}

Result<sql::TranslateOptions> SqlSession::PlanningOptions() {
  sql::TranslateOptions options;
  options.connectors = &connectors_;
  options.functions = &functions_;
  options.config = &config_;
  WEIR_ASSIGN_OR_RAISE(options.default_parallelism, config_.Get(config::kParallelismDefault));
  if (std::optional<std::string> name = config_.GetString("pipeline.name")) {
    options.job_name = *name;
  }
  // The session time zone of TIMESTAMP_LTZ functions ('default': UTC, the zone Weir's
  // processes run in).
  if (std::optional<std::string> zone = config_.GetString("table.local-time-zone");
      zone.has_value() && *zone != "default") {
    options.eval.time_zone = *zone;
  }
  return options;
}

Result<std::vector<RelPtr>> SqlSession::BindInserts(const ast::Statement& stmt) {
  std::vector<const ast::InsertStatement*> inserts;
  if (stmt.kind == ast::StatementKind::kInsert) {
    inserts.push_back(&stmt.As<ast::InsertStatement>());
  } else if (stmt.kind == ast::StatementKind::kStatementSet) {
    for (const auto& s : stmt.As<ast::StatementSetStatement>().inserts) {
      inserts.push_back(&s->As<ast::InsertStatement>());
    }
  } else {
    return Status::NotSupported("not supported yet: planning this statement kind (expected ",
                                "INSERT or a statement set)");
  }
  if (inserts.empty()) return Status::Invalid("A statement set needs at least one INSERT");
  Binder binder(&catalogs_, &functions_, &config_);
  std::vector<RelPtr> sinks;
  for (const ast::InsertStatement* insert : inserts) {
    WEIR_ASSIGN_OR_RAISE(RelPtr plan, binder.BindInsert(*insert));
    sinks.push_back(std::move(plan));
  }
  return sinks;
}

Result<std::string> SqlSession::SubmitGraph(runtime::StreamGraph graph, bool wait_for_bounded) {
  if (wait_for_bounded) {
    for (const runtime::StreamNode& n : graph.nodes()) {
      if (n.spec.num_inputs == 0 && !n.spec.bounded) {
        return Status::NotSupported("not supported yet: SELECT over an unbounded source in the ",
                                    "SQL client (", n.spec.name, "); write it to a print table ",
                                    "with INSERT INTO instead");
      }
    }
  }
  bool dml_sync = false;
  if (!wait_for_bounded) {
    WEIR_ASSIGN_OR_RAISE(dml_sync, config_.Get(kDmlSync));
  }
  WEIR_ASSIGN_OR_RAISE(runtime::JobGraph job, runtime::BuildJobGraph(graph));
  cluster::JobSubmitOptions submit;
  submit.job_config = config_;
  WEIR_ASSIGN_OR_RAISE(cluster::JobClient client, cluster_->SubmitJob(job, std::move(submit)));
  const std::string job_id = client.job_id().ToString();
  if (wait_for_bounded) {
    WEIR_ASSIGN_OR_RAISE(cluster::JobResult r, client.WaitForResult(std::nullopt));
    if (r.status != cluster::JobStatus::kFinished) {
      return r.failure.ok()
                 ? Status::Cancelled("query job ", job_id, " ended ", JobStatusName(r.status))
                 : r.failure;
    }
    return job_id;
  }
  jobs_.push_back(SessionJob{job_id, graph.job_name(), client, NowMs()});
  if (dml_sync) {
    // table.dml-sync: the statement ends with its job; a failed job fails the statement.
    WEIR_ASSIGN_OR_RAISE(cluster::JobResult r, client.WaitForResult(std::nullopt));
    if (r.status != cluster::JobStatus::kFinished) {
      if (!r.failure.ok()) return r.failure.WithContext("Job " + job_id + " failed");
      return Status::Cancelled("Job ", job_id, " ended ", JobStatusName(r.status),
                               " while 'table.dml-sync' waited for it");
    }
  }
  return job_id;
}

namespace {

// The local path of a plan file: 'file:///tmp/p.json' or '/tmp/p.json'.
Result<std::string> PlanFilePath(const std::string& path) {
  constexpr std::string_view kScheme = "file://";
  std::string local = path.rfind(kScheme, 0) == 0 ? path.substr(kScheme.size()) : path;
  if (local.empty()) return Status::Invalid("The plan file path is empty");
  if (local.find("://") != std::string::npos) {
    return Status::NotSupported("not supported yet: plan files outside the local file system (",
                                path, ")");
  }
  return local;
}

Result<nlohmann::json> ReadPlanFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IOError("Cannot read the plan file '", path, "'");
  std::stringstream text;
  text << in.rdbuf();
  nlohmann::json doc = nlohmann::json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) {
    return Status::SerializationError("The plan file '", path, "' is not valid JSON");
  }
  return doc;
}

}  // namespace

Result<StatementOutcome> SqlSession::ExecuteCompilePlan(const ast::CompilePlanStatement& stmt) {
  WEIR_ASSIGN_OR_RAISE(std::string path, PlanFilePath(stmt.path));
  WEIR_ASSIGN_OR_RAISE(sql::TranslateOptions options, PlanningOptions());
  const bool force =
      AsciiUpper(config_.GetString("table.plan.force-recompile").value_or("")) == "TRUE";
  std::error_code error;
  const bool exists = std::filesystem::exists(path, error);
  std::optional<nlohmann::json> plan;
  if (exists && !force) {
    if (stmt.and_execute) {
      // COMPILE AND EXECUTE runs an existing plan as it is (Flink's behaviour).
      WEIR_ASSIGN_OR_RAISE(plan, ReadPlanFile(path));
    } else if (stmt.if_not_exists) {
      return Executed();
    } else {
      return Status::AlreadyExists("Cannot overwrite the plan file '", path,
                                   "': remove it, add IF NOT EXISTS, or set ",
                                   "'table.plan.force-recompile' to 'true' to recompile");
    }
  }
  if (!plan) {
    WEIR_ASSIGN_OR_RAISE(std::vector<RelPtr> sinks, BindInserts(*stmt.statement));
    WEIR_ASSIGN_OR_RAISE(plan, sql::CompilePlan(sinks, options));
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << plan->dump(2) << "\n";
    out.close();
    if (!out) return Status::IOError("Cannot write the plan file '", path, "'");
  }
  if (!stmt.and_execute) return Executed();
  WEIR_ASSIGN_OR_RAISE(runtime::StreamGraph graph, sql::TranslateCompiledPlan(*plan, options));
  WEIR_ASSIGN_OR_RAISE(std::string job_id, SubmitGraph(std::move(graph), false));
  StatementOutcome out;
  out.kind = StatementOutcome::Kind::kJobSubmitted;
  out.job_id = std::move(job_id);
  return out;
}

Result<StatementOutcome> SqlSession::ExecuteExecutePlan(const ast::ExecutePlanStatement& stmt) {
  WEIR_ASSIGN_OR_RAISE(std::string path, PlanFilePath(stmt.path));
  WEIR_ASSIGN_OR_RAISE(nlohmann::json plan, ReadPlanFile(path));
  WEIR_ASSIGN_OR_RAISE(sql::TranslateOptions options, PlanningOptions());
  WEIR_ASSIGN_OR_RAISE(runtime::StreamGraph graph, sql::TranslateCompiledPlan(plan, options));
  WEIR_ASSIGN_OR_RAISE(std::string job_id, SubmitGraph(std::move(graph), false));
  StatementOutcome out;
  out.kind = StatementOutcome::Kind::kJobSubmitted;
  out.job_id = std::move(job_id);
  return out;
}

}  // namespace weir::gateway
