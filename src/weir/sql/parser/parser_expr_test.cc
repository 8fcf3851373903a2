// Tests for expression parsing: literals, precedence, predicates, calls and special syntax.
#include <gtest/gtest.h>

#include "weir/sql/parser/parser_test_util.h"

namespace weir::sql::ast {
namespace {

using testing::ExprTree;

const LiteralExpr& Lit(const ExprPtr& e) {
  EXPECT_EQ(e->kind, ExprKind::kLiteral);
  return e->As<LiteralExpr>();
}

ExprPtr Parse(std::string_view sql) {
  Result<ExprPtr> r = ParseExpression(sql);
  EXPECT_TRUE(r.ok()) << r.status().ToString() << " in " << sql;
  if (!r.ok()) return std::make_unique<SymbolExpr>();
  return std::move(r).ValueOrDie();
}

std::string Canon(std::string_view sql) {
  ExprPtr e = Parse(sql);
  std::string printed = ToSql(*e);
  ExprPtr again = Parse(printed);
  EXPECT_EQ(printed, ToSql(*again)) << "from " << sql;
  return printed;
}

TEST(ParserExprTest, NumericLiterals) {
  EXPECT_EQ(Lit(Parse("42")).literal, LiteralKind::kExactNumeric);
  EXPECT_EQ(Lit(Parse("42")).text, "42");
  EXPECT_EQ(Lit(Parse("0.908")).text, "0.908");
  EXPECT_EQ(Lit(Parse("1e3")).literal, LiteralKind::kApproxNumeric);
  EXPECT_EQ(ExprTree("-5"), "(neg 5)");
}

TEST(ParserExprTest, StringLiterals) {
  EXPECT_EQ(Lit(Parse("'a''b'")).text, "a'b");
  EXPECT_EQ(Lit(Parse("'abc'\n  'def'")).text, "abcdef");
  const LiteralExpr& u = Lit(Parse("U&'\\00e9t\\00e9'"));
  EXPECT_EQ(u.text, "\xC3\xA9t\xC3\xA9");
  EXPECT_TRUE(u.unicode);
  EXPECT_EQ(Lit(Parse("X'CAFE'")).literal, LiteralKind::kBinary);
  EXPECT_EQ(Canon("'it''s'"), "'it''s'");
  EXPECT_EQ(Canon("x'0a'"), "X'0a'");
}

TEST(ParserExprTest, BooleanAndNull) {
  EXPECT_EQ(Lit(Parse("true")).text, "TRUE");
  EXPECT_EQ(Lit(Parse("FALSE")).literal, LiteralKind::kBoolean);
  EXPECT_EQ(Lit(Parse("unknown")).text, "UNKNOWN");
  EXPECT_EQ(Lit(Parse("NULL")).literal, LiteralKind::kNull);
}

TEST(ParserExprTest, DateTimeLiterals) {
  EXPECT_EQ(Lit(Parse("DATE '2020-01-01'")).literal, LiteralKind::kDate);
  EXPECT_EQ(Lit(Parse("TIME '10:00:00.123'")).literal, LiteralKind::kTime);
  EXPECT_EQ(Lit(Parse("TIMESTAMP '2020-01-01 10:00:00'")).literal, LiteralKind::kTimestamp);
  EXPECT_EQ(Lit(Parse("TIMESTAMP_LTZ '2020-01-01 10:00:00'")).literal, LiteralKind::kTimestampLtz);
  EXPECT_EQ(Canon("date '2020-01-01'"), "DATE '2020-01-01'");
}

TEST(ParserExprTest, IntervalLiterals) {
  const LiteralExpr& a = Lit(Parse("INTERVAL '1 02:03' DAY TO MINUTE"));
  EXPECT_EQ(a.literal, LiteralKind::kInterval);
  EXPECT_EQ(a.text, "1 02:03");
  EXPECT_EQ(a.qualifier.start, DateTimeUnit::kDay);
  EXPECT_EQ(*a.qualifier.end, DateTimeUnit::kMinute);
  const LiteralExpr& b = Lit(Parse("INTERVAL '10' MINUTES"));
  EXPECT_EQ(b.qualifier.start, DateTimeUnit::kMinute);
  const LiteralExpr& c = Lit(Parse("INTERVAL -'5' SECOND(3)"));
  EXPECT_TRUE(c.negative);
  EXPECT_EQ(*c.qualifier.start_precision, 3);
  EXPECT_EQ(Canon("INTERVAL '1-2' YEAR(3) TO MONTH"), "INTERVAL '1-2' YEAR(3) TO MONTH");
  EXPECT_EQ(Canon("INTERVAL '1 2:3:4.5' DAY(2) TO SECOND(3)"),
            "INTERVAL '1 2:3:4.5' DAY(2) TO SECOND(3)");
  EXPECT_EQ(Canon("interval '3' second(2, 6)"), "INTERVAL '3' SECOND(2, 6)");
  EXPECT_NE(ExprTree("INTERVAL '1' MONTH TO DAY").find("Invalid interval qualifier"),
            std::string::npos);
}

TEST(ParserExprTest, Identifiers) {
  ExprPtr e = Parse("cat.db.`my t`.col");
  ASSERT_EQ(e->kind, ExprKind::kIdentifier);
  EXPECT_EQ(e->As<IdentifierExpr>().names, (std::vector<std::string>{"cat", "db", "my t", "col"}));
  EXPECT_EQ(Canon("A.dateTime"), "`A`.`dateTime`");
  EXPECT_EQ(Canon("key"), "`key`");  // KEY is not reserved
}

TEST(ParserExprTest, Precedence) {
  EXPECT_EQ(ExprTree("a + b * c"), "(+ a (* b c))");
  EXPECT_EQ(ExprTree("a * b + c"), "(+ (* a b) c)");
  EXPECT_EQ(ExprTree("a - b - c"), "(- (- a b) c)");
  EXPECT_EQ(ExprTree("a || b + c"), "(+ (|| a b) c)");
  EXPECT_EQ(ExprTree("a OR b AND c"), "(OR a (AND b c))");
  EXPECT_EQ(ExprTree("NOT a = b AND c"), "(AND (NOT (= a b)) c)");
  EXPECT_EQ(ExprTree("a = b OR c <> d"), "(OR (= a b) (<> c d))");
  EXPECT_EQ(ExprTree("a < b + 1"), "(< a (+ b 1))");
  EXPECT_EQ(ExprTree("-a * b"), "(* (neg a) b)");
  EXPECT_EQ(ExprTree("(a + b) * c"), "(* (+ a b) c)");
  EXPECT_EQ(ExprTree("a % b / c"), "(/ (% a b) c)");
  EXPECT_EQ(ExprTree("a != b"), "(<> a b)");
}

TEST(ParserExprTest, PrinterKeepsPrecedence) {
  EXPECT_EQ(Canon("(a + b) * c"), "(`a` + `b`) * `c`");
  EXPECT_EQ(Canon("a - (b - c)"), "`a` - (`b` - `c`)");
  EXPECT_EQ(Canon("(a OR b) AND c"), "(`a` OR `b`) AND `c`");
  EXPECT_EQ(Canon("- (- a)"), "-(-`a`)");
  EXPECT_EQ(Canon("NOT (a AND b)"), "NOT (`a` AND `b`)");
}

TEST(ParserExprTest, IsPredicates) {
  EXPECT_EQ(ExprTree("a IS NULL"), "(IS NULL a)");
  EXPECT_EQ(ExprTree("a IS NOT TRUE"), "(IS NOT TRUE a)");
  EXPECT_EQ(ExprTree("a + 1 IS FALSE"), "(IS FALSE (+ a 1))");
  EXPECT_EQ(ExprTree("a IS UNKNOWN OR b"), "(OR (IS UNKNOWN a) b)");
  EXPECT_EQ(ExprTree("a IS NOT DISTINCT FROM b"), "(IS NOT DISTINCT FROM a b)");
  EXPECT_EQ(ExprTree("j IS JSON OBJECT"), "(IS JSON OBJECT j)");
  EXPECT_EQ(ExprTree("j IS NOT JSON"), "(IS NOT JSON j)");
}

TEST(ParserExprTest, Between) {
  EXPECT_EQ(ExprTree("a BETWEEN 1 AND 2 AND b"), "(AND (BETWEEN a 1 2) b)");
  EXPECT_EQ(ExprTree("a NOT BETWEEN b - 1 AND b + 1"), "(NOT BETWEEN a (- b 1) (+ b 1))");
  ExprPtr e = Parse("a BETWEEN SYMMETRIC 2 AND 1");
  EXPECT_TRUE(e->As<BetweenExpr>().symmetric);
  EXPECT_EQ(Canon("a between symmetric 2 and 1"), "`a` BETWEEN SYMMETRIC 2 AND 1");
}

TEST(ParserExprTest, InListAndSubquery) {
  EXPECT_EQ(ExprTree("lower(c) in ('a', 'b')"), "(IN lower(`c`) 'a' 'b')");
  EXPECT_EQ(ExprTree("a NOT IN (1)"), "(NOT IN a 1)");
  ExprPtr e = Parse("a IN (SELECT x FROM t)");
  EXPECT_EQ(e->kind, ExprKind::kInQuery);
  EXPECT_EQ(Canon("a not in (select x from t)"), "`a` NOT IN (SELECT `x`\nFROM `t`)");
}

TEST(ParserExprTest, LikeAndSimilar) {
  EXPECT_EQ(ExprTree("a LIKE 'x%' AND b"), "(AND (LIKE a 'x%') b)");
  EXPECT_EQ(ExprTree("a NOT LIKE 'x'"), "(NOT LIKE a 'x')");
  ExprPtr e = Parse("a SIMILAR TO 'a|b' ESCAPE '\\'");
  EXPECT_EQ(e->As<LikeExpr>().op, LikeOp::kSimilarTo);
  EXPECT_NE(e->As<LikeExpr>().escape, nullptr);
  EXPECT_EQ(Canon("a not similar to 'x' escape '!'"), "`a` NOT SIMILAR TO 'x' ESCAPE '!'");
  EXPECT_EQ(Canon("a ilike 'X'"), "`a` ILIKE 'X'");
}

TEST(ParserExprTest, ExistsAndScalarSubquery) {
  EXPECT_EQ(Parse("EXISTS (SELECT 1)")->kind, ExprKind::kExists);
  EXPECT_EQ(Parse("(SELECT max(a) FROM t)")->kind, ExprKind::kSubquery);
  EXPECT_EQ(Canon("NOT EXISTS (SELECT 1)"), "NOT EXISTS (SELECT 1)");
}

TEST(ParserExprTest, FunctionCalls) {
  ExprPtr e = Parse("count(DISTINCT a) FILTER (WHERE b > 1)");
  const auto& c = e->As<CallExpr>();
  EXPECT_EQ(c.name, std::vector<std::string>{"count"});
  EXPECT_TRUE(c.distinct);
  EXPECT_NE(c.filter, nullptr);
  EXPECT_TRUE(Parse("COUNT(*)")->As<CallExpr>().star);
  EXPECT_EQ(Canon("count(*)"), "count(*)");
  EXPECT_EQ(Canon("my.udf(1, 'a')"), "`my`.`udf`(1, 'a')");
  EXPECT_EQ(Canon("HOUR(ts) + LEFT(s, 2)"), "HOUR(`ts`) + LEFT(`s`, 2)");
  EXPECT_EQ(Canon("LISTAGG(a, ',') WITHIN GROUP (ORDER BY b)"),
            "LISTAGG(`a`, ',') WITHIN GROUP (ORDER BY `b`)");
  EXPECT_EQ(Canon("f()"), "f()");
}

TEST(ParserExprTest, OverClauses) {
  ExprPtr e = Parse("ROW_NUMBER() OVER (PARTITION BY a, b ORDER BY c DESC)");
  const auto& c = e->As<CallExpr>();
  ASSERT_NE(c.over, nullptr);
  EXPECT_EQ(c.over->partition_by.size(), 2u);
  EXPECT_TRUE(c.over->order_by[0].descending);
  EXPECT_EQ(Canon("AVG(p) OVER (PARTITION BY s ORDER BY t ROWS BETWEEN 10 PRECEDING AND "
                  "CURRENT ROW)"),
            "AVG(`p`) OVER (PARTITION BY `s` ORDER BY `t` ROWS BETWEEN 10 PRECEDING AND "
            "CURRENT ROW)");
  EXPECT_EQ(Canon("sum(x) over (order by ts range between interval '1' hour preceding and "
                  "current row)"),
            "sum(`x`) OVER (ORDER BY `ts` RANGE BETWEEN INTERVAL '1' HOUR PRECEDING AND "
            "CURRENT ROW)");
  EXPECT_EQ(Canon("sum(x) OVER w"), "sum(`x`) OVER `w`");
  EXPECT_EQ(Canon("sum(x) OVER (w ROWS UNBOUNDED PRECEDING)"),
            "sum(`x`) OVER (`w` ROWS UNBOUNDED PRECEDING)");
}

TEST(ParserExprTest, CastAndTryCast) {
  ExprPtr e = Parse("CAST(a AS DECIMAL(10, 2) NOT NULL)");
  const auto& c = e->As<CastExpr>();
  EXPECT_FALSE(c.try_cast);
  EXPECT_EQ(c.type->name, TypeName::kDecimal);
  EXPECT_FALSE(c.type->nullable);
  EXPECT_TRUE(Parse("TRY_CAST(a AS INT)")->As<CastExpr>().try_cast);
  EXPECT_EQ(Canon("cast(a as varchar(10))"), "CAST(`a` AS VARCHAR(10))");
  EXPECT_EQ(Canon("CAST(a AS INT ARRAY)"), "CAST(`a` AS ARRAY<INT>)");
}

TEST(ParserExprTest, CaseForms) {
  ExprPtr simple = Parse("CASE a WHEN 1 THEN 'x' WHEN 2 THEN 'y' END");
  EXPECT_NE(simple->As<CaseExpr>().operand, nullptr);
  EXPECT_EQ(simple->As<CaseExpr>().when_then.size(), 2u);
  ExprPtr searched = Parse("CASE WHEN a > 1 THEN 1 ELSE 0 END");
  EXPECT_EQ(searched->As<CaseExpr>().operand, nullptr);
  EXPECT_NE(searched->As<CaseExpr>().else_expr, nullptr);
  EXPECT_EQ(Canon("case when a then b else c end"), "CASE WHEN `a` THEN `b` ELSE `c` END");
}

TEST(ParserExprTest, OverlapsPeriods) {
  ExprPtr e = Parse("(a, b) OVERLAPS (c, INTERVAL '1' HOUR)");
  ASSERT_EQ(e->kind, ExprKind::kBinary);
  EXPECT_EQ(e->As<BinaryExpr>().op, BinaryOp::kOverlaps);
  EXPECT_EQ(e->As<BinaryExpr>().left->kind, ExprKind::kConstructor);
  EXPECT_EQ(Canon("(a, b) overlaps (c, interval '1' hour)"),
            "(`a`, `b`) OVERLAPS (`c`, INTERVAL '1' HOUR)");
  EXPECT_EQ(Canon("ROW(a, b) OVERLAPS ROW(c, d) AND x"),
            "ROW(`a`, `b`) OVERLAPS ROW(`c`, `d`) AND `x`");
  EXPECT_EQ(Canon("NOT (a, b) OVERLAPS (c, d)"), "NOT (`a`, `b`) OVERLAPS (`c`, `d`)");
  // Not followed by a row, the word stays a plain name.
  EXPECT_EQ(Parse("overlaps")->kind, ExprKind::kIdentifier);
  EXPECT_EQ(Canon("overlaps + 1"), "`overlaps` + 1");
}

TEST(ParserExprTest, Constructors) {
  EXPECT_EQ(Canon("ROW(1, 'a')"), "ROW(1, 'a')");
  EXPECT_EQ(Canon("ARRAY[1, 2, 3]"), "ARRAY[1, 2, 3]");
  EXPECT_EQ(Canon("MAP['a', 1, 'b', 2]"), "MAP['a', 1, 'b', 2]");
  EXPECT_EQ(Canon("(1, 2)"), "(1, 2)");
  EXPECT_EQ(Canon("ARRAY(SELECT a FROM t)"), "ARRAY(SELECT `a`\nFROM `t`)");
  EXPECT_NE(ExprTree("MAP['a']").find("even number"), std::string::npos);
}

TEST(ParserExprTest, ItemAndFieldAccess) {
  EXPECT_EQ(Parse("a[1]")->kind, ExprKind::kItem);
  EXPECT_EQ(Canon("a[1]['k']"), "`a`[1]['k']");
  ExprPtr f = Parse("(r).f");
  ASSERT_EQ(f->kind, ExprKind::kField);
  EXPECT_EQ(f->As<FieldExpr>().field, "f");
  EXPECT_EQ(Canon("(r).f"), "(`r`).`f`");
  EXPECT_EQ(Canon("arr[1].f"), "`arr`[1].`f`");
  EXPECT_EQ(Canon("f(x).y"), "f(`x`).`y`");
  EXPECT_EQ(Canon("t.*"), "`t`.*");
}

TEST(ParserExprTest, SpecialSyntaxCalls) {
  EXPECT_EQ(Canon("EXTRACT(day FROM ts)"), "EXTRACT(DAY FROM `ts`)");
  EXPECT_EQ(Canon("TRIM(s)"), "TRIM(BOTH ' ' FROM `s`)");
  EXPECT_EQ(Canon("TRIM(LEADING 'x' FROM s)"), "TRIM(LEADING 'x' FROM `s`)");
  EXPECT_EQ(Canon("TRIM(TRAILING FROM s)"), "TRIM(TRAILING ' ' FROM `s`)");
  EXPECT_EQ(Canon("POSITION('a' IN s)"), "POSITION('a' IN `s`)");
  EXPECT_EQ(Canon("OVERLAY(s PLACING 'x' FROM 2 FOR 3)"), "OVERLAY(`s` PLACING 'x' FROM 2 FOR 3)");
  EXPECT_EQ(Canon("SUBSTRING(s FROM 2 FOR 3)"), "SUBSTRING(`s` FROM 2 FOR 3)");
  EXPECT_EQ(Canon("SUBSTRING(s, 2, 3)"), "SUBSTRING(`s`, 2, 3)");
  EXPECT_EQ(Canon("FLOOR(ts TO HOUR)"), "FLOOR(`ts` TO HOUR)");
  EXPECT_EQ(Canon("CEIL(x)"), "CEIL(`x`)");
  EXPECT_EQ(Canon("TIMESTAMPADD(WEEK, 1, ts)"), "TIMESTAMPADD(WEEK, 1, `ts`)");
  EXPECT_EQ(Canon("TIMESTAMPDIFF(SECOND, a, b)"), "TIMESTAMPDIFF(SECOND, `a`, `b`)");
  EXPECT_EQ(Canon("CURRENT_TIMESTAMP"), "CURRENT_TIMESTAMP");
  EXPECT_EQ(Canon("LOCALTIMESTAMP + INTERVAL '1' DAY"), "LOCALTIMESTAMP + INTERVAL '1' DAY");
  EXPECT_EQ(Parse("CURRENT_DATE")->As<CallExpr>().syntax, CallSyntax::kNiladic);
}

TEST(ParserExprTest, JsonFunctions) {
  EXPECT_EQ(Canon("JSON_VALUE(j, '$.a' RETURNING INTEGER DEFAULT 1 ON EMPTY ERROR ON ERROR)"),
            "JSON_VALUE(`j`, '$.a' RETURNING INT DEFAULT 1 ON EMPTY ERROR ON ERROR)");
  EXPECT_EQ(Canon("JSON_VALUE(j, '$.a' RETURNING INT NULL ON EMPTY)"),
            "JSON_VALUE(`j`, '$.a' RETURNING INT NULL ON EMPTY)");
  EXPECT_EQ(Canon("JSON_QUERY(j, '$.a' WITH CONDITIONAL ARRAY WRAPPER EMPTY ARRAY ON ERROR)"),
            "JSON_QUERY(`j`, '$.a' WITH CONDITIONAL ARRAY WRAPPER EMPTY ARRAY ON ERROR)");
  EXPECT_EQ(Canon("JSON_QUERY(j, '$' WITHOUT WRAPPER)"), "JSON_QUERY(`j`, '$' WITHOUT WRAPPER)");
  EXPECT_EQ(Canon("JSON_EXISTS(j, '$.a' FALSE ON ERROR)"),
            "JSON_EXISTS(`j`, '$.a' FALSE ON ERROR)");
  EXPECT_EQ(Canon("JSON_OBJECT('a' VALUE 1, KEY 'b' VALUE c NULL ON NULL)"),
            "JSON_OBJECT(KEY 'a' VALUE 1, KEY 'b' VALUE `c` NULL ON NULL)");
  EXPECT_EQ(Canon("JSON_OBJECT()"), "JSON_OBJECT()");
  EXPECT_EQ(Canon("JSON_ARRAY(1, 'a' ABSENT ON NULL)"), "JSON_ARRAY(1, 'a' ABSENT ON NULL)");
  EXPECT_EQ(Canon("JSON_ARRAYAGG(a ORDER BY b NULL ON NULL)"),
            "JSON_ARRAYAGG(`a` ORDER BY `b` NULL ON NULL)");
  EXPECT_EQ(Canon("JSON_OBJECTAGG(KEY k VALUE v)"), "JSON_OBJECTAGG(KEY `k` VALUE `v`)");
  EXPECT_EQ(Canon("JSON_STRING(x)"), "JSON_STRING(`x`)");
}

TEST(ParserExprTest, TableFunctionArguments) {
  ExprPtr e = Parse(
      "TUMBLE(DATA => TABLE bid, TIMECOL => DESCRIPTOR(ts), SIZE => INTERVAL "
      "'10' MINUTES)");
  const auto& c = e->As<CallExpr>();
  ASSERT_EQ(c.args.size(), 3u);
  EXPECT_EQ(c.args[0]->kind, ExprKind::kNamedArg);
  EXPECT_EQ(c.args[0]->As<NamedArgExpr>().value->kind, ExprKind::kTableArg);
  EXPECT_EQ(c.args[1]->As<NamedArgExpr>().value->kind, ExprKind::kDescriptor);
  EXPECT_EQ(Canon("HOP(TABLE bid, DESCRIPTOR(ts), INTERVAL '2' SECOND, INTERVAL '10' SECOND)"),
            "HOP(TABLE `bid`, DESCRIPTOR(`ts`), INTERVAL '2' SECOND, INTERVAL '10' SECOND)");
}

TEST(ParserExprTest, DynamicParameters) {
  ExprPtr e = Parse("? + ?");
  EXPECT_EQ(e->As<BinaryExpr>().right->As<ParamExpr>().index, 1);
}

TEST(ParserExprTest, SourcePositions) {
  ExprPtr e = Parse("a +\n  f(b)");
  EXPECT_EQ(e->pos, (SourcePos{1, 3}));
  EXPECT_EQ(e->As<BinaryExpr>().left->pos, (SourcePos{1, 1}));
  EXPECT_EQ(e->As<BinaryExpr>().right->pos, (SourcePos{2, 3}));
}

TEST(ParserExprTest, DeepNestingFailsCleanly) {
  std::string deep(5000, '(');
  deep += "1";
  deep += std::string(5000, ')');
  Result<ExprPtr> r = ParseExpression(deep);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("Nesting is too deep"), std::string::npos);
  std::string chain = "1";
  for (int i = 0; i < 100000; ++i) chain += " + 1";
  Result<ExprPtr> r2 = ParseExpression(chain);
  ASSERT_FALSE(r2.ok());
  std::string nots;
  for (int i = 0; i < 100000; ++i) nots += "NOT ";
  Result<ExprPtr> r3 = ParseExpression(nots + "a");
  ASSERT_FALSE(r3.ok());
  std::string moderate(50, '(');
  moderate += "1";
  moderate += std::string(50, ')');
  EXPECT_TRUE(ParseExpression(moderate).ok());
}

}  // namespace
}  // namespace weir::sql::ast
