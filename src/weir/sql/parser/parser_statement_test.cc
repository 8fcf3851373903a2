// Tests for statement parsing: DDL, INSERT, SHOW/DESCRIBE/EXPLAIN, SET/RESET, jobs and scripts.
#include <gtest/gtest.h>

#include "weir/sql/parser/parser_test_util.h"

namespace weir::sql::ast {
namespace {

using testing::MustParse;
using testing::ParseError;
using testing::RoundTrip;

TEST(ParserStatementTest, CreateTableFull) {
  StatementPtr s = MustParse(R"(
    CREATE TEMPORARY TABLE IF NOT EXISTS cat.db.orders (
      id BIGINT NOT NULL COMMENT 'the id',
      price DECIMAL(10, 2),
      ts TIMESTAMP(3),
      total AS price * 2 COMMENT 'computed',
      part INT METADATA FROM 'partition' VIRTUAL,
      `offset` BIGINT METADATA VIRTUAL,
      WATERMARK FOR ts AS ts - INTERVAL '5' SECOND,
      CONSTRAINT pk PRIMARY KEY (id) NOT ENFORCED
    ) COMMENT 'orders table'
    PARTITIONED BY (id)
    WITH ('connector' = 'kafka', 'topic' = 'orders'))");
  const auto& c = s->As<CreateTableStatement>();
  EXPECT_TRUE(c.temporary);
  EXPECT_TRUE(c.if_not_exists);
  EXPECT_EQ(c.name, (std::vector<std::string>{"cat", "db", "orders"}));
  ASSERT_EQ(c.columns.size(), 6u);
  EXPECT_FALSE(c.columns[0].type->nullable);
  EXPECT_EQ(*c.columns[0].comment, "the id");
  EXPECT_EQ(c.columns[3].column_kind, ColumnKind::kComputed);
  EXPECT_EQ(c.columns[4].column_kind, ColumnKind::kMetadata);
  EXPECT_EQ(*c.columns[4].metadata_key, "partition");
  EXPECT_TRUE(c.columns[4].is_virtual);
  EXPECT_FALSE(c.columns[5].metadata_key);
  ASSERT_EQ(c.watermarks.size(), 1u);
  EXPECT_EQ(c.watermarks[0].column, std::vector<std::string>{"ts"});
  ASSERT_TRUE(c.primary_key);
  EXPECT_EQ(*c.primary_key->constraint_name, "pk");
  EXPECT_FALSE(c.primary_key->enforced);
  EXPECT_EQ(*c.comment, "orders table");
  EXPECT_EQ(c.partition_keys, std::vector<std::string>{"id"});
  ASSERT_EQ(c.options.size(), 2u);
  EXPECT_EQ(c.options[1].second, "orders");
  EXPECT_EQ(ToSql(*s),
            "CREATE TEMPORARY TABLE IF NOT EXISTS `cat`.`db`.`orders` (\n"
            "  `id` BIGINT NOT NULL COMMENT 'the id',\n"
            "  `price` DECIMAL(10, 2),\n"
            "  `ts` TIMESTAMP(3),\n"
            "  `total` AS `price` * 2 COMMENT 'computed',\n"
            "  `part` INT METADATA FROM 'partition' VIRTUAL,\n"
            "  `offset` BIGINT METADATA VIRTUAL,\n"
            "  WATERMARK FOR `ts` AS `ts` - INTERVAL '5' SECOND,\n"
            "  CONSTRAINT `pk` PRIMARY KEY (`id`) NOT ENFORCED\n"
            ")\n"
            "COMMENT 'orders table'\n"
            "PARTITIONED BY (`id`)\n"
            "WITH (\n"
            "  'connector' = 'kafka',\n"
            "  'topic' = 'orders'\n"
            ")");
  RoundTrip(s->text);
}

TEST(ParserStatementTest, InlinePrimaryKey) {
  StatementPtr s = MustParse("CREATE TABLE t (id INT PRIMARY KEY NOT ENFORCED, v STRING)");
  const auto& c = s->As<CreateTableStatement>();
  ASSERT_TRUE(c.primary_key);
  EXPECT_EQ(c.primary_key->columns, std::vector<std::string>{"id"});
  EXPECT_TRUE(c.columns[0].inline_primary_key);
  RoundTrip("CREATE TABLE t (id INT CONSTRAINT k PRIMARY KEY NOT ENFORCED, v STRING)");
  EXPECT_NE(ParseError("CREATE TABLE t (a INT PRIMARY KEY NOT ENFORCED, PRIMARY KEY (a) NOT "
                       "ENFORCED)")
                .find("Duplicate primary key"),
            std::string::npos);
}

TEST(ParserStatementTest, CreateTableAllTypes) {
  StatementPtr s = MustParse(R"(CREATE TABLE types (
      a BOOLEAN, b TINYINT, c SMALLINT, d INT, e INTEGER, f BIGINT, g FLOAT, h DOUBLE,
      i DOUBLE PRECISION, j DECIMAL, k DEC(5), l NUMERIC(5, 2), m CHAR, n CHAR(3),
      o VARCHAR, p VARCHAR(20), q STRING, r BINARY(2), s VARBINARY(9), t BYTES, u DATE,
      v TIME, w TIME(3), x TIMESTAMP, y TIMESTAMP(9) WITHOUT TIME ZONE,
      z TIMESTAMP(3) WITH LOCAL TIME ZONE, aa TIMESTAMP_LTZ(6), ab INTERVAL YEAR TO MONTH,
      ac INTERVAL DAY(3) TO SECOND(6), ad ARRAY<INT NOT NULL>, ae INT ARRAY,
      af MULTISET<STRING>, ag MAP<STRING, ARRAY<INT>>, ah ROW<x INT 'first', y STRING>,
      ai ROW(x INT, y STRING NOT NULL), aj BIGINT MULTISET NOT NULL, ak CHARACTER VARYING(4)
    ))");
  const auto& c = s->As<CreateTableStatement>();
  ASSERT_EQ(c.columns.size(), 37u);
  for (const ColumnDef& col : c.columns) {
    Result<LogicalType> t = col.type->ToLogicalType();
    EXPECT_TRUE(t.ok()) << col.name << ": " << t.status().ToString();
  }
  EXPECT_EQ(c.columns[14].type->ToLogicalType()->ToString(), "STRING");
  EXPECT_EQ(c.columns[25].type->ToLogicalType()->ToString(), "TIMESTAMP_LTZ(3)");
  EXPECT_EQ(c.columns[28].type->ToLogicalType()->ToString(), "INTERVAL DAY(3) TO SECOND(6)");
  EXPECT_EQ(c.columns[30].type->ToLogicalType()->ToString(), "ARRAY<INT>");
  EXPECT_EQ(c.columns[33].type->ToLogicalType()->ToString(), "ROW<`x` INT 'first', `y` STRING>");
  EXPECT_EQ(ToSql(*c.columns[30].type), "ARRAY<INT>");
  EXPECT_EQ(ToSql(*c.columns[35].type), "MULTISET<BIGINT> NOT NULL");
  RoundTrip(s->text);
}

TEST(ParserStatementTest, TypeErrors) {
  EXPECT_NE(ParseError("CREATE TABLE t (a RAW('x', 'y'))").find("RAW is not supported"),
            std::string::npos);
  Result<DataTypePtr> bad = ParseDataType("DECIMAL(50, 2)");
  ASSERT_TRUE(bad.ok());
  EXPECT_FALSE((*bad)->ToLogicalType().ok());
  Result<DataTypePtr> tz = ParseDataType("TIMESTAMP WITH TIME ZONE");
  ASSERT_TRUE(tz.ok());
  EXPECT_TRUE((*tz)->ToLogicalType().status().IsNotSupported());
  Result<DataTypePtr> nested = ParseDataType("ROW<a ARRAY<MAP<STRING, INT>> NOT NULL>");
  ASSERT_TRUE(nested.ok());
  EXPECT_EQ(ToSql(**nested), "ROW<`a` ARRAY<MAP<STRING, INT>> NOT NULL>");
}

TEST(ParserStatementTest, CreateTableLikeAndAsSelect) {
  StatementPtr s = MustParse(
      "CREATE TABLE t2 WITH ('connector' = 'print') LIKE t1 "
      "(EXCLUDING ALL INCLUDING WATERMARKS OVERWRITING OPTIONS)");
  const auto& c = s->As<CreateTableStatement>();
  ASSERT_TRUE(c.like);
  EXPECT_EQ(c.like->source, std::vector<std::string>{"t1"});
  ASSERT_EQ(c.like->options.size(), 3u);
  EXPECT_EQ(c.like->options[2].mode, LikeOptionMode::kOverwriting);
  EXPECT_EQ(c.like->options[2].feature, "OPTIONS");
  RoundTrip(s->text);
  StatementPtr ctas = MustParse("CREATE TABLE t WITH ('connector' = 'x') AS SELECT * FROM u");
  EXPECT_NE(ctas->As<CreateTableStatement>().as_query, nullptr);
  RoundTrip("CREATE OR REPLACE TABLE t WITH ('connector' = 'x') AS SELECT * FROM u");
  RoundTrip("REPLACE TABLE t AS SELECT 1");
  RoundTrip("CREATE TABLE t (a INT) DISTRIBUTED BY HASH(a) INTO 4 BUCKETS WITH ('k' = 'v')");
  EXPECT_NE(ParseError("CREATE OR REPLACE TABLE t (a INT)").find("needs AS"), std::string::npos);
}

TEST(ParserStatementTest, CreateView) {
  StatementPtr s = MustParse(
      "CREATE TEMPORARY VIEW IF NOT EXISTS v (a, b) COMMENT 'c' AS "
      "SELECT 1, 2");
  const auto& v = s->As<CreateViewStatement>();
  EXPECT_TRUE(v.temporary);
  EXPECT_TRUE(v.if_not_exists);
  EXPECT_EQ(v.columns.size(), 2u);
  EXPECT_EQ(*v.comment, "c");
  RoundTrip(s->text);
  EXPECT_NE(ParseError("CREATE OR REPLACE VIEW v AS SELECT 1").find("only for tables"),
            std::string::npos);
}

TEST(ParserStatementTest, CreateFunction) {
  StatementPtr s = MustParse(
      "CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS f AS 'a.B' "
      "LANGUAGE PYTHON");
  const auto& f = s->As<CreateFunctionStatement>();
  EXPECT_TRUE(f.temporary);
  EXPECT_TRUE(f.system);
  EXPECT_EQ(f.class_name, "a.B");
  EXPECT_EQ(*f.language, "PYTHON");
  RoundTrip(s->text);
  RoundTrip("CREATE FUNCTION cat.db.f AS 'x.Y' LANGUAGE JAVA USING JAR '/a.jar', JAR '/b.jar'");
  RoundTrip("CREATE FUNCTION count_char AS 'com.github.nexmark.flink.udf.CountChar'");
}

TEST(ParserStatementTest, CatalogsAndDatabases) {
  RoundTrip("CREATE CATALOG c WITH ('type' = 'generic_in_memory')");
  RoundTrip("CREATE DATABASE IF NOT EXISTS c.db COMMENT 'x' WITH ('k' = 'v')");
  RoundTrip("DROP CATALOG IF EXISTS c");
  RoundTrip("DROP DATABASE IF EXISTS c.db CASCADE");
  StatementPtr use = MustParse("USE CATALOG c");
  EXPECT_EQ(use->As<UseStatement>().target, UseStatement::Target::kCatalog);
  StatementPtr use_db = MustParse("USE c.db");
  EXPECT_EQ(use_db->As<UseStatement>().name, (std::vector<std::string>{"c", "db"}));
  RoundTrip("USE MODULES hive, core");
}

TEST(ParserStatementTest, Drops) {
  StatementPtr s = MustParse("DROP TEMPORARY TABLE IF EXISTS a.b");
  const auto& d = s->As<DropStatement>();
  EXPECT_EQ(d.object, ObjectKind::kTable);
  EXPECT_TRUE(d.temporary);
  EXPECT_TRUE(d.if_exists);
  RoundTrip("DROP VIEW v");
  RoundTrip("DROP TEMPORARY SYSTEM FUNCTION f");
  RoundTrip("DROP FUNCTION IF EXISTS db.f");
}

TEST(ParserStatementTest, AlterTable) {
  StatementPtr r = MustParse("ALTER TABLE t RENAME TO u");
  EXPECT_EQ(r->As<AlterTableStatement>().action, AlterTableAction::kRename);
  StatementPtr s = MustParse("ALTER TABLE IF EXISTS t SET ('a' = '1', 'b' = '2')");
  EXPECT_EQ(s->As<AlterTableStatement>().options.size(), 2u);
  StatementPtr x = MustParse("ALTER TABLE t RESET ('a', 'b')");
  EXPECT_EQ(x->As<AlterTableStatement>().reset_keys.size(), 2u);
  RoundTrip(r->text);
  RoundTrip(s->text);
  RoundTrip(x->text);
  EXPECT_NE(ParseError("ALTER TABLE t ADD c INT").find("ALTER TABLE ... ADD is not supported"),
            std::string::npos);
}

TEST(ParserStatementTest, ShowStatements) {
  struct Case {
    const char* sql;
    ShowKind kind;
  };
  for (const Case& c :
       {Case{"SHOW CATALOGS", ShowKind::kCatalogs},
        Case{"SHOW CURRENT CATALOG", ShowKind::kCurrentCatalog},
        Case{"SHOW DATABASES", ShowKind::kDatabases},
        Case{"SHOW CURRENT DATABASE", ShowKind::kCurrentDatabase},
        Case{"SHOW TABLES FROM c.db NOT LIKE 'a%'", ShowKind::kTables},
        Case{"SHOW VIEWS IN db", ShowKind::kViews},
        Case{"SHOW USER FUNCTIONS", ShowKind::kFunctions},
        Case{"SHOW FUNCTIONS LIKE 'x%'", ShowKind::kFunctions},
        Case{"SHOW COLUMNS FROM t ILIKE '%id'", ShowKind::kColumns},
        Case{"SHOW CREATE TABLE c.db.t", ShowKind::kCreateTable},
        Case{"SHOW CREATE VIEW v", ShowKind::kCreateView}, Case{"SHOW JOBS", ShowKind::kJobs},
        Case{"SHOW FULL MODULES", ShowKind::kModules}, Case{"SHOW MODULES", ShowKind::kModules},
        Case{"SHOW JARS", ShowKind::kJars}}) {
    StatementPtr s = MustParse(c.sql);
    ASSERT_NE(s, nullptr);
    EXPECT_EQ(s->As<ShowStatement>().show, c.kind) << c.sql;
    RoundTrip(c.sql);
  }
  StatementPtr t = MustParse("SHOW TABLES FROM db NOT LIKE 'a%'");
  const auto& show = t->As<ShowStatement>();
  EXPECT_EQ(*show.from_keyword, "FROM");
  EXPECT_TRUE(show.not_like);
  EXPECT_EQ(*show.like_pattern, "a%");
  EXPECT_TRUE(MustParse("SHOW USER FUNCTIONS")->As<ShowStatement>().user);
}

TEST(ParserStatementTest, DescribeExplain) {
  StatementPtr d = MustParse("DESC EXTENDED c.db.t");
  EXPECT_TRUE(d->As<DescribeStatement>().extended);
  RoundTrip("DESCRIBE t");
  StatementPtr e = MustParse(
      "EXPLAIN ESTIMATED_COST, CHANGELOG_MODE, JSON_EXECUTION_PLAN "
      "SELECT * FROM t");
  const auto& ex = e->As<ExplainStatement>();
  EXPECT_EQ(ex.details.size(), 3u);
  EXPECT_EQ(ex.statement->kind, StatementKind::kQuery);
  RoundTrip(e->text);
  RoundTrip("EXPLAIN PLAN FOR INSERT INTO t SELECT 1");
  RoundTrip("EXPLAIN PLAN_ADVICE SELECT 1");
  RoundTrip("EXPLAIN STATEMENT SET BEGIN INSERT INTO a SELECT 1; INSERT INTO b SELECT 2; END");
  EXPECT_NE(ParseError("EXPLAIN DROP TABLE t").find("EXPLAIN accepts"), std::string::npos);
}

TEST(ParserStatementTest, SetReset) {
  StatementPtr s = MustParse("SET 'table.exec.mini-batch.enabled' = 'true'");
  EXPECT_EQ(*s->As<SetStatement>().key, "table.exec.mini-batch.enabled");
  EXPECT_EQ(*s->As<SetStatement>().value, "true");
  EXPECT_FALSE(MustParse("SET")->As<SetStatement>().key);
  EXPECT_FALSE(MustParse("RESET")->As<ResetStatement>().key);
  EXPECT_EQ(*MustParse("RESET 'a.b'")->As<ResetStatement>().key, "a.b");
  RoundTrip("SET 'a' = 'b'");
  RoundTrip("RESET 'a'");
}

TEST(ParserStatementTest, Insert) {
  StatementPtr s = MustParse(
      "INSERT OVERWRITE t /*+ OPTIONS('sink.parallelism'='2') */ "
      "PARTITION (dt = '2020-01-01', h = 10) (a, b) SELECT 1, 2");
  const auto& i = s->As<InsertStatement>();
  EXPECT_TRUE(i.overwrite);
  EXPECT_EQ(i.hints.size(), 1u);
  EXPECT_EQ(i.partition.size(), 2u);
  EXPECT_EQ(i.columns, (std::vector<std::string>{"a", "b"}));
  RoundTrip(s->text);
  StatementPtr paren = MustParse("INSERT INTO t (SELECT 1)");
  EXPECT_TRUE(paren->As<InsertStatement>().columns.empty());
  RoundTrip("INSERT INTO t VALUES (1, 'a'), (2, 'b')");
}

TEST(ParserStatementTest, StatementSets) {
  auto script = ParseScript(
      "BEGIN STATEMENT SET;\nINSERT INTO a SELECT 1;\nINSERT INTO b "
      "SELECT 2;\nEND;\nSELECT 3;");
  ASSERT_TRUE(script.ok()) << script.status().ToString();
  ASSERT_EQ(script->size(), 2u);
  const auto& set = (*script)[0]->As<StatementSetStatement>();
  EXPECT_TRUE(set.begin_first);
  ASSERT_EQ(set.inserts.size(), 2u);
  EXPECT_EQ(set.inserts[1]->text, "INSERT INTO b SELECT 2");
  StatementPtr exec = MustParse("EXECUTE STATEMENT SET BEGIN INSERT INTO a SELECT 1; END");
  ASSERT_EQ(exec->kind, StatementKind::kExecute);
  EXPECT_EQ(exec->As<ExecuteStatement>().statement->kind, StatementKind::kStatementSet);
  RoundTrip(exec->text);
  RoundTrip("EXECUTE INSERT INTO a SELECT 1");
  RoundTrip((*script)[0]->text);
  EXPECT_NE(ParseError("BEGIN STATEMENT SET; END;").find("at least one INSERT"), std::string::npos);
}

TEST(ParserStatementTest, StopJob) {
  StatementPtr s = MustParse("STOP JOB 'abc123' WITH SAVEPOINT WITH DRAIN");
  const auto& j = s->As<StopJobStatement>();
  EXPECT_EQ(j.job_id, "abc123");
  EXPECT_TRUE(j.with_savepoint);
  EXPECT_TRUE(j.with_drain);
  RoundTrip("STOP JOB 'x'");
}

TEST(ParserStatementTest, CompileAndExecutePlan) {
  StatementPtr s = MustParse("COMPILE PLAN '/tmp/p.json' IF NOT EXISTS FOR INSERT INTO a SELECT 1");
  ASSERT_EQ(s->kind, StatementKind::kCompilePlan);
  const auto& c = s->As<CompilePlanStatement>();
  EXPECT_EQ(c.path, "/tmp/p.json");
  EXPECT_TRUE(c.if_not_exists);
  EXPECT_FALSE(c.and_execute);
  EXPECT_EQ(c.statement->kind, StatementKind::kInsert);
  StatementPtr set = MustParse(
      "compile and execute plan 'p.json' for statement set begin insert into a select 1; "
      "insert into b select 2; end");
  const auto& ce = set->As<CompilePlanStatement>();
  EXPECT_TRUE(ce.and_execute);
  EXPECT_FALSE(ce.if_not_exists);
  ASSERT_EQ(ce.statement->kind, StatementKind::kStatementSet);
  EXPECT_EQ(ce.statement->As<StatementSetStatement>().inserts.size(), 2u);
  StatementPtr exec_set = MustParse(
      "COMPILE PLAN 'p.json' FOR EXECUTE STATEMENT SET BEGIN INSERT INTO a SELECT 1; END");
  EXPECT_EQ(exec_set->As<CompilePlanStatement>().statement->kind, StatementKind::kStatementSet);
  StatementPtr e = MustParse("EXECUTE PLAN 'p.json'");
  ASSERT_EQ(e->kind, StatementKind::kExecutePlan);
  EXPECT_EQ(e->As<ExecutePlanStatement>().path, "p.json");
  EXPECT_EQ(RoundTrip("COMPILE PLAN 'p.json' IF NOT EXISTS FOR INSERT INTO a SELECT 1"),
            "COMPILE PLAN 'p.json' IF NOT EXISTS FOR\nINSERT INTO `a`\nSELECT 1");
  RoundTrip(set->text);
  RoundTrip("EXECUTE PLAN 'it''s.json'");
  EXPECT_FALSE(ParseError("COMPILE PLAN p.json FOR INSERT INTO a SELECT 1").empty());
  EXPECT_FALSE(ParseError("COMPILE PLAN 'p.json' FOR SELECT 1").empty());
  EXPECT_FALSE(
      ParseError("COMPILE AND EXECUTE PLAN 'p' IF NOT EXISTS FOR INSERT INTO a SELECT 1").empty());
  EXPECT_FALSE(ParseError("EXECUTE PLAN").empty());
}

TEST(ParserStatementTest, ScriptsKeepStatementText) {
  auto r = ParseScript("  SELECT 1 ;;\n-- comment\nSELECT\n  2;\nSHOW TABLES");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 3u);
  EXPECT_EQ((*r)[0]->text, "SELECT 1");
  EXPECT_EQ((*r)[1]->text, "SELECT\n  2");
  EXPECT_EQ((*r)[1]->pos, (SourcePos{3, 1}));
  EXPECT_EQ((*r)[1]->offset, 25);
  EXPECT_EQ((*r)[1]->end_offset, 35);
  EXPECT_EQ((*r)[2]->text, "SHOW TABLES");
  auto empty = ParseScript(" ; -- nothing\n");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->empty());
}

TEST(ParserStatementTest, UnsupportedStatementsNameTheFeature) {
  EXPECT_NE(ParseError("UPDATE t SET a = 1").find("UPDATE statements are not supported yet"),
            std::string::npos);
  EXPECT_NE(ParseError("DELETE FROM t").find("DELETE statements are not supported yet"),
            std::string::npos);
  EXPECT_NE(ParseError("SELECT * FROM t MATCH_RECOGNIZE (PATTERN (A))")
                .find("MATCH_RECOGNIZE is not supported yet"),
            std::string::npos);
  EXPECT_NE(ParseError("SELECT a FROM t QUALIFY a > 1").find("QUALIFY is not supported"),
            std::string::npos);
}

TEST(ParserStatementTest, OptionValuesConcatenateAdjacentLiterals) {
  StatementPtr s = MustParse("CREATE TABLE t (a INT) WITH ('path' = '/data/'\n  'part-1')");
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->As<CreateTableStatement>().options[0].second, "/data/part-1");
}

TEST(ParserStatementTest, ColumnPositions) {
  StatementPtr s = MustParse("CREATE TABLE t (\n  a INT,\n  WATERMARK FOR a AS a\n)");
  ASSERT_NE(s, nullptr);
  const auto& c = s->As<CreateTableStatement>();
  EXPECT_EQ(c.columns[0].pos, (SourcePos{2, 3}));
  EXPECT_EQ(c.watermarks[0].pos, (SourcePos{3, 3}));
  EXPECT_EQ(c.watermarks[0].expr->pos, (SourcePos{3, 22}));
}

TEST(ParserStatementTest, NestedWatermarkColumn) {
  StatementPtr s = MustParse(
      "CREATE TABLE t (r ROW<ts TIMESTAMP(3)>, WATERMARK FOR r.ts AS "
      "r.ts)");
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->As<CreateTableStatement>().watermarks[0].column,
            (std::vector<std::string>{"r", "ts"}));
}

}  // namespace
}  // namespace weir::sql::ast
