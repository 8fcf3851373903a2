// NexmarkTables: the generator's process-wide tables (extra padding pool, channel URLs).
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace weir::connectors {

class NexmarkRandom;

/// The tables every generator of one seed shares: the 1 MiB pool that `extra` strings are cut
/// from, the four hot-channel URLs and the 10,000 channel URLs. Upstream builds them per JVM
/// from unseeded generators; Weir seeds them from the table's seed (with a distinct tag per
/// table), so every worker builds the same ones and a channel always maps to the same URL.
/// Thread: immutable after Get(); shared by every generator of the seed.
class NexmarkTables {
 public:
  static constexpr int64_t kPoolSize = 1 << 20;
  static constexpr int32_t kNumChannels = 10000;
  /// The hot channels, in upstream order (index j of the hot draw).
  static constexpr std::array<std::string_view, 4> kHotChannels = {"Google", "Facebook", "Baidu",
                                                                   "Apple"};

  /// Returns the tables of `seed`, built on first use and cached for the process.
  static std::shared_ptr<const NexmarkTables> Get(uint64_t seed);
  /// Builds the tables of `seed` (uncached).
  explicit NexmarkTables(uint64_t seed);

  /// Returns the padding pool (kPoolSize characters).
  std::string_view pool() const { return pool_; }
  std::string_view hot_url(int j) const { return hot_urls_[j]; }
  std::string_view channel_url(int c) const {
    const ChannelRef& ref = channels_[c];
    return std::string_view(text_.data() + ref.url_offset, ref.url_length);
  }
  /// Returns "channel-<c>" for c in [0, kNumChannels).
  std::string_view channel_name(int c) const {
    const ChannelRef& ref = channels_[c];
    return std::string_view(text_.data() + ref.name_offset, ref.name_length);
  }

  /// Appends `length` fresh characters made as the pool is made (6 characters per 32-bit
  /// draw, see AppendPoolChars); used for `extra` strings too long to cut from the pool.
  static void AppendPoolChars(NexmarkRandom& random, int64_t length, std::string* out);

 private:
  std::string pool_;
  std::array<std::string, 4> hot_urls_;
  // Where a channel's name and URL sit in text_: 16 bytes per channel, so that the random
  // channel lookups of bids touch a small table.
  struct ChannelRef {
    uint32_t url_offset;
    uint32_t name_offset;
    uint16_t url_length;
    uint16_t name_length;
  };
  std::string text_;  // every channel's name and URL, back to back
  std::vector<ChannelRef> channels_;
};

}  // namespace weir::connectors
