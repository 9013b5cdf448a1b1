#include "topic_route.h"

#include <algorithm>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "spool/protocol/perm.h"

namespace spool::client::internal {

namespace {

bool HasMaster(const protocol::TopicRouteData& route, const std::string& broker_name) {
  for (const auto& bd : route.broker_datas) {
    if (bd.broker_name == broker_name) return bd.MasterAddr().has_value();
  }
  return false;
}

}  // namespace

TopicPublishInfo PublishInfoFromRoute(const std::string& topic, const protocol::TopicRouteData& route) {
  TopicPublishInfo info;
  info.route = route;
  if (route.order_topic_conf.has_value() && !route.order_topic_conf->empty()) {
    info.order_topic = true;
    for (absl::string_view item : absl::StrSplit(*route.order_topic_conf, ';', absl::SkipEmpty())) {
      std::vector<std::string> parts = absl::StrSplit(item, ':');
      int32_t nums = 0;
      if (parts.size() != 2 || !absl::SimpleAtoi(parts[1], &nums)) continue;
      for (int32_t i = 0; i < nums; ++i) info.queues.push_back(MessageQueue{topic, parts[0], i});
    }
    return info;
  }
  std::vector<protocol::QueueData> qds = route.queue_datas;
  std::sort(qds.begin(), qds.end(),
            [](const protocol::QueueData& a, const protocol::QueueData& b) { return a.broker_name < b.broker_name; });
  for (const auto& qd : qds) {
    if (!protocol::IsWriteable(qd.perm) || !HasMaster(route, qd.broker_name)) continue;
    for (int32_t i = 0; i < qd.write_queue_nums; ++i) info.queues.push_back(MessageQueue{topic, qd.broker_name, i});
  }
  return info;
}

std::vector<MessageQueue> SubscribeQueuesFromRoute(const std::string& topic, const protocol::TopicRouteData& route) {
  std::vector<MessageQueue> out;
  for (const auto& qd : route.queue_datas) {
    if (!protocol::IsReadable(qd.perm)) continue;
    for (int32_t i = 0; i < qd.read_queue_nums; ++i) out.push_back(MessageQueue{topic, qd.broker_name, i});
  }
  std::sort(out.begin(), out.end());
  return out;
}

protocol::TopicRouteData RouteFromDefaultTopic(protocol::TopicRouteData default_route, int32_t default_queue_nums) {
  for (auto& qd : default_route.queue_datas) {
    const int32_t nums = std::min(default_queue_nums, qd.read_queue_nums);
    qd.read_queue_nums = nums;
    qd.write_queue_nums = nums;
  }
  return default_route;
}

const MessageQueue* SelectQueue(const std::vector<MessageQueue>& queues, uint32_t counter,
                                const std::string& avoid_broker) {
  if (queues.empty()) return nullptr;
  if (!avoid_broker.empty()) {
    for (size_t i = 0; i < queues.size(); ++i) {
      const MessageQueue& mq = queues[(counter + i) % queues.size()];
      if (mq.broker_name != avoid_broker) return &mq;
    }
  }
  return &queues[counter % queues.size()];
}

}  // namespace spool::client::internal
