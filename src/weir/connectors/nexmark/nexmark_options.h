// NexmarkOptions: the WITH options of the 'nexmark' connector (upstream names and defaults).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "weir/common/result.h"
#include "weir/formats/format_options.h"

namespace weir::connectors {

/// The upstream 'rate.shape' values (parsed, no effect on the generated events).
enum class NexmarkRateShape : uint8_t { kSquare, kSine };

/// The options of one nexmark table. Every option is optional; the defaults are upstream's.
/// Options marked "no effect" are parsed and validated as upstream does but change nothing.
struct NexmarkOptions {
  int64_t first_event_rate = 10000;  // first-event.rate: events/s of event time (all generators)
  int64_t next_event_rate = 10000;   // next-event.rate: no effect
  NexmarkRateShape rate_shape = NexmarkRateShape::kSquare;  // rate.shape: no effect
  int64_t rate_period_ms = 600000;                          // rate.period: no effect
  bool rate_limited = false;                                // rate.limited: no effect
  int64_t events_num = 0;          // events.num: total events; 0 = practically unbounded
  int32_t person_proportion = 1;   // person.proportion
  int32_t auction_proportion = 3;  // auction.proportion
  int32_t bid_proportion = 46;     // bid.proportion
  int64_t person_avg_size = 200;   // person.avg-size (bytes)
  int64_t auction_avg_size = 500;  // auction.avg-size (bytes)
  int64_t bid_avg_size = 100;      // bid.avg-size (bytes)
  int32_t hot_auction_ratio = 2;   // bid.hot-ratio.auctions
  int32_t hot_bidder_ratio = 4;    // bid.hot-ratio.bidders
  int32_t hot_seller_ratio = 4;    // auction.hot-ratio.sellers
  bool keep_alive = false;         // keep-alive: idle forever after the split ends
  int64_t stop_at = -1;            // stop-at: total event budget when >= 0
  bool max_emit_speed = true;      // max-emit-speed: false paces splits to the wall clock
  // Weir extensions for reproducible data; unset: taken from the clock when the table source
  // is created (and logged so that the run can be replayed).
  std::optional<uint64_t> seed;      // seed
  std::optional<int64_t> base_time;  // base-time: event-time origin, epoch milliseconds

  /// Reads and validates the options of table `table_name`. An unknown key fails with an
  /// "Unsupported options found for 'nexmark'" error naming the key, the table and the
  /// supported keys; a bad value fails with an error naming the key and the value.
  static Result<NexmarkOptions> Parse(const formats::FormatOptions& options,
                                      std::string_view table_name);

  /// Returns P + A + B, the length of the type cycle.
  int64_t total_proportion() const {
    return int64_t{person_proportion} + auction_proportion + bid_proportion;
  }
  /// Returns the total number of events over all splits: events.num, or for 0 the upstream
  /// "practically unbounded" ⌊(2^63−1) / (T · max(avg sizes))⌋.
  int64_t max_events() const;
};

}  // namespace weir::connectors
