// LogicTestFile: splitting a logic test file into records.
#include "weir/gateway/logictest/logic_test_file.h"

#include <sstream>

#include "weir/common/str_cat.h"

namespace weir::gateway {

namespace {

std::vector<std::string> Lines(std::string_view text) {
  std::vector<std::string> lines;
  std::string line;
  std::istringstream in{std::string(text)};
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
  }
  return lines;
}

bool IsBlank(const std::string& line) { return line.find_first_not_of(" \t") == std::string::npos; }

std::string TrimSemicolon(std::string sql) {
  while (!sql.empty() && (sql.back() == ' ' || sql.back() == '\n')) sql.pop_back();
  if (!sql.empty() && sql.back() == ';') sql.pop_back();
  return sql;
}

}  // namespace

Result<std::vector<LogicTestRecord>> ParseLogicTest(std::string_view text,
                                                    std::string_view file_name) {
  const std::vector<std::string> lines = Lines(text);
  std::vector<LogicTestRecord> records;
  size_t i = 0;
  while (i < lines.size()) {
    const std::string& header = lines[i];
    if (IsBlank(header) || header[0] == '#') {
      ++i;
      continue;
    }
    LogicTestRecord r;
    r.line = static_cast<int32_t>(i + 1);
    std::istringstream words(header);
    std::string first, second;
    words >> first >> second;
    if (first == "statement" && second == "ok") {
      r.kind = LogicTestRecord::Kind::kStatementOk;
    } else if (first == "statement" && second == "error") {
      r.kind = LogicTestRecord::Kind::kStatementError;
      const size_t at = header.find("error") + 5;
      r.expected_error =
          at < header.size() ? header.substr(header.find_first_not_of(' ', at)) : std::string();
    } else if (first == "query") {
      r.kind = LogicTestRecord::Kind::kQuery;
      r.column_types = second;
      std::string mode;
      words >> mode;
      if (mode == "rowsort") {
        r.mode = ResultMode::kRowSort;
      } else if (mode == "changelog") {
        r.mode = ResultMode::kChangelog;
      } else if (mode == "text") {
        r.mode = ResultMode::kText;
      } else if (!mode.empty()) {
        return Status::Invalid("Unknown query result mode '", mode, "' at ", file_name, ":", r.line,
                               " (expected rowsort, changelog or text)");
      }
      if (r.column_types.empty()) {
        return Status::Invalid("query without column types at ", file_name, ":", r.line);
      }
    } else {
      return Status::Invalid("Unknown logic test record '", header, "' at ", file_name, ":", r.line,
                             " (expected 'statement ok', 'statement error <message>' ",
                             "or 'query <types> [rowsort|changelog|text]')");
    }
    ++i;
    std::string sql;
    while (i < lines.size() && !IsBlank(lines[i]) && lines[i] != "----") {
      sql += (sql.empty() ? "" : "\n") + lines[i];
      ++i;
    }
    if (sql.empty()) return Status::Invalid("Record without SQL at ", file_name, ":", r.line);
    r.sql = TrimSemicolon(std::move(sql));
    if (i < lines.size() && lines[i] == "----") {
      if (r.kind != LogicTestRecord::Kind::kQuery) {
        return Status::Invalid("Only queries have expected rows ('----') at ", file_name, ":",
                               i + 1);
      }
      ++i;
      if (r.mode == ResultMode::kText) {
        const size_t start = i;
        while (i < lines.size() && lines[i] != kTextEndMarker) {
          r.expected_rows.push_back(lines[i++]);
        }
        if (i == lines.size()) {
          return Status::Invalid("Expected text without its end line '", kTextEndMarker, "' at ",
                                 file_name, ":", start + 1);
        }
        ++i;  // the end marker
      } else {
        while (i < lines.size() && !IsBlank(lines[i])) r.expected_rows.push_back(lines[i++]);
      }
    } else if (r.mode == ResultMode::kText) {
      return Status::Invalid("A text-mode query needs its expected text after '----' at ",
                             file_name, ":", r.line);
    }
    records.push_back(std::move(r));
  }
  return records;
}

}  // namespace weir::gateway
