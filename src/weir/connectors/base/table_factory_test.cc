// Tests of the connector registry: lookup by 'connector', Flink's errors, built-in factories.
#include "weir/connectors/base/table_factory.h"

#include <gtest/gtest.h>

namespace weir::connectors {
namespace {

TableContext Table(formats::FormatOptions options) {
  TableContext t;
  t.table_name = "default_catalog.default_database.t";
  t.physical_schema = *Schema::Parse("a BIGINT, s STRING");
  t.options = std::move(options);
  return t;
}

TEST(TableFactoryRegistryTest, FindsBuiltInConnectors) {
  const TableFactoryRegistry& r = TableFactoryRegistry::Builtins();
  EXPECT_EQ(r.identifiers(),
            (std::vector<std::string>{"blackhole", "datagen", "filesystem", "nexmark", "print"}));
  auto datagen = r.FindSourceFactory(Table({{"connector", "datagen"}}));
  ASSERT_TRUE(datagen.ok()) << datagen.status().ToString();
  auto source =
      (*datagen)->CreateSource(Table({{"connector", "datagen"}, {"number-of-rows", "10"}}));
  ASSERT_TRUE(source.ok()) << source.status().ToString();
  EXPECT_TRUE(source->bounded);
  EXPECT_TRUE(source->changelog_mode.is_insert_only());
  auto op = source->factory(0);
  ASSERT_TRUE(op.ok());
  EXPECT_EQ((*op)->num_inputs(), 0);

  auto unbounded = (*datagen)->CreateSource(Table({{"connector", "datagen"}}));
  ASSERT_TRUE(unbounded.ok());
  EXPECT_FALSE(unbounded->bounded);

  auto print = r.FindSinkFactory(Table({{"connector", "print"}}));
  ASSERT_TRUE(print.ok());
  auto sink = (*print)->CreateSink(Table({{"connector", "print"}, {"sink.parallelism", "2"}}));
  ASSERT_TRUE(sink.ok()) << sink.status().ToString();
  EXPECT_EQ(sink->parallelism, 2);
  EXPECT_TRUE(sink->accepted_mode.Accepts(ChangelogMode::All()));
  auto blackhole = r.FindSinkFactory(Table({{"connector", "blackhole"}}));
  ASSERT_TRUE(blackhole.ok());
  EXPECT_FALSE((*blackhole)->CreateSink(Table({{"connector", "blackhole"}, {"x", "1"}})).ok());
}

TEST(TableFactoryRegistryTest, ErrorsNameTheTableAndTheAvailableConnectors) {
  const TableFactoryRegistry& r = TableFactoryRegistry::Builtins();
  auto missing = r.FindSourceFactory(Table({}));
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("do not contain an option key 'connector'"),
            std::string::npos);
  auto unknown = r.FindSourceFactory(Table({{"connector", "kafkaa"}}));
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.status().message().find("identifier 'kafkaa'"), std::string::npos);
  EXPECT_NE(unknown.status().message().find("\nblackhole\ndatagen\nfilesystem\nnexmark\nprint"),
            std::string::npos)
      << unknown.status().message();
  auto wrong_way = r.FindSourceFactory(Table({{"connector", "print"}}));
  ASSERT_FALSE(wrong_way.ok());
  EXPECT_NE(wrong_way.status().message().find("can only be used as a sink"), std::string::npos);
  auto bad_option = (*r.FindSourceFactory(Table({{"connector", "datagen"}})))
                        ->CreateSource(Table({{"connector", "datagen"}, {"rows-per-second", "x"}}));
  ASSERT_FALSE(bad_option.ok());
  EXPECT_NE(bad_option.status().message().find("rows-per-second"), std::string::npos);
  EXPECT_NE(bad_option.status().message().find("default_catalog.default_database.t"),
            std::string::npos);
}

}  // namespace
}  // namespace weir::connectors
