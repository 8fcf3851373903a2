// Tests of Optimize as a whole: passes together, root row types, sharing and idempotence.
#include "weir/sql/planner/optimizer.h"

#include "weir/sql/planner/rules/optimizer_test_util.h"

namespace weir::sql {
namespace {

using OptimizeTest = testing::OptimizerTest;

TEST_F(OptimizeTest, KeepsRootRowTypes) {
  for (const char* sql : {"SELECT a AS x, b, s FROM src", "SELECT a, s FROM src WHERE 1 = 0",
                          "SELECT COALESCE(id, 0) AS id, amount FROM orders WHERE id IS NOT NULL",
                          "INSERT INTO snk SELECT a, b, s FROM src WHERE a > 1 + 1",
                          "SELECT * FROM (SELECT a, s FROM src UNION ALL SELECT a, s FROM plain)",
                          "SELECT msg, dt FROM logs WHERE dt > '2026-11-20'"}) {
    RelPtr plan = BindSql(sql);
    ASSERT_NE(plan, nullptr) << sql;
    Result<std::vector<RelPtr>> out = Optimize({plan}, context_);
    ASSERT_TRUE(out.ok()) << out.status().ToString() << "\nin: " << sql;
    EXPECT_EQ((*out)[0]->row_type(), plan->row_type()) << sql;
  }
}

TEST_F(OptimizeTest, SimplifiesNullChecksOnKeysAndFoldsCoalesce) {
  // id is the primary key, so NOT NULL: the check and the COALESCE go away.
  EXPECT_EQ(Optimized("SELECT COALESCE(id, 0) AS id FROM orders WHERE id IS NOT NULL"),
            "LogicalProject(id=[$0])\n"
            "+- LogicalWatermarkAssigner(rowtime=[ts], watermark=[-($1, 5000:INTERVAL "
            "SECOND)])\n"
            "   +- LogicalTableScan(table=[[default_catalog, default_database, orders, "
            "project=[id, ts]]])\n");
}

TEST_F(OptimizeTest, IsIdempotent) {
  const std::vector<std::string> sqls = {
      "INSERT INTO snk SELECT a, CAST(NULL AS BIGINT), s FROM src WHERE a > 1",
      "INSERT INTO snk SELECT a, b, CAST(NULL AS STRING) FROM src WHERE b < 0",
      "INSERT INTO psink SELECT code, msg, dt FROM logs WHERE dt = '2026-11-21'"};
  std::vector<RelPtr> once = OptimizeAll(sqls);
  ASSERT_EQ(once.size(), 3u);
  Result<std::vector<RelPtr>> twice = Optimize(once, context_);
  ASSERT_TRUE(twice.ok()) << twice.status().ToString();
  for (size_t i = 0; i < once.size(); ++i) {
    EXPECT_EQ(ExplainTree((*twice)[i]), ExplainTree(once[i]));
  }
  EXPECT_NE(ExplainTree(once[2]).find("partitions=[{dt=2026-11-21, hr=1}, {dt=2026-11-21, hr=2}]"),
            std::string::npos)
      << ExplainTree(once[2]);
}

TEST_F(OptimizeTest, LeavesPlansWithoutRulesToApplyAsTheyAre) {
  RelPtr plan = BindSql("INSERT INTO snk SELECT a + 1, b, s FROM plain WHERE a > b");
  ASSERT_NE(plan, nullptr);
  Result<std::vector<RelPtr>> out = Optimize({plan}, context_);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(ExplainTree((*out)[0]), ExplainTree(plan));
}

}  // namespace
}  // namespace weir::sql
