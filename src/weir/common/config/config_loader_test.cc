// Tests for loading weir.yaml (flat and nested), -D overrides and finding the config file.
#include "weir/common/config/config_loader.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "weir/common/config/core_options.h"
#include "weir/common/log/log.h"

namespace weir::config {
namespace {

namespace fs = std::filesystem;

const OptionRegistry& Registry() { return OptionRegistry::Global(); }

Configuration ParseOk(std::string_view yaml) {
  Result<Configuration> r = ParseYamlConfiguration(yaml, "test.yaml", Registry());
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? std::move(r).ValueOrDie() : Configuration();
}

std::string ParseError(std::string_view yaml) {
  Result<Configuration> r = ParseYamlConfiguration(yaml, "conf/weir.yaml", Registry());
  EXPECT_FALSE(r.ok()) << yaml;
  return r.ok() ? "" : r.status().message();
}

// A temporary directory removed at the end of the test.
class TempDir {
 public:
  TempDir() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = fs::temp_directory_path() /
            StrCat("weir_config_test_", ::getpid(), "_", info->name());
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }
  // Writes `text` to `relative` (creating folders) and returns the full path.
  fs::path Write(const fs::path& relative, std::string_view text) const {
    fs::path full = path_ / relative;
    fs::create_directories(full.parent_path());
    std::ofstream(full) << text;
    return full;
  }

 private:
  fs::path path_;
};

TEST(ConfigLoaderTest, FlatKeys) {
  Configuration conf = ParseOk(
      "taskmanager.memory.process.size: 4g\n"
      "parallelism.default: 4\n"
      "log.level: debug\n");
  EXPECT_EQ(*conf.Get(kTaskManagerMemoryProcessSize), MemorySize::GibiBytes(4));
  EXPECT_EQ(*conf.Get(kParallelismDefault), 4);
  EXPECT_EQ(*conf.Get(kLogLevel), LogLevel::kDebug);
  EXPECT_EQ(conf.SourceOf("parallelism.default"), "test.yaml, line 2");
}

TEST(ConfigLoaderTest, NestedMapsAreFlattenedWithDots) {
  Configuration conf = ParseOk(
      "taskmanager:\n"
      "  memory:\n"
      "    process.size: 2048m\n"
      "    network:\n"
      "      fraction: 0.2\n"
      "      min: 128 mb\n"
      "  numberOfTaskSlots: 3\n"
      "parallelism: {default: 6}\n");
  EXPECT_EQ(conf.Keys(), (std::vector<std::string>{
                             "parallelism.default", "taskmanager.memory.network.fraction",
                             "taskmanager.memory.network.min", "taskmanager.memory.process.size",
                             "taskmanager.numberOfTaskSlots"}));
  EXPECT_EQ(*conf.Get(kTaskManagerMemoryProcessSize), MemorySize::MebiBytes(2048));
  EXPECT_DOUBLE_EQ(*conf.Get(kTaskManagerMemoryNetworkFraction), 0.2);
  EXPECT_EQ(*conf.Get(kTaskManagerMemoryNetworkMin), MemorySize::MebiBytes(128));
  EXPECT_EQ(*conf.Get(kTaskManagerNumberOfTaskSlots), 3);
  EXPECT_EQ(*conf.Get(kParallelismDefault), 6);
  EXPECT_EQ(conf.SourceOf("taskmanager.memory.network.min"), "test.yaml, line 6");
}

TEST(ConfigLoaderTest, ListsQuotedScalarsAndFreeFormKeys) {
  Configuration conf = ParseOk(
      "user:\n"
      "  tags: [a, 'b c']\n"
      "  hosts:\n"
      "    - h1\n"
      "    - h2\n"
      "  name: \"quoted: text\"\n"
      "log.level: 'WARN'\n");
  constexpr auto kTags = ConfigOption<std::vector<std::string>>("user.tags");
  constexpr auto kHosts = ConfigOption<std::vector<std::string>>("user.hosts");
  EXPECT_EQ(*conf.Get(kTags), (std::vector<std::string>{"a", "b c"}));
  EXPECT_EQ(*conf.Get(kHosts), (std::vector<std::string>{"h1", "h2"}));
  EXPECT_EQ(*conf.GetString("user.name"), "quoted: text");
  EXPECT_EQ(*conf.Get(kLogLevel), LogLevel::kWarn);
}

TEST(ConfigLoaderTest, EmptyAndCommentOnlyFiles) {
  EXPECT_TRUE(ParseOk("").empty());
  EXPECT_TRUE(ParseOk("# nothing here\n\n").empty());
}

TEST(ConfigLoaderTest, UnknownKeySuggestsNearestWithPlace) {
  EXPECT_EQ(ParseError("parallelism.default: 2\ntaskmanager.memroy.process.size: 1g\n"),
            "Unknown configuration key 'taskmanager.memroy.process.size' (in conf/weir.yaml, "
            "line 2). Did you mean 'taskmanager.memory.process.size'?");
  EXPECT_EQ(ParseError("taskmanager:\n  memroy:\n    process.size: 1g\n"),
            "Unknown configuration key 'taskmanager.memroy.process.size' (in conf/weir.yaml, "
            "line 3). Did you mean 'taskmanager.memory.process.size'?");
  EXPECT_NE(ParseError("jobmanager.rpc.address: localhost\n").find("Unknown configuration key"),
            std::string::npos);
}

TEST(ConfigLoaderTest, BadValueNamesKeyValueAndPlace) {
  EXPECT_EQ(ParseError("taskmanager.memory.process.size: 10 parsecs\n"),
            "Could not parse value '10 parsecs' for key 'taskmanager.memory.process.size': "
            "unknown memory unit 'parsecs' (expected b, kb, mb, gb or tb, or bytes, kibibytes, "
            "mebibytes, gibibytes, tebibytes) (in conf/weir.yaml, line 1)");
  EXPECT_NE(ParseError("log.level: loud\n").find("expected one of TRACE, DEBUG"),
            std::string::npos);
  EXPECT_NE(ParseError("parallelism.default: [1, 2]\n").find("Could not parse value '[1, 2]'"),
            std::string::npos);
}

TEST(ConfigLoaderTest, MalformedYaml) {
  EXPECT_NE(ParseError("a: [1, 2\n").find("Could not parse YAML"), std::string::npos);
  const std::string bad_indent = ParseError("log.level: INFO\n  parallelism.default: 1\n");
  EXPECT_NE(bad_indent.find("(in conf/weir.yaml, line 2)"), std::string::npos) << bad_indent;
  EXPECT_NE(ParseError("- a\n- b\n").find("must be a map"), std::string::npos);
  EXPECT_NE(ParseError("just text\n").find("must be a map"), std::string::npos);
  EXPECT_NE(ParseError("log.level:\n").find("has no value: 'log.level'"), std::string::npos);
  EXPECT_NE(ParseError("user.list: [[a]]\n").find("List elements must be plain values"),
            std::string::npos);
  EXPECT_NE(ParseError("? [a, b]\n: c\n").find("keys must be plain text"), std::string::npos);
}

TEST(ConfigLoaderTest, DuplicateKeysFlatAndNested) {
  const std::string m = ParseError(
      "taskmanager.memory.process.size: 1g\n"
      "taskmanager:\n"
      "  memory.process.size: 2g\n");
  EXPECT_EQ(m,
            "Duplicate configuration key 'taskmanager.memory.process.size' (in conf/weir.yaml, "
            "line 3; first set in conf/weir.yaml, line 1)");
}

TEST(ConfigLoaderTest, DeprecatedKeyIsAcceptedWithWarning) {
  ResetDeprecationWarningsForTesting();
  ScopedLogCapture capture;
  Configuration conf = ParseOk("taskmanager.network.memory.fraction: 0.3\n");
  EXPECT_DOUBLE_EQ(*conf.Get(kTaskManagerMemoryNetworkFraction), 0.3);
  const std::string log = capture.output();
  EXPECT_NE(log.find("Configuration key 'taskmanager.network.memory.fraction' is deprecated, "
                     "use 'taskmanager.memory.network.fraction' instead (in test.yaml, line 1)"),
            std::string::npos)
      << log;
  EXPECT_EQ(log.find("deprecated"), log.rfind("deprecated")) << log;
  // Stored under the current key.
  EXPECT_EQ(conf.Keys(), std::vector<std::string>{"taskmanager.memory.network.fraction"});

  // The old and the new key together are a duplicate.
  EXPECT_EQ(ParseError("taskmanager.memory.network.min: 64m\n"
                       "taskmanager.network.memory.min: 32m\n"),
            "Duplicate configuration key 'taskmanager.memory.network.min' (in conf/weir.yaml, "
            "line 2; first set in conf/weir.yaml, line 1)");
}

TEST(ConfigLoaderTest, DynamicPropertyWithDeprecatedKeyOverridesTheFile) {
  Configuration conf = ParseOk("taskmanager.memory.network.min: 64m\n");
  ASSERT_TRUE(
      ApplyDynamicProperties({"taskmanager.network.memory.min=100m"}, Registry(), &conf).ok());
  EXPECT_EQ(*conf.Get(kTaskManagerMemoryNetworkMin), MemorySize::MebiBytes(100));
  EXPECT_EQ(conf.SourceOf("taskmanager.memory.network.min"),
            "-D taskmanager.network.memory.min=100m");
}

TEST(ConfigLoaderTest, DynamicPropertiesOverrideTheFile) {
  Configuration conf = ParseOk("taskmanager.memory.process.size: 1g\nparallelism.default: 2\n");
  Status st = ApplyDynamicProperties(
      {"taskmanager.memory.process.size=3g", " log.level = error ", "user.x=a=b"}, Registry(),
      &conf);
  ASSERT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ(*conf.Get(kTaskManagerMemoryProcessSize), MemorySize::GibiBytes(3));
  EXPECT_EQ(*conf.Get(kParallelismDefault), 2);  // untouched
  EXPECT_EQ(*conf.Get(kLogLevel), LogLevel::kError);
  EXPECT_EQ(*conf.GetString("user.x"), "a=b");  // split at the first '='
  EXPECT_EQ(conf.SourceOf("taskmanager.memory.process.size"),
            "-D taskmanager.memory.process.size=3g");

  // Later -D wins over earlier -D.
  ASSERT_TRUE(ApplyDynamicProperties({"parallelism.default=5", "parallelism.default=9"},
                                     Registry(), &conf)
                  .ok());
  EXPECT_EQ(*conf.Get(kParallelismDefault), 9);
}

TEST(ConfigLoaderTest, DynamicPropertyErrors) {
  Configuration conf;
  Status no_eq = ApplyDynamicProperties({"parallelism.default"}, Registry(), &conf);
  ASSERT_FALSE(no_eq.ok());
  EXPECT_EQ(no_eq.message(), "Expected key=value after -D, got 'parallelism.default'");
  EXPECT_FALSE(ApplyDynamicProperties({"=5"}, Registry(), &conf).ok());
  Status unknown = ApplyDynamicProperties({"paralelism.default=2"}, Registry(), &conf);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.message(),
            "Unknown configuration key 'paralelism.default' (in -D paralelism.default=2). Did "
            "you mean 'parallelism.default'?");
  Status bad = ApplyDynamicProperties({"parallelism.default=two"}, Registry(), &conf);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.message(),
            "Could not parse value 'two' for key 'parallelism.default': expected an integer "
            "(in -D parallelism.default=two)");
  EXPECT_TRUE(conf.empty());
}

TEST(ConfigLoaderTest, FindConfigFileFollowsTheRule) {
  TempDir dir;
  const fs::path flag_file = dir.Write("flag/weir.yaml", "");
  const fs::path env_file = dir.Write("env/weir.yaml", "");
  const fs::path install_file = dir.Write("install/conf/weir.yaml", "");
  dir.Write("install/bin/weir", "");
  const fs::path cwd_file = dir.Write("work/conf/weir.yaml", "");

  ConfigSources s;
  s.conf_dir_flag = (dir.path() / "flag").string();
  s.conf_dir_env = (dir.path() / "env").string();
  s.binary_path = (dir.path() / "install/bin/weir").string();
  s.working_dir = (dir.path() / "work").string();
  EXPECT_EQ(*FindConfigFile(s), flag_file.string());
  s.conf_dir_flag.reset();
  EXPECT_EQ(*FindConfigFile(s), env_file.string());
  s.conf_dir_env.reset();
  EXPECT_EQ(*FindConfigFile(s), install_file.string());
  s.binary_path = (dir.path() / "elsewhere/weir").string();
  EXPECT_EQ(*FindConfigFile(s), cwd_file.string());
  s.working_dir = (dir.path() / "empty").string();
  EXPECT_EQ(*FindConfigFile(s), "");  // built-in defaults
}

TEST(ConfigLoaderTest, ExplicitDirectoryMustHoldTheFile) {
  TempDir dir;
  fs::create_directories(dir.path() / "no_file");
  ConfigSources s;
  s.conf_dir_flag = (dir.path() / "missing").string();
  Result<std::string> missing = FindConfigFile(s);
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("Configuration directory does not exist"),
            std::string::npos);
  EXPECT_NE(missing.status().message().find("(from --conf-dir)"), std::string::npos);
  s.conf_dir_flag = (dir.path() / "no_file").string();
  Result<std::string> no_file = FindConfigFile(s);
  ASSERT_FALSE(no_file.ok());
  EXPECT_NE(no_file.status().message().find("Configuration file not found"), std::string::npos);
  s.conf_dir_flag.reset();
  s.conf_dir_env = (dir.path() / "no_file").string();
  Result<std::string> env = FindConfigFile(s);
  ASSERT_FALSE(env.ok());
  EXPECT_NE(env.status().message().find("(from WEIR_CONF_DIR)"), std::string::npos);
}

TEST(ConfigLoaderTest, LoadConfigurationReadsFileThenOverrides) {
  TempDir dir;
  dir.Write("conf/weir.yaml", "taskmanager:\n  numberOfTaskSlots: 4\nparallelism.default: 2\n");
  ConfigSources s;
  s.conf_dir_flag = (dir.path() / "conf").string();
  s.dynamic_properties = {"parallelism.default=8"};
  Result<LoadedConfiguration> loaded = LoadConfiguration(s, Registry());
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ(loaded->file, (dir.path() / "conf/weir.yaml").string());
  EXPECT_EQ(*loaded->config.Get(kTaskManagerNumberOfTaskSlots), 4);
  EXPECT_EQ(*loaded->config.Get(kParallelismDefault), 8);

  dir.Write("bad/weir.yaml", "log.levle: INFO\n");
  s.conf_dir_flag = (dir.path() / "bad").string();
  Result<LoadedConfiguration> bad = LoadConfiguration(s, Registry());
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("Did you mean 'log.level'?"), std::string::npos);
}

TEST(ConfigLoaderTest, ShippedConfigLoadsCleanlyWithDefaultValues) {
  const std::string path = std::string(WEIR_SOURCE_DIR) + "/conf/weir.yaml";
  Result<Configuration> conf = LoadYamlFile(path, Registry());
  ASSERT_TRUE(conf.ok()) << conf.status().ToString();
  // Every entry in the shipped file states the option's default.
  for (const std::string& key : conf->Keys()) {
    std::optional<OptionSpec> spec = Registry().Find(key);
    ASSERT_TRUE(spec.has_value()) << key;
    ASSERT_TRUE(spec->has_default) << key;
    EXPECT_EQ(*CanonicalOptionValue(*spec, *conf->GetString(key)),
              *CanonicalOptionValue(*spec, spec->default_text))
        << key;
  }
  EXPECT_GE(conf->size(), 10u);
}

TEST(ConfigLoaderTest, MissingFileIsAnIOError) {
  Result<Configuration> r = LoadYamlFile("/nonexistent/weir.yaml", Registry());
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(r.status().IsIOError());
}

}  // namespace
}  // namespace weir::config
