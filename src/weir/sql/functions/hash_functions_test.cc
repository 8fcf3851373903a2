// Tests of MD5, SHA1 and the SHA-2 functions against published test vectors.
#include <gtest/gtest.h>

#include "weir/sql/expr/expr_test_util.h"

namespace weir::sql {
namespace {

using namespace weir::sql::testing;  // NOLINT

TEST(HashFunctionsTest, KnownDigests) {
  EXPECT_EQ(EvalText(Call("MD5", {Str("")})), "d41d8cd98f00b204e9800998ecf8427e");
  EXPECT_EQ(EvalText(Call("MD5", {Str("abc")})), "900150983cd24fb0d6963f7d28e17f72");
  EXPECT_EQ(EvalText(Call("SHA1", {Str("abc")})), "a9993e364706816aba3e25717850c26c9cd0d89d");
  EXPECT_EQ(EvalText(Call("SHA224", {Str("abc")})),
            "23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7");
  EXPECT_EQ(EvalText(Call("SHA256", {Str("abc")})),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(EvalText(Call("SHA384", {Str("abc")})),
            "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed"
            "8086072ba1e7cc2358baeca134c825a7");
  EXPECT_EQ(EvalText(Call("SHA512", {Str("abc")})),
            "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
            "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
  // Two-block messages (56 and 112 bytes) exercise the padding.
  EXPECT_EQ(
      EvalText(Call("SHA256", {Str("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")})),
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(
      EvalText(Call("SHA1", {Str("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")})),
      "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
  EXPECT_EQ(EvalText(Call("SHA2", {Str("abc"), Int(256)})),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(EvalText(Call("SHA2", {Str("abc"), Null(LogicalType::Int())})), "null");
  EXPECT_EQ(EvalText(Call("MD5", {Null(LogicalType::String())})), "null");
  EXPECT_FALSE(FunctionRegistry::Builtins().MakeCall("SHA2", {Str("abc"), Int(100)}).ok());
  EXPECT_EQ(*EvalRows(Call("MD5", {Col(0, LogicalType::String())}), "s STRING\n+I abc\n+I null"),
            (std::vector<std::string>{"900150983cd24fb0d6963f7d28e17f72", "null"}));
}

}  // namespace
}  // namespace weir::sql
