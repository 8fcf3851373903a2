// Tests for logging: level names, level filtering, the output format and lazy arguments.
#include "weir/common/log/log.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <thread>

#include "weir/common/config/configuration.h"
#include "weir/common/config/core_options.h"

namespace weir {
namespace {

// Restores the log level a test changed.
class LogTest : public ::testing::Test {
 protected:
  void SetUp() override { saved_ = GetLogLevel(); }
  void TearDown() override { SetLogLevel(saved_); }
  LogLevel saved_ = LogLevel::kInfo;
};

TEST_F(LogTest, LevelNamesRoundTrip) {
  for (LogLevel level : {LogLevel::kTrace, LogLevel::kDebug, LogLevel::kInfo, LogLevel::kWarn,
                         LogLevel::kError, LogLevel::kOff}) {
    Result<LogLevel> parsed = ParseLogLevel(LogLevelName(level));
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(*parsed, level);
  }
  EXPECT_EQ(*ParseLogLevel("warn"), LogLevel::kWarn);
  EXPECT_EQ(*ParseLogLevel(" Debug "), LogLevel::kDebug);
  EXPECT_FALSE(ParseLogLevel("WARNING").ok());
  EXPECT_FALSE(ParseLogLevel("").ok());
  EXPECT_STREQ(LogLevelName(LogLevel::kError), "ERROR");
}

TEST_F(LogTest, FiltersBelowTheLevel) {
  SetLogLevel(LogLevel::kWarn);
  ScopedLogCapture capture;
  WEIR_LOG_TRACE("trace {}", 1);
  WEIR_LOG_DEBUG("debug {}", 2);
  WEIR_LOG_INFO("info {}", 3);
  WEIR_LOG_WARN("warn {}", 4);
  WEIR_LOG_ERROR("error {}", 5);
  const std::string out = capture.output();
  EXPECT_EQ(out.find("trace 1"), std::string::npos);
  EXPECT_EQ(out.find("debug 2"), std::string::npos);
  EXPECT_EQ(out.find("info 3"), std::string::npos);
  EXPECT_NE(out.find("warn 4"), std::string::npos);
  EXPECT_NE(out.find("error 5"), std::string::npos);

  EXPECT_FALSE(IsLogEnabled(LogLevel::kInfo));
  EXPECT_TRUE(IsLogEnabled(LogLevel::kWarn));
  SetLogLevel(LogLevel::kTrace);
  EXPECT_TRUE(IsLogEnabled(LogLevel::kTrace));
  SetLogLevel(LogLevel::kOff);
  EXPECT_FALSE(IsLogEnabled(LogLevel::kError));
  EXPECT_FALSE(IsLogEnabled(LogLevel::kOff));
}

TEST_F(LogTest, OffSilencesEverything) {
  SetLogLevel(LogLevel::kOff);
  ScopedLogCapture capture;
  WEIR_LOG_ERROR("should not appear");
  WEIR_LOG(LogLevel::kOff, "nor this");
  EXPECT_EQ(capture.output(), "");
}

TEST_F(LogTest, LineHasTimestampLevelThreadPlaceAndMessage) {
  SetLogLevel(LogLevel::kInfo);
  ScopedLogCapture capture;
  WEIR_LOG_INFO("loaded {} options from {}", 12, "conf/weir.yaml");
  const std::string out = capture.output();
  EXPECT_THAT(out, ::testing::MatchesRegex(
                       "[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{3} "
                       "INFO  \\[[0-9]+\\] log_test\\.cc:[0-9]+ "
                       "loaded 12 options from conf/weir\\.yaml\n"));
}

TEST_F(LogTest, DisabledLevelsDoNotEvaluateArguments) {
  SetLogLevel(LogLevel::kError);
  int calls = 0;
  auto expensive = [&calls] {
    ++calls;
    return 42;
  };
  WEIR_LOG_DEBUG("value {}", expensive());
  EXPECT_EQ(calls, 0);
  ScopedLogCapture capture;
  WEIR_LOG_ERROR("value {}", expensive());
  EXPECT_EQ(calls, 1);
  EXPECT_NE(capture.output().find("value 42"), std::string::npos);
}

TEST_F(LogTest, ThreadsWriteWholeLines) {
  SetLogLevel(LogLevel::kInfo);
  ScopedLogCapture capture;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([t] {
      for (int i = 0; i < 50; ++i) WEIR_LOG_INFO("thread {} line {}", t, i);
    });
  }
  for (std::thread& th : threads) th.join();
  const std::string out = capture.output();
  EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 200);
  EXPECT_NE(out.find("thread 3 line 49"), std::string::npos);
}

TEST_F(LogTest, LevelComesFromConfiguration) {
  config::Configuration conf;
  conf.SetString("log.level", "debug");
  ASSERT_TRUE(config::ConfigureLogging(conf).ok());
  EXPECT_EQ(GetLogLevel(), LogLevel::kDebug);
  conf.SetString("log.level", "chatty");
  Status st = config::ConfigureLogging(conf);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.message().find("for key 'log.level'"), std::string::npos);
  EXPECT_EQ(GetLogLevel(), LogLevel::kDebug);  // unchanged by a bad value
  ASSERT_TRUE(config::ConfigureLogging(config::Configuration()).ok());
  EXPECT_EQ(GetLogLevel(), LogLevel::kInfo);  // the default
}

}  // namespace
}  // namespace weir
