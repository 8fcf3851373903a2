// Tests of the default watermark handling of operators and the event-time timer hook.
#include "weir/runtime/operators/operator.h"

#include <gtest/gtest.h>

#include "weir/runtime/operators/basic_operators.h"
#include "weir/runtime/task/operator_chain.h"
#include "weir/runtime/task/task_test_util.h"

namespace weir::runtime {
namespace {

using testutil::Factory;
using testutil::Spec;

// A one-input pass-through whose default watermark handling feeds a sink.
class PassThrough final : public Operator {
 public:
  std::string name() const override { return "pass"; }
  Status ProcessBatch(int input, const RecordBatchPtr& batch) override {
    return context_->output->Emit(batch);
  }
};

struct ChainFixture {
  std::shared_ptr<CollectedOutput> out = std::make_shared<CollectedOutput>();
  std::vector<EventTime> timer_advances;
  std::unique_ptr<OperatorChain> chain;

  explicit ChainFixture(bool two_input) {
    OperatorContext base;
    base.advance_event_time = [this](EventTime t) {
      timer_advances.push_back(t);
      return Status::OK();
    };
    std::vector<ChainedOperatorSpec> specs;
    auto sink = out;
    if (two_input) {
      specs.push_back(Spec(
          "join", Factory([sink] { return std::make_unique<CollectingSink>("join", sink, 2); })));
    } else {
      specs.push_back(Spec("pass", Factory([] { return std::make_unique<PassThrough>(); }),
                           {ChainTarget::ToOperator(1)}));
      specs.push_back(
          Spec("sink", Factory([sink] { return std::make_unique<CollectingSink>("s", sink); })));
    }
    auto made = OperatorChain::Make(specs, {}, ChainIdentity{}, base);
    WEIR_CHECK_OK(made.status());
    chain = std::move(*made);
    WEIR_CHECK_OK(chain->InitializeAndOpen(nullptr));
  }
};

TEST(OperatorTest, OneInputForwardsIncreasingWatermarksAndAdvancesTimers) {
  ChainFixture f(false);
  ASSERT_TRUE(f.chain->ProcessWatermark(0, 5).ok());
  ASSERT_TRUE(f.chain->ProcessWatermark(0, 5).ok());  // not an advance
  ASSERT_TRUE(f.chain->ProcessWatermark(0, 3).ok());  // never backwards
  ASSERT_TRUE(f.chain->ProcessWatermark(0, 9).ok());
  EXPECT_EQ(f.out->Watermarks(), (std::vector<EventTime>{5, 9}));
  // Both operators of the chain advanced their timers, each before forwarding.
  EXPECT_EQ(f.timer_advances, (std::vector<EventTime>{5, 5, 9, 9}));
  EXPECT_EQ(f.chain->context(1).current_watermark, 9);
  ASSERT_TRUE(f.chain->ProcessWatermarkStatus(0, true).ok());
  ASSERT_TRUE(f.chain->ProcessWatermarkStatus(0, true).ok());
  ASSERT_TRUE(f.chain->ProcessWatermarkStatus(0, false).ok());
  auto events = f.out->Events();
  EXPECT_EQ(std::vector<std::string>(events.end() - 2, events.end()),
            (std::vector<std::string>{"idle", "active"}));
  ASSERT_TRUE(f.chain->Close().ok());
}

TEST(OperatorTest, TwoInputForwardsTheMinimumOfActiveInputs) {
  ChainFixture f(true);
  ASSERT_TRUE(f.chain->ProcessWatermark(0, 10).ok());
  EXPECT_TRUE(f.out->Watermarks().empty());  // input 1 still at -inf
  ASSERT_TRUE(f.chain->ProcessWatermark(1, 4).ok());
  ASSERT_TRUE(f.chain->ProcessWatermark(1, 20).ok());
  EXPECT_EQ(f.out->Watermarks(), (std::vector<EventTime>{4, 10}));
  ASSERT_TRUE(f.chain->ProcessWatermark(0, 15).ok());  // min(15, 20)
  // Input 1 goes idle: input 0 alone decides.
  ASSERT_TRUE(f.chain->ProcessWatermarkStatus(1, true).ok());
  ASSERT_TRUE(f.chain->ProcessWatermark(0, 30).ok());
  EXPECT_EQ(f.out->Watermarks(), (std::vector<EventTime>{4, 10, 15, 30}));
  // Both idle: the operator is idle; one active again: active.
  ASSERT_TRUE(f.chain->ProcessWatermarkStatus(0, true).ok());
  ASSERT_TRUE(f.chain->ProcessWatermarkStatus(1, false).ok());
  auto events = f.out->Events();
  EXPECT_EQ(std::vector<std::string>(events.end() - 2, events.end()),
            (std::vector<std::string>{"idle", "active"}));
  Status st = f.chain->ProcessWatermark(2, 1);
  EXPECT_EQ(st.code(), StatusCode::kInternal) << st.ToString();
}

}  // namespace
}  // namespace weir::runtime
