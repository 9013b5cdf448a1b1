// File: spool/protocol/consume_stats.h
// ConsumeStats: GET_CONSUME_STATS's answer (spec broker.md §15), per queue the broker's max offset, the group's
// committed offset and the store time of the last consumed message, plus the group's consume TPS. Keyed by a
// MessageQueue bean like TopicStatsTable (fastjson's inline object keys; a JSON-string key is also read).
//
//   ConsumeStats s;
//   s.offset_table[{.topic = "T", .broker_name = "broker-a", .queue_id = 0}] =
//       {.broker_offset = 10, .consumer_offset = 7, .last_timestamp = 1700000000000};
//   s.Encode();   // {"consumeTps":0.0,"offsetTable":{{"brokerName":"broker-a","queueId":0,"topic":"T"}:
//                 //   {"brokerOffset":10,"consumerOffset":7,"lastTimestamp":1700000000000}}}
//
// A broker answering for several brokers' worth of queues is not a thing; mqadmin merges the answers of every
// broker of a topic with Merge().
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

// org.apache.rocketmq.common.admin.OffsetWrapper.
struct OffsetWrapper {
  int64_t broker_offset = 0;
  int64_t consumer_offset = 0;
  // Store time of the message at consumer_offset - 1 (ms); 0 when unknown.
  int64_t last_timestamp = 0;

  friend bool operator==(const OffsetWrapper& a, const OffsetWrapper& b) = default;

  void WriteJson(JsonWriter* w) const;
  static absl::StatusOr<OffsetWrapper> FromJson(const JsonValue& v, std::string_view path = "OffsetWrapper");
};

struct ConsumeStats {
  std::map<MessageQueue, OffsetWrapper> offset_table;
  double consume_tps = 0;

  friend bool operator==(const ConsumeStats& a, const ConsumeStats& b) = default;

  // ConsumeStats.computeTotalDiff: the sum of broker_offset - consumer_offset.
  int64_t ComputeTotalDiff() const;
  // Adds `other`'s queues and TPS (DefaultMQAdminExtImpl.examineConsumeStats across brokers).
  void Merge(const ConsumeStats& other);

  std::string Encode(JsonStyle style = JsonStyle::kFastjson) const;
  static absl::StatusOr<ConsumeStats> Decode(std::string_view json);
};

}  // namespace spool::protocol
