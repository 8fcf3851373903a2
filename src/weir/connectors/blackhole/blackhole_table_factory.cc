// The 'blackhole' connector's table factory: a sink that swallows every change.
#include "weir/connectors/blackhole/blackhole_table_factory.h"

#include "weir/common/str_cat.h"
#include "weir/connectors/blackhole/blackhole_sink_operator.h"

namespace weir::connectors {

namespace {

class BlackholeTableFactory final : public TableFactory {
 public:
  std::string identifier() const override { return "blackhole"; }
  bool supports_sink() const override { return true; }

  Result<SinkDescriptor> CreateSink(const TableContext& table) const override {
    WEIR_RETURN_NOT_OK(ValidateBlackholeOptions(table.options));
    WEIR_RETURN_NOT_OK(CheckNoOverwrite(table));
    SinkDescriptor sink;
    sink.accepted_mode = ChangelogMode::All();
    const std::string name = StrCat("blackhole[", table.table_name, "]");
    sink.factory = [name](int32_t) -> Result<std::unique_ptr<runtime::Operator>> {
      return std::unique_ptr<runtime::Operator>(std::make_unique<BlackholeSinkOperator>(name));
    };
    return sink;
  }
};

}  // namespace

std::unique_ptr<TableFactory> MakeBlackholeTableFactory() {
  return std::make_unique<BlackholeTableFactory>();
}

}  // namespace weir::connectors
