// File: spool/protocol/topic_stats_table.h
// TopicStatsTable: GET_TOPIC_STATS_INFO's answer (spec broker.md §15), the min/max offset and last store time of
// every queue of a topic on one broker. The map is keyed by a MessageQueue bean, which fastjson writes inline as an
// object used as a key; Java also accepts the key as a string holding that JSON, so Decode takes both.
//
//   TopicStatsTable t;
//   t.offset_table[{.topic = "T", .broker_name = "broker-a", .queue_id = 0}] =
//       {.min_offset = 0, .max_offset = 10, .last_update_timestamp = 1700000000000};
//   t.Encode();   // {"offsetTable":{{"brokerName":"broker-a","queueId":0,"topic":"T"}:
//                 //   {"lastUpdateTimestamp":1700000000000,"maxOffset":10,"minOffset":0}}}
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "spool/protocol/json_value.h"
#include "spool/protocol/json_writer.h"
#include "spool/protocol/message_queue.h"

namespace spool::protocol {

// org.apache.rocketmq.common.admin.TopicOffset.
struct TopicOffset {
  int64_t min_offset = 0;
  int64_t max_offset = 0;
  // Store time of the last message in the queue (ms); 0 when the queue is empty.
  int64_t last_update_timestamp = 0;

  friend bool operator==(const TopicOffset& a, const TopicOffset& b) = default;

  void WriteJson(JsonWriter* w) const;
  static absl::StatusOr<TopicOffset> FromJson(const JsonValue& v, std::string_view path = "TopicOffset");
};

struct TopicStatsTable {
  std::map<MessageQueue, TopicOffset> offset_table;

  friend bool operator==(const TopicStatsTable& a, const TopicStatsTable& b) = default;

  // kStandard writes each key as a JSON string of the queue's JSON (what Java also reads).
  std::string Encode(JsonStyle style = JsonStyle::kFastjson) const;
  static absl::StatusOr<TopicStatsTable> Decode(std::string_view json);
};

// A MessageQueue map key as fastjson writes it (an inline object, KeyKind::kStructured) or as a JSON string holding
// that object (KeyKind::kQuoted). Shared by the bean-keyed admin bodies.
absl::StatusOr<MessageQueue> MessageQueueFromMapKey(const JsonValue::Member& member, std::string_view path);

}  // namespace spool::protocol
