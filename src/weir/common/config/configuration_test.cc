// Tests for ConfigOption, OptionRegistry and Configuration: typed reads, keys and errors.
#include "weir/common/config/configuration.h"

#include <gtest/gtest.h>

#include "weir/common/config/core_options.h"
#include "weir/common/config/option_registry.h"
#include "weir/common/log/log.h"

namespace weir::config {
namespace {

using namespace std::chrono_literals;

enum class Mode : uint8_t { kExactlyOnce, kAtLeastOnce };
constexpr std::string_view kModeNames[] = {"EXACTLY_ONCE", "AT_LEAST_ONCE"};

constexpr auto kBoolOpt = ConfigOption<bool>("test.bool").WithDefault("false");
constexpr auto kInt32Opt = ConfigOption<int32_t>("test.int32").WithDefault("7");
constexpr auto kInt64Opt = ConfigOption<int64_t>("test.int64").WithDefault("-9000000000");
constexpr auto kDoubleOpt = ConfigOption<double>("test.double").WithDefault("0.25");
constexpr auto kStringOpt = ConfigOption<std::string>("test.string").WithDefault("hello world");
constexpr auto kDurationOpt = ConfigOption<Duration>("execution.checkpointing.interval")
                                  .WithDefault("10 min")
                                  .WithDescription("Checkpoint interval.");
constexpr auto kMemoryOpt = ConfigOption<MemorySize>("test.memory").WithDefault("64mb");
constexpr auto kEnumOpt =
    ConfigOption<Mode>("test.mode").WithDefault("exactly_once").WithEnumNames(kModeNames);
constexpr auto kListOpt = ConfigOption<std::vector<std::string>>("test.list").WithDefault("a;b");
constexpr auto kNoDefaultOpt = ConfigOption<std::string>("test.required");
constexpr auto kRenamedOpt = ConfigOption<int32_t>("test.new-name")
                                 .WithDefault("1")
                                 .WithDeprecatedKeys({"test.old-name", "test.older-name"})
                                 .WithFallbackKeys({"test.generic"});

TEST(ConfigOptionTest, OptionsAreConstantsWithTypes) {
  static_assert(kMemoryOpt.key() == "test.memory");
  static_assert(kMemoryOpt.spec().type == OptionType::kMemorySize);
  static_assert(kEnumOpt.spec().type == OptionType::kEnum);
  static_assert(kListOpt.spec().type == OptionType::kStringList);
  static_assert(kRenamedOpt.spec().num_deprecated_keys == 2);
  static_assert(!kNoDefaultOpt.has_default());
  EXPECT_STREQ(OptionTypeName(OptionType::kInt32), "Integer");
  EXPECT_STREQ(OptionTypeName(OptionType::kInt64), "Long");
  EXPECT_STREQ(OptionTypeName(OptionType::kStringList), "List<String>");
}

TEST(ConfigOptionTest, DefaultsOfEveryType) {
  Configuration conf;
  EXPECT_EQ(*conf.Get(kBoolOpt), false);
  EXPECT_EQ(*conf.Get(kInt32Opt), 7);
  EXPECT_EQ(*conf.Get(kInt64Opt), -9000000000);
  EXPECT_DOUBLE_EQ(*conf.Get(kDoubleOpt), 0.25);
  EXPECT_EQ(*conf.Get(kStringOpt), "hello world");
  EXPECT_EQ(*conf.Get(kDurationOpt), 10min);
  EXPECT_EQ(*conf.Get(kMemoryOpt), MemorySize::MebiBytes(64));
  EXPECT_EQ(*conf.Get(kEnumOpt), Mode::kExactlyOnce);
  EXPECT_EQ(*conf.Get(kListOpt), (std::vector<std::string>{"a", "b"}));
}

TEST(ConfigOptionTest, SetAndGetEveryType) {
  Configuration conf;
  conf.Set(kBoolOpt, true);
  conf.Set(kInt32Opt, -3);
  conf.Set(kInt64Opt, int64_t{1} << 40);
  conf.Set(kDoubleOpt, 0.1);
  conf.Set(kStringOpt, std::string("x: y"));
  conf.Set(kDurationOpt, Duration(30s));
  conf.Set(kMemoryOpt, MemorySize::GibiBytes(2));
  conf.Set(kEnumOpt, Mode::kAtLeastOnce);
  conf.Set(kListOpt, std::vector<std::string>{"p", "q r"});
  // Values are stored in canonical text form.
  EXPECT_EQ(*conf.GetString("test.bool"), "true");
  EXPECT_EQ(*conf.GetString("test.double"), "0.1");
  EXPECT_EQ(*conf.GetString("execution.checkpointing.interval"), "30 s");
  EXPECT_EQ(*conf.GetString("test.memory"), "2 gb");
  EXPECT_EQ(*conf.GetString("test.mode"), "AT_LEAST_ONCE");
  EXPECT_EQ(*conf.GetString("test.list"), "[p, q r]");

  EXPECT_EQ(*conf.Get(kBoolOpt), true);
  EXPECT_EQ(*conf.Get(kInt32Opt), -3);
  EXPECT_EQ(*conf.Get(kInt64Opt), int64_t{1} << 40);
  EXPECT_DOUBLE_EQ(*conf.Get(kDoubleOpt), 0.1);
  EXPECT_EQ(*conf.Get(kStringOpt), "x: y");
  EXPECT_EQ(*conf.Get(kDurationOpt), 30s);
  EXPECT_EQ(*conf.Get(kMemoryOpt), MemorySize::GibiBytes(2));
  EXPECT_EQ(*conf.Get(kEnumOpt), Mode::kAtLeastOnce);
  EXPECT_EQ(*conf.Get(kListOpt), (std::vector<std::string>{"p", "q r"}));
}

TEST(ConfigOptionTest, EnumsMatchIgnoringCase) {
  Configuration conf;
  conf.SetString("test.mode", "at_least_ONCE");
  EXPECT_EQ(*conf.Get(kEnumOpt), Mode::kAtLeastOnce);
  conf.SetString("test.mode", "twice");
  Result<Mode> bad = conf.Get(kEnumOpt);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(),
            "Could not parse value 'twice' for key 'test.mode': expected one of EXACTLY_ONCE, "
            "AT_LEAST_ONCE");
}

TEST(ConfigurationTest, ParseErrorNamesKeyValueAndSource) {
  Configuration conf;
  conf.SetString("execution.checkpointing.interval", "10 parsecs", "conf/weir.yaml, line 4");
  Result<Duration> r = conf.Get(kDurationOpt);
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(r.status().IsInvalid());
  const std::string& m = r.status().message();
  EXPECT_EQ(m.rfind("Could not parse value '10 parsecs' for key "
                    "'execution.checkpointing.interval': unknown time unit 'parsecs'",
                    0),
            0u)
      << m;
  EXPECT_NE(m.find("(in conf/weir.yaml, line 4)"), std::string::npos) << m;
}

TEST(ConfigurationTest, ParseErrorsOfEveryType) {
  Configuration conf;
  conf.SetString("test.bool", "yes");
  conf.SetString("test.int32", "2147483648");
  conf.SetString("test.int64", "12x");
  conf.SetString("test.double", "a lot");
  conf.SetString("test.memory", "1.5 gb");
  conf.SetString("test.list", "[a, b");
  EXPECT_FALSE(conf.Get(kBoolOpt).ok());
  EXPECT_FALSE(conf.Get(kInt32Opt).ok());
  EXPECT_FALSE(conf.Get(kInt64Opt).ok());
  EXPECT_FALSE(conf.Get(kDoubleOpt).ok());
  EXPECT_FALSE(conf.Get(kMemoryOpt).ok());
  EXPECT_FALSE(conf.Get(kListOpt).ok());
}

TEST(ConfigurationTest, MissingValueWithoutDefault) {
  Configuration conf;
  Result<std::optional<std::string>> optional = conf.GetOptional(kNoDefaultOpt);
  ASSERT_TRUE(optional.ok());
  EXPECT_FALSE(optional->has_value());
  Result<std::string> r = conf.Get(kNoDefaultOpt);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("'test.required'"), std::string::npos);
  EXPECT_FALSE(conf.Contains(kNoDefaultOpt));
  conf.SetString("test.required", "here");
  EXPECT_TRUE(conf.Contains(kNoDefaultOpt));
  EXPECT_EQ(*conf.Get(kNoDefaultOpt), "here");
}

TEST(ConfigurationTest, DeprecatedKeyIsReadWithOneWarning) {
  ResetDeprecationWarningsForTesting();
  Configuration conf;
  conf.SetString("test.older-name", "5", "conf/weir.yaml, line 2");
  ScopedLogCapture capture;
  EXPECT_TRUE(conf.Contains(kRenamedOpt));
  EXPECT_EQ(*conf.Get(kRenamedOpt), 5);
  EXPECT_EQ(*conf.Get(kRenamedOpt), 5);
  const std::string log = capture.output();
  EXPECT_NE(log.find("WARN"), std::string::npos) << log;
  EXPECT_NE(log.find("Configuration key 'test.older-name' is deprecated, use 'test.new-name' "
                     "instead (in conf/weir.yaml, line 2)"),
            std::string::npos)
      << log;
  // Logged once, however often the key is read.
  EXPECT_EQ(log.find("deprecated"), log.rfind("deprecated")) << log;

  // Deprecated keys are tried in order; the main key wins over all of them.
  conf.SetString("test.old-name", "6");
  EXPECT_EQ(*conf.Get(kRenamedOpt), 6);
  conf.SetString("test.new-name", "7");
  EXPECT_EQ(*conf.Get(kRenamedOpt), 7);
}

TEST(ConfigurationTest, FallbackKeyIsReadBeforeDeprecatedKeys) {
  Configuration conf;
  conf.SetString("test.old-name", "6");
  conf.SetString("test.generic", "8");
  ScopedLogCapture capture;
  EXPECT_EQ(*conf.Get(kRenamedOpt), 8);
  EXPECT_EQ(capture.output().find("deprecated"), std::string::npos);
}

TEST(ConfigurationTest, ParseErrorThroughDeprecatedKeyNamesThatKey) {
  Configuration conf;
  conf.SetString("test.old-name", "many");
  Result<int32_t> r = conf.Get(kRenamedOpt);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("for key 'test.old-name'"), std::string::npos);
}

TEST(ConfigurationTest, ContainsRemoveAddAllAndListing) {
  Configuration a;
  a.SetString("b.key", "2", "file");
  a.SetString("a.key", "1", "file");
  EXPECT_TRUE(a.ContainsKey("a.key"));
  EXPECT_FALSE(a.ContainsKey("c.key"));
  EXPECT_EQ(a.SourceOf("a.key"), "file");
  EXPECT_EQ(a.ToString(), "a.key: 1\nb.key: 2\n");
  EXPECT_EQ(a.Keys(), (std::vector<std::string>{"a.key", "b.key"}));

  Configuration b;
  b.SetString("b.key", "20", "-D");
  b.SetString("c.key", "30", "-D");
  a.AddAll(b);
  EXPECT_EQ(a.ToString(), "a.key: 1\nb.key: 20\nc.key: 30\n");
  EXPECT_EQ(a.SourceOf("b.key"), "-D");
  EXPECT_TRUE(a.Remove("a.key"));
  EXPECT_FALSE(a.Remove("a.key"));
  EXPECT_EQ(a.size(), 2u);
}

TEST(OptionRegistryTest, RegisterLookupAndDuplicates) {
  OptionRegistry registry;
  ASSERT_TRUE(registry.Register(kRenamedOpt).ok());
  ASSERT_TRUE(registry.Register(kRenamedOpt).ok());  // the same option again is fine
  EXPECT_EQ(registry.size(), 1u);

  std::optional<KeyMatch> main = registry.Lookup("test.new-name");
  ASSERT_TRUE(main.has_value());
  EXPECT_EQ(main->kind, KeyKind::kMain);
  std::optional<KeyMatch> old = registry.Lookup("test.older-name");
  ASSERT_TRUE(old.has_value());
  EXPECT_EQ(old->kind, KeyKind::kDeprecated);
  EXPECT_EQ(old->spec.key, "test.new-name");
  std::optional<KeyMatch> fallback = registry.Lookup("test.generic");
  ASSERT_TRUE(fallback.has_value());
  EXPECT_EQ(fallback->kind, KeyKind::kFallback);
  EXPECT_FALSE(registry.Lookup("test.unknown").has_value());
  EXPECT_FALSE(registry.Find("test.older-name").has_value());

  constexpr auto kClash = ConfigOption<bool>("test.new-name").WithDefault("true");
  Status clash = registry.Register(kClash);
  EXPECT_EQ(clash.code(), StatusCode::kAlreadyExists);
  constexpr auto kClashOld = ConfigOption<bool>("test.older-name");
  EXPECT_EQ(registry.Register(kClashOld).code(), StatusCode::kAlreadyExists);
  constexpr auto kReuseOld = ConfigOption<bool>("test.other").WithDeprecatedKeys({"test.old-name"});
  EXPECT_EQ(registry.Register(kReuseOld).code(), StatusCode::kAlreadyExists);
}

TEST(OptionRegistryTest, RejectsBadDefaultsAndKeys) {
  OptionRegistry registry;
  constexpr auto kBadDefault = ConfigOption<MemorySize>("test.bad").WithDefault("lots");
  Status st = registry.Register(kBadDefault);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.message().find("Bad default value 'lots' for option 'test.bad'"),
            std::string::npos);
  EXPECT_FALSE(registry.Register(ConfigOption<bool>("")).ok());
  EXPECT_FALSE(registry.Register(ConfigOption<bool>("a..b")).ok());
  EXPECT_FALSE(registry.Register(ConfigOption<bool>("a b")).ok());
  EXPECT_FALSE(registry.Register(ConfigOption<Mode>("test.enum")).ok());  // no names
  EXPECT_EQ(registry.size(), 0u);
}

TEST(OptionRegistryTest, GlobalHasTheCoreOptionsSorted) {
  OptionRegistry& global = OptionRegistry::Global();
  std::vector<OptionSpec> options = global.Options();
  ASSERT_GE(options.size(), 12u);
  for (size_t i = 1; i < options.size(); ++i) {
    EXPECT_LT(options[i - 1].key, options[i].key);
  }
  for (std::string_view key :
       {"taskmanager.memory.process.size", "taskmanager.memory.network.fraction",
        "taskmanager.memory.network.min", "taskmanager.memory.network.max",
        "taskmanager.memory.managed.fraction", "taskmanager.memory.overhead.fraction",
        "taskmanager.memory.overhead.min", "taskmanager.memory.overhead.max",
        "taskmanager.numberOfTaskSlots", "parallelism.default", "log.level",
        "weir.worker-threads"}) {
    std::optional<OptionSpec> spec = global.Find(key);
    ASSERT_TRUE(spec.has_value()) << key;
    EXPECT_FALSE(spec->description.empty()) << key;
    EXPECT_TRUE(spec->has_default) << key;
  }
  EXPECT_TRUE(global.IsFreeFormKey("user.anything"));
  EXPECT_FALSE(global.IsFreeFormKey("user."));
  EXPECT_FALSE(global.IsFreeFormKey("username"));
}

TEST(OptionRegistryTest, CoreDefaultsMatchFlink) {
  Configuration conf;
  EXPECT_EQ(*conf.Get(kTaskManagerMemoryProcessSize), MemorySize::MebiBytes(1728));
  EXPECT_DOUBLE_EQ(*conf.Get(kTaskManagerMemoryNetworkFraction), 0.1);
  EXPECT_EQ(*conf.Get(kTaskManagerMemoryNetworkMin), MemorySize::MebiBytes(64));
  EXPECT_EQ(*conf.Get(kTaskManagerMemoryNetworkMax), MemorySize::GibiBytes(1));
  EXPECT_DOUBLE_EQ(*conf.Get(kTaskManagerMemoryManagedFraction), 0.4);
  EXPECT_DOUBLE_EQ(*conf.Get(kTaskManagerMemoryOverheadFraction), 0.1);
  EXPECT_EQ(*conf.Get(kTaskManagerMemoryOverheadMin), MemorySize::MebiBytes(192));
  EXPECT_EQ(*conf.Get(kTaskManagerMemoryOverheadMax), MemorySize::GibiBytes(1));
  EXPECT_EQ(*conf.Get(kTaskManagerNumberOfTaskSlots), 1);
  EXPECT_EQ(*conf.Get(kParallelismDefault), 1);
  EXPECT_EQ(*conf.Get(kWorkerThreads), 0);
  EXPECT_EQ(*conf.Get(kLogLevel), LogLevel::kInfo);
  // Flink's older network keys still work.
  conf.SetString("taskmanager.network.memory.min", "32mb");
  EXPECT_EQ(*conf.Get(kTaskManagerMemoryNetworkMin), MemorySize::MebiBytes(32));
}

TEST(OptionRegistryTest, SuggestsTheNearestKey) {
  OptionRegistry& global = OptionRegistry::Global();
  EXPECT_EQ(global.SuggestKey("taskmanager.memroy.process.size"),
            "taskmanager.memory.process.size");  // a transposition
  EXPECT_EQ(global.SuggestKey("taskmanager.memory.proces.size"),
            "taskmanager.memory.process.size");
  EXPECT_EQ(global.SuggestKey("log.levl"), "log.level");
  EXPECT_EQ(global.SuggestKey("LOG.LEVEL"), "log.level");
  EXPECT_EQ(global.SuggestKey("taskmanager.numberoftaskslots"), "taskmanager.numberOfTaskSlots");
  EXPECT_EQ(global.SuggestKey("parallelism.defaults"), "parallelism.default");
  EXPECT_FALSE(global.SuggestKey("state.backend.type").has_value());
  EXPECT_FALSE(global.SuggestKey("x").has_value());
}

TEST(OptionRegistryTest, CheckEntryErrors) {
  OptionRegistry& global = OptionRegistry::Global();
  Status unknown =
      global.CheckEntry("taskmanager.memroy.process.size", "1g", "conf/weir.yaml");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.message(),
            "Unknown configuration key 'taskmanager.memroy.process.size' (in conf/weir.yaml). "
            "Did you mean 'taskmanager.memory.process.size'?");
  Status far = global.CheckEntry("state.backend.type", "rocksdb", "");
  ASSERT_FALSE(far.ok());
  EXPECT_EQ(far.message(),
            "Unknown configuration key 'state.backend.type'. Run 'weir info --options' to list "
            "the known keys.");
  Status bad = global.CheckEntry("taskmanager.memory.process.size", "big", "-D x");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.message().rfind("Could not parse value 'big' for key "
                                "'taskmanager.memory.process.size': ",
                                0),
            0u);
  EXPECT_TRUE(global.CheckEntry("user.my-setting", "anything", "").ok());
  EXPECT_TRUE(global.CheckEntry("taskmanager.network.memory.max", "2g", "").ok());
}

TEST(OptionRegistryTest, EditDistance) {
  EXPECT_EQ(EditDistance("", ""), 0u);
  EXPECT_EQ(EditDistance("abc", ""), 3u);
  EXPECT_EQ(EditDistance("", "abc"), 3u);
  EXPECT_EQ(EditDistance("kitten", "sitting"), 3u);
  EXPECT_EQ(EditDistance("ab", "ba"), 1u);
  EXPECT_EQ(EditDistance("memroy", "memory"), 1u);
  EXPECT_EQ(EditDistance("ca", "abc"), 3u);  // optimal string alignment, not full Damerau
}

}  // namespace
}  // namespace weir::config
