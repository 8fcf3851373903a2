// Tests of the column builders: every type, nested types, type errors, bulk appends, Concatenate,
// Take.
#include "weir/common/batch/column_builder.h"

#include <gtest/gtest.h>

#include <random>

#include "weir/common/batch/column_test_util.h"
#include "weir/common/batch/record_batch.h"

namespace weir {
namespace {

using namespace weir::testing;  // NOLINT
using LT = LogicalType;

TEST(ColumnBuilderTest, EveryTypeRoundTripsThroughValues) {
  for (const TypeSamples& t : AllTypeSamples()) {
    SCOPED_TRACE(t.type.ToString());
    std::vector<Value> rows = SampleRows(t, 29);
    ColumnPtr c = BuildColumn(t.type, rows);
    ASSERT_NE(c, nullptr);
    Status st = c->Validate();
    ASSERT_TRUE(st.ok()) << st.ToString();
    EXPECT_EQ(c->type(), t.type);
    EXPECT_EQ(c->length(), 29);
    ASSERT_EQ(ColumnValues(*c), rows);
    int64_t nulls = 0;
    for (const Value& v : rows) nulls += v.is_null();
    EXPECT_EQ(c->null_count(), nulls);
    if (nulls == 0 && t.type.id() != TypeId::kNull) {
      EXPECT_EQ(c->validity(), nullptr);
    }
  }
}

TEST(ColumnBuilderTest, MakeChoosesTheStorageWidth) {
  auto check = [](const LT& type, int width) {
    auto b = ColumnBuilder::Make(type);
    ASSERT_TRUE(b.ok());
    ColumnPtr c = *(*b)->Finish();
    EXPECT_EQ(c->type().byte_width(), width) << type.ToString();
    EXPECT_EQ(c->buffer(1)->size(), 0);
  };
  check(LT::Date(), 4);
  check(LT::IntervalYearMonth(), 4);
  check(LT::Time(9), 8);
  check(LT::TimestampLtz(3), 8);
  check(LT::IntervalDayTime(), 8);
  check(LT::Decimal(38, 0), 16);
  EXPECT_NE(
      dynamic_cast<FixedWidthBuilder<__int128>*>((*ColumnBuilder::Make(LT::Decimal(5, 2))).get()),
      nullptr);
  EXPECT_NE(dynamic_cast<FixedWidthBuilder<int32_t>*>((*ColumnBuilder::Make(LT::Date())).get()),
            nullptr);
  EXPECT_NE(dynamic_cast<FixedWidthBuilder<int64_t>*>((*ColumnBuilder::Make(LT::Time())).get()),
            nullptr);
  EXPECT_NE(dynamic_cast<FixedWidthBuilder<float>*>((*ColumnBuilder::Make(LT::Float())).get()),
            nullptr);
  EXPECT_NE(dynamic_cast<StringBuilder*>((*ColumnBuilder::Make(LT::Binary(3))).get()), nullptr);
  EXPECT_NE(dynamic_cast<ListBuilder*>((*ColumnBuilder::Make(LT::Multiset(LT::Int()))).get()),
            nullptr);
  EXPECT_NE(dynamic_cast<StructBuilder*>((*ColumnBuilder::Make(LT::Row({}))).get()), nullptr);
  EXPECT_NE(dynamic_cast<NullBuilder*>((*ColumnBuilder::Make(LT::Null())).get()), nullptr);
}

TEST(ColumnBuilderTest, MapAndMultisetUseAnEntriesStruct) {
  ColumnPtr m =
      BuildColumn(LT::Map(LT::String(), LT::Int()), {M({{S("a"), I(1)}, {S("b"), I(2)}})});
  ASSERT_EQ(m->children().size(), 1u);
  const ColumnVector& entries = *m->child(0);
  EXPECT_EQ(entries.type().id(), TypeId::kRow);
  EXPECT_FALSE(entries.type().nullable());
  ASSERT_EQ(entries.type().fields().size(), 2u);
  EXPECT_EQ(entries.type().fields()[0].name, "key");
  EXPECT_EQ(entries.type().fields()[1].name, "value");
  EXPECT_EQ(entries.length(), 2);
  EXPECT_EQ(entries.child(0)->StringValue(1), "b");
  ColumnPtr ms = BuildColumn(LT::Multiset(LT::String()), {M({{S("x"), I(3)}})});
  const LT& count_type = ms->child(0)->type().fields()[1].logical_type();
  EXPECT_EQ(count_type, LT::Int(false));
  EXPECT_EQ(ms->child(0)->child(1)->Value<int32_t>(0), 3);
}

TEST(ColumnBuilderTest, TypeErrorsChangeNothing) {
  struct Case {
    LT type;
    Value value;
  };
  std::vector<Case> cases = {
      {LT::TinyInt(), I(300)},
      {LT::TinyInt(), I(-129)},
      {LT::SmallInt(), I(40000)},
      {LT::Int(), I(int64_t{1} << 31)},
      {LT::Date(), I(int64_t{1} << 40)},
      {LT::Int(), S("1")},
      {LT::Int(), D(1.0)},
      {LT::Double(), I(1)},
      {LT::Boolean(), I(1)},
      {LT::String(), I(1)},
      {LT::Decimal(5, 2), Dec(100000)},
      {LT::Decimal(5, 2), I(1)},
      {LT::Int(false), Null()},
      {LT::Null(), I(1)},
      {LT::Array(LT::TinyInt()), L({I(1), I(1000)})},
      {LT::Array(LT::Int()), I(1)},
      {LT::Map(LT::String(), LT::Int()), M({{S("a"), I(1)}, {S("b"), S("x")}})},
      {LT::Multiset(LT::String()), M({{S("a"), I(int64_t{1} << 33)}})},
      {LT::Multiset(LT::String()), L({S("a")})},
      {LT::Row({Field("a", LT::Int()), Field("b", LT::Int())}), R({I(1)})},
      {LT::Row({Field("a", LT::Int()), Field("b", LT::String(false))}), R({I(1), Null()})},
      {LT::Row({Field("a", LT::Int())}, false), Null()},
      {LT::Row({Field("r", LT::Row({Field("x", LT::TinyInt())}))}), R({R({I(128)})})},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.type.ToString() + " <- " + c.value.ToString());
    auto builder = *ColumnBuilder::Make(c.type);
    Status ok = builder->AppendNull();
    ASSERT_TRUE(ok.ok());
    Status st = builder->AppendValue(c.value);
    EXPECT_EQ(st.code(), StatusCode::kTypeError) << st.ToString();
    EXPECT_EQ(builder->length(), 1);
    ColumnPtr col = *builder->Finish();
    ASSERT_TRUE(col->Validate().ok()) << col->Validate().ToString();
    EXPECT_EQ(col->length(), 1);
  }
  // The message names the type and the value.
  auto b = *ColumnBuilder::Make(LT::TinyInt());
  Status st = b->AppendValue(I(300));
  EXPECT_NE(st.message().find("TINYINT"), std::string::npos) << st.message();
  EXPECT_NE(st.message().find("300"), std::string::npos) << st.message();
}

TEST(ColumnBuilderTest, ValidityIsAllocatedAtTheFirstNull) {
  auto builder = *ColumnBuilder::Make(LT::BigInt());
  auto* b = static_cast<FixedWidthBuilder<int64_t>*>(builder.get());
  for (int64_t i = 0; i < 100; ++i) ASSERT_TRUE(b->Append(i).ok());
  ASSERT_TRUE(b->AppendNull().ok());
  for (int64_t i = 0; i < 100; ++i) ASSERT_TRUE(b->Append(i).ok());
  EXPECT_EQ(b->null_count(), 1);
  ColumnPtr c = *b->Finish();
  ASSERT_TRUE(c->Validate().ok());
  ASSERT_NE(c->validity(), nullptr);
  EXPECT_EQ(c->null_count(), 1);
  for (int64_t i = 0; i < 201; ++i) EXPECT_EQ(c->IsNull(i), i == 100) << i;
  EXPECT_EQ(c->Value<int64_t>(150), 49);
  // The builder is empty again and starts without validity.
  EXPECT_EQ(b->length(), 0);
  EXPECT_EQ(b->null_count(), 0);
  ASSERT_TRUE(b->Append(7).ok());
  ColumnPtr c2 = *b->Finish();
  EXPECT_EQ(c2->length(), 1);
  EXPECT_EQ(c2->validity(), nullptr);
  EXPECT_EQ(c2->Value<int64_t>(0), 7);
}

TEST(ColumnBuilderTest, TypedHotPaths) {
  FixedWidthBuilder<int32_t> ints(LT::Int(), nullptr);
  ASSERT_TRUE(ints.Reserve(1000).ok());
  ASSERT_TRUE(ints.AppendNull().ok());  // the bitmap covers the reserved rows
  for (int32_t i = 1; i < 1000; ++i) ints.UnsafeAppend(i);
  const int32_t more[3] = {-1, -2, -3};
  ASSERT_TRUE(ints.AppendValues(more, 3).ok());
  ColumnPtr c = *ints.Finish();
  ASSERT_TRUE(c->Validate().ok()) << c->Validate().ToString();
  EXPECT_EQ(c->length(), 1003);
  EXPECT_EQ(c->null_count(), 1);
  EXPECT_TRUE(c->IsNull(0));
  EXPECT_EQ(c->Value<int32_t>(999), 999);
  EXPECT_EQ(c->Value<int32_t>(1002), -3);
  EXPECT_FALSE(c->IsNull(1002));

  StringBuilder strings(LT::String(), nullptr);
  std::string big(5000, 'q');
  for (int i = 0; i < 300; ++i) {
    ASSERT_TRUE(strings.Append(i % 50 == 0 ? std::string_view(big) : std::string_view("ab")).ok());
  }
  ASSERT_TRUE(strings.AppendNull().ok());
  ColumnPtr s = *strings.Finish();
  ASSERT_TRUE(s->Validate().ok());
  EXPECT_EQ(s->StringValue(0), big);
  EXPECT_EQ(s->StringValue(1), "ab");
  EXPECT_TRUE(s->IsNull(300));

  BooleanBuilder bools(LT::Boolean(), nullptr);
  for (int i = 0; i < 77; ++i) ASSERT_TRUE(bools.Append(i % 3 == 0).ok());
  ColumnPtr bc = *bools.Finish();
  for (int i = 0; i < 77; ++i) EXPECT_EQ(bc->BoolValue(i), i % 3 == 0);
}

TEST(ColumnBuilderTest, NestedBuildersByHand) {
  // ARRAY<INT>: append the elements, then close the list.
  auto lb = *ColumnBuilder::Make(LT::Array(LT::Int()));
  auto* list = static_cast<ListBuilder*>(lb.get());
  auto* elems = static_cast<FixedWidthBuilder<int32_t>*>(list->element_builder());
  ASSERT_TRUE(elems->Append(1).ok());
  ASSERT_TRUE(elems->Append(2).ok());
  ASSERT_TRUE(list->Append(2).ok());
  ASSERT_TRUE(list->AppendNull().ok());
  ASSERT_TRUE(list->Append(0).ok());
  EXPECT_TRUE(list->Append(5).IsInvalid());  // only 0 elements were appended
  ColumnPtr c = *list->Finish();
  ASSERT_TRUE(c->Validate().ok());
  EXPECT_EQ(ColumnValues(*c), (std::vector<Value>{L({I(1), I(2)}), Null(), L({})}));

  // ROW<a INT, b STRING>: append the fields, then close the row.
  auto sb = *ColumnBuilder::Make(LT::Row({Field("a", LT::Int()), Field("b", LT::String())}));
  auto* row = static_cast<StructBuilder*>(sb.get());
  EXPECT_EQ(row->num_fields(), 2);
  ASSERT_TRUE(static_cast<FixedWidthBuilder<int32_t>*>(row->field_builder(0))->Append(5).ok());
  EXPECT_TRUE(row->Append().IsInvalid());  // field b is missing
  ASSERT_TRUE(static_cast<StringBuilder*>(row->field_builder(1))->Append("x").ok());
  ASSERT_TRUE(row->Append().ok());
  ASSERT_TRUE(row->AppendNull().ok());
  ColumnPtr r = *row->Finish();
  ASSERT_TRUE(r->Validate().ok());
  EXPECT_EQ(ColumnValues(*r), (std::vector<Value>{R({I(5), S("x")}), Null()}));
}

TEST(ColumnBuilderTest, BuildersAllocateFromTheirPool) {
  auto pool = MemoryPool::MakeRoot("test", 1 << 20);
  std::vector<Value> rows;
  for (int i = 0; i < 500; ++i) rows.push_back(i % 7 == 0 ? Null() : L({S("abc"), S("d")}));
  ColumnPtr c = BuildColumn(LT::Array(LT::String()), rows, pool.get());
  ASSERT_NE(c, nullptr);
  EXPECT_GT(pool->used(), 0);
  EXPECT_GE(pool->used(), c->ReferencedBytes());
  c.reset();
  EXPECT_EQ(pool->used(), 0);

  // A builder never grows past its pool's limit.
  auto tiny = MemoryPool::MakeRoot("tiny", 4096);
  StringBuilder sb(LT::String(), tiny.get());
  std::string chunk(1000, 'x');
  Status st;
  int appended = 0;
  while ((st = sb.Append(chunk)).ok()) ++appended;
  EXPECT_TRUE(st.IsOutOfMemory()) << st.ToString();
  EXPECT_GE(appended, 2);
  EXPECT_LE(tiny->used(), 4096);
  EXPECT_EQ(sb.length(), appended);
  ColumnPtr partial = *sb.Finish();
  ASSERT_TRUE(partial->Validate().ok());
  EXPECT_EQ(partial->length(), appended);
  partial.reset();
  EXPECT_EQ(tiny->used(), 0);
}

// ---------------------------------------------------------------------------------------
// AppendRange, AppendIndices, Concatenate, Take

TEST(ColumnBuilderTest, AppendRangeFromSlices) {
  for (const TypeSamples& t : AllTypeSamples()) {
    SCOPED_TRACE(t.type.ToString());
    std::vector<Value> rows = SampleRows(t, 41);
    ColumnPtr c = BuildColumn(t.type, rows);
    ColumnPtr sliced = c->Slice(3, 35);
    auto builder = *ColumnBuilder::Make(t.type);
    std::vector<Value> expected;
    ASSERT_TRUE(builder->AppendValue(rows[0]).ok());
    expected.push_back(rows[0]);
    for (auto [off, len] : {std::pair<int64_t, int64_t>{0, 5}, {5, 0}, {9, 13}, {1, 1}, {30, 5}}) {
      Status st = builder->AppendRange(*sliced, off, len);
      ASSERT_TRUE(st.ok()) << st.ToString();
      for (int64_t i = 0; i < len; ++i) expected.push_back(rows[3 + off + i]);
    }
    EXPECT_TRUE(builder->AppendRange(*sliced, 30, 6).IsInvalid());
    EXPECT_TRUE(builder->AppendRange(*sliced, -1, 1).IsInvalid());
    ColumnPtr out = *builder->Finish();
    Status st = out->Validate();
    ASSERT_TRUE(st.ok()) << st.ToString();
    ASSERT_EQ(ColumnValues(*out), expected);
  }
}

TEST(ColumnBuilderTest, AppendRangeRejectsOtherTypes) {
  auto b = *ColumnBuilder::Make(LT::Int());
  ColumnPtr strings = BuildColumn(LT::String(), {S("a")});
  EXPECT_EQ(b->AppendRange(*strings, 0, 1).code(), StatusCode::kTypeError);
  ColumnPtr bigints = BuildColumn(LT::BigInt(), {I(1)});
  EXPECT_EQ(b->AppendRange(*bigints, 0, 1).code(), StatusCode::kTypeError);
  auto d = *ColumnBuilder::Make(LT::Decimal(10, 2));
  ColumnPtr other_scale = BuildColumn(LT::Decimal(10, 3), {Dec(1)});
  EXPECT_EQ(d->AppendRange(*other_scale, 0, 1).code(), StatusCode::kTypeError);
  EXPECT_EQ(b->length(), 0);
}

TEST(ConcatenateTest, EveryTypeIncludingSlices) {
  for (const TypeSamples& t : AllTypeSamples()) {
    SCOPED_TRACE(t.type.ToString());
    std::vector<Value> rows = SampleRows(t, 50);
    ColumnPtr c = BuildColumn(t.type, rows);
    std::vector<ColumnPtr> parts = {c->Slice(0, 5),   c->Slice(7, 0),
                                    c->Slice(11, 17), BuildColumn(t.type, {rows[1], rows[2]}),
                                    c->Slice(49, 1),  c};
    std::vector<Value> expected;
    auto add = [&](int64_t off, int64_t len) {
      for (int64_t i = 0; i < len; ++i) expected.push_back(rows[off + i]);
    };
    add(0, 5);
    add(11, 17);
    add(1, 2);
    add(49, 1);
    add(0, 50);
    auto r = Concatenate(parts);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    Status st = (*r)->Validate();
    ASSERT_TRUE(st.ok()) << st.ToString();
    ASSERT_EQ(ColumnValues(**r), expected);
    EXPECT_TRUE((*r)->Slice(5, 17)->Equals(*c->Slice(11, 17)));
  }
}

TEST(ConcatenateTest, Errors) {
  EXPECT_TRUE(Concatenate({}).status().IsInvalid());
  EXPECT_EQ(Concatenate({BuildColumn(LT::Int(), {I(1)}), BuildColumn(LT::String(), {S("a")})})
                .status()
                .code(),
            StatusCode::kTypeError);
  EXPECT_TRUE(Concatenate({BuildColumn(LT::Int(), {I(1)}), nullptr}).status().IsInvalid());
  ColumnPtr one = BuildColumn(LT::Int(), {I(1)});
  EXPECT_EQ(*Concatenate({one}), one);
}

TEST(ConcatenateTest, AllocatesFromTheGivenPool) {
  std::vector<Value> rows;
  for (int i = 0; i < 1000; ++i)
    rows.push_back(Value(std::string(static_cast<size_t>(i % 20), 'a')));
  ColumnPtr c = BuildColumn(LT::String(), rows);
  auto pool = MemoryPool::MakeRoot("concat", 1 << 20);
  auto joined = Concatenate({c, c}, pool.get());
  ASSERT_TRUE(joined.ok());
  EXPECT_GE(pool->used(), (*joined)->ReferencedBytes());
  joined = Result<ColumnPtr>(ColumnPtr());
  EXPECT_EQ(pool->used(), 0);
  auto tiny = MemoryPool::MakeRoot("tiny", 1000);
  auto failed = Concatenate({c, c}, tiny.get());
  ASSERT_FALSE(failed.ok());
  EXPECT_TRUE(failed.status().IsOutOfMemory()) << failed.status().ToString();
  EXPECT_EQ(tiny->used(), 0);
  auto taken = Take(*c, SelectionVector::All(1000), tiny.get());
  EXPECT_TRUE(taken.status().IsOutOfMemory());
  EXPECT_EQ(tiny->used(), 0);
}

TEST(TakeTest, EveryTypeIncludingSlices) {
  std::mt19937 rng(7);
  for (const TypeSamples& t : AllTypeSamples()) {
    SCOPED_TRACE(t.type.ToString());
    std::vector<Value> rows = SampleRows(t, 60);
    ColumnPtr c = BuildColumn(t.type, rows);
    for (int64_t off : {0, 5, 13}) {
      ColumnPtr view = c->Slice(off, 60 - off - 2);
      std::vector<int32_t> indices;
      for (int i = 0; i < 40; ++i) {
        indices.push_back(static_cast<int32_t>(rng() % static_cast<uint32_t>(view->length())));
      }
      indices.push_back(0);
      indices.push_back(1);
      indices.push_back(2);  // a run of consecutive rows
      indices.push_back(static_cast<int32_t>(view->length() - 1));
      SelectionVector sel(indices);
      auto r = Take(*view, sel);
      ASSERT_TRUE(r.ok()) << r.status().ToString();
      Status st = (*r)->Validate();
      ASSERT_TRUE(st.ok()) << st.ToString();
      std::vector<Value> expected;
      for (int32_t i : indices) expected.push_back(rows[off + i]);
      ASSERT_EQ(ColumnValues(**r), expected) << "offset " << off;
    }
    auto empty = Take(*c, SelectionVector());
    ASSERT_TRUE(empty.ok());
    EXPECT_EQ((*empty)->length(), 0);
    ASSERT_TRUE((*empty)->Validate().ok());
  }
}

TEST(TakeTest, OutOfRangeIndicesAreRejected) {
  ColumnPtr c = BuildColumn(LT::String(), {S("a"), S("b"), S("c")});
  EXPECT_TRUE(Take(*c, SelectionVector({0, 3})).status().IsInvalid());
  EXPECT_TRUE(Take(*c, SelectionVector({-1})).status().IsInvalid());
  EXPECT_TRUE(Take(*c->Slice(1, 2), SelectionVector({2})).status().IsInvalid());
  ColumnPtr nested = BuildColumn(LT::Array(LT::Row({Field("a", LT::Int())})), {L({R({I(1)})})});
  EXPECT_TRUE(Take(*nested, SelectionVector({1})).status().IsInvalid());
  auto mask = std::vector<uint8_t>{1, 0, 1};
  auto taken = Take(*c, SelectionVector::FromMask(mask.data(), 3));
  ASSERT_TRUE(taken.ok());
  EXPECT_EQ(ColumnValues(**taken), (std::vector<Value>{S("a"), S("c")}));
}

}  // namespace
}  // namespace weir
