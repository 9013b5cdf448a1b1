// File: spool/protocol/topic_list.h
// TopicList: the body of the name server's topic-list answers (GET_ALL_TOPIC_LIST_FROM_NAMESERVER,
// GET_TOPICS_BY_CLUSTER, GET_SYSTEM_TOPIC_LIST_FROM_NS, GET_UNIT_TOPIC_LIST, ...) and of the broker's
// GET_SYSTEM_TOPIC_LIST_FROM_BROKER.
//
//   // {"topicList":["TBW102","TopicTest"]}  or  {"brokerAddr":"10.0.0.1:10911","topicList":[...]}
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "spool/protocol/json_value.h"
#include "spool/protocol/json_writer.h"

namespace spool::protocol {

struct TopicList {
  // A Java Set: no duplicates; written sorted.
  std::set<std::string> topic_list;
  // Written only when set.
  std::optional<std::string> broker_addr;

  friend bool operator==(const TopicList& a, const TopicList& b) = default;

  void WriteJson(JsonWriter* w) const;
  static absl::StatusOr<TopicList> FromJson(const JsonValue& v, std::string_view path = "TopicList");

  std::string Encode(JsonStyle style = JsonStyle::kFastjson) const;
  static absl::StatusOr<TopicList> Decode(std::string_view json);
};

}  // namespace spool::protocol
