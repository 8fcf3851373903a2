// End-to-end checks of the stateless Nexmark queries: Flink's upstream query files, run through
// SqlSession over a seeded event set with the blackhole sink swapped for a CSV filesystem sink
// (exactly-once checkpoints on), compared with NexmarkReference's rows computed from the
// generator in C++. q10 (partitioned filesystem sink) is skipped while its sink options are
// "not supported yet".
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#include "test/nexmark/nexmark_reference.h"
#include "weir/cli/sql_client/statement_splitter.h"
#include "weir/gateway/session/sql_session.h"

namespace weir::nexmark {
namespace {

namespace fs = std::filesystem;

// The seeded workload: 20,000 events at one event per second of event time from
// 2026-01-01 15:00:00 UTC, so that the bids span the hours 15 to 20 (q14's three time types).
constexpr int64_t kEvents = 20'000;
constexpr int64_t kTps = 1;
constexpr uint64_t kSeed = 20260101;
constexpr int64_t kBaseTimeMs = 1'767'279'600'000;

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Returns the directory of Flink's Nexmark SQL files: $WEIR_NEXMARK_DIR, or the reference
// material next to the repository (../shared/benchmarks/nexmark); empty if neither exists.
fs::path NexmarkDir() {
  std::vector<fs::path> candidates;
  if (const char* env = std::getenv("WEIR_NEXMARK_DIR")) candidates.emplace_back(env);
  candidates.push_back(fs::path(WEIR_SOURCE_DIR) / "../shared/benchmarks/nexmark");
  candidates.emplace_back("/work/shared/benchmarks/nexmark");
  for (const auto& dir : candidates) {
    if (fs::exists(dir / "q0.sql")) return dir;
  }
  return {};
}

void ReplaceAll(std::string& text, const std::string& from, const std::string& to) {
  for (size_t pos = text.find(from); pos != std::string::npos;
       pos = text.find(from, pos + to.size())) {
    text.replace(pos, from.size(), to);
  }
}

// Builds the script the harness runs (bench/nexmark/run --seed --base-time --sink-dir):
// ddl_gen.sql + ddl_views.sql + <query>.sql with the placeholders substituted, the seed and
// base-time added to the nexmark table, and each blackhole sink turned into a CSV file sink.
std::string BuildScript(const fs::path& nexmark, const std::string& query, const fs::path& out) {
  std::string text = ReadFile(nexmark / "ddl_gen.sql") + "\n" +
                     ReadFile(nexmark / "ddl_views.sql") + "\n" +
                     ReadFile(nexmark / (query + ".sql")) + "\n";
  ReplaceAll(text, "${TPS}", std::to_string(kTps));
  ReplaceAll(text, "${EVENTS_NUM}", std::to_string(kEvents));
  ReplaceAll(text, "${PERSON_PROPORTION}", "1");
  ReplaceAll(text, "${AUCTION_PROPORTION}", "3");
  ReplaceAll(text, "${NEXMARK_TABLE}", "datagen");
  ReplaceAll(text, "${NEXMARK_DIR}", out.string());
  ReplaceAll(text, "${SUBMIT_TIME}", "0");
  ReplaceAll(text, "'bid.proportion' = '${BID_PROPORTION}'",
             "'bid.proportion' = '46', 'seed' = '" + std::to_string(kSeed) + "', 'base-time' = '" +
                 std::to_string(kBaseTimeMs) + "'");
  ReplaceAll(
      text, "'connector' = 'blackhole'",
      "'connector' = 'filesystem', 'path' = 'file://" + out.string() + "/sink', 'format' = 'csv'");
  return text;
}

// Splits CSV text into rows of cells: '"' quotes a cell, a doubled '"' inside is one quote.
std::vector<std::vector<std::string>> ParseCsv(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string cell;
  bool quoted = false;
  bool any = false;  // the current row has content
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        cell.push_back('"');
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        cell.push_back(c);
      }
    } else if (c == '"') {
      quoted = true;
      any = true;
    } else if (c == ',') {
      row.push_back(std::move(cell));
      cell.clear();
      any = true;
    } else if (c == '\n') {
      if (any || !cell.empty()) {
        row.push_back(std::move(cell));
        rows.push_back(std::move(row));
      }
      row.clear();
      cell.clear();
      any = false;
    } else if (c != '\r') {
      cell.push_back(c);
      any = true;
    }
  }
  if (any || !cell.empty()) {
    row.push_back(std::move(cell));
    rows.push_back(std::move(row));
  }
  return rows;
}

// Decodes %XX escapes of a partition directory value.
std::string Unescape(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out.push_back(static_cast<char>(std::strtol(s.substr(i + 1, 2).c_str(), nullptr, 16)));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

std::string Show(const ReferenceRow& row) {
  std::string out;
  for (size_t i = 0; i < row.size(); ++i) out += (i ? " | " : "") + row[i];
  return out;
}

// One run: a query and the parallelism.default it runs with (also the generator count G, which
// spaces the timestamps, and the number of source splits).
struct QueryRun {
  std::string query;
  int parallelism = 1;
};

void PrintTo(const QueryRun& run, std::ostream* os) {
  *os << run.query << " at parallelism " << run.parallelism;
}

class NexmarkQueryTest : public ::testing::TestWithParam<QueryRun> {
 protected:
  void SetUp() override {
    nexmark_ = NexmarkDir();
    if (nexmark_.empty()) GTEST_SKIP() << "Nexmark SQL files not found; set WEIR_NEXMARK_DIR";
    dir_ = fs::path(::testing::TempDir()) /
           ("weir-nexmark-" + GetParam().query + "-p" + std::to_string(GetParam().parallelism) +
            "-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    config::Configuration config;
    config.SetString("weir.worker-threads", "2");
    auto made = cluster::MiniCluster::Make(config);
    ASSERT_TRUE(made.ok()) << made.status().ToString();
    cluster_ = std::move(*made);
    config::Configuration session;
    session.SetString("parallelism.default", std::to_string(GetParam().parallelism));
    session.SetString("execution.checkpointing.interval", "200 ms");
    session.SetString("execution.checkpointing.mode", "EXACTLY_ONCE");
    session.SetString("execution.checkpointing.dir", (dir_ / "checkpoints").string());
    session_ = std::make_unique<gateway::SqlSession>(cluster_.get(), std::move(session));
  }
  void TearDown() override {
    session_.reset();
    cluster_.reset();
    if (!dir_.empty()) fs::remove_all(dir_);
  }

  // Runs every statement of `script`, then waits for the submitted job. With
  // `skip_unsupported`, a statement failing with "not supported yet" skips the test (a query
  // whose feature is still being built; it is checked as soon as it plans).
  void RunScript(const std::string& script, bool skip_unsupported) {
    cli::SplitResult split = cli::SplitStatements(script);
    ASSERT_FALSE(split.incomplete()) << split.remainder;
    for (const cli::Statement& statement : split.statements) {
      Result<gateway::StatementOutcome> outcome = session_->Execute(statement.text);
      if (skip_unsupported && !outcome.ok() &&
          outcome.status().message().find("not supported yet") != std::string::npos) {
        GTEST_SKIP() << outcome.status().ToString();
      }
      ASSERT_TRUE(outcome.ok()) << outcome.status().ToString() << "\nin: " << statement.text;
    }
    Status done = session_->WaitForJobs();
    ASSERT_TRUE(done.ok()) << done.ToString();
  }

  // Returns the committed rows under `root` (hidden and '_' files are in progress or marker
  // files), each followed by the values of its partition directories (name=value), in path
  // order, canonicalised for `kinds`.
  std::vector<ReferenceRow> CommittedRows(const fs::path& root,
                                          const std::vector<CellKind>& kinds) {
    std::vector<ReferenceRow> rows;
    if (!fs::exists(root)) return rows;
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
      const std::string name = entry.path().filename().string();
      if (!entry.is_regular_file() || name[0] == '.' || name[0] == '_') continue;
      std::vector<std::string> partition;
      for (const auto& part : fs::relative(entry.path().parent_path(), root)) {
        const std::string p = part.string();
        const size_t eq = p.find('=');
        if (eq != std::string::npos) partition.push_back(Unescape(p.substr(eq + 1)));
      }
      for (std::vector<std::string>& row : ParseCsv(ReadFile(entry.path()))) {
        row.insert(row.end(), partition.begin(), partition.end());
        EXPECT_EQ(row.size(), kinds.size()) << entry.path() << ": " << Show(row);
        if (row.size() != kinds.size()) continue;
        for (size_t i = 0; i < row.size(); ++i) {
          Result<std::string> cell = CanonicalCell(row[i], kinds[i]);
          EXPECT_TRUE(cell.ok()) << cell.status().ToString() << " in " << entry.path();
          if (cell.ok()) row[i] = *cell;
        }
        rows.push_back(std::move(row));
      }
    }
    return rows;
  }

  fs::path nexmark_;
  fs::path dir_;
  std::unique_ptr<cluster::MiniCluster> cluster_;
  std::unique_ptr<gateway::SqlSession> session_;
};

TEST_P(NexmarkQueryTest, MatchesTheReference) {
  const std::string query = GetParam().query;
  ReferenceEvents events;
  events.options.first_event_rate = kTps;
  events.options.next_event_rate = kTps;
  events.options.events_num = kEvents;
  events.seed = kSeed;
  events.base_time_ms = kBaseTimeMs;
  events.parallelism = GetParam().parallelism;
  Result<std::vector<ReferenceBid>> bids = GenerateBids(events);
  ASSERT_TRUE(bids.ok()) << bids.status().ToString();
  ASSERT_EQ(bids->size(), kEvents / 50 * 46);  // 46 of every 50 events are bids
  Result<std::vector<ReferenceRow>> expected = ReferenceResult(query, *bids);
  ASSERT_TRUE(expected.ok()) << expected.status().ToString();
  Result<std::vector<CellKind>> kinds = QueryColumns(query);
  ASSERT_TRUE(kinds.ok()) << kinds.status().ToString();
  ASSERT_FALSE(expected->empty()) << "the workload should give " << query << " some rows";

  RunScript(BuildScript(nexmark_, query, dir_), /*skip_unsupported=*/query == "q10");
  if (HasFatalFailure() || IsSkipped()) return;
  const fs::path out = query == "q10" ? dir_ / "data" / "output" / "0" / "bid" : dir_ / "sink";
  std::vector<ReferenceRow> actual = CommittedRows(out, *kinds);

  std::sort(expected->begin(), expected->end());
  std::sort(actual.begin(), actual.end());
  EXPECT_EQ(actual.size(), expected->size());
  std::vector<ReferenceRow> missing;
  std::vector<ReferenceRow> unexpected;
  std::set_difference(expected->begin(), expected->end(), actual.begin(), actual.end(),
                      std::back_inserter(missing));
  std::set_difference(actual.begin(), actual.end(), expected->begin(), expected->end(),
                      std::back_inserter(unexpected));
  for (size_t i = 0; i < std::min<size_t>(missing.size(), 5); ++i) {
    ADD_FAILURE() << query << " lacks the expected row: " << Show(missing[i]);
  }
  for (size_t i = 0; i < std::min<size_t>(unexpected.size(), 5); ++i) {
    ADD_FAILURE() << query << " wrote an unexpected row: " << Show(unexpected[i]);
  }
  EXPECT_TRUE(missing.empty() && unexpected.empty())
      << missing.size() << " rows missing, " << unexpected.size() << " unexpected";
}

std::string RunName(const ::testing::TestParamInfo<QueryRun>& info) {
  return info.param.query + (info.param.parallelism == 1
                                 ? ""
                                 : "_parallelism" + std::to_string(info.param.parallelism));
}

INSTANTIATE_TEST_SUITE_P(Stateless, NexmarkQueryTest,
                         ::testing::Values(QueryRun{"q0"}, QueryRun{"q1"}, QueryRun{"q2"},
                                           QueryRun{"q10"}, QueryRun{"q14"}, QueryRun{"q21"},
                                           QueryRun{"q22"}, QueryRun{"q0", 2}, QueryRun{"q14", 2},
                                           QueryRun{"q22", 3}),
                         RunName);

// Checks the reference itself on hand-made bids, so that a wrong expectation cannot hide an
// engine bug.
TEST(NexmarkReferenceTest, AppliesEachQueryToOneBid) {
  ReferenceBid b;
  b.auction = 1230;
  b.bidder = 2001;
  b.price = 2'000'000;
  b.channel = "channel-7";
  b.url = "https://www.nexmark.com/ab_c/de/fgh/item.htm?query=1&channel_id=77";
  b.date_time_ms = kBaseTimeMs + 4 * 3'600'000 + 61'005;  // 2026-01-01 19:01:01.005
  b.extra = "cacc, x";
  std::vector<ReferenceBid> bids{b};
  EXPECT_EQ(FormatTimestampMs(b.date_time_ms), "2026-01-01 19:01:01.005");
  EXPECT_EQ(FormatTimestampMs(-1), "1969-12-31 23:59:59.999");
  EXPECT_EQ(*ReferenceResult("q1", bids),
            (std::vector<ReferenceRow>{
                {"1230", "2001", "1816000.000", "2026-01-01 19:01:01.005", "cacc, x"}}));
  EXPECT_EQ(ReferenceResult("q2", bids)->size(), 1u);
  EXPECT_EQ(*ReferenceResult("q14", bids),
            (std::vector<ReferenceRow>{{"1230", "2001", "1816000.000", "otherTime",
                                        "2026-01-01 19:01:01.005", "cacc, x", "3"}}));
  EXPECT_EQ(*ReferenceResult("q21", bids),
            (std::vector<ReferenceRow>{{"1230", "2001", "2000000", "channel-7", "77"}}));
  EXPECT_EQ(
      *ReferenceResult("q22", bids),
      (std::vector<ReferenceRow>{{"1230", "2001", "2000000", "channel-7", "ab_c", "de", "fgh"}}));
  EXPECT_EQ(ReferenceResult("q10", bids)->at(0).at(6), "19:01");
  bids[0].date_time_ms = kBaseTimeMs - 15 * 3'600'000 + 6 * 3'600'000;  // 06:00
  EXPECT_EQ(ReferenceResult("q14", bids)->at(0).at(3), "nightTime");
  bids[0].date_time_ms += 2 * 3'600'000;                              // 08:00
  EXPECT_EQ(ReferenceResult("q14", bids)->at(0).at(3), "dayTime  ");  // CHAR(9)
  bids[0].auction = 1231;
  bids[0].price = 1'000'000;  // 0.908 * price = 908000: outside q14's range
  bids[0].channel = "Baidu";
  bids[0].url = "https://www.nexmark.com/a/b/c/item.htm?query=1";
  EXPECT_TRUE(ReferenceResult("q2", bids)->empty());
  EXPECT_TRUE(ReferenceResult("q14", bids)->empty());
  EXPECT_EQ(ReferenceResult("q21", bids)->at(0).at(4), "3");
  bids[0].channel = "channel-8";
  EXPECT_TRUE(ReferenceResult("q21", bids)->empty());  // no channel_id in the url
  EXPECT_FALSE(ReferenceResult("q3", bids).ok());

  EXPECT_EQ(*CanonicalCell("2026-01-01 19:01:01.5", CellKind::kTimestamp),
            "2026-01-01 19:01:01.500");
  EXPECT_EQ(*CanonicalCell("2026-01-01T19:01", CellKind::kTimestamp), "2026-01-01 19:01:00.000");
  EXPECT_EQ(*CanonicalCell("12.5", CellKind::kDecimal3), "12.500");
  EXPECT_EQ(*CanonicalCell("-0.25", CellKind::kDecimal3), "-0.250");
  EXPECT_FALSE(CanonicalCell("12.5x", CellKind::kDecimal3).ok());
  EXPECT_FALSE(CanonicalCell("2026/01/01", CellKind::kTimestamp).ok());
}

}  // namespace
}  // namespace weir::nexmark
