// The 'nexmark' connector's table factory: options and schema checks → NexmarkSourceOperator.
#include "weir/connectors/nexmark/nexmark_table_factory.h"

#include <chrono>
#include <random>

#include "weir/common/log/log.h"
#include "weir/common/str_cat.h"
#include "weir/connectors/nexmark/nexmark_generator.h"
#include "weir/connectors/nexmark/nexmark_options.h"
#include "weir/connectors/nexmark/nexmark_source_operator.h"

namespace weir::connectors {

namespace {

// Fails unless the table declares exactly the produced columns (names and types; the
// nullability of a declared type may be stricter).
Status CheckSchema(const TableContext& table) {
  const Schema& produced = *NexmarkGenerator::ProducedSchema();
  if (table.physical_schema == nullptr) {
    return Status::Invalid("nexmark table '", table.table_name, "' has no schema");
  }
  const Schema& declared = *table.physical_schema;
  bool same = declared.num_fields() == produced.num_fields();
  for (int i = 0; same && i < produced.num_fields(); ++i) {
    same = declared.field(i).name == produced.field(i).name &&
           declared.field(i).logical_type().EqualsIgnoringNullability(
               produced.field(i).logical_type());
  }
  if (!same) {
    return Status::Invalid("The physical columns of nexmark table '", table.table_name,
                           "' must be exactly the generated ones (as in ddl_gen.sql): ",
                           produced.ToString(), "; declared: ", declared.ToString());
  }
  return Status::OK();
}

// Returns the paths of the produced columns: TableContext::projected_paths when set (checked
// against projected_fields), else one-entry paths of projected_fields; unset: all columns.
Result<std::optional<std::vector<std::vector<int32_t>>>> ProjectedPaths(const TableContext& table) {
  std::vector<std::vector<int32_t>> paths;
  if (table.projected_paths.has_value()) {
    paths = *table.projected_paths;
    if (table.projected_fields.has_value()) {
      bool same = table.projected_fields->size() == paths.size();
      for (size_t i = 0; same && i < paths.size(); ++i) {
        same = !paths[i].empty() && paths[i][0] == (*table.projected_fields)[i];
      }
      if (!same) {
        return Status::Internal("nexmark table '", table.table_name,
                                "': projected_fields are not the first entries of "
                                "projected_paths");
      }
    }
  } else if (table.projected_fields.has_value()) {
    for (int32_t column : *table.projected_fields) paths.push_back({column});
  } else {
    return std::optional<std::vector<std::vector<int32_t>>>();
  }
  return std::optional(std::move(paths));
}

class NexmarkTableFactory final : public TableFactory {
 public:
  std::string identifier() const override { return "nexmark"; }
  bool supports_source() const override { return true; }
  bool supports_projection_pushdown() const override { return true; }
  bool supports_nested_projection_pushdown() const override { return true; }

  Result<SourceDescriptor> CreateSource(const TableContext& table) const override {
    WEIR_ASSIGN_OR_RAISE(NexmarkOptions options,
                         NexmarkOptions::Parse(table.options, table.table_name));
    WEIR_RETURN_NOT_OK(CheckSchema(table));
    // Unset: all columns; empty (nothing read, e.g. COUNT(*)): batches that only count rows.
    // With nested fields read, the paths say what each produced column is.
    WEIR_ASSIGN_OR_RAISE(const std::optional<std::vector<std::vector<int32_t>>> projection,
                         ProjectedPaths(table));
    NexmarkGeneratorConfig config;
    // Upstream: the base time is the wall clock when the planner creates the source, and the
    // random values are unseeded. Weir takes both from the options when given, and logs the
    // values it picked otherwise so that a run can be replayed.
    config.base_time_ms =
        options.base_time.value_or(std::chrono::duration_cast<std::chrono::milliseconds>(
                                       std::chrono::system_clock::now().time_since_epoch())
                                       .count());
    config.seed = options.seed.value_or(std::random_device{}() * 0x100000001b3ULL ^
                                        static_cast<uint64_t>(config.base_time_ms));
    if (!options.seed.has_value() || !options.base_time.has_value()) {
      WEIR_LOG_INFO(
          "nexmark table '{}' uses seed {} and base-time {} (set 'seed' and 'base-time' to "
          "replay these events)",
          table.table_name, config.seed, config.base_time_ms);
    }
    config.num_generators = std::max(table.default_parallelism, 1);
    config.options = std::move(options);
    // Fail at planning time rather than in the task.
    WEIR_RETURN_NOT_OK(NexmarkGenerator::Make(config, projection).status());
    SourceDescriptor source;
    source.bounded = false;  // as upstream, even with a finite events.num
    source.changelog_mode = ChangelogMode::InsertOnly();
    const std::string name = StrCat("nexmark[", table.table_name, "]");
    source.factory = [config, projection,
                      name](int32_t) -> Result<std::unique_ptr<runtime::Operator>> {
      return std::unique_ptr<runtime::Operator>(
          std::make_unique<NexmarkSourceOperator>(config, projection, NexmarkSourceConfig{}, name));
    };
    return source;
  }
};

}  // namespace

std::unique_ptr<TableFactory> MakeNexmarkTableFactory() {
  return std::make_unique<NexmarkTableFactory>();
}

}  // namespace weir::connectors
