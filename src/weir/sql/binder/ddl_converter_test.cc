// Tests of DDL conversion: CREATE TABLE validation and LIKE, views, functions, ALTER, DROP,
// DESCRIBE and SHOW CREATE TABLE.
#include "weir/sql/binder/ddl_converter.h"

#include "weir/sql/binder/binder_test_util.h"

namespace weir::sql {
namespace {

using DdlConverterTest = testing::BinderTest;

std::string Error(const Status& st) { return st.ok() ? "OK" : st.message(); }

TEST_F(DdlConverterTest, ComputedColumnsAreTypedAndStoredAsSql) {
  CatalogTable t = Table("orders");
  ASSERT_EQ(t.columns.size(), 6u);
  EXPECT_EQ(t.columns[0].type.ToString(), "BIGINT NOT NULL");
  EXPECT_EQ(t.columns[2].type.ToString(), "TIMESTAMP(3) *ROWTIME*");
  EXPECT_EQ(t.columns[4].kind, CatalogColumnKind::kComputed);
  EXPECT_EQ(t.columns[4].expression, "`amount` * 2");
  EXPECT_EQ(t.columns[4].type.ToString(), "DECIMAL(20, 2)");
  EXPECT_EQ(t.columns[5].type.ToString(), "TIMESTAMP_LTZ(3) NOT NULL *PROCTIME*");
  ASSERT_EQ(t.watermarks.size(), 1u);
  EXPECT_EQ(t.watermarks[0].rowtime_column, "ts");
  EXPECT_EQ(t.watermarks[0].expression, "`ts` - INTERVAL '5' SECOND");
  EXPECT_EQ(t.watermarks[0].type.ToString(), "TIMESTAMP(3)");
  ASSERT_TRUE(t.primary_key.has_value());
  EXPECT_EQ(t.primary_key->name, "PK_id");
  EXPECT_EQ(t.options, (TableOptions{{"connector", "datagen"}}));
}

TEST_F(DdlConverterTest, MetadataColumnsAndInlineKey) {
  Exec(
      "CREATE TABLE k (id INT PRIMARY KEY NOT ENFORCED, ts TIMESTAMP_LTZ(3) METADATA FROM "
      "'timestamp' VIRTUAL, part INT METADATA) COMMENT 'kafka' WITH ('connector' = 'kafka')");
  CatalogTable t = Table("k");
  EXPECT_EQ(t.columns[0].type.ToString(), "INT NOT NULL");
  EXPECT_EQ(t.columns[1].kind, CatalogColumnKind::kMetadata);
  EXPECT_EQ(t.columns[1].metadata_key, std::optional<std::string>("timestamp"));
  EXPECT_TRUE(t.columns[1].is_virtual);
  EXPECT_FALSE(t.columns[2].is_virtual);
  EXPECT_EQ(t.comment, "kafka");
}

TEST_F(DdlConverterTest, PrimaryKeyRules) {
  EXPECT_EQ(Error(TryExec("CREATE TABLE e (a INT, PRIMARY KEY (a)) WITH ()")),
            "Flink doesn't support ENFORCED mode for PRIMARY KEY constraint. ENFORCED/NOT "
            "ENFORCED controls if the constraint checks are performed on the incoming/outgoing "
            "data. Flink does not own the data therefore the only supported mode is the NOT "
            "ENFORCED mode (line 1, column 24)");
  EXPECT_EQ(
      Error(TryExec("CREATE TABLE e (a INT, PRIMARY KEY (b) NOT ENFORCED) WITH ()")),
      "Could not create a PRIMARY KEY 'PK_b'. Column 'b' does not exist. (line 1, column 24)");
  EXPECT_EQ(Error(TryExec("CREATE TABLE e (a INT, c AS a + 1, CONSTRAINT pk PRIMARY KEY (c) NOT "
                          "ENFORCED) WITH ()")),
            "Could not create a PRIMARY KEY 'pk'. Column 'c' is not a physical column. "
            "(line 1, column 36)");
}

TEST_F(DdlConverterTest, WatermarkRules) {
  EXPECT_EQ(Error(TryExec("CREATE TABLE e (a BIGINT, WATERMARK FOR a AS a) WITH ()")),
            "Invalid data type of time field for watermark definition. The field must be of type "
            "TIMESTAMP(p) or TIMESTAMP_LTZ(p), the supported precision 'p' is from 0 to 3, but "
            "the time field type is BIGINT (line 1, column 27)");
  EXPECT_EQ(Error(TryExec("CREATE TABLE e (ts TIMESTAMP(6), WATERMARK FOR ts AS ts) WITH ()")),
            "Invalid data type of time field for watermark definition. The field must be of type "
            "TIMESTAMP(p) or TIMESTAMP_LTZ(p), the supported precision 'p' is from 0 to 3, but "
            "the time field type is TIMESTAMP(6) (line 1, column 34)");
  EXPECT_EQ(Error(TryExec("CREATE TABLE e (ts TIMESTAMP(3), WATERMARK FOR ts AS 1) WITH ()")),
            "Invalid data type of expression for watermark definition. The field must be of type "
            "TIMESTAMP(p) or TIMESTAMP_LTZ(p), the supported precision 'p' is from 0 to 3, but "
            "the watermark expression type is INT NOT NULL (line 1, column 34)");
  EXPECT_EQ(Error(TryExec("CREATE TABLE e (a INT,\n  WATERMARK FOR ts2 AS ts2) WITH ()")),
            "The rowtime attribute field 'ts2' is not defined in the table schema. Available "
            "fields: [`a`] (line 2, column 3)");
  // A watermark on a computed rowtime column of type TIMESTAMP_LTZ(3).
  Exec(
      "CREATE TABLE ltz (ms BIGINT, t AS CAST(ms AS TIMESTAMP_LTZ(3)), "
      "WATERMARK FOR t AS t - INTERVAL '1' SECOND) WITH ()");
  EXPECT_EQ(Table("ltz").columns[1].type.ToString(), "TIMESTAMP_LTZ(3) *ROWTIME*");
  EXPECT_EQ(Table("ltz").watermarks[0].type.ToString(), "TIMESTAMP_LTZ(3)");
}

TEST_F(DdlConverterTest, ColumnAndPartitionErrors) {
  EXPECT_EQ(Error(TryExec("CREATE TABLE e (a INT, a STRING) WITH ()")),
            "A column named 'a' already exists in the table (line 1, column 24)");
  EXPECT_EQ(Error(TryExec("CREATE TABLE e (a INT) PARTITIONED BY (b) WITH ()")),
            "Partition column 'b' not defined in the table schema. Available columns: ['a'] "
            "(line 1, column 1)");
  EXPECT_EQ(Error(TryExec("CREATE TABLE e (a INT, c AS zz + 1) WITH ()")),
            "Column 'zz' not found in any table (line 1, column 29)");
  EXPECT_EQ(Error(TryExec("CREATE TABLE e (a INT, c AS b + 1, b INT) WITH ()")), "OK");
  EXPECT_EQ(Error(TryExec("CREATE TABLE e2 (a DECIMAL(50, 2)) WITH ()")).rfind("DECIMAL", 0), 0u);
  EXPECT_EQ(Error(TryExec("CREATE TABLE e3 WITH ('connector' = 'x') AS SELECT * FROM src")),
            "not supported yet: CREATE TABLE AS SELECT (line 1, column 1)");
}

TEST_F(DdlConverterTest, LikeDefaultsToIncludingAllOverwritingOptions) {
  Exec("CREATE TABLE copy (extra STRING) WITH ('connector' = 'print') LIKE orders");
  CatalogTable t = Table("copy");
  ASSERT_EQ(t.columns.size(), 7u);
  EXPECT_EQ(t.columns[6].name, "extra");
  EXPECT_EQ(t.watermarks.size(), 1u);
  EXPECT_TRUE(t.primary_key.has_value());
  EXPECT_EQ(t.options, (TableOptions{{"connector", "print"}}));
  EXPECT_EQ(t.columns[2].type.ToString(), "TIMESTAMP(3) *ROWTIME*");
}

TEST_F(DdlConverterTest, LikeExcludingAndOverwriting) {
  Exec("CREATE TABLE bare WITH ('connector' = 'print') LIKE orders (EXCLUDING ALL)");
  CatalogTable bare = Table("bare");
  EXPECT_EQ(bare.columns.size(), 4u);  // physical columns only
  EXPECT_TRUE(bare.watermarks.empty());
  EXPECT_FALSE(bare.primary_key.has_value());
  EXPECT_EQ(bare.options, (TableOptions{{"connector", "print"}}));

  Exec(
      "CREATE TABLE wm (WATERMARK FOR ts AS ts) LIKE orders "
      "(OVERWRITING WATERMARKS INCLUDING OPTIONS)");
  CatalogTable wm = Table("wm");
  EXPECT_EQ(wm.watermarks[0].expression, "`ts`");
  EXPECT_EQ(wm.options, (TableOptions{{"connector", "datagen"}}));

  EXPECT_EQ(Error(TryExec("CREATE TABLE e (WATERMARK FOR ts AS ts) LIKE orders")),
            "There already exists a watermark spec for column 'ts' in the base table. You might "
            "want to specify EXCLUDING WATERMARKS or OVERWRITING WATERMARKS. (line 1, column 17)");
  EXPECT_EQ(Error(TryExec("CREATE TABLE e (total AS 1) LIKE orders")),
            "A generated column named 'total' already exists in the base table. You might want "
            "to specify EXCLUDING GENERATED or OVERWRITING GENERATED (line 1, column 17)");
  EXPECT_EQ(Error(TryExec("CREATE TABLE e (id INT) LIKE orders")),
            "A column named 'id' already exists in the base table (line 1, column 17)");
  EXPECT_EQ(Error(TryExec("CREATE TABLE e (PRIMARY KEY (id) NOT ENFORCED) LIKE orders")),
            "The base table already has a primary key. You might want to specify EXCLUDING "
            "CONSTRAINTS. (line 1, column 17)");
  EXPECT_EQ(Error(TryExec("CREATE TABLE e WITH ('connector' = 'x') LIKE orders "
                          "(INCLUDING OPTIONS)")),
            "There already exists an option ['connector' -> 'datagen'] in the base table. You "
            "might want to specify EXCLUDING OPTIONS or OVERWRITING OPTIONS. (line 1, column 1)");
  EXPECT_EQ(Error(TryExec("CREATE TABLE e LIKE orders (OVERWRITING CONSTRAINTS)")),
            "Illegal merging strategy 'OVERWRITING' for 'CONSTRAINTS' option (line 1, column 1)");
  Exec("CREATE VIEW v AS SELECT a FROM src");
  EXPECT_EQ(Error(TryExec("CREATE TABLE e LIKE v")),
            "Source table 'default_catalog.default_database.v' of the LIKE clause can not be a "
            "VIEW (line 1, column 1)");
  Exec("CREATE TABLE g (total AS 7) LIKE orders (OVERWRITING GENERATED)");
  EXPECT_EQ(Table("g").columns[4].expression, "7");
}

TEST_F(DdlConverterTest, ViewsStoreQualifiedSqlAndColumns) {
  ASSERT_TRUE(
      catalogs_.CreateTable({"default_catalog", "default_database", "dummy"}, CatalogTable{}, false)
          .ok());
  auto stmt = ast::ParseStatement(
      "CREATE VIEW v (x, y) AS WITH c AS (SELECT a, s FROM src) SELECT a, s FROM c");
  ASSERT_TRUE(stmt.ok());
  auto view = binder_.ConvertCreateView((*stmt)->As<ast::CreateViewStatement>());
  ASSERT_TRUE(view.ok()) << view.status().ToString();
  EXPECT_EQ(view->expanded_query,
            "WITH `c` AS (SELECT `a`, `s`\nFROM `default_catalog`.`default_database`.`src`)\n"
            "SELECT `a`, `s`\nFROM `c`");
  ASSERT_EQ(view->columns.size(), 2u);
  EXPECT_EQ(view->columns[0].first, "x");
  EXPECT_EQ(view->columns[1].second.ToString(), "STRING");
  EXPECT_EQ(Error(TryExec("CREATE VIEW w (x) AS SELECT a, s FROM src")),
            "VIEW definition and input fields not match:\n\tDef fields: [x].\n\tInput fields: "
            "[a, s]. (line 1, column 1)");
}

TEST_F(DdlConverterTest, AlterTable) {
  auto alter = [&](std::string_view sql) {
    auto stmt = ast::ParseStatement(sql);
    EXPECT_TRUE(stmt.ok());
    return binder_.ConvertAlterTable((*stmt)->As<ast::AlterTableStatement>());
  };
  auto set = alter("ALTER TABLE src SET ('rows-per-second' = '10', 'connector' = 'x')");
  ASSERT_TRUE(set.ok());
  EXPECT_EQ(set->table->options, (TableOptions{{"connector", "x"}, {"rows-per-second", "10"}}));
  auto reset = alter("ALTER TABLE psink RESET ('path')");
  ASSERT_TRUE(reset.ok());
  EXPECT_EQ(reset->table->options, (TableOptions{{"connector", "filesystem"}}));
  EXPECT_EQ(Error(alter("ALTER TABLE src RESET ('connector')").status()),
            "ALTER TABLE RESET does not support changing 'connector' (line 1, column 1)");
  auto rename = alter("ALTER TABLE src RENAME TO src2");
  ASSERT_TRUE(rename.ok());
  EXPECT_EQ(rename->new_name, std::optional<std::string>("src2"));
  auto missing = alter("ALTER TABLE IF EXISTS nope SET ('a' = 'b')");
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing->exists);
  EXPECT_EQ(Error(alter("ALTER TABLE nope SET ('a' = 'b')").status()),
            "Table `default_catalog`.`default_database`.`nope` doesn't exist or is a temporary "
            "table. (line 1, column 1)");
}

TEST_F(DdlConverterTest, DatabasesCatalogsAndDrops) {
  auto stmt = ast::ParseStatement("CREATE DATABASE IF NOT EXISTS db1 COMMENT 'c' WITH ('k' = 'v')");
  ASSERT_TRUE(stmt.ok());
  auto db = binder_.ConvertCreateDatabase((*stmt)->As<ast::CreateDatabaseStatement>());
  ASSERT_TRUE(db.ok());
  EXPECT_EQ(db->catalog, "default_catalog");
  EXPECT_EQ(db->database, "db1");
  EXPECT_EQ(db->definition.comment, "c");
  EXPECT_TRUE(db->if_not_exists);

  auto cat = ast::ParseStatement("CREATE CATALOG c1 WITH ('type' = 'generic_in_memory')");
  ASSERT_TRUE(cat.ok());
  EXPECT_TRUE(binder_.ConvertCreateCatalog((*cat)->As<ast::CreateCatalogStatement>()).ok());
  auto hive = ast::ParseStatement("CREATE CATALOG c2 WITH ('type' = 'hive')");
  ASSERT_TRUE(hive.ok());
  EXPECT_EQ(
      Error(binder_.ConvertCreateCatalog((*hive)->As<ast::CreateCatalogStatement>()).status()),
      "not supported yet: catalog type 'hive' (only 'generic_in_memory') (line 1, column 1)");

  auto drop = ast::ParseStatement("DROP TEMPORARY VIEW IF EXISTS db1.v");
  ASSERT_TRUE(drop.ok());
  auto target = binder_.ConvertDrop((*drop)->As<ast::DropStatement>());
  ASSERT_TRUE(target.ok());
  EXPECT_EQ(target->id.ToSummaryString(), "default_catalog.db1.v");
  EXPECT_TRUE(target->temporary);
  EXPECT_TRUE(target->if_exists);
  auto drop_db = ast::ParseStatement("DROP DATABASE db1 CASCADE");
  ASSERT_TRUE(drop_db.ok());
  auto db_target = binder_.ConvertDrop((*drop_db)->As<ast::DropStatement>());
  ASSERT_TRUE(db_target.ok());
  EXPECT_EQ(db_target->id.database, "db1");
  EXPECT_TRUE(db_target->cascade);
}

TEST_F(DdlConverterTest, DescribeRows) {
  std::vector<DescribeRow> rows = DescribeTable(Table("orders"));
  ASSERT_EQ(rows.size(), 6u);
  EXPECT_EQ(rows[0].name, "id");
  EXPECT_EQ(rows[0].type, "BIGINT");
  EXPECT_FALSE(rows[0].nullable);
  EXPECT_EQ(rows[0].key, "PRI(id)");
  EXPECT_EQ(rows[2].type, "TIMESTAMP(3) *ROWTIME*");
  EXPECT_EQ(rows[2].watermark, "`ts` - INTERVAL '5' SECOND");
  EXPECT_EQ(rows[4].extras, "AS `amount` * 2");
  EXPECT_EQ(rows[5].type, "TIMESTAMP_LTZ(3) *PROCTIME*");
  EXPECT_FALSE(rows[5].nullable);
  Exec(
      "CREATE TABLE m (v INT, t TIMESTAMP_LTZ(3) METADATA FROM 'timestamp' VIRTUAL, "
      "p INT METADATA) WITH ()");
  rows = DescribeTable(Table("m"));
  EXPECT_EQ(rows[1].extras, "METADATA FROM 'timestamp' VIRTUAL");
  EXPECT_EQ(rows[2].extras, "METADATA");
}

TEST_F(DdlConverterTest, ShowCreateTableText) {
  Exec(
      "CREATE TABLE t (a INT COMMENT 'the a', s STRING, m STRING METADATA FROM 'k' VIRTUAL) "
      "COMMENT 'a table' PARTITIONED BY (s) WITH ('connector' = 'filesystem', 'path' = '/p')");
  EXPECT_EQ(ShowCreateTable({"default_catalog", "default_database", "t"}, Table("t")),
            "CREATE TABLE `default_catalog`.`default_database`.`t` (\n"
            "  `a` INT COMMENT 'the a',\n"
            "  `s` STRING,\n"
            "  `m` STRING METADATA FROM 'k' VIRTUAL\n"
            ")\n"
            "COMMENT 'a table'\n"
            "PARTITIONED BY (`s`)\n"
            "WITH (\n"
            "  'connector' = 'filesystem',\n"
            "  'path' = '/p'\n"
            ")\n");
  EXPECT_EQ(ShowCreateTable({"default_catalog", "default_database", "orders"}, Table("orders")),
            "CREATE TABLE `default_catalog`.`default_database`.`orders` (\n"
            "  `id` BIGINT NOT NULL,\n"
            "  `amount` DECIMAL(10, 2),\n"
            "  `ts` TIMESTAMP(3),\n"
            "  `r` ROW<`x` INT, `y` STRING>,\n"
            "  `total` AS `amount` * 2,\n"
            "  `proc` AS PROCTIME(),\n"
            "  WATERMARK FOR `ts` AS `ts` - INTERVAL '5' SECOND,\n"
            "  CONSTRAINT `PK_id` PRIMARY KEY (`id`) NOT ENFORCED\n"
            ")\n"
            "WITH (\n"
            "  'connector' = 'datagen'\n"
            ")\n");
}

TEST_F(DdlConverterTest, DescribeAndShowCreateView) {
  Exec("CREATE VIEW v COMMENT 'cheap' AS SELECT a FROM src");
  auto v = catalogs_.GetTable({"default_catalog", "default_database", "v"});
  ASSERT_TRUE(v.has_value());
  const std::string text = ShowCreateView({"default_catalog", "default_database", "v5"},
                                          std::get<CatalogView>(v->object));
  EXPECT_EQ(text,
            "CREATE VIEW `default_catalog`.`default_database`.`v5` (`a`)\n"
            "COMMENT 'cheap'\n"
            "AS SELECT `a`\n"
            "FROM `default_catalog`.`default_database`.`src`\n");
  Exec(text);
  EXPECT_NE(TryExec("CREATE VIEW v2 AS SELECT a, id FROM src, orders")
                .message()
                .find("not supported yet: JOIN"),
            std::string::npos);
  Exec("CREATE VIEW v3 (x, y) AS SELECT a, CAST(s AS INT) FROM src");
  auto object = catalogs_.GetTable({"default_catalog", "default_database", "v3"});
  ASSERT_TRUE(object.has_value());
  const CatalogView& view = std::get<CatalogView>(object->object);
  std::vector<DescribeRow> rows = DescribeView(view);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1].name, "y");
  EXPECT_EQ(rows[1].type, "INT");
  EXPECT_EQ(ShowCreateView({"default_catalog", "default_database", "v3"}, view),
            "CREATE VIEW `default_catalog`.`default_database`.`v3` (`x`, `y`)\n"
            "AS SELECT `a`, CAST(`s` AS INT)\n"
            "FROM `default_catalog`.`default_database`.`src`\n");
  // The stored text is a statement that creates the same view again.
  Exec(ShowCreateView({"default_catalog", "default_database", "v4"}, view));
  EXPECT_EQ(RowType("SELECT * FROM v4"), "ROW<`x` INT, `y` INT> NOT NULL");
}

TEST_F(DdlConverterTest, ShowCreateTableOutputParsesBack) {
  const std::string text =
      ShowCreateTable({"default_catalog", "default_database", "orders2"}, Table("orders"));
  Exec(text);
  CatalogTable copy = Table("orders2");
  CatalogTable original = Table("orders");
  ASSERT_EQ(copy.columns.size(), original.columns.size());
  for (size_t i = 0; i < copy.columns.size(); ++i) {
    EXPECT_EQ(copy.columns[i].type, original.columns[i].type) << copy.columns[i].name;
    EXPECT_EQ(copy.columns[i].expression, original.columns[i].expression);
  }
  EXPECT_EQ(copy.watermarks[0].expression, original.watermarks[0].expression);
}

}  // namespace
}  // namespace weir::sql
