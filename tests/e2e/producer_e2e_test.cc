// The producer against a real broker: sync, async, oneway, batch, compression, auto-created topics, ordered
// sends, and the pull consumer reading everything back.
#include <catch2/catch.hpp>

#include <map>
#include <set>

#include "absl/synchronization/mutex.h"
#include "e2e_cluster.h"
#include "spool/client/message_queue_selector.h"
#include "spool/client/producer.h"
#include "spool/client/pull_consumer.h"

namespace spool::e2e {
namespace {

using client::Message;
using client::MessageExt;
using client::MessageQueue;

// Every message of `topic` from offset 0, queue by queue.
std::vector<MessageExt> PullAll(client::PullConsumer& consumer, const std::string& topic,
                                const std::string& expression = "*") {
  std::vector<MessageExt> out;
  absl::StatusOr<std::vector<MessageQueue>> queues = consumer.FetchSubscribeMessageQueues(topic);
  REQUIRE(queues.ok());
  for (const MessageQueue& q : *queues) {
    int64_t offset = 0;
    for (int round = 0; round < 100; ++round) {
      absl::StatusOr<client::PullResult> r = consumer.Pull(q, expression, offset, 32);
      INFO(r.status().ToString());
      REQUIRE(r.ok());
      for (MessageExt& m : r->messages) out.push_back(std::move(m));
      if (r->status != client::PullStatus::kFound && r->status != client::PullStatus::kNoMatchedMsg) break;
      if (r->next_begin_offset == offset) break;
      offset = r->next_begin_offset;
    }
  }
  return out;
}

// The store dispatches to its consume queues asynchronously (as RocketMQ's reput service does): a pull right
// after a send may not see the message yet.
std::vector<MessageExt> PullAtLeast(client::PullConsumer& consumer, const std::string& topic, size_t n) {
  std::vector<MessageExt> got;
  Eventually(
      [&] {
        got = PullAll(consumer, topic);
        return got.size() >= n;
      },
      absl::Seconds(5));
  return got;
}

client::ProducerOptions ProducerOptionsFor(const Cluster& cluster) {
  client::ProducerOptions o;
  o.client = cluster.ClientConfigFor();
  return o;
}

client::PullConsumerOptions PullOptionsFor(const Cluster& cluster) {
  client::PullConsumerOptions o;
  o.client = cluster.ClientConfigFor();
  return o;
}

TEST_CASE("Producer: sync, async and oneway sends are all stored and pulled back", "[producer]") {
  const store::FlushDiskType flush = GENERATE(store::FlushDiskType::kAsyncFlush, store::FlushDiskType::kSyncFlush);
  Cluster cluster(flush);
  cluster.CreateTopic("SendTopic", 4);
  client::Producer producer("PG", ProducerOptionsFor(cluster));
  REQUIRE(producer.Start().ok());

  std::set<std::string> sent_bodies;
  std::set<int32_t> queues_used;
  for (int i = 0; i < 8; ++i) {
    Message msg("SendTopic", "TagA", "sync-" + std::to_string(i));
    absl::StatusOr<client::SendResult> r = producer.Send(msg);
    INFO(r.status().ToString());
    REQUIRE(r.ok());
    CHECK(r->status == client::SendStatus::kSendOk);
    CHECK(r->msg_id.size() == 32);
    CHECK(r->offset_msg_id.size() == 32);
    CHECK(r->queue.topic == "SendTopic");
    CHECK(r->queue.broker_name == "broker-a");
    queues_used.insert(r->queue.queue_id);
    sent_bodies.insert(msg.body());
  }
  CHECK(queues_used.size() == 4);  // round robin over the route's queues

  absl::Mutex mu;
  int callbacks = 0;
  std::vector<absl::Status> errors;
  for (int i = 0; i < 5; ++i) {
    const std::string body = "async-" + std::to_string(i);
    sent_bodies.insert(body);
    REQUIRE(producer
                .SendAsync(Message("SendTopic", "TagB", body),
                           [&](absl::StatusOr<client::SendResult> r) {
                             absl::MutexLock lock(&mu);
                             ++callbacks;
                             if (!r.ok()) errors.push_back(r.status());
                           })
                .ok());
  }
  {
    absl::MutexLock lock(&mu);
    REQUIRE(mu.AwaitWithTimeout(absl::Condition(
                                    +[](int* n) { return *n == 5; }, &callbacks),
                                absl::Seconds(10)));
    CHECK(errors.empty());
  }
  for (int i = 0; i < 3; ++i) {
    const std::string body = "oneway-" + std::to_string(i);
    sent_bodies.insert(body);
    REQUIRE(producer.SendOneway(Message("SendTopic", "TagC", body)).ok());
  }

  client::PullConsumer consumer("PullCG", PullOptionsFor(cluster));
  REQUIRE(consumer.Start().ok());
  // Oneway sends have no answer to wait for: wait until the store has them.
  std::set<std::string> got;
  REQUIRE(Eventually(
      [&] {
        got.clear();
        for (const MessageExt& m : PullAll(consumer, "SendTopic")) got.insert(m.body());
        return got == sent_bodies;
      },
      absl::Seconds(10)));

  // Tag filtering: only TagB.
  std::vector<MessageExt> tag_b = PullAll(consumer, "SendTopic", "TagB");
  CHECK(tag_b.size() == 5);
  for (const MessageExt& m : tag_b) CHECK(m.tags() == "TagB");
  consumer.Shutdown();
  producer.Shutdown();
  producer.Shutdown();  // idempotent
}

TEST_CASE("Producer: a batch is one SEND_BATCH_MESSAGE, stored as consecutive records", "[producer]") {
  Cluster cluster;
  cluster.CreateTopic("BatchTopic", 1);
  client::Producer producer("PG", ProducerOptionsFor(cluster));
  REQUIRE(producer.Start().ok());
  std::vector<Message> batch;
  for (int i = 0; i < 8; ++i) {
    Message m("BatchTopic", "TagA", "batch-" + std::to_string(i));
    m.SetKeys("key-" + std::to_string(i));
    batch.push_back(m);
  }
  absl::StatusOr<client::SendResult> r = producer.Send(batch);
  INFO(r.status().ToString());
  REQUIRE(r.ok());
  CHECK(std::count(r->msg_id.begin(), r->msg_id.end(), ',') == 7);
  CHECK(r->queue_offset == 0);

  client::PullConsumer consumer("PullCG", PullOptionsFor(cluster));
  REQUIRE(consumer.Start().ok());
  std::vector<MessageExt> got = PullAtLeast(consumer, "BatchTopic", 8);
  REQUIRE(got.size() == 8);
  for (int i = 0; i < 8; ++i) {
    CHECK(got[i].body() == "batch-" + std::to_string(i));
    CHECK(got[i].keys() == "key-" + std::to_string(i));
    CHECK(got[i].queue_offset == i);
    CHECK(r->msg_id.find(got[i].msg_id()) != std::string::npos);
  }
}

TEST_CASE("Producer: big bodies are compressed on the wire and come back whole", "[producer]") {
  Cluster cluster;
  cluster.CreateTopic("BigTopic", 1);
  client::Producer producer("PG", ProducerOptionsFor(cluster));
  REQUIRE(producer.Start().ok());
  std::string body;
  for (int i = 0; body.size() < 20000; ++i) body += "line " + std::to_string(i) + "\n";
  absl::StatusOr<client::SendResult> r = producer.Send(Message("BigTopic", body));
  INFO(r.status().ToString());
  REQUIRE(r.ok());
  client::PullConsumer consumer("PullCG", PullOptionsFor(cluster));
  REQUIRE(consumer.Start().ok());
  std::vector<MessageExt> got = PullAtLeast(consumer, "BigTopic", 1);
  REQUIRE(got.size() == 1);
  CHECK((got[0].sys_flag & 0x1) == 0x1);
  CHECK(got[0].body() == body);
  CHECK(got[0].msg_id() == r->msg_id);
  CHECK(got[0].offset_msg_id == r->offset_msg_id);

  client::ProducerOptions small = ProducerOptionsFor(cluster);
  small.max_message_size = 1000;
  client::Producer limited("PG2", small);
  REQUIRE(limited.Start().ok());
  CHECK(absl::IsInvalidArgument(limited.Send(Message("BigTopic", body)).status()));
}

TEST_CASE("Producer: a topic without a route is created through TBW102", "[producer]") {
  Cluster cluster;
  client::Producer producer("PG", ProducerOptionsFor(cluster));
  REQUIRE(producer.Start().ok());
  absl::StatusOr<client::SendResult> r = producer.Send(Message("BrandNewTopic", "first"));
  INFO(r.status().ToString());
  REQUIRE(r.ok());
  CHECK(r->status == client::SendStatus::kSendOk);
  client::PullConsumer consumer("PullCG", PullOptionsFor(cluster));
  REQUIRE(consumer.Start().ok());
  REQUIRE(Eventually([&] { return consumer.FetchSubscribeMessageQueues("BrandNewTopic").ok(); }, absl::Seconds(5)));
  std::vector<MessageExt> got = PullAtLeast(consumer, "BrandNewTopic", 1);
  REQUIRE(got.size() == 1);
  CHECK(got[0].body() == "first");
}

TEST_CASE("Producer: a send to a broker that went away is retried on another broker", "[producer]") {
  Cluster cluster;
  broker::Broker& second = cluster.AddBroker("broker-b");
  cluster.CreateTopic("RetryTopic", 2);
  cluster.CreateTopic("RetryTopic", 2, &second);
  client::Producer producer("PG", ProducerOptionsFor(cluster));
  REQUIRE(producer.Start().ok());
  absl::StatusOr<std::vector<MessageQueue>> queues = producer.FetchPublishMessageQueues("RetryTopic");
  REQUIRE(queues.ok());
  REQUIRE(queues->size() == 4);  // the producer's cached route now names both brokers

  second.Shutdown();
  // Round robin reaches broker-b's queues half of the time; each of those sends fails over to broker-a.
  for (int i = 0; i < 8; ++i) {
    absl::StatusOr<client::SendResult> r = producer.Send(Message("RetryTopic", "m" + std::to_string(i)));
    INFO(r.status().ToString());
    REQUIRE(r.ok());
    CHECK(r->queue.broker_name == "broker-a");
  }
  // A send to a fixed queue on the dead broker is not retried elsewhere.
  CHECK_FALSE(producer.Send(Message("RetryTopic", "x"), MessageQueue{"RetryTopic", "broker-b", 0}).ok());
}

TEST_CASE("Producer: not started, bad messages and unknown queues are clear errors", "[producer]") {
  Cluster cluster;
  client::Producer producer("PG", ProducerOptionsFor(cluster));
  CHECK(absl::IsFailedPrecondition(producer.Send(Message("T", "x")).status()));
  REQUIRE(producer.Start().ok());
  CHECK(absl::IsInvalidArgument(producer.Send(Message("", "x")).status()));
  CHECK(absl::IsInvalidArgument(producer.Send(Message("T", "")).status()));
  CHECK(absl::IsInvalidArgument(producer.Send(std::vector<Message>{}).status()));
  client::Producer duplicate_group("PG", [&] {
    client::ProducerOptions o = ProducerOptionsFor(cluster);
    o.client.instance_name = "shared";
    return o;
  }());
  client::Producer duplicate_group2("PG", [&] {
    client::ProducerOptions o = ProducerOptionsFor(cluster);
    o.client.instance_name = "shared";
    return o;
  }());
  REQUIRE(duplicate_group.Start().ok());
  CHECK(absl::IsAlreadyExists(duplicate_group2.Start()));
  producer.Shutdown();
  CHECK(absl::IsFailedPrecondition(producer.Send(Message("T", "x")).status()));
}

TEST_CASE("Producer: messages with one key go to one queue (SelectMessageQueueByHash)", "[producer]") {
  Cluster cluster;
  cluster.CreateTopic("OrderTopic", 4);
  client::Producer producer("PG", ProducerOptionsFor(cluster));
  REQUIRE(producer.Start().ok());
  std::map<std::string, std::set<int32_t>> queues_by_key;
  for (int i = 0; i < 12; ++i) {
    const std::string key = "order-" + std::to_string(i % 3);
    absl::StatusOr<client::SendResult> r =
        producer.Send(Message("OrderTopic", "m" + std::to_string(i)), client::SelectMessageQueueByHash(), key);
    REQUIRE(r.ok());
    queues_by_key[key].insert(r->queue.queue_id);
  }
  for (const auto& [key, queues] : queues_by_key) CHECK(queues.size() == 1);
}

TEST_CASE("PullConsumer: offsets stored on the broker, bad offsets answered, not errors", "[pull]") {
  Cluster cluster;
  cluster.CreateTopic("PullTopic", 2);
  client::Producer producer("PG", ProducerOptionsFor(cluster));
  REQUIRE(producer.Start().ok());
  const MessageQueue q{"PullTopic", "broker-a", 1};
  for (int i = 0; i < 5; ++i) REQUIRE(producer.Send(Message("PullTopic", "x" + std::to_string(i)), q).ok());

  client::PullConsumer consumer("OffsetCG", PullOptionsFor(cluster));
  REQUIRE(consumer.Start().ok());
  REQUIRE(consumer.FetchSubscribeMessageQueues("PullTopic")->size() == 2);
  // A new group: the broker answers 0 while the queue still starts at offset 0 (ConsumerManageProcessor).
  CHECK(consumer.FetchConsumeOffset(q).value() == 0);
  REQUIRE(consumer.UpdateConsumeOffset(q, 3).ok());
  CHECK(consumer.FetchConsumeOffset(q).value() == 3);
  absl::StatusOr<client::PullResult> r;
  REQUIRE(Eventually(
      [&] {
        r = consumer.Pull(q, "*", 3, 32);
        return r.ok() && r->status == client::PullStatus::kFound && r->messages.size() == 2;
      },
      absl::Seconds(5)));
  CHECK(r->status == client::PullStatus::kFound);
  REQUIRE(r->messages.size() == 2);
  CHECK(consumer.MaxOffset(q).value() == 5);
  CHECK(consumer.MinOffset(q).value() == 0);
  CHECK(r->messages[0].body() == "x3");
  CHECK(r->next_begin_offset == 5);
  absl::StatusOr<client::PullResult> none = consumer.Pull(q, "*", 5, 32);
  REQUIRE(none.ok());
  CHECK(none->status == client::PullStatus::kNoNewMsg);
  absl::StatusOr<client::PullResult> beyond = consumer.Pull(q, "*", 100, 32);
  REQUIRE(beyond.ok());
  CHECK(beyond->status == client::PullStatus::kOffsetIllegal);
  CHECK(absl::IsInvalidArgument(consumer.Pull(q, "*", -1, 32).status()));
}

}  // namespace
}  // namespace spool::e2e
