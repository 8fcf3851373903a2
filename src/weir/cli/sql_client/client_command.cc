// Commands the SQL client handles itself and its fixed texts.
#include "weir/cli/sql_client/client_command.h"

#include <vector>

namespace weir::cli {

ClientCommand ParseClientCommand(std::string_view statement) {
  bool only_words = false;
  const std::vector<std::string> words = LeadingKeywords(statement, 2, &only_words);
  if (words.size() != 1 || !only_words) return ClientCommand::kNone;
  const std::string& word = words[0];
  if (word == "QUIT" || word == "EXIT") return ClientCommand::kQuit;
  if (word == "HELP") return ClientCommand::kHelp;
  if (word == "CLEAR") return ClientCommand::kClear;
  return ClientCommand::kNone;
}

std::string HelpText() {
  return "The following commands are available:\n\n"
         "CLEAR\t\tClears the current terminal.\n"
         "HELP\t\tPrints the available commands.\n"
         "QUIT/EXIT\tQuits the SQL client.\n"
         "SET\t\tSets a session configuration property. Syntax: \"SET '<key>'='<value>';\". "
         "Use \"SET;\" for listing all properties.\n"
         "RESET\t\tResets a session configuration property. Syntax: \"RESET '<key>';\". "
         "Use \"RESET;\" for reset all session properties.\n"
         "BEGIN STATEMENT SET\tBegins a statement set. Syntax: \"BEGIN STATEMENT SET;\"\n"
         "END\t\tEnds a statement set. Syntax: \"END;\"\n"
         "\nHint: Make sure that a statement ends with \";\" for finalizing (multi-line) "
         "statements.\n"
         "Other SQL statements (CREATE, DROP, ALTER, INSERT, SELECT, EXPLAIN, SHOW, USE, ...) "
         "run as in Flink SQL.\n";
}

std::string_view QuitMessage() { return "Exiting Weir SQL CLI Client..."; }

bool IsAllowedInInitFile(std::string_view statement) {
  const std::vector<std::string> words = LeadingKeywords(statement, 2);
  if (words.empty()) return false;
  const std::string& first = words[0];
  if (first == "SET" || first == "RESET" || first == "CREATE" || first == "DROP" ||
      first == "ALTER" || first == "USE") {
    return true;
  }
  const std::string second = words.size() > 1 ? words[1] : "";
  if ((first == "LOAD" || first == "UNLOAD") && second == "MODULE") return true;
  if ((first == "ADD" || first == "REMOVE") && second == "JAR") return true;
  return false;
}

Status CheckQueryResultMode(ResultMode mode, bool interactive) {
  if (!interactive && mode != ResultMode::kTableau) {
    return Status::Invalid(
        "In non-interactive mode, it only supports to use TABLEAU as value of "
        "sql-client.execution.result-mode when execute query. Please add "
        "'SET sql-client.execution.result-mode=TABLEAU;' in the sql file.");
  }
  if (mode == ResultMode::kTable) {
    return Status::NotSupported(
        "Result mode 'table' (the full-screen result view) is not supported yet; set "
        "'sql-client.execution.result-mode' to 'tableau' or 'changelog'");
  }
  return Status::OK();
}

}  // namespace weir::cli
