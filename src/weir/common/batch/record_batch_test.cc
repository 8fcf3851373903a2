// Tests of RecordBatch (construction checks, slicing, projection, Take, concatenation) and RowKind.
#include "weir/common/batch/record_batch.h"

#include <gtest/gtest.h>

#include "weir/common/batch/column_test_util.h"

namespace weir {
namespace {

using namespace weir::testing;  // NOLINT
using LT = LogicalType;

SchemaPtr TestSchema() {
  return std::make_shared<const Schema>(
      std::vector<Field>{Field("id", LT::BigInt(false)), Field("name", LT::String()),
                         Field("ts", LT::Timestamp(3)), Field("tags", LT::Array(LT::String()))});
}

ColumnPtr Kinds(std::vector<int> kinds) {
  std::vector<Value> v;
  for (int k : kinds) v.push_back(I(k));
  return BuildColumn(LT::TinyInt(false), v);
}

// Rows: id i, name "n<i>" (null every 4th), ts 1000 * i, tags [name] or [].
std::vector<ColumnPtr> TestColumns(int64_t n, int64_t first = 0) {
  std::vector<Value> ids, names, ts, tags;
  for (int64_t i = first; i < first + n; ++i) {
    ids.push_back(I(i));
    names.push_back(i % 4 == 3 ? Null() : Value("n" + std::to_string(i)));
    ts.push_back(I(1000 * i));
    tags.push_back(i % 2 == 0 ? L({Value("t" + std::to_string(i))}) : L({}));
  }
  SchemaPtr s = TestSchema();
  return {BuildColumn(s->type(0), ids), BuildColumn(s->type(1), names), BuildColumn(s->type(2), ts),
          BuildColumn(s->type(3), tags)};
}

RecordBatchPtr TestBatch(int64_t n, ColumnPtr kinds = nullptr, int64_t first = 0) {
  auto r = RecordBatch::Make(TestSchema(), TestColumns(n, first), std::move(kinds), 2);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return *r;
}

TEST(RowKindTest, ShortStringsAndParsing) {
  for (int8_t k = 0; k < kNumRowKinds; ++k) {
    RowKind kind = static_cast<RowKind>(k);
    auto parsed = ParseRowKind(RowKindShortString(kind));
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(*parsed, kind);
  }
  EXPECT_EQ(RowKindShortString(RowKind::kUpdateBefore), "-U");
  EXPECT_EQ(RowKindShortString(RowKind::kDelete), "-D");
  EXPECT_TRUE(ParseRowKind("+X").status().IsInvalid());
  EXPECT_TRUE(ParseRowKind("").status().IsInvalid());
  EXPECT_TRUE(IsAccumulate(RowKind::kUpdateAfter));
  EXPECT_FALSE(IsAccumulate(RowKind::kUpdateBefore));
}

TEST(RecordBatchTest, MakeChecksTheShape) {
  RecordBatchPtr b = TestBatch(5, Kinds({0, 1, 2, 3, 0}));
  EXPECT_EQ(b->num_rows(), 5);
  EXPECT_EQ(b->num_columns(), 4);
  EXPECT_EQ(b->event_time_index(), 2);
  EXPECT_EQ(b->row_kind(1), RowKind::kUpdateBefore);
  EXPECT_FALSE(b->all_inserts());
  ASSERT_TRUE(b->Validate().ok()) << b->Validate().ToString();
  EXPECT_TRUE(TestBatch(5)->all_inserts());
  EXPECT_EQ(TestBatch(5)->row_kind(3), RowKind::kInsert);

  auto expect_invalid = [](Result<RecordBatchPtr> r, const std::string& fragment) {
    ASSERT_FALSE(r.ok()) << fragment;
    EXPECT_TRUE(r.status().IsInvalid()) << r.status().ToString();
    EXPECT_NE(r.status().message().find(fragment), std::string::npos) << r.status().ToString();
  };
  std::vector<ColumnPtr> cols = TestColumns(5);
  // Column count.
  expect_invalid(RecordBatch::Make(TestSchema(), {cols[0], cols[1]}), "column count");
  // Types (nullability counts).
  std::vector<ColumnPtr> wrong_type = cols;
  wrong_type[0] = BuildColumn(LT::BigInt(), {I(0), I(1), I(2), I(3), I(4)});
  expect_invalid(RecordBatch::Make(TestSchema(), wrong_type), "column id");
  wrong_type[0] = BuildColumn(LT::Int(false), {I(0), I(1), I(2), I(3), I(4)});
  expect_invalid(RecordBatch::Make(TestSchema(), wrong_type), "type does not match");
  // Lengths.
  std::vector<ColumnPtr> short_col = cols;
  short_col[3] = cols[3]->Slice(0, 4);
  expect_invalid(RecordBatch::Make(TestSchema(), short_col), "column tags");
  std::vector<ColumnPtr> missing = cols;
  missing[1] = nullptr;
  expect_invalid(RecordBatch::Make(TestSchema(), missing), "missing");
  expect_invalid(RecordBatch::Make(nullptr, {}), "schema");
  // Row kinds.
  expect_invalid(RecordBatch::Make(TestSchema(), cols, Kinds({0, 1})), "Row kinds have 2 rows");
  expect_invalid(RecordBatch::Make(TestSchema(), cols, Kinds({0, 1, 2, 3, 4})),
                 "row kind 4 at row 4");
  expect_invalid(RecordBatch::Make(TestSchema(), cols, Kinds({0, -1, 0, 0, 0})), "at row 1");
  expect_invalid(RecordBatch::Make(TestSchema(), cols,
                                   BuildColumn(LT::TinyInt(), {I(0), Null(), I(0), I(0), I(0)})),
                 "must not be null");
  expect_invalid(
      RecordBatch::Make(TestSchema(), cols, BuildColumn(LT::Int(), {I(0), I(0), I(0), I(0), I(0)})),
      "TINYINT");
  // Event time.
  expect_invalid(RecordBatch::Make(TestSchema(), cols, nullptr, 1), "TIMESTAMP");
  expect_invalid(RecordBatch::Make(TestSchema(), cols, nullptr, 4), "out of range");
  expect_invalid(RecordBatch::Make(TestSchema(), cols, nullptr, -2), "out of range");
  auto ltz_schema =
      std::make_shared<const Schema>(std::vector<Field>{Field("t", LT::TimestampLtz(3))});
  EXPECT_TRUE(
      RecordBatch::Make(ltz_schema, {BuildColumn(LT::TimestampLtz(3), {I(1)})}, nullptr, 0).ok());
}

TEST(RecordBatchTest, ValidateFindsCorruptColumns) {
  SchemaPtr schema = std::make_shared<const Schema>(std::vector<Field>{Field("s", LT::String())});
  std::vector<int32_t> offsets = {0, 5};
  auto bad = std::make_shared<ColumnVector>(
      LT::String(), 1,
      std::vector<BufferPtr>{nullptr,
                             *Buffer::CopyOf(reinterpret_cast<const uint8_t*>(offsets.data()), 8),
                             *Buffer::CopyOf(reinterpret_cast<const uint8_t*>("ab"), 2)});
  auto r = RecordBatch::Make(schema, {bad});
  ASSERT_TRUE(r.ok());  // Make checks the shape only
  Status st = (*r)->Validate();
  EXPECT_TRUE(st.IsInvalid());
  EXPECT_NE(st.message().find("column s"), std::string::npos) << st.ToString();
}

TEST(RecordBatchTest, MakeEmpty) {
  auto r = RecordBatch::MakeEmpty(TestSchema());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)->num_rows(), 0);
  EXPECT_EQ((*r)->num_columns(), 4);
  ASSERT_TRUE((*r)->Validate().ok()) << (*r)->Validate().ToString();
  EXPECT_TRUE((*r)->Equals(*TestBatch(0)));
}

TEST(RecordBatchTest, SliceIsZeroCopyIncludingRowKinds) {
  RecordBatchPtr b = TestBatch(10, Kinds({0, 1, 2, 3, 0, 1, 2, 3, 0, 1}));
  RecordBatchPtr s = b->Slice(3, 5);
  EXPECT_EQ(s->num_rows(), 5);
  EXPECT_EQ(s->column(1)->buffer(2), b->column(1)->buffer(2));
  EXPECT_EQ(s->row_kind(0), RowKind::kDelete);
  EXPECT_EQ(s->row_kind(4), RowKind::kDelete);
  EXPECT_EQ(s->event_time_index(), 2);
  ASSERT_TRUE(s->Validate().ok());
  auto expected = RecordBatch::Make(TestSchema(), TestColumns(5, 3), Kinds({3, 0, 1, 2, 3}), 2);
  EXPECT_TRUE(s->Equals(**expected));
  EXPECT_FALSE(s->Equals(*TestBatch(5, nullptr, 3)));  // the row kinds differ
}

TEST(RecordBatchTest, TakeGathersRowsAndKinds) {
  RecordBatchPtr b = TestBatch(10, Kinds({0, 1, 2, 3, 0, 1, 2, 3, 0, 1}));
  auto r = b->Slice(2, 8)->Take(SelectionVector({5, 0, 0, 7}));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const RecordBatch& t = **r;
  ASSERT_TRUE(t.Validate().ok());
  EXPECT_EQ(t.num_rows(), 4);
  EXPECT_EQ(ValueAt(*t.column(0), 0), I(7));
  EXPECT_EQ(ValueAt(*t.column(0), 1), I(2));
  EXPECT_EQ(ValueAt(*t.column(0), 3), I(9));
  EXPECT_EQ(ValueAt(*t.column(3), 0), L({}));
  EXPECT_EQ(ValueAt(*t.column(3), 1), L({S("t2")}));
  EXPECT_EQ(t.row_kind(0), RowKind::kDelete);
  EXPECT_EQ(t.row_kind(1), RowKind::kUpdateAfter);
  EXPECT_TRUE(b->Take(SelectionVector({10})).status().IsInvalid());
  auto none = b->Take(SelectionVector());
  ASSERT_TRUE(none.ok());
  EXPECT_EQ((*none)->num_rows(), 0);
}

TEST(RecordBatchTest, SelectColumnsRemapsEventTime) {
  RecordBatchPtr b = TestBatch(4, Kinds({0, 3, 0, 3}));
  auto r = b->SelectColumns({2, 0});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)->num_columns(), 2);
  EXPECT_EQ((*r)->schema()->name(0), "ts");
  EXPECT_EQ((*r)->event_time_index(), 0);
  EXPECT_EQ((*r)->column(1), b->column(0));
  EXPECT_EQ((*r)->row_kinds(), b->row_kinds());
  ASSERT_TRUE((*r)->Validate().ok());
  auto no_time = b->SelectColumns({1});
  ASSERT_TRUE(no_time.ok());
  EXPECT_EQ((*no_time)->event_time_index(), -1);
  EXPECT_TRUE(b->SelectColumns({4}).status().IsInvalid());
  EXPECT_TRUE(b->SelectColumns({-1}).status().IsInvalid());
}

TEST(RecordBatchTest, WithRowKindsAndEquals) {
  RecordBatchPtr b = TestBatch(3);
  RecordBatchPtr k = b->WithRowKinds(Kinds({0, 0, 0}));
  EXPECT_FALSE(k->all_inserts());
  EXPECT_TRUE(k->Equals(*b));  // explicit +I equals implicit +I
  RecordBatchPtr d = b->WithRowKinds(Kinds({0, 3, 0}));
  EXPECT_FALSE(d->Equals(*b));
  EXPECT_TRUE(d->WithRowKinds(nullptr)->Equals(*b));
  EXPECT_FALSE(b->Equals(*TestBatch(3, nullptr, 1)));
  EXPECT_FALSE(b->Equals(*TestBatch(4)));
  auto other_schema = std::make_shared<const Schema>(
      std::vector<Field>{Field("id2", LT::BigInt(false)), Field("name", LT::String()),
                         Field("ts", LT::Timestamp(3)), Field("tags", LT::Array(LT::String()))});
  auto renamed = RecordBatch::Make(other_schema, b->columns());
  ASSERT_TRUE(renamed.ok());
  EXPECT_FALSE(b->Equals(**renamed));
  EXPECT_GT(b->ReferencedBytes(), 0);
  EXPECT_EQ(k->ReferencedBytes(), b->ReferencedBytes() + 3);
}

TEST(RecordBatchTest, ConcatenateBatches) {
  RecordBatchPtr a = TestBatch(3, nullptr, 0);
  RecordBatchPtr b = TestBatch(4, Kinds({1, 2, 3, 0}), 3);
  RecordBatchPtr c = TestBatch(5, nullptr, 7)->Slice(1, 3);  // ids 8..10
  auto r = ConcatenateBatches({a, b, c});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const RecordBatch& out = **r;
  ASSERT_TRUE(out.Validate().ok()) << out.Validate().ToString();
  EXPECT_EQ(out.num_rows(), 10);
  EXPECT_EQ(out.event_time_index(), 2);
  std::vector<RowKind> kinds;
  for (int64_t i = 0; i < 10; ++i) kinds.push_back(out.row_kind(i));
  EXPECT_EQ(kinds, (std::vector<RowKind>{RowKind::kInsert, RowKind::kInsert, RowKind::kInsert,
                                         RowKind::kUpdateBefore, RowKind::kUpdateAfter,
                                         RowKind::kDelete, RowKind::kInsert, RowKind::kInsert,
                                         RowKind::kInsert, RowKind::kInsert}));
  std::vector<ColumnPtr> expected_cols = TestColumns(7);
  std::vector<ColumnPtr> tail = TestColumns(3, 8);
  for (int col = 0; col < 4; ++col) {
    auto joined = Concatenate({expected_cols[col], tail[col]});
    ASSERT_TRUE(joined.ok());
    EXPECT_TRUE(out.column(col)->Equals(**joined)) << col;
  }
  // All-insert inputs keep the null row-kind column.
  auto plain = ConcatenateBatches({a, c});
  ASSERT_TRUE(plain.ok());
  EXPECT_TRUE((*plain)->all_inserts());
  EXPECT_EQ((*plain)->num_rows(), 6);
  // A single batch comes back as it is.
  EXPECT_EQ(*ConcatenateBatches({b}), b);
}

TEST(RecordBatchTest, ConcatenateBatchesErrors) {
  EXPECT_TRUE(ConcatenateBatches({}).status().IsInvalid());
  auto other = std::make_shared<const Schema>(std::vector<Field>{Field("x", LT::Int())});
  auto ob = RecordBatch::Make(other, {BuildColumn(LT::Int(), {I(1)})});
  ASSERT_TRUE(ob.ok());
  EXPECT_TRUE(ConcatenateBatches({TestBatch(1), *ob}).status().IsInvalid());
  EXPECT_TRUE(ConcatenateBatches({TestBatch(1), nullptr}).status().IsInvalid());
}

}  // namespace
}  // namespace weir
