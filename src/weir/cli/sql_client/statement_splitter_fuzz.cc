// libFuzzer target for SplitStatements and ReplSession (same statements fed line by line).
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "weir/cli/sql_client/client_command.h"
#include "weir/cli/sql_client/repl_session.h"
#include "weir/cli/sql_client/statement_splitter.h"
#include "weir/common/check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace weir::cli;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const SplitResult split = SplitStatements(text);
  WEIR_CHECK(split.consumed <= text.size());
  int last_line = 1;
  for (const Statement& s : split.statements) {
    WEIR_CHECK(!s.text.empty());
    WEIR_CHECK(s.line >= last_line);
    last_line = s.line;
    (void)ParseClientCommand(s.text);
    (void)IsAllowedInInitFile(s.text);
  }
  // Splitting only the consumed prefix gives the same statements and leaves nothing open.
  const SplitResult prefix = SplitStatements(text.substr(0, split.consumed));
  WEIR_CHECK(prefix.statements.size() == split.statements.size());
  WEIR_CHECK(!prefix.incomplete());

  // The REPL sees the same statements (client commands aside) when fed line by line.
  std::vector<std::string> seen;
  std::ostringstream out;
  ReplSession repl(
      [&seen](const Statement& s, std::ostream&) -> weir::Status {
        seen.push_back(s.text);
        return weir::Status::OK();
      },
      out);
  size_t begin = 0;
  while (begin <= text.size() && !repl.quit()) {
    const size_t end = text.find('\n', begin);
    repl.FeedLine(text.substr(begin, end == std::string_view::npos ? end : end - begin));
    if (end == std::string_view::npos) break;
    begin = end + 1;
  }
  if (!repl.quit()) {
    std::vector<std::string> expected;
    for (const Statement& s : split.statements) {
      if (ParseClientCommand(s.text) == ClientCommand::kNone) expected.push_back(s.text);
    }
    WEIR_CHECK(seen == expected);
  }
  return 0;
}
