// LogicTestRunner: runs logic test records against an engine and reports mismatches.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "weir/common/batch/record_batch.h"
#include "weir/common/result.h"
#include "weir/gateway/logictest/logic_test_file.h"

namespace weir::gateway {

/// The engine side of a logic test: runs one statement. Queries return their rows as text,
/// one string per row (see FormatLogicTestRow); other statements return no rows.
class LogicTestExecutor {
 public:
  virtual ~LogicTestExecutor() = default;
  virtual Result<std::vector<std::string>> Execute(const std::string& sql, ResultMode mode) = 0;
};

/// A record whose outcome differed from the file's expectation.
struct LogicTestFailure {
  int32_t line = 0;
  std::string message;
};

/// Runs every record in order (a failing record does not stop the others) and returns the
/// failures, each naming the file line, the SQL, and what was expected and found.
std::vector<LogicTestFailure> RunLogicTest(const std::vector<LogicTestRecord>& records,
                                           LogicTestExecutor& executor,
                                           const std::string& file_name);

/// Returns row `row` of `batch` as a logic test row: the values in Row.toString form joined
/// by single spaces, NULL as "NULL", preceded by the row kind ("+I") in changelog mode.
std::string FormatLogicTestRow(const RecordBatch& batch, int64_t row, bool changelog);

}  // namespace weir::gateway
