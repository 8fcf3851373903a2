// NexmarkGenerator: id/type/timestamp formulas, split cutting and the projection checks (the
// event writer is nexmark_batch_writer.cc).
#include "weir/connectors/nexmark/nexmark_generator.h"

#include <algorithm>
#include <utility>

#include "weir/common/str_cat.h"
#include "weir/connectors/nexmark/nexmark_batch_writer.h"
#include "weir/connectors/nexmark/nexmark_random.h"

namespace weir::connectors {

namespace {

// Returns the ROW type of the column (built once).
const LogicalType& PersonType() {
  static const LogicalType type = LogicalType::Row(
      {Field("id", LogicalType::BigInt()), Field("name", LogicalType::String()),
       Field("emailAddress", LogicalType::String()), Field("creditCard", LogicalType::String()),
       Field("city", LogicalType::String()), Field("state", LogicalType::String()),
       Field("dateTime", LogicalType::Timestamp(3)), Field("extra", LogicalType::String())});
  return type;
}

// Returns the ROW type of the column (built once).
const LogicalType& AuctionType() {
  static const LogicalType type = LogicalType::Row(
      {Field("id", LogicalType::BigInt()), Field("itemName", LogicalType::String()),
       Field("description", LogicalType::String()), Field("initialBid", LogicalType::BigInt()),
       Field("reserve", LogicalType::BigInt()), Field("dateTime", LogicalType::Timestamp(3)),
       Field("expires", LogicalType::Timestamp(3)), Field("seller", LogicalType::BigInt()),
       Field("category", LogicalType::BigInt()), Field("extra", LogicalType::String())});
  return type;
}

// Returns the ROW type of the column (built once).
const LogicalType& BidType() {
  static const LogicalType type = LogicalType::Row(
      {Field("auction", LogicalType::BigInt()), Field("bidder", LogicalType::BigInt()),
       Field("price", LogicalType::BigInt()), Field("channel", LogicalType::String()),
       Field("url", LogicalType::String()), Field("dateTime", LogicalType::Timestamp(3)),
       Field("extra", LogicalType::String())});
  return type;
}

}  // namespace

std::vector<NexmarkSplit> MakeNexmarkSplits(int64_t max_events, int64_t stop_at,
                                            int32_t num_splits) {
  std::vector<NexmarkSplit> splits;
  if (num_splits <= 0) return splits;
  const int64_t sub = max_events / num_splits;
  const int64_t stop_sub = stop_at >= 0 ? stop_at / num_splits : -1;
  for (int32_t i = 0; i < num_splits; ++i) {
    NexmarkSplit s;
    s.index = i;
    s.num_splits = num_splits;
    s.first_event_id = 1 + i * sub;
    const bool last = i == num_splits - 1;
    s.max_events = last ? max_events - (num_splits - 1) * sub : sub;
    s.stop = stop_at < 0 ? -1 : (last ? stop_at - (num_splits - 1) * stop_sub : stop_sub);
    splits.push_back(s);
  }
  return splits;
}

SchemaPtr NexmarkGenerator::ProducedSchema() {
  static const SchemaPtr schema = std::make_shared<const Schema>(
      std::vector<Field>{Field("event_type", LogicalType::Int()), Field("person", PersonType()),
                         Field("auction", AuctionType()), Field("bid", BidType())});
  return schema;
}

Result<std::unique_ptr<NexmarkGenerator>> NexmarkGenerator::Make(
    NexmarkGeneratorConfig config, std::optional<std::vector<int32_t>> projected) {
  if (!projected.has_value()) {
    return Make(std::move(config), std::optional<std::vector<std::vector<int32_t>>>());
  }
  std::vector<std::vector<int32_t>> paths;
  paths.reserve(projected->size());
  for (int32_t column : *projected) paths.push_back({column});
  return Make(std::move(config), std::optional(std::move(paths)));
}

Result<std::unique_ptr<NexmarkGenerator>> NexmarkGenerator::Make(
    NexmarkGeneratorConfig config, std::optional<std::vector<std::vector<int32_t>>> projected) {
  const NexmarkOptions& o = config.options;
  if (o.total_proportion() <= 0 || o.person_proportion < 0 || o.auction_proportion < 0 ||
      o.bid_proportion < 0) {
    return Status::Invalid("nexmark generator needs non-negative proportions with a positive sum");
  }
  if (o.first_event_rate <= 0 || config.num_generators <= 0) {
    return Status::Invalid(
        "nexmark generator needs a positive first-event.rate and generator "
        "count, got ",
        o.first_event_rate, " and ", config.num_generators);
  }
  if (o.hot_auction_ratio < 1 || o.hot_bidder_ratio < 1 || o.hot_seller_ratio < 1) {
    return Status::Invalid("nexmark hot ratios must be at least 1");
  }
  std::vector<std::vector<int32_t>> paths =
      projected.has_value() ? std::move(*projected)
                            : std::vector<std::vector<int32_t>>{{0}, {1}, {2}, {3}};
  const SchemaPtr& produced = ProducedSchema();
  std::vector<Field> fields;
  std::vector<int32_t> projection;
  for (const std::vector<int32_t>& path : paths) {
    if (path.empty()) return Status::Invalid("nexmark projection has an empty path");
    const int32_t column = path[0];
    if (column < 0 || column >= produced->num_fields()) {
      return Status::Invalid("nexmark projection names column ", column, " of ",
                             produced->num_fields());
    }
    const Field& top = produced->field(column);
    if (path.size() == 1) {
      fields.push_back(top);
    } else if (path.size() == 2) {
      const LogicalType& type = top.logical_type();
      if (type.id() != TypeId::kRow) {
        return Status::Invalid("nexmark projection path into column ", top.name,
                               ", which is not a ROW");
      }
      const int32_t index = path[1];
      if (index < 0 || index >= static_cast<int32_t>(type.fields().size())) {
        return Status::Invalid("nexmark projection names field ", index, " of ", top.name,
                               ", which has ", type.fields().size(), " fields");
      }
      const Field& nested = type.fields()[index];
      fields.emplace_back(StrCat(top.name, "_", nested.name),
                          nested.logical_type().WithNullable(true));
    } else {
      return Status::Invalid("nexmark projection path of ", path.size(), " entries into ", top.name,
                             ": the fields of its ROW columns are scalars, so a "
                             "path has at most two entries");
    }
    if (std::count(paths.begin(), paths.end(), path) > 1) {
      return Status::Invalid("nexmark projection names ",
                             path.size() == 1
                                 ? top.name
                                 : StrCat(top.name, ".", top.logical_type().fields()[path[1]].name),
                             " twice");
    }
    projection.push_back(column);
  }
  auto g = std::unique_ptr<NexmarkGenerator>(new NexmarkGenerator());
  g->config_ = std::move(config);
  g->paths_ = std::move(paths);
  g->projection_ = std::move(projection);
  g->output_schema_ = std::make_shared<const Schema>(std::move(fields));
  g->tables_ = NexmarkTables::Get(g->config_.seed);
  g->mixed_seed_ = NexmarkRandom::Mix64(g->config_.seed);
  g->person_ = g->config_.options.person_proportion;
  g->auction_ = g->config_.options.auction_proportion;
  g->total_ = g->config_.options.total_proportion();
  // Evaluated in upstream's order so that timestamps are bit-identical.
  g->inter_event_delay_us_ =
      (1000000.0 / static_cast<double>(g->config_.options.first_event_rate)) *
      static_cast<double>(g->config_.num_generators);
  g->auction_lifetime_events_ =
      g->auction_ > 0 ? (kNexmarkInFlightAuctions * g->total_) / g->auction_ : 0;
  return g;
}

int64_t NexmarkGenerator::LastAuction(int64_t e) const {
  const int64_t q = e / total_;
  const int64_t r = e % total_;
  if (r < person_) return (q - 1) * auction_ + auction_ - 1;
  if (r >= person_ + auction_) return q * auction_ + auction_ - 1;
  return q * auction_ + (r - person_);
}

Result<RecordBatchPtr> NexmarkGenerator::Generate(const NexmarkSplit& split, int64_t first,
                                                  int64_t count, MemoryPool* pool) const {
  if (first < 0 || count < 0 || first > split.limit() || count > split.limit() - first) {
    return Status::Invalid("nexmark split ", split.index, " has ", split.limit(),
                           " events; cannot generate ", count, " from event ", first);
  }
  if (projection_.empty()) {
    // Nothing to read but the row count (e.g. COUNT(*)).
    return std::make_shared<const RecordBatch>(output_schema_, std::vector<ColumnPtr>{}, count);
  }
  return WriteNexmarkBatch(*this, split, first, count, pool);
}

}  // namespace weir::connectors
