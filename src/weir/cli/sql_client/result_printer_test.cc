// Golden-text tests for ResultPrinter, cell texts and the statement messages.
#include "weir/cli/sql_client/result_printer.h"

#include <gtest/gtest.h>

#include <sstream>

#include "weir/cli/sql_client/value_printer.h"
#include "weir/common/batch/record_batch.h"

namespace weir::cli {
namespace {

RecordBatchPtr Batch(std::string_view text) {
  auto batch = RecordBatch::Parse(text);
  EXPECT_TRUE(batch.ok()) << batch.status().ToString();
  return batch.ok() ? *batch : nullptr;
}

// Prints `batches` (all of one schema) with `options` and returns the output.
std::string Print(const std::vector<RecordBatchPtr>& batches, const ResultPrinterOptions& options) {
  std::ostringstream out;
  auto printer = ResultPrinter::Make(batches.front()->schema(), options, out);
  EXPECT_TRUE(printer.ok()) << printer.status().ToString();
  if (!printer.ok()) return "";
  for (const auto& batch : batches) {
    Status st = (*printer)->Append(*batch);
    EXPECT_TRUE(st.ok()) << st.ToString();
  }
  Status st = (*printer)->Finish();
  EXPECT_TRUE(st.ok()) << st.ToString();
  return out.str();
}

std::vector<std::string> Cells(std::string_view text) {
  RecordBatchPtr batch = Batch(text);
  std::vector<std::string> cells;
  if (batch == nullptr) return cells;
  for (int c = 0; c < batch->num_columns(); ++c) {
    std::string cell;
    AppendCellText(cell, *batch->column(c), 0);
    cells.push_back(cell);
  }
  return cells;
}

TEST(ResultPrinterTest, BatchTableauWidthsFromContentWithNulls) {
  auto batch = Batch(
      "id INT, name STRING, price DECIMAL(10, 2), ok BOOLEAN\n"
      "+I 1 Alice 10.50 true\n"
      "+I 22 null 3 false\n"
      "+I null Bob null null\n");
  EXPECT_EQ(Print({batch}, {}),
            "+--------+--------+--------+--------+\n"
            "|     id |   name |  price |     ok |\n"
            "+--------+--------+--------+--------+\n"
            "|      1 |  Alice |  10.50 |   TRUE |\n"
            "|     22 | <NULL> |   3.00 |  FALSE |\n"
            "| <NULL> |    Bob | <NULL> | <NULL> |\n"
            "+--------+--------+--------+--------+\n"
            "3 rows in set\n");
}

TEST(ResultPrinterTest, BatchTableauOneRowAcrossBatchesAndEmptySet) {
  auto batch = Batch("total BIGINT\n+I 42\n");
  auto empty = Batch("total BIGINT\n");
  EXPECT_EQ(Print({empty, batch, empty}, {}),
            "+-------+\n"
            "| total |\n"
            "+-------+\n"
            "|    42 |\n"
            "+-------+\n"
            "1 row in set\n");
  EXPECT_EQ(Print({empty}, {}), "Empty set\n");
}

TEST(ResultPrinterTest, BatchTableauTruncatesAtMaxColumnWidth) {
  auto batch = Batch("s STRING, n INT\n+I abcdefghijklmnop 1\n+I hi 2\n");
  ResultPrinterOptions options;
  options.max_column_width = 10;
  EXPECT_EQ(Print({batch}, options),
            "+------------+---+\n"
            "|          s | n |\n"
            "+------------+---+\n"
            "| abcdefg... | 1 |\n"
            "|         hi | 2 |\n"
            "+------------+---+\n"
            "2 rows in set\n");
}

TEST(ResultPrinterTest, LongColumnNameIsTruncatedInBatchMode) {
  auto batch = Batch("a_very_long_column_name INT\n+I 7\n");
  ResultPrinterOptions options;
  options.max_column_width = 8;
  EXPECT_EQ(Print({batch}, options),
            "+----------+\n"
            "| a_ver... |\n"
            "+----------+\n"
            "|        7 |\n"
            "+----------+\n"
            "1 row in set\n");
}

TEST(ResultPrinterTest, WideCharactersCountTwice) {
  EXPECT_EQ(DisplayWidth("abc"), 3);
  EXPECT_EQ(DisplayWidth("中文"), 4);
  EXPECT_EQ(DisplayWidth("aé"), 2);
  auto batch = Batch("s STRING\n+I 中文字符\n+I x\n");
  ResultPrinterOptions options;
  options.max_column_width = 6;
  // Target width 3 for the text before "...": one wide character and a pad space.
  EXPECT_EQ(Print({batch}, options),
            "+--------+\n"
            "|      s |\n"
            "+--------+\n"
            "|  中... |\n"
            "|      x |\n"
            "+--------+\n"
            "2 rows in set\n");
}

TEST(ResultPrinterTest, InvalidUtf8CountsOneColumnPerByte) {
  EXPECT_EQ(DisplayWidth("\xff\xfe"), 2);
  EXPECT_EQ(DisplayWidth("a\xe4\xb8"), 3);         // a cut-off three-byte sequence
  EXPECT_EQ(DisplayWidth("\xf0\x9f\x98\x80"), 3);  // emoji: 2 UTF-16 units + 1 for wide
}

TEST(ResultPrinterTest, StreamingTableauWidthsFromTypesWithOpColumn) {
  auto first = Batch("name STRING, cnt BIGINT\n+I Bob 1\n+I Alice 1\n");
  auto second = Batch("name STRING, cnt BIGINT\n-U Bob 1\n+U Bob 2\n");
  ResultPrinterOptions options;
  options.streaming = true;
  EXPECT_EQ(Print({first, second}, options),
            "+----+--------------------------------+----------------------+\n"
            "| op |                           name |                  cnt |\n"
            "+----+--------------------------------+----------------------+\n"
            "| +I |                            Bob |                    1 |\n"
            "| +I |                          Alice |                    1 |\n"
            "| -U |                            Bob |                    1 |\n"
            "| +U |                            Bob |                    2 |\n"
            "+----+--------------------------------+----------------------+\n"
            "Received a total of 4 rows\n");
}

TEST(ResultPrinterTest, StreamingPrintsRowsAsTheyArrive) {
  auto batch = Batch("v INT\n+I 5\n");
  ResultPrinterOptions options;
  options.streaming = true;
  std::ostringstream out;
  auto printer = ResultPrinter::Make(batch->schema(), options, out);
  ASSERT_TRUE(printer.ok());
  ASSERT_TRUE((*printer)->Append(*batch).ok());
  EXPECT_EQ(out.str(),
            "+----+-------------+\n"
            "| op |           v |\n"
            "+----+-------------+\n"
            "| +I |           5 |\n");
  ASSERT_TRUE((*printer)->Cancel().ok());
  EXPECT_EQ((*printer)->num_rows(), 1);
  EXPECT_TRUE(
      out.str().ends_with("| +I |           5 |\nQuery terminated, received a total "
                          "of 1 row\n"));
  EXPECT_FALSE((*printer)->Finish().ok());
}

TEST(ResultPrinterTest, StreamingBeginPrintsTheHeaderBeforeAnyRow) {
  auto batch = Batch("v INT\n+I 5\n-D 5\n");
  ResultPrinterOptions options;
  options.streaming = true;
  std::ostringstream out;
  auto printer = ResultPrinter::Make(batch->schema(), options, out);
  ASSERT_TRUE(printer.ok());
  ASSERT_TRUE((*printer)->Begin().ok());
  const std::string header =
      "+----+-------------+\n"
      "| op |           v |\n"
      "+----+-------------+\n";
  EXPECT_EQ(out.str(), header);
  ASSERT_TRUE((*printer)->Append(*batch).ok());
  ASSERT_TRUE((*printer)->Finish().ok());
  EXPECT_EQ(out.str(), header +
                           "| +I |           5 |\n"
                           "| -D |           5 |\n"
                           "+----+-------------+\n"
                           "Received a total of 2 rows\n");
  // Batch tableau prints nothing before Finish.
  std::ostringstream batch_out;
  auto batch_printer = ResultPrinter::Make(batch->schema(), {}, batch_out);
  ASSERT_TRUE(batch_printer.ok());
  ASSERT_TRUE((*batch_printer)->Begin().ok());
  EXPECT_EQ(batch_out.str(), "");
}

TEST(ResultPrinterTest, StreamingEmptyResultHasHeaderAndNoBottomBorder) {
  auto batch = Batch("b BOOLEAN, t TIMESTAMP(3), d DECIMAL(10, 2)\n");
  ResultPrinterOptions options;
  options.streaming = true;
  EXPECT_EQ(Print({batch}, options),
            "+----+--------+-------------------------+--------------+\n"
            "| op |      b |                       t |            d |\n"
            "+----+--------+-------------------------+--------------+\n"
            "Received a total of 0 row\n");
}

TEST(ResultPrinterTest, ChangelogModeInBatchUsesTheStreamingForm) {
  auto batch = Batch("k TINYINT, d DATE\n+I 1 2024-01-01\n-D null null\n");
  ResultPrinterOptions options;
  options.mode = ResultMode::kChangelog;
  EXPECT_EQ(Print({batch}, options),
            "+----+--------+------------+\n"
            "| op |      k |          d |\n"
            "+----+--------+------------+\n"
            "| +I |      1 | 2024-01-01 |\n"
            "| -D | <NULL> |     <NULL> |\n"
            "+----+--------+------------+\n"
            "Received a total of 2 rows\n");
}

TEST(ResultPrinterTest, TypeWidthsFollowFlink) {
  auto schema = Schema::Parse(
      "a TINYINT, b SMALLINT, c INT, d BIGINT, e DECIMAL(5, 2), f BOOLEAN, g DATE, h TIME(0), "
      "i TIME(3), j TIMESTAMP(0), k TIMESTAMP(3), l TIMESTAMP(6), m TIMESTAMP_LTZ(9), n STRING, "
      "a_long_name_here BOOLEAN");
  ASSERT_TRUE(schema.ok()) << schema.status().ToString();
  EXPECT_EQ(ColumnWidthsByType(**schema, 30),
            (std::vector<int>{6, 6, 11, 20, 7, 6, 10, 8, 12, 19, 23, 26, 29, 30, 16}));
}

TEST(ResultPrinterTest, TrailersCarryTheTimeCostWhenAsked) {
  auto batch = Batch("v INT\n+I 1\n+I 2\n");
  auto empty = Batch("v INT\n");
  ResultPrinterOptions options;
  options.print_time_cost = true;
  auto finish = [&](const RecordBatchPtr& b, ResultPrinterOptions o, double seconds) {
    std::ostringstream out;
    auto printer = ResultPrinter::Make(b->schema(), o, out);
    EXPECT_TRUE(printer.ok());
    EXPECT_TRUE((*printer)->Append(*b).ok());
    EXPECT_TRUE((*printer)->Finish(seconds).ok());
    return out.str();
  };
  EXPECT_TRUE(finish(batch, options, 0.516).ends_with("+---+\n2 rows in set (0.52 seconds)\n"));
  EXPECT_EQ(finish(empty, options, 1.0), "Empty set (1.00 seconds)\n");
  options.streaming = true;
  EXPECT_TRUE(finish(batch, options, 12.345)
                  .ends_with("Received a total of 2 rows (12.35 "
                             "seconds)\n"));
}

TEST(ResultPrinterTest, RejectsTableModeAndBadWidth) {
  auto batch = Batch("v INT\n");
  std::ostringstream out;
  ResultPrinterOptions options;
  options.mode = ResultMode::kTable;
  auto table = ResultPrinter::Make(batch->schema(), options, out);
  ASSERT_FALSE(table.ok());
  EXPECT_NE(table.status().message().find("'table'"), std::string::npos);
  options.mode = ResultMode::kTableau;
  options.max_column_width = 0;
  EXPECT_FALSE(ResultPrinter::Make(batch->schema(), options, out).ok());
  auto other = Batch("a INT, b INT\n+I 1 2\n");
  auto printer = ResultPrinter::Make(batch->schema(), {}, out);
  ASSERT_TRUE(printer.ok());
  EXPECT_FALSE((*printer)->Append(*other).ok());
}

TEST(ResultPrinterTest, ParsesResultModes) {
  EXPECT_EQ(*ParseResultMode("TABLEAU"), ResultMode::kTableau);
  EXPECT_EQ(*ParseResultMode("changelog"), ResultMode::kChangelog);
  EXPECT_EQ(*ParseResultMode("Table"), ResultMode::kTable);
  EXPECT_FALSE(ParseResultMode("grid").ok());
  EXPECT_EQ(ResultModeName(ResultMode::kChangelog), "changelog");
}

TEST(ValuePrinterTest, ScalarsRenderAsFlinkPrints) {
  EXPECT_EQ(Cells("a BOOLEAN, b DOUBLE, c FLOAT, d DECIMAL(10, 3), e DECIMAL(20, 10)\n"
                  "+I false 1E7 1.5 -0.5 0.00000001"),
            (std::vector<std::string>{"FALSE", "1.0E7", "1.5", "-0.500", "0.0000000100"}));
  EXPECT_EQ(Cells("a TIMESTAMP(3), b TIMESTAMP(0), c TIMESTAMP(6), d TIMESTAMP_LTZ(3)\n"
                  "+I 2024-01-01T10:00:00 2024-01-01T10:00:07 1969-12-31T23:59:59.000001 "
                  "2020-10-10T00:00:05.120Z"),
            (std::vector<std::string>{"2024-01-01 10:00:00.000", "2024-01-01 10:00:07",
                                      "1969-12-31 23:59:59.000001", "2020-10-10 00:00:05.120"}));
  EXPECT_EQ(Cells("a TIME(0), b TIME(3), c DATE, d BYTES, e STRING\n"
                  "+I 12:12:43 08:00:01.5 1990-10-14 x'01FE' 'a b'"),
            (std::vector<std::string>{"12:12:43", "08:00:01.500", "1990-10-14", "x'01fe'", "a b"}));
  EXPECT_EQ(Cells("a INTERVAL YEAR TO MONTH, b INTERVAL DAY TO SECOND(3), "
                  "c INTERVAL YEAR TO MONTH, d INTERVAL DAY TO SECOND(3)\n"
                  "+I 14 93784005 -3 -1500"),
            (std::vector<std::string>{"+1-02", "+1 02:03:04.005", "-0-03", "-0 00:00:01.500"}));
}

TEST(ValuePrinterTest, NestedValuesAndNullsInside) {
  EXPECT_EQ(Cells("a ARRAY<INT>, m MAP<STRING, INT>, r ROW<x INT, y STRING>, "
                  "s MULTISET<STRING>\n"
                  "+I [1, null, 3] {a=1, b=null} (1, abc) {x=2}"),
            (std::vector<std::string>{"[1, NULL, 3]", "{a=1, b=NULL}", "(1, abc)", "{x=2}"}));
  EXPECT_EQ(Cells("a ARRAY<BOOLEAN>, r ROW<x INT, y STRING>, n ARRAY<ARRAY<INT>>\n"
                  "+I [true] (null, null) [[1], []]"),
            (std::vector<std::string>{"[TRUE]", "(NULL, NULL)", "[[1], []]"}));
  EXPECT_EQ(Cells("a ARRAY<INT>\n+I null"), (std::vector<std::string>{"<NULL>"}));
}

TEST(StatementMessagesTest, PrintsFlinkMessages) {
  std::ostringstream out;
  PrintStatementResult({StatementResult::Kind::kExecuted, ""}, out);
  PrintStatementResult({StatementResult::Kind::kJobSubmitted, "3f2a"}, out);
  PrintStatementResult({StatementResult::Kind::kStatementSetBegin, ""}, out);
  PrintStatementResult({StatementResult::Kind::kStatementSetAdded, ""}, out);
  PrintStatementResult({StatementResult::Kind::kSessionSet, ""}, out);
  PrintExecutionError("Object 't' not found", out);
  EXPECT_EQ(out.str(),
            "[INFO] Execute statement succeeded.\n"
            "[INFO] Submitting SQL update statement to the cluster...\n"
            "[INFO] SQL update statement has been successfully submitted to the cluster:\n"
            "Job ID: 3f2a\n"
            "[INFO] Begin a statement set.\n"
            "[INFO] Add SQL update statement to the statement set.\n"
            "[INFO] Session property has been set.\n"
            "[ERROR] Could not execute SQL statement. Reason:\n"
            "Object 't' not found\n");
}

}  // namespace
}  // namespace weir::cli
