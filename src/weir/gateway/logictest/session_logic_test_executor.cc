// SessionLogicTestExecutor: statement outcomes as logic test rows.
#include "weir/gateway/logictest/session_logic_test_executor.h"

namespace weir::gateway {

Result<std::vector<std::string>> SessionLogicTestExecutor::Execute(const std::string& sql,
                                                                   ResultMode mode) {
  WEIR_ASSIGN_OR_RAISE(StatementOutcome outcome, session_->Execute(sql));
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
