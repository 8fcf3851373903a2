// NexmarkTables: building the padding pool and the channel URL tables from a seed.
#include "weir/connectors/nexmark/nexmark_tables.h"

#include <map>
#include <mutex>

#include "weir/common/str_cat.h"
#include "weir/connectors/nexmark/nexmark_random.h"
#include "weir/connectors/nexmark/nexmark_strings.h"

namespace weir::connectors {

namespace {
// Tags that give each table its own stream of the seed.
constexpr uint64_t kPoolTag = 0x6e65786d61726b50ULL;  // "nexmarkP"
constexpr uint64_t kUrlTag = 0x6e65786d61726b55ULL;   // "nexmarkU"

// "https://www.nexmark.com/<s>/<s>/<s>/item.htm?query=1" with three S(5, '_') segments.
std::string BaseUrl(NexmarkRandom& random) {
  char segment[8];
  std::string url = "https://www.nexmark.com/";
  for (int i = 0; i < 3; ++i) {
    const int n = NexmarkRandomString(random, 5, '_', segment);
    url.append(segment, n);
    url.push_back('/');
  }
  url.append("item.htm?query=1");
  return url;
}
// Returns `v` with its 32 bits in reverse order (Java's Integer.reverse).
uint32_t ReverseBits(uint32_t v) {
  uint32_t r = 0;
  for (int i = 0; i < 32; ++i, v >>= 1) r = (r << 1) | (v & 1u);
  return r;
}
}  // namespace

void NexmarkTables::AppendPoolChars(NexmarkRandom& random, int64_t length, std::string* out) {
  while (length > 0) {
    int32_t r = random.NextInt();
    // Java's remainder and quotient truncate toward zero: a negative r gives codes 72..97.
    for (int i = 0; i < 6 && length > 0; ++i, --length) {
      out->push_back(static_cast<char>('a' + r % 26));
      r /= 26;
    }
  }
}

NexmarkTables::NexmarkTables(uint64_t seed) {
  NexmarkRandom pool_random(NexmarkRandom::Mix64(seed ^ kPoolTag));
  pool_.reserve(kPoolSize);
  AppendPoolChars(pool_random, kPoolSize, &pool_);

  NexmarkRandom url_random(NexmarkRandom::Mix64(seed ^ kUrlTag));
  for (std::string& url : hot_urls_) url = BaseUrl(url_random);
  channels_.reserve(kNumChannels);
  for (int32_t c = 0; c < kNumChannels; ++c) {
    std::string url = BaseUrl(url_random);
    if (url_random.NextInt(10) > 0) {
      // Upstream quirk kept: abs() of the bit-reversed channel number in 32-bit arithmetic;
      // abs(INT_MIN) wraps, so channel 1 gets "channel_id=-2147483648".
      const auto reversed = static_cast<int32_t>(ReverseBits(static_cast<uint32_t>(c)));
      const int32_t id =
          reversed < 0 ? static_cast<int32_t>(0u - static_cast<uint32_t>(reversed)) : reversed;
      url += StrCat("&channel_id=", id);
    }
    const std::string name = StrCat("channel-", c);
    ChannelRef ref;
    ref.url_offset = static_cast<uint32_t>(text_.size());
    ref.url_length = static_cast<uint16_t>(url.size());
    text_ += url;
    ref.name_offset = static_cast<uint32_t>(text_.size());
    ref.name_length = static_cast<uint16_t>(name.size());
    text_ += name;
    channels_.push_back(ref);
  }
}

std::shared_ptr<const NexmarkTables> NexmarkTables::Get(uint64_t seed) {
  static std::mutex mu;
  static std::map<uint64_t, std::weak_ptr<const NexmarkTables>>* cache =
      new std::map<uint64_t, std::weak_ptr<const NexmarkTables>>();
  std::lock_guard<std::mutex> lock(mu);
  std::weak_ptr<const NexmarkTables>& slot = (*cache)[seed];
  std::shared_ptr<const NexmarkTables> tables = slot.lock();
  if (tables == nullptr) {
    tables = std::make_shared<const NexmarkTables>(seed);
    slot = tables;
  }
  return tables;
}

}  // namespace weir::connectors
