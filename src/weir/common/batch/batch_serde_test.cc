// Tests of batch serialisation: round trips of every type and codec, zero-copy, and malformed input.
#include "weir/common/batch/batch_serde.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "weir/common/batch/batch_serde_test_util.h"
#include "weir/common/batch/column_builder.h"
#include "weir/common/batch/record_batch.h"
#include "weir/common/batch/value.h"

namespace weir {
namespace {

using Bytes = std::vector<uint8_t>;

using testing::FuzzSchema;

// FuzzSchema plus rarer shapes: deeper nesting, MULTISET, NULL, NOT NULL strings.
SchemaPtr AllTypesSchema() {
  std::vector<Field> fields = FuzzSchema()->fields();
  fields.emplace_back("vc", LogicalType::VarChar(20));
  fields.emplace_back("ms", LogicalType::Multiset(LogicalType::String()));
  fields.emplace_back("nested", LogicalType::Array(LogicalType::Row(
                                    {Field("x", LogicalType::Double()),
                                     Field("y", LogicalType::Array(LogicalType::String()))})));
  fields.emplace_back("mm", LogicalType::Map(LogicalType::Int(),
                                             LogicalType::Map(LogicalType::String(),
                                                              LogicalType::Decimal(20, 3))));
  fields.emplace_back("nul", LogicalType::Null());
  fields.emplace_back("sn", LogicalType::String(/*nullable=*/false));
  return std::make_shared<const Schema>(std::move(fields));
}

class RandomValues {
 public:
  explicit RandomValues(uint64_t seed) : rng_(seed) {}

  int64_t Int(int64_t lo, int64_t hi) { return std::uniform_int_distribution<int64_t>(lo, hi)(rng_); }
  bool Chance(double p) { return std::uniform_real_distribution<double>(0, 1)(rng_) < p; }

  std::string Text(int64_t min_len, int64_t max_len, bool binary) {
    std::string s(static_cast<size_t>(Int(min_len, max_len)), ' ');
    for (char& c : s) c = static_cast<char>(binary ? Int(0, 255) : Int('a', 'z'));
    return s;
  }

  Value Make(const LogicalType& t, double null_prob) {
    if (t.id() == TypeId::kNull || (t.nullable() && Chance(null_prob))) return Value();
    switch (t.id()) {
      case TypeId::kNull:
        return Value();
      case TypeId::kBoolean:
        return Value(Chance(0.5));
      case TypeId::kTinyInt:
        return Value(Int(-128, 127));
      case TypeId::kSmallInt:
        return Value(Int(-32768, 32767));
      case TypeId::kInt:
      case TypeId::kIntervalYearMonth:
        return Value(Int(INT32_MIN, INT32_MAX));
      case TypeId::kDate:
        return Value(Int(-100000, 100000));
      case TypeId::kBigInt:
      case TypeId::kTimestamp:
      case TypeId::kTimestampLtz:
      case TypeId::kIntervalDayTime:
        return Value(Int(INT64_MIN, INT64_MAX));
      case TypeId::kTime:
        return Value(Int(0, 86399999) * 1000000);
      case TypeId::kFloat:
        return Value(static_cast<double>(static_cast<float>(Int(-1000000, 1000000)) / 64.0f));
      case TypeId::kDouble:
        return Value(static_cast<double>(Int(-1000000000, 1000000000)) / 1024.0);
      case TypeId::kDecimal: {
        const int digits = std::min(t.precision(), 18);
        __int128 v = Int(-Decimal128::PowerOfTen(digits) + 1, Decimal128::PowerOfTen(digits) - 1);
        if (t.precision() > 20) v *= Decimal128::PowerOfTen(t.precision() - 20);
        return Value(Decimal128(v));
      }
      case TypeId::kChar:
        return Value(Text(t.length(), t.length(), false));
      case TypeId::kBinary:
        return Value(Text(t.length(), t.length(), true));
      case TypeId::kVarChar:
        return Value(Text(0, std::min(t.length(), 16), false));
      case TypeId::kVarBinary:
        return Value(Text(0, 16, true));
      case TypeId::kArray: {
        ValueList items(static_cast<size_t>(Int(0, 4)));
        for (Value& v : items) v = Make(t.element_type(), null_prob);
        return Value::MakeList(std::move(items));
      }
      case TypeId::kMap:
      case TypeId::kMultiset: {
        ValuePairs entries(static_cast<size_t>(Int(0, 3)));
        for (auto& [k, v] : entries) {
          k = Make(t.key_type(), 0);
          v = Make(t.value_type(), null_prob);
        }
        return Value::MakeMap(std::move(entries));
      }
      case TypeId::kRow: {
        ValueList fields;
        for (const Field& f : t.fields()) fields.push_back(Make(f.logical_type(), null_prob));
        return Value::MakeRow(std::move(fields));
      }
    }
    return Value();
  }

 private:
  std::mt19937_64 rng_;
};

struct BatchSpec {
  int64_t rows = 10;
  double null_prob = 0.2;
  bool row_kinds = false;
  int event_time_index = -1;
  uint64_t seed = 1;
};

RecordBatchPtr MakeBatch(const SchemaPtr& schema, const BatchSpec& spec) {
  RandomValues random(spec.seed);
  std::vector<ColumnPtr> columns;
  for (int c = 0; c < schema->num_fields(); ++c) {
    auto builder = ColumnBuilder::Make(schema->type(c));
    WEIR_CHECK_OK(builder.status());
    for (int64_t r = 0; r < spec.rows; ++r) {
      WEIR_CHECK_OK((*builder)->AppendValue(random.Make(schema->type(c), spec.null_prob)));
    }
    auto column = (*builder)->Finish();
    WEIR_CHECK_OK(column.status());
    columns.push_back(*column);
  }
  ColumnPtr kinds;
  if (spec.row_kinds) {
    auto builder = ColumnBuilder::Make(LogicalType::TinyInt(false));
    WEIR_CHECK_OK(builder.status());
    for (int64_t r = 0; r < spec.rows; ++r) {
      WEIR_CHECK_OK((*builder)->AppendValue(Value(random.Int(0, kNumRowKinds - 1))));
    }
    auto column = (*builder)->Finish();
    WEIR_CHECK_OK(column.status());
    kinds = *column;
  }
  auto batch = RecordBatch::Make(schema, std::move(columns), kinds, spec.event_time_index);
  WEIR_CHECK_OK(batch.status());
  return *batch;
}

SchemaPtr SingleColumn(const SchemaPtr& schema, int i) {
  return std::make_shared<const Schema>(std::vector<Field>{schema->field(i)});
}

BufferPtr ToBuffer(const Bytes& bytes) {
  auto buf = Buffer::CopyOf(bytes.data(), static_cast<int64_t>(bytes.size()));
  WEIR_CHECK_OK(buf.status());
  return *buf;
}

Bytes ToBytes(const Buffer& buffer) { return Bytes(buffer.data(), buffer.data() + buffer.size()); }

Bytes Serialize(const RecordBatch& batch, Compression compression) {
  auto bytes = SerializeBatch(batch, SerializeOptions{compression});
  WEIR_CHECK_OK(bytes.status());
  return ToBytes(**bytes);
}

// Recomputes the checksum field, so tests can reach the checks behind it.
void RecomputeChecksum(Bytes& m) { testing::RecomputeChecksum(m.data(), m.size()); }

template <typename T>
void Put(Bytes& m, size_t at, T v) {
  std::memcpy(m.data() + at, &v, sizeof(T));
}

// Truncates the body and fixes the header so that only the body decoder can notice.
Bytes TruncateBody(const Bytes& m, size_t size) {
  Bytes t(m.begin(), m.begin() + static_cast<std::ptrdiff_t>(size));
  const int64_t body = static_cast<int64_t>(size) - 64;
  Put<int64_t>(t, 40, body);
  if (t[4] == 0) Put<int64_t>(t, 32, body);
  RecomputeChecksum(t);
  return t;
}

::testing::AssertionResult BatchesEqual(const RecordBatch& expected, const RecordBatch& actual) {
  if (expected.Equals(actual)) return ::testing::AssertionSuccess();
  auto failure = ::testing::AssertionFailure();
  failure << "batches differ (rows " << expected.num_rows() << " vs " << actual.num_rows() << ")";
  for (int64_t r = 0; r < std::min<int64_t>(std::min(expected.num_rows(), actual.num_rows()), 50);
       ++r) {
    const std::string a = expected.RowToString(r);
    const std::string b = actual.RowToString(r);
    if (a != b) {
      failure << "\nfirst difference at row " << r << ":\n  expected " << a << "\n  actual   " << b;
      break;
    }
  }
  return failure;
}

RecordBatchPtr Decode(const Bytes& bytes, const SchemaPtr& schema) {
  auto decoded = DeserializeBatch(ToBuffer(bytes), schema);
  WEIR_CHECK_OK(decoded.status());
  return *decoded;
}

// Calls `fn` with every buffer of `column` and its children.
void ForEachBuffer(const ColumnVector& column, const std::function<void(const Buffer&)>& fn) {
  for (const BufferPtr& b : column.buffers()) {
    if (b != nullptr) fn(*b);
  }
  for (const ColumnPtr& child : column.children()) ForEachBuffer(*child, fn);
}

bool Inside(const Buffer& b, const Buffer& outer) {
  return b.data() >= outer.data() && b.data() + b.size() <= outer.data() + outer.size();
}

// ---------------------------------------------------------------------------------------
// Round trips, once per codec

class BatchSerdeCodecTest : public ::testing::TestWithParam<Compression> {
 protected:
  void ExpectRoundTrip(const RecordBatchPtr& batch) {
    auto bytes = SerializeBatch(*batch, SerializeOptions{GetParam()});
    ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
    auto decoded = DeserializeBatch(*bytes, batch->schema());
    ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
    EXPECT_TRUE(BatchesEqual(*batch, **decoded));
    EXPECT_EQ((*decoded)->event_time_index(), batch->event_time_index());
    const Status valid = (*decoded)->Validate();
    EXPECT_TRUE(valid.ok()) << valid.ToString();
    // Re-encoding what was decoded gives the same bytes (the encoding is canonical).
    auto again = SerializeBatch(**decoded, SerializeOptions{GetParam()});
    ASSERT_TRUE(again.ok()) << again.status().ToString();
    EXPECT_TRUE((*again)->Equals(**bytes));
  }
};

TEST_P(BatchSerdeCodecTest, EveryTypeAlone) {
  const SchemaPtr all = AllTypesSchema();
  for (int i = 0; i < all->num_fields(); ++i) {
    SCOPED_TRACE(all->field(i).ToString());
    const SchemaPtr schema = SingleColumn(all, i);
    for (int64_t rows : {0, 1, 9, 300}) {
      SCOPED_TRACE(rows);
      ExpectRoundTrip(MakeBatch(schema, {.rows = rows, .seed = static_cast<uint64_t>(i)}));
    }
  }
}

TEST_P(BatchSerdeCodecTest, AllTypesWithNulls) {
  for (double null_prob : {0.0, 0.3, 1.0}) {
    SCOPED_TRACE(null_prob);
    ExpectRoundTrip(MakeBatch(AllTypesSchema(), {.rows = 200, .null_prob = null_prob}));
  }
}

TEST_P(BatchSerdeCodecTest, EmptyBatchAndNoColumns) {
  auto empty = RecordBatch::MakeEmpty(AllTypesSchema());
  ASSERT_TRUE(empty.ok()) << empty.status().ToString();
  ExpectRoundTrip(*empty);
  auto no_columns = RecordBatch::Make(std::make_shared<const Schema>(), {});
  ASSERT_TRUE(no_columns.ok()) << no_columns.status().ToString();
  ExpectRoundTrip(*no_columns);
}

TEST_P(BatchSerdeCodecTest, RowKindsAndEventTime) {
  const SchemaPtr schema = AllTypesSchema();
  const int ts = schema->FieldIndex("ts");
  ASSERT_GE(ts, 0);
  const RecordBatchPtr batch =
      MakeBatch(schema, {.rows = 100, .row_kinds = true, .event_time_index = ts, .seed = 7});
  ASSERT_FALSE(batch->all_inserts());
  ExpectRoundTrip(batch);

  // A row-kind column that holds only +I is not written; the rows stay +I.
  auto builder = ColumnBuilder::Make(LogicalType::TinyInt(false));
  ASSERT_TRUE(builder.ok());
  for (int i = 0; i < 100; ++i) ASSERT_TRUE((*builder)->AppendValue(Value(int64_t{0})).ok());
  auto inserts = (*builder)->Finish();
  ASSERT_TRUE(inserts.ok());
  const RecordBatchPtr all_insert = batch->WithRowKinds(*inserts);
  auto bytes = SerializeBatch(*all_insert, SerializeOptions{GetParam()});
  ASSERT_TRUE(bytes.ok());
  auto header = PeekBatchHeader((*bytes)->data(), (*bytes)->size());
  ASSERT_TRUE(header.ok());
  EXPECT_FALSE(header->has_row_kinds());
  ExpectRoundTrip(all_insert);
}

TEST_P(BatchSerdeCodecTest, SlicedAtOddOffsets) {
  const RecordBatchPtr batch =
      MakeBatch(AllTypesSchema(), {.rows = 150, .null_prob = 0.4, .row_kinds = true, .seed = 3});
  for (int64_t offset : {1, 3, 7, 8, 13, 63, 149}) {
    for (int64_t length : {int64_t{0}, int64_t{1}, int64_t{5}, 150 - offset}) {
      if (offset + length > 150) continue;
      SCOPED_TRACE(std::to_string(offset) + "+" + std::to_string(length));
      const RecordBatchPtr slice = batch->Slice(offset, length);
      ExpectRoundTrip(slice);
      // Only the window is written: a small slice makes a small message.
      auto full = SerializedBatchSize(*batch);
      auto part = SerializedBatchSize(*slice);
      ASSERT_TRUE(full.ok() && part.ok());
      if (length <= 5) {
        EXPECT_LT(*part * 4, *full);
      }
    }
  }
  // A slice of a slice.
  ExpectRoundTrip(batch->Slice(5, 100)->Slice(11, 33));
}

TEST_P(BatchSerdeCodecTest, ByteFlipsNeverCrash) {
  const SchemaPtr schema = FuzzSchema();
  const Bytes good = Serialize(*MakeBatch(schema, {.rows = 12, .row_kinds = true}), GetParam());
  std::mt19937_64 rng(42);
  int decoded_ok = 0;
  for (int iter = 0; iter < 1500; ++iter) {
    Bytes m = good;
    const int flips = 1 + static_cast<int>(rng() % 3);
    for (int k = 0; k < flips; ++k) m[rng() % m.size()] ^= static_cast<uint8_t>(1 + rng() % 255);
    // Half the time make the checksum match, so the structure checks behind it run.
    const bool fix = iter % 2 == 1;
    if (fix) RecomputeChecksum(m);
    auto decoded = DeserializeBatch(ToBuffer(m), schema);
    if (!decoded.ok()) {
      EXPECT_TRUE(decoded.status().IsSerializationError()) << decoded.status().ToString();
      continue;
    }
    ++decoded_ok;
    const Status valid = (*decoded)->Validate();
    ASSERT_TRUE(valid.ok()) << valid.ToString();
    auto again = SerializeBatch(**decoded);
    ASSERT_TRUE(again.ok()) << again.status().ToString();
    auto twice = DeserializeBatch(*again, schema);
    ASSERT_TRUE(twice.ok()) << twice.status().ToString();
    EXPECT_TRUE((*twice)->Equals(**decoded));
  }
  // Flips that only change values (with a fixed checksum) decode to other valid batches.
  if (GetParam() == Compression::kNone) {
    EXPECT_GT(decoded_ok, 0);
  }
}

TEST_P(BatchSerdeCodecTest, EveryTruncationFails) {
  const SchemaPtr schema = FuzzSchema();
  const Bytes good = Serialize(*MakeBatch(schema, {.rows = 6, .row_kinds = true}), GetParam());
  for (size_t size = 0; size < good.size(); ++size) {
    Bytes prefix(good.begin(), good.begin() + static_cast<std::ptrdiff_t>(size));
    auto decoded = DeserializeBatch(ToBuffer(prefix), schema);
    ASSERT_FALSE(decoded.ok()) << "prefix of " << size << " bytes decoded";
    EXPECT_TRUE(decoded.status().IsSerializationError()) << decoded.status().ToString();
    if (size >= static_cast<size_t>(kBatchHeaderSize)) {
      // The same prefix with a header that agrees: the body decoder must notice.
      auto body_cut = DeserializeBatch(ToBuffer(TruncateBody(good, size)), schema);
      ASSERT_FALSE(body_cut.ok()) << "body cut to " << size << " bytes decoded";
      EXPECT_TRUE(body_cut.status().IsSerializationError()) << body_cut.status().ToString();
    }
  }
}

INSTANTIATE_TEST_SUITE_P(BatchSerde, BatchSerdeCodecTest,
                         ::testing::Values(Compression::kNone, Compression::kLz4,
                                           Compression::kZstd),
                         [](const ::testing::TestParamInfo<Compression>& info) {
                           return std::string(CompressionName(info.param));
                         });

// ---------------------------------------------------------------------------------------
// Format, compression and zero-copy

TEST(BatchSerdeTest, HeaderDescribesTheMessage) {
  const SchemaPtr schema = AllTypesSchema();
  const RecordBatchPtr batch = MakeBatch(schema, {.rows = 33, .row_kinds = true,
                                                  .event_time_index = schema->FieldIndex("ltz")});
  const Bytes m = Serialize(*batch, Compression::kNone);
  ASSERT_EQ(std::string(m.begin(), m.begin() + 3), "WRB");
  auto h = PeekBatchHeader(m.data(), static_cast<int64_t>(m.size()));
  ASSERT_TRUE(h.ok()) << h.status().ToString();
  EXPECT_EQ(h->version, kBatchFormatVersion);
  EXPECT_EQ(h->compression, Compression::kNone);
  EXPECT_TRUE(h->has_row_kinds());
  EXPECT_EQ(h->num_rows, 33);
  EXPECT_EQ(h->num_columns, schema->num_fields());
  EXPECT_EQ(h->event_time_index, schema->FieldIndex("ltz"));
  EXPECT_EQ(h->schema_fingerprint, SchemaFingerprint(*schema));
  EXPECT_EQ(h->message_size(), static_cast<int64_t>(m.size()));
  EXPECT_EQ(h->uncompressed_body_length, h->body_length);
  auto size = SerializedBatchSize(*batch);
  ASSERT_TRUE(size.ok());
  EXPECT_EQ(*size, static_cast<int64_t>(m.size()));
  // The header alone is enough to peek.
  EXPECT_TRUE(PeekBatchHeader(m.data(), kBatchHeaderSize).ok());
  EXPECT_FALSE(PeekBatchHeader(m.data(), kBatchHeaderSize - 1).ok());
}

TEST(BatchSerdeTest, CompressesCompressibleBodies) {
  auto schema = Schema::Parse("a BIGINT, b STRING");
  ASSERT_TRUE(schema.ok());
  std::vector<ColumnPtr> columns;
  for (int c = 0; c < 2; ++c) {
    auto builder = ColumnBuilder::Make((*schema)->type(c));
    ASSERT_TRUE(builder.ok());
    for (int i = 0; i < 4096; ++i) {
      const Value v = c == 0 ? Value(int64_t{i % 10}) : Value("same old string");
      ASSERT_TRUE((*builder)->AppendValue(v).ok());
    }
    auto column = (*builder)->Finish();
    ASSERT_TRUE(column.ok());
    columns.push_back(*column);
  }
  auto batch = RecordBatch::Make(*schema, columns);
  ASSERT_TRUE(batch.ok());
  const Bytes plain = Serialize(**batch, Compression::kNone);
  for (Compression codec : {Compression::kLz4, Compression::kZstd}) {
    SCOPED_TRACE(CompressionName(codec));
    const Bytes packed = Serialize(**batch, codec);
    EXPECT_LT(packed.size() * 4, plain.size());
    auto h = PeekBatchHeader(packed.data(), static_cast<int64_t>(packed.size()));
    ASSERT_TRUE(h.ok());
    EXPECT_EQ(h->compression, codec);
    EXPECT_EQ(h->uncompressed_body_length, static_cast<int64_t>(plain.size()) - kBatchHeaderSize);
    const BufferPtr input = ToBuffer(packed);
    auto decoded = DeserializeBatch(input, *schema);
    ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
    EXPECT_TRUE(BatchesEqual(**batch, **decoded));
    // Columns are views into one decompressed buffer, not into the input.
    const Buffer* first = (*decoded)->column(0)->buffer(1).get();
    ForEachBuffer(*(*decoded)->column(1), [&](const Buffer& b) {
      EXPECT_FALSE(Inside(b, *input));
      EXPECT_LT(std::abs(b.data() - first->data()), static_cast<std::ptrdiff_t>(plain.size()));
    });
  }
}

TEST(BatchSerdeTest, StoresIncompressibleBodiesUncompressed) {
  auto schema = Schema::Parse("v BYTES");
  ASSERT_TRUE(schema.ok());
  RandomValues random(5);
  auto builder = ColumnBuilder::Make((*schema)->type(0));
  ASSERT_TRUE(builder.ok());
  // One long random value: the few compressible header bytes cannot pay for the codecs'
  // overhead on 16 KB of noise.
  ASSERT_TRUE((*builder)->AppendValue(Value(random.Text(16000, 16000, true))).ok());
  auto column = (*builder)->Finish();
  ASSERT_TRUE(column.ok());
  auto batch = RecordBatch::Make(*schema, {*column});
  ASSERT_TRUE(batch.ok());
  for (Compression codec : {Compression::kLz4, Compression::kZstd}) {
    const Bytes m = Serialize(**batch, codec);
    auto h = PeekBatchHeader(m.data(), static_cast<int64_t>(m.size()));
    ASSERT_TRUE(h.ok());
    EXPECT_EQ(h->compression, Compression::kNone) << CompressionName(codec);
    EXPECT_EQ(m, Serialize(**batch, Compression::kNone));
    EXPECT_TRUE(BatchesEqual(**batch, *Decode(m, *schema)));
  }
}

TEST(BatchSerdeTest, DecodesWithoutCopyingAlignedInput) {
  const SchemaPtr schema = AllTypesSchema();
  const RecordBatchPtr batch = MakeBatch(schema, {.rows = 50, .row_kinds = true});
  auto bytes = SerializeBatch(*batch);
  ASSERT_TRUE(bytes.ok());
  BufferPtr input = *bytes;
  auto pool = MemoryPool::MakeRoot("decode");
  auto decoded = DeserializeBatch(input, schema, pool.get());
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_TRUE(BatchesEqual(*batch, **decoded));
  int num_buffers = 0;
  for (const ColumnPtr& column : (*decoded)->columns()) {
    ForEachBuffer(*column, [&](const Buffer& b) {
      ++num_buffers;
      EXPECT_TRUE(Inside(b, *input));
      EXPECT_EQ(reinterpret_cast<uintptr_t>(b.data()) % 8, 0u);
    });
  }
  ForEachBuffer(*(*decoded)->row_kinds(), [&](const Buffer& b) { EXPECT_TRUE(Inside(b, *input)); });
  EXPECT_GT(num_buffers, schema->num_fields());
  EXPECT_EQ(pool->used(), 0) << "zero-copy decoding allocated column memory";
  // Decimal values are 16-byte aligned in the message, so they stay views too.
  const ColumnPtr& dec = (*decoded)->column(schema->FieldIndex("dec38"));
  EXPECT_EQ(reinterpret_cast<uintptr_t>(dec->buffer(1)->data()) % 16, 0u);
  // The views keep the input alive after the caller lets go of it, and only as long.
  RecordBatchPtr kept = *decoded;
  std::weak_ptr<Buffer> weak_input = input;
  input.reset();
  bytes = Status::Cancelled("dropped");
  EXPECT_EQ(bytes.status().code(), StatusCode::kCancelled);
  decoded = Status::Cancelled("dropped");
  EXPECT_EQ(decoded.status().code(), StatusCode::kCancelled);
  EXPECT_FALSE(weak_input.expired());
  EXPECT_TRUE(BatchesEqual(*batch, *kept));
  kept.reset();
  EXPECT_TRUE(weak_input.expired());
}

TEST(BatchSerdeTest, CopiesMisalignedInput) {
  const SchemaPtr schema = AllTypesSchema();
  const RecordBatchPtr batch = MakeBatch(schema, {.rows = 40});
  std::string out = "x";  // the message starts at an odd offset
  ASSERT_TRUE(SerializeBatchTo(*batch, {}, &out).ok());
  auto backing = std::make_shared<std::string>(std::move(out));
  const uint8_t* start = reinterpret_cast<const uint8_t*>(backing->data()) + 1;
  const int64_t size = static_cast<int64_t>(backing->size()) - 1;
  BufferPtr input = Buffer::Wrap(start, size, backing);
  auto decoded = DeserializeBatch(input, schema);
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_TRUE(BatchesEqual(*batch, **decoded));
  for (const ColumnPtr& column : (*decoded)->columns()) {
    ForEachBuffer(*column, [&](const Buffer& b) {
      EXPECT_FALSE(Inside(b, *input));
      EXPECT_EQ(reinterpret_cast<uintptr_t>(b.data()) % 8, 0u);
    });
  }
}

TEST(BatchSerdeTest, SerializeToAppendsMessages) {
  const SchemaPtr schema = FuzzSchema();
  const RecordBatchPtr a = MakeBatch(schema, {.rows = 20, .seed = 1});
  const RecordBatchPtr b = MakeBatch(schema, {.rows = 7, .row_kinds = true, .seed = 2});
  std::string out;
  ASSERT_TRUE(SerializeBatchTo(*a, {Compression::kLz4}, &out).ok());
  const size_t first_size = out.size();
  ASSERT_TRUE(SerializeBatchTo(*b, {Compression::kZstd, 3}, &out).ok());
  auto backing = std::make_shared<std::string>(std::move(out));
  const uint8_t* p = reinterpret_cast<const uint8_t*>(backing->data());
  auto h1 = PeekBatchHeader(p, static_cast<int64_t>(backing->size()));
  ASSERT_TRUE(h1.ok()) << h1.status().ToString();
  ASSERT_EQ(h1->message_size(), static_cast<int64_t>(first_size));
  auto h2 = PeekBatchHeader(p + first_size, static_cast<int64_t>(backing->size() - first_size));
  ASSERT_TRUE(h2.ok()) << h2.status().ToString();
  ASSERT_EQ(static_cast<size_t>(h2->message_size()), backing->size() - first_size);
  auto da = DeserializeBatch(Buffer::Wrap(p, h1->message_size(), backing), schema);
  auto db = DeserializeBatch(Buffer::Wrap(p + first_size, h2->message_size(), backing), schema);
  ASSERT_TRUE(da.ok()) << da.status().ToString();
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  EXPECT_TRUE(BatchesEqual(*a, **da));
  EXPECT_TRUE(BatchesEqual(*b, **db));
}

TEST(BatchSerdeTest, DecodedMemoryIsAccountedAndReleased) {
  const SchemaPtr schema = AllTypesSchema();
  const Bytes m = Serialize(*MakeBatch(schema, {.rows = 100}), Compression::kZstd);
  auto pool = MemoryPool::MakeRoot("decode");
  {
    auto decoded = DeserializeBatch(ToBuffer(m), schema, pool.get());
    ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
    EXPECT_GT(pool->used(), 0);
  }
  EXPECT_EQ(pool->used(), 0);
}

// ---------------------------------------------------------------------------------------
// Errors

TEST(BatchSerdeTest, RejectsAnotherSchema) {
  auto schema = Schema::Parse("a BIGINT, b STRING");
  auto same_shape = Schema::Parse("a BIGINT, c STRING");
  auto other_count = Schema::Parse("a BIGINT");
  ASSERT_TRUE(schema.ok() && same_shape.ok() && other_count.ok());
  const Bytes m = Serialize(*MakeBatch(*schema, {.rows = 3}), Compression::kNone);
  for (const SchemaPtr& wrong : {*same_shape, *other_count}) {
    auto decoded = DeserializeBatch(ToBuffer(m), wrong);
    ASSERT_FALSE(decoded.ok());
    EXPECT_TRUE(decoded.status().IsSerializationError()) << decoded.status().ToString();
  }
  auto decoded = DeserializeBatch(ToBuffer(m), *same_shape);
  EXPECT_NE(decoded.status().message().find("another schema"), std::string::npos)
      << decoded.status().ToString();
  EXPECT_NE(SchemaFingerprint(**schema), SchemaFingerprint(**same_shape));
  auto reparsed = Schema::Parse("a BIGINT, b STRING");
  ASSERT_TRUE(reparsed.ok());
  EXPECT_EQ(SchemaFingerprint(**schema), SchemaFingerprint(**reparsed));
  EXPECT_TRUE(DeserializeBatch(ToBuffer(m), *reparsed).ok());
}

TEST(BatchSerdeTest, RejectsBadHeaders) {
  auto schema = Schema::Parse("a BIGINT");
  ASSERT_TRUE(schema.ok());
  const Bytes good = Serialize(*MakeBatch(*schema, {.rows = 4}), Compression::kNone);
  struct Case {
    const char* name;
    std::function<void(Bytes&)> edit;
    const char* message;
  };
  const std::vector<Case> cases = {
      {"magic", [](Bytes& m) { m[0] = 'X'; }, "bad magic"},
      {"version", [](Bytes& m) { m[3] = 2; }, "version"},
      {"codec", [](Bytes& m) { m[4] = 9; }, "codec"},
      {"flags", [](Bytes& m) { m[5] = 0x80; }, "flags"},
      {"reserved", [](Bytes& m) { m[50] = 1; }, "reserved"},
      {"negative rows", [](Bytes& m) { Put<int64_t>(m, 16, -1); }, "row count"},
      {"event time", [](Bytes& m) { Put<int32_t>(m, 12, 5); }, "event-time"},
      {"checksum", [](Bytes& m) { m[56] ^= 1; }, "checksum"},
      {"body bit", [](Bytes& m) { m.back() ^= 1; }, "checksum"},
      {"trailing byte", [](Bytes& m) { m.push_back(0); }, "after its declared end"},
      {"lengths disagree", [](Bytes& m) { Put<int64_t>(m, 32, 8); }, "disagree"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Bytes m = good;
    c.edit(m);
    auto decoded = DeserializeBatch(ToBuffer(m), *schema);
    ASSERT_FALSE(decoded.ok());
    EXPECT_TRUE(decoded.status().IsSerializationError()) << decoded.status().ToString();
    EXPECT_NE(decoded.status().message().find(c.message), std::string::npos)
        << decoded.status().ToString();
  }
  EXPECT_FALSE(DeserializeBatch(nullptr, *schema).ok());
  EXPECT_TRUE(DeserializeBatch(ToBuffer(good), *schema).ok());
}

TEST(BatchSerdeTest, RejectsInconsistentBodies) {
  auto schema = Schema::Parse("s STRING");
  ASSERT_TRUE(schema.ok());
  const Bytes good = Serialize(*MakeBatch(*schema, {.rows = 4, .null_prob = 0}), Compression::kNone);
  // Body: null count (8) | validity length 0 (8) | offsets length (8) | 5 offsets + pad (24) | data.
  struct Case {
    const char* name;
    std::function<void(Bytes&)> edit;
    const char* message;
  };
  const std::vector<Case> cases = {
      {"null count", [](Bytes& m) { Put<int64_t>(m, 64, 2); }, "without a validity bitmap"},
      {"offsets length", [](Bytes& m) { Put<int64_t>(m, 80, 24); }, "length mismatch"},
      {"first offset", [](Bytes& m) { Put<int32_t>(m, 88, 1); }, "do not start at 0"},
      {"decreasing", [](Bytes& m) { Put<int32_t>(m, 92, 1000); }, "decrease"},
      {"more rows", [](Bytes& m) { Put<int64_t>(m, 16, 5); }, "length mismatch"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Bytes m = good;
    c.edit(m);
    RecomputeChecksum(m);
    auto decoded = DeserializeBatch(ToBuffer(m), *schema);
    ASSERT_FALSE(decoded.ok());
    EXPECT_TRUE(decoded.status().IsSerializationError()) << decoded.status().ToString();
    EXPECT_NE(decoded.status().message().find(c.message), std::string::npos)
        << decoded.status().ToString();
  }
  // Row kinds outside 0..3.
  const Bytes kinds = Serialize(*MakeBatch(*schema, {.rows = 4, .row_kinds = true, .seed = 9}),
                                Compression::kNone);
  ASSERT_EQ(kinds[5], kBatchFlagRowKinds);
  Bytes m = kinds;
  m[64 + 8] = 4;  // first row kind
  RecomputeChecksum(m);
  auto decoded = DeserializeBatch(ToBuffer(m), *schema);
  ASSERT_FALSE(decoded.ok());
  EXPECT_NE(decoded.status().message().find("row kind"), std::string::npos)
      << decoded.status().ToString();
}

TEST(BatchSerdeTest, HugeCountsFailFast) {
  auto schema = Schema::Parse("a BIGINT, b STRING, c ARRAY<INT>");
  ASSERT_TRUE(schema.ok());
  // A small pool proves that nothing is allocated from the declared sizes.
  auto pool = MemoryPool::MakeRoot("small", 1 << 20);
  const auto start = std::chrono::steady_clock::now();
  for (Compression codec : {Compression::kNone, Compression::kLz4, Compression::kZstd}) {
    SCOPED_TRACE(CompressionName(codec));
    const Bytes good = Serialize(*MakeBatch(*schema, {.rows = 500, .null_prob = 0}), codec);
    for (int64_t rows : {int64_t{1} << 60, int64_t{INT32_MAX}, int64_t{1} << 24}) {
      Bytes m = good;
      Put<int64_t>(m, 16, rows);
      RecomputeChecksum(m);
      auto decoded = DeserializeBatch(ToBuffer(m), *schema, pool.get());
      ASSERT_FALSE(decoded.ok());
      EXPECT_TRUE(decoded.status().IsSerializationError()) << decoded.status().ToString();
    }
    // A huge declared uncompressed size.
    Bytes m = good;
    Put<int64_t>(m, 32, kMaxBatchBodyBytes);
    if (codec == Compression::kNone) Put<int64_t>(m, 40, kMaxBatchBodyBytes);
    RecomputeChecksum(m);
    auto decoded = DeserializeBatch(ToBuffer(m), *schema, pool.get());
    ASSERT_FALSE(decoded.ok());
    EXPECT_TRUE(decoded.status().IsSerializationError()) << decoded.status().ToString();
    Put<int64_t>(m, 32, int64_t{1} << 62);
    RecomputeChecksum(m);
    EXPECT_FALSE(DeserializeBatch(ToBuffer(m), *schema, pool.get()).ok());
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
}

TEST(BatchSerdeTest, RejectsBadOptions) {
  auto schema = Schema::Parse("a BIGINT");
  ASSERT_TRUE(schema.ok());
  const RecordBatchPtr batch = MakeBatch(*schema, {.rows = 4});
  auto bad_level = SerializeBatch(*batch, SerializeOptions{Compression::kZstd, 1000});
  EXPECT_TRUE(bad_level.status().IsInvalid()) << bad_level.status().ToString();
  auto bad_codec = SerializeBatch(*batch, SerializeOptions{static_cast<Compression>(7)});
  EXPECT_TRUE(bad_codec.status().IsInvalid()) << bad_codec.status().ToString();
}

// ---------------------------------------------------------------------------------------
// Seed corpus of batch_serde_fuzz in test/fuzz/corpus/batch_serde. To regenerate it after a
// format change: WEIR_BATCH_SERDE_CORPUS_DIR=test/fuzz/corpus/batch_serde weir_common_test
//   --gtest_filter='BatchSerdeCorpus*'

void WriteSeedCorpus(const std::filesystem::path& dir) {
  const SchemaPtr schema = FuzzSchema();
  struct Seed {
    const char* name;
    RecordBatchPtr batch;
    Compression codec;
  };
  const RecordBatchPtr base = MakeBatch(schema, {.rows = 12, .null_prob = 0.3, .row_kinds = true,
                                                 .event_time_index = schema->FieldIndex("ts")});
  const std::vector<Seed> seeds = {
      {"empty", MakeBatch(schema, {.rows = 0}), Compression::kNone},
      {"one_row", MakeBatch(schema, {.rows = 1, .null_prob = 0, .seed = 2}), Compression::kNone},
      {"row_kinds", base->Slice(0, 4), Compression::kNone},
      {"sliced", base->Slice(3, 5), Compression::kNone},
      {"all_null", MakeBatch(schema, {.rows = 3, .null_prob = 1, .seed = 3}), Compression::kNone},
      {"lz4", MakeBatch(schema, {.rows = 6, .null_prob = 0.1, .seed = 4}), Compression::kLz4},
      {"zstd", MakeBatch(schema, {.rows = 6, .null_prob = 0.1, .seed = 5}), Compression::kZstd},
  };
  std::filesystem::create_directories(dir);
  for (const Seed& seed : seeds) {
    const Bytes m = Serialize(*seed.batch, seed.codec);
    std::ofstream out(dir / (std::string("seed_") + seed.name), std::ios::binary);
    out.write(reinterpret_cast<const char*>(m.data()), static_cast<std::streamsize>(m.size()));
    ASSERT_TRUE(out.good()) << dir;
  }
}

// The committed seeds must stay valid messages of the fuzz schema, or the fuzzer starts cold.
TEST(BatchSerdeCorpus, SeedsDecode) {
  std::filesystem::path dir = std::filesystem::path(WEIR_SOURCE_DIR) / "test/fuzz/corpus/batch_serde";
  if (const char* out = std::getenv("WEIR_BATCH_SERDE_CORPUS_DIR")) {
    dir = out;
    WriteSeedCorpus(dir);
  }
  int num_seeds = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    SCOPED_TRACE(entry.path().string());
    std::ifstream in(entry.path(), std::ios::binary);
    const Bytes m((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto decoded = DeserializeBatch(ToBuffer(m), FuzzSchema());
    ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
    auto h = PeekBatchHeader(m.data(), static_cast<int64_t>(m.size()));
    ASSERT_TRUE(h.ok());
    EXPECT_EQ(Serialize(**decoded, h->compression), m);
    ++num_seeds;
  }
  EXPECT_GE(num_seeds, 5);
}

}  // namespace
}  // namespace weir
