// Tests of the mailbox: ordering, wake-ups, errors and closing.
#include "weir/runtime/task/mailbox.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace weir::runtime {
namespace {

TEST(MailboxTest, RunsActionsInPostingOrderAndWakes) {
  int wakes = 0;
  Mailbox mailbox([&] { ++wakes; });
  std::vector<int> ran;
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(mailbox.Post([&, i] {
      ran.push_back(i);
      return Status::OK();
    }));
  }
  EXPECT_EQ(wakes, 5);
  EXPECT_TRUE(mailbox.HasMail());
  Status st = mailbox.RunAll();
  ASSERT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ(ran, (std::vector<int>{0, 1, 2, 3, 4}));
  EXPECT_FALSE(mailbox.HasMail());
}

TEST(MailboxTest, ActionsPostedWhileRunningWaitForTheNextTurn) {
  Mailbox mailbox;
  std::vector<std::string> ran;
  ASSERT_TRUE(mailbox.Post([&] {
    ran.push_back("first");
    EXPECT_TRUE(mailbox.Post([&] {
      ran.push_back("posted by first");
      return Status::OK();
    }));
    return Status::OK();
  }));
  ASSERT_TRUE(mailbox.Post([&] {
    ran.push_back("second");
    return Status::OK();
  }));
  ASSERT_TRUE(mailbox.RunAll().ok());
  EXPECT_EQ(ran, (std::vector<std::string>{"first", "second"}));
  EXPECT_EQ(mailbox.size(), 1u);
  ASSERT_TRUE(mailbox.RunAll().ok());
  EXPECT_EQ(ran.back(), "posted by first");
}

TEST(MailboxTest, ErrorStopsTheTurnAndKeepsTheRestInOrder) {
  Mailbox mailbox;
  std::vector<int> ran;
  ASSERT_TRUE(mailbox.Post([&] {
    ran.push_back(1);
    return Status::OK();
  }));
  ASSERT_TRUE(mailbox.Post([&] { return Status::Invalid("boom"); }));
  ASSERT_TRUE(mailbox.Post([&] {
    ran.push_back(3);
    return Status::OK();
  }));
  Status st = mailbox.RunAll();
  EXPECT_TRUE(st.IsInvalid());
  EXPECT_EQ(ran, (std::vector<int>{1}));
  EXPECT_EQ(mailbox.size(), 1u);
  ASSERT_TRUE(mailbox.RunAll().ok());
  EXPECT_EQ(ran, (std::vector<int>{1, 3}));
}

TEST(MailboxTest, ClosedMailboxRejectsPosts) {
  Mailbox mailbox;
  ASSERT_TRUE(mailbox.Post([] { return Status::OK(); }));
  mailbox.Close();
  EXPECT_TRUE(mailbox.closed());
  EXPECT_FALSE(mailbox.Post([] { return Status::OK(); }));
  EXPECT_EQ(mailbox.DropAll(), 1u);
  EXPECT_FALSE(mailbox.HasMail());
}

TEST(MailboxTest, ConcurrentProducersKeepPerProducerOrder) {
  std::atomic<int> wakes{0};
  Mailbox mailbox([&] { wakes.fetch_add(1); });
  constexpr int kProducers = 4;
  constexpr int kPerProducer = 5000;
  std::vector<std::vector<int>> seen(kProducers);
  std::vector<std::thread> threads;
  for (int p = 0; p < kProducers; ++p) {
    threads.emplace_back([&, p] {
      for (int i = 0; i < kPerProducer; ++i) {
        EXPECT_TRUE(mailbox.Post([&seen, p, i] {
          seen[p].push_back(i);
          return Status::OK();
        }));
      }
    });
  }
  // The owner drains concurrently with the producers.
  int64_t total = 0;
  while (total < int64_t{kProducers} * kPerProducer) {
    ASSERT_TRUE(mailbox.RunAll().ok());
    total = 0;
    for (auto& s : seen) total += static_cast<int64_t>(s.size());
  }
  for (auto& t : threads) t.join();
  ASSERT_TRUE(mailbox.RunAll().ok());
  for (int p = 0; p < kProducers; ++p) {
    ASSERT_EQ(seen[p].size(), static_cast<size_t>(kPerProducer));
    for (int i = 0; i < kPerProducer; ++i) ASSERT_EQ(seen[p][i], i);
  }
  EXPECT_EQ(wakes.load(), kProducers * kPerProducer);
}

}  // namespace
}  // namespace weir::runtime
