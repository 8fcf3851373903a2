// Nexmark's random strings and prices: the upstream draws for text fields and bid amounts.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>

#include "weir/connectors/nexmark/nexmark_random.h"

namespace weir::connectors {

/// Writes upstream's S(max, special) to `out` (room for max − 1 characters) and returns its
/// length: 3 + U(max − 3) characters, each `special` when U(13) == 0 and 'a' + U(26)
/// otherwise; with special ' ' leading and trailing spaces are then stripped (so the result
/// may be empty). Requires max >= 4.
inline int NexmarkRandomString(NexmarkRandom& random, int32_t max, char special, char* out) {
  const int32_t length = 3 + random.NextInt(max - 3);
  for (int32_t i = 0; i < length; ++i) {
    out[i] = random.NextInt(13) == 0 ? special : static_cast<char>('a' + random.NextInt(26));
  }
  if (special != ' ') return length;
  int32_t begin = 0;
  int32_t end = length;
  while (begin < end && out[begin] == ' ') ++begin;
  while (end > begin && out[end - 1] == ' ') --end;
  if (begin > 0) std::memmove(out, out + begin, static_cast<size_t>(end - begin));
  return end - begin;
}

/// Makes the draws of NexmarkRandomString(random, max, special, ...) without writing any
/// character and returns the length that string would have (after the stripping).
inline int NexmarkSkipString(NexmarkRandom& random, int32_t max, char special) {
  const int32_t length = 3 + random.NextInt(max - 3);
  int32_t first = -1;  // first and last character that survives the stripping
  int32_t last = -1;
  for (int32_t i = 0; i < length; ++i) {
    const bool is_special = random.NextInt(13) == 0;
    if (!is_special) random.NextInt(26);
    if (!is_special || special != ' ') {
      if (first < 0) first = i;
      last = i;
    }
  }
  return first < 0 ? 0 : last - first + 1;
}

/// Returns upstream's price(): round_half_up(10^(6·D()) · 100) cents, log-uniform in
/// [100, 1e8]. 10^x is computed as 2^(x·log2 10), a few times cheaper than pow; the result
/// differs from pow's by a few ulps, which changes the rounded cents only for values within
/// ~1e-7 of a half cent (upstream's Java pow differs from C++'s by an ulp as well).
inline int64_t NexmarkPrice(NexmarkRandom& random) {
  constexpr double kLog2Of10 = 3.321928094887362347870319429489390175864831393;
  return static_cast<int64_t>(
      std::floor(std::exp2(random.NextDouble() * 6.0 * kLog2Of10) * 100.0 + 0.5));
}

}  // namespace weir::connectors
