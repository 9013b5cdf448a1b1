// The push consumer against a real broker: orderly consumption, broadcasting, clustering, long polling, slow
// listeners, and resuming from committed offsets.
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <set>

#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "e2e_cluster.h"
#include "spool/client/message_queue_selector.h"
#include "spool/client/producer.h"
#include "spool/client/pull_consumer.h"
#include "spool/client/push_consumer.h"

namespace spool::e2e {
namespace {

using client::ConsumeConcurrentlyStatus;
using client::ConsumeOrderlyStatus;
using client::Message;
using client::MessageExt;
using client::MessageQueue;

client::PushConsumerOptions PushOptionsFor(const Cluster& cluster, const std::string& instance) {
  client::PushConsumerOptions o;
  o.client = cluster.ClientConfigFor();
  o.client.instance_name = instance;
  o.consume_from_where = client::ConsumeFromWhere::kConsumeFromFirstOffset;
  o.consume_thread_min = 4;
  o.offset_store_dir = cluster.dir().Sub("offsets");
  return o;
}

client::ProducerOptions ProducerOptionsFor(const Cluster& cluster) {
  client::ProducerOptions o;
  o.client = cluster.ClientConfigFor();
  return o;
}

client::MessageListenerConcurrently Collect(Received* received) {
  return [received](const std::vector<MessageExt>& msgs) {
    for (const MessageExt& m : msgs) received->Add(m);
    return ConsumeConcurrentlyStatus::kConsumeSuccess;
  };
}

std::set<std::string> Bodies(const std::vector<MessageExt>& msgs) {
  std::set<std::string> out;
  for (const MessageExt& m : msgs) out.insert(m.body());
  return out;
}

TEST_CASE("PushConsumer: ordered sends to one queue are consumed in order by an orderly consumer", "[push]") {
  Cluster cluster;
  cluster.CreateTopic("OrderedTopic", 4);
  client::Producer producer("PG", ProducerOptionsFor(cluster));
  REQUIRE(producer.Start().ok());
  std::set<int32_t> queues;
  for (int i = 0; i < 30; ++i) {
    absl::StatusOr<client::SendResult> r = producer.Send(Message("OrderedTopic", "TagA", std::to_string(i)),
                                                         client::SelectMessageQueueByHash(), "order-7");
    REQUIRE(r.ok());
    queues.insert(r->queue.queue_id);
  }
  REQUIRE(queues.size() == 1);

  Received received;
  std::atomic<int> concurrent{0};
  std::atomic<int> max_concurrent{0};
  client::PushConsumer consumer("OrderlyCG", PushOptionsFor(cluster, "orderly"));
  REQUIRE(consumer.Subscribe("OrderedTopic", "TagA || TagB").ok());
  consumer.RegisterMessageListener([&](const std::vector<MessageExt>& msgs) {
    const int now = ++concurrent;
    max_concurrent = std::max(max_concurrent.load(), now);
    for (const MessageExt& m : msgs) received.Add(m);
    --concurrent;
    return ConsumeOrderlyStatus::kSuccess;
  });
  REQUIRE(consumer.Start().ok());
  REQUIRE(received.WaitForCount(30, absl::Seconds(10)));
  std::vector<MessageExt> got = received.msgs();
  for (int i = 0; i < 30; ++i) CHECK(got[i].body() == std::to_string(i));
  CHECK(max_concurrent.load() == 1);
  consumer.Shutdown();
}

TEST_CASE("PushConsumer: orderly SUSPEND_CURRENT_QUEUE_A_MOMENT redelivers the same message first", "[push]") {
  Cluster cluster;
  cluster.CreateTopic("SuspendTopic", 1);
  client::Producer producer("PG", ProducerOptionsFor(cluster));
  REQUIRE(producer.Start().ok());
  for (int i = 0; i < 3; ++i) REQUIRE(producer.Send(Message("SuspendTopic", std::to_string(i))).ok());
  Received received;
  std::atomic<bool> failed_once{false};
  client::PushConsumerOptions options = PushOptionsFor(cluster, "suspend");
  options.suspend_current_queue_time = absl::Milliseconds(50);
  client::PushConsumer consumer("SuspendCG", options);
  REQUIRE(consumer.Subscribe("SuspendTopic", "*").ok());
  consumer.RegisterMessageListener([&](const std::vector<MessageExt>& msgs) {
    if (msgs[0].body() == "1" && !failed_once.exchange(true)) return ConsumeOrderlyStatus::kSuspendCurrentQueueAMoment;
    received.Add(msgs[0]);
    return ConsumeOrderlyStatus::kSuccess;
  });
  REQUIRE(consumer.Start().ok());
  REQUIRE(received.WaitForCount(3, absl::Seconds(10)));
  CHECK(Bodies(received.msgs()) == std::set<std::string>{"0", "1", "2"});
  std::vector<MessageExt> got = received.msgs();
  CHECK(got[1].body() == "1");
  CHECK(got[2].body() == "2");
}

TEST_CASE("PushConsumer: broadcasting delivers every message to every consumer", "[push]") {
  Cluster cluster;
  cluster.CreateTopic("BroadcastTopic", 4);
  Received a;
  Received b;
  client::PushConsumerOptions options_a = PushOptionsFor(cluster, "bc-a");
  options_a.message_model = client::MessageModel::kBroadcasting;
  client::PushConsumerOptions options_b = PushOptionsFor(cluster, "bc-b");
  options_b.message_model = client::MessageModel::kBroadcasting;
  client::PushConsumer consumer_a("BroadcastCG", options_a);
  client::PushConsumer consumer_b("BroadcastCG", options_b);
  REQUIRE(consumer_a.Subscribe("BroadcastTopic", "*").ok());
  REQUIRE(consumer_b.Subscribe("BroadcastTopic", "*").ok());
  consumer_a.RegisterMessageListener(Collect(&a));
  consumer_b.RegisterMessageListener(Collect(&b));
  REQUIRE(consumer_a.Start().ok());
  REQUIRE(consumer_b.Start().ok());
  CHECK(consumer_a.AssignedQueues().size() == 4);
  CHECK(consumer_b.AssignedQueues().size() == 4);

  client::Producer producer("PG", ProducerOptionsFor(cluster));
  REQUIRE(producer.Start().ok());
  std::set<std::string> sent;
  for (int i = 0; i < 12; ++i) {
    sent.insert("bc-" + std::to_string(i));
    REQUIRE(producer.Send(Message("BroadcastTopic", "bc-" + std::to_string(i))).ok());
  }
  REQUIRE(a.WaitForCount(12, absl::Seconds(10)));
  REQUIRE(b.WaitForCount(12, absl::Seconds(10)));
  CHECK(Bodies(a.msgs()) == sent);
  CHECK(Bodies(b.msgs()) == sent);
  consumer_a.Shutdown();
  consumer_b.Shutdown();
  // Broadcasting offsets are kept in local files, one per client id.
  CHECK(std::filesystem::exists(cluster.dir().Sub("offsets/127.0.0.1@bc-a/BroadcastCG/offsets.json")));
}

TEST_CASE("PushConsumer: two clustering consumers split the queues and consume each message once", "[push]") {
  Cluster cluster;
  cluster.CreateTopic("ClusterTopic", 4);
  Received a;
  Received b;
  client::PushConsumer consumer_a("ClusterCG", PushOptionsFor(cluster, "cl-a"));
  client::PushConsumer consumer_b("ClusterCG", PushOptionsFor(cluster, "cl-b"));
  REQUIRE(consumer_a.Subscribe("ClusterTopic", "*").ok());
  REQUIRE(consumer_b.Subscribe("ClusterTopic", "*").ok());
  consumer_a.RegisterMessageListener(Collect(&a));
  consumer_b.RegisterMessageListener(Collect(&b));
  REQUIRE(consumer_a.Start().ok());
  REQUIRE(consumer_b.Start().ok());
  // The broker's NOTIFY_CONSUMER_IDS_CHANGED makes the first consumer give up half of its queues.
  auto topic_queues = [](const client::PushConsumer& c) {
    std::set<MessageQueue> out;
    for (const MessageQueue& q : c.AssignedQueues()) {
      if (q.topic == "ClusterTopic") out.insert(q);
    }
    return out;
  };
  REQUIRE(Eventually(
      [&] {
        std::set<MessageQueue> qa = topic_queues(consumer_a);
        std::set<MessageQueue> qb = topic_queues(consumer_b);
        std::set<MessageQueue> all = qa;
        all.insert(qb.begin(), qb.end());
        return qa.size() == 2 && qb.size() == 2 && all.size() == 4;
      },
      absl::Seconds(10)));

  client::Producer producer("PG", ProducerOptionsFor(cluster));
  REQUIRE(producer.Start().ok());
  std::set<std::string> sent;
  for (int i = 0; i < 20; ++i) {
    sent.insert("cl-" + std::to_string(i));
    REQUIRE(producer.Send(Message("ClusterTopic", "cl-" + std::to_string(i))).ok());
  }
  auto total = [&] { return a.size() + b.size(); };
  REQUIRE(Eventually([&] { return total() >= 20; }, absl::Seconds(10)));
  std::vector<MessageExt> all = a.msgs();
  for (const MessageExt& m : b.msgs()) all.push_back(m);
  CHECK(all.size() == 20);
  CHECK(Bodies(all) == sent);
  CHECK(a.size() > 0);
  CHECK(b.size() > 0);
}

TEST_CASE("PushConsumer: long polling hands a new message over well before the suspend timeout", "[push]") {
  // The broker's periodic re-check of held pulls is pushed past the test's horizon: only the arrival
  // notification can answer the held pull in time.
  Cluster cluster(store::FlushDiskType::kAsyncFlush, /*hold_check_interval=*/absl::Seconds(60));
  cluster.CreateTopic("LongPollTopic", 1);
  Received received;
  std::atomic<int64_t> received_at_ms{0};
  client::PushConsumer consumer("LongPollCG", PushOptionsFor(cluster, "lp"));
  REQUIRE(consumer.Subscribe("LongPollTopic", "*").ok());
  consumer.RegisterMessageListener([&](const std::vector<MessageExt>& msgs) {
    received_at_ms = absl::ToUnixMillis(absl::Now());
    for (const MessageExt& m : msgs) received.Add(m);
    return ConsumeConcurrentlyStatus::kConsumeSuccess;
  });
  REQUIRE(consumer.Start().ok());
  // The consumer's pull of the empty queue is parked on the broker (plus the retry topic's).
  REQUIRE(cluster.broker().WaitForHeldPulls(1, absl::Seconds(5)));

  client::Producer producer("PG", ProducerOptionsFor(cluster));
  REQUIRE(producer.Start().ok());
  const absl::Time sent_at = absl::Now();
  REQUIRE(producer.Send(Message("LongPollTopic", "wake up")).ok());
  REQUIRE(received.WaitForCount(1, absl::Seconds(10)));
  const absl::Duration latency = absl::FromUnixMillis(received_at_ms.load()) - sent_at;
  INFO("send to receipt: " << absl::FormatDuration(latency));
  // brokerSuspendMaxTimeMillis is 15 s: a timeout-driven re-pull could not deliver this soon.
  CHECK(latency < absl::Seconds(3));
}

TEST_CASE("PushConsumer: a listener stuck on one queue does not stall the others", "[push]") {
  Cluster cluster;
  cluster.CreateTopic("SlowTopic", 4);
  client::Producer producer("PG", ProducerOptionsFor(cluster));
  REQUIRE(producer.Start().ok());

  const bool orderly = GENERATE(false, true);
  absl::Notification release;
  Received received;
  client::PushConsumer consumer(orderly ? "SlowOrderlyCG" : "SlowCG",
                                PushOptionsFor(cluster, orderly ? "slow-o" : "slow-c"));
  REQUIRE(consumer.Subscribe("SlowTopic", "*").ok());
  auto handle = [&](const MessageExt& m) {
    if (m.queue_id == 0) release.WaitForNotificationWithTimeout(absl::Seconds(20));
    received.Add(m);
  };
  if (orderly) {
    consumer.RegisterMessageListener([&](const std::vector<MessageExt>& msgs) {
      for (const MessageExt& m : msgs) handle(m);
      return ConsumeOrderlyStatus::kSuccess;
    });
  } else {
    consumer.RegisterMessageListener([&](const std::vector<MessageExt>& msgs) {
      for (const MessageExt& m : msgs) handle(m);
      return ConsumeConcurrentlyStatus::kConsumeSuccess;
    });
  }
  REQUIRE(consumer.Start().ok());

  for (int q = 0; q < 4; ++q) {
    for (int i = 0; i < (q == 0 ? 2 : 5); ++i) {
      REQUIRE(producer.Send(Message("SlowTopic", "q" + std::to_string(q) + "-" + std::to_string(i)),
                            MessageQueue{"SlowTopic", "broker-a", q})
                  .ok());
    }
  }
  // Queues 1..3 are consumed completely while queue 0's listener is stuck.
  const bool others_done = received.WaitFor(
      [](const std::vector<MessageExt>& msgs) {
        return std::count_if(msgs.begin(), msgs.end(), [](const MessageExt& m) { return m.queue_id != 0; }) == 15;
      },
      absl::Seconds(10));
  const size_t from_queue0_while_stuck = [&] {
    std::vector<MessageExt> msgs = received.msgs();
    return static_cast<size_t>(
        std::count_if(msgs.begin(), msgs.end(), [](const MessageExt& m) { return m.queue_id == 0; }));
  }();
  release.Notify();
  CHECK(others_done);
  CHECK(from_queue0_while_stuck == 0);
  REQUIRE(received.WaitForCount(17, absl::Seconds(10)));
  consumer.Shutdown();
}

TEST_CASE("PushConsumer: a restarted consumer resumes from its committed offset", "[push]") {
  Cluster cluster;
  cluster.CreateTopic("ResumeTopic", 2);
  client::Producer producer("PG", ProducerOptionsFor(cluster));
  REQUIRE(producer.Start().ok());
  for (int i = 0; i < 10; ++i) REQUIRE(producer.Send(Message("ResumeTopic", "old-" + std::to_string(i))).ok());

  {
    Received first;
    client::PushConsumer consumer("ResumeCG", PushOptionsFor(cluster, "resume-1"));
    REQUIRE(consumer.Subscribe("ResumeTopic", "*").ok());
    consumer.RegisterMessageListener(Collect(&first));
    REQUIRE(consumer.Start().ok());
    REQUIRE(first.WaitForCount(10, absl::Seconds(10)));
    consumer.Shutdown();  // commits the offsets (UPDATE_CONSUMER_OFFSET, waiting for the answers)
  }
  std::set<std::string> fresh;
  for (int i = 0; i < 5; ++i) {
    fresh.insert("new-" + std::to_string(i));
    REQUIRE(producer.Send(Message("ResumeTopic", "new-" + std::to_string(i))).ok());
  }
  Received second;
  client::PushConsumer consumer("ResumeCG", PushOptionsFor(cluster, "resume-2"));
  REQUIRE(consumer.Subscribe("ResumeTopic", "*").ok());
  consumer.RegisterMessageListener(Collect(&second));
  REQUIRE(consumer.Start().ok());
  REQUIRE(second.WaitForCount(5, absl::Seconds(10)));
  // Anything redelivered would have arrived with (or before) the new messages, which follow it in each queue.
  CHECK(Bodies(second.msgs()) == fresh);
}

TEST_CASE("PushConsumer: RECONSUME_LATER sends the message back for a delayed retry and moves on", "[push]") {
  Cluster cluster;
  cluster.CreateTopic("RetryTopic", 1);
  client::Producer producer("PG", ProducerOptionsFor(cluster));
  REQUIRE(producer.Start().ok());
  REQUIRE(producer.Send(Message("RetryTopic", "bad")).ok());
  REQUIRE(producer.Send(Message("RetryTopic", "good")).ok());
  Received received;
  client::PushConsumer consumer("RetryCG", PushOptionsFor(cluster, "retry"));
  REQUIRE(consumer.Subscribe("RetryTopic", "*").ok());
  consumer.RegisterMessageListener([&](const std::vector<MessageExt>& msgs) {
    for (const MessageExt& m : msgs) received.Add(m);
    return msgs[0].body() == "bad" ? ConsumeConcurrentlyStatus::kReconsumeLater
                                   : ConsumeConcurrentlyStatus::kConsumeSuccess;
  });
  REQUIRE(consumer.Start().ok());
  REQUIRE(received.WaitForCount(2, absl::Seconds(10)));

  // CONSUMER_SEND_MSG_BACK with delay level 0: the broker stores it for %RETRY%RetryCG at delay level 3, which
  // the store parks in SCHEDULE_TOPIC_XXXX queue 2 until it is due.
  client::PullConsumerOptions pull_options;
  pull_options.client = cluster.ClientConfigFor();
  client::PullConsumer inspector("InspectCG", pull_options);
  REQUIRE(inspector.Start().ok());
  REQUIRE(inspector.FetchSubscribeMessageQueues("RetryTopic").ok());  // learns broker-a's address
  const MessageQueue schedule{"SCHEDULE_TOPIC_XXXX", "broker-a", 2};
  std::vector<MessageExt> parked;
  REQUIRE(Eventually(
      [&] {
        absl::StatusOr<client::PullResult> r = inspector.Pull(schedule, "*", 0, 32);
        if (!r.ok() || r->messages.empty()) return false;
        parked = r->messages;
        return true;
      },
      absl::Seconds(5)));
  REQUIRE(parked.size() == 1);
  CHECK(parked[0].body() == "bad");
  CHECK(parked[0].GetProperty("REAL_TOPIC") == "%RETRY%RetryCG");
  CHECK(parked[0].reconsume_times == 1);
}

TEST_CASE("PushConsumer: a RECONSUME_LATER message is delivered again, through the retry topic, once due",
          "[push]") {
  // Level 3 (a first retry's) is 1 s here instead of 10 s.
  Cluster cluster(store::FlushDiskType::kAsyncFlush, absl::Seconds(5),
                  [](broker::BrokerConfig* c) { c->store.message_delay_level = "1s 1s 1s 1s"; });
  cluster.CreateTopic("RedeliverTopic", 1);
  client::Producer producer("PG", ProducerOptionsFor(cluster));
  REQUIRE(producer.Start().ok());
  Message sent("RedeliverTopic", "TagR", "retry me");
  sent.SetKeys("k-retry");
  REQUIRE(producer.Send(sent).ok());

  Received received;
  client::PushConsumer consumer("RedeliverCG", PushOptionsFor(cluster, "redeliver"));
  REQUIRE(consumer.Subscribe("RedeliverTopic", "*").ok());
  consumer.RegisterMessageListener([&](const std::vector<MessageExt>& msgs) {
    for (const MessageExt& m : msgs) received.Add(m);
    return msgs[0].reconsume_times == 0 ? ConsumeConcurrentlyStatus::kReconsumeLater
                                        : ConsumeConcurrentlyStatus::kConsumeSuccess;
  });
  REQUIRE(consumer.Start().ok());
  // The first delivery, the send-back, 1 s in SCHEDULE_TOPIC_XXXX, the schedule service's re-put into
  // %RETRY%RedeliverCG and the pull from there: an upper bound, not a speed.
  REQUIRE(received.WaitForCount(2, absl::Seconds(20)));
  const std::vector<MessageExt> got = received.msgs();
  CHECK(got[0].reconsume_times == 0);
  CHECK(got[1].body() == "retry me");
  CHECK(got[1].reconsume_times == 1);
  CHECK(got[1].topic() == "RedeliverTopic");  // RETRY_TOPIC restored, as Java's client shows it
  CHECK(got[1].tags() == "TagR");
  CHECK(got[1].keys() == "k-retry");
  CHECK(got[1].GetProperty("RETRY_TOPIC") == "RedeliverTopic");
  // Consumed once more, and no further delivery: the retry was acknowledged.
  CHECK_FALSE(received.WaitForCount(3, absl::Seconds(2)));
}

TEST_CASE("PushConsumer: start without listener or subscription is refused, shutdown is idempotent", "[push]") {
  Cluster cluster;
  client::PushConsumer no_listener("G1", PushOptionsFor(cluster, "x1"));
  REQUIRE(no_listener.Subscribe("T", "*").ok());
  CHECK(absl::IsFailedPrecondition(no_listener.Start()));
  client::PushConsumer no_topic("G2", PushOptionsFor(cluster, "x2"));
  Received r;
  no_topic.RegisterMessageListener(Collect(&r));
  CHECK(absl::IsFailedPrecondition(no_topic.Start()));
  CHECK(absl::IsInvalidArgument(no_topic.Subscribe("bad topic", "*")));
  no_topic.Shutdown();
  no_topic.Shutdown();
}

}  // namespace
}  // namespace spool::e2e
