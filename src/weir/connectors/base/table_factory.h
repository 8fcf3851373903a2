// TableFactory: how a connector turns a table definition into source and sink operators.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "weir/common/batch/changelog_mode.h"
#include "weir/common/result.h"
#include "weir/common/types/schema.h"
#include "weir/formats/format_options.h"
#include "weir/runtime/graph/stream_graph.h"

namespace weir::connectors {

/// One partition of a partitioned table: a value per partition key, in PARTITIONED BY order
/// (values as they appear in paths, e.g. {{"dt", "2026-11-22"}, {"hr", "10"}}).
using PartitionSpec = std::vector<std::pair<std::string, std::string>>;

/// What a connector sees of a table (the SQL layer fills it from the catalog).
struct TableContext {
  /// "catalog.database.table", for messages.
  std::string table_name;
  /// The physical columns, in schema order (computed and metadata columns are the planner's).
  SchemaPtr physical_schema;
  std::vector<std::string> partition_keys;
  /// The WITH options, with `/*+ OPTIONS(...) */` hints applied.
  formats::FormatOptions options;
  /// The job's parallelism (parallelism.default) when the connector does not set its own.
  int32_t default_parallelism = 1;
  /// Whether the job takes periodic checkpoints; sinks that commit on checkpoints commit at
  /// the end of input otherwise (Flink's batch behaviour).
  bool checkpointing = false;
  /// Whether the job runs in BATCH mode (execution.runtime-mode, AUTOMATIC resolved).
  bool batch = false;
  /// INSERT OVERWRITE into this table (sinks only); connectors that cannot overwrite reject it.
  bool overwrite = false;
  /// Projection push-down (only when the factory supports_projection_pushdown()): the
  /// indices into `physical_schema` of the fields the source must produce, in this order.
  /// Unset: every physical field.
  std::optional<std::vector<int32_t>> projected_fields;
  /// Nested projection push-down (only when the factory
  /// supports_nested_projection_pushdown(), and only when some path is longer than one):
  /// per produced field, its path — the index into `physical_schema`, then field indices
  /// into nested ROW types. A path of one index is that whole field; a longer path is the
  /// nested field flattened into a top-level field of its own (Flink's int[][] projection),
  /// NULL where a ROW on the path is NULL. `projected_fields` then holds each path's first
  /// index.
  std::optional<std::vector<std::vector<int32_t>>> projected_paths;
  /// Partition push-down (only when the factory supports_partition_pushdown()): the
  /// partitions left after the planner pruned with the query's predicates on partition keys;
  /// the source reads only these. Unset: all partitions.
  std::optional<std::vector<PartitionSpec>> partitions;
};

/// Fails INSERT OVERWRITE into a sink that cannot overwrite (Flink's SupportsOverwrite);
/// OK otherwise.
Status CheckNoOverwrite(const TableContext& table);

/// A table's source: the operator to run per subtask and what it produces.
struct SourceDescriptor {
  runtime::OperatorFactory factory;
  /// Whether the source ends (decides BATCH under execution.runtime-mode = AUTOMATIC).
  bool bounded = false;
  ChangelogMode changelog_mode = ChangelogMode::InsertOnly();
  /// The connector's own parallelism (e.g. scan.parallelism); unset: the job's.
  std::optional<int32_t> parallelism;
};

/// A table's sink: the operator to run per subtask and the changes it accepts.
struct SinkDescriptor {
  runtime::OperatorFactory factory;
  ChangelogMode accepted_mode = ChangelogMode::InsertOnly();
  /// The connector's own parallelism (e.g. sink.parallelism); unset: its input's.
  std::optional<int32_t> parallelism;
};

/// One connector, found by the value of the table's 'connector' option (Flink's
/// DynamicTableSourceFactory / DynamicTableSinkFactory). Factories validate every option and
/// fail with errors naming the key and the table.
/// Thread: immutable; used from any thread.
class TableFactory {
 public:
  virtual ~TableFactory() = default;
  /// Returns the 'connector' value, e.g. "datagen".
  virtual std::string identifier() const = 0;
  virtual bool supports_source() const { return false; }
  virtual bool supports_sink() const { return false; }
  /// Whether the source honours TableContext::projected_fields (Flink's
  /// SupportsProjectionPushDown): it then produces only those fields, in that order.
  virtual bool supports_projection_pushdown() const { return false; }
  /// Whether the source also honours TableContext::projected_paths (Flink's
  /// SupportsProjectionPushDown#supportsNestedProjection).
  virtual bool supports_nested_projection_pushdown() const { return false; }
  /// Whether the source lists its partitions and honours TableContext::partitions (Flink's
  /// SupportsPartitionPushDown).
  virtual bool supports_partition_pushdown() const { return false; }
  /// Lists the partitions that exist now (for pruning at planning time).
  virtual Result<std::vector<PartitionSpec>> ListPartitions(const TableContext& table) const;
  virtual Result<SourceDescriptor> CreateSource(const TableContext& table) const;
  virtual Result<SinkDescriptor> CreateSink(const TableContext& table) const;
};

/// The connectors Weir ships, by identifier.
/// Thread: Builtins() is built once; lookups are thread-safe.
class TableFactoryRegistry {
 public:
  /// An empty registry; with `parent`, lookups that find nothing here continue there (a
  /// session adds its own connectors over the built-in ones).
  explicit TableFactoryRegistry(const TableFactoryRegistry* parent = nullptr) : parent_(parent) {}

  /// Returns the registry of built-in connectors (datagen, print, blackhole, ...).
  static const TableFactoryRegistry& Builtins();

  void Register(std::unique_ptr<TableFactory> factory);
  /// Finds the factory for a source or sink of `table` by its 'connector' option; a missing
  /// option or an unknown identifier is Flink's error listing the available identifiers.
  Result<const TableFactory*> FindSourceFactory(const TableContext& table) const;
  Result<const TableFactory*> FindSinkFactory(const TableContext& table) const;
  /// Returns the identifiers (the parent's included), sorted.
  std::vector<std::string> identifiers() const;

 private:
  Result<const TableFactory*> Find(const TableContext& table, bool source) const;
  const TableFactory* FindByIdentifier(const std::string& identifier) const;

  const TableFactoryRegistry* parent_ = nullptr;
  std::vector<std::unique_ptr<TableFactory>> factories_;
};

}  // namespace weir::connectors
