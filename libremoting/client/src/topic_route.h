// File: topic_route.h
// What producers and consumers derive from a TopicRouteData: the queues to send to (TopicPublishInfo, Java's
// MQClientInstance.topicRouteData2TopicPublishInfo) and the queues to pull from (topicRouteData2TopicSubscribeInfo).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "spool/client/message_queue.h"
#include "spool/protocol/topic_route_data.h"

namespace spool::client::internal {

struct TopicPublishInfo {
  // orderTopicConf was set: queues come from it, not from queueDatas.
  bool order_topic = false;
  std::vector<MessageQueue> queues;
  protocol::TopicRouteData route;

  bool ok() const { return !queues.empty(); }
};

// Writable queues of brokers that have a master, brokers in name order (or orderTopicConf's list).
TopicPublishInfo PublishInfoFromRoute(const std::string& topic, const protocol::TopicRouteData& route);

// Readable queues, sorted.
std::vector<MessageQueue> SubscribeQueuesFromRoute(const std::string& topic, const protocol::TopicRouteData& route);

// TBW102's route turned into the route of a topic that does not exist yet: each queue count capped at
// `default_queue_nums` (DefaultMQProducerImpl's auto-create path).
protocol::TopicRouteData RouteFromDefaultTopic(protocol::TopicRouteData default_route, int32_t default_queue_nums);

// Picks among `queues` round-robin from `counter`, avoiding `avoid_broker` when another broker has a queue.
const MessageQueue* SelectQueue(const std::vector<MessageQueue>& queues, uint32_t counter,
                                const std::string& avoid_broker);

}  // namespace spool::client::internal
