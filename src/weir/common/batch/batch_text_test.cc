// Tests of the batch text forms: Row.toString printing, the text parser, and their round trip.
#include "weir/common/batch/batch_text.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "weir/common/batch/column_builder.h"
#include "weir/common/batch/java_format.h"
#include "weir/common/batch/record_batch.h"

namespace weir {
namespace {

LogicalType T(std::string_view text) {
  Result<LogicalType> t = LogicalType::Parse(text);
  EXPECT_TRUE(t.ok()) << t.status().ToString();
  return t.ok() ? *t : LogicalType();
}

ColumnPtr MakeColumn(const LogicalType& type, const ValueList& values) {
  auto builder = ColumnBuilder::Make(type);
  EXPECT_TRUE(builder.ok()) << builder.status().ToString();
  for (const Value& v : values) {
    Status st = (*builder)->AppendValue(v);
    EXPECT_TRUE(st.ok()) << st.ToString();
  }
  Result<ColumnPtr> column = (*builder)->Finish();
  EXPECT_TRUE(column.ok()) << column.status().ToString();
  return *column;
}

// Prints one value of `type` through a column, checking that the Value printer agrees.
std::string Print(std::string_view type_text, const Value& v) {
  LogicalType type = T(type_text);
  ColumnPtr column = MakeColumn(type, {v});
  std::string from_column;
  AppendValueText(from_column, *column, 0);
  std::string from_value;
  AppendValueText(from_value, v, type);
  EXPECT_EQ(from_column, from_value) << type_text;
  return from_column;
}

Value I(int64_t v) { return Value(v); }
Value S(const char* v) { return Value(v); }
Value N() { return Value::MakeNull(); }
Value Dec(__int128 unscaled) { return Value(Decimal128(unscaled)); }

RecordBatchPtr MustParse(std::string_view text) {
  Result<RecordBatchPtr> batch = RecordBatch::Parse(text);
  EXPECT_TRUE(batch.ok()) << batch.status().ToString();
  return batch.ok() ? *batch : nullptr;
}

std::string ParseError(std::string_view text) {
  Result<RecordBatchPtr> batch = RecordBatch::Parse(text);
  EXPECT_FALSE(batch.ok()) << text;
  if (batch.ok()) return "";
  EXPECT_TRUE(batch.status().IsInvalid()) << batch.status().ToString();
  return batch.status().message();
}

constexpr int64_t kT0 = 1602288005;  // 2020-10-10T00:00:05Z
constexpr int64_t kSec = 1000000000;

TEST(BatchTextTest, PrintsBooleansAndIntegers) {
  EXPECT_EQ(Print("BOOLEAN", Value(true)), "true");
  EXPECT_EQ(Print("BOOLEAN", Value(false)), "false");
  EXPECT_EQ(Print("TINYINT", I(-128)), "-128");
  EXPECT_EQ(Print("SMALLINT", I(32767)), "32767");
  EXPECT_EQ(Print("INT", I(-2147483648LL)), "-2147483648");
  EXPECT_EQ(Print("BIGINT", I(INT64_MIN)), "-9223372036854775808");
  EXPECT_EQ(Print("BIGINT", N()), "null");
  EXPECT_EQ(Print("NULL", N()), "null");
}

TEST(BatchTextTest, PrintsFloatingPointAsJava) {
  EXPECT_EQ(Print("DOUBLE", Value(1.0)), "1.0");
  EXPECT_EQ(Print("DOUBLE", Value(100.0)), "100.0");
  EXPECT_EQ(Print("DOUBLE", Value(1.0e7)), "1.0E7");
  EXPECT_EQ(Print("DOUBLE", Value(9999999.0)), "9999999.0");
  EXPECT_EQ(Print("DOUBLE", Value(0.001)), "0.001");
  EXPECT_EQ(Print("DOUBLE", Value(1.0e-4)), "1.0E-4");
  EXPECT_EQ(Print("DOUBLE", Value(3.14)), "3.14");
  EXPECT_EQ(Print("DOUBLE", Value(-0.0)), "-0.0");
  EXPECT_EQ(Print("DOUBLE", Value(std::nan(""))), "NaN");
  EXPECT_EQ(Print("DOUBLE", Value(std::numeric_limits<double>::infinity())), "Infinity");
  EXPECT_EQ(Print("DOUBLE", Value(-std::numeric_limits<double>::infinity())), "-Infinity");
  EXPECT_EQ(Print("DOUBLE", Value(std::numeric_limits<double>::max())), "1.7976931348623157E308");
  EXPECT_EQ(Print("DOUBLE", Value(1.0e-323)), "9.9E-324");
  EXPECT_EQ(Print("FLOAT", Value(static_cast<double>(1.1f))), "1.1");
  EXPECT_EQ(Print("FLOAT", Value(static_cast<double>(3.4028235e38f))), "3.4028235E38");
  EXPECT_EQ(Print("FLOAT", Value(0.1)), "0.1");  // the float nearest 0.1, printed as float
}

TEST(BatchTextTest, PrintsDecimalsWithTheirScale) {
  EXPECT_EQ(Print("DECIMAL(10, 2)", Dec(150)), "1.50");
  EXPECT_EQ(Print("DECIMAL(10, 2)", Dec(-1)), "-0.01");
  EXPECT_EQ(Print("DECIMAL(10, 2)", Dec(0)), "0.00");
  EXPECT_EQ(Print("DECIMAL(10, 0)", Dec(42)), "42");
  EXPECT_EQ(Print("DECIMAL(10, 8)", Dec(1)), "1E-8");
  EXPECT_EQ(Print("DECIMAL(38, 0)", Dec(Decimal128::PowerOfTen(38) - 1)),
            "99999999999999999999999999999999999999");
}

TEST(BatchTextTest, PrintsStringsAndBinaries) {
  EXPECT_EQ(Print("STRING", S("hello world")), "hello world");
  EXPECT_EQ(Print("STRING", S("")), "");
  EXPECT_EQ(Print("CHAR(3)", S("abc")), "abc");
  EXPECT_EQ(Print("VARCHAR(5)", S("it's")), "it's");
  EXPECT_EQ(Print("BYTES", Value(std::string("\x01\xfe\x7f\x80", 4))), "[1, -2, 127, -128]");
  EXPECT_EQ(Print("BINARY(1)", Value(std::string("\0", 1))), "[0]");
  EXPECT_EQ(Print("BYTES", S("")), "[]");
}

TEST(BatchTextTest, PrintsDatesAndTimes) {
  EXPECT_EQ(Print("DATE", I(18545)), "2020-10-10");
  EXPECT_EQ(Print("DATE", I(-1)), "1969-12-31");
  EXPECT_EQ(Print("DATE", I(-719529)), "-0001-12-31");
  EXPECT_EQ(Print("DATE", I(2932897)), "+10000-01-01");
  EXPECT_EQ(Print("TIME", I(12 * 3600 * kSec)), "12:00");
  EXPECT_EQ(Print("TIME", I((12 * 3600 + 1) * kSec)), "12:00:01");
  EXPECT_EQ(Print("TIME(3)", I((12 * 3600 + 1) * kSec + 500000000)), "12:00:01.500");
  EXPECT_EQ(Print("TIME(6)", I((12 * 3600 + 1) * kSec + 1000)), "12:00:01.000001");
  EXPECT_EQ(Print("TIME(9)", I((12 * 3600 + 1) * kSec + 1)), "12:00:01.000000001");
}

TEST(BatchTextTest, PrintsTimestampsAtEachPrecision) {
  EXPECT_EQ(Print("TIMESTAMP(0)", I(kT0 * 1000)), "2020-10-10T00:00:05");
  EXPECT_EQ(Print("TIMESTAMP(0)", I((kT0 - 5) * 1000)), "2020-10-10T00:00");
  EXPECT_EQ(Print("TIMESTAMP(3)", I(kT0 * 1000 + 123)), "2020-10-10T00:00:05.123");
  EXPECT_EQ(Print("TIMESTAMP(3)", I(kT0 * 1000 + 100)), "2020-10-10T00:00:05.100");
  EXPECT_EQ(Print("TIMESTAMP(3)", I(-1)), "1969-12-31T23:59:59.999");
  EXPECT_EQ(Print("TIMESTAMP(6)", I(kT0 * 1000000 + 123456)), "2020-10-10T00:00:05.123456");
  EXPECT_EQ(Print("TIMESTAMP(6)", I(kT0 * 1000000 + 123000)), "2020-10-10T00:00:05.123");
  EXPECT_EQ(Print("TIMESTAMP(9)", I(kT0 * kSec + 123456789)), "2020-10-10T00:00:05.123456789");
  EXPECT_EQ(Print("TIMESTAMP(9)", I(-1)), "1969-12-31T23:59:59.999999999");
  EXPECT_EQ(Print("TIMESTAMP(3)", I(253402300800000LL)), "+10000-01-01T00:00");
  EXPECT_EQ(Print("TIMESTAMP(3)", I((-62167219200LL - 86400) * 1000)), "-0001-12-31T00:00");
  EXPECT_EQ(Print("TIMESTAMP_LTZ(0)", I(kT0 * 1000)), "2020-10-10T00:00:05Z");
  EXPECT_EQ(Print("TIMESTAMP_LTZ(3)", I((kT0 - 5) * 1000)), "2020-10-10T00:00:00Z");
  EXPECT_EQ(Print("TIMESTAMP_LTZ(3)", I(kT0 * 1000 + 5)), "2020-10-10T00:00:05.005Z");
  EXPECT_EQ(Print("TIMESTAMP_LTZ(6)", I(kT0 * 1000000 + 1)), "2020-10-10T00:00:05.000001Z");
  EXPECT_EQ(Print("TIMESTAMP_LTZ(9)", I(kT0 * kSec + 1)), "2020-10-10T00:00:05.000000001Z");
}

TEST(BatchTextTest, PrintsIntervals) {
  EXPECT_EQ(Print("INTERVAL YEAR TO MONTH", I(14)), "P1Y2M");
  EXPECT_EQ(Print("INTERVAL YEAR TO MONTH", I(-14)), "P-1Y-2M");
  EXPECT_EQ(Print("INTERVAL YEAR TO MONTH", I(0)), "P0D");
  EXPECT_EQ(Print("INTERVAL YEAR TO MONTH", I(12)), "P1Y");
  EXPECT_EQ(Print("INTERVAL MONTH", I(14)), "P14M");
  EXPECT_EQ(Print("INTERVAL YEAR", I(24)), "P2Y");
  EXPECT_EQ(Print("INTERVAL DAY TO SECOND(3)", I(3723500)), "PT1H2M3.5S");
  EXPECT_EQ(Print("INTERVAL DAY TO SECOND(3)", I(0)), "PT0S");
  EXPECT_EQ(Print("INTERVAL DAY TO SECOND(3)", I(-500)), "PT-0.5S");
  EXPECT_EQ(Print("INTERVAL DAY", I(2 * 86400000LL)), "PT48H");
  EXPECT_EQ(Print("INTERVAL MINUTE TO SECOND(3)", I(-61001)), "PT-1M-1.001S");
}

TEST(BatchTextTest, PrintsNestedTypes) {
  EXPECT_EQ(Print("ARRAY<INT>", Value::MakeList({I(1), I(2), N()})), "[1, 2, null]");
  EXPECT_EQ(Print("ARRAY<INT>", Value::MakeList({})), "[]");
  EXPECT_EQ(Print("ARRAY<INT>", N()), "null");
  EXPECT_EQ(Print("ARRAY<STRING>", Value::MakeList({S("a b"), S("")})), "[a b, ]");
  EXPECT_EQ(Print("ARRAY<BYTES>", Value::MakeList({S("\x01"), N()})), "[[1], null]");
  EXPECT_EQ(Print("ARRAY<DOUBLE>", Value::MakeList({Value(1.0), Value(1e7)})), "[1.0, 1.0E7]");
  EXPECT_EQ(Print("MAP<STRING, INT>", Value::MakeMap({{S("k1"), I(1)}, {S("k2"), N()}})),
            "{k1=1, k2=null}");
  EXPECT_EQ(Print("MAP<STRING, INT>", Value::MakeMap({})), "{}");
  EXPECT_EQ(Print("MULTISET<STRING>", Value::MakeMap({{S("x"), I(2)}, {N(), I(1)}})),
            "{x=2, null=1}");
  EXPECT_EQ(Print("ROW<a INT, b STRING>", Value::MakeRow({I(1), S("x")})), "+I[1, x]");
  EXPECT_EQ(Print("ROW<a INT, b STRING>", Value::MakeRow({N(), N()})), "+I[null, null]");
  EXPECT_EQ(Print("ROW<a INT, b STRING>", N()), "null");
  EXPECT_EQ(Print("ROW<a ROW<b DATE>, c ARRAY<TIMESTAMP(3)>>",
                  Value::MakeRow({Value::MakeRow({I(0)}), Value::MakeList({I(1000)})})),
            "+I[+I[1970-01-01], [1970-01-01T00:00:01]]");
  EXPECT_EQ(
      Print("ARRAY<ROW<a INT, m MAP<INT, ARRAY<INT>>>>",
            Value::MakeList(
                {Value::MakeRow({I(1), Value::MakeMap({{I(2), Value::MakeList({I(3)})}})}), N()})),
      "[+I[1, {2=[3]}], null]");
}

TEST(BatchTextTest, PrintsRowsWithKinds) {
  RecordBatchPtr batch = MustParse(
      "a BIGINT, b STRING, c DOUBLE\n"
      "+I 1 x null\n"
      "-U 2 'y z' 1.5\n"
      "+U 3 '' 1E7\n"
      "-D 4 null -0.0\n");
  ASSERT_NE(batch, nullptr);
  ASSERT_EQ(batch->num_rows(), 4);
  EXPECT_EQ(batch->RowToString(0), "+I[1, x, null]");
  EXPECT_EQ(batch->RowToString(1), "-U[2, y z, 1.5]");
  EXPECT_EQ(FormatRow(*batch, 2), "+U[3, , 1.0E7]");
  EXPECT_EQ(batch->RowToString(3), "-D[4, null, -0.0]");
  EXPECT_EQ(batch->ToString(),
            "+I[1, x, null]\n-U[2, y z, 1.5]\n+U[3, , 1.0E7]\n-D[4, null, -0.0]\n");
}

TEST(BatchTextTest, PrintsSlicedNestedColumns) {
  RecordBatchPtr batch = MustParse(
      "a ARRAY<INT>, m MAP<STRING, INT>, r ROW<x INT, y STRING>, s STRING\n"
      "+I[[1], {a=1}, +I[1, p], one]\n"
      "+I[[2, 3], {b=2, c=3}, +I[2, q], two]\n"
      "-D[null, null, null, null]\n"
      "+I[[4, null], {d=null}, +I[null, s], four]\n");
  ASSERT_NE(batch, nullptr);
  RecordBatchPtr slice = batch->Slice(1, 3);
  EXPECT_EQ(slice->ToString(),
            "+I[[2, 3], {b=2, c=3}, +I[2, q], two]\n"
            "-D[null, null, null, null]\n"
            "+I[[4, null], {d=null}, +I[null, s], four]\n");
  std::string text;
  AppendValueText(text, *slice->column(2)->Slice(2, 1), 0);
  EXPECT_EQ(text, "+I[null, s]");
}

TEST(BatchTextTest, ParsesBothRowForms) {
  RecordBatchPtr a = MustParse("a BIGINT, b STRING\n+I 1 x\n-D 2 null");
  RecordBatchPtr b = MustParse("a BIGINT, b STRING\n+I[1, x]\n-D[2, null]");
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  EXPECT_TRUE(a->Equals(*b));
  EXPECT_EQ(a->ToString(), "+I[1, x]\n-D[2, null]\n");
  EXPECT_EQ(a->row_kind(1), RowKind::kDelete);
  EXPECT_TRUE(a->column(1)->IsNull(1));
}

TEST(BatchTextTest, LastStringOfRowFormKeepsCommasAndBrackets) {
  RecordBatchPtr batch = MustParse(
      "x INT, s STRING\n"
      "+I[1, a, b]\n"
      "+I[2, [c]]  \n"
      "+I[3, null]\n"
      "+I[4, 'q, r']\n"
      "+I[5, ]\n");
  ASSERT_NE(batch, nullptr);
  ASSERT_EQ(batch->num_rows(), 5);
  EXPECT_EQ(ValueAt(*batch->column(1), 0), S("a, b"));
  EXPECT_EQ(ValueAt(*batch->column(1), 1), S("[c]"));
  EXPECT_TRUE(batch->column(1)->IsNull(2));
  EXPECT_EQ(ValueAt(*batch->column(1), 3), S("q, r"));
  EXPECT_EQ(ValueAt(*batch->column(1), 4), S(""));
  // Elsewhere a bare string ends at the comma.
  EXPECT_EQ(ParseError("s STRING, x INT\n+I[a, b, 1]"),
            "Cannot parse 'b' as INT (line 2, column 7)");
}

TEST(BatchTextTest, MalformedInputNeverCrashes) {
  const std::string valid =
      "a ARRAY<INT>, m MAP<STRING, ROW<x DECIMAL(5, 2), y BYTES>>, t TIMESTAMP_LTZ(3), "
      "s STRING, i INTERVAL DAY TO SECOND(3)\n"
      "+I[[1, null], {k=+I[1.50, [1, -2]]}, 2020-10-10T00:00:05.123Z, 'q''x', PT1H2M3.5S]\n"
      "-U [2] {a=(null, x'01')} '2020-10-10 00:00:05' \"z\" -PT0.5S\n";
  ASSERT_NE(MustParse(valid), nullptr);
  int failures = 0;
  for (size_t n = 0; n < valid.size(); ++n) {
    Result<RecordBatchPtr> prefix = RecordBatch::Parse(std::string_view(valid).substr(0, n));
    if (!prefix.ok()) ++failures;
    for (char c : std::string("[]{}(),='\" \n+-0x")) {
      std::string mutated = valid;
      mutated[n] = c;
      Result<RecordBatchPtr> r = RecordBatch::Parse(mutated);
      if (r.ok()) {
        EXPECT_TRUE((*r)->Validate().ok());
      } else {
        EXPECT_TRUE(r.status().IsInvalid()) << r.status().ToString();
      }
    }
  }
  EXPECT_GT(failures, 0);
}

TEST(BatchTextTest, ParsesCommentsBlankLinesAndWhitespace) {
  RecordBatchPtr batch = MustParse(
      "# a comment before the schema\n"
      "\n"
      "  a INT, b STRING  \r\n"
      "   # indented comment\n"
      "\t+I   1\t x  \r\n"
      "\n"
      "+I[ 2 ,  y z ]\n");
  ASSERT_NE(batch, nullptr);
  EXPECT_EQ(batch->ToString(), "+I[1, x]\n+I[2, y z]\n");
  EXPECT_TRUE(batch->all_inserts());
}

TEST(BatchTextTest, ParsesQuotedStrings) {
  RecordBatchPtr batch = MustParse(
      "s STRING, t STRING\n"
      "+I 'a b' \"c d\"\n"
      "+I 'it''s' \"say \"\"hi\"\"\"\n"
      "+I 'null' ''\n"
      "+I['x, y', ']']\n");
  ASSERT_NE(batch, nullptr);
  EXPECT_EQ(batch->ToString(), "+I[a b, c d]\n+I[it's, say \"hi\"]\n+I[null, ]\n+I[x, y, ]]\n");
  EXPECT_FALSE(batch->column(0)->IsNull(2));
}

TEST(BatchTextTest, ParsesScalarForms) {
  RecordBatchPtr batch = MustParse(
      "b BOOLEAN, f FLOAT, d DECIMAL(5, 2), bin BYTES, dt DATE, tm TIME(3), ts TIMESTAMP(3), "
      "ltz TIMESTAMP_LTZ(3), ym INTERVAL YEAR TO MONTH, dt2 INTERVAL DAY TO SECOND(3)\n"
      "+I TRUE +1.5 1.005 x'01fE' 2020-10-10 12:00:01.5 '2020-10-10 00:00:05.123' "
      "2020-10-10T00:00:05Z P1Y2M PT1H2M3.5S\n"
      "+I false -Infinity -3 'ab' -0001-12-31 00:00 2020-10-10T00:00 "
      "'2020-10-10 00:00:05' -14 -500\n"
      "+I[null, NaN, 0.1, [1, -2, 255], +10000-01-01, 23:59:59.999, 1969-12-31T23:59:59.999, "
      "1970-01-01T00:00:00Z, P0D, -PT0.5S]\n");
  ASSERT_NE(batch, nullptr);
  EXPECT_EQ(batch->RowToString(0),
            "+I[true, 1.5, 1.01, [1, -2], 2020-10-10, 12:00:01.500, 2020-10-10T00:00:05.123, "
            "2020-10-10T00:00:05Z, P1Y2M, PT1H2M3.5S]");
  EXPECT_EQ(batch->RowToString(1),
            "+I[false, -Infinity, -3.00, [97, 98], -0001-12-31, 00:00, 2020-10-10T00:00, "
            "2020-10-10T00:00:05Z, P-1Y-2M, PT-0.5S]");
  EXPECT_EQ(batch->RowToString(2),
            "+I[null, NaN, 0.10, [1, -2, -1], +10000-01-01, 23:59:59.999, "
            "1969-12-31T23:59:59.999, 1970-01-01T00:00:00Z, P0D, PT-0.5S]");
}

TEST(BatchTextTest, ParsesNestedForms) {
  RecordBatchPtr batch = MustParse(
      "a ARRAY<STRING>, m MAP<STRING, ARRAY<INT>>, r ROW<x INT, y ROW<z STRING>>, "
      "ms MULTISET<INT>\n"
      "+I [a,b] {k=[1,2],j=null} (1,(z)) {5=2}\n"
      "+I [] {} [null, [null]] {}\n"
      "+I[[ 'x, y' , null ], {'a=b'=[]}, +I[3, +I[w]], {null=1}]\n"
      "+I null null null null\n");
  ASSERT_NE(batch, nullptr);
  EXPECT_EQ(batch->ToString(),
            "+I[[a, b], {k=[1, 2], j=null}, +I[1, +I[z]], {5=2}]\n"
            "+I[[], {}, +I[null, +I[null]], {}]\n"
            "+I[[x, y, null], {a=b=[]}, +I[3, +I[w]], {null=1}]\n"
            "+I[null, null, null, null]\n");
}

TEST(BatchTextTest, ParsesEmptyBatchesAndNoColumns) {
  RecordBatchPtr empty = MustParse("a INT\n");
  ASSERT_NE(empty, nullptr);
  EXPECT_EQ(empty->num_rows(), 0);
  EXPECT_EQ(empty->ToString(), "");
}

TEST(BatchTextTest, ParseValueText) {
  Result<Value> v = ParseValueText("[1, null, 3]", T("ARRAY<BIGINT>"));
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(*v, Value::MakeList({I(1), N(), I(3)}));
  v = ParseValueText(" 'a b' ", T("STRING"));
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(*v, S("a b"));
  v = ParseValueText("2020-10-10T00:00:05.5", T("TIMESTAMP(3)"));
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(*v, I(kT0 * 1000 + 500));
  v = ParseValueText("1 2", T("INT"));
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.status().message(), "Unexpected text after the value: '2' (line 1, column 3)");
}

TEST(BatchTextTest, ParseErrorsNameLineAndColumn) {
  EXPECT_EQ(ParseError("a BIGINT\n+I 1\n+I 12x"),
            "Cannot parse '12x' as BIGINT (line 3, column 4)");
  EXPECT_EQ(ParseError("a BIGINT, b INT\n+I[1, 2x]"),
            "Cannot parse '2x' as INT (line 2, column 7)");
  EXPECT_EQ(ParseError("a TINYINT\n+I 128"), "Cannot parse '128' as TINYINT (line 2, column 4)");
  EXPECT_EQ(ParseError("a INT\n+I +-1"), "Cannot parse '+-1' as INT (line 2, column 4)");
  EXPECT_EQ(ParseError("a DOUBLE\n+I 1e999"), "Cannot parse '1e999' as DOUBLE (line 2, column 4)");
  EXPECT_EQ(ParseError("a BOOLEAN\n+I yes"), "Cannot parse 'yes' as BOOLEAN (line 2, column 4)");
  EXPECT_EQ(ParseError("a INTERVAL YEAR TO MONTH\n+I P1D"),
            "Cannot parse 'P1D' as INTERVAL YEAR(2) TO MONTH (line 2, column 4)");
  EXPECT_EQ(ParseError("a NULL\n+I 1"), "Cannot parse '1' as NULL (line 2, column 4)");
  EXPECT_EQ(ParseError("a INT\n+X 1"),
            "Unknown row kind '+X', expected +I, -U, +U or -D (line 2, column 1)");
  EXPECT_EQ(ParseError("a INT, b INT\n+I 1"), "Expected 2 values, got 1 (line 2, column 5)");
  EXPECT_EQ(ParseError("a INT\n+I 1 2"), "Unexpected text after the row: '2' (line 2, column 6)");
  EXPECT_EQ(ParseError("a INT, b INT\n+I[1]"), "Expected 2 values, got 1 (line 2, column 5)");
  EXPECT_EQ(ParseError("a INT\n+I[1, 2]"), "Too many values, expected 1 (line 2, column 5)");
  EXPECT_EQ(ParseError("a INT\n+I[1"), "Expected ']' at the end of the row (line 2, column 5)");
  EXPECT_EQ(ParseError("a STRING\n+I 'abc"), "Unterminated quoted value (line 2, column 4)");
  EXPECT_EQ(ParseError("a INT NOT NULL\n+I null"),
            "NULL is not allowed for INT NOT NULL (line 2, column 4)");
  EXPECT_EQ(ParseError("a ARRAY<INT>\n+I [1 2]"), "Cannot parse '1 2' as INT (line 2, column 5)");
  EXPECT_EQ(ParseError("a ARRAY<INT>\n+I 1"),
            "Expected '[' to start a value of ARRAY<INT> (line 2, column 4)");
  EXPECT_EQ(ParseError("a MAP<INT, INT>\n+I {1:2}"),
            "Cannot parse '1:2' as INT (line 2, column 5)");
  EXPECT_EQ(ParseError("a ARRAY<INT>\n+I [1]x"),
            "Unexpected text after the row: 'x' (line 2, column 7)");
  EXPECT_EQ(ParseError("a INT\n+I1"), "Expected whitespace before a value (line 2, column 3)");
  EXPECT_EQ(ParseError("a TIMESTAMP(3)\n+I 2020-10-10T00:00:05.1234"),
            "Cannot parse '2020-10-10T00:00:05.1234' as TIMESTAMP(3): too precise or out of "
            "range (line 2, column 4)");
  EXPECT_EQ(ParseError("a DATE\n+I 2020-02-30"),
            "Cannot parse '2020-02-30' as DATE (line 2, column 4)");
  EXPECT_EQ(ParseError("a BYTES\n+I [1, 256]"),
            "Cannot parse '256' as a byte of BYTES (line 2, column 8)");
  EXPECT_EQ(ParseError("a BYTES\n+I abc"),
            "Cannot parse 'abc' as BYTES: expected [bytes], x'hex' or a quoted text (line 2, "
            "column 4)");
  EXPECT_EQ(ParseError("a INTERVAL DAY TO SECOND(3)\n+I PT0.0001S"),
            "Cannot parse 'PT0.0001S' as INTERVAL DAY(2) TO SECOND(3): finer than milliseconds "
            "(line 2, column 4)");
  EXPECT_EQ(ParseError("# only comments\n\n"), "Batch text has no schema line");
  EXPECT_NE(ParseError("a NOTATYPE\n+I 1").find("(line 1)"), std::string::npos);
  std::string dec = ParseError("a DECIMAL(3, 2)\n+I 10.5");
  EXPECT_EQ(dec.rfind("Cannot parse '10.5' as DECIMAL(3, 2): ", 0), 0u) << dec;
  EXPECT_NE(dec.find("(line 2, column 4)"), std::string::npos) << dec;
}

// Builds a one-column batch of `type` from `values` with rotating row kinds.
RecordBatchPtr OneColumnBatch(const LogicalType& type, const ValueList& values) {
  auto schema = std::make_shared<const Schema>(std::vector<Field>{Field("v", type)});
  ColumnPtr column = MakeColumn(type, values);
  ValueList kinds;
  for (size_t i = 0; i < values.size(); ++i) kinds.push_back(I(static_cast<int64_t>(i % 4)));
  ColumnPtr row_kinds = MakeColumn(LogicalType::TinyInt(false), kinds);
  Result<RecordBatchPtr> batch = RecordBatch::Make(schema, {column}, row_kinds);
  EXPECT_TRUE(batch.ok()) << batch.status().ToString();
  return *batch;
}

struct RoundTripCase {
  const char* type;
  ValueList values;
};

TEST(BatchTextTest, RoundTripsEveryType) {
  const double inf = std::numeric_limits<double>::infinity();
  const std::vector<RoundTripCase> cases = {
      {"BOOLEAN", {Value(true), Value(false), N()}},
      {"TINYINT", {I(-128), I(127), I(0), N()}},
      {"SMALLINT", {I(-32768), I(32767)}},
      {"INT", {I(INT32_MIN), I(INT32_MAX), N()}},
      {"BIGINT", {I(INT64_MIN), I(INT64_MAX), I(0)}},
      {"FLOAT",
       {Value(static_cast<double>(1.1f)), Value(static_cast<double>(3.4028235e38f)),
        Value(static_cast<double>(std::numeric_limits<float>::denorm_min())), Value(-inf),
        Value(1e7), Value(1e-4), N()}},
      {"DOUBLE",
       {Value(0.1 + 0.2), Value(1.0e-323), Value(std::numeric_limits<double>::max()),
        Value(std::numeric_limits<double>::denorm_min()), Value(1e7), Value(-1e-4), Value(inf),
        Value(-0.0), Value(123456.789)}},
      {"DECIMAL(10, 2)", {Dec(150), Dec(-1), Dec(0), Dec(9999999999LL), N()}},
      {"DECIMAL(10, 8)", {Dec(1), Dec(-10), Dec(123456789)}},
      {"DECIMAL(38, 5)", {Dec(Decimal128::PowerOfTen(38) - 1), Dec(-Decimal128::PowerOfTen(37))}},
      {"CHAR(3)", {S("abc"), S("x y")}},
      {"STRING", {S("hello world"), S(""), S("it's"), S("x, y"), S("[a]"), S("{b=c}"), N()}},
      {"BINARY(2)", {Value(std::string("\x01\xfe", 2)), N()}},
      {"BYTES", {S(""), Value(std::string("\x00\x80\xff", 3))}},
      {"DATE", {I(0), I(-1), I(-719529), I(2932897), I(-12345678), I(18545)}},
      {"TIME(0)", {I(0), I(12 * 3600 * kSec), I(86399 * kSec)}},
      {"TIME(3)", {I(500000000), I(86400 * kSec - 1000000)}},
      {"TIME(9)", {I(1), I(86400 * kSec - 1), I(1000)}},
      {"TIMESTAMP(0)", {I(kT0 * 1000), I(-1000), I(253402300800000LL)}},
      {"TIMESTAMP(3)", {I(kT0 * 1000 + 123), I(-1), I(-62167219200000LL - 1)}},
      {"TIMESTAMP(6)", {I(kT0 * 1000000 + 123456), I(-1), I(0)}},
      {"TIMESTAMP(9)", {I(kT0 * kSec + 123456789), I(-1), I(INT64_MAX), I(INT64_MIN)}},
      {"TIMESTAMP_LTZ(3)", {I(kT0 * 1000), I(-1), N()}},
      {"TIMESTAMP_LTZ(9)", {I(kT0 * kSec + 1), I(INT64_MIN)}},
      {"INTERVAL YEAR TO MONTH", {I(14), I(-14), I(0), I(INT32_MIN), I(INT32_MAX)}},
      {"INTERVAL MONTH", {I(14), I(-1)}},
      {"INTERVAL YEAR", {I(24), I(-12)}},
      {"INTERVAL DAY TO SECOND(3)", {I(3723500), I(-500), I(0), I(-1), I(172800000)}},
      {"INTERVAL SECOND(3)", {I(INT64_MAX), I(INT64_MIN)}},
      {"ARRAY<INT>", {Value::MakeList({I(1), N(), I(3)}), Value::MakeList({}), N()}},
      {"ARRAY<STRING>", {Value::MakeList({S("a"), S("b c"), N()})}},
      {"ARRAY<ARRAY<BYTES>>", {Value::MakeList({Value::MakeList({S("\x01"), N()}), N()})}},
      {"MAP<STRING, INT>",
       {Value::MakeMap({{S("a"), I(1)}, {S("b"), N()}}), Value::MakeMap({}), N()}},
      {"MAP<INT, ARRAY<TIMESTAMP(3)>>", {Value::MakeMap({{I(1), Value::MakeList({I(0)})}})}},
      {"MULTISET<STRING>", {Value::MakeMap({{S("x"), I(2)}, {N(), I(1)}})}},
      {"ROW<a INT, b STRING>", {Value::MakeRow({I(1), S("x")}), Value::MakeRow({N(), N()}), N()}},
      {"ROW<a ROW<b DOUBLE, c DATE>, d ARRAY<ROW<e BOOLEAN>>>",
       {Value::MakeRow({Value::MakeRow({Value(1.5), I(1)}),
                        Value::MakeList({Value::MakeRow({Value(true)}), N()})})}},
      {"NULL", {N(), N()}},
  };
  for (const RoundTripCase& c : cases) {
    SCOPED_TRACE(c.type);
    LogicalType type = T(c.type);
    RecordBatchPtr original = OneColumnBatch(type, c.values);
    ASSERT_NE(original, nullptr);
    const std::string text = original->schema()->ToString() + "\n" + original->ToString();
    RecordBatchPtr parsed = MustParse(text);
    ASSERT_NE(parsed, nullptr) << text;
    EXPECT_TRUE(parsed->Equals(*original)) << text << "\nparsed back as:\n" << parsed->ToString();
    EXPECT_EQ(parsed->ToString(), original->ToString());
    // Every printed value also parses back on its own.
    for (int64_t i = 0; i < original->num_rows(); ++i) {
      std::string value_text;
      AppendValueText(value_text, *original->column(0), i);
      if (type.is_string() && value_text.find_first_of(" ,") != std::string::npos) continue;
      Result<Value> v = ParseValueText(value_text, type);
      ASSERT_TRUE(v.ok()) << v.status().ToString();
      EXPECT_EQ(*v, ValueAt(*original->column(0), i)) << value_text;
    }
  }
}

}  // namespace
}  // namespace weir
