// Tests for FileSystemOptions: Flink's defaults, every option, unknown keys, unsupported
// features and format validation.
#include "weir/connectors/filesystem/filesystem_options.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace weir::connectors {
namespace {

using ::testing::HasSubstr;

SchemaPtr MakeSchema(std::string_view text) {
  auto s = Schema::Parse(text);
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  return *s;
}

Result<FileSystemOptions> ParseWith(formats::FormatOptions options,
                                    std::string_view schema = "a INT, b STRING, dt STRING",
                                    std::vector<std::string> partition_keys = {}) {
  options.emplace("connector", "filesystem");
  options.emplace("path", "/tmp/t");
  options.emplace("format", "csv");
  return FileSystemOptions::Parse(options, MakeSchema(schema), std::move(partition_keys));
}

std::string ErrorOf(formats::FormatOptions options, std::vector<std::string> keys = {}) {
  auto o = ParseWith(std::move(options), "a INT, b STRING, dt STRING", std::move(keys));
  return o.ok() ? std::string("OK") : o.status().ToString();
}

TEST(FileSystemOptionsTest, DefaultsFollowFlink) {
  auto o = ParseWith({});
  ASSERT_TRUE(o.ok()) << o.status().ToString();
  EXPECT_EQ(o->path, "/tmp/t");
  EXPECT_EQ(o->format, FileFormat::kCsv);
  EXPECT_TRUE(o->bounded());
  EXPECT_FALSE(o->path_regex.has_value());
  EXPECT_EQ(o->partition_default_name, "__DEFAULT_PARTITION__");
  EXPECT_EQ(o->rolling_file_size, 128 * 1024 * 1024);
  EXPECT_EQ(o->rollover_interval_ms, 30 * 60 * 1000);
  EXPECT_EQ(o->rolling_check_interval_ms, 60 * 1000);
  EXPECT_EQ(o->inactivity_interval_ms, 30 * 60 * 1000);
  EXPECT_EQ(o->partition_commit_delay_ms, 0);
  EXPECT_FALSE(o->success_file_policy);
  EXPECT_EQ(o->success_file_name, "_SUCCESS");
  EXPECT_FALSE(o->sink_parallelism.has_value());
  EXPECT_EQ(o->data_schema->num_fields(), 3);
  EXPECT_EQ(o->column_sources, (std::vector<int>{0, 1, 2}));
}

TEST(FileSystemOptionsTest, ReadsEveryOption) {
  auto o = ParseWith({{"path", "file:///data/t"},
                      {"source.monitor-interval", "10 s"},
                      {"source.path.regex-pattern", ".*\\.csv"},
                      {"partition.default-name", "none"},
                      {"sink.rolling-policy.file-size", "1mb"},
                      {"sink.rolling-policy.rollover-interval", "5 min"},
                      {"sink.rolling-policy.check-interval", "10s"},
                      {"sink.rolling-policy.inactivity-interval", "2 min"},
                      {"sink.partition-commit.trigger", "process-time"},
                      {"sink.partition-commit.delay", "1 h"},
                      {"sink.partition-commit.policy.kind", "success-file"},
                      {"sink.partition-commit.success-file.name", "_DONE"},
                      {"sink.parallelism", "3"},
                      {"auto-compaction", "false"},
                      {"csv.field-delimiter", "|"}},
                     "a INT, b STRING, dt STRING", {"dt"});
  ASSERT_TRUE(o.ok()) << o.status().ToString();
  // emplace keeps the first value: the path given here wins over the default one.
  EXPECT_EQ(o->path, "/data/t");
  EXPECT_EQ(o->monitor_interval_ms, 10000);
  EXPECT_FALSE(o->bounded());
  EXPECT_EQ(*o->path_regex, ".*\\.csv");
  EXPECT_EQ(o->partition_default_name, "none");
  EXPECT_EQ(o->rolling_file_size, 1024 * 1024);
  EXPECT_EQ(o->rollover_interval_ms, 300000);
  EXPECT_EQ(o->rolling_check_interval_ms, 10000);
  EXPECT_EQ(o->inactivity_interval_ms, 120000);
  EXPECT_EQ(o->partition_commit_delay_ms, 3600000);
  EXPECT_TRUE(o->success_file_policy);
  EXPECT_EQ(o->success_file_name, "_DONE");
  EXPECT_EQ(o->sink_parallelism, 3);
  EXPECT_EQ(o->partition_keys, (std::vector<std::string>{"dt"}));
  EXPECT_EQ(o->data_schema->ToString(), "`a` INT, `b` STRING");
  EXPECT_EQ(o->column_sources, (std::vector<int>{0, 1, -1}));
}

TEST(FileSystemOptionsTest, PartitionColumnsMayComeFirst) {
  auto o = ParseWith({}, "dt STRING, a INT, h INT", {"h", "dt"});
  ASSERT_TRUE(o.ok()) << o.status().ToString();
  EXPECT_EQ(o->data_schema->ToString(), "`a` INT");
  EXPECT_EQ(o->column_sources, (std::vector<int>{-2, 0, -1}));
}

TEST(FileSystemOptionsTest, UnknownKeysAreNamed) {
  EXPECT_THAT(
      ErrorOf({{"sink.rolling-policy.size", "1mb"}}),
      HasSubstr("Unsupported option for the filesystem connector: 'sink.rolling-policy.size'"));
  // Another format's keys are unknown too.
  EXPECT_THAT(ErrorOf({{"json.ignore-parse-errors", "true"}}),
              HasSubstr("'json.ignore-parse-errors'"));
  // The format validates its own keys.
  EXPECT_THAT(ErrorOf({{"csv.no-such-option", "x"}}), HasSubstr("csv.no-such-option"));
}

TEST(FileSystemOptionsTest, RejectsMissingOrUnsupportedValues) {
  auto no_path = FileSystemOptions::Parse({{"connector", "filesystem"}, {"format", "csv"}},
                                          MakeSchema("a INT"));
  ASSERT_FALSE(no_path.ok());
  EXPECT_THAT(no_path.status().ToString(), HasSubstr("'path'"));
  auto parquet = FileSystemOptions::Parse(
      {{"connector", "filesystem"}, {"path", "/x"}, {"format", "parquet"}}, MakeSchema("a INT"));
  ASSERT_FALSE(parquet.ok());
  EXPECT_THAT(parquet.status().ToString(), HasSubstr("'parquet' is not supported yet"));
  EXPECT_THAT(ErrorOf({{"sink.partition-commit.policy.kind", "metastore,success-file"}}),
              HasSubstr("'metastore' is not supported yet"));
  EXPECT_THAT(ErrorOf({{"sink.partition-commit.policy.kind", "custom"}}),
              HasSubstr("'custom' is not supported yet"));
  EXPECT_THAT(ErrorOf({{"auto-compaction", "true"}}),
              HasSubstr("'auto-compaction' is not supported yet"));
  EXPECT_THAT(ErrorOf({{"partition.time-extractor.kind", "custom"}}),
              HasSubstr("'partition.time-extractor.kind' = 'custom' is not supported yet"));
  EXPECT_THAT(ErrorOf({{"partition.time-extractor.class", "a.B"}}),
              HasSubstr("'partition.time-extractor.class' is not supported yet"));
  EXPECT_THAT(ErrorOf({{"source.monitor-interval", "0 s"}}),
              HasSubstr("'source.monitor-interval'"));
  EXPECT_THAT(ErrorOf({{"sink.rolling-policy.file-size", "big"}}),
              HasSubstr("'sink.rolling-policy.file-size'"));
  EXPECT_THAT(ErrorOf({{"sink.parallelism", "0"}}), HasSubstr("'sink.parallelism'"));
  EXPECT_THAT(ErrorOf({{"source.path.regex-pattern", "(a"}}),
              HasSubstr("'source.path.regex-pattern'"));
  EXPECT_THAT(ErrorOf({{"path", "s3://bucket/x"}}), HasSubstr("scheme is not supported yet"));
}

TEST(FileSystemOptionsTest, ReadsThePartitionTimeTrigger) {
  auto o = ParseWith({{"sink.partition-commit.trigger", "partition-time"},
                      {"sink.partition-commit.delay", "1 min"},
                      {"sink.partition-commit.policy.kind", "success-file"},
                      {"partition.time-extractor.kind", "default"},
                      {"partition.time-extractor.timestamp-pattern", "$dt $b:00"},
                      {"partition.time-extractor.timestamp-formatter", "yyyy-MM-dd HH:mm:ss"},
                      {"sink.partition-commit.watermark-time-zone", "UTC+08:00"}},
                     "a INT, b STRING, dt STRING", {"dt", "b"});
  ASSERT_TRUE(o.ok()) << o.status().ToString();
  EXPECT_EQ(o->commit_trigger, PartitionCommitTrigger::kPartitionTime);
  EXPECT_EQ(o->partition_commit_delay_ms, 60'000);
  EXPECT_EQ(o->timestamp_pattern, "$dt $b:00");
  EXPECT_EQ(o->timestamp_formatter, "yyyy-MM-dd HH:mm:ss");
  EXPECT_EQ(o->watermark_zone_offset_ms, 8 * 3'600'000);
  auto defaults = ParseWith({{"sink.partition-commit.trigger", "process-time"}});
  ASSERT_TRUE(defaults.ok());
  EXPECT_EQ(defaults->commit_trigger, PartitionCommitTrigger::kProcessTime);
  EXPECT_EQ(defaults->watermark_zone_offset_ms, 0);
  EXPECT_FALSE(defaults->timestamp_pattern.has_value());

  EXPECT_THAT(ErrorOf({{"sink.partition-commit.trigger", "event-time"}}),
              HasSubstr("'sink.partition-commit.trigger': 'event-time'"));
  EXPECT_THAT(ErrorOf({{"partition.time-extractor.kind", "fancy"}}),
              HasSubstr("'partition.time-extractor.kind': 'fancy'"));
  EXPECT_THAT(ErrorOf({{"partition.time-extractor.timestamp-formatter", "yyyy-MM-dd EEE"}}),
              HasSubstr("'partition.time-extractor.timestamp-formatter'"));
  EXPECT_THAT(ErrorOf({{"partition.time-extractor.timestamp-formatter", "HH:mm"}}),
              HasSubstr("needs a year, a month and a day"));
  EXPECT_THAT(ErrorOf({{"partition.time-extractor.timestamp-pattern", ""}}),
              HasSubstr("'partition.time-extractor.timestamp-pattern'"));
  EXPECT_THAT(ErrorOf({{"sink.partition-commit.watermark-time-zone", "Asia/Shanghai"}}),
              HasSubstr("'sink.partition-commit.watermark-time-zone' = 'Asia/Shanghai' is not "
                        "supported yet"));
}

TEST(FileSystemOptionsTest, ChecksPartitionColumnsAndFormatTypes) {
  EXPECT_THAT(ErrorOf({}, {"nope"}),
              HasSubstr("Partition column not found in the table schema: nope"));
  EXPECT_THAT(ErrorOf({}, {"a", "b", "dt"}), HasSubstr("at least one column"));
  auto map_part = ParseWith({}, "a INT, m MAP<STRING, INT>", {"m"});
  ASSERT_FALSE(map_part.ok());
  EXPECT_THAT(map_part.status().ToString(), HasSubstr("partition column type is not supported"));
  // CSV cannot hold a MAP column: the format's own check runs at option time.
  auto csv_map = ParseWith({}, "a INT, m MAP<STRING, INT>");
  ASSERT_FALSE(csv_map.ok());
  EXPECT_THAT(csv_map.status().ToString(), HasSubstr("m"));
  auto json_map = FileSystemOptions::Parse(
      {{"path", "/x"}, {"format", "json"}, {"json.ignore-parse-errors", "true"}},
      MakeSchema("a INT, m MAP<STRING, INT>"));
  EXPECT_TRUE(json_map.ok()) << json_map.status().ToString();
}

TEST(FileSystemOptionsTest, EscapesPartitionValuesAsHive) {
  EXPECT_EQ(EscapePartitionValue("2020-01-01"), "2020-01-01");
  EXPECT_EQ(EscapePartitionValue("a/b=c:d%"), "a%2Fb%3Dc%3Ad%25");
  EXPECT_EQ(UnescapePartitionValue("a%2Fb%3Dc%3Ad%25"), "a/b=c:d%");
  EXPECT_EQ(UnescapePartitionValue("100%"), "100%");
  EXPECT_TRUE(IsHiddenFileName(".part-x.inprogress"));
  EXPECT_TRUE(IsHiddenFileName("_SUCCESS"));
  EXPECT_FALSE(IsHiddenFileName("part-0"));
}

}  // namespace
}  // namespace weir::connectors
