// SessionLogicTestExecutor: runs logic test records in a SqlSession.
#pragma once

#include "weir/gateway/logictest/logic_test_runner.h"
#include "weir/gateway/session/sql_session.h"

namespace weir::gateway {

/// Executes each record's SQL in `session`; result rows (SELECT, SHOW, ...) come back in the
/// logic test row form. INSERT jobs are waited for, so later queries see their output.
class SessionLogicTestExecutor final : public LogicTestExecutor {
 public:
  explicit SessionLogicTestExecutor(SqlSession* session) : session_(session) {}
  Result<std::vector<std::string>> Execute(const std::string& sql, ResultMode mode) override;

 private:
  SqlSession* const session_;
};

}  // namespace weir::gateway
