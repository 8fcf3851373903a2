// JobId: random generation and the 32-hex-digit text form.
#include "weir/runtime/graph/ids.h"

#include <chrono>
#include <random>
#include <thread>

namespace weir::runtime {

namespace {

constexpr char kHexDigits[] = "0123456789abcdef";

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void AppendHex(std::string& out, uint64_t value) {
  for (int shift = 60; shift >= 0; shift -= 4) out.push_back(kHexDigits[(value >> shift) & 0xF]);
}

// One generator per thread, seeded from the OS entropy source mixed with the clock and the
// thread id, so ids differ across threads and processes even if random_device is weak.
std::mt19937_64& ThreadGenerator() {
  thread_local std::mt19937_64 generator([] {
    std::random_device device;
    uint64_t seed = (uint64_t{device()} << 32) ^ device();
    seed ^= static_cast<uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
    seed ^= std::hash<std::thread::id>()(std::this_thread::get_id()) * 0x9E3779B97F4A7C15ULL;
    return seed;
  }());
  return generator;
}

}  // namespace

JobId JobId::Generate() {
  std::mt19937_64& generator = ThreadGenerator();
  uint64_t high = generator();
  uint64_t low = generator();
  return JobId(high, low);
}

bool JobId::Parse(std::string_view text, JobId* out) {
  if (text.size() != 32) return false;
  uint64_t parts[2] = {0, 0};
  for (size_t i = 0; i < 32; ++i) {
    int digit = HexValue(text[i]);
    if (digit < 0) return false;
    uint64_t& part = parts[i / 16];
    part = (part << 4) | static_cast<uint64_t>(digit);
  }
  *out = JobId(parts[0], parts[1]);
  return true;
}

std::string JobId::ToString() const {
  std::string out;
  out.reserve(32);
  AppendHex(out, high_);
  AppendHex(out, low_);
  return out;
}

}  // namespace weir::runtime
