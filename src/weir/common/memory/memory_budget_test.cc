// Tests for the memory budget split and the MemoryPool tree built from it.
#include "weir/common/memory/memory_budget.h"

#include <gtest/gtest.h>

#include "weir/common/config/core_options.h"

namespace weir {
namespace {

using config::Configuration;

constexpr int64_t kMiB = MemorySize::kMiB;
constexpr int64_t kGiB = MemorySize::kGiB;

MemoryBudget BudgetOk(const Configuration& conf) {
  Result<MemoryBudget> b = MemoryBudget::FromConfiguration(conf);
  EXPECT_TRUE(b.ok()) << b.status().ToString();
  return b.ok() ? *b : MemoryBudget{};
}

std::string BudgetError(const Configuration& conf) {
  Result<MemoryBudget> b = MemoryBudget::FromConfiguration(conf);
  EXPECT_FALSE(b.ok());
  return b.ok() ? "" : b.status().message();
}

void ExpectPartsAddUp(const MemoryBudget& b) {
  EXPECT_EQ(b.overhead + b.network + b.state + b.operators, b.process);
  EXPECT_GT(b.operators, 0);
}

TEST(MemoryBudgetTest, DefaultSplit) {
  MemoryBudget b = BudgetOk(Configuration());
  EXPECT_EQ(b.process, 1728 * kMiB);     // 1811939328
  EXPECT_EQ(b.overhead, 192 * kMiB);     // 10% is 172.8 mb, raised to the 192 mb minimum
  EXPECT_EQ(b.network, 181193932);       // 10% = 172.8 mb, within [64 mb, 1 gb]
  EXPECT_EQ(b.state, 724775731);         // 40% = 691.2 mb
  EXPECT_EQ(b.operators, 704643073);     // the rest, ~672 mb
  ExpectPartsAddUp(b);
}

TEST(MemoryBudgetTest, CustomSplit) {
  Configuration conf;
  conf.SetString("taskmanager.memory.process.size", "4g");
  MemoryBudget b = BudgetOk(conf);
  EXPECT_EQ(b.overhead, 429496729);  // 10% of 4 gb, between min and max
  EXPECT_EQ(b.network, 429496729);
  EXPECT_EQ(b.state, 1717986918);
  EXPECT_EQ(b.operators, 1717986920);
  ExpectPartsAddUp(b);

  conf.SetString("taskmanager.memory.network.fraction", "0.25");
  conf.SetString("taskmanager.memory.managed.fraction", "0.5");
  conf.SetString("taskmanager.memory.overhead.fraction", "0");
  conf.SetString("taskmanager.memory.overhead.min", "0");
  b = BudgetOk(conf);
  EXPECT_EQ(b.overhead, 0);
  EXPECT_EQ(b.network, kGiB);
  EXPECT_EQ(b.state, 2 * kGiB);
  EXPECT_EQ(b.operators, kGiB);
  ExpectPartsAddUp(b);
}

TEST(MemoryBudgetTest, ClampsToMaxima) {
  Configuration conf;
  conf.SetString("taskmanager.memory.process.size", "64g");
  MemoryBudget b = BudgetOk(conf);
  EXPECT_EQ(b.overhead, kGiB);  // 6.4 gb capped at 1 gb
  EXPECT_EQ(b.network, kGiB);
  EXPECT_EQ(b.state, 27487790694);
  EXPECT_EQ(b.operators, 64 * kGiB - 2 * kGiB - 27487790694);
  ExpectPartsAddUp(b);

  conf.SetString("taskmanager.memory.network.max", "2g");
  conf.SetString("taskmanager.memory.overhead.max", "512m");
  b = BudgetOk(conf);
  EXPECT_EQ(b.network, 2 * kGiB);
  EXPECT_EQ(b.overhead, 512 * kMiB);
  ExpectPartsAddUp(b);
}

TEST(MemoryBudgetTest, DeprecatedFlinkKeysApply) {
  Configuration conf;
  conf.SetString("taskmanager.memory.jvm-overhead.min", "256m");
  conf.SetString("taskmanager.network.memory.min", "200m");
  MemoryBudget b = BudgetOk(conf);
  EXPECT_EQ(b.overhead, 256 * kMiB);
  EXPECT_EQ(b.network, 200 * kMiB);
}

TEST(MemoryBudgetTest, ImpossibleSplitNamesTheOptions) {
  Configuration conf;
  conf.SetString("taskmanager.memory.process.size", "256m");
  const std::string m = BudgetError(conf);
  EXPECT_NE(m.find("'taskmanager.memory.process.size' (256 mb) leaves no memory for operators"),
            std::string::npos)
      << m;
  EXPECT_NE(m.find("overhead (192 mb, taskmanager.memory.overhead.*)"), std::string::npos) << m;
  EXPECT_NE(m.find("network (64 mb, taskmanager.memory.network.*)"), std::string::npos) << m;
  EXPECT_NE(m.find("state (102.4 mb, 'taskmanager.memory.managed.fraction')"),
            std::string::npos)
      << m;

  // Exactly nothing left for operators is also impossible.
  conf.SetString("taskmanager.memory.process.size", "1g");
  conf.SetString("taskmanager.memory.overhead.fraction", "0.25");
  conf.SetString("taskmanager.memory.network.fraction", "0.25");
  conf.SetString("taskmanager.memory.managed.fraction", "0.5");
  EXPECT_NE(BudgetError(conf).find("leaves no memory for operators"), std::string::npos);
}

TEST(MemoryBudgetTest, InvalidOptionValues) {
  Configuration zero;
  zero.SetString("taskmanager.memory.process.size", "0");
  EXPECT_EQ(BudgetError(zero), "Invalid memory configuration: 'taskmanager.memory.process.size' "
                               "must be positive");

  Configuration fraction;
  fraction.SetString("taskmanager.memory.network.fraction", "1.5");
  EXPECT_EQ(BudgetError(fraction),
            "Invalid fraction 1.5 for key 'taskmanager.memory.network.fraction': must be at "
            "least 0 and less than 1");
  fraction.SetString("taskmanager.memory.network.fraction", "-0.1");
  EXPECT_NE(BudgetError(fraction).find("Invalid fraction -0.1"), std::string::npos);

  Configuration min_max;
  min_max.SetString("taskmanager.memory.network.min", "2g");
  EXPECT_EQ(BudgetError(min_max),
            "Invalid memory configuration: 'taskmanager.memory.network.min' (2 gb) is larger "
            "than 'taskmanager.memory.network.max' (1 gb)");

  Configuration unparsable;
  unparsable.SetString("taskmanager.memory.managed.fraction", "most");
  EXPECT_NE(BudgetError(unparsable).find("for key 'taskmanager.memory.managed.fraction'"),
            std::string::npos);

  Configuration huge;
  huge.SetString("taskmanager.memory.overhead.min", "8000000t");
  huge.SetString("taskmanager.memory.overhead.max", "8000000t");
  huge.SetString("taskmanager.memory.network.min", "8000000t");
  huge.SetString("taskmanager.memory.network.max", "8000000t");
  EXPECT_NE(BudgetError(huge).find("leaves no memory for operators"), std::string::npos);
}

TEST(MemoryBudgetTest, ToStringListsEveryPart) {
  const std::string text = BudgetOk(Configuration()).ToString();
  EXPECT_EQ(text,
            "  process    1.688 gb   (1811939328 bytes)\n"
            "  overhead   192 mb     (201326592 bytes)\n"
            "  network    172.8 mb   (181193932 bytes)\n"
            "  state      691.2 mb   (724775731 bytes)\n"
            "  operators  672 mb     (704643073 bytes)\n");
}

TEST(MemoryBudgetTest, PoolTreeHasTheBudgetLimits) {
  MemoryBudget b = BudgetOk(Configuration());
  MemoryBudgetPools pools = MakeMemoryBudgetPools(b);
  EXPECT_EQ(pools.process->name(), "process");
  EXPECT_EQ(pools.process->limit(), b.process);
  EXPECT_EQ(pools.process->parent(), nullptr);
  EXPECT_EQ(pools.network->limit(), b.network);
  EXPECT_EQ(pools.network->policy(), OverLimitPolicy::kWait);
  EXPECT_EQ(pools.network->parent(), pools.process.get());
  EXPECT_EQ(pools.network->path(), "process.network");
  EXPECT_EQ(pools.state->limit(), b.state);
  EXPECT_EQ(pools.state->policy(), OverLimitPolicy::kFail);
  EXPECT_EQ(pools.state->path(), "process.state");
  EXPECT_EQ(pools.operators->limit(), b.operators);
  EXPECT_EQ(pools.operators->policy(), OverLimitPolicy::kFail);
  EXPECT_EQ(pools.operators->path(), "process.operators");

  // A child cannot go past its own limit, and its use counts against the root.
  Status over = pools.state->Reserve(b.state + 1);
  EXPECT_TRUE(over.IsOutOfMemory()) << over.ToString();
  ASSERT_TRUE(pools.state->Reserve(b.state).ok());
  EXPECT_EQ(pools.process->used(), b.state);
  Status full = pools.operators->Reserve(b.operators + 1);
  EXPECT_TRUE(full.IsOutOfMemory());
  pools.state->Release(b.state);
  EXPECT_EQ(pools.process->used(), 0);
}

TEST(MemoryBudgetTest, InstallSetsTheDefaultPool) {
  Configuration conf;
  conf.SetString("taskmanager.memory.process.size", "1g");
  Result<MemoryBudgetPools> pools = InstallMemoryBudget(conf);
  ASSERT_TRUE(pools.ok()) << pools.status().ToString();
  EXPECT_EQ(DefaultMemoryPool(), pools->process.get());
  EXPECT_EQ(DefaultMemoryPool()->limit(), kGiB);
  Status too_much = DefaultMemoryPool()->Reserve(kGiB + 1);
  EXPECT_TRUE(too_much.IsOutOfMemory());

  Configuration bad;
  bad.SetString("taskmanager.memory.process.size", "100m");
  Result<MemoryBudgetPools> failed = InstallMemoryBudget(bad);
  EXPECT_FALSE(failed.ok());
  EXPECT_EQ(DefaultMemoryPool(), pools->process.get());  // unchanged on error

  // Leave an unlimited default pool for other tests.
  SetDefaultMemoryPool(MemoryPool::MakeRoot("process"));
}

}  // namespace
}  // namespace weir
