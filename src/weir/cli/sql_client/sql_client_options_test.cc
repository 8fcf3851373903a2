// Tests for the sql-client.* options and the printer options they select.
#include "weir/cli/sql_client/sql_client_options.h"

#include <gtest/gtest.h>

#include "weir/common/config/option_registry.h"

namespace weir::cli {
namespace {

TEST(SqlClientOptionsTest, DefaultsAndOverrides) {
  config::Configuration conf;
  auto defaults = ResultPrinterOptionsFromConfiguration(conf, /*streaming=*/true);
  ASSERT_TRUE(defaults.ok()) << defaults.status().ToString();
  EXPECT_EQ(defaults->mode, ResultMode::kTableau);
  EXPECT_EQ(defaults->max_column_width, 30);
  EXPECT_TRUE(defaults->print_time_cost);
  EXPECT_TRUE(defaults->streaming);

  conf.SetString("sql-client.execution.result-mode", "changelog");
  conf.SetString("sql-client.display.max-column-width", "12");
  conf.SetString("sql-client.display.print-time-cost", "false");
  auto set = ResultPrinterOptionsFromConfiguration(conf, false);
  ASSERT_TRUE(set.ok()) << set.status().ToString();
  EXPECT_EQ(set->mode, ResultMode::kChangelog);
  EXPECT_EQ(set->max_column_width, 12);
  EXPECT_FALSE(set->print_time_cost);
}

TEST(SqlClientOptionsTest, BadValuesNameTheKey) {
  config::Configuration conf;
  conf.SetString("sql-client.execution.result-mode", "grid");
  auto bad_mode = ResultPrinterOptionsFromConfiguration(conf, false);
  ASSERT_FALSE(bad_mode.ok());
  EXPECT_NE(bad_mode.status().message().find("sql-client.execution.result-mode"),
            std::string::npos);
  config::Configuration conf2;
  conf2.SetString("sql-client.display.max-column-width", "0");
  auto bad_width = ResultPrinterOptionsFromConfiguration(conf2, false);
  ASSERT_FALSE(bad_width.ok());
  EXPECT_NE(bad_width.status().message().find("max-column-width"), std::string::npos);
}

TEST(SqlClientOptionsTest, Registers) {
  config::OptionRegistry registry;
  ASSERT_TRUE(RegisterSqlClientOptions(registry).ok());
  EXPECT_TRUE(registry.Find("sql-client.display.max-column-width").has_value());
  EXPECT_TRUE(registry.Find("sql-client.execution.result-mode").has_value());
  EXPECT_TRUE(registry.Find("sql-client.display.print-time-cost").has_value());
}

}  // namespace
}  // namespace weir::cli
