// Test connectors for physical planning: a configurable source and sink, and table helpers.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "weir/connectors/base/table_factory.h"
#include "weir/runtime/operators/basic_operators.h"
#include "weir/sql/catalog/catalog_object.h"
#include "weir/sql/planner/rel_node.h"

namespace weir::sql::testing {

/// A source that emits nothing and ends; produces `mode`, supports projection and partition
/// push-down when `push_down`, and records the contexts it was created with.
class FakeSourceFactory final : public connectors::TableFactory {
 public:
  FakeSourceFactory(std::string identifier, ChangelogMode mode, bool push_down = true)
      : identifier_(std::move(identifier)), mode_(std::move(mode)), push_down_(push_down) {}
  std::string identifier() const override { return identifier_; }
  bool supports_source() const override { return true; }
  bool supports_projection_pushdown() const override { return push_down_; }
  bool supports_partition_pushdown() const override { return push_down_; }
  Result<connectors::SourceDescriptor> CreateSource(
      const connectors::TableContext& t) const override {
    contexts_->push_back(t);
    connectors::SourceDescriptor source;
    source.bounded = true;
    source.changelog_mode = mode_;
    source.factory = [](int32_t) -> Result<std::unique_ptr<runtime::Operator>> {
      return std::unique_ptr<runtime::Operator>(
          std::make_unique<runtime::ElementsSource>("fake", std::vector<runtime::StreamElement>{}));
    };
    return source;
  }
  /// Returns every context CreateSource saw, oldest first.
  const std::vector<connectors::TableContext>& contexts() const { return *contexts_; }

 private:
  std::string identifier_;
  ChangelogMode mode_;
  bool push_down_;
  std::shared_ptr<std::vector<connectors::TableContext>> contexts_ =
      std::make_shared<std::vector<connectors::TableContext>>();
};

/// A sink accepting `mode` whose rows go to `out`.
class FakeSinkFactory final : public connectors::TableFactory {
 public:
  FakeSinkFactory(std::string identifier, ChangelogMode mode,
                  std::shared_ptr<runtime::CollectedOutput> out)
      : identifier_(std::move(identifier)), mode_(std::move(mode)), out_(std::move(out)) {}
  std::string identifier() const override { return identifier_; }
  bool supports_sink() const override { return true; }
  Result<connectors::SinkDescriptor> CreateSink(const connectors::TableContext&) const override {
    connectors::SinkDescriptor sink;
    sink.accepted_mode = mode_;
    auto out = out_;
    sink.factory = [out](int32_t) -> Result<std::unique_ptr<runtime::Operator>> {
      return std::unique_ptr<runtime::Operator>(
          std::make_unique<runtime::CollectingSink>("collect", out));
    };
    return sink;
  }

 private:
  std::string identifier_;
  ChangelogMode mode_;
  std::shared_ptr<runtime::CollectedOutput> out_;
};

/// Connectors "inserts", "plain" (no push-down) and "upserts" (sources producing I and I,UA,D
/// with key 0), and
/// sinks "append" (I only), "retract" (all kinds) into one CollectedOutput.
struct FakeConnectors {
  FakeConnectors() {
    auto inserts_factory =
        std::make_unique<FakeSourceFactory>("inserts", ChangelogMode::InsertOnly());
    inserts = inserts_factory.get();
    registry.Register(std::move(inserts_factory));
    auto upserts_factory =
        std::make_unique<FakeSourceFactory>("upserts", ChangelogMode::Upsert({0}));
    upserts = upserts_factory.get();
    registry.Register(std::move(upserts_factory));
    registry.Register(std::make_unique<FakeSourceFactory>("plain", ChangelogMode::InsertOnly(),
                                                          /*push_down=*/false));
    registry.Register(
        std::make_unique<FakeSinkFactory>("append", ChangelogMode::InsertOnly(), out));
    registry.Register(std::make_unique<FakeSinkFactory>("retract", ChangelogMode::All(), out));
  }
  std::shared_ptr<runtime::CollectedOutput> out = std::make_shared<runtime::CollectedOutput>();
  connectors::TableFactoryRegistry registry;
  const FakeSourceFactory* inserts = nullptr;
  const FakeSourceFactory* upserts = nullptr;
};

inline ObjectIdentifier TestId(std::string name) {
  return ObjectIdentifier{"default_catalog", "default_database", std::move(name)};
}

/// A table (a BIGINT, b BIGINT, s STRING) of `connector`.
inline CatalogTable AbsTable(const std::string& connector) {
  return MakePhysicalTable(
      {{"a", LogicalType::BigInt()}, {"b", LogicalType::BigInt()}, {"s", LogicalType::String()}},
      {{"connector", connector}});
}

/// A scan of AbsTable(connector) named `name`, with `push_down`.
inline RelPtr AbsScan(const std::string& name, const std::string& connector,
                      ScanPushDown push_down = {}) {
  return std::make_shared<TableScanRel>(TestId(name), AbsTable(connector), TableOptions{},
                                        std::move(push_down));
}

/// A sink into a table of `input`'s columns via `connector`.
inline RelPtr SinkOf(const RelPtr& input, const std::string& name, const std::string& connector) {
  std::vector<std::pair<std::string, LogicalType>> columns;
  for (const Field& f : input->row_type().fields()) columns.emplace_back(f.name, f.logical_type());
  return std::make_shared<SinkRel>(input, TestId(name),
                                   MakePhysicalTable(columns, {{"connector", connector}}), false,
                                   TableOptions{});
}

inline ExprPtr Lit(int64_t v) { return Expr::Literal(Value(v), LogicalType::BigInt(false)); }
inline ExprPtr Col(int i, LogicalType t = LogicalType::BigInt()) {
  return Expr::Column(i, std::move(t));
}

}  // namespace weir::sql::testing
