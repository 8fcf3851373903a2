// Tests of ColumnVector: bit helpers, null columns, slicing, validation of corrupt layouts,
// equality.
#include "weir/common/batch/column_vector.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <random>

#include "weir/common/batch/column_test_util.h"
#include "weir/common/batch/record_batch.h"

namespace weir {
namespace {

using namespace weir::testing;  // NOLINT
using LT = LogicalType;

std::vector<uint8_t> RandomBytes(size_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<uint8_t> out(n);
  for (auto& b : out) b = static_cast<uint8_t>(rng());
  return out;
}

TEST(BitsTest, CountSetBitsMatchesNaive) {
  std::vector<uint8_t> bitmap = RandomBytes(64, 1);
  for (int64_t offset = 0; offset < 70; offset += 3) {
    for (int64_t length = 0; offset + length <= 512; length += 7) {
      int64_t naive = 0;
      for (int64_t i = offset; i < offset + length; ++i) naive += bits::GetBit(bitmap.data(), i);
      ASSERT_EQ(bits::CountSetBits(bitmap.data(), offset, length), naive)
          << "offset " << offset << " length " << length;
    }
  }
}

TEST(BitsTest, CopyBitsMatchesNaiveAtEveryAlignment) {
  std::vector<uint8_t> src = RandomBytes(40, 2);
  for (int64_t so = 0; so < 17; ++so) {
    for (int64_t dst_off = 0; dst_off < 17; ++dst_off) {
      for (int64_t length : {0, 1, 5, 8, 13, 64, 65, 130, 200}) {
        std::vector<uint8_t> dst = RandomBytes(40, 3);
        std::vector<uint8_t> expected = dst;
        for (int64_t i = 0; i < length; ++i) {
          bits::SetBitTo(expected.data(), dst_off + i, bits::GetBit(src.data(), so + i));
        }
        bits::CopyBits(src.data(), so, length, dst.data(), dst_off);
        ASSERT_EQ(dst, expected) << "src " << so << " dst " << dst_off << " length " << length;
      }
    }
  }
}

TEST(BitsTest, SetBitsToTouchesOnlyTheRange) {
  for (int64_t offset : {0, 3, 8, 11}) {
    for (int64_t length : {0, 1, 7, 8, 9, 30}) {
      for (bool value : {false, true}) {
        std::vector<uint8_t> bitmap = RandomBytes(8, 4);
        std::vector<uint8_t> expected = bitmap;
        for (int64_t i = offset; i < offset + length; ++i)
          bits::SetBitTo(expected.data(), i, value);
        bits::SetBitsTo(bitmap.data(), offset, length, value);
        ASSERT_EQ(bitmap, expected);
      }
    }
  }
}

TEST(ColumnVectorTest, NumBuffersPerLayout) {
  EXPECT_EQ(NumBuffers(PhysicalLayout::kNull), 0);
  EXPECT_EQ(NumBuffers(PhysicalLayout::kBitmap), 2);
  EXPECT_EQ(NumBuffers(PhysicalLayout::kFixedWidth), 2);
  EXPECT_EQ(NumBuffers(PhysicalLayout::kVarBinary), 3);
  EXPECT_EQ(NumBuffers(PhysicalLayout::kList), 2);
  EXPECT_EQ(NumBuffers(PhysicalLayout::kMap), 2);
  EXPECT_EQ(NumBuffers(PhysicalLayout::kStruct), 1);
}

TEST(ColumnVectorTest, MakeNullsForEveryType) {
  for (const TypeSamples& t : AllTypeSamples()) {
    SCOPED_TRACE(t.type.ToString());
    auto r = ColumnVector::MakeNulls(t.type, 13);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    const ColumnVector& c = **r;
    Status st = c.Validate();
    ASSERT_TRUE(st.ok()) << st.ToString();
    EXPECT_EQ(c.length(), 13);
    EXPECT_EQ(c.null_count(), 13);
    for (int64_t i = 0; i < 13; ++i) {
      EXPECT_TRUE(c.IsNull(i));
      EXPECT_TRUE(ValueAt(c, i).is_null());
    }
    ColumnPtr slice = c.Slice(5, 3);
    ASSERT_TRUE(slice->Validate().ok());
    EXPECT_EQ(slice->null_count(), 3);
    EXPECT_TRUE(slice->Equals(**ColumnVector::MakeNulls(t.type, 3)));
  }
  EXPECT_TRUE(ColumnVector::MakeNulls(LT::Int(), -1).status().IsInvalid());
}

TEST(ColumnVectorTest, NullCountIsComputedLazilyForSlices) {
  std::vector<Value> values;
  for (int i = 0; i < 100; ++i) values.push_back(i % 3 == 0 ? Null() : I(i));
  ColumnPtr c = BuildColumn(LT::BigInt(), values);
  EXPECT_EQ(c->null_count(), 34);
  ColumnPtr s = c->Slice(1, 10);  // rows 1..10: nulls at 3, 6, 9
  EXPECT_EQ(s->null_count(), 3);
  ColumnPtr s2 = s->Slice(2, 5);  // rows 3..7: nulls at 3, 6
  EXPECT_EQ(s2->null_count(), 2);
  EXPECT_EQ(s2->offset(), 3);
  EXPECT_EQ(s2->Value<int64_t>(1), 4);
  ColumnPtr no_nulls = BuildColumn(LT::Int(), {I(1), I(2)});
  EXPECT_EQ(no_nulls->validity(), nullptr);
  EXPECT_EQ(no_nulls->Slice(1, 1)->null_count(), 0);
}

TEST(ColumnVectorTest, SliceSharesBuffersAndChildren) {
  for (const TypeSamples& t : AllTypeSamples()) {
    SCOPED_TRACE(t.type.ToString());
    std::vector<Value> rows = SampleRows(t, 37);
    ColumnPtr c = BuildColumn(t.type, rows);
    ASSERT_NE(c, nullptr);
    ASSERT_TRUE(c->Validate().ok()) << c->Validate().ToString();
    for (int64_t off : {0, 1, 3, 7, 9, 13, 36}) {
      for (int64_t len : {int64_t{0}, int64_t{1}, 37 - off}) {
        if (off + len > 37) continue;
        ColumnPtr s = c->Slice(off, len);
        ASSERT_EQ(s->buffers().size(), c->buffers().size());
        for (size_t b = 0; b < s->buffers().size(); ++b) EXPECT_EQ(s->buffer(b), c->buffer(b));
        EXPECT_EQ(s->children(), c->children());
        Status st = s->Validate();
        ASSERT_TRUE(st.ok()) << st.ToString();
        std::vector<Value> expected(rows.begin() + off, rows.begin() + off + len);
        ASSERT_EQ(ColumnValues(*s), expected) << "offset " << off;
        int64_t nulls = 0;
        for (const Value& v : expected) nulls += v.is_null();
        EXPECT_EQ(s->null_count(), nulls);
        // Equal to a freshly built column (different buffers, offset 0).
        ColumnPtr fresh = BuildColumn(t.type, expected);
        EXPECT_TRUE(s->Equals(*fresh));
        EXPECT_TRUE(fresh->Equals(*s));
        // A slice of a slice.
        if (len > 2) {
          ColumnPtr ss = s->Slice(1, len - 2);
          std::vector<Value> inner(expected.begin() + 1, expected.end() - 1);
          ASSERT_EQ(ColumnValues(*ss), inner);
          ASSERT_TRUE(ss->Validate().ok());
        }
      }
    }
  }
}

TEST(ColumnVectorTest, EqualsComparesValuesAndNulls) {
  ColumnPtr a = BuildColumn(LT::String(), {S("x"), Null(), S("yz")});
  EXPECT_TRUE(a->Equals(*BuildColumn(LT::String(), {S("x"), Null(), S("yz")})));
  EXPECT_FALSE(a->Equals(*BuildColumn(LT::String(), {S("x"), S(""), S("yz")})));
  EXPECT_FALSE(a->Equals(*BuildColumn(LT::String(), {S("x"), Null(), S("y")})));
  EXPECT_FALSE(a->Equals(*BuildColumn(LT::String(), {S("x"), Null()})));
  EXPECT_FALSE(a->Equals(*BuildColumn(LT::Bytes(), {S("x"), Null(), S("yz")})));
  // Nullability does not matter, the values do.
  ColumnPtr b = BuildColumn(LT::Int(false), {I(1), I(2)});
  EXPECT_TRUE(b->Equals(*BuildColumn(LT::Int(), {I(1), I(2)})));
  // Values hidden under nulls do not matter.
  ColumnPtr n1 = BuildColumn(LT::Int(), {I(1), Null()});
  auto builder = *ColumnBuilder::Make(LT::Int());
  auto* ints = static_cast<FixedWidthBuilder<int32_t>*>(builder.get());
  ASSERT_TRUE(ints->Append(1).ok());
  ASSERT_TRUE(ints->Append(99).ok());
  ColumnPtr full = *ints->Finish();
  ColumnPtr n2 = std::make_shared<ColumnVector>(
      LT::Int(), 2, std::vector<BufferPtr>{n1->buffer(0), full->buffer(1)});
  EXPECT_TRUE(n1->Equals(*n2));
  // Lists compare element-wise, struct fields under null rows are ignored.
  EXPECT_FALSE(BuildColumn(LT::Array(LT::Int()), {L({I(1), I(2)})})
                   ->Equals(*BuildColumn(LT::Array(LT::Int()), {L({I(1)})})));
  EXPECT_FALSE(BuildColumn(LT::Array(LT::Int()), {L({I(1), I(2)})})
                   ->Equals(*BuildColumn(LT::Array(LT::Int()), {L({I(1), I(3)})})));
  const LT row = LT::Row({Field("a", LT::Int())});
  ColumnPtr r1 = BuildColumn(row, {R({I(1)}), Null()});
  ColumnPtr r2 = BuildColumn(row, {R({I(1)}), R({I(5)})});
  EXPECT_FALSE(r1->Equals(*r2));
  ColumnPtr r3 = std::make_shared<ColumnVector>(row, 2, std::vector<BufferPtr>{r1->buffer(0)},
                                                std::vector<ColumnPtr>{r2->child(0)});
  ASSERT_TRUE(r3->Validate().ok());
  EXPECT_TRUE(r1->Equals(*r3));
}

TEST(ColumnVectorTest, ReferencedBytesCountsBuffersAndChildren) {
  ColumnPtr ints = BuildColumn(LT::BigInt(), {I(1), I(2), I(3)});
  EXPECT_EQ(ints->ReferencedBytes(), 24);
  ColumnPtr strs = BuildColumn(LT::String(), {S("ab"), Null()});
  EXPECT_EQ(strs->ReferencedBytes(), 1 + 12 + 2);
  ColumnPtr list = BuildColumn(LT::Array(LT::SmallInt()), {L({I(1), I(2)})});
  EXPECT_EQ(list->ReferencedBytes(), 8 + 4);
  EXPECT_EQ(list->Slice(0, 1)->ReferencedBytes(), list->ReferencedBytes());
}

// ---------------------------------------------------------------------------------------
// Validate on corrupt columns

BufferPtr Bytes(std::vector<uint8_t> bytes) {
  return *Buffer::CopyOf(bytes.data(), static_cast<int64_t>(bytes.size()));
}
BufferPtr Int32s(std::vector<int32_t> v) {
  return *Buffer::CopyOf(reinterpret_cast<const uint8_t*>(v.data()),
                         static_cast<int64_t>(v.size() * 4));
}

void ExpectInvalid(const ColumnVector& c, const std::string& fragment) {
  Status st = c.Validate();
  ASSERT_FALSE(st.ok()) << "expected failure containing: " << fragment;
  EXPECT_TRUE(st.IsInvalid()) << st.ToString();
  EXPECT_NE(st.message().find(fragment), std::string::npos) << st.ToString();
}

TEST(ColumnVectorValidateTest, FixedWidth) {
  ColumnVector ok(LT::Int(), 2, {nullptr, Int32s({1, 2})});
  EXPECT_TRUE(ok.Validate().ok());
  ExpectInvalid(ColumnVector(LT::Int(), 3, {nullptr, Int32s({1, 2})}), "values buffer");
  ExpectInvalid(ColumnVector(LT::Int(), 2, {nullptr, Int32s({1, 2, 3})}, {}, -1, 2),
                "values buffer");
  EXPECT_TRUE(ColumnVector(LT::Int(), 2, {nullptr, Int32s({1, 2, 3})}, {}, -1, 1).Validate().ok());
  ExpectInvalid(ColumnVector(LT::Int(), 2, {nullptr}), "expected 2 buffers");
  ExpectInvalid(ColumnVector(LT::Int(), 2, {nullptr, nullptr}), "values buffer");
  ExpectInvalid(ColumnVector(LT::Int(), 9, {Bytes({0xFF}), Int32s(std::vector<int32_t>(9))}),
                "validity buffer too short");
  ExpectInvalid(ColumnVector(LT::Int(), -1, {nullptr, Int32s({})}), "bad length");
  ExpectInvalid(ColumnVector(LT::Decimal(10, 2), 1, {nullptr, Int32s({1, 2})}), "values buffer");
  ExpectInvalid(ColumnVector(LT::Boolean(), 9, {nullptr, Bytes({0xFF})}), "values buffer");
  // A wrong null count claim.
  ExpectInvalid(ColumnVector(LT::Int(), 2, {Bytes({0x01}), Int32s({1, 2})}, {}, 0), "null count");
  EXPECT_TRUE(ColumnVector(LT::Int(), 2, {Bytes({0x01}), Int32s({1, 2})}, {}, 1).Validate().ok());
  // Misaligned values.
  BufferPtr raw = Int32s({0, 1, 2, 3});
  ExpectInvalid(ColumnVector(LT::Int(), 2, {nullptr, Buffer::Slice(raw, 1, 12)}), "aligned");
  // A buffer for a NULL column, children for a scalar.
  ExpectInvalid(ColumnVector(LT::Null(), 2, {Bytes({0})}), "expected 0 buffers");
  ExpectInvalid(
      ColumnVector(LT::Int(), 1, {nullptr, Int32s({1})}, {BuildColumn(LT::Int(), {I(1)})}),
      "children");
}

TEST(ColumnVectorValidateTest, Strings) {
  EXPECT_TRUE(ColumnVector(LT::String(), 2, {nullptr, Int32s({0, 1, 3}), Bytes({'a', 'b', 'c'})})
                  .Validate()
                  .ok());
  ExpectInvalid(ColumnVector(LT::String(), 2, {nullptr, Int32s({0, 3, 1}), Bytes({'a', 'b', 'c'})}),
                "offsets decrease");
  ExpectInvalid(ColumnVector(LT::String(), 2, {nullptr, Int32s({0, 1, 4}), Bytes({'a', 'b', 'c'})}),
                "beyond the data");
  ExpectInvalid(
      ColumnVector(LT::String(), 2, {nullptr, Int32s({-1, 1, 2}), Bytes({'a', 'b', 'c'})}),
      "negative offset");
  ExpectInvalid(ColumnVector(LT::String(), 3, {nullptr, Int32s({0, 1, 3}), Bytes({'a', 'b', 'c'})}),
                "offsets buffer too short");
  ExpectInvalid(ColumnVector(LT::String(), 2, {nullptr, Int32s({0, 1, 3}), nullptr}),
                "data buffer");
  ExpectInvalid(ColumnVector(LT::String(), 2, {nullptr, nullptr, Bytes({'a'})}), "offsets");
  // Garbage outside the viewed range is not looked at: a slice of rows 1..2.
  EXPECT_TRUE(ColumnVector(LT::String(), 1, {nullptr, Int32s({99, 1, 3}), Bytes({'a', 'b', 'c'})},
                           {}, -1, 1)
                  .Validate()
                  .ok());
  ExpectInvalid(ColumnVector(LT::String(), 1, {nullptr, Int32s({0, 1, 3}), Bytes({'a', 'b', 'c'})},
                             {}, -1, 2),
                "offsets buffer too short");
}

TEST(ColumnVectorValidateTest, Lists) {
  ColumnPtr ints = BuildColumn(LT::Int(), {I(1), I(2), I(3)});
  const LT list = LT::Array(LT::Int());
  EXPECT_TRUE(ColumnVector(list, 2, {nullptr, Int32s({0, 1, 3})}, {ints}).Validate().ok());
  ExpectInvalid(ColumnVector(list, 2, {nullptr, Int32s({0, 1, 4})}, {ints}), "beyond the child");
  ExpectInvalid(ColumnVector(list, 2, {nullptr, Int32s({0, 2, 1})}, {ints}), "offsets decrease");
  ExpectInvalid(ColumnVector(list, 2, {nullptr, Int32s({0, 1, 3})}, {}), "children");
  ExpectInvalid(ColumnVector(list, 2, {nullptr, Int32s({0, 1, 3})}, {nullptr}), "missing child");
  ExpectInvalid(ColumnVector(list, 2, {nullptr, Int32s({0, 1, 3})},
                             {BuildColumn(LT::String(), {S("a"), S("b"), S("c")})}),
                "child type");
  // A corrupt grandchild is found.
  auto bad_strings = std::make_shared<ColumnVector>(
      LT::String(), 2, std::vector<BufferPtr>{nullptr, Int32s({0, 5, 1}), Bytes({'a'})});
  ExpectInvalid(ColumnVector(LT::Array(LT::String()), 1, {nullptr, Int32s({0, 2})}, {bad_strings}),
                "offsets decrease");
  // Maps need the entries struct.
  const LT map = LT::Map(LT::Int(), LT::Int());
  ColumnPtr entries = BuildColumn(MapEntriesType(map), {R({I(1), I(2)})});
  EXPECT_TRUE(ColumnVector(map, 1, {nullptr, Int32s({0, 1})}, {entries}).Validate().ok());
  ExpectInvalid(ColumnVector(map, 1, {nullptr, Int32s({0, 1})}, {ints}), "child type");
}

TEST(ColumnVectorValidateTest, Structs) {
  const LT row = LT::Row({Field("a", LT::Int()), Field("b", LT::String())});
  ColumnPtr a = BuildColumn(LT::Int(), {I(1), I(2), I(3)});
  ColumnPtr b = BuildColumn(LT::String(), {S("x"), S("y"), S("z")});
  EXPECT_TRUE(ColumnVector(row, 3, {nullptr}, {a, b}).Validate().ok());
  EXPECT_TRUE(ColumnVector(row, 2, {nullptr}, {a, b}, -1, 1).Validate().ok());
  ExpectInvalid(ColumnVector(row, 3, {nullptr}, {a, b->Slice(0, 2)}), "field b has 2 rows");
  ExpectInvalid(ColumnVector(row, 2, {nullptr}, {a->Slice(0, 2), b}, -1, 1), "field a has 2 rows");
  ExpectInvalid(ColumnVector(row, 3, {nullptr}, {a}), "expected 2 children");
  ExpectInvalid(ColumnVector(row, 3, {nullptr}, {b, a}), "child type");
}

// Returns a copy of `c` with one random defect (or a defect in a descendant).
ColumnPtr Corrupt(const ColumnVector& c, std::mt19937& rng) {
  int64_t length = c.length();
  int64_t offset = c.offset();
  int64_t null_count = ColumnVector::kUnknownNullCount;
  std::vector<BufferPtr> buffers = c.buffers();
  std::vector<ColumnPtr> children = c.children();
  const int choice = static_cast<int>(rng() % 8);
  if (choice == 0 && !buffers.empty()) {
    // Overwrite a few random bytes of one buffer.
    size_t b = rng() % buffers.size();
    if (buffers[b] != nullptr && buffers[b]->size() > 0) {
      BufferPtr copy = *Buffer::CopyOf(buffers[b]->data(), buffers[b]->size());
      for (int k = 0; k < 3; ++k) {
        copy->mutable_data()[rng() % static_cast<uint64_t>(copy->size())] =
            static_cast<uint8_t>(rng());
      }
      buffers[b] = copy;
    }
  } else if (choice == 1 && !buffers.empty()) {
    // Truncate a buffer, possibly also misaligning it.
    size_t b = rng() % buffers.size();
    if (buffers[b] != nullptr && buffers[b]->size() > 0) {
      int64_t start = rng() % 4 == 0 ? 1 : 0;
      int64_t size = static_cast<int64_t>(rng() % static_cast<uint64_t>(buffers[b]->size()));
      if (start + size > buffers[b]->size()) size = buffers[b]->size() - start;
      buffers[b] = Buffer::Slice(buffers[b], start, size);
    }
  } else if (choice == 2) {
    length += static_cast<int64_t>(rng() % 7) - 3;
  } else if (choice == 3) {
    offset += static_cast<int64_t>(rng() % 5) - 1;
  } else if (choice == 4 && !buffers.empty()) {
    buffers[rng() % buffers.size()] = nullptr;
  } else if (choice == 5 && !children.empty()) {
    size_t k = rng() % children.size();
    children[k] = Corrupt(*children[k], rng);
  } else if (choice == 6) {
    null_count = static_cast<int64_t>(rng() % 5);
  } else if (choice == 7 && !children.empty()) {
    children.pop_back();
  }
  return std::make_shared<ColumnVector>(c.type(), length, std::move(buffers), std::move(children),
                                        null_count, offset);
}

TEST(ColumnVectorValidateTest, RandomCorruptionIsRejectedOrHarmless) {
  // Whatever Validate accepts must be safe to read (the sanitizer build checks the reads).
  // WEIR_CORRUPT_ITERATIONS raises the iteration count for longer local runs.
  const char* env = std::getenv("WEIR_CORRUPT_ITERATIONS");
  const int iterations = env != nullptr ? std::atoi(env) : 150;
  std::mt19937 rng(env != nullptr ? static_cast<uint32_t>(std::atoi(env)) : 11);
  int64_t rejected = 0;
  int64_t accepted = 0;
  for (const TypeSamples& t : AllTypeSamples()) {
    SCOPED_TRACE(t.type.ToString());
    ColumnPtr good = BuildColumn(t.type, SampleRows(t, 20))->Slice(1, 18);
    for (int iter = 0; iter < iterations; ++iter) {
      ColumnPtr bad = Corrupt(*good, rng);
      if (rng() % 2 == 0) bad = Corrupt(*bad, rng);
      Status st = bad->Validate();
      if (!st.ok()) {
        EXPECT_TRUE(st.IsInvalid()) << st.ToString();
        ++rejected;
        continue;
      }
      ++accepted;
      int64_t nulls = 0;
      for (int64_t i = 0; i < bad->length(); ++i) nulls += ValueAt(*bad, i).is_null();
      EXPECT_EQ(nulls, bad->null_count());
      EXPECT_TRUE(bad->Equals(*bad));
      auto taken = Take(*bad, SelectionVector::All(bad->length()));
      ASSERT_TRUE(taken.ok()) << taken.status().ToString();
      EXPECT_TRUE((*taken)->Equals(*bad));
      auto joined = Concatenate({bad, good});
      ASSERT_TRUE(joined.ok()) << joined.status().ToString();
      ASSERT_TRUE((*joined)->Validate().ok());
    }
  }
  EXPECT_GT(rejected, 100);
  EXPECT_GT(accepted, 100);
}

}  // namespace
}  // namespace weir
