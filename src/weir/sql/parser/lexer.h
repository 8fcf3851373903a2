// Lexer: turns Flink SQL text into tokens with line, column and byte offset.
#pragma once

#include <string_view>
#include <vector>

#include "weir/common/result.h"
#include "weir/sql/parser/token.h"

namespace weir::sql::ast {

/// Splits `sql` into tokens, ending with one kEof token. Comments are dropped; a hint comment
/// `/*+ ... */` becomes kHintBegin, the tokens inside it, and kHintEnd. Keywords are matched
/// case-insensitively by the parser; identifiers keep their case.
/// Fails with Status::Invalid on an unterminated string, comment or quoted identifier, or an
/// unexpected character; the message names the line and column.
Result<std::vector<Token>> Tokenize(std::string_view sql);

}  // namespace weir::sql::ast
