// Tests of query binding: plans in Flink's EXPLAIN layout and not-yet-supported features.
#include "weir/sql/binder/query_binder.h"

#include "weir/sql/binder/binder_test_util.h"

namespace weir::sql {
namespace {

using QueryBinderTest = testing::BinderTest;

constexpr const char* kSrcScan =
    "LogicalTableScan(table=[[default_catalog, default_database, src]])";

TEST_F(QueryBinderTest, SelectStarProjectsEveryColumn) {
  EXPECT_EQ(Plan("SELECT * FROM src"),
            StrCat("LogicalProject(a=[$0], b=[$1], s=[$2], d=[$3], ts=[$4])\n+- ", kSrcScan, "\n"));
}

TEST_F(QueryBinderTest, ProjectionWithAliasesAndExprNames) {
  EXPECT_EQ(Plan("SELECT a, b * 2 AS b2, UPPER(s), a + 1 FROM src"),
            StrCat("LogicalProject(a=[$0], b2=[*($1, 2)], EXPR$2=[UPPER($2)], "
                   "EXPR$3=[+($0, 1)])\n+- ",
                   kSrcScan, "\n"));
}

TEST_F(QueryBinderTest, DuplicateNamesAreMadeUnique) {
  EXPECT_EQ(RowType("SELECT a, a, a AS a0 FROM src"), "ROW<`a` INT, `a0` INT, `a00` INT> NOT NULL");
}

TEST_F(QueryBinderTest, QualifiedStarAndAlias) {
  EXPECT_EQ(Plan("SELECT t.a, t.* FROM src AS t WHERE t.a > 1"),
            StrCat("LogicalProject(a=[$0], a0=[$0], b=[$1], s=[$2], d=[$3], ts=[$4])\n"
                   "+- LogicalFilter(condition=[>($0, 1)])\n   +- ",
                   kSrcScan, "\n"));
  EXPECT_EQ(Plan("SELECT x.* FROM src AS t"), "ERROR: Unknown identifier 'x' (line 1, column 8)");
  EXPECT_EQ(Plan("SELECT src.a FROM src AS t"), "ERROR: Table 'src' not found (line 1, column 8)");
}

TEST_F(QueryBinderTest, WhereMustBeBoolean) {
  EXPECT_EQ(Plan("SELECT a FROM src WHERE a"),
            "ERROR: WHERE clause must be a condition, got INT (line 1, column 25)");
  EXPECT_EQ(Plan("SELECT a\nFROM src\nWHERE zz = 1"),
            "ERROR: Column 'zz' not found in any table (line 3, column 7)");
}

TEST_F(QueryBinderTest, UnknownTable) {
  EXPECT_EQ(Plan("SELECT * FROM nope"),
            "ERROR: Object 'nope' not found within 'default_catalog.default_database' "
            "(line 1, column 15)");
}

TEST_F(QueryBinderTest, ComputedColumnsAndWatermark) {
  EXPECT_EQ(
      Plan("SELECT id, total FROM orders"),
      "LogicalProject(id=[$0], total=[$4])\n"
      "+- LogicalWatermarkAssigner(rowtime=[ts], watermark=[-($2, 5000:INTERVAL SECOND)])\n"
      "   +- LogicalProject(id=[$0], amount=[$1], ts=[$2], r=[$3], total=[*($1, 2)], "
      "proc=[PROCTIME()])\n"
      "      +- LogicalTableScan(table=[[default_catalog, default_database, orders]])\n");
  EXPECT_EQ(RowType("SELECT * FROM orders"),
            "ROW<`id` BIGINT NOT NULL, `amount` DECIMAL(10, 2), `ts` TIMESTAMP(3) *ROWTIME*, "
            "`r` ROW<`x` INT, `y` STRING>, `total` DECIMAL(20, 2), "
            "`proc` TIMESTAMP_LTZ(3) NOT NULL *PROCTIME*> NOT NULL");
}

TEST_F(QueryBinderTest, WatermarkOnPhysicalTableWithoutComputedColumns) {
  Exec(
      "CREATE TABLE w (v INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts) "
      "WITH ('connector' = 'datagen')");
  EXPECT_EQ(Plan("SELECT v FROM w"),
            "LogicalProject(v=[$0])\n"
            "+- LogicalWatermarkAssigner(rowtime=[ts], watermark=[$1])\n"
            "   +- LogicalTableScan(table=[[default_catalog, default_database, w]])\n");
}

TEST_F(QueryBinderTest, TableHintsBecomeScanOptions) {
  EXPECT_EQ(Plan("SELECT a FROM src /*+ OPTIONS('rows-per-second' = '5') */"),
            "LogicalProject(a=[$0])\n"
            "+- LogicalTableScan(table=[[default_catalog, default_database, src]], "
            "hints=[[[OPTIONS options:{rows-per-second=5}]]])\n");
  config_.SetString("table.dynamic-table-options.enabled", "false");
  EXPECT_EQ(Plan("SELECT a FROM src /*+ OPTIONS('k' = 'v') */"),
            "ERROR: OPTIONS hint is allowed only when table.dynamic-table-options.enabled is set "
            "to true (line 1, column 23)");
}

TEST_F(QueryBinderTest, TemporaryTablesShadowPermanentOnes) {
  Exec("CREATE TEMPORARY TABLE src (z STRING) WITH ('connector' = 'datagen')");
  EXPECT_EQ(RowType("SELECT * FROM src"), "ROW<`z` STRING> NOT NULL");
}

TEST_F(QueryBinderTest, FromSubqueryWithColumnAliases) {
  EXPECT_EQ(Plan("SELECT x FROM (SELECT a, b FROM src) AS t(x, y) WHERE y > 0"),
            StrCat("LogicalProject(x=[$0])\n"
                   "+- LogicalFilter(condition=[>($1, 0)])\n"
                   "   +- LogicalProject(x=[$0], y=[$1])\n"
                   "      +- LogicalProject(a=[$0], b=[$1])\n         +- ",
                   kSrcScan, "\n"));
  EXPECT_EQ(Plan("SELECT * FROM (SELECT a, b FROM src) AS t(x)"),
            "ERROR: List of column aliases must have same degree as table; table has 2 columns "
            "('a', 'b'), whereas alias list has 1 columns (line 1, column 15)");
}

TEST_F(QueryBinderTest, WithClause) {
  EXPECT_EQ(Plan("WITH big AS (SELECT a FROM src WHERE a > 10), b2 (v) AS (SELECT a FROM big) "
                 "SELECT v FROM b2"),
            StrCat("LogicalProject(v=[$0])\n"
                   "+- LogicalProject(v=[$0])\n"
                   "   +- LogicalProject(a=[$0])\n"
                   "      +- LogicalProject(a=[$0])\n"
                   "         +- LogicalFilter(condition=[>($0, 10)])\n            +- ",
                   kSrcScan, "\n"));
}

TEST_F(QueryBinderTest, ViewsAreInlined) {
  Exec("CREATE VIEW v (x, y) AS SELECT a, s FROM src WHERE a > 1");
  EXPECT_EQ(Plan("SELECT y FROM v"),
            StrCat("LogicalProject(y=[$1])\n"
                   "+- LogicalProject(x=[$0], y=[$1])\n"
                   "   +- LogicalProject(a=[$0], s=[$2])\n"
                   "      +- LogicalFilter(condition=[>($0, 1)])\n         +- ",
                   kSrcScan, "\n"));
  EXPECT_EQ(Plan("SELECT * FROM v /*+ OPTIONS('a' = 'b') */"),
            "ERROR: View 'default_catalog.default_database.v' cannot be enriched with new "
            "options. Hints can only be applied to tables. (line 1, column 15)");
}

TEST_F(QueryBinderTest, UnionAllUnifiesTypes) {
  EXPECT_EQ(Plan("SELECT a FROM src UNION ALL SELECT b FROM src UNION ALL SELECT 1 FROM src"),
            StrCat("LogicalUnion(all=[true])\n"
                   ":- LogicalProject(a=[CAST($0 AS BIGINT)])\n"
                   ":  +- LogicalProject(a=[$0])\n"
                   ":     +- ",
                   kSrcScan,
                   "\n"
                   ":- LogicalProject(b=[$1])\n"
                   ":  +- ",
                   kSrcScan,
                   "\n"
                   "+- LogicalProject(EXPR$0=[CAST($0 AS BIGINT NOT NULL)])\n"
                   "   +- LogicalProject(EXPR$0=[1])\n      +- ",
                   kSrcScan, "\n"));
  EXPECT_EQ(Plan("SELECT a FROM src UNION ALL SELECT a, b FROM src"),
            "ERROR: Column count mismatch in UNION ALL (line 1, column 19)");
  EXPECT_EQ(Plan("SELECT a FROM src UNION ALL SELECT ts FROM src"),
            "ERROR: Type mismatch in column 1 of UNION ALL (line 1, column 19)");
}

TEST_F(QueryBinderTest, TimeAttributesThroughProjectionsAndUnions) {
  EXPECT_EQ(
      RowType("SELECT ts AS t, proc FROM orders"),
      "ROW<`t` TIMESTAMP(3) *ROWTIME*, `proc` TIMESTAMP_LTZ(3) NOT NULL *PROCTIME*> NOT NULL");
  EXPECT_EQ(RowType("SELECT t FROM (SELECT ts AS t FROM orders)"),
            "ROW<`t` TIMESTAMP(3) *ROWTIME*> NOT NULL");
  EXPECT_EQ(RowType("SELECT ts FROM orders UNION ALL SELECT ts FROM orders"),
            "ROW<`ts` TIMESTAMP(3) *ROWTIME*> NOT NULL");
  // A union with a plain timestamp, or of a rowtime and a proctime, has no time attribute.
  EXPECT_EQ(RowType("SELECT ts FROM orders UNION ALL SELECT ts FROM src"),
            "ROW<`ts` TIMESTAMP(3)> NOT NULL");
  EXPECT_EQ(RowType("SELECT ts FROM src UNION ALL SELECT ts FROM orders"),
            "ROW<`ts` TIMESTAMP(3)> NOT NULL");
  EXPECT_EQ(RowType("SELECT ts + INTERVAL '1' SECOND AS t FROM orders"),
            "ROW<`t` TIMESTAMP(3)> NOT NULL");
}

TEST_F(QueryBinderTest, ValuesUnifyRowTypes) {
  EXPECT_EQ(Plan("VALUES (1, 'a'), (2, 'bc')"),
            "LogicalValues(tuples=[[{ 1, 'a ' }, { 2, 'bc' }]])\n");
  EXPECT_EQ(RowType("VALUES (1, 'a'), (2, 'bc')"),
            "ROW<`EXPR$0` INT NOT NULL, `EXPR$1` CHAR(2) NOT NULL> NOT NULL");
  EXPECT_EQ(RowType("VALUES (1), (NULL), (CAST(3 AS BIGINT))"), "ROW<`EXPR$0` BIGINT> NOT NULL");
  EXPECT_EQ(Plan("SELECT * FROM (VALUES (1, 2)) AS t(x, y)"),
            "LogicalProject(x=[$0], y=[$1])\n"
            "+- LogicalProject(x=[$0], y=[$1])\n"
            "   +- LogicalValues(tuples=[[{ 1, 2 }]])\n");
  EXPECT_EQ(Plan("VALUES (1), ('a')"),
            "ERROR: Type mismatch in column 1 of VALUES (line 1, column 1)");
}

TEST_F(QueryBinderTest, SelectWithoutFrom) {
  EXPECT_EQ(Plan("SELECT 1, 'x' AS c"),
            "LogicalProject(EXPR$0=[1], c=['x'])\n+- LogicalValues(tuples=[[{ 0 }]])\n");
}

TEST_F(QueryBinderTest, UnsupportedFeaturesSayWhere) {
  EXPECT_EQ(Plan("SELECT a, COUNT(*) FROM src GROUP BY a"),
            "ERROR: not supported yet: GROUP BY (line 1, column 38)");
  EXPECT_EQ(Plan("SELECT DISTINCT a FROM src"),
            "ERROR: not supported yet: SELECT DISTINCT (line 1, column 1)");
  EXPECT_EQ(Plan("SELECT * FROM src JOIN snk ON src.a = snk.a"),
            "ERROR: not supported yet: JOIN (line 1, column 19)");
  EXPECT_EQ(Plan("SELECT a FROM src ORDER BY a"),
            "ERROR: not supported yet: ORDER BY (line 1, column 28)");
  EXPECT_EQ(Plan("SELECT a FROM src LIMIT 3"),
            "ERROR: not supported yet: LIMIT (line 1, column 25)");
  EXPECT_EQ(Plan("SELECT * FROM TABLE(TUMBLE(TABLE orders, DESCRIPTOR(ts), INTERVAL '1' MINUTE))"),
            "ERROR: not supported yet: window table function TUMBLE (line 1, column 15)");
  EXPECT_EQ(Plan("SELECT a FROM src UNION SELECT a FROM src"),
            "ERROR: not supported yet: UNION (line 1, column 19)");
  EXPECT_EQ(Plan("SELECT a FROM src EXCEPT SELECT a FROM src"),
            "ERROR: not supported yet: EXCEPT (line 1, column 19)");
  EXPECT_EQ(Plan("SELECT * FROM src, UNNEST(ARRAY[1])"),
            "ERROR: not supported yet: JOIN (comma-separated FROM) (line 1, column 18)");
  EXPECT_EQ(Plan("SELECT * FROM orders FOR SYSTEM_TIME AS OF TIMESTAMP '2020-01-01 00:00:00'"),
            "ERROR: not supported yet: FOR SYSTEM_TIME AS OF (line 1, column 44)");
  EXPECT_EQ(Plan("SELECT SUM(a) OVER (PARTITION BY b ORDER BY ts) FROM src"),
            "ERROR: not supported yet: OVER window (line 1, column 8)");
}

TEST_F(QueryBinderTest, HintsOnWithQueriesAreRejected) {
  EXPECT_EQ(Plan("WITH c AS (SELECT a FROM src) SELECT * FROM c /*+ OPTIONS('k' = 'v') */"),
            "ERROR: Hints can only be applied to tables, not to the WITH query 'c' "
            "(line 1, column 45)");
}

TEST_F(QueryBinderTest, ViewsKeepTheirTablesAfterUse) {
  Exec("CREATE VIEW v AS SELECT a FROM src");
  auto db = catalogs_.GetCatalog("default_catalog");
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE((*db)->CreateDatabase("other", CatalogDatabase{}, false).ok());
  ASSERT_TRUE(catalogs_.SetCurrentDatabase("other").ok());
  Exec("CREATE TABLE src (zz STRING) WITH ('connector' = 'datagen')");
  EXPECT_EQ(Plan("SELECT * FROM default_database.v"),
            StrCat("LogicalProject(a=[$0])\n+- LogicalProject(a=[$0])\n   +- ", kSrcScan, "\n"));
  EXPECT_EQ(RowType("SELECT * FROM src"), "ROW<`zz` STRING> NOT NULL");
}

TEST_F(QueryBinderTest, NestedAndQualifiedNames) {
  EXPECT_EQ(Plan("SELECT o.r.x, r.y AS yy FROM orders AS o WHERE o.id > 0").substr(0, 68),
            "LogicalProject(x=[DOT($3, 'x')], yy=[DOT($3, 'y')])\n+- LogicalFilter");
}

TEST(QueryBinderNamesTest, UniquifyNames) {
  EXPECT_EQ(UniquifyNames({"a", "a", "b", "a"}), (std::vector<std::string>{"a", "a0", "b", "a1"}));
}

}  // namespace
}  // namespace weir::sql

namespace weir::sql {
namespace {

// Odd inputs bind or fail with a message; none may crash or leave a Status unchecked.
TEST_F(QueryBinderTest, OddInputsNeverCrash) {
  const char* queries[] = {
      "SELECT CASE WHEN NULL THEN NULL END FROM src",
      "SELECT CAST('x' AS ROW<a INT>) FROM src",
      "SELECT * FROM src AS t(a, b, c, d, e)",
      "VALUES (NULL)",
      "VALUES (1, 2), (3)",
      "SELECT TIMESTAMP '9999-12-31 23:59:59.999999999'",
      "SELECT INTERVAL '999999 23:59:59.999' DAY(6) TO SECOND(3)",
      "SELECT INTERVAL '1' DAY(9)",
      "SELECT 1 FROM src WHERE NULL",
      "SELECT ARRAY[1, 2], MAP['a', 1], ROW(1, 'a')",
      "SELECT s[1] FROM src",
      "SELECT (src.a).x FROM src",
      "SELECT ? FROM src",
      "SELECT DATE '0000-01-01'",
      "SELECT TIME '24:00:00'",
      "SELECT TRIM(BOTH FROM s), OVERLAY(s PLACING 'x' FROM 1) FROM src",
      "SELECT a FROM src WHERE a IN (SELECT a FROM src)",
      "SELECT * FROM (SELECT * FROM (SELECT * FROM (VALUES (1)) AS x(a)) AS y) AS z",
      "SELECT * FROM LATERAL (SELECT 1)",
      "SELECT * FROM src CROSS JOIN snk",
      "WITH a AS (SELECT 1), a AS (SELECT 2) SELECT * FROM a",
      "SELECT COUNT(DISTINCT a) FILTER (WHERE a > 1) FROM src",
      "SELECT a FROM src INTERSECT ALL SELECT a FROM src",
      "SELECT a FROM src OFFSET 3 ROWS",
      "SELECT -TIMESTAMP '2020-01-01 00:00:00'",
      "SELECT CAST(a AS INTERVAL DAY) FROM src",
      "SELECT a FROM src /*+ LOOKUP('table'='x') */",
      "SELECT a BETWEEN SYMMETRIC 1 AND 2 FROM src",
      "SELECT s IS JSON FROM src",
      "SELECT * FROM `default_catalog`.`nope`.`src`",
      "SELECT * FROM nocat.db.t",
      "SELECT 99999999999999999999999999999999999999999",
      "SELECT 1.0e400",
  };
  for (const char* sql : queries) {
    std::string plan = Plan(sql);
    EXPECT_FALSE(plan.empty()) << sql;
  }
  EXPECT_EQ(Plan("SELECT 1 FROM src WHERE NULL"),
            "ERROR: WHERE clause must be a condition, got NULL (line 1, column 25)");
}

}  // namespace
}  // namespace weir::sql
