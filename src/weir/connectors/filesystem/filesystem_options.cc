// FileSystemOptions: parsing and validation of Flink's filesystem connector options.
#include "weir/connectors/filesystem/filesystem_options.h"

#include <regex>
#include <string_view>

#include "weir/common/config/config_parse.h"
#include "weir/common/str_cat.h"
#include "weir/connectors/filesystem/partition_time_extractor.h"
#include "weir/formats/csv/csv_decoder.h"
#include "weir/formats/csv/csv_encoder.h"
#include "weir/formats/json/json_decoder.h"
#include "weir/formats/json/json_encoder.h"

namespace weir::connectors {

namespace {

constexpr std::string_view kKnownKeys[] = {
    "connector",
    "path",
    "format",
    "source.monitor-interval",
    "source.path.regex-pattern",
    "source.report-statistics",
    "partition.default-name",
    "sink.rolling-policy.file-size",
    "sink.rolling-policy.rollover-interval",
    "sink.rolling-policy.check-interval",
    "sink.rolling-policy.inactivity-interval",
    "sink.partition-commit.trigger",
    "sink.partition-commit.delay",
    "sink.partition-commit.watermark-time-zone",
    "partition.time-extractor.kind",
    "partition.time-extractor.timestamp-pattern",
    "partition.time-extractor.timestamp-formatter",
    "sink.partition-commit.policy.kind",
    "sink.partition-commit.success-file.name",
    "sink.parallelism",
    "sink.shuffle-by-partition.enable",
    "auto-compaction",
};

// Options of Flink's connector that need features Weir does not have yet.
constexpr std::string_view kUnsupportedKeys[] = {
    "partition.time-extractor.class",
    "sink.partition-commit.policy.class",
    "sink.partition-commit.policy.class.parameters",
    "compaction.file-size",
    "compaction.parallelism",
};

bool IsKnown(std::string_view key) {
  for (std::string_view k : kKnownKeys) {
    if (k == key) return true;
  }
  return false;
}

Result<int64_t> ReadDurationMs(const formats::FormatOptions& options, std::string_view key,
                               int64_t default_ms, bool positive) {
  auto it = options.find(key);
  if (it == options.end()) return default_ms;
  auto d = config::ParseDuration(it->second);
  if (!d.ok()) {
    return Status::Invalid("Invalid value for filesystem option '", key, "': '", it->second, "' (",
                           d.status().message(), ")");
  }
  const int64_t ms = std::chrono::duration_cast<std::chrono::milliseconds>(*d).count();
  if (positive && ms <= 0) {
    return Status::Invalid("filesystem option '", key, "' must be a positive duration, got '",
                           it->second, "'");
  }
  return ms;
}

bool IsPartitionType(const LogicalType& t) {
  switch (t.id()) {
    case TypeId::kBoolean:
    case TypeId::kTinyInt:
    case TypeId::kSmallInt:
    case TypeId::kInt:
    case TypeId::kBigInt:
    case TypeId::kChar:
    case TypeId::kVarChar:
    case TypeId::kDate:
      return true;
    default:
      return false;
  }
}

bool NeedsEscape(char c) {
  const auto u = static_cast<unsigned char>(c);
  if (u < 0x20 || u == 0x7F) return true;
  switch (c) {
    case '"':
    case '#':
    case '%':
    case '\'':
    case '*':
    case '/':
    case ':':
    case '=':
    case '?':
    case '\\':
    case '{':
    case '[':
    case ']':
    case '^':
      return true;
    default:
      return false;
  }
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

Status CheckFormat(const FileSystemOptions& o) {
  if (o.format == FileFormat::kCsv) {
    WEIR_ASSIGN_OR_RAISE(auto decoder,
                         formats::CsvRowDecoder::Make(o.data_schema, o.table_options));
    WEIR_ASSIGN_OR_RAISE(auto encoder,
                         formats::CsvRowEncoder::Make(o.data_schema, o.table_options));
  } else {
    WEIR_ASSIGN_OR_RAISE(auto decoder,
                         formats::JsonRowDecoder::Make(o.data_schema, o.table_options));
    WEIR_ASSIGN_OR_RAISE(auto encoder,
                         formats::JsonRowEncoder::Make(o.data_schema, o.table_options));
  }
  return Status::OK();
}

}  // namespace

bool IsHiddenFileName(std::string_view name) {
  return !name.empty() && (name.front() == '.' || name.front() == '_');
}

std::string EscapePartitionValue(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  AppendEscapedPartitionValue(out, value);
  return out;
}

void AppendEscapedPartitionValue(std::string& out, std::string_view value) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (char c : value) {
    if (NeedsEscape(c)) {
      const auto u = static_cast<unsigned char>(c);
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 15];
    } else {
      out += c;
    }
  }
}

std::string UnescapePartitionValue(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      const int hi = HexDigit(text[i + 1]);
      const int lo = HexDigit(text[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

Result<FileSystemOptions> FileSystemOptions::Parse(const formats::FormatOptions& options,
                                                   const SchemaPtr& schema,
                                                   std::vector<std::string> partition_keys) {
  FileSystemOptions o;
  o.table_options = options;

  // The format first: it decides which '<format>.*' keys belong to it.
  auto format_it = options.find("format");
  if (format_it == options.end()) {
    return Status::Invalid("filesystem table needs the option 'format' (csv or json)");
  }
  std::string format_prefix;
  if (format_it->second == "csv") {
    o.format = FileFormat::kCsv;
    format_prefix = "csv.";
  } else if (format_it->second == "json") {
    o.format = FileFormat::kJson;
    format_prefix = "json.";
  } else {
    return Status::NotSupported("filesystem format '", format_it->second,
                                "' is not supported yet (supported: csv, json)");
  }

  for (const auto& [key, value] : options) {
    if (IsKnown(key) || std::string_view(key).starts_with(format_prefix)) continue;
    for (std::string_view k : kUnsupportedKeys) {
      if (k == key) {
        return Status::NotSupported("filesystem option '", key, "' is not supported yet");
      }
    }
    return Status::Invalid("Unsupported option for the filesystem connector: '", key, "'");
  }

  auto path_it = options.find("path");
  if (path_it == options.end() || path_it->second.empty()) {
    return Status::Invalid("filesystem table needs the option 'path'");
  }
  o.path = path_it->second;
  if (o.path.starts_with("file://")) o.path = o.path.substr(7);
  if (o.path.find("://") != std::string::npos) {
    return Status::NotSupported(
        "filesystem path scheme is not supported yet (local paths and "
        "file:// only): '",
        path_it->second, "'");
  }

  if (options.contains("source.monitor-interval")) {
    WEIR_ASSIGN_OR_RAISE(int64_t ms, ReadDurationMs(options, "source.monitor-interval", 0, true));
    o.monitor_interval_ms = ms;
  }
  if (auto it = options.find("source.path.regex-pattern"); it != options.end()) {
    try {
      std::regex re(it->second);
    } catch (const std::regex_error& e) {
      return Status::Invalid("Invalid value for filesystem option 'source.path.regex-pattern': '",
                             it->second, "' (", e.what(), ")");
    }
    o.path_regex = it->second;
  }
  if (auto it = options.find("source.report-statistics"); it != options.end()) {
    if (it->second != "NONE" && it->second != "ALL") {
      return Status::Invalid("Invalid value for filesystem option 'source.report-statistics': '",
                             it->second, "' (NONE or ALL)");
    }
  }
  if (auto it = options.find("partition.default-name"); it != options.end()) {
    o.partition_default_name = it->second;
  }
  if (auto it = options.find("sink.rolling-policy.file-size"); it != options.end()) {
    auto size = MemorySize::Parse(it->second);
    if (!size.ok() || size->bytes() <= 0) {
      return Status::Invalid(
          "Invalid value for filesystem option 'sink.rolling-policy.file-size': '", it->second,
          "' (a positive memory size such as 128mb)");
    }
    o.rolling_file_size = size->bytes();
  }
  WEIR_ASSIGN_OR_RAISE(o.rollover_interval_ms,
                       ReadDurationMs(options, "sink.rolling-policy.rollover-interval",
                                      o.rollover_interval_ms, true));
  WEIR_ASSIGN_OR_RAISE(o.rolling_check_interval_ms,
                       ReadDurationMs(options, "sink.rolling-policy.check-interval",
                                      o.rolling_check_interval_ms, true));
  WEIR_ASSIGN_OR_RAISE(o.inactivity_interval_ms,
                       ReadDurationMs(options, "sink.rolling-policy.inactivity-interval",
                                      o.inactivity_interval_ms, true));
  if (auto it = options.find("sink.partition-commit.trigger"); it != options.end()) {
    if (it->second == "partition-time") {
      o.commit_trigger = PartitionCommitTrigger::kPartitionTime;
    } else if (it->second != "process-time") {
      return Status::Invalid(
          "Invalid value for filesystem option 'sink.partition-commit.trigger': '", it->second,
          "' (process-time or partition-time)");
    }
  }
  WEIR_ASSIGN_OR_RAISE(o.partition_commit_delay_ms,
                       ReadDurationMs(options, "sink.partition-commit.delay", 0, false));
  if (auto it = options.find("partition.time-extractor.kind"); it != options.end()) {
    if (it->second == "custom") {
      return Status::NotSupported(
          "filesystem option 'partition.time-extractor.kind' = 'custom' is not supported yet "
          "(only default)");
    }
    if (it->second != "default") {
      return Status::Invalid(
          "Invalid value for filesystem option 'partition.time-extractor.kind': '", it->second,
          "' (default or custom)");
    }
  }
  if (auto it = options.find("partition.time-extractor.timestamp-pattern"); it != options.end()) {
    if (it->second.empty()) {
      return Status::Invalid(
          "Invalid value for filesystem option 'partition.time-extractor.timestamp-pattern': "
          "'' (a pattern such as '$dt $hour:00:00')");
    }
    o.timestamp_pattern = it->second;
  }
  if (auto it = options.find("partition.time-extractor.timestamp-formatter"); it != options.end()) {
    o.timestamp_formatter = it->second;
    Result<PartitionTimeExtractor> extractor =
        PartitionTimeExtractor::Make(partition_keys, o.timestamp_pattern, o.timestamp_formatter);
    if (!extractor.ok()) {
      return Status(extractor.status().code(),
                    StrCat("Invalid value for filesystem option "
                           "'partition.time-extractor.timestamp-formatter': ",
                           extractor.status().message()));
    }
  }
  if (auto it = options.find("sink.partition-commit.watermark-time-zone"); it != options.end()) {
    WEIR_ASSIGN_OR_RAISE(o.watermark_zone_offset_ms, ParseFixedZoneOffsetMs(it->second));
  }
  if (auto it = options.find("sink.partition-commit.policy.kind"); it != options.end()) {
    // A comma-separated list of policies, as in Flink ("metastore,success-file").
    std::string_view rest = it->second;
    while (true) {
      const size_t comma = rest.find(',');
      std::string_view kind = rest.substr(0, comma);
      while (!kind.empty() && kind.front() == ' ') kind.remove_prefix(1);
      while (!kind.empty() && kind.back() == ' ') kind.remove_suffix(1);
      if (kind == "success-file") {
        o.success_file_policy = true;
      } else if (kind == "metastore" || kind == "custom") {
        return Status::NotSupported("filesystem partition commit policy '", kind,
                                    "' is not supported yet (only success-file)");
      } else {
        return Status::Invalid(
            "Invalid value for filesystem option 'sink.partition-commit.policy.kind': '",
            it->second, "' (success-file, metastore or custom)");
      }
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  }
  if (auto it = options.find("sink.partition-commit.success-file.name"); it != options.end()) {
    if (it->second.empty() || it->second.find('/') != std::string::npos) {
      return Status::Invalid(
          "Invalid value for filesystem option 'sink.partition-commit.success-file.name': '",
          it->second, "' (a file name)");
    }
    o.success_file_name = it->second;
  }
  if (auto it = options.find("sink.parallelism"); it != options.end()) {
    auto p = config::ParseInt32(it->second);
    if (!p.ok() || *p <= 0) {
      return Status::Invalid("Invalid value for filesystem option 'sink.parallelism': '",
                             it->second, "' (a positive integer)");
    }
    o.sink_parallelism = *p;
  }
  if (auto it = options.find("sink.shuffle-by-partition.enable"); it != options.end()) {
    auto b = config::ParseBool(it->second);
    if (!b.ok()) {
      return Status::Invalid(
          "Invalid value for filesystem option 'sink.shuffle-by-partition.enable': '", it->second,
          "' (true or false)");
    }
    o.shuffle_by_partition = *b;
  }
  if (auto it = options.find("auto-compaction"); it != options.end()) {
    auto b = config::ParseBool(it->second);
    if (!b.ok()) {
      return Status::Invalid("Invalid value for filesystem option 'auto-compaction': '", it->second,
                             "' (true or false)");
    }
    if (*b) return Status::NotSupported("filesystem option 'auto-compaction' is not supported yet");
  }

  // Partition columns: typed scalars, not every column.
  if (schema == nullptr) return Status::Invalid("filesystem table needs a schema");
  std::vector<Field> data_fields;
  o.column_sources.assign(static_cast<size_t>(schema->num_fields()), 0);
  for (size_t k = 0; k < partition_keys.size(); ++k) {
    const int idx = schema->FieldIndex(partition_keys[k]);
    if (idx < 0) {
      return Status::Invalid("Partition column not found in the table schema: ", partition_keys[k]);
    }
    for (size_t j = 0; j < k; ++j) {
      if (partition_keys[j] == partition_keys[k]) {
        return Status::Invalid("Partition column listed twice: ", partition_keys[k]);
      }
    }
    if (!IsPartitionType(schema->type(idx))) {
      return Status::NotSupported(
          "filesystem partition column type is not supported yet: ", partition_keys[k], " ",
          schema->type(idx).ToString(), " (supported: strings, integers, BOOLEAN, DATE)");
    }
    o.column_sources[static_cast<size_t>(idx)] = -(1 + static_cast<int>(k));
  }
  for (int i = 0; i < schema->num_fields(); ++i) {
    if (o.column_sources[static_cast<size_t>(i)] < 0) continue;
    o.column_sources[static_cast<size_t>(i)] = static_cast<int>(data_fields.size());
    data_fields.push_back(schema->field(i));
  }
  if (data_fields.empty()) {
    return Status::Invalid(
        "filesystem table needs at least one column that is not a partition "
        "column");
  }
  WEIR_ASSIGN_OR_RAISE(o.data_schema, Schema::Make(std::move(data_fields)));
  o.partition_keys = std::move(partition_keys);
  WEIR_RETURN_NOT_OK(CheckFormat(o));
  return o;
}

}  // namespace weir::connectors
