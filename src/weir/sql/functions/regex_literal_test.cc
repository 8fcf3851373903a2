// Tests of RequiredRegexLiteral, including a randomised check against RE2 itself.
#include "weir/sql/functions/regex_literal.h"

#include <gtest/gtest.h>
#include <re2/re2.h>

#include <random>

namespace weir::sql {
namespace {

TEST(RequiredRegexLiteralTest, FindsTopLevelRuns) {
  EXPECT_EQ(RequiredRegexLiteral("(&|^)channel_id=([^&]*)"), "channel_id=");
  EXPECT_EQ(RequiredRegexLiteral("abc"), "abc");
  EXPECT_EQ(RequiredRegexLiteral("ab[0-9]+xyz\\d"), "xyz");
  EXPECT_EQ(RequiredRegexLiteral("^foo.bar$"), "foo");
  EXPECT_EQ(RequiredRegexLiteral("a\\.b\\(c"), "a.b(c");
  EXPECT_EQ(RequiredRegexLiteral("[]a]bc"), "bc");
  EXPECT_EQ(RequiredRegexLiteral("[[:alpha:]]+key"), "key");
}

TEST(RequiredRegexLiteralTest, QuantifiersDropTheirAtom) {
  EXPECT_EQ(RequiredRegexLiteral("abcd*"), "abc");
  EXPECT_EQ(RequiredRegexLiteral("abcd?"), "abc");
  EXPECT_EQ(RequiredRegexLiteral("abcd{0,2}"), "abc");
  EXPECT_EQ(RequiredRegexLiteral("abcd+e"), "abcd");
  EXPECT_EQ(RequiredRegexLiteral("ab*?cd"), "cd");
  EXPECT_EQ(RequiredRegexLiteral("x{a}"), "a}");  // a literal '{' is left out
  // A quantifier on a multi-byte character drops all of its bytes.
  EXPECT_EQ(RequiredRegexLiteral("ab\xC3\xA9*"), "ab");
  EXPECT_EQ(RequiredRegexLiteral("\xC3\xA9t\xC3\xA9"), "\xC3\xA9t\xC3\xA9");
}

TEST(RequiredRegexLiteralTest, GivesUpWhenUnsure) {
  EXPECT_EQ(RequiredRegexLiteral("abc|def"), "");
  EXPECT_EQ(RequiredRegexLiteral("(?i)abc"), "");
  EXPECT_EQ(RequiredRegexLiteral("x(?i)abc"), "");
  EXPECT_EQ(RequiredRegexLiteral("\\Qa.b\\E"), "");
  EXPECT_EQ(RequiredRegexLiteral("(abc)"), "");
  EXPECT_EQ(RequiredRegexLiteral("(?i:abc)de"), "de");
  EXPECT_EQ(RequiredRegexLiteral("(a|b)cd"), "cd");
  EXPECT_EQ(RequiredRegexLiteral("\\bword\\b"), "word");
  EXPECT_EQ(RequiredRegexLiteral("\\x{41}bc\\pLd"), "bc");
  EXPECT_EQ(RequiredRegexLiteral(""), "");
}

// Every text RE2 matches must contain the literal, over random patterns and texts.
TEST(RequiredRegexLiteralTest, NeverRejectsAMatch) {
  std::mt19937 rng(12345);
  const std::string pattern_alphabet = "abc()|*+?.[]^$\\{}0,2-:";
  const std::string text_alphabet = "abc{}0,2-:.";
  RE2::Options options;
  options.set_log_errors(false);
  options.set_dot_nl(true);
  int compiled = 0;
  int with_literal = 0;
  int matches_checked = 0;
  for (int round = 0; round < 20000; ++round) {
    std::string pattern;
    size_t len = 1 + rng() % 10;
    for (size_t k = 0; k < len; ++k) pattern += pattern_alphabet[rng() % pattern_alphabet.size()];
    RE2 re(pattern, options);
    if (!re.ok()) continue;
    ++compiled;
    std::string literal = RequiredRegexLiteral(pattern);
    if (literal.empty()) continue;
    ++with_literal;
    for (int t = 0; t < 20; ++t) {
      std::string text;
      size_t text_len = rng() % 12;
      for (size_t k = 0; k < text_len; ++k) text += text_alphabet[rng() % text_alphabet.size()];
      if (RE2::PartialMatch(text, re)) {
        ++matches_checked;
        ASSERT_NE(text.find(literal), std::string::npos)
            << "pattern " << pattern << " literal " << literal << " text " << text;
      }
    }
  }
  EXPECT_GT(compiled, 1000);
  EXPECT_GT(with_literal, 300);
  EXPECT_GT(matches_checked, 1000);
}

}  // namespace
}  // namespace weir::sql
