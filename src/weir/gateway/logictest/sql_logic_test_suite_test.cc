// Runs every SQL logic test file under test/sql (one test per file, a fresh session each).
#include <gtest/gtest.h>
#include <unistd.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "weir/gateway/logictest/logic_test_file.h"
#include "weir/gateway/logictest/session_logic_test_executor.h"

namespace weir::gateway {
namespace {

std::vector<std::string> TestFiles() {
  std::vector<std::string> files;
  const std::filesystem::path root = std::filesystem::path(WEIR_SOURCE_DIR) / "test/sql";
  if (!std::filesystem::exists(root)) return files;
  for (const auto& e : std::filesystem::recursive_directory_iterator(root)) {
    if (e.is_regular_file() && e.path().extension() == ".test") {
      files.push_back(std::filesystem::relative(e.path(), root).string());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

class SqlLogicTest : public ::testing::TestWithParam<std::string> {};

TEST_P(SqlLogicTest, File) {
  const std::filesystem::path path =
      std::filesystem::path(WEIR_SOURCE_DIR) / "test/sql" / GetParam();
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  auto records = ParseLogicTest(text.str(), path.string());
  ASSERT_TRUE(records.ok()) << records.status().ToString();
  config::Configuration config;
  config.SetString("weir.worker-threads", "2");
  auto cluster = cluster::MiniCluster::Make(config);
  ASSERT_TRUE(cluster.ok()) << cluster.status().ToString();
  SqlSession session(cluster->get(), config::Configuration());
  // A fresh scratch directory per file and run: ${TEST_DIR} in the file's SQL.
  std::string scratch_name = "weir-logictest-" + std::to_string(::getpid()) + "-";
  for (char c : GetParam())
    scratch_name.push_back(std::isalnum(static_cast<unsigned char>(c)) ? c : '_');
  const std::filesystem::path scratch = std::filesystem::path(::testing::TempDir()) / scratch_name;
  std::filesystem::remove_all(scratch);
  std::filesystem::create_directories(scratch);
  SessionLogicTestExecutor executor(&session, scratch.string());
  const std::vector<LogicTestFailure> failures =
      RunLogicTest(*records, executor, "test/sql/" + GetParam());
  for (const LogicTestFailure& f : failures) ADD_FAILURE() << f.message;
  Status waited = session.WaitForJobs();  // jobs write into the scratch directory
  waited.IgnoreError();
  std::filesystem::remove_all(scratch);
  RecordProperty("records", static_cast<int>(records->size()));
}

std::string TestName(const ::testing::TestParamInfo<std::string>& info) {
  std::string name;
  for (char c : info.param.substr(0, info.param.size() - 5)) {
    name.push_back(std::isalnum(static_cast<unsigned char>(c)) ? c : '_');
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(Files, SqlLogicTest, ::testing::ValuesIn(TestFiles()), TestName);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(SqlLogicTest);

}  // namespace
}  // namespace weir::gateway
