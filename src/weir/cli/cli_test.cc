// Tests for the `weir` command line: global options, `info`, errors and exit codes.
#include "weir/cli/cli.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "weir/common/log/log.h"
#include "weir/common/version.h"

namespace weir::cli {
namespace {

namespace fs = std::filesystem;

const std::string kRepoConfDir = std::string(WEIR_SOURCE_DIR) + "/conf";

struct RunResult {
  int code = -1;
  std::string out;
  std::string err;
};

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    tmp_ = fs::temp_directory_path() / StrCat("weir_cli_test_", ::getpid(), "_", info->name());
    fs::remove_all(tmp_);
    fs::create_directories(tmp_);
    // No conf/ in the working directory and no binary: only flags and env find a file.
    env_.working_dir = tmp_.string();
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(tmp_, ec);
    SetLogLevel(LogLevel::kInfo);
  }

  RunResult Run(const std::vector<std::string>& args) {
    std::ostringstream out;
    std::ostringstream err;
    RunResult r;
    r.code = RunCli(args, env_, out, err);
    r.out = out.str();
    r.err = err.str();
    return r;
  }

  std::string WriteConf(const std::string& dir, const std::string& yaml) {
    fs::path path = tmp_ / dir;
    fs::create_directories(path);
    std::ofstream(path / "weir.yaml") << yaml;
    return path.string();
  }

  fs::path tmp_;
  CliEnvironment env_;
};

TEST_F(CliTest, Version) {
  for (const char* flag : {"--version", "-V"}) {
    RunResult r = Run({flag});
    EXPECT_EQ(r.code, kExitOk);
    EXPECT_EQ(r.out, StrCat("weir ", kVersion, "\n"));
    EXPECT_EQ(r.err, "");
  }
}

TEST_F(CliTest, Help) {
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"--help"}, {"-h"}, {"help"}}) {
    RunResult r = Run(args);
    EXPECT_EQ(r.code, kExitOk);
    EXPECT_NE(r.out.find("Usage: weir [global options] <command>"), std::string::npos);
    EXPECT_NE(r.out.find("  info "), std::string::npos);
    EXPECT_NE(r.out.find("-D key=value"), std::string::npos);
    EXPECT_NE(r.out.find("--conf-dir DIR"), std::string::npos);
    EXPECT_NE(r.out.find("WEIR_CONF_DIR"), std::string::npos);
    EXPECT_EQ(r.err, "");
  }
  RunResult info_help = Run({"info", "--help"});
  EXPECT_EQ(info_help.code, kExitOk);
  EXPECT_NE(info_help.out.find("Usage: weir [global options] info [--options]"), std::string::npos);
}

TEST_F(CliTest, UsageErrors) {
  RunResult none = Run({});
  EXPECT_EQ(none.code, kExitUsage);
  EXPECT_NE(none.err.find("no command given"), std::string::npos);
  EXPECT_EQ(none.out, "");

  RunResult typo = Run({"infoo"});
  EXPECT_EQ(typo.code, kExitUsage);
  EXPECT_EQ(typo.err,
            "weir: Unknown command 'infoo'. Did you mean 'info'?\nRun 'weir --help' for usage.\n");

  RunResult unknown = Run({"frobnicate"});
  EXPECT_EQ(unknown.code, kExitUsage);
  EXPECT_EQ(unknown.err.find("Did you mean"), std::string::npos);

  RunResult bad_flag = Run({"--frobnicate", "info"});
  EXPECT_EQ(bad_flag.code, kExitUsage);
  EXPECT_NE(bad_flag.err.find("Unknown option '--frobnicate'"), std::string::npos);

  RunResult bad_info_flag = Run({"info", "--frobnicate"});
  EXPECT_EQ(bad_info_flag.code, kExitUsage);
  EXPECT_NE(bad_info_flag.err.find("Unknown argument '--frobnicate' for 'weir info'"),
            std::string::npos);

  EXPECT_EQ(Run({"info", "--conf-dir"}).code, kExitUsage);
  EXPECT_EQ(Run({"info", "-D"}).code, kExitUsage);
}

TEST_F(CliTest, InfoPrintsVersionBuildAndBudget) {
  RunResult r = Run({"--conf-dir", kRepoConfDir, "info"});
  ASSERT_EQ(r.code, kExitOk) << r.err;
  EXPECT_EQ(r.out.rfind(StrCat("Weir ", kVersion, "\n"), 0), 0u) << r.out;
  EXPECT_NE(r.out.find(StrCat("build type      ", kBuildType)), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(StrCat("compiler        ", kCompiler)), std::string::npos);
  EXPECT_NE(r.out.find(StrCat("config file     ", kRepoConfDir, "/weir.yaml")), std::string::npos);
  EXPECT_NE(r.out.find("task slots      1\n"), std::string::npos);
  EXPECT_NE(r.out.find("log level       INFO\n"), std::string::npos);
  EXPECT_NE(r.out.find("Memory budget (taskmanager.memory.process.size = 1728 mb)\n"
                       "  process    1.688 gb   (1811939328 bytes)\n"
                       "  overhead   192 mb     (201326592 bytes)\n"
                       "  network    172.8 mb   (181193932 bytes)\n"
                       "  state      691.2 mb   (724775731 bytes)\n"
                       "  operators  672 mb     (704643073 bytes)\n"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(r.err, "");
}

TEST_F(CliTest, InfoWithoutConfigFileUsesDefaults) {
  RunResult r = Run({"info"});
  ASSERT_EQ(r.code, kExitOk) << r.err;
  EXPECT_NE(r.out.find("config file     (none: built-in defaults)"), std::string::npos);
  EXPECT_NE(r.out.find("process    1.688 gb"), std::string::npos);
}

TEST_F(CliTest, DynamicPropertiesOverrideTheFileAnywhereOnTheLine) {
  const std::string dir = WriteConf("c",
                                    "taskmanager.memory.process.size: 2g\n"
                                    "taskmanager.numberOfTaskSlots: 2\n");
  RunResult file_only = Run({"info", "--conf-dir", dir});
  ASSERT_EQ(file_only.code, kExitOk) << file_only.err;
  EXPECT_NE(file_only.out.find("process.size = 2 gb"), std::string::npos);
  EXPECT_NE(file_only.out.find("task slots      2\n"), std::string::npos);

  RunResult before = Run({"-D", "taskmanager.memory.process.size=4g", "--conf-dir=" + dir, "info"});
  ASSERT_EQ(before.code, kExitOk) << before.err;
  EXPECT_NE(before.out.find("process.size = 4 gb"), std::string::npos);
  EXPECT_NE(before.out.find("task slots      2\n"), std::string::npos);

  RunResult after = Run({"info", "--conf-dir", dir, "-Dtaskmanager.numberOfTaskSlots=8"});
  ASSERT_EQ(after.code, kExitOk) << after.err;
  EXPECT_NE(after.out.find("process.size = 2 gb"), std::string::npos);
  EXPECT_NE(after.out.find("task slots      8\n"), std::string::npos);
}

TEST_F(CliTest, ConfDirFromEnvironment) {
  env_.conf_dir_env = WriteConf("env", "parallelism.default: 7\n");
  RunResult r = Run({"info"});
  ASSERT_EQ(r.code, kExitOk) << r.err;
  EXPECT_NE(r.out.find("parallelism     7\n"), std::string::npos) << r.out;
  // --conf-dir wins over the environment.
  const std::string flag_dir = WriteConf("flag", "parallelism.default: 3\n");
  RunResult flag = Run({"info", "--conf-dir", flag_dir});
  EXPECT_NE(flag.out.find("parallelism     3\n"), std::string::npos);
}

TEST_F(CliTest, ConfigErrorsExitWithOne) {
  RunResult typo = Run({"-Dtaskmanager.memroy.process.size=1g", "info"});
  EXPECT_EQ(typo.code, kExitError);
  EXPECT_EQ(typo.err,
            "weir: Unknown configuration key 'taskmanager.memroy.process.size' (in -D "
            "taskmanager.memroy.process.size=1g). Did you mean "
            "'taskmanager.memory.process.size'?\n");
  EXPECT_EQ(typo.out, "");

  const std::string dir =
      WriteConf("bad", "taskmanager:\n  memory:\n    process.size: 10 parsecs\n");
  RunResult parse = Run({"info", "--conf-dir", dir});
  EXPECT_EQ(parse.code, kExitError);
  EXPECT_NE(parse.err.find("Could not parse value '10 parsecs' for key "
                           "'taskmanager.memory.process.size'"),
            std::string::npos)
      << parse.err;
  EXPECT_NE(parse.err.find(dir + "/weir.yaml, line 3"), std::string::npos) << parse.err;

  RunResult impossible = Run({"info", "-D", "taskmanager.memory.process.size=100m"});
  EXPECT_EQ(impossible.code, kExitError);
  EXPECT_NE(impossible.err.find("leaves no memory for operators"), std::string::npos);

  RunResult missing_dir = Run({"info", "--conf-dir", (tmp_ / "nope").string()});
  EXPECT_EQ(missing_dir.code, kExitError);
  EXPECT_NE(missing_dir.err.find("Configuration directory does not exist"), std::string::npos);

  // --options still validates the configuration first.
  EXPECT_EQ(Run({"info", "--options", "-Dlog.level=loud"}).code, kExitError);
}

TEST_F(CliTest, LogLevelIsApplied) {
  RunResult r = Run({"info", "-Dlog.level=error"});
  ASSERT_EQ(r.code, kExitOk) << r.err;
  EXPECT_EQ(GetLogLevel(), LogLevel::kError);
  EXPECT_NE(r.out.find("log level       ERROR\n"), std::string::npos);
}

TEST_F(CliTest, OptionsListsEveryOptionSorted) {
  RunResult r = Run({"info", "--options", "-D", "parallelism.default=4"});
  ASSERT_EQ(r.code, kExitOk) << r.err;
  const std::vector<config::OptionSpec> specs = config::OptionRegistry::Global().Options();
  EXPECT_EQ(r.out.rfind(StrCat(specs.size(), " options, sorted by key:\n"), 0), 0u) << r.out;
  size_t last = 0;
  for (const config::OptionSpec& spec : specs) {
    const size_t pos = r.out.find(StrCat("\n", spec.key, "\n"));
    ASSERT_NE(pos, std::string::npos) << spec.key;
    EXPECT_GT(pos, last) << spec.key;  // sorted
    last = pos;
  }
  EXPECT_NE(r.out.find("\ntaskmanager.memory.process.size\n"
                       "    type: MemorySize    default: 1728 mb\n"
                       "    Total memory of a Weir worker process."),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("\nlog.level\n"
                       "    type: Enum [TRACE, DEBUG, INFO, WARN, ERROR, OFF]    default: INFO\n"),
            std::string::npos);
  EXPECT_NE(r.out.find("    deprecated keys: taskmanager.network.memory.min\n"), std::string::npos);
  EXPECT_NE(r.out.find("\nparallelism.default\n"
                       "    type: Integer    default: 1\n"
                       "    value: 4    (from -D parallelism.default=4)\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("    type: Double    default: 0.4\n"), std::string::npos);
}

TEST_F(CliTest, OptionDescriptionsAreWrapped) {
  RunResult r = Run({"info", "--options"});
  ASSERT_EQ(r.code, kExitOk) << r.err;
  std::istringstream lines(r.out);
  std::string line;
  while (std::getline(lines, line)) EXPECT_LE(line.size(), 80u) << line;
}

TEST(WrapTextTest, BreaksAtSpacesWithIndent) {
  EXPECT_EQ(WrapText("aa bb cc dd", "> ", 8), "> aa bb\n> cc dd\n");
  EXPECT_EQ(WrapText("averyveryverylongword x", "  ", 8), "  averyveryverylongword\n  x\n");
  EXPECT_EQ(WrapText("", "  ", 80), "");
  EXPECT_EQ(WrapText("one", "", 80), "one\n");
}

// Runs the built binary in `cwd`; returns its exit code, stdout and stderr (which passes
// through a file in `scratch`).
RunResult RunBinary(const std::string& args, const std::string& cwd, const fs::path& scratch) {
  RunResult r;
  const std::string binary = std::string(WEIR_BINARY_DIR) + "/weir";
  const std::string err_file = (scratch / "stderr.txt").string();
  const std::string command =
      StrCat("cd '", cwd, "' && env -u WEIR_CONF_DIR '", binary, "' ", args, " 2>'", err_file, "'");
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return r;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof(buf), pipe)) > 0) r.out.append(buf, n);
  const int status = ::pclose(pipe);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::ifstream err(err_file);
  std::stringstream ss;
  ss << err.rdbuf();
  r.err = ss.str();
  return r;
}

TEST_F(CliTest, BuiltBinary) {
  const std::string binary = std::string(WEIR_BINARY_DIR) + "/weir";
  if (!fs::exists(binary)) GTEST_SKIP() << "the weir binary is not built: " << binary;
  // From the source tree the shipped conf/weir.yaml is found in the working directory.
  RunResult info = RunBinary("info", WEIR_SOURCE_DIR, tmp_);
  EXPECT_EQ(info.code, 0) << info.err;
  // (Either as ./conf/weir.yaml or, for a build folder directly under the source tree,
  // as BIN/../conf/weir.yaml.)
  EXPECT_NE(info.out.find("conf/weir.yaml\n"), std::string::npos) << info.out;
  EXPECT_EQ(info.out.find("(none: built-in defaults)"), std::string::npos) << info.out;
  EXPECT_NE(info.out.find("operators  672 mb"), std::string::npos) << info.out;

  RunResult version = RunBinary("--version", tmp_.string(), tmp_);
  EXPECT_EQ(version.code, 0);
  EXPECT_EQ(version.out, StrCat("weir ", kVersion, "\n"));

  RunResult unknown = RunBinary("bogus", tmp_.string(), tmp_);
  EXPECT_EQ(unknown.code, kExitUsage);
  EXPECT_NE(unknown.err.find("Unknown command 'bogus'"), std::string::npos);

  RunResult bad_key = RunBinary("info -D no.such.key=1", tmp_.string(), tmp_);
  EXPECT_EQ(bad_key.code, kExitError);
  EXPECT_NE(bad_key.err.find("Unknown configuration key 'no.such.key'"), std::string::npos);
}

}  // namespace
}  // namespace weir::cli
