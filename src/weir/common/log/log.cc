// Logging: the spdlog logger behind WEIR_LOG_*, level names and the test capture.
#include "weir/common/log/log.h"

#include <spdlog/details/os.h>
#include <spdlog/logger.h>
#include <spdlog/sinks/dist_sink.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/sinks/stdout_sinks.h>

#include <cstring>
#include <sstream>

#include "weir/common/config/config_parse.h"

namespace weir {

namespace internal {
std::atomic<int8_t> g_min_log_level{static_cast<int8_t>(LogLevel::kInfo)};
}  // namespace internal

namespace {

// The process-wide logger: one dist_sink whose targets are swapped by ScopedLogCapture.
struct LogState {
  std::shared_ptr<spdlog::sinks::dist_sink_mt> dist;
  std::shared_ptr<spdlog::sinks::sink> stderr_sink;
  std::shared_ptr<spdlog::logger> logger;

  LogState() {
    stderr_sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
    dist = std::make_shared<spdlog::sinks::dist_sink_mt>();
    dist->add_sink(stderr_sink);
    logger = std::make_shared<spdlog::logger>("weir", dist);
    // The level text, thread and place are part of the message (see WriteLog), so the
    // pattern only adds the timestamp.
    logger->set_pattern("%Y-%m-%d %H:%M:%S.%e %v");
    logger->set_level(spdlog::level::trace);
    logger->flush_on(spdlog::level::trace);
  }
};

LogState& State() {
  static LogState* state = new LogState();  // never destroyed: logging works during exit
  return *state;
}

const char* BaseName(const char* path) {
  const char* slash = std::strrchr(path, '/');
  return slash == nullptr ? path : slash + 1;
}

}  // namespace

const char* LogLevelName(LogLevel level) {
  const auto index = static_cast<size_t>(level);
  if (index >= std::size(kLogLevelNames)) return "UNKNOWN";
  return kLogLevelNames[index].data();
}

Result<LogLevel> ParseLogLevel(std::string_view text) {
  WEIR_ASSIGN_OR_RAISE(size_t index, config::ParseEnumName(text, kLogLevelNames));
  return static_cast<LogLevel>(index);
}

void SetLogLevel(LogLevel level) {
  internal::g_min_log_level.store(static_cast<int8_t>(level), std::memory_order_relaxed);
}

LogLevel GetLogLevel() {
  return static_cast<LogLevel>(internal::g_min_log_level.load(std::memory_order_relaxed));
}

namespace internal {

void WriteLog(LogLevel level, const char* file, int line, std::string_view message) {
  if (level == LogLevel::kOff) return;
  // "INFO  [12345] configuration.cc:42 message"
  std::string text = fmt::format("{:<5} [{}] {}:{} {}", LogLevelName(level),
                                 spdlog::details::os::thread_id(), BaseName(file), line,
                                 message);
  State().logger->log(spdlog::level::info, text);
}

}  // namespace internal

struct ScopedLogCapture::Impl {
  std::ostringstream stream;
  std::shared_ptr<spdlog::sinks::ostream_sink_mt> sink;
};

ScopedLogCapture::ScopedLogCapture() : impl_(std::make_unique<Impl>()) {
  impl_->sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(impl_->stream, true);
  LogState& state = State();
  // set_sinks copies the logger's formatter onto the new sink.
  state.dist->set_sinks({impl_->sink});
  impl_->sink->set_pattern("%Y-%m-%d %H:%M:%S.%e %v");
}

ScopedLogCapture::~ScopedLogCapture() {
  LogState& state = State();
  state.dist->set_sinks({state.stderr_sink});
}

std::string ScopedLogCapture::output() const {
  impl_->sink->flush();
  // ostream_sink_mt serialises writes; reading the stream while no one logs is safe.
  return impl_->stream.str();
}

}  // namespace weir
