// File: spool/protocol/subscription_group_config.h
// SubscriptionGroupConfig, one consumer group's settings (spec broker.md §2.3): the body of
// UPDATE_AND_CREATE_SUBSCRIPTIONGROUP (200), and SubscriptionGroupWrapper, GET_ALL_SUBSCRIPTIONGROUP_CONFIG's (201)
// answer, which is SubscriptionGroupManager.encode(): the subscriptionGroup.json shape, compact.
//
//   SubscriptionGroupConfig g{.group_name = "cg", .consume_enable = false};
//   g.Encode();  // {"brokerId":0,"consumeBroadcastEnable":true,"consumeEnable":false,"consumeFromMinEnable":true,
//                //  "groupName":"cg","notifyConsumerIdsChangedEnable":true,"retryMaxTimes":16,"retryQueueNums":1,
//                //  "whichBrokerWhenConsumeSlowly":1}
//
// Decoding is fastjson-lenient (json_fields.h): missing members keep RocketMQ's defaults, unknown ones (a newer
// RocketMQ's groupSysFlag, attributes...) are ignored.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "spool/protocol/data_version.h"
#include "spool/protocol/json_value.h"
#include "spool/protocol/json_writer.h"

namespace spool::protocol {

// org.apache.rocketmq.common.subscription.SubscriptionGroupConfig (4.9.7), with its defaults.
struct SubscriptionGroupConfig {
  std::string group_name;
  bool consume_enable = true;
  bool consume_from_min_enable = true;
  bool consume_broadcast_enable = true;
  int32_t retry_queue_nums = 1;
  int32_t retry_max_times = 16;
  int64_t broker_id = 0;
  int64_t which_broker_when_consume_slowly = 1;
  bool notify_consumer_ids_changed_enable = true;

  friend bool operator==(const SubscriptionGroupConfig& a, const SubscriptionGroupConfig& b) = default;

  void WriteJson(JsonWriter* w) const;
  static absl::StatusOr<SubscriptionGroupConfig> FromJson(const JsonValue& v,
                                                          std::string_view path = "SubscriptionGroupConfig");

  std::string Encode(JsonStyle style = JsonStyle::kFastjson) const;
  static absl::StatusOr<SubscriptionGroupConfig> Decode(std::string_view json);
};

// org.apache.rocketmq.common.protocol.body.SubscriptionGroupWrapper.
struct SubscriptionGroupWrapper {
  // group -> config, written sorted (Java writes its ConcurrentHashMap's order; readers do not care).
  std::map<std::string, SubscriptionGroupConfig> subscription_group_table;
  DataVersion data_version;

  friend bool operator==(const SubscriptionGroupWrapper& a, const SubscriptionGroupWrapper& b) = default;

  void WriteJson(JsonWriter* w) const;
  // A table entry without a groupName takes its map key as the name.
  static absl::StatusOr<SubscriptionGroupWrapper> FromJson(const JsonValue& v,
                                                           std::string_view path = "SubscriptionGroupWrapper");

  std::string Encode(JsonStyle style = JsonStyle::kFastjson) const;
  static absl::StatusOr<SubscriptionGroupWrapper> Decode(std::string_view json);
};

}  // namespace spool::protocol
