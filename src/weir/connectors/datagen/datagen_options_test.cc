// Tests for DatagenOptions: Flink's option names, defaults, type restrictions and errors.
#include "weir/connectors/datagen/datagen_options.h"

#include <gtest/gtest.h>

#include <string>

namespace weir::connectors {
namespace {

SchemaPtr MakeSchema(std::string_view text) {
  auto s = Schema::Parse(text);
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  return *s;
}

Result<DatagenOptions> ParseWith(std::string_view schema, formats::FormatOptions options) {
  options.emplace("connector", "datagen");
  return DatagenOptions::Parse(options, *MakeSchema(schema));
}

// Expects parsing to fail with a message containing every one of `parts`.
void ExpectError(std::string_view schema, formats::FormatOptions options,
                 std::vector<std::string> parts) {
  auto r = ParseWith(schema, std::move(options));
  ASSERT_FALSE(r.ok());
  const std::string msg = r.status().ToString();
  for (const auto& p : parts) EXPECT_NE(msg.find(p), std::string::npos) << msg << " / " << p;
}

TEST(DatagenOptionsTest, DefaultsFollowFlink) {
  auto r = ParseWith(
      "a BIGINT, s STRING, v VARCHAR(10), c CHAR(4), arr INT ARRAY, w VARCHAR(150), b BYTES", {});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->rows_per_second, 10000);
  EXPECT_FALSE(r->number_of_rows.has_value());
  EXPECT_FALSE(r->scan_parallelism.has_value());
  EXPECT_FALSE(r->bounded());
  ASSERT_EQ(r->fields.size(), 7u);
  for (const auto& f : r->fields) {
    EXPECT_EQ(f.kind, DatagenKind::kRandom);
    EXPECT_EQ(f.null_rate, 0);
    EXPECT_FALSE(f.var_len);
  }
  EXPECT_EQ(r->fields[1].length, 100);
  EXPECT_EQ(r->fields[2].length, 10);  // VARCHAR(n): n
  EXPECT_EQ(r->fields[3].length, 4);   // CHAR(n): exactly n
  EXPECT_EQ(r->fields[4].length, 3);   // collections: 3
  EXPECT_EQ(r->fields[5].length, 150);
  EXPECT_EQ(r->fields[6].length, 100);
  ASSERT_EQ(r->fields[4].children.size(), 1u);
  EXPECT_EQ(r->fields[4].children[0].path, "arr.element");
}

TEST(DatagenOptionsTest, ReadsEveryOption) {
  auto r = ParseWith("id BIGINT, s STRING, d DOUBLE, ts TIMESTAMP(3), n DECIMAL(10, 2)",
                     {{"rows-per-second", "5"},
                      {"number-of-rows", "42"},
                      {"scan.parallelism", "3"},
                      {"fields.id.kind", "sequence"},
                      {"fields.id.start", "-5"},
                      {"fields.id.end", "100"},
                      {"fields.id.null-rate", "0.25"},
                      {"fields.s.length", "16"},
                      {"fields.s.var-len", "true"},
                      {"fields.d.min", "1.5"},
                      {"fields.d.max", "2.5"},
                      {"fields.ts.max-past", "5 s"},
                      {"fields.n.min", "-1.5"},
                      {"fields.n.max", "3"}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->rows_per_second, 5);
  EXPECT_EQ(*r->number_of_rows, 42);
  EXPECT_EQ(*r->scan_parallelism, 3);
  EXPECT_TRUE(r->bounded());
  EXPECT_EQ(r->fields[0].kind, DatagenKind::kSequence);
  EXPECT_EQ(r->fields[0].start, -5);
  EXPECT_EQ(r->fields[0].end, 100);
  EXPECT_DOUBLE_EQ(r->fields[0].null_rate, 0.25);
  EXPECT_EQ(r->fields[1].length, 16);
  EXPECT_TRUE(r->fields[1].var_len);
  EXPECT_DOUBLE_EQ(r->fields[2].min->double_value(), 1.5);
  EXPECT_DOUBLE_EQ(r->fields[2].max->double_value(), 2.5);
  EXPECT_EQ(r->fields[3].max_past_ms, 5000);
  EXPECT_EQ(r->fields[4].min->decimal_value().value(), -150);
  EXPECT_EQ(r->fields[4].max->decimal_value().value(), 300);
}

TEST(DatagenOptionsTest, NestedFieldsUseFlinksPaths) {
  auto r =
      ParseWith("r ROW<a INT, b STRING>, m MAP<STRING, INT>", {{"fields.r.a.min", "1"},
                                                               {"fields.r.a.max", "2"},
                                                               {"fields.r.b.length", "3"},
                                                               {"fields.m.key.length", "2"},
                                                               {"fields.m.value.null-rate", "0.5"},
                                                               {"fields.m.length", "4"}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->fields[0].children[0].min->int_value(), 1);
  EXPECT_EQ(r->fields[0].children[1].length, 3);
  EXPECT_EQ(r->fields[1].length, 4);
  EXPECT_EQ(r->fields[1].children[0].length, 2);
  EXPECT_DOUBLE_EQ(r->fields[1].children[1].null_rate, 0.5);
}

TEST(DatagenOptionsTest, IntervalBounds) {
  auto r = ParseWith("ym INTERVAL YEAR TO MONTH, dt INTERVAL DAY TO SECOND",
                     {{"fields.ym.min", "2"}, {"fields.ym.max", "P1Y"}, {"fields.dt.max", "1000"}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->fields[0].min->int_value(), 2);
  EXPECT_EQ(r->fields[0].max->int_value(), 12);
  EXPECT_EQ(r->fields[1].max->int_value(), 1000);
}

TEST(DatagenOptionsTest, RejectsUnknownKeysAndFields) {
  ExpectError("a INT", {{"foo", "1"}}, {"'foo'"});
  ExpectError("a INT", {{"fields.b.min", "1"}}, {"Unknown field 'b'", "'fields.b.min'"});
  ExpectError("a INT", {{"fields.a.bogus", "1"}}, {"'fields.a.bogus'"});
  ExpectError("a INT", {{"fields.a", "1"}}, {"'fields.a'"});
  ExpectError("a INT", {{"connector", "kafka"}}, {"'connector'"});
}

TEST(DatagenOptionsTest, RejectsBadValues) {
  ExpectError("a INT", {{"rows-per-second", "0"}}, {"'rows-per-second'"});
  ExpectError("a INT", {{"rows-per-second", "fast"}}, {"'rows-per-second'", "fast"});
  ExpectError("a INT", {{"number-of-rows", "-1"}}, {"'number-of-rows'"});
  ExpectError("a INT", {{"scan.parallelism", "0"}}, {"'scan.parallelism'"});
  ExpectError("a INT", {{"fields.a.kind", "zigzag"}}, {"'fields.a.kind'", "zigzag"});
  ExpectError("a INT", {{"fields.a.min", "x"}}, {"'fields.a.min'"});
  ExpectError("a TINYINT", {{"fields.a.max", "300"}}, {"'fields.a.max'"});
  ExpectError("a INT", {{"fields.a.null-rate", "1.5"}}, {"'fields.a.null-rate'"});
  ExpectError("a INT NOT NULL", {{"fields.a.null-rate", "0.5"}}, {"'fields.a.null-rate'"});
  ExpectError("s STRING", {{"fields.s.length", "-2"}}, {"'fields.s.length'"});
  ExpectError("s STRING", {{"fields.s.var-len", "maybe"}}, {"'fields.s.var-len'"});
  ExpectError("t TIMESTAMP(3)", {{"fields.t.max-past", "soon"}}, {"'fields.t.max-past'"});
  ExpectError("a INT", {{"fields.a.min", "5"}, {"fields.a.max", "4"}},
              {"'fields.a.min'", "min is greater than max"});
}

TEST(DatagenOptionsTest, EnforcesTypeRestrictions) {
  ExpectError("s STRING", {{"fields.s.min", "1"}}, {"'fields.s.min'", "numeric"});
  ExpectError("a BIGINT", {{"fields.a.length", "3"}}, {"'fields.a.length'"});
  ExpectError("c CHAR(3)", {{"fields.c.length", "2"}}, {"'fields.c.length'", "fixed-length"});
  ExpectError("v VARCHAR(3)", {{"fields.v.length", "4"}}, {"'fields.v.length'"});
  ExpectError("c CHAR(3)", {{"fields.c.var-len", "true"}}, {"'fields.c.var-len'"});
  ExpectError("a BIGINT", {{"fields.a.max-past", "1 s"}}, {"'fields.a.max-past'"});
  ExpectError("b BOOLEAN", {{"fields.b.kind", "sequence"}}, {"'fields.b.kind'", "BOOLEAN"});
  ExpectError("d DATE", {{"fields.d.kind", "sequence"}}, {"'fields.d.kind'"});
  ExpectError("r ROW<a INT>", {{"fields.r.a.kind", "sequence"}}, {"'fields.r.a.kind'"});
  ExpectError("n NULL", {}, {"NULL"});
}

TEST(DatagenOptionsTest, ChecksSequenceOptions) {
  ExpectError("a INT", {{"fields.a.kind", "sequence"}, {"fields.a.start", "1"}},
              {"'fields.a.end'"});
  ExpectError("a INT", {{"fields.a.kind", "sequence"}, {"fields.a.end", "1"}},
              {"'fields.a.start'"});
  ExpectError("a INT",
              {{"fields.a.kind", "sequence"}, {"fields.a.start", "5"}, {"fields.a.end", "1"}},
              {"'fields.a.start'", "greater than end"});
  ExpectError("a TINYINT",
              {{"fields.a.kind", "sequence"}, {"fields.a.start", "0"}, {"fields.a.end", "200"}},
              {"'fields.a.end'", "out of range"});
  ExpectError("a INT", {{"fields.a.start", "1"}}, {"'fields.a.start'", "sequence"});
  ExpectError("a INT",
              {{"fields.a.kind", "sequence"},
               {"fields.a.start", "1"},
               {"fields.a.end", "2"},
               {"fields.a.min", "0"}},
              {"'fields.a.min'"});
  ExpectError("v VARCHAR(2)",
              {{"fields.v.kind", "sequence"}, {"fields.v.start", "1"}, {"fields.v.end", "100"}},
              {"'fields.v.start'", "VARCHAR(2)"});
  auto ok = ParseWith("s STRING, n DECIMAL(5, 2)", {{"fields.s.kind", "sequence"},
                                                    {"fields.s.start", "1"},
                                                    {"fields.s.end", "9"},
                                                    {"fields.n.kind", "sequence"},
                                                    {"fields.n.start", "0"},
                                                    {"fields.n.end", "999"}});
  EXPECT_TRUE(ok.ok()) << ok.status().ToString();
  ExpectError("n DECIMAL(5, 2)",
              {{"fields.n.kind", "sequence"}, {"fields.n.start", "0"}, {"fields.n.end", "1000"}},
              {"'fields.n.end'"});
}

}  // namespace
}  // namespace weir::connectors
