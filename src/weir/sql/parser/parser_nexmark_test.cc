// Parses every Nexmark query file (the reference copy beside the repository) and round-trips it.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "weir/sql/parser/parser_test_util.h"

namespace weir::sql::ast {
namespace {

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Returns the directory of Flink's Nexmark SQL files: $WEIR_NEXMARK_DIR, or the reference
// material next to the repository (../shared/benchmarks/nexmark); empty if neither exists.
std::filesystem::path NexmarkDir() {
  std::vector<std::filesystem::path> candidates;
  if (const char* env = std::getenv("WEIR_NEXMARK_DIR")) candidates.emplace_back(env);
  candidates.push_back(std::filesystem::path(WEIR_SOURCE_DIR) / "../shared/benchmarks/nexmark");
  candidates.emplace_back("/work/shared/benchmarks/nexmark");
  for (const auto& dir : candidates) {
    if (std::filesystem::exists(dir / "q0.sql")) return dir;
  }
  return {};
}

#define WEIR_REQUIRE_NEXMARK(dir)                                                     \
  const std::filesystem::path dir = NexmarkDir();                                    \
  if (dir.empty()) GTEST_SKIP() << "Nexmark SQL files not found; set WEIR_NEXMARK_DIR"

// Substitutes the placeholder that the Nexmark runner replaces outside string literals.
std::string Substitute(std::string sql) {
  const std::string placeholder = "${NEXMARK_TABLE}";
  for (size_t at = sql.find(placeholder); at != std::string::npos; at = sql.find(placeholder)) {
    sql.replace(at, placeholder.size(), "datagen");
  }
  return sql;
}

TEST(ParserNexmarkTest, EveryQueryFileParsesAndRoundTrips) {
  WEIR_REQUIRE_NEXMARK(dir);
  int files = 0;
  int statements = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (entry.path().extension() != ".sql") continue;
    ++files;
    std::string sql = Substitute(ReadFile(entry.path()));
    Result<std::vector<StatementPtr>> script = ParseScript(sql);
    ASSERT_TRUE(script.ok()) << name << ": " << script.status().ToString();
    EXPECT_FALSE(script->empty()) << name;
    for (const StatementPtr& stmt : *script) {
      ++statements;
      std::string printed = testing::RoundTrip(stmt->text);
      EXPECT_FALSE(printed.empty()) << name << ": " << stmt->text;
    }
  }
  EXPECT_EQ(files, 29);
  EXPECT_GE(statements, 50);
}

TEST(ParserNexmarkTest, Q5HopWindowStructure) {
  WEIR_REQUIRE_NEXMARK(dir);
  const std::filesystem::path path = dir / "q5.sql";
  Result<std::vector<StatementPtr>> script = ParseScript(ReadFile(path));
  ASSERT_TRUE(script.ok()) << script.status().ToString();
  ASSERT_EQ(script->size(), 2u);
  const auto& insert = (*script)[1]->As<InsertStatement>();
  EXPECT_EQ(insert.table, std::vector<std::string>{"nexmark_q5"});
  const auto& select = insert.query->body->As<SelectBody>();
  const auto& join = select.from->As<JoinTableRef>();
  EXPECT_EQ(join.join, JoinType::kInner);
  EXPECT_EQ(*join.left->alias, "AuctionBids");
  const auto& inner = join.left->As<DerivedTableRef>().query->body->As<SelectBody>();
  const auto& tvf = inner.from->As<FunctionTableRef>();
  const auto& call = tvf.call->As<CallExpr>();
  EXPECT_EQ(call.name, std::vector<std::string>{"HOP"});
  ASSERT_EQ(call.args.size(), 4u);
  EXPECT_EQ(call.args[0]->As<TableArgExpr>().table, std::vector<std::string>{"bid"});
  EXPECT_EQ(call.args[1]->As<DescriptorExpr>().columns, std::vector<std::string>{"dateTime"});
}

TEST(ParserNexmarkTest, DatagenDdlTypesConvert) {
  WEIR_REQUIRE_NEXMARK(dir);
  const std::filesystem::path path = dir / "ddl_gen.sql";
  Result<StatementPtr> stmt = ParseStatement(ReadFile(path));
  ASSERT_TRUE(stmt.ok()) << stmt.status().ToString();
  const auto& create = (*stmt)->As<CreateTableStatement>();
  ASSERT_EQ(create.columns.size(), 5u);
  EXPECT_EQ(create.columns[4].column_kind, ColumnKind::kComputed);
  EXPECT_EQ(create.watermarks.size(), 1u);
  Result<LogicalType> bid = create.columns[3].type->ToLogicalType();
  ASSERT_TRUE(bid.ok()) << bid.status().ToString();
  EXPECT_EQ(bid->fields().size(), 7u);
  EXPECT_EQ(create.options[0].second, "nexmark");
}

}  // namespace
}  // namespace weir::sql::ast
