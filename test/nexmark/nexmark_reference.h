// NexmarkReference: the expected results of the stateless Nexmark queries, computed in C++ from
// the generator's events (independently of Weir's SQL planner and expressions).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "weir/common/result.h"
#include "weir/connectors/nexmark/nexmark_options.h"

namespace weir::nexmark {

/// One result row: each cell in the canonical text of CanonicalCell (NULL as an empty cell).
using ReferenceRow = std::vector<std::string>;

/// How a result column's text is compared.
enum class CellKind : uint8_t {
  kText,       // as written (BIGINT, VARCHAR)
  kTimestamp,  // TIMESTAMP(3): "yyyy-MM-dd HH:mm:ss.SSS"
  kDecimal3,   // DECIMAL(p, 3): "[-]digits.ddd"
};

/// One bid event as the generator produced it.
struct ReferenceBid {
  int64_t auction = 0;
  int64_t bidder = 0;
  int64_t price = 0;
  std::string channel;
  std::string url;
  int64_t date_time_ms = 0;
  std::string extra;
};

/// The events of a seeded nexmark table.
struct ReferenceEvents {
  connectors::NexmarkOptions options;
  uint64_t seed = 0;
  int64_t base_time_ms = 0;
  /// parallelism.default: the generator count G and the number of splits.
  int32_t parallelism = 1;
};

/// Generates the bids of `events`, split after split, from the generator directly.
Result<std::vector<ReferenceBid>> GenerateBids(const ReferenceEvents& events);

/// Returns the column kinds of query `query`'s sink (q0, q1, q2, q10, q14, q21, q22; q10 with
/// its partition columns dt and hm last), or an error for another query.
Result<std::vector<CellKind>> QueryColumns(std::string_view query);

/// Returns the rows query `query` produces over `bids`, unordered.
Result<std::vector<ReferenceRow>> ReferenceResult(std::string_view query,
                                                  const std::vector<ReferenceBid>& bids);

/// Returns `cell` in canonical form for `kind`: timestamps with exactly three fraction digits
/// and a ' ' separator, decimals with exactly three fraction digits; fails on malformed text.
Result<std::string> CanonicalCell(std::string_view cell, CellKind kind);

/// Formats epoch milliseconds as "yyyy-MM-dd HH:mm:ss.SSS" (UTC wall time).
std::string FormatTimestampMs(int64_t ms);

}  // namespace weir::nexmark
