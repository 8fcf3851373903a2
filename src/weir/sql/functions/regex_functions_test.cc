// Tests of the regex kernels on columns, where the required-literal prefilter rejects rows.
#include <gtest/gtest.h>

#include "weir/sql/expr/expr_test_util.h"

namespace weir::sql {
namespace {

using namespace weir::sql::testing;  // NOLINT
using Rows = std::vector<std::string>;

const LogicalType kS = LogicalType::String();
constexpr const char* kChannel = "(&|^)channel_id=([^&]*)";

constexpr const char* kUrls =
    "url STRING\n"
    "+I https://x.com/a/item.htm?query=1\n"
    "+I https://x.com/a/item.htm?query=1&channel_id=42\n"
    "+I channel_id=7&x=1\n"
    "+I a=1&channel_id=&b=2\n"
    "+I a=1channel_id=9\n"
    "+I null\n"
    "+I ''\n";

TEST(RegexKernelTest, ExtractWithPrefilter) {
  EXPECT_EQ(*EvalRows(Call("REGEXP_EXTRACT", {Col(0, kS), Str(kChannel), Int(2)}), kUrls),
            (Rows{"null", "42", "7", "", "null", "null", "null"}));
  EXPECT_EQ(
      *EvalRows(Call("REGEXP_EXTRACT", {Col(0, kS), Str(kChannel), Int(0)}), kUrls),
      (Rows{"null", "&channel_id=42", "channel_id=7", "&channel_id=", "null", "null", "null"}));
  // Group 1 matched the empty alternative (^).
  EXPECT_EQ(*EvalRows(Call("REGEXP_EXTRACT", {Col(0, kS), Str(kChannel), Int(1)}), kUrls),
            (Rows{"null", "&", "", "&", "null", "null", "null"}));
  EXPECT_EQ(*EvalRows(Call("REGEXP_EXTRACT", {Col(0, kS), Str(kChannel), Int(3)}), kUrls),
            (Rows{"null", "null", "null", "null", "null", "null", "null"}));
}

TEST(RegexKernelTest, OtherFunctionsWithPrefilter) {
  EXPECT_EQ(*EvalRows(Call("REGEXP", {Col(0, kS), Str(kChannel)}), kUrls),
            (Rows{"false", "true", "true", "true", "false", "null", "false"}));
  EXPECT_EQ(
      *EvalRows(Call("REGEXP_REPLACE", {Col(0, kS), Str("channel_id=[0-9]*"), Str("c")}), kUrls),
      (Rows{"https://x.com/a/item.htm?query=1", "https://x.com/a/item.htm?query=1&c", "c&x=1",
            "a=1&c&b=2", "a=1c", "null", ""}));
  EXPECT_EQ(*EvalRows(Call("REGEXP_INSTR", {Col(0, kS), Str("channel_id=[0-9]")}), kUrls),
            (Rows{"0", "34", "1", "0", "4", "null", "0"}));
  EXPECT_EQ(*EvalRows(Call("REGEXP_COUNT", {Col(0, kS), Str("channel_id=")}), kUrls),
            (Rows{"0", "1", "1", "1", "1", "null", "0"}));
  EXPECT_EQ(
      *EvalRows(Call("REGEXP_SUBSTR", {Col(0, kS), Str("channel_id=[0-9]+")}), kUrls),
      (Rows{"null", "channel_id=42", "channel_id=7", "null", "channel_id=9", "null", "null"}));
  EXPECT_EQ(*EvalRows(Call("REGEXP_EXTRACT_ALL", {Col(0, kS), Str(kChannel), Int(2)}), kUrls),
            (Rows{"[]", "[42]", "[7]", "[]", "[]", "null", "[]"}));
}

TEST(RegexKernelTest, PatternsFromAColumn) {
  // Per-row patterns go through the cache, each with its own literal.
  EXPECT_EQ(*EvalRows(Call("REGEXP_EXTRACT", {Col(0, kS), Col(1, kS), Int(1)}),
                      "s STRING, p STRING\n"
                      "+I abc-12 c-([0-9]+)\n"
                      "+I abd-12 c-([0-9]+)\n"
                      "+I xyz9 z([0-9])\n"
                      "+I xyz9 '('\n"
                      "+I xyz9 null\n"),
            (Rows{"12", "null", "9", "null", "null"}));
  EXPECT_EQ(*EvalRows(Call("REGEXP", {Col(0, kS), Col(1, kS)}),
                      "s STRING, p STRING\n+I abc bc\n+I abc bd\n+I ABC (?i)abc\n+I b a|b\n"),
            (Rows{"true", "false", "true", "true"}));
}

TEST(RegexKernelTest, LiteralIsCaseSensitiveLikeTheRegex) {
  EXPECT_EQ(*EvalRows(Call("REGEXP", {Col(0, kS), Str("Key=")}), "s STRING\n+I key=1\n+I Key=1\n"),
            (Rows{"false", "true"}));
  EXPECT_EQ(*EvalRows(Call("REGEXP_EXTRACT", {Col(0, kS), Str("(?i)key=(.)"), Int(1)}),
                      "s STRING\n+I KEY=1\n+I k=2\n"),
            (Rows{"1", "null"}));
}

}  // namespace
}  // namespace weir::sql
