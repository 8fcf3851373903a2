// Tests of string, pattern and native UDF functions (UTF-8 aware).
#include <gtest/gtest.h>

#include "weir/sql/expr/expr_test_util.h"

namespace weir::sql {
namespace {

using namespace weir::sql::testing;  // NOLINT
using Rows = std::vector<std::string>;

const LogicalType kS = LogicalType::String();

TEST(StringTest, CaseMapping) {
  EXPECT_EQ(*EvalRows(Call("UPPER", {Col(0, kS)}), "s STRING\n+I abc\n+I null\n+I ''\n+I xY1"),
            (Rows{"ABC", "null", "", "XY1"}));
  EXPECT_EQ(*EvalRows(Call("LOWER", {Col(0, kS)}), "s STRING\n+I ÀÉÎ\n+I ÄbC"),
            (Rows{"àéî", "äbc"}));
  // Simple (one-to-one) case mapping: Java would expand ß to SS.
  EXPECT_EQ(EvalText(Call("UPPER", {Str("straße é")})), "STRAßE É");
  EXPECT_EQ(EvalText(Call("INITCAP", {Str("hello wORLD-foo")})), "Hello World-Foo");
  // A sliced column keeps working (offsets not starting at 0).
  auto batch = RecordBatch::Parse("s STRING\n+I aa\n+I bb\n+I cc");
  ASSERT_TRUE(batch.ok());
  auto compiled = CompiledExpr::Make(Call("UPPER", {Col(0, kS)}), *(*batch)->schema());
  ASSERT_TRUE(compiled.ok());
  auto out = (*compiled)->Evaluate(*(*batch)->Slice(1, 2));
  ASSERT_TRUE(out.ok());
  EXPECT_EQ((*out)->StringValue(0), "BB");
  EXPECT_EQ((*out)->StringValue(1), "CC");
}

TEST(StringTest, LengthConcatTrim) {
  EXPECT_EQ(EvalText(Call("CHAR_LENGTH", {Str("héllo")})), "5");
  EXPECT_EQ(EvalText(Call("CHARACTER_LENGTH", {Str("")})), "0");
  EXPECT_EQ(
      *EvalRows(Call("||", {Col(0, kS), Col(1, kS)}), "a STRING, b STRING\n+I x y\n+I x null"),
      (Rows{"xy", "null"}));
  EXPECT_EQ(EvalText(Call("CONCAT", {Str("a"), Str("b"), Str("c")})), "abc");
  EXPECT_EQ(*EvalRows(Call("CONCAT_WS", {Str("-"), Col(0, kS), Col(1, kS)}),
                      "a STRING, b STRING\n+I x y\n+I x null"),
            (Rows{"x-y", "x"}));
  EXPECT_EQ(EvalText(Call("CONCAT_WS", {Null(kS), Str("a")})), "null");
  EXPECT_EQ(EvalText(Call("TRIM", {Str("  a b  ")})), "a b");
  EXPECT_EQ(EvalText(Call("TRIM", {Str("LEADING"), Str("x"), Str("xxaxx")})), "axx");
  EXPECT_EQ(EvalText(Call("TRIM", {Str("BOTH"), Str("é"), Str("éaé")})), "a");
  EXPECT_EQ(EvalText(Call("LTRIM", {Str("  a ")})), "a ");
  EXPECT_EQ(EvalText(Call("RTRIM", {Str("  a ")})), "  a");
  EXPECT_EQ(EvalText(Call("RTRIM", {Str("axyx"), Str("xy")})), "a");
}

TEST(StringTest, SubstringAndPositions) {
  EXPECT_EQ(EvalText(Call("SUBSTRING", {Str("héllo"), Int(2), Int(3)})), "éll");
  EXPECT_EQ(EvalText(Call("SUBSTR", {Str("hello"), Int(3)})), "llo");
  EXPECT_EQ(EvalText(Call("SUBSTRING", {Str("hello"), Int(-3), Int(2)})), "ll");
  EXPECT_EQ(EvalText(Call("SUBSTRING", {Str("hello"), Int(0), Int(2)})), "he");
  EXPECT_EQ(EvalText(Call("SUBSTRING", {Str("hello"), Int(9)})), "");
  EXPECT_EQ(EvalText(Call("POSITION", {Str("l"), Str("héllo")})), "3");
  EXPECT_EQ(EvalText(Call("POSITION", {Str("z"), Str("hello")})), "0");
  EXPECT_EQ(EvalText(Call("LOCATE", {Str("l"), Str("hello"), Int(4)})), "4");
  EXPECT_EQ(EvalText(Call("INSTR", {Str("hello"), Str("ll")})), "3");
}

TEST(StringTest, ReplaceRepeatReversePad) {
  EXPECT_EQ(EvalText(Call("REPLACE", {Str("a.b.c"), Str("."), Str("--")})), "a--b--c");
  EXPECT_EQ(EvalText(Call("REPEAT", {Str("ab"), Int(3)})), "ababab");
  EXPECT_EQ(EvalText(Call("REPEAT", {Str("ab"), Int(-1)})), "");
  EXPECT_EQ(EvalText(Call("REVERSE", {Str("héllo")})), "olléh");
  EXPECT_EQ(EvalText(Call("LPAD", {Str("hi"), Int(5), Str("é?")})), "é?éhi");
  EXPECT_EQ(EvalText(Call("RPAD", {Str("hi"), Int(5), Str("xy")})), "hixyx");
  EXPECT_EQ(EvalText(Call("LPAD", {Str("hello"), Int(2), Str("x")})), "he");
  EXPECT_EQ(EvalText(Call("LPAD", {Str("hi"), Int(-1), Str("x")})), "null");
  EXPECT_EQ(EvalText(Call("SPLIT_INDEX", {Str("a,b,,c"), Str(","), Int(3)})), "c");
  EXPECT_EQ(EvalText(Call("SPLIT_INDEX", {Str("a,b"), Str(","), Int(2)})), "null");
  EXPECT_EQ(EvalText(Call("ASCII", {Str("abc")})), "97");
  EXPECT_EQ(EvalText(Call("ASCII", {Str("")})), "0");
  EXPECT_EQ(EvalText(Call("CHR", {Int(65)})), "A");
  EXPECT_EQ(EvalText(Call("TO_BASE64", {Str("hello")})), "aGVsbG8=");
  EXPECT_EQ(EvalText(Call("FROM_BASE64", {Str("aGVsbG8=")})), "hello");
  EXPECT_EQ(EvalText(Call("FROM_BASE64", {Str("a*")})), "null");
  EXPECT_EQ(EvalText(Call("HEX", {Int(255)})), "FF");
  EXPECT_EQ(EvalText(Call("HEX", {Int(-1)})), "FFFFFFFFFFFFFFFF");
  EXPECT_EQ(EvalText(Call("HEX", {Str("ab")})), "6162");
}

TEST(StringTest, LikeAndSimilar) {
  std::string t = "s STRING\n+I abc\n+I xabcx\n+I ab\n+I null\n+I a";
  auto like = [&](const std::string& p) {
    return *EvalRows(Call("LIKE", {Col(0, kS), Str(p)}), t);
  };
  EXPECT_EQ(like("abc"), (Rows{"true", "false", "false", "null", "false"}));
  EXPECT_EQ(like("ab%"), (Rows{"true", "false", "true", "null", "false"}));
  EXPECT_EQ(like("%bc"), (Rows{"true", "false", "false", "null", "false"}));
  EXPECT_EQ(like("%abc%"), (Rows{"true", "true", "false", "null", "false"}));
  EXPECT_EQ(like("a_c"), (Rows{"true", "false", "false", "null", "false"}));
  EXPECT_EQ(like("%b%c"), (Rows{"true", "false", "false", "null", "false"}));
  EXPECT_EQ(like("a.c"), (Rows{"false", "false", "false", "null", "false"}));
  EXPECT_EQ(EvalText(Call("LIKE", {Str("a%b"), Str("a!%b"), Str("!")})), "true");
  EXPECT_EQ(EvalText(Call("LIKE", {Str("axb"), Str("a!%b"), Str("!")})), "false");
  EXPECT_EQ(EvalText(Call("NOT LIKE", {Str("abc"), Str("a%")})), "false");
  EXPECT_EQ(EvalText(Call("LIKE", {Str("é"), Str("_")})), "true");
  EXPECT_EQ(EvalText(Call("SIMILAR TO", {Str("abc"), Str("(a|x)%")})), "true");
  EXPECT_EQ(EvalText(Call("SIMILAR TO", {Str("abc"), Str("a.c")})), "false");
  EXPECT_EQ(EvalText(Call("SIMILAR TO", {Str("abbc"), Str("ab+c")})), "true");
  // Non-literal patterns are compiled per distinct value.
  EXPECT_EQ(*EvalRows(Call("LIKE", {Col(0, kS), Col(1, kS)}),
                      "s STRING, p STRING\n+I abc a%\n+I abc b%\n+I abc null"),
            (Rows{"true", "false", "null"}));
}

TEST(StringTest, Regex) {
  EXPECT_EQ(EvalText(Call("REGEXP", {Str("abc123"), Str("[0-9]+")})), "true");
  EXPECT_EQ(EvalText(Call("REGEXP", {Str("abc"), Str("^b")})), "false");
  EXPECT_EQ(EvalText(Call("REGEXP_EXTRACT", {Str("foo123bar"), Str("([a-z]+)([0-9]+)"), Int(2)})),
            "123");
  EXPECT_EQ(EvalText(Call("REGEXP_EXTRACT", {Str("foo"), Str("(x)")})), "null");
  EXPECT_EQ(EvalText(Call("REGEXP_REPLACE", {Str("a1b22"), Str("[0-9]+"), Str("#")})), "a#b#");
  EXPECT_EQ(EvalText(Call("REGEXP_REPLACE", {Str("ab"), Str("(a)(b)"), Str("$2$1")})), "ba");
  auto bad = FunctionRegistry::Builtins().MakeCall("REGEXP", {Str("a"), Str("(")});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("Invalid regular expression '('"), std::string::npos);
}

TEST(StringTest, CountCharUdf) {
  FunctionRegistry session = FunctionRegistry::Builtins();
  EXPECT_EQ(session.Find("count_char"), nullptr);
  ASSERT_TRUE(session.CreateFunction("count_char", "com.github.nexmark.flink.udf.CountChar").ok());
  EXPECT_EQ(session.CreateFunction("f", "com.example.Missing").message(),
            "No native implementation of function class: com.example.Missing");
  auto call = session.MakeCall("COUNT_CHAR", {Col(0, kS), Str("c")});
  ASSERT_TRUE(call.ok());
  EXPECT_EQ((*call)->type().ToString(), "BIGINT NOT NULL");
  auto batch = RecordBatch::Parse("extra STRING\n+I abcabc\n+I null\n+I ''\n+I ccé");
  ASSERT_TRUE(batch.ok());
  auto compiled = CompiledExpr::Make(*call, *(*batch)->schema(), session);
  ASSERT_TRUE(compiled.ok()) << compiled.status().ToString();
  auto out = (*compiled)->Evaluate(**batch);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ((*out)->Value<int64_t>(0), 2);
  EXPECT_EQ((*out)->Value<int64_t>(1), 0);
  EXPECT_EQ((*out)->Value<int64_t>(2), 0);
  EXPECT_EQ((*out)->Value<int64_t>(3), 2);
  auto empty = session.MakeCall("count_char", {Col(0, kS), Str("")});
  ASSERT_TRUE(empty.ok());
  auto c2 = CompiledExpr::Make(*empty, *(*batch)->schema(), session);
  ASSERT_TRUE(c2.ok());
  EXPECT_FALSE((*c2)->Evaluate(**batch).ok());
}

}  // namespace
}  // namespace weir::sql

namespace weir::sql {
namespace {

using namespace weir::sql::testing;  // NOLINT

TEST(StringTest, MoreStringFunctions) {
  EXPECT_EQ(EvalText(Call("LEFT", {Str("héllo"), Int(2)})), "hé");
  EXPECT_EQ(EvalText(Call("RIGHT", {Str("héllo"), Int(3)})), "llo");
  EXPECT_EQ(EvalText(Call("LEFT", {Str("abc"), Int(-1)})), "");
  EXPECT_EQ(EvalText(Call("BTRIM", {Str("xxaxx"), Str("x")})), "a");
  EXPECT_EQ(EvalText(Call("TRANSLATE", {Str("abcé"), Str("aé"), Str("A")})), "Abc");
  EXPECT_EQ(EvalText(Call("BIN", {Int(5)})), "101");
  EXPECT_EQ(EvalText(Call("STARTSWITH", {Str("hello"), Str("he")})), "true");
  EXPECT_EQ(EvalText(Call("ENDSWITH", {Str("hello"), Str("he")})), "false");
  EXPECT_EQ(EvalText(Call("IS_DIGIT", {Str("123")})), "true");
  EXPECT_EQ(EvalText(Call("IS_DIGIT", {Null(LogicalType::String())})), "false");
  EXPECT_EQ(EvalText(Call("IS_ALPHA", {Str("ab1")})), "false");
  EXPECT_EQ(EvalText(Call("IS_DECIMAL", {Str("-1.5e3")})), "true");
  EXPECT_EQ(EvalText(Call("IS_DECIMAL", {Str("1.")})), "true");
  EXPECT_EQ(EvalText(Call("IS_DECIMAL", {Str(".")})), "false");
  EXPECT_EQ(EvalText(Call("REGEXP_COUNT", {Str("a1b22c333"), Str("[0-9]+")})), "3");
  EXPECT_EQ(EvalText(Call("REGEXP_INSTR", {Str("éa12"), Str("[0-9]")})), "3");
  EXPECT_EQ(EvalText(Call("REGEXP_INSTR", {Str("abc"), Str("[0-9]")})), "0");
  EXPECT_EQ(EvalText(Call("REGEXP_SUBSTR", {Str("ab12cd"), Str("[0-9]+")})), "12");
  EXPECT_EQ(EvalText(Call("REGEXP_SUBSTR", {Str("abcd"), Str("[0-9]+")})), "null");
  EXPECT_EQ(EvalText(Call("DEGREES", {Call("PI", {})})), "180.0");
  EXPECT_EQ(EvalText(Call("ATAN2", {Int(1), Int(1)})), "0.7853981633974483");
}

TEST(StringTest, InWithExpressions) {
  auto i = LogicalType::Int();
  EXPECT_EQ(*EvalRows(Call("IN", {Col(0, i), Col(1, i), Int(5)}),
                      "a INT, b INT\n+I 1 1\n+I 5 2\n+I 3 null\n+I 3 4\n+I null 1"),
            (std::vector<std::string>{"true", "true", "null", "false", "null"}));
}

TEST(StringTest, FoldingKeepsCaseLazy) {
  // 1 / 0 cannot be folded at compile time, and the ELSE branch is the only one evaluated.
  auto e = Expr::Case({Bool(false), Call("/", {Int(1), Int(0)}), Int(7)}, LogicalType::Int(false));
  EXPECT_EQ(*EvalRows(e, "a INT\n+I 1\n+I 2"), (std::vector<std::string>{"7", "7"}));
}

TEST(StringTest, RegexpExtractAll) {
  EXPECT_EQ(EvalText(Call("REGEXP_EXTRACT_ALL", {Str("a1b22c333"), Str("([a-z])(\\d+)")})),
            "[a, b, c]");
  EXPECT_EQ(EvalText(Call("REGEXP_EXTRACT_ALL", {Str("a1b22c333"), Str("([a-z])(\\d+)"), Int(2)})),
            "[1, 22, 333]");
  EXPECT_EQ(EvalText(Call("REGEXP_EXTRACT_ALL", {Str("a1b22"), Str("[a-z]\\d"), Int(0)})),
            "[a1, b2]");
  EXPECT_EQ(EvalText(Call("REGEXP_EXTRACT_ALL", {Str("xyz"), Str("(\\d)")})), "[]");
  EXPECT_EQ(EvalText(Call("REGEXP_EXTRACT_ALL", {Str("héé"), Str("(x*)")})), "[, , , ]");
  EXPECT_EQ(EvalText(Call("REGEXP_EXTRACT_ALL", {Str("a1"), Str("(\\d)"), Int(5)})), "null");
  EXPECT_EQ(EvalText(Call("REGEXP_EXTRACT_ALL", {Null(kS), Str("(\\d)")})), "null");
  EXPECT_EQ(*EvalRows(Call("REGEXP_EXTRACT_ALL", {Col(0, kS), Col(1, kS)}),
                      "s STRING, r STRING\n+I a1b2 (\\d)\n+I a1 '('\n+I null x"),
            (Rows{"[1, 2]", "null", "null"}));
}

}  // namespace
}  // namespace weir::sql
