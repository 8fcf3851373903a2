// NexmarkGenerator: id/type/timestamp formulas, split cutting and the column-at-a-time event
// writer.
#include "weir/connectors/nexmark/nexmark_generator.h"

#include <array>
#include <cmath>
#include <cstring>
#include <deque>
#include <initializer_list>
#include <string_view>
#include <utility>

#include "weir/common/batch/column_builder.h"
#include "weir/common/check.h"
#include "weir/common/str_cat.h"
#include "weir/connectors/nexmark/nexmark_random.h"
#include "weir/connectors/nexmark/nexmark_strings.h"

namespace weir::connectors {

namespace {

// Upstream's fixed constants.
constexpr int64_t kFirstPersonId = 1000;
constexpr int64_t kFirstAuctionId = 1000;
constexpr int64_t kFirstCategoryId = 10;
constexpr int64_t kNumCategories = 5;
constexpr int64_t kInFlightAuctions = 100;
constexpr int64_t kActivePeople = 1000;
constexpr int64_t kHotIdBlock = 100;  // a hot auction/seller id changes every 100 entities
constexpr int64_t kPersonBaseSize = 8;
constexpr int64_t kAuctionBaseSize = 48;  // 8 + 40
constexpr int64_t kBidBaseSize = 32;
constexpr int64_t kMaxPoolPad = 1 << 19;  // longer paddings are generated fresh

constexpr std::array<std::string_view, 11> kFirstNames = {
    "Peter", "Paul", "Luke", "John", "Saul", "Vicky", "Kate", "Julie", "Sarah", "Deiter", "Walter"};
constexpr std::array<std::string_view, 9> kLastNames = {
    "Shultz", "Abrams", "Spencer", "White", "Bartels", "Walton", "Smith", "Jones", "Noris"};
constexpr std::array<std::string_view, 10> kCities = {
    "Phoenix", "Los Angeles", "San Francisco", "Boise", "Portland",
    "Bend",    "Redmond",     "Seattle",       "Kent",  "Cheyenne"};
constexpr std::array<std::string_view, 6> kStates = {"AZ", "CA", "ID", "OR", "WA", "WY"};

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

// Java's Math.round for the non-negative values used here.
int64_t RoundHalfUp(double v) { return static_cast<int64_t>(std::floor(v + 0.5)); }

using LongBuilder = FixedWidthBuilder<int64_t>;

// The builders of one ROW column: its fields in order plus the row validity bitmap.
//
// String fields whose values already live in memory that outlives the batch (the padding
// pool, the URL tables, constants) can be deferred: the writer records a view per row and
// Finish() copies them in one pass that prefetches a few rows ahead, so the cache misses of
// the random pool offsets overlap instead of stalling every row.
struct RowColumns {
  std::vector<std::unique_ptr<LongBuilder>> longs;
  std::vector<std::unique_ptr<StringBuilder>> strings;
  // Per string field: the deferred values (empty unless the field is deferred).
  std::vector<std::vector<std::string_view>> deferred;
  std::vector<bool> is_deferred;
  // field index -> (is_string, index into longs/strings)
  std::vector<std::pair<bool, int>> layout;
  LogicalType type;
  BufferPtr validity;
  int64_t valid = 0;
  int64_t pending_nulls = 0;  // NULL rows not yet written to the fields
  static constexpr int64_t kNullChunk = 1024;

  // Reserves `rows` rows; `kind_rows` of them are expected to be valid, with about
  // `string_bytes[i]` bytes in the i-th string field (in field order). The fields whose bit
  // is set in `deferred_fields` (by field index) are deferred.
  Status Init(LogicalType row_type, int64_t rows, int64_t kind_rows,
              std::initializer_list<int64_t> string_bytes, uint32_t deferred_fields,
              MemoryPool* pool) {
    type = std::move(row_type);
    auto bytes = string_bytes.begin();
    int field = 0;
    for (const Field& f : type.fields()) {
      if (f.logical_type().layout() == PhysicalLayout::kVarBinary) {
        layout.emplace_back(true, static_cast<int>(strings.size()));
        strings.push_back(std::make_unique<StringBuilder>(f.logical_type(), pool));
        WEIR_RETURN_NOT_OK(strings.back()->Reserve(rows));
        const int64_t per_row = bytes != string_bytes.end() ? *bytes++ : 16;
        const bool defer = (deferred_fields >> field) & 1u;
        is_deferred.push_back(defer);
        deferred.emplace_back();
        if (defer) {
          deferred.back().reserve(static_cast<size_t>(rows));
        } else {
          WEIR_RETURN_NOT_OK(strings.back()->ReserveData(kind_rows * per_row));
        }
      } else {
        layout.emplace_back(false, static_cast<int>(longs.size()));
        longs.push_back(std::make_unique<LongBuilder>(f.logical_type(), pool));
        WEIR_RETURN_NOT_OK(longs.back()->Reserve(rows));
      }
      ++field;
    }
    WEIR_ASSIGN_OR_RAISE(validity, Buffer::AllocateZeroed(bits::BytesForBits(rows), pool));
    return Status::OK();
  }

  LongBuilder& Long(int field) { return *longs[layout[field].second]; }
  StringBuilder& String(int field) { return *strings[layout[field].second]; }
  // Records the value of a deferred field; `value` must stay valid until Finish().
  void Defer(int field, std::string_view value) { deferred[layout[field].second].push_back(value); }

  // Appends a NULL row: its fields get placeholder values (0, "") under a cleared validity
  // bit. They are written in bulk by the next BeginRow() or Finish().
  void AppendNullRow() { ++pending_nulls; }

  // Starts a valid row: writes the pending NULL rows first.
  Status BeginRow() { return pending_nulls == 0 ? Status::OK() : FlushNulls(); }

  Status FlushNulls() {
    static const std::vector<int64_t> kZeros(kNullChunk, 0);
    static const ColumnPtr kEmptyStrings = [] {
      // kNullChunk empty strings: all offsets 0.
      Result<BufferPtr> offsets = Buffer::AllocateZeroed((kNullChunk + 1) * 4);
      Result<BufferPtr> data = Buffer::AllocateZeroed(0);
      WEIR_CHECK(offsets.ok() && data.ok());
      return std::make_shared<const ColumnVector>(
          LogicalType::String(), kNullChunk,
          std::vector<BufferPtr>{nullptr, std::move(*offsets), std::move(*data)});
    }();
    while (pending_nulls > 0) {
      const int64_t n = std::min(pending_nulls, kNullChunk);
      for (auto& b : longs) WEIR_RETURN_NOT_OK(b->AppendValues(kZeros.data(), n));
      for (size_t i = 0; i < strings.size(); ++i) {
        if (is_deferred[i]) {
          deferred[i].resize(deferred[i].size() + static_cast<size_t>(n));
        } else {
          WEIR_RETURN_NOT_OK(strings[i]->AppendRange(*kEmptyStrings, 0, n));
        }
      }
      pending_nulls -= n;
    }
    return Status::OK();
  }

  void MarkValid(int64_t row) {
    bits::SetBit(validity->mutable_data(), row);
    ++valid;
  }

  // Copies a deferred field's values into its builder, prefetching ahead.
  static Status CopyDeferred(const std::vector<std::string_view>& values, StringBuilder& out) {
    constexpr size_t kAhead = 16;
    int64_t total = 0;
    for (std::string_view v : values) total += static_cast<int64_t>(v.size());
    WEIR_RETURN_NOT_OK(out.ReserveData(total));
    const size_t n = values.size();
    for (size_t i = 0; i < n; ++i) {
      if (i + kAhead < n) {
        const char* p = values[i + kAhead].data();
        __builtin_prefetch(p);
        __builtin_prefetch(p + 64);
      }
      WEIR_RETURN_NOT_OK(out.Append(values[i]));
    }
    return Status::OK();
  }

  Result<ColumnPtr> Finish(int64_t rows) {
    WEIR_RETURN_NOT_OK(FlushNulls());
    std::vector<ColumnPtr> children;
    for (const auto& [is_string, idx] : layout) {
      ColumnPtr child;
      if (is_string) {
        if (is_deferred[idx]) WEIR_RETURN_NOT_OK(CopyDeferred(deferred[idx], *strings[idx]));
        WEIR_ASSIGN_OR_RAISE(child, strings[idx]->Finish());
      } else {
        WEIR_ASSIGN_OR_RAISE(child, longs[idx]->Finish());
      }
      children.push_back(std::move(child));
    }
    return std::make_shared<const ColumnVector>(type, rows, std::vector<BufferPtr>{validity},
                                                std::move(children), rows - valid);
  }
};

}  // namespace

// Where one event sits: its number and id, and the id formulas' terms derived from e ÷ T and
// e mod T (kept incrementally by the writer: no division per row).
struct NexmarkEventPosition {
  int64_t n = 0;             // event number
  int64_t e = 0;             // event id
  int64_t last_person = 0;   // lastPerson(e), base-0
  int64_t last_auction = 0;  // lastAuction(e), base-0
  int64_t ts = 0;            // event time
};

// Writes the events of one batch into the projected columns.
class NexmarkBatchWriter {
 public:
  NexmarkBatchWriter(const NexmarkGenerator& g, MemoryPool* pool) : g_(g), pool_(pool) {}

  Result<RecordBatchPtr> Write(const NexmarkSplit& split, int64_t first, int64_t count);

 private:
  // Person fields: id, name, emailAddress, creditCard, city, state, dateTime, extra.
  Status WritePerson(NexmarkRandom& random, const NexmarkEventPosition& at, int64_t row);
  // Auction fields: id, itemName, description, initialBid, reserve, dateTime, expires,
  // seller, category, extra.
  Status WriteAuction(NexmarkRandom& random, const NexmarkEventPosition& at, int64_t row);
  // Bid fields: auction, bidder, price, channel, url, dateTime, extra.
  Status WriteBid(NexmarkRandom& random, const NexmarkEventPosition& at, int64_t row);

  // upstream randomPerson(e) with `last_person` = lastPerson(e): uniform over the last
  // min(N, 1000) people and 10 future ones.
  static int64_t RandomPerson(NexmarkRandom& random, int64_t last_person) {
    const int64_t n = last_person + 1;
    const int64_t active = std::min(n, kActivePeople);
    return n - active + random.Uniform(active + 10);
  }
  // upstream randomAuction(e) with `last` = lastAuction(e): uniform over
  // [max(L − 100, 0), L + 10].
  static int64_t RandomAuction(NexmarkRandom& random, int64_t last) {
    const int64_t lo = std::max<int64_t>(last - kInFlightAuctions, 0);
    return lo + random.Uniform(last - lo + 11);
  }
  // upstream pad(acc, target): the `extra` string; cut from the shared pool when short.
  std::string_view Pad(NexmarkRandom& random, int64_t accounted, int64_t target) {
    if (accounted > target) return {};
    const int64_t rest = target - accounted;
    const int64_t delta = RoundHalfUp(0.2 * static_cast<double>(rest));
    const int64_t length = rest - delta + (delta > 0 ? random.Uniform(2 * delta) : 0);
    if (length < kMaxPoolPad) {
      const int64_t offset = random.Uniform(NexmarkTables::kPoolSize - length);
      return g_.tables_->pool().substr(static_cast<size_t>(offset), static_cast<size_t>(length));
    }
    // Kept until the batch is finished (the column copies deferred values at the end).
    std::string& fresh = long_pads_.emplace_back();
    NexmarkTables::AppendPoolChars(random, length, &fresh);
    return fresh;
  }

  // Returns an upper estimate of the rows of a kind with proportion `share` among `count`.
  int64_t KindRows(int64_t count, int64_t share) const {
    return std::min(count, (count / g_.total_ + 1) * share);
  }
  // Returns the bytes to reserve per `extra` of a kind with target size `avg_size`: the
  // padding is at most 1.2 times the target; very large ones are left to grow.
  static int64_t Reserve(int64_t avg_size) {
    return std::min<int64_t>(avg_size + avg_size / 5, 4096);
  }

  const NexmarkGenerator& g_;
  MemoryPool* pool_;
  std::unique_ptr<FixedWidthBuilder<int32_t>> event_type_;
  std::unique_ptr<RowColumns> person_;
  std::unique_ptr<RowColumns> auction_;
  std::unique_ptr<RowColumns> bid_;
  std::deque<std::string> long_pads_;  // paddings too long for the pool, this batch
};

Status NexmarkBatchWriter::WritePerson(NexmarkRandom& random, const NexmarkEventPosition& at,
                                       int64_t row) {
  RowColumns& c = *person_;
  WEIR_RETURN_NOT_OK(c.BeginRow());
  c.Long(0).UnsafeAppend(at.last_person + kFirstPersonId);
  char buf[64];
  // name: FIRST + " " + LAST
  const std::string_view first = kFirstNames[random.NextInt(11)];
  const std::string_view last = kLastNames[random.NextInt(9)];
  std::memcpy(buf, first.data(), first.size());
  buf[first.size()] = ' ';
  std::memcpy(buf + first.size() + 1, last.data(), last.size());
  const int64_t name_len = static_cast<int64_t>(first.size() + 1 + last.size());
  WEIR_RETURN_NOT_OK(c.String(1).Append(std::string_view(buf, name_len)));
  // emailAddress: S(7) + "@" + S(5) + ".com"
  int len = NexmarkRandomString(random, 7, ' ', buf);
  buf[len++] = '@';
  len += NexmarkRandomString(random, 5, ' ', buf + len);
  std::memcpy(buf + len, ".com", 4);
  len += 4;
  const int64_t email_len = len;
  WEIR_RETURN_NOT_OK(c.String(2).Append(std::string_view(buf, len)));
  // creditCard: four zero-padded groups of 4 digits
  for (int group = 0; group < 4; ++group) {
    int32_t v = random.NextInt(10000);
    char* p = buf + group * 5;
    for (int d = 3; d >= 0; --d, v /= 10) p[d] = static_cast<char>('0' + v % 10);
    p[4] = ' ';
  }
  constexpr int64_t kCardLen = 19;
  WEIR_RETURN_NOT_OK(c.String(3).Append(std::string_view(buf, kCardLen)));
  const std::string_view city = kCities[random.NextInt(10)];
  const std::string_view state = kStates[random.NextInt(6)];
  c.Defer(4, city);
  c.Defer(5, state);
  c.Long(6).UnsafeAppend(at.ts);
  const int64_t accounted = kPersonBaseSize + name_len + email_len + kCardLen +
                            static_cast<int64_t>(city.size() + state.size());
  c.Defer(7, Pad(random, accounted, g_.config_.options.person_avg_size));
  c.MarkValid(row);
  return Status::OK();
}

Status NexmarkBatchWriter::WriteAuction(NexmarkRandom& random, const NexmarkEventPosition& at,
                                        int64_t row) {
  RowColumns& c = *auction_;
  WEIR_RETURN_NOT_OK(c.BeginRow());
  const NexmarkOptions& o = g_.config_.options;
  c.Long(0).UnsafeAppend(at.last_auction + kFirstAuctionId);
  // seller: the hot seller with probability 1 − 1/ratio, else a random recent person.
  int64_t seller;
  if (random.NextInt(o.hot_seller_ratio) > 0) {
    seller = (at.last_person / kHotIdBlock) * kHotIdBlock;
  } else {
    seller = RandomPerson(random, at.last_person);
  }
  c.Long(7).UnsafeAppend(seller + kFirstPersonId);
  c.Long(8).UnsafeAppend(kFirstCategoryId + random.NextInt(kNumCategories));
  const int64_t initial_bid = NexmarkPrice(random);
  c.Long(3).UnsafeAppend(initial_bid);
  // expires: ts + 1 + U(max(2H, 1)) with H the event-time span of m events.
  const int64_t horizon = g_.Timestamp(at.n + g_.auction_lifetime_events_) - at.ts;
  c.Long(6).UnsafeAppend(at.ts + 1 + random.Uniform(std::max<int64_t>(2 * horizon, 1)));
  char buf[128];
  const int item_len = NexmarkRandomString(random, 20, ' ', buf);
  WEIR_RETURN_NOT_OK(c.String(1).Append(std::string_view(buf, item_len)));
  const int desc_len = NexmarkRandomString(random, 100, ' ', buf);
  WEIR_RETURN_NOT_OK(c.String(2).Append(std::string_view(buf, desc_len)));
  c.Long(4).UnsafeAppend(initial_bid + NexmarkPrice(random));
  c.Long(5).UnsafeAppend(at.ts);
  c.Defer(9, Pad(random, kAuctionBaseSize + item_len + desc_len, o.auction_avg_size));
  c.MarkValid(row);
  return Status::OK();
}

Status NexmarkBatchWriter::WriteBid(NexmarkRandom& random, const NexmarkEventPosition& at,
                                    int64_t row) {
  RowColumns& c = *bid_;
  WEIR_RETURN_NOT_OK(c.BeginRow());
  const NexmarkOptions& o = g_.config_.options;
  int64_t auction;
  if (random.NextInt(o.hot_auction_ratio) > 0) {
    // The hot auction: the newest multiple of 100 (truncating, as upstream's int division).
    auction = (at.last_auction / kHotIdBlock) * kHotIdBlock;
  } else {
    auction = RandomAuction(random, at.last_auction);
  }
  c.Long(0).UnsafeAppend(auction + kFirstAuctionId);
  int64_t bidder;
  if (random.NextInt(o.hot_bidder_ratio) > 0) {
    // The hot bidder is the person after the hot seller.
    bidder = (at.last_person / kHotIdBlock) * kHotIdBlock + 1;
  } else {
    bidder = RandomPerson(random, at.last_person);
  }
  // Upstream quirk kept (nexmark/nexmark#30): the person offset is added twice, so a bidder
  // is base-0 id + 2000 while person ids are base-0 id + 1000.
  c.Long(1).UnsafeAppend(bidder + kFirstPersonId + kFirstPersonId);
  c.Long(2).UnsafeAppend(NexmarkPrice(random));
  if (random.NextInt(2) > 0) {
    const int32_t j = random.NextInt(4);
    c.Defer(3, NexmarkTables::kHotChannels[j]);
    c.Defer(4, g_.tables_->hot_url(j));
  } else {
    const int32_t channel = random.NextInt(NexmarkTables::kNumChannels);
    c.Defer(3, g_.tables_->channel_name(channel));
    c.Defer(4, g_.tables_->channel_url(channel));
  }
  c.Long(5).UnsafeAppend(at.ts);
  c.Defer(6, Pad(random, kBidBaseSize, o.bid_avg_size));
  c.MarkValid(row);
  return Status::OK();
}

Result<RecordBatchPtr> NexmarkBatchWriter::Write(const NexmarkSplit& split, int64_t first,
                                                 int64_t count) {
  const NexmarkOptions& o = g_.config_.options;
  for (int32_t column : g_.projection_) {
    switch (column) {
      case kNexmarkEventType:
        event_type_ = std::make_unique<FixedWidthBuilder<int32_t>>(LogicalType::Int(), pool_);
        WEIR_RETURN_NOT_OK(event_type_->Reserve(count));
        break;
      case kNexmarkPerson:
        person_ = std::make_unique<RowColumns>();
        WEIR_RETURN_NOT_OK(person_->Init(PersonType(), count, KindRows(count, g_.person_),
                                         {16, 16, 19, 13, 2, Reserve(o.person_avg_size)},
                                         (1u << 4) | (1u << 5) | (1u << 7), pool_));
        break;
      case kNexmarkAuction:
        auction_ = std::make_unique<RowColumns>();
        WEIR_RETURN_NOT_OK(auction_->Init(AuctionType(), count, KindRows(count, g_.auction_),
                                          {20, 100, Reserve(o.auction_avg_size)}, 1u << 9, pool_));
        break;
      default:
        bid_ = std::make_unique<RowColumns>();
        WEIR_RETURN_NOT_OK(bid_->Init(
            BidType(), count, KindRows(count, g_.total_ - g_.person_ - g_.auction_),
            {12, 96, Reserve(o.bid_avg_size)}, (1u << 3) | (1u << 4) | (1u << 6), pool_));
        break;
    }
  }
  const int64_t person = g_.person_;
  const int64_t auction = g_.auction_;
  const int64_t total = g_.total_;
  NexmarkEventPosition at;
  at.e = split.first_event_id + 1 + first;
  at.n = 1 + first;
  int64_t q = at.e / total;  // e = q·T + r, advanced without division
  int64_t r = at.e % total;
  for (int64_t row = 0; row < count; ++row, ++at.e, ++at.n) {
    if (row > 0 && ++r == total) {
      r = 0;
      ++q;
    }
    const NexmarkEventType type = r < person             ? NexmarkEventType::kPerson
                                  : r < person + auction ? NexmarkEventType::kAuction
                                                         : NexmarkEventType::kBid;
    if (event_type_) event_type_->UnsafeAppend(static_cast<int32_t>(type));
    RowColumns* target = type == NexmarkEventType::kPerson    ? person_.get()
                         : type == NexmarkEventType::kAuction ? auction_.get()
                                                              : bid_.get();
    if (person_ != nullptr && target != person_.get()) person_->AppendNullRow();
    if (auction_ != nullptr && target != auction_.get()) auction_->AppendNullRow();
    if (bid_ != nullptr && target != bid_.get()) bid_->AppendNullRow();
    if (target == nullptr) continue;  // not projected: no draws at all
    // lastPerson and lastAuction (GENERATOR.md §4) from q and r.
    at.last_person = q * person + std::min(r, person - 1);
    at.last_auction = r < person              ? (q - 1) * auction + auction - 1
                      : r >= person + auction ? q * auction + auction - 1
                                              : q * auction + (r - person);
    at.ts = g_.Timestamp(at.n);
    NexmarkRandom random = NexmarkRandom::ForEvent(g_.mixed_seed_, at.e);
    switch (type) {
      case NexmarkEventType::kPerson:
        WEIR_RETURN_NOT_OK(WritePerson(random, at, row));
        break;
      case NexmarkEventType::kAuction:
        WEIR_RETURN_NOT_OK(WriteAuction(random, at, row));
        break;
      case NexmarkEventType::kBid:
        WEIR_RETURN_NOT_OK(WriteBid(random, at, row));
        break;
    }
  }
  std::vector<ColumnPtr> columns;
  for (int32_t column : g_.projection_) {
    Result<ColumnPtr> col = column == kNexmarkEventType ? event_type_->Finish()
                            : column == kNexmarkPerson  ? person_->Finish(count)
                            : column == kNexmarkAuction ? auction_->Finish(count)
                                                        : bid_->Finish(count);
    WEIR_RETURN_NOT_OK(col.status());
    columns.push_back(std::move(*col));
  }
  return RecordBatch::Make(g_.output_schema_, std::move(columns));
}

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
  std::vector<int32_t> projection =
      projected.has_value() ? std::move(*projected) : std::vector<int32_t>{0, 1, 2, 3};
  const SchemaPtr& produced = ProducedSchema();
  std::vector<Field> fields;
  for (int32_t column : projection) {
    if (column < 0 || column >= produced->num_fields()) {
      return Status::Invalid("nexmark projection names column ", column, " of ",
                             produced->num_fields());
    }
    if (std::count(projection.begin(), projection.end(), column) > 1) {
      return Status::Invalid("nexmark projection names column ", column, " twice");
    }
    fields.push_back(produced->field(column));
  }
  auto g = std::unique_ptr<NexmarkGenerator>(new NexmarkGenerator());
  g->config_ = std::move(config);
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
  g->auction_lifetime_events_ = g->auction_ > 0 ? (kInFlightAuctions * g->total_) / g->auction_ : 0;
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
  NexmarkBatchWriter writer(*this, pool);
  return writer.Write(split, first, count);
}

}  // namespace weir::connectors
