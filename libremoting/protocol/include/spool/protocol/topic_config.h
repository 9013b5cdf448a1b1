// File: spool/protocol/topic_config.h
// TopicConfig as it travels on the wire: inside a broker's registration (TopicConfigSerializeWrapper), in
// UPDATE_AND_CREATE_TOPIC and GET_ALL_TOPIC_CONFIG. Same fields as spool::store::TopicConfig (config/topics.json),
// so the broker converts field by field.
//
//   TopicConfig t{.topic_name = "TopicTest", .read_queue_nums = 4, .write_queue_nums = 4};
//   t.WriteJson(&w);   // {"order":false,"perm":6,"readQueueNums":4,"topicFilterType":"SINGLE_TAG",
//                      //  "topicName":"TopicTest","topicSysFlag":0,"writeQueueNums":4}
//   t.EncodeCompact(); // "TopicTest 4 4 6 SINGLE_TAG" (compressed registration, TopicConfig.encode)
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "spool/protocol/json_value.h"
#include "spool/protocol/json_writer.h"
#include "spool/protocol/perm.h"

namespace spool::protocol {

inline constexpr std::string_view kTopicFilterSingleTag = "SINGLE_TAG";
inline constexpr std::string_view kTopicFilterMultiTag = "MULTI_TAG";

struct TopicConfig {
  std::string topic_name;
  int32_t read_queue_nums = 16;
  int32_t write_queue_nums = 16;
  int32_t perm = kPermRead | kPermWrite;
  // "SINGLE_TAG" or "MULTI_TAG" (the TopicFilterType enum name).
  std::string topic_filter_type = std::string(kTopicFilterSingleTag);
  int32_t topic_sys_flag = 0;
  bool order = false;

  friend bool operator==(const TopicConfig& a, const TopicConfig& b) = default;

  void WriteJson(JsonWriter* w) const;
  static absl::StatusOr<TopicConfig> FromJson(const JsonValue& v, std::string_view path = "TopicConfig");

  // TopicConfig.encode: "topicName readQueueNums writeQueueNums perm topicFilterType". topicSysFlag and order are
  // not carried.
  std::string EncodeCompact() const;
  // TopicConfig.decode: exactly five space-separated fields, numbers decimal, filter type SINGLE_TAG/MULTI_TAG.
  static absl::StatusOr<TopicConfig> DecodeCompact(std::string_view text);
};

}  // namespace spool::protocol
