// File: spool/protocol/cluster_info.h
// ClusterInfo: the GET_BROKER_CLUSTER_INFO answer, every broker name with its addresses and every cluster with
// its broker names (spec namesrv.md §7). A 4.9.7 name server always writes it in fastjson's default style
// (broker ids unquoted), whatever the request version.
//
//   // {"brokerAddrTable":{"broker-a":{"brokerAddrs":{0:"10.0.0.1:10911"},"brokerName":"broker-a",
//   //   "cluster":"DefaultCluster"}},"clusterAddrTable":{"DefaultCluster":["broker-a"]}}
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "spool/protocol/broker_data.h"
#include "spool/protocol/json_value.h"
#include "spool/protocol/json_writer.h"

namespace spool::protocol {

struct ClusterInfo {
  // brokerName -> its BrokerData.
  std::map<std::string, BrokerData> broker_addr_table;
  // clusterName -> broker names.
  std::map<std::string, std::set<std::string>> cluster_addr_table;

  friend bool operator==(const ClusterInfo& a, const ClusterInfo& b) = default;

  void WriteJson(JsonWriter* w) const;
  static absl::StatusOr<ClusterInfo> FromJson(const JsonValue& v, std::string_view path = "ClusterInfo");

  std::string Encode(JsonStyle style = JsonStyle::kFastjson) const;
  static absl::StatusOr<ClusterInfo> Decode(std::string_view json);
};

}  // namespace spool::protocol
