// Test fixture for the optimiser: binds SQL over fake connectors and optimises the plans.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "weir/sql/binder/binder_test_util.h"
#include "weir/sql/planner/optimizer.h"

namespace weir::sql::testing {

/// A source connector that only answers the planner's questions.
class PushDownSourceFactory final : public connectors::TableFactory {
 public:
  PushDownSourceFactory(std::string identifier, bool projection, bool partitions,
                        std::vector<connectors::PartitionSpec> listed = {}, bool list_fails = false,
                        bool nested = false)
      : identifier_(std::move(identifier)),
        projection_(projection),
        partitions_(partitions),
        listed_(std::move(listed)),
        list_fails_(list_fails),
        nested_(nested) {}

  std::string identifier() const override { return identifier_; }
  bool supports_source() const override { return true; }
  bool supports_sink() const override { return true; }
  bool supports_projection_pushdown() const override { return projection_; }
  bool supports_nested_projection_pushdown() const override { return nested_; }
  bool supports_partition_pushdown() const override { return partitions_; }
  Result<std::vector<connectors::PartitionSpec>> ListPartitions(
      const connectors::TableContext& table) const override {
    if (list_fails_) return Status::IOError("cannot list ", table.table_name);
    return listed_;
  }

 private:
  std::string identifier_;
  bool projection_;
  bool partitions_;
  std::vector<connectors::PartitionSpec> listed_;
  bool list_fails_;
  bool nested_;
};

class OptimizerTest : public BinderTest {
 protected:
  void SetUp() override {
    BinderTest::SetUp();
    // Fakes shadow the built-in connectors of the same name.
    connectors_.Register(std::make_unique<PushDownSourceFactory>("datagen", true, false));
    connectors_.Register(std::make_unique<PushDownSourceFactory>("plain", false, false));
    connectors_.Register(std::make_unique<PushDownSourceFactory>(
        "filesystem", true, true,
        std::vector<connectors::PartitionSpec>{{{"dt", "2026-11-20"}, {"hr", "1"}},
                                               {{"dt", "2026-11-21"}, {"hr", "1"}},
                                               {{"dt", "2026-11-21"}, {"hr", "2"}},
                                               {{"dt", "__DEFAULT_PARTITION__"}, {"hr", "3"}}}));
    connectors_.Register(std::make_unique<PushDownSourceFactory>(
        "broken-fs", true, true, std::vector<connectors::PartitionSpec>{},
        /*list_fails=*/true));
    connectors_.Register(std::make_unique<PushDownSourceFactory>(
        "badfs", true, true,
        std::vector<connectors::PartitionSpec>{{{"dt", "2026-11-20"}, {"hr", "1"}},
                                               {{"dt", "2026-11-21"}, {"hr", "late"}}}));
    Exec(
        "CREATE TABLE badlogs (msg STRING, dt STRING, hr INT) PARTITIONED BY (dt, hr) "
        "WITH ('connector' = 'badfs')");
    Exec("CREATE TABLE plain (a INT, b BIGINT, s STRING) WITH ('connector' = 'plain')");
    Exec(
        "CREATE TABLE logs (msg STRING, code INT, dt STRING, hr INT) PARTITIONED BY (dt, hr) "
        "WITH ('connector' = 'filesystem', 'path' = '/tmp/logs', 'format' = 'csv')");
    Exec(
        "CREATE TABLE broken (msg STRING, dt STRING) PARTITIONED BY (dt) "
        "WITH ('connector' = 'broken-fs')");
    context_.connectors = &connectors_;
  }

  /// Parses and binds a query or INSERT; fails the test on errors.
  RelPtr BindSql(std::string_view sql) {
    Result<ast::StatementPtr> stmt = ast::ParseStatement(sql);
    EXPECT_TRUE(stmt.ok()) << stmt.status().ToString();
    if (!stmt.ok()) return nullptr;
    Result<RelPtr> rel = (*stmt)->kind == ast::StatementKind::kInsert
                             ? binder_.BindInsert((*stmt)->As<ast::InsertStatement>())
                             : binder_.BindQuery(*(*stmt)->As<ast::QueryStatement>().query);
    EXPECT_TRUE(rel.ok()) << rel.status().ToString() << "\nin: " << sql;
    return rel.ok() ? *rel : nullptr;
  }

  /// Optimises the plans of `sqls` as one statement set; returns them.
  std::vector<RelPtr> OptimizeAll(const std::vector<std::string>& sqls) {
    std::vector<RelPtr> plans;
    for (const std::string& sql : sqls) plans.push_back(BindSql(sql));
    Result<std::vector<RelPtr>> out = Optimize(plans, context_);
    EXPECT_TRUE(out.ok()) << out.status().ToString();
    return out.ok() ? *out : std::vector<RelPtr>{};
  }

  /// Returns the optimised plan of one statement in EXPLAIN layout.
  std::string Optimized(const std::string& sql) {
    std::vector<RelPtr> plans = OptimizeAll({sql});
    return plans.empty() ? "FAILED" : ExplainTree(plans[0]);
  }

  connectors::TableFactoryRegistry connectors_{&connectors::TableFactoryRegistry::Builtins()};
  OptimizerContext context_;
};

}  // namespace weir::sql::testing
