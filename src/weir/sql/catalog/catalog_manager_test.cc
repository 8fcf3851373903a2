// Tests of the catalog layer: the built-in catalog, name qualification, temporary objects
// shadowing permanent ones, functions, and Flink's error messages.
#include "weir/sql/catalog/catalog_manager.h"

#include <gtest/gtest.h>

#include "weir/sql/catalog/in_memory_catalog.h"

namespace weir::sql {
namespace {

CatalogTable Table(std::vector<std::pair<std::string, LogicalType>> columns,
                   TableOptions options = {{"connector", "datagen"}}) {
  return MakePhysicalTable(columns, std::move(options));
}

CatalogView View(std::string query) {
  CatalogView v;
  v.original_query = query;
  v.expanded_query = std::move(query);
  v.columns = {{"a", LogicalType::BigInt()}};
  return v;
}

ObjectIdentifier Id(std::string object) {
  return ObjectIdentifier{"default_catalog", "default_database", std::move(object)};
}

TEST(CatalogManagerTest, StartsWithTheBuiltInCatalogAndQualifiesNames) {
  CatalogManager m;
  EXPECT_EQ(m.ListCatalogs(), std::vector<std::string>{"default_catalog"});
  EXPECT_EQ(m.current_catalog(), "default_catalog");
  EXPECT_EQ(m.current_database(), "default_database");
  EXPECT_EQ(m.Qualify({"t"})->ToString(), "`default_catalog`.`default_database`.`t`");
  EXPECT_EQ(m.Qualify({"db", "t"})->ToSummaryString(), "default_catalog.db.t");
  EXPECT_EQ(m.Qualify({"c", "db", "t"})->ToSummaryString(), "c.db.t");
  EXPECT_FALSE(m.Qualify({"a", "b", "c", "d"}).ok());
}

TEST(CatalogManagerTest, TablesAreCaseSensitiveAndDuplicatesAreNamed) {
  CatalogManager m;
  ASSERT_TRUE(m.CreateTable(Id("Orders"), Table({{"a", LogicalType::BigInt()}}), false).ok());
  EXPECT_TRUE(m.GetTable(Id("Orders")).has_value());
  EXPECT_FALSE(m.GetTable(Id("orders")).has_value());
  Status dup = m.CreateTable(Id("Orders"), Table({}), false);
  EXPECT_EQ(dup.code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(dup.message(),
            "Table (or view) default_database.Orders already exists in Catalog default_catalog.");
  EXPECT_TRUE(m.CreateTable(Id("Orders"), Table({}), true).ok());  // IF NOT EXISTS

  Status missing = m.DropTable(Id("nope"), false, false, false);
  EXPECT_EQ(missing.message(),
            "Table with identifier 'default_catalog.default_database.nope' does not exist.");
  EXPECT_TRUE(m.DropTable(Id("nope"), false, false, true).ok());  // IF EXISTS
  ASSERT_TRUE(m.CreateTable(Id("v"), View("SELECT 1"), false).ok());
  EXPECT_FALSE(m.DropTable(Id("v"), /*view=*/false, false, false).ok());
  EXPECT_TRUE(m.DropTable(Id("v"), /*view=*/true, false, false).ok());
}

TEST(CatalogManagerTest, TemporaryObjectsShadowPermanentOnes) {
  CatalogManager m;
  ASSERT_TRUE(m.CreateTable(Id("t"), Table({{"a", LogicalType::Int()}}), false).ok());
  ASSERT_TRUE(
      m.CreateTemporaryTable(Id("t"), Table({{"b", LogicalType::String()}}), false).ok());
  auto found = m.GetTable(Id("t"));
  ASSERT_TRUE(found.has_value());
  EXPECT_TRUE(found->temporary);
  EXPECT_EQ(std::get<CatalogTable>(found->object).columns[0].name, "b");
  // The permanent table cannot be dropped while the temporary one exists.
  Status blocked = m.DropTable(Id("t"), false, false, false);
  EXPECT_NE(blocked.message().find("Drop it first before removing the permanent table"),
            std::string::npos)
      << blocked.ToString();
  ASSERT_TRUE(m.DropTable(Id("t"), false, /*temporary=*/true, false).ok());
  found = m.GetTable(Id("t"));
  ASSERT_TRUE(found.has_value());
  EXPECT_FALSE(found->temporary);
  EXPECT_EQ(std::get<CatalogTable>(found->object).columns[0].name, "a");
  // A temporary table needs an existing database.
  ObjectIdentifier elsewhere{"default_catalog", "nodb", "t"};
  Status no_db = m.CreateTemporaryTable(elsewhere, Table({}), false);
  EXPECT_EQ(no_db.message(), "Database nodb does not exist in Catalog default_catalog.");
}

TEST(CatalogManagerTest, ShowTablesListsPermanentAndTemporaryOnce) {
  CatalogManager m;
  ASSERT_TRUE(m.CreateTable(Id("b"), Table({}), false).ok());
  ASSERT_TRUE(m.CreateTable(Id("v1"), View("SELECT 1"), false).ok());
  ASSERT_TRUE(m.CreateTemporaryTable(Id("a"), Table({}), false).ok());
  ASSERT_TRUE(m.CreateTemporaryTable(Id("b"), Table({}), false).ok());
  ASSERT_TRUE(m.CreateTemporaryTable(Id("v2"), View("SELECT 2"), false).ok());
  EXPECT_EQ(*m.ListTables("", "", false), (std::vector<std::string>{"a", "b", "v1", "v2"}));
  EXPECT_EQ(*m.ListTables("", "", true), (std::vector<std::string>{"v1", "v2"}));
  EXPECT_FALSE(m.ListTables("", "nodb", false).ok());
}

TEST(CatalogManagerTest, CatalogsAndDatabases) {
  CatalogManager m;
  ASSERT_TRUE(
      m.RegisterCatalog("mem", std::make_shared<InMemoryCatalog>("mem", "default"), false).ok());
  EXPECT_EQ(m.RegisterCatalog("mem", nullptr, false).message(), "Catalog mem already exists.");
  EXPECT_EQ(m.SetCurrentCatalog("nope").message(), "A catalog with name [nope] does not exist.");
  ASSERT_TRUE(m.SetCurrentCatalog("mem").ok());
  EXPECT_EQ(m.current_database(), "default");
  EXPECT_EQ(m.SetCurrentDatabase("db1").message(),
            "A database with name [db1] does not exist in the catalog: [mem].");
  auto mem = *m.GetCatalog("mem");
  ASSERT_TRUE(mem->CreateDatabase("db1", CatalogDatabase{"first", {}}, false).ok());
  ASSERT_TRUE(m.SetCurrentDatabase("db1").ok());
  EXPECT_EQ(m.Qualify({"t"})->ToSummaryString(), "mem.db1.t");
  EXPECT_FALSE(m.UnregisterCatalog("mem", false).ok());  // in use
  ASSERT_TRUE(m.CreateTable(*m.Qualify({"t"}), Table({}), false).ok());
  EXPECT_FALSE(mem->DropDatabase("db1", false, /*cascade=*/false).ok());  // not empty
  ASSERT_TRUE(m.SetCurrentCatalog("default_catalog").ok());
  ASSERT_TRUE(mem->DropDatabase("db1", false, /*cascade=*/true).ok());
  ASSERT_TRUE(m.UnregisterCatalog("mem", false).ok());
  EXPECT_EQ(m.ListCatalogs(), std::vector<std::string>{"default_catalog"});
}

TEST(CatalogManagerTest, AlterAndRename) {
  CatalogManager m;
  CatalogTable t = Table({{"a", LogicalType::Int()}});
  ASSERT_TRUE(m.CreateTable(Id("t"), t, false).ok());
  SetOption(&t.options, "rows-per-second", "5");
  SetOption(&t.options, "connector", "print");
  ASSERT_TRUE(m.AlterTable(Id("t"), t).ok());
  const std::optional<ResolvedCatalogObject> found = m.GetTable(Id("t"));
  ASSERT_TRUE(found.has_value());
  const auto& altered = std::get<CatalogTable>(found->object);
  ASSERT_EQ(altered.options.size(), 2u);
  EXPECT_EQ(altered.options[0], (std::pair<std::string, std::string>{"connector", "print"}));
  EXPECT_TRUE(RemoveOption(&t.options, "rows-per-second"));
  EXPECT_FALSE(RemoveOption(&t.options, "rows-per-second"));
  ASSERT_TRUE(m.CreateTable(Id("u"), Table({}), false).ok());
  EXPECT_EQ(m.RenameTable(Id("t"), "u").code(), StatusCode::kAlreadyExists);
  ASSERT_TRUE(m.RenameTable(Id("t"), "t2").ok());
  EXPECT_FALSE(m.GetTable(Id("t")).has_value());
  EXPECT_TRUE(m.GetTable(Id("t2")).has_value());
  EXPECT_FALSE(m.AlterTable(Id("u"), View("SELECT 1")).ok());  // a table cannot become a view
}

TEST(CatalogManagerTest, FunctionsResolveInFlinksOrder) {
  CatalogManager m;
  ASSERT_TRUE(m.CreateFunction(Id("count_char"),
                               CatalogFunction{"com.example.Catalog", FunctionLanguage::kJava},
                               false)
                  .ok());
  auto fn = m.LookupFunction({"COUNT_CHAR"}, true);  // function names ignore case
  ASSERT_TRUE(fn.has_value());
  EXPECT_FALSE(fn->temporary);
  EXPECT_EQ(fn->function.class_name, "com.example.Catalog");
  ASSERT_TRUE(m.CreateTemporaryFunction(Id("count_char"), CatalogFunction{"com.example.Temp"},
                                        false)
                  .ok());
  EXPECT_EQ(m.LookupFunction({"count_char"}, true)->function.class_name, "com.example.Temp");
  ASSERT_TRUE(m.CreateTemporarySystemFunction("Count_Char", CatalogFunction{"com.example.Sys"},
                                              false)
                  .ok());
  fn = m.LookupFunction({"count_char"}, true);
  EXPECT_TRUE(fn->system);
  EXPECT_EQ(fn->function.class_name, "com.example.Sys");
  // A qualified name skips temporary system functions.
  EXPECT_EQ(m.LookupFunction({"default_database", "count_char"}, true)->function.class_name,
            "com.example.Temp");
  EXPECT_EQ(m.ListUserFunctions(), std::vector<std::string>{"count_char"});
  EXPECT_EQ(m.CreateFunction(Id("COUNT_CHAR"), CatalogFunction{"x"}, false).code(),
            StatusCode::kAlreadyExists);
  ASSERT_TRUE(m.DropTemporarySystemFunction("count_char", false).ok());
  ASSERT_TRUE(m.DropFunction(Id("count_char"), /*temporary=*/true, false).ok());
  ASSERT_TRUE(m.DropFunction(Id("count_char"), false, false).ok());
  EXPECT_FALSE(m.LookupFunction({"count_char"}, true).has_value());
  EXPECT_FALSE(m.DropFunction(Id("count_char"), false, false).ok());
}

TEST(CatalogTableTest, RowTypesFollowColumnsAndPrimaryKey) {
  CatalogTable t = Table({{"id", LogicalType::BigInt()}, {"name", LogicalType::String()}});
  CatalogColumn computed;
  computed.name = "upper_name";
  computed.type = LogicalType::String();
  computed.kind = CatalogColumnKind::kComputed;
  computed.expression = "UPPER(`name`)";
  t.columns.push_back(computed);
  t.primary_key = PrimaryKeyConstraint{"PK_id", {"id"}};
  EXPECT_EQ(t.RowType().ToString(),
            "ROW<`id` BIGINT NOT NULL, `name` STRING, `upper_name` STRING> NOT NULL");
  EXPECT_EQ(t.PhysicalRowType().ToString(), "ROW<`id` BIGINT NOT NULL, `name` STRING> NOT NULL");
  EXPECT_FALSE(t.columns[2].persisted());
  EXPECT_NE(t.FindColumn("name"), nullptr);
  EXPECT_EQ(t.FindColumn("Name"), nullptr);
  EXPECT_EQ(*FindOption(t.options, "connector"), "datagen");
}

}  // namespace
}  // namespace weir::sql
