// File: spool/protocol/topic_config_serialize_wrapper.h
// TopicConfigSerializeWrapper: a broker's topic table with its data version, the heart of a registration
// (RegisterBrokerBody) and of GET_ALL_TOPIC_CONFIG's answer.
//
//   // {"dataVersion":{"counter":5,"timestamp":1700000000000},
//   //  "topicConfigTable":{"TopicTest":{"order":false,"perm":6,...,"writeQueueNums":4}}}
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "spool/protocol/data_version.h"
#include "spool/protocol/json_value.h"
#include "spool/protocol/json_writer.h"
#include "spool/protocol/topic_config.h"

namespace spool::protocol {

struct TopicConfigSerializeWrapper {
  // topic -> config. Written sorted (Java writes its ConcurrentHashMap's order; readers do not care).
  std::map<std::string, TopicConfig> topic_config_table;
  DataVersion data_version;

  friend bool operator==(const TopicConfigSerializeWrapper& a, const TopicConfigSerializeWrapper& b) = default;

  void WriteJson(JsonWriter* w) const;
  // A table entry without a topicName takes its map key as the name.
  static absl::StatusOr<TopicConfigSerializeWrapper> FromJson(const JsonValue& v,
                                                              std::string_view path = "TopicConfigSerializeWrapper");

  std::string Encode(JsonStyle style = JsonStyle::kFastjson) const;
  static absl::StatusOr<TopicConfigSerializeWrapper> Decode(std::string_view json);
};

}  // namespace spool::protocol
