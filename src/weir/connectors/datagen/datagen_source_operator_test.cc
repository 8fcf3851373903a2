// Tests for DatagenSourceOperator through the runtime's OperatorTestHarness: per-subtask rate,
// wake-ups, end after number-of-rows, snapshot and restore.
#include "weir/connectors/datagen/datagen_source_operator.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "weir/connectors/datagen/datagen_table_factory.h"
#include "weir/runtime/testkit/operator_test_harness.h"

namespace weir::connectors {
namespace {

using runtime::SourcePoll;
using runtime::testkit::HarnessOptions;
using runtime::testkit::HarnessSnapshot;
using runtime::testkit::OperatorTestHarness;

#define CONN_ASSERT_OK(expr)                 \
  do {                                       \
    const ::weir::Status _st = (expr);       \
    ASSERT_TRUE(_st.ok()) << _st.ToString(); \
  } while (false)

HarnessOptions At(int32_t subtask, int32_t parallelism) {
  HarnessOptions o;
  o.operator_uid = "datagen";
  o.subtask_index = subtask;
  o.parallelism = parallelism;
  return o;
}

std::unique_ptr<DatagenSourceOperator> MakeSource(std::string_view schema,
                                                  formats::FormatOptions options,
                                                  int32_t batch_size = 1024) {
  auto s = Schema::Parse(schema);
  EXPECT_TRUE(s.ok());
  auto o = DatagenOptions::Parse(options, **s);
  EXPECT_TRUE(o.ok()) << o.status().ToString();
  DatagenSourceConfig config;
  config.seed = 5;
  config.batch_size = batch_size;
  config.clock = [] { return int64_t{0}; };
  return std::make_unique<DatagenSourceOperator>(*s, *o, config);
}

int64_t OutputRows(const OperatorTestHarness& h) {
  int64_t n = 0;
  for (const auto& b : h.Output()) n += b->num_rows();
  return n;
}

TEST(DatagenSourceOperatorTest, SubtaskRateSplitsRowsPerSecond) {
  EXPECT_DOUBLE_EQ(DatagenSourceOperator::SubtaskRate(10000, 1), 10000);
  EXPECT_DOUBLE_EQ(DatagenSourceOperator::SubtaskRate(10000, 4), 2500);
  EXPECT_DOUBLE_EQ(DatagenSourceOperator::SubtaskRate(5, 2), 2.5);
}

TEST(DatagenSourceOperatorTest, EmitsAtItsRateAndWakesItself) {
  OperatorTestHarness h(MakeSource("id BIGINT", {{"rows-per-second", "100"}}), At(1, 2));
  CONN_ASSERT_OK(h.Open());
  auto* op = static_cast<DatagenSourceOperator*>(h.op());
  EXPECT_DOUBLE_EQ(op->subtask_rate(), 50);
  auto poll = h.PollNext();
  ASSERT_TRUE(poll.ok());
  EXPECT_EQ(*poll, SourcePoll::kNothingAvailable);  // nothing is due at time 0
  EXPECT_EQ(OutputRows(h), 0);
  const int64_t wakes = h.wake_count();
  CONN_ASSERT_OK(h.SetProcessingTime(20));  // the first row is due at 20 ms
  EXPECT_GT(h.wake_count(), wakes);
  poll = h.PollUntilBlocked();
  ASSERT_TRUE(poll.ok());
  EXPECT_EQ(*poll, SourcePoll::kNothingAvailable);
  EXPECT_EQ(OutputRows(h), 1);
  CONN_ASSERT_OK(h.SetProcessingTime(1000));
  ASSERT_TRUE(h.PollUntilBlocked().ok());
  EXPECT_EQ(OutputRows(h), 50);
  CONN_ASSERT_OK(h.Close());
}

TEST(DatagenSourceOperatorTest, EndsAfterItsShareOfNumberOfRows) {
  for (int32_t p = 1; p <= 4; ++p) {
    int64_t total = 0;
    for (int32_t s = 0; s < p; ++s) {
      OperatorTestHarness h(MakeSource("id BIGINT, s STRING",
                                       {{"rows-per-second", "1000000"},
                                        {"number-of-rows", "1003"},
                                        {"fields.s.length", "3"}},
                                       /*batch_size=*/100),
                            At(s, p));
      CONN_ASSERT_OK(h.Open());
      CONN_ASSERT_OK(h.SetProcessingTime(10000));
      auto poll = h.PollUntilBlocked();
      ASSERT_TRUE(poll.ok());
      EXPECT_EQ(*poll, SourcePoll::kEndOfInput);
      EXPECT_EQ(OutputRows(h), 1003 / p + (1003 % p > s ? 1 : 0));
      for (const auto& b : h.Output()) EXPECT_LE(b->num_rows(), 100);
      total += OutputRows(h);
      auto again = h.PollNext();
      ASSERT_TRUE(again.ok());
      EXPECT_EQ(*again, SourcePoll::kEndOfInput);
    }
    EXPECT_EQ(total, 1003) << "parallelism " << p;
  }
}

TEST(DatagenSourceOperatorTest, RestoresItsPosition) {
  const formats::FormatOptions options = {{"rows-per-second", "1000"},
                                          {"fields.id.kind", "sequence"},
                                          {"fields.id.start", "0"},
                                          {"fields.id.end", "199"},
                                          {"fields.s.length", "4"}};
  std::vector<std::string> after;
  HarnessSnapshot snap;
  {
    OperatorTestHarness a(MakeSource("id BIGINT, s STRING", options, 10), At(1, 2));
    CONN_ASSERT_OK(a.Open());
    CONN_ASSERT_OK(a.SetProcessingTime(40));  // 20 rows allowed at 500 rows/s
    ASSERT_TRUE(a.PollUntilBlocked().ok());
    ASSERT_EQ(OutputRows(a), 20);
    auto s = a.Snapshot(runtime::CheckpointId(1));
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    snap = *s;
    a.ClearOutput();
    CONN_ASSERT_OK(a.SetProcessingTime(1000));
    auto poll = a.PollUntilBlocked();
    ASSERT_TRUE(poll.ok());
    EXPECT_EQ(*poll, SourcePoll::kEndOfInput);
    after = a.OutputText();
    ASSERT_EQ(after.size(), 80u);
    EXPECT_EQ(after.front().substr(0, 6), "+I[41,");
  }
  OperatorTestHarness b(MakeSource("id BIGINT, s STRING", options, 10), At(1, 2));
  CONN_ASSERT_OK(b.Restore(snap));
  CONN_ASSERT_OK(b.Open());
  CONN_ASSERT_OK(b.SetProcessingTime(1000));
  auto poll = b.PollUntilBlocked();
  ASSERT_TRUE(poll.ok());
  EXPECT_EQ(*poll, SourcePoll::kEndOfInput);
  EXPECT_EQ(b.OutputText(), after);

  // Another parallelism cannot take the state over.
  auto moved = OperatorTestHarness::Repartition({snap}, 128, 3, 1);
  ASSERT_TRUE(moved.ok());
  OperatorTestHarness c(MakeSource("id BIGINT, s STRING", options, 10), At(1, 3));
  CONN_ASSERT_OK(c.Restore(*moved));
  Status st = c.Open();
  EXPECT_TRUE(st.IsNotSupported()) << st.ToString();
}

// Runs subtask 1 of 2 of the datagen table `table` made by the factory to its end; with
// `snapshot_at_ms` >= 0, first runs one up to that processing time, snapshots it and restores a
// new one from the snapshot. Returns the rows emitted by the last run.
std::vector<std::string> RunFactorySource(const TableContext& table, int64_t snapshot_at_ms) {
  auto factory = MakeDatagenTableFactory();
  auto source = factory->CreateSource(table);
  EXPECT_TRUE(source.ok()) << source.status().ToString();
  if (!source.ok()) return {};
  auto make = [&] {
    auto op = source->factory(1);
    EXPECT_TRUE(op.ok());
    return std::move(op).ValueOrDie();
  };
  HarnessSnapshot snap;
  if (snapshot_at_ms >= 0) {
    OperatorTestHarness a(make(), At(1, 2));
    EXPECT_TRUE(a.Open().ok());
    EXPECT_TRUE(a.SetProcessingTime(snapshot_at_ms).ok());
    EXPECT_TRUE(a.PollUntilBlocked().ok());
    auto s = a.Snapshot(runtime::CheckpointId(1));
    EXPECT_TRUE(s.ok());
    if (s.ok()) snap = *s;
  }
  OperatorTestHarness h(make(), At(1, 2));
  if (snapshot_at_ms >= 0) {
    EXPECT_TRUE(h.Restore(snap).ok());
  }
  EXPECT_TRUE(h.Open().ok());
  EXPECT_TRUE(h.SetProcessingTime(100000).ok());
  auto poll = h.PollUntilBlocked();
  EXPECT_TRUE(poll.ok() && *poll == SourcePoll::kEndOfInput);
  for (const auto& b : h.Output()) {
    EXPECT_EQ(b->schema()->num_fields(), table.projected_fields
                                             ? static_cast<int>(table.projected_fields->size())
                                             : table.physical_schema->num_fields());
  }
  return h.OutputText();
}

TEST(DatagenSourceOperatorTest, FactoryPushesTheProjectionDown) {
  TableContext table;
  table.table_name = "cat.db.gen";
  table.physical_schema = *Schema::Parse("id BIGINT, s STRING, a INT, b DOUBLE");
  table.options = {{"connector", "datagen"},       {"rows-per-second", "1000"},
                   {"fields.id.kind", "sequence"}, {"fields.id.start", "1"},
                   {"fields.id.end", "60"},        {"fields.s.length", "4"},
                   {"fields.a.null-rate", "0.5"}};
  EXPECT_TRUE(MakeDatagenTableFactory()->supports_projection_pushdown());
  const std::vector<std::string> full = RunFactorySource(table, -1);
  ASSERT_EQ(full.size(), 30u);
  // The projected rows are the full rows' a and id, in that order.
  std::vector<std::string> expected;
  for (const std::string& row : full) {
    // "+I[id, s, a, b]": split on ", " (s is hex, b a plain number).
    std::vector<std::string> parts;
    std::string body = row.substr(3, row.size() - 4);
    for (size_t start = 0;;) {
      const size_t comma = body.find(", ", start);
      parts.push_back(body.substr(start, comma - start));
      if (comma == std::string::npos) break;
      start = comma + 2;
    }
    ASSERT_EQ(parts.size(), 4u) << row;
    expected.push_back("+I[" + parts[2] + ", " + parts[0] + "]");
  }
  table.projected_fields = std::vector<int32_t>{2, 0};
  EXPECT_EQ(RunFactorySource(table, -1), expected);
  // Snapshot after 10 rows (500 rows/s for 20 ms): the restored source continues with row 11.
  EXPECT_EQ(RunFactorySource(table, 20),
            std::vector<std::string>(expected.begin() + 10, expected.end()));

  table.projected_fields = std::vector<int32_t>{4};
  auto bad = MakeDatagenTableFactory()->CreateSource(table);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().ToString().find("cat.db.gen"), std::string::npos)
      << bad.status().ToString();
}

}  // namespace
}  // namespace weir::connectors
