// TableFactory: defaults and the registry's lookup by 'connector'.
#include "weir/connectors/base/table_factory.h"

#include <algorithm>

#include "weir/common/str_cat.h"

namespace weir::connectors {

Status CheckNoOverwrite(const TableContext& table) {
  if (!table.overwrite) return Status::OK();
  return Status::NotSupported("INSERT OVERWRITE requires that the underlying DynamicTableSink of ",
                              "table '", table.table_name,
                              "' implements the SupportsOverwrite interface.");
}

Result<SourceDescriptor> TableFactory::CreateSource(const TableContext& table) const {
  return Status::NotSupported("Connector '", identifier(), "' can only be used as a sink. It ",
                              "cannot be used as a source: table '", table.table_name, "'");
}

Result<SinkDescriptor> TableFactory::CreateSink(const TableContext& table) const {
  return Status::NotSupported("Connector '", identifier(), "' can only be used as a source. It ",
                              "cannot be used as a sink: table '", table.table_name, "'");
}

Result<std::vector<PartitionSpec>> TableFactory::ListPartitions(const TableContext& table) const {
  return Status::NotSupported("Connector '", identifier(), "' does not list partitions: table '",
                              table.table_name, "'");
}

void TableFactoryRegistry::Register(std::unique_ptr<TableFactory> factory) {
  factories_.push_back(std::move(factory));
}

std::vector<std::string> TableFactoryRegistry::identifiers() const {
  std::vector<std::string> out =
      parent_ != nullptr ? parent_->identifiers() : std::vector<std::string>{};
  for (const auto& f : factories_) {
    if (std::find(out.begin(), out.end(), f->identifier()) == out.end()) {
      out.push_back(f->identifier());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

const TableFactory* TableFactoryRegistry::FindByIdentifier(const std::string& identifier) const {
  for (const auto& f : factories_) {
    if (f->identifier() == identifier) return f.get();
  }
  return parent_ != nullptr ? parent_->FindByIdentifier(identifier) : nullptr;
}

Result<const TableFactory*> TableFactoryRegistry::FindSourceFactory(
    const TableContext& table) const {
  return Find(table, true);
}

Result<const TableFactory*> TableFactoryRegistry::FindSinkFactory(const TableContext& table) const {
  return Find(table, false);
}

Result<const TableFactory*> TableFactoryRegistry::Find(const TableContext& table,
                                                       bool source) const {
  const std::string what =
      source ? StrCat("Unable to create a source for reading table '", table.table_name, "'.")
             : StrCat("Unable to create a sink for writing table '", table.table_name, "'.");
  auto it = table.options.find("connector");
  if (it == table.options.end()) {
    return Status::Invalid(what, " Table options do not contain an option key 'connector' for ",
                           "discovering a connector.");
  }
  if (const TableFactory* f = FindByIdentifier(it->second)) {
    if (source ? !f->supports_source() : !f->supports_sink()) {
      return Status::NotSupported(what, " Connector '", it->second, "' can only be used as a ",
                                  source ? "sink" : "source", ".");
    }
    return f;
  }
  std::string available;
  for (const std::string& id : identifiers()) available += "\n" + id;
  return Status::Invalid(what, " Could not find any factory for identifier '", it->second,
                         "' that implements '",
                         source ? "DynamicTableSourceFactory" : "DynamicTableSinkFactory",
                         "'.\n\nAvailable factory identifiers are:\n", available);
}

}  // namespace weir::connectors
