#include "process_queue.h"

#include <catch2/catch.hpp>

namespace spool::client::internal {
namespace {

std::vector<MessageExt> Msgs(std::initializer_list<int64_t> offsets) {
  std::vector<MessageExt> out;
  for (int64_t o : offsets) {
    MessageExt m;
    m.queue_offset = o;
    out.push_back(m);
  }
  return out;
}

TEST_CASE("ProcessQueue: the committable offset is the lowest still held", "[process_queue]") {
  ProcessQueue pq;
  CHECK(pq.RemoveMessages(Msgs({1})) == -1);
  pq.PutMessages(Msgs({10, 11, 12}));
  CHECK(pq.MessageCount() == 3);
  CHECK(pq.RemoveMessages(Msgs({11})) == 10);  // 10 is slow: nothing past it may be committed
  CHECK(pq.RemoveMessages(Msgs({10})) == 12);
  CHECK(pq.RemoveMessages(Msgs({12})) == 13);
  CHECK(pq.MessageCount() == 0);
}

TEST_CASE("ProcessQueue: orderly take, commit and consume again", "[process_queue]") {
  ProcessQueue pq;
  CHECK(pq.PutMessages(Msgs({5, 6, 7})));    // idle -> dispatch
  CHECK_FALSE(pq.PutMessages(Msgs({8})));    // already consuming -> no second task
  std::vector<MessageExt> first = pq.TakeMessages(1);
  REQUIRE(first.size() == 1);
  CHECK(first[0].queue_offset == 5);
  CHECK(pq.Commit() == 6);
  std::vector<MessageExt> second = pq.TakeMessages(2);
  REQUIRE(second.size() == 2);
  pq.MakeMessagesToConsumeAgain(second);
  CHECK(pq.TakeMessages(1)[0].queue_offset == 6);  // order kept
  CHECK(pq.Commit() == 7);
  pq.TakeMessages(5);
  CHECK(pq.Commit() == 9);
  CHECK(pq.TakeMessages(1).empty());          // no longer consuming
  CHECK(pq.PutMessages(Msgs({9})));           // so the next pull dispatches again
}

TEST_CASE("ProcessQueue: lock state and drop flag", "[process_queue]") {
  ProcessQueue pq;
  CHECK_FALSE(pq.locked());
  CHECK(pq.LockExpired());
  pq.SetLocked(true);
  CHECK(pq.locked());
  CHECK_FALSE(pq.LockExpired());
  CHECK_FALSE(pq.dropped());
  pq.set_dropped(true);
  CHECK(pq.dropped());
}

}  // namespace
}  // namespace spool::client::internal
