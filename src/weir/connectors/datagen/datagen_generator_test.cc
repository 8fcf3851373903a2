// Tests for DatagenGenerator: sequences and row counts over parallelism, random values per
// type, null rates, nested types, determinism and restore.
#include "weir/connectors/datagen/datagen_generator.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

namespace weir::connectors {
namespace {

constexpr int64_t kNow = 1600000000123;  // 2020-09-13T12:26:40.123Z

struct Table {
  SchemaPtr schema;
  DatagenOptions options;
};

Table MakeTable(std::string_view schema, formats::FormatOptions options) {
  auto s = Schema::Parse(schema);
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  auto o = DatagenOptions::Parse(options, **s);
  EXPECT_TRUE(o.ok()) << o.status().ToString();
  return Table{*s, o.ok() ? *o : DatagenOptions{}};
}

std::unique_ptr<DatagenGenerator> MakeGen(const Table& t, int32_t subtask = 0,
                                          int32_t parallelism = 1, uint64_t seed = 7) {
  DatagenGeneratorConfig c;
  c.subtask = subtask;
  c.parallelism = parallelism;
  c.seed = seed;
  c.clock = [] { return kNow; };
  auto g = DatagenGenerator::Make(t.schema, t.options, std::move(c));
  EXPECT_TRUE(g.ok()) << g.status().ToString();
  return g.ok() ? std::move(g).ValueOrDie() : nullptr;
}

RecordBatchPtr Next(DatagenGenerator& g, int64_t rows) {
  auto b = g.Next(rows);
  EXPECT_TRUE(b.ok()) << b.status().ToString();
  if (!b.ok()) return nullptr;
  Status st = (*b)->Validate();
  EXPECT_TRUE(st.ok()) << st.ToString();
  return *b;
}

std::vector<int64_t> DrainBigInts(DatagenGenerator& g, int col, int64_t batch = 3) {
  std::vector<int64_t> out;
  while (!g.exhausted()) {
    auto b = Next(g, batch);
    if (b == nullptr) break;
    for (int64_t i = 0; i < b->num_rows(); ++i) out.push_back(b->column(col)->Value<int64_t>(i));
  }
  return out;
}

TEST(DatagenGeneratorTest, SequenceAtParallelismOne) {
  Table t = MakeTable(
      "id BIGINT",
      {{"fields.id.kind", "sequence"}, {"fields.id.start", "1"}, {"fields.id.end", "10"}});
  auto g = MakeGen(t);
  EXPECT_EQ(g->remaining(), 10);
  EXPECT_EQ(DrainBigInts(*g, 0), (std::vector<int64_t>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}));
  EXPECT_TRUE(g->exhausted());
  EXPECT_EQ(Next(*g, 5)->num_rows(), 0);
}

TEST(DatagenGeneratorTest, SequenceIsInterleavedOverSubtasks) {
  Table t = MakeTable(
      "id BIGINT",
      {{"fields.id.kind", "sequence"}, {"fields.id.start", "100"}, {"fields.id.end", "110"}});
  auto g = MakeGen(t, 1, 3);
  EXPECT_EQ(DrainBigInts(*g, 0), (std::vector<int64_t>{101, 104, 107, 110}));
  for (int32_t p = 1; p <= 4; ++p) {
    std::vector<int64_t> all;
    for (int32_t s = 0; s < p; ++s) {
      auto gs = MakeGen(t, s, p);
      auto part = DrainBigInts(*gs, 0);
      all.insert(all.end(), part.begin(), part.end());
    }
    std::sort(all.begin(), all.end());
    std::vector<int64_t> expected;
    for (int64_t v = 100; v <= 110; ++v) expected.push_back(v);
    EXPECT_EQ(all, expected) << "parallelism " << p;
  }
}

TEST(DatagenGeneratorTest, NumberOfRowsIsExactOverParallelism) {
  for (int64_t total : {0, 1, 7, 10, 1001}) {
    Table t = MakeTable("a BIGINT, s STRING",
                        {{"number-of-rows", std::to_string(total)}, {"fields.s.length", "4"}});
    for (int32_t p = 1; p <= 4; ++p) {
      int64_t sum = 0;
      for (int32_t s = 0; s < p; ++s) {
        auto g = MakeGen(t, s, p);
        EXPECT_EQ(g->remaining(), DatagenGenerator::SubtaskShare(total, s, p));
        int64_t rows = 0;
        while (!g->exhausted()) rows += Next(*g, 64)->num_rows();
        EXPECT_EQ(rows, total / p + (total % p > s ? 1 : 0));
        sum += rows;
      }
      EXPECT_EQ(sum, total) << "parallelism " << p;
    }
  }
}

TEST(DatagenGeneratorTest, NumberOfRowsAndSequenceEndAtTheFirst) {
  Table t = MakeTable("id INT", {{"number-of-rows", "4"},
                                 {"fields.id.kind", "sequence"},
                                 {"fields.id.start", "0"},
                                 {"fields.id.end", "100"}});
  EXPECT_EQ(MakeGen(t)->remaining(), 4);
  Table u = MakeTable("id INT", {{"number-of-rows", "400"},
                                 {"fields.id.kind", "sequence"},
                                 {"fields.id.start", "0"},
                                 {"fields.id.end", "9"}});
  EXPECT_EQ(MakeGen(u)->remaining(), 10);
  EXPECT_EQ(MakeGen(u, 1, 4)->remaining(), 3);  // 1, 5, 9
  Table full = MakeTable("id BIGINT", {{"fields.id.kind", "sequence"},
                                       {"fields.id.start", "-9223372036854775808"},
                                       {"fields.id.end", "9223372036854775807"}});
  auto g = MakeGen(full);
  EXPECT_GT(g->remaining(), int64_t{1} << 62);
  EXPECT_EQ(Next(*g, 2)->column(0)->Value<int64_t>(1), INT64_MIN + 1);
}

TEST(DatagenGeneratorTest, SequenceOfStringsAndDecimals) {
  Table t = MakeTable("s STRING, n DECIMAL(6, 2), d DOUBLE", {{"fields.s.kind", "sequence"},
                                                              {"fields.s.start", "8"},
                                                              {"fields.s.end", "11"},
                                                              {"fields.n.kind", "sequence"},
                                                              {"fields.n.start", "1"},
                                                              {"fields.n.end", "10"},
                                                              {"fields.d.kind", "sequence"},
                                                              {"fields.d.start", "0"},
                                                              {"fields.d.end", "10"}});
  auto g = MakeGen(t);
  auto b = Next(*g, 10);
  ASSERT_EQ(b->num_rows(), 4);
  EXPECT_EQ(b->RowToString(0), "+I[8, 1.00, 0.0]");
  EXPECT_EQ(b->RowToString(3), "+I[11, 4.00, 3.0]");
}

TEST(DatagenGeneratorTest, SequenceWithNullsAndBinaries) {
  Table t = MakeTable("id BIGINT, b VARBINARY(4), c CHAR(3)", {{"fields.id.kind", "sequence"},
                                                               {"fields.id.start", "0"},
                                                               {"fields.id.end", "999"},
                                                               {"fields.id.null-rate", "0.5"},
                                                               {"fields.b.kind", "sequence"},
                                                               {"fields.b.start", "7"},
                                                               {"fields.b.end", "2000"},
                                                               {"fields.c.kind", "sequence"},
                                                               {"fields.c.start", "5"},
                                                               {"fields.c.end", "900"}});
  auto g = MakeGen(t, 0, 2);
  EXPECT_EQ(g->remaining(), 448);  // c: 5, 7, ..., 899
  auto b = Next(*g, 1000);
  ASSERT_EQ(b->num_rows(), 448);
  EXPECT_GT(b->column(0)->null_count(), 150);
  EXPECT_LT(b->column(0)->null_count(), 300);
  for (int64_t r = 0; r < b->num_rows(); ++r) {
    // A null does not shift the sequence: row r is the r-th value of the subtask's share.
    if (b->column(0)->IsValid(r)) {
      EXPECT_EQ(b->column(0)->Value<int64_t>(r), 2 * r);
    }
    EXPECT_EQ(b->column(1)->StringValue(r), std::to_string(7 + 2 * r));
    EXPECT_EQ(b->column(2)->StringValue(r), std::to_string(5 + 2 * r));
  }
}

TEST(DatagenGeneratorTest, RandomValuesStayInBounds) {
  Table t = MakeTable(
      "i INT, t TINYINT, d DOUBLE, n DECIMAL(10, 2), s STRING, c CHAR(5), "
      "v VARCHAR(20), b BYTES, z BOOLEAN",
      {{"fields.i.min", "-3"},
       {"fields.i.max", "3"},
       {"fields.d.min", "0.5"},
       {"fields.d.max", "0.75"},
       {"fields.n.min", "1.25"},
       {"fields.n.max", "1.5"},
       {"fields.s.length", "16"},
       {"fields.v.var-len", "true"},
       {"fields.b.length", "3"}});
  auto g = MakeGen(t);
  auto b = Next(*g, 2000);
  ASSERT_EQ(b->num_rows(), 2000);
  std::set<int32_t> ints;
  std::set<int64_t> var_lengths;
  int trues = 0;
  for (int64_t r = 0; r < b->num_rows(); ++r) {
    const int32_t i = b->column(0)->Value<int32_t>(r);
    EXPECT_GE(i, -3);
    EXPECT_LE(i, 3);
    ints.insert(i);
    const double d = b->column(2)->Value<double>(r);
    EXPECT_GE(d, 0.5);
    EXPECT_LE(d, 0.75);
    const __int128 n = b->column(3)->DecimalValue(r).value();
    EXPECT_GE(n, 125);
    EXPECT_LE(n, 150);
    const std::string_view s = b->column(4)->StringValue(r);
    EXPECT_EQ(s.size(), 16u);
    EXPECT_EQ(s.find_first_not_of("0123456789abcdef"), std::string_view::npos) << s;
    EXPECT_EQ(b->column(5)->StringValue(r).size(), 5u);
    const auto v = static_cast<int64_t>(b->column(6)->StringValue(r).size());
    EXPECT_GE(v, 1);
    EXPECT_LE(v, 20);
    var_lengths.insert(v);
    EXPECT_EQ(b->column(7)->StringValue(r).size(), 3u);
    trues += b->column(8)->BoolValue(r);
  }
  EXPECT_EQ(ints.size(), 7u);  // every value of [-3, 3] appears
  EXPECT_GT(var_lengths.size(), 10u);
  EXPECT_GT(trues, 800);
  EXPECT_LT(trues, 1200);
  EXPECT_EQ(b->column(0)->null_count(), 0);
}

TEST(DatagenGeneratorTest, NullRate) {
  Table t = MakeTable("a INT, b STRING, c INT ARRAY", {{"fields.a.null-rate", "0.5"},
                                                       {"fields.b.null-rate", "1"},
                                                       {"fields.c.null-rate", "0.3"},
                                                       {"fields.c.length", "2"}});
  auto g = MakeGen(t);
  auto b = Next(*g, 1000);
  EXPECT_GT(b->column(0)->null_count(), 400);
  EXPECT_LT(b->column(0)->null_count(), 600);
  EXPECT_EQ(b->column(1)->null_count(), 1000);
  EXPECT_GT(b->column(2)->null_count(), 200);
  EXPECT_LT(b->column(2)->null_count(), 400);
  EXPECT_EQ(b->column(2)->child(0)->length(), (1000 - b->column(2)->null_count()) * 2);
}

TEST(DatagenGeneratorTest, NestedTypes) {
  Table t = MakeTable(
      "arr INT ARRAY, m MAP<STRING, INT>, ms MULTISET<INT>, "
      "r ROW<a INT, b STRING>",
      {{"fields.arr.length", "3"},
       {"fields.arr.element.min", "0"},
       {"fields.arr.element.max", "9"},
       {"fields.m.length", "2"},
       {"fields.m.key.length", "1"},
       {"fields.m.value.min", "5"},
       {"fields.m.value.max", "5"},
       {"fields.ms.length", "1"},
       {"fields.ms.element.min", "4"},
       {"fields.ms.element.max", "4"},
       {"fields.r.a.min", "1"},
       {"fields.r.a.max", "1"},
       {"fields.r.b.length", "2"}});
  auto g = MakeGen(t);
  auto b = Next(*g, 5);
  ASSERT_EQ(b->num_rows(), 5);
  for (int64_t r = 0; r < 5; ++r) {
    EXPECT_EQ(b->column(0)->ListLength(r), 3);
    EXPECT_EQ(b->column(1)->ListLength(r), 2);
  }
  const std::string row = b->RowToString(0);
  // +I[[x, y, z], {k=5, k=5}, {4=1}, +I[1, hh]]
  EXPECT_NE(row.find("=5, "), std::string::npos) << row;
  EXPECT_NE(row.find("{4="), std::string::npos) << row;
  EXPECT_NE(row.find("}, +I[1, "), std::string::npos) << row;
  const ColumnPtr& counts = b->column(2)->child(0)->child(1);
  for (int64_t i = 0; i < counts->length(); ++i) {
    EXPECT_GE(counts->Value<int32_t>(i), 0);
    EXPECT_LE(counts->Value<int32_t>(i), 10);
  }
}

TEST(DatagenGeneratorTest, TemporalValuesFollowTheClock) {
  Table t = MakeTable(
      "d DATE, t TIME, ts TIMESTAMP(3), ltz TIMESTAMP_LTZ(6), p TIMESTAMP(3), "
      "ts0 TIMESTAMP(0)",
      {{"fields.p.max-past", "1 s"}});
  auto g = MakeGen(t);
  auto b = Next(*g, 200);
  const std::string row = b->RowToString(0);
  EXPECT_TRUE(row.starts_with(
      "+I[2020-09-13, 12:26:40, 2020-09-13T12:26:40.123, 2020-09-13T12:26:40.123Z, 2020-09-13T"))
      << row;
  EXPECT_TRUE(row.ends_with(", 2020-09-13T12:26:40]")) << row;
  for (int64_t r = 0; r < b->num_rows(); ++r) {
    const int64_t p = b->column(4)->Value<int64_t>(r);
    EXPECT_GE(p, kNow - 1000);
    EXPECT_LE(p, kNow);
    EXPECT_EQ(b->column(5)->Value<int64_t>(r), kNow - 123);
  }
}

TEST(DatagenGeneratorTest, IntervalsHonourBounds) {
  Table t = MakeTable("ym INTERVAL YEAR TO MONTH, dt INTERVAL DAY TO SECOND(3)",
                      {{"fields.dt.min", "5"}, {"fields.dt.max", "7"}});
  auto g = MakeGen(t);
  auto b = Next(*g, 500);
  for (int64_t r = 0; r < b->num_rows(); ++r) {
    EXPECT_GE(b->column(0)->Value<int32_t>(r), 0);
    EXPECT_LE(b->column(0)->Value<int32_t>(r), 120000);
    EXPECT_GE(b->column(1)->Value<int64_t>(r), 5);
    EXPECT_LE(b->column(1)->Value<int64_t>(r), 7);
  }
}

TEST(DatagenGeneratorTest, DeterministicPerSeedAndSubtask) {
  Table t = MakeTable("a BIGINT, s STRING, n DECIMAL(20, 3), r ROW<x DOUBLE>",
                      {{"fields.s.length", "8"}, {"fields.a.null-rate", "0.2"}});
  auto a = MakeGen(t, 1, 2, 99);
  auto b = MakeGen(t, 1, 2, 99);
  auto c = MakeGen(t, 0, 2, 99);
  auto d = MakeGen(t, 1, 2, 100);
  auto ba = Next(*a, 50);
  EXPECT_TRUE(ba->Equals(*Next(*b, 50)));
  EXPECT_FALSE(ba->Equals(*Next(*c, 50)));
  EXPECT_FALSE(ba->Equals(*Next(*d, 50)));
}

TEST(DatagenGeneratorTest, RestoreContinuesIdentically) {
  Table t =
      MakeTable("id BIGINT, a BIGINT, s STRING, arr INT ARRAY", {{"fields.id.kind", "sequence"},
                                                                 {"fields.id.start", "0"},
                                                                 {"fields.id.end", "999"},
                                                                 {"fields.s.length", "5"},
                                                                 {"fields.s.var-len", "true"},
                                                                 {"fields.a.null-rate", "0.3"},
                                                                 {"fields.arr.length", "2"}});
  auto a = MakeGen(t, 2, 3);
  Next(*a, 10);
  const std::string state = a->SaveState();
  auto a2 = Next(*a, 17);
  auto a3 = Next(*a, 5);
  auto b = MakeGen(t, 2, 3);
  ASSERT_TRUE(b->RestoreState(state).ok());
  EXPECT_EQ(b->emitted(), 10);
  EXPECT_EQ(b->remaining(), a->remaining() + 22);
  EXPECT_TRUE(a2->Equals(*Next(*b, 17)));
  EXPECT_TRUE(a3->Equals(*Next(*b, 5)));
  EXPECT_EQ(a3->column(0)->Value<int64_t>(0), 2 + 27 * 3);
}

TEST(DatagenGeneratorTest, RestoreRejectsForeignState) {
  Table t = MakeTable("a BIGINT", {});
  auto a = MakeGen(t, 0, 2);
  const std::string state = a->SaveState();
  auto other = MakeGen(t, 0, 3);
  Status st = other->RestoreState(state);
  EXPECT_TRUE(st.IsNotSupported()) << st.ToString();
  EXPECT_NE(st.ToString().find("rescaling"), std::string::npos);
  for (std::string bad : {std::string(""), std::string("datagen-v1 0 2"), state + " 5",
                          std::string("datagen-v1 0 2 7 -1 1 1 1")}) {
    Status s = a->RestoreState(bad);
    EXPECT_FALSE(s.ok()) << bad;
  }
  Table two = MakeTable("a BIGINT, b BIGINT", {});
  EXPECT_FALSE(MakeGen(two, 0, 2)->RestoreState(state).ok());
}

std::unique_ptr<DatagenGenerator> MakeProjectedGen(const Table& t, std::vector<int32_t> fields,
                                                   int32_t subtask = 0, int32_t parallelism = 1) {
  DatagenGeneratorConfig c;
  c.subtask = subtask;
  c.parallelism = parallelism;
  c.seed = 7;
  c.clock = [] { return kNow; };
  c.projected_fields = std::move(fields);
  auto g = DatagenGenerator::Make(t.schema, t.options, std::move(c));
  EXPECT_TRUE(g.ok()) << g.status().ToString();
  return g.ok() ? std::move(g).ValueOrDie() : nullptr;
}

// A table with a sequence, random scalars with nulls, strings and nested values: every kind of
// stream a projection could disturb.
Table ProjectionTable() {
  return MakeTable(
      "id BIGINT, a INT, s STRING, m MAP<STRING, INT>, d DOUBLE, r ROW<x INT, y STRING>, "
      "ts TIMESTAMP(3), arr BIGINT ARRAY",
      {{"fields.id.kind", "sequence"},
       {"fields.id.start", "10"},
       {"fields.id.end", "85"},
       {"fields.a.null-rate", "0.3"},
       {"fields.s.length", "6"},
       {"fields.s.var-len", "true"},
       {"fields.m.length", "2"},
       {"fields.m.key.length", "3"},
       {"fields.r.y.null-rate", "0.5"},
       {"fields.ts.max-past", "10 s"},
       {"fields.arr.length", "2"}});
}

TEST(DatagenGeneratorTest, ProjectedColumnsEqualTheFullTable) {
  Table t = ProjectionTable();
  for (const std::vector<int32_t>& projection :
       {std::vector<int32_t>{7, 0, 3}, std::vector<int32_t>{5, 2}, std::vector<int32_t>{6},
        std::vector<int32_t>{1, 4, 3, 6, 0, 5, 2, 7}}) {
    for (int32_t subtask = 0; subtask < 2; ++subtask) {
      auto full = MakeGen(t, subtask, 2);
      auto projected = MakeProjectedGen(t, projection, subtask, 2);
      ASSERT_EQ(projected->schema()->num_fields(), static_cast<int>(projection.size()));
      EXPECT_EQ(projected->remaining(), full->remaining());
      int64_t rows = 0;
      while (!full->exhausted()) {
        auto f = Next(*full, 7);
        auto p = Next(*projected, 7);
        ASSERT_EQ(p->num_rows(), f->num_rows());
        for (size_t k = 0; k < projection.size(); ++k) {
          EXPECT_EQ(p->schema()->name(static_cast<int>(k)), t.schema->name(projection[k]));
          EXPECT_TRUE(p->column(static_cast<int>(k))->Equals(*f->column(projection[k])))
              << "field " << t.schema->name(projection[k]) << " at row " << rows;
        }
        rows += f->num_rows();
      }
      EXPECT_EQ(rows, 38);
      EXPECT_TRUE(projected->exhausted());
    }
  }
}

TEST(DatagenGeneratorTest, ProjectionWithoutTheSequenceStillEndsWithIt) {
  Table t = ProjectionTable();
  auto g = MakeProjectedGen(t, {2});
  EXPECT_EQ(g->remaining(), 76);
  int64_t rows = 0;
  while (!g->exhausted()) rows += Next(*g, 50)->num_rows();
  EXPECT_EQ(rows, 76);
  // An empty projection (COUNT(*)) still makes the rows.
  auto none = MakeProjectedGen(t, {});
  auto b = Next(*none, 30);
  EXPECT_EQ(b->num_rows(), 30);
  EXPECT_EQ(b->num_columns(), 0);
}

TEST(DatagenGeneratorTest, ProjectedRestoreContinuesIdentically) {
  Table t = ProjectionTable();
  auto full = MakeGen(t);
  auto a = MakeProjectedGen(t, {3, 1});
  Next(*full, 9);
  Next(*a, 9);
  const std::string state = a->SaveState();
  auto b = MakeProjectedGen(t, {3, 1});
  ASSERT_TRUE(b->RestoreState(state).ok());
  EXPECT_EQ(b->emitted(), 9);
  auto expected = Next(*full, 20);
  auto got = Next(*b, 20);
  EXPECT_TRUE(got->column(0)->Equals(*expected->column(3)));
  EXPECT_TRUE(got->column(1)->Equals(*expected->column(1)));
  EXPECT_TRUE(got->Equals(*Next(*a, 20)));
}

TEST(DatagenGeneratorTest, MakeRejectsBadProjection) {
  Table t = MakeTable("a BIGINT, b STRING", {});
  for (const std::vector<int32_t>& bad :
       {std::vector<int32_t>{2}, std::vector<int32_t>{-1}, std::vector<int32_t>{1, 0, 1}}) {
    DatagenGeneratorConfig c;
    c.projected_fields = bad;
    auto g = DatagenGenerator::Make(t.schema, t.options, c);
    ASSERT_FALSE(g.ok());
    EXPECT_TRUE(g.status().IsInvalid()) << g.status().ToString();
  }
}

TEST(DatagenGeneratorTest, MakeRejectsBadSubtask) {
  Table t = MakeTable("a BIGINT", {});
  DatagenGeneratorConfig c;
  c.subtask = 2;
  c.parallelism = 2;
  EXPECT_FALSE(DatagenGenerator::Make(t.schema, t.options, c).ok());
}

}  // namespace
}  // namespace weir::connectors
