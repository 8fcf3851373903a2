// Tests of the CSV format: options, every type, quoting, errors with positions, round trips and
// Flink's output form.
#include <gtest/gtest.h>

#include "weir/formats/csv/csv_decoder.h"
#include "weir/formats/csv/csv_encoder.h"
#include "weir/formats/format_test_util.h"

namespace weir::formats {
namespace {

using testing::DecodeLines;
using testing::MustBatch;
using testing::MustSchema;

using Csv = testing::FormatTester<CsvRowDecoder, CsvRowEncoder>;

TEST(CsvOptionsTest, Defaults) {
  Result<CsvOptions> o = CsvOptions::Parse({{"connector", "filesystem"}});
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o->field_delimiter, ',');
  EXPECT_EQ(o->quote_character, '"');
  EXPECT_FALSE(o->disable_quote_character);
  EXPECT_FALSE(o->allow_comments);
  EXPECT_FALSE(o->ignore_parse_errors);
  EXPECT_EQ(o->array_element_delimiter, ";");
  EXPECT_FALSE(o->escape_character.has_value());
  EXPECT_FALSE(o->null_literal.has_value());
  EXPECT_TRUE(o->write_bigdecimal_in_scientific_notation);
}

TEST(CsvOptionsTest, RejectsUnknownKeysAndBadValues) {
  Result<CsvOptions> unknown = CsvOptions::Parse({{"csv.field-delimeter", ";"}});
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.status().message().find("'csv.field-delimeter'"), std::string::npos)
      << unknown.status().message();
  Result<CsvOptions> bad_bool = CsvOptions::Parse({{"csv.allow-comments", "yes"}});
  ASSERT_FALSE(bad_bool.ok());
  EXPECT_NE(bad_bool.status().message().find("csv.allow-comments"), std::string::npos);
  Result<CsvOptions> long_delim = CsvOptions::Parse({{"csv.field-delimiter", ";;"}});
  ASSERT_FALSE(long_delim.ok());
  EXPECT_NE(long_delim.status().message().find("csv.field-delimiter"), std::string::npos);
  Result<CsvOptions> both =
      CsvOptions::Parse({{"csv.disable-quote-character", "true"}, {"csv.quote-character", "'"}});
  EXPECT_FALSE(both.ok());
}

TEST(CsvOptionsTest, EscapedDelimiters) {
  Result<CsvOptions> tab = CsvOptions::Parse({{"csv.field-delimiter", "\\t"}});
  ASSERT_TRUE(tab.ok());
  EXPECT_EQ(tab->field_delimiter, '\t');
  Result<CsvOptions> soh = CsvOptions::Parse({{"csv.field-delimiter", "\\u0001"}});
  ASSERT_TRUE(soh.ok());
  EXPECT_EQ(soh->field_delimiter, '\x01');
}

TEST(CsvSchemaTest, RejectsMapAndDeepNesting) {
  auto map = CsvRowDecoder::Make(MustSchema("m MAP<STRING, INT>"), {});
  ASSERT_FALSE(map.ok());
  EXPECT_NE(map.status().message().find("\"m\""), std::string::npos);
  EXPECT_FALSE(CsvRowEncoder::Make(MustSchema("a ARRAY<ARRAY<INT>>"), {}).ok());
  EXPECT_FALSE(CsvRowDecoder::Make(MustSchema("r ROW<x ROW<y INT>>"), {}).ok());
  EXPECT_FALSE(CsvRowDecoder::Make(MustSchema("t TIME(6)"), {}).ok());
  EXPECT_TRUE(CsvRowDecoder::Make(MustSchema("r ROW<x INT, y STRING>, a ARRAY<INT>"), {}).ok());
}

TEST(CsvDecoderTest, ScalarTypes) {
  EXPECT_EQ(Csv::Decode("b BOOLEAN, t TINYINT, s SMALLINT, i INT, l BIGINT, f FLOAT, d DOUBLE",
                        {"true,1,-2,3,-4,1.5,2.5e3",
                         "TRUE, 127 ,-32768,2147483647,"
                         "-9223372036854775808,NaN,-Infinity",
                         "x,0,0,0,0,1f,1d"}),
            "+I[true, 1, -2, 3, -4, 1.5, 2500.0]\n"
            "+I[true, 127, -32768, 2147483647, -9223372036854775808, NaN, -Infinity]\n"
            "+I[false, 0, 0, 0, 0, 1.0, 1.0]\n");
  EXPECT_EQ(Csv::Decode("p DECIMAL(10, 2), s STRING, y BYTES",
                        {"12.345,hello,AQL/", "-0.5,,", "1E+2,\"a,b\",aGk="}),
            "+I[12.35, hello, [1, 2, -1]]\n+I[-0.50, , []]\n+I[100.00, a,b, [104, 105]]\n");
  EXPECT_EQ(Csv::Decode("d DATE, t TIME(3), ts TIMESTAMP(3), tl TIMESTAMP_LTZ(3)",
                        {"2020-1-2,12:13:14.567,2020-12-30 12:13:14.123,2020-12-30 12:13:14Z"}),
            "+I[2020-01-02, 12:13:14.567, 2020-12-30T12:13:14.123, 2020-12-30T12:13:14Z]\n");
  EXPECT_EQ(Csv::Decode("t TIME(0), ts TIMESTAMP(9)", {"12:13:14.567,2020-12-30 1:2:3.123456789"}),
            "+I[12:13:14, 2020-12-30T01:02:03.123456789]\n");
}

TEST(CsvDecoderTest, TimePrecisionAndNestedRowArity) {
  EXPECT_EQ(Csv::Decode("a TIME(1), b TIME(3)", {"12:13:14.567,12:13"}),
            "+I[12:13:14.500, 12:13]\n");
  EXPECT_EQ(Csv::Decode("r ROW<x INT, y INT>", {"1;2;3"}),
            "ERROR: Failed to parse CSV record at /data/in:1, column \"r\" (ROW<`x` INT, `y` "
            "INT>): row length mismatch, 2 fields expected but was 3 in '1;2;3'");
  EXPECT_EQ(
      Csv::Decode("r ROW<x INT, y INT>", {"1;2;3", "4;x"}, {{"csv.ignore-parse-errors", "true"}}),
      "+I[null]\n+I[+I[4, null]]\n");
}

TEST(CsvDecoderTest, DecimalOverflowBecomesNull) {
  // Flink's DecimalData.fromBigDecimal yields null when the value needs more digits.
  EXPECT_EQ(Csv::Decode("p DECIMAL(4, 2)", {"123.4", "12.34"}), "+I[null]\n+I[12.34]\n");
}

TEST(CsvDecoderTest, ArraysAndRows) {
  EXPECT_EQ(Csv::Decode("a ARRAY<INT>, r ROW<x INT, y STRING>", {"1;2;3,7;seven", ",", "4,8;"}),
            "+I[[1, 2, 3], +I[7, seven]]\n+I[[], null]\n+I[[4], +I[8, ]]\n");
  EXPECT_EQ(Csv::Decode("a ARRAY<STRING>", {"x|y|z"}, {{"csv.array-element-delimiter", "|"}}),
            "+I[[x, y, z]]\n");
  EXPECT_EQ(Csv::Decode("a ARRAY<INT>", {"1;null;3"}, {{"csv.null-literal", "null"}}),
            "+I[[1, null, 3]]\n");
}

TEST(CsvDecoderTest, QuotingAndEscaping) {
  EXPECT_EQ(Csv::Decode("a STRING, b STRING",
                        {"\"x,y\",\"say \"\"hi\"\"\"", "\"\",plain", "'q',\"multi\nline\""}),
            "+I[x,y, say \"hi\"]\n+I[, plain]\n+I['q', multi\nline]\n");
  EXPECT_EQ(Csv::Decode("a STRING, b STRING", {"'x,y','it''s'"}, {{"csv.quote-character", "'"}}),
            "+I[x,y, it's]\n");
  EXPECT_EQ(
      Csv::Decode("a STRING, b STRING", {"\"x,y\",b"}, {{"csv.disable-quote-character", "true"}}),
      "ERROR: Failed to parse CSV record at /data/in:1: row length mismatch, 2 fields "
      "expected but was 3");
  EXPECT_EQ(Csv::Decode("a STRING, b STRING", {"x\\,y,\"a\\\"b\"", "tab\\there,z"},
                        {{"csv.escape-character", "\\"}}),
            "+I[x,y, a\"b]\n+I[tab\there, z]\n");
}

TEST(CsvDecoderTest, LineEndsEmptyLinesAndUtf8) {
  EXPECT_EQ(Csv::Decode("a INT, b STRING", {"1,x\r\n", "2,y\n", "3,z\r"}),
            "+I[1, x]\n+I[2, y]\n+I[3, z]\n");
  EXPECT_EQ(Csv::Decode("a INT, b STRING", {"1,grüße 😀", "2,\"日本,語\""}),
            "+I[1, grüße 😀]\n+I[2, 日本,語]\n");
  EXPECT_EQ(Csv::Decode("a INT, b STRING", {"1,x", ""}),
            "ERROR: Failed to parse CSV record at /data/in:2: empty line, 2 fields expected");
  EXPECT_EQ(Csv::Decode("s STRING", {"", "x"}), "+I[]\n+I[x]\n");
  auto d = Csv::MakeDecoder("a INT, b STRING", {{"csv.ignore-parse-errors", "true"}});
  Result<RecordBatchPtr> b = DecodeLines(*d, {"1,x", "", "2,y"});
  ASSERT_TRUE(b.ok());
  EXPECT_EQ((*b)->ToString(), "+I[1, x]\n+I[2, y]\n");
  EXPECT_EQ(d->counters().skipped_records, 1);
}

TEST(CsvDecoderTest, Comments) {
  EXPECT_EQ(Csv::Decode("a INT", {"# header", "1"}, {{"csv.allow-comments", "true"}}), "+I[1]\n");
  EXPECT_EQ(Csv::Decode("a STRING", {"# header", "1"}), "+I[# header]\n+I[1]\n");
}

TEST(CsvDecoderTest, NullLiteral) {
  EXPECT_EQ(Csv::Decode("a INT, b STRING", {"n/a,n/a", "1,"}, {{"csv.null-literal", "n/a"}}),
            "+I[null, null]\n+I[1, ]\n");
  // Without a null literal an empty field is an empty string, and not a number.
  EXPECT_EQ(Csv::Decode("a INT, b STRING", {",x"}),
            "ERROR: Failed to parse CSV record at /data/in:1, column \"a\" (INT): invalid "
            "number ''");
}

TEST(CsvDecoderTest, ErrorsNamePositionColumnAndValue) {
  auto d = Csv::MakeDecoder("id INT, price DECIMAL(10, 2)");
  ASSERT_TRUE(d->Decode("1,2.5", RecordPosition{"/data/a.csv", -1, 16}).ok());
  ASSERT_TRUE(d->Decode("2,x1", RecordPosition{"/data/a.csv", -1, 17}).ok());
  Result<RecordBatchPtr> b = d->Flush();
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.status().message(),
            "Failed to parse CSV record at /data/a.csv:17, column \"price\" (DECIMAL(10, 2)): "
            "invalid number 'x1'");
  // The decoder is usable after a failed flush.
  ASSERT_TRUE(d->Decode("3,1", RecordPosition{"topic", 4, 99}).ok());
  Result<RecordBatchPtr> again = d->Flush();
  ASSERT_TRUE(again.ok());
  EXPECT_EQ((*again)->ToString(), "+I[3, 1.00]\n");

  Status kafka = d->Decode("\"unterminated", RecordPosition{"orders", 3, 42});
  ASSERT_FALSE(kafka.ok());
  EXPECT_EQ(kafka.message(),
            "Failed to parse CSV record at topic 'orders' partition 3 offset 42: missing "
            "closing quote in field 1");
  EXPECT_EQ(d->num_pending_rows(), 0);
  Status arity = d->Decode("1", RecordPosition{"/x.csv", -1, 5});
  EXPECT_EQ(arity.message(),
            "Failed to parse CSV record at /x.csv:5: row length mismatch, 2 fields expected but "
            "was 1");
  EXPECT_FALSE(d->Decode("\"a\"b,1", RecordPosition{"/x.csv", -1, 6}).ok());
}

TEST(CsvDecoderTest, IgnoreParseErrorsNullsFieldsAndSkipsRows) {
  auto d = Csv::MakeDecoder("a INT, b DATE, c ARRAY<INT>", {{"csv.ignore-parse-errors", "true"}});
  Result<RecordBatchPtr> b = DecodeLines(
      *d, {"1,2020-01-01,1;2", "x,bad,3;y", "2", "\"open,1,2", "1,2,3,4", "3,2020-02-03,"});
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  EXPECT_EQ((*b)->ToString(),
            "+I[1, 2020-01-01, [1, 2]]\n"
            "+I[null, null, [3, null]]\n"
            "+I[2, null, null]\n"
            "+I[3, 2020-02-03, []]\n");
  EXPECT_EQ(d->counters().skipped_records, 2);  // unclosed quote, too many fields
  EXPECT_EQ(d->counters().null_fields, 5);      // x, bad, y, and two missing fields
}

TEST(CsvEncoderTest, FlinkOutputForm) {
  RecordBatchPtr batch = MustBatch(
      "id INT, name STRING, price DECIMAL(10, 2), ts TIMESTAMP(3), d DATE, t TIME, "
      "ok BOOLEAN, f DOUBLE, tags ARRAY<STRING>\n"
      "+I[1, Alice, 12.50, 2020-12-30T12:13:14.120, 2020-12-30, 12:13:14, true, 1.0E7, [a, b]]\n"
      "+I[2, 'x,y \"q\"', null, 2020-12-30T00:00, 1999-01-01, 00:00, false, 0.5, []]\n"
      "+I[3, '', 0.00, null, null, null, null, null, null]\n");
  EXPECT_EQ(Csv::Encode(batch),
            "1,Alice,12.50,\"2020-12-30 12:13:14.12\",2020-12-30,12:13:14,true,1.0E7,a;b\n"
            "2,\"x,y \"\"q\"\"\",,\"2020-12-30 00:00:00\",1999-01-01,00:00:00,false,0.5,\n"
            "3,,0.00,,,,,,\n");
}

TEST(CsvEncoderTest, Options) {
  RecordBatchPtr batch =
      MustBatch("a STRING, b DECIMAL(20, 10), c INT\n+I[x y, 0.0000000100, null]\n");
  EXPECT_EQ(Csv::Encode(batch), "\"x y\",1.00E-8,\n");
  EXPECT_EQ(Csv::Encode(batch, {{"csv.write-bigdecimal-in-scientific-notation", "false"},
                                {"csv.null-literal", "NULL"},
                                {"csv.field-delimiter", "|"},
                                {"csv.quote-character", "'"}}),
            "'x y'|0.0000000100|NULL\n");
  EXPECT_EQ(Csv::Encode(batch, {{"csv.disable-quote-character", "true"}}), "x y,1.00E-8,\n");
  RecordBatchPtr special = MustBatch("a STRING\n+I['a,b\\c']\n");
  EXPECT_EQ(Csv::Encode(special,
                        {{"csv.disable-quote-character", "true"}, {"csv.escape-character", "\\"}}),
            "a\\,b\\\\c\n");
}

TEST(CsvEncoderTest, JacksonQuotingRule) {
  // Text holding any character not above both the delimiter and the quote is quoted, so with
  // '|' nearly all text is; numbers are never quoted.
  RecordBatchPtr batch =
      MustBatch("s STRING, n INT, l TIMESTAMP_LTZ(3)\n+I[abc, -1, 2020-01-01T00:00:00.5Z]\n");
  EXPECT_EQ(Csv::Encode(batch), "abc,-1,\"2020-01-01 00:00:00.5Z\"\n");
  EXPECT_EQ(Csv::Encode(batch, {{"csv.field-delimiter", "|"}}),
            "\"abc\"|-1|\"2020-01-01 00:00:00.5Z\"\n");
  EXPECT_EQ(Csv::Encode(batch, {{"csv.field-delimiter", "\\t"}}),
            "abc\t-1\t\"2020-01-01 00:00:00.5Z\"\n");
}

TEST(CsvEncoderTest, CellsOfEveryLengthJoinIntoRows) {
  // Cells from empty to longer than the short-copy paths, nulls, and timestamps repeating a
  // second and then leaving it, each row checked against its expected text.
  std::string text = "s STRING, n BIGINT, ts TIMESTAMP(3)\n";
  std::string expected;
  for (int len = 0; len <= 40; ++len) {
    const std::string s(static_cast<size_t>(len), static_cast<char>('a' + len % 26));
    const std::string ms = std::to_string(100 + len);
    const std::string fraction = ms.substr(0, ms.find_last_not_of('0') + 1);
    const std::string second = len < 20 ? "05" : "06";
    if (len % 7 == 3) {
      text += "+I[" + s + ", null, null]\n";
      expected += s + ",,\n";
    } else {
      text += "+I[" + s + ", " + std::to_string(-len * 1000003LL) + ", 2023-11-14T22:13:" +
              second + "." + ms + "]\n";
      expected += s + "," + std::to_string(-len * 1000003LL) + ",\"2023-11-14 22:13:" + second +
                  "." + fraction + "\"\n";
    }
  }
  RecordBatchPtr batch = MustBatch(text);
  ASSERT_EQ(batch->num_rows(), 41);
  EXPECT_EQ(Csv::Encode(batch), expected);
}

TEST(CsvEncoderTest, SelectionAndSingleRow) {
  RecordBatchPtr batch = MustBatch("a INT\n+I[1]\n+I[2]\n+I[3]\n");
  auto e = CsvRowEncoder::Make(batch->schema(), {});
  ASSERT_TRUE(e.ok());
  std::string out;
  SelectionVector sel({0, 2});
  ASSERT_TRUE((*e)->Encode(*batch, &sel, &out).ok());
  EXPECT_EQ(out, "1\n3\n");
  out.clear();
  ASSERT_TRUE((*e)->EncodeRow(*batch, 1, &out).ok());
  EXPECT_EQ(out, "2");
  SelectionVector bad({7});
  EXPECT_FALSE((*e)->Encode(*batch, &bad, &out).ok());
}

TEST(CsvRoundTripTest, EveryType) {
  Csv::ExpectRoundTrip(
      MustBatch(
          "b BOOLEAN, t TINYINT, s SMALLINT, i INT, l BIGINT, f FLOAT, d DOUBLE, "
          "p DECIMAL(38, 10), c CHAR(3), v STRING, y BYTES, dt DATE, tm TIME(3), "
          "ts TIMESTAMP(9), tl TIMESTAMP_LTZ(6), ym INTERVAL YEAR TO MONTH, "
          "ds INTERVAL DAY TO SECOND(3)\n"
          "+I[true, -128, 32767, -2147483648, 9223372036854775807, 1.1, -2.5E-300, "
          "1234567890123456789012345678.0123456789, abc, 'a,b \"c\"', x'00FF10', 1969-12-31, "
          "23:59:59.999, 1900-01-01T00:00:00.000000001, 2262-04-11T23:47:16.854775Z, P1Y2M, "
          "PT1H2M3.5S]\n"
          "+I[null, null, null, null, null, null, null, null, null, null, null, null, null, null, "
          "null, null, null]\n"),
      // Without a null literal a null is an empty field, which is no number.
      {{"csv.null-literal", "NULL"}});
}

TEST(CsvRoundTripTest, NestedAndNullLiteral) {
  FormatOptions opts{{"csv.null-literal", "\\N"}};
  Csv::ExpectRoundTrip(MustBatch("a ARRAY<INT>, r ROW<x INT, y STRING>, s STRING\n"
                                 "+I[[1, null, 3], +I[1, a], '']\n"
                                 "+I[null, null, null]\n"),
                       opts);
  Csv::ExpectRoundTrip(MustBatch("s STRING, t STRING\n+I[' lead', 'x;y']\n+I['#c', 'q\"']\n"),
                       {{"csv.allow-comments", "true"}});
}

}  // namespace
}  // namespace weir::formats
