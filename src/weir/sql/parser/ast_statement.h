// Statement nodes of the SQL AST: queries, INSERT, DDL, SHOW/DESCRIBE/EXPLAIN, SET/RESET, jobs.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "weir/sql/parser/ast_query.h"

namespace weir::sql::ast {

enum class StatementKind : uint8_t {
  kQuery,
  kInsert,
  kCreateTable,
  kCreateView,
  kCreateFunction,
  kCreateCatalog,
  kCreateDatabase,
  kDrop,
  kUse,
  kAlterTable,
  kShow,
  kDescribe,
  kExplain,
  kSet,
  kReset,
  kStatementSet,
  kExecute,
  kStopJob,
  kCompilePlan,
  kExecutePlan,
};

struct Statement;
using StatementPtr = std::unique_ptr<Statement>;
using Options = std::vector<std::pair<std::string, std::string>>;

/// The root of every statement; `text` is the statement's own SQL text from the script,
/// found at bytes [offset, end_offset) of the parsed input.
struct Statement {
  explicit Statement(StatementKind k) : kind(k) {}
  virtual ~Statement() = default;
  const StatementKind kind;
  SourcePos pos;
  std::string text;
  int32_t offset = 0;
  int32_t end_offset = 0;

  template <typename T>
  const T& As() const {
    return static_cast<const T&>(*this);
  }
};

struct QueryStatement : Statement {
  QueryStatement() : Statement(StatementKind::kQuery) {}
  QueryPtr query;
};

/// INSERT INTO|OVERWRITE t [hints] [PARTITION (k = v, ...)] [(cols)] query.
struct InsertStatement : Statement {
  InsertStatement() : Statement(StatementKind::kInsert) {}
  bool overwrite = false;
  std::vector<std::string> table;
  std::vector<Hint> hints;
  std::vector<std::pair<std::string, ExprPtr>> partition;
  std::vector<std::string> columns;
  QueryPtr query;
};

enum class ColumnKind : uint8_t { kPhysical, kComputed, kMetadata };
struct ColumnDef {
  std::string name;
  SourcePos pos;
  ColumnKind column_kind = ColumnKind::kPhysical;
  DataTypePtr type;  // physical and metadata
  ExprPtr expr;      // computed
  std::optional<std::string> metadata_key;
  bool is_virtual = false;
  std::optional<std::string> comment;
  bool inline_primary_key = false;
  std::optional<std::string> inline_constraint_name;
};

struct WatermarkDef {
  std::vector<std::string> column;  // may be a nested field
  ExprPtr expr;
  SourcePos pos;
};

struct PrimaryKeyDef {
  std::optional<std::string> constraint_name;
  std::vector<std::string> columns;
  bool enforced = false;  // written without NOT ENFORCED (rejected by the binder)
  SourcePos pos;
};

enum class LikeOptionMode : uint8_t { kIncluding, kExcluding, kOverwriting };
struct LikeOption {
  LikeOptionMode mode = LikeOptionMode::kIncluding;
  std::string feature;  // ALL, CONSTRAINTS, GENERATED, METADATA, OPTIONS, PARTITIONS, WATERMARKS
};
struct LikeClause {
  std::vector<std::string> source;
  std::vector<LikeOption> options;
};

/// Distribution: DISTRIBUTED BY [HASH|RANGE](cols) [INTO n BUCKETS] | DISTRIBUTED INTO n BUCKETS.
struct Distribution {
  std::string algorithm;  // "", "HASH" or "RANGE"
  std::vector<std::string> columns;
  std::optional<int64_t> buckets;
};

struct CreateTableStatement : Statement {
  CreateTableStatement() : Statement(StatementKind::kCreateTable) {}
  bool or_replace = false;
  bool replace_only = false;  // REPLACE TABLE ... AS (without CREATE)
  bool temporary = false;
  bool if_not_exists = false;
  std::vector<std::string> name;
  bool has_schema = false;  // a parenthesised schema was written
  std::vector<ColumnDef> columns;
  std::vector<WatermarkDef> watermarks;
  std::optional<PrimaryKeyDef> primary_key;
  std::optional<std::string> comment;
  std::optional<Distribution> distribution;
  std::vector<std::string> partition_keys;
  Options options;
  std::optional<LikeClause> like;
  QueryPtr as_query;
};

struct CreateViewStatement : Statement {
  CreateViewStatement() : Statement(StatementKind::kCreateView) {}
  bool or_replace = false;
  bool temporary = false;
  bool if_not_exists = false;
  std::vector<std::string> name;
  std::vector<std::string> columns;
  std::optional<std::string> comment;
  QueryPtr query;
};

struct CreateFunctionStatement : Statement {
  CreateFunctionStatement() : Statement(StatementKind::kCreateFunction) {}
  bool temporary = false;
  bool system = false;
  bool if_not_exists = false;
  std::vector<std::string> name;
  std::string class_name;
  std::optional<std::string> language;  // JAVA, SCALA, PYTHON
  std::vector<std::string> jars;        // USING JAR '...'
};

struct CreateCatalogStatement : Statement {
  CreateCatalogStatement() : Statement(StatementKind::kCreateCatalog) {}
  bool if_not_exists = false;
  std::string name;
  std::optional<std::string> comment;
  Options options;
};

struct CreateDatabaseStatement : Statement {
  CreateDatabaseStatement() : Statement(StatementKind::kCreateDatabase) {}
  bool if_not_exists = false;
  std::vector<std::string> name;
  std::optional<std::string> comment;
  Options options;
};

enum class ObjectKind : uint8_t { kTable, kView, kFunction, kCatalog, kDatabase };
/// Returns "TABLE", "VIEW", ...
const char* ObjectKindName(ObjectKind kind);

struct DropStatement : Statement {
  DropStatement() : Statement(StatementKind::kDrop) {}
  ObjectKind object = ObjectKind::kTable;
  bool temporary = false;
  bool system = false;
  bool if_exists = false;
  std::vector<std::string> name;
  std::optional<std::string> restrict_or_cascade;  // DROP DATABASE ... RESTRICT|CASCADE
};

/// USE CATALOG c | USE [catalog.]db | USE MODULES m, ...
struct UseStatement : Statement {
  UseStatement() : Statement(StatementKind::kUse) {}
  enum class Target : uint8_t { kCatalog, kDatabase, kModules } target = Target::kDatabase;
  std::vector<std::string> name;  // modules: one name per module
};

enum class AlterTableAction : uint8_t { kRename, kSetOptions, kResetOptions };
struct AlterTableStatement : Statement {
  AlterTableStatement() : Statement(StatementKind::kAlterTable) {}
  bool if_exists = false;
  std::vector<std::string> name;
  AlterTableAction action = AlterTableAction::kRename;
  std::vector<std::string> new_name;
  Options options;
  std::vector<std::string> reset_keys;
};

enum class ShowKind : uint8_t {
  kCatalogs,
  kCurrentCatalog,
  kDatabases,
  kCurrentDatabase,
  kTables,
  kViews,
  kFunctions,
  kColumns,
  kCreateTable,
  kCreateView,
  kJobs,
  kModules,
  kJars,
  kPartitions,
};
struct ShowStatement : Statement {
  ShowStatement() : Statement(StatementKind::kShow) {}
  ShowKind show = ShowKind::kTables;
  bool user = false;                        // SHOW USER FUNCTIONS
  bool full = false;                        // SHOW FULL MODULES
  std::optional<std::string> from_keyword;  // "FROM" or "IN"
  std::vector<std::string> name;            // FROM/IN scope, or the object of SHOW CREATE/COLUMNS
  bool not_like = false;
  std::optional<std::string> like_keyword;  // "LIKE" or "ILIKE"
  std::optional<std::string> like_pattern;
};

struct DescribeStatement : Statement {
  DescribeStatement() : Statement(StatementKind::kDescribe) {}
  bool extended = false;
  std::vector<std::string> name;
};

struct ExplainStatement : Statement {
  ExplainStatement() : Statement(StatementKind::kExplain) {}
  bool plan_for = false;
  std::vector<std::string> details;  // ESTIMATED_COST, CHANGELOG_MODE, ...
  StatementPtr statement;
};

/// SET; or SET 'key' = 'value';
struct SetStatement : Statement {
  SetStatement() : Statement(StatementKind::kSet) {}
  std::optional<std::string> key;
  std::optional<std::string> value;
};

struct ResetStatement : Statement {
  ResetStatement() : Statement(StatementKind::kReset) {}
  std::optional<std::string> key;
};

/// BEGIN STATEMENT SET; INSERT ...; ... END  or  [EXECUTE] STATEMENT SET BEGIN ... END.
struct StatementSetStatement : Statement {
  StatementSetStatement() : Statement(StatementKind::kStatementSet) {}
  bool begin_first = true;  // written `BEGIN STATEMENT SET` (client form)
  std::vector<StatementPtr> inserts;
};

/// EXECUTE <statement> (INSERT, a query or a statement set).
struct ExecuteStatement : Statement {
  ExecuteStatement() : Statement(StatementKind::kExecute) {}
  StatementPtr statement;
};

/// COMPILE PLAN 'file' [IF NOT EXISTS] FOR <INSERT | STATEMENT SET>, or
/// COMPILE AND EXECUTE PLAN 'file' FOR <INSERT | STATEMENT SET>.
struct CompilePlanStatement : Statement {
  CompilePlanStatement() : Statement(StatementKind::kCompilePlan) {}
  std::string path;
  bool if_not_exists = false;
  bool and_execute = false;
  StatementPtr statement;  // an InsertStatement or a StatementSetStatement
};

/// EXECUTE PLAN 'file'.
struct ExecutePlanStatement : Statement {
  ExecutePlanStatement() : Statement(StatementKind::kExecutePlan) {}
  std::string path;
};

struct StopJobStatement : Statement {
  StopJobStatement() : Statement(StatementKind::kStopJob) {}
  std::string job_id;
  bool with_savepoint = false;
  bool with_drain = false;
};

}  // namespace weir::sql::ast
