// Tests for Status, Result, the error macros and the check macros.
#include "weir/common/status.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "weir/common/check.h"
#include "weir/common/result.h"

namespace weir {
namespace {

Status FailIfNegative(int x) {
  if (x < 0) return Status::Invalid("negative value: ", x, " (line ", 3, ", column ", 17, ")");
  return Status::OK();
}

Result<int> Half(int x) {
  WEIR_RETURN_NOT_OK(FailIfNegative(x));
  if (x % 2 != 0) return Status::Invalid("odd value: ", x);
  return x / 2;
}

Result<int> Quarter(int x) {
  WEIR_ASSIGN_OR_RAISE(int half, Half(x));
  WEIR_ASSIGN_OR_RAISE(auto quarter, Half(half));
  return quarter;
}

Result<std::unique_ptr<int>> MakeBoxed(int x) {
  if (x == 0) return Status::NotFound("zero");
  return std::make_unique<int>(x);
}

TEST(StatusTest, OkIsCheapAndPrintsOk) {
  Status st = Status::OK();
  EXPECT_TRUE(st.ok());
  EXPECT_EQ(st.code(), StatusCode::kOk);
  EXPECT_EQ(st.ToString(), "OK");
  EXPECT_EQ(st.message(), "");
  EXPECT_EQ(sizeof(Status) <= 2 * sizeof(void*), true);
}

TEST(StatusTest, MessageIsBuiltFromValues) {
  Status st = FailIfNegative(-4);
  ASSERT_FALSE(st.ok());
  EXPECT_TRUE(st.IsInvalid());
  EXPECT_EQ(st.message(), "negative value: -4 (line 3, column 17)");
  EXPECT_EQ(st.ToString(), "Invalid: negative value: -4 (line 3, column 17)");
}

TEST(StatusTest, DomainAndRetryableDefaultsFollowTheCode) {
  EXPECT_EQ(Status::Invalid("x").domain(), ErrorDomain::kUserInput);
  EXPECT_FALSE(Status::Invalid("x").retryable());
  EXPECT_EQ(Status::IOError("disk").domain(), ErrorDomain::kExternal);
  EXPECT_TRUE(Status::IOError("disk").retryable());
  EXPECT_EQ(Status::Internal("bug").domain(), ErrorDomain::kInternal);
  EXPECT_FALSE(Status::Internal("bug").retryable());
  EXPECT_TRUE(Status::Timeout("slow").retryable());
}

TEST(StatusTest, ExplicitDomainAndRetryable) {
  Status st(StatusCode::kIOError, ErrorDomain::kUserInput, false, "no such file: a.csv");
  EXPECT_EQ(st.domain(), ErrorDomain::kUserInput);
  EXPECT_FALSE(st.retryable());
  Status external = st.WithDomain(ErrorDomain::kExternal).WithRetryable(true);
  EXPECT_EQ(external.domain(), ErrorDomain::kExternal);
  EXPECT_TRUE(external.retryable());
  EXPECT_EQ(external.message(), "no such file: a.csv");
}

TEST(StatusTest, WithContextPrependsAndKeepsCode) {
  Status st = Status::NotFound("table t").WithContext("while planning");
  EXPECT_TRUE(st.IsNotFound());
  EXPECT_EQ(st.message(), "while planning: table t");
  EXPECT_TRUE(Status::OK().WithContext("x").ok());
}

TEST(StatusTest, CopyAndMove) {
  Status a = Status::IOError("x");
  Status b = a;
  EXPECT_EQ(b.ToString(), a.ToString());
  Status c = std::move(a);
  EXPECT_TRUE(c.IsIOError());
  Status d;
  d = c;
  EXPECT_TRUE(d.IsIOError());
  Status e;
  e = std::move(d);
  EXPECT_TRUE(e.IsIOError());
}

TEST(StatusTest, CodeNames) {
  EXPECT_STREQ(StatusCodeName(StatusCode::kNotSupported), "Not supported");
  EXPECT_STREQ(ErrorDomainName(ErrorDomain::kExternal), "external system");
  EXPECT_EQ(Status::NotSupported("not supported yet: MATCH_RECOGNIZE").ToString(),
            "Not supported: not supported yet: MATCH_RECOGNIZE");
}

TEST(ResultTest, ValueAndError) {
  Result<int> r = Half(8);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, 4);
  Result<int> odd = Half(3);
  ASSERT_FALSE(odd.ok());
  EXPECT_EQ(odd.status().message(), "odd value: 3");
  EXPECT_EQ(Half(-1).status().code(), StatusCode::kInvalid);
  EXPECT_EQ(std::move(odd).ValueOr(-1), -1);
}

TEST(ResultTest, AssignOrRaisePropagates) {
  Result<int> q = Quarter(12);
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q.ValueOrDie(), 3);
  Result<int> bad = Quarter(6);  // 6/2 = 3 is odd
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "odd value: 3");
}

TEST(ResultTest, MoveOnlyValues) {
  auto r = MakeBoxed(7);
  ASSERT_TRUE(r.ok());
  std::unique_ptr<int> p = std::move(r).ValueOrDie();
  EXPECT_EQ(*p, 7);
  auto z = MakeBoxed(0);
  EXPECT_TRUE(z.status().IsNotFound());
}

TEST(ResultTest, OkStatusWithoutValueBecomesInternalError) {
  Result<int> r{Status::OK()};
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInternal);
}

TEST(StrCatTest, FormatsMixedValues) {
  enum class Color { kRed = 2 };
  EXPECT_EQ(StrCat("a", 1, ' ', 2.5, " ", true, " ", int64_t{-7}, " ", Color::kRed), "a1 2.5 true -7 2");
  EXPECT_EQ(StrCat(Status::Invalid("x")), "Invalid: x");
}

using CheckDeathTest = ::testing::Test;

TEST(CheckDeathTest, CheckPrintsBothOperands) {
  int a = 3;
  int b = 4;
  EXPECT_DEATH(WEIR_CHECK_EQ(a, b), "Check failed: a == b \\(3 vs. 4\\)");
  EXPECT_DEATH(WEIR_CHECK_LT(b, a), "Check failed: b < a \\(4 vs. 3\\)");
  EXPECT_DEATH(WEIR_CHECK(a > b), "Check failed: a > b");
  EXPECT_DEATH(WEIR_CHECK_OK(Status::IOError("disk full")), "IO error: disk full");
}

TEST(CheckDeathTest, ValueOrDieOnErrorAborts) {
  EXPECT_DEATH(Half(3).ValueOrDie(), "odd value: 3");
}

#ifdef WEIR_DCHECK_ENABLED
TEST(CheckDeathTest, DcheckFiresInCheckedBuilds) {
  int a = 1;
  EXPECT_DEATH(WEIR_DCHECK_GT(a, 2), "Check failed: a > 2 \\(1 vs. 2\\)");
}

TEST(CheckDeathTest, UncheckedStatusAborts) {
  EXPECT_DEATH({ Status st = Status::IOError("lost"); }, "destroyed without being checked: lost");
  EXPECT_DEATH({ Status st = Status::OK(); }, "destroyed without being checked: OK");
  EXPECT_DEATH(
      {
        Status st = Status::Invalid("first");
        st = Status::OK();
        st.IgnoreError();
      },
      "without being checked: first");
}

TEST(StatusTest, CopyingAnErrorHandsOverTheCheck) {
  Result<int> r = Half(3);
  Status copy = r.status();  // the Result's status now counts as inspected
  EXPECT_TRUE(copy.IsInvalid());
}

TEST(CheckDeathTest, UncheckedCopyAborts) {
  EXPECT_DEATH(
      {
        Status original = Status::IOError("copied");
        Status copy = original;
      },
      "without being checked: copied");
}

TEST(CheckDeathTest, UncheckedResultErrorAborts) {
  EXPECT_DEATH({ Result<int> r = Half(3); }, "destroyed without being checked: odd value: 3");
}

TEST(StatusTest, CheckedStatusesDoNotAbort) {
  Status st = Status::IOError("seen");
  EXPECT_FALSE(st.ok());
  Status ignored = Status::Invalid("deliberately dropped");
  ignored.IgnoreError();
  Status moved_from = Status::Invalid("moved");
  Status target = std::move(moved_from);
  EXPECT_TRUE(target.IsInvalid());
}
#endif

}  // namespace
}  // namespace weir
