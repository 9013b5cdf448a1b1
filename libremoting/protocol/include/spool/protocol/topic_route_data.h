// File: spool/protocol/topic_route_data.h
// TopicRouteData: the GET_ROUTEINFO_BY_TOPIC answer, which brokers serve a topic and with how many queues (spec
// namesrv.md §6).
//
//   std::string body = route.Encode(RouteJsonStyle(request.version(), accept_standard_json_only));
//   // kFastjson: {"brokerDatas":[{"brokerAddrs":{0:"10.0.0.1:10911"},"brokerName":"broker-a",
//   //             "cluster":"DefaultCluster"}],"filterServerTable":{},"queueDatas":[{"brokerName":"broker-a",
//   //             "perm":6,"readQueueNums":4,"topicSysFlag":0,"writeQueueNums":4}]}
//   absl::StatusOr<TopicRouteData> parsed = TopicRouteData::Decode(response.body());   // either style
//
// Lists are written in the order they are held; the name server sorts them by broker name (Java's order is hash
// order, which clients do not rely on: they sort).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "spool/protocol/broker_data.h"
#include "spool/protocol/json_value.h"
#include "spool/protocol/json_writer.h"
#include "spool/protocol/queue_data.h"

namespace spool::protocol {

struct TopicRouteData {
  // "brokerName:queueNums;..." from the KV namespace ORDER_TOPIC_CONFIG; written only when set.
  std::optional<std::string> order_topic_conf;
  std::vector<QueueData> queue_datas;
  std::vector<BrokerData> broker_datas;
  // brokerAddr -> filter server addresses (always empty in practice).
  std::map<std::string, std::vector<std::string>> filter_server_table;

  friend bool operator==(const TopicRouteData& a, const TopicRouteData& b) = default;

  void WriteJson(JsonWriter* w) const;
  static absl::StatusOr<TopicRouteData> FromJson(const JsonValue& v, std::string_view path = "TopicRouteData");

  std::string Encode(JsonStyle style = JsonStyle::kFastjson) const;
  static absl::StatusOr<TopicRouteData> Decode(std::string_view json);
};

// The style a 4.9.7 name server answers a route request in: standard JSON when the request's version is
// >= 401 (V4_9_4) or it asked for acceptStandardJsonOnly, fastjson's default otherwise (unquoted broker ids, which
// older clients such as rocketmq-client-go split by hand).
JsonStyle RouteJsonStyle(int32_t request_version, bool accept_standard_json_only);

}  // namespace spool::protocol
