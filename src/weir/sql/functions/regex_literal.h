// RequiredRegexLiteral: a literal that every match of an RE2 pattern contains (a prefilter).
#pragma once

#include <string>
#include <string_view>

namespace weir::sql {

/// Returns a substring that every match of the RE2 `pattern` (compiled case-sensitively, as
/// the regex functions compile it) must contain, or "" when none is found. Conservative: it
/// takes the longest run of plain characters at the pattern's top level (outside groups,
/// classes and alternatives, without a quantifier that may drop them), and gives up on
/// top-level alternation, inline flags such as (?i) and \Q...\E quoting. Rows without the
/// literal cannot match, so a substring search can skip the regex engine for them.
std::string RequiredRegexLiteral(std::string_view pattern);

}  // namespace weir::sql
