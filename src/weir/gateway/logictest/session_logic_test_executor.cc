// SessionLogicTestExecutor: statement outcomes as logic test rows.
#include "weir/gateway/logictest/session_logic_test_executor.h"

#include <string_view>

namespace weir::gateway {

namespace {

constexpr std::string_view kTestDirVariable = "${TEST_DIR}";

}  // namespace

Result<std::vector<std::string>> SessionLogicTestExecutor::Execute(const std::string& sql,
                                                                   ResultMode mode) {
  std::string text = sql;
  for (size_t at = text.find(kTestDirVariable); at != std::string::npos;
       at = text.find(kTestDirVariable, at + test_dir_.size())) {
    if (test_dir_.empty()) return Status::Invalid("${TEST_DIR} used without a test directory");
    text.replace(at, kTestDirVariable.size(), test_dir_);
  }
  WEIR_ASSIGN_OR_RAISE(StatementOutcome outcome, session_->Execute(text));
  if (outcome.kind == StatementOutcome::Kind::kJobSubmitted) {
    WEIR_RETURN_NOT_OK(session_->WaitForJobs());
  }
  std::vector<std::string> rows;
  for (const RecordBatchPtr& batch : outcome.batches) {
    for (int64_t r = 0; r < batch->num_rows(); ++r) {
      rows.push_back(FormatLogicTestRow(*batch, r, mode == ResultMode::kChangelog));
    }
  }
  return rows;
}

}  // namespace weir::gateway
