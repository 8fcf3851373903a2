// The 'datagen' connector's table factory: options → DatagenSourceOperator per subtask.
#include "weir/connectors/datagen/datagen_table_factory.h"

#include "weir/common/str_cat.h"
#include "weir/connectors/datagen/datagen_generator.h"
#include "weir/connectors/datagen/datagen_options.h"
#include "weir/connectors/datagen/datagen_source_operator.h"

namespace weir::connectors {

namespace {

class DatagenTableFactory final : public TableFactory {
 public:
  std::string identifier() const override { return "datagen"; }
  bool supports_source() const override { return true; }
  bool supports_projection_pushdown() const override { return true; }

  Result<SourceDescriptor> CreateSource(const TableContext& table) const override {
    Result<DatagenOptions> parsed = DatagenOptions::Parse(table.options, *table.physical_schema);
    if (!parsed.ok()) {
      return Status(parsed.status().code(),
                    StrCat(parsed.status().message(), " (table '", table.table_name, "')"));
    }
    DatagenOptions options = std::move(*parsed);
    SourceDescriptor source;
    source.bounded = options.bounded();
    source.parallelism = options.scan_parallelism;
    SchemaPtr schema = table.physical_schema;
    DatagenSourceConfig config;
    config.projected_fields = table.projected_fields;
    // Checks the projection now rather than in every subtask.
    DatagenGeneratorConfig check;
    check.projected_fields = table.projected_fields;
    Result<std::unique_ptr<DatagenGenerator>> checked =
        DatagenGenerator::Make(schema, options, std::move(check));
    if (!checked.ok()) {
      return Status(checked.status().code(),
                    StrCat(checked.status().message(), " (table '", table.table_name, "')"));
    }
    const std::string name = StrCat("datagen[", table.table_name, "]");
    source.factory = [schema, options, config,
                      name](int32_t) -> Result<std::unique_ptr<runtime::Operator>> {
      return std::unique_ptr<runtime::Operator>(
          std::make_unique<DatagenSourceOperator>(schema, options, config, name));
    };
    return source;
  }
};

}  // namespace

std::unique_ptr<TableFactory> MakeDatagenTableFactory() {
  return std::make_unique<DatagenTableFactory>();
}

}  // namespace weir::connectors
