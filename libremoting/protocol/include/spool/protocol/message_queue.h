// File: spool/protocol/message_queue.h
// MessageQueue: one queue of a topic on one broker ({"brokerName":"broker-a","queueId":0,"topic":"T"}), as the
// lock bodies and admin stats carry it. Ordered (topic, brokerName, queueId) so it can key maps and sets.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "spool/protocol/json_value.h"
#include "spool/protocol/json_writer.h"

namespace spool::protocol {

struct MessageQueue {
  std::string topic;
  std::string broker_name;
  int32_t queue_id = 0;

  friend auto operator<=>(const MessageQueue& a, const MessageQueue& b) = default;
  friend bool operator==(const MessageQueue& a, const MessageQueue& b) = default;

  void WriteJson(JsonWriter* w) const;
  // Compact fastjson text, e.g. for a structured map key.
  std::string ToJson() const;
  static absl::StatusOr<MessageQueue> FromJson(const JsonValue& v, std::string_view path = "MessageQueue");
};

}  // namespace spool::protocol
