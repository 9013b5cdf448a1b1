// File: spool/protocol/broker_data.h
// BrokerData: the addresses of one broker name (a master and its slaves) in a route or cluster listing.
//
//   BrokerData bd{.cluster = "DefaultCluster", .broker_name = "broker-a", .broker_addrs = {{0, "10.0.0.1:10911"}}};
//   // fastjson: {"brokerAddrs":{0:"10.0.0.1:10911"},"brokerName":"broker-a","cluster":"DefaultCluster"}
//   // standard: {"brokerAddrs":{"0":"10.0.0.1:10911"},...}
//
// brokerAddrs is a Java HashMap<Long, String>; for the small ids brokers use its iteration order is ascending, which
// is the order std::map keeps, so the bytes match Java's in both styles.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "spool/protocol/json_value.h"
#include "spool/protocol/json_writer.h"

namespace spool::protocol {

// MixAll.MASTER_ID: brokerId 0 is the master; slaves have ids >= 1.
inline constexpr int64_t kMasterId = 0;

struct BrokerData {
  std::string cluster;
  std::string broker_name;
  // brokerId -> "ip:port".
  std::map<int64_t, std::string> broker_addrs;

  friend bool operator==(const BrokerData& a, const BrokerData& b) = default;

  // The master's address, if the master is registered.
  std::optional<std::string> MasterAddr() const;

  void WriteJson(JsonWriter* w) const;
  static absl::StatusOr<BrokerData> FromJson(const JsonValue& v, std::string_view path = "BrokerData");
};

}  // namespace spool::protocol
