// File: spool/protocol/queue_data.h
// QueueData: one broker's queues of a topic in a route (TopicRouteData.queueDatas), built by the name server from
// the broker's TopicConfig.
//
//   QueueData qd{.broker_name = "broker-a", .read_queue_nums = 4, .write_queue_nums = 4, .perm = 6};
//   // {"brokerName":"broker-a","perm":6,"readQueueNums":4,"topicSysFlag":0,"writeQueueNums":4}
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "spool/protocol/json_value.h"
#include "spool/protocol/json_writer.h"

namespace spool::protocol {

struct QueueData {
  std::string broker_name;
  int32_t read_queue_nums = 0;
  int32_t write_queue_nums = 0;
  int32_t perm = 0;
  int32_t topic_sys_flag = 0;

  friend bool operator==(const QueueData& a, const QueueData& b) = default;

  void WriteJson(JsonWriter* w) const;
  // Also reads `topicSynFlag`, the property's name before RocketMQ 4.x renamed it (rocketmq-client-go still uses it).
  static absl::StatusOr<QueueData> FromJson(const JsonValue& v, std::string_view path = "QueueData");
};

}  // namespace spool::protocol
