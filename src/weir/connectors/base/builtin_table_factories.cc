// The built-in connectors, registered by identifier.
#include "weir/connectors/base/table_factory.h"
#include "weir/connectors/blackhole/blackhole_table_factory.h"
#include "weir/connectors/datagen/datagen_table_factory.h"
#include "weir/connectors/filesystem/filesystem_table_factory.h"
#include "weir/connectors/nexmark/nexmark_table_factory.h"
#include "weir/connectors/print/print_table_factory.h"

namespace weir::connectors {

const TableFactoryRegistry& TableFactoryRegistry::Builtins() {
  static const TableFactoryRegistry* registry = [] {
    auto* r = new TableFactoryRegistry();
    r->Register(MakeBlackholeTableFactory());
    r->Register(MakeDatagenTableFactory());
    r->Register(MakeFilesystemTableFactory());
    r->Register(MakeNexmarkTableFactory());
    r->Register(MakePrintTableFactory());
    return r;
  }();
  return *registry;
}

}  // namespace weir::connectors
