// NexmarkBatchWriter: the column-at-a-time event writer for whole ROW columns and flattened
// fields of persons, auctions and bids.
#include "weir/connectors/nexmark/nexmark_batch_writer.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <deque>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "weir/common/batch/column_vector.h"
#include "weir/common/memory/buffer.h"
#include "weir/common/str_cat.h"
#include "weir/connectors/nexmark/nexmark_generator.h"
#include "weir/connectors/nexmark/nexmark_random.h"
#include "weir/connectors/nexmark/nexmark_strings.h"
#include "weir/connectors/nexmark/nexmark_tables.h"

namespace weir::connectors {

namespace {

// Upstream's fixed constants.
constexpr int64_t kFirstPersonId = 1000;
constexpr int64_t kFirstAuctionId = 1000;
constexpr int64_t kFirstCategoryId = 10;
constexpr int64_t kNumCategories = 5;
constexpr int64_t kActivePeople = 1000;
constexpr int64_t kHotIdBlock = 100;  // a hot auction/seller id changes every 100 entities
constexpr int64_t kPersonBaseSize = 8;
constexpr int64_t kAuctionBaseSize = 48;  // 8 + 40
constexpr int64_t kBidBaseSize = 32;
constexpr int64_t kMaxPoolPad = 1 << 19;  // longer paddings are generated fresh
// String columns use int32 offsets; keep growth at an aligned capacity below the limit.
constexpr int64_t kMaxStringBytes = std::numeric_limits<int32_t>::max() - 63;

constexpr std::array<std::string_view, 11> kFirstNames = {
    "Peter", "Paul", "Luke", "John", "Saul", "Vicky", "Kate", "Julie", "Sarah", "Deiter", "Walter"};
constexpr std::array<std::string_view, 9> kLastNames = {
    "Shultz", "Abrams", "Spencer", "White", "Bartels", "Walton", "Smith", "Jones", "Noris"};
constexpr std::array<std::string_view, 10> kCities = {
    "Phoenix", "Los Angeles", "San Francisco", "Boise", "Portland",
    "Bend",    "Redmond",     "Seattle",       "Kent",  "Cheyenne"};
constexpr std::array<std::string_view, 6> kStates = {"AZ", "CA", "ID", "OR", "WA", "WY"};

// The fields of each ROW column, in schema order.
enum PersonField : int {
  kPersonId,
  kPersonName,
  kPersonEmail,
  kPersonCreditCard,
  kPersonCity,
  kPersonState,
  kPersonDateTime,
  kPersonExtra
};
enum AuctionField : int {
  kAuctionId,
  kAuctionItemName,
  kAuctionDescription,
  kAuctionInitialBid,
  kAuctionReserve,
  kAuctionDateTime,
  kAuctionExpires,
  kAuctionSeller,
  kAuctionCategory,
  kAuctionExtra
};
enum BidField : int {
  kBidAuction,
  kBidBidder,
  kBidPrice,
  kBidChannel,
  kBidUrl,
  kBidDateTime,
  kBidExtra
};
constexpr int kMaxFields = 10;
constexpr int kNumKinds = 3;  // person, auction, bid: ROW columns 1, 2, 3

// Per field, its step in the event's sequence of draws (upstream order): producing a field
// of step s takes the draws of steps 1..s; step 0 fields take none.
constexpr std::array<int8_t, 8> kPersonSteps = {0, 1, 2, 3, 4, 5, 0, 6};
constexpr std::array<int8_t, 10> kAuctionSteps = {0, 5, 6, 3, 7, 0, 4, 1, 2, 8};
constexpr std::array<int8_t, 7> kBidSteps = {1, 2, 3, 4, 4, 0, 5};

// Per kind: the steps, the string fields copied at the end from memory that outlives the
// batch (constants, tables, the padding pool) and the bytes to reserve per row of the string
// fields generated in place (by field index).
struct KindSpec {
  const int8_t* steps;
  int num_fields;
  uint32_t deferred_fields;
  std::array<int16_t, kMaxFields> string_bytes;
};
constexpr KindSpec kKindSpecs[kNumKinds] = {
    {kPersonSteps.data(),
     8,
     (1u << kPersonCity) | (1u << kPersonState) | (1u << kPersonExtra),
     {0, 16, 16, 19}},
    {kAuctionSteps.data(), 10, 1u << kAuctionExtra, {0, 20, 100}},
    {kBidSteps.data(), 7, (1u << kBidChannel) | (1u << kBidUrl) | (1u << kBidExtra), {}},
};

// One produced field of a kind, with a value for every row of the batch: rows of the other
// kinds hold a placeholder (0 or "") that the kind's validity bitmap hides. The buffers start
// zeroed, so those rows cost nothing.
struct FieldColumn {
  enum class Storage : uint8_t { kNone, kLong, kString, kDeferred };
  Storage storage = Storage::kNone;
  LogicalType type;
  BufferPtr values;  // kLong: one int64 per row
  // kString and kDeferred: the length of row i at [i + 1] until Finish() sums them up.
  BufferPtr offsets;
  int32_t* lengths = nullptr;  // offsets' data
  BufferPtr data;              // kString: the bytes, in row order
  int64_t data_size = 0;
  std::vector<std::string_view> views;  // kDeferred: the values of the kind's rows, in order
  ColumnPtr column;                     // set by Finish(): the values without validity

  // Appends the bytes of row `row` (rows come in increasing order).
  Status AppendString(int64_t row, std::string_view value) {
    const int64_t n = static_cast<int64_t>(value.size());
    if (n > data->capacity() - data_size) WEIR_RETURN_NOT_OK(GrowData(n));
    if (n > 0) std::memcpy(data->mutable_data() + data_size, value.data(), value.size());
    data_size += n;
    lengths[row + 1] = static_cast<int32_t>(n);
    return Status::OK();
  }

  // Records the value of row `row` (rows come in increasing order); `value` must stay valid
  // until Finish().
  void Defer(int64_t row, std::string_view value) {
    views.push_back(value);
    lengths[row + 1] = static_cast<int32_t>(value.size());
  }

  Status GrowData(int64_t n) {
    if (data_size + n > kMaxStringBytes) {
      return Status::Invalid("nexmark batch too large: more than ", kMaxStringBytes,
                             " bytes in one string column; generate fewer events per batch");
    }
    return data->Reserve(std::min(std::max(2 * data->capacity(), data_size + n), kMaxStringBytes));
  }

  Status Finish(int64_t rows, MemoryPool* pool) {
    switch (storage) {
      case Storage::kNone:
        return Status::OK();
      case Storage::kLong:
        column = std::make_shared<const ColumnVector>(
            type, rows, std::vector<BufferPtr>{nullptr, values}, std::vector<ColumnPtr>{}, 0);
        return Status::OK();
      case Storage::kString:
        WEIR_RETURN_NOT_OK(SumLengths(rows));
        WEIR_RETURN_NOT_OK(data->Resize(data_size));
        break;
      case Storage::kDeferred:
        WEIR_RETURN_NOT_OK(SumLengths(rows));
        WEIR_RETURN_NOT_OK(CopyDeferred(pool));
        break;
    }
    column = std::make_shared<const ColumnVector>(
        type, rows, std::vector<BufferPtr>{nullptr, offsets, data}, std::vector<ColumnPtr>{}, 0);
    return Status::OK();
  }

  // Turns the lengths into offsets.
  Status SumLengths(int64_t rows) {
    int64_t total = 0;
    for (int64_t i = 1; i <= rows; ++i) {
      total += lengths[i];
      lengths[i] = static_cast<int32_t>(total);
    }
    if (total > kMaxStringBytes) {
      return Status::Invalid("nexmark batch too large: ", total,
                             " bytes in one string column; generate fewer events per batch");
    }
    data_size = total;
    return Status::OK();
  }

  // Copies the deferred values into data, prefetching a few values ahead so that the cache
  // misses of random pool offsets overlap.
  Status CopyDeferred(MemoryPool* pool) {
    constexpr size_t kAhead = 16;
    WEIR_ASSIGN_OR_RAISE(data, Buffer::Allocate(data_size, pool));
    uint8_t* out = data->mutable_data();
    const std::string_view* v = views.data();
    const size_t n = views.size();
    for (size_t i = 0; i < n; ++i) {
      if (i + kAhead < n) {
        const char* p = v[i + kAhead].data();
        __builtin_prefetch(p);
        __builtin_prefetch(p + 64);
      }
      // Empty values may have no data pointer.
      if (!v[i].empty()) std::memcpy(out, v[i].data(), v[i].size());
      out += v[i].size();
    }
    views = {};
    return Status::OK();
  }
};

// The produced fields of one kind (person, auction or bid) and the kind's row validity.
struct KindColumns {
  bool active = false;  // some output column reads this kind
  int step = 0;         // the last draw step a produced field needs
  const LogicalType* row_type = nullptr;
  BufferPtr validity;             // null when every row of the batch is of this kind
  uint8_t* valid_bits = nullptr;  // validity's bytes
  int64_t valid = 0;
  std::array<FieldColumn, kMaxFields> fields;
  // Per field: where its values go, or null when the field is not produced.
  std::array<int64_t*, kMaxFields> longs{};
  std::array<FieldColumn*, kMaxFields> strings{};
  std::array<FieldColumn*, kMaxFields> deferred{};

  bool wants(int field) const { return fields[field].storage != FieldColumn::Storage::kNone; }
  void SetLong(int field, int64_t row, int64_t value) {
    if (int64_t* values = longs[field]) values[row] = value;
  }
  Status SetString(int field, int64_t row, std::string_view value) {
    FieldColumn* column = strings[field];
    return column == nullptr ? Status::OK() : column->AppendString(row, value);
  }
  // Draws a string of at most `max` random characters (upstream nextString) into `field` when
  // it is produced, else takes the same draws without building it; returns its length.
  Result<int> RandomString(int field, int64_t row, NexmarkRandom& random, int max) {
    if (!wants(field)) return NexmarkSkipString(random, max, ' ');
    char buf[128];
    const int len = NexmarkRandomString(random, max, ' ', buf);
    WEIR_RETURN_NOT_OK(SetString(field, row, std::string_view(buf, len)));
    return len;
  }
  // Records a value that stays valid until the batch is finished.
  void SetDeferred(int field, int64_t row, std::string_view value) {
    if (FieldColumn* column = deferred[field]) column->Defer(row, value);
  }
  void MarkValid(int64_t row) {
    if (valid_bits != nullptr) bits::SetBit(valid_bits, row);
    ++valid;
  }
  // Returns the validity of the finished columns (null when no row is NULL).
  BufferPtr FinishedValidity(int64_t rows) const { return valid == rows ? nullptr : validity; }

  Status Produce(int field, const KindSpec& spec, int64_t rows, int64_t kind_rows,
                 MemoryPool* pool) {
    FieldColumn& f = fields[field];
    if (f.storage != FieldColumn::Storage::kNone) return Status::OK();
    f.type = row_type->fields()[field].logical_type();
    step = std::max<int>(step, spec.steps[field]);
    if (f.type.layout() != PhysicalLayout::kVarBinary) {
      f.storage = FieldColumn::Storage::kLong;
      WEIR_ASSIGN_OR_RAISE(f.values, Buffer::AllocateZeroed(rows * 8, pool));
      longs[field] = f.values->mutable_data_as<int64_t>();
    } else if ((spec.deferred_fields >> field) & 1u) {
      f.storage = FieldColumn::Storage::kDeferred;
      WEIR_ASSIGN_OR_RAISE(f.offsets, Buffer::AllocateZeroed((rows + 1) * 4, pool));
      f.lengths = f.offsets->mutable_data_as<int32_t>();
      f.views.reserve(static_cast<size_t>(kind_rows));
      deferred[field] = &f;
    } else {
      f.storage = FieldColumn::Storage::kString;
      WEIR_ASSIGN_OR_RAISE(f.offsets, Buffer::AllocateZeroed((rows + 1) * 4, pool));
      f.lengths = f.offsets->mutable_data_as<int32_t>();
      WEIR_ASSIGN_OR_RAISE(f.data, Buffer::Allocate(0, pool));
      WEIR_RETURN_NOT_OK(
          f.data->Reserve(std::min(kind_rows * spec.string_bytes[field] + 64, kMaxStringBytes)));
      strings[field] = &f;
    }
    return Status::OK();
  }
};

// The hot id with probability 1 − 1/ratio (one draw), else `other()` (its own draws).
template <typename Other>
int64_t HotOr(NexmarkRandom& random, int32_t ratio, int64_t hot, Other other) {
  return random.NextInt(ratio) > 0 ? hot : other();
}

// Java's Math.round for the non-negative values used here.
int64_t RoundHalfUp(double v) { return static_cast<int64_t>(std::floor(v + 0.5)); }

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

// Writes the events of one batch into the produced fields, then assembles the output columns.
class NexmarkBatchWriter {
 public:
  NexmarkBatchWriter(const NexmarkGenerator& g, MemoryPool* pool) : g_(g), pool_(pool) {}

  Result<RecordBatchPtr> Write(const NexmarkSplit& split, int64_t first, int64_t count);

 private:
  // Decides the produced fields of every kind from the output paths and allocates them.
  Status Init(int64_t count);
  // Each writes the produced fields of one event of its kind, drawing up to the last one.
  Status WritePerson(KindColumns& c, NexmarkRandom& random, const NexmarkEventPosition& at,
                     int64_t row);
  Status WriteAuction(KindColumns& c, NexmarkRandom& random, const NexmarkEventPosition& at,
                      int64_t row);
  Status WriteBid(KindColumns& c, NexmarkRandom& random, const NexmarkEventPosition& at,
                  int64_t row);
  // Returns the output column of `path` once every kind is finished.
  ColumnPtr OutputColumn(const std::vector<int32_t>& path, int64_t count) const;

  // upstream randomPerson(e) with `last_person` = lastPerson(e): uniform over the last
  // min(N, 1000) people and 10 future ones.
  static int64_t RandomPerson(NexmarkRandom& random, int64_t last_person) {
    const int64_t n = last_person + 1;
    if (n >= kActivePeople) {
      // The usual case, with a constant bound (a multiplication instead of a division).
      return n - kActivePeople + random.NextInt(static_cast<int32_t>(kActivePeople + 10));
    }
    return random.Uniform(n + 10);
  }
  // upstream randomAuction(e) with `last` = lastAuction(e): uniform over
  // [max(L − 100, 0), L + 10].
  static int64_t RandomAuction(NexmarkRandom& random, int64_t last) {
    if (last >= kNexmarkInFlightAuctions) {
      // The usual case, with a constant bound.
      return last - kNexmarkInFlightAuctions +
             random.NextInt(static_cast<int32_t>(kNexmarkInFlightAuctions + 11));
    }
    return random.Uniform(last + 11);
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

  // Pad() for a bid, whose accounted size is always kBidBaseSize: with the draws' bounds
  // precomputed when there are few lengths.
  std::string_view PadBid(NexmarkRandom& random) {
    if (bid_pad_offsets_.empty()) {
      return Pad(random, kBidBaseSize, g_.config_.options.bid_avg_size);
    }
    const int32_t spread = random.NextInt(*bid_pad_spread_);
    const int64_t offset = random.NextInt(bid_pad_offsets_[spread]);
    return g_.tables_->pool().substr(static_cast<size_t>(offset),
                                     static_cast<size_t>(bid_pad_min_ + spread));
  }
  // Prepares PadBid()'s bounds when every bid padding is cut from the pool: lengths
  // rest − delta + U(2·delta), then an offset U(pool size − length).
  void PlanBidPad() {
    const int64_t target = g_.config_.options.bid_avg_size;
    if (kBidBaseSize > target) return;
    const int64_t rest = target - kBidBaseSize;
    const int64_t delta = RoundHalfUp(0.2 * static_cast<double>(rest));
    if (delta <= 0 || 2 * delta > 4096 || rest + delta > kMaxPoolPad) return;
    bid_pad_min_ = rest - delta;
    bid_pad_spread_.emplace(static_cast<int32_t>(2 * delta));
    for (int64_t length = rest - delta; length < rest + delta; ++length) {
      bid_pad_offsets_.emplace_back(static_cast<int32_t>(NexmarkTables::kPoolSize - length));
    }
  }

  // Returns an upper estimate of the rows of a kind with proportion `share` among `count`.
  int64_t KindRows(int64_t count, int64_t share) const {
    return std::min(count, (count / g_.total_ + 1) * share);
  }

  const NexmarkGenerator& g_;
  MemoryPool* pool_;
  BufferPtr event_type_;  // int32 per row, when projected
  std::array<KindColumns, kNumKinds> kinds_;
  std::deque<std::string> long_pads_;  // paddings too long for the pool, this batch
  // PadBid()'s plan: the shortest length, the bound of its spread and the offset bound per
  // length; empty: no plan.
  int64_t bid_pad_min_ = 0;
  std::optional<NexmarkBound> bid_pad_spread_;
  std::vector<NexmarkBound> bid_pad_offsets_;
};

Status NexmarkBatchWriter::Init(int64_t count) {
  const Schema& produced = *NexmarkGenerator::ProducedSchema();
  const int64_t shares[kNumKinds] = {g_.person_, g_.auction_, g_.total_ - g_.person_ - g_.auction_};
  for (const std::vector<int32_t>& path : g_.paths_) {
    if (path[0] == kNexmarkEventType) {
      WEIR_ASSIGN_OR_RAISE(event_type_, Buffer::Allocate(count * 4, pool_));
      continue;
    }
    const int kind = path[0] - 1;
    KindColumns& c = kinds_[kind];
    const KindSpec& spec = kKindSpecs[kind];
    if (!c.active) {
      c.active = true;
      c.row_type = &produced.field(path[0]).logical_type();
      if (shares[kind] != g_.total_) {
        WEIR_ASSIGN_OR_RAISE(c.validity, Buffer::AllocateZeroed(bits::BytesForBits(count), pool_));
        c.valid_bits = c.validity->mutable_data();
      }
    }
    const int64_t kind_rows = KindRows(count, shares[kind]);
    if (path.size() == 1) {
      for (int f = 0; f < spec.num_fields; ++f) {
        WEIR_RETURN_NOT_OK(c.Produce(f, spec, count, kind_rows, pool_));
      }
    } else {
      WEIR_RETURN_NOT_OK(c.Produce(path[1], spec, count, kind_rows, pool_));
    }
  }
  if (kinds_[2].wants(kBidExtra)) PlanBidPad();
  return Status::OK();
}

Status NexmarkBatchWriter::WritePerson(KindColumns& c, NexmarkRandom& random,
                                       const NexmarkEventPosition& at, int64_t row) {
  c.SetLong(kPersonId, row, at.last_person + kFirstPersonId);
  c.SetLong(kPersonDateTime, row, at.ts);
  if (c.step < kPersonSteps[kPersonName]) return Status::OK();
  char buf[64];
  // name: FIRST + " " + LAST
  const std::string_view first = kFirstNames[random.NextInt(11)];
  const std::string_view last = kLastNames[random.NextInt(9)];
  const int64_t name_len = static_cast<int64_t>(first.size() + 1 + last.size());
  if (c.wants(kPersonName)) {
    std::memcpy(buf, first.data(), first.size());
    buf[first.size()] = ' ';
    std::memcpy(buf + first.size() + 1, last.data(), last.size());
    WEIR_RETURN_NOT_OK(c.SetString(kPersonName, row, std::string_view(buf, name_len)));
  }
  if (c.step < kPersonSteps[kPersonEmail]) return Status::OK();
  // emailAddress: S(7) + "@" + S(5) + ".com"
  int64_t email_len;
  if (c.wants(kPersonEmail)) {
    int len = NexmarkRandomString(random, 7, ' ', buf);
    buf[len++] = '@';
    len += NexmarkRandomString(random, 5, ' ', buf + len);
    std::memcpy(buf + len, ".com", 4);
    len += 4;
    email_len = len;
    WEIR_RETURN_NOT_OK(c.SetString(kPersonEmail, row, std::string_view(buf, len)));
  } else {
    email_len = NexmarkSkipString(random, 7, ' ') + 1;
    email_len += NexmarkSkipString(random, 5, ' ') + 4;
  }
  if (c.step < kPersonSteps[kPersonCreditCard]) return Status::OK();
  // creditCard: four zero-padded groups of 4 digits
  constexpr int64_t kCardLen = 19;
  if (c.wants(kPersonCreditCard)) {
    for (int group = 0; group < 4; ++group) {
      int32_t v = random.NextInt(10000);
      char* p = buf + group * 5;
      for (int d = 3; d >= 0; --d, v /= 10) p[d] = static_cast<char>('0' + v % 10);
      p[4] = ' ';
    }
    WEIR_RETURN_NOT_OK(c.SetString(kPersonCreditCard, row, std::string_view(buf, kCardLen)));
  } else {
    for (int group = 0; group < 4; ++group) random.NextInt(10000);
  }
  if (c.step < kPersonSteps[kPersonCity]) return Status::OK();
  const std::string_view city = kCities[random.NextInt(10)];
  c.SetDeferred(kPersonCity, row, city);
  if (c.step < kPersonSteps[kPersonState]) return Status::OK();
  const std::string_view state = kStates[random.NextInt(6)];
  c.SetDeferred(kPersonState, row, state);
  if (c.step < kPersonSteps[kPersonExtra]) return Status::OK();
  const int64_t accounted = kPersonBaseSize + name_len + email_len + kCardLen +
                            static_cast<int64_t>(city.size() + state.size());
  c.SetDeferred(kPersonExtra, row, Pad(random, accounted, g_.config_.options.person_avg_size));
  return Status::OK();
}

Status NexmarkBatchWriter::WriteAuction(KindColumns& c, NexmarkRandom& random,
                                        const NexmarkEventPosition& at, int64_t row) {
  const NexmarkOptions& o = g_.config_.options;
  c.SetLong(kAuctionId, row, at.last_auction + kFirstAuctionId);
  c.SetLong(kAuctionDateTime, row, at.ts);
  if (c.step < kAuctionSteps[kAuctionSeller]) return Status::OK();
  // seller: the hot seller, else a random recent person.
  const int64_t seller =
      HotOr(random, o.hot_seller_ratio, (at.last_person / kHotIdBlock) * kHotIdBlock,
            [&] { return RandomPerson(random, at.last_person); });
  c.SetLong(kAuctionSeller, row, seller + kFirstPersonId);
  if (c.step < kAuctionSteps[kAuctionCategory]) return Status::OK();
  c.SetLong(kAuctionCategory, row, kFirstCategoryId + random.NextInt(kNumCategories));
  if (c.step < kAuctionSteps[kAuctionInitialBid]) return Status::OK();
  const int64_t initial_bid = NexmarkPrice(random);
  c.SetLong(kAuctionInitialBid, row, initial_bid);
  if (c.step < kAuctionSteps[kAuctionExpires]) return Status::OK();
  // expires: ts + 1 + U(max(2H, 1)) with H the event-time span of m events.
  const int64_t horizon = g_.Timestamp(at.n + g_.auction_lifetime_events_) - at.ts;
  c.SetLong(kAuctionExpires, row, at.ts + 1 + random.Uniform(std::max<int64_t>(2 * horizon, 1)));
  if (c.step < kAuctionSteps[kAuctionItemName]) return Status::OK();
  WEIR_ASSIGN_OR_RAISE(const int item_len, c.RandomString(kAuctionItemName, row, random, 20));
  if (c.step < kAuctionSteps[kAuctionDescription]) return Status::OK();
  WEIR_ASSIGN_OR_RAISE(const int desc_len, c.RandomString(kAuctionDescription, row, random, 100));
  if (c.step < kAuctionSteps[kAuctionReserve]) return Status::OK();
  c.SetLong(kAuctionReserve, row, initial_bid + NexmarkPrice(random));
  if (c.step < kAuctionSteps[kAuctionExtra]) return Status::OK();
  c.SetDeferred(kAuctionExtra, row,
                Pad(random, kAuctionBaseSize + item_len + desc_len, o.auction_avg_size));
  return Status::OK();
}

Status NexmarkBatchWriter::WriteBid(KindColumns& c, NexmarkRandom& random,
                                    const NexmarkEventPosition& at, int64_t row) {
  const NexmarkOptions& o = g_.config_.options;
  c.SetLong(kBidDateTime, row, at.ts);
  if (c.step < kBidSteps[kBidAuction]) return Status::OK();
  // The hot auction is the newest multiple of 100 (truncating, as upstream's int division).
  const int64_t auction =
      HotOr(random, o.hot_auction_ratio, (at.last_auction / kHotIdBlock) * kHotIdBlock,
            [&] { return RandomAuction(random, at.last_auction); });
  c.SetLong(kBidAuction, row, auction + kFirstAuctionId);
  if (c.step < kBidSteps[kBidBidder]) return Status::OK();
  // The hot bidder is the person after the hot seller.
  const int64_t bidder =
      HotOr(random, o.hot_bidder_ratio, (at.last_person / kHotIdBlock) * kHotIdBlock + 1,
            [&] { return RandomPerson(random, at.last_person); });
  // Upstream quirk kept (nexmark/nexmark#30): the person offset is added twice, so a bidder
  // is base-0 id + 2000 while person ids are base-0 id + 1000.
  c.SetLong(kBidBidder, row, bidder + kFirstPersonId + kFirstPersonId);
  if (c.step < kBidSteps[kBidPrice]) return Status::OK();
  c.SetLong(kBidPrice, row, NexmarkPrice(random));
  if (c.step < kBidSteps[kBidChannel]) return Status::OK();
  if (random.NextInt(2) > 0) {
    const int32_t j = random.NextInt(4);
    c.SetDeferred(kBidChannel, row, NexmarkTables::kHotChannels[j]);
    c.SetDeferred(kBidUrl, row, g_.tables_->hot_url(j));
  } else {
    const int32_t channel = random.NextInt(NexmarkTables::kNumChannels);
    c.SetDeferred(kBidChannel, row, g_.tables_->channel_name(channel));
    c.SetDeferred(kBidUrl, row, g_.tables_->channel_url(channel));
  }
  if (c.step < kBidSteps[kBidExtra]) return Status::OK();
  c.SetDeferred(kBidExtra, row, PadBid(random));
  return Status::OK();
}

ColumnPtr NexmarkBatchWriter::OutputColumn(const std::vector<int32_t>& path, int64_t count) const {
  if (path[0] == kNexmarkEventType) {
    return std::make_shared<const ColumnVector>(LogicalType::Int(), count,
                                                std::vector<BufferPtr>{nullptr, event_type_},
                                                std::vector<ColumnPtr>{}, 0);
  }
  const KindColumns& c = kinds_[path[0] - 1];
  BufferPtr validity = c.FinishedValidity(count);
  const int64_t null_count = validity == nullptr ? 0 : count - c.valid;
  if (path.size() == 1) {
    std::vector<ColumnPtr> children;
    const size_t num_fields = c.row_type->fields().size();
    for (size_t f = 0; f < num_fields; ++f) children.push_back(c.fields[f].column);
    return std::make_shared<const ColumnVector>(*c.row_type, count,
                                                std::vector<BufferPtr>{std::move(validity)},
                                                std::move(children), null_count);
  }
  // A flattened field: the field's values under the kind's validity.
  const ColumnVector& values = *c.fields[path[1]].column;
  std::vector<BufferPtr> buffers = values.buffers();
  buffers[0] = std::move(validity);
  return std::make_shared<const ColumnVector>(values.type().WithNullable(true), count,
                                              std::move(buffers), std::vector<ColumnPtr>{},
                                              null_count);
}

Result<RecordBatchPtr> NexmarkBatchWriter::Write(const NexmarkSplit& split, int64_t first,
                                                 int64_t count) {
  WEIR_RETURN_NOT_OK(Init(count));
  int32_t* event_type = event_type_ != nullptr ? event_type_->mutable_data_as<int32_t>() : nullptr;
  KindColumns* person_columns = kinds_[0].active ? &kinds_[0] : nullptr;
  KindColumns* auction_columns = kinds_[1].active ? &kinds_[1] : nullptr;
  KindColumns* bid_columns = kinds_[2].active ? &kinds_[2] : nullptr;
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
    if (event_type != nullptr) event_type[row] = static_cast<int32_t>(type);
    KindColumns* c = type == NexmarkEventType::kPerson    ? person_columns
                     : type == NexmarkEventType::kAuction ? auction_columns
                                                          : bid_columns;
    if (c == nullptr) continue;  // not produced: no draws at all
    c->MarkValid(row);
    // lastPerson and lastAuction (GENERATOR.md §4) from q and r.
    at.last_person = q * person + std::min(r, person - 1);
    at.last_auction = r < person              ? (q - 1) * auction + auction - 1
                      : r >= person + auction ? q * auction + auction - 1
                                              : q * auction + (r - person);
    at.ts = g_.Timestamp(at.n);
    // Fields that take no draws (ids, dateTime) need no stream.
    NexmarkRandom random =
        c->step > 0 ? NexmarkRandom::ForEvent(g_.mixed_seed_, at.e) : NexmarkRandom(0);
    switch (type) {
      case NexmarkEventType::kPerson:
        WEIR_RETURN_NOT_OK(WritePerson(*c, random, at, row));
        break;
      case NexmarkEventType::kAuction:
        WEIR_RETURN_NOT_OK(WriteAuction(*c, random, at, row));
        break;
      case NexmarkEventType::kBid:
        WEIR_RETURN_NOT_OK(WriteBid(*c, random, at, row));
        break;
    }
  }
  for (KindColumns& c : kinds_) {
    for (FieldColumn& f : c.fields) WEIR_RETURN_NOT_OK(f.Finish(count, pool_));
  }
  std::vector<ColumnPtr> columns;
  columns.reserve(g_.paths_.size());
  for (const std::vector<int32_t>& path : g_.paths_) columns.push_back(OutputColumn(path, count));
  return RecordBatch::Make(g_.output_schema_, std::move(columns));
}

Result<RecordBatchPtr> WriteNexmarkBatch(const NexmarkGenerator& g, const NexmarkSplit& split,
                                         int64_t first, int64_t count, MemoryPool* pool) {
  NexmarkBatchWriter writer(g, pool);
  return writer.Write(split, first, count);
}

}  // namespace weir::connectors
