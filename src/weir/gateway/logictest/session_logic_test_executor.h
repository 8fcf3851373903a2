// SessionLogicTestExecutor: runs logic test records in a SqlSession.
#pragma once

#include <string>

#include "weir/gateway/logictest/logic_test_runner.h"
#include "weir/gateway/session/sql_session.h"

namespace weir::gateway {

/// Executes each record's SQL in `session`; result rows (SELECT, SHOW, ...) come back in the
/// logic test row form. INSERT jobs are waited for, so later queries see their output.
/// `${TEST_DIR}` in a record's SQL stands for `test_dir`, a scratch directory of the file's run
/// (for filesystem tables written and read back).
class SessionLogicTestExecutor final : public LogicTestExecutor {
 public:
  explicit SessionLogicTestExecutor(SqlSession* session, std::string test_dir = "")
      : session_(session), test_dir_(std::move(test_dir)) {}
  Result<std::vector<std::string>> Execute(const std::string& sql, ResultMode mode) override;

 private:
  SqlSession* const session_;
  const std::string test_dir_;
};

}  // namespace weir::gateway
