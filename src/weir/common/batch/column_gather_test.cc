// Tests of the run-aware gathers (ColumnBuilder::AppendIndices) against a per-row reference:
// every builder type, index patterns from long runs to isolated rows, sliced sources, errors.
#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "weir/common/batch/column_builder.h"
#include "weir/common/batch/column_test_util.h"
#include "weir/common/batch/selection_vector.h"

namespace weir {
namespace {

using namespace weir::testing;  // NOLINT
using LT = LogicalType;

// Index patterns over a source of `n` rows.
enum class Pattern { kEmpty, kAll, kRuns46Of50, kIsolated, kMixed, kRandomOrder, kLongRuns };

const char* PatternName(Pattern p) {
  switch (p) {
    case Pattern::kEmpty:
      return "empty";
    case Pattern::kAll:
      return "all";
    case Pattern::kRuns46Of50:
      return "runs 46 of 50";
    case Pattern::kIsolated:
      return "isolated";
    case Pattern::kMixed:
      return "mixed";
    case Pattern::kRandomOrder:
      return "random order";
    case Pattern::kLongRuns:
      return "long runs";
  }
  return "?";
}

constexpr Pattern kPatterns[] = {Pattern::kEmpty,    Pattern::kAll,   Pattern::kRuns46Of50,
                                 Pattern::kIsolated, Pattern::kMixed, Pattern::kRandomOrder,
                                 Pattern::kLongRuns};

std::vector<int32_t> MakeIndices(Pattern p, int32_t n, std::mt19937& rng) {
  std::vector<int32_t> out;
  switch (p) {
    case Pattern::kEmpty:
      break;
    case Pattern::kAll:
      for (int32_t i = 0; i < n; ++i) out.push_back(i);
      break;
    case Pattern::kRuns46Of50:
      for (int32_t i = 0; i < n; ++i) {
        if (i % 50 < 46) out.push_back(i);
      }
      break;
    case Pattern::kIsolated:
      // Gaps of 2..5 rows: no two indices are consecutive.
      for (int32_t i = static_cast<int32_t>(rng() % 3); i < n;
           i += 2 + static_cast<int32_t>(rng() % 4)) {
        out.push_back(i);
      }
      break;
    case Pattern::kMixed:
      // Runs of 1..20 rows separated by gaps of 0..3 rows (gap 0 joins two runs).
      for (int32_t i = 0; i < n;) {
        const int32_t run = 1 + static_cast<int32_t>(rng() % 20);
        for (int32_t k = 0; k < run && i < n; ++k) out.push_back(i++);
        i += static_cast<int32_t>(rng() % 4);
      }
      break;
    case Pattern::kRandomOrder:
      // Any order with repeats, plus a run that goes backwards, one that repeats a row and
      // one that ends at the last row.
      for (int32_t i = 0; i < n / 2; ++i) out.push_back(static_cast<int32_t>(rng() % n));
      for (int32_t i = std::min(n - 1, 9); i >= 0; --i) out.push_back(i);
      if (n > 0) out.insert(out.end(), {0, 0, 1, 1});
      for (int32_t i = std::max(0, n - 12); i < n; ++i) out.push_back(i);
      break;
    case Pattern::kLongRuns:
      // Runs of 60..200 rows: several 64-bit words of validity per run.
      for (int32_t i = static_cast<int32_t>(rng() % 7); i < n;) {
        const int32_t run = 60 + static_cast<int32_t>(rng() % 141);
        for (int32_t k = 0; k < run && i < n; ++k) out.push_back(i++);
        i += 1 + static_cast<int32_t>(rng() % 9);
      }
      break;
  }
  return out;
}

// Replaces the nulls of `rows` with the first non-null sample (when there is one).
std::vector<Value> WithoutNulls(const TypeSamples& t, std::vector<Value> rows) {
  const Value* fill = nullptr;
  for (const Value& v : t.samples) {
    if (!v.is_null()) {
      fill = &v;
      break;
    }
  }
  if (fill == nullptr) return rows;
  for (Value& v : rows) {
    if (v.is_null()) v = *fill;
  }
  return rows;
}

// Gathers `indices` of `src` (rows src_rows) into a builder that already holds `prefix`, twice
// (so the second gather starts at an unaligned row), and compares with the per-row reference.
void CheckGather(const LT& type, const ColumnVector& src, const std::vector<Value>& src_rows,
                 const std::vector<Value>& prefix, const std::vector<int32_t>& indices) {
  auto builder = *ColumnBuilder::Make(type);
  std::vector<Value> expected;
  for (const Value& v : prefix) {
    ASSERT_TRUE(builder->AppendValue(v).ok());
    expected.push_back(v);
  }
  for (int round = 0; round < 2; ++round) {
    Status st = builder->AppendIndices(src, indices.data(), static_cast<int64_t>(indices.size()));
    ASSERT_TRUE(st.ok()) << st.ToString();
    for (int32_t i : indices) expected.push_back(src_rows[static_cast<size_t>(i)]);
    ASSERT_EQ(builder->length(), static_cast<int64_t>(expected.size()));
  }
  ColumnPtr out = *builder->Finish();
  Status st = out->Validate();
  ASSERT_TRUE(st.ok()) << st.ToString();
  ASSERT_EQ(ColumnValues(*out), expected);
  int64_t nulls = 0;
  for (const Value& v : expected) nulls += v.is_null();
  EXPECT_EQ(out->null_count(), nulls);
  // The builder's own count, not one recomputed from the bitmap, must agree too.
  if (type.id() != TypeId::kNull && out->validity() != nullptr) {
    EXPECT_EQ(out->length() - bits::CountSetBits(out->validity(), out->offset(), out->length()),
              nulls);
  }
}

TEST(ColumnGatherTest, EveryTypeEveryPatternMatchesPerRowReference) {
  std::mt19937 rng(20261122);
  constexpr int32_t kSourceRows = 331;
  for (const TypeSamples& t : AllTypeSamples()) {
    SCOPED_TRACE(t.type.ToString());
    const std::vector<Value> with_nulls = SampleRows(t, kSourceRows);
    for (bool nulls : {true, false}) {
      const std::vector<Value> rows = nulls ? with_nulls : WithoutNulls(t, with_nulls);
      ColumnPtr column = BuildColumn(t.type, rows);
      ASSERT_NE(column, nullptr);
      for (int64_t offset : {0, 3, 64, 101}) {
        const int64_t length = kSourceRows - offset - 5;
        ColumnPtr view = column->Slice(offset, length);
        const std::vector<Value> view_rows(rows.begin() + offset, rows.begin() + offset + length);
        for (Pattern p : kPatterns) {
          SCOPED_TRACE(std::string(PatternName(p)) + (nulls ? ", nulls" : ", no nulls") +
                       ", offset " + std::to_string(offset));
          const std::vector<int32_t> indices = MakeIndices(p, static_cast<int32_t>(length), rng);
          // Prefixes: none, and 5 rows ending in a null (a builder that has a bitmap).
          CheckGather(t.type, *view, view_rows, {}, indices);
          std::vector<Value> prefix(rows.begin(), rows.begin() + 5);
          prefix.push_back(t.type.nullable() ? Null() : rows[5]);
          CheckGather(t.type, *view, view_rows, prefix, indices);
        }
      }
    }
  }
}

// Bitmaps of BOOLEAN values and validity with runs that cross many 64-bit words, sources and
// destinations at every bit alignment.
TEST(ColumnGatherTest, BitmapsAtEveryAlignment) {
  std::mt19937 rng(5);
  constexpr int32_t kRows = 1500;
  std::vector<Value> bools;
  std::vector<Value> ints;
  for (int32_t i = 0; i < kRows; ++i) {
    const uint32_t r = rng();
    bools.push_back(r % 7 == 0 ? Null() : Value(((r >> 8) & 1) != 0));
    ints.push_back(r % 5 == 0 ? Null() : I(static_cast<int64_t>(r)));
  }
  const std::pair<LT, std::vector<Value>*> columns[] = {{LT::Boolean(), &bools},
                                                        {LT::BigInt(), &ints}};
  for (const auto& [type, rows] : columns) {
    SCOPED_TRACE(type.ToString());
    ColumnPtr column = BuildColumn(type, *rows);
    for (int64_t offset = 0; offset < 9; ++offset) {
      ColumnPtr view = column->Slice(offset, kRows - 9);
      const std::vector<Value> view_rows(rows->begin() + offset,
                                         rows->begin() + offset + kRows - 9);
      for (Pattern p : {Pattern::kAll, Pattern::kLongRuns, Pattern::kMixed, Pattern::kIsolated}) {
        SCOPED_TRACE(std::string(PatternName(p)) + ", offset " + std::to_string(offset));
        const std::vector<int32_t> indices = MakeIndices(p, kRows - 9, rng);
        const int prefix_rows = static_cast<int>(rng() % 70);
        std::vector<Value> prefix(rows->begin(), rows->begin() + prefix_rows);
        CheckGather(type, *view, view_rows, prefix, indices);
      }
    }
  }
}

TEST(ColumnGatherTest, IndexRunEndFindsRuns) {
  const std::vector<int32_t> idx = {4, 5, 6, 9, 3, 4, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 13};
  const int64_t n = static_cast<int64_t>(idx.size());
  EXPECT_EQ(IndexRunEnd(idx.data(), 0, n), 3);
  EXPECT_EQ(IndexRunEnd(idx.data(), 3, n), 4);
  EXPECT_EQ(IndexRunEnd(idx.data(), 4, n), 6);
  EXPECT_EQ(IndexRunEnd(idx.data(), 6, n), 18);   // 12 long: one 8-wide step and a tail
  EXPECT_EQ(IndexRunEnd(idx.data(), 18, n), 19);  // a repeated index is not a run
  EXPECT_EQ(IndexRunEnd(idx.data(), 19, n), 20);
  EXPECT_EQ(IndexRunEnd(idx.data(), 6, 16), 16);  // the run reaches `count`
  std::vector<int32_t> long_run(100);
  for (int32_t i = 0; i < 100; ++i) long_run[static_cast<size_t>(i)] = 1000 + i;
  long_run[57] = 0;  // breaks the run inside an 8-wide step
  EXPECT_EQ(IndexRunEnd(long_run.data(), 0, 100), 57);
  EXPECT_EQ(IndexRunEnd(long_run.data(), 58, 100), 100);
}

TEST(ColumnGatherTest, VisitIndexRunsSplitsLikeANaiveScan) {
  std::mt19937 rng(3);
  for (Pattern p : kPatterns) {
    SCOPED_TRACE(PatternName(p));
    std::vector<int32_t> idx = MakeIndices(p, 500, rng);
    if (p == Pattern::kMixed) idx.insert(idx.end(), {INT32_MAX, INT32_MIN, 7});
    const int64_t n = static_cast<int64_t>(idx.size());
    std::vector<std::pair<int64_t, int64_t>> expected;
    for (int64_t i = 0; i < n;) {
      int64_t j = i + 1;
      while (j < n && int64_t{idx[j]} == int64_t{idx[j - 1]} + 1) ++j;
      if (p == Pattern::kMixed && j < n && idx[j - 1] == INT32_MAX && idx[j] == INT32_MIN) {
        j += 1;  // uint32 arithmetic joins the wrap into the run
      }
      expected.emplace_back(i, j - i);
      i = j;
    }
    std::vector<std::pair<int64_t, int64_t>> runs;
    EXPECT_TRUE(VisitIndexRuns(idx.data(), n, [&](int64_t i, int64_t len) {
      runs.emplace_back(i, len);
      return true;
    }));
    EXPECT_EQ(runs, expected);
    for (const auto& [i, len] : expected) EXPECT_EQ(IndexRunEnd(idx.data(), i, n), i + len);
    // Visiting stops at the first false.
    int calls = 0;
    const bool done = VisitIndexRuns(idx.data(), n, [&](int64_t, int64_t) { return ++calls < 2; });
    EXPECT_EQ(done, expected.size() < 2);
    EXPECT_EQ(calls, std::min<int>(2, static_cast<int>(expected.size())));
  }
}

// Every builder rejects a bad index with the same message as before and appends nothing:
// negative, past the end, at the end of a run, inside a run, after many good runs.
TEST(ColumnGatherTest, OutOfRangeIndicesAppendNothing) {
  for (const TypeSamples& t : AllTypeSamples()) {
    SCOPED_TRACE(t.type.ToString());
    const std::vector<Value> rows = SampleRows(t, 40);
    ColumnPtr column = BuildColumn(t.type, rows)->Slice(2, 30);
    struct Case {
      std::vector<int32_t> indices;
      std::string message;
    };
    std::vector<int32_t> many;
    for (int r = 0; r < 20; ++r) {
      for (int32_t i = 0; i < 10; ++i) many.push_back(i + r);
    }
    many.push_back(30);
    const std::vector<Case> cases = {
        {{0, 30}, "Row index out of range: 30 for a column of 30 rows (position 1)"},
        {{-1}, "Row index out of range: -1 for a column of 30 rows (position 0)"},
        {{25, 26, 27, 28, 29, 30, 31},
         "Row index out of range: 30 for a column of 30 rows (position 5)"},
        {{3, 4, -5, 6}, "Row index out of range: -5 for a column of 30 rows (position 2)"},
        {{INT32_MAX, INT32_MIN, INT32_MIN + 1},
         "Row index out of range: 2147483647 for a column of 30 rows (position 0)"},
        {{5, INT32_MIN},
         "Row index out of range: -2147483648 for a column of 30 rows (position 1)"},
        {many, "Row index out of range: 30 for a column of 30 rows (position 200)"},
    };
    auto builder = *ColumnBuilder::Make(t.type);
    ASSERT_TRUE(builder->AppendValue(rows[0]).ok());
    for (const Case& c : cases) {
      Status st =
          builder->AppendIndices(*column, c.indices.data(), static_cast<int64_t>(c.indices.size()));
      EXPECT_TRUE(st.IsInvalid()) << st.ToString();
      EXPECT_EQ(st.message(), c.message);
      EXPECT_EQ(builder->length(), 1);
      EXPECT_EQ(builder->null_count(), rows[0].is_null() ? 1 : 0);
    }
    // The builder still works and holds only the good rows.
    const std::vector<int32_t> good = {29, 0, 1, 2};
    ASSERT_TRUE(builder->AppendIndices(*column, good.data(), 4).ok());
    ColumnPtr out = *builder->Finish();
    ASSERT_TRUE(out->Validate().ok()) << out->Validate().ToString();
    EXPECT_EQ(ColumnValues(*out),
              (std::vector<Value>{rows[0], rows[31], rows[2], rows[3], rows[4]}));
  }
}

TEST(ColumnGatherTest, EmptySourceAndMismatchedTypes) {
  for (const TypeSamples& t : AllTypeSamples()) {
    SCOPED_TRACE(t.type.ToString());
    ColumnPtr empty = BuildColumn(t.type, {});
    auto builder = *ColumnBuilder::Make(t.type);
    EXPECT_TRUE(builder->AppendIndices(*empty, nullptr, 0).ok());
    const int32_t zero = 0;
    Status st = builder->AppendIndices(*empty, &zero, 1);
    EXPECT_EQ(st.message(), "Row index out of range: 0 for a column of 0 rows (position 0)");
    EXPECT_EQ(builder->length(), 0);
  }
  auto ints = *ColumnBuilder::Make(LT::Int());
  ColumnPtr strings = BuildColumn(LT::String(), {S("a")});
  const int32_t zero = 0;
  EXPECT_EQ(ints->AppendIndices(*strings, &zero, 1).code(), StatusCode::kTypeError);
}

// A gather from a list column reuses the builder's element index buffer: many gathers of
// different sizes into one builder stay correct.
TEST(ColumnGatherTest, RepeatedListGathersIntoOneBuilder) {
  std::mt19937 rng(11);
  const TypeSamples t = {LT::Array(LT::String()),
                         {L({S("a"), S("bb")}), L({}), Null(), L({S("ccc"), Null(), S("d")})}};
  const std::vector<Value> rows = SampleRows(t, 200);
  ColumnPtr column = BuildColumn(t.type, rows);
  auto builder = *ColumnBuilder::Make(t.type);
  std::vector<Value> expected;
  for (int round = 0; round < 12; ++round) {
    const Pattern p = kPatterns[round % 7];
    const std::vector<int32_t> indices = MakeIndices(p, 200, rng);
    ASSERT_TRUE(
        builder->AppendIndices(*column, indices.data(), static_cast<int64_t>(indices.size())).ok());
    for (int32_t i : indices) expected.push_back(rows[static_cast<size_t>(i)]);
  }
  ColumnPtr out = *builder->Finish();
  ASSERT_TRUE(out->Validate().ok());
  EXPECT_EQ(ColumnValues(*out), expected);
}

}  // namespace
}  // namespace weir
