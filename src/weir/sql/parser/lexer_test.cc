// Tests for the SQL lexer: token kinds, values, positions, comments, hints and errors.
#include "weir/sql/parser/lexer.h"

#include <gtest/gtest.h>

namespace weir::sql::ast {
namespace {

std::vector<Token> Lex(std::string_view sql) {
  Result<std::vector<Token>> r = Tokenize(sql);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? std::move(r).ValueOrDie() : std::vector<Token>{};
}

std::string LexError(std::string_view sql) {
  Result<std::vector<Token>> r = Tokenize(sql);
  return r.ok() ? "" : r.status().message();
}

TEST(ParserLexerTest, KindsAndPositions) {
  auto t = Lex("SELECT a,\n  `b``c` FROM t");
  ASSERT_EQ(t.size(), 7u);
  EXPECT_EQ(t[0].kind, TokenKind::kWord);
  EXPECT_TRUE(t[0].reserved);
  EXPECT_TRUE(t[0].IsWord("SELECT"));
  EXPECT_EQ(t[1].value, "a");
  EXPECT_FALSE(t[1].reserved);
  EXPECT_EQ(t[2].kind, TokenKind::kComma);
  EXPECT_EQ(t[3].kind, TokenKind::kQuotedIdent);
  EXPECT_EQ(t[3].value, "b`c");
  EXPECT_EQ(t[3].pos, (SourcePos{2, 3}));
  EXPECT_EQ(t[3].offset, 12);
  EXPECT_EQ(t[3].end_offset, 18);
  EXPECT_EQ(t[4].pos, (SourcePos{2, 10}));
  EXPECT_EQ(t[6].kind, TokenKind::kEof);
}

TEST(ParserLexerTest, KeywordsAreCaseInsensitiveIdentifiersKeepCase) {
  auto t = Lex("sElEcT MyCol");
  EXPECT_TRUE(t[0].IsWord("SELECT"));
  EXPECT_TRUE(t[0].reserved);
  EXPECT_EQ(t[1].value, "MyCol");
}

TEST(ParserLexerTest, StringLiterals) {
  auto t = Lex("'it''s' '' U&'\\0041\\+01F600x' X'0aFF'");
  EXPECT_EQ(t[0].kind, TokenKind::kString);
  EXPECT_EQ(t[0].value, "it's");
  EXPECT_EQ(t[1].value, "");
  EXPECT_EQ(t[2].kind, TokenKind::kUnicodeString);
  EXPECT_EQ(t[2].value, "A\xF0\x9F\x98\x80x");
  EXPECT_EQ(t[3].kind, TokenKind::kBinaryString);
  EXPECT_EQ(t[3].value, "0aFF");
}

TEST(ParserLexerTest, UnicodeEscapeCharacter) {
  auto t = Lex("U&'#0041##' UESCAPE '#' , 1");
  ASSERT_EQ(t.size(), 4u);
  EXPECT_EQ(t[0].value, "A#");
  EXPECT_EQ(t[1].kind, TokenKind::kComma);
  EXPECT_NE(LexError("U&'\\00G1'"), "");
  EXPECT_NE(LexError("U&'x' UESCAPE 'ab'"), "");
}

TEST(ParserLexerTest, Numbers) {
  auto t = Lex("12 1.5 .5 1. 1e3 2.5E-2");
  EXPECT_EQ(t[0].kind, TokenKind::kInteger);
  EXPECT_EQ(t[1].kind, TokenKind::kDecimal);
  EXPECT_EQ(t[2].kind, TokenKind::kDecimal);
  EXPECT_EQ(t[3].kind, TokenKind::kDecimal);
  EXPECT_EQ(t[4].kind, TokenKind::kApprox);
  EXPECT_EQ(t[5].kind, TokenKind::kApprox);
  EXPECT_EQ(t[5].text, "2.5E-2");
  EXPECT_NE(LexError("7e"), "");  // a number running into a word
}

TEST(ParserLexerTest, Operators) {
  auto t = Lex("|| <> != <= >= => < > = + - * / % ( ) [ ] . ; ?");
  std::vector<TokenKind> kinds;
  for (const Token& tok : t) kinds.push_back(tok.kind);
  std::vector<TokenKind> want = {
      TokenKind::kConcat,   TokenKind::kNe,       TokenKind::kNe,     TokenKind::kLe,
      TokenKind::kGe,       TokenKind::kArrow,    TokenKind::kLt,     TokenKind::kGt,
      TokenKind::kEq,       TokenKind::kPlus,     TokenKind::kMinus,  TokenKind::kStar,
      TokenKind::kSlash,    TokenKind::kPercent,  TokenKind::kLParen, TokenKind::kRParen,
      TokenKind::kLBracket, TokenKind::kRBracket, TokenKind::kDot,    TokenKind::kSemicolon,
      TokenKind::kQuestion, TokenKind::kEof};
  EXPECT_EQ(kinds, want);
}

TEST(ParserLexerTest, CommentsAreSkipped) {
  auto t = Lex("a -- line comment\n/* block\n comment */ b");
  ASSERT_EQ(t.size(), 3u);
  EXPECT_EQ(t[1].value, "b");
  EXPECT_EQ(t[1].pos, (SourcePos{3, 13}));
}

TEST(ParserLexerTest, HintsAreTokens) {
  auto t = Lex("t /*+ OPTIONS('k'='v') */ x");
  ASSERT_EQ(t.size(), 11u);
  EXPECT_EQ(t[1].kind, TokenKind::kHintBegin);
  EXPECT_EQ(t[2].value, "OPTIONS");
  EXPECT_EQ(t[8].kind, TokenKind::kHintEnd);
  EXPECT_EQ(t[9].value, "x");
}

TEST(ParserLexerTest, Errors) {
  EXPECT_EQ(LexError("'abc"), "SQL parse failed. Unterminated string literal at line 1, column 1");
  EXPECT_EQ(LexError("a\n  `abc"),
            "SQL parse failed. Unterminated quoted identifier at line 2, column 3");
  EXPECT_EQ(LexError("/* x"), "SQL parse failed. Unterminated comment \"/*\" at line 1, column 1");
  EXPECT_EQ(LexError("/*+ x"),
            "SQL parse failed. Unterminated hint comment \"/*+\" at line 1, column 1");
  EXPECT_EQ(LexError("a # b"),
            "SQL parse failed. Lexical error: unexpected character \"#\" at line 1, column 3");
  EXPECT_NE(LexError("X'abc'"), "");
  EXPECT_NE(LexError("X'zz'"), "");
  EXPECT_NE(LexError("``"), "");
  EXPECT_NE(LexError("a \x01"), "");
}

}  // namespace
}  // namespace weir::sql::ast
