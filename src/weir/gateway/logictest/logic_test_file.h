// LogicTestFile: the records of a SQL logic test file (test/sql/**.test), sqllogictest style.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "weir/common/result.h"

namespace weir::gateway {

/// How a query's expected rows are compared.
enum class ResultMode : uint8_t {
  kOrdered,    // rows in the order given
  kRowSort,    // rows sorted as text before comparing (`rowsort`)
  kChangelog,  // each row starts with its kind: +I, -U, +U, -D (`changelog`), in order
  kText,       // one multi-line text, compared line by line, blank lines included (`text`)
};

/// The line that closes the expected value of a `query T text` record.
inline constexpr std::string_view kTextEndMarker = "<<<END>>>";

/// One record of a logic test file.
struct LogicTestRecord {
  enum class Kind : uint8_t {
    kStatementOk,     // statement ok
    kStatementError,  // statement error <expected message substring>
    kQuery,           // query <column types> [rowsort|changelog]
  };
  Kind kind = Kind::kStatementOk;
  std::string sql;
  /// statement error: the text the error message must contain (may be empty: any error).
  std::string expected_error;
  /// query: one letter per column (I integer, R real, T text, ... only counted), the mode and
  /// the expected rows, each as its columns joined by single spaces. In text mode: the lines
  /// of the expected text.
  std::string column_types;
  ResultMode mode = ResultMode::kOrdered;
  std::vector<std::string> expected_rows;
  /// Where the record starts (for messages): 1-based line in the file.
  int32_t line = 0;
};

/// Parses a logic test file. Records are separated by blank lines:
///
///   # a comment
///   statement ok
///   CREATE TABLE t (a INT) WITH ('connector' = 'datagen')
///
///   statement error Column 'x' not found
///   SELECT x FROM t
///
///   query IT rowsort
///   SELECT a, b FROM t
///   ----
///   1 a
///   2 b
///
///   query T text
///   EXPLAIN SELECT a FROM t
///   ----
///   == Abstract Syntax Tree ==
///   LogicalProject(a=[$0])
///
///   == Optimized Physical Plan ==
///   ...
///   <<<END>>>
///
/// A statement's SQL runs until the blank line (or `----` for queries); a trailing `;` is
/// dropped. A text-mode query's expected value runs from the line after `----` up to the line
/// `<<<END>>>`, blank lines and lines starting with `#` included; a missing end line is an
/// error. Unknown record headers are errors naming the file line.
Result<std::vector<LogicTestRecord>> ParseLogicTest(std::string_view text,
                                                    std::string_view file_name = "<input>");

}  // namespace weir::gateway
