// Tests of the collection functions and the ARRAY/MAP/ROW constructors.
#include <gtest/gtest.h>

#include "weir/sql/expr/expr_test_util.h"

namespace weir::sql {
namespace {

using namespace weir::sql::testing;  // NOLINT
using Rows = std::vector<std::string>;

const LogicalType kS = LogicalType::String();
const LogicalType kI = LogicalType::Int();

ExprPtr Arr(std::vector<ExprPtr> items) { return Call("ARRAY", std::move(items)); }
ExprPtr Ints(std::vector<int> v) {
  std::vector<ExprPtr> items;
  for (int x : v) items.push_back(Int(x));
  return Arr(std::move(items));
}
ExprPtr NullArray(LogicalType elem = LogicalType::Int()) {
  return Null(LogicalType::Array(std::move(elem)));
}

TEST(CollectionTest, Constructors) {
  EXPECT_EQ(EvalText(Ints({1, 2, 3})), "[1, 2, 3]");
  EXPECT_EQ(EvalText(Arr({Int(1), Null(kI)})), "[1, null]");
  EXPECT_EQ(EvalText(Arr({Int(1), Dbl(2.5)})), "[1.0, 2.5]");
  EXPECT_EQ(EvalText(Call("MAP", {Str("a"), Int(1), Str("b"), Int(2)})), "{a=1, b=2}");
  EXPECT_EQ(EvalText(Call("MAP", {Str("a"), Int(1), Str("a"), Int(2)})), "{a=2}");
  EXPECT_EQ(EvalText(Call("ROW", {Int(1), Str("x")})), "+I[1, x]");
  EXPECT_EQ(*EvalRows(Arr({Col(0, kI), Col(1, kI)}), "a INT, b INT\n+I 1 2\n+I null 3"),
            (Rows{"[1, 2]", "[null, 3]"}));
  EXPECT_EQ(*EvalRows(Call("MAP", {Col(1, kS), Col(0, kI)}), "a INT, b STRING\n+I 1 x\n+I 2 y"),
            (Rows{"{x=1}", "{y=2}"}));
}

TEST(CollectionTest, ItemAndDot) {
  EXPECT_EQ(EvalText(Call("ITEM", {Ints({10, 20}), Int(1)})), "10");
  EXPECT_EQ(EvalText(Call("ITEM", {Ints({10, 20}), Int(2)})), "20");
  EXPECT_EQ(EvalText(Call("ITEM", {Ints({10, 20}), Int(3)})), "null");
  EXPECT_FALSE(FunctionRegistry::Builtins().MakeCall("ITEM", {Ints({10, 20}), Int(0)}).ok());
  EXPECT_EQ(EvalText(Call("ITEM", {NullArray(), Int(1)})), "null");
  auto m = Call("MAP", {Str("a"), Int(1), Str("b"), Int(2)});
  EXPECT_EQ(EvalText(Call("ITEM", {m, Str("b")})), "2");
  EXPECT_EQ(EvalText(Call("ITEM", {m, Str("z")})), "null");
  EXPECT_EQ(*EvalRows(Call("ITEM", {Arr({Col(0, kI), Col(1, kI)}), Col(1, kI)}),
                      "a INT, b INT\n+I 5 2\n+I 6 1\n+I 7 9\n+I 8 null\n+I 9 0\n+I 3 -1"),
            (Rows{"2", "6", "null", "null", "null", "null"}));
  auto row = Call("ROW", {Int(1), Str("x")});
  EXPECT_EQ(EvalText(Call("DOT", {row, Str("EXPR$1")})), "x");
  EXPECT_EQ(EvalText(Call("DOT", {row, Int(0)})), "1");
  EXPECT_FALSE(FunctionRegistry::Builtins().MakeCall("DOT", {row, Str("nope")}).ok());
  EXPECT_EQ(*EvalRows(Call("DOT", {Call("ROW", {Col(0, kI), Col(1, kS)}), Str("EXPR$0")}),
                      "a INT, b STRING\n+I 1 x\n+I null y"),
            (Rows{"1", "null"}));
}

TEST(CollectionTest, CardinalityAndElement) {
  EXPECT_EQ(EvalText(Call("CARDINALITY", {Ints({1, 2, 3})})), "3");
  EXPECT_EQ(EvalText(Call("CARDINALITY", {Call("MAP", {Str("a"), Int(1)})})), "1");
  EXPECT_EQ(EvalText(Call("CARDINALITY", {NullArray()})), "null");
  EXPECT_EQ(EvalText(Call("ELEMENT", {Ints({7})})), "7");
  EXPECT_EQ(EvalText(Call("ELEMENT", {NullArray()})), "null");
  EXPECT_EQ(EvalText(Call("ELEMENT", {Ints({1, 2})})).substr(0, 6), "ERROR:");
}

TEST(CollectionTest, ArrayFunctions) {
  auto a = Arr({Int(1), Int(2), Null(kI), Int(2), Int(3)});
  EXPECT_EQ(EvalText(Call("ARRAY_CONTAINS", {a, Int(3)})), "true");
  EXPECT_EQ(EvalText(Call("ARRAY_CONTAINS", {a, Int(9)})), "false");
  EXPECT_EQ(EvalText(Call("ARRAY_CONTAINS", {a, Null(kI)})), "true");
  EXPECT_EQ(EvalText(Call("ARRAY_CONTAINS", {Ints({1}), Null(kI)})), "false");
  EXPECT_EQ(EvalText(Call("ARRAY_CONTAINS", {NullArray(), Int(1)})), "null");
  EXPECT_EQ(EvalText(Call("ARRAY_POSITION", {a, Int(2)})), "2");
  EXPECT_EQ(EvalText(Call("ARRAY_POSITION", {a, Int(9)})), "0");
  EXPECT_EQ(EvalText(Call("ARRAY_DISTINCT", {a})), "[1, 2, null, 3]");
  EXPECT_EQ(EvalText(Call("ARRAY_REMOVE", {a, Int(2)})), "[1, null, 3]");
  EXPECT_EQ(EvalText(Call("ARRAY_REMOVE", {a, Null(kI)})), "[1, 2, 2, 3]");
  EXPECT_EQ(EvalText(Call("ARRAY_REVERSE", {a})), "[3, 2, null, 2, 1]");
  EXPECT_EQ(EvalText(Call("ARRAY_REVERSE", {NullArray()})), "null");
  EXPECT_EQ(EvalText(Call("ARRAY_MAX", {a})), "3");
  EXPECT_EQ(EvalText(Call("ARRAY_MIN", {a})), "1");
  EXPECT_EQ(EvalText(Call("ARRAY_MAX", {Arr({Null(kI)})})), "null");
  EXPECT_EQ(EvalText(Call("ARRAY_MIN", {Arr({Str("b"), Str("a")})})), "a");
  EXPECT_EQ(EvalText(Call("ARRAY_CONCAT", {Ints({1}), Ints({2, 3}), Ints({1})})), "[1, 2, 3, 1]");
  EXPECT_EQ(EvalText(Call("ARRAY_CONCAT", {Ints({1}), NullArray()})), "null");
  EXPECT_EQ(EvalText(Call("ARRAY_UNION", {Ints({1, 2, 1}), Ints({3, 2})})), "[1, 2, 3]");
  auto s = Arr({Str("a"), Null(kS), Str("b")});
  EXPECT_EQ(EvalText(Call("ARRAY_JOIN", {s, Str(",")})), "a,b");
  EXPECT_EQ(EvalText(Call("ARRAY_JOIN", {s, Str(","), Str("-")})), "a,-,b");
  EXPECT_EQ(EvalText(Call("ARRAY_JOIN", {s, Null(kS)})), "null");
}

TEST(CollectionTest, ArraySlice) {
  auto a = Ints({1, 2, 3, 4, 5});
  auto slice = [&](int s, int e) { return EvalText(Call("ARRAY_SLICE", {a, Int(s), Int(e)})); };
  EXPECT_EQ(slice(2, 3), "[2, 3]");
  EXPECT_EQ(slice(0, 2), "[1, 2]");
  EXPECT_EQ(slice(-2, -1), "[4, 5]");
  EXPECT_EQ(slice(4, 2), "[]");
  EXPECT_EQ(slice(7, 9), "[]");
  EXPECT_EQ(slice(3, 99), "[3, 4, 5]");
  EXPECT_EQ(EvalText(Call("ARRAY_SLICE", {a, Int(4)})), "[4, 5]");
  EXPECT_EQ(EvalText(Call("ARRAY_SLICE", {a, Null(kI)})), "null");
}

TEST(CollectionTest, MapFunctions) {
  auto m = Call("MAP", {Str("a"), Int(1), Str("b"), Null(kI)});
  EXPECT_EQ(EvalText(Call("MAP_KEYS", {m})), "[a, b]");
  EXPECT_EQ(EvalText(Call("MAP_VALUES", {m})), "[1, null]");
  EXPECT_EQ(EvalText(Call("MAP_ENTRIES", {m})), "[+I[a, 1], +I[b, null]]");
  EXPECT_EQ(
      EvalText(Call("MAP_FROM_ARRAYS", {Arr({Str("x"), Str("y"), Str("x")}), Ints({1, 2, 3})})),
      "{x=3, y=2}");
  EXPECT_EQ(EvalText(Call("MAP_FROM_ARRAYS", {Arr({Str("x")}), Ints({1, 2})})).substr(0, 6),
            "ERROR:");
  EXPECT_EQ(*EvalRows(Call("MAP_KEYS", {Call("MAP", {Col(0, kS), Col(1, kI)})}),
                      "k STRING, v INT\n+I a 1\n+I b null"),
            (Rows{"[a]", "[b]"}));
}

TEST(CollectionTest, Split) {
  EXPECT_EQ(EvalText(Call("SPLIT", {Str("a,b,,c"), Str(",")})), "[a, b, , c]");
  EXPECT_EQ(EvalText(Call("SPLIT", {Str("abc"), Str(",")})), "[abc]");
  EXPECT_EQ(EvalText(Call("SPLIT", {Str("hé!"), Str("")})), "[h, é, !]");
  EXPECT_EQ(EvalText(Call("SPLIT", {Null(kS), Str(",")})), "null");
  EXPECT_EQ(*EvalRows(Call("SPLIT", {Col(0, kS), Str("-")}), "s STRING\n+I a-b\n+I null\n+I c"),
            (Rows{"[a, b]", "null", "[c]"}));
}

TEST(CollectionTest, AppendSortSetOps) {
  EXPECT_EQ(EvalText(Call("ARRAY_APPEND", {Ints({1, 2}), Int(3)})), "[1, 2, 3]");
  EXPECT_EQ(EvalText(Call("ARRAY_APPEND", {Ints({1}), Null(kI)})), "[1, null]");
  EXPECT_EQ(EvalText(Call("ARRAY_PREPEND", {Ints({1, 2}), Int(0)})), "[0, 1, 2]");
  EXPECT_EQ(EvalText(Call("ARRAY_APPEND", {NullArray(), Int(1)})), "null");
  auto a = Arr({Int(3), Null(kI), Int(1), Int(2)});
  EXPECT_EQ(EvalText(Call("ARRAY_SORT", {a})), "[null, 1, 2, 3]");
  EXPECT_EQ(EvalText(Call("ARRAY_SORT", {a, Bool(false)})), "[3, 2, 1, null]");
  EXPECT_EQ(EvalText(Call("ARRAY_SORT", {a, Bool(true), Bool(false)})), "[1, 2, 3, null]");
  EXPECT_EQ(EvalText(Call("ARRAY_SORT", {a, Bool(false), Bool(true)})), "[null, 3, 2, 1]");
  EXPECT_EQ(EvalText(Call("ARRAY_SORT", {a, Null(LogicalType::Boolean())})), "null");
  EXPECT_EQ(EvalText(Call("ARRAY_EXCEPT", {Ints({1, 2, 2, 3}), Ints({2})})), "[1, 3]");
  EXPECT_EQ(EvalText(Call("ARRAY_EXCEPT", {Ints({1}), Ints({1})})), "[]");
  EXPECT_EQ(EvalText(Call("ARRAY_INTERSECT", {Ints({3, 1, 2, 1}), Ints({1, 3})})), "[3, 1]");
  EXPECT_EQ(EvalText(Call("ARRAY_INTERSECT", {Ints({1}), NullArray()})), "null");
  EXPECT_EQ(EvalText(Call("ARRAY_POSITION", {Ints({1}), Null(kI)})), "null");
  auto m1 = Call("MAP", {Str("a"), Int(1), Str("b"), Int(2)});
  auto m2 = Call("MAP", {Str("b"), Int(3), Str("c"), Int(4)});
  EXPECT_EQ(EvalText(Call("MAP_UNION", {m1, m2})), "{a=1, b=3, c=4}");
  EXPECT_EQ(EvalText(Call("MAP_UNION", {m1, Null(LogicalType::Map(kS, kI))})), "null");
}

TEST(CollectionTest, BindErrors) {
  const auto& r = FunctionRegistry::Builtins();
  EXPECT_FALSE(r.MakeCall("CARDINALITY", {Int(1)}).ok());
  EXPECT_FALSE(r.MakeCall("ARRAY_CONTAINS", {Ints({1}), Call("ARRAY", {Int(1)})}).ok());
  EXPECT_FALSE(r.MakeCall("ARRAY_JOIN", {Ints({1}), Str(",")}).ok());
  EXPECT_FALSE(r.MakeCall("MAP", {Str("a")}).ok());
}

}  // namespace
}  // namespace weir::sql
