// Tests for query parsing: SELECT clauses, FROM items, joins, window TVFs, set operations.
#include <gtest/gtest.h>

#include "weir/sql/parser/parser_test_util.h"

namespace weir::sql::ast {
namespace {

using testing::MustParse;
using testing::RoundTrip;

const Query& QueryOf(const StatementPtr& s) {
  EXPECT_EQ(s->kind, StatementKind::kQuery);
  return *s->As<QueryStatement>().query;
}

const SelectBody& SelectOf(const StatementPtr& s) {
  const Query& q = QueryOf(s);
  EXPECT_EQ(q.body->kind, QueryBodyKind::kSelect);
  return q.body->As<SelectBody>();
}

TEST(ParserQueryTest, SimpleSelect) {
  StatementPtr s = MustParse("SELECT a, b AS c, d e, * FROM t WHERE a > 1");
  const SelectBody& sel = SelectOf(s);
  ASSERT_EQ(sel.items.size(), 4u);
  EXPECT_FALSE(sel.items[0].alias);
  EXPECT_EQ(*sel.items[1].alias, "c");
  EXPECT_EQ(*sel.items[2].alias, "e");
  EXPECT_EQ(sel.items[3].expr->kind, ExprKind::kStar);
  EXPECT_EQ(sel.from->kind, TableRefKind::kNamed);
  EXPECT_NE(sel.where, nullptr);
  EXPECT_EQ(RoundTrip("select a, b as c from t where a > 1"),
            "SELECT `a`, `b` AS `c`\nFROM `t`\nWHERE `a` > 1");
}

TEST(ParserQueryTest, SelectWithoutFrom) { EXPECT_EQ(RoundTrip("SELECT 1, 'a'"), "SELECT 1, 'a'"); }

TEST(ParserQueryTest, DistinctAndAll) {
  EXPECT_TRUE(SelectOf(MustParse("SELECT DISTINCT a FROM t")).distinct);
  EXPECT_TRUE(SelectOf(MustParse("SELECT ALL a FROM t")).all);
}

TEST(ParserQueryTest, WithClause) {
  StatementPtr s = MustParse(
      "WITH a AS (SELECT 1 AS x), b (y) AS (SELECT x FROM a) "
      "SELECT y FROM b");
  const Query& q = QueryOf(s);
  ASSERT_EQ(q.with.size(), 2u);
  EXPECT_EQ(q.with[1].columns, std::vector<std::string>{"y"});
  RoundTrip("WITH a AS (SELECT 1 AS x), b (y) AS (SELECT x FROM a) SELECT y FROM b");
}

TEST(ParserQueryTest, GroupByHavingWindow) {
  StatementPtr s = MustParse(
      "SELECT a, count(*) FROM t GROUP BY a HAVING count(*) > 1 "
      "WINDOW w AS (PARTITION BY a ORDER BY b)");
  const SelectBody& sel = SelectOf(s);
  EXPECT_EQ(sel.group_by.size(), 1u);
  EXPECT_NE(sel.having, nullptr);
  ASSERT_EQ(sel.windows.size(), 1u);
  EXPECT_EQ(sel.windows[0].name, "w");
  RoundTrip(
      "SELECT a, count(*) FROM t GROUP BY a HAVING count(*) > 1 WINDOW w AS "
      "(PARTITION BY a ORDER BY b)");
}

TEST(ParserQueryTest, GroupingSetsRollupCube) {
  StatementPtr s = MustParse(
      "SELECT a, b FROM t GROUP BY GROUPING SETS ((a, b), (a), ()), ROLLUP (a, b), CUBE (a)");
  const SelectBody& sel = SelectOf(s);
  ASSERT_EQ(sel.group_by.size(), 3u);
  EXPECT_EQ(sel.group_by[0].kind, GroupItemKind::kGroupingSets);
  EXPECT_EQ(sel.group_by[0].children.size(), 3u);
  EXPECT_EQ(sel.group_by[0].children[2].kind, GroupItemKind::kEmpty);
  EXPECT_EQ(sel.group_by[1].kind, GroupItemKind::kRollup);
  EXPECT_EQ(sel.group_by[2].kind, GroupItemKind::kCube);
  EXPECT_EQ(RoundTrip("SELECT a FROM t GROUP BY GROUPING SETS ((a, b), (a), ()), ROLLUP (a, "
                      "b), CUBE (a)"),
            "SELECT `a`\nFROM `t`\nGROUP BY GROUPING SETS ((`a`, `b`), `a`, ()), ROLLUP "
            "(`a`, `b`), CUBE (`a`)");
  EXPECT_EQ(SelectOf(MustParse("SELECT GROUPING(a) FROM t GROUP BY a")).items[0].expr->kind,
            ExprKind::kCall);
}

TEST(ParserQueryTest, SetOperations) {
  StatementPtr s = MustParse("SELECT 1 UNION ALL SELECT 2 INTERSECT SELECT 3 EXCEPT SELECT 4");
  const Query& q = QueryOf(s);
  ASSERT_EQ(q.body->kind, QueryBodyKind::kSetOp);
  const auto& top = q.body->As<SetOpBody>();
  EXPECT_EQ(top.op, SetOp::kExcept);
  const auto& left = top.left->As<SetOpBody>();
  EXPECT_EQ(left.op, SetOp::kUnion);
  EXPECT_TRUE(left.all);
  EXPECT_EQ(left.right->As<SetOpBody>().op, SetOp::kIntersect);
  RoundTrip("SELECT 1 UNION ALL SELECT 2 INTERSECT SELECT 3 EXCEPT SELECT 4");
  RoundTrip("(SELECT 1 UNION SELECT 2) UNION (SELECT 3 UNION SELECT 4)");
  RoundTrip("SELECT a FROM t UNION DISTINCT SELECT b FROM u");
}

TEST(ParserQueryTest, OrderLimitOffsetFetch) {
  StatementPtr s = MustParse(
      "SELECT a FROM t ORDER BY a DESC NULLS FIRST, b ASC LIMIT 10 "
      "OFFSET 5");
  const Query& q = QueryOf(s);
  ASSERT_EQ(q.order_by.size(), 2u);
  EXPECT_TRUE(q.order_by[0].descending);
  EXPECT_TRUE(*q.order_by[0].nulls_first);
  EXPECT_NE(q.limit, nullptr);
  EXPECT_NE(q.offset, nullptr);
  RoundTrip("SELECT a FROM t ORDER BY a DESC NULLS LAST LIMIT 10");
  RoundTrip("SELECT a FROM t OFFSET 2 ROWS FETCH FIRST 3 ROWS ONLY");
  RoundTrip("SELECT a FROM t LIMIT ALL");
}

TEST(ParserQueryTest, Values) {
  StatementPtr s = MustParse("VALUES (1, 'a'), (2, 'b')");
  const Query& q = QueryOf(s);
  ASSERT_EQ(q.body->kind, QueryBodyKind::kValues);
  EXPECT_EQ(q.body->As<ValuesBody>().rows.size(), 2u);
  RoundTrip("SELECT * FROM (VALUES (1), (2)) AS v (x)");
}

TEST(ParserQueryTest, JoinForms) {
  struct Case {
    const char* sql;
    JoinType type;
  };
  for (const Case& c : {Case{"SELECT * FROM a JOIN b ON a.x = b.x", JoinType::kInner},
                        Case{"SELECT * FROM a INNER JOIN b USING (x)", JoinType::kInner},
                        Case{"SELECT * FROM a LEFT JOIN b ON TRUE", JoinType::kLeft},
                        Case{"SELECT * FROM a LEFT OUTER JOIN b ON TRUE", JoinType::kLeft},
                        Case{"SELECT * FROM a RIGHT JOIN b ON TRUE", JoinType::kRight},
                        Case{"SELECT * FROM a FULL OUTER JOIN b ON TRUE", JoinType::kFull},
                        Case{"SELECT * FROM a CROSS JOIN b", JoinType::kCross},
                        Case{"SELECT * FROM a, b", JoinType::kComma}}) {
    StatementPtr s = MustParse(c.sql);
    const SelectBody& sel = SelectOf(s);
    ASSERT_EQ(sel.from->kind, TableRefKind::kJoin) << c.sql;
    EXPECT_EQ(sel.from->As<JoinTableRef>().join, c.type) << c.sql;
    RoundTrip(c.sql);
  }
  RoundTrip("SELECT * FROM a NATURAL JOIN b");
  RoundTrip("SELECT * FROM a JOIN (b JOIN c ON b.x = c.x) ON a.x = b.x");
}

TEST(ParserQueryTest, TableAliasesAndHints) {
  StatementPtr s = MustParse(
      "SELECT * FROM cat.db.t /*+ OPTIONS('scan.startup.mode'='earliest-offset', 'k'='v') */ "
      "AS x (a, b)");
  const auto& t = SelectOf(s).from->As<NamedTableRef>();
  EXPECT_EQ(t.name, (std::vector<std::string>{"cat", "db", "t"}));
  ASSERT_EQ(t.hints.size(), 1u);
  EXPECT_EQ(t.hints[0].name, "OPTIONS");
  ASSERT_EQ(t.hints[0].options.size(), 2u);
  EXPECT_EQ(t.hints[0].options[0].first, "scan.startup.mode");
  EXPECT_EQ(t.hints[0].options[0].second, "earliest-offset");
  EXPECT_EQ(*t.alias, "x");
  EXPECT_EQ(t.column_aliases, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(RoundTrip("SELECT * FROM t /*+ OPTIONS('k'='v') */"),
            "SELECT *\nFROM `t` /*+ OPTIONS('k'='v') */");
}

TEST(ParserQueryTest, SelectHints) {
  StatementPtr s = MustParse("SELECT /*+ BROADCAST(b), STATE_TTL('a' = '1d') */ * FROM a");
  const SelectBody& sel = SelectOf(s);
  ASSERT_EQ(sel.hints.size(), 2u);
  EXPECT_EQ(sel.hints[0].args, std::vector<std::string>{"b"});
  EXPECT_EQ(sel.hints[1].options[0].second, "1d");
  RoundTrip("SELECT /*+ BROADCAST(b), STATE_TTL('a' = '1d') */ * FROM a JOIN b ON a.k = b.k");
}

TEST(ParserQueryTest, TemporalJoin) {
  StatementPtr s = MustParse(
      "SELECT * FROM o JOIN r FOR SYSTEM_TIME AS OF o.ts AS rr ON "
      "o.k = rr.k");
  const auto& j = SelectOf(s).from->As<JoinTableRef>();
  const auto& r = j.right->As<NamedTableRef>();
  EXPECT_NE(r.system_time, nullptr);
  EXPECT_EQ(*r.alias, "rr");
  RoundTrip("SELECT * FROM o JOIN r FOR SYSTEM_TIME AS OF o.ts AS rr ON o.k = rr.k");
}

TEST(ParserQueryTest, LateralTableFunctions) {
  StatementPtr s = MustParse("SELECT * FROM t, LATERAL TABLE(split(s)) AS x(w)");
  const auto& j = SelectOf(s).from->As<JoinTableRef>();
  const auto& f = j.right->As<FunctionTableRef>();
  EXPECT_TRUE(f.lateral);
  EXPECT_EQ(f.column_aliases, std::vector<std::string>{"w"});
  RoundTrip("SELECT * FROM t LEFT JOIN LATERAL TABLE(split(s)) AS x (w) ON TRUE");
  RoundTrip("SELECT * FROM t, LATERAL (SELECT * FROM u WHERE u.a = t.a) AS v");
}

TEST(ParserQueryTest, Unnest) {
  StatementPtr s = MustParse(
      "SELECT * FROM t CROSS JOIN UNNEST(t.arr) WITH ORDINALITY AS "
      "u (x, n)");
  const auto& u = SelectOf(s).from->As<JoinTableRef>().right->As<UnnestTableRef>();
  EXPECT_TRUE(u.with_ordinality);
  EXPECT_EQ(u.column_aliases.size(), 2u);
  RoundTrip("SELECT * FROM t CROSS JOIN UNNEST(t.arr) AS u (x)");
}

TEST(ParserQueryTest, WindowTvfPositionalAndNamed) {
  StatementPtr s = MustParse(
      "SELECT window_start, count(*) FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(ts), INTERVAL "
      "'10' MINUTES)) GROUP BY window_start, window_end");
  const auto& f = SelectOf(s).from->As<FunctionTableRef>();
  EXPECT_EQ(f.call->As<CallExpr>().name, std::vector<std::string>{"TUMBLE"});
  RoundTrip("SELECT * FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(ts), INTERVAL '10' MINUTES))");
  RoundTrip(
      "SELECT * FROM TABLE(TUMBLE(DATA => TABLE Bid, TIMECOL => DESCRIPTOR(bidtime), "
      "SIZE => INTERVAL '10' MINUTES))");
  RoundTrip(
      "SELECT * FROM TABLE(SESSION(TABLE bid PARTITION BY item, DESCRIPTOR(ts), "
      "INTERVAL '5' MINUTES))");
  RoundTrip(
      "SELECT * FROM TABLE(CUMULATE(TABLE (SELECT * FROM bid), DESCRIPTOR(ts), "
      "INTERVAL '2' MINUTES, INTERVAL '10' MINUTES))");
}

TEST(ParserQueryTest, DerivedTables) {
  StatementPtr s = MustParse("SELECT * FROM (SELECT a FROM t) x WHERE x.a > 0");
  const auto& d = SelectOf(s).from->As<DerivedTableRef>();
  EXPECT_EQ(*d.alias, "x");
  RoundTrip("SELECT * FROM (SELECT a FROM t) WHERE a > 0");
  RoundTrip("SELECT * FROM ((SELECT a FROM t) UNION ALL (SELECT a FROM u)) AS z");
}

TEST(ParserQueryTest, ParenthesizedQueryStatement) { RoundTrip("(SELECT 1) ORDER BY 1"); }

TEST(ParserQueryTest, GroupWindowFunctions) {
  RoundTrip(
      "SELECT b, SESSION_START(ts, INTERVAL '10' SECOND) FROM t GROUP BY b, "
      "SESSION(ts, INTERVAL '10' SECOND)");
  RoundTrip(
      "SELECT TUMBLE_END(ts, INTERVAL '1' HOUR) FROM t GROUP BY TUMBLE(ts, INTERVAL "
      "'1' HOUR)");
}

TEST(ParserQueryTest, OverAggregation) {
  RoundTrip("SELECT *, ROW_NUMBER() OVER (PARTITION BY a ORDER BY b DESC) AS rn FROM t");
  RoundTrip(
      "SELECT sum(x) OVER w FROM t WINDOW w AS (ORDER BY ts ROWS BETWEEN UNBOUNDED "
      "PRECEDING AND CURRENT ROW)");
}

TEST(ParserQueryTest, QueryPositions) {
  StatementPtr s = MustParse("SELECT a\nFROM t\nWHERE b");
  const SelectBody& sel = SelectOf(s);
  EXPECT_EQ(sel.pos, (SourcePos{1, 1}));
  EXPECT_EQ(sel.from->pos, (SourcePos{2, 6}));
  EXPECT_EQ(sel.where->pos, (SourcePos{3, 7}));
}

TEST(ParserQueryTest, KeywordsAnyCase) {
  EXPECT_EQ(RoundTrip("sElEcT a FrOm t wHeRe a iS nOt NuLl"),
            RoundTrip("SELECT a FROM t WHERE a IS NOT NULL"));
}

TEST(ParserQueryTest, NonReservedKeywordsAsNames) {
  // Flink lets these unreserved words name columns and tables (Nexmark uses key and final).
  RoundTrip("SELECT key, final, name, state, `value`, window_start, data, size FROM t");
  RoundTrip("SELECT a AS key FROM t AS final");
}

TEST(ParserQueryTest, CommentsAnywhere) {
  StatementPtr s = MustParse("SELECT /* c1 */ a -- c2\n, b /* c3 */ FROM -- c4\n t");
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->As<QueryStatement>().query->body->As<SelectBody>().items.size(), 2u);
}

TEST(ParserQueryTest, NestedSubqueriesInWhere) {
  RoundTrip(
      "SELECT * FROM t WHERE a = (SELECT max(a) FROM u WHERE u.b IN (SELECT b FROM v)) "
      "AND NOT EXISTS (SELECT 1 FROM w)");
}

TEST(ParserQueryTest, StarHasNoAlias) {
  Result<StatementPtr> r = ParseStatement("SELECT * x FROM t");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("Encountered \"x\""), std::string::npos);
}

TEST(ParserQueryTest, DeepSubqueryNestingFailsCleanly) {
  std::string sql;
  for (int i = 0; i < 400; ++i) sql += "SELECT * FROM (";
  sql += "SELECT 1";
  for (int i = 0; i < 400; ++i) sql += ")";
  Result<StatementPtr> r = ParseStatement(sql);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("Nesting is too deep"), std::string::npos);
  std::string joins = "SELECT * FROM t0";
  for (int i = 0; i < 5000; ++i) joins += " JOIN t ON TRUE";
  EXPECT_FALSE(ParseStatement(joins).ok());
  std::string unions = "SELECT 1";
  for (int i = 0; i < 5000; ++i) unions += " UNION SELECT 1";
  EXPECT_FALSE(ParseStatement(unions).ok());
}

TEST(ParserQueryTest, TableFunctionWithoutTableKeyword) {
  StatementPtr s = testing::MustParse(
      "SELECT * FROM TUMBLE(DATA => TABLE Bid, TIMECOL => DESCRIPTOR(bidtime), SIZE => "
      "INTERVAL '10' MINUTES) AS w");
  ASSERT_NE(s, nullptr);
  const auto& f =
      s->As<QueryStatement>().query->body->As<SelectBody>().from->As<FunctionTableRef>();
  EXPECT_FALSE(f.table_keyword);
  EXPECT_EQ(*f.alias, "w");
  StatementPtr session = testing::MustParse(
      "SELECT * FROM SESSION(TABLE Bid PARTITION BY item, DESCRIPTOR(bidtime), INTERVAL '5' "
      "MINUTES)");
  ASSERT_NE(session, nullptr);
  const auto& call = session->As<QueryStatement>()
                         .query->body->As<SelectBody>()
                         .from->As<FunctionTableRef>()
                         .call->As<CallExpr>();
  ASSERT_EQ(call.args.size(), 3u);
  EXPECT_EQ(call.args[0]->As<TableArgExpr>().partition_by.size(), 1u);
  EXPECT_EQ(call.args[1]->kind, ExprKind::kDescriptor);
  testing::RoundTrip(
      "SELECT * FROM SESSION(DATA => TABLE Bid PARTITION BY (item, b), TIMECOL "
      "=> DESCRIPTOR(bidtime), GAP => INTERVAL '5' MINUTES)");
  testing::RoundTrip("SELECT * FROM TABLE(f(TABLE t PARTITION BY k ORDER BY ts DESC))");
  EXPECT_EQ(testing::RoundTrip("SELECT * FROM SESSION(TABLE Bid PARTITION BY item, "
                               "DESCRIPTOR(bidtime), INTERVAL '5' MINUTES)"),
            "SELECT *\nFROM TABLE(SESSION(TABLE `Bid` PARTITION BY `item`, "
            "DESCRIPTOR(`bidtime`), INTERVAL '5' MINUTE))");
}

}  // namespace
}  // namespace weir::sql::ast
