// Test fixture for the binder: a session with tables made by CREATE statements, and helpers
// that parse, bind and print plans (Flink's EXPLAIN layout), expressions or errors.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "weir/sql/binder/binder.h"
#include "weir/sql/parser/parser.h"

namespace weir::sql::testing {

class BinderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Exec(
        "CREATE TABLE src (a INT, b BIGINT, s STRING, d DECIMAL(10, 2), ts TIMESTAMP(3)) "
        "WITH ('connector' = 'datagen')");
    Exec(
        "CREATE TABLE orders (id BIGINT NOT NULL, amount DECIMAL(10, 2), ts TIMESTAMP(3), "
        "r ROW<x INT, y STRING>, total AS amount * 2, proc AS PROCTIME(), "
        "WATERMARK FOR ts AS ts - INTERVAL '5' SECOND, PRIMARY KEY (id) NOT ENFORCED) "
        "WITH ('connector' = 'datagen')");
    Exec("CREATE TABLE snk (a INT, b BIGINT, s STRING) WITH ('connector' = 'blackhole')");
    Exec(
        "CREATE TABLE psink (a INT, s STRING, dt STRING) PARTITIONED BY (dt) "
        "WITH ('connector' = 'filesystem', 'path' = '/tmp/x')");
  }

  /// Executes a DDL statement against the session's catalogs; fails the test on error.
  void Exec(std::string_view sql) {
    Status st = TryExec(sql);
    ASSERT_TRUE(st.ok()) << st.ToString() << "\nin: " << sql;
  }

  /// Executes CREATE TABLE / VIEW / FUNCTION / DATABASE; returns the error.
  Status TryExec(std::string_view sql) {
    WEIR_ASSIGN_OR_RAISE(ast::StatementPtr stmt, ast::ParseStatement(sql));
    switch (stmt->kind) {
      case ast::StatementKind::kCreateTable: {
        const auto& s = stmt->As<ast::CreateTableStatement>();
        WEIR_ASSIGN_OR_RAISE(CatalogTable t, binder_.ConvertCreateTable(s));
        WEIR_ASSIGN_OR_RAISE(ObjectIdentifier id, binder_.Qualify(s.name, s.pos));
        if (s.temporary) return catalogs_.CreateTemporaryTable(id, t, s.if_not_exists);
        return catalogs_.CreateTable(id, t, s.if_not_exists);
      }
      case ast::StatementKind::kCreateView: {
        const auto& s = stmt->As<ast::CreateViewStatement>();
        WEIR_ASSIGN_OR_RAISE(CatalogView v, binder_.ConvertCreateView(s));
        WEIR_ASSIGN_OR_RAISE(ObjectIdentifier id, binder_.Qualify(s.name, s.pos));
        if (s.temporary) return catalogs_.CreateTemporaryTable(id, v, s.if_not_exists);
        return catalogs_.CreateTable(id, v, s.if_not_exists);
      }
      case ast::StatementKind::kCreateFunction: {
        const auto& s = stmt->As<ast::CreateFunctionStatement>();
        WEIR_ASSIGN_OR_RAISE(CatalogFunction f, binder_.ConvertCreateFunction(s));
        if (s.system) return catalogs_.CreateTemporarySystemFunction(s.name[0], f, false);
        WEIR_ASSIGN_OR_RAISE(ObjectIdentifier id, binder_.Qualify(s.name, s.pos));
        if (s.temporary) return catalogs_.CreateTemporaryFunction(id, f, false);
        return catalogs_.CreateFunction(id, f, false);
      }
      default:
        return Status::Invalid("not a CREATE statement: ", sql);
    }
  }

  /// Parses and binds a query or INSERT; returns the plan or "ERROR: message".
  std::string Plan(std::string_view sql) {
    Result<ast::StatementPtr> stmt = ast::ParseStatement(sql);
    if (!stmt.ok()) return "PARSE ERROR: " + stmt.status().message();
    Result<RelPtr> rel = [&]() -> Result<RelPtr> {
      if ((*stmt)->kind == ast::StatementKind::kQuery) {
        return binder_.BindQuery(*(*stmt)->As<ast::QueryStatement>().query);
      }
      if ((*stmt)->kind == ast::StatementKind::kInsert) {
        return binder_.BindInsert((*stmt)->As<ast::InsertStatement>());
      }
      return Status::Invalid("not a query or INSERT");
    }();
    if (!rel.ok()) return "ERROR: " + rel.status().message();
    return ExplainTree(*rel);
  }

  /// Returns the output row type of a query's plan, or "ERROR: message".
  std::string RowType(std::string_view sql) {
    Result<ast::StatementPtr> stmt = ast::ParseStatement(sql);
    if (!stmt.ok()) return "PARSE ERROR: " + stmt.status().message();
    Result<RelPtr> rel = binder_.BindQuery(*(*stmt)->As<ast::QueryStatement>().query);
    if (!rel.ok()) return "ERROR: " + rel.status().message();
    return (*rel)->row_type().ToString();
  }

  /// Binds an expression over the columns of `src` (qualified `src`); returns
  /// "<plan form> : <type>" or "ERROR: message".
  std::string Bind(std::string_view sql, const std::string& table = "src") {
    Result<ast::ExprPtr> e = ast::ParseExpression(sql);
    if (!e.ok()) return "PARSE ERROR: " + e.status().message();
    auto object = catalogs_.GetTable({"default_catalog", "default_database", table});
    if (!object.has_value()) return "no table " + table;
    Scope scope = Scope::FromRow(std::get<CatalogTable>(object->object).RowType(), table);
    Result<ExprPtr> bound = binder_.BindExpression(**e, scope);
    if (!bound.ok()) return "ERROR: " + bound.status().message();
    return (*bound)->ToString() + " : " + (*bound)->type().ToString();
  }

  /// Returns the stored definition of a table.
  CatalogTable Table(const std::string& name) {
    auto object = catalogs_.GetTable({"default_catalog", "default_database", name});
    EXPECT_TRUE(object.has_value()) << name;
    if (!object.has_value() || IsView(object->object)) return CatalogTable{};
    return std::get<CatalogTable>(object->object);
  }

  CatalogManager catalogs_;
  config::Configuration config_;
  Binder binder_{&catalogs_, &FunctionRegistry::Builtins(), &config_};
};

}  // namespace weir::sql::testing
