#include "spool/client/allocate_strategy.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

namespace spool::client {
namespace {

std::vector<MessageQueue> Queues(int n) {
  std::vector<MessageQueue> out;
  // Two brokers, deliberately unsorted: the strategy sorts.
  for (int i = n - 1; i >= 0; --i) out.push_back(MessageQueue{"T", i % 2 == 0 ? "broker-a" : "broker-b", i / 2});
  return out;
}

std::vector<std::string> Cids(int c) {
  std::vector<std::string> out;
  for (int i = c - 1; i >= 0; --i) out.push_back("10.0.0.1@" + std::to_string(i));
  return out;
}

TEST_CASE("Averagely: 8 queues over 3 consumers give 3, 3, 2 contiguous queues", "[allocate]") {
  auto a = AllocateMessageQueueAveragely("10.0.0.1@0", Queues(8), Cids(3));
  auto b = AllocateMessageQueueAveragely("10.0.0.1@1", Queues(8), Cids(3));
  auto c = AllocateMessageQueueAveragely("10.0.0.1@2", Queues(8), Cids(3));
  REQUIRE(a.size() == 3);
  REQUIRE(b.size() == 3);
  REQUIRE(c.size() == 2);
  // Sorted by (topic, brokerName, queueId): broker-a 0..3 then broker-b 0..3.
  CHECK(a.front() == MessageQueue{"T", "broker-a", 0});
  CHECK(a.back() == MessageQueue{"T", "broker-a", 2});
  CHECK(b.front() == MessageQueue{"T", "broker-a", 3});
  CHECK(c.back() == MessageQueue{"T", "broker-b", 3});
}

TEST_CASE("Averagely: more consumers than queues leaves the last ones idle", "[allocate]") {
  CHECK(AllocateMessageQueueAveragely("10.0.0.1@0", Queues(2), Cids(3)).size() == 1);
  CHECK(AllocateMessageQueueAveragely("10.0.0.1@1", Queues(2), Cids(3)).size() == 1);
  CHECK(AllocateMessageQueueAveragely("10.0.0.1@2", Queues(2), Cids(3)).empty());
}

TEST_CASE("Averagely: a client not in the list gets nothing, nor do empty inputs", "[allocate]") {
  CHECK(AllocateMessageQueueAveragely("stranger", Queues(4), Cids(2)).empty());
  CHECK(AllocateMessageQueueAveragely("10.0.0.1@0", {}, Cids(2)).empty());
  CHECK(AllocateMessageQueueAveragely("10.0.0.1@0", Queues(4), {}).empty());
}

TEST_CASE("Averagely: shares are disjoint and cover every queue", "[allocate]") {
  const int n = GENERATE(1, 2, 3, 4, 5, 7, 8, 16, 17);
  const int c = GENERATE(1, 2, 3, 4, 5, 9);
  std::map<MessageQueue, int> owners;
  for (int i = 0; i < c; ++i) {
    for (const MessageQueue& mq : AllocateMessageQueueAveragely("10.0.0.1@" + std::to_string(i), Queues(n), Cids(c))) {
      ++owners[mq];
    }
  }
  INFO("n=" << n << " c=" << c);
  CHECK(owners.size() == static_cast<size_t>(n));
  for (const auto& [mq, count] : owners) CHECK(count == 1);
}

}  // namespace
}  // namespace spool::client
