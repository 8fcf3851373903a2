// Tests of the rewriting of Flink's legacy descriptor options.
#include "weir/connectors/base/legacy_options.h"

#include <gtest/gtest.h>

namespace weir::connectors {
namespace {

TEST(LegacyOptionsTest, RewritesNexmarkSideInputOptions) {
  formats::FormatOptions options = {
      {"connector.type", "filesystem"},    {"connector.path", "file:///data/side_input.txt"},
      {"connector.property-version", "1"}, {"format.type", "csv"},
      {"format.field-delimiter", ";"},     {"format.property-version", "1"}};
  RewriteLegacyConnectorOptions(&options);
  EXPECT_EQ(options, (formats::FormatOptions{{"connector", "filesystem"},
                                             {"path", "file:///data/side_input.txt"},
                                             {"format", "csv"},
                                             {"csv.field-delimiter", ";"}}));
}

TEST(LegacyOptionsTest, LeavesCurrentOptionsAndUnknownLegacyKeysAlone) {
  formats::FormatOptions current = {{"connector", "filesystem"}, {"connector.type", "kafka"}};
  RewriteLegacyConnectorOptions(&current);
  EXPECT_EQ(current.at("connector.type"), "kafka");  // the connector rejects it by name
  formats::FormatOptions legacy = {{"connector.type", "kafka"}, {"connector.topic", "t"}};
  RewriteLegacyConnectorOptions(&legacy);
  EXPECT_EQ(legacy, (formats::FormatOptions{{"connector", "kafka"}, {"connector.topic", "t"}}));
}

}  // namespace
}  // namespace weir::connectors
