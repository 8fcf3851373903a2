// SplitStatements: SQL client input cut into ';'-terminated statements with their lines.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace weir::cli {

/// One complete statement of client input.
struct Statement {
  std::string text;  // from its first token up to (without) the terminating ';', trimmed
  int line = 1;      // 1-based line of the first token in the input
  int column = 1;    // 1-based column (in bytes) of the first token
};

/// What unfinished construct the input ends in.
enum class OpenConstruct : uint8_t {
  kNone,               // a statement without its ';' (or nothing)
  kString,             // '...  (a quote doubles inside: 'it''s')
  kQuotedIdentifier,   // `...  or "...
  kBlockComment,       // /* ...
  kStatementSetBlock,  // EXECUTE STATEMENT SET BEGIN ... without END;
};

/// The statements of some input and what is left after the last ';'.
struct SplitResult {
  std::vector<Statement> statements;
  /// The unfinished statement after the last ';' (comments and blanks alone do not count).
  std::string remainder;
  int remainder_line = 0;  // its first line, when remainder is not empty
  OpenConstruct open = OpenConstruct::kNone;
  int open_line = 0;  // line where the open construct started
  /// Bytes of the input up to and including the last ';' that ended a statement; the rest is
  /// what the REPL keeps for the next line.
  size_t consumed = 0;

  /// Returns whether the input ends inside a statement (the REPL asks for more lines).
  bool incomplete() const { return !remainder.empty() || open != OpenConstruct::kNone; }
};

/// Splits `text` (whose first line is `first_line`) into statements. ';' ends a statement
/// except inside '...' strings, `...` or "..." identifiers, -- line comments, /* */ comments
/// and an EXECUTE STATEMENT SET BEGIN ... END block, which is one statement as in Flink.
/// Empty statements (";;") are skipped. BEGIN STATEMENT SET; INSERT ...; END; are separate
/// statements, as Flink's client sends them; the executor keeps the statement set open.
SplitResult SplitStatements(std::string_view text, int first_line = 1);

/// Returns the uppercase words a statement starts with, skipping comments (at most `max`).
/// `only_words`, when given, tells whether nothing but words, blanks and comments follow.
std::vector<std::string> LeadingKeywords(std::string_view statement, size_t max,
                                         bool* only_words = nullptr);

}  // namespace weir::cli
