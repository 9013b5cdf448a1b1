// File: spool/client/push_consumer.h
// PushConsumer: RocketMQ's DefaultMQPushConsumer. Subscribes to topics, shares their queues with the other members
// of its group (CLUSTERING: AllocateMessageQueueAveragely, re-run every 20 s and when the broker notifies a change)
// or takes all of them (BROADCASTING), long-polls each queue it owns and hands the messages to a listener:
// concurrently on a thread pool, or orderly (one at a time per queue, queue locked on the broker).
//
//   PushConsumerOptions options;
//   options.client.namesrv_addr = "127.0.0.1:9876";
//   PushConsumer consumer("CG", options);
//   SPOOL_RETURN_IF_ERROR(consumer.Subscribe("TopicTest", "TagA || TagB"));
//   consumer.RegisterMessageListener([](const std::vector<MessageExt>& msgs) {
//     ...;
//     return ConsumeConcurrentlyStatus::kConsumeSuccess;
//   });
//   SPOOL_RETURN_IF_ERROR(consumer.Start());
//   ...
//   consumer.Shutdown();   // commits offsets, unregisters, joins every thread
//
// Offsets: CLUSTERING on the broker (QUERY_CONSUMER_OFFSET when a queue is taken, UPDATE_CONSUMER_OFFSET every
// persist interval, when a queue is given up and at Shutdown, and piggy-backed on pulls); BROADCASTING in a local
// file <offset_store_dir>/<clientId>/<group>/offsets.json, as Java's LocalFileOffsetStore. At-least-once: a
// message may be delivered again after a crash or a rebalance.
//
// Threads: the consume pool (consume_thread_min threads), plus the client instance's. Listeners run on the pool
// and must not call Shutdown. Slow listeners only hold back their own queue's offsets and (through
// pull_threshold_for_queue) their own queue's pulls.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "spool/client/allocate_strategy.h"
#include "spool/client/client_config.h"
#include "spool/client/message.h"
#include "spool/client/message_queue.h"

namespace spool::client {

enum class MessageModel { kBroadcasting, kClustering };
enum class ConsumeFromWhere { kConsumeFromLastOffset, kConsumeFromFirstOffset, kConsumeFromTimestamp };

enum class ConsumeConcurrentlyStatus { kConsumeSuccess, kReconsumeLater };
enum class ConsumeOrderlyStatus { kSuccess, kSuspendCurrentQueueAMoment };

using MessageListenerConcurrently = std::function<ConsumeConcurrentlyStatus(const std::vector<MessageExt>&)>;
using MessageListenerOrderly = std::function<ConsumeOrderlyStatus(const std::vector<MessageExt>&)>;

struct PushConsumerOptions {
  ClientConfig client;
  // messageModel (CLUSTERING).
  MessageModel message_model = MessageModel::kClustering;
  // consumeFromWhere (CONSUME_FROM_LAST_OFFSET): where a group with no committed offset starts.
  ConsumeFromWhere consume_from_where = ConsumeFromWhere::kConsumeFromLastOffset;
  // consumeTimestamp for CONSUME_FROM_TIMESTAMP, ms since the epoch (0: now - 30 min).
  int64_t consume_timestamp_millis = 0;
  AllocateStrategy allocate_strategy = AllocateMessageQueueAveragely;
  // consumeThreadMin (20); consumeThreadMax is accepted by Java but its queue is unbounded, so only min matters.
  int32_t consume_thread_min = 20;
  // consumeMessageBatchMaxSize (1).
  int32_t consume_message_batch_max_size = 1;
  // pullBatchSize (32).
  int32_t pull_batch_size = 32;
  // pullThresholdForQueue (1000): a queue holding this many unconsumed messages is not pulled for 50 ms.
  int32_t pull_threshold_for_queue = 1000;
  // brokerSuspendMaxTimeMillis (15 s) and the pull call's timeout (30 s).
  absl::Duration broker_suspend_max_time = absl::Seconds(15);
  absl::Duration pull_timeout = absl::Seconds(30);
  // postSubscriptionWhenPull (false): send the subscription in every pull header.
  bool post_subscription_when_pull = false;
  // maxReconsumeTimes (-1: 16 for concurrent listeners).
  int32_t max_reconsume_times = -1;
  // suspendCurrentQueueTimeMillis (1 s): orderly pause after SUSPEND_CURRENT_QUEUE_A_MOMENT.
  absl::Duration suspend_current_queue_time = absl::Seconds(1);
  // rocketmq.client.localOffsetStoreDir (~/.rocketmq_offsets): BROADCASTING offsets.
  std::string offset_store_dir;
};

class PushConsumer {
 public:
  PushConsumer(std::string group, PushConsumerOptions options);
  ~PushConsumer();

  PushConsumer(const PushConsumer&) = delete;
  PushConsumer& operator=(const PushConsumer&) = delete;

  // Before Start. "*" or tags joined by "||".
  absl::Status Subscribe(const std::string& topic, const std::string& sub_expression);
  // Exactly one listener, before Start.
  void RegisterMessageListener(MessageListenerConcurrently listener);
  void RegisterMessageListener(MessageListenerOrderly listener);

  absl::Status Start();
  void Shutdown();

  const std::string& group() const;
  std::string client_id() const;

  // The queues this consumer currently owns (after its last rebalance).
  std::vector<MessageQueue> AssignedQueues() const;
  // Runs a rebalance now (normally timer- or notification-driven).
  void RebalanceNow();

 private:
  class Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace spool::client
