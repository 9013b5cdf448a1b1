// File: spool/client/client_config.h
// ClientConfig: what every producer and consumer shares with its client instance (RocketMQ's ClientConfig). Two
// producers/consumers with the same client id (clientIP@instanceName) share one instance: one set of connections,
// one route cache, one heartbeat.
//
//   ClientConfig config;
//   config.namesrv_addr = "127.0.0.1:9876;127.0.0.1:9877";
//   Producer producer("PG", config);
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "spool/remoting/language_code.h"
#include "spool/remoting/version.h"

namespace spool::client {

// The instance name that producers and clustering consumers replace by "<pid>#<nanos>", as Java does, so that
// each of them gets its own client instance unless the user names one.
inline constexpr char kDefaultInstanceName[] = "DEFAULT";

struct ClientConfig {
  // namesrvAddr: "host:port" list separated by ';'. Required.
  std::string namesrv_addr;
  // instanceName (DEFAULT).
  std::string instance_name = kDefaultInstanceName;
  // clientIP: empty picks the first non-loopback IPv4 address of the host, else 127.0.0.1.
  std::string client_ip;
  // unitName: appended to the client id when set.
  std::string unit_name;
  // pollNameServerInterval (30 s): route refresh for every topic in use.
  absl::Duration poll_name_server_interval = absl::Seconds(30);
  // heartbeatBrokerInterval (30 s).
  absl::Duration heartbeat_broker_interval = absl::Seconds(30);
  // persistConsumerOffsetInterval (5 s).
  absl::Duration persist_consumer_offset_interval = absl::Seconds(5);
  // rocketmq.client.rebalance.waitInterval (20 s).
  absl::Duration rebalance_interval = absl::Seconds(20);
  // mqClientApiTimeout (3 s): name server, heartbeat and other management calls.
  absl::Duration api_timeout = absl::Seconds(3);
  // The language and version stamped on requests.
  remoting::LanguageCode language = remoting::LanguageCode::kCpp;
  int32_t version = remoting::mq_version::kV4_9_7;
};

// The name server addresses of `namesrv_addr`, trimmed, empty items dropped. kInvalidArgument when none is left.
absl::StatusOr<std::vector<std::string>> ParseNamesrvAddr(const std::string& namesrv_addr);

// The IP this host reports as its own (ClientConfig.client_ip when set).
std::string ResolveClientIp(const ClientConfig& config);

// clientIP@instanceName[@unitName].
std::string BuildClientId(const ClientConfig& config);

// "<pid>#<nanoseconds>": what Java's changeInstanceNameToPID() puts in place of DEFAULT.
std::string UniqueInstanceName();

}  // namespace spool::client
