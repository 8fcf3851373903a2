// NexmarkOptions: parsing and validation of the 'nexmark' connector's WITH options.
#include "weir/connectors/nexmark/nexmark_options.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <limits>
#include <string>
#include <vector>

#include "weir/common/config/config_parse.h"
#include "weir/common/str_cat.h"

namespace weir::connectors {

namespace {

// The keys the connector accepts ('connector' itself included), sorted for the error text.
constexpr std::array<std::string_view, 22> kSupportedKeys = {
    "auction.avg-size",
    "auction.hot-ratio.sellers",
    "auction.proportion",
    "base-time",
    "bid.avg-size",
    "bid.hot-ratio.auctions",
    "bid.hot-ratio.bidders",
    "bid.proportion",
    "connector",
    "events.num",
    "first-event.rate",
    "keep-alive",
    "max-emit-speed",
    "next-event.rate",
    "person.avg-size",
    "person.proportion",
    "property-version",
    "rate.limited",
    "rate.period",
    "rate.shape",
    "seed",
    "stop-at",
};

bool IsSupported(std::string_view key) {
  return std::find(kSupportedKeys.begin(), kSupportedKeys.end(), key) != kSupportedKeys.end();
}

Status BadValue(std::string_view key, std::string_view text, std::string_view expected,
                std::string_view table) {
  return Status::Invalid("Invalid value for nexmark option '", key, "': '", text, "' (", expected,
                         ") in table '", table, "'");
}

// Reads the option values one key at a time, remembering the table for messages.
class OptionValues {
 public:
  OptionValues(const formats::FormatOptions& options, std::string_view table)
      : options_(options), table_(table) {}

  Status Int64(std::string_view key, int64_t min, int64_t* out) const {
    const std::string* text = Find(key);
    if (text == nullptr) return Status::OK();
    Result<int64_t> v = config::ParseInt64(config::TrimWhitespace(*text));
    if (!v.ok() || *v < min) {
      return BadValue(key, *text, StrCat("expected an integer >= ", min), table_);
    }
    *out = *v;
    return Status::OK();
  }

  Status Int32(std::string_view key, int32_t min, int32_t* out) const {
    const std::string* text = Find(key);
    if (text == nullptr) return Status::OK();
    Result<int32_t> v = config::ParseInt32(config::TrimWhitespace(*text));
    if (!v.ok() || *v < min) {
      return BadValue(key, *text, StrCat("expected an INT >= ", min), table_);
    }
    *out = *v;
    return Status::OK();
  }

  Status Bool(std::string_view key, bool* out) const {
    const std::string* text = Find(key);
    if (text == nullptr) return Status::OK();
    Result<bool> v = config::ParseBool(*text);
    if (!v.ok()) return BadValue(key, *text, "expected true or false", table_);
    *out = *v;
    return Status::OK();
  }

  Status Memory(std::string_view key, int64_t* out) const {
    const std::string* text = Find(key);
    if (text == nullptr) return Status::OK();
    Result<MemorySize> v = MemorySize::Parse(*text);
    if (!v.ok()) return BadValue(key, *text, "expected a memory size such as '200b'", table_);
    *out = v->bytes();
    return Status::OK();
  }

  Status DurationMs(std::string_view key, int64_t* out) const {
    const std::string* text = Find(key);
    if (text == nullptr) return Status::OK();
    Result<config::Duration> v = config::ParseDuration(*text);
    if (!v.ok()) return BadValue(key, *text, "expected a duration such as '10 min'", table_);
    *out = std::chrono::duration_cast<std::chrono::milliseconds>(*v).count();
    return Status::OK();
  }

  Status Shape(std::string_view key, NexmarkRateShape* out) const {
    const std::string* text = Find(key);
    if (text == nullptr) return Status::OK();
    if (config::EqualsIgnoreCase(config::TrimWhitespace(*text), "SQUARE")) {
      *out = NexmarkRateShape::kSquare;
    } else if (config::EqualsIgnoreCase(config::TrimWhitespace(*text), "SINE")) {
      *out = NexmarkRateShape::kSine;
    } else {
      return BadValue(key, *text, "expected SQUARE or SINE", table_);
    }
    return Status::OK();
  }

  Status Unsigned64(std::string_view key, std::optional<uint64_t>* out) const {
    const std::string* text = Find(key);
    if (text == nullptr) return Status::OK();
    std::string_view t = config::TrimWhitespace(*text);
    uint64_t v = 0;
    auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
    if (ec != std::errc() || end != t.data() + t.size() || t.empty()) {
      return BadValue(key, *text, "expected an unsigned 64-bit integer", table_);
    }
    *out = v;
    return Status::OK();
  }

 private:
  const std::string* Find(std::string_view key) const {
    auto it = options_.find(key);
    return it == options_.end() ? nullptr : &it->second;
  }

  const formats::FormatOptions& options_;
  std::string_view table_;
};

}  // namespace

Result<NexmarkOptions> NexmarkOptions::Parse(const formats::FormatOptions& options,
                                             std::string_view table_name) {
  std::vector<std::string_view> unsupported;
  for (const auto& [key, value] : options) {
    if (!IsSupported(key)) unsupported.push_back(key);
  }
  if (!unsupported.empty()) {
    std::string message = StrCat("Unsupported options found for 'nexmark' in table '", table_name,
                                 "'.\n\nUnsupported options:\n\n");
    for (std::string_view key : unsupported) message += StrCat(key, "\n");
    message += "\nSupported options:\n\n";
    for (std::string_view key : kSupportedKeys) message += StrCat(key, "\n");
    message.pop_back();
    return Status::Invalid(message);
  }

  NexmarkOptions o;
  OptionValues v(options, table_name);
  WEIR_RETURN_NOT_OK(v.Int64("first-event.rate", 1, &o.first_event_rate));
  WEIR_RETURN_NOT_OK(v.Int64("next-event.rate", 1, &o.next_event_rate));
  WEIR_RETURN_NOT_OK(v.Shape("rate.shape", &o.rate_shape));
  WEIR_RETURN_NOT_OK(v.DurationMs("rate.period", &o.rate_period_ms));
  WEIR_RETURN_NOT_OK(v.Bool("rate.limited", &o.rate_limited));
  WEIR_RETURN_NOT_OK(v.Int64("events.num", 0, &o.events_num));
  WEIR_RETURN_NOT_OK(v.Int32("person.proportion", 0, &o.person_proportion));
  WEIR_RETURN_NOT_OK(v.Int32("auction.proportion", 0, &o.auction_proportion));
  WEIR_RETURN_NOT_OK(v.Int32("bid.proportion", 0, &o.bid_proportion));
  WEIR_RETURN_NOT_OK(v.Memory("person.avg-size", &o.person_avg_size));
  WEIR_RETURN_NOT_OK(v.Memory("auction.avg-size", &o.auction_avg_size));
  WEIR_RETURN_NOT_OK(v.Memory("bid.avg-size", &o.bid_avg_size));
  WEIR_RETURN_NOT_OK(v.Int32("bid.hot-ratio.auctions", 1, &o.hot_auction_ratio));
  WEIR_RETURN_NOT_OK(v.Int32("bid.hot-ratio.bidders", 1, &o.hot_bidder_ratio));
  WEIR_RETURN_NOT_OK(v.Int32("auction.hot-ratio.sellers", 1, &o.hot_seller_ratio));
  WEIR_RETURN_NOT_OK(v.Bool("keep-alive", &o.keep_alive));
  WEIR_RETURN_NOT_OK(v.Int64("stop-at", std::numeric_limits<int64_t>::min(), &o.stop_at));
  WEIR_RETURN_NOT_OK(v.Bool("max-emit-speed", &o.max_emit_speed));
  WEIR_RETURN_NOT_OK(v.Unsigned64("seed", &o.seed));
  int64_t base_time = 0;
  if (options.contains("base-time")) {
    WEIR_RETURN_NOT_OK(v.Int64("base-time", 0, &base_time));
    o.base_time = base_time;
  }
  if (o.total_proportion() <= 0) {
    return Status::Invalid(
        "Invalid nexmark proportions: person.proportion + auction.proportion + bid.proportion "
        "must be positive in table '",
        table_name, "'");
  }
  // Memory sizes beyond 2^31 would overflow the upstream int arithmetic of the padding.
  constexpr int64_t kMaxAvgSize = std::numeric_limits<int32_t>::max() / 4;
  for (auto [key, size] : {std::pair{"person.avg-size", o.person_avg_size},
                           std::pair{"auction.avg-size", o.auction_avg_size},
                           std::pair{"bid.avg-size", o.bid_avg_size}}) {
    if (size > kMaxAvgSize) {
      return BadValue(key, std::to_string(size), StrCat("at most ", kMaxAvgSize, " bytes"),
                      table_name);
    }
  }
  return o;
}

int64_t NexmarkOptions::max_events() const {
  if (events_num > 0) return events_num;
  const int64_t max_size =
      std::max<int64_t>({person_avg_size, auction_avg_size, bid_avg_size, int64_t{1}});
  return std::numeric_limits<int64_t>::max() / (total_proportion() * max_size);
}

}  // namespace weir::connectors
