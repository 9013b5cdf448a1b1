#include "topic_route.h"

#include <catch2/catch.hpp>

#include "spool/client/message_queue_selector.h"
#include "spool/protocol/perm.h"

namespace spool::client::internal {
namespace {

protocol::TopicRouteData TwoBrokers() {
  protocol::TopicRouteData route;
  route.queue_datas = {{.broker_name = "broker-b", .read_queue_nums = 2, .write_queue_nums = 3, .perm = 6},
                       {.broker_name = "broker-a", .read_queue_nums = 4, .write_queue_nums = 4, .perm = 6},
                       {.broker_name = "broker-c", .read_queue_nums = 1, .write_queue_nums = 1, .perm = 4}};
  route.broker_datas = {{.cluster = "C", .broker_name = "broker-a", .broker_addrs = {{0, "10.0.0.1:10911"}}},
                        {.cluster = "C", .broker_name = "broker-b", .broker_addrs = {{1, "10.0.0.2:10911"}}},
                        {.cluster = "C", .broker_name = "broker-c", .broker_addrs = {{0, "10.0.0.3:10911"}}}};
  return route;
}

TEST_CASE("Publish queues: writable queues of brokers with a master, by broker name", "[route]") {
  TopicPublishInfo info = PublishInfoFromRoute("T", TwoBrokers());
  // broker-b has no master (id 1 only), broker-c is read-only.
  REQUIRE(info.queues.size() == 4);
  CHECK(info.queues.front() == MessageQueue{"T", "broker-a", 0});
  CHECK(info.queues.back() == MessageQueue{"T", "broker-a", 3});
  CHECK_FALSE(info.order_topic);
}

TEST_CASE("Publish queues: orderTopicConf decides when set", "[route]") {
  protocol::TopicRouteData route = TwoBrokers();
  route.order_topic_conf = "broker-a:2;broker-b:1";
  TopicPublishInfo info = PublishInfoFromRoute("T", route);
  CHECK(info.order_topic);
  REQUIRE(info.queues.size() == 3);
  CHECK(info.queues[2] == MessageQueue{"T", "broker-b", 0});
}

TEST_CASE("Subscribe queues: readable queues, sorted", "[route]") {
  std::vector<MessageQueue> qs = SubscribeQueuesFromRoute("T", TwoBrokers());
  REQUIRE(qs.size() == 7);
  CHECK(qs[0] == MessageQueue{"T", "broker-a", 0});
  CHECK(qs[4] == MessageQueue{"T", "broker-b", 0});
  CHECK(qs[6] == MessageQueue{"T", "broker-c", 0});
}

TEST_CASE("Default-topic route: queue counts capped at defaultTopicQueueNums", "[route]") {
  protocol::TopicRouteData tbw = TwoBrokers();
  tbw.queue_datas[1].read_queue_nums = 8;
  tbw.queue_datas[1].write_queue_nums = 8;
  protocol::TopicRouteData r = RouteFromDefaultTopic(tbw, 4);
  CHECK(r.queue_datas[1].write_queue_nums == 4);
  CHECK(r.queue_datas[0].write_queue_nums == 2);  // min(4, read 2)
}

TEST_CASE("SelectQueue: round robin, avoiding the broker that failed", "[route]") {
  std::vector<MessageQueue> qs = {{"T", "a", 0}, {"T", "a", 1}, {"T", "b", 0}};
  CHECK(*SelectQueue(qs, 0, "") == qs[0]);
  CHECK(*SelectQueue(qs, 4, "") == qs[1]);
  CHECK(SelectQueue(qs, 0, "a")->broker_name == "b");
  CHECK(SelectQueue(qs, 2, "b")->broker_name == "a");
  std::vector<MessageQueue> only_a = {{"T", "a", 0}};
  CHECK(*SelectQueue(only_a, 7, "a") == only_a[0]);
  CHECK(SelectQueue({}, 0, "") == nullptr);
}

TEST_CASE("SelectMessageQueueByHash: Java's String.hashCode modulo the queue count", "[selector]") {
  std::vector<MessageQueue> qs(4);
  MessageQueueSelector select = SelectMessageQueueByHash();
  // "hello".hashCode() == 99162322 -> 99162322 % 4 == 2.
  CHECK(select(qs, Message(), "hello") == 2);
  // "polygenelubricants".hashCode() == Integer.MIN_VALUE: % 4 == 0.
  CHECK(select(qs, Message(), "polygenelubricants") == 0);
  // Keys with negative hashes (e.g. "zzzzzzzz") still map into range.
  for (const char* key : {"a", "zzzzzzzz", "order-1", "order-2", "\xe4\xb8\xad"}) CHECK(select(qs, Message(), key) < 4);
  // Same key, same queue.
  CHECK(select(qs, Message(), "order-42") == select(qs, Message(), "order-42"));
}

}  // namespace
}  // namespace spool::client::internal
