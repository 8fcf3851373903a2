// The 'filesystem' connector's table factory: options → file source and exactly-once sink.
#include "weir/connectors/filesystem/filesystem_table_factory.h"

#include <random>

#include "weir/common/str_cat.h"
#include "weir/connectors/filesystem/file_sink_operator.h"
#include "weir/connectors/filesystem/file_source_operator.h"
#include "weir/connectors/filesystem/filesystem_options.h"
#include "weir/connectors/filesystem/partition_path.h"

namespace weir::connectors {

namespace {

// One uuid per planned sink, shared by its subtasks (Flink fixes it at planning time).
std::string NewUuid() {
  std::random_device device;
  std::mt19937_64 rng((static_cast<uint64_t>(device()) << 32) ^ device());
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < 32; ++i) {
    if (i == 8 || i == 12 || i == 16 || i == 20) out.push_back('-');
    out.push_back(kHex[rng() & 15]);
  }
  return out;
}

Result<FileSystemOptions> Parse(const TableContext& table) {
  Result<FileSystemOptions> parsed =
      FileSystemOptions::Parse(table.options, table.physical_schema, table.partition_keys);
  if (parsed.ok()) return parsed;
  return Status(parsed.status().code(),
                StrCat(parsed.status().message(), " (table '", table.table_name, "')"));
}

class FilesystemTableFactory final : public TableFactory {
 public:
  std::string identifier() const override { return "filesystem"; }
  bool supports_source() const override { return true; }
  bool supports_sink() const override { return true; }
  bool supports_projection_pushdown() const override { return true; }
  bool supports_partition_pushdown() const override { return true; }

  Result<std::vector<PartitionSpec>> ListPartitions(const TableContext& table) const override {
    WEIR_ASSIGN_OR_RAISE(FileSystemOptions options, Parse(table));
    if (options.partition_keys.empty()) {
      return Status::Invalid("Cannot list the partitions of table '", table.table_name,
                             "': it is not partitioned");
    }
    return ListPartitionDirectories(options.path, options.partition_keys);
  }

  Result<SourceDescriptor> CreateSource(const TableContext& table) const override {
    WEIR_ASSIGN_OR_RAISE(FileSystemOptions options, Parse(table));
    SourceDescriptor source;
    source.bounded = !options.monitor_interval_ms.has_value();
    SchemaPtr schema = table.physical_schema;
    FileSourceConfig config;
    config.projected_fields = table.projected_fields;
    config.partitions = table.partitions;
    // Checks the push-down now rather than in every subtask.
    if (table.projected_fields.has_value()) {
      for (int32_t f : *table.projected_fields) {
        if (f < 0 || f >= schema->num_fields()) {
          return Status::Invalid("Projected field ", f, " is out of range for the ",
                                 schema->num_fields(), " fields of table '", table.table_name, "'");
        }
      }
    }
    if (table.partitions.has_value()) {
      Result<PartitionFilter> filter =
          PartitionFilter::Make(options.partition_keys, *table.partitions);
      if (!filter.ok()) {
        return Status(filter.status().code(),
                      StrCat(filter.status().message(), " (table '", table.table_name, "')"));
      }
    }
    const std::string name = StrCat("filesystem[", table.table_name, "]");
    source.factory = [schema, options, config,
                      name](int32_t) -> Result<std::unique_ptr<runtime::Operator>> {
      return std::unique_ptr<runtime::Operator>(
          std::make_unique<FileSourceOperator>(schema, options, config, name));
    };
    return source;
  }

  Result<SinkDescriptor> CreateSink(const TableContext& table) const override {
    WEIR_ASSIGN_OR_RAISE(FileSystemOptions options, Parse(table));
    // Flink's filesystem sink overwrites in batch mode only.
    if (table.overwrite && !table.batch) {
      return Status::NotSupported("Streaming mode not support overwrite. (table '",
                                  table.table_name, "')");
    }
    SinkDescriptor sink;
    sink.parallelism = options.sink_parallelism;
    FileSinkConfig config;
    config.uuid = NewUuid();
    config.commit_on_finish = !table.checkpointing;
    config.overwrite = table.overwrite;
    SchemaPtr schema = table.physical_schema;
    const std::string name = StrCat("filesystem[", table.table_name, "]");
    sink.factory = [schema, options, config,
                    name](int32_t) -> Result<std::unique_ptr<runtime::Operator>> {
      return std::unique_ptr<runtime::Operator>(
          std::make_unique<FileSinkOperator>(schema, options, config, name));
    };
    return sink;
  }
};

}  // namespace

std::unique_ptr<TableFactory> MakeFilesystemTableFactory() {
  return std::make_unique<FilesystemTableFactory>();
}

}  // namespace weir::connectors
