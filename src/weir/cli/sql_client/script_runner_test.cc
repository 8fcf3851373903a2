// Tests for RunScript (-f and -i), ReplSession and the client commands.
#include "weir/cli/sql_client/script_runner.h"

#include <gtest/gtest.h>

#include <sstream>

#include "weir/cli/sql_client/repl_session.h"

namespace weir::cli {
namespace {

// A fake engine: records statements, fails those containing "boom".
struct FakeEngine {
  std::vector<std::string> seen;
  StatementExecutor executor() {
    return [this](const Statement& s, std::ostream& out) -> Status {
      seen.push_back(s.text);
      if (s.text.find("boom") != std::string::npos) {
        return Status::Invalid("Object 'boom' not found");
      }
      PrintStatementResult({StatementResult::Kind::kExecuted, ""}, out);
      return Status::OK();
    };
  }
};

TEST(ScriptRunnerTest, RunsEveryStatementAndEchoesIt) {
  FakeEngine engine;
  std::ostringstream out;
  ScriptOutcome outcome = RunScript("CREATE TABLE t (x INT);\nSELECT 1", "a.sql",
                                    ScriptMode::kExecute, engine.executor(), out);
  EXPECT_TRUE(outcome.ok);
  EXPECT_EQ(outcome.exit_code(), 0);
  EXPECT_EQ(outcome.statements_run, 2);
  EXPECT_EQ(engine.seen, (std::vector<std::string>{"CREATE TABLE t (x INT)", "SELECT 1"}));
  EXPECT_EQ(out.str(),
            "[INFO] Executing SQL from file.\n"
            "Weir SQL> CREATE TABLE t (x INT);\n[INFO] Execute statement succeeded.\n\n"
            "Weir SQL> SELECT 1;\n[INFO] Execute statement succeeded.\n\n");
}

TEST(ScriptRunnerTest, StopsAtTheFirstErrorWithItsLine) {
  FakeEngine engine;
  std::ostringstream out;
  ScriptOutcome outcome =
      RunScript("SET 'a' = 'b';\n\n-- the bad one\nSELECT *\n  FROM boom;\nSELECT 3;\n", "job.sql",
                ScriptMode::kExecute, engine.executor(), out);
  EXPECT_FALSE(outcome.ok);
  EXPECT_EQ(outcome.exit_code(), 1);
  EXPECT_EQ(outcome.failed_line, 4);
  EXPECT_EQ(outcome.error, "Object 'boom' not found");
  EXPECT_EQ(engine.seen.size(), 2u);  // SELECT 3 never ran
  EXPECT_TRUE(out.str().ends_with(
      "Weir SQL> SELECT *\n>   FROM boom;\n"
      "[ERROR] Could not execute SQL statement. Reason:\nObject 'boom' not found\n"
      "[ERROR] Stopped at the statement starting at line 4 of job.sql.\n"))
      << out.str();
}

TEST(ScriptRunnerTest, QuitEndsTheScriptAndHelpIsAnswered) {
  FakeEngine engine;
  std::ostringstream out;
  ScriptOutcome outcome =
      RunScript("help;\nQUIT;\nSELECT 1;", "", ScriptMode::kExecute, engine.executor(), out);
  EXPECT_TRUE(outcome.ok);
  EXPECT_TRUE(outcome.quit);
  EXPECT_TRUE(engine.seen.empty());
  EXPECT_NE(out.str().find("The following commands are available"), std::string::npos);
  EXPECT_NE(out.str().find("[INFO] Exiting Weir SQL CLI Client..."), std::string::npos);
}

TEST(ScriptRunnerTest, UnterminatedStringFailsAtItsLine) {
  FakeEngine engine;
  std::ostringstream out;
  ScriptOutcome outcome = RunScript("SELECT 1;\nSELECT 'oops;\n", "x.sql", ScriptMode::kExecute,
                                    engine.executor(), out);
  EXPECT_FALSE(outcome.ok);
  EXPECT_EQ(outcome.failed_line, 2);
  EXPECT_EQ(outcome.error, "Unterminated string literal at the end of the script");
  EXPECT_EQ(engine.seen.size(), 1u);
}

TEST(ScriptRunnerTest, InitFileAllowsOnlyDdlAndSet) {
  FakeEngine engine;
  std::ostringstream out;
  ScriptOutcome ok = RunScript(
      "SET 'execution.runtime-mode' = 'batch';\nCREATE TABLE t (x INT);\nUSE CATALOG c;\n"
      "LOAD MODULE hive;\nALTER TABLE t RENAME TO u;\nDROP TABLE u;\nRESET;\nADD JAR 'a.jar';",
      "init.sql", ScriptMode::kInitialization, engine.executor(), out);
  EXPECT_TRUE(ok.ok) << out.str();
  EXPECT_EQ(engine.seen.size(), 8u);
  EXPECT_EQ(out.str().find("Weir SQL>"), std::string::npos);  // no echo for -i

  std::ostringstream out2;
  ScriptOutcome bad = RunScript("CREATE TABLE t (x INT);\nINSERT INTO t VALUES (1);\n", "init.sql",
                                ScriptMode::kInitialization, engine.executor(), out2);
  EXPECT_FALSE(bad.ok);
  EXPECT_EQ(bad.failed_line, 2);
  EXPECT_EQ(bad.error, "Unsupported operation in sql init file: INSERT INTO t VALUES (1)");
  EXPECT_EQ(engine.seen.size(), 9u);  // the INSERT did not reach the engine
}

TEST(ClientCommandTest, RecognisesCommandsOnly) {
  EXPECT_EQ(ParseClientCommand("quit"), ClientCommand::kQuit);
  EXPECT_EQ(ParseClientCommand(" EXIT -- bye"), ClientCommand::kQuit);
  EXPECT_EQ(ParseClientCommand("Help"), ClientCommand::kHelp);
  EXPECT_EQ(ParseClientCommand("clear"), ClientCommand::kClear);
  EXPECT_EQ(ParseClientCommand("SELECT quit"), ClientCommand::kNone);
  EXPECT_EQ(ParseClientCommand("help()"), ClientCommand::kNone);
  EXPECT_EQ(ParseClientCommand("SHOW TABLES"), ClientCommand::kNone);
}

TEST(ClientCommandTest, QueryResultModes) {
  EXPECT_TRUE(CheckQueryResultMode(ResultMode::kTableau, false).ok());
  Status st = CheckQueryResultMode(ResultMode::kChangelog, false);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.message().find("In non-interactive mode, it only supports to use TABLEAU"),
            std::string::npos);
  EXPECT_TRUE(CheckQueryResultMode(ResultMode::kChangelog, true).ok());
  EXPECT_FALSE(CheckQueryResultMode(ResultMode::kTable, true).ok());
}

TEST(ReplSessionTest, MultiLineStatementsUseTheContinuationPrompt) {
  FakeEngine engine;
  std::ostringstream out;
  ReplSession repl(engine.executor(), out);
  EXPECT_EQ(repl.prompt(), "Weir SQL> ");
  repl.FeedLine("");
  EXPECT_EQ(repl.prompt(), "Weir SQL> ");
  repl.FeedLine("SELECT 'a;");
  EXPECT_EQ(repl.prompt(), "> ");
  repl.FeedLine("b' FROM t");
  EXPECT_EQ(repl.prompt(), "> ");
  repl.FeedLine("; SELECT 2; SELECT");
  EXPECT_EQ(engine.seen, (std::vector<std::string>{"SELECT 'a;\nb' FROM t", "SELECT 2"}));
  EXPECT_EQ(repl.prompt(), "> ");
  EXPECT_EQ(repl.pending(), " SELECT\n");
  EXPECT_EQ(repl.TakeHistoryEntries(),
            (std::vector<std::string>{"SELECT 'a;\nb' FROM t\n; SELECT 2;"}));
  repl.FeedLine("3;");
  EXPECT_EQ(engine.seen.back(), "SELECT\n3");
  repl.FeedLine("SELECT 'dropped");
  repl.DiscardPending();
  EXPECT_EQ(repl.prompt(), "Weir SQL> ");
  repl.FeedLine("SELECT 4;");
  EXPECT_EQ(engine.seen.back(), "SELECT 4");
  EXPECT_EQ(repl.prompt(), "Weir SQL> ");
}

TEST(ScriptRunnerTest, AnInterruptedQueryEndsTheScriptWithoutAnError) {
  std::vector<std::string> seen;
  const StatementExecutor execute = [&seen](const Statement& s, std::ostream& out) -> Status {
    seen.push_back(s.text);
    if (s.text == "SELECT forever") {
      out << "Query terminated, received a total of 2 rows\n";
      return QueryInterruptedStatus();
    }
    return Status::OK();
  };
  std::ostringstream out;
  ScriptOutcome outcome = RunScript("SELECT 1;\nSELECT forever;\nSELECT 2;\n", "s.sql",
                                    ScriptMode::kExecute, execute, out);
  EXPECT_TRUE(outcome.ok);
  EXPECT_TRUE(outcome.interrupted);
  EXPECT_EQ(outcome.statements_run, 2);
  EXPECT_EQ(outcome.exit_code(), 130);
  EXPECT_EQ(seen, (std::vector<std::string>{"SELECT 1", "SELECT forever"}));
  EXPECT_EQ(out.str().find("[ERROR]"), std::string::npos) << out.str();
  EXPECT_FALSE(IsQueryInterrupted(Status::Cancelled("query job x ended CANCELED")));
  EXPECT_TRUE(IsQueryInterrupted(QueryInterruptedStatus()));
}

TEST(ReplSessionTest, ErrorsDoNotEndTheSessionAndQuitDoes) {
  FakeEngine engine;
  std::ostringstream out;
  ReplSession repl(engine.executor(), out);
  repl.FeedLine("SELECT boom;");
  EXPECT_FALSE(repl.quit());
  EXPECT_NE(out.str().find("[ERROR] Could not execute SQL statement. Reason:\nObject 'boom'"),
            std::string::npos);
  repl.FeedLine("clear;");
  EXPECT_TRUE(repl.TakeClearRequest());
  EXPECT_FALSE(repl.TakeClearRequest());
  repl.FeedLine("exit; SELECT 1;");
  EXPECT_TRUE(repl.quit());
  EXPECT_EQ(engine.seen, (std::vector<std::string>{"SELECT boom"}));
  EXPECT_EQ(repl.prompt(), "Weir SQL> ");
}

}  // namespace
}  // namespace weir::cli
