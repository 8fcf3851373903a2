// NexmarkReference: the stateless Nexmark queries applied to generated bids, row by row in C++.
#include "test/nexmark/nexmark_reference.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <memory>

#include "weir/common/str_cat.h"
#include "weir/connectors/nexmark/nexmark_generator.h"

namespace weir::nexmark {
namespace {

using connectors::NexmarkGenerator;
using connectors::NexmarkGeneratorConfig;

// Columns of the bid ROW in ddl_gen.sql.
enum BidField : int { kAuction = 0, kBidder, kPrice, kChannel, kUrl, kDateTime, kExtra };

constexpr int64_t kMsPerDay = 86'400'000;

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// Converts days since 1970-01-01 to a proleptic Gregorian (year, month, day).
void CivilFromDays(int64_t days, int64_t* year, int* month, int* day) {
  days += 719468;  // shift the epoch to 0000-03-01
  const int64_t era = FloorDiv(days, 146097);
  const int64_t doe = days - era * 146097;                                    // [0, 146096]
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;  // [0, 399]
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);                // [0, 365]
  const int64_t mp = (5 * doy + 2) / 153;                                     // [0, 11]
  *day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  *month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  *year = yoe + era * 400 + (*month <= 2 ? 1 : 0);
}

// Returns the UTC hour of day of epoch milliseconds (HOUR of a TIMESTAMP(3)).
int HourOf(int64_t ms) {
  return static_cast<int>((ms - FloorDiv(ms, kMsPerDay) * kMsPerDay) / 3'600'000);
}

std::string Decimal3(int64_t unscaled) {
  const bool negative = unscaled < 0;
  const uint64_t magnitude =
      negative ? 0 - static_cast<uint64_t>(unscaled) : static_cast<uint64_t>(unscaled);
  char buf[48];
  std::snprintf(buf, sizeof(buf), "%s%llu.%03llu", negative ? "-" : "",
                static_cast<unsigned long long>(magnitude / 1000),
                static_cast<unsigned long long>(magnitude % 1000));
  return buf;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// REGEXP_EXTRACT(url, '(&|^)channel_id=([^&]*)', 2): the leftmost match's value, if any.
bool ExtractChannelId(std::string_view url, std::string* out) {
  constexpr std::string_view kKey = "channel_id=";
  size_t start = std::string_view::npos;
  if (url.substr(0, kKey.size()) == kKey) {
    start = kKey.size();
  } else if (size_t amp = url.find(StrCat("&", kKey)); amp != std::string_view::npos) {
    start = amp + 1 + kKey.size();
  }
  if (start == std::string_view::npos) return false;
  const size_t end = url.find('&', start);
  *out = std::string(url.substr(start, end == std::string_view::npos ? url.npos : end - start));
  return true;
}

// SPLIT_INDEX(s, delimiter, index): the index-th piece (0-based, empty pieces kept), or NULL.
std::string SplitIndex(std::string_view s, char delimiter, int index) {
  int piece = 0;
  size_t begin = 0;
  while (true) {
    const size_t end = s.find(delimiter, begin);
    if (piece == index) {
      return std::string(s.substr(begin, end == std::string_view::npos ? s.npos : end - begin));
    }
    if (end == std::string_view::npos) return "";  // NULL
    begin = end + 1;
    ++piece;
  }
}

std::string TwoDigits(int v) {
  char buf[8];
  std::snprintf(buf, sizeof(buf), "%02d", v);
  return buf;
}

// Parses the digits of `s` into `*out`; fails on anything else or on an empty string.
bool ParseDigits(std::string_view s, int64_t* out) {
  if (s.empty() || s.size() > 18) return false;
  int64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *out = v;
  return true;
}

}  // namespace

std::string FormatTimestampMs(int64_t ms) {
  const int64_t days = FloorDiv(ms, kMsPerDay);
  const int64_t of_day = ms - days * kMsPerDay;
  int64_t year = 0;
  int month = 0;
  int day = 0;
  CivilFromDays(days, &year, &month, &day);
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%04lld-%02d-%02d %02d:%02d:%02d.%03d",
                static_cast<long long>(year), month, day, static_cast<int>(of_day / 3'600'000),
                static_cast<int>(of_day / 60'000 % 60), static_cast<int>(of_day / 1000 % 60),
                static_cast<int>(of_day % 1000));
  return buf;
}

Result<std::vector<ReferenceBid>> GenerateBids(const ReferenceEvents& events) {
  NexmarkGeneratorConfig config;
  config.options = events.options;
  config.seed = events.seed;
  config.base_time_ms = events.base_time_ms;
  config.num_generators = events.parallelism;
  WEIR_ASSIGN_OR_RAISE(
      std::unique_ptr<NexmarkGenerator> generator,
      NexmarkGenerator::Make(
          config, std::vector<int32_t>{connectors::kNexmarkEventType, connectors::kNexmarkBid}));
  std::vector<ReferenceBid> bids;
  for (const connectors::NexmarkSplit& split : connectors::MakeNexmarkSplits(
           events.options.max_events(), events.options.stop_at, events.parallelism)) {
    constexpr int64_t kChunk = 4096;
    for (int64_t first = 0; first < split.limit(); first += kChunk) {
      const int64_t count = std::min(kChunk, split.limit() - first);
      WEIR_ASSIGN_OR_RAISE(RecordBatchPtr batch, generator->Generate(split, first, count));
      const ColumnVector& type = *batch->column(0);
      const ColumnVector& bid = *batch->column(1);
      for (int64_t row = 0; row < batch->num_rows(); ++row) {
        if (type.IsNull(row) ||
            type.Value<int32_t>(row) != static_cast<int32_t>(connectors::NexmarkEventType::kBid)) {
          continue;
        }
        if (bid.IsNull(row)) return Status::Invalid("bid event without a bid row: ", row);
        ReferenceBid b;
        b.auction = bid.child(kAuction)->Value<int64_t>(row);
        b.bidder = bid.child(kBidder)->Value<int64_t>(row);
        b.price = bid.child(kPrice)->Value<int64_t>(row);
        b.channel = std::string(bid.child(kChannel)->StringValue(row));
        b.url = std::string(bid.child(kUrl)->StringValue(row));
        b.date_time_ms = bid.child(kDateTime)->Value<int64_t>(row);
        b.extra = std::string(bid.child(kExtra)->StringValue(row));
        bids.push_back(std::move(b));
      }
    }
  }
  return bids;
}

Result<std::vector<CellKind>> QueryColumns(std::string_view query) {
  using K = CellKind;
  if (query == "q0") return std::vector<K>{K::kText, K::kText, K::kText, K::kTimestamp, K::kText};
  if (query == "q1") {
    return std::vector<K>{K::kText, K::kText, K::kDecimal3, K::kTimestamp, K::kText};
  }
  if (query == "q2") return std::vector<K>{K::kText, K::kText};
  if (query == "q10") {
    return std::vector<K>{K::kText, K::kText, K::kText, K::kTimestamp,
                          K::kText, K::kText, K::kText};
  }
  if (query == "q14") {
    return std::vector<K>{K::kText,      K::kText, K::kDecimal3, K::kText,
                          K::kTimestamp, K::kText, K::kText};
  }
  if (query == "q21") return std::vector<K>(5, K::kText);
  if (query == "q22") return std::vector<K>(7, K::kText);
  return Status::Invalid("No reference for Nexmark query: ", query);
}

Result<std::vector<ReferenceRow>> ReferenceResult(std::string_view query,
                                                  const std::vector<ReferenceBid>& bids) {
  std::vector<ReferenceRow> rows;
  const auto n = [](int64_t v) { return std::to_string(v); };
  for (const ReferenceBid& b : bids) {
    const std::string ts = FormatTimestampMs(b.date_time_ms);
    if (query == "q0") {
      rows.push_back({n(b.auction), n(b.bidder), n(b.price), ts, b.extra});
    } else if (query == "q1") {
      // 0.908 is DECIMAL(3, 3) and price BIGINT (DECIMAL(19, 0)): the exact product has scale
      // 3, so its unscaled value is price * 908.
      rows.push_back({n(b.auction), n(b.bidder), Decimal3(b.price * 908), ts, b.extra});
    } else if (query == "q2") {
      if (b.auction % 123 == 0) rows.push_back({n(b.auction), n(b.price)});
    } else if (query == "q10") {
      // dt = DATE_FORMAT(dateTime, 'yyyy-MM-dd'), hm = DATE_FORMAT(dateTime, 'HH:mm').
      rows.push_back(
          {n(b.auction), n(b.bidder), n(b.price), ts, b.extra, ts.substr(0, 10), ts.substr(11, 5)});
    } else if (query == "q14") {
      // 1000000 < 0.908 * price < 50000000, compared exactly at scale 3.
      const int64_t euro = b.price * 908;
      if (!(euro > 1'000'000'000 && euro < 50'000'000'000)) continue;
      // The CASE of the literals 'dayTime' (CHAR(7)) and 'nightTime', 'otherTime' (CHAR(9))
      // has type CHAR(9), as in Flink (Calcite's least restrictive type): 'dayTime' is padded.
      const int hour = HourOf(b.date_time_ms);
      const char* type = hour >= 8 && hour <= 18   ? "dayTime  "
                         : hour <= 6 || hour >= 20 ? "nightTime"
                                                   : "otherTime";
      const int64_t c_counts = std::count(b.extra.begin(), b.extra.end(), 'c');
      rows.push_back({n(b.auction), n(b.bidder), Decimal3(euro), type, ts, b.extra, n(c_counts)});
    } else if (query == "q21") {
      const std::string lower = Lower(b.channel);
      std::string id;
      if (lower == "apple") {
        id = "0";
      } else if (lower == "google") {
        id = "1";
      } else if (lower == "facebook") {
        id = "2";
      } else if (lower == "baidu") {
        id = "3";
      } else if (!ExtractChannelId(b.url, &id)) {
        continue;  // neither a known channel nor a channel_id in the url
      }
      rows.push_back({n(b.auction), n(b.bidder), n(b.price), b.channel, id});
    } else if (query == "q22") {
      rows.push_back({n(b.auction), n(b.bidder), n(b.price), b.channel, SplitIndex(b.url, '/', 3),
                      SplitIndex(b.url, '/', 4), SplitIndex(b.url, '/', 5)});
    } else {
      return Status::Invalid("No reference for Nexmark query: ", query);
    }
  }
  return rows;
}

Result<std::string> CanonicalCell(std::string_view cell, CellKind kind) {
  switch (kind) {
    case CellKind::kText:
      return std::string(cell);
    case CellKind::kTimestamp: {
      // yyyy-MM-dd[ T]HH:mm[:ss[.fraction]]
      int64_t y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0, frac = 0;
      if (cell.size() < 16 || cell[4] != '-' || cell[7] != '-' ||
          (cell[10] != ' ' && cell[10] != 'T') || cell[13] != ':' ||
          !ParseDigits(cell.substr(0, 4), &y) || !ParseDigits(cell.substr(5, 2), &mo) ||
          !ParseDigits(cell.substr(8, 2), &d) || !ParseDigits(cell.substr(11, 2), &h) ||
          !ParseDigits(cell.substr(14, 2), &mi)) {
        return Status::Invalid("Malformed TIMESTAMP cell: ", cell);
      }
      std::string_view rest = cell.substr(16);
      if (!rest.empty()) {
        if (rest[0] != ':' || rest.size() < 3 || !ParseDigits(rest.substr(1, 2), &s)) {
          return Status::Invalid("Malformed TIMESTAMP cell: ", cell);
        }
        rest = rest.substr(3);
      }
      if (!rest.empty()) {
        std::string digits(rest.substr(1));
        if (rest[0] != '.' || digits.empty() || digits.size() > 9) {
          return Status::Invalid("Malformed TIMESTAMP cell: ", cell);
        }
        digits.resize(3, '0');  // milliseconds; finer digits are dropped (TIMESTAMP(3))
        if (!ParseDigits(digits, &frac)) return Status::Invalid("Malformed TIMESTAMP cell: ", cell);
      }
      char buf[64];
      std::snprintf(buf, sizeof(buf), "%04lld-%s-%s %s:%s:%s.%03lld", static_cast<long long>(y),
                    TwoDigits(static_cast<int>(mo)).c_str(), TwoDigits(static_cast<int>(d)).c_str(),
                    TwoDigits(static_cast<int>(h)).c_str(), TwoDigits(static_cast<int>(mi)).c_str(),
                    TwoDigits(static_cast<int>(s)).c_str(), static_cast<long long>(frac));
      return std::string(buf);
    }
    case CellKind::kDecimal3: {
      const bool negative = !cell.empty() && cell[0] == '-';
      std::string_view body = negative ? cell.substr(1) : cell;
      const size_t dot = body.find('.');
      int64_t whole = 0;
      int64_t frac = 0;
      std::string digits(dot == std::string_view::npos ? "" : body.substr(dot + 1));
      if (digits.size() > 3 || !ParseDigits(body.substr(0, dot), &whole)) {
        return Status::Invalid("Malformed DECIMAL(p, 3) cell: ", cell);
      }
      digits.resize(3, '0');
      if (!ParseDigits(digits, &frac)) return Status::Invalid("Malformed DECIMAL cell: ", cell);
      return Decimal3((negative ? -1 : 1) * (whole * 1000 + frac));
    }
  }
  return Status::Invalid("Unknown cell kind");
}

}  // namespace weir::nexmark
