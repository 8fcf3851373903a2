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
