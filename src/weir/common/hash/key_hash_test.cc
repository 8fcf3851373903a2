// Tests of key hashing: golden values, vectorised == per-row, slices, NaN/-0.0, key groups.
#include "weir/common/hash/key_hash.h"

#include <gtest/gtest.h>
#include <xxhash.h>

#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <set>
#include <string>
#include <vector>

#include "weir/common/batch/column_builder.h"
#include "weir/common/batch/record_batch.h"
#include "weir/common/types/schema.h"

namespace weir {
namespace {

ColumnPtr MakeColumn(const LogicalType& type, const std::vector<Value>& values) {
  auto builder = ColumnBuilder::Make(type);
  WEIR_CHECK_OK(builder.status());
  for (const Value& v : values) WEIR_CHECK_OK((*builder)->AppendValue(v));
  auto column = (*builder)->Finish();
  WEIR_CHECK_OK(column.status());
  return *column;
}

std::vector<uint64_t> HashAll(const ColumnVector& column) {
  std::vector<uint64_t> hashes(column.length());
  HashColumn(column, hashes.data(), /*combine=*/false);
  return hashes;
}

uint64_t MustHashValue(const Value& value, const LogicalType& type, uint64_t seed = kKeyHashSeed) {
  Result<uint64_t> h = HashValue(value, type, seed);
  WEIR_CHECK_OK(h.status());
  return *h;
}

Value Int(int64_t v) { return Value(v); }
Value Str(const char* v) { return Value(v); }
Value Null() { return Value::MakeNull(); }

// One sample type with values (including a null) for the every-type tests.
struct TypeCase {
  LogicalType type;
  std::vector<Value> values;
};

std::vector<TypeCase> EveryTypeCases() {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  LogicalType row =
      LogicalType::Row({Field("x", LogicalType::Int()), Field("y", LogicalType::String())});
  return {
      {LogicalType::Null(), {Null(), Null(), Null()}},
      {LogicalType::Boolean(), {Value(true), Value(false), Null(), Value(true), Value(false)}},
      {LogicalType::TinyInt(), {Int(0), Int(-128), Int(127), Null(), Int(5)}},
      {LogicalType::SmallInt(), {Int(0), Int(-32768), Int(32767), Null(), Int(5)}},
      {LogicalType::Int(), {Int(0), Int(-1), Int(2147483647), Null(), Int(5)}},
      {LogicalType::BigInt(),
       {Int(0), Int(-1), Int(std::numeric_limits<int64_t>::min()), Null(), Int(5), Int(1)}},
      {LogicalType::Float(),
       {Value(0.0), Value(-0.0), Value(1.5), Value(nan), Null(), Value(-3.25)}},
      {LogicalType::Double(),
       {Value(0.0), Value(-0.0), Value(1.5), Value(nan), Null(), Value(1e300)}},
      {LogicalType::Decimal(38, 2),
       {Value(Decimal128(0)), Value(Decimal128(-12345)), Null(),
        Value(Decimal128(Decimal128::PowerOfTen(37) + 7))}},
      {LogicalType::Char(3), {Str("abc"), Null(), Str("xyz")}},
      {LogicalType::String(),
       {Str(""), Str("a"), Null(), Str("a longer string of bytes"), Str("")}},
      {LogicalType::Bytes(), {Str(""), Value(std::string("\0\1\2", 3)), Null(), Str("bin")}},
      {LogicalType::Date(), {Int(0), Int(-719162), Int(18000), Null()}},
      {LogicalType::Time(3), {Int(0), Int(86399999000000), Null()}},
      {LogicalType::Timestamp(3), {Int(0), Int(1602288005000), Null(), Int(-1)}},
      {LogicalType::Timestamp(9), {Int(0), Int(1602288005000000001), Null()}},
      {LogicalType::TimestampLtz(6), {Int(0), Int(1602288005000000), Null()}},
      {LogicalType::IntervalYearMonth(), {Int(0), Int(-14), Null(), Int(25)}},
      {LogicalType::IntervalDayTime(), {Int(0), Int(-86400000), Null(), Int(1)}},
      {LogicalType::Array(LogicalType::BigInt()),
       {Value::MakeList({Int(1), Int(2)}), Value::MakeList({}), Null(),
        Value::MakeList({Null(), Int(3)}), Value::MakeList({Int(2), Int(1)})}},
      {LogicalType::Map(LogicalType::String(), LogicalType::BigInt()),
       {Value::MakeMap({{Str("a"), Int(1)}, {Str("b"), Null()}}), Value::MakeMap({}), Null(),
        Value::MakeMap({{Str("c"), Int(3)}})}},
      {LogicalType::Multiset(LogicalType::String()),
       {Value::MakeMap({{Str("a"), Int(2)}, {Str("b"), Int(1)}}), Value::MakeMap({}), Null(),
        Value::MakeMap({{Null(), Int(3)}})}},
      {row,
       {Value::MakeRow({Int(1), Str("x")}), Value::MakeRow({Null(), Null()}), Null(),
        Value::MakeRow({Int(2), Str("")})}},
      {LogicalType::Array(row),
       {Value::MakeList({Value::MakeRow({Int(1), Str("x")}), Null()}), Null(),
        Value::MakeList({Value::MakeRow({Null(), Str("y")})})}},
  };
}

// ---- Golden values: computed once and frozen. A failure here means the hash function
// changed, which breaks savepoint compatibility (docs/design/0004-key-hashing.md).

struct Golden {
  LogicalType type;
  Value value;
  uint64_t expected;
};

std::vector<Golden> GoldenCases() {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  return {
      {LogicalType::BigInt(), Null(), 0x4ffc1c99174c1cb3ull},
      {LogicalType::Boolean(), Value(false), 0x54c11eb6e80c45d9ull},
      {LogicalType::Boolean(), Value(true), 0xe94d600427bc2cb5ull},
      {LogicalType::TinyInt(), Int(-7), 0xf4fbc8ff094d9748ull},
      {LogicalType::SmallInt(), Int(1234), 0xf786b4da5e5e088bull},
      {LogicalType::Int(), Int(42), 0x200c5f49c415f689ull},
      {LogicalType::BigInt(), Int(42), 0x22b5e519e1e67bull},
      {LogicalType::BigInt(), Int(-1), 0x74f0a21eeddd8b0aull},
      {LogicalType::Float(), Value(1.5), 0xc2719691c4f27befull},
      {LogicalType::Float(), Value(nan), 0x2e50966337586119ull},
      {LogicalType::Double(), Value(1.5), 0x8b931cac456e898full},
      {LogicalType::Double(), Value(-0.0), 0x771a17892747617eull},
      {LogicalType::Decimal(10, 2), Value(Decimal128(-12345)), 0x25bc9607f22f5fe6ull},
      {LogicalType::String(), Str(""), 0xab9a6f6db4c4f8c6ull},
      {LogicalType::String(), Str("hello"), 0xedda28419a6cb466ull},
      {LogicalType::String(), Str("0123456789abcdef0123456789abcdef"), 0xe341a77e1940cae6ull},
      {LogicalType::String(), Value(std::string(200, 'm')),
       0x8d6e58353b8b937full},  // 129..240 bytes
      {LogicalType::String(), Value(std::string(1000, 'w')), 0xb8849535fee7f269ull},  // > 240 bytes
      {LogicalType::Bytes(), Str("\x01\x02\x03"), 0x25a9e52da2705d9bull},
      {LogicalType::Date(), Int(18545), 0x1d748558f9d5fd11ull},
      {LogicalType::Time(0), Int(3723000000000), 0x2c7bfe8fde8f73ceull},
      {LogicalType::Timestamp(3), Int(1602288005000), 0xf6168a742a0dda7ull},
      {LogicalType::TimestampLtz(6), Int(1602288005000000), 0xb1c6f974e55a2e44ull},
      {LogicalType::IntervalYearMonth(), Int(14), 0xf478227c0444a1a0ull},
      {LogicalType::IntervalDayTime(), Int(90061000), 0xbc6e6d8bfcf873c8ull},
      {LogicalType::Decimal(38, 0), Value(Decimal128(Decimal128::PowerOfTen(38) - 1)),
       0xc84785b49f704326ull},
      {LogicalType::Char(4), Str("ab  "), 0x95ee45c7f67bcc69ull},
      {LogicalType::Array(LogicalType::Int()), Value::MakeList({Int(1), Null(), Int(3)}),
       0x3b9aee7f33bc2deull},
      {LogicalType::Multiset(LogicalType::String()),
       Value::MakeMap({{Str("x"), Int(2)}, {Str("y"), Int(1)}}), 0x118688719d759bd4ull},
      {LogicalType::Map(LogicalType::String(), LogicalType::Int()),
       Value::MakeMap({{Str("a"), Int(1)}, {Str("b"), Int(2)}}), 0xb8916e188818548eull},
      {LogicalType::Row({Field("a", LogicalType::Int()), Field("b", LogicalType::String())}),
       Value::MakeRow({Int(7), Str("seven")}), 0xacf6be449c6cace8ull},
  };
}

TEST(KeyHashTest, GoldenValues) {
  for (const Golden& g : GoldenCases()) {
    SCOPED_TRACE(g.type.ToString());
    const uint64_t from_value = MustHashValue(g.value, g.type);
    EXPECT_EQ(from_value, g.expected) << "actual 0x" << std::hex << from_value;
    ColumnPtr column = MakeColumn(g.type, {g.value});
    EXPECT_EQ(HashAll(*column)[0], g.expected);
    EXPECT_EQ(HashColumnValue(*column, 0), g.expected);
  }
}

TEST(KeyHashTest, GoldenMultiColumnRows) {
  auto schema = std::make_shared<Schema>(std::vector<Field>{Field("id", LogicalType::BigInt()),
                                                            Field("name", LogicalType::String()),
                                                            Field("price", LogicalType::Double())});
  auto batch = RecordBatch::Make(
      schema, {MakeColumn(LogicalType::BigInt(), {Int(1), Int(2), Null()}),
               MakeColumn(LogicalType::String(), {Str("apple"), Null(), Str("pear")}),
               MakeColumn(LogicalType::Double(), {Value(0.5), Value(-0.0), Value(3.25)})});
  ASSERT_TRUE(batch.ok()) << batch.status().ToString();
  const std::vector<int> keys = {0, 1, 2};
  std::vector<uint64_t> hashes(3);
  HashColumns(**batch, keys, hashes.data());
  const uint64_t expected[] = {0xb88eeff859a877dcull, 0x2e8b769be712d4cbull, 0x8bfea3073a60e87ull};
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(hashes[i], expected[i]) << "row " << i << " actual 0x" << std::hex << hashes[i];
    EXPECT_EQ(HashRow(**batch, keys, i), hashes[i]);
  }
}

// Recomputes hashes with the library's own XXH3 from the byte encodings written out in
// docs/design/0004-key-hashing.md, so the document is known to specify the code exactly.
TEST(KeyHashTest, MatchesDocumentedEncoding) {
  auto H = [](const void* bytes, size_t n, uint64_t seed) {
    return XXH3_64bits_withSeed(bytes, n, seed);
  };
  const uint64_t kSeed = 0x5745495248415348ull;
  const uint64_t kNullSalt = 0x4E554C4C4E554C4Cull;
  const uint64_t kEntrySeed = 0x4D4150454E545259ull;
  auto le = [](uint64_t v, int width) {
    std::string out;
    for (int i = 0; i < width; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
    return out;
  };
  auto step_bytes = [&](const std::string& bytes, uint64_t h) {
    return H(bytes.data(), bytes.size(), h);
  };
  auto step_null = [&](uint64_t h) { return H("", 0, h ^ kNullSalt); };

  // (BIGINT 42, STRING "hi", NULL INT, INT -2, DOUBLE -0.0, DECIMAL -1, BOOLEAN true)
  uint64_t h = kSeed;
  h = step_bytes(le(42, 8), h);
  h = step_bytes("hi", h);
  h = step_null(h);
  h = step_bytes(le(static_cast<uint64_t>(-2), 4), h);
  h = step_bytes(le(0, 8), h);
  h = step_bytes(le(~0ull, 8) + le(~0ull, 8), h);
  h = step_bytes(std::string(1, '\x01'), h);

  const LogicalType types[] = {
      LogicalType::BigInt(), LogicalType::String(),      LogicalType::Int(),    LogicalType::Int(),
      LogicalType::Double(), LogicalType::Decimal(5, 0), LogicalType::Boolean()};
  const Value values[] = {
      Int(42), Str("hi"), Null(), Int(-2), Value(-0.0), Value(Decimal128(-1)), Value(true)};
  uint64_t ours = kKeyHashSeed;
  for (int i = 0; i < 7; ++i) ours = MustHashValue(values[i], types[i], ours);
  EXPECT_EQ(ours, h);

  // Long strings (XXH3's seeded long-input path).
  const std::string long_string(1000, 'w');
  EXPECT_EQ(MustHashValue(Value(long_string), LogicalType::String()),
            step_bytes(long_string, kSeed));

  // FLOAT NaN: the canonical quiet NaN bits.
  EXPECT_EQ(MustHashValue(Value(-std::numeric_limits<double>::quiet_NaN()), LogicalType::Float()),
            step_bytes(le(0x7FC00000u, 4), kSeed));

  // ARRAY<INT> [5, NULL]: count, then elements chained.
  uint64_t a = step_bytes(le(2, 8), kSeed);
  a = step_bytes(le(5, 4), a);
  a = step_null(a);
  EXPECT_EQ(
      MustHashValue(Value::MakeList({Int(5), Null()}), LogicalType::Array(LogicalType::Int())), a);

  // MAP<STRING, BIGINT> {x=1, y=NULL}: count and the wrapping sum of entry hashes.
  const uint64_t e1 = step_bytes(le(1, 8), step_bytes("x", kEntrySeed));
  const uint64_t e2 = step_null(step_bytes("y", kEntrySeed));
  const uint64_t m = step_bytes(le(2, 8) + le(e1 + e2, 8), kSeed);
  EXPECT_EQ(MustHashValue(Value::MakeMap({{Str("x"), Int(1)}, {Str("y"), Null()}}),
                          LogicalType::Map(LogicalType::String(), LogicalType::BigInt())),
            m);

  // ROW<a BIGINT> (NULL): field count, then the null field.
  EXPECT_EQ(MustHashValue(Value::MakeRow({Null()}),
                          LogicalType::Row({Field("a", LogicalType::BigInt())})),
            step_null(step_bytes(le(1, 8), kSeed)));

  // Key groups: the high 32 bits scaled onto the range.
  EXPECT_EQ(KeyGroupForHash(0xFFFFFFFF00000000ull, 128), 127);
  EXPECT_EQ(KeyGroupForHash(0x80000000FFFFFFFFull, 128), 64);
  EXPECT_EQ(KeyGroupForHash(0x00000000FFFFFFFFull, 128), 0);
}

// ---- Vectorised == per-row, for every type, with and without nulls and combining.

TEST(KeyHashTest, VectorisedMatchesPerRowForEveryType) {
  for (const TypeCase& c : EveryTypeCases()) {
    SCOPED_TRACE(c.type.ToString());
    ColumnPtr column = MakeColumn(c.type, c.values);
    ASSERT_EQ(column->length(), static_cast<int64_t>(c.values.size()));
    std::vector<uint64_t> fresh = HashAll(*column);
    std::vector<uint64_t> combined(c.values.size());
    for (size_t i = 0; i < combined.size(); ++i) combined[i] = 0x1234567890ABCDEFull * (i + 1);
    std::vector<uint64_t> seeds = combined;
    HashColumn(*column, combined.data(), /*combine=*/true);
    for (size_t i = 0; i < c.values.size(); ++i) {
      SCOPED_TRACE(i);
      EXPECT_EQ(fresh[i], HashColumnValue(*column, i));
      EXPECT_EQ(fresh[i], MustHashValue(c.values[i], c.type));
      EXPECT_EQ(combined[i], HashColumnValue(*column, i, seeds[i]));
      EXPECT_EQ(combined[i], MustHashValue(c.values[i], c.type, seeds[i]));
      if (c.values[i].is_null()) {
        EXPECT_EQ(fresh[i], MustHashValue(Null(), LogicalType::BigInt()));
      } else {
        EXPECT_NE(fresh[i], MustHashValue(Null(), LogicalType::BigInt()));
      }
    }
  }
}

TEST(KeyHashTest, NoNullsPathMatchesNullablePath) {
  // The same values with and without a validity bitmap hash alike.
  std::vector<Value> values;
  for (int i = 0; i < 200; ++i) values.push_back(Int(i * 7919));
  ColumnPtr dense = MakeColumn(LogicalType::BigInt(), values);
  values.push_back(Null());
  ColumnPtr with_null = MakeColumn(LogicalType::BigInt(), values);
  ASSERT_EQ(with_null->null_count(), 1);
  std::vector<uint64_t> a = HashAll(*dense);
  std::vector<uint64_t> b = HashAll(*with_null);
  for (int i = 0; i < 200; ++i) EXPECT_EQ(a[i], b[i]) << i;
}

TEST(KeyHashTest, SlicedColumnsHashLikeUnslicedRows) {
  for (const TypeCase& c : EveryTypeCases()) {
    SCOPED_TRACE(c.type.ToString());
    // Repeat the values so slices cross byte boundaries of the bitmaps.
    std::vector<Value> values;
    for (int r = 0; r < 5; ++r) values.insert(values.end(), c.values.begin(), c.values.end());
    ColumnPtr column = MakeColumn(c.type, values);
    std::vector<uint64_t> full = HashAll(*column);
    const int64_t n = column->length();
    for (int64_t offset : {int64_t{1}, int64_t{3}, int64_t{7}, int64_t{9}}) {
      if (offset >= n) continue;
      ColumnPtr slice = column->Slice(offset, n - offset - 1);
      std::vector<uint64_t> sliced = HashAll(*slice);
      for (int64_t i = 0; i < slice->length(); ++i) {
        EXPECT_EQ(sliced[i], full[offset + i]) << "offset " << offset << " row " << i;
        EXPECT_EQ(HashColumnValue(*slice, i), full[offset + i]);
      }
    }
  }
}

TEST(KeyHashTest, SlicedBatchHashLikeUnslicedRows) {
  auto batch = RecordBatch::Parse(
      "a BIGINT, b STRING\n+I 1 x\n+I 2 null\n+I null y\n+I 4 zz\n+I 5 w\n+I 6 v\n+I 7 u\n"
      "+I 8 t\n+I 9 s\n+I 10 r\n");
  ASSERT_TRUE(batch.ok()) << batch.status().ToString();
  const std::vector<int> keys = {1, 0};
  std::vector<uint64_t> full((*batch)->num_rows());
  HashColumns(**batch, keys, full.data());
  RecordBatchPtr slice = (*batch)->Slice(3, 6);
  std::vector<uint64_t> sliced(6);
  HashColumns(*slice, keys, sliced.data());
  for (int i = 0; i < 6; ++i) EXPECT_EQ(sliced[i], full[3 + i]) << i;
}

// ---- Canonicalisation and distinctness.

TEST(KeyHashTest, FloatingPointCanonicalisation) {
  const double qnan = std::numeric_limits<double>::quiet_NaN();
  const double snan = std::numeric_limits<double>::signaling_NaN();
  const double payload_nan = std::bit_cast<double>(0x7FF00000DEADBEEFull);
  for (const LogicalType& type : {LogicalType::Float(), LogicalType::Double()}) {
    SCOPED_TRACE(type.ToString());
    ColumnPtr column = MakeColumn(
        type, {Value(0.0), Value(-0.0), Value(qnan), Value(-qnan), Value(snan), Value(payload_nan),
               Value(1.0), Value(-1.0), Value(std::numeric_limits<double>::infinity())});
    std::vector<uint64_t> h = HashAll(*column);
    EXPECT_EQ(h[0], h[1]);  // -0.0 == 0.0
    EXPECT_EQ(h[2], h[3]);  // every NaN alike
    EXPECT_EQ(h[2], h[4]);
    EXPECT_EQ(h[2], h[5]);
    EXPECT_NE(h[0], h[2]);
    EXPECT_NE(h[6], h[7]);
    EXPECT_NE(h[6], h[0]);
    EXPECT_NE(h[8], h[2]);
  }
  // FLOAT keeps its own width: 1.5 as FLOAT and DOUBLE differ.
  EXPECT_NE(MustHashValue(Value(1.5), LogicalType::Float()),
            MustHashValue(Value(1.5), LogicalType::Double()));
}

TEST(KeyHashTest, ColumnOrderMatters) {
  auto batch =
      RecordBatch::Parse("a BIGINT, b BIGINT, s STRING, t STRING\n+I 1 2 ab c\n+I 3 3 x x\n");
  ASSERT_TRUE(batch.ok()) << batch.status().ToString();
  std::vector<uint64_t> ab(2), ba(2), st(2), ts(2);
  HashColumns(**batch, {0, 1}, ab.data());
  HashColumns(**batch, {1, 0}, ba.data());
  HashColumns(**batch, {2, 3}, st.data());
  HashColumns(**batch, {3, 2}, ts.data());
  EXPECT_NE(ab[0], ba[0]);
  EXPECT_NE(st[0], ts[0]);
  // Equal values in both columns: order cannot matter, the hashes agree.
  EXPECT_EQ(ab[1], ba[1]);
  EXPECT_EQ(st[1], ts[1]);
  // ("ab", "c") and ("a", "bc") differ although the concatenated bytes agree.
  const LogicalType s = LogicalType::String();
  EXPECT_NE(MustHashValue(Str("c"), s, MustHashValue(Str("ab"), s)),
            MustHashValue(Str("bc"), s, MustHashValue(Str("a"), s)));
  // A key of one column differs from the same column followed by another.
  std::vector<uint64_t> a_only(2);
  HashColumns(**batch, {0}, a_only.data());
  EXPECT_NE(a_only[0], ab[0]);
}

TEST(KeyHashTest, NullDiffersFromEveryFirstValue) {
  const uint64_t null_hash = MustHashValue(Null(), LogicalType::String());
  EXPECT_EQ(null_hash, MustHashValue(Null(), LogicalType::BigInt()));  // type-independent
  EXPECT_NE(null_hash, MustHashValue(Str(""), LogicalType::String()));
  EXPECT_NE(null_hash, MustHashValue(Int(0), LogicalType::BigInt()));
  EXPECT_NE(null_hash, MustHashValue(Value(false), LogicalType::Boolean()));
  EXPECT_NE(null_hash, kKeyHashSeed);
  // A NULL row differs from a row of NULL fields; an empty array from a NULL array.
  const LogicalType row = LogicalType::Row({Field("a", LogicalType::Int())});
  EXPECT_NE(MustHashValue(Null(), row), MustHashValue(Value::MakeRow({Null()}), row));
  const LogicalType arr = LogicalType::Array(LogicalType::Int());
  EXPECT_NE(MustHashValue(Null(), arr), MustHashValue(Value::MakeList({}), arr));
  // [NULL] and [] and [0] all differ.
  EXPECT_NE(MustHashValue(Value::MakeList({Null()}), arr), MustHashValue(Value::MakeList({}), arr));
  EXPECT_NE(MustHashValue(Value::MakeList({Null()}), arr),
            MustHashValue(Value::MakeList({Int(0)}), arr));
}

TEST(KeyHashTest, ArrayOrderMattersMapOrderDoesNot) {
  const LogicalType arr = LogicalType::Array(LogicalType::BigInt());
  EXPECT_NE(MustHashValue(Value::MakeList({Int(1), Int(2)}), arr),
            MustHashValue(Value::MakeList({Int(2), Int(1)}), arr));
  const LogicalType map = LogicalType::Map(LogicalType::String(), LogicalType::BigInt());
  ColumnPtr column = MakeColumn(map, {Value::MakeMap({{Str("a"), Int(1)}, {Str("b"), Int(2)}}),
                                      Value::MakeMap({{Str("b"), Int(2)}, {Str("a"), Int(1)}}),
                                      Value::MakeMap({{Str("a"), Int(2)}, {Str("b"), Int(1)}})});
  std::vector<uint64_t> h = HashAll(*column);
  EXPECT_EQ(h[0], h[1]);
  EXPECT_NE(h[0], h[2]);  // keys paired with other values
}

TEST(KeyHashTest, IntegerWidthIsPartOfTheHash) {
  // Documented: key types are fixed per job, so INT 5 and BIGINT 5 may hash differently.
  EXPECT_NE(MustHashValue(Int(5), LogicalType::Int()),
            MustHashValue(Int(5), LogicalType::BigInt()));
  // Types with the same storage hash alike (DATE is an INT of days).
  EXPECT_EQ(MustHashValue(Int(5), LogicalType::Int()), MustHashValue(Int(5), LogicalType::Date()));
}

TEST(KeyHashTest, NoKeyColumnsGiveTheSeed) {
  auto batch = RecordBatch::Parse("a BIGINT\n+I 1\n+I 2\n");
  ASSERT_TRUE(batch.ok()) << batch.status().ToString();
  std::vector<uint64_t> h(2, 0);
  HashColumns(**batch, {}, h.data());
  EXPECT_EQ(h[0], kKeyHashSeed);
  EXPECT_EQ(h[1], kKeyHashSeed);
  EXPECT_EQ(HashRow(**batch, {}, 1), kKeyHashSeed);
}

TEST(KeyHashTest, HashValueRejectsValuesOfTheWrongType) {
  EXPECT_EQ(HashValue(Str("x"), LogicalType::BigInt()).status().code(), StatusCode::kTypeError);
  EXPECT_EQ(HashValue(Int(300), LogicalType::TinyInt()).status().code(), StatusCode::kTypeError);
  EXPECT_EQ(HashValue(Int(1), LogicalType::String()).status().code(), StatusCode::kTypeError);
  EXPECT_EQ(HashValue(Value(1e300), LogicalType::Float()).status().code(), StatusCode::kTypeError);
  EXPECT_TRUE(HashValue(Value(std::numeric_limits<double>::infinity()), LogicalType::Float()).ok());
  EXPECT_EQ(HashValue(Value::MakeRow({Int(1)}), LogicalType::Row({Field("a", LogicalType::Int()),
                                                                  Field("b", LogicalType::Int())}))
                .status()
                .code(),
            StatusCode::kTypeError);
  EXPECT_EQ(HashValue(Value::MakeList({Str("x")}), LogicalType::Array(LogicalType::Int()))
                .status()
                .code(),
            StatusCode::kTypeError);
}

// ---- Key groups.

TEST(KeyHashTest, KeyGroupInRange) {
  const uint64_t edge_hashes[] = {
      0,           1, ~0ull, 0x8000000000000000ull, 0xFFFFFFFF00000000ull, 0x00000000FFFFFFFFull,
      kKeyHashSeed};
  for (int32_t max_parallelism : {1, 2, 3, 7, 128, 1000, 32768, 2147483647}) {
    for (uint64_t h : edge_hashes) {
      const int32_t g = KeyGroupForHash(h, max_parallelism);
      EXPECT_GE(g, 0);
      EXPECT_LT(g, max_parallelism);
    }
    for (int64_t k = 0; k < 10000; ++k) {
      const int32_t g =
          KeyGroupForHash(MustHashValue(Int(k), LogicalType::BigInt()), max_parallelism);
      ASSERT_GE(g, 0);
      ASSERT_LT(g, max_parallelism);
    }
  }
  EXPECT_EQ(KeyGroupForHash(~0ull, 1), 0);
  EXPECT_EQ(KeyGroupForHash(~0ull, 2147483647), 2147483646);
}

TEST(KeyHashTest, KeyGroupsAreUniform) {
  constexpr int64_t kKeys = 1'000'000;
  constexpr int32_t kGroups = 128;
  auto builder = ColumnBuilder::Make(LogicalType::BigInt());
  ASSERT_TRUE(builder.ok()) << builder.status().ToString();
  auto* ints = static_cast<FixedWidthBuilder<int64_t>*>(builder->get());
  ASSERT_TRUE(ints->Reserve(kKeys).ok());
  for (int64_t k = 0; k < kKeys; ++k)
    ints->UnsafeAppend(k);  // sequential keys, the worst usual case
  auto column = ints->Finish();
  ASSERT_TRUE(column.ok()) << column.status().ToString();
  std::vector<uint64_t> hashes = HashAll(**column);
  std::vector<int64_t> counts(kGroups, 0);
  for (uint64_t h : hashes) ++counts[KeyGroupForHash(h, kGroups)];
  const double mean = static_cast<double>(kKeys) / kGroups;
  for (int32_t g = 0; g < kGroups; ++g) {
    EXPECT_GT(counts[g], mean * 0.9) << "group " << g;
    EXPECT_LT(counts[g], mean * 1.1) << "group " << g;
  }
  // Strings too.
  std::vector<int64_t> string_counts(kGroups, 0);
  for (int64_t k = 0; k < kKeys; ++k) {
    const std::string key = "user-" + std::to_string(k);
    ++string_counts[KeyGroupForHash(MustHashValue(Value(key), LogicalType::String()), kGroups)];
  }
  for (int32_t g = 0; g < kGroups; ++g) {
    EXPECT_GT(string_counts[g], mean * 0.9) << "group " << g;
    EXPECT_LT(string_counts[g], mean * 1.1) << "group " << g;
  }
}

}  // namespace
}  // namespace weir
