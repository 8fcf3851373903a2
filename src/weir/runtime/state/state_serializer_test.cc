// Tests of the state value serializers and the byte reader's bounds checks.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "weir/runtime/state/state_serializer.h"

namespace weir::runtime {
namespace {

template <typename T>
void RoundTrip(const T& v) {
  std::string bytes = SerializeStateValue(v);
  T back{};
  Status st = DeserializeStateValue(bytes, &back);
  ASSERT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ(back, v);
  // Every strict prefix is rejected, never read past.
  for (size_t n = 0; n < bytes.size(); ++n) {
    T partial{};
    EXPECT_FALSE(DeserializeStateValue(std::string_view(bytes.data(), n), &partial).ok()) << n;
  }
  EXPECT_FALSE(DeserializeStateValue(bytes + "x", &back).ok());
}

TEST(StateSerializerTest, RoundTripsEveryProvidedType) {
  RoundTrip<int64_t>(-5);
  RoundTrip<int32_t>(7);
  RoundTrip<int16_t>(-300);
  RoundTrip<int8_t>(-1);
  RoundTrip<double>(2.5);
  RoundTrip<float>(-0.25f);
  RoundTrip<bool>(true);
  RoundTrip<std::string>(std::string("a\0b", 3));
  RoundTrip<std::vector<std::string>>({"x", "", "yz"});
  RoundTrip<std::map<std::string, std::vector<int64_t>>>({{"a", {1, 2}}, {"b", {}}});
  RoundTrip<std::pair<int64_t, std::string>>({4, "four"});
  RoundTrip<Value>(Value::MakeRow({Value(int64_t{1}), Value("s"), Value(), Value(true), Value(1.5),
                                   Value(Decimal128(-12345)),
                                   Value::MakeList({Value(int64_t{1}), Value()}),
                                   Value::MakeMap({{Value("k"), Value(int64_t{2})}})}));
  RoundTrip<ValueList>({Value(int64_t{3}), Value("row value")});
  EXPECT_EQ((StateSerializer<std::map<std::string, std::vector<int64_t>>>::TypeName()),
            "MAP<BYTES, ARRAY<BIGINT>>");
}

TEST(StateSerializerTest, RejectsMalformedBytes) {
  bool b = false;
  EXPECT_FALSE(DeserializeStateValue(std::string("\x02", 1), &b).ok());
  Value v;
  EXPECT_FALSE(DeserializeStateValue(std::string("\x09", 1), &v).ok());  // unknown tag
  std::string deep;
  for (int i = 0; i < 100; ++i) deep += std::string("\x06\x01", 2);  // 100 nested lists
  deep += std::string("\x00", 1);
  EXPECT_FALSE(DeserializeStateValue(deep, &v).ok());
  std::vector<int64_t> list;
  EXPECT_FALSE(DeserializeStateValue(std::string("\xff\xff\xff\xff\x0f", 5), &list).ok());
  std::map<int64_t, int64_t> dup;
  std::string two = SerializeStateValue(std::map<int64_t, int64_t>{{1, 1}});
  two[0] = 2;
  two += two.substr(1);
  EXPECT_FALSE(DeserializeStateValue(two, &dup).ok());  // duplicate key
  ByteReader r(std::string_view("\x80\x80\x80\x80\x80\x80\x80\x80\x80\x80\x01", 11));
  uint64_t n;
  EXPECT_FALSE(r.GetVarint(&n).ok());  // varint too long
}

}  // namespace
}  // namespace weir::runtime
