// Bid urls shaped like Nexmark's, for the benchmarks of the expression engine and the regex
// kernels (not used by the engine itself).
#pragma once

#include <cstdint>
#include <random>
#include <string>

namespace weir::sql::bench {

/// Sets `url` to "https://www.nexmark.com/<5>/<5>/<5>/item.htm?query=1" with random lowercase
/// path parts (about 60 bytes); callers append "&channel_id=<int>" where they want one.
inline void NexmarkBidUrl(std::mt19937_64& rng, std::string& url) {
  url = "https://www.nexmark.com/";
  for (int part = 0; part < 3; ++part) {
    for (int k = 0; k < 5; ++k) url += static_cast<char>('a' + rng() % 26);
    url += '/';
  }
  url += "item.htm?query=1";
}

/// Appends "&channel_id=<a random int32>" to `url`.
inline void AppendChannelId(std::mt19937_64& rng, std::string& url) {
  url += "&channel_id=" + std::to_string(static_cast<int32_t>(rng()));
}

}  // namespace weir::sql::bench
