// The 'print' connector's table factory: options → PrintSinkOperator per subtask.
#include "weir/connectors/print/print_table_factory.h"

#include "weir/common/str_cat.h"
#include "weir/connectors/print/print_format.h"
#include "weir/connectors/print/print_sink_operator.h"

namespace weir::connectors {

namespace {

class PrintTableFactory final : public TableFactory {
 public:
  std::string identifier() const override { return "print"; }
  bool supports_sink() const override { return true; }

  Result<SinkDescriptor> CreateSink(const TableContext& table) const override {
    WEIR_ASSIGN_OR_RAISE(PrintOptions options, PrintOptions::Parse(table.options));
    WEIR_RETURN_NOT_OK(CheckNoOverwrite(table));
    SinkDescriptor sink;
    // Flink's print sink takes every kind of change and prints its row kind.
    sink.accepted_mode = ChangelogMode::All();
    sink.parallelism = options.sink_parallelism;
    const std::string name = StrCat("print[", table.table_name, "]");
    sink.factory = [options, name](int32_t) -> Result<std::unique_ptr<runtime::Operator>> {
      return std::unique_ptr<runtime::Operator>(std::make_unique<PrintSinkOperator>(options, name));
    };
    return sink;
  }
};

}  // namespace

std::unique_ptr<TableFactory> MakePrintTableFactory() {
  return std::make_unique<PrintTableFactory>();
}

}  // namespace weir::connectors
