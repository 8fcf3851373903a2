// Logging: level-filtered, fmt-formatted messages written to stderr (spdlog underneath).
//
//   WEIR_LOG_INFO("loaded {} options from {}", n, path);
//
// A disabled level costs one relaxed atomic load and a compare; the arguments are not
// evaluated. Never log per row or per batch: logging is for start-up, shutdown, failures
// and rare events.
#pragma once

#include <fmt/core.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "weir/common/result.h"

namespace weir {

/// How severe a log message is; kOff as a level disables all logging.
enum class LogLevel : int8_t { kTrace = 0, kDebug, kInfo, kWarn, kError, kOff };

/// Names of the levels, indexed by the enum's value (the `log.level` option's values).
inline constexpr std::string_view kLogLevelNames[] = {"TRACE", "DEBUG", "INFO",
                                                      "WARN",  "ERROR", "OFF"};

/// Returns "TRACE", "DEBUG", "INFO", "WARN", "ERROR" or "OFF".
const char* LogLevelName(LogLevel level);
/// Parses a level name, ignoring case ("info", "WARN").
Result<LogLevel> ParseLogLevel(std::string_view text);

namespace internal {
extern std::atomic<int8_t> g_min_log_level;
/// Writes one message (the level check has been done). Use the WEIR_LOG_* macros.
void WriteLog(LogLevel level, const char* file, int line, std::string_view message);
}  // namespace internal

/// Returns true if messages of `level` are written.
inline bool IsLogEnabled(LogLevel level) {
  return level != LogLevel::kOff &&
         static_cast<int8_t>(level) >= internal::g_min_log_level.load(std::memory_order_relaxed);
}

/// Sets the lowest level that is written (default kInfo).
void SetLogLevel(LogLevel level);
/// Returns the lowest level that is written.
LogLevel GetLogLevel();

/// Redirects log output into a string while alive (for tests); restores stderr after.
/// Thread: create and destroy on one thread; only one capture may be alive at a time.
class ScopedLogCapture {
 public:
  ScopedLogCapture();
  ~ScopedLogCapture();
  ScopedLogCapture(const ScopedLogCapture&) = delete;
  ScopedLogCapture& operator=(const ScopedLogCapture&) = delete;

  /// Returns everything logged since the capture began.
  std::string output() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace weir

/// Logs a fmt-formatted message at `level` if that level is enabled.
#define WEIR_LOG(level, ...)                                                           \
  do {                                                                                 \
    if (::weir::IsLogEnabled(level)) {                                                 \
      ::weir::internal::WriteLog(level, __FILE__, __LINE__, ::fmt::format(__VA_ARGS__)); \
    }                                                                                  \
  } while (false)

#define WEIR_LOG_TRACE(...) WEIR_LOG(::weir::LogLevel::kTrace, __VA_ARGS__)
#define WEIR_LOG_DEBUG(...) WEIR_LOG(::weir::LogLevel::kDebug, __VA_ARGS__)
#define WEIR_LOG_INFO(...) WEIR_LOG(::weir::LogLevel::kInfo, __VA_ARGS__)
#define WEIR_LOG_WARN(...) WEIR_LOG(::weir::LogLevel::kWarn, __VA_ARGS__)
#define WEIR_LOG_ERROR(...) WEIR_LOG(::weir::LogLevel::kError, __VA_ARGS__)
