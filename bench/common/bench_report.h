// Measuring and printing pipeline benchmarks: process CPU time and BENCH lines.
#pragma once

#include <sys/resource.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>

namespace weir::bench {

/// Returns the process's user + system CPU time in seconds.
inline double CpuSeconds() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
         static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1e-6;
}

/// Returns a monotonic time in seconds.
inline double WallSeconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

struct Measurement {
  int64_t records = 0;
  double cpu_s = 0;
  double wall_s = 0;
};

/// Prints "BENCH name=<name> records=<n> cpu_s=<x> wall_s=<y> records_per_cpu_second=<n>"
/// followed by `extra` (" key=value" pairs).
inline void PrintBench(const std::string& name, const Measurement& m, const std::string& extra) {
  const double rate = m.cpu_s > 0 ? static_cast<double>(m.records) / m.cpu_s : 0;
  std::printf("BENCH name=%s records=%lld cpu_s=%.3f wall_s=%.3f records_per_cpu_second=%lld%s\n",
              name.c_str(), static_cast<long long>(m.records), m.cpu_s, m.wall_s,
              static_cast<long long>(rate), extra.c_str());
  std::fflush(stdout);
}

}  // namespace weir::bench
