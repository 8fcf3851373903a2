// Tests for the print connector: options, Flink's line prefixes and byte-exact row output.
#include <gtest/gtest.h>

#include <cstdio>
#include <sstream>
#include <string>

#include "weir/connectors/print/print_sink_operator.h"
#include "weir/runtime/testkit/operator_test_harness.h"

namespace weir::connectors {
namespace {

using runtime::testkit::HarnessOptions;
using runtime::testkit::OperatorTestHarness;

TEST(PrintOptionsTest, ParsesFlinksOptions) {
  auto r = PrintOptions::Parse({{"connector", "print"},
                                {"print-identifier", "out"},
                                {"standard-error", "TRUE"},
                                {"sink.parallelism", "3"}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->print_identifier, "out");
  EXPECT_TRUE(r->standard_error);
  EXPECT_EQ(*r->sink_parallelism, 3);
  auto d = PrintOptions::Parse({{"connector", "print"}});
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->print_identifier, "");
  EXPECT_FALSE(d->standard_error);
  EXPECT_FALSE(d->sink_parallelism.has_value());
}

TEST(PrintOptionsTest, RejectsBadOptions) {
  for (const auto& [key, value] :
       std::vector<std::pair<std::string, std::string>>{{"standard-error", "yes"},
                                                        {"sink.parallelism", "0"},
                                                        {"sink.parallelism", "x"},
                                                        {"print.identifier", "a"},
                                                        {"connector", "blackhole"}}) {
    auto r = PrintOptions::Parse({{key, value}});
    ASSERT_FALSE(r.ok()) << key;
    EXPECT_NE(r.status().ToString().find("'" + key + "'"), std::string::npos)
        << r.status().ToString();
  }
}

TEST(PrintFormatTest, PrefixRules) {
  EXPECT_EQ(PrintPrefix("id", 1, 4), "id:2> ");
  EXPECT_EQ(PrintPrefix("id", 0, 1), "id> ");
  EXPECT_EQ(PrintPrefix("", 2, 3), "3> ");
  EXPECT_EQ(PrintPrefix("", 0, 1), "");
}

std::string PrintText(std::string_view batch_text, std::string_view prefix,
                      const SelectionVector* selection = nullptr) {
  auto b = RecordBatch::Parse(batch_text);
  EXPECT_TRUE(b.ok()) << b.status().ToString();
  std::string out;
  if (b.ok()) AppendPrintedRows(out, prefix, **b, selection);
  return out;
}

TEST(PrintFormatTest, PrintsRowsAsFlinkDoes) {
  EXPECT_EQ(PrintText("a INT, s STRING\n+I 1 abc\n-U 2 null\n+U 3 'x y'\n-D null ''", "p> "),
            "p> +I[1, abc]\np> -U[2, null]\np> +U[3, x y]\np> -D[null, ]\n");
  EXPECT_EQ(PrintText("r ROW<a INT, b ROW<c STRING>>, arr INT ARRAY, m MAP<STRING, INT>\n"
                      "+I[+I[1, +I[x]], [1, null, 3], {k=1}]\n+I[null, [], {}]",
                      ""),
            "+I[+I[1, +I[x]], [1, null, 3], {k=1}]\n+I[null, [], {}]\n");
  EXPECT_EQ(PrintText("ts TIMESTAMP(3), ltz TIMESTAMP_LTZ(3), d DATE, n DECIMAL(10, 2), "
                      "f DOUBLE, b BOOLEAN\n"
                      "+I[2020-10-10T00:00:05.123, 2020-10-10T00:00:05Z, 2020-10-10, 1.5, 1E7, "
                      "true]",
                      "2> "),
            "2> +I[2020-10-10T00:00:05.123, 2020-10-10T00:00:05Z, 2020-10-10, 1.50, 1.0E7, "
            "true]\n");
  SelectionVector sel(std::vector<int32_t>{2, 0});
  EXPECT_EQ(PrintText("a INT\n+I 1\n+I 2\n-D 3", "", &sel), "-D[3]\n+I[1]\n");
}

TEST(PrintSinkOperatorTest, WritesWholeBatchesWithThePrefix) {
  std::ostringstream out;
  PrintOptions options;
  options.print_identifier = "sink";
  HarnessOptions ho;
  ho.subtask_index = 1;
  ho.parallelism = 2;
  OperatorTestHarness h(std::make_unique<PrintSinkOperator>(options, &out), ho);
  ASSERT_TRUE(h.Open().ok());
  ASSERT_TRUE(h.Process("a BIGINT, s STRING\n+I 1 x\n-D 2 null").ok());
  ASSERT_TRUE(h.Watermark(0, 10).ok());
  ASSERT_TRUE(h.Process("a BIGINT, s STRING\n+U 3 y").ok());
  ASSERT_TRUE(h.EndInput(0).ok());
  ASSERT_TRUE(h.Finish().ok());
  EXPECT_EQ(out.str(), "sink:2> +I[1, x]\nsink:2> -D[2, null]\nsink:2> +U[3, y]\n");
  EXPECT_EQ(static_cast<PrintSinkOperator*>(h.op())->rows_printed(), 3);
  EXPECT_TRUE(h.Output().empty());
  ASSERT_TRUE(h.Close().ok());
}

TEST(PrintSinkOperatorTest, WritesToAFile) {
  std::FILE* file = std::tmpfile();
  ASSERT_NE(file, nullptr);
  OperatorTestHarness h(std::make_unique<PrintSinkOperator>(PrintOptions{}, file));
  ASSERT_TRUE(h.Open().ok());
  ASSERT_TRUE(h.Process("a INT\n+I 7\n+I null").ok());
  ASSERT_TRUE(h.Close().ok());
  std::rewind(file);
  char buf[64] = {};
  const size_t n = std::fread(buf, 1, sizeof(buf) - 1, file);
  std::fclose(file);
  EXPECT_EQ(std::string(buf, n), "+I[7]\n+I[null]\n");
}

}  // namespace
}  // namespace weir::connectors
