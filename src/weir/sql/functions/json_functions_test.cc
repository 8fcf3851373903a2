// Tests of the SQL/JSON functions, the JSON reader/writer and JSON paths.
#include <gtest/gtest.h>

#include <random>

#include "weir/sql/expr/expr_test_util.h"
#include "weir/sql/functions/json_text.h"

namespace weir::sql {
namespace {

using namespace weir::sql::testing;  // NOLINT
using Rows = std::vector<std::string>;

const LogicalType kS = LogicalType::String();

ExprPtr Returning(LogicalType t) { return Null(std::move(t)); }

TEST(JsonTextTest, ParsesAndPrintsCompactly) {
  JsonDocument doc;
  ASSERT_TRUE(doc.Parse(R"( { "a" : [1, 2.50, -0, 1e2, "x\"\u00e9\n"], "b": {"c": null} } )"));
  std::string out;
  doc.AppendJson(doc.root(), out);
  EXPECT_EQ(out, R"({"a":[1,2.5,-0,100.0,"x\"é\n"],"b":{"c":null}})");
  for (const char* bad : {"", "{", "[1,]", "{\"a\" 1}", "01", "1.", "\"\\x\"", "tru", "[1] x",
                          "{'a': 1}", "\"a\nb\""}) {
    EXPECT_FALSE(doc.Parse(bad)) << bad;
  }
  std::string deep(5000, '[');
  EXPECT_FALSE(doc.Parse(deep));  // too deep, no stack overflow
}

TEST(JsonTextTest, MutatedInputsNeverCrashAndRoundTrip) {
  const std::string seed = R"({"a":[1,-2.5e3,"x\u0041\n",true,null,{"b":[]}],"c":"\"q\""})";
  std::mt19937 rng(7);
  JsonDocument doc, again;
  int valid = 0;
  for (int iter = 0; iter < 20000; ++iter) {
    std::string text = seed;
    int edits = 1 + static_cast<int>(rng() % 3);
    for (int e = 0; e < edits; ++e) {
      size_t pos = rng() % text.size();
      switch (rng() % 3) {
        case 0:
          text[pos] = static_cast<char>(rng() % 128);
          break;
        case 1:
          text.erase(pos, 1);
          break;
        default:
          text.insert(pos, 1, "[]{}\",:0e-"[rng() % 12]);
      }
      if (text.empty()) text = "x";
    }
    if (!doc.Parse(text)) continue;
    ++valid;
    std::string printed, reprinted;
    doc.AppendJson(doc.root(), printed);
    ASSERT_TRUE(again.Parse(printed)) << text << " -> " << printed;
    again.AppendJson(again.root(), reprinted);
    EXPECT_EQ(printed, reprinted) << text;
  }
  EXPECT_GT(valid, 100);
}

TEST(JsonTextTest, Paths) {
  EXPECT_TRUE(JsonPath::Parse("lax $.a[0].b").ok());
  EXPECT_TRUE(JsonPath::Parse("strict $['a b'][*]").ok());
  EXPECT_FALSE(JsonPath::Parse("a.b").ok());
  EXPECT_FALSE(JsonPath::Parse("$[x]").ok());
  EXPECT_FALSE(JsonPath::Parse("$.").ok());
  auto p = JsonPath::Parse("$.a");
  ASSERT_TRUE(p.ok());
  EXPECT_TRUE(p->strict);
}

TEST(JsonFunctionsTest, IsJson) {
  EXPECT_EQ(*EvalRows(Call("IS JSON VALUE", {Col(0, kS)}),
                      "s STRING\n+I 1\n+I []\n+I abc\n+I null\n+I '\"abc\"'"),
            (Rows{"true", "true", "false", "null", "true"}));
  EXPECT_EQ(EvalText(Call("IS JSON", {Str("{}")})), "true");
  EXPECT_EQ(EvalText(Call("IS JSON SCALAR", {Str("1")})), "true");
  EXPECT_EQ(EvalText(Call("IS JSON SCALAR", {Str("{}")})), "false");
  EXPECT_EQ(EvalText(Call("IS JSON ARRAY", {Str("1")})), "false");
  EXPECT_EQ(EvalText(Call("IS JSON OBJECT", {Str("{}")})), "true");
  EXPECT_EQ(EvalText(Call("IS NOT JSON OBJECT", {Str("[]")})), "true");
  EXPECT_EQ(EvalText(Call("IS JSON", {Null(kS)})), "null");
}

TEST(JsonFunctionsTest, JsonExists) {
  EXPECT_EQ(EvalText(Call("JSON_EXISTS", {Str(R"({"a": true})"), Str("$.a")})), "true");
  EXPECT_EQ(EvalText(Call("JSON_EXISTS", {Str(R"({"a": true})"), Str("$.b")})), "false");
  EXPECT_EQ(EvalText(Call("JSON_EXISTS", {Str(R"({"a": [{"b": 1}]})"), Str("$.a[0].b")})), "true");
  EXPECT_EQ(EvalText(Call("JSON_EXISTS", {Str(R"({"a": true})"), Str("strict $.b"), Str("TRUE")})),
            "true");
  EXPECT_EQ(
      EvalText(Call("JSON_EXISTS", {Str(R"({"a": true})"), Str("strict $.b"), Str("UNKNOWN")})),
      "null");
  EXPECT_EQ(EvalText(Call("JSON_EXISTS", {Str(R"({"a": true})"), Str("lax $.b"), Str("TRUE")})),
            "false");
  EXPECT_EQ(EvalText(Call("JSON_EXISTS", {Str("{"), Str("$.a")})), "false");
  EXPECT_EQ(EvalText(Call("JSON_EXISTS", {Str(R"({"a": null})"), Str("$.a")})), "false");
  EXPECT_EQ(EvalText(Call("JSON_EXISTS", {Str("{"), Str("$.a"), Str("ERROR")})).substr(0, 6),
            "ERROR:");
  EXPECT_EQ(EvalText(Call("JSON_EXISTS", {Null(kS), Str("$.a")})), "null");
  EXPECT_EQ(*EvalRows(Call("JSON_EXISTS", {Col(0, kS), Str("$.a[*]")}),
                      "s STRING\n+I '{\"a\":[1]}'\n+I '{\"a\":[]}'\n+I null"),
            (Rows{"true", "false", "null"}));
}

TEST(JsonFunctionsTest, JsonValue) {
  EXPECT_EQ(EvalText(Call("JSON_VALUE", {Str(R"({"a": true})"), Str("$.a")})), "true");
  EXPECT_EQ(EvalText(Call("JSON_VALUE",
                          {Str(R"({"a": true})"), Str("$.a"), Returning(LogicalType::Boolean())})),
            "true");
  auto with = [](std::string json, std::string path, ExprPtr ret, std::string em, ExprPtr ed,
                 std::string rm, ExprPtr rd) {
    return EvalText(Call("JSON_VALUE", {Str(json), Str(path), std::move(ret), Str(em),
                                        std::move(ed), Str(rm), std::move(rd)}));
  };
  EXPECT_EQ(
      with(R"({"a": true})", "lax $.b", Returning(kS), "DEFAULT", Str("false"), "NULL", Null(kS)),
      "false");
  EXPECT_EQ(with(R"({"a": true})", "strict $.b", Returning(kS), "NULL", Null(kS), "DEFAULT",
                 Str("false")),
            "false");
  EXPECT_EQ(with(R"({"a": true})", "strict $.b", Returning(kS), "NULL", Null(kS), "ERROR", Null(kS))
                .substr(0, 6),
            "ERROR:");
  EXPECT_EQ(EvalText(Call("JSON_VALUE", {Str(R"({"a.b": [0.998,0.996]})"), Str(R"($.["a.b"][0])"),
                                         Returning(LogicalType::Double())})),
            "0.998");
  EXPECT_EQ(with(R"({"contains blank": "right"})", "strict $.['contains blank']", Returning(kS),
                 "NULL", Null(kS), "DEFAULT", Str("wrong")),
            "right");
  // Non-scalars: lax is empty, strict is an error.
  EXPECT_EQ(with(R"({"a": [1]})", "lax $.a", Returning(kS), "DEFAULT", Str("empty"), "DEFAULT",
                 Str("error")),
            "empty");
  EXPECT_EQ(with(R"({"a": [1]})", "strict $.a", Returning(kS), "DEFAULT", Str("empty"), "DEFAULT",
                 Str("error")),
            "error");
  // Conversions: a number that does not fit INT is an error.
  EXPECT_EQ(with(R"({"a": "x"})", "$.a", Returning(LogicalType::Int()), "NULL",
                 Null(LogicalType::Int()), "DEFAULT", Int(-1)),
            "-1");
  EXPECT_EQ(EvalText(Call("JSON_VALUE",
                          {Str(R"({"a": 42})"), Str("$.a"), Returning(LogicalType::BigInt())})),
            "42");
  EXPECT_EQ(EvalText(Call("JSON_VALUE", {Str(R"({"a": null})"), Str("$.a")})), "null");
  EXPECT_EQ(EvalText(Call("JSON_VALUE", {Str(R"({"a": "\u00e9"})"), Str("$.a")})), "é");
  EXPECT_EQ(*EvalRows(Call("JSON_VALUE", {Col(0, kS), Col(1, kS)}),
                      "j STRING, p STRING\n+I '{\"a\":1}' $.a\n+I '{\"a\":1}' null\n"
                      "+I 'not json' $.a\n+I '{\"b\":{\"c\":1.50}}' $.b.c\n+I '[1]' bad"),
            (Rows{"1", "null", "null", "1.5", "null"}));
}

TEST(JsonFunctionsTest, JsonQuery) {
  auto q = [](std::string json, std::string path, std::string wrapper = "WITHOUT ARRAY",
              std::string empty = "NULL", std::string error = "NULL") {
    return EvalText(Call(
        "JSON_QUERY", {Str(json), Str(path), Returning(kS), Str(wrapper), Str(empty), Str(error)}));
  };
  EXPECT_EQ(EvalText(Call("JSON_QUERY", {Str(R"({ "a": { "b": 1 } })"), Str("$.a")})),
            R"({"b":1})");
  EXPECT_EQ(EvalText(Call("JSON_QUERY", {Str("[1, 2]"), Str("$")})), "[1,2]");
  EXPECT_EQ(EvalText(Call("JSON_QUERY", {Null(kS), Str("$")})), "null");
  EXPECT_EQ(q(R"({"a":[{"c":"c1"},{"c":"c2"}]})", "lax $.a[*].c"), R"(["c1","c2"])");
  EXPECT_EQ(EvalText(Call("JSON_QUERY", {Str(R"({"a":[{"c":"c1"},{"c":"c2"}]})"),
                                         Str("lax $.a[*].c"), Returning(LogicalType::Array(kS))})),
            "[c1, c2]");
  EXPECT_EQ(q("{}", "$", "WITH CONDITIONAL ARRAY WRAPPER"), "[{}]");
  EXPECT_EQ(q("[1, 2]", "$", "WITH CONDITIONAL ARRAY WRAPPER"), "[1,2]");
  EXPECT_EQ(q("[1, 2]", "$", "WITH UNCONDITIONAL ARRAY WRAPPER"), "[[1,2]]");
  EXPECT_EQ(q("1", "$"), "null");
  EXPECT_EQ(q("1", "$", "WITH CONDITIONAL ARRAY"), "[1]");
  EXPECT_EQ(q("{}", "lax $.invalid", "WITHOUT ARRAY", "EMPTY OBJECT"), "{}");
  EXPECT_EQ(q("{}", "strict $.invalid", "WITHOUT ARRAY", "NULL", "EMPTY ARRAY"), "[]");
  EXPECT_EQ(q("{}", "strict $.invalid", "WITHOUT ARRAY", "NULL", "ERROR").substr(0, 6), "ERROR:");
  EXPECT_EQ(q("not json", "$", "WITHOUT ARRAY", "NULL", "EMPTY ARRAY"), "[]");
  EXPECT_EQ(q(R"({"a": null})", "strict $.a", "WITHOUT ARRAY", "EMPTY OBJECT", "ERROR"), "{}");
  EXPECT_EQ(q(R"({"a": null})", "$.a", "WITH UNCONDITIONAL ARRAY"), "[null]");
}

TEST(JsonFunctionsTest, Construction) {
  EXPECT_EQ(EvalText(Call("JSON_OBJECT", {Str("NULL")})), "{}");
  EXPECT_EQ(
      EvalText(Call("JSON_OBJECT", {Str("NULL"), Str("K1"), Str("V1"), Str("K2"), Str("V2")})),
      R"({"K1":"V1","K2":"V2"})");
  EXPECT_EQ(EvalText(Call("JSON_OBJECT", {Str("NULL"), Str("K1"), Null(kS)})), R"({"K1":null})");
  EXPECT_EQ(EvalText(Call("JSON_OBJECT", {Str("ABSENT"), Str("K1"), Null(kS)})), "{}");
  EXPECT_EQ(
      EvalText(Call("JSON_OBJECT", {Str("NULL"), Str("K1"),
                                    Call("JSON_OBJECT", {Str("NULL"), Str("K2"), Str("V")})})),
      R"({"K1":{"K2":"V"}})");
  EXPECT_EQ(
      EvalText(Call("JSON_OBJECT", {Str("NULL"), Str("K"), Call("JSON", {Str(R"({"K2": 42})")})})),
      R"({"K":{"K2": 42}})");
  EXPECT_EQ(EvalText(Call("JSON_OBJECT", {Str("NULL"), Str("K"), Call("JSON", {Str("")})})),
            R"({"K":null})");
  EXPECT_EQ(EvalText(Call("JSON_ARRAY", {Str("ABSENT")})), "[]");
  EXPECT_EQ(EvalText(Call("JSON_ARRAY", {Str("ABSENT"), Int(1), Str("2")})), R"([1,"2"])");
  EXPECT_EQ(EvalText(Call("JSON_ARRAY", {Str("NULL"), Null(kS)})), "[null]");
  EXPECT_EQ(EvalText(Call("JSON_ARRAY", {Str("ABSENT"), Null(kS)})), "[]");
  EXPECT_EQ(
      EvalText(Call("JSON_ARRAY", {Str("ABSENT"), Call("JSON_ARRAY", {Str("ABSENT"), Int(1)})})),
      "[[1]]");
  EXPECT_EQ(*EvalRows(Call("JSON_OBJECT", {Str("ABSENT"), Str("a"), Col(0, LogicalType::Int()),
                                           Str("b"), Col(1, kS)}),
                      "a INT, b STRING\n+I 1 x\n+I null 'q\"'\n+I null null"),
            (Rows{R"({"a":1,"b":"x"})", R"({"b":"q\""})", "{}"}));
}

TEST(JsonFunctionsTest, JsonString) {
  EXPECT_EQ(EvalText(Call("JSON_STRING", {Null(LogicalType::Int())})), "null");
  EXPECT_EQ(EvalText(Call("JSON_STRING", {Int(1)})), "1");
  EXPECT_EQ(EvalText(Call("JSON_STRING", {Bool(true)})), "true");
  EXPECT_EQ(EvalText(Call("JSON_STRING", {Str("Hello, World!")})), R"("Hello, World!")");
  EXPECT_EQ(EvalText(Call("JSON_STRING", {Call("ARRAY", {Int(1), Int(2)})})), "[1,2]");
  EXPECT_EQ(EvalText(Call("JSON_STRING", {Call("MAP", {Str("k"), Dbl(1.5)})})), R"({"k":1.5})");
  EXPECT_EQ(EvalText(Call("JSON_STRING", {Call("ROW", {Int(1), Str("a")})})),
            R"({"EXPR$0":1,"EXPR$1":"a"})");
}

TEST(JsonFunctionsTest, QuoteLengthType) {
  EXPECT_EQ(EvalText(Call("JSON_QUOTE", {Str("a\"b\\c/\n")})), R"("a\"b\\c\/\n")");
  EXPECT_EQ(EvalText(Call("JSON_QUOTE", {Str("[1,2,3]")})), R"("[1,2,3]")");
  EXPECT_EQ(EvalText(Call("JSON_QUOTE", {Null(kS)})), "null");
  EXPECT_EQ(EvalText(Call("JSON_UNQUOTE", {Str(R"("a\tb\u00e9")")})), "a\tbé");
  EXPECT_EQ(EvalText(Call("JSON_UNQUOTE", {Str(R"("bad\x")")})), R"("bad\x")");
  EXPECT_EQ(EvalText(Call("JSON_UNQUOTE", {Str("plain")})), "plain");
  EXPECT_EQ(EvalText(Call("JSON_LENGTH", {Str(R"({"1": "hello", "2": "bye bye"})")})), "2");
  EXPECT_EQ(EvalText(Call("JSON_LENGTH", {Str("[1,2,3,4,5]")})), "5");
  EXPECT_EQ(EvalText(Call("JSON_LENGTH", {Str("7")})), "1");
  EXPECT_EQ(EvalText(Call("JSON_LENGTH", {Str(R"({"a": [1, 2]})"), Str("$.a")})), "2");
  EXPECT_EQ(EvalText(Call("JSON_LENGTH", {Str(R"({"a": [1, 2]})"), Str("$.b")})), "null");
  EXPECT_EQ(EvalText(Call("JSON_LENGTH", {Str("{")})), "null");
  EXPECT_EQ(EvalText(Call("JSON_LENGTH", {Str("null, true")})), "null");
  EXPECT_EQ(EvalText(Call("JSON_LENGTH", {Str(R"({"1": "hello", "2": "bye bye"})"), Str("$.2")})),
            "1");
  EXPECT_EQ(EvalText(Call("JSON_LENGTH", {Str(R"({"1": "a"})"), Str("$.[")})), "null");
  EXPECT_EQ(EvalText(Call("JSON_LENGTH", {Str(R"({"a": [[1, 2]]})"), Str("$.a[*]")})), "2");
  EXPECT_EQ(EvalText(Call("JSON_LENGTH", {Str(R"({"a": [1, 2]})"), Str("$.a[*]")})), "null");
  EXPECT_FALSE(
      FunctionRegistry::Builtins().MakeCall("JSON_LENGTH", {Str("[]"), Str("lax $")}).ok());
  EXPECT_EQ(EvalText(Call("JSON_TYPE", {Str(R"({"a": true})")})), "object");
  EXPECT_EQ(EvalText(Call("JSON_TYPE", {Str("[1, 2]")})), "array");
  EXPECT_EQ(EvalText(Call("JSON_TYPE", {Str("null")})), "null");
  EXPECT_EQ(EvalText(Call("JSON_TYPE", {Str("true")})), "boolean");
  EXPECT_EQ(EvalText(Call("JSON_TYPE", {Str(R"("2015-01-01")")})), "string");
  EXPECT_EQ(EvalText(Call("JSON_TYPE", {Str("11.1")})), "number");
  EXPECT_EQ(EvalText(Call("JSON_TYPE", {Str("68s")})), "null");
  EXPECT_EQ(EvalText(Call("JSON_TYPE", {Str(R"({"a": [1]})"), Str("$.a[0]")})), "number");
  EXPECT_EQ(EvalText(Call("JSON_TYPE", {Str(R"({"a": [1, 2]})"), Str("$.a[*]")})), "null");
}

TEST(JsonFunctionsTest, BindErrors) {
  const auto& r = FunctionRegistry::Builtins();
  EXPECT_FALSE(r.MakeCall("JSON_EXISTS", {Str("{}"), Str("$"), Str("MAYBE")}).ok());
  EXPECT_FALSE(
      r.MakeCall("JSON_VALUE", {Str("{}"), Str("$"), Returning(LogicalType::Array(kS))}).ok());
  EXPECT_FALSE(r.MakeCall("JSON_VALUE", {Int(1), Str("$")}).ok());
  EXPECT_FALSE(r.MakeCall("JSON_OBJECT", {Str("NULL"), Int(1), Str("v")}).ok());
  EXPECT_FALSE(r.MakeCall("JSON_OBJECT", {Str("SOMETIMES")}).ok());
}

}  // namespace
}  // namespace weir::sql
