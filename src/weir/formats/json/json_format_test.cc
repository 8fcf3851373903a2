// Tests of the JSON format: options, every type, coercions, errors with positions, round trips
// and Flink's exact output bytes.
#include <gtest/gtest.h>

#include "weir/formats/format_test_util.h"
#include "weir/formats/json/json_decoder.h"
#include "weir/formats/json/json_encoder.h"

namespace weir::formats {
namespace {

using testing::DecodeLines;
using testing::MustBatch;
using testing::MustSchema;

using Json = testing::FormatTester<JsonRowDecoder, JsonRowEncoder>;

TEST(JsonOptionsTest, DefaultsAndValidation) {
  Result<JsonOptions> o = JsonOptions::Parse({{"format", "json"}});
  ASSERT_TRUE(o.ok());
  EXPECT_FALSE(o->fail_on_missing_field);
  EXPECT_FALSE(o->ignore_parse_errors);
  EXPECT_FALSE(o->iso8601_timestamps);
  EXPECT_EQ(o->map_null_key_mode, MapNullKeyMode::kFail);
  EXPECT_EQ(o->map_null_key_literal, "null");
  EXPECT_FALSE(o->encode_decimal_as_plain_number);
  EXPECT_FALSE(o->encode_ignore_null_fields);

  Result<JsonOptions> unknown = JsonOptions::Parse({{"json.ignore-parse-error", "true"}});
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.status().message().find("'json.ignore-parse-error'"), std::string::npos);
  Result<JsonOptions> standard = JsonOptions::Parse({{"json.timestamp-format.standard", "iso"}});
  ASSERT_FALSE(standard.ok());
  EXPECT_NE(standard.status().message().find("json.timestamp-format.standard"), std::string::npos);
  EXPECT_FALSE(JsonOptions::Parse({{"json.map-null-key.mode", "KEEP"}}).ok());
  EXPECT_TRUE(JsonOptions::Parse({{"json.map-null-key.mode", "drop"}}).ok());
  EXPECT_FALSE(JsonOptions::Parse(
                   {{"json.fail-on-missing-field", "true"}, {"json.ignore-parse-errors", "true"}})
                   .ok());
  EXPECT_FALSE(JsonOptions::Parse({{"json.encode.ignore-null-fields", "1"}}).ok());
  EXPECT_TRUE(JsonOptions::Parse({{"json.decode.json-parser.enabled", "false"}}).ok());
  EXPECT_FALSE(JsonRowDecoder::Make(MustSchema("m MAP<INT, INT>"), {}).ok());
}

TEST(JsonDecoderTest, ScalarTypes) {
  EXPECT_EQ(Json::Decode("b BOOLEAN, t TINYINT, s SMALLINT, i INT, l BIGINT, f FLOAT, d DOUBLE",
                         {R"({"b":true,"t":1,"s":-2,"i":3,"l":-4,"f":1.5,"d":2.5e3})",
                          R"({"b":"TRUE","t":"12","s":" 7 ","i":"9","l":"-9223372036854775808",)"
                          R"("f":"NaN","d":"-Infinity"})",
                          R"({"b":1,"t":0,"s":0,"i":1.9,"l":-2.7,"f":1,"d":"1e2"})"}),
            "+I[true, 1, -2, 3, -4, 1.5, 2500.0]\n"
            "+I[true, 12, 7, 9, -9223372036854775808, NaN, -Infinity]\n"
            "+I[false, 0, 0, 1, -2, 1.0, 100.0]\n");
  EXPECT_EQ(Json::Decode("p DECIMAL(10, 2), q DECIMAL(5, 1), s STRING, y BYTES",
                         {R"({"p":12.345,"q":"-3.25","s":"h\u00e9\"llo\n","y":"AQL/"})",
                          R"({"p":1e2,"q":123456,"s":{"a": [1, 2 ]},"y":5})"}),
            "+I[12.35, -3.3, hé\"llo\n, [1, 2, -1]]\n"
            "+I[100.00, null, {\"a\":[1,2]}, null]\n");
  EXPECT_EQ(Json::Decode("d DATE, t TIME(3), ts TIMESTAMP(3), tl TIMESTAMP_LTZ(3)",
                         {R"({"d":"2020-12-30","t":"12:13:14.567","ts":"2020-12-30 12:13:14.123",)"
                          R"("tl":"2020-12-30 12:13:14.1Z"})"}),
            "+I[2020-12-30, 12:13:14, 2020-12-30T12:13:14.123, 2020-12-30T12:13:14.100Z]\n");
  EXPECT_EQ(Json::Decode("ts TIMESTAMP(3), tl TIMESTAMP_LTZ(0)",
                         {R"({"ts":"2020-12-30T12:13","tl":"2020-12-30T12:13:14Z"})"},
                         {{"json.timestamp-format.standard", "ISO-8601"}}),
            "+I[2020-12-30T12:13, 2020-12-30T12:13:14Z]\n");
  EXPECT_EQ(Json::Decode("ts TIMESTAMP(3)", {R"({"ts":"2020-12-30T12:13:14"})"}),
            "ERROR: Failed to parse JSON record at /data/in:1, column \"ts\" (TIMESTAMP(3)): "
            "invalid timestamp (expected yyyy-MM-dd HH:mm:ss[.S]) '\"2020-12-30T12:13:14\"'");
}

TEST(JsonDecoderTest, NestedTypes) {
  EXPECT_EQ(Json::Decode("a ARRAY<INT>, m MAP<STRING, BIGINT>, r ROW<x INT, y ARRAY<STRING>>, "
                         "ms MULTISET<STRING>",
                         {R"({"a":[1,null,3],"m":{"k":1,"n":null},"r":{"y":["p"],"x":7},)"
                          R"("ms":{"a":2}})",
                          R"({"a":[],"m":{},"r":{"x":null},"ms":null})", R"({})"}),
            "+I[[1, null, 3], {k=1, n=null}, +I[7, [p]], {a=2}]\n"
            "+I[[], {}, +I[null, null], null]\n"
            "+I[null, null, null, null]\n");
}

TEST(JsonDecoderTest, CoercionEdges) {
  // Out-of-range numbers and non-numbers fail; BOOLEAN never fails; STRING takes any value.
  EXPECT_EQ(Json::Decode("l BIGINT", {R"({"l":1e20})"}),
            "ERROR: Failed to parse JSON record at /data/in:1, column \"l\" (BIGINT): invalid "
            "number '1e20'");
  EXPECT_EQ(Json::Decode("t TINYINT", {R"({"t":1.5})"}),
            "ERROR: Failed to parse JSON record at /data/in:1, column \"t\" (TINYINT): invalid "
            "number '1.5'");
  EXPECT_EQ(Json::Decode("i INT", {R"({"i":true})"}),
            "ERROR: Failed to parse JSON record at /data/in:1, column \"i\" (INT): expected a "
            "number 'true'");
  EXPECT_EQ(Json::Decode("b BOOLEAN, s STRING, d DOUBLE", {R"({"b":"yes","s":12.50,"d":1e400})",
                                                           R"({"b":[],"s":false,"d":"-1.5"})"}),
            "+I[false, 12.50, Infinity]\n+I[false, false, -1.5]\n");
  EXPECT_EQ(Json::Decode("a ARRAY<INT>", {R"({"a":{"x":1}})"}),
            "ERROR: Failed to parse JSON record at /data/in:1, column \"a\" (ARRAY<INT>): "
            "expected a JSON array '{\"x\":1}'");
}

TEST(JsonDecoderTest, FieldNamesAreCaseSensitiveAndLastDuplicateWins) {
  EXPECT_EQ(Json::Decode("a INT, A INT", {R"({"A":1,"a":2,"a":3,"b":{"deep":[1,{"x":2}]}})"}),
            "+I[3, 1]\n");
  EXPECT_EQ(Json::Decode("`na\"me` STRING", {R"({"na\"me":"v","na\u0022me":"w"})"}), "+I[w]\n");
}

TEST(JsonDecoderTest, MissingFields) {
  EXPECT_EQ(Json::Decode("a INT, b INT", {R"({"a":1})"}), "+I[1, null]\n");
  EXPECT_EQ(Json::Decode("a INT, b INT", {R"({"a":1})"}, {{"json.fail-on-missing-field", "true"}}),
            "ERROR: Failed to parse JSON record at /data/in:1: could not find field with name "
            "'b'");
  EXPECT_EQ(Json::Decode("r ROW<x INT, y INT>", {R"({"r":{"x":1}})"},
                         {{"json.fail-on-missing-field", "true"}}),
            "ERROR: Failed to parse JSON record at /data/in:1: could not find field with name "
            "'y'");
}

TEST(JsonDecoderTest, ErrorsNamePositionColumnAndValue) {
  auto d = Json::MakeDecoder("id INT, price DECIMAL(10, 2)");
  ASSERT_TRUE(d->Decode(R"({"id":1,"price":"x1"})", RecordPosition{"/data/a.json", -1, 17}).ok());
  Result<RecordBatchPtr> b = d->Flush();
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.status().message(),
            "Failed to parse JSON record at /data/a.json:17, column \"price\" (DECIMAL(10, 2)): "
            "invalid number '\"x1\"'");
  Status syntax = d->Decode(R"({"id":1,)", RecordPosition{"orders", 0, 7});
  EXPECT_EQ(syntax.message(),
            "Failed to parse JSON record at topic 'orders' partition 0 offset 7: expected a field "
            "name at character 9");
  EXPECT_FALSE(d->Decode("[1]", RecordPosition{}).ok());
  EXPECT_FALSE(d->Decode("nul", RecordPosition{}).ok());
  EXPECT_FALSE(d->Decode("null x", RecordPosition{}).ok());
  // As in Flink, no content and a null literal decode to no row, without an error.
  EXPECT_TRUE(d->Decode("", RecordPosition{}).ok());
  EXPECT_TRUE(d->Decode(" \r\n", RecordPosition{}).ok());
  EXPECT_TRUE(d->Decode("null", RecordPosition{}).ok());
  EXPECT_FALSE(d->Decode(R"({"id":01})", RecordPosition{}).ok());
  EXPECT_FALSE(d->Decode("{\"id\":\"a\tb\"}", RecordPosition{}).ok());
  EXPECT_EQ(d->num_pending_rows(), 0);
  ASSERT_TRUE(d->Decode(R"({"id":2} trailing)", RecordPosition{}).ok());
  Result<RecordBatchPtr> ok = d->Flush();
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ((*ok)->ToString(), "+I[2, null]\n");
}

TEST(JsonDecoderTest, IgnoreParseErrors) {
  auto d = Json::MakeDecoder("a INT, b ARRAY<INT>, r ROW<x DATE>",
                             {{"json.ignore-parse-errors", "true"}});
  Result<RecordBatchPtr> b = DecodeLines(
      *d, {R"({"a":1,"b":[1,"x",3],"r":{"x":"2020-01-01"}})", R"({"a":"z"})", R"({"a":)",
           "not json", R"({"a":2,"b":{},"r":{"x":"bad"}})", R"({"a":3,"r":[]})"});
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  EXPECT_EQ((*b)->ToString(),
            "+I[1, [1, null, 3], +I[2020-01-01]]\n"
            "+I[null, null, null]\n"
            "+I[2, null, +I[null]]\n"
            "+I[3, null, null]\n");
  EXPECT_EQ(d->counters().skipped_records, 2);
  EXPECT_EQ(d->counters().null_fields, 5);
}

TEST(JsonDecoderTest, LineEndsAndUtf8) {
  EXPECT_EQ(Json::Decode("s STRING", {"{\"s\":\"a\"}\r\n", "{\"s\":\"grüße 😀\"}\n",
                                      R"({"s":"\ud83d\ude00 \u65e5"})", " { \"s\" : \"x\" } "}),
            "+I[a]\n+I[grüße 😀]\n+I[😀 日]\n+I[x]\n");
}

TEST(JsonEncoderTest, FlinkOutputBytes) {
  RecordBatchPtr batch = MustBatch(
      "id BIGINT, name STRING, price DECIMAL(10, 2), ts TIMESTAMP(3), tl TIMESTAMP_LTZ(3), "
      "d DATE, t TIME, ok BOOLEAN, f FLOAT, db DOUBLE, y BYTES, tags ARRAY<STRING>, "
      "m MAP<STRING, INT>, r ROW<x INT, s STRING>\n"
      "+I[1, 'Al \"ice\"', 12.50, 2020-12-30T12:13:14.120, 2020-12-30T12:13:14Z, 2020-12-30, "
      "12:13:14, true, 1.5, 1.0E7, x'0102FF', [a, null], {k=1}, +I[7, null]]\n"
      "+I[2, null, null, null, null, null, null, null, NaN, -Infinity, null, null, null, "
      "null]\n");
  EXPECT_EQ(Json::Encode(batch),
            R"({"id":1,"name":"Al \"ice\"","price":12.50,"ts":"2020-12-30 12:13:14.12",)"
            R"("tl":"2020-12-30 12:13:14Z","d":"2020-12-30","t":"12:13:14","ok":true,"f":1.5,)"
            R"("db":1.0E7,"y":"AQL/","tags":["a",null],"m":{"k":1},"r":{"x":7,"s":null}})"
            "\n"
            R"({"id":2,"name":null,"price":null,"ts":null,"tl":null,"d":null,"t":null,)"
            R"("ok":null,"f":"NaN","db":"-Infinity","y":null,"tags":null,"m":null,"r":null})"
            "\n");
  EXPECT_EQ(Json::Encode(MustBatch("a INT, r ROW<x INT, s STRING>, b STRING\n+I[null, +I[1, null], "
                                   "null]\n+I[1, null, 'x']\n"),
                         {{"json.encode.ignore-null-fields", "true"}}),
            "{\"r\":{\"x\":1}}\n{\"a\":1,\"b\":\"x\"}\n");
}

TEST(JsonEncoderTest, TimestampStandardsAndDecimals) {
  RecordBatchPtr batch = MustBatch(
      "ts TIMESTAMP(6), tl TIMESTAMP_LTZ(3), p DECIMAL(20, 10)\n"
      "+I[2020-12-30T00:00, 1970-01-01T00:00:00.001Z, 0.0000000100]\n");
  EXPECT_EQ(Json::Encode(batch),
            R"({"ts":"2020-12-30 00:00:00","tl":"1970-01-01 00:00:00.001Z","p":1.00E-8})"
            "\n");
  EXPECT_EQ(Json::Encode(batch, {{"json.timestamp-format.standard", "ISO-8601"},
                                 {"json.encode.decimal-as-plain-number", "true"}}),
            R"({"ts":"2020-12-30T00:00:00","tl":"1970-01-01T00:00:00.001Z","p":0.0000000100})"
            "\n");
}

TEST(JsonEncoderTest, MapNullKeyModes) {
  RecordBatchPtr batch = MustBatch("m MAP<STRING, INT>\n+I[{null=1, k=2}]\n");
  const std::string fail = Json::Encode(batch);
  EXPECT_NE(fail.find("ERROR: JSON format cannot write a MAP with a null key"), std::string::npos)
      << fail;
  EXPECT_EQ(Json::Encode(batch, {{"json.map-null-key.mode", "DROP"}}), "{\"m\":{\"k\":2}}\n");
  EXPECT_EQ(Json::Encode(batch, {{"json.map-null-key.mode", "LITERAL"},
                                 {"json.map-null-key.literal", "N/A"}}),
            "{\"m\":{\"N/A\":1,\"k\":2}}\n");
}

TEST(JsonEncoderTest, EscapesControlCharacters) {
  RecordBatchPtr batch = MustBatch("s STRING\n+I[x]\n");
  auto e = JsonRowEncoder::Make(MustSchema("s STRING"), {});
  ASSERT_TRUE(e.ok());
  std::string out;
  RecordBatchPtr b = MustBatch("s STRING\n+I['a/b\\c']\n");
  ASSERT_TRUE((*e)->EncodeRow(*b, 0, &out).ok());
  EXPECT_EQ(out, R"({"s":"a/b\\c"})");
}

TEST(JsonRoundTripTest, EveryType) {
  Json::ExpectRoundTrip(MustBatch(
      "b BOOLEAN, t TINYINT, s SMALLINT, i INT, l BIGINT, f FLOAT, d DOUBLE, "
      "p DECIMAL(38, 10), c CHAR(3), v STRING, y BYTES, dt DATE, tm TIME(0), "
      "ts TIMESTAMP(9), tl TIMESTAMP_LTZ(6), ym INTERVAL YEAR TO MONTH, "
      "ds INTERVAL DAY TO SECOND(3), a ARRAY<ARRAY<INT>>, m MAP<STRING, ROW<x INT>>, "
      "ms MULTISET<STRING>, r ROW<x INT, y ROW<z STRING>>\n"
      "+I[true, -128, 32767, -2147483648, 9223372036854775807, 1.1, -2.5E-300, "
      "1234567890123456789012345678.0123456789, abc, 'a,b \"c\" \\ é', x'00FF10', 1969-12-31, "
      "23:59:59, 1900-01-01T00:00:00.000000001, 2262-04-11T23:47:16.854775Z, P1Y2M, "
      "PT1H2M3.5S, [[1, null], null, []], {k=+I[1], n=null}, {a=2}, +I[1, +I[z]]]\n"
      "+I[null, null, null, null, null, null, null, null, null, null, null, null, null, null, "
      "null, null, null, null, null, null, null]\n"));
  Json::ExpectRoundTrip(MustBatch("ts TIMESTAMP(3), tl TIMESTAMP_LTZ(3)\n"
                                  "+I[2020-12-30T12:13:14.5, 2020-12-30T12:13:14.5Z]\n"),
                        {{"json.timestamp-format.standard", "ISO-8601"}});
}

}  // namespace
}  // namespace weir::formats
