// libFuzzer target: the SQL parser never crashes, fails only with Invalid, and what it accepts
// prints to SQL that parses back to the same print (printing is a fixed point). The printer adds
// parentheses (`+(+(x))` for `+ +x`), so input just under the parser's nesting limit may print
// deeper than the limit: that one error is accepted on the re-parse.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "weir/common/check.h"
#include "weir/sql/parser/ast_printer.h"
#include "weir/sql/parser/parser.h"

namespace {

bool TooDeep(const weir::Status& status) {
  return status.message().find("Nesting is too deep") != std::string::npos;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  weir::Result<std::vector<weir::sql::ast::StatementPtr>> script = weir::sql::ast::ParseScript(text);
  if (!script.ok()) {
    WEIR_CHECK_MSG(script.status().IsInvalid(), script.status().ToString());
  } else {
    for (const weir::sql::ast::StatementPtr& stmt : *script) {
      std::string printed = weir::sql::ast::ToSql(*stmt);
      weir::Result<weir::sql::ast::StatementPtr> again = weir::sql::ast::ParseStatement(printed);
      if (!again.ok() && TooDeep(again.status())) continue;
      WEIR_CHECK_MSG(again.ok(), again.status().ToString() + "\nprinted: " + printed);
      WEIR_CHECK_MSG(weir::sql::ast::ToSql(**again) == printed, printed);
    }
  }
  weir::Result<weir::sql::ast::ExprPtr> expr = weir::sql::ast::ParseExpression(text);
  if (expr.ok()) {
    std::string printed = weir::sql::ast::ToSql(**expr);
    weir::Result<weir::sql::ast::ExprPtr> again = weir::sql::ast::ParseExpression(printed);
    if (!again.ok() && TooDeep(again.status())) return 0;
    WEIR_CHECK_MSG(again.ok(), again.status().ToString() + "\nprinted: " + printed);
    WEIR_CHECK_MSG(weir::sql::ast::ToSql(**again) == printed, printed);
  } else {
    WEIR_CHECK_MSG(expr.status().IsInvalid(), expr.status().ToString());
  }
  return 0;
}
