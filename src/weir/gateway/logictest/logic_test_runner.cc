// LogicTestRunner: expectation checks for statements and queries.
#include "weir/gateway/logictest/logic_test_runner.h"

#include <algorithm>

#include "weir/common/batch/batch_text.h"
#include "weir/common/str_cat.h"

namespace weir::gateway {

namespace {

std::string JoinRows(const std::vector<std::string>& rows) {
  std::string out;
  for (const std::string& r : rows) out += "\n    " + r;
  return out.empty() ? "\n    (no rows)" : out;
}

// Splits the rows of a text-mode result (usually one value) into lines; line breaks at the
// end of the text are dropped, as the expected block cannot show them.
std::vector<std::string> TextLines(const std::vector<std::string>& rows) {
  std::string text;
  for (size_t i = 0; i < rows.size(); ++i) {
    if (i > 0) text.push_back('\n');
    text += rows[i];
  }
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  std::vector<std::string> lines;
  if (text.empty()) return lines;
  size_t start = 0;
  for (size_t at = text.find('\n'); at != std::string::npos; at = text.find('\n', start)) {
    lines.push_back(text.substr(start, at - start));
    start = at + 1;
  }
  lines.push_back(text.substr(start));
  for (std::string& line : lines) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
  }
  return lines;
}

// Describes the first line where two texts differ, then both texts in full.
std::string TextDifference(const std::vector<std::string>& expected,
                           const std::vector<std::string>& actual) {
  size_t i = 0;
  while (i < expected.size() && i < actual.size() && expected[i] == actual[i]) ++i;
  auto line_at = [](const std::vector<std::string>& lines, size_t k) {
    return k < lines.size() ? "'" + lines[k] + "'" : std::string("(end of text)");
  };
  return StrCat("text differs at line ", i + 1, " of the value: expected ", line_at(expected, i),
                ", got ", line_at(actual, i), "\n  expected:", JoinRows(expected),
                "\n  actual:", JoinRows(actual));
}

}  // namespace

std::string FormatLogicTestRow(const RecordBatch& batch, int64_t row, bool changelog) {
  std::string out;
  if (changelog) out = std::string(RowKindShortString(batch.row_kind(row)));
  for (int c = 0; c < batch.num_columns(); ++c) {
    if (!out.empty()) out.push_back(' ');
    const ColumnVector& column = *batch.column(c);
    if (column.IsNull(row)) {
      out.append("NULL");
    } else {
      AppendValueText(out, column, row);
    }
  }
  return out;
}

std::vector<LogicTestFailure> RunLogicTest(const std::vector<LogicTestRecord>& records,
                                           LogicTestExecutor& executor,
                                           const std::string& file_name) {
  std::vector<LogicTestFailure> failures;
  auto fail = [&](const LogicTestRecord& r, std::string what) {
    failures.push_back(
        LogicTestFailure{r.line, StrCat(file_name, ":", r.line, ": ", what, "\n  SQL: ", r.sql)});
  };
  for (const LogicTestRecord& r : records) {
    Result<std::vector<std::string>> result = executor.Execute(r.sql, r.mode);
    switch (r.kind) {
      case LogicTestRecord::Kind::kStatementOk:
        if (!result.ok()) fail(r, StrCat("expected success, got: ", result.status().ToString()));
        break;
      case LogicTestRecord::Kind::kStatementError:
        if (result.ok()) {
          fail(r, StrCat("expected an error containing '", r.expected_error, "', but it ran"));
        } else if (result.status().message().find(r.expected_error) == std::string::npos) {
          fail(r, StrCat("expected an error containing '", r.expected_error,
                         "', got: ", result.status().message()));
        }
        break;
      case LogicTestRecord::Kind::kQuery: {
        if (!result.ok()) {
          fail(r, StrCat("query failed: ", result.status().ToString()));
          break;
        }
        std::vector<std::string> actual = std::move(*result);
        std::vector<std::string> expected = r.expected_rows;
        if (r.mode == ResultMode::kText) {
          actual = TextLines(actual);
          while (!expected.empty() && expected.back().empty()) expected.pop_back();
          if (actual != expected) fail(r, TextDifference(expected, actual));
          break;
        }
        if (r.mode == ResultMode::kRowSort) {
          std::sort(actual.begin(), actual.end());
          std::sort(expected.begin(), expected.end());
        }
        if (actual != expected) {
          fail(r, StrCat("rows differ\n  expected:", JoinRows(expected),
                         "\n  actual:", JoinRows(actual)));
        }
        break;
      }
    }
  }
  return failures;
}

}  // namespace weir::gateway
