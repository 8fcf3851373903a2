// Token: one lexical unit of Flink SQL with its kind, text and source position.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace weir::sql::ast {

/// A 1-based line and column in the SQL text (columns count bytes).
struct SourcePos {
  int32_t line = 0;
  int32_t column = 0;

  bool operator==(const SourcePos& other) const = default;
};

/// The lexical class of a token.
enum class TokenKind : uint8_t {
  kEof = 0,
  kWord,           // unquoted identifier or keyword; `reserved` says which
  kQuotedIdent,    // `name` (value holds the unescaped name)
  kString,         // 'text' (value holds the unescaped text)
  kUnicodeString,  // U&'...' (value holds the decoded UTF-8 text)
  kBinaryString,   // X'0A1B' (value holds the hex digits)
  kInteger,        // 123
  kDecimal,        // 1.5, .5, 1.
  kApprox,         // 1e3, 1.5E-2
  kLParen,
  kRParen,
  kLBracket,
  kRBracket,
  kComma,
  kDot,
  kSemicolon,
  kStar,
  kPlus,
  kMinus,
  kSlash,
  kPercent,
  kConcat,  // ||
  kEq,
  kNe,  // <> or !=
  kLt,
  kLe,
  kGt,
  kGe,
  kArrow,      // => (named arguments)
  kQuestion,   // ? (dynamic parameter)
  kHintBegin,  // /*+
  kHintEnd,    // */ closing a hint
};

/// Returns a short printable name of a token kind, e.g. "(" or "<identifier>".
const char* TokenKindName(TokenKind kind);

/// One token. `text` points into the SQL text that was lexed.
struct Token {
  TokenKind kind = TokenKind::kEof;
  bool reserved = false;  // kWord only: a reserved keyword that cannot be an identifier
  std::string_view text;  // the raw source text of the token
  std::string value;      // decoded value of identifiers and string literals
  SourcePos pos;
  int32_t offset = 0;      // byte offset of the first character
  int32_t end_offset = 0;  // byte offset one past the last character

  /// Returns true if this is the unquoted word `keyword` (given in upper case).
  bool IsWord(std::string_view keyword) const;
};

/// Returns true if `upper_word` (upper case) is a reserved keyword of Weir's Flink SQL dialect.
bool IsReservedKeyword(std::string_view upper_word);

}  // namespace weir::sql::ast
